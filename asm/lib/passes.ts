// Stockham autosort passes of a *lane-batched* complex FFT: every element is four independent
// complex numbers, stored as 32 bytes (a v128 of four real parts, then a v128 of four imaginary
// parts). Lane j of every element belongs to signal j, so the butterflies are the plain scalar
// ones with f32x4 arithmetic: no shuffles anywhere, every radix and length vectorises the same
// way, and the twiddles (equal for all four signals) are splat from one f32 pair.
//
// A pass of radix p combines p sub-transforms of length L into transforms of length pL.
// With n = p * L * rP, element (q, s, l) of the source lives at (q + s*rP)*L + l and
//   dst[q*p*L + t*L + l] = sum_s W_p^(s*t) * (W_(pL)^(s*l) * src[(q + s*rP)*L + l]),
// so the last pass leaves the output in natural order (no bit reversal). Only the forward
// transform (exponent -i) exists; inverses conjugate before and after.
// `tw` holds the forward twiddles W_(pL)^(s*l) = (cos, -sin) as f32 pairs at (l*(p-1) + s-1).
//
// Each radix is one inlined butterfly instantiated per input mode (below): in the first pass
// (L = 1) every twiddle is 1 and the PLAIN copy has no multiplications for them. The butterflies
// are written in stages that keep few vectors live: x86 has 16 vector registers, and a radix-5
// butterfly holding all ten inputs plus its constants spilled (2.5x slower per pass than radix 4;
// staged, 1.5x).

// @ts-ignore: decorator
@inline const E: usize = 32; // bytes per lane element

// @ts-ignore: decorator
@inline function mulRe(yr: v128, yi: v128, wr: v128, wi: v128): v128 {
  return f32x4.sub(f32x4.mul(yr, wr), f32x4.mul(yi, wi));
}

// @ts-ignore: decorator
@inline function mulIm(yr: v128, yi: v128, wr: v128, wi: v128): v128 {
  return f32x4.add(f32x4.mul(yr, wi), f32x4.mul(yi, wr));
}

// How a butterfly reads its inputs (a compile-time constant after inlining):
//   PLAIN    the element as stored (first pass, all twiddles 1)
//   TWIDDLE  element times its twiddle W_(pL)^(s*l) (later passes)
//   TAPER    first pass of the fused multitaper kernel: the source is the eight-channel sample
//            block xs[j] and the element is xs[j] * taper[j] (one f32 splat), so the tapered
//            signal is never written to memory
// Real and imaginary parts come from separate helpers (no multi-value returns), which take the
// loaded input and factors as arguments: loading inside them would load twice (Binaryen does not
// merge the loads).
// @ts-ignore: decorator
@inline const PLAIN = 0;
// @ts-ignore: decorator
@inline const TWIDDLE = 1;
// @ts-ignore: decorator
@inline const TAPER = 2;

// @ts-ignore: decorator
@inline function facRe(w: usize, tp: usize, mode: i32): v128 {
  return mode == TWIDDLE ? v128.load32_splat(w) : mode == TAPER ? v128.load32_splat(tp) : f32x4.splat(1);
}

// @ts-ignore: decorator
@inline function facIm(w: usize, mode: i32): v128 {
  return mode == TWIDDLE ? v128.load32_splat(w, 4) : f32x4.splat(0);
}

// @ts-ignore: decorator
@inline function apRe(yr: v128, yi: v128, fr: v128, fi: v128, mode: i32): v128 {
  return mode == TWIDDLE ? mulRe(yr, yi, fr, fi) : mode == TAPER ? f32x4.mul(yr, fr) : yr;
}

// @ts-ignore: decorator
@inline function apIm(yr: v128, yi: v128, fr: v128, fi: v128, mode: i32): v128 {
  return mode == TWIDDLE ? mulIm(yr, yi, fr, fi) : mode == TAPER ? f32x4.mul(yi, fr) : yi;
}

/** Mode of input 0, which never has a twiddle. */
// @ts-ignore: decorator
@inline function mode0(mode: i32): i32 {
  return mode == TAPER ? TAPER : PLAIN;
}

// @ts-ignore: decorator
@inline function put(d: usize, re: v128, im: v128): void {
  v128.store(d, re);
  v128.store(d, im, 16);
}

