/**
 * Stopping a run: an AbortSignal or SIGINT (what a Jupyter interrupt sends to the kernel) stops the
 * ComputationalRoutine between trials, ends the workers that hold its tasks, removes the partial
 * output file; the pool works afterwards. (The real kernel: test/integration/kernelInterrupt.test.ts.)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ComputationalRoutine } from "../../src/compute/routine";
import { ComputePool, getPool, shutdown } from "../../src/compute/pool";
import { SPYInterruptError, interruptWatchers, onInterrupt } from "../../src/compute/interrupt";
import { runRoutine } from "../../src/compute/frontend";
import { releaseAll } from "../../src/data/storage";
import * as cfs from "./fixtures/cfs";
import { ArraySink, ArraySource, makeTrials } from "./fixtures/helpers";

const MOD = path.join(__dirname, "fixtures", "cfs");
const ref = (name: keyof typeof cfs) => ({ module: MOD, name });

jest.setTimeout(60000);

// SIGINT is emitted in-process below; with no other listener the routine's would end the process
// (Node's meaning of Ctrl-C in a script), so the tests stand in for the kernel's own listener.
const kernelListener = () => undefined;
beforeAll(() => { process.on("SIGINT", kernelListener); });
afterAll(async () => {
  process.removeListener("SIGINT", kernelListener);
  await shutdown();
  releaseAll();
});

const nextTurn = () => new Promise((r) => setImmediate(r));

test("onInterrupt: one process listener while runs watch, added on the next turn, removed with the last", async () => {
  const before = process.listenerCount("SIGINT");
  const calls: string[] = [];
  const a = onInterrupt(() => calls.push("a"));
  const b = onInterrupt(() => calls.push("b"));
  // never synchronously (a tslab cell's synchronous part runs under breakOnSigint)
  expect(process.listenerCount("SIGINT")).toBe(before);
  await nextTurn();
  expect(process.listenerCount("SIGINT")).toBe(before + 1);
  expect(interruptWatchers()).toBe(2);
  process.emit("SIGINT");
  expect(calls).toEqual(["a", "b"]);
  a();
  a();
  expect(process.listenerCount("SIGINT")).toBe(before + 1);
  b();
  expect(process.listenerCount("SIGINT")).toBe(before);
  expect(interruptWatchers()).toBe(0);
  // a watcher gone before the next turn never adds one
  onInterrupt(() => undefined)();
  await nextTurn();
  expect(process.listenerCount("SIGINT")).toBe(before);
});

test("sequential: SIGINT stops the run before the next trial; the sink is aborted; no listener is left", async () => {
  const before = process.listenerCount("SIGINT");
  const src = new ArraySource(makeTrials(20, 30, 2, "float64", 1));
  // 20 ms a trial: the run yields to the event loop every ~50 ms, which is when the signal comes in
  const cr = new ComputationalRoutine(cfs.busyCF, ref("busyCF"), { ms: 20 }).initialize(src);
  const sink = new ArraySink();
  sink.onWrite = (k) => { if (k === 5) process.emit("SIGINT"); };
  await expect(cr.compute(src, sink)).rejects.toBeInstanceOf(SPYInterruptError);
  expect(sink.order).toEqual([0, 1, 2, 3, 4, 5]);
  expect(sink.aborted).toBeInstanceOf(SPYInterruptError);
  expect(process.listenerCount("SIGINT")).toBe(before);
  // interruptible: false ignores SIGINT
  const sink2 = new ArraySink();
  sink2.onWrite = (k) => { if (k === 5) process.emit("SIGINT"); };
  await cr.compute(src, sink2, { interruptible: false });
  expect(sink2.order.length).toBe(20);
});

test("an already aborted signal refuses to start; its reason is kept", async () => {
  const src = new ArraySource(makeTrials(3, 10, 1, "float64", 1));
  const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src);
  const ac = new AbortController();
  ac.abort();
  await expect(cr.compute(src, new ArraySink(), { signal: ac.signal })).rejects.toBeInstanceOf(SPYInterruptError);
  const own = new AbortController();
  const sink = new ArraySink();
  sink.onWrite = () => own.abort(new Error("enough"));
  await expect(cr.compute(src, sink, { signal: own.signal })).rejects.toThrow("enough");
});

test("parallel: an abort ends the busy workers at once (not after their calls), and the pool works afterwards", async () => {
  const pool = new ComputePool(2);
  try {
    const src = new ArraySource(makeTrials(40, 10, 1, "float64", 2));
    // start the workers (ts-node workers take ~1 s)
    const warm = new ComputationalRoutine(cfs.busyCF, ref("busyCF"), { ms: 1 }).initialize(src);
    await warm.compute(src, new ArraySink(), { parallel: true, pool, nWorkers: 2 });
    const busyIds = pool.threadIds();
    expect(busyIds.length).toBe(2);

    const cr = new ComputationalRoutine(cfs.busyCF, ref("busyCF"), { ms: 400 }).initialize(src);
    const ac = new AbortController();
    const sink = new ArraySink();
    let abortedAt = 0;
    sink.onWrite = (k) => {
      if (k === 1) {
        abortedAt = Date.now();
        ac.abort();
      }
    };
    await expect(cr.compute(src, sink, { parallel: true, pool, nWorkers: 2, signal: ac.signal, targetTaskMs: 0 }))
      .rejects.toBeInstanceOf(SPYInterruptError);
    const took = Date.now() - abortedAt;
    expect(took).toBeLessThan(300);                // the workers were in the middle of 400 ms calls
    expect(sink.order).toEqual([0, 1]);
    expect(sink.aborted).toBeInstanceOf(SPYInterruptError);
    // the workers that held the run's tasks are gone
    await new Promise((r) => setTimeout(r, 100));
    for (const id of pool.threadIds()) expect(busyIds).not.toContain(id);

    // the next run spawns fresh workers and computes correctly
    const sink2 = new ArraySink();
    const again = new ComputationalRoutine(cfs.busyCF, ref("busyCF"), { ms: 1 }).initialize(src);
    const res = await again.compute(src, sink2, { parallel: true, pool, nWorkers: 2 });
    expect(res.stats.parallel).toBe(true);
    expect(sink2.order.length).toBe(40);
    expect(Array.from(sink2.results.get(17)!.data)).toEqual([17]);
  } finally {
    await pool.terminate();
  }
});

test("runRoutine: a SIGINT during a parallel run removes the partial result file", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-interrupt-"));
  const saved = process.env.SPYTMPDIR;
  process.env.SPYTMPDIR = dir;
  try {
    const src = new ArraySource(makeTrials(40, 10, 1, "float64", 3));
    const run = {
      name: "busyCF", computeFunction: cfs.busyCF, ref: ref("busyCF"), source: src, keeptrials: true,
      ext: ".analog", outDtype: "float64" as const,
    };
    // warm the shared pool
    await runRoutine({ ...run, kwargs: { ms: 1 }, compute: { parallel: true, chanPerWorker: undefined, memThresh: 0.5 } });
    const filesBefore = fs.readdirSync(dir).filter((f) => !f.endsWith(".session"));
    let partialSeen = false;
    const timer = setTimeout(() => {
      partialSeen = fs.readdirSync(dir).some((f) => f.endsWith(".partial"));
      process.emit("SIGINT");
    }, 300);
    const t0 = Date.now();
    await expect(runRoutine({ ...run, kwargs: { ms: 100 }, compute: { parallel: true, chanPerWorker: undefined, memThresh: 0.5 } }))
      .rejects.toBeInstanceOf(SPYInterruptError);
    clearTimeout(timer);
    expect(Date.now() - t0).toBeLessThan(1000);   // 40 x 100 ms on 2 workers would take 2 s
    expect(partialSeen).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => !f.endsWith(".session")).sort()).toEqual(filesBefore.sort());
    expect(getPool().liveWorkers).toBeLessThanOrEqual(getPool().size);
  } finally {
    releaseAll();
    if (saved === undefined) delete process.env.SPYTMPDIR;
    else process.env.SPYTMPDIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
