/**
 * Unrolled Stockham passes for the primes 7, 11 and 13 (1001 = 7*11*13, 143,
 * 2002, ...), where the generic odd kernel's table lookups cost ~2.5x. Same
 * scheme as pass5 in butterflies.ts (index layout documented there), written out
 * term by term:
 *
 *   x_s  = twiddle_s * input_s                      s = 1..p-1
 *   a_s  = x_s + x_(p-s),  d_s = x_s - x_(p-s)      s = 1..h, h = (p-1)/2
 *   y_0  = x_0 + sum_s a_s
 *   m_t  = x_0 + sum_s cos(2*pi*s*t/p) a_s,  e_t = sgn * sum_s sin(2*pi*s*t/p) d_s
 *   y_t  = m_t - i e_t,  y_(p-t) = m_t + i e_t       t = 1..h
 *
 * with cos/sin(2*pi*k/p) folded to k <= h (k > h flips the sine's sign).
 * Loop order: contiguous l innermost in every pass (these radices are rare
 * enough that the early-pass variant of butterflies.ts is not worth the code).
 * pass11/pass13 were written out mechanically from the formulas above.
 */

const C1_7 = Math.cos((2 * Math.PI) / 7);
const C2_7 = Math.cos((4 * Math.PI) / 7);
const C3_7 = Math.cos((6 * Math.PI) / 7);
const S1_7 = Math.sin((2 * Math.PI) / 7);
const S2_7 = Math.sin((4 * Math.PI) / 7);
const S3_7 = Math.sin((6 * Math.PI) / 7);

/** Radix 7, fully unrolled. */
export function pass7(
  src: Float64Array, dst: Float64Array, tw: Float64Array, twOff: number, L: number, rP: number, sgn: number,
): void {
  const s1 = 2 * L * rP, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1, s5 = 5 * s1, s6 = 6 * s1;
  const o1 = 2 * L, o2 = 2 * o1, o3 = 3 * o1, o4 = 4 * o1, o5 = 5 * o1, o6 = 6 * o1;
  const k1 = sgn * S1_7, k2 = sgn * S2_7, k3 = sgn * S3_7;
  for (let q = 0; q < rP; q++) {
    const aq = 2 * q * L;
    const bq = 14 * q * L;
    for (let l = 0; l < L; l++) {
      const t = twOff + 12 * l;
      const a = aq + 2 * l;
      const b = bq + 2 * l;
      const x0r = src[a], x0i = src[a + 1];
      let yr = src[a + s1], yi = src[a + s1 + 1], wr = tw[t], wi = -sgn * tw[t + 1];
      const x1r = yr * wr - yi * wi, x1i = yr * wi + yi * wr;
      yr = src[a + s2]; yi = src[a + s2 + 1]; wr = tw[t + 2]; wi = -sgn * tw[t + 3];
      const x2r = yr * wr - yi * wi, x2i = yr * wi + yi * wr;
      yr = src[a + s3]; yi = src[a + s3 + 1]; wr = tw[t + 4]; wi = -sgn * tw[t + 5];
      const x3r = yr * wr - yi * wi, x3i = yr * wi + yi * wr;
      yr = src[a + s4]; yi = src[a + s4 + 1]; wr = tw[t + 6]; wi = -sgn * tw[t + 7];
      const x4r = yr * wr - yi * wi, x4i = yr * wi + yi * wr;
      yr = src[a + s5]; yi = src[a + s5 + 1]; wr = tw[t + 8]; wi = -sgn * tw[t + 9];
      const x5r = yr * wr - yi * wi, x5i = yr * wi + yi * wr;
      yr = src[a + s6]; yi = src[a + s6 + 1]; wr = tw[t + 10]; wi = -sgn * tw[t + 11];
      const x6r = yr * wr - yi * wi, x6i = yr * wi + yi * wr;
      const a1r = x1r + x6r, a1i = x1i + x6i, d1r = x1r - x6r, d1i = x1i - x6i;
      const a2r = x2r + x5r, a2i = x2i + x5i, d2r = x2r - x5r, d2i = x2i - x5i;
      const a3r = x3r + x4r, a3i = x3i + x4i, d3r = x3r - x4r, d3i = x3i - x4i;
      const m1r = x0r + C1_7 * a1r + C2_7 * a2r + C3_7 * a3r, m1i = x0i + C1_7 * a1i + C2_7 * a2i + C3_7 * a3i;
      const m2r = x0r + C2_7 * a1r + C3_7 * a2r + C1_7 * a3r, m2i = x0i + C2_7 * a1i + C3_7 * a2i + C1_7 * a3i;
      const m3r = x0r + C3_7 * a1r + C1_7 * a2r + C2_7 * a3r, m3i = x0i + C3_7 * a1i + C1_7 * a2i + C2_7 * a3i;
      const e1r = k1 * d1r + k2 * d2r + k3 * d3r, e1i = k1 * d1i + k2 * d2i + k3 * d3i;
      const e2r = k2 * d1r - k3 * d2r - k1 * d3r, e2i = k2 * d1i - k3 * d2i - k1 * d3i;
      const e3r = k3 * d1r - k1 * d2r + k2 * d3r, e3i = k3 * d1i - k1 * d2i + k2 * d3i;
      dst[b] = x0r + a1r + a2r + a3r;
      dst[b + 1] = x0i + a1i + a2i + a3i;
      dst[b + o1] = m1r + e1i;
      dst[b + o1 + 1] = m1i - e1r;
      dst[b + o6] = m1r - e1i;
      dst[b + o6 + 1] = m1i + e1r;
      dst[b + o2] = m2r + e2i;
      dst[b + o2 + 1] = m2i - e2r;
      dst[b + o5] = m2r - e2i;
      dst[b + o5 + 1] = m2i + e2r;
      dst[b + o3] = m3r + e3i;
      dst[b + o3 + 1] = m3i - e3r;
      dst[b + o4] = m3r - e3i;
      dst[b + o4 + 1] = m3i + e3r;
    }
  }
}

