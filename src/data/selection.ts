/**
 * Selections (Syncopy's Selector, reference §2.4), resolved to plain index lists.
 *
 * Accepted forms, per keyword:
 * - trials: "all" | null | int | int[] (repeats and any order kept, as in Syncopy)
 * - channel / taper / channel_i / channel_j (label axes): "all" | null | name | int | (name | int)[] | {start?, stop?, step?}
 *   (a half-open slice, like Python's range/slice); order and repeats are kept as given
 *   (`[7, 3, 3]` reads channel 7, then channel 3 twice), and a name that several positions carry
 *   (duplicate labels) selects all of them, in axis order (Syncopy's np.where)
 * - frequency: "all" | null | f (nearest bin; f must lie inside the axis) | [fmin, fmax] (closed
 *   interval inside the axis)
 * - latency: "all" | null | [t0, t1] (s) | "maxperiod" | "minperiod" | "prestim" | "poststim";
 *   trials that do not cover the whole window are dropped.
 * Anything that selects nothing is an error, never an empty result.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkKeywords, isPlainObject } from "../core/keywords";
import { nearestIndex } from "../math/nearest";
import { TrialDefinition, trialIntervals, trialTime } from "./trialdefinition";
import { maxOf, minOf } from "../core/extrema";

export type LabelSelector = "all" | null | undefined | string | number | (string | number)[] | SliceSpec;
export interface SliceSpec { start?: number; stop?: number; step?: number }
export type LatencySelector = "all" | null | undefined | [number, number] | "maxperiod" | "minperiod" | "prestim" | "poststim";

/**
 * A selection (Syncopy's `select` keywords): which trials and which part of each axis. Absent,
 * null or "all" keeps everything; a class accepts only the keys of its axes (`selectionKeywords`).
 */
export interface SelectionSpec {
  /** Trial indices (0-based), one or a list; repeats and any order allowed. */
  trials?: "all" | null | number | number[];
  /** Channels by name or index, a list of them, or a slice {start, stop, step}. */
  channel?: LabelSelector;
  /** CrossSpectralData rows, as `channel`. */
  channel_i?: LabelSelector;
  /** CrossSpectralData columns, as `channel`. */
  channel_j?: LabelSelector;
  /** SpectralData tapers by name or index, as `channel`. */
  taper?: LabelSelector;
  /** One frequency in Hz (its nearest bin) or a range [f0, f1] in Hz. */
  frequency?: "all" | null | number | [number, number];
  /** A time window [t0, t1] in s, or "maxperiod", "minperiod", "prestim", "poststim". */
  latency?: LatencySelector;
  [key: string]: unknown;
}

/** What a data class tells the selector about itself. */
export interface SelectableInfo {
  className: string;
  dimord: string[];
  selectionKeywords: string[];
  trialdefinition: TrialDefinition;
  samplerate: number;
  /** Labels (channel, taper) or values (freq) along a non-stacking axis. */
  axisValues(dim: string): string[] | Float64Array;
}

export interface ResolvedSelection {
  /** Original trial indices, in the order asked for. */
  trials: number[];
  /** Per selected trial: [first, stop) along the stacking axis, or null for the whole trial. */
  stackRanges: ([number, number] | null)[];
  /** Per non-stacking dimension name: positions to keep, or null for all. */
  dims: Record<string, number[] | null>;
  /** The selection as given, JSON-serialisable, for cfg and logs. */
  spec: SelectionSpec;
}

const KEY_TO_DIM: Record<string, string> = { channel: "channel", taper: "taper", frequency: "freq", channel_i: "channel_i", channel_j: "channel_j" };

