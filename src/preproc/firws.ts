/**
 * Windowed-sinc FIR kernels as Syncopy builds them (syncopy/preproc/firws.py): a sinc of
 * order+1 taps (order rounded up to even), times a scipy window, normalised to unit DC gain;
 * high-pass by spectral inversion; band filters from a low-pass plus a high-pass. And the
 * minimum-phase conversion by the real cepstrum (FieldTrip's minphaserceps).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger, checkOneOf } from "../core/keywords";
import { blackman, hamming, hann } from "../math/windows";
import { getComplexFFTPlan, getRealFFTPlan } from "../math/fft";
import { FilterType } from "./butter";
import { isNumberArray } from "./layout";

export const FIR_WINDOWS = ["hamming", "hann", "blackman"] as const;
/** The window of a windowed-sinc FIR filter: "hamming", "hann" or "blackman". */
export type FirWindow = (typeof FIR_WINDOWS)[number];
const WINDOWS: Record<FirWindow, (M: number) => Float64Array> = { hamming, hann, blackman };

/** Symmetric low-pass windowed sinc, order+1 taps (order even), cut-off f_c in cycles per sample. */
export function windowedSinc(window: FirWindow, order: number, fc: number): Float64Array {
  const make = WINDOWS[checkOneOf(window, "window", FIR_WINDOWS)];
  const win = make(order + 1);
  const omega = 2 * Math.PI * fc;
  const half = order / 2;
  const k = new Float64Array(order + 1);
  for (let m = 1; m <= half; m++) {
    const v = Math.sin(omega * m) / m;
    k[half + m] = v;
    k[half - m] = v;
  }
  k[half] = omega;
  let sum = 0;
  for (let i = 0; i < k.length; i++) {
    k[i] *= win[i];
    sum += k[i];
  }
  // numpy sums pairwise; the order of a sum only moves the last bits of this normalisation
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Spectral inversion: delta minus the kernel (high-pass from low-pass). */
export function invertSinc(kernel: Float64Array): Float64Array {
  const k = kernel.map((v) => -v);
  k[k.length >> 1] += 1;
  return k;
}

/**
 * Syncopy's design_wsinc: the kernel for filter type lp/hp/bp/bs with cut-off(s) `fc` in cycles
 * per sample (Hz / samplerate), sorted low to high for band filters. An odd order is raised by one.
 */
export function designWsinc(window: FirWindow, order: number, fc: number | number[], filterType: FilterType = "lp"): Float64Array {
  checkInteger(order, "order", { min: 1 });
  const ord = order % 2 === 0 ? order : order + 1;
  const f = Array.isArray(fc) ? fc : [fc];
  if (filterType === "lp") return windowedSinc(window, ord, f[0]);
  if (filterType === "hp") return invertSinc(windowedSinc(window, ord, f[0]));
  if (f.length !== 2) throw new SPYValueError("freq", fc, "two cut-off frequencies for a band filter");
  // band-pass: lp at the upper edge + hp at the lower edge - 1; band-stop: lp(low) + hp(high)
  const [fLp, fHp] = filterType === "bp" ? [f[1], f[0]] : [f[0], f[1]];
  const lp = windowedSinc(window, ord, fLp);
  const hp = invertSinc(windowedSinc(window, ord, fHp));
  const k = lp.map((v, i) => v + hp[i]);
  if (filterType === "bp") k[k.length >> 1] -= 1;
  return k;
}

/**
 * Minimum-phase version of a FIR kernel by the real cepstrum (FieldTrip's minphaserceps, as
 * Syncopy writes it): spectrum zero-padded to the next power of two >= 1000 x the length and
 * clipped at 1e-8 (-160 dB), real cepstrum, folded to the causal half, exponentiated back.
 * Syncopy's fold leaves nFFT - 1 points (one zero fewer than FieldTrip); kept, for equal numbers.
 */
export function minphaserceps(kernel: ArrayLike<number>): Float64Array {
  if (!isNumberArray(kernel)) throw new SPYTypeError("kernel", kernel, "an array of filter taps (numbers)");
  if (kernel.length === 0) throw new SPYValueError("kernel", kernel, "at least one tap");
  const n = kernel.length;
  const nfft = 2 ** Math.ceil(Math.log2(n * 1e3));
  const real = getRealFFTPlan(nfft);
  const x = new Float64Array(nfft);
  for (let i = 0; i < n; i++) x[i] = kernel[i];
  const spec = new Float64Array(2 * real.nBins);
  real.forward(x, spec);
  // log |spectrum| (real, even): its inverse transform is the real cepstrum
  for (let k = 0; k < real.nBins; k++) {
    const mag = Math.hypot(spec[2 * k], spec[2 * k + 1]);
    spec[2 * k] = Math.log(mag < 1e-8 ? 1e-8 : mag);
    spec[2 * k + 1] = 0;
  }
  const ceps = new Float64Array(nfft);
  real.inverse(spec, ceps);
  const h = nfft / 2;
  const m = nfft - 1;
  const folded = new Float64Array(2 * m); // complex, interleaved
  folded[0] = ceps[0];
  for (let i = 0; i < h - 1; i++) folded[2 * (i + 1)] = ceps[i + 1] + ceps[nfft - 1 - i];
  folded[2 * h] = ceps[h];
  const plan = getComplexFFTPlan(m);
  plan.forward(folded);
  for (let k = 0; k < m; k++) {
    const e = Math.exp(folded[2 * k]);
    const ph = folded[2 * k + 1];
    folded[2 * k] = e * Math.cos(ph);
    folded[2 * k + 1] = e * Math.sin(ph);
  }
  plan.inverse(folded);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = folded[2 * i];
  return out;
}
