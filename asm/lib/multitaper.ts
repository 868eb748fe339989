// The fused multitaper kernel: detrend, taper, FFT and power (or complex spectra) of a whole
// trial in one call, so JS crosses into wasm once per trial instead of once per FFT.
//
// Layout: eight channels ride in one lane-batched complex transform, channels c0..c0+3 as the
// real parts and c0+4..c0+7 as the imaginary parts (two real signals per complex transform, four
// transforms per v128). The trial arrives as it is stored, [L samples, C channels] in C order, so
// eight neighbouring channels of one sample are two v128 loads and no transpose is needed; the
// output [K', F, C] is channel-minor too. The two real spectra are separated per bin from
// Z = FFT(x1 + i x2):  X1_k = (Z_k + conj Z_(N-k)) / 2,  X2_k = (Z_k - conj Z_(N-k)) / (2i).
// Power is summed over tapers in float64; the transform itself is float32.
import { canFuseTaper, fftLanes, fftLanesTapered } from "./lanefft";
import { detrendGroup, gatherPartial, store2, store4 } from "./channelGroups";
import { hiToLo, pack } from "./precision";

// @ts-ignore: decorator
@inline const E: usize = 32;

/**
 * Word offsets of the job table the TypeScript side fills (src/kernels/spectra.ts mirrors it).
 * x: the trial [L, C] (f32, or f64 when XF64); tapers: f32 [K, N] zero beyond n = min(L, N);
 * bins: i32 [F]; xs: N elements; S, D: N elements; W: the plan's work; acc: F * 64 bytes;
 * pad: L * 64 bytes; tmp: 64 bytes.
 */
const J_PLAN = 0, J_X = 4, J_XF64 = 8, J_L = 12, J_C = 16, J_TAPERS = 20, J_K = 24, J_N = 28;
const J_POLY = 32, J_DEMEAN = 36, J_BINS = 40, J_F = 44, J_MODE = 48, J_OUT = 52;
const J_XS = 56, J_S = 60, J_D = 64, J_W = 68, J_ACC = 72, J_PAD = 76, J_TMP = 80;

/** Output modes: taper-averaged power [F, C]; power per taper [K, F, C]; complex per taper [K, F, C] (f32 pairs). */
export const MODE_POWER_MEAN = 0;
export const MODE_POWER = 1;
export const MODE_COMPLEX = 2;

// @ts-ignore: decorator
@inline function word(job: usize, at: usize): i32 {
  return load<i32>(job + at);
}

/** S[j] = (xs[j] low four, xs[j] high four) * w[j] for j < n; S beyond n stays zero. */
function taper(xs: usize, w: usize, n: i32, S: usize): void {
  for (let j = 0; j < n; j++) {
    const t = v128.load32_splat(w + (<usize>j << 2));
    const r = xs + <usize>j * E, o = S + <usize>j * E;
    v128.store(o, f32x4.mul(v128.load(r), t));
    v128.store(o, f32x4.mul(v128.load(r, 16), t), 16);
  }
}

/** Subtract from S[0..n) its mean over those n samples, per lane (summed in float64). */
function demean(S: usize, n: i32): void {
  let a = f64x2.splat(0), b = f64x2.splat(0), c = f64x2.splat(0), d = f64x2.splat(0);
  for (let j = 0; j < n; j++) {
    const r = S + <usize>j * E;
    const re = v128.load(r), im = v128.load(r, 16);
    a = f64x2.add(a, f64x2.promote_low_f32x4(re)); b = f64x2.add(b, f64x2.promote_low_f32x4(hiToLo(re)));
    c = f64x2.add(c, f64x2.promote_low_f32x4(im)); d = f64x2.add(d, f64x2.promote_low_f32x4(hiToLo(im)));
  }
  const inv = f64x2.splat(1.0 / <f64>n);
  const mr = pack(f64x2.mul(a, inv), f64x2.mul(b, inv));
  const mi = pack(f64x2.mul(c, inv), f64x2.mul(d, inv));
  for (let j = 0; j < n; j++) {
    const r = S + <usize>j * E;
    v128.store(r, f32x4.sub(v128.load(r), mr));
    v128.store(r, f32x4.sub(v128.load(r, 16), mi), 16);
  }
}

