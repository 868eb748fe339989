/**
 * Spike-train statistics with Elephant's definitions (elephant/statistics.py), beyond Syncopy:
 * isi, cv (= scipy.stats.variation), cv2, lv, fanofactor, firing rate (Elephant's
 * mean_firing_rate), and ISI histograms.
 *
 * Every function takes either a plain spike train (times in s, ascending) or ISIs, as Elephant
 * does, and returns a number or an array; or a SpikeData, and returns one value per train and
 * trial (a `UnitTrialTable`), a train being the spikes of one channel-unit pair (`by: "pair"`,
 * labelled `channel{c}_unit{u}` as spike_psth's channels) or of one unit over all channels
 * (`by: "unit"`, the unit's label) in one trial. `select` picks trials, channels, units and a
 * latency window (trials that do not cover it are dropped, as selectdata does).
 *
 * NaN and short trains (Elephant's rules): cv of no ISI is NaN (scipy), of one ISI 0; cv2 and lv
 * need 2 ISIs: a plain array with fewer is an error unless `with_nan: true` (NaN and a warning),
 * a SpikeData train with fewer is NaN (one warning counts them); fanofactor of no trains, or of
 * counts whose mean is 0, is NaN; NaN in the input propagates.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { maxOf, minOf } from "../core/extrema";
import { checkBoolean, checkInteger, checkNumber, checkOneOf, checkOptions } from "../core/keywords";
import { warn } from "../core/warnings";
import { SpikeData } from "../data/spike";
import { DiscreteSelection } from "../data/discrete";
import { PairIndex, TrainGrouping, checkSpikeData, keyPositions, markTrialPairs, readTrialSpikes, resolveSpikeSelection, trainsByKey } from "./spikeTrains";

// ---- one train (Elephant's functions on arrays) -----------------------------------------------

function toFloat(x: unknown, param: string): Float64Array {
  if (x instanceof Float64Array) return x;
  if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    const a = Float64Array.from(x as ArrayLike<number>);
    for (let i = 0; i < a.length; i++) if (typeof (x as ArrayLike<unknown>)[i] !== "number") throw new SPYTypeError(param, (x as ArrayLike<unknown>)[i], "numbers (spike times or intervals in s)");
    return a;
  }
  throw new SPYTypeError(param, x, "an array of numbers (spike times or intervals in s) or a SpikeData");
}

/** Inter-spike intervals of one train: np.diff(times) (Elephant's isi; a negative ISI warns: the train was not sorted). */
export function isiOf(times: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.max(0, times.length - 1));
  let negative = false;
  for (let i = 0; i < out.length; i++) {
    out[i] = times[i + 1] - times[i];
    if (out[i] < 0) negative = true;
  }
  if (negative) warn("isi: negative inter-spike intervals: the spike times are not sorted");
  return out;
}

/** scipy.stats.variation (ddof 0): std / mean; NaN for no values, NaN propagates. */
export function variation(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const m = s / n;
  let q = 0;
  for (let i = 0; i < n; i++) q += (x[i] - m) * (x[i] - m);
  return Math.sqrt(q / n) / m;
}

/** Elephant's cv2 / lv core: the terms (I_{i+1} − I_i) / (I_i + I_{i+1}); null when fewer than 2 intervals. */
function localTerms(isis: ArrayLike<number>): Float64Array | null {
  if (isis.length < 2) return null;
  const out = new Float64Array(isis.length - 1);
  for (let i = 0; i < out.length; i++) out[i] = (isis[i + 1] - isis[i]) / (isis[i] + isis[i + 1]);
  return out;
}

/** cv2 = 2 · mean |ΔI / (I_i + I_{i+1})| (Holt 1996); NaN for fewer than 2 intervals. */
export function cv2Of(isis: ArrayLike<number>): number {
  const t = localTerms(isis);
  if (!t) return NaN;
  let s = 0;
  for (let i = 0; i < t.length; i++) s += Math.abs(t[i]);
  return (2 * s) / t.length;
}

