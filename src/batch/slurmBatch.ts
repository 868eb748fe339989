/**
 * BatchProcessor's `*_apply` (and so BatchPipeline steps) on a Slurm job array:
 * `parallel: { backend: "slurm", ... }` (compute/slurm/options.ts, the same option as the
 * metafunctions'). The recording is split in time: array task i computes a contiguous range of
 * the run's batches (the batch table of the local run, with the same buffers), reading the
 * recording from the shared filesystem (./slurmBatchTask.ts), and writes their results as one
 * verified part. The notebook's process then hands every batch's result, in batch order, to the
 * same sink as a local run (cast, write to `<output>.partial`, commit with the sidecar): the output
 * file is byte-identical to the local run's. Submission, verification, retries, reuse of verified
 * parts and the removal of the run directory afterwards are compute/slurm/array.ts's.
 */
import * as fs from "fs";
import * as path from "path";
import { SPYValueError } from "../core/errors";
import type { NDArray } from "../core/ndarray";
import { getKernelPath } from "../wasm/kernelPath";
import { SPYInterruptError, onInterrupt } from "../compute/interrupt";
import { encodeExact } from "../compute/slurm/codec";
import { JobArray, SlurmLog, createRunDir, defaultLog, stagingDir } from "../compute/slurm/array";
import { taskModules } from "../compute/slurm/entry";
import { ResolvedSlurm, isBackendSpec, parseSlurmParallel } from "../compute/slurm/options";
import { readUnits, verifyPart } from "../compute/slurm/parts";
import { buildVersions, chunkUnits, partFile, planKey } from "../compute/slurm/plan";
import { SPYSlurmError } from "../compute/slurm/commands";
import type { BatchIndex } from "./indexGenerator";
import type { BatchTransform } from "./transform";
import type { Progress } from "./progress";
import { BATCH_PLAN_FORMAT, BatchPlan, BatchPlanInput, encodeBatches } from "./slurmBatchPlan";

/**
 * The apply option `parallel`: null (run here) for false/null/undefined, else the checked Slurm
 * settings. Slurm tasks load the function by module path, so it must be a batch transformation
 * (spy.batch.butterworth, ..., or defineTransform), and the run writes to disk (mode "disk").
 */
export function checkSlurmApply(parallel: unknown, isTransform: boolean, mode: string): ResolvedSlurm | null {
  if (parallel === undefined || parallel === null || parallel === false) return null;
  if (!isBackendSpec(parallel)) {
    throw new SPYValueError("parallel", parallel, "false, null or { backend: \"slurm\", ... }", "local workers are the option processes");
  }
  const o = parseSlurmParallel(parallel);
  if (!isTransform) {
    throw new SPYValueError("parallel", "slurm", "false for a plain function",
      "array tasks cannot load a function defined in a notebook or script: use a spy.batch transformation or spy.batch.defineTransform({ module, name })");
  }
  if (mode !== "disk") throw new SPYValueError("parallel", "slurm", `false with mode "memory"`, "Slurm runs write their output to disk, in order");
  return o;
}

/** What a Slurm batch run needs from the processor. */
export interface SlurmBatchJob {
  fn: BatchTransform;
  /** kwargs of every call (the transformation's, the apply's and prepare's), without `trims`. */
  kwargs: Record<string, unknown>;
  batches: BatchIndex[];
  /** The recording (its parameters as the processor resolved them). */
  input: Omit<BatchPlanInput, "bytes" | "mtimeS">;
  n_observations: number;
  itemsize: number;
  buffer: number;
  processes: number;
}

/** What a finished Slurm batch run reports (tests look at it). */
export interface SlurmBatchRun {
  runDir: string;
  jobIds: string[];
  /** Batches of the run, array tasks they were split into. */
  batches: number;
  tasks: number;
  reused: number;
  /** Whether the run directory was removed after the merge (not with keep_parts). */
  removed: boolean;
  /** How the tasks started: "js", "dist" or "ts-node (why)". */
  taskStart: string;
}

let lastRun: SlurmBatchRun | null = null;

