/**
 * Windows that are sums of cosines: w(x) = sum_k a_k cos(k x), x in [-pi, pi].
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";
import { linspace, withSymmetry } from "./common";

// Bound once: global lookups are slow inside vm contexts (jest, notebook kernels).
const { cos } = Math;

export function generalCosine(M: number, a: ArrayLike<number>, sym = true): Float64Array {
  if (a === null || typeof a !== "object" || typeof a.length !== "number") {
    throw new SPYTypeError("a", a, "a non-empty array of cosine coefficients");
  }
  if (a.length === 0) throw new SPYValueError("a", a, "a non-empty array of cosine coefficients");
  for (let k = 0; k < a.length; k++) {
    if (typeof a[k] !== "number") throw new SPYTypeError(`a[${k}]`, a[k], "a finite number");
    if (!Number.isFinite(a[k])) {
      throw new SPYValueError(`a[${k}]`, a[k], "a finite number");
    }
  }
  return withSymmetry(M, sym, (m) => {
    const fac = linspace(-Math.PI, Math.PI, m);
    const w = new Float64Array(m);
    // Accumulate term by term in scipy's order so rounding matches.
    for (let k = 0; k < a.length; k++) {
      const ak = a[k];
      for (let i = 0; i < m; i++) w[i] += ak * cos(k * fac[i]);
    }
    return w;
  });
}

export function generalHamming(M: number, alpha: number, sym = true): Float64Array {
  return generalCosine(M, [alpha, 1 - alpha], sym);
}

export const hann = (M: number, sym = true): Float64Array => generalHamming(M, 0.5, sym);
export const hamming = (M: number, sym = true): Float64Array => generalHamming(M, 0.54, sym);
export const blackman = (M: number, sym = true): Float64Array => generalCosine(M, [0.42, 0.5, 0.08], sym);
export const nuttall = (M: number, sym = true): Float64Array =>
  generalCosine(M, [0.3635819, 0.4891775, 0.1365995, 0.0106411], sym);
export const blackmanharris = (M: number, sym = true): Float64Array =>
  generalCosine(M, [0.35875, 0.48829, 0.14128, 0.01168], sym);
export const flattop = (M: number, sym = true): Float64Array =>
  generalCosine(M, [0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368], sym);
