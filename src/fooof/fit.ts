/**
 * FOOOF 1.1.1's model fit (`fooof/objs/fit.py::FOOOF.fit`), step for step, on a spectrum that is
 * already validated and in log10 power:
 *
 *  1. robust aperiodic fit: a simple fit, then a refit on the points at or below the 0.025th
 *     percentile (np.percentile takes percent: 0.025 %, i.e. the points under the first fit) of
 *     the flattened spectrum clipped at 0;
 *  2. iterative peak search on the flattened spectrum (stop at peak_threshold * std,
 *     min_peak_height or max_n_peaks; width guessed from the shorter half-height side);
 *  3. drop guesses within 1 sd of an edge and the lower of two guesses overlapping at 0.75 sd;
 *  4. joint Gaussian fit with bounds (scipy's TRF, as curve_fit with bounds), sorted by centre;
 *  5. aperiodic refit on the spectrum with the peaks removed;
 *  6. peak_params, r_squared (corrcoef^2) and error (mean absolute error).
 *
 * Every curve fit uses the solver scipy's curve_fit would: Levenberg-Marquardt (MINPACK) for the
 * unbounded aperiodic fits, Trust Region Reflective for the bounded Gaussian fit, maxfev 5000.
 * A fit that fails where FOOOF raises its FitError returns `converged: false` with the message
 * and NaN results, as FOOOF clears its results; it never throws.
 */
import { aperiodic, aperiodicJacobian, gaussians, gaussiansJacobian } from "./funcs";
import { FOOOF_INTERNALS, FooofOpt } from "./settings";
import { argNearest, argmax, corrcoef, pairwiseSum, percentile, std } from "./stats";
import { curveFit, CurveFitOptions, trf, Jacobian } from "../math/lsq";
import { GaussianDifference } from "./gaussianFD";

const abs = Math.abs;
const log10 = Math.log10;
const sqrt = Math.sqrt;

/** The result of one fit, in FOOOF's terms (log10 power), typed arrays. */
export interface FitCore {
  /** [offset, exponent] or [offset, knee, exponent]; NaN when the fit failed. */
  aperiodicParams: Float64Array;
  /** n_peaks x 3 row-major [mean, height, sd], sorted by mean. */
  gaussianParams: Float64Array;
  /** n_peaks x 3 row-major [CF, PW (height over the aperiodic fit), BW (2 sd)]. */
  peakParams: Float64Array;
  nPeaks: number;
  rSquared: number;
  error: number;
  /** log10 model, aperiodic and peak components (NaN when the fit failed). */
  fooofed: Float64Array;
  apFit: Float64Array;
  peakFit: Float64Array;
  converged: boolean;
  /** Empty when converged; otherwise FOOOF's FitError text and the solver's reason. */
  message: string;
}

/** Knobs for tests and comparisons; FOOOF's values by default. */
export interface FitInternals {
  /** The Gaussian fit's Jacobian: scipy's forward differences (default: scipy's path) or analytic. */
  gaussianJacobian?: "analytic" | "2-point";
  /** Function evaluations per curve fit (default FOOOF's 5000). */
  maxfev?: number;
}

class FitError extends Error {}

/** FOOOF's fit of `logPower` (log10) at `freqs` (ascending, evenly spaced, no 0 Hz). */
export function fitSpectrum(freqs: Float64Array, logPower: Float64Array, opt: FooofOpt, internals: FitInternals = {}): FitCore {
  const n = freqs.length;
  const nAp = opt.aperiodic_mode === "knee" ? 3 : 2;
  try {
    const ctx = new FitContext(freqs, logPower, opt, internals);
    let apParams = ctx.robustApFit();
    let apFit = aperiodic(freqs, apParams, new Float64Array(n));
    const flat = new Float64Array(n);
    for (let i = 0; i < n; i++) flat[i] = logPower[i] - apFit[i];
    const gauss = ctx.fitPeaks(flat);
    const peakFit = gaussians(freqs, gauss, new Float64Array(n));
    const peakRm = new Float64Array(n);
    for (let i = 0; i < n; i++) peakRm[i] = logPower[i] - peakFit[i];
    apParams = ctx.simpleApFit(freqs, peakRm);
    apFit = aperiodic(freqs, apParams, apFit);
    const fooofed = new Float64Array(n);
    for (let i = 0; i < n; i++) fooofed[i] = peakFit[i] + apFit[i];
    const nPeaks = gauss.length / 3;
    const peakParams = new Float64Array(gauss.length);
    for (let k = 0; k < nPeaks; k++) {
      const ind = argNearest(freqs, gauss[3 * k]);
      peakParams[3 * k] = gauss[3 * k];
      peakParams[3 * k + 1] = fooofed[ind] - apFit[ind];
      peakParams[3 * k + 2] = gauss[3 * k + 2] * 2;
    }
    const r = corrcoef(logPower, fooofed);
    const absErr = new Float64Array(n);
    for (let i = 0; i < n; i++) absErr[i] = abs(logPower[i] - fooofed[i]);
    return {
      aperiodicParams: apParams, gaussianParams: gauss, peakParams, nPeaks,
      rSquared: r * r, error: pairwiseSum(absErr) / n,
      fooofed, apFit, peakFit, converged: true, message: "",
    };
  } catch (e) {
    if (!(e instanceof FitError)) throw e;
    return failedFit(n, nAp, e.message);
  }
}

