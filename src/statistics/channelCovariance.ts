/**
 * Channel covariance of trials, streamed: each trial's sum of outer products of its demeaned
 * samples, combined over trials as Syncopy does (the mean of per-trial np.cov) or as FieldTrip does
 * for trials of variable length (the pooled sum over the pooled degrees of freedom).
 */

/**
 * sum_t (x_t − mean)(x_t − mean)ᵀ of one trial [n, C] (row-major), as a C x C row-major matrix:
 * np.cov(x, rowvar=False) times (n − ddof). Demeaning first, as numpy does, avoids the
 * cancellation of sum(x xᵀ) − n mean meanᵀ.
 */
export function scatterMatrix(x: ArrayLike<number>, n: number, C: number): Float64Array {
  const mean = new Float64Array(C);
  for (let t = 0; t < n; t++) for (let c = 0; c < C; c++) mean[c] += x[t * C + c];
  for (let c = 0; c < C; c++) mean[c] /= n;
  const d = new Float64Array(n * C);
  for (let t = 0; t < n; t++) for (let c = 0; c < C; c++) d[t * C + c] = x[t * C + c] - mean[c];
  const s = new Float64Array(C * C);
  for (let t = 0; t < n; t++) {
    const row = t * C;
    for (let a = 0; a < C; a++) {
      const da = d[row + a];
      for (let b = a; b < C; b++) s[a * C + b] += da * d[row + b];
    }
  }
  for (let a = 0; a < C; a++) for (let b = 0; b < a; b++) s[a * C + b] = s[b * C + a];
  return s;
}

/**
 * Running combination of per-trial covariances.
 * - `"mean"` (Syncopy): cov = mean over trials of S_k / (n_k − ddof), i.e. of np.cov(trial_k, ddof);
 * - `"pooled"` (FieldTrip, vartrllength 2): cov = sum S_k / sum (n_k − ddof), which gives trials
 *   with more samples more weight. Both agree when every trial has the same length.
 * A trial with n_k − ddof <= 0 has no covariance (NaN, as numpy's division by zero gives).
 */
export class CovarianceAccumulator {
  private readonly sum: Float64Array;
  private denominator = 0;
  private count = 0;
  /** Per-trial matrices when kept. */
  readonly perTrial: Float64Array[] = [];

  constructor(readonly nChannels: number, readonly ddof: number, readonly combine: "mean" | "pooled", readonly keep: boolean) {
    this.sum = new Float64Array(nChannels * nChannels);
  }

  /** Add one trial [n, C] (row-major). */
  add(x: ArrayLike<number>, n: number): void {
    const C = this.nChannels;
    const s = scatterMatrix(x, n, C);
    const dof = n - this.ddof;
    if (this.keep) this.perTrial.push(s.map((v) => (dof > 0 ? v / dof : NaN)));
    if (this.combine === "mean") {
      for (let i = 0; i < s.length; i++) this.sum[i] += dof > 0 ? s[i] / dof : NaN;
    } else {
      for (let i = 0; i < s.length; i++) this.sum[i] += s[i];
      this.denominator += dof;
    }
    this.count += 1;
  }

  /** The combined covariance [C, C] row-major. */
  result(): Float64Array {
    const d = this.combine === "mean" ? this.count : this.denominator;
    return this.sum.map((v) => (d > 0 ? v / d : NaN));
  }

  /** The kept per-trial covariances as one [K, C, C] array. */
  trials(): Float64Array {
    const C2 = this.nChannels * this.nChannels;
    const out = new Float64Array(this.perTrial.length * C2);
    this.perTrial.forEach((m, k) => out.set(m, k * C2));
    return out;
  }
}
