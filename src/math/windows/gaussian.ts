/**
 * Gaussian-shaped windows.
 */
import { withSymmetry } from "./common";

// Bound once: global lookups are slow inside vm contexts (jest, notebook kernels).
const { abs, exp } = Math;

export function gaussian(M: number, std: number, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const w = new Float64Array(m);
    const sig2 = 2 * std * std;
    for (let i = 0; i < m; i++) {
      const n = i - (m - 1) / 2;
      w[i] = exp(-(n * n) / sig2);
    }
    return w;
  });
}

/** exp(-0.5 |n/sig|^(2p)): p = 1 is gaussian, p = 0.5 a Laplace shape, large p nearly flat. */
export function generalGaussian(M: number, p: number, sig: number, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const w = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const n = i - (m - 1) / 2;
      w[i] = exp(-0.5 * abs(n / sig) ** (2 * p));
    }
    return w;
  });
}