export function resolveSelection(info: SelectableInfo, spec: SelectionSpec | "all" | null | undefined): ResolvedSelection {
  const trl = info.trialdefinition;
  const nTrials = trl.length;
  const sel: SelectionSpec = spec === "all" || spec == null ? {} : spec;
  if (typeof sel === "string") throw new SPYValueError("select", spec, `a dict with keys from ${JSON.stringify(info.selectionKeywords)}, "all" or null`);
  if (!isPlainObject(sel)) throw new SPYTypeError("select", spec, `a dict with keys from ${JSON.stringify(info.selectionKeywords)}, "all" or null`);
  checkKeywords(sel, info.selectionKeywords, `${info.className} selections (select)`);

  let trials = resolveTrials(sel.trials, nTrials);

  const dims: Record<string, number[] | null> = {};
  for (const [key, dim] of Object.entries(KEY_TO_DIM)) {
    if (!info.dimord.includes(dim)) continue;
    const value = sel[key];
    dims[dim] = dim === "freq"
      ? resolveFrequency(value as SelectionSpec["frequency"], info.axisValues(dim) as Float64Array)
      : resolveLabels(key, value as LabelSelector, info.axisValues(dim) as string[]);
  }

  let stackRanges: ([number, number] | null)[] = trials.map(() => null);
  if (sel.latency !== undefined && sel.latency !== null && sel.latency !== "all") {
    const window = latencyWindow(sel.latency, trl, info.samplerate);
    const intervals = trialIntervals(trl, info.samplerate);
    const eps = 1e-9 / info.samplerate;
    const kept: number[] = [];
    const ranges: [number, number][] = [];
    for (const k of trials) {
      const [t0, t1] = intervals[k];
      if (t0 > window[0] + eps || t1 < window[1] - eps) continue; // does not cover the window
      const time = trialTime(trl[k], info.samplerate);
      let i0 = 0;
      while (i0 < time.length && time[i0] < window[0] - eps) i0++;
      let i1 = i0;
      while (i1 < time.length && time[i1] <= window[1] + eps) i1++;
      if (i1 > i0) {
        kept.push(k);
        ranges.push([i0, i1]);
      }
    }
    if (kept.length === 0) {
      throw new SPYValueError("latency", sel.latency, "a window that at least one selected trial covers completely",
        `trial intervals span ${fmtInterval(intervals)}`);
    }
    trials = kept;
    stackRanges = ranges;
  }
  return { trials, stackRanges, dims, spec: JSON.parse(JSON.stringify(sel)) };
}

function resolveTrials(value: SelectionSpec["trials"], nTrials: number): number[] {
  if (value === undefined || value === null || value === "all") return Array.from({ length: nTrials }, (_, i) => i);
  const list = typeof value === "number" ? [value] : value;
  if (typeof list === "string") throw new SPYValueError("trials", value, `"all", a trial index or a list of trial indices`);
  if (!Array.isArray(list)) throw new SPYTypeError("trials", value, `"all", a trial index or a list of trial indices`);
  if (list.length === 0) throw new SPYValueError("trials", value, "at least one trial index");
  for (const k of list) {
    // a list of the wrong element type: SPYValueError, as Syncopy's array_parser ("expected dtype = numeric")
    if (typeof k !== "number") throw new SPYValueError("trials", value, "integer trial indices");
    if (!Number.isInteger(k) || k < 0 || k >= nTrials) {
      throw new SPYValueError("trials", value, `integer trial indices in [0, ${nTrials - 1}]`);
    }
  }
  return [...list];
}

/** One label axis of a selection: positions in `labels`, or null for all (also used by DiscreteData for `unit`). */
export function resolveLabels(key: string, value: LabelSelector, labels: string[]): number[] | null {
  if (value === undefined || value === null || value === "all") return null;
  const n = labels.length;
  let picks: number[];
  if (typeof value === "object" && !Array.isArray(value)) {
    if (!isPlainObject(value)) throw new SPYTypeError(key, value, "a label, an index, a list of them, \"all\" or a slice {start, stop, step}");
    // a slice: {a: 1} must not read as the whole axis
    checkKeywords(value as Record<string, unknown>, ["start", "stop", "step"], `the slice given as ${key}`);
    const { start = 0, stop = n, step = 1 } = value as SliceSpec;
    if (![start, stop, step].every((v) => typeof v === "number")) throw new SPYTypeError(key, value, "a slice {start, stop, step} of integers");
    if (![start, stop, step].every(Number.isInteger) || step < 1 || start < 0 || stop > n || start >= stop) {
      throw new SPYValueError(key, value, `a slice {start, stop, step} with 0 <= start < stop <= ${n} and step >= 1`);
    }
    picks = [];
    for (let i = start; i < stop; i += step) picks.push(i);
  } else {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) throw new SPYValueError(key, value, "at least one label or index");
    picks = [];
    for (const v of list) {
      if (typeof v === "string") {
        let found = false;
        labels.forEach((l, i) => { if (l === v) { picks.push(i); found = true; } });
        if (!found) throw new SPYValueError(key, v, `one of the existing labels (${abbreviate(labels)})`);
        continue;
      }
      if (typeof v !== "number") throw new SPYTypeError(key, v, "a label (string) or an index (integer)");
      if (!Number.isInteger(v) || v < 0 || v >= n) throw new SPYValueError(key, v, `an index in [0, ${n - 1}] or a label`);
      picks.push(v);
    }
  }
  return picks;
}

