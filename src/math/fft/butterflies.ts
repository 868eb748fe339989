/**
 * Stockham autosort passes for radices 2, 3, 4 and 5, one function per radix
 * (7, 11, 13: primeKernels.ts; other odd primes: genericRadix.ts).
 *
 * A pass of radix p combines p interleaved sub-transforms of length L into
 * transforms of length p*L. With n = p * L * rP, complex element (q, s, l) of the
 * source lives at (q + s*rP)*L + l and the results go to q*p*L + t*L + l:
 *
 *   dst[q*p*L + t*L + l] = sum_s  W_p^(s*t) * ( W_(pL)^(s*l) * src[(q + s*rP)*L + l] )
 *
 * Reading with stride n/p and writing with stride L keeps the output in natural
 * order after the last pass, so no bit reversal is needed. Loop order depends on
 * the pass: early passes (L < rP) hoist the L twiddle sets and run q innermost;
 * late passes run the contiguous l innermost, because a q loop would stride by L
 * (a power of two for many lengths) and thrash cache sets.
 *
 * Arrays are interleaved complex (re, im). `tw` holds (cos, sin) of 2*pi*s*l/(p*L)
 * for l in [0, L), s in [1, p) starting at `twOff`; `sgn` is +1 for the forward
 * transform (exponent -i) and -1 for the backward one, so one table serves both.
 * Separate functions per radix keep each call site monomorphic and the butterflies
 * fully unrolled, which is what makes V8 produce tight code.
 */

export function pass2(
  src: Float64Array, dst: Float64Array, tw: Float64Array, twOff: number, L: number, rP: number, sgn: number,
): void {
  const inStride = 2 * L * rP;
  const outStride = 2 * L;
  if (L === 1) {
    // First pass: all twiddles are 1.
    for (let q = 0; q < rP; q++) {
      const a = 2 * q;
      const b = 4 * q;
      const x0r = src[a], x0i = src[a + 1];
      const x1r = src[a + inStride], x1i = src[a + inStride + 1];
      dst[b] = x0r + x1r;
      dst[b + 1] = x0i + x1i;
      dst[b + 2] = x0r - x1r;
      dst[b + 3] = x0i - x1i;
    }
    return;
  }
  if (L < rP) {
    // Early passes: few twiddle sets, long runs of q; hoist the twiddles.
    for (let l = 0; l < L; l++) {
      const t = twOff + 2 * l;
      const wr = tw[t], wi = -sgn * tw[t + 1];
      for (let q = 0; q < rP; q++) {
        const a = 2 * (q * L + l);
        const b = 2 * (2 * q * L + l);
        const x0r = src[a], x0i = src[a + 1];
        const yr = src[a + inStride], yi = src[a + inStride + 1];
        const x1r = yr * wr - yi * wi;
        const x1i = yr * wi + yi * wr;
        dst[b] = x0r + x1r;
        dst[b + 1] = x0i + x1i;
        dst[b + outStride] = x0r - x1r;
        dst[b + outStride + 1] = x0i - x1i;
      }
    }
  } else {
    // Late passes: q-runs are short and stride L; walk contiguous l instead.
    for (let q = 0; q < rP; q++) {
      const aq = 2 * q * L;
      const bq = 2 * q * 2 * L;
      for (let l = 0; l < L; l++) {
        const t = twOff + 2 * l;
        const wr = tw[t], wi = -sgn * tw[t + 1];
        const a = aq + 2 * l;
        const b = bq + 2 * l;
        const x0r = src[a], x0i = src[a + 1];
        const yr = src[a + inStride], yi = src[a + inStride + 1];
        const x1r = yr * wr - yi * wi;
        const x1i = yr * wi + yi * wr;
        dst[b] = x0r + x1r;
        dst[b + 1] = x0i + x1i;
        dst[b + outStride] = x0r - x1r;
        dst[b + outStride + 1] = x0i - x1i;
      }
    }
  }
}