/** The last Slurm batch run that completed in this process, or null (tests and scripts look at it). */
export function lastSlurmBatchRun(): SlurmBatchRun | null {
  return lastRun;
}

const CALL_OVERHEAD = 500;

/** The batch task module of this process (compiled .js, or .ts under ts-node). */
function ownTaskEntry(): string {
  const js = path.join(__dirname, "slurmBatchTask.js");
  return fs.existsSync(js) ? js : path.join(__dirname, "slurmBatchTask.ts");
}

/**
 * Compute every batch of `job` on a Slurm job array and hand batch k's result to `sink(k, res)`
 * for k = 0, 1, ... in order, once all parts verify (nothing is handed over from an incomplete
 * run). An interrupt (SIGINT) cancels the array. The run directory is removed afterwards unless
 * `keep_parts`.
 */
export async function runBatchesOnSlurm(
  o: ResolvedSlurm, job: SlurmBatchJob, sink: (k: number, res: NDArray) => void | Promise<void>, progress: Progress,
  log: SlurmLog = defaultLog,
): Promise<SlurmBatchRun> {
  const array = new JobArray(o, log);
  const site = await array.preflight();
  const nTasks = Math.min(job.batches.length, o.n_tasks ?? 4 * o.n_workers, site.maxTasks);
  const chunks = chunkUnits(job.batches.map((b) => (b.stop - b.start + 2 * job.buffer) * b.channels.length + CALL_OVERHEAD), nTasks);
  const st = fs.statSync(job.input.path);
  const start = taskModules(ownTaskEntry(), [job.fn.ref.module]);
  const taskStart = start.via + (start.why ? ` (${start.why})` : "");
  const body: Omit<BatchPlan, "key"> = {
    format: BATCH_PLAN_FORMAT, name: job.fn.name, versions: buildVersions(), kernels: getKernelPath(), entry: start.entry,
    outDtype: job.fn.outDtype, chunks, ref: { ...job.fn.ref, module: start.modules[0] }, kwargs: encodeExact(job.kwargs),
    input: { ...job.input, path: path.resolve(job.input.path), bytes: st.size, mtimeS: Math.floor(st.mtimeMs / 1000) },
    n_observations: job.n_observations, buffer: job.buffer, processes: job.processes, ...encodeBatches(job.batches),
  };
  const plan: BatchPlan = { ...body, key: planKey(body) };
  const runDir = createRunDir(o.shared_dir, plan, stagingDir(o.shared_dir));
  log(`slurm: ${job.fn.name}: ${job.batches.length} batches in ${chunks.length} array tasks (%${o.n_workers}) in ${runDir}, ` +
    `tasks start from ${taskStart}${site.accounting ? "" : "; no accounting (sacct) on this cluster: states from squeue/scontrol"}`);

  const ac = new AbortController();
  const off = onInterrupt(() => ac.abort(new SPYInterruptError("batch run interrupted: the Slurm job array was cancelled")));
  try {
    await array.run(plan, runDir, chunks.length, ac.signal);
  } finally {
    off();
  }

  // merge: every batch, in order, through the processor's sink (cast, write, as in a local run)
  let bytes = 0;
  for (let i = 0; i < chunks.length; i++) {
    const v = verifyPart(plan, runDir, i);
    if (!v.ok) throw new SPYSlurmError(`part ${i} of ${runDir} no longer verifies: ${v.reason}`);
    const [b0, b1] = chunks[i];
    const shapes = job.batches.slice(b0, b1).map((b) => [b.stop - b.start, b.channels.length]);
    let k = b0;
    for (const res of readUnits(partFile(runDir, i), shapes)) {
      await sink(k, res);
      const b = job.batches[k];
      bytes += (b.stop - b.start) * b.channels.length * job.itemsize;
      progress.update(++k, bytes);
    }
  }
  const removed = array.finish(runDir);
  lastRun = { runDir, jobIds: [...array.jobIds], batches: job.batches.length, tasks: chunks.length, reused: array.reused, removed, taskStart };
  return lastRun;
}