/** The result FOOOF leaves after a FitError: NaN parameters, no peaks, NaN spectra. */
export function failedFit(n: number, nAp: number, message: string): FitCore {
  const nan = (k: number) => new Float64Array(k).fill(NaN);
  return {
    aperiodicParams: nan(nAp), gaussianParams: new Float64Array(0), peakParams: new Float64Array(0), nPeaks: 0,
    rSquared: NaN, error: NaN, fooofed: nan(n), apFit: nan(n), peakFit: nan(n), converged: false, message,
  };
}

/** The per-spectrum state FOOOF keeps on `self` while fitting. */
class FitContext {
  private readonly n: number;
  private readonly freqRes: number;
  private readonly freqRange: [number, number];
  private readonly stdLimits: [number, number];
  private spectrumFlat: Float64Array | null = null;
  private readonly scratch: Float64Array;

  constructor(
    private readonly freqs: Float64Array,
    private readonly power: Float64Array,
    private readonly opt: FooofOpt,
    private readonly internals: FitInternals,
  ) {
    this.n = freqs.length;
    this.freqRes = freqs[1] - freqs[0];
    this.freqRange = [freqs[0], freqs[this.n - 1]];
    this.stdLimits = [opt.peak_width_limits[0] / 2, opt.peak_width_limits[1] / 2];
    this.scratch = new Float64Array(this.n);
  }

  private apFit(freqs: Float64Array, spectrum: Float64Array, guess: ArrayLike<number>, what: string): Float64Array {
    const opts: CurveFitOptions = { maxfev: this.internals.maxfev ?? FOOOF_INTERNALS.maxfev, jac: aperiodicJacobian };
    const res = curveFit(aperiodic, freqs, spectrum, guess, opts);
    if (!res.success) {
      const why = res.message.replace(/\.$/, "");
      if (res.status === -1) throw new FitError(`Model fitting failed due to sub-sampling in the ${what} (${why}).`);
      throw new FitError(`Model fitting failed due to not finding parameters in the ${what} (${why}).`);
    }
    return res.x;
  }

  /** `_simple_ap_fit`: offset guess from this spectrum, exponent guess from the full one. */
  simpleApFit(freqs: Float64Array, spectrum: Float64Array): Float64Array {
    const P = this.power, f = this.freqs, n = this.n;
    const expGuess = abs((P[n - 1] - P[0]) / (log10(f[n - 1]) - log10(f[0])));
    const guess = this.opt.aperiodic_mode === "knee" ? [spectrum[0], 0, expGuess] : [spectrum[0], expGuess];
    return this.apFit(freqs, spectrum, guess, "simple aperiodic component fit");
  }

