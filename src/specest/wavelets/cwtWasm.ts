/**
 * The fused wavelet kernel (asm/lib/wavelet.ts) behind one call per trial: detrend, (trim), and the
 * FFT convolutions with every wavelet of src/specest/wavelets/plan.ts (same plans, same folding to
 * the selected samples), written as power or complex values into the [count, 1, F, C] result.
 * `cwtKernel` returns false when the TypeScript path is selected, the result is not float32
 * or the trial is too large for wasm memory; the caller then runs its reference code.
 *
 * Precision: float32 transforms and products with float64 detrending; test/specest/cwtWasm.test.ts
 * bounds the difference to the float64 reference, and the Syncopy golden cases pass.
 */
import type { TypedArray } from "../../core/ndarray";
import { SpectralOutput, convert, isComplexOutput } from "../../math/spectralConversions";
import type { ConvPlan } from "./plan";
import { MAX_WASM_BYTES, SpectralHeap, spectralHeap } from "../../wasm/fftHeap";
import { LANE_ELEM, lanePlan } from "../../wasm/fftPlans";

/** One kernel group: the convolution plan and, per member, its freq index and kernelSpectrum. */
export interface WaveletKernelGroup {
  plan: ConvPlan;
  members: number[];
  spectra: Float64Array[];
}

export interface WaveletJobSpec {
  /** Samples [first, first + N) of the trial are analysed, after detrending the whole trial. */
  first: number;
  N: number;
  polyremoval: 0 | 1 | null;
  /** Output samples kept per convolution (plan.start / plan.step are baked into the spectra). */
  count: number;
  /** Frequencies of the result. */
  F: number;
  groups: WaveletKernelGroup[];
  output: SpectralOutput;
  /** The wavelet is real: drop the imaginary rounding noise (Syncopy's real wavelets). */
  realOnly: boolean;
}

const MODE_POWER = 0;
const MODE_COMPLEX = 1;
/** Job table words; mirrors the J_* offsets in asm/lib/wavelet.ts. */
const JOB_WORDS = 25;
const GROUP_WORDS = 6;

/**
 * A kernel spectrum as float32 pairs divided by P (the inverse transform runs as a forward one),
 * in persistent memory: uploaded once per spectrum (kernelSpectrum caches its arrays across trials
 * of equal length, so identity is the key).
 */
function spectrumTable(heap: SpectralHeap, G: Float64Array, P: number): number {
  return heap.upload(G, `${P}`, G.length, (t) => {
    const inv = 1 / P;
    for (let i = 0; i < G.length; i++) t[i] = G[i] * inv;
  });
}

/**
 * The convolutions of one trial x (C order [L, C]) into out ([count, 1, F, C], complex
 * interleaved for complex outputs), exactly what specest/wavelets' cwtTrial computes.
 */
export function cwtKernel(x: TypedArray, L: number, C: number, job: WaveletJobSpec, out: Float32Array | Float64Array): boolean {
  if (!(out instanceof Float32Array)) return false; // float64 results keep the float64 reference
  const heap = spectralHeap();
  if (heap === null) return false;
  const xF64 = !(x instanceof Float32Array);
  const complexOut = isComplexOutput(job.output);
  const mode = job.output === "pow" ? MODE_POWER : MODE_COMPLEX;
  const outFloats = (mode === MODE_COMPLEX ? 2 : 1) * job.count * job.F * C;
  if (C === 0 || job.count === 0 || job.groups.length === 0) return true;
  if (L * C * (xF64 ? 8 : 4) + 4 * outFloats > MAX_WASM_BYTES / 2) return false;

  heap.startCall();
  let nfftMax = 0, pMax = 0, work = 0;
  const groupWords: number[] = [];
  const kernelTables: number[][] = [];
  for (const g of job.groups) {
    const { nfft, P } = g.plan;
    const fwd = lanePlan(heap, nfft), inv = lanePlan(heap, P);
    nfftMax = Math.max(nfftMax, nfft);
    pMax = Math.max(pMax, P);
    work = Math.max(work, fwd.work, inv.work);
    const words: number[] = [];
    g.members.forEach((f, j) => words.push(spectrumTable(heap, g.spectra[j], P), f));
    kernelTables.push(words);
    groupWords.push(fwd.ptr, nfft, inv.ptr, P, g.members.length, 0);
  }
  const E = LANE_ELEM;
  const s = heap.tryScratch([
    L * C * (xF64 ? 8 : 4), 4 * outFloats, 4 * JOB_WORDS, 4 * groupWords.length,
    ...kernelTables.map((t) => 4 * t.length),
    E * nfftMax, E * nfftMax, E * nfftMax, E * nfftMax, E * work, E * pMax, E * pMax, E * pMax, E * pMax, 64 * L, 64,
  ]);
  if (s === null) return false; // too large for wasm memory: the TypeScript path runs instead
  const [xPtr, outPtr, jobPtr, groupsPtr] = s;
  const tablePtrs = s.slice(4, 4 + kernelTables.length);
  const [xs, A, B, D, W, acc1, acc2, y1, y2, pad, tmp] = s.slice(4 + kernelTables.length);

  const len = L * C;
  const src = x.length === len ? x : x.subarray(0, len);
  if (xF64) heap.f64(xPtr, len).set(src);
  else heap.f32(xPtr, len).set(src);
  kernelTables.forEach((t, g) => {
    heap.i32(tablePtrs[g], t.length).set(t);
    groupWords[g * GROUP_WORDS + 5] = tablePtrs[g];
  });
  heap.i32(groupsPtr, groupWords.length).set(groupWords);
  heap.i32(jobPtr, JOB_WORDS).set([
    xPtr, xF64 ? 1 : 0, L, C, job.first, job.N, job.polyremoval === null ? -1 : job.polyremoval,
    job.groups.length, groupsPtr, outPtr, job.F, job.count, mode, job.realOnly ? 1 : 0,
    xs, A, B, D, W, acc1, acc2, y1, y2, pad, tmp,
  ]);
  (heap.exports.wavelet as (job: number) => void)(jobPtr);

  const res = heap.f32(outPtr, outFloats);
  if (mode === MODE_POWER || complexOut) {
    out.set(res);
  } else {
    // abs, real, imag, angle, ...: converted here from the complex values, as the reference does
    for (let i = 0; i < outFloats / 2; i++) out[i] = convert(job.output, res[2 * i], res[2 * i + 1]);
  }
  return true;
}