const C1_11 = Math.cos((2 * Math.PI * 1) / 11);
const C2_11 = Math.cos((2 * Math.PI * 2) / 11);
const C3_11 = Math.cos((2 * Math.PI * 3) / 11);
const C4_11 = Math.cos((2 * Math.PI * 4) / 11);
const C5_11 = Math.cos((2 * Math.PI * 5) / 11);
const S1_11 = Math.sin((2 * Math.PI * 1) / 11);
const S2_11 = Math.sin((2 * Math.PI * 2) / 11);
const S3_11 = Math.sin((2 * Math.PI * 3) / 11);
const S4_11 = Math.sin((2 * Math.PI * 4) / 11);
const S5_11 = Math.sin((2 * Math.PI * 5) / 11);

/** Radix 11, fully unrolled (see the file comment for the scheme). */
export function pass11(
  src: Float64Array, dst: Float64Array, tw: Float64Array, twOff: number, L: number, rP: number, sgn: number,
): void {
  const is = 2 * L * rP;
  const os = 2 * L;
  const k1 = sgn * S1_11; const k2 = sgn * S2_11; const k3 = sgn * S3_11; const k4 = sgn * S4_11; const k5 = sgn * S5_11;
  for (let q = 0; q < rP; q++) {
    const aq = 2 * q * L;
    const bq = 22 * q * L;
    for (let l = 0; l < L; l++) {
      const t = twOff + 20 * l;
      const a = aq + 2 * l;
      const b = bq + 2 * l;
      const x0r = src[a], x0i = src[a + 1];
      let yr: number, yi: number, wr: number, wi: number;
      yr = src[a + is]; yi = src[a + is + 1]; wr = tw[t]; wi = -sgn * tw[t + 1];
      const x1r = yr * wr - yi * wi, x1i = yr * wi + yi * wr;
      yr = src[a + 2 * is]; yi = src[a + 2 * is + 1]; wr = tw[t + 2]; wi = -sgn * tw[t + 3];
      const x2r = yr * wr - yi * wi, x2i = yr * wi + yi * wr;
      yr = src[a + 3 * is]; yi = src[a + 3 * is + 1]; wr = tw[t + 4]; wi = -sgn * tw[t + 5];
      const x3r = yr * wr - yi * wi, x3i = yr * wi + yi * wr;
      yr = src[a + 4 * is]; yi = src[a + 4 * is + 1]; wr = tw[t + 6]; wi = -sgn * tw[t + 7];
      const x4r = yr * wr - yi * wi, x4i = yr * wi + yi * wr;
      yr = src[a + 5 * is]; yi = src[a + 5 * is + 1]; wr = tw[t + 8]; wi = -sgn * tw[t + 9];
      const x5r = yr * wr - yi * wi, x5i = yr * wi + yi * wr;
      yr = src[a + 6 * is]; yi = src[a + 6 * is + 1]; wr = tw[t + 10]; wi = -sgn * tw[t + 11];
      const x6r = yr * wr - yi * wi, x6i = yr * wi + yi * wr;
      yr = src[a + 7 * is]; yi = src[a + 7 * is + 1]; wr = tw[t + 12]; wi = -sgn * tw[t + 13];
      const x7r = yr * wr - yi * wi, x7i = yr * wi + yi * wr;
      yr = src[a + 8 * is]; yi = src[a + 8 * is + 1]; wr = tw[t + 14]; wi = -sgn * tw[t + 15];
      const x8r = yr * wr - yi * wi, x8i = yr * wi + yi * wr;
      yr = src[a + 9 * is]; yi = src[a + 9 * is + 1]; wr = tw[t + 16]; wi = -sgn * tw[t + 17];
      const x9r = yr * wr - yi * wi, x9i = yr * wi + yi * wr;
      yr = src[a + 10 * is]; yi = src[a + 10 * is + 1]; wr = tw[t + 18]; wi = -sgn * tw[t + 19];
      const x10r = yr * wr - yi * wi, x10i = yr * wi + yi * wr;
      const a1r = x1r + x10r, a1i = x1i + x10i, d1r = x1r - x10r, d1i = x1i - x10i;
      const a2r = x2r + x9r, a2i = x2i + x9i, d2r = x2r - x9r, d2i = x2i - x9i;
      const a3r = x3r + x8r, a3i = x3i + x8i, d3r = x3r - x8r, d3i = x3i - x8i;
      const a4r = x4r + x7r, a4i = x4i + x7i, d4r = x4r - x7r, d4i = x4i - x7i;
      const a5r = x5r + x6r, a5i = x5i + x6i, d5r = x5r - x6r, d5i = x5i - x6i;
      dst[b] = x0r + a1r + a2r + a3r + a4r + a5r;
      dst[b + 1] = x0i + a1i + a2i + a3i + a4i + a5i;
      const m1r = x0r + C1_11 * a1r + C2_11 * a2r + C3_11 * a3r + C4_11 * a4r + C5_11 * a5r;
      const m1i = x0i + C1_11 * a1i + C2_11 * a2i + C3_11 * a3i + C4_11 * a4i + C5_11 * a5i;
      const e1r = k1 * d1r + k2 * d2r + k3 * d3r + k4 * d4r + k5 * d5r;
      const e1i = k1 * d1i + k2 * d2i + k3 * d3i + k4 * d4i + k5 * d5i;
      dst[b + os] = m1r + e1i; dst[b + os + 1] = m1i - e1r;
      dst[b + 10 * os] = m1r - e1i; dst[b + 10 * os + 1] = m1i + e1r;
      const m2r = x0r + C2_11 * a1r + C4_11 * a2r + C5_11 * a3r + C3_11 * a4r + C1_11 * a5r;
      const m2i = x0i + C2_11 * a1i + C4_11 * a2i + C5_11 * a3i + C3_11 * a4i + C1_11 * a5i;
      const e2r = k2 * d1r + k4 * d2r - k5 * d3r - k3 * d4r - k1 * d5r;
      const e2i = k2 * d1i + k4 * d2i - k5 * d3i - k3 * d4i - k1 * d5i;
      dst[b + 2 * os] = m2r + e2i; dst[b + 2 * os + 1] = m2i - e2r;
      dst[b + 9 * os] = m2r - e2i; dst[b + 9 * os + 1] = m2i + e2r;
      const m3r = x0r + C3_11 * a1r + C5_11 * a2r + C2_11 * a3r + C1_11 * a4r + C4_11 * a5r;
      const m3i = x0i + C3_11 * a1i + C5_11 * a2i + C2_11 * a3i + C1_11 * a4i + C4_11 * a5i;
      const e3r = k3 * d1r - k5 * d2r - k2 * d3r + k1 * d4r + k4 * d5r;
      const e3i = k3 * d1i - k5 * d2i - k2 * d3i + k1 * d4i + k4 * d5i;
      dst[b + 3 * os] = m3r + e3i; dst[b + 3 * os + 1] = m3i - e3r;
      dst[b + 8 * os] = m3r - e3i; dst[b + 8 * os + 1] = m3i + e3r;
      const m4r = x0r + C4_11 * a1r + C3_11 * a2r + C1_11 * a3r + C5_11 * a4r + C2_11 * a5r;
      const m4i = x0i + C4_11 * a1i + C3_11 * a2i + C1_11 * a3i + C5_11 * a4i + C2_11 * a5i;
      const e4r = k4 * d1r - k3 * d2r + k1 * d3r + k5 * d4r - k2 * d5r;
      const e4i = k4 * d1i - k3 * d2i + k1 * d3i + k5 * d4i - k2 * d5i;
      dst[b + 4 * os] = m4r + e4i; dst[b + 4 * os + 1] = m4i - e4r;
      dst[b + 7 * os] = m4r - e4i; dst[b + 7 * os + 1] = m4i + e4r;
      const m5r = x0r + C5_11 * a1r + C1_11 * a2r + C4_11 * a3r + C2_11 * a4r + C3_11 * a5r;
      const m5i = x0i + C5_11 * a1i + C1_11 * a2i + C4_11 * a3i + C2_11 * a4i + C3_11 * a5i;
      const e5r = k5 * d1r - k1 * d2r + k4 * d3r - k2 * d4r + k3 * d5r;
      const e5i = k5 * d1i - k1 * d2i + k4 * d3i - k2 * d4i + k3 * d5i;
      dst[b + 5 * os] = m5r + e5i; dst[b + 5 * os + 1] = m5i - e5r;
      dst[b + 6 * os] = m5r - e5i; dst[b + 6 * os + 1] = m5i + e5r;
    }
  }
}

