// The fused wavelet kernel: the continuous wavelet transform of a whole trial in one call (the
// FFT convolution of src/specest/wavelets/plan.ts, evaluated only at the selected samples).
//
// Per group of eight channels (lib/channelGroups.ts) and per FFT length ("kernel group": kernels
// whose convolutions share one transform length nfft):
//   1. detrend the whole trial, trim it to the N analysed samples, zero-pad to nfft, one lane FFT;
//   2. separate the eight real spectra: A (channels c0..c0+3) and B (c0+4..c0+7), nfft bins each;
//   3. per kernel with spectrum G: fold the products A.G and B.G to P = nfft / step bins (sampling
//      every step-th output in time is aliasing by step in frequency), and transform back with a
//      forward lane FFT of length P on the conjugate (IDFT(a) = conj(DFT(conj a)) / P; the 1/P and
//      1/step are baked into G by the TypeScript side);
//   4. write power or complex values of the first `count` samples straight into the
//      [count, 1, F, C] result, eight channels of one (time, freq) at a time.
// The transforms and products are float32; the detrending is float64.
import { fftLanes } from "./lanefft";
import { detrendGroup, gatherPartial, store2, store4 } from "./channelGroups";

// @ts-ignore: decorator
@inline const E: usize = 32;

/**
 * Word offsets of the job table the TypeScript side fills (src/kernels/wavelets.ts mirrors it).
 * x: the trial [L, C] (f32, or f64 when XF64); groups: NGROUPS entries of GROUP_WORDS words;
 * out: f32 [count, F, C] (pairs when MODE_COMPLEX); scratch: xs, A, B, D of the largest nfft
 * elements, W the largest plan work, acc1, acc2, y1, y2 of the largest P elements, pad L * 64
 * bytes, tmp 64 bytes.
 */
const J_X = 0, J_XF64 = 4, J_L = 8, J_C = 12, J_FIRST = 16, J_N = 20, J_POLY = 24;
const J_NGROUPS = 28, J_GROUPS = 32, J_OUT = 36, J_F = 40, J_COUNT = 44, J_MODE = 48, J_REAL = 52;
const J_XS = 56, J_A = 60, J_B = 64, J_D = 68, J_W = 72, J_ACC1 = 76, J_ACC2 = 80, J_Y1 = 84, J_Y2 = 88;
const J_PAD = 92, J_TMP = 96;

/** Per kernel group: forward plan (nfft), nfft, inverse plan (P), P, kernel count, kernel table. */
const G_FWD = 0, G_NFFT = 4, G_INV = 8, G_P = 12, G_NK = 16, G_KERNELS = 20;
const GROUP_WORDS = 6;
/** Per kernel: its spectrum (nfft f32 pairs) and its index on the result's freq axis. */
const K_SPECTRUM = 0, K_FREQ = 4;

export const MODE_POWER = 0;
export const MODE_COMPLEX = 1;

// @ts-ignore: decorator
@inline function word(at: usize, offset: usize): i32 {
  return load<i32>(at + offset);
}

/**
 * A[k], B[k] = the spectra of the real signals in the real and imaginary parts of D = FFT(a + i b):
 * A_k = (D_k + conj D_(n-k)) / 2, B_k = (D_k - conj D_(n-k)) / (2i), for all n bins.
 */
function separate(D: usize, n: i32, A: usize, B: usize): void {
  const half = f32x4.splat(0.5);
  for (let k = 0; k < n; k++) {
    const z = D + <usize>k * E, zm = D + <usize>(k == 0 ? 0 : n - k) * E;
    const R = v128.load(z), I = v128.load(z, 16);
    const Rm = v128.load(zm), Im = v128.load(zm, 16);
    const a = A + <usize>k * E, b = B + <usize>k * E;
    v128.store(a, f32x4.mul(f32x4.add(R, Rm), half));
    v128.store(a, f32x4.mul(f32x4.sub(I, Im), half), 16);
    v128.store(b, f32x4.mul(f32x4.add(I, Im), half));
    v128.store(b, f32x4.mul(f32x4.sub(Rm, R), half), 16);
  }
}

/**
 * acc1[r] = conj(sum_q A[r + qP] G[r + qP]), acc2 the same for B, r < P: the product spectra
 * folded to P bins, conjugated for the inverse-by-forward transform. The q-sum runs in registers
 * and G (one complex value for all lanes) is loaded once for both signals.
 */
function foldPair(A: usize, B: usize, G: usize, nfft: i32, P: i32, acc1: usize, acc2: usize): void {
  for (let r = 0; r < P; r++) {
    let ar = f32x4.splat(0), ai = f32x4.splat(0), br = f32x4.splat(0), bi = f32x4.splat(0);
    for (let k = r; k < nfft; k += P) {
      const g = G + (<usize>k << 3);
      const gr = v128.load32_splat(g), gi = v128.load32_splat(g, 4);
      const a = A + <usize>k * E, b = B + <usize>k * E;
      const xr = v128.load(a), xi = v128.load(a, 16);
      const yr = v128.load(b), yi = v128.load(b, 16);
      ar = f32x4.add(ar, f32x4.sub(f32x4.mul(xr, gr), f32x4.mul(xi, gi)));
      ai = f32x4.add(ai, f32x4.add(f32x4.mul(xr, gi), f32x4.mul(xi, gr)));
      br = f32x4.add(br, f32x4.sub(f32x4.mul(yr, gr), f32x4.mul(yi, gi)));
      bi = f32x4.add(bi, f32x4.add(f32x4.mul(yr, gi), f32x4.mul(yi, gr)));
    }
    const o1 = acc1 + <usize>r * E, o2 = acc2 + <usize>r * E;
    v128.store(o1, ar);
    v128.store(o1, f32x4.neg(ai), 16);
    v128.store(o2, br);
    v128.store(o2, f32x4.neg(bi), 16);
  }
}

