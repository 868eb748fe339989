/** Small helpers shared by the benchmark workloads. */
import * as fs from "fs";

/** Best wall time in seconds over `repeat` runs. */
/** The best wall time of `repeat` runs of fn; `before` runs untimed ahead of each one. */
export async function bestOf(repeat: number, fn: () => Promise<unknown> | unknown, before?: () => void): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < Math.max(1, repeat); r++) {
    before?.();
    const t0 = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

export function pythonAvailable(): boolean {
  return fs.existsSync("/usr/bin/python3");
}

/** Environment for the Python reference: one thread, as our single-thread rows. */
export const PY_ONE_THREAD = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };

/** Deterministic float32 test data [trial][time, channel]: uniform noise plus a slow sine. */
export function noisyTrials(nTrials: number, nSamples: number, nChannels: number, seed: number): { raw: Float32Array; trials: { data: Float32Array; shape: number[]; dtype: "float32" }[] } {
  const raw = new Float32Array(nTrials * nSamples * nChannels);
  let s = seed >>> 0;
  for (let i = 0; i < raw.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    raw[i] = (s / 4294967296 - 0.5) * 2 + Math.sin(i * 0.01);
  }
  const per = nSamples * nChannels;
  const trials = Array.from({ length: nTrials }, (_, k) => ({ data: raw.subarray(k * per, (k + 1) * per), shape: [nSamples, nChannels], dtype: "float32" as const }));
  return { raw, trials };
}