// Butterfly arguments: input s at a + s*is (and, for TAPER, its taper value at tp + s*ts),
// twiddle s (s >= 1) at w + 8*(s-1), output t at d + t*os.

// @ts-ignore: decorator
@inline function bfly2(a: usize, is: usize, d: usize, os: usize, w: usize, tp: usize, ts: usize, mode: i32): void {
  const m0 = mode0(mode);
  const b0Lr = v128.load(a), b0Li = v128.load(a, 16), b0F = facRe(0, tp, m0);
  const x0r = apRe(b0Lr, b0Li, b0F, b0F, m0), x0i = apIm(b0Lr, b0Li, b0F, b0F, m0);
  const b1Lr = v128.load(a + is), b1Li = v128.load(a + is, 16), b1Fr = facRe(w, tp + ts, mode), b1Fi = facIm(w, mode);
  const x1r = apRe(b1Lr, b1Li, b1Fr, b1Fi, mode), x1i = apIm(b1Lr, b1Li, b1Fr, b1Fi, mode);
  put(d, f32x4.add(x0r, x1r), f32x4.add(x0i, x1i));
  put(d + os, f32x4.sub(x0r, x1r), f32x4.sub(x0i, x1i));
}

// @ts-ignore: decorator
@inline function bfly3(a: usize, is: usize, d: usize, os: usize, w: usize, tp: usize, ts: usize, mode: i32): void {
  const b1Lr = v128.load(a + is), b1Li = v128.load(a + is, 16), b1Fr = facRe(w, tp + ts, mode), b1Fi = facIm(w, mode);
  const b1r = apRe(b1Lr, b1Li, b1Fr, b1Fi, mode), b1i = apIm(b1Lr, b1Li, b1Fr, b1Fi, mode);
  const b2Lr = v128.load(a + 2 * is), b2Li = v128.load(a + 2 * is, 16), b2Fr = facRe(w + 8, tp + 2 * ts, mode), b2Fi = facIm(w + 8, mode);
  const b2r = apRe(b2Lr, b2Li, b2Fr, b2Fi, mode), b2i = apIm(b2Lr, b2Li, b2Fr, b2Fi, mode);
  const t1r = f32x4.add(b1r, b2r), t1i = f32x4.add(b1i, b2i);
  const s3 = f32x4.splat(0.8660254037844386); // sin(2 pi / 3)
  const t2r = f32x4.mul(s3, f32x4.sub(b1r, b2r)), t2i = f32x4.mul(s3, f32x4.sub(b1i, b2i));
  const m0 = mode0(mode);
  const b0Lr = v128.load(a), b0Li = v128.load(a, 16), b0F = facRe(0, tp, m0);
  const b0r = apRe(b0Lr, b0Li, b0F, b0F, m0), b0i = apIm(b0Lr, b0Li, b0F, b0F, m0);
  put(d, f32x4.add(b0r, t1r), f32x4.add(b0i, t1i));
  const half = f32x4.splat(0.5);
  const mr = f32x4.sub(b0r, f32x4.mul(half, t1r)), mi = f32x4.sub(b0i, f32x4.mul(half, t1i));
  // y1 = m - i*t2, y2 = m + i*t2
  put(d + os, f32x4.add(mr, t2i), f32x4.sub(mi, t2r));
  put(d + 2 * os, f32x4.sub(mr, t2i), f32x4.add(mi, t2r));
}