/**
 * Samples m < count of the two inverse transforms (y = conj of the lane FFT results) into the
 * result at frequency f: eight channels c0.. of one (time, freq) are contiguous.
 */
function emit(y1: usize, y2: usize, count: i32, out: usize, F: i32, C: i32, f: i32, c0: i32, cnt: i32,
              mode: i32, realOnly: bool, tmp: usize): void {
  const zero = f32x4.splat(0);
  for (let m = 0; m < count; m++) {
    const p = y1 + <usize>m * E, q = y2 + <usize>m * E;
    const re1 = v128.load(p), re2 = v128.load(q);
    const at = <usize>((m * F + f) * C + c0);
    if (mode == MODE_POWER) {
      let p1 = f32x4.mul(re1, re1), p2 = f32x4.mul(re2, re2);
      if (!realOnly) {
        const im1 = v128.load(p, 16), im2 = v128.load(q, 16);
        p1 = f32x4.add(p1, f32x4.mul(im1, im1));
        p2 = f32x4.add(p2, f32x4.mul(im2, im2));
      }
      store2(out + (at << 2), p1, p2, <usize>cnt << 2, tmp);
      continue;
    }
    // conj of the transform's result; real wavelets: the imaginary rounding noise is dropped
    const im1 = realOnly ? zero : f32x4.neg(v128.load(p, 16));
    const im2 = realOnly ? zero : f32x4.neg(v128.load(q, 16));
    const lo1 = v128.shuffle<f32>(re1, im1, 0, 4, 1, 5), hi1 = v128.shuffle<f32>(re1, im1, 2, 6, 3, 7);
    const lo2 = v128.shuffle<f32>(re2, im2, 0, 4, 1, 5), hi2 = v128.shuffle<f32>(re2, im2, 2, 6, 3, 7);
    store4(out + (at << 3), lo1, hi1, lo2, hi2, <usize>cnt << 3, tmp);
  }
}

/** Runs the job table at `job` (see the J_* offsets) over all channel groups of the trial. */
export function waveletJob(job: usize): void {
  const x = <usize>word(job, J_X), xF64 = word(job, J_XF64) != 0;
  const L = word(job, J_L), C = word(job, J_C), first = word(job, J_FIRST), N = word(job, J_N);
  const poly = word(job, J_POLY);
  const nGroups = word(job, J_NGROUPS), groups = <usize>word(job, J_GROUPS);
  const out = <usize>word(job, J_OUT), F = word(job, J_F), count = word(job, J_COUNT);
  const mode = word(job, J_MODE), realOnly = word(job, J_REAL) != 0;
  const xs = <usize>word(job, J_XS), A = <usize>word(job, J_A), B = <usize>word(job, J_B);
  const D = <usize>word(job, J_D), W = <usize>word(job, J_W);
  const acc1 = <usize>word(job, J_ACC1), acc2 = <usize>word(job, J_ACC2);
  const y1 = <usize>word(job, J_Y1), y2 = <usize>word(job, J_Y2);
  const pad = <usize>word(job, J_PAD), tmp = <usize>word(job, J_TMP);
  const es: usize = xF64 ? 8 : 4;
  for (let c0 = 0; c0 < C; c0 += 8) {
    const cnt = min(8, C - c0);
    if (cnt == 8) {
      detrendGroup(x + <usize>c0 * es, xF64, <usize>C * es, L, first, N, poly, xs);
    } else {
      gatherPartial(x, xF64, L, C, c0, cnt, pad);
      detrendGroup(pad, true, 64, L, first, N, poly, xs);
    }
    for (let g = 0; g < nGroups; g++) {
      const grp = groups + <usize>g * (GROUP_WORDS << 2);
      const fwd = <usize>word(grp, G_FWD), nfft = word(grp, G_NFFT);
      const inv = <usize>word(grp, G_INV), P = word(grp, G_P);
      const nK = word(grp, G_NK), kernels = <usize>word(grp, G_KERNELS);
      memory.fill(xs + <usize>N * E, 0, <usize>(nfft - N) * E);
      fftLanes(fwd, xs, D, W);
      separate(D, nfft, A, B);
      for (let j = 0; j < nK; j++) {
        const kern = kernels + (<usize>j << 3);
        foldPair(A, B, <usize>word(kern, K_SPECTRUM), nfft, P, acc1, acc2);
        fftLanes(inv, acc1, y1, W);
        fftLanes(inv, acc2, y2, W);
        emit(y1, y2, count, out, F, C, word(kern, K_FREQ), c0, cnt, mode, realOnly, tmp);
      }
    }
  }
}
