/**
 * The plan of a BatchProcessor run on a Slurm job array (./slurmBatch.ts makes it,
 * ./slurmBatchTask.ts runs one task of it). Array task i computes the contiguous batches
 * chunks[i][0] .. chunks[i][1]-1 of the run's batch table, reading the recording itself (on the
 * shared filesystem) with the same buffers as a local run, and writes their results as one part
 * (compute/slurm/parts.ts: one Arrow record per batch).
 *
 * Why the glue lives in batch/ and not in compute/slurm/: batch/ is floor 13 and compute/ floor 6
 * (docs/architecture.md); batch/ may use the job-array machinery below it, while compute/ may not
 * know the batch reader, transformations or output files above it.
 */
import type { ComputeFunctionRef } from "../core/computeTypes";
import type { RealDType } from "../core/ndarray";
import type { ArrayPlan } from "../compute/slurm/plan";
import type { BatchIndex } from "./indexGenerator";
import type { DataOrder } from "./sidecar";

export const BATCH_PLAN_FORMAT = "spyts-slurm-batch-plan/1";

/** The recording a batch plan reads, with what identifies its content (size and modification time). */
export interface BatchPlanInput {
  path: string;
  dtype: RealDType;
  n_channels: number;
  data_order: DataOrder;
  bytes: number;
  /** Whole seconds (NFS clients may round finer parts differently). */
  mtimeS: number;
}

export interface BatchPlan extends ArrayPlan {
  format: typeof BATCH_PLAN_FORMAT;
  /** The transformation's compute function. */
  ref: ComputeFunctionRef;
  /** The transformation's kwargs without `trims` (each task computes those of its batches), in compute/slurm/codec's exact JSON. */
  kwargs: unknown;
  input: BatchPlanInput;
  n_observations: number;
  /** Observations of real data read on each side of a batch (the transformation's buffer). */
  buffer: number;
  /** Worker threads inside each task (the apply's `processes`). */
  processes: number;
  /** The distinct channel lists of the batches. */
  channelSets: number[][];
  /** [start, stop, index into channelSets] per batch, in output order. */
  batches: Array<[number, number, number]>;
}

/** The batch table in the plan's compact form (channel lists stored once). */
export function encodeBatches(batches: BatchIndex[]): { channelSets: number[][]; batches: Array<[number, number, number]> } {
  const channelSets: number[][] = [];
  const seen = new Map<string, number>();
  const rows = batches.map((b): [number, number, number] => {
    const key = b.channels.join(",");
    let i = seen.get(key);
    if (i === undefined) {
      i = channelSets.length;
      channelSets.push([...b.channels]);
      seen.set(key, i);
    }
    return [b.start, b.stop, i];
  });
  return { channelSets, batches: rows };
}

/** Batches [first, end) of a plan as BatchIndex objects. */
export function planBatches(plan: Pick<BatchPlan, "channelSets" | "batches">, first = 0, end = plan.batches.length): BatchIndex[] {
  return plan.batches.slice(first, end).map(([start, stop, set]) => ({ start, stop, channels: plan.channelSets[set] }));
}
