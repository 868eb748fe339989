/**
 * spy.singlepanelplot / spy.multipanelplot: data objects -> vega-lite specs -> one display output
 * (interactive vega-lite + PNG + text; plot/display.ts). Selection keywords are those of `show`.
 * The chart shows as soon as they are called; the promise resolves once the PNG is in the output
 * (`await spy.singlepanelplot(data)` keeps it in exported reports).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean, checkOptions, checkString } from "../core/keywords";
import { BaseData } from "../data/base";
import { AnalogData } from "../data/analog";
import { SpectralData } from "../data/spectral";
import { CrossSpectralData } from "../data/crossspectral";
import { crossSpectralSpec } from "./crossspectral";
import { NDArray, isComplex } from "../core/ndarray";
import { SelectionSpec } from "../data/selection";
import { SelectionSource } from "../data/source";
import { lineSpec, multiPanelSpec, heatmapSpec, VegaLiteSpec, MAX_PANELS } from "../plot/specs";
import { displaySpec } from "../plot/display";
import { multiHeatmapSpec } from "../plot/multiHeatmap";
import { warn } from "../core/warnings";

export interface PlotOptions extends SelectionSpec {
  /** AnalogData: offset channels vertically (default true). */
  shifted?: boolean;
  /** SpectralData power: logarithmic y axis (default true). */
  logscale?: boolean;
  title?: string;
}

/** Channel-major real values averaged over the selected trials (and tapers) of a SpectralData. */
function spectralAverage(data: SpectralData, sel: SelectionSource): { values: Float64Array[]; nTime: number; nFreq: number } {
  const shape = sel.trialShape(0);
  const [nTime, nTaper, nFreq, nChan] = shape;
  for (let i = 1; i < sel.nTrials; i++) {
    if (sel.trialShape(i)[0] !== nTime) throw new SPYValueError("trials", sel.selection.spec.trials ?? "all", "trials of equal length to average for the plot (select one trial)");
  }
  const complex = isComplex(data.dtype);
  const values = Array.from({ length: nChan }, () => new Float64Array(nTime * nFreq));
  for (let i = 0; i < sel.nTrials; i++) {
    const t: NDArray = sel.readTrial(i);
    for (let ti = 0; ti < nTime; ti++) for (let k = 0; k < nTaper; k++) for (let f = 0; f < nFreq; f++) for (let c = 0; c < nChan; c++) {
      const j = ((ti * nTaper + k) * nFreq + f) * nChan + c;
      const v = complex ? Math.hypot(t.data[2 * j], t.data[2 * j + 1]) : t.data[j];
      values[c][ti * nFreq + f] += v / (sel.nTrials * nTaper);
    }
  }
  return { values, nTime, nFreq };
}

function spectralQuantity(data: SpectralData): string {
  const fa = data.cfg.freqanalysis as Record<string, unknown> | undefined;
  const out = typeof fa?.output === "string" ? fa.output : "pow";
  return isComplex(data.dtype) ? "|fourier|" : out;
}

/** The plot options, checked: the selection keywords of the data's class plus shifted, logscale and title. */
function checkPlotOptions(data: unknown, opts: unknown, where: string): PlotOptions {
  if (!(data instanceof AnalogData) && !(data instanceof SpectralData) && !(data instanceof CrossSpectralData)) {
    throw new SPYTypeError("data", (data as BaseData)?.className ?? data, "an AnalogData, SpectralData or CrossSpectralData object");
  }
  const o = checkOptions(opts, where, [...data.selectionKeywords, "shifted", "logscale", "title"]) as PlotOptions;
  if (o.shifted !== undefined) checkBoolean(o.shifted, "shifted");
  if (o.logscale !== undefined) checkBoolean(o.logscale, "logscale");
  if (o.title !== undefined) checkString(o.title, "title", "a string", true);
  return o;
}

