/**
 * The Slurm backend of ComputationalRoutine: one job array per run (./array.ts submits, follows,
 * verifies and retries it).
 *
 * 1. Chunks the work units into N <= min(units, n_tasks or 4 x n_workers, MaxArraySize) tasks,
 *    writes each task's inputs and the plan into `<shared_dir>/run-<key>` (./plan.ts). An
 *    identical rerun has the same key and finds its verified parts: only the others run again.
 * 2. The job array runs the tasks (./runTask.ts) until every part verifies (./array.ts).
 * 3. The parts are read in chunk order and every unit goes to the routine's collector, which writes
 *    or averages exactly as in a local run: the result is the same bits.
 * 4. The run directory is removed after the merge, unless `keep_parts: true`.
 */
import * as path from "path";
import type { NDArray } from "../../core/ndarray";
import type { MetadataValue } from "../../core/computeTypes";
import { getKernelPath } from "../../wasm/kernelPath";
import type { RemoteBackend, RemoteJob, RemoteStats } from "../remote";
import { encodeExact } from "./codec";
import { SPYSlurmError } from "./commands";
import { JobArray, SlurmLog, createRunDir, defaultLog, stagingDir } from "./array";
import { taskModules } from "./entry";
import type { ResolvedSlurm } from "./options";
import { partMetadata, readUnits, verifyPart, writeUnits } from "./parts";
import { PLAN_FORMAT, SlurmPlan, buildVersions, chunkUnits, inputFile, partFile, planKey } from "./plan";
import * as fs from "fs";

export type { SlurmLog } from "./array";

const CALL_OVERHEAD = 500;

/** The task module of this process (compiled .js, or .ts under ts-node in tests). */
function ownTaskEntry(): string {
  const js = path.join(__dirname, "runTask.js");
  return fs.existsSync(js) ? js : path.join(__dirname, "runTask.ts");
}

/** The Slurm backend a `parallel: { backend: "slurm", ... }` ComputationalRoutine run uses. */
export class SlurmBackend implements RemoteBackend {
  /** The run directory of the last run (tests look into it; removed after success unless keep_parts). */
  runDir?: string;
  private array?: JobArray;
  /** How the last run's tasks started (./entry.ts: "js", "dist" or "ts-node"). */
  taskStart?: string;

  constructor(private readonly opts: ResolvedSlurm, private readonly log: SlurmLog = defaultLog) {}

  /** The job ids submitted by the current or last run (the first submission, then one per retry). */
  get jobIds(): readonly string[] {
    return this.array?.jobIds ?? [];
  }

  async run(job: RemoteJob, deliver: (i: number, out: NDArray, meta?: Record<string, MetadataValue>) => void, signal: AbortSignal): Promise<RemoteStats> {
    const o = this.opts;
    const array = (this.array = new JobArray(o, this.log));
    const site = await array.preflight();
    const want = Math.min(job.units.length, o.n_tasks ?? 4 * o.n_workers, site.maxTasks);
    const chunks = chunkUnits(job.units.map((u) => u.inSlots + u.outSlots + CALL_OVERHEAD), want);
    const { plan, runDir } = this.prepare(job, chunks);
    this.runDir = runDir;
    const notes = [`slurm: ${chunks.length} array tasks (%${o.n_workers}) in ${runDir}, started from ${this.taskStart}` +
      `${site.accounting ? "" : "; no accounting (sacct) on this cluster: states from squeue/scontrol"}`];
    await array.run(plan, runDir, chunks.length, signal);

    // merge: every unit, in order, through the routine's collector
    let workerMs = 0;
    for (let i = 0; i < chunks.length; i++) {
      const v = verifyPart(plan, runDir, i);
      if (!v.ok) throw new SPYSlurmError(`part ${i} of ${runDir} no longer verifies: ${v.reason}`);
      workerMs += v.info.ms;
      const [u0, u1] = chunks[i];
      const metas = partMetadata(v.info);
      let j = 0;
      for (const out of readUnits(partFile(runDir, i), plan.units.slice(u0, u1).map((u) => u.outShape))) {
        deliver(u0 + j, out, metas.get(j));
        j++;
      }
    }
    if (array.reused > 0) notes.push(`slurm: ${array.reused} parts reused from an earlier identical run`);
    if (array.finish(runDir)) notes.push(`slurm: run directory removed after the merge (keep_parts: true keeps it)`);
    return { nWorkers: o.n_workers, tasks: chunks.length, workerMs, notes };
  }

  /** Write the inputs and the plan (or find an identical earlier run); returns the run directory. */
  private prepare(job: RemoteJob, chunks: Array<[number, number]>): { plan: SlurmPlan; runDir: string } {
    const staging = stagingDir(this.opts.shared_dir);
    try {
      fs.mkdirSync(path.join(staging, "inputs"));
      const inputSha256: string[] = [];
      for (let c = 0; c < chunks.length; c++) {
        const [u0, u1] = chunks[c];
        const gen = function* () { for (let i = u0; i < u1; i++) yield job.readInput(i); };
        inputSha256.push(writeUnits(inputFile(staging, c), job.inDtype, gen()).sha256);
      }
      const start = taskModules(ownTaskEntry(), [job.ref.module]);
      this.taskStart = start.via + (start.why ? ` (${start.why})` : "");
      const body: Omit<SlurmPlan, "key"> = {
        format: PLAN_FORMAT, name: job.name, versions: buildVersions(), kernels: getKernelPath(), entry: start.entry,
        ref: { ...job.ref, module: start.modules[0] }, kwargs: encodeExact(job.kwargs), inDtype: job.inDtype, outDtype: job.outDtype,
        chunkShape: job.chunkShape,
        units: job.units.map((u) => ({ trial: u.trial, chunk: u.chunk, inShape: u.inShape, outShape: u.outShape })),
        chunks, inputSha256,
      };
      const plan: SlurmPlan = { ...body, key: planKey(body) };
      return { plan, runDir: createRunDir(this.opts.shared_dir, plan, staging) };
    } catch (e) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw e;
    }
  }
}
