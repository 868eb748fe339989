/**
 * The per-channel steps of the preprocessing pipeline that run before filtering: Syncopy's
 * polyremoval (scipy.signal.detrend) and zscore. They work on one channel of a float64 buffer
 * seen as a strided view (sample i at buf[offset + i*stride]), so the same code serves the
 * four-lane blocks of the FIR path (stride 4) and the whole [n, C] trial of the Butterworth path
 * (stride C); the arithmetic per channel does not depend on the stride, so both give equal numbers.
 */
import { detrendConstant, detrendLinear } from "../math/detrend";

/** Remove the mean (polyremoval 0) or the least-squares line (1) of one channel; null does nothing. */
export function detrendChannel(buf: Float64Array, n: number, stride: number, offset: number, polyremoval: 0 | 1 | null): void {
  if (polyremoval === 0) detrendConstant(buf, n, stride, offset);
  else if (polyremoval === 1) detrendLinear(buf, n, stride, offset);
}

/** (x - mean) / std with ddof 0 on one channel, as numpy (a constant channel gives NaN, as in Syncopy). */
export function standardizeChannel(buf: Float64Array, n: number, stride: number, offset: number): void {
  let s = 0;
  for (let i = 0, k = offset; i < n; i++, k += stride) s += buf[k];
  const mean = s / n;
  let v = 0;
  for (let i = 0, k = offset; i < n; i++, k += stride) {
    const d = buf[k] - mean;
    v += d * d;
  }
  const std = Math.sqrt(v / n);
  for (let i = 0, k = offset; i < n; i++, k += stride) buf[k] = (buf[k] - mean) / std;
}

/**
 * Syncopy's order up to the filter: zscore (after detrending when polyremoval is set), then, when
 * the spec has a filter step (a filter, or detrending alone), that routine's own polyremoval right
 * before it: Syncopy's filter and detrend routines each detrend their input first.
 */
export function prefilterChannel(buf: Float64Array, n: number, stride: number, offset: number,
                                 zscore: boolean, polyremoval: 0 | 1 | null, hasFilterStep: boolean): void {
  if (zscore) {
    detrendChannel(buf, n, stride, offset, polyremoval);
    standardizeChannel(buf, n, stride, offset);
  }
  if (hasFilterStep) detrendChannel(buf, n, stride, offset, polyremoval);
}