/** lv = 3 · mean (ΔI / (I_i + I_{i+1}))² (Shinomoto 2003); NaN for fewer than 2 intervals. */
export function lvOf(isis: ArrayLike<number>): number {
  const t = localTerms(isis);
  if (!t) return NaN;
  let s = 0;
  for (let i = 0; i < t.length; i++) s += t[i] * t[i];
  return (3 * s) / t.length;
}

/** var(counts) / mean(counts), ddof 0 (Elephant's fanofactor); NaN for no counts or mean 0. */
export function fanoOf(counts: ArrayLike<number>): number {
  const n = counts.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += counts[i];
  const m = s / n;
  let q = 0;
  for (let i = 0; i < n; i++) q += (counts[i] - m) * (counts[i] - m);
  return m === 0 ? NaN : q / n / m;
}

// ---- tables of SpikeData statistics -------------------------------------------------------------

/** One value per trial and train of a SpikeData statistic: `values[i * labels.length + j]` for selected trial i, train j. */
export class UnitTrialTable {
  constructor(
    /** The statistic ("cv", "firing_rate", ...). */
    readonly statistic: string,
    /** One label per train (`channel{c}_unit{u}`, or unit labels with by: "unit"). */
    readonly labels: string[],
    /** The trial index of each row. */
    readonly trials: number[],
    /** Row-major [trials, labels]. */
    readonly values: Float64Array,
  ) {}

  get shape(): [number, number] { return [this.trials.length, this.labels.length]; }

  /** The value of trial `trial` (a trial index of the data) and train `label`. */
  get(trial: number, label: string): number {
    const i = this.trials.indexOf(trial), j = this.labels.indexOf(label);
    if (i < 0) throw new SPYValueError("trial", trial, `one of the table's trials (${this.trials.slice(0, 10).join(", ")}${this.trials.length > 10 ? ", …" : ""})`);
    if (j < 0) throw new SPYValueError("label", label, `one of ${this.labels.join(", ")}`);
    return this.values[i * this.labels.length + j];
  }

  /** The values of one train over the trials. */
  column(label: string): Float64Array {
    const j = this.labels.indexOf(label);
    if (j < 0) throw new SPYValueError("label", label, `one of ${this.labels.join(", ")}`);
    return Float64Array.from(this.trials, (_, i) => this.values[i * this.labels.length + j]);
  }

  /** Per train, the mean over the trials where the value is not NaN (np.nanmean). */
  mean(): Record<string, number> {
    const out: Record<string, number> = {};
    this.labels.forEach((l) => {
      let s = 0, n = 0;
      for (const v of this.column(l)) if (!Number.isNaN(v)) { s += v; n++; }
      out[l] = n ? s / n : NaN;
    });
    return out;
  }

  /** A text table: one row per train, its mean over trials and how many trials gave a value. */
  toString(): string {
    const w = Math.max(5, ...this.labels.map((l) => l.length));
    const lines = [`${this.statistic} of ${this.trials.length} trials x ${this.labels.length} trains (mean over trials where defined)`];
    const means = this.mean();
    for (const l of this.labels) {
      const col = this.column(l);
      const n = col.filter((v) => !Number.isNaN(v)).length;
      lines.push(`  ${l.padEnd(w)}  ${fmt(means[l]).padStart(10)}  (${n} trials)`);
    }
    return lines.join("\n");
  }
}

/** One value per train (over trials): fanofactor. */
export interface UnitTable {
  statistic: string;
  labels: string[];
  values: Float64Array;
  /** The trials the value is computed over. */
  trials: number[];
}

/** ISIs per trial and train. */
export interface SpikeTrainIntervals {
  labels: string[];
  trials: number[];
  /** intervals[i][j]: the ISIs (s) of train j in selected trial i. */
  intervals: Float64Array[][];
  /** Train `label`'s ISIs of every selected trial, concatenated. */
  pooled(label: string): Float64Array;
}

