/**
 * spy.singlepanelplot / spy.multipanelplot: data objects -> vega-lite specs -> one display output
 * (interactive vega-lite + PNG + text; plot/display.ts). Selection keywords are those of `show`.
 * The chart shows as soon as they are called; the promise resolves once the PNG is in the output
 * (`await spy.singlepanelplot(data)` keeps it in exported reports).
 *
 * Axis titles name the quantity and its unit. spyts data carry no physical unit: values are in
 * arbitrary units ("a.u.") unless the `unit` option names the signal's unit (e.g. "µV"); power
 * is then in unit², amplitudes in unit, phases in rad.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean, checkOneOf, checkOptions, checkString } from "../core/keywords";
import { BaseData } from "../data/base";
import { AnalogData } from "../data/analog";
import { SpectralData } from "../data/spectral";
import { CrossSpectralData } from "../data/crossspectral";
import { crossSpectralGridSpec, crossSpectralSpec } from "./crossspectral";
import { TimeLockData } from "../data/timelock";
import { TimeLockPlotOptions, timelockPlotSpec } from "./timelock";
import { SpikePlotOptions, discretePlotSpec } from "./spikes";
import { SpikeData } from "../data/spike";
import { NDArray, isComplex } from "../core/ndarray";
import { SelectionSpec } from "../data/selection";
import { SelectionSource } from "../data/source";
import { lineSpec, multiPanelSpec, heatmapSpec, VegaLiteSpec, MAX_PANELS, Series } from "../plot/specs";
import { displaySpec } from "../plot/display";
import { multiHeatmapSpec } from "../plot/multiHeatmap";
import { BaselineType, baselineCentre, baselineNormalize, checkBaselineType, checkBaselineWindow } from "../plot/baseline";
import { warn } from "../core/warnings";

/** How values are drawn: on a linear or logarithmic axis (colour scale), or converted to decibels. */
export const PLOT_SCALES = ["linear", "log", "dB"] as const;
export type PlotScale = (typeof PLOT_SCALES)[number];

/** The spread shown around a trial average: standard deviation, standard error of the mean, none. */
export const PLOT_BANDS = ["sd", "sem", "none"] as const;
export type PlotBand = (typeof PLOT_BANDS)[number];

export interface PlotOptions extends SelectionSpec {
  /** TimeLockData: "auto", "average", "butterfly" or "image" (plotting/timelock.ts). */
  view?: TimeLockPlotOptions["view"];
  /** AnalogData: offset channels vertically (default true), with a scale bar. */
  shifted?: boolean;
  /** Spectra: logarithmic y axis (default true; Syncopy's keyword). `scale` says more. */
  logscale?: boolean;
  /**
   * Spectra: the y axis, "log" (default for power and amplitudes), "linear" or "dB" (10·log10 of
   * power, 20·log10 of amplitudes). Time-frequency maps: the colour scale ("linear" by default).
   */
  scale?: PlotScale;
  /**
   * Spectra averaged over several selected trials: a band of mean ± SD ("sd") or ± the standard
   * error of the mean ("sem") around each channel's mean (default "none").
   */
  band?: PlotBand;
  /** Time-frequency maps: the baseline window [t0, t1] in s (FieldTrip's cfg.baseline). */
  baseline?: [number, number];
  /** With `baseline`: FieldTrip's baselinetype (default "absolute"), see plot/baseline.ts. */
  baseline_type?: BaselineType;
  /** The signal's physical unit, for axis titles and the scale bar (default "a.u."). */
  unit?: string;
  title?: string;
}

const PLOT_KEYS = ["shifted", "logscale", "scale", "band", "baseline", "baseline_type", "unit", "title"] as const;

/** What the plotted values are: a label for titles, their unit, and how they may be scaled. */
export interface Quantity {
  label: string;
  unit: string;
  /** Positive values (power, amplitudes): log and dB scales apply. */
  positive: boolean;
  /** Factor of log10 for dB: 10 for power, 20 for amplitudes (0: no dB). */
  db: 0 | 10 | 20;
}

const sq = (u: string): string => `${u}²`;

