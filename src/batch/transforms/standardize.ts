/**
 * Robust standardisation (YASS HEAD, reference §5.5): per channel
 *   center = mean(y), sd = median(|y - center|) / 0.6745,
 * estimated on a window of the recording (YASS: the middle 5 s), then y -> (y - center) / sd,
 * and channels with sd < 0.1 (dead or flat) are set to 0. `center: false` gives the old
 * batch-module variant (sd = median(|y|) / 0.6745, no centring).
 *
 * The statistics are exact medians, computed for a group of channels at a time so that the
 * window never holds more than max_memory.
 */
import * as path from "path";
import { checkBoolean, checkNumber, checkOneOf, checkOptions } from "../../core/keywords";
import { checkNumericLimits } from "../../core/numericLimits";
import { NDArray } from "../../core/ndarray";
import type { ComputeContext } from "../../core/computeTypes";
import { BatchTransform, PrepareContext, trimsOf } from "../transform";

export interface StatsOptions {
  /** Seconds of recording, around its middle, the statistics are estimated on (default 5, YASS). */
  window_seconds?: number;
  /** Channels with a robust sd below this are set to 0 (default 0.1, YASS). */
  min_sd?: number;
  /** Subtract the mean (YASS HEAD, default true) or not (the old batch module). */
  center?: boolean;
}

export const STATS_KEYS = ["window_seconds", "min_sd", "center"] as const;

export interface CheckedStats { windowSamples: number; minSd: number; center: boolean }

const MAD_TO_SD = 0.6745;

export function checkStatsOptions(o: StatsOptions, fs: number): CheckedStats {
  const w = checkNumber(o.window_seconds ?? 5, "window_seconds", { gt: 0 });
  const minSd = checkNumber(o.min_sd ?? 0.1, "min_sd", { min: 0, infinite: true });
  const center = checkBoolean(o.center ?? true, "center");
  return { windowSamples: Math.max(1, Math.round(w * fs)), minSd, center };
}

/** Median of a Float64Array, reordering it (typed-array sort: numeric, no comparator needed). */
function medianInPlace(a: Float64Array): number {
  a.sort();
  const n = a.length, h = n >> 1;
  return n % 2 ? a[h] : 0.5 * (a[h - 1] + a[h]);
}

/**
 * centers and sd (sd = 0 marks a channel to zero) over the middle window of [ctx.from, ctx.to).
 * `transform(block, [head, tail])` turns a block read with `buffer` extra rows on each side into
 * the signal the statistics are of (identity for an already filtered file).
 */
export function robustStatistics(
  ctx: PrepareContext, o: CheckedStats, buffer: number,
  transform: (block: NDArray, trims: [number, number]) => Float64Array,
): { centers: Float64Array; sd: Float64Array } {
  const len = ctx.to - ctx.from;
  const w = Math.min(o.windowSamples, len);
  const mid = ctx.from + Math.floor(len / 2);
  const w0 = Math.max(ctx.from, Math.min(mid - Math.floor(w / 2), ctx.to - w)), w1 = w0 + w;
  const r0 = Math.max(0, w0 - buffer), r1 = Math.min(ctx.n_observations, w1 + buffer);
  const C = ctx.channels.length;
  const perChannel = (r1 - r0) * (ctx.itemsize + 8) + w * 16;
  const group = Math.max(1, Math.floor(ctx.max_memory / perChannel));
  const centers = new Float64Array(C), sd = new Float64Array(C);
  const col = new Float64Array(w);
  for (let g0 = 0; g0 < C; g0 += group) {
    const chans = ctx.channels.slice(g0, Math.min(C, g0 + group));
    const y = transform(ctx.read(r0, r1, chans), [w0 - r0, r1 - w1]);
    const G = chans.length;
    for (let q = 0; q < G; q++) {
      let mean = 0;
      for (let i = 0; i < w; i++) mean += y[i * G + q];
      mean = o.center ? mean / w : 0;
      for (let i = 0; i < w; i++) col[i] = Math.abs(y[i * G + q] - mean);
      const s = medianInPlace(col) / MAD_TO_SD;
      centers[g0 + q] = mean;
      sd[g0 + q] = s >= o.minSd ? s : 0;
    }
  }
  return { centers, sd };
}

/** y[i, c] = (y[i, c] - centers[c]) / sd[c], or 0 where sd[c] is 0. */
export function standardizeInPlace(y: Float64Array, C: number, centers: Float64Array, sd: Float64Array): void {
  const inv = new Float64Array(C);
  for (let c = 0; c < C; c++) inv[c] = sd[c] > 0 ? 1 / sd[c] : 0;
  for (let i = 0; i < y.length; i += C) {
    for (let c = 0; c < C; c++) y[i + c] = sd[c] > 0 ? (y[i + c] - centers[c]) * inv[c] : 0;
  }
}

export interface StandardizeOptions extends StatsOptions {
  /** Hz, to turn window_seconds into samples (required). */
  sampling_frequency: number;
  output_dtype?: "float32" | "float64";
}

/** Robust standardisation of an (already filtered) recording. */
export function standardize(opts: StandardizeOptions): BatchTransform {
  const o = checkOptions(opts, "spy.batch.standardize", ["sampling_frequency", "output_dtype", ...STATS_KEYS]) as Partial<StandardizeOptions>;
  checkNumericLimits("spy.batch.standardize", o as Record<string, unknown>);
  const fs = checkNumber(o.sampling_frequency, "sampling_frequency", { gt: 0 });
  const stats = checkStatsOptions(o, fs);
  const outDtype = checkOneOf(o.output_dtype ?? "float32", "output_dtype", ["float32", "float64"] as const);
  return {
    kind: "spyts.batch.transform",
    name: "standardize (robust, median absolute deviation)",
    ref: { module: path.join(__dirname, "standardize"), name: "standardizeBatch" },
    kwargs: { outDtype },
    buffer: 0,
    outDtype,
    workBytesPerValue: 8,
    prepare: (ctx) => robustStatistics(ctx, stats, 0, (block, [head, tail]) => ownRows(block, head, tail)),
  };
}

/** The block's rows [head, rows - tail) as float64 (the batch without its buffers). */
function ownRows(block: NDArray, head: number, tail: number): Float64Array {
  const [rows, C] = block.shape;
  return new Float64Array(block.data.subarray(head * C, (rows - tail) * C) as ArrayLike<number>);
}

export function standardizeBatch(block: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray {
  const [rows, C] = block.shape;
  const [head, tail] = trimsOf(kwargs, ctx);
  const y = ownRows(block, head, tail);
  standardizeInPlace(y, C, kwargs.centers as Float64Array, kwargs.sd as Float64Array);
  const dtype = kwargs.outDtype as "float32" | "float64";
  return { data: dtype === "float64" ? y : new Float32Array(y), shape: [rows - head - tail, C], dtype };
}
