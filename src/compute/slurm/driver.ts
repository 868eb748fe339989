/**
 * The Slurm backend of ComputationalRoutine: one job array per run, driven through the Slurm
 * command-line tools from the login node (or the notebook's node).
 *
 * 1. Checks: sbatch on PATH, the partition exists, MaxArraySize (`scontrol show config`).
 * 2. Chunks the work units into N <= min(units, n_tasks or 4 x n_workers, MaxArraySize) tasks,
 *    writes each task's inputs and the plan into `<shared_dir>/run-<key>` (./plan.ts). An
 *    identical rerun has the same key and finds its verified parts: only the others run again.
 * 3. `sbatch --array=<missing>%n_workers` runs `spyts run-task plan.json $SLURM_ARRAY_TASK_ID`;
 *    squeue shows progress; when the array has left the queue, every part is verified (./parts.ts),
 *    tasks without a good part are reported (state and exit code from scontrol) and resubmitted,
 *    up to `retries` times; then the error names the failing tasks and shows the first one's log.
 * 4. The parts are read in chunk order and every unit goes to the routine's collector, which writes
 *    or averages exactly as in a local run: the result is the same bits.
 * Aborting (the signal, an interrupt) runs scancel and waits until the array has left the queue,
 * then removes the tasks' `.partial` files: no half-written part survives.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import type { NDArray } from "../../core/ndarray";
import type { MetadataValue } from "../../core/computeTypes";
import { getKernelPath } from "../../wasm/kernelPath";
import { abortReason } from "../interrupt";
import type { RemoteBackend, RemoteJob, RemoteStats } from "../remote";
import { encodeExact } from "./codec";
import {
  SPYSlurmError, arrayFinalStates, arrayQueue, checkPartition, hasAccounting, indexList, maxArraySize, slurmConfig, slurmTool,
} from "./commands";
import type { ResolvedSlurm } from "./options";
import { partMetadata, readUnits, verifyPart, writeUnits } from "./parts";
import {
  PLAN_FORMAT, SlurmPlan, buildVersions, chunkUnits, inputFile, partFile, planKey, readPlan, writeFileAtomic,
} from "./plan";

const CALL_OVERHEAD = 500;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Status lines of a run (progress per task); tests collect them. */
export type SlurmLog = (line: string) => void;

/** The task module this process would run (compiled .js, or .ts under ts-node in tests). */
function taskEntry(): string {
  const js = path.join(__dirname, "runTask.js");
  return fs.existsSync(js) ? js : path.join(__dirname, "runTask.ts");
}

