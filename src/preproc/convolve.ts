/**
 * scipy.signal.convolve(x, kernel, mode="same") along time, per channel: the full convolution
 * cropped to the input length, centred ((len(kernel)-1)//2 samples dropped at the start).
 * "fft" multiplies spectra (one forward and one inverse real FFT per channel); "direct" sums
 * products, so a NaN only spoils the outputs whose window covers it (Syncopy switches to direct
 * when a trial holds NaNs).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger, checkOneOf } from "../core/keywords";
import { firSameWasm } from "./firSameWasm";
import { getRealFFTPlan, RealFFTPlan } from "../math/fft";
import { MultiChannel, RealArray, Shape, isNumberArray, readChannel, resolveShape, writeChannel } from "./layout";

/** How convolveSame computes: "fft" (default, fast for long kernels) or "direct" (the plain sum). */
export type ConvolveMethod = "fft" | "direct";

/** A kernel prepared for "same" convolutions of signals of one length. */
export class SameConvolver {
  readonly start: number;
  private readonly plan: RealFFTPlan;
  private readonly kspec: Float64Array;
  private readonly pad: Float64Array;
  private readonly spec: Float64Array;

  constructor(readonly kernel: Float64Array, readonly n: number) {
    const m = kernel.length;
    if (m < 1) throw new SPYValueError("kernel", kernel, "at least one tap");
    this.start = (m - 1) >> 1;
    let nfft = 1;
    while (nfft < n + m - 1) nfft *= 2;
    this.plan = getRealFFTPlan(nfft);
    const kp = new Float64Array(nfft);
    kp.set(kernel);
    this.kspec = new Float64Array(2 * this.plan.nBins);
    this.plan.forward(kp, this.kspec);
    this.pad = new Float64Array(nfft);
    this.spec = new Float64Array(2 * this.plan.nBins);
  }

  /** In place on buf[at ... at+n) (contiguous float64), by FFT. */
  fft(buf: Float64Array, at: number): void {
    const { n, pad, spec, kspec, plan } = this;
    pad.fill(0);
    for (let i = 0; i < n; i++) pad[i] = buf[at + i];
    plan.forward(pad, spec);
    for (let k = 0; k < spec.length; k += 2) {
      const re = spec[k] * kspec[k] - spec[k + 1] * kspec[k + 1];
      const im = spec[k] * kspec[k + 1] + spec[k + 1] * kspec[k];
      spec[k] = re;
      spec[k + 1] = im;
    }
    plan.inverse(spec, pad);
    const s = this.start;
    for (let i = 0; i < n; i++) buf[at + i] = pad[s + i];
  }

  /** In place on buf[at ... at+n), by direct summation (NaN-local); on the wasm SIMD kernel when selected. */
  direct(buf: Float64Array, at: number): void {
    if (firSameWasm(this.kernel, buf, at, this.n)) return;
    const { n, kernel, pad } = this;
    const m = kernel.length;
    for (let i = 0; i < n; i++) pad[i] = buf[at + i];
    const s = this.start;
    for (let i = 0; i < n; i++) {
      // out[i] = sum_j k[j] * x[i + s - j], x zero outside [0, n)
      const t = i + s;
      const j0 = Math.max(0, t - n + 1), j1 = Math.min(m - 1, t);
      let acc = 0;
      for (let j = j0; j <= j1; j++) acc += kernel[j] * pad[t - j];
      buf[at + i] = acc;
    }
  }
}

export interface ConvolveOptions extends MultiChannel {
  method?: ConvolveMethod;
  /** Apply the kernel this many times (Syncopy's "twopass" FIR filtering convolves twice). */
  passes?: number;
}

/** "same"-mode convolution of every channel with `kernel`; a new Float64Array in the input's layout. */
export function convolveSame(x: RealArray, kernel: ArrayLike<number>, opts: ConvolveOptions = {}): Float64Array {
  const shape: Shape = resolveShape(x, opts, "spy.preproc.convolveSame", ["method", "passes"]);
  if (!isNumberArray(kernel)) throw new SPYTypeError("kernel", kernel, "an array of filter taps (numbers)");
  const conv = new SameConvolver(Float64Array.from(kernel), shape.n);
  const method = checkOneOf(opts.method ?? "fft", "method", ["fft", "direct"] as const);
  const passes = checkInteger(opts.passes ?? 1, "passes", { min: 0 });
  const y = new Float64Array(x.length);
  const buf = new Float64Array(shape.n);
  for (let c = 0; c < shape.C; c++) {
    readChannel(x, shape, c, buf);
    for (let p = 0; p < passes; p++) conv[method](buf, 0);
    writeChannel(buf, 0, y, shape, c);
  }
  return y;
}
