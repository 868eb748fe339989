/**
 * Streaming over trials: spy.mean and spy.var over a 320 MB dataset (400 float32 trials of 0.8 MB)
 * in a child process. Measured: building the dataset from a generator peaks ~50 MB above the
 * baseline (the Arrow writer), mean + var then ~30-70 MB more (one trial, TrialMoments' running
 * sums — four float64 arrays of a trial's size, 6.4 MB — and the garbage of trials read before V8
 * collects it); holding the trials would take 320 MB (640 MB as float64).
 */
import { execFileSync } from "child_process";
import * as path from "path";

test("mean and var over trials hold a trial and the running sums, not the dataset", () => {
  const script = path.join(__dirname, "trialMeanRssChild.ts");
  const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", script], {
    encoding: "utf8", timeout: 240_000, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1" },
  });
  const res = JSON.parse(out.trim().split("\n").pop()!);
  expect(res.ok).toBe(true);
  expect(res.datasetBytes).toBe(320e6);
  expect(res.peakRssBytes - res.afterBuildRssBytes).toBeLessThan(100e6);
  expect(res.peakRssBytes - res.baselineRssBytes).toBeLessThan(res.datasetBytes / 2);
}, 240_000);
