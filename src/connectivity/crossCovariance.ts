/**
 * The numeric core of method "corr": Syncopy's single-trial cross-covariances
 * (`ST_compRoutines.cross_covariance_cF`), positive lags only.
 *
 * For one trial x[n, c] (N samples, C channels), after detrending (polyremoval), Syncopy computes
 *
 *   r_ab[t] = sum_n x_a[n + t] x_b[n]                 (scipy's fftconvolve(x_a, x_b[::-1], "same"))
 *   CC[l, a, b] = r_ab[t(l, a, b)] / (N - l),          l = 0 .. ceil(N/2) - 1
 *
 * with t = l on and below the diagonal (a >= b). Above it (a < b) Syncopy reads the reversed
 * "same"-mode output, which for an EVEN N is one sample off: t = l + 1 there (for odd N, t = l).
 * So for even N the upper triangle is not the lag-l covariance r_ab[l] but r_ab[l + 1], still
 * divided by N - l, and lag 0 is not symmetric. spyts reproduces this (Syncopy's golden output
 * has it); README's corr section says so.
 *
 * Here r_ab is one inverse real FFT of X_a conj(X_b) with the channels zero-padded to a power of
 * two >= 2N - 1 (a linear, not circular, correlation), r_ab[-t] at index nfft - t: the same
 * sums as scipy's fftconvolve, to float64 rounding. Pure: the same in a worker and in the main thread.
 */
import { getRealFFTPlan, nextpow2 } from "../math/fft";
import { detrendConstant, detrendLinear } from "../math/detrend";

const { sqrt } = Math;

/** Number of lags of a trial of N samples: 0 .. ceil(N/2) - 1 (Syncopy: N // 2 even, N // 2 + 1 odd). */
export function lagCount(nSamples: number): number {
  return nSamples - Math.floor(nSamples / 2);
}

/**
 * Cross-covariances of one trial into `out` ([ceil(N/2), C, C], C order, float64).
 *
 * @param x - the trial, C-ordered [N, C] (any numeric typed array; read, not changed)
 * @param polyremoval - 0: subtract each channel's mean, 1: its least-squares line, null: nothing
 * @param norm - divide by the product of the channels' standard deviations (numpy's std, ddof 0,
 *   of the detrended channel), as Syncopy does for single-trial results (keeptrials)
 * @returns `out`
 */
export function crossCovarianceTrial(
  x: ArrayLike<number>, N: number, C: number, polyremoval: 0 | 1 | null, norm: boolean,
  out: Float64Array = new Float64Array(lagCount(N) * C * C),
): Float64Array {
  const L = lagCount(N);
  const nfft = nextpow2(2 * N - 1);
  const plan = getRealFFTPlan(nfft);
  const B = 2 * plan.nBins;
  const spectra = new Float64Array(C * B);
  const std = new Float64Array(C);
  const sig = new Float64Array(nfft);
  for (let c = 0; c < C; c++) {
    sig.fill(0);
    for (let n = 0; n < N; n++) sig[n] = x[n * C + c];
    const head = sig.subarray(0, N);
    if (polyremoval === 0) detrendConstant(head);
    else if (polyremoval === 1) detrendLinear(head);
    if (norm) std[c] = populationStd(head);
    plan.forward(sig, spectra.subarray(c * B, (c + 1) * B));
  }

  // even N: the upper triangle is one lag further (see the file comment)
  const shift = N % 2 === 0 ? 1 : 0;
  const prod = new Float64Array(B);
  const r = new Float64Array(nfft);
  for (let i = 0; i < C; i++) {
    const Xi = spectra.subarray(i * B, (i + 1) * B);
    for (let j = 0; j <= i; j++) {
      const Xj = spectra.subarray(j * B, (j + 1) * B);
      for (let k = 0; k < B; k += 2) {
        // X_i conj(X_j)
        prod[k] = Xi[k] * Xj[k] + Xi[k + 1] * Xj[k + 1];
        prod[k + 1] = Xi[k + 1] * Xj[k] - Xi[k] * Xj[k + 1];
      }
      plan.inverse(prod, r);
      for (let l = 0; l < L; l++) {
        out[(l * C + i) * C + j] = r[l] / (N - l);
        if (i !== j) {
          // CC[l, j, i] = r_ji[l + shift] = r_ij[-(l + shift)]
          const t = l + shift;
          out[(l * C + j) * C + i] = r[t === 0 ? 0 : nfft - t] / (N - l);
        }
      }
    }
  }
  if (norm) {
    for (let l = 0; l < L; l++) {
      for (let a = 0; a < C; a++) {
        for (let b = 0; b < C; b++) out[(l * C + a) * C + b] /= std[a] * std[b];
      }
    }
  }
  return out;
}

/** numpy's std (ddof 0): the root mean square deviation from the mean, two passes. */
function populationStd(v: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) {
    const d = v[i] - mean;
    ss += d * d;
  }
  return sqrt(ss / v.length);
}

/**
 * Syncopy's NormalizeCrossCov (`normalize_ccov_cF`) in place: the trial-averaged covariances
 * [L, C, C] divided by sqrt(CC[0, a, a] CC[0, b, b]), the zero-lag auto-covariances.
 */
export function normalizeCrossCovariance(cc: Float64Array, L: number, C: number): Float64Array {
  const diag = new Float64Array(C);
  for (let c = 0; c < C; c++) diag[c] = cc[c * C + c];
  for (let l = 0; l < L; l++) {
    for (let a = 0; a < C; a++) {
      for (let b = 0; b < C; b++) cc[(l * C + a) * C + b] /= sqrt(diag[b] * diag[a]);
    }
  }
  return cc;
}
