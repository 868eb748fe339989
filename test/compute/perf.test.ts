/**
 * Throughput checks. The 180 000-trial run always runs (with a generous bound for a shared machine);
 * the measurements (task overhead, 2-worker speed-up) print only with SPYTS_PERF=1:
 *   SPYTS_PERF=1 npx jest test/compute/perf.test.ts
 */
import os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { ComputationalRoutine } from "../../src/compute/routine";
import { shutdown } from "../../src/compute/pool";
import type { NDArray } from "../../src/core/ndarray";
import * as cfs from "./fixtures/cfs";
import { ArraySource, bitsEqual, makeTrials } from "./fixtures/helpers";
import type { TrialSink } from "../../src/core/computeTypes";

const MOD = path.join(__dirname, "fixtures", "cfs");
const ref = (name: keyof typeof cfs) => ({ module: MOD, name });
const PERF = process.env.SPYTS_PERF === "1";
const perfTest = PERF ? test : test.skip;

afterAll(async () => {
  await shutdown();
});

/** A sink that keeps only a checksum, like a streaming writer would. */
class ChecksumSink implements TrialSink {
  n = 0;
  sum = 0;
  write(_k: number, r: NDArray): void {
    this.n++;
    for (let i = 0; i < r.data.length; i += 97) this.sum += r.data[i];
  }
}

test("180 000 tiny trials finish in a few seconds in parallel, in far fewer tasks", async () => {
  const n = 180000;
  const trials: NDArray[] = [];
  const base = makeTrials(1, 4 * n, 2)[0].data as Float64Array;
  for (let k = 0; k < n; k++) trials.push({ data: base.subarray(8 * k, 8 * k + 8), shape: [4, 2], dtype: "float64" });
  const src = new ArraySource(trials);
  src.reads = [];
  const cr = new ComputationalRoutine(cfs.tinySumCF, ref("tinySumCF"), {});
  let t = performance.now();
  cr.initialize(src);
  const initMs = performance.now() - t;
  // warm the workers (ts-node start, module load) so that the timing is the run itself
  const small = new ArraySource(trials.slice(0, 100));
  const warm = await new ComputationalRoutine(cfs.tinySumCF, ref("tinySumCF"), {}).initialize(small)
    .compute(small, new ChecksumSink(), { parallel: true, targetTaskMs: 0 });
  expect(warm.stats.nWorkers).toBe(os.cpus().length);
  const seqSink = new ChecksumSink();
  t = performance.now();
  await cr.compute(src, seqSink);
  const seqMs = performance.now() - t;
  const parSink = new ChecksumSink();
  t = performance.now();
  const res = await cr.compute(src, parSink, { parallel: true });
  const parMs = performance.now() - t;
  // eslint-disable-next-line no-console
  console.log(`180000 tiny trials: dry run ${initMs.toFixed(0)} ms, sequential ${seqMs.toFixed(0)} ms, ` +
    `parallel ${parMs.toFixed(0)} ms in ${res.stats.tasks} tasks (${res.stats.nWorkers} workers, worker time ${res.stats.workerMs.toFixed(0)} ms)`);
  expect(parSink.n).toBe(n);
  expect(parSink.sum).toBe(seqSink.sum);
  expect(res.stats.tasks).toBeLessThan(2000);
  expect(parMs).toBeLessThan(15000);
}, 120000);

perfTest("task overhead: one trivial call per task vs. grouped", async () => {
  const n = 4000;
  const src = new ArraySource(makeTrials(n, 1, 1));
  const cr = new ComputationalRoutine(cfs.busyCF, ref("busyCF"), { ms: 0 }).initialize(src);
  await cr.compute(src, new ChecksumSink(), { parallel: true, targetTaskMs: 0 });       // warm
  for (const nWorkers of [1, 2]) {
    const t = performance.now();
    const r = await cr.compute(src, new ChecksumSink(), { parallel: true, nWorkers, targetTaskMs: 0 });
    const ms = performance.now() - t;
    // eslint-disable-next-line no-console
    console.log(`overhead: ${r.stats.tasks} one-call tasks on ${nWorkers} worker(s): ${ms.toFixed(0)} ms = ` +
      `${((ms / r.stats.tasks) * 1000).toFixed(0)} us per task (worker side ${((r.stats.workerMs / r.stats.tasks) * 1000).toFixed(0)} us)`);
  }
  const t = performance.now();
  const r = await cr.compute(src, new ChecksumSink(), { parallel: true });
  const seqT = performance.now();
  await cr.compute(src, new ChecksumSink());
  // eslint-disable-next-line no-console
  console.log(`grouped: ${r.stats.tasks} tasks, ${(performance.now() - t - (performance.now() - seqT)).toFixed(0)} ms; ` +
    `sequential ${(performance.now() - seqT).toFixed(0)} ms`);
}, 120000);

