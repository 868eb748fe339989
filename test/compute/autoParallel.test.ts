/**
 * `parallel` unset: sequential for small jobs, workers when they finish the rest sooner
 * (src/compute/autoParallel.ts); an explicit true/false is obeyed; the log says what ran.
 */
import * as os from "os";
import * as path from "path";
import { AutoInput, chooseParallel, WORKER_START_MS } from "../../src/compute/autoParallel";
import { parseComputeOptions } from "../../src/compute/frontend";
import { ComputationalRoutine } from "../../src/compute/routine";
import { ComputePool, shutdown } from "../../src/compute/pool";
import * as cfs from "./fixtures/cfs";
import { ArraySink, ArraySource, bitsEqual, makeTrials } from "./fixtures/helpers";

const MOD = path.join(__dirname, "fixtures", "cfs");
const ref = (name: keyof typeof cfs) => ({ module: MOD, name });

jest.setTimeout(60000);
afterAll(async () => { await shutdown(); });

const base: AutoInput = { remainingUnits: 100, computeMs: 0, ioMs: 0, maxUnitMs: 0, nWorkers: 2, cores: 2, coldWorkers: 2 };

describe("chooseParallel", () => {
  test("the quickstart (40 trials x 2000 samples x 4 channels, mtmfft: ~25 ms) stays sequential", () => {
    const d = chooseParallel({ ...base, remainingUnits: 38, computeMs: 15, ioMs: 10, maxUnitMs: 1 });
    expect(d.parallel).toBe(false);
    expect(d.parallelMs).toBeGreaterThan(WORKER_START_MS);
    expect(d.reason).toMatch(/≈25 ms left sequentially, ≈\d+ ms on 2 workers incl\. 150 ms to start/);
  });

  test("compute-bound and long: workers (cold or warm pool)", () => {
    const heavy = { ...base, computeMs: 9000, ioMs: 100, maxUnitMs: 90 };   // superlets, 100 trials x 8 channels
    expect(chooseParallel(heavy).parallel).toBe(true);
    expect(chooseParallel({ ...heavy, coldWorkers: 0 }).parallel).toBe(true);
  });

  test("reading and storing dominate (mtmfft): the main thread's part does not shrink, so sequential", () => {
    expect(chooseParallel({ ...base, computeMs: 300, ioMs: 500, maxUnitMs: 3 }).parallel).toBe(false);
    expect(chooseParallel({ ...base, computeMs: 300, ioMs: 500, maxUnitMs: 3, coldWorkers: 0 }).parallel).toBe(false);
    expect(chooseParallel({ ...base, computeMs: 3000, ioMs: 5000, maxUnitMs: 3, coldWorkers: 0 }).parallel).toBe(false);
  });

  test("reading and storing that workers do themselves (direct input and output) count as their work", () => {
    // reading and storing twice the compute time: on the main thread they do not shrink
    const io = { ...base, computeMs: 100, ioMs: 200, maxUnitMs: 1, coldWorkers: 0 };
    expect(chooseParallel(io).parallel).toBe(false);
    const direct = chooseParallel({ ...io, workerIoMs: 200 });
    expect(direct.parallel).toBe(true);
    expect(direct.parallelMs).toBeLessThan(0.75 * direct.sequentialMs);
    // half of it (input read by the main thread, output written by the workers) lies between
    expect(chooseParallel({ ...io, workerIoMs: 100 }).parallelMs).toBeGreaterThan(direct.parallelMs);
    expect(chooseParallel({ ...io, workerIoMs: 100 }).parallelMs).toBeLessThan(chooseParallel(io).parallelMs);
    // a workerIoMs beyond ioMs is capped at it
    expect(chooseParallel({ ...io, workerIoMs: 900 }).parallelMs).toBe(direct.parallelMs);
  });

  test("a warm pool pays sooner than a cold one; more work pays more", () => {
    const at = (computeMs: number, coldWorkers: number) => chooseParallel({ ...base, computeMs, coldWorkers, maxUnitMs: 1 }).parallel;
    // the smallest pure-compute job (in steps of 10 ms) that goes to the workers
    const threshold = (cold: number) => {
      for (let ms = 10; ms < 100000; ms += 10) if (at(ms, cold)) return ms;
      return Infinity;
    };
    const warm = threshold(0);
    const cold = threshold(2);
    expect(warm).toBeLessThan(cold);
    expect(cold).toBeGreaterThan(500);          // starting 2 workers costs ~150 ms: short jobs never pay for it
    expect(cold).toBeLessThan(5000);
    for (let ms = cold; ms < 4 * cold; ms += 100) expect(at(ms, 2)).toBe(true);   // monotone above the threshold
  });

  test("other work on the machine: busy cores do not count; with all but ours busy, sequential", () => {
    const heavy = { ...base, computeMs: 9000, ioMs: 100, maxUnitMs: 90 };
    expect(chooseParallel({ ...heavy, otherLoad: 0.3 }).parallel).toBe(true);
    expect(chooseParallel({ ...heavy, otherLoad: 0.3 }).parallelMs).toBeGreaterThan(chooseParallel(heavy).parallelMs);
    const busy = chooseParallel({ ...heavy, otherLoad: 1 });
    expect(busy.parallel).toBe(false);
    expect(busy.reason).toBe("other work keeps 1.0 of 2 cores busy");
    expect(chooseParallel({ ...heavy, cores: 8, nWorkers: 8, otherLoad: 3 }).parallel).toBe(true);
  });

  test("one core, or fewer than 2 calls left: sequential; a warm-up per worker counts against the workers", () => {
    expect(chooseParallel({ ...base, computeMs: 1e5, cores: 1 }).parallel).toBe(false);
    expect(chooseParallel({ ...base, computeMs: 1e5, remainingUnits: 1 }).parallel).toBe(false);
    const d = { ...base, computeMs: 2000, maxUnitMs: 20 };
    expect(chooseParallel({ ...d, warmupMs: 0 }).parallelMs).toBeLessThan(chooseParallel({ ...d, warmupMs: 300 }).parallelMs);
  });
});