// @ts-ignore: decorator
@inline function bfly4(a: usize, is: usize, d: usize, os: usize, w: usize, tp: usize, ts: usize, mode: i32): void {
  const m0 = mode0(mode);
  const b0Lr = v128.load(a), b0Li = v128.load(a, 16), b0F = facRe(0, tp, m0);
  const b0r = apRe(b0Lr, b0Li, b0F, b0F, m0), b0i = apIm(b0Lr, b0Li, b0F, b0F, m0);
  const b2Lr = v128.load(a + 2 * is), b2Li = v128.load(a + 2 * is, 16), b2Fr = facRe(w + 8, tp + 2 * ts, mode), b2Fi = facIm(w + 8, mode);
  const b2r = apRe(b2Lr, b2Li, b2Fr, b2Fi, mode), b2i = apIm(b2Lr, b2Li, b2Fr, b2Fi, mode);
  const t0r = f32x4.add(b0r, b2r), t0i = f32x4.add(b0i, b2i);
  const t1r = f32x4.sub(b0r, b2r), t1i = f32x4.sub(b0i, b2i);
  const b1Lr = v128.load(a + is), b1Li = v128.load(a + is, 16), b1Fr = facRe(w, tp + ts, mode), b1Fi = facIm(w, mode);
  const b1r = apRe(b1Lr, b1Li, b1Fr, b1Fi, mode), b1i = apIm(b1Lr, b1Li, b1Fr, b1Fi, mode);
  const b3Lr = v128.load(a + 3 * is), b3Li = v128.load(a + 3 * is, 16), b3Fr = facRe(w + 16, tp + 3 * ts, mode), b3Fi = facIm(w + 16, mode);
  const b3r = apRe(b3Lr, b3Li, b3Fr, b3Fi, mode), b3i = apIm(b3Lr, b3Li, b3Fr, b3Fi, mode);
  const t2r = f32x4.add(b1r, b3r), t2i = f32x4.add(b1i, b3i);
  const t3r = f32x4.sub(b1r, b3r), t3i = f32x4.sub(b1i, b3i);
  put(d, f32x4.add(t0r, t2r), f32x4.add(t0i, t2i));
  put(d + 2 * os, f32x4.sub(t0r, t2r), f32x4.sub(t0i, t2i));
  // y1 = t1 - i*t3, y3 = t1 + i*t3
  put(d + os, f32x4.add(t1r, t3i), f32x4.sub(t1i, t3r));
  put(d + 3 * os, f32x4.sub(t1r, t3i), f32x4.add(t1i, t3r));
}

/**
 * Radix 5 with u_s = b_s + b_(5-s), v_s = b_s - b_(5-s):
 *   y0 = b0 + u1 + u2,  m = b0 - (u1 + u2)/4,  A1,2 = m +/- K (u1 - u2)  (K = (cos 2pi/5 - cos 4pi/5)/2),
 *   B1 = s1 v1 + s2 v2,  B2 = s2 v1 - s1 v2,   y1,4 = A1 -/+ i B1,  y2,3 = A2 -/+ i B2.
 */
// @ts-ignore: decorator
@inline function bfly5(a: usize, is: usize, d: usize, os: usize, w: usize, tp: usize, ts: usize, mode: i32): void {
  const b1Lr = v128.load(a + is), b1Li = v128.load(a + is, 16), b1Fr = facRe(w, tp + ts, mode), b1Fi = facIm(w, mode);
  let xr = apRe(b1Lr, b1Li, b1Fr, b1Fi, mode), xi = apIm(b1Lr, b1Li, b1Fr, b1Fi, mode);
  const b4Lr = v128.load(a + 4 * is), b4Li = v128.load(a + 4 * is, 16), b4Fr = facRe(w + 24, tp + 4 * ts, mode), b4Fi = facIm(w + 24, mode);
  let yr = apRe(b4Lr, b4Li, b4Fr, b4Fi, mode), yi = apIm(b4Lr, b4Li, b4Fr, b4Fi, mode);
  const u1r = f32x4.add(xr, yr), u1i = f32x4.add(xi, yi);
  const v1r = f32x4.sub(xr, yr), v1i = f32x4.sub(xi, yi);
  const b2Lr = v128.load(a + 2 * is), b2Li = v128.load(a + 2 * is, 16), b2Fr = facRe(w + 8, tp + 2 * ts, mode), b2Fi = facIm(w + 8, mode);
  xr = apRe(b2Lr, b2Li, b2Fr, b2Fi, mode); xi = apIm(b2Lr, b2Li, b2Fr, b2Fi, mode);
  const b3Lr = v128.load(a + 3 * is), b3Li = v128.load(a + 3 * is, 16), b3Fr = facRe(w + 16, tp + 3 * ts, mode), b3Fi = facIm(w + 16, mode);
  yr = apRe(b3Lr, b3Li, b3Fr, b3Fi, mode); yi = apIm(b3Lr, b3Li, b3Fr, b3Fi, mode);
  const u2r = f32x4.add(xr, yr), u2i = f32x4.add(xi, yi);
  const v2r = f32x4.sub(xr, yr), v2i = f32x4.sub(xi, yi);
  const t1r = f32x4.add(u1r, u2r), t1i = f32x4.add(u1i, u2i);
  const t2r = f32x4.sub(u1r, u2r), t2i = f32x4.sub(u1i, u2i);
  const m0 = mode0(mode);
  const b0Lr = v128.load(a), b0Li = v128.load(a, 16), b0F = facRe(0, tp, m0);
  const b0r = apRe(b0Lr, b0Li, b0F, b0F, m0), b0i = apIm(b0Lr, b0Li, b0F, b0F, m0);
  put(d, f32x4.add(b0r, t1r), f32x4.add(b0i, t1i));
  const quarter = f32x4.splat(0.25), k = f32x4.splat(0.5590169943749475);
  const mr = f32x4.sub(b0r, f32x4.mul(quarter, t1r)), mi = f32x4.sub(b0i, f32x4.mul(quarter, t1i));
  const a1r = f32x4.add(mr, f32x4.mul(k, t2r)), a1i = f32x4.add(mi, f32x4.mul(k, t2i));
  const a2r = f32x4.sub(mr, f32x4.mul(k, t2r)), a2i = f32x4.sub(mi, f32x4.mul(k, t2i));
  const s1 = f32x4.splat(0.9510565162951535), s2 = f32x4.splat(0.5877852522924731);
  const q1r = f32x4.add(f32x4.mul(s1, v1r), f32x4.mul(s2, v2r)), q1i = f32x4.add(f32x4.mul(s1, v1i), f32x4.mul(s2, v2i));
  put(d + os, f32x4.add(a1r, q1i), f32x4.sub(a1i, q1r));
  put(d + 4 * os, f32x4.sub(a1r, q1i), f32x4.add(a1i, q1r));
  const q2r = f32x4.sub(f32x4.mul(s2, v1r), f32x4.mul(s1, v2r)), q2i = f32x4.sub(f32x4.mul(s2, v1i), f32x4.mul(s1, v2i));
  put(d + 2 * os, f32x4.add(a2r, q2i), f32x4.sub(a2i, q2r));
  put(d + 3 * os, f32x4.sub(a2r, q2i), f32x4.add(a2i, q2r));
}

