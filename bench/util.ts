/** Small helpers shared by the benchmark workloads. */
import * as fs from "fs";

/** Best wall time in seconds over `repeat` runs. */
export async function bestOf(repeat: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < Math.max(1, repeat); r++) {
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
