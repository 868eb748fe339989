/**
 * The contract of a batch transformation (spy.batch.butterworth, standardize, reference, or one a
 * user defines with `defineTransform`): a compute function that a worker can load by module path
 * and export name, so `processes > 1` works, and that knows about buffers, so batched output
 * equals whole-file output.
 *
 * The function gets the REAL observations [lo, hi) of the selected channels (no zero padding:
 * the batch widened by `buffer` on each side, cut at the file's ends), in the file's dtype, as
 * C-order [hi - lo, channels]. `kwargs.trims` (a Float64Array, two values per batch) says how
 * many of those rows are buffer before and after batch `ctx.trial`; the function returns only
 * the batch's own rows, [stop - start, channels], in `outDtype`.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger, checkNumber, checkOneOf, checkOptions, checkString } from "../core/keywords";
import { checkCloneable } from "../core/cloneable";
import type { ComputeContext, ComputeFunctionRef } from "../core/computeTypes";
import type { NDArray, RealDType, TypedArray } from "../core/ndarray";
import type { BatchIndex } from "./indexGenerator";

export interface TransformInput {
  /** The recording the transformation will read (to size buffers or estimate statistics). */
  samplerate?: number;
}

export interface BatchTransform {
  readonly kind: "spyts.batch.transform";
  /** Shown in progress bars, logs and errors. */
  readonly name: string;
  readonly ref: ComputeFunctionRef;
  readonly kwargs: Record<string, unknown>;
  /** Observations of real data needed on each side of a batch for the result to equal whole-file output. */
  readonly buffer: number;
  readonly outDtype: RealDType;
  /** Bytes of scratch per value the function allocates (counts against max_memory). */
  readonly workBytesPerValue: number;
  /**
   * Optional: the scratch per value for a block of `channels` channels, when it depends on them
   * (a filter's SIMD rows are rounded up to whole lane groups); default workBytesPerValue.
   */
  workBytesPerValueFor?(channels: number): number;
  /**
   * Optional pass before the batches (e.g. robust statistics); returns kwargs added to every call.
   * `read(start, stop, channels)` reads real rows in the file's dtype.
   */
  prepare?(ctx: PrepareContext): Record<string, unknown>;
}

export interface PrepareContext {
  n_observations: number;
  channels: number[];
  from: number;
  to: number;
  /** Bytes the pass may hold (its share of the processor's max_memory). */
  max_memory: number;
  itemsize: number;
  /** Real rows [start, stop) of `channels` in the file's dtype, into `into` (its first slots) when given. */
  read(start: number, stop: number, channels: number[], into?: TypedArray): NDArray;
  /** An array of `n` values in the file's dtype, for `read(..., into)` (absent: every read allocates). */
  allocate?(n: number): TypedArray;
}

export function isBatchTransform(x: unknown): x is BatchTransform {
  return typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "spyts.batch.transform";
}

/** The rows before and after batch k's own rows in the block a transformation gets. */
export function trimsOf(kwargs: Record<string, unknown>, ctx: ComputeContext): [number, number] {
  const t = kwargs.trims as Float64Array;
  const k = ctx.trial ?? 0;
  return [t[2 * k], t[2 * k + 1]];
}

/** kwargs.trims for a list of batches read with `buffer` observations on each side of a file of n observations. */
export function batchTrims(batches: BatchIndex[], buffer: number, n: number): Float64Array {
  const t = new Float64Array(2 * batches.length);
  batches.forEach((b, k) => {
    t[2 * k] = b.start - Math.max(0, b.start - buffer);
    t[2 * k + 1] = Math.min(n, b.stop + buffer) - b.stop;
  });
  return t;
}

export interface DefineTransformOptions {
  module: string;
  name: string;
  kwargs?: Record<string, unknown>;
  buffer?: number;
  outDtype?: RealDType;
  workBytesPerValue?: number;
}

/** A transformation from a user's module (absolute path) and export name, for processes > 1. */
export function defineTransform(opts: DefineTransformOptions): BatchTransform {
  const o = checkOptions(opts, "spy.batch.defineTransform", ["module", "name", "kwargs", "buffer", "outDtype", "workBytesPerValue"]) as Partial<DefineTransformOptions>;
  const module = checkString(o.module, "module", "the absolute path of a module a worker can require");
  if (!module.startsWith("/")) throw new SPYValueError("module", module, "the absolute path of a module a worker can require");
  const name = checkString(o.name, "name", "the name of an exported compute function");
  const buffer = checkInteger(o.buffer ?? 0, "buffer", { min: 0 });
  const kwargs = o.kwargs ?? {};
  if (kwargs === null || typeof kwargs !== "object" || Array.isArray(kwargs)) throw new SPYTypeError("kwargs", kwargs, "an object of keyword arguments");
  // the kwargs go to worker threads: a function or class instance is named here, not by a worker
  checkCloneable(kwargs, "kwargs");
  const outDtype = checkOneOf(o.outDtype ?? "float32", "outDtype", ["int8", "uint8", "int16", "uint16", "int32", "uint32", "float32", "float64"] as const);
  const workBytesPerValue = checkNumber(o.workBytesPerValue ?? 8, "workBytesPerValue", { min: 0 });
  return {
    kind: "spyts.batch.transform", name, ref: { module, name }, kwargs,
    buffer, outDtype, workBytesPerValue,
  };
}
