/**
 * Workload: many short trials (issue 21): freqanalysis (mtmfft, Hann, keeptrials) and
 * preprocessing (Butterworth low-pass) on 20 000 and 200 000 trials of 20 samples x 2 channels,
 * one thread; the ratio of the two times shows whether the cost is linear in the trial count
 * (it was quadratic: 30 s for 20 000 trials). Reference: numpy's rfft of each trial in a Python
 * loop over the same trials (the per-trial cost an implementation that iterates trials pays),
 * bench/many_trials_numpy.py.
 *
 *   node -r ts-node/register/transpile-only bench/manyTrials.ts [--quick]
 */
import { execFileSync } from "child_process";
import * as spy from "../src";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { PY_ONE_THREAD, bestOf, pythonAvailable } from "./util";

function shortTrials(n: number): spy.AnalogData {
  function* gen() {
    for (let k = 0; k < n; k++) yield { data: Float32Array.from({ length: 40 }, (_, e) => ((k * 7 + e) % 13) - 6), shape: [20, 2], dtype: "float32" as const };
  }
  return new spy.AnalogData({ data: gen(), samplerate: 100 });
}

export const manyTrialsBench: BenchWorkload = async (opts: BenchOptions): Promise<BenchRow[]> => {
  const sizes = opts.quick ? [2000, 20000] : [20000, 200000];
  const rows: BenchRow[] = [];
  const times: Record<string, number[]> = { freq: [], pre: [] };
  for (const n of sizes) {
    const data = shortTrials(n);
    const workload = `${n} trials x 20 samples x 2 ch`;
    const tf = await bestOf(opts.repeat, () => spy.freqanalysis(data, { method: "mtmfft", taper: "hann", keeptrials: true, parallel: false }));
    const tp = await bestOf(opts.repeat, () => spy.preprocessing(data, { filter_class: "but", freq: 10, filter_type: "lp", parallel: false }));
    times.freq.push(tf);
    times.pre.push(tp);
    rows.push({ workload, impl: "spyts freqanalysis mtmfft, 1 thread", seconds: tf, note: `${((n / tf) / 1000).toFixed(0)}k trials/s` });
    rows.push({ workload, impl: "spyts preprocessing Butterworth, 1 thread", seconds: tp, note: `${((n / tp) / 1000).toFixed(0)}k trials/s` });
    if (pythonAvailable()) {
      const out = execFileSync("/usr/bin/python3", ["-c", `
import time, numpy as np
n = ${n}
trials = [((np.arange(40).reshape(20, 2) + 7 * k) % 13 - 6).astype(np.float32) for k in range(n)]
w = np.hanning(20)[:, None]
t0 = time.perf_counter()
out = [np.abs(np.fft.rfft((x - x.mean(0)) * w, axis=0)) ** 2 for x in trials]
print(time.perf_counter() - t0)
`], { env: PY_ONE_THREAD, encoding: "utf8" });
      rows.push({ workload, impl: "numpy rfft per trial in a Python loop", seconds: Number(out.trim()), reference: true });
    }
  }
  const ratio = (a: number[]) => (a[1] / a[0]).toFixed(1);
  rows.push({ workload: `${sizes[1]} vs ${sizes[0]} trials`, impl: "spyts: time ratio (10x trials)", seconds: NaN,
    note: `freqanalysis ${ratio(times.freq)}x, preprocessing ${ratio(times.pre)}x (linear: ~10x)` });
  spy.cleanup();
  return rows;
};

if (require.main === module) {
  manyTrialsBench({ quick: process.argv.includes("--quick"), repeat: 1 }).then((r) => console.table(r));
}
