/** The objects crash.test.ts saves: "old" and "new" differ in every value, samplerate and dataset. */
import type { NDArray } from "../../src/core/ndarray";

export interface CrashData { trials: NDArray[]; samplerate: number; extra: NDArray }

export function crashData(which: "old" | "new"): CrashData {
  const shift = which === "old" ? 0 : 1000;
  const trials: NDArray[] = [];
  for (let k = 0; k < 3; k++) {
    const n = 40 + 10 * k;
    const data = new Float64Array(n * 2);
    for (let i = 0; i < data.length; i++) data[i] = shift + k * 100 + i * 0.25;
    trials.push({ data, shape: [n, 2], dtype: "float64" });
  }
  const extra: NDArray = { data: Float64Array.from([1, 2, 3, 4].map((v) => v + shift)), shape: [2, 2], dtype: "float64" };
  return { trials, samplerate: which === "old" ? 1000 : 500, extra };
}

/** The raw recording of the batch crash test: 600 observations x 3 channels of int16. */
export function crashRecording(): Int16Array {
  const a = new Int16Array(600 * 3);
  for (let i = 0; i < a.length; i++) a[i] = ((i * 37) % 2001) - 1000;
  return a;
}
