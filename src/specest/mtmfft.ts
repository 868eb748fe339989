/**
 * The mtmfft numeric core: (multi-)tapered FFT of one trial, pure and allocation-light.
 * Input: one trial, C order [L samples, C channels]. Output: [1, K', F, C] in C order,
 * K' = number of tapers (or 1 when tapers are averaged), F = selected frequency bins;
 * complex outputs are interleaved (re, im).
 */
import { TypedArray } from "../data/ndarray";
import { getRealFFTPlan } from "../math/fft";
import { detrendConstant, detrendLinear } from "../math/detrend";
import { SpectralOutput, convert, isComplexOutput } from "./conversions";

export interface MtmfftParams {
  nfft: number;
  /** Indices into rfftfreq(nfft) to keep, ascending. */
  freqIdx: ArrayLike<number>;
  polyremoval: 0 | 1 | null;
  demeanTaper: boolean;
  output: SpectralOutput;
  /** Keep one output per taper; otherwise (multitaper pow) average the power over tapers. */
  keeptapers: boolean;
}

/** Number of output tapers for K input tapers. */
export function outputTaperCount(K: number, keeptapers: boolean): number {
  return keeptapers ? K : 1;
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
  const plan = getRealFFTPlan(nfft);
  const signal = new Float64Array(L);
  const padded = new Float64Array(nfft);
  const spec = new Float64Array(2 * (Math.floor(nfft / 2) + 1));
  const acc = average ? new Float64Array(F) : null;
  const n = Math.min(L, nfft);

  for (let c = 0; c < C; c++) {
    for (let i = 0; i < L; i++) signal[i] = x[i * C + c];
    if (p.polyremoval === 0) detrendConstant(signal);
    else if (p.polyremoval === 1) detrendLinear(signal);
    if (acc) acc.fill(0);
    for (let k = 0; k < K; k++) {
      const w = tapers[k];
      let mean = 0;
      for (let i = 0; i < n; i++) {
        const v = w[i] * signal[i];
        padded[i] = v;
        mean += v;
      }
      if (p.demeanTaper) {
        mean /= n;
        for (let i = 0; i < n; i++) padded[i] -= mean;
      }
      plan.forward(padded, spec);
      if (acc) {
        for (let f = 0; f < F; f++) {
          const j = 2 * p.freqIdx[f];
          acc[f] += spec[j] * spec[j] + spec[j + 1] * spec[j + 1];
        }
        continue;
      }
      const base = k * F * C;
      if (complexOut) {
        for (let f = 0; f < F; f++) {
          const j = 2 * p.freqIdx[f];
          const o = 2 * (base + f * C + c);
          out[o] = spec[j];
          out[o + 1] = spec[j + 1];
        }
      } else {
        for (let f = 0; f < F; f++) {
          const j = 2 * p.freqIdx[f];
          out[base + f * C + c] = convert(p.output, spec[j], spec[j + 1]);
        }
      }
    }
    if (acc) {
      for (let f = 0; f < F; f++) out[f * C + c] = acc[f] / K;
    }
  }
}
