/**
 * One array task: `spyts run-task <plan.json> <index>` (bin/spyts.js) lands here. It refuses a
 * plan made by another build, reads its chunk's inputs, calls the compute function on each unit
 * exactly as the main thread of a local run does (same kwargs, same ctx), and writes its part.
 *
 * Test hooks, honoured only under NODE_ENV=test (jest sets it; sbatch passes the environment on):
 * SPYTS_SLURM_TEST_FAIL="3" fails task 3 once (a marker file in the run directory remembers it),
 * SPYTS_SLURM_TEST_KILL="3" kills task 3's own process with SIGKILL once (a node dying mid-task),
 * SPYTS_SLURM_TEST_NOPART="3" exits 0 without writing its part once (a directory that is not shared),
 * SPYTS_SLURM_TEST_DELAY_MS sleeps before writing (so a test can cancel a running array).
 */
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import type { NDArray } from "../../core/ndarray";
import type { ComputeFunction, MetadataValue } from "../../core/computeTypes";
import { setKernelPath, type KernelChoice } from "../../wasm/kernelPath";
import { checkResult, parseComputeReturn } from "../ndutil";
import { decodeExact } from "./codec";
import { buildVersions, inputFile, readPlan, versionMismatch } from "./plan";
import { readUnits, writePart } from "./parts";
import type { ArrayPlan, BuildVersions, SlurmPlan } from "./plan";

/** Exit codes of a task (besides 0): the driver reports them by name. */
export const EXIT_VERSION = 3;
export const EXIT_FAILED = 1;

/**
 * A test hook (NODE_ENV=test only): whether the comma-separated task list in env `name` names
 * `index` and this has not happened before in `runDir` (a marker file remembers it).
 */
export function testHook(name: string, index: number, runDir: string): boolean {
  if (process.env.NODE_ENV !== "test") return false;
  const list = process.env[name];
  if (!list || !list.split(",").map(Number).includes(index)) return false;
  const marker = path.join(runDir, `.${name.toLowerCase()}-${index}`);
  if (fs.existsSync(marker)) return false;
  fs.writeFileSync(marker, "");
  return true;
}

/**
 * Refuse a plan made by another build (an Error with exitCode EXIT_VERSION naming the differing
 * versions) or an index outside it; returns this process's versions.
 */
export function checkTaskPlan(plan: ArrayPlan, planPath: string, index: number): BuildVersions {
  const mine = buildVersions();
  const mismatch = versionMismatch(plan.versions, mine);
  if (mismatch) {
    const e = new Error(`refusing plan ${planPath}: it was made by another build (${mismatch}); ` +
      `parts made here would not be bit-identical to a local run. Use the same node and spyts build on every node`);
    (e as Error & { exitCode: number }).exitCode = EXIT_VERSION;
    throw e;
  }
  if (!Number.isInteger(index) || index < 0 || index >= plan.chunks.length) {
    throw new Error(`task index ${index} is outside the plan's 0..${plan.chunks.length - 1}`);
  }
  return mine;
}

/** Run task `index` of the plan at `planPath`; throws on failure (the CLI turns it into an exit code). */
export function runTask(planPath: string, index: number): { units: number; ms: number } {
  const t0 = performance.now();
  const plan = readPlan<SlurmPlan>(planPath);
  const runDir = path.dirname(path.resolve(planPath));
  const mine = checkTaskPlan(plan, planPath, index);
  setKernelPath(plan.kernels as KernelChoice);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(plan.ref.module) as Record<string, unknown>;
  const cF = mod[plan.ref.name] as ComputeFunction;
  if (typeof cF !== "function") throw new Error(`${plan.ref.module} exports no function ${plan.ref.name}`);
  const kwargs = decodeExact(plan.kwargs) as Record<string, unknown>;
  const [u0, u1] = plan.chunks[index];
  const units = plan.units.slice(u0, u1);
  if (testHook("SPYTS_SLURM_TEST_FAIL", index, runDir)) throw new Error(`test failure injected into task ${index}`);
  if (testHook("SPYTS_SLURM_TEST_KILL", index, runDir)) process.kill(process.pid, "SIGKILL");
  const outs: NDArray[] = [];
  const metas: Array<Record<string, MetadataValue> | undefined> = [];
  let i = 0;
  for (const input of readUnits(inputFile(runDir, index), units.map((u) => u.inShape))) {
    const u = units[i++];
    let parsed;
    try {
      parsed = parseComputeReturn(cF(input, kwargs, { noCompute: false, chunkShape: plan.chunkShape, trial: u.trial }));
    } catch (e) {
      throw new Error(`trial ${u.trial}${u.chunk ? ` block ${u.chunk}` : ""}: ${(e as Error).message}`);
    }
    outs.push(checkResult(parsed.out, u.outShape, plan.outDtype));
    metas.push(parsed.metadata);
  }
  const delay = process.env.NODE_ENV === "test" ? Number(process.env.SPYTS_SLURM_TEST_DELAY_MS ?? 0) : 0;
  if (delay > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
  if (testHook("SPYTS_SLURM_TEST_NOPART", index, runDir)) return { units: units.length, ms: performance.now() - t0 };
  const ms = performance.now() - t0;
  writePart(plan, runDir, index, outs, metas, mine, ms);
  return { units: units.length, ms };
}

/** The CLI's `run-task`: runs the task, prints one line, returns the exit code. */
export function runTaskMain(planPath: string, indexText: string): number {
  const index = Number(indexText);
  try {
    const r = runTask(planPath, index);
    process.stdout.write(`spyts run-task ${index}: ${r.units} units in ${Math.round(r.ms)} ms\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`spyts run-task ${indexText}: ${(e as Error).stack ?? String(e)}\n`);
    return (e as { exitCode?: number }).exitCode ?? EXIT_FAILED;
  }
}