export function pass4(
  src: Float64Array, dst: Float64Array, tw: Float64Array, twOff: number, L: number, rP: number, sgn: number,
): void {
  const s1 = 2 * L * rP, s2 = 2 * s1, s3 = 3 * s1;
  const o1 = 2 * L, o2 = 2 * o1, o3 = 3 * o1;
  if (L === 1) {
    for (let q = 0; q < rP; q++) {
      const a = 2 * q;
      const b = 8 * q;
      const x0r = src[a], x0i = src[a + 1];
      const x1r = src[a + s1], x1i = src[a + s1 + 1];
      const x2r = src[a + s2], x2i = src[a + s2 + 1];
      const x3r = src[a + s3], x3i = src[a + s3 + 1];
      const t0r = x0r + x2r, t0i = x0i + x2i;
      const t1r = x0r - x2r, t1i = x0i - x2i;
      const t2r = x1r + x3r, t2i = x1i + x3i;
      const t3r = sgn * (x1r - x3r), t3i = sgn * (x1i - x3i);
      dst[b] = t0r + t2r;
      dst[b + 1] = t0i + t2i;
      dst[b + 2] = t1r + t3i;
      dst[b + 3] = t1i - t3r;
      dst[b + 4] = t0r - t2r;
      dst[b + 5] = t0i - t2i;
      dst[b + 6] = t1r - t3i;
      dst[b + 7] = t1i + t3r;
    }
    return;
  }
  if (L < rP) {
    // Early passes: few twiddle sets, long runs of q; hoist the twiddles.
    for (let l = 0; l < L; l++) {
      const t = twOff + 6 * l;
      const w1r = tw[t], w1i = -sgn * tw[t + 1];
      const w2r = tw[t + 2], w2i = -sgn * tw[t + 3];
      const w3r = tw[t + 4], w3i = -sgn * tw[t + 5];
      for (let q = 0; q < rP; q++) {
        const a = 2 * (q * L + l);
        const b = 2 * (4 * q * L + l);
        const x0r = src[a], x0i = src[a + 1];
        let yr = src[a + s1], yi = src[a + s1 + 1];
        const x1r = yr * w1r - yi * w1i, x1i = yr * w1i + yi * w1r;
        yr = src[a + s2];
        yi = src[a + s2 + 1];
        const x2r = yr * w2r - yi * w2i, x2i = yr * w2i + yi * w2r;
        yr = src[a + s3];
        yi = src[a + s3 + 1];
        const x3r = yr * w3r - yi * w3i, x3i = yr * w3i + yi * w3r;
        const t0r = x0r + x2r, t0i = x0i + x2i;
        const t1r = x0r - x2r, t1i = x0i - x2i;
        const t2r = x1r + x3r, t2i = x1i + x3i;
        // Multiplying (x1 - x3) by -i (forward) is a swap with a sign change.
        const t3r = sgn * (x1r - x3r), t3i = sgn * (x1i - x3i);
        dst[b] = t0r + t2r;
        dst[b + 1] = t0i + t2i;
        dst[b + o1] = t1r + t3i;
        dst[b + o1 + 1] = t1i - t3r;
        dst[b + o2] = t0r - t2r;
        dst[b + o2 + 1] = t0i - t2i;
        dst[b + o3] = t1r - t3i;
        dst[b + o3 + 1] = t1i + t3r;
      }
    }
  } else {
    // Late passes: q-runs are short and stride L; walk contiguous l instead.
    for (let q = 0; q < rP; q++) {
      const aq = 2 * q * L;
      const bq = 2 * q * 4 * L;
      for (let l = 0; l < L; l++) {
        const t = twOff + 6 * l;
        const w1r = tw[t], w1i = -sgn * tw[t + 1];
        const w2r = tw[t + 2], w2i = -sgn * tw[t + 3];
        const w3r = tw[t + 4], w3i = -sgn * tw[t + 5];
        const a = aq + 2 * l;
        const b = bq + 2 * l;
        const x0r = src[a], x0i = src[a + 1];
        let yr = src[a + s1], yi = src[a + s1 + 1];
        const x1r = yr * w1r - yi * w1i, x1i = yr * w1i + yi * w1r;
        yr = src[a + s2];
        yi = src[a + s2 + 1];
        const x2r = yr * w2r - yi * w2i, x2i = yr * w2i + yi * w2r;
        yr = src[a + s3];
        yi = src[a + s3 + 1];
        const x3r = yr * w3r - yi * w3i, x3i = yr * w3i + yi * w3r;
        const t0r = x0r + x2r, t0i = x0i + x2i;
        const t1r = x0r - x2r, t1i = x0i - x2i;
        const t2r = x1r + x3r, t2i = x1i + x3i;
        // Multiplying (x1 - x3) by -i (forward) is a swap with a sign change.
        const t3r = sgn * (x1r - x3r), t3i = sgn * (x1i - x3i);
        dst[b] = t0r + t2r;
        dst[b + 1] = t0i + t2i;
        dst[b + o1] = t1r + t3i;
        dst[b + o1 + 1] = t1i - t3r;
        dst[b + o2] = t0r - t2r;
        dst[b + o2 + 1] = t0i - t2i;
        dst[b + o3] = t1r - t3i;
        dst[b + o3 + 1] = t1i + t3r;
      }
    }
  }
}

