/**
 * scipy.signal.detrend(x, type='constant' | 'linear', axis=0), in place, on a
 * contiguous 1-D signal or on one channel of a C-ordered [nSamples, nChannels]
 * block (the layout of a Syncopy trial). Syncopy's polyremoval=0 / 1.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";

/*
 * Math functions are bound once at module scope: inside vm contexts (jest, some
 * notebook kernels) every global lookup such as `Math.abs` goes through an
 * interceptor and costs ~100x a plain variable load, which dominated hot loops.
 */
const { abs } = Math;

/** A strided view of one channel: element i lives at data[offset + i*stride]. */
interface Strided {
  data: Float64Array;
  offset: number;
  stride: number;
  count: number;
}

function resolve(
  data: Float64Array, nSamples: number | undefined, nChannels: number | undefined, channel: number | undefined,
): Strided {
  if (!(data instanceof Float64Array)) throw new SPYTypeError("data", data, "a Float64Array");
  if (nSamples === undefined && nChannels === undefined && channel === undefined) {
    return { data, offset: 0, stride: 1, count: data.length };
  }
  if (typeof nSamples !== "number") throw new SPYTypeError("nSamples", nSamples, "a non-negative integer");
  if (!Number.isInteger(nSamples) || nSamples < 0) {
    throw new SPYValueError("nSamples", nSamples, "a non-negative integer");
  }
  if (typeof nChannels !== "number") throw new SPYTypeError("nChannels", nChannels, "an integer >= 1");
  if (!Number.isInteger(nChannels) || nChannels < 1) {
    throw new SPYValueError("nChannels", nChannels, "an integer >= 1");
  }
  if (nSamples * nChannels > data.length) {
    throw new SPYValueError("data", data, `at least nSamples*nChannels = ${nSamples * nChannels} values`);
  }
  if (typeof channel !== "number") throw new SPYTypeError("channel", channel, `an integer in [0, ${nChannels - 1}]`);
  if (!Number.isInteger(channel) || channel < 0 || channel >= nChannels) {
    throw new SPYValueError("channel", channel, `an integer in [0, ${nChannels - 1}]`);
  }
  return { data, offset: channel, stride: nChannels, count: nSamples };
}

/**
 * Mean by Neumaier-compensated summation: accurate to about one rounding no
 * matter how long the signal or how large its offset, so the result agrees with
 * numpy (whose pairwise sum is also accurate) far below 1e-12.
 */
function stridedMean(v: Strided): number {
  const { data, offset, stride, count } = v;
  let sum = 0, comp = 0;
  for (let i = 0, j = offset; i < count; i++, j += stride) {
    const x = data[j];
    const t = sum + x;
    comp += abs(sum) >= abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return (sum + comp) / count;
}

function removeConstant(v: Strided): void {
  if (v.count === 0) return;
  const mean = stridedMean(v);
  const { data, offset, stride, count } = v;
  for (let i = 0, j = offset; i < count; i++, j += stride) data[j] -= mean;
}

/**
 * Least-squares line through (i, x_i), i = 0..n-1, in centred form: the fit's
 * residuals do not depend on how time is parametrised, so this gives scipy's
 * lstsq result for its abscissa (1..n)/n without forming or factoring a matrix.
 */
function fitLine(v: Strided): { slope: number; meanX: number; meanT: number } {
  const { data, offset, stride, count } = v;
  const meanX = stridedMean(v);
  const meanT = (count - 1) / 2;
  // sum (i - meanT)^2 = n(n^2 - 1)/12, exactly computable for any realistic n.
  const stt = (count * (count * count - 1)) / 12;
  let stx = 0, comp = 0;
  for (let i = 0, j = offset; i < count; i++, j += stride) {
    const term = (i - meanT) * (data[j] - meanX);
    const t = stx + term;
    comp += abs(stx) >= abs(term) ? stx - t + term : term - t + stx;
    stx = t;
  }
  const slope = stt > 0 ? (stx + comp) / stt : 0;
  return { slope, meanX, meanT };
}

function removeLinear(v: Strided): void {
  if (v.count === 0) return;
  const { slope, meanX, meanT } = fitLine(v);
  const { data, offset, stride, count } = v;
  for (let i = 0, j = offset; i < count; i++, j += stride) data[j] = data[j] - meanX - slope * (i - meanT);
}

/** Subtract the mean of a contiguous signal, in place. */
export function detrendConstant(x: Float64Array): void;
/** Subtract the mean of one channel of a C-ordered [nSamples, nChannels] block, in place. */
export function detrendConstant(data: Float64Array, nSamples: number, nChannels: number, channel: number): void;
export function detrendConstant(data: Float64Array, nSamples?: number, nChannels?: number, channel?: number): void {
  removeConstant(resolve(data, nSamples, nChannels, channel));
}

/** Subtract the least-squares line of a contiguous signal, in place. */
export function detrendLinear(x: Float64Array): void;
/** Subtract the least-squares line of one channel of a C-ordered [nSamples, nChannels] block, in place. */
export function detrendLinear(data: Float64Array, nSamples: number, nChannels: number, channel: number): void;
export function detrendLinear(data: Float64Array, nSamples?: number, nChannels?: number, channel?: number): void {
  removeLinear(resolve(data, nSamples, nChannels, channel));
}

/**
 * Least-squares line y_i ~ intercept + slope * i (i = 0..n-1) of a contiguous
 * signal, i.e. numpy.polyfit(arange(n), y, 1) as { slope, intercept }.
 */
export function leastSquaresLine(y: Float64Array): { slope: number; intercept: number } {
  const v = resolve(y, undefined, undefined, undefined);
  if (v.count === 0) throw new SPYValueError("y", y, "at least one sample");
  const { slope, meanX, meanT } = fitLine(v);
  return { slope, intercept: meanX - slope * meanT };
}
