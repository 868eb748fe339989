/**
 * Per-trial time selections for the wavelet and superlet compute functions (plain JSON kwargs).
 *
 * freqanalysis always transforms the whole trial: toi = "all" keeps every sample, an equidistant toi
 * array keeps the samples nearest to the requested times as { start, step, count } (or `indices` when
 * the toi step is not a whole number of samples), computed per trial by the plan
 * (plans/waveletPlan.ts) and passed as `times[trialIndex]`. `trim` (transform only a piece of the
 * trial, zeros beyond it: Syncopy's preselect) is a core option freqanalysis does not use.
 */
import type { ComputeContext } from "../../core/computeTypes";
import { TimeSelection } from "./plan";

export interface TrialTimes {
  /** Samples [first, stop) of the trial to transform; default (and freqanalysis): the whole trial. */
  trim?: [number, number];
  /** Kept samples start + k * step, k < count (relative to the trimmed piece, if any)... */
  start?: number;
  step?: number;
  count?: number;
  /** ...or an explicit ascending list of them; need not be equidistant. */
  indices?: number[];
}

/** How the core is called for one trial, and how its rows map to the result's rows. */
export interface ResolvedTimes {
  trim?: [number, number];
  time?: TimeSelection;
  /** Result row r is the core's row gather[r] (only for non-equidistant `indices`). */
  gather?: number[];
  /** Rows of the result. */
  count: number;
}

function trimmedLength(L: number, trim?: [number, number]): number {
  if (!trim) return L;
  const stop = Math.min(trim[1], L);
  return Math.max(0, stop - Math.min(trim[0], stop));
}

/** The selection for trial `ctx.trial`; the whole trial when `times` is absent. */
export function resolveTimes(times: (TrialTimes | null)[] | undefined, ctx: ComputeContext, L: number): ResolvedTimes {
  if (times === undefined || times === null) return { count: L };
  const k = ctx.trial;
  if (k === undefined || !Array.isArray(times) || k < 0 || k >= times.length) {
    throw new Error(`kwargs.times has no entry for trial ${k} (it must be indexed by the trial index ctx.trial)`);
  }
  const t = times[k];
  if (t === null || t === undefined) return { count: L };
  const N = trimmedLength(L, t.trim);
  if (t.indices !== undefined) {
    const idx = t.indices;
    if (!Array.isArray(idx)) throw new Error("times[].indices must be an array of sample indices");
    for (let i = 0; i < idx.length; i++) {
      if (!Number.isInteger(idx[i]) || idx[i] < 0 || idx[i] >= N) throw new Error(`times[${k}].indices[${i}] = ${idx[i]} is not a sample index in [0, ${N})`);
    }
    if (idx.length === 0) return { trim: t.trim, time: { start: 0, step: 1, count: 0 }, count: 0 };
    const step = idx.length > 1 ? idx[1] - idx[0] : 1;
    const equidistant = step >= 1 && idx.every((v, i) => v === idx[0] + i * step);
    if (equidistant) return { trim: t.trim, time: { start: idx[0], step, count: idx.length }, count: idx.length };
    // general case: compute every sample of the covered range, then pick the rows
    let lo = Infinity, hi = -Infinity;
    for (const v of idx) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    return { trim: t.trim, time: { start: lo, step: 1, count: hi - lo + 1 }, gather: idx.map((v) => v - lo), count: idx.length };
  }
  const start = t.start ?? 0, step = t.step ?? 1;
  const count = t.count ?? (N > start ? Math.ceil((N - start) / step) : 0);
  return { trim: t.trim, time: { start, step, count }, count };
}

/** Copy rows `gather` of a C-order [rows, ...] array with `rowSize` values per row. */
export function gatherRows(src: Float32Array, rowSize: number, gather: number[], dst: Float32Array): void {
  gather.forEach((r, i) => dst.set(src.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize));
}