const SIN_60 = Math.sqrt(3) / 2;

export function pass3(
  src: Float64Array, dst: Float64Array, tw: Float64Array, twOff: number, L: number, rP: number, sgn: number,
): void {
  const s1 = 2 * L * rP, s2 = 2 * s1;
  const o1 = 2 * L, o2 = 2 * o1;
  const k = sgn * SIN_60;
  if (L < rP) {
    // Early passes: few twiddle sets, long runs of q; hoist the twiddles.
    for (let l = 0; l < L; l++) {
      const t = twOff + 4 * l;
      const w1r = tw[t], w1i = -sgn * tw[t + 1];
      const w2r = tw[t + 2], w2i = -sgn * tw[t + 3];
      for (let q = 0; q < rP; q++) {
        const a = 2 * (q * L + l);
        const b = 2 * (3 * q * L + l);
        const x0r = src[a], x0i = src[a + 1];
        let yr = src[a + s1], yi = src[a + s1 + 1];
        const x1r = yr * w1r - yi * w1i, x1i = yr * w1i + yi * w1r;
        yr = src[a + s2];
        yi = src[a + s2 + 1];
        const x2r = yr * w2r - yi * w2i, x2i = yr * w2i + yi * w2r;
        const sr = x1r + x2r, si = x1i + x2i;
        const dr = k * (x1r - x2r), di = k * (x1i - x2i);
        const mr = x0r - 0.5 * sr, mi = x0i - 0.5 * si;
        dst[b] = x0r + sr;
        dst[b + 1] = x0i + si;
        dst[b + o1] = mr + di;
        dst[b + o1 + 1] = mi - dr;
        dst[b + o2] = mr - di;
        dst[b + o2 + 1] = mi + dr;
      }
    }
  } else {
    // Late passes: q-runs are short and stride L; walk contiguous l instead.
    for (let q = 0; q < rP; q++) {
      const aq = 2 * q * L;
      const bq = 2 * q * 3 * L;
      for (let l = 0; l < L; l++) {
        const t = twOff + 4 * l;
        const w1r = tw[t], w1i = -sgn * tw[t + 1];
        const w2r = tw[t + 2], w2i = -sgn * tw[t + 3];
        const a = aq + 2 * l;
        const b = bq + 2 * l;
        const x0r = src[a], x0i = src[a + 1];
        let yr = src[a + s1], yi = src[a + s1 + 1];
        const x1r = yr * w1r - yi * w1i, x1i = yr * w1i + yi * w1r;
        yr = src[a + s2];
        yi = src[a + s2 + 1];
        const x2r = yr * w2r - yi * w2i, x2i = yr * w2i + yi * w2r;
        const sr = x1r + x2r, si = x1i + x2i;
        const dr = k * (x1r - x2r), di = k * (x1i - x2i);
        const mr = x0r - 0.5 * sr, mi = x0i - 0.5 * si;
        dst[b] = x0r + sr;
        dst[b + 1] = x0i + si;
        dst[b + o1] = mr + di;
        dst[b + o1 + 1] = mi - dr;
        dst[b + o2] = mr - di;
        dst[b + o2 + 1] = mi + dr;
      }
    }
  }
}

const C1_5 = Math.cos((2 * Math.PI) / 5);
const C2_5 = Math.cos((4 * Math.PI) / 5);
const S1_5 = Math.sin((2 * Math.PI) / 5);
const S2_5 = Math.sin((4 * Math.PI) / 5);

