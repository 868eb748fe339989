/** Small helpers shared by the benchmark workloads. */
import * as fs from "fs";

/** Best wall time in seconds over `repeat` runs. */
/** The best wall time of `repeat` runs of fn; `before` runs untimed ahead of each one. */
/**
 * Lets the results of earlier runs go before a timed run: with `--expose-gc` (npm run bench), a
 * full collection and two turns of the event loop, so that the data objects nobody holds are
 * finalized and their temporary Arrow files removed. Otherwise each repeat leaves hundreds of MB of
 * dirty page cache behind (Morlet: 410 MB a run), which the kernel starts writing back to disk
 * once it passes dirty_background_ratio (2.3 GB here) or 30 s: measured as 0.7 s vs 1.3-1.4 s
 * medians of the same two-worker Morlet run, the disk and the flusher threads competing with it.
 */
export async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  await new Promise<void>((r) => setImmediate(r));
  await new Promise<void>((r) => setImmediate(r));
}

export async function bestOf(repeat: number, fn: () => Promise<unknown> | unknown, before?: () => void): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < Math.max(1, repeat); r++) {
    before?.();     // e.g. drops the previous run's result, so that settle() lets it go
    await settle();
    const t0 = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

/**
 * Best of `repeat` runs of each of `fns`, the runs interleaved (a, b, a, b, ...): the machine's
 * speed drifts by up to 1.5x within an hour here, so ratios of runs made minutes apart (all of a,
 * then all of b) measured the drift as much as the code. `before` runs ahead of every run.
 */
export async function bestOfEach(repeat: number, fns: Array<() => Promise<unknown> | unknown>, before?: () => void): Promise<number[]> {
  const best = fns.map(() => Infinity);
  for (let r = 0; r < Math.max(1, repeat); r++) {
    for (let i = 0; i < fns.length; i++) {
      before?.();
      await settle();
      const t0 = process.hrtime.bigint();
      await fns[i]();
      best[i] = Math.min(best[i], Number(process.hrtime.bigint() - t0) / 1e9);
    }
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

/** What `parallel = "auto"` chose, from a result's log (its last "note: parallel = auto" line; the cfg's own "parallel = auto" line is not it). */
export function autoChoice(log: string): string {
  return log.split("\n").filter((l) => /note: parallel = auto/.test(l)).pop()?.replace(/^\s*note:\s*/, "") ?? "no auto note in the log";
}
