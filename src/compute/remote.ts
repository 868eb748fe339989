/**
 * The contract between ComputationalRoutine and a backend that computes its work units
 * somewhere else (a Slurm job array: ./slurm). The routine keeps what makes results identical to
 * a local run: it reads the inputs, and it takes every unit's result back, in unit order, through
 * the same collector that writes trials to the sink or sums them for the keeptrials=false average.
 */
import type { DType, NDArray } from "../core/ndarray";
import type { ComputeFunctionRef, MetadataValue } from "../core/computeTypes";

/** One call of the compute function: a trial, or a block of a trial's channels. */
export interface RemoteUnit {
  trial: number;
  chunk: number;
  inShape: number[];
  outShape: number[];
  /** Typed-array slots in and out (cost model). */
  inSlots: number;
  outSlots: number;
}

export interface RemoteJob {
  name: string;
  ref: ComputeFunctionRef;
  kwargs: Record<string, unknown>;
  units: readonly RemoteUnit[];
  inDtype: DType;
  outDtype: DType;
  chunkShape: number[];
  /** The input of unit i (C-contiguous; read in increasing i is cheapest). */
  readInput(i: number): NDArray;
}

/** What the backend reports back for the routine's stats. */
export interface RemoteStats {
  nWorkers: number;
  tasks: number;
  workerMs: number;
  notes: string[];
}

export interface RemoteBackend {
  /**
   * Compute every unit of `job` and call `deliver(i, out, meta)` for i = 0, 1, 2, ... in order
   * once all units are safely computed (nothing is delivered from an incomplete run).
   */
  run(job: RemoteJob, deliver: (i: number, out: NDArray, meta?: Record<string, MetadataValue>) => void, signal: AbortSignal): Promise<RemoteStats>;
}
