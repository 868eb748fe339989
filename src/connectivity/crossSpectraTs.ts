/**
 * The TypeScript reference path of the cross-spectral accumulation, plain float64 and written as
 * the definition reads (no symmetry shortcut), so that the wasm kernel is checked against the
 * formula rather than against another clever implementation:
 *   acc[f, a, b] += scale * sum_k X[k, f, senders[a]] * conj(X[k, f, receivers[b]])
 */
import type { CrossSpectraCall } from "./crossSpectraArgs";

export function accumulateCrossSpectraTs(call: CrossSpectraCall): void {
  const { X, K, F, C, acc, scale, senders, receivers } = call;
  const Ns = senders.length, Nr = receivers.length;
  for (let f = 0; f < F; f++) {
    for (let a = 0; a < Ns; a++) {
      const o = 2 * (f * Ns + a) * Nr;
      for (let b = 0; b < Nr; b++) {
        let re = 0, im = 0;
        for (let k = 0; k < K; k++) {
          const row = (k * F + f) * C;
          const i = 2 * (row + senders[a]), j = 2 * (row + receivers[b]);
          const xr = X[i], xi = X[i + 1], yr = X[j], yi = X[j + 1];
          // x * conj(y)
          re += xr * yr + xi * yi;
          im += xi * yr - xr * yi;
        }
        acc[o + 2 * b] += scale * re;
        acc[o + 2 * b + 1] += scale * im;
      }
    }
  }
}