/** The quantity a SpectralData holds (its freqanalysis output), complex values drawn as magnitudes. */
export function spectralQuantity(data: SpectralData, unit = "a.u."): Quantity {
  // spy.itc's result: a phase consistency in [0, 1], without a unit
  const keys = Object.keys(data.cfg);
  if (keys[keys.length - 1] === "itc") return { label: "inter-trial coherence", unit: "", positive: true, db: 0 };
  if (isComplex(data.dtype)) return { label: "magnitude", unit, positive: true, db: 20 };
  const fa = data.cfg.freqanalysis as Record<string, unknown> | undefined;
  const out = typeof fa?.output === "string" ? fa.output : "pow";
  switch (out) {
    case "pow": return { label: "power", unit: sq(unit), positive: true, db: 10 };
    case "abs": return { label: "amplitude", unit, positive: true, db: 20 };
    case "absreal": return { label: "|real part|", unit, positive: true, db: 20 };
    case "absimag": return { label: "|imaginary part|", unit, positive: true, db: 20 };
    case "real": return { label: "real part", unit, positive: false, db: 0 };
    case "imag": return { label: "imaginary part", unit, positive: false, db: 0 };
    case "angle": return { label: "phase", unit: "rad", positive: false, db: 0 };
    case "fooof": return { label: "power (FOOOF model)", unit: sq(unit), positive: true, db: 10 };
    case "fooof_aperiodic": return { label: "aperiodic power (FOOOF)", unit: sq(unit), positive: true, db: 10 };
    case "fooof_peaks": return { label: "periodic power (FOOOF)", unit: sq(unit), positive: true, db: 10 };
    default: return { label: out, unit, positive: false, db: 0 };
  }
}

/** The quantity an AnalogData holds (after preprocessing's zscore, rectify or Hilbert transform). */
export function analogQuantity(data: AnalogData, unit = "a.u."): Quantity {
  const pp = data.cfg.preprocessing as Record<string, unknown> | undefined;
  const u = pp?.zscore === true ? "z" : unit;
  if (isComplex(data.dtype)) return { label: "|analytic signal|", unit: u, positive: true, db: 20 };
  switch (pp?.hilbert) {
    case "abs": return { label: "envelope", unit: u, positive: true, db: 20 };
    case "angle": return { label: "phase", unit: "rad", positive: false, db: 0 };
    case "real": return { label: "analytic signal, real part", unit: u, positive: false, db: 0 };
    case "imag": return { label: "analytic signal, imaginary part", unit: u, positive: false, db: 0 };
    case "absreal": return { label: "analytic signal, |real part|", unit: u, positive: true, db: 20 };
    case "absimag": return { label: "analytic signal, |imaginary part|", unit: u, positive: true, db: 20 };
    default: break;
  }
  if (pp?.rectify === true) return { label: "rectified signal", unit: u, positive: true, db: 20 };
  return { label: pp?.zscore === true ? "z-scored signal" : "signal", unit: u, positive: false, db: 0 };
}

/** "power (a.u.²)", "power (dB re 1 a.u.²)". */
export function axisTitle(q: Quantity, scale: PlotScale = "linear"): string {
  if (q.unit === "") return q.label;
  return scale === "dB" ? `${q.label} (dB re 1 ${q.unit})` : `${q.label} (${q.unit})`;
}

/** The plot options, checked: the selection keywords of the data's class plus PLOT_KEYS. */
function checkPlotOptions(data: unknown, opts: unknown, where: string): PlotOptions {
  if (!(data instanceof AnalogData) && !(data instanceof SpectralData) && !(data instanceof CrossSpectralData)) {
    throw new SPYTypeError("data", (data as BaseData)?.className ?? data, "an AnalogData, SpectralData or CrossSpectralData object");
  }
  const o = checkOptions(opts, where, [...data.selectionKeywords, ...PLOT_KEYS]) as PlotOptions;
  if (o.shifted !== undefined) checkBoolean(o.shifted, "shifted");
  if (o.logscale !== undefined) checkBoolean(o.logscale, "logscale");
  if (o.scale !== undefined) checkOneOf(o.scale, "scale", PLOT_SCALES);
  if (o.band !== undefined) checkOneOf(o.band, "band", PLOT_BANDS);
  if (o.baseline !== undefined) checkBaselineWindow(o.baseline);
  if (o.baseline_type !== undefined) checkBaselineType(o.baseline_type);
  if (o.unit !== undefined) checkString(o.unit, "unit");
  if (o.title !== undefined) checkString(o.title, "title", "a string", true);
  if (o.scale !== undefined && o.logscale !== undefined) {
    throw new SPYValueError("logscale", o.logscale, "left out when scale is given (scale: \"log\", \"linear\" or \"dB\")");
  }
  if (o.baseline_type !== undefined && o.baseline === undefined) {
    throw new SPYValueError("baseline_type", o.baseline_type, "given together with baseline: [t0, t1]");
  }
  return o;
}

