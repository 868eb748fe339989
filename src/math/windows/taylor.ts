/**
 * Taylor window (radar): nbar - 1 nearly constant sidelobes at -sll dB.
 */
import { withSymmetry } from "./common";

// Bound once: global lookups are slow inside vm contexts (jest, notebook kernels).
const { acosh, cos, max } = Math;

export function taylor(M: number, nbar = 4, sll = 30, norm = true, sym = true): Float64Array {
  return withSymmetry(M, sym, (m) => {
    const B = 10 ** (sll / 20);
    const A = acosh(B) / Math.PI;
    const s2 = (nbar * nbar) / (A * A + (nbar - 0.5) * (nbar - 0.5));
    const count = nbar - 1;
    const Fm = new Float64Array(max(count, 0));
    for (let mi = 0; mi < count; mi++) {
      const mm = mi + 1;
      const m2 = mm * mm;
      let numer = mi % 2 === 0 ? 1 : -1;
      for (let j = 1; j <= count; j++) numer *= 1 - m2 / s2 / (A * A + (j - 0.5) * (j - 0.5));
      let left = 1;
      for (let j = 1; j < mm; j++) left *= 1 - m2 / (j * j);
      let right = 1;
      for (let j = mm + 1; j <= count; j++) right *= 1 - m2 / (j * j);
      Fm[mi] = numer / (2 * left * right);
    }
    const W = (n: number): number => {
      let dot = 0;
      for (let mi = 0; mi < count; mi++) {
        dot += Fm[mi] * cos((2 * Math.PI * (mi + 1) * (n - m / 2 + 0.5)) / m);
      }
      return 1 + 2 * dot;
    };
    const w = new Float64Array(m);
    for (let n = 0; n < m; n++) w[n] = W(n);
    if (norm) {
      const scale = 1 / W((m - 1) / 2);
      for (let n = 0; n < m; n++) w[n] *= scale;
    }
    return w;
  });
}