/** What 2 raw worker_threads achieve on this machine right now (1.0 when another job holds a core). */
async function rawTwoCoreSpeedup(): Promise<number> {
  const { Worker } = await import("worker_threads");
  const code = `const {parentPort}=require("worker_threads"); parentPort.on("message", n => { let x=0; for (let i=0;i<n;i++) x+=Math.sqrt(i); parentPort.postMessage(x); });`;
  const run = async (nw: number, n: number) => {
    const ws = Array.from({ length: nw }, () => new Worker(code, { eval: true }));
    await Promise.all(ws.map((w) => new Promise((r) => { w.once("message", r); w.postMessage(1000); })));
    const t = performance.now();
    await Promise.all(ws.map((w) => new Promise((r) => { w.once("message", r); w.postMessage(n / nw); })));
    const ms = performance.now() - t;
    await Promise.all(ws.map((w) => w.terminate()));
    return ms;
  };
  let one = Infinity;
  let two = Infinity;
  for (let i = 0; i < 3; i++) {
    one = Math.min(one, await run(1, 2e8));
    two = Math.min(two, await run(2, 2e8));
  }
  return one / two;
}

perfTest("speed-up of 2 workers on a CPU-heavy compute function (200 trials x 64 channels x 2000 samples)", async () => {
  // eslint-disable-next-line no-console
  console.log(`calibration: 2 raw worker_threads give ${(await rawTwoCoreSpeedup()).toFixed(2)}x on this machine now`);
  const trials = makeTrials(200, 2000, 64, "float32", 11);
  const src = new ArraySource(trials);
  for (const reps of [1, 10]) {
    const cr = new ComputationalRoutine(cfs.heavyCF, ref("heavyCF"), { reps }).initialize(src, { keeptrials: false });
    await cr.compute(src, null, { parallel: true, nWorkers: 2 });           // warm workers and JIT
    await cr.compute(src, null);                                            // warm JIT in the main thread
    const times: Record<string, number[]> = { seq: [], par1: [], par2: [] };
    let seqAvg: NDArray | undefined;
    let parAvg: NDArray | undefined;
    let tasks = 0;
    for (let rep = 0; rep < 5; rep++) {
      let t = performance.now();
      seqAvg = (await cr.compute(src, null)).average;
      times.seq.push(performance.now() - t);
      t = performance.now();
      await cr.compute(src, null, { parallel: true, nWorkers: 1 });
      times.par1.push(performance.now() - t);
      t = performance.now();
      const r = await cr.compute(src, null, { parallel: true, nWorkers: 2 });
      times.par2.push(performance.now() - t);
      parAvg = r.average;
      tasks = r.stats.tasks;
    }
    const best = (a: number[]) => Math.min(...a);
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
    expect(bitsEqual(parAvg!.data, seqAvg!.data)).toBe(true);
    // eslint-disable-next-line no-console
    console.log(`heavy reps=${reps}: sequential ${best(times.seq).toFixed(0)} ms, 1 worker ${best(times.par1).toFixed(0)} ms, ` +
      `2 workers ${best(times.par2).toFixed(0)} ms (${tasks} tasks): speed-up ${(best(times.seq) / best(times.par2)).toFixed(2)}x ` +
      `(medians ${(median(times.seq) / median(times.par2)).toFixed(2)}x) ` +
      `(runs: ${JSON.stringify(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.map(Math.round)])))})`);
  }
}, 300000);
