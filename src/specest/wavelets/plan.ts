/**
 * FFT convolution of one signal with many kernels, evaluated only at the selected samples.
 *
 * The signal (N samples, zero beyond) is transformed once at length nfft >= N + reach, long enough that
 * the circular convolution equals the linear one on [0, N). For each kernel the product spectrum is
 * then FOLDED to P = nfft / step bins (bin k added into k mod P) before an inverse FFT of length P:
 * sampling every step-th output in time is exactly aliasing by step in frequency, so this gives
 * y[start + m * step] without computing the other samples (kernelSpectrum bakes in the start shift).
 */
import { getComplexFFTPlan, getRealFFTPlan } from "../../math/fft";

/** Output samples start + k * step, k < count (indices into the analysed signal). */
export interface TimeSelection {
  start: number;
  step: number;
  count: number;
}

export interface ConvPlan extends TimeSelection {
  /** Signal length. */
  N: number;
  nfft: number;
  /** Folded length nfft / step. */
  P: number;
}

/** 2^a 3^b 5^c: lengths the mixed-radix FFT handles fastest. */
function isSmooth(n: number): boolean {
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

/**
 * nfft = step * P >= minLength with P 5-smooth, and nfft even (the real FFT of even length runs as a
 * complex transform of half the length).
 */
export function makeConvPlan(N: number, reach: number, sel: TimeSelection): ConvPlan {
  const { start, step, count } = sel;
  if (!Number.isInteger(N) || N < 1) throw new Error(`the signal must have at least one sample, got ${N}`);
  if (!Number.isInteger(step) || step < 1) throw new Error(`time step must be an integer >= 1, got ${step}`);
  if (!Number.isInteger(start) || start < 0) throw new Error(`time start must be an integer >= 0, got ${start}`);
  if (!Number.isInteger(count) || count < 0) throw new Error(`time count must be an integer >= 0, got ${count}`);
  if (count > 0 && start + (count - 1) * step > N - 1) {
    throw new Error(`time selection start=${start}, step=${step}, count=${count} reaches sample ${start + (count - 1) * step}, beyond the ${N} samples analysed`);
  }
  const minLength = N + Math.max(0, reach);
  let P = Math.max(1, Math.ceil(minLength / step));
  while (!isSmooth(P) || (step * P) % 2 !== 0) P++;
  return { N, nfft: step * P, P, start, step, count };
}

/**
 * acc[r] = sum_q X[r + q P] G[r + q P] (interleaved complex, r < P): the product spectrum folded to
 * P bins. The q-sum runs innermost in registers (acc is written once), twice as fast as adding
 * whole folded blocks into acc.
 */
function foldedProduct(X: Float64Array, G: Float64Array, acc: Float64Array, P: number, nfft: number): void {
  const n2 = 2 * P, n = 2 * nfft;
  for (let r = 0; r < n2; r += 2) {
    let sr = 0, si = 0;
    for (let k = r; k < n; k += n2) {
      const xr = X[k], xi = X[k + 1], gr = G[k], gi = G[k + 1];
      sr += xr * gr - xi * gi;
      si += xr * gi + xi * gr;
    }
    acc[r] = sr;
    acc[r + 1] = si;
  }
}

/** foldedProduct for two kernels at once: X is loaded once for both (another ~1.4x). */
function foldedProduct2(X: Float64Array, G1: Float64Array, G2: Float64Array, acc1: Float64Array, acc2: Float64Array, P: number, nfft: number): void {
  const n2 = 2 * P, n = 2 * nfft;
  for (let r = 0; r < n2; r += 2) {
    let ar = 0, ai = 0, br = 0, bi = 0;
    for (let k = r; k < n; k += n2) {
      const xr = X[k], xi = X[k + 1];
      let gr = G1[k], gi = G1[k + 1];
      ar += xr * gr - xi * gi;
      ai += xr * gi + xi * gr;
      gr = G2[k];
      gi = G2[k + 1];
      br += xr * gr - xi * gi;
      bi += xr * gi + xi * gr;
    }
    acc1[r] = ar;
    acc1[r + 1] = ai;
    acc2[r] = br;
    acc2[r + 1] = bi;
  }
}

/** Scratch buffers for one plan size (one signal at a time per thread). */
export class ConvWorkspace {
  readonly padded: Float64Array;
  /** Full spectrum of the current signal, interleaved, nfft bins. */
  readonly X: Float64Array;
  /** Convolution results at the selected samples, interleaved, P points each. */
  readonly acc: Float64Array;
  readonly acc2: Float64Array;
  /** Mutable: plans with equal N, nfft and step share one workspace. */
  plan: ConvPlan;
  constructor(plan: ConvPlan) {
    this.plan = plan;
    this.padded = new Float64Array(plan.nfft);
    this.X = new Float64Array(2 * plan.nfft);
    this.acc = new Float64Array(2 * plan.P);
    this.acc2 = new Float64Array(2 * plan.P);
  }

  /** X = DFT of signal[0..N) zero-padded to nfft. */
  load(signal: Float64Array): void {
    const { N, nfft } = this.plan;
    const { padded, X } = this;
    for (let i = 0; i < N; i++) padded[i] = signal[i];
    // rfft writes bins 0..nfft/2; the rest of a real signal's spectrum is their mirror image
    getRealFFTPlan(nfft).forward(padded, X);
    for (let k = (nfft >> 1) + 1; k < nfft; k++) {
      X[2 * k] = X[2 * (nfft - k)];
      X[2 * k + 1] = -X[2 * (nfft - k) + 1];
    }
  }

  /**
   * acc[2m], acc[2m+1] = y[start + m * step] for m < count, y the linear convolution of the loaded
   * signal with the kernel whose kernelSpectrum is G.
   */
  convolve(G: Float64Array): Float64Array {
    const { P, nfft } = this.plan;
    foldedProduct(this.X, G, this.acc, P, nfft);
    getComplexFFTPlan(P).inverse(this.acc, this.acc);
    return this.acc;
  }

  /** convolve for two kernels: results in acc (G1) and acc2 (G2). */
  convolvePair(G1: Float64Array, G2: Float64Array): void {
    const { P, nfft } = this.plan;
    foldedProduct2(this.X, G1, G2, this.acc, this.acc2, P, nfft);
    const plan = getComplexFFTPlan(P);
    plan.inverse(this.acc, this.acc);
    plan.inverse(this.acc2, this.acc2);
  }

  /** Calls fn(j, result) for every kernel spectrum Gs[j], two kernels per pass. */
  convolveAll(Gs: Float64Array[], fn: (j: number, y: Float64Array) => void): void {
    let j = 0;
    for (; j + 1 < Gs.length; j += 2) {
      this.convolvePair(Gs[j], Gs[j + 1]);
      fn(j, this.acc);
      fn(j + 1, this.acc2);
    }
    if (j < Gs.length) fn(j, this.convolve(Gs[j]));
  }
}

/**
 * Kernels grouped by FFT length: a short kernel on a long FFT wastes product and inverse-FFT work,
 * a group of its own costs one more forward FFT per channel. Exact dynamic programming over the
 * distinct minimal lengths with a measured cost model (ns per channel, Node 20).
 */
export function groupKernels(N: number, reaches: number[], sel: TimeSelection): { plan: ConvPlan; members: number[] }[] {
  const plans = reaches.map((r) => makeConvPlan(N, r, sel));
  const sizes = Array.from(new Set(plans.map((p) => p.nfft))).sort((a, b) => a - b);
  const counts = sizes.map((n) => plans.filter((p) => p.nfft === n).length);
  const perKernel = (nfft: number) => 1.8 * nfft + 9 * (nfft / sel.step);
  const forward = (nfft: number) => 0.7 * nfft * Math.log2(nfft);
  // best[j]: cheapest cost of covering sizes[0..j); cut[j]: start of the last group
  const best = new Array<number>(sizes.length + 1).fill(Infinity);
  const cut = new Array<number>(sizes.length + 1).fill(0);
  best[0] = 0;
  for (let j = 1; j <= sizes.length; j++) {
    let n = 0;
    for (let i = j - 1; i >= 0; i--) {
      n += counts[i];
      const cost = best[i] + forward(sizes[j - 1]) + n * perKernel(sizes[j - 1]);
      if (cost < best[j]) { best[j] = cost; cut[j] = i; }
    }
  }
  const groups: { plan: ConvPlan; members: number[] }[] = [];
  for (let j = sizes.length; j > 0; j = cut[j]) {
    const lo = sizes[cut[j]], hi = sizes[j - 1];
    const plan = plans.find((p) => p.nfft === hi)!;
    groups.push({ plan, members: plans.map((p, k) => (p.nfft >= lo && p.nfft <= hi ? k : -1)).filter((k) => k >= 0) });
  }
  return groups;
}

const workspaces = new Map<string, ConvWorkspace>();

/** A workspace for the plan (reused for plans of equal N, nfft and step; a few sizes are kept). */
export function workspaceFor(plan: ConvPlan): ConvWorkspace {
  const key = `${plan.N}|${plan.nfft}|${plan.step}`;
  let w = workspaces.get(key);
  if (w) {
    w.plan = plan;
    return w;
  }
  if (workspaces.size >= 16) workspaces.clear();
  w = new ConvWorkspace(plan);
  workspaces.set(key, w);
  return w;
}