/** The options of the spike train statistics on a SpikeData (isi, cv, cv2, lv, fanofactor, firing_rate): which spikes, grouped how. */
export interface SpikeStatOptions {
  /** Trials, channel, unit and latency to use (selectdata's keywords; default all). */
  select?: Record<string, unknown> | null;
  /** Trains by channel-unit pair (default "pair", spike_psth's channels) or by unit over all channels ("unit"). */
  by?: TrainGrouping;
}

const SPIKE_KEYS = ["select", "by"];

/**
 * The trains with spikes in the selected trials (a first pass over the channel and unit columns,
 * so that no per-trial work scales with every possible channel-unit pair), then per selected trial
 * their trains (empty ones included) and the trial's duration in s.
 */
function selectedTrains(data: SpikeData, sel: DiscreteSelection, index: PairIndex): { keys: number[]; trials: Iterable<{ trains: Float64Array[]; duration: number; i: number }> } {
  for (let i = 0; i < sel.trials.length; i++) markTrialPairs(index, data, sel, i);
  const keys = index.seenKeys();
  const pos = keyPositions(index, keys);
  const trl = data.trialdefinition;
  function* trials(): Generator<{ trains: Float64Array[]; duration: number; i: number }> {
    for (let i = 0; i < sel.trials.length; i++) {
      const t = readTrialSpikes(data, sel, i, trl);
      const r = trl[sel.trials[i]];
      const range = sel.stackRanges[i];
      const samples = range ? range[1] - range[0] : r[1] - r[0];
      yield { trains: trainsByKey(t, index, keys, pos), duration: samples / data.samplerate, i };
    }
  }
  return { keys, trials: trials() };
}

/** Run `fn` on every train of every selected trial; the table keeps the trains with spikes in some trial. */
function tableOf(statistic: string, data: SpikeData, options: unknown, fn: (train: Float64Array, duration: number) => number): UnitTrialTable {
  const o = checkOptions(options ?? {}, `spy.${statistic}`, SPIKE_KEYS) as SpikeStatOptions;
  const by = o.by === undefined ? "pair" : checkOneOf(o.by, "by", ["pair", "unit"] as const);
  const sel = resolveSpikeSelection(data, o.select);
  const index = new PairIndex(data, by);
  const { keys, trials } = selectedTrains(data, sel, index);
  const P = keys.length;
  const values = new Float64Array(sel.trials.length * P);
  for (const { trains, duration, i } of trials) trains.forEach((tr, j) => { values[i * P + j] = fn(tr, duration); });
  return new UnitTrialTable(statistic, keys.map((k) => index.label(k, data)), [...sel.trials], values);
}

function isSpikeData(x: unknown): x is SpikeData {
  return x instanceof SpikeData;
}

/** Warn once about the trains too short for cv2 / lv. */
function warnShort(table: UnitTrialTable, name: string): UnitTrialTable {
  const n = table.values.filter((v) => Number.isNaN(v)).length;
  if (n) warn(`${name}: ${n} of ${table.values.length} trains (trial x unit) have fewer than 3 spikes (2 intervals): NaN`);
  return table;
}

function withNan(options: unknown, name: string): boolean {
  const o = checkOptions(options ?? {}, `spy.${name}`, ["with_nan"]);
  return o.with_nan === undefined ? false : checkBoolean(o.with_nan, "with_nan");
}

// ---- the public functions -------------------------------------------------------------------------

/**
 * Inter-spike intervals. `spy.isi(times)`: np.diff of one train (Elephant's isi). `spy.isi(spikes,
 * { select, by })`: per selected trial and train (SpikeStatOptions) the ISIs in s.
 */
