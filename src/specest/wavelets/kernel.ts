/**
 * A wavelet sampled the way Syncopy's cwt_time (and the superlets' cwtSL) samples it, and the DFT of
 * that sampled, truncated kernel on the FFT length of a convolution plan (cached).
 *
 * Syncopy: M = 10 * width / dt points (10 * scale * cycles / dt for superlets), times
 * t_i = ((-M + 1) / 2 + i) * dt for i < ceil(M) (numpy.arange), kernel w_i = norm * psi(t_i / s), and
 * scipy.signal.fftconvolve(data, w, mode="same"), i.e. y[n] = sum_i x[n + h - i] w_i with
 * h = (K - 1) // 2 and x = 0 outside the data. As a circular kernel g[m] = w[m + h], m in [-h, K-1-h].
 */
import { getComplexFFTPlan } from "../../math/fft";
import { ConvPlan } from "./plan";

const { ceil, floor, min, max, cos, sin, PI } = Math;
const F64 = Float64Array;

export interface KernelDef {
  /** Identifies family, parameters and scale: kernels with equal keys are equal. */
  key: string;
  /** Syncopy's (fractional) point count M. */
  M: number;
  scale: number;
  dt: number;
  norm: number;
  /** psi(x) at nondimensional time x = t / scale into out[at], out[at + 1]. */
  sample(x: number, out: Float64Array, at: number): void;
}

/** Kernel length K = len(numpy.arange((-M+1)/2, (M+1)/2)) and the centre index h = (K-1)//2. */
export function kernelLength(M: number): { K: number; h: number } {
  if (!(M > 0) || !Number.isFinite(M)) throw new Error(`wavelet support must be a positive finite number of samples, got ${M} (scale <= 0?)`);
  const K = ceil((M + 1) / 2 - (-M + 1) / 2);
  return { K, h: floor((K - 1) / 2) };
}

/**
 * How far the kernel reaches from its centre on either side, as far as it matters for a signal of
 * N samples (lags beyond N - 1 never meet the data): max(b, -a) with [a, b] the clipped lag range.
 */
export function kernelReach(M: number, N: number): number {
  const { K, h } = kernelLength(M);
  return max(min(K - 1 - h, N - 1), min(h, N - 1), 0);
}

/** The sampled kernel, interleaved complex, K points. */
export function sampleKernel(def: KernelDef): Float64Array {
  const { K } = kernelLength(def.M);
  const w = new F64(2 * K);
  const t0 = (-def.M + 1) / 2;
  for (let i = 0; i < K; i++) {
    def.sample(((t0 + i) * def.dt) / def.scale, w, 2 * i);
    w[2 * i] *= def.norm;
    w[2 * i + 1] *= def.norm;
  }
  return w;
}

// Kernel spectra cached across trials of equal length (one trial at a time per thread).
const cache = new Map<string, Float64Array>();
let cachedDoubles = 0;
const CACHE_LIMIT_DOUBLES = 16 * 1024 * 1024; // 128 MB

/** exp(2 pi i j / n), j < n, interleaved; the last few lengths are kept. */
const roots = new Map<number, Float64Array>();
function unitRoots(n: number): Float64Array {
  let r = roots.get(n);
  if (r) return r;
  r = new F64(2 * n);
  for (let j = 0; j < n; j++) {
    const ang = (2 * PI * j) / n;
    r[2 * j] = cos(ang);
    r[2 * j + 1] = sin(ang);
  }
  if (roots.size >= 8) roots.clear();
  roots.set(n, r);
  return r;
}

function remember(key: string, G: Float64Array): Float64Array {
  if (cachedDoubles + G.length > CACHE_LIMIT_DOUBLES) {
    cache.clear();
    cachedDoubles = 0;
  }
  cache.set(key, G);
  cachedDoubles += G.length;
  return G;
}

/**
 * DFT (length plan.nfft) of the circular kernel, times exp(+2 pi i k start / nfft) (so that the
 * inverse transform starts at the first selected sample) and 1/step (the fold in convolveAt sums
 * `step` aliases and the inverse transform normalises by P = nfft / step, not nfft).
 *
 * Cached by what the spectrum depends on: the kernel, its lags that can meet N samples, nfft, start
 * and step (not N itself, so trials of different lengths share it when nfft agrees). A spectrum with
 * start != 0 is the start-0 one times a phase ramp from a table of unit roots: trials whose selection
 * starts elsewhere (toi arrays on trials with different offsets) cost nfft complex products per
 * kernel, not a kernel sampling and an FFT.
 */
export function kernelSpectrum(def: KernelDef, plan: ConvPlan): Float64Array {
  const { N, nfft, start, step } = plan;
  const { K, h } = kernelLength(def.M);
  const a = max(-h, -(N - 1)), b = min(K - 1 - h, N - 1);
  const key = `${def.key}|${def.dt}|${a}|${b}|${nfft}|${start}|${step}`;
  let G = cache.get(key);
  if (G) return G;
  if (start !== 0) {
    const base = kernelSpectrum(def, { ...plan, start: 0 });
    const r = unitRoots(nfft);
    G = new F64(2 * nfft);
    const inc = start % nfft;
    // phase index (k * start) mod nfft, stepped exactly in integers
    for (let k = 0, j = 0; k < nfft; k++) {
      const re = base[2 * k], im = base[2 * k + 1], c = r[2 * j], s = r[2 * j + 1];
      G[2 * k] = re * c - im * s;
      G[2 * k + 1] = re * s + im * c;
      j += inc;
      if (j >= nfft) j -= nfft;
    }
    return remember(key, G);
  }
  const w = sampleKernel(def);
  G = new F64(2 * nfft);
  for (let m = a; m <= b; m++) {
    const j = m < 0 ? m + nfft : m;
    G[2 * j] = w[2 * (m + h)];
    G[2 * j + 1] = w[2 * (m + h) + 1];
  }
  getComplexFFTPlan(nfft).forward(G, G);
  const inv = 1 / step;
  for (let k = 0; k < 2 * nfft; k++) G[k] *= inv;
  return remember(key, G);
}

export function clearKernelCache(): void {
  cache.clear();
  roots.clear();
  cachedDoubles = 0;
}
