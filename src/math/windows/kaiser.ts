/**
 * Kaiser and Kaiser-Bessel-derived windows.
 */
import { SPYValueError } from "../../core/errors";
import { besselI0 } from "../special";
import { checkWindowLength, withSymmetry } from "./common";

// Bound once: global lookups are slow inside vm contexts (jest, notebook kernels).
const { sqrt } = Math;

export function kaiser(M: number, beta: number, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const w = new Float64Array(m);
    const alpha = (m - 1) / 2;
    const norm = besselI0(beta);
    for (let n = 0; n < m; n++) {
      const r = (n - alpha) / alpha;
      w[n] = besselI0(beta * sqrt(1 - r * r)) / norm;
    }
    return w;
  });
}

/**
 * Kaiser-Bessel derived window (MDCT/AAC): square root of the normalised running
 * sum of a Kaiser window of M/2 + 1 points, mirrored. Only symmetric, even M.
 */
export function kaiserBesselDerived(M: number, beta: number, sym = true): Float64Array {
  if (!sym) throw new SPYValueError("sym", sym, "true (Kaiser-Bessel derived windows are only defined symmetric)");
  checkWindowLength(M);
  if (M < 1) return new Float64Array(0);
  if (M % 2 !== 0) throw new SPYValueError("M", M, "an even window length for kaiser_bessel_derived");
  const k = kaiser(M / 2 + 1, beta);
  const csum = new Float64Array(k.length);
  let acc = 0;
  for (let i = 0; i < k.length; i++) {
    acc += k[i];
    csum[i] = acc;
  }
  const total = csum[k.length - 1];
  const half = M / 2;
  const w = new Float64Array(M);
  for (let i = 0; i < half; i++) {
    const v = sqrt(csum[i] / total);
    w[i] = v;
    w[M - 1 - i] = v;
  }
  return w;
}