export function isi(times: ArrayLike<number>): Float64Array;
export function isi(spikes: SpikeData, options?: SpikeStatOptions): SpikeTrainIntervals;
export function isi(x: unknown, options?: unknown): Float64Array | SpikeTrainIntervals {
  if (!isSpikeData(x)) return isiOf(toFloat(x, "spiketrain"));
  const data = checkSpikeData(x, "spy.isi");
  const o = checkOptions(options ?? {}, "spy.isi", SPIKE_KEYS) as SpikeStatOptions;
  const by = o.by === undefined ? "pair" : checkOneOf(o.by, "by", ["pair", "unit"] as const);
  const sel = resolveSpikeSelection(data, o.select);
  const index = new PairIndex(data, by);
  const { keys, trials } = selectedTrains(data, sel, index);
  const intervals: Float64Array[][] = [];
  for (const { trains } of trials) intervals.push(trains.map(isiOf));
  const labels = keys.map((k) => index.label(k, data));
  return {
    labels, trials: [...sel.trials], intervals,
    pooled(label: string): Float64Array {
      const j = labels.indexOf(label);
      if (j < 0) throw new SPYValueError("label", label, `one of ${labels.join(", ")}`);
      const n = intervals.reduce((a, row) => a + row[j].length, 0);
      const out = new Float64Array(n);
      let at = 0;
      for (const row of intervals) { out.set(row[j], at); at += row[j].length; }
      return out;
    },
  };
}

/**
 * Coefficient of variation, scipy.stats.variation (std with ddof 0 / mean), as Elephant's cv.
 * `spy.cv(values)`: of the given values (ISIs); `spy.cv(spikes, { select, by })`: of each train's
 * ISIs per trial (NaN without an ISI, 0 with one).
 */
export function cv(values: ArrayLike<number>): number;
export function cv(spikes: SpikeData, options?: SpikeStatOptions): UnitTrialTable;
export function cv(x: unknown, options?: unknown): number | UnitTrialTable {
  if (!isSpikeData(x)) return variation(toFloat(x, "values"));
  return tableOf("cv", checkSpikeData(x, "spy.cv"), options, (tr) => variation(isiOf(tr)));
}

/**
 * CV2 (Holt et al. 1996): 2 · mean |I_{i+1} − I_i| / (I_{i+1} + I_i) over consecutive ISIs, Elephant's
 * cv2. `spy.cv2(isis, { with_nan })`: fewer than 2 ISIs is an error, or NaN with a warning when
 * `with_nan` (default false); `spy.cv2(spikes, { select, by })`: per trial and train, NaN for fewer
 * than 2 ISIs (one warning counts them).
 */
export function cv2(isis: ArrayLike<number>, options?: { with_nan?: boolean }): number;
export function cv2(spikes: SpikeData, options?: SpikeStatOptions): UnitTrialTable;
export function cv2(x: unknown, options?: unknown): number | UnitTrialTable {
  if (!isSpikeData(x)) return shortCheck(toFloat(x, "time_intervals"), withNan(options, "cv2"), cv2Of, "cv2");
  return warnShort(tableOf("cv2", checkSpikeData(x, "spy.cv2"), options, (tr) => cv2Of(isiOf(tr))), "cv2");
}

/**
 * Local variation LV (Shinomoto et al. 2003): 3 · mean ((I_{i+1} − I_i) / (I_{i+1} + I_i))², Elephant's
 * lv; the same forms and short-train rules as cv2.
 */
export function lv(isis: ArrayLike<number>, options?: { with_nan?: boolean }): number;
export function lv(spikes: SpikeData, options?: SpikeStatOptions): UnitTrialTable;
export function lv(x: unknown, options?: unknown): number | UnitTrialTable {
  if (!isSpikeData(x)) return shortCheck(toFloat(x, "time_intervals"), withNan(options, "lv"), lvOf, "lv");
  return warnShort(tableOf("lv", checkSpikeData(x, "spy.lv"), options, (tr) => lvOf(isiOf(tr))), "lv");
}

