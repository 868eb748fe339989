/**
 * Stored NWB values to physical ones: `v × channel_conversion[c] × conversion + offset`, computed
 * in float64 and rounded once into the output (float32 for int8/int16/float32 data). One loop
 * writes into a caller's array, so a reader converts straight from h5wasm's heap into the array it
 * hands out, without an intermediate copy or a per-block allocation.
 */
import type { DType, TypedArray } from "../core/ndarray";

/** Per-channel factor and the common offset of a series. */
export interface Scaling {
  /** conversion × channel_conversion[c] (conversion alone without channel_conversion). */
  gain: Float64Array;
  offset: number;
  /** Every channel's gain is the same (the common case: no channel_conversion). */
  uniform: boolean;
}

/** The scaling of a series with `nChannels` channels. */
export function scalingOf(nChannels: number, conversion: number, offset: number, channelConversion: number[] | null): Scaling {
  const gain = new Float64Array(nChannels).fill(conversion);
  if (channelConversion) for (let j = 0; j < nChannels; j++) gain[j] *= channelConversion[j];
  return { gain, offset, uniform: gain.every((g) => Object.is(g, gain[0])) };
}

/**
 * `out[i] = raw[i] × gain[i mod nChannels] + offset` for every value of `raw` (whole rows of
 * nChannels values). No modulo and no per-value call: one flat loop when every channel has the
 * same gain (no channel_conversion), else rows outer and channels inner. The arithmetic is the
 * same float64 expression in both, for every dtype, so the values are bit-identical to a
 * value-by-value conversion (also -0 × g + 0 = +0).
 */
export function scaleInto(raw: TypedArray | Float64Array, out: Float32Array | Float64Array, s: Scaling): void {
  const gain = s.gain, off = s.offset, c = gain.length, n = raw.length;
  if (s.uniform) {
    const g = gain[0];
    let i = 0;
    // four values a step: about 20% faster in V8 (fewer loop checks); same expression per value
    for (; i + 4 <= n; i += 4) {
      out[i] = (raw[i] as number) * g + off;
      out[i + 1] = (raw[i + 1] as number) * g + off;
      out[i + 2] = (raw[i + 2] as number) * g + off;
      out[i + 3] = (raw[i + 3] as number) * g + off;
    }
    for (; i < n; i++) out[i] = (raw[i] as number) * g + off;
    return;
  }
  for (let row = 0; row < n; row += c) {
    for (let j = 0; j < c; j++) out[row + j] = (raw[row + j] as number) * gain[j] + off;
  }
}

/** A fresh output array of `n` values of `dtype` (float32 or float64). */
export function newOutput(dtype: DType, n: number): Float32Array | Float64Array {
  return dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
}