/** Refuse options that have no effect on this plot, naming them and where they apply. */
function refuse(opts: PlotOptions, keys: readonly (keyof PlotOptions)[], where: string): void {
  for (const k of keys) if (opts[k] !== undefined) throw new SPYValueError(k as string, opts[k], `left out: ${where}`);
}

/** Per channel, the mean over the selected trials (and tapers) of a SpectralData, with its spread. */
interface SpectralStats {
  /** Channel-major means, [nTime * nFreq] each (time-major). */
  mean: Float64Array[];
  /** Sample standard deviations over trials (N − 1), when asked for and there are >= 2 trials. */
  sd?: Float64Array[];
  nTime: number;
  nFreq: number;
  nTrials: number;
}

/**
 * Mean (and SD over trials, N − 1) of the selected trials, each first averaged over its tapers;
 * complex values as magnitudes. Welford's update: one pass over the trials, read one at a time.
 */
export function spectralStats(data: SpectralData, sel: SelectionSource, withSd: boolean): SpectralStats {
  const shape = sel.trialShape(0);
  const [nTime, nTaper, nFreq, nChan] = shape;
  for (let i = 1; i < sel.nTrials; i++) {
    if (sel.trialShape(i)[0] !== nTime) throw new SPYValueError("trials", sel.selection.spec.trials ?? "all", "trials of equal length to average for the plot (select one trial)");
  }
  const complex = isComplex(data.dtype);
  const mean = Array.from({ length: nChan }, () => new Float64Array(nTime * nFreq));
  const m2 = withSd ? Array.from({ length: nChan }, () => new Float64Array(nTime * nFreq)) : null;
  const cur = new Float64Array(nTime * nFreq * nChan);
  for (let i = 0; i < sel.nTrials; i++) {
    const t: NDArray = sel.readTrial(i);
    cur.fill(0);
    for (let ti = 0; ti < nTime; ti++) for (let k = 0; k < nTaper; k++) for (let f = 0; f < nFreq; f++) for (let c = 0; c < nChan; c++) {
      const j = ((ti * nTaper + k) * nFreq + f) * nChan + c;
      const v = complex ? Math.hypot(t.data[2 * j], t.data[2 * j + 1]) : t.data[j];
      cur[(c * nTime + ti) * nFreq + f] += v / nTaper;
    }
    for (let c = 0; c < nChan; c++) {
      const mc = mean[c], qc = m2?.[c];
      for (let e = 0; e < nTime * nFreq; e++) {
        const v = cur[c * nTime * nFreq + e];
        const d = v - mc[e];
        mc[e] += d / (i + 1);
        if (qc) qc[e] += d * (v - mc[e]);
      }
    }
  }
  const n = sel.nTrials;
  const sd = m2 && n > 1 ? m2.map((q) => q.map((v) => Math.sqrt(Math.max(0, v) / (n - 1)))) : undefined;
  return { mean, sd, nTime, nFreq, nTrials: n };
}

/** factor·log10(v), NaN for v <= 0. */
function toDb(a: ArrayLike<number>, factor: number): Float64Array {
  return Float64Array.from(a, (v) => (v > 0 ? factor * Math.log10(v) : NaN));
}

