/**
 * The overhead of a Slurm job array against the local worker pool for one mtmfft job, on
 * whatever cluster answers (scripts/slurm-local.sh start for a one-node one). Prints seconds.
 *   node -r ts-node/register/transpile-only scripts/slurm-overhead.ts [nTrials] [nTasks]
 * Tasks run the same code as the notebook: under ts-node here the sources, so each task pays
 * the TypeScript compilation on start; with the compiled package (dist/) that cost is gone.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import * as spy from "../src";

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
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-slurm-bench-"));
  process.env.SPYTS_SLURM_QUIET = "1";
  t = performance.now();
  const slurm = await spy.freqanalysis(data, {
    ...kw, parallel: { backend: "slurm", n_workers: 2, n_tasks: nTasks, shared_dir: shared, poll_ms: 200 } as unknown as boolean,
  });
  const slurmS = (performance.now() - t) / 1000;
  t = performance.now();
  await spy.freqanalysis(data, { ...kw, parallel: { backend: "slurm", n_workers: 2, n_tasks: nTasks, shared_dir: shared, poll_ms: 200 } as unknown as boolean });
  const rerunS = (performance.now() - t) / 1000;
  const a = local.trials.get(0).data, b = slurm.trials.get(0).data;
  const same = Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  console.log(`mtmfft ${nTrials} trials x 4000 x 32, keeptrials=false: local pool ${localS.toFixed(2)} s; ` +
    `slurm array (${nTasks} tasks %2) ${slurmS.toFixed(2)} s; rerun reusing parts ${rerunS.toFixed(2)} s; identical bytes: ${same}`);
  await spy.shutdown?.();
  fs.rmSync(shared, { recursive: true, force: true });
}
main().catch((e) => { console.error(e); process.exit(1); });
