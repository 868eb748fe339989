/**
 * FOOOF's model functions (fooof 1.1.1 `core/funcs.py`) in log10 power, with their Jacobians:
 * - aperiodic "fixed": offset - log10(f^exp)
 * - aperiodic "knee":  offset - log10(knee + f^exp)
 * - peaks: sum_k height_k * exp(-(f - ctr_k)^2 / (2 wid_k^2))
 */
const exp = Math.exp;
const log10 = Math.log10;
const log = Math.log;
const pow = Math.pow;
const LN10 = Math.LN10;

export type AperiodicMode = "fixed" | "knee";

/** Aperiodic component at freqs for params [offset, exp] or [offset, knee, exp]. */
export function aperiodic(freqs: ArrayLike<number>, params: ArrayLike<number>, out: Float64Array): Float64Array {
  const n = freqs.length;
  if (params.length === 2) {
    const off = params[0], ex = params[1];
    for (let i = 0; i < n; i++) out[i] = off - log10(pow(freqs[i], ex));
  } else {
    const off = params[0], knee = params[1], ex = params[2];
    for (let i = 0; i < n; i++) out[i] = off - log10(knee + pow(freqs[i], ex));
  }
  return out;
}

/** Jacobian of `aperiodic` with respect to its parameters, row-major (n x 2 or n x 3). */
export function aperiodicJacobian(freqs: ArrayLike<number>, params: ArrayLike<number>, J: Float64Array): void {
  const n = freqs.length;
  if (params.length === 2) {
    for (let i = 0; i < n; i++) {
      J[2 * i] = 1;
      J[2 * i + 1] = -log10(freqs[i]);
    }
  } else {
    const knee = params[1], ex = params[2];
    for (let i = 0; i < n; i++) {
      const fe = pow(freqs[i], ex);
      const den = (knee + fe) * LN10;
      J[3 * i] = 1;
      J[3 * i + 1] = -1 / den;
      J[3 * i + 2] = (-fe * log(freqs[i])) / den;
    }
  }
}

/** Sum of Gaussians at freqs for flat params [ctr, height, wid, ctr, height, wid, ...]. */
export function gaussians(freqs: ArrayLike<number>, params: ArrayLike<number>, out: Float64Array): Float64Array {
  const n = freqs.length;
  out.fill(0, 0, n);
  for (let k = 0; k + 2 < params.length; k += 3) {
    const ctr = params[k], amp = params[k + 1], wid = params[k + 2];
    const den = 2 * wid * wid;
    for (let i = 0; i < n; i++) {
      const d = freqs[i] - ctr;
      out[i] = out[i] + amp * exp(-(d * d) / den);
    }
  }
  return out;
}

/** Jacobian of `gaussians`, row-major (n x 3K): d/dctr, d/dheight, d/dwid per peak. */
export function gaussiansJacobian(freqs: ArrayLike<number>, params: ArrayLike<number>, J: Float64Array): void {
  const n = freqs.length;
  const P = params.length;
  for (let k = 0; k + 2 < P; k += 3) {
    const ctr = params[k], amp = params[k + 1], wid = params[k + 2];
    const w2 = wid * wid;
    const den = 2 * w2;
    for (let i = 0; i < n; i++) {
      const d = freqs[i] - ctr;
      const e = exp(-(d * d) / den);
      const row = i * P + k;
      J[row] = (amp * e * d) / w2;
      J[row + 1] = e;
      J[row + 2] = (amp * e * d * d) / (w2 * wid);
    }
  }
}
