/**
 * The contract between the compute engine and the rest of spyts.
 *
 * The engine knows nothing of data classes or files: it reads trials from a `TrialSource` and hands
 * results to a `TrialSink`; the frontends wire those to Arrow storage and data classes.
 */
import { NDArray, DType, TypedArray } from "./ndarray";

export interface TrialSource {               // trials to process, already selected
  readonly nTrials: number;
  readonly dtype: DType;
  trialShape(k: number): number[];          // shape of trial k without reading it (dry run)
  readTrial(k: number): NDArray;            // C-contiguous; may be a view into a cache: copy before transferring
  trialIndex?(k: number): number;           // original trial index for messages/metadata (default k)
  /**
   * Optional: where trial k's values (exactly what readTrial(k) returns, C order) lie contiguously
   * in a file that does not change during the run; null when they do not (a selection that picks
   * channels, a view, memory). Parallel runs then have each worker read its trials there itself.
   */
  locateTrial?(k: number): FileSpan | null;
}

/** `bytes` contiguous bytes at `position` of the file `path`. */
export interface FileSpan { path: string; position: number; bytes: number }

/**
 * Where a sink keeps its trials when each has a fixed place in one file (the output was laid out
 * from the dry run's shapes): workers then write whole trials there themselves, by positioned
 * writes through their own descriptor, and the main thread never touches those results.
 */
export interface DirectTarget {
  /** The file; each worker opens it for writing ("r+"). */
  path: string;
  /** The dtype the values are stored in: the routine's output dtype, or the target is not used. */
  dtype: DType;
  /** Byte position of trial k's values, C order, for k = 0 .. nTrials - 1. */
  positions: Float64Array;
}

export interface TrialSink {                // receives results strictly in trial order, from the main thread only
  write(k: number, result: NDArray): void;
  /**
   * Optional: the trials' places in a file. A parallel run then has its workers write whole trials
   * there (`write` is not called for those); the sequential path still calls `write`.
   */
  direct?: DirectTarget;
  /**
   * Optional: called once when a computation fails after some trials were already written, so the
   * sink can discard what it received (no partial result is ever presented as complete).
   */
  abort?(reason: Error): void;
  /**
   * Optional: `write` has copied the values somewhere else (a file) by the time it returns, so the
   * engine may hand the same memory to the next call as its output (`ComputeContext.out`).
   */
  copies?: boolean;
}

export interface ComputeContext {
  noCompute: boolean;
  chunkShape?: number[];
  trial?: number;
  /**
   * Optional memory for the result, offered by the engine when it copies each result out before
   * the next call (into the output file, a running sum, a worker's reply buffer): the announced
   * shape's slots of the announced dtype's array type, contents unspecified (not zeroed). A
   * compute function may write its whole result there and return it as the result's data; it must
   * not keep it after returning. Taking it saves a fresh allocation per call (its page faults, its
   * zeroing and the garbage collections it triggers) and, in a worker, the copy into the reply.
   * `resultArray(shape, dtype, ctx.out)` in core/ndarray takes it when it fits.
   */
  out?: TypedArray;
}

export interface DryRunResult { shape: number[]; dtype: DType }

export interface ComputeResult { out: NDArray; metadata?: Record<string, number[] | Float64Array | number | boolean | string> }

/** pure: same input, same output; called in the main thread AND in workers */
export type ComputeFunction = (trial: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext) => NDArray | ComputeResult | DryRunResult;

/** How a worker finds a compute function: the module's absolute path and the export name. */
export interface ComputeFunctionRef { module: string; name: string }

/** A value a compute function may return as metadata. */
export type MetadataValue = number[] | Float64Array | number | boolean | string;