function shortCheck(isis: Float64Array, nan: boolean, fn: (x: Float64Array) => number, name: string): number {
  if (isis.length < 2) {
    if (!nan) throw new SPYValueError("time_intervals", `${isis.length} interval(s)`, "at least 2 intervals (pass with_nan: true for NaN instead)", `${name} compares consecutive intervals`);
    warn(`${name}: the input has fewer than 2 intervals; NaN since with_nan is true`);
    return NaN;
  }
  return fn(isis);
}

/**
 * Fano factor var(counts) / mean(counts) (ddof 0), Elephant's fanofactor. `spy.fanofactor(trains)`:
 * over a list of spike trains (NaN for none or a mean count of 0); `spy.fanofactor(spikes, { select,
 * by })`: per train over the selected trials, counting the spikes each trial (within a
 * select.latency window). Trials of different durations warn (Elephant: beyond 0.1 ms).
 */
export function fanofactor(trains: ArrayLike<number>[]): number;
export function fanofactor(spikes: SpikeData, options?: SpikeStatOptions): UnitTable;
export function fanofactor(x: unknown, options?: unknown): number | UnitTable {
  if (!isSpikeData(x)) {
    if (!Array.isArray(x)) throw new SPYTypeError("spiketrains", x, "a list of spike trains (arrays of times) or a SpikeData");
    return fanoOf(x.map((t, i) => toFloat(t, `spiketrains[${i}]`).length));
  }
  const data = checkSpikeData(x, "spy.fanofactor");
  const durations: number[] = [];
  const counts = tableOf("fanofactor", data, options, (tr, d) => { durations.push(d); return tr.length; });
  const spread = maxOf(durations) - minOf(durations);
  if (spread > 1e-4) warn(`fanofactor: the trials' durations differ by up to ${fmt(spread)} s: the counts compare windows of different lengths (select a latency window)`);
  const L = counts.labels.length;
  const values = Float64Array.from(counts.labels, (_, j) => fanoOf(counts.trials.map((__, i) => counts.values[i * L + j])));
  return { statistic: "fanofactor", labels: counts.labels, values, trials: counts.trials };
}

/** The options of firing_rate on one spike train (an array of times in s), Elephant's. */
export interface FiringRateOptions {
  /** Window start in s (default 0). */
  t_start?: number;
  /** Window end in s (default the last spike). */
  t_stop?: number;
}

/**
 * Mean firing rate, Elephant's mean_firing_rate. `spy.firing_rate(times, { t_start, t_stop })`: the
 * spikes with t_start <= t <= t_stop divided by t_stop − t_start (defaults 0 and the last spike, as
 * Elephant's for arrays). `spy.firing_rate(spikes, { select, by })`: per trial and train, its spikes
 * divided by the trial's duration (its samples / samplerate, or the select.latency window's), in Hz.
 */
export function firing_rate(times: ArrayLike<number>, options?: FiringRateOptions): number;
export function firing_rate(spikes: SpikeData, options?: SpikeStatOptions): UnitTrialTable;
export function firing_rate(x: unknown, options?: unknown): number | UnitTrialTable {
  if (isSpikeData(x)) return tableOf("firing_rate", checkSpikeData(x, "spy.firing_rate"), options, (tr, d) => tr.length / d);
  const t = toFloat(x, "spiketrain");
  const o = checkOptions(options ?? {}, "spy.firing_rate", ["t_start", "t_stop"]) as FiringRateOptions;
  const t0 = o.t_start === undefined ? 0 : checkNumber(o.t_start, "t_start");
  let t1 = o.t_stop;
  if (t1 === undefined) {
    if (t.length === 0) throw new SPYValueError("t_stop", undefined, "a window end in s for an empty spike train");
    t1 = t.reduce((a, b) => Math.max(a, b), -Infinity);
  } else checkNumber(t1, "t_stop");
  if (!(t1 > t0)) throw new SPYValueError("t_stop", t1, `a window end > t_start (${t0} s)`);
  let n = 0;
  for (let i = 0; i < t.length; i++) if (t[i] >= t0 && t[i] <= t1) n++;
  return n / (t1 - t0);
}