/** The default and the checks of `scale` for a quantity; `fallback` when neither scale nor logscale is given. */
function resolveScale(opts: PlotOptions, q: Quantity, fallback: PlotScale): PlotScale {
  if (opts.scale !== undefined) {
    if (opts.scale !== "linear" && !q.positive) throw new SPYValueError("scale", opts.scale, `"linear" for ${q.label} (values of either sign)`);
    return opts.scale;
  }
  if (opts.logscale === false || !q.positive) return "linear";
  return fallback;
}

function spectralPlot(data: SpectralData, opts: PlotOptions, select: SelectionSpec, multi: boolean): VegaLiteSpec {
  const { title } = opts;
  const sel = new SelectionSource(data, data.resolve(select));
  const s = sel.selection;
  const q = spectralQuantity(data, opts.unit);
  const averaged = (data.cfg.freqanalysis as Record<string, unknown> | undefined)?.keeptrials === false;
  const wantBand = opts.band === "sd" || opts.band === "sem";
  const timeResolved = sel.trialShape(0)[0] > 1;
  if (timeResolved) refuse(opts, ["band"], "a band is drawn around spectra, not time-frequency maps");
  else refuse(opts, ["baseline", "baseline_type"], "a baseline applies to time-frequency maps (this SpectralData has no time axis)");
  if (wantBand && s.trials.length < 2) {
    throw new SPYValueError("band", opts.band, `several trials to show their spread (this plot shows ${averaged ? "a trial average (keeptrials=false)" : `trial ${s.trials[0]} only`}; select more trials of a keeptrials=true result)`);
  }
  const stats = spectralStats(data, sel, wantBand);
  const { mean, nTime, nFreq } = stats;
  const freq = s.dims.freq ? Float64Array.from(s.dims.freq, (i) => data.freq[i]) : data.freq;
  const names = s.dims.channel ? s.dims.channel.map((c) => data.channel[c]) : data.channel;
  const what = averaged ? "trial average" : s.trials.length === 1 ? `trial ${s.trials[0]}` : `mean of ${s.trials.length} trials`;

  if (timeResolved) {
    if (!multi && names.length !== 1) {
      throw new SPYValueError("channel", select.channel ?? "all", "exactly one channel for a time-frequency map (multipanelplot shows one map per channel)");
    }
    const row = sel.trialRows()[0];
    const time = Float64Array.from({ length: nTime }, (_, i) => (i + row[2]) / data.samplerate);
    const tf = timeFrequencyScale(opts, q);
    const panels = names.map((name, c) => {
      let z: Float64Array = new Float64Array(nFreq * nTime);
      for (let ti = 0; ti < nTime; ti++) for (let f = 0; f < nFreq; f++) z[f * nTime + ti] = mean[c][ti * nFreq + f];
      if (tf.baseline) z = baselineNormalize(z, time, tf.baseline, tf.type, tf.dbFactor);
      if (tf.scale === "dB") z = toDb(z, tf.dbFactor);
      return {
        x: time, y: freq, z, xTitle: "time (s)", yTitle: "frequency (Hz)", zTitle: tf.zTitle,
        logZ: tf.scale === "log", zMid: tf.zMid, title: multi ? name : undefined,
      };
    });
    const tail = tf.baseline ? `, baseline ${tf.baseline[0]} … ${tf.baseline[1]} s (${tf.type})` : "";
    if (multi) return multiHeatmapSpec({ panels, title: title ?? `${capitalise(q.label)}, ${what}${tail}` });
    return heatmapSpec({ ...panels[0], title: title ?? `${names[0]}, ${what}${tail}` });
  }

  const scale = resolveScale(opts, q, "log");
  const k = opts.band === "sem" ? 1 / Math.sqrt(stats.nTrials) : 1;
  let series: Series[] = names.map((name, c) => {
    const y = mean[c];
    if (!stats.sd) return { name, y };
    const sd = stats.sd[c];
    return { name, y, lo: y.map((m, i) => m - k * sd[i]), hi: y.map((m, i) => m + k * sd[i]) };
  });
  if (stats.sd && scale !== "linear") series = floorBands(series);
  if (scale === "dB") {
    series = series.map((sr) => ({ name: sr.name, y: toDb(sr.y, q.db), ...(sr.lo && sr.hi ? { lo: toDb(sr.lo, q.db), hi: toDb(sr.hi, q.db) } : {}) }));
  }
  const bandName = opts.band === "sem" ? "SEM" : "SD";
  const spread = stats.sd ? `, mean ± ${bandName} of ${stats.nTrials} trials` : `, ${what}`;
  const heading = title ?? `${capitalise(q.label)} spectrum${spread}`;
  const common = { x: freq, series, xTitle: "frequency (Hz)", yTitle: axisTitle(q, scale), title: heading, logY: scale === "log", bandName };
  return multi ? multiPanelSpec(common) : lineSpec(common);
}

