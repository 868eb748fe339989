/**
 * One trial through Syncopy's preprocessing chain in float64 scratch: zscore (after optional
 * detrending) -> detrend + filter (Butterworth or windowed sinc), or detrending alone -> rectify
 * or Hilbert. Syncopy runs each step as its own computational routine with a float32 dataset in
 * between; here the steps are fused into one pass per trial (one read, one write, float64
 * throughout), which changes the numbers only below float32 rounding.
 * Butterworth trials go whole through the interleaved IIR kernel (src/preproc/biquad.ts: wasm
 * SIMD or its TypeScript reference, precision "float64" on both, i.e. scipy's arithmetic); the
 * windowed-sinc and detrend-only paths run channel by channel in four-lane blocks.
 */
import { convert, SpectralOutput } from "../math/spectralConversions";
import { ButterworthTrial } from "./butterTrial";
import { SameConvolver } from "./convolve";
import { Hilbert } from "./hilbert";
import { Shape } from "./layout";
import { prefilterChannel } from "./pipelineSteps";

export const HILBERT_OUTPUTS = ["abs", "complex", "real", "imag", "absreal", "absimag", "angle"] as const;
export type HilbertOutput = (typeof HILBERT_OUTPUTS)[number];

export type FilterStep =
  | { kind: "but"; sos: Float64Array; direction: "twopass" | "onepass" }
  | { kind: "firws"; kernel: Float64Array; direction: "twopass" | "onepass" | "onepass-minphase" }
  | { kind: "detrend" };

/** Plain data (structured-cloneable): it travels to worker threads once per run. */
export interface PipelineSpec {
  zscore: boolean;
  polyremoval: 0 | 1 | null;
  filter: FilterStep | null;
  rectify: boolean;
  hilbert: HilbertOutput | null;
}

/**
 * Whether any value is NaN. One loop per array type (each stays monomorphic in V8) unrolled four
 * times: 0.9 ns a value here, against 2.2-2.5 ns for one loop over ArrayLike, which cost a quarter
 * of a worker's time in a Butterworth preprocessing run.
 */
export function hasNaN(data: ArrayLike<number>): boolean {
  if (data instanceof Float32Array) return hasNaN32(data);
  if (data instanceof Float64Array) return hasNaN64(data);
  for (let i = 0; i < data.length; i++) if (data[i] !== data[i]) return true;
  return false;
}

function hasNaN32(x: Float32Array): boolean {
  const n = x.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a = x[i], b = x[i + 1], c = x[i + 2], d = x[i + 3];
    if (a !== a || b !== b || c !== c || d !== d) return true;
  }
  for (; i < n; i++) if (x[i] !== x[i]) return true;
  return false;
}

function hasNaN64(x: Float64Array): boolean {
  const n = x.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a = x[i], b = x[i + 1], c = x[i + 2], d = x[i + 3];
    if (a !== a || b !== b || c !== c || d !== d) return true;
  }
  for (; i < n; i++) if (x[i] !== x[i]) return true;
  return false;
}

/** A spec made ready for trials of any length: filters, convolvers and scratch cached. */
export class Pipeline {
  private readonly butter: ButterworthTrial | null = null;
  private readonly convolvers = new Map<number, SameConvolver>();
  private readonly hilberts = new Map<number, Hilbert>();
  private scratch = new Float64Array(0);
  private lane = new Float64Array(0);

  constructor(readonly spec: PipelineSpec) {
    const f = spec.filter;
    if (f?.kind === "but") this.butter = new ButterworthTrial(f.sos, f.direction);
  }

  /** Samples of odd extension the Butterworth twopass filter needs at each end (0 otherwise). */
  get edge(): number { return this.butter ? this.butter.edge : 0; }

  private convolver(n: number): SameConvolver {
    let c = this.convolvers.get(n);
    if (!c) {
      if (this.convolvers.size > 16) this.convolvers.clear();
      c = new SameConvolver((this.spec.filter as { kernel: Float64Array }).kernel, n);
      this.convolvers.set(n, c);
    }
    return c;
  }

  private hilbertFor(n: number): Hilbert {
    let h = this.hilberts.get(n);
    if (!h) {
      if (this.hilberts.size > 16) this.hilberts.clear();
      h = new Hilbert(n);
      this.hilberts.set(n, h);
    }
    return h;
  }

