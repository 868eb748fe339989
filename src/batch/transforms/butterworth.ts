/**
 * Butterworth filtering of raw recordings, batch by batch (reference §5.5).
 *
 * - high-pass (YASS's `_butterworth`): `butter(order, low_frequency, 'high')` zero-phase filtered
 *   per channel. YASS computes `high_factor` and never uses it (§7 #12); here a `high_frequency`
 *   makes it the band-pass users expect (300–6000 Hz is the common spike band).
 * - zero phase as scipy's sosfiltfilt: odd extension of padlen = 3 x taps at the recording's
 *   ends; YASS's filtfilt(b, a) has the same padlen and steady-state start for these orders,
 *   and second-order sections are the numerically safer form.
 * - `standardize: true` also divides by robust statistics of the filtered signal in one pass
 *   over the file (YASS issue #155), see ./standardize.ts.
 *
 * The buffer is sized from the filter's slowest pole so that batch edges change the output by
 * less than 1e-10 of the signal: batched output equals whole-file output.
 */
import * as path from "path";
import { SPYValueError } from "../../core/errors";
import { warn } from "../../core/warnings";
import { checkBoolean, checkInteger, checkNumber, checkOneOf, checkOptions } from "../../core/keywords";
import { checkNumericLimits } from "../../core/numericLimits";
import { NDArray, RealDType } from "../../core/ndarray";
import type { ComputeContext } from "../../core/computeTypes";
import { butter } from "../../preproc/butter";
import { sosMatrix } from "../../preproc/sosfilt";
import { sosfiltfiltInterleaved, Precision } from "../../preproc/biquad";
import { BatchTransform, PrepareContext, trimsOf } from "../transform";
import { settleSamples } from "./settle";
import { robustStatistics, standardizeInPlace, StatsOptions, checkStatsOptions, STATS_KEYS } from "./standardize";

export interface ButterworthOptions extends StatsOptions {
  /** Hz; the high-pass corner (YASS's `low_frequency`, default 300). */
  low_frequency?: number;
  /** Hz; when given, a band-pass [low_frequency, high_frequency]. */
  high_frequency?: number | null;
  /** YASS's keyword, unused there and here (a warning says so): give high_frequency for a band-pass. */
  high_factor?: number;
  /** Filter order (default 3, YASS's schema). */
  order?: number;
  /** Hz, the recording's sampling rate (required). */
  sampling_frequency: number;
  /** Output dtype (default float32, as YASS stores it). */
  output_dtype?: "float32" | "float64";
  /** Divide by robust statistics of the filtered signal (one pass over the file). */
  standardize?: boolean;
  /**
   * Arithmetic of the filter: "float64" (default, equal to scipy to ~1e-12) or "float32" (about
   * 1.8x faster on the wasm path; measured error <= 1e-5 of the largest filtered value, some 200x
   * below an int16 step).
   */
  precision?: Precision;
}

// high_factor: YASS's keyword, which YASS computes and never uses (§7 #12); accepted so YASS calls port as is
const BUTTERWORTH_KEYS = ["sampling_frequency", "low_frequency", "high_frequency", "order", "output_dtype", "standardize", "precision", "high_factor", ...STATS_KEYS];

export function butterworth(opts: ButterworthOptions): BatchTransform {
  // sampling_frequency is required: no options at all is an error about it, not an empty filter
  const o = checkOptions(opts, "spy.batch.butterworth", BUTTERWORTH_KEYS) as Partial<ButterworthOptions>;
  checkNumericLimits("spy.batch.butterworth", o as Record<string, unknown>);
  const fs = checkNumber(o.sampling_frequency, "sampling_frequency", { gt: 0 });
  const low = checkNumber(o.low_frequency ?? 300, "low_frequency", { gt: 0, lt: fs / 2 });
  const high = o.high_frequency ?? null;
  const order = checkInteger(o.order ?? 3, "order", { min: 1, max: 12 });
  if (high !== null) {
    checkNumber(high, "high_frequency", { lt: fs / 2 });
    if (!(high > low)) throw new SPYValueError("high_frequency", high, `null (high-pass) or a corner in (${low}, ${fs / 2}) Hz`);
  }
  const outDtype: RealDType = checkOneOf(o.output_dtype ?? "float32", "output_dtype", ["float32", "float64"]);
  const standardize = checkBoolean(o.standardize ?? false, "standardize");
  const stats = checkStatsOptions(o, fs);
  const precision = checkOneOf(o.precision ?? "float64", "precision", ["float64", "float32"] as const);
  if (o.high_factor !== undefined) {
    warn("spy.batch.butterworth: high_factor is ignored, as in YASS (a high-pass only); give high_frequency for a band-pass");
  }
  const sos = high === null ? butter(order, low, "highpass", fs) : butter(order, [low, high], "bandpass", fs);
  const buffer = settleSamples(sosMatrix(sos));
  const kind = high === null ? `high-pass ${low} Hz` : `band-pass ${low}-${high} Hz`;
  // with standardize into float32, the float64 result it divides before the cast (scratch64)
  const standardizeBytes = standardize && outDtype === "float32" ? 8 : 0;
  const t: BatchTransform = {
    kind: "spyts.batch.transform",
    name: `butterworth ${kind}, order ${order}${standardize ? ", standardized" : ""}`,
    ref: { module: path.join(__dirname, "butterworth"), name: "butterworthBatch" },
    kwargs: { sos: sos.flat(), outDtype, standardize, precision },
    buffer,
    outDtype,
    // bytes per value held by the compute function besides its result (counted as outDtype):
    // the filter's working rows in wasm memory (the whole block, in the arithmetic's precision)
    // and standardizeBytes
    workBytesPerValue: (precision === "float64" ? 8 : 4) + standardizeBytes,
    workBytesPerValueFor(channels: number) {
      // the working rows hold ceil(C / lanes) x lanes values per row (32-byte lane groups): 4x the
      // data for one float64 channel, 388 / 385 of it for 385 channels
      const S = precision === "float64" ? 8 : 4, lanes = 32 / S;
      const rowBytes = Math.ceil(channels / lanes) * lanes * S;
      return rowBytes / channels + standardizeBytes;
    },
  };
  if (!standardize) return t;
  return {
    ...t,
    prepare(ctx: PrepareContext) {
      // statistics of the FILTERED signal: filter the window (with the buffer) first
      const m = sosMatrix(sos);
      // work per value besides the float64 result: the filter's float64 working rows in wasm memory
      return robustStatistics(ctx, stats, buffer, (block, trims, out) => filterBlock(m, block, trims[0], trims[1], "float64", out), 8);
    },
  };
}

