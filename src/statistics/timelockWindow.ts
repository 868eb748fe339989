/**
 * The analysis window of timelockanalysis (Syncopy's `get_analysis_window` and
 * `create_trial_selection`, shared/latency.py) and, per trial, which of its samples fall in it.
 *
 * Everything is in samples relative to the trigger (sample s is at time s / samplerate; a trial with
 * offset o and length L covers samples o … o + L − 1), so trials of one samplerate line up exactly.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { describeChoices } from "../core/keywords";
import { maxOf, minOf } from "../core/extrema";

export const LATENCIES = ["maxperiod", "minperiod", "prestim", "poststim"] as const;
export type Latency = (typeof LATENCIES)[number] | [number, number];

const LATENCY_FORMS = `${describeChoices(LATENCIES)}, or a window [t0, t1] in s`;

/** One selected trial's part of the window: rows [i0, i1) of the trial go to window rows from `at`. */
export interface TrialCut {
  /** Position of the trial among the selected ones. */
  index: number;
  i0: number;
  i1: number;
  at: number;
}

export interface WindowPlan {
  /** The window in s, as asked for (or as the keyword resolved it). */
  window: [number, number];
  /** First and last sample of the window (trigger-relative). */
  s0: number;
  s1: number;
  /** The trials that take part, in selection order. */
  cuts: TrialCut[];
  /** Positions (in the selection) of the trials left out. */
  dropped: number[];
}

/** [first, last] time in s of each trial row [start, stop, offset]. */
function intervals(rows: readonly number[][], fs: number): [number, number][] {
  return rows.map((r) => [r[2] / fs, (r[2] + r[1] - r[0] - 1) / fs]);
}

/**
 * The window [t0, t1] in s that `latency` names for trials `rows` (Syncopy's get_analysis_window):
 * maxperiod [earliest start, latest end], minperiod [latest start, earliest end] (an error when the
 * trials share no time), prestim [earliest start, 0] and poststim [0, latest end] (errors when no
 * trial has such a part), or [t0, t1] itself, which must overlap the trials and have t0 <= t1.
 */
export function analysisWindow(latency: unknown, rows: readonly number[][], fs: number): [number, number] {
  const iv = intervals(rows, fs);
  const minStart = minOf(iv.map((i) => i[0]));
  const maxEnd = maxOf(iv.map((i) => i[1]));
  if (typeof latency === "string") {
    switch (latency) {
      case "maxperiod": return [minStart, maxEnd];
      case "minperiod": {
        const w: [number, number] = [maxOf(iv.map((i) => i[0])), minOf(iv.map((i) => i[1]))];
        if (w[0] > w[1]) throw new SPYValueError("latency", latency, "overlapping trials (minperiod: no time window common to all trials)");
        return w;
      }
      case "prestim":
        if (!iv.some((i) => i[0] < 0)) throw new SPYValueError("latency", latency, "pre-stimulus recordings (some trial starting at t < 0)");
        return [minStart, 0];
      case "poststim":
        if (!iv.some((i) => i[1] > 0)) throw new SPYValueError("latency", latency, "post-stimulus recordings (some trial ending at t > 0)");
        return [0, maxEnd];
      default:
        throw new SPYValueError("latency", latency, LATENCY_FORMS);
    }
  }
  if (!Array.isArray(latency) || latency.some((v) => typeof v !== "number")) throw new SPYTypeError("latency", latency, LATENCY_FORMS);
  if (latency.length !== 2 || !latency.every(Number.isFinite)) throw new SPYValueError("latency", latency, `a window [t0, t1] of two finite times in s`);
  const [t0, t1] = latency as [number, number];
  // Syncopy's order of checks and wording: start, end, then start <= end
  if (t0 > maxEnd) throw new SPYValueError("latency", latency, `start of latency window < ${maxEnd} s (the end of the last trial)`);
  if (t1 < minStart) throw new SPYValueError("latency", latency, `end of latency window > ${minStart} s (the start of the first trial)`);
  if (t0 > t1) throw new SPYValueError("latency", latency, "start < end of the latency window [t0, t1]");
  return [t0, t1];
}

/**
 * Which selected trials take part and which of their samples. Without `partial` (Syncopy), a trial
 * takes part only if it covers the whole window (start <= t0 and end >= t1, Syncopy's
 * create_trial_selection) and gives the window's samples; with `partial` (FieldTrip's
 * vartrllength = 2) every trial that overlaps the window gives the samples it has there.
 * A window that holds no sample or that no trial covers (overlaps) is an error.
 */
export function planWindow(latency: unknown, rows: readonly number[][], fs: number, partial: boolean): WindowPlan {
  const window = analysisWindow(latency, rows, fs);
  const x0 = window[0] * fs, x1 = window[1] * fs;
  // the same tolerance as the latency selection (data/selection.ts): 1e-9 of a sample
  const tol = 1e-9;
  // (+ 0 turns a -0 from ceil into 0)
  const s0 = Math.ceil(x0 - tol * Math.max(1, Math.abs(x0))) + 0;
  const s1 = Math.floor(x1 + tol * Math.max(1, Math.abs(x1))) + 0;
  if (s1 < s0) throw new SPYValueError("latency", latency, `a window holding at least one sample (samples are ${1 / fs} s apart)`, `[${window}] s falls between two samples`);
  const cuts: TrialCut[] = [];
  const dropped: number[] = [];
  rows.forEach((r, index) => {
    const o = r[2], last = r[2] + r[1] - r[0] - 1;
    const takes = partial ? o <= s1 && last >= s0 : o <= x0 + tol * Math.max(1, Math.abs(x0)) && last >= x1 - tol * Math.max(1, Math.abs(x1));
    if (!takes) {
      dropped.push(index);
      return;
    }
    const a = Math.max(s0, o), b = Math.min(s1, last);
    cuts.push({ index, i0: a - o, i1: b - o + 1, at: a - s0 });
  });
  if (cuts.length === 0) {
    const iv = intervals(rows, fs);
    const span = `the trials span [${minOf(iv.map((i) => i[0]))}, ${maxOf(iv.map((i) => i[1]))}] s`;
    throw new SPYValueError("latency", latency, partial
      ? "a window that at least one selected trial overlaps"
      : "a window that at least one selected trial covers completely (vartriallen: true also uses trials covering it in part)",
    `window [${window}] s; ${span}`);
  }
  return { window, s0, s1, cuts, dropped };
}
