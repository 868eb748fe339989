/**
 * The glue every metafunction uses to run a ComputationalRoutine: validate the compute
 * keywords (parallel, chan_per_worker, mem_thresh), warn when the result will be big, preallocate
 * the output store, run, and hand back the filled store, the metadata and the log writer.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { DType, NDArray, arrayConstructor, isComplex, itemsize, shapeSize } from "../core/ndarray";
import { warn } from "../core/warnings";
import { TrialStore, TrialStoreWriter } from "../data/trialstore";
import { resultWarnThreshold, storageDir } from "../data/storage";
import { ComputationalRoutine, fmtBytes } from "./routine";
import { logEntry } from "../data/log";
import type { ComputeFunction, ComputeFunctionRef, TrialSink, TrialSource } from "../core/computeTypes";
import { isBackendSpec, parseSlurmParallel, type SlurmParallel } from "./slurm";

export interface ComputeOptions {
  /**
   * true: workers; false: the main thread; "auto" (the keyword unset or null): whichever is faster
   * (compute/autoParallel.ts); `{ backend: "slurm", ... }`: a Slurm job array (compute/slurm).
   */
  parallel: boolean | "auto" | SlurmParallel;
  chanPerWorker: number | undefined;
  memThresh: number;
}

export function parseComputeOptions(kw: Record<string, unknown>): ComputeOptions {
  const { parallel, chan_per_worker, mem_thresh } = kw;
  // checked here so that a wrong cluster option fails before any work; passed on as given
  if (isBackendSpec(parallel)) parseSlurmParallel(parallel);
  else if (parallel !== null && parallel !== undefined && typeof parallel !== "boolean") {
    throw new SPYTypeError("parallel", parallel, "true (worker threads), false (sequential) or null (whichever is faster)");
  }
  if (chan_per_worker !== null && chan_per_worker !== undefined) {
    if (typeof chan_per_worker !== "number") throw new SPYTypeError("chan_per_worker", chan_per_worker, "a positive integer number of channels per work unit, or null");
    if (!Number.isInteger(chan_per_worker) || chan_per_worker < 1) {
      throw new SPYValueError("chan_per_worker", chan_per_worker, "a positive integer number of channels per work unit, or null");
    }
  }
  if (typeof mem_thresh !== "number") throw new SPYTypeError("mem_thresh", mem_thresh, "a fraction of free memory in (0, 1]");
  if (!(mem_thresh > 0 && mem_thresh <= 1)) {
    throw new SPYValueError("mem_thresh", mem_thresh, "a fraction of free memory in (0, 1]");
  }
  return { parallel: parallel === null || parallel === undefined ? "auto" : parallel as boolean | SlurmParallel, chanPerWorker: (chan_per_worker as number | null) ?? undefined, memThresh: mem_thresh };
}

export interface RoutineRun {
  name: string;
  computeFunction: ComputeFunction;
  ref: ComputeFunctionRef;
  kwargs: Record<string, unknown>;
  source: TrialSource;
  keeptrials: boolean;
  compute: ComputeOptions;
  /** File extension of the output store (".spectral", ...). */
  ext: string;
  outDtype: DType;
}

export interface RoutineResult {
  store: TrialStore;
  metadata: Record<string, unknown>;
  /** Syncopy's write_log block for this computation, as one provenance entry. */
  log(caller: string, settings: Record<string, unknown>): string;
}

