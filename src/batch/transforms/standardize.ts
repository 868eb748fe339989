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
import { NDArray, TypedArray } from "../../core/ndarray";
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
 * `transform(block, [head, tail], out)` turns a block read with `buffer` extra rows on each side
 * into the signal the statistics are of (the window's rows only, float64, written into `out` or a
 * view of it), holding `workBytesPerValue` bytes of its own per value of the block besides `out`.
 *
 * Memory: a group of channels at a time, sized so that the block read (file dtype), `out`
 * (float64, the block's rows), the transform's own work and the column being sorted (float64)
 * stay within ctx.max_memory. The buffers are allocated once for the largest group and reused,
 * so the pass leaves no pile of garbage behind for the batches that follow.
 */
export function robustStatistics(
  ctx: PrepareContext, o: CheckedStats, buffer: number,
  transform: (block: NDArray, trims: [number, number], out: Float64Array) => Float64Array,
  workBytesPerValue = 0,
): { centers: Float64Array; sd: Float64Array } {
  const len = ctx.to - ctx.from;
  const w = Math.min(o.windowSamples, len);
  const mid = ctx.from + Math.floor(len / 2);
  const w0 = Math.max(ctx.from, Math.min(mid - Math.floor(w / 2), ctx.to - w)), w1 = w0 + w;
  const r0 = Math.max(0, w0 - buffer), r1 = Math.min(ctx.n_observations, w1 + buffer);
  const C = ctx.channels.length;
  const rows = r1 - r0;
  // per channel of a group: the block, its float64 signal and the transform's work; the sorted column once
  const perChannel = rows * (ctx.itemsize + 8 + workBytesPerValue);
  const group = Math.max(1, Math.min(C, Math.floor((ctx.max_memory - w * 8) / perChannel)));
  const centers = new Float64Array(C), sd = new Float64Array(C);
  const col = new Float64Array(w);
  const blockBuf = ctx.allocate?.(rows * group);
  const out = new Float64Array(rows * group);
  for (let g0 = 0; g0 < C; g0 += group) {
    const chans = ctx.channels.slice(g0, Math.min(C, g0 + group));
    const G = chans.length;
    const block = ctx.read(r0, r1, chans, blockBuf?.subarray(0, rows * G) as TypedArray | undefined);
    const y = transform(block, [w0 - r0, r1 - w1], out);
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
  standardizeInto(y, 0, y.length / C, C, centers, sd, y);
}

/**
 * out[i, c] = (x[head + i, c] - centers[c]) / sd[c] (0 where sd[c] is 0) for n rows, computed in
 * float64 and rounded once on storing (the same values as a float64 copy standardised, then cast).
 */
export function standardizeInto(x: ArrayLike<number>, head: number, n: number, C: number, centers: Float64Array, sd: Float64Array,
                                out: Float32Array | Float64Array): void {
  const inv = new Float64Array(C);
  for (let c = 0; c < C; c++) inv[c] = sd[c] > 0 ? 1 / sd[c] : 0;
  for (let i = 0, o = head * C; i < n * C; i += C, o += C) {
    for (let c = 0; c < C; c++) out[i + c] = sd[c] > 0 ? (x[o + c] - centers[c]) * inv[c] : 0;
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
    // the result is written straight into a reused output buffer: no working copy
    workBytesPerValue: 0,
    prepare: (ctx) => robustStatistics(ctx, stats, 0, (block, [head, tail], out) => ownRows(block, head, tail, out)),
  };
}

/** The block's rows [head, rows - tail) as float64, into `out` (the batch without its buffers). */
function ownRows(block: NDArray, head: number, tail: number, out: Float64Array): Float64Array {
  const [rows, C] = block.shape;
  const y = out.subarray(0, (rows - head - tail) * C);
  y.set(block.data.subarray(head * C, (rows - tail) * C) as ArrayLike<number>);
  return y;
}

// Output reused across calls (one per thread): a fresh array per batch is garbage that piles up
// beyond max_memory before V8 collects it. The caller copies or writes the result before the next call.
let scratch32 = new Float32Array(0);
let scratch64 = new Float64Array(0);

/** The compute function (main thread or worker): standardise the batch's own rows. */
export function standardizeBatch(block: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray {
  const [rows, C] = block.shape;
  const [head, tail] = trimsOf(kwargs, ctx);
  const n = rows - head - tail;
  const dtype = kwargs.outDtype as "float32" | "float64";
  let out: Float32Array | Float64Array;
  if (dtype === "float64") {
    if (scratch64.length < n * C) scratch64 = new Float64Array(n * C);
    out = scratch64.subarray(0, n * C);
  } else {
    if (scratch32.length < n * C) scratch32 = new Float32Array(n * C);
    out = scratch32.subarray(0, n * C);
  }
  standardizeInto(block.data, head, n, C, kwargs.centers as Float64Array, kwargs.sd as Float64Array, out);
  return { data: out, shape: [n, C], dtype };
}
