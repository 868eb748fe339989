/**
 * What the wavelet and superlet cores share around the convolutions: Syncopy's cF order of
 * operations on one trial (detrend the WHOLE trial, then, if a `trim` is given, transform only that
 * piece, with zeros beyond it; freqanalysis gives none and selects output samples instead), and
 * writing complex results as the requested output into the [time, 1, freq, channel] result.
 */
import { TypedArray } from "../../core/ndarray";
import { detrendConstant, detrendLinear } from "../../math/detrend";
import { SpectralOutput, convert, isComplexOutput } from "../../math/spectralConversions";
import { TimeSelection } from "./plan";

export interface TrialSelection {
  /** 0 = de-mean, 1 = remove a linear trend, over the whole trial before trimming; null: none. */
  polyremoval?: 0 | 1 | null;
  /** Samples [first, last) of the trial to transform; default (and freqanalysis): the whole trial. */
  trim?: [number, number];
  /** Output samples relative to the trimmed piece; default every sample of it. */
  time?: TimeSelection;
}

/** The checked selection of one trial: samples [first, first + N) analysed, output samples `time`. */
export interface ResolvedSelection {
  first: number;
  N: number;
  time: TimeSelection;
  polyremoval: 0 | 1 | null;
}

/** Validates the trial's shape and the selection (trim like a numpy slice). */
export function resolveSelection(x: TypedArray, L: number, C: number, sel: TrialSelection): ResolvedSelection {
  if (!Number.isInteger(L) || L < 0 || !Number.isInteger(C) || C < 0) throw new Error(`trial shape must be [L, C] with integer sizes, got [${L}, ${C}]`);
  if (x.length < L * C) throw new Error(`trial data has ${x.length} values, expected L*C = ${L * C}`);
  const pr = sel.polyremoval ?? null;
  if (pr !== null && pr !== 0 && pr !== 1) throw new Error(`polyremoval must be 0, 1 or null, got ${pr}`);
  let [first, stop] = sel.trim ?? [0, L];
  if (!Number.isInteger(first) || !Number.isInteger(stop) || first < 0 || stop < first) {
    throw new Error(`trim must be [first, stop) with integers 0 <= first <= stop, got [${first}, ${stop}]`);
  }
  stop = Math.min(stop, L); // like a numpy slice
  first = Math.min(first, stop);
  const N = stop - first;
  return { first, N, time: sel.time ?? { start: 0, step: 1, count: N }, polyremoval: pr };
}

let scratch: Float64Array | null = null;

/**
 * Channel-major float64 copy of the C-order [L, C] trial, detrended; channel c of the trimmed piece is
 * cm.subarray(c * L + first, c * L + first + N). The buffer is reused across calls.
 */
export function prepareTrial(x: TypedArray, L: number, C: number, sel: TrialSelection): { cm: Float64Array; first: number; N: number; time: TimeSelection } {
  const { first, N, time, polyremoval: pr } = resolveSelection(x, L, C, sel);
  if (!scratch || scratch.length < L * C) scratch = new Float64Array(L * C);
  const cm = scratch;
  for (let i = 0; i < L; i++) {
    const row = i * C;
    for (let c = 0; c < C; c++) cm[c * L + i] = x[row + c];
  }
  if (pr !== null && L > 0) {
    for (let c = 0; c < C; c++) {
      const ch = cm.subarray(c * L, (c + 1) * L);
      if (pr === 0) detrendConstant(ch);
      else detrendLinear(ch);
    }
  }
  return { cm, first, N, time };
}

/**
 * dst[o0 + t * stride] = output(y[t]) for t < count (element indices; complex outputs take two slots
 * per element, interleaved). realOnly: the transform is exactly real (Syncopy's real wavelets), the
 * imaginary rounding noise is dropped.
 */
export function writeOutput(
  dst: Float32Array | Float64Array, y: Float64Array, count: number,
  o0: number, stride: number, output: SpectralOutput, realOnly: boolean,
): void {
  let o = o0;
  if (output === "pow") {
    if (realOnly) for (let t = 0; t < count; t++, o += stride) dst[o] = y[2 * t] * y[2 * t];
    else for (let t = 0; t < count; t++, o += stride) dst[o] = y[2 * t] * y[2 * t] + y[2 * t + 1] * y[2 * t + 1];
  } else if (isComplexOutput(output)) {
    for (let t = 0; t < count; t++, o += stride) {
      dst[2 * o] = y[2 * t];
      dst[2 * o + 1] = realOnly ? 0 : y[2 * t + 1];
    }
  } else {
    for (let t = 0; t < count; t++, o += stride) dst[o] = convert(output, y[2 * t], realOnly ? 0 : y[2 * t + 1]);
  }
}

/**
 * Collects the results of a block of channels as [freq, time, channel-in-block] and copies them into
 * the C-order [time, 1, freq, channel] result one contiguous run of channels at a time. Writing each
 * channel's time series straight into the result touches a new cache line per value (stride F*C);
 * this cut the output cost several times.
 */
export class OutputTiles {
  static readonly BLOCK = 16;
  private readonly tile: Float32Array | Float64Array;
  private readonly vals: number;
  private c0 = 0;
  private width = 0;
  constructor(private readonly out: Float32Array | Float64Array, private readonly T: number, private readonly F: number, private readonly C: number, output: SpectralOutput) {
    this.vals = isComplexOutput(output) ? 2 : 1;
    // same element type as the result, so a float64 result keeps float64 precision
    const n = F * T * OutputTiles.BLOCK * this.vals;
    this.tile = out instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
  }

  /** Start the block of channels c0 .. c0 + width - 1. */
  begin(c0: number): void {
    this.c0 = c0;
    this.width = Math.min(OutputTiles.BLOCK, this.C - c0);
  }

  /** Where writeOutput puts channel c's (global index) time series of frequency f, and its stride. */
  target(f: number, c: number): { dst: Float32Array | Float64Array; o0: number; stride: number } {
    return { dst: this.tile, o0: f * this.T * this.width + (c - this.c0), stride: this.width };
  }

  flush(): void {
    const { out, tile, T, F, C, vals, c0, width } = this;
    const run = width * vals;
    for (let f = 0; f < F; f++) {
      for (let t = 0; t < T; t++) {
        const src = (f * T + t) * run;
        const dst = ((t * F + f) * C + c0) * vals;
        for (let i = 0; i < run; i++) out[dst + i] = tile[src + i];
      }
    }
  }
}