const C1_13 = Math.cos((2 * Math.PI * 1) / 13);
const C2_13 = Math.cos((2 * Math.PI * 2) / 13);
const C3_13 = Math.cos((2 * Math.PI * 3) / 13);
const C4_13 = Math.cos((2 * Math.PI * 4) / 13);
const C5_13 = Math.cos((2 * Math.PI * 5) / 13);
const C6_13 = Math.cos((2 * Math.PI * 6) / 13);
const S1_13 = Math.sin((2 * Math.PI * 1) / 13);
const S2_13 = Math.sin((2 * Math.PI * 2) / 13);
const S3_13 = Math.sin((2 * Math.PI * 3) / 13);
const S4_13 = Math.sin((2 * Math.PI * 4) / 13);
const S5_13 = Math.sin((2 * Math.PI * 5) / 13);
const S6_13 = Math.sin((2 * Math.PI * 6) / 13);

/** Radix 13, fully unrolled (see the file comment for the scheme). */
export function pass13(
  src: Float64Array, dst: Float64Array, tw: Float64Array, twOff: number, L: number, rP: number, sgn: number,
): void {
  const is = 2 * L * rP;
  const os = 2 * L;
  const k1 = sgn * S1_13; const k2 = sgn * S2_13; const k3 = sgn * S3_13; const k4 = sgn * S4_13; const k5 = sgn * S5_13; const k6 = sgn * S6_13;
  for (let q = 0; q < rP; q++) {
    const aq = 2 * q * L;
    const bq = 26 * q * L;
    for (let l = 0; l < L; l++) {
      const t = twOff + 24 * l;
      const a = aq + 2 * l;
      const b = bq + 2 * l;
      const x0r = src[a], x0i = src[a + 1];
      let yr: number, yi: number, wr: number, wi: number;
      yr = src[a + is]; yi = src[a + is + 1]; wr = tw[t]; wi = -sgn * tw[t + 1];
      const x1r = yr * wr - yi * wi, x1i = yr * wi + yi * wr;
      yr = src[a + 2 * is]; yi = src[a + 2 * is + 1]; wr = tw[t + 2]; wi = -sgn * tw[t + 3];
      const x2r = yr * wr - yi * wi, x2i = yr * wi + yi * wr;
      yr = src[a + 3 * is]; yi = src[a + 3 * is + 1]; wr = tw[t + 4]; wi = -sgn * tw[t + 5];
      const x3r = yr * wr - yi * wi, x3i = yr * wi + yi * wr;
      yr = src[a + 4 * is]; yi = src[a + 4 * is + 1]; wr = tw[t + 6]; wi = -sgn * tw[t + 7];
      const x4r = yr * wr - yi * wi, x4i = yr * wi + yi * wr;
      yr = src[a + 5 * is]; yi = src[a + 5 * is + 1]; wr = tw[t + 8]; wi = -sgn * tw[t + 9];
      const x5r = yr * wr - yi * wi, x5i = yr * wi + yi * wr;
      yr = src[a + 6 * is]; yi = src[a + 6 * is + 1]; wr = tw[t + 10]; wi = -sgn * tw[t + 11];
      const x6r = yr * wr - yi * wi, x6i = yr * wi + yi * wr;
      yr = src[a + 7 * is]; yi = src[a + 7 * is + 1]; wr = tw[t + 12]; wi = -sgn * tw[t + 13];
      const x7r = yr * wr - yi * wi, x7i = yr * wi + yi * wr;
      yr = src[a + 8 * is]; yi = src[a + 8 * is + 1]; wr = tw[t + 14]; wi = -sgn * tw[t + 15];
      const x8r = yr * wr - yi * wi, x8i = yr * wi + yi * wr;
      yr = src[a + 9 * is]; yi = src[a + 9 * is + 1]; wr = tw[t + 16]; wi = -sgn * tw[t + 17];
      const x9r = yr * wr - yi * wi, x9i = yr * wi + yi * wr;
      yr = src[a + 10 * is]; yi = src[a + 10 * is + 1]; wr = tw[t + 18]; wi = -sgn * tw[t + 19];
      const x10r = yr * wr - yi * wi, x10i = yr * wi + yi * wr;
      yr = src[a + 11 * is]; yi = src[a + 11 * is + 1]; wr = tw[t + 20]; wi = -sgn * tw[t + 21];
      const x11r = yr * wr - yi * wi, x11i = yr * wi + yi * wr;
      yr = src[a + 12 * is]; yi = src[a + 12 * is + 1]; wr = tw[t + 22]; wi = -sgn * tw[t + 23];
      const x12r = yr * wr - yi * wi, x12i = yr * wi + yi * wr;
      const a1r = x1r + x12r, a1i = x1i + x12i, d1r = x1r - x12r, d1i = x1i - x12i;
      const a2r = x2r + x11r, a2i = x2i + x11i, d2r = x2r - x11r, d2i = x2i - x11i;
      const a3r = x3r + x10r, a3i = x3i + x10i, d3r = x3r - x10r, d3i = x3i - x10i;
      const a4r = x4r + x9r, a4i = x4i + x9i, d4r = x4r - x9r, d4i = x4i - x9i;
      const a5r = x5r + x8r, a5i = x5i + x8i, d5r = x5r - x8r, d5i = x5i - x8i;
      const a6r = x6r + x7r, a6i = x6i + x7i, d6r = x6r - x7r, d6i = x6i - x7i;
      dst[b] = x0r + a1r + a2r + a3r + a4r + a5r + a6r;
      dst[b + 1] = x0i + a1i + a2i + a3i + a4i + a5i + a6i;
      const m1r = x0r + C1_13 * a1r + C2_13 * a2r + C3_13 * a3r + C4_13 * a4r + C5_13 * a5r + C6_13 * a6r;
      const m1i = x0i + C1_13 * a1i + C2_13 * a2i + C3_13 * a3i + C4_13 * a4i + C5_13 * a5i + C6_13 * a6i;
      const e1r = k1 * d1r + k2 * d2r + k3 * d3r + k4 * d4r + k5 * d5r + k6 * d6r;
      const e1i = k1 * d1i + k2 * d2i + k3 * d3i + k4 * d4i + k5 * d5i + k6 * d6i;
      dst[b + os] = m1r + e1i; dst[b + os + 1] = m1i - e1r;
      dst[b + 12 * os] = m1r - e1i; dst[b + 12 * os + 1] = m1i + e1r;
      const m2r = x0r + C2_13 * a1r + C4_13 * a2r + C6_13 * a3r + C5_13 * a4r + C3_13 * a5r + C1_13 * a6r;
      const m2i = x0i + C2_13 * a1i + C4_13 * a2i + C6_13 * a3i + C5_13 * a4i + C3_13 * a5i + C1_13 * a6i;
      const e2r = k2 * d1r + k4 * d2r + k6 * d3r - k5 * d4r - k3 * d5r - k1 * d6r;
      const e2i = k2 * d1i + k4 * d2i + k6 * d3i - k5 * d4i - k3 * d5i - k1 * d6i;
      dst[b + 2 * os] = m2r + e2i; dst[b + 2 * os + 1] = m2i - e2r;
      dst[b + 11 * os] = m2r - e2i; dst[b + 11 * os + 1] = m2i + e2r;
      const m3r = x0r + C3_13 * a1r + C6_13 * a2r + C4_13 * a3r + C1_13 * a4r + C2_13 * a5r + C5_13 * a6r;
      const m3i = x0i + C3_13 * a1i + C6_13 * a2i + C4_13 * a3i + C1_13 * a4i + C2_13 * a5i + C5_13 * a6i;
      const e3r = k3 * d1r + k6 * d2r - k4 * d3r - k1 * d4r + k2 * d5r + k5 * d6r;
      const e3i = k3 * d1i + k6 * d2i - k4 * d3i - k1 * d4i + k2 * d5i + k5 * d6i;
      dst[b + 3 * os] = m3r + e3i; dst[b + 3 * os + 1] = m3i - e3r;
      dst[b + 10 * os] = m3r - e3i; dst[b + 10 * os + 1] = m3i + e3r;
      const m4r = x0r + C4_13 * a1r + C5_13 * a2r + C1_13 * a3r + C3_13 * a4r + C6_13 * a5r + C2_13 * a6r;
      const m4i = x0i + C4_13 * a1i + C5_13 * a2i + C1_13 * a3i + C3_13 * a4i + C6_13 * a5i + C2_13 * a6i;
      const e4r = k4 * d1r - k5 * d2r - k1 * d3r + k3 * d4r - k6 * d5r - k2 * d6r;
      const e4i = k4 * d1i - k5 * d2i - k1 * d3i + k3 * d4i - k6 * d5i - k2 * d6i;
      dst[b + 4 * os] = m4r + e4i; dst[b + 4 * os + 1] = m4i - e4r;
      dst[b + 9 * os] = m4r - e4i; dst[b + 9 * os + 1] = m4i + e4r;
      const m5r = x0r + C5_13 * a1r + C3_13 * a2r + C2_13 * a3r + C6_13 * a4r + C1_13 * a5r + C4_13 * a6r;
      const m5i = x0i + C5_13 * a1i + C3_13 * a2i + C2_13 * a3i + C6_13 * a4i + C1_13 * a5i + C4_13 * a6i;
      const e5r = k5 * d1r - k3 * d2r + k2 * d3r - k6 * d4r - k1 * d5r + k4 * d6r;
      const e5i = k5 * d1i - k3 * d2i + k2 * d3i - k6 * d4i - k1 * d5i + k4 * d6i;
      dst[b + 5 * os] = m5r + e5i; dst[b + 5 * os + 1] = m5i - e5r;
      dst[b + 8 * os] = m5r - e5i; dst[b + 8 * os + 1] = m5i + e5r;
      const m6r = x0r + C6_13 * a1r + C1_13 * a2r + C5_13 * a3r + C2_13 * a4r + C4_13 * a5r + C3_13 * a6r;
      const m6i = x0i + C6_13 * a1i + C1_13 * a2i + C5_13 * a3i + C2_13 * a4i + C4_13 * a5i + C3_13 * a6i;
      const e6r = k6 * d1r - k1 * d2r + k5 * d3r - k2 * d4r + k4 * d5r - k3 * d6r;
      const e6i = k6 * d1i - k1 * d2i + k5 * d3i - k2 * d4i + k4 * d5i - k3 * d6i;
      dst[b + 6 * os] = m6r + e6i; dst[b + 6 * os + 1] = m6i - e6r;
      dst[b + 7 * os] = m6r - e6i; dst[b + 7 * os + 1] = m6i + e6r;
    }
  }
}