export function pass5(
  src: Float64Array, dst: Float64Array, tw: Float64Array, twOff: number, L: number, rP: number, sgn: number,
): void {
  const s1 = 2 * L * rP, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1;
  const o1 = 2 * L, o2 = 2 * o1, o3 = 3 * o1, o4 = 4 * o1;
  const k1 = sgn * S1_5, k2 = sgn * S2_5;
  if (L < rP) {
    // Early passes: few twiddle sets, long runs of q; hoist the twiddles.
    for (let l = 0; l < L; l++) {
      const t = twOff + 8 * l;
      const w1r = tw[t], w1i = -sgn * tw[t + 1];
      const w2r = tw[t + 2], w2i = -sgn * tw[t + 3];
      const w3r = tw[t + 4], w3i = -sgn * tw[t + 5];
      const w4r = tw[t + 6], w4i = -sgn * tw[t + 7];
      for (let q = 0; q < rP; q++) {
        const a = 2 * (q * L + l);
        const b = 2 * (5 * q * L + l);
        const x0r = src[a], x0i = src[a + 1];
        let yr = src[a + s1], yi = src[a + s1 + 1];
        const x1r = yr * w1r - yi * w1i, x1i = yr * w1i + yi * w1r;
        yr = src[a + s2];
        yi = src[a + s2 + 1];
        const x2r = yr * w2r - yi * w2i, x2i = yr * w2i + yi * w2r;
        yr = src[a + s3];
        yi = src[a + s3 + 1];
        const x3r = yr * w3r - yi * w3i, x3i = yr * w3i + yi * w3r;
        yr = src[a + s4];
        yi = src[a + s4 + 1];
        const x4r = yr * w4r - yi * w4i, x4i = yr * w4i + yi * w4r;
        // Pair symmetric inputs: the DFT of 5 then needs only real cos/sin products.
        const ar = x1r + x4r, ai = x1i + x4i;
        const br = x2r + x3r, bi = x2i + x3i;
        const cr = x1r - x4r, ci = x1i - x4i;
        const dr = x2r - x3r, di = x2i - x3i;
        const m1r = x0r + C1_5 * ar + C2_5 * br, m1i = x0i + C1_5 * ai + C2_5 * bi;
        const m2r = x0r + C2_5 * ar + C1_5 * br, m2i = x0i + C2_5 * ai + C1_5 * bi;
        const e1r = k1 * cr + k2 * dr, e1i = k1 * ci + k2 * di;
        const e2r = k2 * cr - k1 * dr, e2i = k2 * ci - k1 * di;
        dst[b] = x0r + ar + br;
        dst[b + 1] = x0i + ai + bi;
        dst[b + o1] = m1r + e1i;
        dst[b + o1 + 1] = m1i - e1r;
        dst[b + o4] = m1r - e1i;
        dst[b + o4 + 1] = m1i + e1r;
        dst[b + o2] = m2r + e2i;
        dst[b + o2 + 1] = m2i - e2r;
        dst[b + o3] = m2r - e2i;
        dst[b + o3 + 1] = m2i + e2r;
      }
    }
  } else {
    // Late passes: q-runs are short and stride L; walk contiguous l instead.
    for (let q = 0; q < rP; q++) {
      const aq = 2 * q * L;
      const bq = 2 * q * 5 * L;
      for (let l = 0; l < L; l++) {
        const t = twOff + 8 * l;
        const w1r = tw[t], w1i = -sgn * tw[t + 1];
        const w2r = tw[t + 2], w2i = -sgn * tw[t + 3];
        const w3r = tw[t + 4], w3i = -sgn * tw[t + 5];
        const w4r = tw[t + 6], w4i = -sgn * tw[t + 7];
        const a = aq + 2 * l;
        const b = bq + 2 * l;
        const x0r = src[a], x0i = src[a + 1];
        let yr = src[a + s1], yi = src[a + s1 + 1];
        const x1r = yr * w1r - yi * w1i, x1i = yr * w1i + yi * w1r;
        yr = src[a + s2];
        yi = src[a + s2 + 1];
        const x2r = yr * w2r - yi * w2i, x2i = yr * w2i + yi * w2r;
        yr = src[a + s3];
        yi = src[a + s3 + 1];
        const x3r = yr * w3r - yi * w3i, x3i = yr * w3i + yi * w3r;
        yr = src[a + s4];
        yi = src[a + s4 + 1];
        const x4r = yr * w4r - yi * w4i, x4i = yr * w4i + yi * w4r;
        // Pair symmetric inputs: the DFT of 5 then needs only real cos/sin products.
        const ar = x1r + x4r, ai = x1i + x4i;
        const br = x2r + x3r, bi = x2i + x3i;
        const cr = x1r - x4r, ci = x1i - x4i;
        const dr = x2r - x3r, di = x2i - x3i;
        const m1r = x0r + C1_5 * ar + C2_5 * br, m1i = x0i + C1_5 * ai + C2_5 * bi;
        const m2r = x0r + C2_5 * ar + C1_5 * br, m2i = x0i + C2_5 * ai + C1_5 * bi;
        const e1r = k1 * cr + k2 * dr, e1i = k1 * ci + k2 * di;
        const e2r = k2 * cr - k1 * dr, e2i = k2 * ci - k1 * di;
        dst[b] = x0r + ar + br;
        dst[b + 1] = x0i + ai + bi;
        dst[b + o1] = m1r + e1i;
        dst[b + o1 + 1] = m1i - e1r;
        dst[b + o4] = m1r - e1i;
        dst[b + o4 + 1] = m1i + e1r;
        dst[b + o2] = m2r + e2i;
        dst[b + o2 + 1] = m2i - e2r;
        dst[b + o3] = m2r - e2i;
        dst[b + o3 + 1] = m2i + e2r;
      }
    }
  }
}