/**
 * One pass of radix p (2, 3, 4 or 5). `taper` != 0 makes it the fused first pass (L = 1): the
 * source is xs (eight channels per element) and `taper` the f32 taper of the transform's length.
 */
export function passSmall(p: i32, src: usize, dst: usize, tw: usize, L: i32, rP: i32, taper: usize): void {
  const is = <usize>(L * rP) * E, os = <usize>L * E;
  const ts = <usize>rP << 2;
  if (taper != 0) {
    if (p == 4) for (let q = 0; q < rP; q++) bfly4(src + <usize>q * E, is, dst + <usize>(4 * q) * E, os, 0, taper + (<usize>q << 2), ts, TAPER);
    else if (p == 2) for (let q = 0; q < rP; q++) bfly2(src + <usize>q * E, is, dst + <usize>(2 * q) * E, os, 0, taper + (<usize>q << 2), ts, TAPER);
    else if (p == 5) for (let q = 0; q < rP; q++) bfly5(src + <usize>q * E, is, dst + <usize>(5 * q) * E, os, 0, taper + (<usize>q << 2), ts, TAPER);
    else for (let q = 0; q < rP; q++) bfly3(src + <usize>q * E, is, dst + <usize>(3 * q) * E, os, 0, taper + (<usize>q << 2), ts, TAPER);
    return;
  }
  if (L == 1) {
    if (p == 4) for (let q = 0; q < rP; q++) bfly4(src + <usize>q * E, is, dst + <usize>(4 * q) * E, os, 0, 0, 0, PLAIN);
    else if (p == 2) for (let q = 0; q < rP; q++) bfly2(src + <usize>q * E, is, dst + <usize>(2 * q) * E, os, 0, 0, 0, PLAIN);
    else if (p == 5) for (let q = 0; q < rP; q++) bfly5(src + <usize>q * E, is, dst + <usize>(5 * q) * E, os, 0, 0, 0, PLAIN);
    else for (let q = 0; q < rP; q++) bfly3(src + <usize>q * E, is, dst + <usize>(3 * q) * E, os, 0, 0, 0, PLAIN);
    return;
  }
  const wstep = <usize>(p - 1) << 3;
  for (let q = 0; q < rP; q++) {
    let a = src + <usize>(q * L) * E, d = dst + <usize>(q * p * L) * E, w = tw;
    if (p == 4) for (let l = 0; l < L; l++, a += E, d += E, w += wstep) bfly4(a, is, d, os, w, 0, 0, TWIDDLE);
    else if (p == 2) for (let l = 0; l < L; l++, a += E, d += E, w += wstep) bfly2(a, is, d, os, w, 0, 0, TWIDDLE);
    else if (p == 5) for (let l = 0; l < L; l++, a += E, d += E, w += wstep) bfly5(a, is, d, os, w, 0, 0, TWIDDLE);
    else for (let l = 0; l < L; l++, a += E, d += E, w += wstep) bfly3(a, is, d, os, w, 0, 0, TWIDDLE);
  }
}

