/**
 * `parallel: { backend: "slurm", ... }`: the keyword every metafunction that runs a
 * ComputationalRoutine accepts to run its trials as one Slurm job array (see ./driver.ts).
 */
import * as os from "os";
import * as path from "path";
import { SPYTypeError, SPYValueError } from "../../core/errors";
import { checkBoolean, checkKeywords } from "../../core/keywords";

/** What the user writes (snake_case, as the other keywords). */
export interface SlurmParallel {
  backend: "slurm";
  /** Partition (`sbatch -p`); default: the cluster's default partition. */
  partition?: string;
  /** Array tasks running at the same time (the `%K` throttle). Default 4. */
  n_workers?: number;
  /** Array tasks (chunks of trials); default min(trials, 4 x n_workers), at most MaxArraySize. */
  n_tasks?: number;
  /** Memory per task, e.g. "2G" (`sbatch --mem`). Default: the site's default. Always set it on real clusters. */
  mem_per_worker?: string;
  /** Wall time per task, e.g. "00:30:00" (`sbatch --time`). Default: the partition's limit. */
  time?: string;
  /** CPUs per task (`--cpus-per-task`). Default 1. */
  cpus_per_task?: number;
  /** Further `sbatch` arguments, passed through unchanged (e.g. ["--account=lab", "--qos=short"]). */
  sbatch_args?: string[];
  /** A directory every node sees at the same path (plans, inputs, parts, logs). Default $SPYTS_SLURM_DIR, else ~/.spyts/slurm. */
  shared_dir?: string;
  /** Resubmissions of failed or missing tasks before giving up. Default 2. */
  retries?: number;
  /** How often squeue is asked, ms. Default 2000. */
  poll_ms?: number;
  /** How long a part may take to appear after its task ended (NFS attribute caches), s. Default 30. */
  part_wait_s?: number;
  /** The node binary on the compute nodes. Default: this process's (`process.execPath`). */
  node?: string;
  /**
   * Keep the run directory (plan, inputs, parts, logs) after a successful merge, so that an
   * identical rerun reuses its parts. Default false: removed once every part has been merged.
   * A failed or interrupted run always keeps its verified parts for the next attempt.
   */
  keep_parts?: boolean;
}

export type ResolvedSlurm = Required<Omit<SlurmParallel, "partition" | "mem_per_worker" | "time" | "n_tasks">> &
  Pick<SlurmParallel, "partition" | "mem_per_worker" | "time" | "n_tasks">;

const KEYS = [
  "backend", "partition", "n_workers", "n_tasks", "mem_per_worker", "time", "cpus_per_task", "sbatch_args", "shared_dir",
  "retries", "poll_ms", "part_wait_s", "node", "keep_parts",
];

/** Whether `v` asks for a backend object (rather than true/false/null). */
export function isBackendSpec(v: unknown): v is { backend: unknown } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "backend" in v;
}

function positiveInt(v: unknown, name: string, dflt: number, min = 1): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== "number") throw new SPYTypeError(`parallel.${name}`, v, `an integer >= ${min}`);
  if (!Number.isInteger(v) || v < min) throw new SPYValueError(`parallel.${name}`, v, `an integer >= ${min}`);
  return v;
}

function optString(v: unknown, name: string, what: string, re?: RegExp): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new SPYTypeError(`parallel.${name}`, v, what);
  if (v.length === 0 || (re && !re.test(v))) throw new SPYValueError(`parallel.${name}`, v, what);
  return v;
}

/**
 * Check `parallel: { backend: "slurm", ... }` and fill in the defaults. Unknown keys are refused
 * (with the nearest allowed one), as everywhere in spyts.
 */
export function parseSlurmParallel(v: unknown, env: NodeJS.ProcessEnv = process.env): ResolvedSlurm {
  if (!isBackendSpec(v)) throw new SPYTypeError("parallel", v, "true, false, null or { backend: \"slurm\", ... }");
  if (v.backend !== "slurm") throw new SPYValueError("parallel.backend", v.backend, "\"slurm\"");
  const o = v as Record<string, unknown>;
  checkKeywords(o, KEYS, "parallel");
  const args = o.sbatch_args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) {
    throw new SPYTypeError("parallel.sbatch_args", args, "an array of strings (sbatch arguments)");
  }
  for (const a of args as string[]) {
    if (/^--?(a|array|o|output|e|error|parsable|W|wait)(=|$)/.test(a)) {
      throw new SPYValueError("parallel.sbatch_args", a, "sbatch arguments other than --array, --output, --error, --parsable and --wait, which spyts sets");
    }
  }
  const shared = optString(o.shared_dir, "shared_dir", "an absolute directory path every node sees")
    ?? env.SPYTS_SLURM_DIR ?? path.join(os.homedir(), ".spyts", "slurm");
  if (!path.isAbsolute(shared)) throw new SPYValueError("parallel.shared_dir", shared, "an absolute directory path every node sees");
  return {
    backend: "slurm",
    partition: optString(o.partition, "partition", "a partition name", /^[A-Za-z0-9_.,-]+$/),
    n_workers: positiveInt(o.n_workers, "n_workers", 4),
    n_tasks: o.n_tasks === undefined || o.n_tasks === null ? undefined : positiveInt(o.n_tasks, "n_tasks", 1),
    mem_per_worker: optString(o.mem_per_worker, "mem_per_worker", "a memory size such as \"2G\" or \"500M\"", /^\d+[KMGT]?$/i),
    time: optString(o.time, "time", "a Slurm time such as \"30\", \"01:00:00\" or \"1-00:00:00\"", /^(\d+-)?\d+(:\d+){0,2}$/),
    cpus_per_task: positiveInt(o.cpus_per_task, "cpus_per_task", 1),
    sbatch_args: [...(args as string[])],
    shared_dir: shared,
    retries: positiveInt(o.retries, "retries", 2, 0),
    poll_ms: positiveInt(o.poll_ms, "poll_ms", 2000, 10),
    part_wait_s: positiveInt(o.part_wait_s, "part_wait_s", 30, 0),
    node: optString(o.node, "node", "the path of the node binary on the compute nodes") ?? process.execPath,
    keep_parts: checkBoolean(o.keep_parts ?? false, "parallel.keep_parts"),
  };
}
