/**
 * Cached real-input FFT plans (numpy.fft.rfft / irfft semantics).
 *
 * Even n runs as ONE complex transform of n/2 points: the samples are read as
 * z_j = x_2j + i*x_2j+1 (a Float64Array of n reals already is that interleaved
 * array, so nothing is copied), and the spectra of the even and odd samples are
 * separated afterwards:  X_k = E_k + W^k O_k  with  E_k = (Z_k + conj Z_(h-k))/2,
 * O_k = (Z_k - conj Z_(h-k))/(2i),  W = exp(-2*pi*i/n),  h = n/2.
 * Odd n falls back to a full complex transform of the zero-imaginary input.
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";
import type { ComplexEngine } from "./engine";
import { createComplexEngine, validateLength } from "./complexPlan";
import { unitRoot } from "./unitRoot";

export interface RealFFTPlan {
  readonly n: number;
  /** Number of non-negative frequency bins, floor(n/2) + 1. */
  readonly nBins: number;
  /**
   * rfft of `input` (n reals) into `out` (2*nBins doubles, interleaved complex).
   * Allocates nothing; `input` is left untouched and must not overlap `out`.
   */
  forward(input: Float64Array, out: Float64Array): void;
  /**
   * irfft (1/n normalised) of `spectrum` (2*nBins doubles) into `out` (n reals).
   * Like numpy, the imaginary parts of bin 0 (and of bin n/2 for even n) are ignored.
   */
  inverse(spectrum: Float64Array, out: Float64Array): void;
  /**
   * rfft of two signals at once, same result as two forward calls. For odd n
   * (where forward wastes half a complex transform on a zero imaginary part)
   * both signals share ONE complex transform, x1 + i*x2, which halves the cost
   * of multitaper loops over tapers and channels. For even n it simply runs
   * forward twice (the half-length trick already has no waste).
   */
  forwardPair(x1: Float64Array, x2: Float64Array, out1: Float64Array, out2: Float64Array): void;
}

// Bound once: a global lookup per call is slow inside vm contexts (jest, notebooks).
const F64 = Float64Array;

function checkBuffer(param: string, arr: Float64Array, need: number): void {
  if (!(arr instanceof F64)) throw new SPYTypeError(param, arr, `a Float64Array of at least ${need} doubles`);
  if (arr.length < need) {
    throw new SPYValueError(param, arr, `a Float64Array of at least ${need} doubles`);
  }
}

function makeEvenPlan(n: number): RealFFTPlan {
  const h = n / 2;
  const engine: ComplexEngine = createComplexEngine(h).engine;
  // W^k = exp(-2*pi*i*k/n) for k < h, stored as (cos, -sin).
  const tw = new Float64Array(2 * h);
  for (let k = 0; k < h; k++) {
    unitRoot(k, n, tw, 2 * k);
    tw[2 * k + 1] = -tw[2 * k + 1];
  }
  const zbuf = new Float64Array(2 * h);
  const nBins = h + 1;

  function forward(input: Float64Array, out: Float64Array): void {
    checkBuffer("input", input, n);
    checkBuffer("out", out, 2 * nBins);
    // The half-length spectrum Z lands in out[0 .. n) and is untangled in place,
    // pairing bins k and h-k, which both need Z_k and Z_(h-k).
    engine.forward(input, out);
    const z0r = out[0], z0i = out[1];
    out[0] = z0r + z0i;
    out[1] = 0;
    out[2 * h] = z0r - z0i;
    out[2 * h + 1] = 0;
    const last = h >> 1;
    for (let k = 1; k <= last; k++) {
      const ik = 2 * k, im = 2 * (h - k);
      const a = out[ik], b = out[ik + 1];
      const c = out[im], d = out[im + 1];
      const er = 0.5 * (a + c), ei = 0.5 * (b - d);
      const or = 0.5 * (b + d), oi = -0.5 * (a - c);
      const wr = tw[ik], wi = tw[ik + 1];
      const pr = wr * or - wi * oi, pi = wr * oi + wi * or;
      // X_(h-k) = conj(E - W^k O); written first so that for k = h/2 the
      // (identical in exact arithmetic) X_k wins.
      out[im] = er - pr;
      out[im + 1] = -(ei - pi);
      out[ik] = er + pr;
      out[ik + 1] = ei + pi;
    }
  }

  function inverse(spectrum: Float64Array, out: Float64Array): void {
    checkBuffer("spectrum", spectrum, 2 * nBins);
    checkBuffer("out", out, n);
    // Rebuild Z_k = E_k + i O_k with E_k = (X_k + conj X_(h-k))/2 and
    // O_k = (X_k - conj X_(h-k)) * conj(W^k) / 2, then z = ifft_h(Z) is x.
    for (let k = 0; k < h; k++) {
      const ik = 2 * k, im = 2 * (h - k);
      const a = spectrum[ik], b = k === 0 ? 0 : spectrum[ik + 1];
      const c = spectrum[im], d = k === 0 ? 0 : spectrum[im + 1];
      const er = 0.5 * (a + c), ei = 0.5 * (b - d);
      const dr = a - c, di = b + d;
      const wr = tw[ik], wi = -tw[ik + 1];
      const or = 0.5 * (dr * wr - di * wi), oi = 0.5 * (dr * wi + di * wr);
      zbuf[ik] = er - oi;
      zbuf[ik + 1] = ei + or;
    }
    engine.inverse(zbuf, out);
  }

  function forwardPair(x1: Float64Array, x2: Float64Array, out1: Float64Array, out2: Float64Array): void {
    forward(x1, out1);
    forward(x2, out2);
  }

  return { n, nBins, forward, inverse, forwardPair };
}

