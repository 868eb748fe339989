// One complex transform at a time, on top of the lane-batched FFT.
//
// For n = 4m the input is read as four interleaved sequences x_(4q+r), r = 0..3, which are
// exactly the four lanes of a lane-batched transform of length m (the deinterleave is two
// shuffles per four complex values). Then
//   X_(k1 + m k2) = sum_r W_4^(r k2) * W_n^(r k1) * Y_r(k1),   Y_r = DFT_m(x_(4q+r)),
// i.e. a per-lane twiddle, a 4x4 transpose of four neighbouring k1 and one radix-4 butterfly
// across the transposed vectors, whose four outputs are contiguous runs of the result.
// Lengths that are not multiples of four use lane 0 only (correct, four times the work; the
// spectral hot path never takes it).
//
// Plan words (built by src/kernels/fftPlans.ts):
//   [0] kind (SPLIT4 | LANE0)  [1] n  [2] lane plan (length m, or n for LANE0)  [3] lane twiddles  [4] m
// Lane twiddles: per k1 < m rounded up to 4, 32 bytes: (cos, -sin)(2 pi r k1 / n) for lanes r.
// Data: interleaved f32 (re, im). Scratch S, D: m rounded up to 4 (n for LANE0) elements; W: the lane plan's.
import { fftLanes } from "./lanefft";

export const SPLIT4 = 0;
export const LANE0 = 1;

// @ts-ignore: decorator
@inline const E: usize = 32;

/**
 * dst = DFT_n(src), or with `inverse` the 1/n-normalised inverse DFT; interleaved f32, src may equal
 * dst. `realIn`: src holds n reals (imaginary parts zero); only for LANE0 plans, where it serves
 * odd-length real transforms.
 */
