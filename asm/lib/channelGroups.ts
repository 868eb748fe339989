// Eight channels of a trial as one lane-batched complex signal: what the fused multitaper and
// wavelet kernels share. Channels c0..c0+3 become the real parts and c0+4..c0+7 the imaginary
// parts of four lane transforms (two real signals per complex transform); the trial arrives as
// stored, [L samples, C channels] in C order, so one sample's eight channels are two v128 loads.
import { hiToLo, pack } from "./precision";

// @ts-ignore: decorator
@inline const E: usize = 32;

/**
 * Copies channels c0..c0+cnt-1 of the trial into `pad` as float64 [L, 8] with zero lanes beyond
 * cnt, so that a partial last group runs through the same eight-wide code as full groups.
 */
export function gatherPartial(x: usize, xF64: bool, L: i32, C: i32, c0: i32, cnt: i32, pad: usize): void {
  memory.fill(pad, 0, <usize>L * 64);
  for (let j = 0; j < L; j++) {
    for (let c = 0; c < cnt; c++) {
      const i = <usize>(j * C + c0 + c);
      const v: f64 = xF64 ? load<f64>(x + i * 8) : <f64>load<f32>(x + i * 4);
      store<f64>(pad + <usize>j * 64 + <usize>c * 8, v);
    }
  }
}

/**
 * xs[j] (eight f32) = row first + j of the group minus its least-squares constant or line (fitted
 * over all L samples, in float64), for j < n; poly -1: no detrending. `src` points at the group's
 * first value, rows `stride` bytes apart, f32 or f64. `first` > 0 is Syncopy's order of operations
 * for preselected times: detrend the whole trial, then trim it.
 */
export function detrendGroup(src: usize, f64in: bool, stride: usize, L: i32, first: i32, n: i32, poly: i32, xs: usize): void {
  if (poly < 0 && !f64in) {
    for (let j = 0; j < n; j++) {
      const r = src + <usize>(first + j) * stride, o = xs + <usize>j * E;
      v128.store(o, v128.load(r));
      v128.store(o, v128.load(r, 16), 16);
    }
    return;
  }
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  let t0 = f64x2.splat(0), t1 = f64x2.splat(0), t2 = f64x2.splat(0), t3 = f64x2.splat(0);
  const meanT = <f64>(L - 1) * 0.5;
  if (poly >= 0) {
    for (let j = 0; j < L; j++) {
      const r = src + <usize>j * stride;
      let a: v128, b: v128, c: v128, d: v128;
      if (f64in) {
        a = v128.load(r); b = v128.load(r, 16); c = v128.load(r, 32); d = v128.load(r, 48);
      } else {
        const lo = v128.load(r), hi = v128.load(r, 16);
        a = f64x2.promote_low_f32x4(lo); b = f64x2.promote_low_f32x4(hiToLo(lo));
        c = f64x2.promote_low_f32x4(hi); d = f64x2.promote_low_f32x4(hiToLo(hi));
      }
      s0 = f64x2.add(s0, a); s1 = f64x2.add(s1, b); s2 = f64x2.add(s2, c); s3 = f64x2.add(s3, d);
      if (poly == 1) {
        // sum (j - meanT) x_j: the centred abscissa sums to zero, so no mean is needed first
        const tj = f64x2.splat(<f64>j - meanT);
        t0 = f64x2.add(t0, f64x2.mul(tj, a)); t1 = f64x2.add(t1, f64x2.mul(tj, b));
        t2 = f64x2.add(t2, f64x2.mul(tj, c)); t3 = f64x2.add(t3, f64x2.mul(tj, d));
      }
    }
  }
  const invL = f64x2.splat(L > 0 ? 1.0 / <f64>L : 0.0);
  const m0 = f64x2.mul(s0, invL), m1 = f64x2.mul(s1, invL), m2 = f64x2.mul(s2, invL), m3 = f64x2.mul(s3, invL);
  // sum (j - meanT)^2 = L (L^2 - 1) / 12
  const stt = <f64>L * (<f64>L * <f64>L - 1.0) / 12.0;
  const invStt = f64x2.splat(poly == 1 && stt > 0 ? 1.0 / stt : 0.0);
  const k0 = f64x2.mul(t0, invStt), k1 = f64x2.mul(t1, invStt), k2 = f64x2.mul(t2, invStt), k3 = f64x2.mul(t3, invStt);
  for (let j = 0; j < n; j++) {
    const r = src + <usize>(first + j) * stride, o = xs + <usize>j * E;
    let a: v128, b: v128, c: v128, d: v128;
    if (f64in) {
      a = v128.load(r); b = v128.load(r, 16); c = v128.load(r, 32); d = v128.load(r, 48);
    } else {
      const lo = v128.load(r), hi = v128.load(r, 16);
      a = f64x2.promote_low_f32x4(lo); b = f64x2.promote_low_f32x4(hiToLo(lo));
      c = f64x2.promote_low_f32x4(hi); d = f64x2.promote_low_f32x4(hiToLo(hi));
    }
    const tj = f64x2.splat(<f64>(first + j) - meanT);
    a = f64x2.sub(a, f64x2.add(m0, f64x2.mul(k0, tj)));
    b = f64x2.sub(b, f64x2.add(m1, f64x2.mul(k1, tj)));
    c = f64x2.sub(c, f64x2.add(m2, f64x2.mul(k2, tj)));
    d = f64x2.sub(d, f64x2.add(m3, f64x2.mul(k3, tj)));
    v128.store(o, pack(a, b));
    v128.store(o, pack(c, d), 16);
  }
}


/** Store `bytes` of the vectors a, b, c, d (64 bytes in that order) at o: all of them, or a prefix via tmp. */
// @ts-ignore: decorator
@inline export function store4(o: usize, a: v128, b: v128, c: v128, d: v128, bytes: usize, tmp: usize): void {
  if (bytes == 64) {
    v128.store(o, a); v128.store(o, b, 16); v128.store(o, c, 32); v128.store(o, d, 48);
  } else {
    v128.store(tmp, a); v128.store(tmp, b, 16); v128.store(tmp, c, 32); v128.store(tmp, d, 48);
    memory.copy(o, tmp, bytes);
  }
}

/** Store the first `bytes` of the vectors a, b (32 bytes) at o. */
// @ts-ignore: decorator
@inline export function store2(o: usize, a: v128, b: v128, bytes: usize, tmp: usize): void {
  if (bytes == 32) {
    v128.store(o, a); v128.store(o, b, 16);
  } else {
    v128.store(tmp, a); v128.store(tmp, b, 16);
    memory.copy(o, tmp, bytes);
  }
}