// ---- ISI histograms -------------------------------------------------------------------------

/** The options of isiHistogram: SpikeStatOptions' selection and grouping, and np.histogram's bins. */
export interface IsiHistogramOptions extends SpikeStatOptions {
  /** Number of bins (default 50) or the edges in s (ascending). */
  bins?: number | number[];
  /** [lo, hi] in s of equal bins (default [0, the largest ISI]). */
  range?: [number, number];
}

/** What isiHistogram returns: one histogram per spike train, over shared bin edges. */
export interface IsiHistogram {
  /** The trains' names (channel-unit pairs, or units with `by: "unit"`). */
  labels: string[];
  /** Bin edges in s. */
  edges: Float64Array;
  /** counts[j][b]: ISIs of train j (all selected trials) in bin b, np.histogram's. */
  counts: Float64Array[];
  /** ISIs per train (all trials). */
  total: number[];
}

/**
 * Histogram of the inter-spike intervals of every train over the selected trials (ISIs within a
 * trial only), np.histogram's bins: `bins` equal bins over `range` (default [0, max ISI]), or
 * given edges; bin b holds e_b <= I < e_{b+1}, the last also I = e_n.
 */
export function isiHistogram(spikes: SpikeData, options: IsiHistogramOptions = {}): IsiHistogram {
  const o = checkOptions(options, "spy.isiHistogram", [...SPIKE_KEYS, "bins", "range"]) as IsiHistogramOptions;
  const iv = isi(checkSpikeData(spikes, "spy.isiHistogram"), { select: o.select, by: o.by });
  const pooled = iv.labels.map((l) => iv.pooled(l));
  let edges: Float64Array;
  if (Array.isArray(o.bins)) {
    edges = toFloat(o.bins, "bins");
    if (edges.length < 2 || edges.some((e, i) => i > 0 && !(e > edges[i - 1]))) throw new SPYValueError("bins", o.bins, "at least 2 ascending bin edges in s");
  } else {
    const n = o.bins === undefined ? 50 : checkInteger(o.bins, "bins", { min: 1 });
    let lo = 0, hi = 0;
    if (o.range !== undefined) {
      if (!Array.isArray(o.range) || o.range.length !== 2) throw new SPYTypeError("range", o.range, "[lo, hi] in s");
      lo = checkNumber(o.range[0], "range[0]");
      hi = checkNumber(o.range[1], "range[1]");
      if (!(hi > lo)) throw new SPYValueError("range", o.range, "[lo, hi] with lo < hi");
    } else {
      for (const p of pooled) for (let i = 0; i < p.length; i++) hi = Math.max(hi, p[i]);
      // np.histogram widens an empty range by ±0.5
      if (hi === lo) { lo -= 0.5; hi += 0.5; }
    }
    edges = histogramEdges(lo, hi, n);
  }
  const counts = pooled.map((p) => histogram(p, edges));
  return { labels: iv.labels, edges, counts, total: pooled.map((p) => p.length) };
}

/** np.histogram's equal edges: np.linspace(lo, hi, n + 1). */
function histogramEdges(lo: number, hi: number, n: number): Float64Array {
  const out = new Float64Array(n + 1);
  const step = (hi - lo) / n;
  for (let i = 0; i <= n; i++) out[i] = i * step + lo;
  out[n] = hi;
  return out;
}

/** np.histogram counts of x over ascending edges (searchsorted right; the last edge closes the last bin). */
export function histogram(x: ArrayLike<number>, edges: Float64Array): Float64Array {
  const n = edges.length - 1;
  const out = new Float64Array(n);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(v >= edges[0] && v <= edges[n])) continue;
    if (v === edges[n]) { out[n - 1]++; continue; }
    let a = 0, z = n + 1;
    while (a < z) { const m = (a + z) >> 1; if (edges[m] <= v) a = m + 1; else z = m; }
    out[a - 1]++;
  }
  return out;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}
