import * as path from "path";
import { ComputationalRoutine } from "../../src/compute/routine";
import { getPool, shutdown } from "../../src/compute/pool";
import { SPYComputeError } from "../../src/core/errors";
import * as cfs from "./fixtures/cfs";
import { ArraySink, ArraySource, bitsEqual, makeTrials } from "./fixtures/helpers";

const MOD = path.join(__dirname, "fixtures", "cfs");
const ref = (name: keyof typeof cfs) => ({ module: MOD, name });

afterAll(async () => {
  await shutdown();
});

describe("parallel compute is bit-identical to sequential", () => {
  const cases: Array<{ outDtype: "float32" | "float64"; keeptrials: boolean; chanPerWorker?: number; inDtype: "float32" | "float64" }> = [];
  for (const outDtype of ["float64", "float32"] as const) {
    for (const keeptrials of [true, false]) {
      cases.push({ outDtype, keeptrials, inDtype: "float64" });
      cases.push({ outDtype, keeptrials, chanPerWorker: 3, inDtype: outDtype });
    }
  }
  test.each(cases)("%o", async ({ outDtype, keeptrials, chanPerWorker, inDtype }) => {
    const nTrials = 23;
    const trials = makeTrials(nTrials, keeptrials ? (k) => 40 + (k % 5) : 40, 8, inDtype, 7);
    const src = new ArraySource(trials);
    const kwargs = { outDtype, scale: 1.7, offset: 0.3, withMeta: true };
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), kwargs).initialize(src, { keeptrials, chanPerWorker });
    const seqSink = new ArraySink();
    const parSink = new ArraySink();
    const seq = await cr.compute(src, seqSink);
    // tiny tasks (one call each) and default grouping both
    const par = await cr.compute(src, parSink, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    const par2Sink = new ArraySink();
    const par2 = await cr.compute(src, par2Sink, { parallel: true, nWorkers: 2 });
    expect(par.stats.parallel).toBe(true);
    expect(par.stats.tasks).toBeGreaterThanOrEqual(cr.numCalls > 8 ? 8 : 1);
    if (keeptrials) {
      expect(seqSink.order).toEqual(Array.from({ length: nTrials }, (_, k) => k));
      expect(parSink.order).toEqual(seqSink.order);
      expect(par2Sink.order).toEqual(seqSink.order);
      for (let k = 0; k < nTrials; k++) {
        const s = seqSink.results.get(k)!;
        expect(s.dtype).toBe(outDtype);
        expect(parSink.results.get(k)!.shape).toEqual(s.shape);
        expect(bitsEqual(parSink.results.get(k)!.data, s.data)).toBe(true);
        expect(bitsEqual(par2Sink.results.get(k)!.data, s.data)).toBe(true);
      }
    } else {
      expect(parSink.order).toEqual([]);
      expect(seq.average!.dtype).toBe(outDtype);
      expect(bitsEqual(par.average!.data, seq.average!.data)).toBe(true);
      expect(bitsEqual(par2.average!.data, seq.average!.data)).toBe(true);
    }
    // metadata: same keys and values
    expect(Object.keys(par.metadata).sort()).toEqual(Object.keys(seq.metadata).sort());
    expect(Object.keys(seq.metadata).length).toBe(5 * cr.numCalls);
    for (const key of Object.keys(seq.metadata)) {
      const a = seq.metadata[key];
      const b = par.metadata[key];
      if (a instanceof Float64Array) expect(bitsEqual(b as Float64Array, a)).toBe(true);
      else expect(b).toEqual(a);
    }
    // the source's trials were copied, not transferred away
    for (let k = 0; k < nTrials; k++) expect(trials[k].data.length).toBe(40 * 8 + (keeptrials ? (k % 5) * 8 : 0));
  });

  test("a sum over many calls (averaging 300 float32 trials) stays bit-identical", async () => {
    const trials = makeTrials(300, 64, 4, "float32", 3);
    const src = new ArraySource(trials);
    const cr = new ComputationalRoutine(cfs.heavyCF, ref("heavyCF"), { reps: 1 }).initialize(src, { keeptrials: false });
    const seq = await cr.compute(src, null);
    const par = await cr.compute(src, null, { parallel: true });
    expect(seq.average!.dtype).toBe("float32");
    expect(bitsEqual(par.average!.data, seq.average!.data)).toBe(true);
  });

  test("complex output, parallel average equals sequential", async () => {
    const src = new ArraySource(makeTrials(9, 16, 3));
    const cr = new ComputationalRoutine(cfs.complexCF, ref("complexCF"), {}).initialize(src, { keeptrials: false });
    const seq = await cr.compute(src, null);
    const par = await cr.compute(src, null, { parallel: true, targetTaskMs: 0 });
    expect(par.average!.dtype).toBe("complex128");
    expect(bitsEqual(par.average!.data, seq.average!.data)).toBe(true);
  });
});