  /** `_robust_ap_fit`. */
  robustApFit(): Float64Array {
    const { freqs, power, n } = this;
    const popt = this.simpleApFit(freqs, power);
    const initial = aperiodic(freqs, popt, new Float64Array(n));
    const flat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = power[i] - initial[i];
      flat[i] = v < 0 ? 0 : v;
    }
    const thresh = percentile(flat, FOOOF_INTERNALS.apPercentileThresh);
    const fs: number[] = [], ps: number[] = [];
    for (let i = 0; i < n; i++) if (flat[i] <= thresh) { fs.push(freqs[i]); ps.push(power[i]); }
    return this.apFit(Float64Array.from(fs), Float64Array.from(ps), popt, "robust aperiodic fit");
  }

  /** `_fit_peaks`: guesses on the flattened spectrum, edge and overlap checks, joint fit. */
  fitPeaks(flatSpectrum: Float64Array): Float64Array {
    this.spectrumFlat = flatSpectrum;
    const { freqs, n, opt, stdLimits } = this;
    const flat = Float64Array.from(flatSpectrum);
    let guess: number[][] = [];
    const one = new Float64Array(n);
    while (guess.length < opt.max_n_peaks) {
      const maxInd = argmax(flat);
      const maxHeight = flat[maxInd];
      if (maxHeight <= opt.peak_threshold * std(flat, this.scratch)) break;
      const guessFreq = freqs[maxInd];
      const guessHeight = maxHeight;
      if (!(guessHeight > opt.min_peak_height)) break;
      const half = 0.5 * maxHeight;
      let le = -1, ri = -1;
      for (let i = maxInd - 1; i > 0; i--) if (flat[i] <= half) { le = i; break; }
      for (let i = maxInd + 1; i < n; i++) if (flat[i] <= half) { ri = i; break; }
      let guessStd: number;
      if (le < 0 && ri < 0) {
        // FOOOF's fallback: the mean of the width limits (not of the sd limits)
        guessStd = (opt.peak_width_limits[0] + opt.peak_width_limits[1]) / 2;
      } else {
        const shortSide = Math.min(le >= 0 ? maxInd - le : Infinity, ri >= 0 ? ri - maxInd : Infinity);
        const fwhm = shortSide * 2 * this.freqRes;
        guessStd = fwhm / (2 * sqrt(2 * Math.log(2)));
      }
      if (guessStd < stdLimits[0]) guessStd = stdLimits[0];
      if (guessStd > stdLimits[1]) guessStd = stdLimits[1];
      guess.push([guessFreq, guessHeight, guessStd]);
      gaussians(freqs, [guessFreq, guessHeight, guessStd], one);
      for (let i = 0; i < n; i++) flat[i] = flat[i] - one[i];
    }
    guess = this.dropPeakCf(guess);
    guess = this.dropPeakOverlap(guess);
    if (guess.length === 0) return new Float64Array(0);
    const params = this.fitPeakGuess(guess);
    const order = Array.from({ length: guess.length }, (_, k) => k).sort((a, b) => params[3 * a] - params[3 * b]);
    const sorted = new Float64Array(params.length);
    order.forEach((k, i) => sorted.set(params.subarray(3 * k, 3 * k + 3), 3 * i));
    return sorted;
  }

  /** `_drop_peak_cf`: keep guesses more than 1 sd from both edges. */
  private dropPeakCf(guess: number[][]): number[][] {
    const [lo, hi] = this.freqRange;
    return guess.filter(([cf, , sd]) => {
      const bw = sd * FOOOF_INTERNALS.bwStdEdge;
      return abs(cf - lo) > bw && abs(cf - hi) > bw;
    });
  }

  /** `_drop_peak_overlap`: sort by frequency; of two neighbours overlapping at 0.75 sd drop the lower. */
  private dropPeakOverlap(guess: number[][]): number[][] {
    const g = [...guess].sort((a, b) => a[0] - b[0]);    // Python's sorted: stable
    const t = FOOOF_INTERNALS.gaussOverlapThresh;
    const bounds = g.map(([cf, , sd]) => [cf - sd * t, cf + sd * t]);
    const drop = new Set<number>();
    for (let i = 0; i + 1 < bounds.length; i++) {
      if (bounds[i][1] > bounds[i + 1][0]) drop.add(g[i + 1][1] < g[i][1] ? i + 1 : i);
    }
    return g.filter((_, i) => !drop.has(i));
  }

  /** `_fit_peak_guess`: all Gaussians at once within FOOOF's bounds. */
  private fitPeakGuess(guess: number[][]): Float64Array {
    const [fLo, fHi] = this.freqRange;
    const [sLo, sHi] = this.stdLimits;
    const cfb = FOOOF_INTERNALS.cfBound;
    const lb: number[] = [], ub: number[] = [], p0: number[] = [];
    for (const [cf, h, sd] of guess) {
      const lo = cf - 2 * cfb * sd, hi = cf + 2 * cfb * sd;
      lb.push(lo > fLo ? lo : fLo, 0, sLo);
      ub.push(hi < fHi ? hi : fHi, Infinity, sHi);
      p0.push(cf, h, sd);
    }
    // residuals and Jacobian as curve_fit builds them: model - data; scipy's forward differences
    // unless the analytic Jacobian is asked for
    const freqs = this.freqs, ydata = this.spectrumFlat!, m = this.n, nP = p0.length;
    const fun = (p: Float64Array, out: Float64Array) => {
      gaussians(freqs, p, out);
      for (let i = 0; i < m; i++) out[i] -= ydata[i];
    };
    const jac: Jacobian = (this.internals.gaussianJacobian ?? "2-point") === "analytic"
      ? (p, _f, J) => gaussiansJacobian(freqs, p, J)
      : new GaussianDifference(freqs, ydata, guess.length, lb, ub).jacobian;
    let res;
    try {
      res = trf({ m, n: nP, fun, jac }, p0, { lb, ub, maxfev: this.internals.maxfev ?? FOOOF_INTERNALS.maxfev });
    } catch (e) {
      throw new FitError(`Model fitting failed in the peak component fit: ${(e as Error).message}`);
    }
    if (!res.success) throw new FitError(`Model fitting failed due to not finding parameters in the peak component fit (${res.message.replace(/\.$/, "")}, maxfev = ${this.internals.maxfev ?? FOOOF_INTERNALS.maxfev}).`);
    return res.x;
  }
}

