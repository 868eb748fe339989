/**
 * The plan of one Slurm run, a JSON file on the shared filesystem that every array task reads:
 * the compute function (module path + export name) and its kwargs (exact JSON, ./codec), the
 * work units (trials, or trial x channel blocks) and the chunk table (task i computes units
 * chunks[i][0] .. chunks[i][1]-1, whose inputs are inputs/chunk-<i>.arrow), and the versions
 * the result depends on bit for bit: spyts, Node/V8 (Math.*), and the wasm build.
 *
 * Layout of a run directory (`<shared_dir>/run-<key>`; the key hashes all of the above and the
 * inputs, so an identical rerun finds its verified parts again):
 *   plan.json  task.sh  inputs/chunk-00000.arrow ...  parts/part-00000.arrow + .json ...  logs/
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { DType } from "../../core/ndarray";
import type { ComputeFunctionRef } from "../../core/computeTypes";
import { spytsVersion } from "../../data/storage";
import { SPYIOError } from "../../core/errors";

export const PLAN_FORMAT = "spyts-slurm-plan/1";

/** What must be equal between the driver and every task for bit-identical results. */
export interface BuildVersions {
  spyts: string;
  node: string;
  v8: string;
  /** sha256 over build/wasm/*.wasm (names and bytes), or "none". */
  wasm: string;
}

export interface PlanUnit { trial: number; chunk: number; inShape: number[]; outShape: number[] }

/**
 * What every job-array plan has, whatever its tasks compute (a ComputationalRoutine's trials, or
 * the batches of a BatchProcessor run): ./array.ts submits, verifies and retries by these fields.
 */
export interface ArrayPlan {
  /** The plan kind and its version, e.g. "spyts-slurm-plan/1". */
  format: string;
  /** sha256 of everything below and of the inputs; also the run directory's name. */
  key: string;
  name: string;
  versions: BuildVersions;
  /** The kernel path the driver ran with (wasm/kernelPath.ts). */
  kernels: string;
  /** Absolute path of the task module exporting `runTaskMain` (a .js file, or a .ts file run through ts-node). */
  entry: string;
  /** dtype of the parts' records. */
  outDtype: DType;
  /** [first, end) work unit of each array task. */
  chunks: Array<[number, number]>;
}

/** The plan of a ComputationalRoutine run (trials or trial x channel blocks). */
export interface SlurmPlan extends ArrayPlan {
  format: typeof PLAN_FORMAT;
  ref: ComputeFunctionRef;
  /** kwargs in ./codec's exact JSON. */
  kwargs: unknown;
  inDtype: DType;
  chunkShape: number[];
  units: PlanUnit[];
  /** sha256 of each task's input file. */
  inputSha256: string[];
}

let cachedWasm: string | undefined;

/** sha256 of the wasm build beside this package (build/wasm/*.wasm), "none" without one. */
export function wasmBuildHash(): string {
  if (cachedWasm !== undefined) return cachedWasm;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, "build", "wasm");
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(candidate)) {
      const h = crypto.createHash("sha256");
      for (const f of fs.readdirSync(candidate).filter((n) => n.endsWith(".wasm")).sort()) {
        h.update(f + "\0");
        h.update(fs.readFileSync(path.join(candidate, f)));
      }
      return (cachedWasm = h.digest("hex"));
    }
    const parent = path.dirname(dir);
    if (parent === dir) return (cachedWasm = "none");
    dir = parent;
  }
}

/** This process's build versions. */
export function buildVersions(): BuildVersions {
  return { spyts: spytsVersion(), node: process.version, v8: process.versions.v8, wasm: wasmBuildHash() };
}

/** The differences between two version records, as "node v20.1.0 vs v20.2.0; ..." (empty when equal). */
export function versionMismatch(expected: BuildVersions, got: BuildVersions): string {
  const diffs: string[] = [];
  for (const k of ["spyts", "node", "v8", "wasm"] as const) {
    if (expected[k] !== got[k]) diffs.push(`${k} ${got[k]} (plan: ${expected[k]})`);
  }
  return diffs.join("; ");
}

/**
 * Split units into `n` contiguous chunks of about equal cost (elements in + out + a per-call
 * overhead, the cost model of the local pool). Which units share a task does not change any
 * result: the driver hands the units to the routine's collector one by one in unit order, as the
 * local run does.
 */
export function chunkUnits(costs: number[], n: number): Array<[number, number]> {
  const total = costs.reduce((a, b) => a + b, 0);
  const chunks: Array<[number, number]> = [];
  let start = 0;
  let acc = 0;
  for (let c = 0; c < n; c++) {
    const left = n - c;
    if (left === 1) {
      chunks.push([start, costs.length]);
      break;
    }
    const target = (total * (c + 1)) / n;
    let end = start;
    // at least one unit per chunk, and leave one for each chunk after this
    while (end < costs.length - (left - 1) && (end === start || acc + costs[end] <= target)) acc += costs[end++];
    chunks.push([start, end]);
    start = end;
  }
  return chunks;
}

/** The plan's key: sha256 of its content (without the key) and the inputs' checksums. */
export function planKey(plan: Omit<ArrayPlan, "key">): string {
  return crypto.createHash("sha256").update(JSON.stringify(plan)).digest("hex");
}

/** Read and check a plan file of the given format (default: a ComputationalRoutine's). */
export function readPlan<P extends ArrayPlan = SlurmPlan>(file: string, format: string = PLAN_FORMAT): P {
  let plan: P;
  try {
    plan = JSON.parse(fs.readFileSync(file, "utf8")) as P;
  } catch (e) {
    throw new SPYIOError(file, `cannot read the Slurm plan: ${(e as Error).message}`);
  }
  if (plan?.format !== format) throw new SPYIOError(file, `not a spyts Slurm plan of this kind (format ${String(plan?.format)}, expected ${format})`);
  return plan;
}

/** Write a small file through temp file, fsync and rename (NFS: readers see all of it or nothing). */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export const pad5 = (i: number): string => String(i).padStart(5, "0");
export const inputFile = (runDir: string, i: number): string => path.join(runDir, "inputs", `chunk-${pad5(i)}.arrow`);
export const partFile = (runDir: string, i: number): string => path.join(runDir, "parts", `part-${pad5(i)}.arrow`);
export const partInfoFile = (runDir: string, i: number): string => path.join(runDir, "parts", `part-${pad5(i)}.json`);
