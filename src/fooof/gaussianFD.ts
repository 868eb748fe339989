/**
 * The Jacobian scipy's curve_fit computes for FOOOF's Gaussian fit: 2-point forward differences
 * of the residuals (`approx_derivative`, bound-aware steps), so the TRF iteration follows the
 * path scipy's does. Computed without re-evaluating every Gaussian for every column: the model
 * is the running sum ys = ((0 + g_0) + g_1) + ... over the peaks, in FOOOF's order, so the
 * prefix sums and each peak's term are kept and a column only recomputes its own peak's term
 * and re-adds the terms after it. The result is identical, bit for bit, to differencing the full
 * model, at O(K m) exponentials instead of O(K^2 m).
 */
import { scipyStep } from "../math/lsq/numdiff";
import type { Jacobian } from "../math/lsq";

const exp = Math.exp;

export class GaussianDifference {
  private readonly terms: Float64Array;   // K x m: g_k(f_i)
  private readonly prefix: Float64Array;  // K x m: sum of g_0..g_{k-1} in FOOOF's order
  private readonly term: Float64Array;    // m: the perturbed peak's term

  constructor(private readonly freqs: Float64Array, private readonly ydata: Float64Array, private readonly K: number,
              private readonly lb: ArrayLike<number>, private readonly ub: ArrayLike<number>) {
    const m = freqs.length;
    this.terms = new Float64Array(K * m);
    this.prefix = new Float64Array(K * m);
    this.term = new Float64Array(m);
  }

  private fill(out: Float64Array, off: number, ctr: number, amp: number, wid: number): void {
    const f = this.freqs, m = f.length;
    const den = 2 * wid * wid;
    for (let i = 0; i < m; i++) {
      const d = f[i] - ctr;
      out[off + i] = amp * exp(-(d * d) / den);
    }
  }

  /** The `Jacobian` for the solver: J (m x 3K) at x, f0 = residuals at x. */
  readonly jacobian: Jacobian = (x, f0, J) => {
    const { K, terms, prefix, term, ydata, lb, ub } = this;
    const m = this.freqs.length, n = 3 * K;
    for (let k = 0; k < K; k++) {
      this.fill(terms, k * m, x[3 * k], x[3 * k + 1], x[3 * k + 2]);
      const o = k * m;
      if (k === 0) prefix.fill(0, 0, m);
      else for (let i = 0; i < m; i++) prefix[o + i] = prefix[o - m + i] + terms[o - m + i];
    }
    for (let j = 0; j < n; j++) {
      const k = (j / 3) | 0;
      const xj = x[j];
      const h = scipyStep(xj, lb[j], ub[j]);
      const xh = xj + h;
      const dx = xh - xj;
      const p = j - 3 * k;
      this.fill(term, 0, p === 0 ? xh : x[3 * k], p === 1 ? xh : x[3 * k + 1], p === 2 ? xh : x[3 * k + 2]);
      for (let i = 0; i < m; i++) {
        let ys = prefix[k * m + i] + term[i];
        for (let q = k + 1; q < K; q++) ys = ys + terms[q * m + i];
        J[i * n + j] = (ys - ydata[i] - f0[i]) / dx;
      }
    }
  };
}