export function plotSpec(data: BaseData, options: PlotOptions, multi: boolean): VegaLiteSpec {
  const opts = checkPlotOptions(data, options, multi ? "multipanelplot" : "singlepanelplot");
  const { shifted = true, logscale = true, title, ...select } = opts;
  if (data instanceof CrossSpectralData) {
    if (multi) throw new SPYTypeError("data", data.className, "an AnalogData or SpectralData object (for CrossSpectralData use singlepanelplot)");
    return crossSpectralSpec(data, select, { logscale, title });
  }
  if (data instanceof AnalogData) {
    let spec = select;
    const sel0 = data.resolve(select);
    if (sel0.trials.length > 1) {
      warn(`plotting trial ${sel0.trials[0]} only (${sel0.trials.length} trials selected)`);
      spec = { ...select, trials: sel0.trials[0] };
    }
    const sel = new SelectionSource(data, data.resolve(spec));
    const trial = sel.readTrial(0);
    const [n, C] = trial.shape;
    const row = sel.trialRows()[0];
    const time = Float64Array.from({ length: n }, (_, i) => (i + row[2]) / data.samplerate);
    const names = sel.selection.dims.channel ? sel.selection.dims.channel.map((c) => data.channel[c]) : data.channel;
    const series = names.map((name, c) => ({ name, y: Float64Array.from({ length: n }, (_, i) => trial.data[i * C + c]) }));
    const heading = title ?? `AnalogData, trial ${sel.selection.trials[0]}`;
    if (multi) return multiPanelSpec({ x: time, series, xTitle: "time (s)", yTitle: "amplitude", title: heading });
    return lineSpec({ x: time, series, xTitle: "time (s)", yTitle: "amplitude", title: heading, shifted });
  }
  if (data instanceof SpectralData) {
    const sel = new SelectionSource(data, data.resolve(select));
    const { values, nTime, nFreq } = spectralAverage(data, sel);
    const s = sel.selection;
    const freq = s.dims.freq ? Float64Array.from(s.dims.freq, (i) => data.freq[i]) : data.freq;
    const names = s.dims.channel ? s.dims.channel.map((c) => data.channel[c]) : data.channel;
    const quantity = spectralQuantity(data);
    const logY = logscale && (quantity === "pow" || quantity === "abs" || quantity === "|fourier|");
    const averaged = (data.cfg.freqanalysis as Record<string, unknown> | undefined)?.keeptrials === false;
    const what = averaged ? "trial average" : s.trials.length === 1 ? `trial ${s.trials[0]}` : `mean of ${s.trials.length} trials`;
    if (nTime > 1) {
      if (!multi && names.length !== 1) {
        throw new SPYValueError("channel", select.channel ?? "all", "exactly one channel for a time-frequency map (multipanelplot shows one map per channel)");
      }
      const row = sel.trialRows()[0];
      const time = Float64Array.from({ length: nTime }, (_, i) => (i + row[2]) / data.samplerate);
      const panels = names.map((name, c) => {
        const z = new Float64Array(nFreq * nTime);
        for (let ti = 0; ti < nTime; ti++) for (let f = 0; f < nFreq; f++) z[f * nTime + ti] = values[c][ti * nFreq + f];
        return { x: time, y: freq, z, xTitle: "time (s)", yTitle: "frequency (Hz)", zTitle: quantity, title: multi ? name : undefined };
      });
      if (multi) return multiHeatmapSpec({ panels, title: title ?? `SpectralData (${quantity}), ${what}` });
      return heatmapSpec({ ...panels[0], title: title ?? `${names[0]}, ${what}` });
    }
    const series = names.map((name, c) => ({ name, y: values[c] }));
    const heading = title ?? `SpectralData (${quantity}), ${what}`;
    if (multi) return multiPanelSpec({ x: freq, series, xTitle: "frequency (Hz)", yTitle: quantity, title: heading, logY });
    return lineSpec({ x: freq, series, xTitle: "frequency (Hz)", yTitle: quantity, title: heading, logY });
  }
  throw new SPYTypeError("data", (data as BaseData)?.className ?? data, "an AnalogData or SpectralData object");
}

/** One panel, every selected channel in it (Syncopy's singlepanelplot). */
export function singlepanelplot(data: BaseData, opts: PlotOptions = {}): Promise<void> {
  return displaySpec(plotSpec(data, opts, false));
}

/** One panel per channel, at most 25 (Syncopy's multipanelplot). */
export function multipanelplot(data: BaseData, opts: PlotOptions = {}): Promise<void> {
  opts = checkPlotOptions(data, opts, "multipanelplot");
  const n = new SelectionSource(data, data.resolve(stripPlotKeys(opts))).trialShape(0).slice(-1)[0];
  if (n > MAX_PANELS) throw new SPYValueError("channel", opts.channel ?? "all", `at most ${MAX_PANELS} channels (one panel each); select fewer`);
  return displaySpec(plotSpec(data, opts, true));
}

function stripPlotKeys(opts: PlotOptions): SelectionSpec {
  const { shifted: _s, logscale: _l, title: _t, ...select } = opts;
  return select;
}
