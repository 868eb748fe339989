/**
 * The fused multitaper kernel (asm/lib/multitaper.ts) behind one call per trial: detrend, taper,
 * FFT and taper-averaged power, power per taper or complex spectra per taper, for all channels.
 * `multitaperKernel` returns false when the TypeScript path is selected (or the trial is too large
 * for wasm memory), and the caller then runs its reference code.
 *
 * Precision: float32 transforms with float64 detrending and power accumulation; spectra agree with
 * the float64 reference to 0.5-2.5e-7 of the largest value (test/specest/mtmfftWasm.test.ts bounds it
 * by 8 eps32 log2(nfft)), and the Syncopy golden cases pass with room to spare.
 */
import type { TypedArray } from "../core/ndarray";
import { SpectralOutput, convert, isComplexOutput } from "../math/spectralConversions";
import { MAX_WASM_BYTES, SpectralHeap, spectralHeap } from "../wasm/fftHeap";
import { LANE_ELEM, lanePlan } from "../wasm/fftPlans";

/** What one multitaper transform needs (specest/mtmfft's MtmfftParams is this type). */
export interface MultitaperSpec {
  nfft: number;
  /** Indices into rfftfreq(nfft) to keep, ascending. */
  freqIdx: ArrayLike<number>;
  polyremoval: 0 | 1 | null;
  demeanTaper: boolean;
  output: SpectralOutput;
  /** Keep one output per taper; otherwise (multitaper pow) average the power over tapers. */
  keeptapers: boolean;
}

const MODE_POWER_MEAN = 0;
const MODE_POWER = 1;
const MODE_COMPLEX = 2;

/** Job table word order; mirrors the J_* offsets in asm/lib/multitaper.ts. */
const JOB_WORDS = 21;

const F32 = Float32Array;

/**
 * Tapers as float32 [K, nfft], zero beyond n, in persistent memory: uploaded once per taper set
 * (the compute functions cache their taper arrays, so identity is the key).
 */
function taperTable(heap: SpectralHeap, tapers: Float64Array[], n: number, nfft: number): number {
  return heap.upload(tapers, `${n}|${nfft}`, tapers.length * nfft, (t) => {
    t.fill(0);
    tapers.forEach((w, k) => t.set(w.subarray(0, n), k * nfft));
  });
}

/** Offsets of one call's buffers in wasm memory, in the job table's order after the scalars. */
interface JobBuffers {
  x: number; bins: number; out: number; job: number;
  xs: number; S: number; D: number; W: number; acc: number; pad: number; tmp: number;
}

/** Scratch for one trial (sizes in asm/lib/multitaper.ts), or null when wasm memory cannot grow that far. */
function allocate(heap: SpectralHeap, L: number, C: number, xBytes: number, F: number, outFloats: number, nfft: number, work: number): JobBuffers | null {
  const at = heap.tryScratch([L * C * xBytes, 4 * F, 4 * outFloats, 4 * JOB_WORDS, LANE_ELEM * nfft, LANE_ELEM * nfft,
    LANE_ELEM * nfft, LANE_ELEM * work, 64 * F, 64 * L, 64]);
  if (at === null) return null;
  const [x, bins, out, job, xs, S, D, W, acc, pad, tmp] = at;
  return { x, bins, out, job, xs, S, D, W, acc, pad, tmp };
}

/**
 * mtmfft of one trial x (C order [L, C]) into out ([K', F, C], complex interleaved for complex
 * outputs), exactly what specest/mtmfft's mtmfftTrial computes. False: not run (TypeScript path).
 */
export function multitaperKernel(
  x: TypedArray, L: number, C: number, tapers: Float64Array[], p: MultitaperSpec, out: Float32Array | Float64Array,
): boolean {
  const heap = spectralHeap();
  if (heap === null) return false;
  const { nfft } = p;
  const K = tapers.length;
  const F = p.freqIdx.length;
  if (!p.keeptapers && K > 1 && p.output !== "pow") throw new Error("multitaperKernel: averaging over tapers needs output 'pow'");
  const n = Math.min(L, nfft);
  const xF64 = !(x instanceof F32); // float32 trials are copied as they are, anything else as float64
  const complexOut = isComplexOutput(p.output);
  const mode = complexOut || p.output !== "pow" ? MODE_COMPLEX : p.keeptapers && K > 1 ? MODE_POWER : MODE_POWER_MEAN;
  const outFloats = (mode === MODE_COMPLEX ? 2 : 1) * (mode === MODE_POWER_MEAN ? 1 : K) * F * C;
  if (K === 0 || C === 0 || L * C * (xF64 ? 8 : 4) + 4 * outFloats > MAX_WASM_BYTES / 2) return false;

  heap.startCall();
  const plan = lanePlan(heap, nfft);
  const taperPtr = taperTable(heap, tapers, n, nfft);
  const b = allocate(heap, L, C, xF64 ? 8 : 4, F, outFloats, nfft, plan.work);
  if (b === null) return false; // too large for wasm memory: the TypeScript path runs instead

  const len = L * C;
  const src = x.length === len ? x : x.subarray(0, len);
  if (xF64) heap.f64(b.x, len).set(src);
  else heap.f32(b.x, len).set(src);
  heap.i32(b.bins, F).set(p.freqIdx);
  heap.i32(b.job, JOB_WORDS).set([
    plan.ptr, b.x, xF64 ? 1 : 0, L, C, taperPtr, K, n,
    p.polyremoval === null ? -1 : p.polyremoval, p.demeanTaper ? 1 : 0, b.bins, F, mode, b.out,
    b.xs, b.S, b.D, b.W, b.acc, b.pad, b.tmp,
  ]);
  (heap.exports.multitaper as (job: number) => void)(b.job);

  const res = heap.f32(b.out, outFloats);
  if (mode !== MODE_COMPLEX || complexOut) {
    out.set(res);
  } else {
    // abs, real, imag, angle, ...: converted here from the complex spectra, as the reference path does
    for (let i = 0; i < outFloats / 2; i++) out[i] = convert(p.output, res[2 * i], res[2 * i + 1]);
  }
  return true;
}
