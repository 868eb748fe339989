/**
 * One Slurm job array over a plan in a run directory, whatever its tasks compute (the trials of a
 * ComputationalRoutine, ./driver.ts; the batches of a BatchProcessor run, batch/slurmBatch.ts):
 *
 * 1. `preflight`: sbatch on PATH, the partition exists, MaxArraySize (`scontrol show config`).
 * 2. `createRunDir`: the plan (and whatever the caller staged beside it) becomes
 *    `<shared_dir>/run-<key>`; an identical earlier run's directory is found again instead.
 * 3. `run`: `sbatch --array=<missing>%n_workers` runs `spyts run-task plan.json $SLURM_ARRAY_TASK_ID`;
 *    squeue shows progress; when the array has left the queue every part is verified (./parts.ts),
 *    tasks without a good part are reported (state and exit code from scontrol) and resubmitted,
 *    up to `retries` times; then the error names the failing tasks and shows the first one's log.
 *    Aborting (the signal) runs scancel, waits until the array has left the queue and removes the
 *    tasks' half-written files.
 * 4. `finish`: after the caller merged the parts, the run directory is removed (unless keep_parts).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { abortReason } from "../interrupt";
import {
  SPYSlurmError, arrayFinalStates, arrayQueue, checkPartition, hasAccounting, indexList, maxArraySize, slurmConfig, slurmTool,
} from "./commands";
import type { ResolvedSlurm } from "./options";
import { verifyPart } from "./parts";
import { ArrayPlan, readPlan, writeFileAtomic } from "./plan";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Status lines of a run (progress per task); tests collect them. */
export type SlurmLog = (line: string) => void;

/** What the cluster allows, from `scontrol show config`. */
export interface SlurmSite {
  /** MaxArraySize: the most array tasks one run may have. */
  maxTasks: number;
  /** Whether the site keeps accounting (spyts does not need it; the log says so when absent). */
  accounting: boolean;
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

/** A staging folder in shared_dir for a run directory's files before the plan's key is known. */
export function stagingDir(shared: string): string {
  fs.mkdirSync(shared, { recursive: true });
  const staging = path.join(shared, `.staging-${process.pid}-${crypto.randomBytes(6).toString("hex")}`);
  fs.mkdirSync(staging, { recursive: true });
  return staging;
}

/**
 * Make `staging` (holding whatever the tasks read besides the plan) the run directory of `plan`,
 * `<shared>/run-<key>`, with plan.json, parts/ and logs/; or, when that directory already holds
 * this plan, drop the staging folder and return it (its verified parts are reused).
 */
export function createRunDir(shared: string, plan: ArrayPlan, staging: string): string {
  const runDir = path.join(shared, `run-${plan.key.slice(0, 20)}`);
  try {
    if (fs.existsSync(path.join(runDir, "plan.json")) && readPlan(path.join(runDir, "plan.json"), plan.format).key === plan.key) {
      fs.rmSync(staging, { recursive: true, force: true });
      return runDir;
    }
    fs.mkdirSync(path.join(staging, "parts"));
    fs.mkdirSync(path.join(staging, "logs"));
    writeFileAtomic(path.join(staging, "plan.json"), JSON.stringify(plan) + "\n");
    fs.rmSync(runDir, { recursive: true, force: true });     // an unfinished directory without a plan
    fs.renameSync(staging, runDir);
    return runDir;
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

export class JobArray {
  /** The job ids submitted so far (the first submission, then one per retry). */
  readonly jobIds: string[] = [];
  /** Parts found verified from an earlier identical run before anything was submitted. */
  reused = 0;

  constructor(private readonly opts: ResolvedSlurm, private readonly log: SlurmLog = defaultLog) {}

  /** Check that the Slurm tools answer and the partition exists; what the site allows. */
  async preflight(): Promise<SlurmSite> {
    await slurmTool("sbatch", ["--version"]);
    const config = await slurmConfig();
    if (this.opts.partition) await checkPartition(this.opts.partition);
    return { maxTasks: maxArraySize(config), accounting: hasAccounting(config) };
  }

  /**
   * Run the tasks of `plan` in `runDir` that have no verified part, retrying failed ones; resolves
   * when every one of the `nTasks` parts verifies, throws a SPYSlurmError naming the tasks that
   * still fail after `retries` resubmissions.
   */
  async run(plan: ArrayPlan, runDir: string, nTasks: number, signal: AbortSignal): Promise<void> {
    const o = this.opts;
    this.jobIds.length = 0;
    const failures = new Map<number, string>();
    for (let attempt = 0; attempt <= o.retries; attempt++) {
      const todo: number[] = [];
      for (let i = 0; i < nTasks; i++) if (!verifyPart(plan, runDir, i).ok) todo.push(i);
      if (attempt === 0) this.reused = nTasks - todo.length;
      if (attempt === 0 && this.reused > 0) this.log(`slurm: ${this.reused} of ${nTasks} parts verified from an earlier run, reused`);
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
      throw new SPYSlurmError(`${failures.size} of ${nTasks} Slurm array tasks failed after ${o.retries} retries: ` +
        `${[...failures.values()].join("; ")}\n--- log of task ${first} (${logPath(runDir, jobId, first, "err")}) ---\n` +
        `${tailOf(logPath(runDir, jobId, first, "err"))}${tailOf(logPath(runDir, jobId, first, "out"))}`);
    }
  }

  /** After a successful merge: remove the run directory, unless keep_parts. Returns whether it was removed. */
  finish(runDir: string): boolean {
    if (this.opts.keep_parts) return false;
    try {
      fs.rmSync(runDir, { recursive: true, force: true });
      return true;
    } catch (e) {
      // the result is complete; a directory that will not go is only worth a line
      this.log(`slurm: could not remove ${runDir}: ${(e as Error).message}`);
      return false;
    }
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
  private async follow(jobId: string, plan: ArrayPlan, runDir: string, todo: number[], signal: AbortSignal): Promise<void> {
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

function logPath(runDir: string, jobId: string, i: number, ext: "out" | "err"): string {
  return path.join(runDir, "logs", `${jobId}_${i}.${ext}`);
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

/** Status lines to stderr, unless SPYTS_SLURM_QUIET=1. */
export function defaultLog(line: string): void {
  if (process.env.SPYTS_SLURM_QUIET !== "1") process.stderr.write(line + "\n");
}
