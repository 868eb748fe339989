/**
 * Resampling as Syncopy does it (syncopy/preproc/resampling.py): scipy.signal.resample_poly with
 * Syncopy's own anti-alias kernel (a hamming windowed sinc), the rational factor from
 * Fraction.limit_denominator; and plain downsampling x[::factor]. Plus the trialdefinition
 * that goes with a new rate.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger, checkNumber } from "../core/keywords";
import { polyphaseWasm } from "./firPolyWasm";
import { designWsinc } from "./firws";
import { limitDenominator } from "./fraction";
import { MultiChannel, RealArray, isNumberArray, readChannel, resolveShape, writeChannel, Shape } from "./layout";

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Up/down factors for new_fs / orig_fs (Syncopy's _get_updn). */
export function resampleFactors(origFs: number, newFs: number): { up: number; down: number } {
  checkNumber(origFs, "origFs", { gt: 0 });
  checkNumber(newFs, "newFs", { gt: 0 });
  const [up, down] = limitDenominator(newFs / origFs);
  return { up, down };
}

/** Output length of resample_poly: ceil(n * up / down). */
export function resampledLength(n: number, up: number, down: number): number {
  const g = gcd(up, down);
  const u = up / g, d = down / g;
  return Math.floor((n * u) / d) + ((n * u) % d ? 1 : 0);
}

/**
 * The anti-alias kernel Syncopy hands to resample_poly: hamming windowed sinc of `order`
 * (+1 taps) cutting at the new Nyquist (or `lpfreq`), on the upsampled rate.
 */
export function resampleKernel(origFs: number, newFs: number, order: number, lpfreq: number | null = null): Float64Array {
  const { up } = resampleFactors(origFs, newFs);
  const fc = lpfreq === null ? 0.5 * (newFs / origFs) : lpfreq / origFs;
  return designWsinc("hamming", order, fc / up);
}

/** A prepared polyphase resampler (scipy's resample_poly with an explicit window, padtype "constant"). */
export class PolyResampler {
  readonly up: number;
  readonly down: number;
  readonly nOut: number;
  private readonly h: Float64Array;
  private readonly preRemove: number;

  constructor(readonly nIn: number, up: number, down: number, window: ArrayLike<number>) {
    checkInteger(up, "up", { min: 1 });
    checkInteger(down, "down", { min: 1 });
    if (!isNumberArray(window)) throw new SPYTypeError("window", window, "an array of filter taps (numbers)");
    if (!Number.isInteger(nIn) || nIn < 1) throw new SPYValueError("x", `${nIn} samples`, "at least one sample");
    const g = gcd(up, down);
    this.up = up / g;
    this.down = down / g;
    this.nOut = resampledLength(nIn, this.up, this.down);
    const halfLen = (window.length - 1) >> 1;
    const prePad = this.down - (halfLen % this.down);
    this.preRemove = Math.floor((halfLen + prePad) / this.down);
    const outputLen = (lenH: number) => Math.floor(((nIn - 1) * this.up + lenH - 1) / this.down) + 1;
    let postPad = 0;
    while (outputLen(window.length + prePad + postPad) < this.nOut + this.preRemove) postPad++;
    const h = new Float64Array(prePad + window.length + postPad);
    for (let i = 0; i < window.length; i++) h[prePad + i] = window[i] * this.up;
    this.h = h;
  }

  /** Resample src (contiguous, nIn samples) into dst (nOut samples); on the wasm SIMD kernel when selected. */
  run(src: Float64Array, dst: Float64Array): void {
    const { up, down, h, nIn, nOut, preRemove } = this;
    if (polyphaseWasm(h, up, down, preRemove, src, nIn, dst, nOut)) return;
    const L = h.length;
    // upfirdn: y[k] = sum_i x[i] * h[k*down - i*up], kept for k in [preRemove, preRemove + nOut)
    for (let o = 0; o < nOut; o++) {
      const t = (o + preRemove) * down;
      let i1 = Math.floor(t / up);
      if (i1 > nIn - 1) i1 = nIn - 1;
      let i0 = Math.ceil((t - L + 1) / up);
      if (i0 < 0) i0 = 0;
      let acc = 0;
      for (let i = i0; i <= i1; i++) acc += src[i] * h[t - i * up];
      dst[o] = acc;
    }
  }
}

/** resample_poly(x, up, down, window=kernel, axis=time) for every channel; a new Float64Array. */
export function resamplePoly(x: RealArray, up: number, down: number, window: ArrayLike<number>, opts: MultiChannel = {}): { y: Float64Array; nOut: number } {
  const s = resolveShape(x, opts, "spy.preproc.resamplePoly");
  const r = new PolyResampler(s.n, up, down, window);
  const os: Shape = { n: r.nOut, C: s.C, layout: s.layout };
  const y = new Float64Array(r.nOut * s.C);
  const src = new Float64Array(s.n), dst = new Float64Array(r.nOut);
  for (let c = 0; c < s.C; c++) {
    readChannel(x, s, c, src);
    r.run(src, dst);
    writeChannel(dst, 0, y, os, c);
  }
  return { y, nOut: r.nOut };
}

/** Every `factor`-th sample (x[::factor]) of every channel; a new Float64Array. */
export function downsample(x: RealArray, factor: number, opts: MultiChannel = {}): { y: Float64Array; nOut: number } {
  checkInteger(factor, "factor", { min: 1 });
  const s = resolveShape(x, opts, "spy.preproc.downsample");
  const nOut = Math.ceil(s.n / factor);
  const os: Shape = { n: nOut, C: s.C, layout: s.layout };
  const y = new Float64Array(nOut * s.C);
  const src = new Float64Array(s.n), dst = new Float64Array(nOut);
  for (let c = 0; c < s.C; c++) {
    readChannel(x, s, c, src);
    for (let i = 0; i < nOut; i++) dst[i] = src[i * factor];
    writeChannel(dst, 0, y, os, c);
  }
  return { y, nOut };
}

/**
 * Syncopy's _resampling_trl_definition: trial lengths ceil(stop*f - start*f), starts and
 * offsets ceil(value * f), in float64 exactly as numpy computes them; trialinfo is dropped.
 */
export function resamplingTrialDefinition(trl: number[][], factor: number): number[][] {
  return trl.map((r) => {
    // "+ 0" turns numpy-irrelevant negative zeros (ceil(-0.4)) into plain zeros
    const len = Math.ceil(r[1] * factor - r[0] * factor) + 0;
    const start = Math.ceil(r[0] * factor) + 0;
    return [start, start + len, Math.ceil(r[2] * factor) + 0];
  });
}