describe("parallel compute: scheduling, memory, failures", () => {
  test("cached outputs and metadata of the compute function are copied, not transferred away", async () => {
    const src = new ArraySource(makeTrials(6, 4, 2));
    const cr = new ComputationalRoutine(cfs.cachedOutputCF, ref("cachedOutputCF"), {}).initialize(src);
    const sink = new ArraySink();
    const res = await cr.compute(src, sink, { parallel: true, targetTaskMs: 1000 });
    for (let k = 0; k < 6; k++) expect(Array.from(sink.results.get(k)!.data)).toEqual([1, 2, 3]);
    for (let k = 0; k < 6; k++) expect(Array.from(res.metadata[`axis__${k}_0`] as Float64Array)).toEqual([7, 8]);
  });

  test.each([
    { what: "tiny trials: up to 8 tasks a worker", nSamples: 8, window: 8 * 2 },
    // 16 trials of 8 MB: tasks of up to 2 trials (16 MB) in a 64 MB window
    { what: "8 MB trials: 2 tasks a worker", nSamples: 500_000, window: 2 * 2 },
  ])("trials are read only as tasks are dispatched: reads stay within the window of writes ($what)", async ({ nSamples, window }) => {
    const n = nSamples > 1000 ? 16 : 200;
    const src = new ArraySource(makeTrials(n, nSamples, 2));
    const sink = new ArraySink();
    let maxAhead = 0;
    sink.onWrite = () => { maxAhead = Math.max(maxAhead, src.reads.length - sink.order.length); };
    const origRead = src.readTrial.bind(src);
    src.readTrial = (k) => {
      maxAhead = Math.max(maxAhead, src.reads.length + 1 - sink.order.length);
      return origRead(k);
    };
    const cr = new ComputationalRoutine(cfs.busyCF, ref("busyCF"), { ms: 0 }).initialize(src);
    const res = await cr.compute(src, sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    expect(res.stats.tasks).toBe(n);                   // targetTaskMs 0: one call per task
    expect(sink.order).toEqual(Array.from({ length: n }, (_, k) => k));
    expect(maxAhead).toBeGreaterThan(1);               // it did run ahead (in parallel) ...
    expect(maxAhead).toBeLessThanOrEqual(window + 1);  // ... but never more than the window's tasks
  });

  test("a long first task does not idle the other worker: the window holds the replies after it", async () => {
    // trial 0 takes 1.5 s, the 15 others 20 ms each: with two tasks a worker in the window the
    // other worker would stop after 3 trials until trial 0's reply is consumed
    const n = 16;
    const src = new ArraySource(makeTrials(n, 4, 2));
    const cr = new ComputationalRoutine(cfs.slowFirstCF, ref("slowFirstCF"), { ms: 20, msFirst: 1500 }).initialize(src);
    const sink = new ArraySink();
    await cr.compute(src, sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    const endOf = (k: number) => sink.results.get(k)!.data[1];
    let before = 0;
    for (let k = 1; k < n; k++) if (endOf(k) < endOf(0)) before++;
    // all but the one queued behind trial 0 on its worker
    expect(before).toBeGreaterThanOrEqual(n - 3);
    expect(sink.order).toEqual(Array.from({ length: n }, (_, k) => k));
  });

  test("tasks group calls so that each carries work: 20 000 tiny trials are not 20 000 tasks", async () => {
    const n = 20000;
    const src = new ArraySource(makeTrials(n, 2, 2));
    const cr = new ComputationalRoutine(cfs.tinySumCF, ref("tinySumCF"), {}).initialize(src);
    const sink = new ArraySink();
    const res = await cr.compute(src, sink, { parallel: true, nWorkers: 2 });
    expect(res.stats.tasks).toBeGreaterThanOrEqual(8);  // enough to balance over 2 workers
    expect(res.stats.tasks).toBeLessThan(200);
    expect(sink.order.length).toBe(n);
    const t = src.trials[12345].data;
    expect(sink.results.get(12345)!.data[0]).toBe(t[0] + t[1] + t[2] + t[3]);
  });

  test("a compute function error in a worker: SPYComputeError with trial, original message and worker stack; pool stays usable", async () => {
    const src = new ArraySource(makeTrials(12, 10, 2));
    const sink = new ArraySink();
    const cr = new ComputationalRoutine(cfs.throwOnTrialCF, ref("throwOnTrialCF"), { badTrial: 3 }).initialize(src);
    const err = await cr.compute(src, sink, { parallel: true, targetTaskMs: 0 }).then(() => undefined, (e) => e);
    expect(err).toBeInstanceOf(SPYComputeError);
    expect(err.message).toBe("trial 3: deliberate failure on trial 3");
    expect(err.trial).toBe(3);
    expect(err.original).toBe("deliberate failure on trial 3");
    expect((err.cause as { name: string }).name).toBe("RangeError");
    expect(err.stack).toMatch(/in the worker[\s\S]*throwOnTrialCF/);
    expect(sink.aborted).toBe(err);
    expect(sink.order.every((k) => k < 3)).toBe(true);
    // the same pool still works
    const ok = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src);
    const okSink = new ArraySink();
    await ok.compute(src, okSink, { parallel: true });
    expect(okSink.order.length).toBe(12);
  });

  test("the original trial index is used in errors and metadata (selections)", async () => {
    const src = new ArraySource(makeTrials(5, 10, 2), [40, 41, 42, 43, 44]);
    const cr = new ComputationalRoutine(cfs.throwOnTrialCF, ref("throwOnTrialCF"), { badTrial: 43 }).initialize(src);
    await expect(cr.compute(src, new ArraySink(), { parallel: true })).rejects.toThrow("trial 43: deliberate failure on trial 43");
  });

  test("a worker that calls process.exit(1) fails the call naming the trial; the next call works on a new worker", async () => {
    const pool = getPool();
    const src = new ArraySource(makeTrials(10, 10, 2));
    const sink = new ArraySink();
    // make sure both workers are up, and note who they are
    await new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src)
      .compute(src, new ArraySink(), { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    const before = pool.threadIds();
    expect(before.length).toBe(2);
    const cr = new ComputationalRoutine(cfs.exitInWorkerCF, ref("exitInWorkerCF"), { badTrial: 6 }).initialize(src);
    const err = await cr.compute(src, sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 }).then(() => undefined, (e) => e);
    expect(err).toBeInstanceOf(SPYComputeError);
    expect(err.message).toBe("trial 6: worker exited with code 1 while computing it");
    expect(err.trial).toBe(6);
    expect(err.original).toMatch(/exited with code 1/);
    expect(sink.aborted).toBe(err);
    expect(sink.order.length).toBeLessThan(10);        // never presented as complete
    expect(pool.threadIds().length).toBe(1);
    // next call works; the dead worker is replaced
    const again = new ArraySink();
    const res = await new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src)
      .compute(src, again, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    expect(again.order).toEqual(Array.from({ length: 10 }, (_, k) => k));
    expect(res.stats.tasks).toBe(10);
    const after = pool.threadIds();
    expect(after.length).toBe(2);
    expect(after.filter((id) => !before.includes(id)).length).toBe(1);
  });

  test("a sink that throws stops the run with its own error", async () => {
    const src = new ArraySource(makeTrials(30, 10, 2));
    const sink = new ArraySink();
    const diskFull = new Error("disk full");
    sink.onWrite = (k) => { if (k === 4) throw diskFull; };
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src);
    const err = await cr.compute(src, sink, { parallel: true, targetTaskMs: 0 }).then(() => undefined, (e) => e);
    expect(err).toBe(diskFull);
    expect(sink.order).toEqual([0, 1, 2, 3, 4]);
    expect(sink.aborted).toBe(diskFull);
    expect(src.reads.length).toBeLessThan(30);          // scheduling stopped
  });

  test("a missing export is reported as a compute error", async () => {
    const src = new ArraySource(makeTrials(2, 4, 2));
    const cr = new ComputationalRoutine(cfs.cumsumCF, { module: MOD, name: "noSuchExport" }, {}).initialize(src);
    await expect(cr.compute(src, new ArraySink(), { parallel: true })).rejects.toThrow(/trial 0: .*no exported function 'noSuchExport'/);
  });

  test("memory guard applies to parallel runs too, before any worker work", async () => {
    const src = new ArraySource(makeTrials(3, 100, 10));
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src);
    await expect(cr.compute(src, new ArraySink(), { parallel: true, freeMemory: 1000 })).rejects.toThrow(/needs 16\.0 kB/);
    expect(src.reads).toEqual([]);
  });
});