function resolveFrequency(value: SelectionSpec["frequency"], freq: Float64Array): number[] | null {
  if (value === undefined || value === null || value === "all") return null;
  const n = freq.length;
  let fmin = Infinity, fmax = -Infinity;
  for (let i = 0; i < n; i++) { fmin = Math.min(fmin, freq[i]); fmax = Math.max(fmax, freq[i]); }
  const tol = 1e-9 * Math.max(1, Math.abs(fmin), Math.abs(fmax));
  if (typeof value === "number") {
    // Syncopy: a single frequency must lie inside the axis; then the nearest bin
    if (!Number.isFinite(value) || value < fmin - tol || value > fmax + tol) {
      throw new SPYValueError("frequency", value, `a frequency inside the frequency axis [${fmin}, ${fmax}] Hz`);
    }
    return [nearestIndex(freq, value)];
  }
  if (typeof value !== "string" && (!Array.isArray(value) || !value.every((v) => typeof v === "number"))) {
    throw new SPYTypeError("frequency", value, `a frequency in Hz, [fmin, fmax] or "all"`);
  }
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => Number.isFinite(v))) {
    throw new SPYValueError("frequency", value, `a frequency in Hz, [fmin, fmax] or "all"`);
  }
  const [lo, hi] = value;
  if (!(lo < hi)) throw new SPYValueError("frequency", value, "[fmin, fmax] with fmin < fmax");
  if (lo < fmin - tol || hi > fmax + tol) {
    throw new SPYValueError("frequency", value, `an interval inside the frequency axis [${fmin}, ${fmax}] Hz`);
  }
  const picks: number[] = [];
  for (let i = 0; i < n; i++) if (freq[i] >= lo - tol && freq[i] <= hi + tol) picks.push(i);
  if (picks.length === 0) throw new SPYValueError("frequency", value, "an interval containing at least one frequency bin");
  return picks;
}

/** The latency window in seconds (Syncopy's get_analysis_window). */
export function latencyWindow(latency: LatencySelector, trl: TrialDefinition, samplerate: number): [number, number] {
  const intervals = trialIntervals(trl, samplerate);
  const starts = intervals.map((i) => i[0]);
  const ends = intervals.map((i) => i[1]);
  switch (latency) {
    case "maxperiod": return [minOf(starts), maxOf(ends)];
    case "minperiod": {
      const w: [number, number] = [maxOf(starts), minOf(ends)];
      if (w[0] > w[1]) throw new SPYValueError("latency", latency, "trials that overlap in time (minperiod is empty)");
      return w;
    }
    case "prestim": {
      if (minOf(starts) > 0) throw new SPYValueError("latency", latency, "trials with a pre-stimulus part (time < 0)");
      return [minOf(starts), 0];
    }
    case "poststim": {
      if (maxOf(ends) < 0) throw new SPYValueError("latency", latency, "trials with a post-stimulus part (time >= 0)");
      return [0, maxOf(ends)];
    }
  }
  // not an array: SPYTypeError ("expected array_like"); an array of other elements: SPYValueError
  if (typeof latency !== "string" && !Array.isArray(latency)) {
    throw new SPYTypeError("latency", latency, `[t0, t1] in s, "all", "maxperiod", "minperiod", "prestim" or "poststim"`);
  }
  if (Array.isArray(latency) && !latency.every((v) => typeof v === "number")) {
    throw new SPYValueError("latency", latency, `[t0, t1] in s, "all", "maxperiod", "minperiod", "prestim" or "poststim"`);
  }
  if (!Array.isArray(latency) || latency.length !== 2 || !latency.every((v) => Number.isFinite(v))) {
    throw new SPYValueError("latency", latency, `[t0, t1] in s, "all", "maxperiod", "minperiod", "prestim" or "poststim"`);
  }
  if (!(latency[0] < latency[1])) throw new SPYValueError("latency", latency, "[t0, t1] with t0 < t1");
  return [latency[0], latency[1]];
}

function abbreviate(labels: string[]): string {
  return labels.length <= 6 ? labels.join(", ") : `${labels.slice(0, 3).join(", ")}, …, ${labels.slice(-2).join(", ")}`;
}

function fmtInterval(intervals: [number, number][]): string {
  const lo = minOf(intervals.map((i) => i[0]));
  const hi = maxOf(intervals.map((i) => i[1]));
  return `[${lo}, ${hi}] s`;
}
