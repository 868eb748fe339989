/**
 * FFT plans of the "spectral" wasm module, built in float64 JS and stored in the instance's
 * persistent memory as the i32 tables the kernels read (layouts documented in asm/lib/lanefft.ts). Factorisation and the Stockham/Bluestein choice reuse
 * the TypeScript FFT's cost model; twiddles come from the exactly reduced unitRoot and are rounded
 * to float32 once.
 */
import { bluesteinLength, stockhamCost, stockhamRadices } from "../math/fft/factorize";
import { unitRoot } from "../math/fft/unitRoot";
import { getComplexFFTPlan } from "../math/fft/complexPlan";
import type { SpectralHeap } from "./fftHeap";

/** Bytes of one lane-batched element: four complex f32 values as (re x4, im x4). */
export const LANE_ELEM = 32;

export interface LanePlan {
  ptr: number;
  n: number;
  /** Elements of `work` the transform needs. */
  work: number;
}

const cs = new Float64Array(2);

/** (cos, -sin)(2 pi k / N): the forward twiddle W_N^k. */
function forwardRoot(k: number, N: number): [number, number] {
  unitRoot(k, N, cs, 0);
  return [cs[0], -cs[1]];
}

function writeWords(heap: SpectralHeap, words: number[]): number {
  const ptr = heap.persist(4 * words.length);
  heap.i32(ptr, words.length).set(words);
  return ptr;
}

function buildStockham(heap: SpectralHeap, n: number, radices: number[]): LanePlan {
  const ptr = heap.persist(4 * (4 + 6 * radices.length));
  const words = [0, n, n, radices.length];
  let L = 1;
  for (const p of radices) {
    const rP = n / (p * L);
    const tw = heap.persist(8 * L * (p - 1));
    const t = heap.f32(tw, 2 * L * (p - 1));
    for (let l = 0; l < L; l++) {
      for (let s = 1; s < p; s++) {
        const [re, im] = forwardRoot(s * l, p * L);
        const at = 2 * (l * (p - 1) + s - 1);
        t[at] = re;
        t[at + 1] = im;
      }
    }
    let roots = 0, tmp = 0;
    if (p > 5) {
      roots = heap.persist(8 * p);
      const r = heap.f32(roots, 2 * p);
      for (let j = 0; j < p; j++) {
        unitRoot(j, p, cs, 0);
        r[2 * j] = cs[0];
        r[2 * j + 1] = cs[1];
      }
      tmp = heap.persist(LANE_ELEM * p);
    }
    words.push(p, L, rP, tw, roots, tmp);
    L *= p;
  }
  heap.i32(ptr, words.length).set(words);
  return { ptr, n, work: n };
}

/**
 * Bluestein: chirp w_k = exp(-i pi k^2 / n) and the spectrum of its conjugate, divided by m.
 * m has only the factors 2, 3, 5, 7 (bluesteinLength), so its own plan is always Stockham.
 */
function buildBluestein(heap: SpectralHeap, n: number, m: number): LanePlan {
  const inner = lanePlan(heap, m);
  const chirp = heap.persist(8 * n);
  const c = heap.f32(chirp, 2 * n);
  const kernel = new Float64Array(2 * m);
  let k2 = 0; // k^2 mod 2n, kept exact
  for (let k = 0; k < n; k++) {
    unitRoot(k2, 2 * n, cs, 0);
    c[2 * k] = cs[0];
    c[2 * k + 1] = -cs[1];
    kernel[2 * k] = cs[0];
    kernel[2 * k + 1] = cs[1];
    if (k > 0) {
      kernel[2 * (m - k)] = cs[0];
      kernel[2 * (m - k) + 1] = cs[1];
    }
    k2 = (k2 + 2 * k + 1) % (2 * n);
  }
  getComplexFFTPlan(m).forward(kernel);
  const kern = heap.persist(8 * m);
  const kv = heap.f32(kern, 2 * m);
  for (let i = 0; i < 2 * m; i++) kv[i] = kernel[i] / m;
  const ptr = writeWords(heap, [1, n, 3 * m, m, inner.ptr, chirp, kern]);
  return { ptr, n, work: 3 * m };
}

/** Stockham radices for n, or the Bluestein length when a large prime factor makes that cheaper. */
function chooseLaneAlgorithm(n: number): { radices: number[] } | { m: number } {
  if (n === 1) return { radices: [] };
  const radices = stockhamRadices(n);
  const direct = radices === null ? Infinity : stockhamCost(n, radices);
  const chirp = bluesteinLength(n);
  return radices !== null && direct <= chirp.cost ? { radices } : { m: chirp.m };
}

/** Which algorithm a lane plan of length n uses (for diagnostics). */
export function laneAlgorithm(n: number): "identity" | "stockham" | "bluestein" {
  if (n === 1) return "identity";
  return "radices" in chooseLaneAlgorithm(n) ? "stockham" : "bluestein";
}

/** The lane-batched plan of length n (Stockham, or Bluestein when a large prime factor makes it cheaper). */
export function lanePlan(heap: SpectralHeap, n: number): LanePlan {
  return heap.cached(`lane:${n}`, () => {
    const choice = chooseLaneAlgorithm(n);
    return "radices" in choice ? buildStockham(heap, n, choice.radices) : buildBluestein(heap, n, choice.m);
  });
}