/** bin/spyts.js of this package. */
function cliPath(): string {
  let dir = __dirname;
  for (;;) {
    const cand = path.join(dir, "bin", "spyts.js");
    if (fs.existsSync(cand) && fs.existsSync(path.join(dir, "package.json"))) return cand;
    const parent = path.dirname(dir);
    if (parent === dir) throw new SPYSlurmError("bin/spyts.js of the spyts package was not found");
    dir = parent;
  }
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export class SlurmBackend implements RemoteBackend {
  /** The run directory of the last run (tests look into it). */
  runDir?: string;
  /** The job ids submitted by the last run. */
  readonly jobIds: string[] = [];

  constructor(private readonly opts: ResolvedSlurm, private readonly log: SlurmLog = defaultLog) {}

  async run(job: RemoteJob, deliver: (i: number, out: NDArray, meta?: Record<string, MetadataValue>) => void, signal: AbortSignal): Promise<RemoteStats> {
    const o = this.opts;
    this.jobIds.length = 0;
    await slurmTool("sbatch", ["--version"]);
    const config = await slurmConfig();
    if (o.partition) await checkPartition(o.partition);
    const maxN = maxArraySize(config);
    const want = Math.min(job.units.length, o.n_tasks ?? 4 * o.n_workers, maxN);
    const chunks = chunkUnits(job.units.map((u) => u.inSlots + u.outSlots + CALL_OVERHEAD), want);
    const { plan, runDir } = this.prepare(job, chunks);
    this.runDir = runDir;
    const notes = [`slurm: ${chunks.length} array tasks (%${o.n_workers}) in ${runDir}` +
      `${hasAccounting(config) ? "" : "; no accounting (sacct) on this cluster: states from squeue/scontrol"}`];

    const failures = new Map<number, string>();
    let reused = 0;
    for (let attempt = 0; attempt <= o.retries; attempt++) {
      const todo: number[] = [];
      for (let i = 0; i < chunks.length; i++) if (!verifyPart(plan, runDir, i).ok) todo.push(i);
      if (attempt === 0) reused = chunks.length - todo.length;
      if (attempt === 0 && reused > 0) this.log(`slurm: ${reused} of ${chunks.length} parts verified from an earlier run, reused`);
      if (todo.length === 0) break;
      if (attempt > 0) this.log(`slurm: resubmitting task(s) ${indexList(todo)} (retry ${attempt} of ${o.retries})`);
      const jobId = await this.submit(runDir, todo);
      this.jobIds.push(jobId);
      await this.follow(jobId, plan, runDir, todo, signal);
      const states = await arrayFinalStates(jobId);
      failures.clear();
      for (const i of todo) {
        let v = verifyPart(plan, runDir, i);
        const st = states.get(i);
        // NFS: a part may show up a little after its task ended; wait a bounded time for it
        const deadline = performance.now() + o.part_wait_s * 1000;
        while (!v.ok && v.missing && (st?.state ?? "COMPLETED") === "COMPLETED" && performance.now() < deadline) {
          await sleep(200);
          v = verifyPart(plan, runDir, i);
        }
        if (v.ok) continue;
        const what = st ? `${st.state}, exit code ${st.exitCode}` : "state unknown";
        const why = v.missing && st?.state === "COMPLETED"
          ? `${v.reason} although the task completed: is shared_dir ${o.shared_dir} shared between this machine and the compute nodes?`
          : v.reason;
        failures.set(i, `task ${i} (job ${jobId}_${i}; ${what}): ${why}`);
        this.log(`slurm: task ${i} failed: ${what}: ${why}`);
      }
      if (failures.size === 0) break;
    }
    if (failures.size > 0) {
      const first = [...failures.keys()][0];
      const jobId = this.jobIds[this.jobIds.length - 1];
      throw new SPYSlurmError(`${failures.size} of ${chunks.length} Slurm array tasks failed after ${o.retries} retries: ` +
        `${[...failures.values()].join("; ")}\n--- log of task ${first} (${this.logPath(runDir, jobId, first, "err")}) ---\n` +
        `${tailOf(this.logPath(runDir, jobId, first, "err"))}${tailOf(this.logPath(runDir, jobId, first, "out"))}`);
    }

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
    if (reused > 0) notes.push(`slurm: ${reused} parts reused from an earlier identical run`);
    return { nWorkers: o.n_workers, tasks: chunks.length, workerMs, notes };
  }

  /** Write the inputs and the plan (or find an identical earlier run); returns the run directory. */
  private prepare(job: RemoteJob, chunks: Array<[number, number]>): { plan: SlurmPlan; runDir: string } {
    const shared = this.opts.shared_dir;
    fs.mkdirSync(shared, { recursive: true });
    const staging = path.join(shared, `.staging-${process.pid}-${crypto.randomBytes(6).toString("hex")}`);
    fs.mkdirSync(path.join(staging, "inputs"), { recursive: true });
    try {
      const inputSha256: string[] = [];
      for (let c = 0; c < chunks.length; c++) {
        const [u0, u1] = chunks[c];
        const gen = function* () { for (let i = u0; i < u1; i++) yield job.readInput(i); };
        inputSha256.push(writeUnits(inputFile(staging, c), job.inDtype, gen()).sha256);
      }
      const body: Omit<SlurmPlan, "key"> = {
        format: PLAN_FORMAT, name: job.name, versions: buildVersions(), kernels: getKernelPath(), entry: taskEntry(),
        ref: job.ref, kwargs: encodeExact(job.kwargs), inDtype: job.inDtype, outDtype: job.outDtype, chunkShape: job.chunkShape,
        units: job.units.map((u) => ({ trial: u.trial, chunk: u.chunk, inShape: u.inShape, outShape: u.outShape })),
        chunks, inputSha256,
      };
      const key = planKey(body);
      const plan: SlurmPlan = { ...body, key };
      const runDir = path.join(shared, `run-${key.slice(0, 20)}`);
      if (fs.existsSync(path.join(runDir, "plan.json")) && readPlan(path.join(runDir, "plan.json")).key === key) {
        fs.rmSync(staging, { recursive: true, force: true });
        return { plan, runDir };
      }
      fs.mkdirSync(path.join(staging, "parts"));
      fs.mkdirSync(path.join(staging, "logs"));
      writeFileAtomic(path.join(staging, "plan.json"), JSON.stringify(plan) + "\n");
      fs.rmSync(runDir, { recursive: true, force: true });     // an unfinished directory without a plan
      fs.renameSync(staging, runDir);
      return { plan, runDir };
    } catch (e) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw e;
    }
  }

  private logPath(runDir: string, jobId: string, i: number, ext: "out" | "err"): string {
    return path.join(runDir, "logs", `${jobId}_${i}.${ext}`);
  }

  private async submit(runDir: string, indices: number[]): Promise<string> {
    const o = this.opts;
    const script = path.join(runDir, "task.sh");
    writeFileAtomic(script, `#!/bin/sh\n# one task of a spyts job array (spyts run-task)\n` +
      `exec ${shq(o.node)} ${shq(cliPath())} run-task ${shq(path.join(runDir, "plan.json"))} "$SLURM_ARRAY_TASK_ID"\n`);
    const args = [
      "--parsable", `--array=${indexList(indices)}%${o.n_workers}`, `--job-name=spyts`, `--chdir=${runDir}`,
      `--output=${path.join(runDir, "logs", "%A_%a.out")}`, `--error=${path.join(runDir, "logs", "%A_%a.err")}`,
      `--cpus-per-task=${o.cpus_per_task}`,
    ];
    if (o.partition) args.push(`--partition=${o.partition}`);
    if (o.mem_per_worker) args.push(`--mem=${o.mem_per_worker}`);
    if (o.time) args.push(`--time=${o.time}`);
    args.push(...o.sbatch_args, script);
    const out = (await slurmTool("sbatch", args)).trim();
    const jobId = out.split(";")[0];
    if (!/^\d+$/.test(jobId)) throw new SPYSlurmError(`sbatch printed no job id: ${out}`);
    this.log(`slurm: submitted job array ${jobId} (tasks ${indexList(indices)}, at most ${o.n_workers} at a time)`);
    return jobId;
  }

  /** Poll squeue until the array has left the queue; on abort, scancel and clean up. */
  private async follow(jobId: string, plan: SlurmPlan, runDir: string, todo: number[], signal: AbortSignal): Promise<void> {
    let last = "";
    for (;;) {
      if (signal.aborted) {
        await this.cancel(jobId, runDir);
        throw abortReason(signal);
      }
      const q = await arrayQueue(jobId);
      let running = 0;
      for (const s of q.values()) if (s === "RUNNING" || s === "COMPLETING") running++;
      const done = todo.filter((i) => !q.has(i) && verifyPart(plan, runDir, i).ok).length;
      const line = `slurm: job ${jobId}: ${done} of ${todo.length} tasks done, ${running} running, ${q.size - running} pending`;
      if (line !== last) this.log(line);
      last = line;
      if (q.size === 0) return;
      await waitOrAbort(this.opts.poll_ms, signal);
    }
  }

  /** scancel the array, wait (bounded) until it has left the queue, remove half-written files. */
  private async cancel(jobId: string, runDir: string): Promise<void> {
    await slurmTool("scancel", [jobId]).catch(() => undefined);
    for (let t = 0; t < 150; t++) {
      if ((await arrayQueue(jobId).catch(() => new Map())).size === 0) break;
      await sleep(200);
    }
    for (const f of fs.readdirSync(path.join(runDir, "parts"))) {
      if (f.endsWith(".partial") || f.includes(".tmp-")) fs.rmSync(path.join(runDir, "parts", f), { force: true });
    }
    this.log(`slurm: cancelled job array ${jobId}`);
  }
}

function waitOrAbort(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

function tailOf(file: string, lines = 20): string {
  try {
    const text = fs.readFileSync(file, "utf8").trimEnd();
    return text.length === 0 ? "" : text.split("\n").slice(-lines).join("\n") + "\n";
  } catch {
    return "";
  }
}

function defaultLog(line: string): void {
  if (process.env.SPYTS_SLURM_QUIET !== "1") process.stderr.write(line + "\n");
}