/**
 * A band edge at or below zero cannot be drawn on a log (or dB) axis: it goes to the lowest
 * positive value in the plot (the axis' bottom), so the band reaches the bottom of the plot.
 */
function floorBands(series: Series[]): Series[] {
  let floor = Infinity;
  for (const s of series) {
    for (const a of [s.y, s.lo as ArrayLike<number>]) for (let i = 0; i < a.length; i++) if (a[i] > 0 && a[i] < floor) floor = a[i];
  }
  if (!Number.isFinite(floor)) return series;
  return series.map((s) => ({ ...s, lo: Float64Array.from(s.lo as ArrayLike<number>, (v) => (v > 0 ? v : floor)) }));
}

/** The colour scale, baseline and legend title of time-frequency maps. */
function timeFrequencyScale(opts: PlotOptions, q: Quantity): {
  scale: PlotScale; baseline?: [number, number]; type: BaselineType; dbFactor: number; zTitle: string; zMid?: number;
} {
  const dbFactor = q.db || 10;
  if (opts.baseline === undefined) {
    const scale = resolveScale({ ...opts, logscale: undefined }, q, "linear");
    return { scale, type: "absolute", dbFactor, zTitle: axisTitle(q, scale) };
  }
  const type = opts.baseline_type ?? "absolute";
  const window = opts.baseline;
  const scale: PlotScale = opts.scale ?? "linear";
  if (scale !== "linear" && type !== "relative") {
    throw new SPYValueError("scale", scale, `"linear" for baseline_type "${type}" (values of either sign; "log" and "dB" apply to "relative")`);
  }
  const L = q.label;
  let zTitle: string;
  switch (type) {
    case "absolute": zTitle = `${L} − baseline (${q.unit})`; break;
    case "relative": zTitle = scale === "dB" ? `${L} re baseline (dB)` : `${L} / baseline`; break;
    case "relchange": zTitle = `(${L} − baseline) / baseline`; break;
    case "normchange": zTitle = `(${L} − baseline) / (${L} + baseline)`; break;
    case "db": zTitle = `${L} re baseline (dB)`; break;
    case "zscore": zTitle = `${L}, z-score re baseline`; break;
  }
  // ratios (relative) centre at 1, on a linear or log scale; in dB they are signed around 0
  const zMid = type === "relative" && scale === "dB" ? 0 : baselineCentre(type);
  return { scale, baseline: window, type, dbFactor, zTitle, zMid };
}

function capitalise(s: string): string {
  return s.length ? s[0].toUpperCase() + s.slice(1) : s;
}

function analogPlot(data: AnalogData, opts: PlotOptions, select: SelectionSpec, multi: boolean): VegaLiteSpec {
  refuse(opts, ["scale", "band", "baseline", "baseline_type"], "options of spectra and time-frequency maps, not of AnalogData");
  const { shifted = true, title } = opts;
  let spec = select;
  const sel0 = data.resolve(select);
  if (sel0.trials.length > 1) {
    warn(`plotting trial ${sel0.trials[0]} only (${sel0.trials.length} trials selected)`);
    spec = { ...select, trials: sel0.trials[0] };
  }
  const sel = new SelectionSource(data, data.resolve(spec));
  const trial = sel.readTrial(0);
  const [n, C] = trial.shape;
  const complex = isComplex(data.dtype);
  const row = sel.trialRows()[0];
  const time = Float64Array.from({ length: n }, (_, i) => (i + row[2]) / data.samplerate);
  const names = sel.selection.dims.channel ? sel.selection.dims.channel.map((c) => data.channel[c]) : data.channel;
  const value = complex
    ? (i: number, c: number) => Math.hypot(trial.data[2 * (i * C + c)], trial.data[2 * (i * C + c) + 1])
    : (i: number, c: number) => trial.data[i * C + c];
  const series = names.map((name, c) => ({ name, y: Float64Array.from({ length: n }, (_, i) => value(i, c)) }));
  const q = analogQuantity(data, opts.unit);
  const heading = title ?? `AnalogData, trial ${sel.selection.trials[0]}${q.label === "signal" ? "" : `: ${q.label}`}`;
  const yTitle = axisTitle(q);
  if (multi) return multiPanelSpec({ x: time, series, xTitle: "time (s)", yTitle, title: heading });
  return lineSpec({ x: time, series, xTitle: "time (s)", yTitle, title: heading, shifted, unit: q.unit });
}

