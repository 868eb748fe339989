/**
 * One trial through Syncopy's preprocessing chain, channel by channel in float64 scratch:
 * zscore (after optional detrending) -> detrend + filter (Butterworth or windowed sinc), or
 * detrending alone -> rectify or Hilbert. Syncopy runs each step as its own computational
 * routine with a float32 dataset in between; here the steps are fused into one pass per trial
 * (one read, one write, float64 throughout), which changes the numbers only below float32 rounding.
 */
import { detrendConstant, detrendLinear } from "../math/detrend";
import { convert, SpectralOutput } from "../specest/conversions";
import { SosFiltFilt, sosMatrix, sosfilt4InPlace } from "./sosfilt";
import { SameConvolver } from "./convolve";
import { Hilbert } from "./hilbert";
import { Shape } from "./layout";

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

/** Lane j of an interleaved 4-lane block of n samples, as a strided view for the detrend kernels. */
function detrendLane(block: Float64Array, n: number, j: number, polyremoval: 0 | 1 | null): void {
  if (polyremoval === 0) detrendConstant(block, n, 4, j);
  else if (polyremoval === 1) detrendLinear(block, n, 4, j);
}

/** (x - mean) / std with ddof 0 on lane j, as numpy (a constant channel gives NaN, as in Syncopy). */
function standardizeLane(block: Float64Array, n: number, j: number): void {
  let s = 0;
  for (let i = 0, k = j; i < n; i++, k += 4) s += block[k];
  const mean = s / n;
  let v = 0;
  for (let i = 0, k = j; i < n; i++, k += 4) {
    const d = block[k] - mean;
    v += d * d;
  }
  const std = Math.sqrt(v / n);
  for (let i = 0, k = j; i < n; i++, k += 4) block[k] = (block[k] - mean) / std;
}

export function hasNaN(data: ArrayLike<number>): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] !== data[i]) return true;
  return false;
}

/** A spec made ready for trials of any length: filters, convolvers and scratch cached. */
export class Pipeline {
  private readonly sff: SosFiltFilt | null = null;
  private readonly sos: Float64Array | null = null;
  private readonly convolvers = new Map<number, SameConvolver>();
  private readonly hilberts = new Map<number, Hilbert>();
  private scratch = new Float64Array(0);
  private lane = new Float64Array(0);
  private state4 = new Float64Array(0);

  constructor(readonly spec: PipelineSpec) {
    const f = spec.filter;
    if (f?.kind === "but") {
      if (f.direction === "twopass") this.sff = new SosFiltFilt(f.sos);
      else {
        this.sos = sosMatrix(f.sos);
        this.state4 = new Float64Array((this.sos.length / 6) * 8);
      }
    }
  }

  /** Samples of odd extension the Butterworth twopass filter needs at each end (0 otherwise). */
  get edge(): number { return this.sff ? this.sff.edge : 0; }

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
   * complex64 interleaved for hilbert "complex"). `nanPresent` switches FIR filtering to direct
   * convolution, as Syncopy does, so a NaN spoils only its neighbourhood.
   * Channels go four at a time through an interleaved float64 block (lane j = channel c0 + j),
   * so the latency-bound IIR recursion runs four independent chains per loop.
   */
  run(src: ArrayLike<number>, s: Shape, out: Float32Array | Float64Array, nanPresent: boolean): void {
    const { n, C } = s;
    const spec = this.spec;
    const edge = this.edge;
    const len = n + 2 * edge;
    if (this.scratch.length < 4 * len) this.scratch = new Float64Array(4 * len);
    if (this.lane.length < n) this.lane = new Float64Array(n);
    const buf = this.scratch;
    const block = buf.subarray(4 * edge, 4 * (edge + n));
    const lane = this.lane.subarray(0, n);
    const f = spec.filter;
    const conv = f?.kind === "firws" ? this.convolver(n) : null;
    const method = nanPresent ? "direct" : "fft";
    const post = spec.hilbert;
    const hil = post ? this.hilbertFor(n) : null;
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
      for (let j = 0; j < G; j++) {
        if (spec.zscore) {
          detrendLane(block, n, j, spec.polyremoval);
          standardizeLane(block, n, j);
        }
        // Syncopy's filter routines detrend (polyremoval) right before filtering
        if (f) detrendLane(block, n, j, spec.polyremoval);
      }
      if (f?.kind === "but") {
        if (this.sff) this.sff.filterBuffer4(buf, n);
        else {
          this.state4.fill(0);
          sosfilt4InPlace(this.sos!, block, 0, n, this.state4);
        }
      }
      for (let j = 0; j < G; j++) {
        const c = c0 + j;
        // FIR filtering and the Hilbert transform work on one contiguous lane
        const needLane = f?.kind === "firws" || hil;
        if (needLane) for (let i = 0, b = j; i < n; i++, b += 4) lane[i] = block[b];
        if (f?.kind === "firws") {
          conv![method](lane, 0);
          if (f.direction === "twopass") conv![method](lane, 0);
        }
        if (hil) {
          hil.input.set(lane);
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
          continue;
        }
        const from = needLane ? lane : null;
        if (spec.rectify) {
          if (from) for (let i = 0, o = c; i < n; i++, o += C) out[o] = Math.abs(from[i]);
          else for (let i = 0, o = c, b = j; i < n; i++, o += C, b += 4) out[o] = Math.abs(block[b]);
        } else if (from) {
          for (let i = 0, o = c; i < n; i++, o += C) out[o] = from[i];
        } else {
          for (let i = 0, o = c, b = j; i < n; i++, o += C, b += 4) out[o] = block[b];
        }
      }
    }
  }
}