/**
 * Any odd radix p in O(p^2 / 2) per butterfly: inputs s and p-s are folded into
 * u_s = b_s + b_(p-s) and v_s = b_s - b_(p-s), then for t = 1..(p-1)/2
 *   y_t = b_0 + sum_s u_s cos(2 pi s t / p) - i sum_s v_s sin(2 pi s t / p),  y_(p-t) = the same with +i.
 * `roots` holds (cos, sin)(2 pi j / p) for j < p as f32 pairs; `tmp` has room for p elements.
 */
export function passOdd(src: usize, dst: usize, tw: usize, L: i32, rP: i32, p: i32, roots: usize, tmp: usize): void {
  const inStride = <usize>(L * rP) * E;
  const outStride = <usize>L * E;
  const h = (p - 1) >> 1;
  for (let q = 0; q < rP; q++) {
    for (let l = 0; l < L; l++) {
      const a = src + <usize>(q * L + l) * E;
      const d = dst + <usize>(q * p * L + l) * E;
      const w = tw + <usize>(l * (p - 1)) * 8;
      const b0r = v128.load(a), b0i = v128.load(a, 16);
      // tmp[s] = twiddled input s, for s = 1..p-1
      for (let s = 1; s < p; s++) {
        const x = a + <usize>s * inStride, ws = w + <usize>(s - 1) * 8;
        const yr = v128.load(x), yi = v128.load(x, 16), wr = v128.load32_splat(ws), wi = v128.load32_splat(ws, 4);
        put(tmp + <usize>s * E, mulRe(yr, yi, wr, wi), mulIm(yr, yi, wr, wi));
      }
      // fold in place: tmp[s] = u_s, tmp[p-s] = v_s
      let y0r = b0r, y0i = b0i;
      for (let s = 1; s <= h; s++) {
        const e = tmp + <usize>s * E, f = tmp + <usize>(p - s) * E;
        const xr = v128.load(e), xi = v128.load(e, 16);
        const zr = v128.load(f), zi = v128.load(f, 16);
        const ur = f32x4.add(xr, zr), ui = f32x4.add(xi, zi);
        put(e, ur, ui);
        put(f, f32x4.sub(xr, zr), f32x4.sub(xi, zi));
        y0r = f32x4.add(y0r, ur); y0i = f32x4.add(y0i, ui);
      }
      put(d, y0r, y0i);
      for (let t = 1; t <= h; t++) {
        let ar = b0r, ai = b0i;
        let br = f32x4.splat(0), bi = f32x4.splat(0);
        let j = t; // s*t mod p, updated incrementally
        for (let s = 1; s <= h; s++) {
          const r = roots + <usize>j * 8;
          const c = v128.load32_splat(r), sn = v128.load32_splat(r, 4);
          const e = tmp + <usize>s * E, f = tmp + <usize>(p - s) * E;
          ar = f32x4.add(ar, f32x4.mul(c, v128.load(e)));
          ai = f32x4.add(ai, f32x4.mul(c, v128.load(e, 16)));
          br = f32x4.add(br, f32x4.mul(sn, v128.load(f)));
          bi = f32x4.add(bi, f32x4.mul(sn, v128.load(f, 16)));
          j += t;
          if (j >= p) j -= p;
        }
        // y_t = A - i B, y_(p-t) = A + i B
        put(d + <usize>t * outStride, f32x4.add(ar, bi), f32x4.sub(ai, br));
        put(d + <usize>(p - t) * outStride, f32x4.sub(ar, bi), f32x4.add(ai, br));
      }
    }
  }
}
