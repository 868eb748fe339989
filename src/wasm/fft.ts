/**
 * Wasm SIMD (float32) FFT plans with the interfaces of the TypeScript reference plans
 * (src/math/fft: RealFFTPlan, ComplexFFTPlan): Float64Array in and out, numpy semantics, any
 * length. The getters return null when the TypeScript path is selected or the module is missing,
 * so a caller writes `getWasmRealFFTPlan(n) ?? getRealFFTPlan(n)`.
 *
 * Precision is that of float32 arithmetic (about 1e-7 of the signal's norm per bin, see
 * test/wasm/fft.test.ts); use the reference plans where float64 results are required.
 */
import { SPYValueError } from "../core/errors";
import type { RealFFTPlan } from "../math/fft/realPlan";
import type { ComplexFFTPlan } from "../math/fft/complexPlan";
import { validateLength } from "../math/fft/complexPlan";
import { SpectralHeap, spectralHeap } from "./fftHeap";
import { LANE_ELEM, complexPlan, laneAlgorithm, realPlan } from "./fftPlans";

type Kernel = (...pointers: number[]) => void;

const F64 = Float64Array;

function checkBuffer(param: string, arr: Float64Array, need: number): void {
  if (!(arr instanceof F64) || arr.length < need) {
    throw new SPYValueError(param, arr, `a Float64Array of at least ${need} doubles`);
  }
}

/**
 * Where one transform's buffers live in wasm memory, with views on them. Computed once and reused
 * while the heap's persistent region and memory buffer stay the same (the per-call bookkeeping
 * was half the time of a 1024-point transform).
 */
interface Layout {
  epoch: number;
  buffer: ArrayBuffer;
  plan: number;
  /** Pointers passed to the kernel after the plan. */
  args: number[];
  /** float64 views; the kernels convert to and from their float32 buffers themselves. */
  input: Float64Array;
  output: Float64Array;
}

function currentLayout(heap: SpectralHeap, cached: Layout | null, build: () => Layout): Layout {
  heap.startCall();
  if (cached !== null && cached.epoch === heap.epoch && cached.buffer === heap.buffer) return cached;
  const layout = build();
  layout.epoch = heap.epoch;
  layout.buffer = heap.buffer;
  return layout;
}

function requireHeap(): SpectralHeap {
  const heap = spectralHeap();
  if (heap === null) throw new Error("wasm FFT plan used while the TypeScript kernel path is selected");
  return heap;
}

function makeRealPlan(n: number): RealFFTPlan {
  const nBins = Math.floor(n / 2) + 1;
  let fwd: Layout | null = null;
  let inv: Layout | null = null;
  // Buffers of realFFT64 / realIFFT64 (asm/spectral.ts): f64 input and output, their f32
  // copies, then Z, S, D, W (asm/lib/real.ts).
  const build = (heap: SpectralHeap, inLen: number, outLen: number): Layout => {
    const rp = realPlan(heap, n);
    const cp = rp.complex;
    const in64 = heap.scratch(8 * inLen);
    const out64 = heap.scratch(8 * outLen);
    const args = [in64, out64, heap.scratch(4 * inLen), heap.scratch(4 * outLen), heap.scratch(rp.zBytes),
      heap.scratch(LANE_ELEM * cp.buf), heap.scratch(LANE_ELEM * cp.buf), heap.scratch(LANE_ELEM * cp.lane.work)];
    return { epoch: 0, buffer: heap.buffer, plan: rp.ptr, args, input: heap.f64(in64, inLen), output: heap.f64(out64, outLen) };
  };
  const run = (kernel: "realFFT64" | "realIFFT64", layout: Layout, input: Float64Array, inLen: number, out: Float64Array): void => {
    layout.input.set(input.length === inLen ? input : input.subarray(0, inLen));
    const a = layout.args;
    (requireHeap().exports[kernel] as Kernel)(layout.plan, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
    out.set(layout.output);
  };
  const plan: RealFFTPlan = {
    n,
    nBins,
    forward(input: Float64Array, out: Float64Array): void {
      checkBuffer("input", input, n);
      checkBuffer("out", out, 2 * nBins);
      const heap = requireHeap();
      fwd = currentLayout(heap, fwd, () => build(heap, n, 2 * nBins));
      run("realFFT64", fwd, input, n, out);
    },
    inverse(spectrum: Float64Array, out: Float64Array): void {
      checkBuffer("spectrum", spectrum, 2 * nBins);
      checkBuffer("out", out, n);
      const heap = requireHeap();
      inv = currentLayout(heap, inv, () => build(heap, 2 * nBins, n));
      run("realIFFT64", inv, spectrum, 2 * nBins, out);
    },
    forwardPair(x1: Float64Array, x2: Float64Array, out1: Float64Array, out2: Float64Array): void {
      plan.forward(x1, out1);
      plan.forward(x2, out2);
    },
  };
  return plan;
}

/** numpy rfft/irfft of length n on the wasm kernels, or null when they are not in use. */
export function getWasmRealFFTPlan(n: number): RealFFTPlan | null {
  if (spectralHeap() === null) return null;
  let plan = realPlans.get(n);
  if (plan === undefined) {
    plan = makeRealPlan(validateLength("n", n));
    realPlans.set(n, plan);
  }
  return plan;
}

const realPlans = new Map<number, RealFFTPlan>();

const complexPlans = new Map<number, ComplexFFTPlan>();

function makeComplexPlan(n: number): ComplexFFTPlan {
  let cached: Layout | null = null;
  // Buffers of complexFFT64 (asm/spectral.ts): the f64 data (transformed in place), its f32
  // copy, then S, D, W (asm/lib/single.ts).
  const build = (heap: SpectralHeap): Layout => {
    const cp = complexPlan(heap, n);
    const io64 = heap.scratch(16 * n);
    const args = [io64, heap.scratch(8 * n), heap.scratch(LANE_ELEM * cp.buf), heap.scratch(LANE_ELEM * cp.buf), heap.scratch(LANE_ELEM * cp.lane.work)];
    const view = heap.f64(io64, 2 * n);
    return { epoch: 0, buffer: heap.buffer, plan: cp.ptr, args, input: view, output: view };
  };
  const run = (input: Float64Array, output: Float64Array, inverse: boolean): void => {
    checkBuffer("input", input, 2 * n);
    checkBuffer("output", output, 2 * n);
    const heap = requireHeap();
    const layout = (cached = currentLayout(heap, cached, () => build(heap)));
    layout.input.set(input.length === 2 * n ? input : input.subarray(0, 2 * n));
    const a = layout.args;
    (heap.exports.complexFFT64 as Kernel)(layout.plan, a[0], a[1], a[2], a[3], a[4], inverse ? 1 : 0);
    output.set(layout.output);
  };
  return {
    n,
    algorithm: laneAlgorithm(n % 4 === 0 ? n / 4 : n),
    forward(input: Float64Array, output: Float64Array = input): void {
      run(input, output, false);
    },
    inverse(input: Float64Array, output: Float64Array = input): void {
      run(input, output, true);
    },
  };
}

/** numpy fft/ifft of length n on the wasm kernels, or null when they are not in use. */
export function getWasmComplexFFTPlan(n: number): ComplexFFTPlan | null {
  if (spectralHeap() === null) return null;
  let plan = complexPlans.get(n);
  if (plan === undefined) {
    plan = makeComplexPlan(validateLength("n", n));
    complexPlans.set(n, plan);
  }
  return plan;
}
