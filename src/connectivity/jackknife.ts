/**
 * Jackknife bias and variance of a measure of the trial-averaged CSD (coh, granger), as Syncopy's
 * `statistics/jackknifing.py`: the leave-one-out CSD averages
 *
 *   S_(k) = (N S - S_k) / (N - 1)                          (S: the trial average, S_k: trial k)
 *
 * give the replicates theta_k of the measure; with theta the direct estimate (the measure of S),
 *
 *   jack_bias = (N - 1) (mean_k theta_k - theta)
 *   jack_var  = (N - 1) sum_k |theta_k - mean_k theta_k|^2
 *
 * Syncopy's jack_var is N times the textbook jackknife variance of the estimate ((N-1)/N sum ...):
 * for a plain mean it equals the sample variance of the trials (ddof 1), and Syncopy's own test
 * takes the standard error as sqrt(jack_var / N). spyts keeps Syncopy's definition.
 *
 * The replicates are summed as differences from the direct estimate (d_k = theta_k - theta), which
 * keeps the variance accurate when the replicates are close together: sum |theta_k - mean|^2 =
 * sum |d_k|^2 - N |mean d|^2. Memory holds the sums, not the replicates.
 */
import type { DType, TypedArray } from "../core/ndarray";
import { isComplex } from "../core/ndarray";

export interface JackknifeResult {
  /** float32 [values of one result trial]. */
  jack_var: Float32Array;
  /** The result's dtype (complex interleaved for complex outputs). */
  jack_bias: Float32Array;
  biasDtype: DType;
}

export class JackknifeSums {
  private readonly w: number;
  private readonly n: number;
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private count = 0;

  constructor(private readonly direct: TypedArray, private readonly dtype: DType) {
    this.w = isComplex(dtype) ? 2 : 1;
    this.n = direct.length / this.w;
    this.sum = new Float64Array(direct.length);
    this.sumSq = new Float64Array(this.n);
  }

  /** One leave-one-out replicate of the measure (same layout as the direct estimate). */
  add(theta: TypedArray): void {
    const { w, n, direct, sum, sumSq } = this;
    for (let e = 0; e < n; e++) {
      let sq = 0;
      for (let q = 0; q < w; q++) {
        const d = theta[e * w + q] - direct[e * w + q];
        sum[e * w + q] += d;
        sq += d * d;
      }
      sumSq[e] += sq;
    }
    this.count++;
  }

  result(): JackknifeResult {
    const { w, n, sum, sumSq } = this;
    const N = this.count;
    const bias = new Float32Array(sum.length);
    const variance = new Float32Array(n);
    for (let e = 0; e < n; e++) {
      let meanSq = 0;
      for (let q = 0; q < w; q++) {
        const m = sum[e * w + q] / N;
        bias[e * w + q] = (N - 1) * m;
        meanSq += m * m;
      }
      variance[e] = (N - 1) * Math.max(0, sumSq[e] - N * meanSq);
    }
    return { jack_var: variance, jack_bias: bias, biasDtype: this.dtype };
  }
}