export async function runRoutine(run: RoutineRun): Promise<RoutineResult> {
  const routine = new ComputationalRoutine(run.computeFunction, run.ref, run.kwargs, { name: run.name });
  routine.initialize(run.source, { keeptrials: run.keeptrials, chanPerWorker: run.compute.chanPerWorker });
  // outputShapes copies every trial's shape: read it once (in the loop it made 20 000 trials quadratic)
  const shapes = routine.outputShapes;
  const tail = shapes[0].slice(1);
  const equal = shapes.every((s) => s[0] === shapes[0][0]);
  warnIfBig(run, shapes);
  const writer = new TrialStoreWriter(run.ext, run.outDtype, tail, { trialLength: equal ? shapes[0][0] : undefined });
  try {
    // Kept trials get their places in the file now (the dry run gave every shape), so that workers
    // write them there themselves and the main thread stays out of the data path.
    let sink: TrialSink | null = null;
    if (run.keeptrials) {
      const positions = writer.reserve(shapes.map((s) => s[0]));
      // writeAt copies into the file before it returns: the routine may reuse the result's memory
      sink = { write: (k: number, r: NDArray) => writer.writeAt(k, castTo(r, run.outDtype)), copies: true };
      if (routine.outputDtype === run.outDtype) sink.direct = { path: writer.partialPath, dtype: run.outDtype, positions };
    }
    const res = await routine.compute(run.source, sink, {
      parallel: run.compute.parallel, memThresh: run.compute.memThresh, keeptrials: run.keeptrials,
    });
    if (!run.keeptrials) {
      if (!res.average) throw new Error("runRoutine: the routine returned no average for keeptrials=false");
      writer.append(castTo(res.average, run.outDtype));
    }
    const store = writer.finish();
    return {
      store,
      metadata: res.metadata,
      log: (caller, settings) => logEntry(routine.writeLog("", settings).trimEnd(), caller),
    };
  } catch (e) {
    writer.abort();
    throw e;
  }
}

/** Bytes the stored result takes: its trials' elements (keeptrials=false: one) x the output dtype's size. */
export function resultBytes(outShapes: number[][], outDtype: DType, keeptrials: boolean): number {
  const shapes = keeptrials ? outShapes : outShapes.slice(0, 1);
  let n = 0;
  for (const s of shapes) n += shapeSize(s);
  return n * itemsize(outDtype);
}

/** The ways to make a result smaller, for the size warning. */
export function shrinkHints(name: string, nTrials: number, keeptrials: boolean): string[] {
  const hints: string[] = [];
  if (keeptrials && nTrials > 1) hints.push(`keeptrials: false (the trial average: ${nTrials} times smaller)`);
  if (/^(mtmfft|mtmconvol|welch|wavelet|superlet|cross_spectra|csd)/.test(name)) hints.push("fewer foi (or a narrower foilim)");
  if (/^(mtmconvol|wavelet|superlet)/.test(name)) hints.push("a coarser toi (e.g. every 10 ms instead of \"all\")");
  hints.push("select fewer trials, channels or a shorter latency (select: {...})");
  return hints;
}

/**
 * Warn before computing a result whose file will take more than the warning size (2 GB, or a
 * quarter of the storage folder's free space when that is less): the size and how to shrink it.
 * `free` overrides the measured free space (tests). Returns the warning, if any.
 */
export function warnIfBig(
  run: Pick<RoutineRun, "name" | "keeptrials" | "outDtype">, outShapes: number[][], free?: number,
): string | undefined {
  const bytes = resultBytes(outShapes, run.outDtype, run.keeptrials);
  const limit = free === undefined ? resultWarnThreshold() : resultWarnThreshold(free);
  if (!(bytes > limit.bytes)) return undefined;
  const nTrials = outShapes.length;
  const shape = outShapes.length > 0 ? outShapes[0].join(" x ") : "";
  const what = run.keeptrials ? `${nTrials} trials of ${run.outDtype}, trial 0: ${shape}` : `the trial average, ${shape} ${run.outDtype}`;
  const freeText = limit.free !== undefined ? `${fmtBytes(limit.free)} free` : "free space unknown";
  const where = limit.byFreeSpace
    ? `more than a quarter of the ${freeText} in ${storageDir()}`
    : `more than the warning size of ${fmtBytes(limit.bytes)} (setResultWarnSize; ${freeText} in ${storageDir()})`;
  const msg = `${run.name}: the result will take ${fmtBytes(bytes)} on disk (${what}), ${where}. ` +
    `To make it smaller: ${shrinkHints(run.name, nTrials, run.keeptrials).join("; ")}.`;
  warn(msg);
  return msg;
}

/** Cast a result (e.g. a float64 running average) to the output dtype. */
function castTo(a: NDArray, dtype: DType): NDArray {
  if (a.dtype === dtype) return a;
  if (isComplex(a.dtype) !== isComplex(dtype)) throw new Error(`castTo: cannot cast ${a.dtype} to ${dtype}`);
  const Ctor = arrayConstructor(dtype);
  const data = new Ctor(a.data.length);
  data.set(a.data as ArrayLike<number>);
  return { data, shape: a.shape, dtype };
}
