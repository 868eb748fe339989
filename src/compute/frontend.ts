/**
 * The glue every metafunction uses to run a ComputationalRoutine: validate the compute
 * keywords (parallel, chan_per_worker, mem_thresh), preallocate the output store, run,
 * and hand back the filled store, the metadata and the log writer.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { DType, NDArray, arrayConstructor, isComplex } from "../core/ndarray";
import { TrialStore, TrialStoreWriter } from "../data/trialstore";
import { ComputationalRoutine } from "./routine";
import { logEntry } from "../data/log";
import type { ComputeFunction, ComputeFunctionRef, TrialSource } from "../core/computeTypes";

export interface ComputeOptions {
  parallel: boolean;
  chanPerWorker: number | undefined;
  memThresh: number;
}

export function parseComputeOptions(kw: Record<string, unknown>): ComputeOptions {
  const { parallel, chan_per_worker, mem_thresh } = kw;
  if (parallel !== null && parallel !== undefined && typeof parallel !== "boolean") {
    throw new SPYTypeError("parallel", parallel, "true (worker threads), false or null (sequential)");
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
  return { parallel: parallel === true, chanPerWorker: (chan_per_worker as number | null) ?? undefined, memThresh: mem_thresh };
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
  const tail = routine.outputShapes[0].slice(1);
  const equal = routine.outputShapes.every((s) => s[0] === routine.outputShapes[0][0]);
  const writer = new TrialStoreWriter(run.ext, run.outDtype, tail, { trialLength: equal ? routine.outputShapes[0][0] : undefined });
  try {
    const res = await routine.compute(run.source, { write: (_k: number, r: NDArray) => writer.append(castTo(r, run.outDtype)) }, {
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

/** Cast a result (e.g. a float64 running average) to the output dtype. */
function castTo(a: NDArray, dtype: DType): NDArray {
  if (a.dtype === dtype) return a;
  if (isComplex(a.dtype) !== isComplex(dtype)) throw new Error(`castTo: cannot cast ${a.dtype} to ${dtype}`);
  const Ctor = arrayConstructor(dtype);
  const data = new Ctor(a.data.length);
  data.set(a.data as ArrayLike<number>);
  return { data, shape: a.shape, dtype };
}