function makeOddPlan(n: number): RealFFTPlan {
  const engine: ComplexEngine = createComplexEngine(n).engine;
  const cbuf = new Float64Array(2 * n);
  const nBins = (n - 1) / 2 + 1;

  function forward(input: Float64Array, out: Float64Array): void {
    checkBuffer("input", input, n);
    checkBuffer("out", out, 2 * nBins);
    for (let j = 0; j < n; j++) {
      cbuf[2 * j] = input[j];
      cbuf[2 * j + 1] = 0;
    }
    engine.forward(cbuf, cbuf);
    for (let i = 0; i < 2 * nBins; i++) out[i] = cbuf[i];
    out[1] = 0;
  }

  function inverse(spectrum: Float64Array, out: Float64Array): void {
    checkBuffer("spectrum", spectrum, 2 * nBins);
    checkBuffer("out", out, n);
    cbuf[0] = spectrum[0];
    cbuf[1] = 0;
    for (let k = 1; k < nBins; k++) {
      const re = spectrum[2 * k], im = spectrum[2 * k + 1];
      cbuf[2 * k] = re;
      cbuf[2 * k + 1] = im;
      cbuf[2 * (n - k)] = re;
      cbuf[2 * (n - k) + 1] = -im;
    }
    engine.inverse(cbuf, cbuf);
    for (let j = 0; j < n; j++) out[j] = cbuf[2 * j];
  }

  function forwardPair(x1: Float64Array, x2: Float64Array, out1: Float64Array, out2: Float64Array): void {
    checkBuffer("x1", x1, n);
    checkBuffer("x2", x2, n);
    checkBuffer("out1", out1, 2 * nBins);
    checkBuffer("out2", out2, 2 * nBins);
    for (let j = 0; j < n; j++) {
      cbuf[2 * j] = x1[j];
      cbuf[2 * j + 1] = x2[j];
    }
    engine.forward(cbuf, cbuf);
    // Z = X1 + i X2 with X1, X2 Hermitian: X1_k = (Z_k + conj Z_(n-k)) / 2,
    // X2_k = (Z_k - conj Z_(n-k)) / (2i).
    out1[0] = cbuf[0];
    out1[1] = 0;
    out2[0] = cbuf[1];
    out2[1] = 0;
    for (let k = 1; k < nBins; k++) {
      const ik = 2 * k, im = 2 * (n - k);
      const a = cbuf[ik], b = cbuf[ik + 1];
      const c = cbuf[im], d = cbuf[im + 1];
      out1[ik] = 0.5 * (a + c);
      out1[ik + 1] = 0.5 * (b - d);
      out2[ik] = 0.5 * (b + d);
      out2[ik + 1] = -0.5 * (a - c);
    }
  }

  return { n, nBins, forward, inverse, forwardPair };
}

const realPlans = new Map<number, RealFFTPlan>();

/** The real-input plan for length n, built on first use and cached per n. */
export function getRealFFTPlan(n: number): RealFFTPlan {
  let plan = realPlans.get(n);
  if (plan === undefined) {
    validateLength("n", n);
    plan = n % 2 === 0 ? makeEvenPlan(n) : makeOddPlan(n);
    realPlans.set(n, plan);
  }
  return plan;
}

/** Forget cached real plans. */
export function clearRealFFTPlans(): void {
  realPlans.clear();
}