export function cfft(plan: usize, src: usize, dst: usize, S: usize, D: usize, W: usize, inverse: bool, realIn: bool): void {
  const n = load<i32>(plan, 4);
  const lane = <usize>load<i32>(plan, 8);
  // inverse DFT = conj(DFT(conj x)) / n: conjugate on the way in, conjugate and scale on the way out
  const sr: f32 = inverse ? 1.0 / <f32>n : 1.0;
  const si: f32 = inverse ? -sr : 1.0;
  if (load<i32>(plan) == LANE0) {
    const neg = f32x4.splat(inverse ? -1.0 : 1.0);
    for (let j = 0; j < n; j++) {
      const o = S + <usize>j * E;
      if (realIn) {
        v128.store(o, v128.load32_zero(src + (<usize>j << 2)));
        v128.store(o, f32x4.splat(0), 16);
      } else {
        v128.store(o, v128.load32_zero(src + (<usize>j << 3)));
        v128.store(o, f32x4.mul(neg, v128.load32_zero(src + (<usize>j << 3), 4)), 16);
      }
    }
    fftLanes(lane, S, D, W);
    for (let k = 0; k < n; k++) {
      const z = D + <usize>k * E, o = dst + (<usize>k << 3);
      store<f32>(o, sr * f32x4.extract_lane(v128.load(z), 0));
      store<f32>(o, si * f32x4.extract_lane(v128.load(z, 16), 0), 4);
    }
    return;
  }
  const m = load<i32>(plan, 16);
  const tw = <usize>load<i32>(plan, 12);
  const neg = f32x4.splat(inverse ? -1.0 : 1.0);
  for (let q = 0; q < m; q++) {
    const a = v128.load(src + <usize>q * E), b = v128.load(src + <usize>q * E, 16);
    const o = S + <usize>q * E;
    v128.store(o, v128.shuffle<f32>(a, b, 0, 2, 4, 6));
    v128.store(o, f32x4.mul(neg, v128.shuffle<f32>(a, b, 1, 3, 5, 7)), 16);
  }
  fftLanes(lane, S, D, W);
  const m4 = (m + 3) & ~3;
  memory.fill(D + <usize>m * E, 0, <usize>(m4 - m) * E);
  const vsr = f32x4.splat(sr), vsi = f32x4.splat(si);
  const outStride = <usize>m << 3;
  for (let k1 = 0; k1 < m; k1 += 4) {
    const z = D + <usize>k1 * E, t = tw + <usize>k1 * E;
    // Z_i = Y(k1 + i) * W_n^(r (k1 + i)), lanes r
    let ar = v128.load(z), ai = v128.load(z, 16), wr = v128.load(t), wi = v128.load(t, 16);
    const z0r = f32x4.sub(f32x4.mul(ar, wr), f32x4.mul(ai, wi)), z0i = f32x4.add(f32x4.mul(ar, wi), f32x4.mul(ai, wr));
    ar = v128.load(z, 32); ai = v128.load(z, 48); wr = v128.load(t, 32); wi = v128.load(t, 48);
    const z1r = f32x4.sub(f32x4.mul(ar, wr), f32x4.mul(ai, wi)), z1i = f32x4.add(f32x4.mul(ar, wi), f32x4.mul(ai, wr));
    ar = v128.load(z, 64); ai = v128.load(z, 80); wr = v128.load(t, 64); wi = v128.load(t, 80);
    const z2r = f32x4.sub(f32x4.mul(ar, wr), f32x4.mul(ai, wi)), z2i = f32x4.add(f32x4.mul(ar, wi), f32x4.mul(ai, wr));
    ar = v128.load(z, 96); ai = v128.load(z, 112); wr = v128.load(t, 96); wi = v128.load(t, 112);
    const z3r = f32x4.sub(f32x4.mul(ar, wr), f32x4.mul(ai, wi)), z3i = f32x4.add(f32x4.mul(ar, wi), f32x4.mul(ai, wr));
    // transpose: V_r lane i = Z_i lane r
    let u0 = v128.shuffle<f32>(z0r, z1r, 0, 4, 1, 5), u1 = v128.shuffle<f32>(z0r, z1r, 2, 6, 3, 7);
    let u2 = v128.shuffle<f32>(z2r, z3r, 0, 4, 1, 5), u3 = v128.shuffle<f32>(z2r, z3r, 2, 6, 3, 7);
    const v0r = v128.shuffle<f32>(u0, u2, 0, 1, 4, 5), v1r = v128.shuffle<f32>(u0, u2, 2, 3, 6, 7);
    const v2r = v128.shuffle<f32>(u1, u3, 0, 1, 4, 5), v3r = v128.shuffle<f32>(u1, u3, 2, 3, 6, 7);
    u0 = v128.shuffle<f32>(z0i, z1i, 0, 4, 1, 5); u1 = v128.shuffle<f32>(z0i, z1i, 2, 6, 3, 7);
    u2 = v128.shuffle<f32>(z2i, z3i, 0, 4, 1, 5); u3 = v128.shuffle<f32>(z2i, z3i, 2, 6, 3, 7);
    const v0i = v128.shuffle<f32>(u0, u2, 0, 1, 4, 5), v1i = v128.shuffle<f32>(u0, u2, 2, 3, 6, 7);
    const v2i = v128.shuffle<f32>(u1, u3, 0, 1, 4, 5), v3i = v128.shuffle<f32>(u1, u3, 2, 3, 6, 7);
    // radix 4 across r (forward): X0 = a + c, X2 = a - c, X1 = b - i d, X3 = b + i d
    const ar2 = f32x4.add(v0r, v2r), ai2 = f32x4.add(v0i, v2i);
    const br = f32x4.sub(v0r, v2r), bi = f32x4.sub(v0i, v2i);
    const cr = f32x4.add(v1r, v3r), ci = f32x4.add(v1i, v3i);
    const dr = f32x4.sub(v1r, v3r), di = f32x4.sub(v1i, v3i);
    const count = min(4, m - k1);
    const o = dst + (<usize>k1 << 3);
    storeRun(o, f32x4.mul(vsr, f32x4.add(ar2, cr)), f32x4.mul(vsi, f32x4.add(ai2, ci)), count, S);
    storeRun(o + outStride, f32x4.mul(vsr, f32x4.add(br, di)), f32x4.mul(vsi, f32x4.sub(bi, dr)), count, S);
    storeRun(o + 2 * outStride, f32x4.mul(vsr, f32x4.sub(ar2, cr)), f32x4.mul(vsi, f32x4.sub(ai2, ci)), count, S);
    storeRun(o + 3 * outStride, f32x4.mul(vsr, f32x4.sub(br, di)), f32x4.mul(vsi, f32x4.add(bi, dr)), count, S);
  }
}

/** Interleave (re, im) of `count` <= 4 values and store them at o (a prefix through tmp when count < 4). */
// @ts-ignore: decorator
@inline function storeRun(o: usize, re: v128, im: v128, count: i32, tmp: usize): void {
  const lo = v128.shuffle<f32>(re, im, 0, 4, 1, 5), hi = v128.shuffle<f32>(re, im, 2, 6, 3, 7);
  if (count == 4) {
    v128.store(o, lo);
    v128.store(o, hi, 16);
  } else {
    v128.store(tmp, lo);
    v128.store(tmp, hi, 16);
    memory.copy(o, tmp, <usize>count << 3);
  }
}
