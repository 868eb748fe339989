/**
 * The task buffers of parallel runs outlive a run for a while (src/compute/keptBuffers.ts): the
 * next run takes them instead of fresh memory; they are bounded in count and bytes, and dropped
 * after the keep time and at the pool's shutdown. BufferRecycler's byte cap drops the oldest.
 */
import { BufferRecycler } from "../../src/compute/bufferRecycler";
import { dropKeptBuffers, giveSums, keptBytes, runEnded, runStarted, setKeepMs, takeSums } from "../../src/compute/keptBuffers";
import { ComputationalRoutine } from "../../src/compute/routine";
import { shutdown } from "../../src/compute/pool";
import type { TrialSink } from "../../src/core/computeTypes";
import * as path from "path";
import * as cfs from "./fixtures/cfs";
import { ArraySource, makeTrials } from "./fixtures/helpers";

afterAll(async () => { await shutdown(); });

describe("BufferRecycler bounds", () => {
  it("holds at most maxBytes of free buffers, dropping the oldest; take() gives bytes back", () => {
    const r = new BufferRecycler<ArrayBuffer>(10, false, 10_000);
    const a = new ArrayBuffer(4000), b = new ArrayBuffer(4000), c = new ArrayBuffer(4000);
    r.give(a); r.give(b);
    expect(r.bytesHeld).toBe(8000);
    r.give(c); // 12 000 > 10 000: a goes
    expect(r.bytesHeld).toBe(8000);
    expect(r.take(4000)).toBe(b);
    expect(r.take(4000)).toBe(c);
    expect(r.bytesHeld).toBe(0);
    expect(r.take(4000)).not.toBe(a); // dropped, so a new one
  });

  it("holds at most max buffers", () => {
    const r = new BufferRecycler<ArrayBuffer>(2);
    const bufs = [1, 2, 3].map(() => new ArrayBuffer(100));
    bufs.forEach((x) => r.give(x));
    expect(r.bytesHeld).toBe(200);
    expect(r.take(100)).toBe(bufs[1]);
  });
});

describe("sums given back (takeSums / giveSums)", () => {
  it("a sum given back is the next one's memory, zeroed; none kept after dropKeptBuffers", () => {
    dropKeptBuffers();
    const a = takeSums(1000);
    expect(a.every((v) => v === 0)).toBe(true);
    a.fill(3.5);
    giveSums(a);
    expect(keptBytes()).toBe(8000);
    const b = takeSums(1000);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(1000);
    expect(b.every((v) => v === 0)).toBe(true);
    expect(keptBytes()).toBe(0);
    // a smaller sum may take a somewhat larger buffer, and sees only its own n values, zeroed
    b.fill(-1);
    giveSums(b);
    const c = takeSums(600);
    expect(c.buffer).toBe(a.buffer);
    expect(c.length).toBe(600);
    expect(c.every((v) => v === 0)).toBe(true);
    giveSums(c);
    dropKeptBuffers();
    expect(keptBytes()).toBe(0);
    expect(takeSums(1000).buffer).not.toBe(a.buffer);
  });
});

describe("kept between runs", () => {
  afterEach(() => dropKeptBuffers());

  it("a run's recyclers are the ones the previous run left, until the keep time has passed", async () => {
    const before = setKeepMs(50);
    try {
      const first = runStarted();
      first.outputs.give(new SharedArrayBuffer(4096));
      runEnded();
      expect(keptBytes()).toBe(4096);
      const second = runStarted();
      expect(second).toBe(first);
      runEnded();
      await new Promise((r) => setTimeout(r, 120));
      expect(keptBytes()).toBe(0);
      const third = runStarted();
      expect(third).not.toBe(first);
      runEnded();
    } finally {
      setKeepMs(before);
    }
  });

  it("nothing is dropped while another run is still going", async () => {
    const before = setKeepMs(20);
    try {
      const a = runStarted();
      runStarted();
      a.inputs.give(new SharedArrayBuffer(8192));
      runEnded(); // one of two ended
      await new Promise((r) => setTimeout(r, 60));
      expect(keptBytes()).toBe(8192);
      runEnded();
      await new Promise((r) => setTimeout(r, 60));
      expect(keptBytes()).toBe(0);
    } finally {
      setKeepMs(before);
    }
  });

  it("two parallel runs in a row: the second allocates no new task buffer, and its values are its own", async () => {
    const MOD = path.join(__dirname, "fixtures", "cfs");
    const REF = { module: MOD, name: "outMemoryCF" };
    const run = async (seed: number) => {
      const trials = makeTrials(12, 40, 3, "float64", seed);
      const src = new ArraySource(trials);
      const cr = new ComputationalRoutine(cfs.outMemoryCF, REF, { outDtype: "float32" }).initialize(src, { keeptrials: true });
      const got: Float32Array[] = [];
      const sink: TrialSink = { write: (k, r) => { got[k] = Float32Array.from(r.data); }, copies: true };
      // one unit a task (targetTaskMs 0) and two tasks in the window: both runs start with two
      // tasks at once and never hold more, so the second needs no more buffers than the first made
      // (with the default window how many tasks are in flight depends on the workers' timing)
      await cr.compute(src, sink, { parallel: true, nWorkers: 2, targetTaskMs: 0, maxInFlight: 2 });
      // outMemoryCF: the per-channel cumulative sum, as float32
      trials.forEach((t, k) => {
        const [nS, nC] = t.shape;
        for (let c = 0; c < nC; c++) {
          let acc = 0;
          for (let i = 0; i < nS; i++) {
            acc += t.data[i * nC + c];
            if (got[k][i * nC + c] !== Math.fround(acc)) throw new Error(`trial ${k} [${i}, ${c}]: ${got[k][i * nC + c]} != ${Math.fround(acc)}`);
          }
        }
      });
    };
    await run(3);
    const kept = runStarted();
    runEnded();
    const misses = kept.inputs.misses + kept.outputs.misses;
    expect(misses).toBeGreaterThan(0);
    expect(keptBytes()).toBeGreaterThan(0);
    await run(4);
    expect(kept.inputs.misses + kept.outputs.misses).toBe(misses);
  });

  it("the pool's shutdown lets them go", async () => {
    runStarted().outputs.give(new SharedArrayBuffer(4096));
    runEnded();
    expect(keptBytes()).toBe(4096);
    await shutdown();
    expect(keptBytes()).toBe(0);
  });
});
