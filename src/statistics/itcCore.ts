/**
 * Inter-trial coherence, streamed (Syncopy's _trial_circ_average, then the taper mean and abs):
 * ITC = | mean over tapers of ( (1/N) sum over trials of z / |z| ) |, in [0, 1]. Memory: one trial
 * and the running sum of unit vectors (float64). z = 0 gives 0/0 = NaN, which propagates to that
 * element's ITC, as in Syncopy (numpy divides the same way).
 */
import { ascontiguous } from "../core/ndarray";
import type { TrialSource } from "../core/computeTypes";

/**
 * ITC of complex trials of `shape` (equal for all, checked by the caller), reducing `taperAxis`
 * after the circular mean. Returns the real values, C-ordered, shape with `shape[taperAxis] = 1`.
 */
export function itcOverTrials(source: TrialSource, shape: readonly number[], taperAxis: number): Float64Array {
  const elements = shape.reduce((a, b) => a * b, 1);
  const acc = new Float64Array(2 * elements);
  for (let t = 0; t < source.nTrials; t++) {
    const z = ascontiguous(source.readTrial(t)).data;
    for (let i = 0; i < elements; i++) {
      const re = z[2 * i], im = z[2 * i + 1];
      const r = Math.hypot(re, im);
      acc[2 * i] += re / r;
      acc[2 * i + 1] += im / r;
    }
  }
  const N = source.nTrials;
  let outer = 1, inner = 1;
  for (let d = 0; d < taperAxis; d++) outer *= shape[d];
  for (let d = taperAxis + 1; d < shape.length; d++) inner *= shape[d];
  const K = shape[taperAxis];
  const out = new Float64Array(outer * inner);
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < inner; b++) {
      let sr = 0, si = 0;
      for (let k = 0; k < K; k++) {
        const i = (a * K + k) * inner + b;
        sr += acc[2 * i] / N;
        si += acc[2 * i + 1] / N;
      }
      out[a * inner + b] = Math.hypot(sr / K, si / K);
    }
  }
  return out;
}
