/**
 * Dolph-Chebyshev window: equiripple sidelobes `at` dB below the main lobe.
 * Built, like scipy, by sampling the Chebyshev polynomial in the frequency
 * domain and transforming back with an FFT of length M.
 */
import { fft } from "../fft";
import { withSymmetry } from "./common";

// Bound once: global lookups are slow inside vm contexts (jest, notebook kernels).
const { abs, acos, acosh, cos, cosh, sin } = Math;

/** T_order(x) via its trigonometric/hyperbolic closed forms (stable for large orders). */
function chebyshevT(order: number, x: number, oddLength: boolean): number {
  if (x > 1) return cosh(order * acosh(x));
  if (x < -1) return (oddLength ? 1 : -1) * cosh(order * acosh(-x));
  return cos(order * acos(x));
}

export function chebwin(M: number, at: number, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const order = m - 1;
    const beta = cosh((1 / order) * acosh(10 ** (abs(at) / 20)));
    const odd = m % 2 === 1;
    const spectrum = new Float64Array(2 * m);
    for (let k = 0; k < m; k++) {
      const p = chebyshevT(order, beta * cos((Math.PI * k) / m), odd);
      if (odd) {
        spectrum[2 * k] = p;
      } else {
        // Half-sample shift so the even-length window comes out symmetric.
        const phase = (Math.PI / m) * k;
        spectrum[2 * k] = p * cos(phase);
        spectrum[2 * k + 1] = p * sin(phase);
      }
    }
    const t = fft(spectrum);
    const w = new Float64Array(m);
    if (odd) {
      const n = (m + 1) / 2;
      // [t_(n-1), ..., t_1, t_0, t_1, ..., t_(n-1)]
      for (let i = 0; i < n; i++) {
        w[n - 1 + i] = t[2 * i];
        w[n - 1 - i] = t[2 * i];
      }
    } else {
      const n = m / 2 + 1;
      // [t_(n-1), ..., t_1, t_1, ..., t_(n-1)]
      for (let i = 1; i < n; i++) {
        w[n - 1 - i] = t[2 * i];
        w[n - 2 + i] = t[2 * i];
      }
    }
    let max = -Infinity;
    for (let i = 0; i < m; i++) if (w[i] > max) max = w[i];
    for (let i = 0; i < m; i++) w[i] /= max;
    return w;
  });
}
