/**
 * The mtmconvol numeric core: a (multi-)tapered sliding-window FFT of one trial, pure.
 *
 * Every window is an mtmfft of `nperseg` samples (Syncopy's stft applies exactly mtmfft's
 * taper normalisation and per-segment detrending), so this module only cuts the windows and
 * hands each one to `mtmfftTrial`. A window is identified by its centre sample c and covers
 * [c - floor(nperseg/2), c - floor(nperseg/2) + nperseg); samples outside the trial are zeros,
 * which is what scipy/Syncopy's `boundary="zeros"` padding amounts to.
 *
 * Output: [T, K', F, C] in C order (complex interleaved), T = number of centres.
 * `averageWindows` (welch) instead returns [1, 1, F, C], the mean power over the windows.
 */
import { TypedArray } from "../core/ndarray";
import { MtmfftParams, mtmfftTrial, outputTaperCount } from "./mtmfft";
import { isComplexOutput } from "../math/spectralConversions";

export interface WindowCentres {
  /** Centre sample of window j = first + j * step (trial sample coordinates), j < count. */
  first: number;
  step: number;
  count: number;
}

/** Explicit centres (uneven toi) or an arithmetic progression. */
export type Centres = WindowCentres | { list: number[] };

export function centreCount(c: Centres): number {
  return "list" in c ? c.list.length : c.count;
}

function centreAt(c: Centres, j: number): number {
  return "list" in c ? c.list[j] : c.first + j * c.step;
}

export interface MtmconvolParams extends Omit<MtmfftParams, "nfft"> {
  nperseg: number;
  centres: Centres;
  /** Welch: average the (taper-averaged) power over all windows. */
  averageWindows: boolean;
}

let segScratch: Float64Array | null = null;

/** segment[i, c] = x[s0 + i, c] inside the trial, 0 outside; C order [nperseg, C]. */
function cutSegment(x: TypedArray, L: number, C: number, s0: number, nperseg: number): Float64Array {
  const n = nperseg * C;
  if (!segScratch || segScratch.length !== n) segScratch = new Float64Array(n);
  const seg = segScratch;
  const lo = Math.max(0, s0);
  const hi = Math.min(L, s0 + nperseg);
  if (lo >= hi) {
    seg.fill(0);
    return seg;
  }
  seg.fill(0, 0, (lo - s0) * C);
  for (let i = lo * C, o = (lo - s0) * C, end = hi * C; i < end; i++, o++) seg[o] = x[i];
  seg.fill(0, (hi - s0) * C);
  return seg;
}

export function mtmconvolTrial(
  x: TypedArray, L: number, C: number,
  tapers: Float64Array[], p: MtmconvolParams,
  out: Float32Array | Float64Array,
): void {
  const { nperseg, centres } = p;
  const F = p.freqIdx.length;
  const K = outputTaperCount(tapers.length, p.keeptapers);
  const T = centreCount(centres);
  const half = Math.floor(nperseg / 2);
  const fftParams: MtmfftParams = { ...p, nfft: nperseg };
  const width = (isComplexOutput(p.output) ? 2 : 1) * K * F * C;
  if (p.averageWindows) {
    if (p.output !== "pow" || K !== 1) throw new Error("mtmconvolTrial: averaging windows needs taper-averaged power");
    const one = new Float64Array(F * C);
    out.fill(0, 0, F * C);
    for (let j = 0; j < T; j++) {
      mtmfftTrial(cutSegment(x, L, C, centreAt(centres, j) - half, nperseg), nperseg, C, tapers, fftParams, one);
      for (let i = 0; i < F * C; i++) out[i] += one[i];
    }
    const inv = 1 / T;
    for (let i = 0; i < F * C; i++) out[i] *= inv;
    return;
  }
  for (let j = 0; j < T; j++) {
    const seg = cutSegment(x, L, C, centreAt(centres, j) - half, nperseg);
    mtmfftTrial(seg, nperseg, C, tapers, fftParams, out.subarray(j * width, (j + 1) * width));
  }
}
