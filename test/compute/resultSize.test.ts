/**
 * A result that will be big on disk warns BEFORE it is computed (from the dry run's output
 * shapes), with its size and how to make it smaller. Threshold: 2 GB, or a quarter of the free
 * space of the storage folder when that is less.
 */
import * as path from "path";
import { resultBytes, runRoutine, shrinkHints, warnIfBig } from "../../src/compute/frontend";
import { captureWarnings } from "../../src/core/warnings";
import {
  DEFAULT_RESULT_WARN_SIZE, freeSpace, getResultWarnSize, releaseAll, resultWarnThreshold, setResultWarnSize, storageDir,
} from "../../src/data/storage";
import { AnalogData } from "../../src/data/analog";
import { freqanalysis } from "../../src/specest/freqanalysis";
import * as cfs from "./fixtures/cfs";
import { ArraySource, makeTrials } from "./fixtures/helpers";

const MOD = path.join(__dirname, "fixtures", "cfs");

afterEach(() => setResultWarnSize(null));
afterAll(() => releaseAll());

test("bytes of a result: every trial, or one for the average", () => {
  expect(resultBytes([[10, 2], [20, 2]], "float32", true)).toBe(240);
  expect(resultBytes([[10, 2], [20, 2]], "float32", false)).toBe(80);
  expect(resultBytes([[3, 1, 5, 2]], "complex64", true)).toBe(240);
});

test("threshold: 2 GB, SPYTS_RESULT_WARN_SIZE, setResultWarnSize; a quarter of the free space when less", async () => {
  expect(getResultWarnSize()).toBe(DEFAULT_RESULT_WARN_SIZE);
  expect(DEFAULT_RESULT_WARN_SIZE).toBe(2e9);
  expect(resultWarnThreshold(1e12)).toEqual({ bytes: 2e9, free: 1e12, byFreeSpace: false });
  expect(resultWarnThreshold(4e9)).toEqual({ bytes: 1e9, free: 4e9, byFreeSpace: true });
  expect(resultWarnThreshold(Infinity)).toEqual({ bytes: 2e9, free: Infinity, byFreeSpace: false });
  process.env.SPYTS_RESULT_WARN_SIZE = "5e8";
  try {
    expect(getResultWarnSize()).toBe(5e8);
    setResultWarnSize(1234);
    expect(getResultWarnSize()).toBe(1234);
  } finally {
    delete process.env.SPYTS_RESULT_WARN_SIZE;
  }
  expect(() => setResultWarnSize(-1)).toThrow();
  // the storage folder's file system answers fs.statfs
  // (free space moves while other test files write: measured until it held still around the call)
  let free: number | undefined, below: number | undefined, after: number | undefined;
  for (let i = 0; i < 20; i++) {
    free = freeSpace();
    below = freeSpace(path.join(storageDir(), "not", "yet", "there"));
    after = freeSpace();
    if (free === after) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(free).toBeGreaterThan(0);
  expect(after).toBe(free);
  expect(below).toBe(free);
});

test("the warning: size, shape, where, and the ways to shrink the result", async () => {
  const run = { name: "wavelet_cF", keeptrials: true, outDtype: "float32" as const };
  const shapes = Array.from({ length: 500 }, () => [4000, 1, 60, 128]);   // 500 trials: 61 GB
  expect(warnIfBig(run, [[10, 1, 5, 2]], 1e12)).toBeUndefined();
  const { result, warnings } = await captureWarnings(() => warnIfBig(run, shapes, 1e12));
  expect(warnings).toEqual([result]);
  expect(result).toBe(
    `wavelet_cF: the result will take 61.4 GB on disk (500 trials of float32, trial 0: 4000 x 1 x 60 x 128), more than the ` +
    `warning size of 2.0 GB (setResultWarnSize; 1.0 TB free in ${storageDir()}). To make it smaller: ` +
    "keeptrials: false (the trial average: 500 times smaller); fewer foi (or a narrower foilim); " +
    "a coarser toi (e.g. every 10 ms instead of \"all\"); select fewer trials, channels or a shorter latency (select: {...}).");
  // by free space: a quarter of 400 MB is less than 2 GB
  const { result: small } = await captureWarnings(() => warnIfBig({ ...run, keeptrials: false }, [[4000, 1, 60, 128]], 4e8));
  expect(small).toMatch(/the result will take 123 MB on disk \(the trial average, 4000 x 1 x 60 x 128 float32\), more than a quarter of the 400 MB free in /);
  expect(small).not.toContain("keeptrials");
});

test("hints fit the method", () => {
  expect(shrinkHints("mtmfft_cF", 10, true).join("; ")).not.toContain("toi");
  expect(shrinkHints("mtmfft_cF", 10, true).join("; ")).toContain("fewer foi");
  expect(shrinkHints("but_cF", 10, true).join("; ")).not.toContain("foi");
  expect(shrinkHints("superlet_cF", 1, true).join("; ")).not.toContain("keeptrials");
});

test("runRoutine warns before the first trial is computed", async () => {
  const src = new ArraySource(makeTrials(5, 100, 2, "float64", 1));
  setResultWarnSize(1000);                         // 5 x 100 x 2 x 8 bytes = 8 kB
  let readsAtWarning = -1;
  const spy = jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    if (String(args[0]).startsWith("SPYWarning: cumsumCF: the result will take")) readsAtWarning = src.reads.length;
  });
  try {
    const res = await runRoutine({
      name: "cumsumCF", computeFunction: cfs.cumsumCF, ref: { module: MOD, name: "cumsumCF" }, kwargs: {}, source: src,
      keeptrials: true, compute: { parallel: false, chanPerWorker: undefined, memThresh: 0.5 }, ext: ".analog", outDtype: "float64",
    });
    expect(res.store.nTrials).toBe(5);
  } finally {
    spy.mockRestore();
  }
  expect(readsAtWarning).toBe(0);
});

test("freqanalysis: a big time-frequency result warns with its method's hints, and is still computed", async () => {
  const trials = makeTrials(4, 1000, 3, "float64", 2);
  const data = new AnalogData({ data: trials.map((t) => t), samplerate: 1000 });
  setResultWarnSize(1e5);
  const { result, warnings } = await captureWarnings(() =>
    freqanalysis(data, { method: "wavelet", foi: [10, 20, 30, 40], toi: "all", output: "pow", parallel: false }));
  const w = warnings.find((m) => m.includes("the result will take"));
  expect(w).toMatch(/^wavelet_cF: the result will take 192 kB on disk \(4 trials of float32, trial 0: 1000 x 1 x 4 x 3\)/);
  expect(w).toContain("a coarser toi");
  expect(result.trials.length).toBe(4);
  setResultWarnSize(null);
  const quiet = await captureWarnings(() =>
    freqanalysis(data, { method: "wavelet", foi: [10, 20, 30, 40], toi: "all", output: "pow", parallel: false }));
  expect(quiet.warnings.some((m) => m.includes("the result will take"))).toBe(false);
});