/**
 * Zero-phase filter every channel of the block (rows = the batch plus its buffers) and write rows
 * [head, rows - tail) of the result to the front of `out`; returns that view. The interleaved
 * kernel filters the rows as stored, with scipy's odd padding at the block's ends (the file's
 * ends, or far enough inside the buffer), and copies out only the rows kept.
 */
function filterBlock<T extends Float32Array | Float64Array>(m: Float64Array, block: NDArray, head: number, tail: number, precision: Precision, out: T): T {
  const [rows, C] = block.shape;
  const kept = out.subarray(0, (rows - head - tail) * C) as T;
  sosfiltfiltInterleaved(m, block.data as Int16Array | Float32Array | Float64Array, rows, C, kept, { precision, keep: [head, rows - tail] });
  return kept;
}

let cached: { key: string; m: Float64Array } | null = null;
// Output scratch reused across calls (fresh memory costs a page fault per 4 kB): the caller copies
// or writes the result before the next call (BatchProcessor's sink, the worker's packing).
let scratch32 = new Float32Array(0);
let scratch64 = new Float64Array(0);

/**
 * The compute function (main thread or worker): filter, trim the buffer, optionally standardise.
 * The result goes straight into ctx.out when the engine offers it (a worker writing its result
 * to the output file) and no float64 step comes between.
 */
export function butterworthBatch(block: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray {
  const sos = kwargs.sos as number[];
  const key = sos.join(",");
  if (!cached || cached.key !== key) cached = { key, m: Float64Array.from(sos) };
  const [head, tail] = trimsOf(kwargs, ctx);
  const [rows, C] = block.shape;
  const n = rows - head - tail;
  const dtype = kwargs.outDtype as RealDType;
  const precision = kwargs.precision as Precision;
  const offered = ctx.out && ctx.out.length === n * C && (dtype === "float32" ? ctx.out instanceof Float32Array : ctx.out instanceof Float64Array)
    ? ctx.out as Float32Array | Float64Array : null;
  if (dtype === "float32" && !kwargs.standardize) {
    if (!offered && scratch32.length < n * C) scratch32 = new Float32Array(n * C);
    return { data: filterBlock(cached.m, block, head, tail, precision, offered ?? scratch32), shape: [n, C], dtype };
  }
  if (dtype === "float64" && offered) {
    const y = filterBlock(cached.m, block, head, tail, precision, offered as Float64Array);
    if (kwargs.standardize) standardizeInPlace(y, C, kwargs.centers as Float64Array, kwargs.sd as Float64Array);
    return { data: y, shape: [n, C], dtype };
  }
  if (scratch64.length < n * C) scratch64 = new Float64Array(n * C);
  const y = filterBlock(cached.m, block, head, tail, precision, scratch64);
  if (kwargs.standardize) standardizeInPlace(y, C, kwargs.centers as Float64Array, kwargs.sd as Float64Array);
  if (dtype === "float64") return { data: y, shape: [n, C], dtype };
  if (!offered && scratch32.length < n * C) scratch32 = new Float32Array(n * C);
  const y32 = offered ?? scratch32.subarray(0, n * C);
  y32.set(y);
  return { data: y32, shape: [n, C], dtype };
}