describe("the parallel keyword", () => {
  test("unset or null: auto; true and false as given", () => {
    expect(parseComputeOptions({ mem_thresh: 0.5 }).parallel).toBe("auto");
    expect(parseComputeOptions({ parallel: null, mem_thresh: 0.5 }).parallel).toBe("auto");
    expect(parseComputeOptions({ parallel: true, mem_thresh: 0.5 }).parallel).toBe(true);
    expect(parseComputeOptions({ parallel: false, mem_thresh: 0.5 }).parallel).toBe(false);
    expect(() => parseComputeOptions({ parallel: "auto", mem_thresh: 0.5 })).toThrow(/true \(worker threads\), false \(sequential\) or null/);
  });
});

describe("the routine with parallel: \"auto\"", () => {
  test("a small job runs in the main thread, and the log says why", async () => {
    const src = new ArraySource(makeTrials(40, 200, 4, "float64", 5));
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src);
    const pool = new ComputePool(2);
    const res = await cr.compute(src, new ArraySink(), { parallel: "auto", pool });
    expect(res.stats.parallel).toBe(false);
    expect(res.stats.requested).toBe("auto");
    expect(pool.liveWorkers).toBe(0);            // no worker was even started
    expect(cr.writeLog("", { parallel: "auto" })).toMatch(/\tnote: parallel = auto: sequential \(.+\)\n$/);
    await pool.terminate();
  });

  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  (cores >= 2 ? test : test.skip)("a long compute-bound job moves to the workers after measuring; same bits as sequential", async () => {
    const pool = new ComputePool(2);
    try {
      const src = new ArraySource(makeTrials(40, 10, 1, "float64", 6));
      const warm = new ComputationalRoutine(cfs.busyCF, ref("busyCF"), { ms: 1 }).initialize(src);
      await warm.compute(src, new ArraySink(), { parallel: true, pool, nWorkers: 2 });   // a warm pool, as in a notebook
      const cr = new ComputationalRoutine(cfs.busyCF, ref("busyCF"), { ms: 50 }).initialize(src);
      const autoSink = new ArraySink();
      // machineLoad: 0, as on a machine doing nothing else (this one may be shared)
      const res = await cr.compute(src, autoSink, { parallel: "auto", pool, nWorkers: 2, machineLoad: 0 });
      expect(res.stats.parallel).toBe(true);
      expect(res.stats.auto?.fromUnit).toBeGreaterThanOrEqual(2);
      expect(res.stats.auto?.fromUnit).toBeLessThan(10);
      expect(cr.writeLog("", {})).toMatch(/\tnote: parallel = auto: 2 workers from call \d+ of 40 on \(≈.+ left sequentially, ≈.+ on 2 workers( incl\. .+ to start workers)?\)/);
      const seqSink = new ArraySink();
      await cr.compute(src, seqSink, { parallel: false });
      expect(autoSink.order).toEqual(seqSink.order);
      for (let k = 0; k < 40; k++) expect(bitsEqual(autoSink.results.get(k)!.data, seqSink.results.get(k)!.data)).toBe(true);
      // an explicit false is obeyed however long the job, and logs no auto note
      expect(cr.writeLog("", {})).not.toMatch(/note/);
    } finally {
      await pool.terminate();
    }
  });
});
