/**
 * The Slurm command-line tools, called with child_process (no REST API, no Python bridge):
 * sbatch to submit, squeue for what is pending or running, scontrol for the configuration and
 * for finished tasks (kept for MinJobAge), scancel. sacct is never needed (many sites run no
 * accounting; see the README section on Slurm).
 */
import { execFile } from "child_process";
import { SPYError, SPYValueError } from "../../core/errors";

/** Raised when a Slurm tool is missing or refuses a request. */
export class SPYSlurmError extends SPYError {
  constructor(message: string) {
    super(message);
    this.name = "SPYSlurmError";
  }
}

/** Run one Slurm tool; resolves with stdout, rejects with a SPYSlurmError naming the tool and its message. */
export function slurmTool(tool: string, args: string[], opts: { timeoutMs?: number; cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    // env given explicitly: sbatch passes this environment on to the tasks (--export=ALL), and a
    // sandboxed process.env (jest's, a notebook's edits) is what the caller means
    execFile(tool, args, { timeout: opts.timeoutMs ?? 60_000, cwd: opts.cwd, maxBuffer: 64 * 2 ** 20, env: process.env }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT") {
          reject(new SPYSlurmError(`${tool} not found on PATH: parallel: { backend: "slurm" } needs the Slurm client tools ` +
            `(sbatch, squeue, scontrol, scancel) and munge on this machine (the login node)`));
          return;
        }
        const msg = String(stderr || err.message).trim();
        reject(new SPYSlurmError(`${tool} ${args.join(" ")} failed: ${msg}`));
        return;
      }
      resolve(String(stdout));
    });
  });
}

/** `scontrol show config` as key -> value. */
export async function slurmConfig(): Promise<Map<string, string>> {
  const out = await slurmTool("scontrol", ["show", "config"]);
  const m = new Map<string, string>();
  for (const line of out.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) m.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return m;
}

/** Largest array index the site allows + 1 (MaxArraySize; Slurm's default 1001). */
export function maxArraySize(config: Map<string, string>): number {
  const v = Number(config.get("MaxArraySize"));
  return Number.isInteger(v) && v > 0 ? v : 1001;
}

/** Whether the site keeps accounting (then sacct would work; spyts does not need it). */
export function hasAccounting(config: Map<string, string>): boolean {
  const v = config.get("AccountingStorageType") ?? "accounting_storage/none";
  return v !== "accounting_storage/none";
}

/** Refuse a partition the cluster does not have, listing those it has. */
export async function checkPartition(partition: string): Promise<void> {
  const out = await slurmTool("sinfo", ["-h", "-o", "%R"]);
  const names = [...new Set(out.split("\n").map((s) => s.trim()).filter(Boolean))];
  if (!names.includes(partition)) {
    throw new SPYValueError("parallel.partition", partition, `one of this cluster's partitions: ${names.join(", ") || "(none)"}`);
  }
}

/** `squeue` states of the array's pending/running tasks: index -> state ("PENDING", "RUNNING", ...). */
export async function arrayQueue(jobId: string): Promise<Map<number, string>> {
  const out = await slurmTool("squeue", ["-h", "-r", "-j", jobId, "-o", "%i %T"]).catch((e: Error) => {
    // squeue refuses a job id it has forgotten: nothing is queued any more
    if (/Invalid job id/i.test(e.message)) return "";
    throw e;
  });
  const m = new Map<number, string>();
  for (const line of out.split("\n")) {
    const [id, state] = line.trim().split(/\s+/);
    const at = id?.lastIndexOf("_") ?? -1;
    if (at > 0) {
      const idx = Number(id.slice(at + 1));
      if (Number.isInteger(idx)) m.set(idx, state);
    }
  }
  return m;
}

/** Finished tasks' state and exit code from `scontrol show job` (kept for MinJobAge after the end). */
export async function arrayFinalStates(jobId: string): Promise<Map<number, { state: string; exitCode: string; reason: string }>> {
  const m = new Map<number, { state: string; exitCode: string; reason: string }>();
  const out = await slurmTool("scontrol", ["show", "job", "-o", jobId]).catch(() => "");
  for (const line of out.split("\n")) {
    const idx = /ArrayTaskId=(\d+)(\s|$)/.exec(line);
    if (!idx) continue;
    m.set(Number(idx[1]), {
      state: /JobState=(\S+)/.exec(line)?.[1] ?? "UNKNOWN",
      exitCode: /ExitCode=(\S+)/.exec(line)?.[1] ?? "?",
      reason: /Reason=(\S+)/.exec(line)?.[1] ?? "",
    });
  }
  return m;
}

/** Compress indices into sbatch's list form: [0,1,2,5,7,8] -> "0-2,5,7-8". */
export function indexList(indices: number[]): string {
  const s = [...indices].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}