  /**
   * Process every channel of `src` ([n, C] in layout `s`) into `out` (float32 [n, C] C order;
   * complex64 interleaved for hilbert "complex"). Whether `src` holds a NaN (`nanPresent`, found
   * here when not given) switches FIR filtering to direct convolution, as Syncopy does, so a NaN
   * spoils only its neighbourhood. Returns that flag (Syncopy's has_nan metadata); a Butterworth
   * filter run straight from `src` reports it from the kernel, which sees every value as it loads
   * it, so no pass of its own is made for it.
   */
  run(src: ArrayLike<number>, s: Shape, out: Float32Array | Float64Array, nanPresent?: boolean): boolean {
    const spec = this.spec;
    if (this.butter) {
      if (!spec.hilbert && !spec.rectify) {
        const seen = this.butter.filterInto(src, s, spec.zscore, spec.polyremoval, out);
        if (seen !== undefined) return nanPresent ?? seen ?? hasNaN(src);
      }
      this.runButterworth(this.butter, src, s, out);
      return nanPresent ?? hasNaN(src);
    }
    const nan = nanPresent ?? hasNaN(src);
    this.runBlocks(src, s, out, nan);
    return nan;
  }

  /**
   * Butterworth: the whole trial through the interleaved IIR kernel in one call (ButterworthTrial:
   * zscore and polyremoval first, then the filter, all in float64), then rectify / Hilbert / output.
   */
  private runButterworth(butter: ButterworthTrial, src: ArrayLike<number>, s: Shape, out: Float32Array | Float64Array): void {
    const { n, C } = s;
    const spec = this.spec;
    const y = butter.filter(src, s, spec.zscore, spec.polyremoval);
    if (spec.hilbert) {
      const hil = this.hilbertFor(n);
      for (let c = 0; c < C; c++) this.emit(y, C, c, n, c, C, out, hil);
    } else if (spec.rectify) {
      for (let k = 0; k < y.length; k++) out[k] = Math.abs(y[k]);
    } else {
      out.set(y); // [n, C] C order on both sides; rounds to float32 as element stores do
    }
  }

  /**
   * The windowed-sinc filter, detrending alone, or zscore alone: channels four at a time through
   * an interleaved float64 block (lane j = channel c0 + j), one contiguous lane for the FIR
   * convolution and the Hilbert transform.
   */
  private runBlocks(src: ArrayLike<number>, s: Shape, out: Float32Array | Float64Array, nanPresent: boolean): void {
    const { n, C } = s;
    const spec = this.spec;
    if (this.scratch.length < 4 * n) this.scratch = new Float64Array(4 * n);
    if (this.lane.length < n) this.lane = new Float64Array(n);
    const block = this.scratch.subarray(0, 4 * n);
    const lane = this.lane.subarray(0, n);
    const f = spec.filter;
    const conv = f?.kind === "firws" ? this.convolver(n) : null;
    const method = nanPresent ? "direct" : "fft";
    const hil = spec.hilbert ? this.hilbertFor(n) : null;
    const strided = s.layout === "strided";
    for (let c0 = 0; c0 < C; c0 += 4) {
      const G = Math.min(4, C - c0);
      // read up to four channels into the lanes (unused lanes are zeros)
      if (G < 4) block.fill(0);
      for (let j = 0; j < G; j++) {
        const c = c0 + j;
        if (strided) for (let i = 0, k = c, b = j; i < n; i++, k += C, b += 4) block[b] = src[k];
        else for (let i = 0, k = c * n, b = j; i < n; i++, k++, b += 4) block[b] = src[k];
      }
      for (let j = 0; j < G; j++) prefilterChannel(block, n, 4, j, spec.zscore, spec.polyremoval, f !== null);
      for (let j = 0; j < G; j++) {
        const c = c0 + j;
        if (f?.kind === "firws") {
          // FIR filtering works on one contiguous lane
          for (let i = 0, b = j; i < n; i++, b += 4) lane[i] = block[b];
          conv![method](lane, 0);
          if (f.direction === "twopass") conv![method](lane, 0);
          this.emit(lane, 1, 0, n, c, C, out, hil);
        } else {
          this.emit(block, 4, j, n, c, C, out, hil);
        }
      }
    }
  }

  /**
   * Channel c of the result, n samples at buf[offset + i*stride], into column c of out ([n, C]):
   * its Hilbert transform when `hil` is given, else the values (rectified when asked).
   */
  private emit(buf: Float64Array, stride: number, offset: number, n: number, c: number, C: number,
               out: Float32Array | Float64Array, hil: Hilbert | null): void {
    const post = this.spec.hilbert;
    if (hil) {
      const input = hil.input;
      for (let i = 0, b = offset; i < n; i++, b += stride) input[i] = buf[b];
      const z = hil.run();
      if (post === "complex") {
        for (let i = 0, o = c; i < n; i++, o += C) {
          out[2 * o] = z[2 * i];
          out[2 * o + 1] = z[2 * i + 1];
        }
      } else {
        const kind = post as SpectralOutput;
        for (let i = 0, o = c; i < n; i++, o += C) out[o] = convert(kind, z[2 * i], z[2 * i + 1]);
      }
    } else if (this.spec.rectify) {
      for (let i = 0, o = c, b = offset; i < n; i++, o += C, b += stride) out[o] = Math.abs(buf[b]);
    } else {
      for (let i = 0, o = c, b = offset; i < n; i++, o += C, b += stride) out[o] = buf[b];
    }
  }
}