export function plotSpec(data: BaseData, options: PlotOptions, multi: boolean): VegaLiteSpec {
  // SpikeData, EventData (rasters) and spike_psth results (bars): plotting/spikes.ts
  const discrete = discretePlotSpec(data, options, multi);
  if (discrete) return discrete;
  // TimeLockData: its own views and options (plotting/timelock.ts)
  if (data instanceof TimeLockData) return timelockPlotSpec(data, options, multi);
  const opts = checkPlotOptions(data, options, multi ? "multipanelplot" : "singlepanelplot");
  const select = stripPlotKeys(opts);
  if (data instanceof CrossSpectralData) {
    refuse(opts, ["band", "baseline", "baseline_type"], "options of SpectralData plots");
    const cross = { logscale: opts.logscale, scale: opts.scale, unit: opts.unit, title: opts.title };
    return multi ? crossSpectralGridSpec(data, select, cross) : crossSpectralSpec(data, select, cross);
  }
  if (data instanceof AnalogData) return analogPlot(data, opts, select, multi);
  if (data instanceof SpectralData) return spectralPlot(data, opts, select, multi);
  throw new SPYTypeError("data", (data as BaseData)?.className ?? data, "an AnalogData or SpectralData object");
}

/**
 * One panel, every selected channel in it (Syncopy's singlepanelplot). A SpikeData: Syncopy's
 * raster of one trial or one unit (`on_yaxis`), or spyts' raster (plotting/spikes.ts).
 */
export function singlepanelplot(data: SpikeData, opts?: SpikePlotOptions): Promise<void>;
export function singlepanelplot(data: BaseData, opts?: PlotOptions): Promise<void>;
export function singlepanelplot(data: BaseData, opts: PlotOptions | SpikePlotOptions = {}): Promise<void> {
  return displaySpec(plotSpec(data, opts as PlotOptions, false));
}

/**
 * One panel per channel, at most MAX_PANELS (Syncopy stops at 25). A SpikeData: one raster per
 * trial or per unit, at most 25 (Syncopy's; plotting/spikePanels.ts).
 */
export function multipanelplot(data: SpikeData, opts?: SpikePlotOptions): Promise<void>;
export function multipanelplot(data: BaseData, opts?: PlotOptions): Promise<void>;
export function multipanelplot(data: BaseData, opts: PlotOptions | SpikePlotOptions = {}): Promise<void> {
  const discrete = discretePlotSpec(data, opts, true);
  if (discrete) return displaySpec(discrete);
  if (data instanceof TimeLockData) return displaySpec(timelockPlotSpec(data, opts as PlotOptions, true));
  const o = checkPlotOptions(data, opts, "multipanelplot");
  const n = new SelectionSource(data, data.resolve(stripPlotKeys(o))).trialShape(0).slice(-1)[0];
  // CrossSpectralData: one panel per pair, counted by crossSpectralGridSpec
  if (n > MAX_PANELS && !(data instanceof CrossSpectralData)) throw new SPYValueError("channel", o.channel ?? "all", `at most ${MAX_PANELS} channels (one panel each); select fewer`);
  return displaySpec(plotSpec(data, o, true));
}

function stripPlotKeys(opts: PlotOptions): SelectionSpec {
  const select: SelectionSpec = { ...opts };
  for (const k of PLOT_KEYS) delete select[k];
  return select;
}
