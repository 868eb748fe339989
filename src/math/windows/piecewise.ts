/**
 * Windows defined by simple closed forms: boxcar, triangles, splines, cosine
 * tapers, sinc.
 */
import { sinc } from "../special";
import { linspace, mirrored, withSymmetry } from "./common";
import { hann } from "./cosineSums";

// Bound once: global lookups are slow inside vm contexts (jest, notebook kernels).
const { abs, cos, floor, sin } = Math;

export const boxcar = (M: number, sym = true): Float64Array =>
  withSymmetry(M, sym, (m) => new Float64Array(m).fill(1));

/** Triangle that does not reach zero at the ends. */
export function triang(M: number, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const half = floor((m + 1) / 2);
    const w = new Float64Array(half);
    for (let i = 0; i < half; i++) {
      const n = i + 1;
      w[i] = m % 2 === 0 ? (2 * n - 1) / m : (2 * n) / (m + 1);
    }
    // Odd m: the peak (last entry) appears once.
    return m % 2 === 0 ? mirrored(w) : mirrored(w.subarray(0, half - 1), w[half - 1]);
  });
}

/** Triangle with zero end points. */
export function bartlett(M: number, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const w = new Float64Array(m);
    const mid = (m - 1) / 2;
    for (let n = 0; n < m; n++) w[n] = n <= mid ? (2 * n) / (m - 1) : 2 - (2 * n) / (m - 1);
    return w;
  });
}

/** de la Vallée Poussin (piecewise cubic) window. */
export function parzen(M: number, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const w = new Float64Array(m);
    const quarter = (m - 1) / 4;
    const halfM = m / 2;
    for (let i = 0; i < m; i++) {
      const n = -(m - 1) / 2 + i;
      if (n < -quarter) {
        w[i] = 2 * (1 - abs(n) / halfM) ** 3;
      } else if (abs(n) <= quarter) {
        const r = abs(n) / halfM;
        w[i] = 1 - 6 * r ** 2 + 6 * r ** 3;
      }
    }
    // scipy mirrors the outer left segment onto the right instead of evaluating it.
    let left = 0;
    while (left < m && -(m - 1) / 2 + left < -quarter) left++;
    for (let i = 0; i < left; i++) w[m - 1 - i] = w[i];
    return w;
  });
}

export function bohman(M: number, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const x = linspace(-1, 1, m);
    const w = new Float64Array(m);
    for (let i = 1; i < m - 1; i++) {
      const f = abs(x[i]);
      w[i] = (1 - f) * cos(Math.PI * f) + (1 / Math.PI) * sin(Math.PI * f);
    }
    return w;
  });
}

export function barthann(M: number, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const w = new Float64Array(m);
    for (let n = 0; n < m; n++) {
      const f = abs(n / (m - 1) - 0.5);
      w[n] = 0.62 - 0.48 * f + 0.38 * cos(2 * Math.PI * f);
    }
    return w;
  });
}

/** Half a period of a sine. */
export function cosine(M: number, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const w = new Float64Array(m);
    for (let n = 0; n < m; n++) w[n] = sin((Math.PI / m) * (n + 0.5));
    return w;
  });
}

/** Tapered cosine: flat top, cosine flanks covering a fraction alpha of the window. */
export function tukey(M: number, alpha = 0.5, sym = true): Float64Array {
  // scipy: ones for alpha <= 0 (even when periodic), hann for alpha >= 1.
  if (M > 1 && alpha >= 1) return hann(M, sym);
  return withSymmetry(M, sym, (m) => {
    const w = new Float64Array(m).fill(1);
    if (alpha <= 0) return w;
    const width = floor((alpha * (m - 1)) / 2);
    for (let n = 0; n <= width; n++) {
      w[n] = 0.5 * (1 + cos(Math.PI * (-1 + (2.0 * n) / alpha / (m - 1))));
    }
    for (let n = m - width - 1; n < m; n++) {
      w[n] = 0.5 * (1 + cos(Math.PI * (-2.0 / alpha + 1 + (2.0 * n) / alpha / (m - 1))));
    }
    return w;
  });
}

/** Lanczos (sinc) window, built from its right half so it is exactly symmetric. */
export function lanczos(M: number, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const start = m % 2 === 0 ? m / 2 : (m + 1) / 2;
    const right = new Float64Array(m - start);
    for (let i = 0; i < right.length; i++) right[i] = sinc((2 * (start + i)) / (m - 1) - 1);
    const left = right.slice().reverse();
    return m % 2 === 0 ? mirrored(left) : mirrored(left, 1);
  });
}
