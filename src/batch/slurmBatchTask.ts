/**
 * One array task of a BatchProcessor run on Slurm: `spyts run-task <plan.json> <index>`
 * (bin/spyts.js) lands here for a batch plan (./slurmBatchPlan.ts). It refuses a plan made by
 * another build or a recording that changed since the plan was made, then runs its contiguous
 * batches through the same loop as a local run (./parallel.ts: the same blocks with the same
 * buffers, on `processes` worker threads or the main thread) and writes their results, in batch
 * order, as its part (compute/slurm/parts.ts).
 *
 * Test hook (NODE_ENV=test only): SPYTS_SLURM_TEST_FAIL="1" fails task 1 once.
 */
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import type { TypedArray } from "../core/ndarray";
import { setKernelPath, type KernelChoice } from "../wasm/kernelPath";
import { NOOP_PROGRESS } from "../compute/progress";
import { hasPool, shutdown } from "../compute/pool";
import { decodeExact } from "../compute/slurm/codec";
import { readPlan } from "../compute/slurm/plan";
import { PartWriter } from "../compute/slurm/parts";
import { EXIT_FAILED, checkTaskPlan, testHook } from "../compute/slurm/runTask";
import { RecordingsReader } from "./reader";
import { runTransformParallel } from "./parallel";
import { BatchTransform, batchTrims } from "./transform";
import { BATCH_PLAN_FORMAT, BatchPlan, planBatches } from "./slurmBatchPlan";

/** Run task `index` of the batch plan at `planPath`; rejects on failure (the CLI turns it into an exit code). */
export async function runBatchTask(planPath: string, index: number): Promise<{ batches: number; ms: number }> {
  const t0 = performance.now();
  const plan = readPlan<BatchPlan>(planPath, BATCH_PLAN_FORMAT);
  const runDir = path.dirname(path.resolve(planPath));
  const versions = checkTaskPlan(plan, planPath, index);
  const inp = plan.input;
  const st = fs.statSync(inp.path);
  if (st.size !== inp.bytes || Math.floor(st.mtimeMs / 1000) !== inp.mtimeS) {
    throw new Error(`the recording ${inp.path} changed since the plan was made (now ${st.size} bytes, modified ${st.mtime.toISOString()}; ` +
      `plan: ${inp.bytes} bytes, modified ${new Date(inp.mtimeS * 1000).toISOString()})`);
  }
  setKernelPath(plan.kernels as KernelChoice);
  const [b0, b1] = plan.chunks[index];
  const batches = planBatches(plan, b0, b1);
  const n = plan.n_observations;
  // the batches of this task, numbered from 0 as runTransformParallel calls them, with their own trims
  const kwargs = { ...(decodeExact(plan.kwargs) as Record<string, unknown>), trims: batchTrims(batches, plan.buffer, n) };
  const fn: BatchTransform = {
    kind: "spyts.batch.transform", name: plan.name, ref: plan.ref, kwargs: {}, buffer: plan.buffer,
    outDtype: plan.outDtype as BatchTransform["outDtype"], workBytesPerValue: 0,
  };
  if (testHook("SPYTS_SLURM_TEST_FAIL", index, runDir)) throw new Error(`test failure injected into task ${index}`);
  const reader = new RecordingsReader(inp.path, { dtype: inp.dtype, n_channels: inp.n_channels, data_order: inp.data_order });
  const read = (k: number, into?: TypedArray) => {
    const b = batches[k];
    return reader.readRows(Math.max(0, b.start - plan.buffer), Math.min(n, b.stop + plan.buffer), b.channels, into);
  };
  const part = new PartWriter(plan, runDir, index);
  try {
    // append copies (or writes) the result at once: the loop may reuse its buffer
    await runTransformParallel(fn, kwargs, batches, read, (_k, res) => part.append(res), NOOP_PROGRESS,
      { processes: plan.processes, itemsize: reader.itemsize, dtype: reader.dtype, buffer: plan.buffer });
  } catch (e) {
    part.abort();
    throw e;
  } finally {
    if (hasPool()) await shutdown();
  }
  const ms = performance.now() - t0;
  part.finish([], versions, ms);
  return { batches: batches.length, ms };
}

/** The CLI's `run-task` for a batch plan: runs the task, prints one line, resolves with the exit code. */
export async function runTaskMain(planPath: string, indexText: string): Promise<number> {
  const index = Number(indexText);
  try {
    const r = await runBatchTask(planPath, index);
    process.stdout.write(`spyts run-task ${index}: ${r.batches} batches in ${Math.round(r.ms)} ms\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`spyts run-task ${indexText}: ${(e as Error).stack ?? String(e)}\n`);
    return (e as { exitCode?: number }).exitCode ?? EXIT_FAILED;
  }
}
