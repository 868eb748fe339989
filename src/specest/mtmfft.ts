/**
 * The mtmfft numeric core: (multi-)tapered FFT of one trial, pure and allocation-light.
 * Input: one trial, C order [L samples, C channels]. Output: [1, K', F, C] in C order,
 * K' = number of tapers (or 1 when tapers are averaged), F = selected frequency bins;
 * complex outputs are interleaved (re, im).
 *
 * Speed notes: the trial is transposed once into a channel-major float64 scratch buffer (the
 * strided gather per channel was as costly as the FFT), the inner loops only ever see
 * Float64Arrays (monomorphic element access), and a contiguous range of bins (foilim, or all)
 * is read without an index indirection.
 */
import { TypedArray } from "../core/ndarray";
import { getRealFFTPlan } from "../math/fft";
import { detrendConstant, detrendLinear } from "../math/detrend";
import { SpectralOutput, convert, isComplexOutput } from "../math/spectralConversions";
import { MultitaperSpec, multitaperKernel } from "./mtmfftWasm";

/** The mtmfft parameters; the wasm kernel takes the same ones. */
export type MtmfftParams = MultitaperSpec;

/** Number of output tapers for K input tapers. */
export function outputTaperCount(K: number, keeptapers: boolean): number {
  return keeptapers ? K : 1;
}

/** Scratch buffers reused across calls of the same sizes (one trial at a time per thread). */
let scratch: { L: number; C: number; nfft: number; cm: Float64Array; padded: Float64Array; spec: Float64Array } | null = null;

function buffers(L: number, C: number, nfft: number) {
  if (!scratch || scratch.L !== L || scratch.C !== C || scratch.nfft !== nfft) {
    scratch = {
      L, C, nfft,
      cm: new Float64Array(L * C),
      padded: new Float64Array(nfft),
      spec: new Float64Array(2 * (Math.floor(nfft / 2) + 1)),
    };
  }
  return scratch;
}

/** C-order [L, C] (any real typed array) -> channel-major float64 [C, L]. */
function transposeToChannelMajor(x: TypedArray, L: number, C: number, cm: Float64Array): void {
  for (let i = 0; i < L; i++) {
    const row = i * C;
    for (let c = 0; c < C; c++) cm[c * L + i] = x[row + c];
  }
}

/** padded[0..n) = w * cm[off..off+n) (minus its mean when demeaning); the rest of `padded` stays zero. */
function taperInto(w: Float64Array, cm: Float64Array, off: number, padded: Float64Array, n: number, demean: boolean): void {
  if (!demean) {
    for (let i = 0; i < n; i++) padded[i] = w[i] * cm[off + i];
    return;
  }
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i] * cm[off + i];
    padded[i] = v;
    mean += v;
  }
  mean /= n;
  for (let i = 0; i < n; i++) padded[i] -= mean;
}

/** acc[f] += |spec[bin f]|^2 for bins first..first+F (contiguous) or freqIdx. */
function accumulatePower(spec: Float64Array, acc: Float64Array, first: number, F: number, idx: Int32Array | null): void {
  if (idx === null) {
    for (let f = 0, j = 2 * first; f < F; f++, j += 2) {
      const re = spec[j], im = spec[j + 1];
      acc[f] += re * re + im * im;
    }
  } else {
    for (let f = 0; f < F; f++) {
      const j = 2 * idx[f];
      acc[f] += spec[j] * spec[j] + spec[j + 1] * spec[j + 1];
    }
  }
}

export function mtmfftTrial(
  x: TypedArray, L: number, C: number,
  tapers: Float64Array[], p: MtmfftParams,
  out: Float32Array | Float64Array,
): void {
  const { nfft } = p;
  const F = p.freqIdx.length;
  const K = tapers.length;
  const complexOut = isComplexOutput(p.output);
  const average = !p.keeptapers && K > 1;
  if (average && p.output !== "pow") throw new Error("mtmfftTrial: averaging over tapers needs output 'pow'");
  // The fused wasm SIMD kernel when that path is selected; the code below is the reference path.
  if (multitaperKernel(x, L, C, tapers, p, out)) return;
  const plan = getRealFFTPlan(nfft);
  const { cm, padded, spec } = buffers(L, C, nfft);
  const n = Math.min(L, nfft);
  padded.fill(0);
  const first = F > 0 ? p.freqIdx[0] : 0;
  const contiguous = F > 0 && p.freqIdx[F - 1] - first === F - 1;
  const idx = contiguous ? null : Int32Array.from(p.freqIdx);
  const bin = (f: number) => (idx ? idx[f] : first + f);
  const acc = average || p.output === "pow" ? new Float64Array(F) : null;

  transposeToChannelMajor(x, L, C, cm);
  for (let c = 0; c < C; c++) {
    const signal = cm.subarray(c * L, (c + 1) * L);
    if (p.polyremoval === 0) detrendConstant(signal);
    else if (p.polyremoval === 1) detrendLinear(signal);
    if (average) acc!.fill(0);
    for (let k = 0; k < K; k++) {
      taperInto(tapers[k], cm, c * L, padded, n, p.demeanTaper);
      plan.forward(padded, spec);
      if (average) {
        accumulatePower(spec, acc!, first, F, idx);
        continue;
      }
      const base = k * F * C;
      if (complexOut) {
        for (let f = 0; f < F; f++) {
          const j = 2 * bin(f);
          const o = 2 * (base + f * C + c);
          out[o] = spec[j];
          out[o + 1] = spec[j + 1];
        }
      } else if (acc) {
        acc.fill(0);
        accumulatePower(spec, acc, first, F, idx);
        for (let f = 0; f < F; f++) out[base + f * C + c] = acc[f];
      } else {
        for (let f = 0; f < F; f++) {
          const j = 2 * bin(f);
          out[base + f * C + c] = convert(p.output, spec[j], spec[j + 1]);
        }
      }
    }
    if (average) {
      const inv = 1 / K;
      for (let f = 0; f < F; f++) out[f * C + c] = acc![f] * inv;
    }
  }
}
