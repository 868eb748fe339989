/**
 * The overhead of a Slurm job array against the local worker pool for one mtmfft job, on
 * whatever cluster answers (scripts/slurm-local.sh start for a one-node one). Prints seconds.
 *   npm run build && node -r ts-node/register/transpile-only scripts/slurm-overhead.ts [nTrials] [nTasks]
 * This script runs the TypeScript sources. Its tasks start from dist/ when dist/ is a current
 * build of them (src/compute/slurm/entry.ts), else from the sources through ts-node; it runs the
 * array both ways (SPYTS_SLURM_TASKS=ts-node forces the sources) and also times one task's start
 * (`spyts run-task` of task 0 on this machine: process start, loading the code, its chunk).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import * as spy from "../src";

/** Seconds of one task, `node bin/spyts.js run-task plan 0` on this machine: process start, loading the code, computing its chunk. */
function oneTaskS(runDir: string): number {
  const t = performance.now();
  execFileSync(process.execPath, [path.join(__dirname, "..", "bin", "spyts.js"), "run-task", path.join(runDir, "plan.json"), "0"], { encoding: "utf8" });
  return (performance.now() - t) / 1000;
}

async function main() {
  const nTrials = Number(process.argv[2] ?? 64);
  const nTasks = Number(process.argv[3] ?? 4);
  const trials: spy.NDArray[] = [];
  for (let k = 0; k < nTrials; k++) {
    const d = new Float64Array(4000 * 32);
    for (let i = 0; i < d.length; i++) d[i] = Math.sin(i * 0.37 + k) + Math.cos(i * 0.011 * (k + 1));
    trials.push({ data: d, shape: [4000, 32], dtype: "float64" });
  }
  const data = new spy.AnalogData({ data: trials, samplerate: 1000 });
  const kw = { method: "mtmfft", tapsmofrq: 2, keeptrials: false, foilim: [1, 200] };
  await spy.freqanalysis(data, { ...kw, parallel: true });           // warm the pool
  let t = performance.now();
  const local = await spy.freqanalysis(data, { ...kw, parallel: true });
  const localS = (performance.now() - t) / 1000;
  const a = local.trials.get(0).data;
  const same = (x: spy.AnalogData | spy.SpectralData) => {
    const b = x.trials.get(0).data;
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  };
  process.env.SPYTS_SLURM_QUIET = "1";
  const lines: string[] = [`mtmfft ${nTrials} trials x 4000 x 32, keeptrials=false: local pool ${localS.toFixed(2)} s`];
  for (const how of ["ts-node", "default"] as const) {
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-slurm-bench-"));
    if (how === "ts-node") process.env.SPYTS_SLURM_TASKS = "ts-node";
    else delete process.env.SPYTS_SLURM_TASKS;
    const parallel = { backend: "slurm", n_workers: 2, n_tasks: nTasks, shared_dir: shared, poll_ms: 200, keep_parts: true } as unknown as boolean;
    t = performance.now();
    const slurm = await spy.freqanalysis(data, { ...kw, parallel });
    const slurmS = (performance.now() - t) / 1000;
    const m = /slurm: \d+ array tasks \(%\d+\) in (\S+), started from ([^;\n]+)/.exec(slurm.log ?? "");
    const runDir = m?.[1] ?? "";
    t = performance.now();
    const rerun = await spy.freqanalysis(data, { ...kw, parallel });
    const rerunS = (performance.now() - t) / 1000;
    lines.push(`tasks from ${m?.[2] ?? "?"}: slurm array (${nTasks} tasks %2) ${slurmS.toFixed(2)} s; ` +
      `one task (start + chunk) ${oneTaskS(runDir).toFixed(2)} s; rerun reusing parts ${rerunS.toFixed(2)} s; identical bytes: ${same(slurm) && same(rerun)}`);
    fs.rmSync(shared, { recursive: true, force: true });
  }
  console.log(lines.join("\n"));
  await spy.shutdown?.();
}
main().catch((e) => { console.error(e); process.exit(1); });