/** Per selected bin: separate the two real spectra of each lane and store or accumulate them. */
function emitBins(D: usize, N: i32, bins: usize, F: i32, mode: i32, acc: usize, out: usize, C: i32, c0: i32, cnt: i32, k: i32, tmp: usize): void {
  const quarter = f32x4.splat(0.25), half = f32x4.splat(0.5);
  for (let f = 0; f < F; f++) {
    const b = load<i32>(bins + (<usize>f << 2));
    const z = D + <usize>b * E, zm = D + <usize>(b == 0 ? 0 : N - b) * E;
    const R = v128.load(z), I = v128.load(z, 16);
    const Rm = v128.load(zm), Im = v128.load(zm, 16);
    const sr = f32x4.add(R, Rm), dr = f32x4.sub(R, Rm);
    const si = f32x4.add(I, Im), di = f32x4.sub(I, Im);
    if (mode == MODE_COMPLEX) {
      // X1 = (sr + i di) / 2, X2 = (si - i dr) / 2, written as interleaved (re, im) per channel
      const x1r = f32x4.mul(sr, half), x1i = f32x4.mul(di, half);
      const x2r = f32x4.mul(si, half), x2i = f32x4.neg(f32x4.mul(dr, half));
      const o = out + (<usize>((k * F + f) * C + c0) << 3);
      const lo1 = v128.shuffle<f32>(x1r, x1i, 0, 4, 1, 5), hi1 = v128.shuffle<f32>(x1r, x1i, 2, 6, 3, 7);
      const lo2 = v128.shuffle<f32>(x2r, x2i, 0, 4, 1, 5), hi2 = v128.shuffle<f32>(x2r, x2i, 2, 6, 3, 7);
      store4(o, lo1, hi1, lo2, hi2, <usize>cnt << 3, tmp);
      continue;
    }
    const p1 = f32x4.mul(quarter, f32x4.add(f32x4.mul(sr, sr), f32x4.mul(di, di)));
    const p2 = f32x4.mul(quarter, f32x4.add(f32x4.mul(si, si), f32x4.mul(dr, dr)));
    if (mode == MODE_POWER) {
      store2(out + (<usize>((k * F + f) * C + c0) << 2), p1, p2, <usize>cnt << 2, tmp);
      continue;
    }
    const a = acc + (<usize>f << 6);
    v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(p1)));
    v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(hiToLo(p1))), 16);
    v128.store(a, f64x2.add(v128.load(a, 32), f64x2.promote_low_f32x4(p2)), 32);
    v128.store(a, f64x2.add(v128.load(a, 48), f64x2.promote_low_f32x4(hiToLo(p2))), 48);
  }
}

/** Runs the job table at `job` (see the J_* offsets) over all channel groups of the trial. */
export function multitaperJob(job: usize): void {
  const plan = <usize>word(job, J_PLAN);
  const x = <usize>word(job, J_X), xF64 = word(job, J_XF64) != 0;
  const L = word(job, J_L), C = word(job, J_C);
  const tapers = <usize>word(job, J_TAPERS), K = word(job, J_K), n = word(job, J_N);
  const poly = word(job, J_POLY), dm = word(job, J_DEMEAN) != 0;
  const bins = <usize>word(job, J_BINS), F = word(job, J_F), mode = word(job, J_MODE);
  const out = <usize>word(job, J_OUT);
  const xs = <usize>word(job, J_XS), S = <usize>word(job, J_S), D = <usize>word(job, J_D);
  const W = <usize>word(job, J_W), acc = <usize>word(job, J_ACC), pad = <usize>word(job, J_PAD), tmp = <usize>word(job, J_TMP);
  const N = load<i32>(plan, 4);
  const es: usize = xF64 ? 8 : 4;
  // Zero padding beyond n: rows of xs (read by the fused first pass) and of S (the unfused path).
  memory.fill(xs + <usize>n * E, 0, <usize>(N - n) * E);
  memory.fill(S + <usize>n * E, 0, <usize>(N - n) * E);
  // Taper multiply inside the first FFT pass, unless the tapered signal must be demeaned first
  // or the plan cannot (Bluestein, a large first radix).
  const fused = !dm && canFuseTaper(plan);
  const invK = f64x2.splat(1.0 / <f64>K);
  for (let c0 = 0; c0 < C; c0 += 8) {
    const cnt = min(8, C - c0);
    if (cnt == 8) {
      detrendGroup(x + <usize>c0 * es, xF64, <usize>C * es, L, 0, n, poly, xs);
    } else {
      gatherPartial(x, xF64, L, C, c0, cnt, pad);
      detrendGroup(pad, true, 64, L, 0, n, poly, xs);
    }
    if (mode == MODE_POWER_MEAN) memory.fill(acc, 0, <usize>F << 6);
    for (let k = 0; k < K; k++) {
      const w = tapers + (<usize>(k * N) << 2);
      if (fused) {
        fftLanesTapered(plan, xs, w, D, W);
      } else {
        taper(xs, w, n, S);
        if (dm) demean(S, n);
        fftLanes(plan, S, D, W);
      }
      emitBins(D, N, bins, F, mode, acc, out, C, c0, cnt, k, tmp);
    }
    if (mode != MODE_POWER_MEAN) continue;
    for (let f = 0; f < F; f++) {
      const a = acc + (<usize>f << 6);
      const lo = pack(f64x2.mul(v128.load(a), invK), f64x2.mul(v128.load(a, 16), invK));
      const hi = pack(f64x2.mul(v128.load(a, 32), invK), f64x2.mul(v128.load(a, 48), invK));
      store2(out + (<usize>(f * C + c0) << 2), lo, hi, <usize>cnt << 2, tmp);
    }
  }
}
