/**
 * numpy.fft-compatible transforms of any length.
 *
 * Complex arrays are interleaved (re, im) Float64Arrays, the memory layout of
 * numpy's complex128. One-shot helpers allocate their result; hot loops should
 * hold a plan (getRealFFTPlan / getComplexFFTPlan), which allocates nothing per call.
 * Algorithms: fft.js for powers of two, mixed-radix Stockham for lengths built
 * from small primes, Bluestein for lengths with a large prime factor; real
 * transforms of even length run as a complex transform of half the length, and
 * RealFFTPlan.forwardPair packs two real signals of odd length into one complex
 * transform.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { getComplexFFTPlan } from "./fft/complexPlan";
import { getRealFFTPlan } from "./fft/realPlan";
import { nextPowerOfTwo } from "./fft/factorize";

export { getComplexFFTPlan, clearComplexFFTPlans } from "./fft/complexPlan";
export type { ComplexFFTPlan } from "./fft/complexPlan";
export { getRealFFTPlan, clearRealFFTPlans } from "./fft/realPlan";
export type { RealFFTPlan } from "./fft/realPlan";

function resolveLength(param: string, n: number | undefined, fallback: number): number {
  const len = n === undefined ? fallback : n;
  if (typeof len !== "number") throw new SPYTypeError(param, n, "an integer >= 1");
  if (!Number.isInteger(len) || len < 1) {
    throw new SPYValueError(param, n === undefined ? `${len} (from the input length)` : n, "an integer >= 1");
  }
  return len;
}

function checkInterleaved(param: string, x: Float64Array): void {
  if (!(x instanceof Float64Array)) throw new SPYTypeError(param, x, "an interleaved complex Float64Array (even length)");
  if (x.length % 2 !== 0) {
    throw new SPYValueError(param, x, "an interleaved complex Float64Array (even length)");
  }
}

/**
 * numpy.fft.rfft(x, n): the floor(n/2)+1 non-negative frequency bins of a real
 * signal, interleaved complex. x is truncated or zero-padded to n (default x.length).
 */
export function rfft(x: ArrayLike<number>, n?: number): Float64Array {
  const len = resolveLength("n", n, x.length);
  const plan = getRealFFTPlan(len);
  let input: Float64Array;
  if (x instanceof Float64Array && x.length === len) {
    input = x;
  } else {
    input = new Float64Array(len);
    const m = Math.min(len, x.length);
    for (let i = 0; i < m; i++) input[i] = x[i];
  }
  const out = new Float64Array(2 * plan.nBins);
  plan.forward(input, out);
  return out;
}

/**
 * numpy.fft.irfft(X, n): real signal of length n (default 2*(bins-1)) from its
 * non-negative frequency bins; X is truncated or zero-padded to floor(n/2)+1 bins.
 */
export function irfft(X: Float64Array, n?: number): Float64Array {
  checkInterleaved("X", X);
  const bins = X.length / 2;
  const len = resolveLength("n", n, 2 * (bins - 1));
  const plan = getRealFFTPlan(len);
  let spectrum = X;
  if (bins !== plan.nBins) {
    spectrum = new Float64Array(2 * plan.nBins);
    spectrum.set(X.subarray(0, Math.min(X.length, spectrum.length)));
  }
  const out = new Float64Array(len);
  plan.inverse(spectrum, out);
  return out;
}

function complexTransform(x: Float64Array, n: number | undefined, inverse: boolean): Float64Array {
  checkInterleaved("x", x);
  const len = resolveLength("n", n, x.length / 2);
  const plan = getComplexFFTPlan(len);
  const buf = new Float64Array(2 * len);
  buf.set(x.subarray(0, Math.min(x.length, 2 * len)));
  if (inverse) plan.inverse(buf, buf);
  else plan.forward(buf, buf);
  return buf;
}

/** numpy.fft.fft(x, n) of interleaved complex x, truncated or zero-padded to n points. */
export function fft(xInterleaved: Float64Array, n?: number): Float64Array {
  return complexTransform(xInterleaved, n, false);
}

/** numpy.fft.ifft(x, n): inverse with 1/n normalisation. */
export function ifft(xInterleaved: Float64Array, n?: number): Float64Array {
  return complexTransform(xInterleaved, n, true);
}

function checkSpacing(d: number): void {
  if (typeof d !== "number") throw new SPYTypeError("d", d, "a finite, non-zero sample spacing");
  if (!Number.isFinite(d) || d === 0) {
    throw new SPYValueError("d", d, "a finite, non-zero sample spacing");
  }
}

/** numpy.fft.rfftfreq(n, d): [0, 1, ..., floor(n/2)] / (n*d). */
export function rfftfreq(n: number, d = 1): Float64Array {
  resolveLength("n", n, n);
  checkSpacing(d);
  // numpy multiplies by 1/(n*d) rather than dividing; same here for identical bits.
  const val = 1 / (n * d);
  const out = new Float64Array(Math.floor(n / 2) + 1);
  for (let i = 0; i < out.length; i++) out[i] = i * val;
  return out;
}

/** numpy.fft.fftfreq(n, d): [0, 1, ..., ceil(n/2)-1, -floor(n/2), ..., -1] / (n*d). */
export function fftfreq(n: number, d = 1): Float64Array {
  resolveLength("n", n, n);
  checkSpacing(d);
  const val = 1 / (n * d);
  const out = new Float64Array(n);
  const positive = Math.floor((n - 1) / 2) + 1;
  for (let i = 0; i < positive; i++) out[i] = i * val;
  for (let i = positive; i < n; i++) out[i] = (i - n) * val;
  return out;
}

/** Smallest power of two >= n (1 for n <= 1); the padding length FFT users ask for. */
export function nextpow2(n: number): number {
  if (typeof n !== "number") throw new SPYTypeError("n", n, "a finite number <= 2^52");
  if (!Number.isFinite(n) || n > 2 ** 52) {
    throw new SPYValueError("n", n, "a finite number <= 2^52");
  }
  return nextPowerOfTwo(n);
}
