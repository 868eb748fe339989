// The per-frequency matrix work of Wilson's spectral factorisation (the iteration itself, the
// [.]_+ transforms and the bookkeeping are in src/math/wilson.ts; this module is its wasm path,
// driven by src/connectivity/wilsonWasm.ts). Two kernels, each over all F frequencies:
//
//   gStep:      g(f) = (psi^-1 U)(psi^-1 U)^H + I, upper triangle, written entry-major to gT
//               (LU with partial pivoting of psi(f), pivots by |re| + |im| as LAPACK, then the two
//               triangular solves with the C columns of U(f) as right-hand sides);
//   updateStep: next(f) = psi(f) M(f) with M = gp + Sm (gp entry-major, Sm real), and the maximal
//               relative error |S - next next^H| / |S| (squared ratios; NaN if any is NaN).
//
// Matrices are complex float64, interleaved, row-major: entry (i, j) at base + 16 (i C + j), one
// v128 each. A complex multiply-accumulate a * b is two multiplies and two adds with no shuffle:
// the right operand is packed as c = (br, bi), w = (-bi, br) (or, for a * conj(b), c = (br, -bi),
// w = (bi, br)) and a's parts are splatted: acc += ar * c + ai * w. Rows are computed in blocks of
// four columns, whose sums stay in registers over the inner dimension.
//
// Buffers are laid out by the TypeScript side and passed as byte offsets; nothing here allocates.

import { complexSums4 } from "./lib/complexSums";

// work layout (bytes, M = 16 C^2): lu [0, M), packed X / Y [M, 3M), plain Y [3M, 4M), conj-packed
// Y or next [4M, 6M), packed update matrix [6M, 8M), 1 / pivots (16 C), permutation (4 C), then
// 64-byte aligned: eight sums (128) and one plain row (16 C)
// @ts-ignore: decorator
@inline function mat(C: i32): usize { return <usize>C * <usize>C << 4; }

// @ts-ignore: decorator
@inline function tmpAt(work: usize, C: i32): usize {
  return (work + 8 * mat(C) + (<usize>C << 4) + (<usize>C << 2) + 63) & ~(<usize>63);
}

export function workBytes(C: i32): usize {
  return 8 * mat(C) + (<usize>C << 4) + (<usize>C << 2) + 63 + 128 + (<usize>C << 4);
}

// @ts-ignore: decorator
@inline function packPlain(dst: usize, re: f64, im: f64): void {
  v128.store(dst, f64x2.replace_lane(f64x2.splat(re), 1, im));
  v128.store(dst, f64x2.replace_lane(f64x2.splat(-im), 1, re), 16);
}

// @ts-ignore: decorator
@inline function packConj(dst: usize, re: f64, im: f64): void {
  v128.store(dst, f64x2.replace_lane(f64x2.splat(re), 1, -im));
  v128.store(dst, f64x2.replace_lane(f64x2.splat(im), 1, re), 16);
}

/**
 * Four sums over k in [k0, k1): s_q = sum_k A[k] * B(k, j0 + q), A[k] at a + 16 k (plain), B(k, j)
 * packed at b + k * bk + 32 j. Stored as four v128 at out.
 */
// @ts-ignore: decorator
@inline function sums4(a: usize, b: usize, bk: usize, k0: i32, k1: i32, out: usize): void {
  complexSums4(a + (<usize>k0 << 4), 16, b + <usize>k0 * bk, bk, k1 - k0, out);
}

/**
 * Eight sums over k in [k0, k1): rows a and a + ra (plain) times columns j0 .. j0 + 3 of B (packed,
 * as in sums4), stored as eight v128 at out (row r, column q at out + 16 (4 r + q)). Two sums4
 * passes, one row each: a two-row loop holds 8 sums + 4 splats + 2 column vectors, more than V8's
 * 15 usable xmm registers, and V8 kept four of its sums on the stack through the loop, a
 * loop-carried stack slot whose speed depends on the calling frames (lib/complexSums.ts). Each sum
 * is formed in the same order either way: same bits.
 */
// @ts-ignore: decorator
@inline function sums8(a: usize, ra: usize, b: usize, bk: usize, k0: i32, k1: i32, out: usize): void {
  sums4(a, b, bk, k0, k1, out);
  sums4(a + ra, b, bk, k0, k1, out + 64);
}

/** Eight sums over k in [k0, k1): row a (plain) times columns j0 .. j0 + 7 of B (packed); eight v128 at out. */
// @ts-ignore: decorator
@inline function sums8c(a: usize, b: usize, bk: usize, k0: i32, k1: i32, out: usize): void {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  let s4 = f64x2.splat(0), s5 = f64x2.splat(0), s6 = f64x2.splat(0), s7 = f64x2.splat(0);
  let pa = a + (<usize>k0 << 4), pb = b + <usize>k0 * bk;
  for (let k = k0; k < k1; k++) {
    const r = v128.load64_splat(pa), i = v128.load64_splat(pa, 8);
    s0 = f64x2.add(s0, f64x2.add(f64x2.mul(r, v128.load(pb)), f64x2.mul(i, v128.load(pb, 16))));
    s1 = f64x2.add(s1, f64x2.add(f64x2.mul(r, v128.load(pb, 32)), f64x2.mul(i, v128.load(pb, 48))));
    s2 = f64x2.add(s2, f64x2.add(f64x2.mul(r, v128.load(pb, 64)), f64x2.mul(i, v128.load(pb, 80))));
    s3 = f64x2.add(s3, f64x2.add(f64x2.mul(r, v128.load(pb, 96)), f64x2.mul(i, v128.load(pb, 112))));
    s4 = f64x2.add(s4, f64x2.add(f64x2.mul(r, v128.load(pb, 128)), f64x2.mul(i, v128.load(pb, 144))));
    s5 = f64x2.add(s5, f64x2.add(f64x2.mul(r, v128.load(pb, 160)), f64x2.mul(i, v128.load(pb, 176))));
    s6 = f64x2.add(s6, f64x2.add(f64x2.mul(r, v128.load(pb, 192)), f64x2.mul(i, v128.load(pb, 208))));
    s7 = f64x2.add(s7, f64x2.add(f64x2.mul(r, v128.load(pb, 224)), f64x2.mul(i, v128.load(pb, 240))));
    pa += 16;
    pb += bk;
  }
  v128.store(out, s0); v128.store(out, s1, 16); v128.store(out, s2, 32); v128.store(out, s3, 48);
  v128.store(out, s4, 64); v128.store(out, s5, 80); v128.store(out, s6, 96); v128.store(out, s7, 112);
}

/** One sum over k in [k0, k1): sum_k A[k] * B(k), A at a + 16 k, B packed at b + k * bk. */
// @ts-ignore: decorator
@inline function sum1(a: usize, b: usize, bk: usize, k0: i32, k1: i32): v128 {
  let s = f64x2.splat(0);
  let pa = a + (<usize>k0 << 4), pb = b + <usize>k0 * bk;
  for (let k = k0; k < k1; k++) {
    s = f64x2.add(s, f64x2.add(f64x2.mul(v128.load64_splat(pa), v128.load(pb)), f64x2.mul(v128.load64_splat(pa, 8), v128.load(pb, 16))));
    pa += 16;
    pb += bk;
  }
  return s;
}

/**
 * out row (C values, plain at o) = base row (plain at c, or zero when c == 0) - sign * sum_k A[k] * B(k, :)
 * over k in [k0, k1), B packed with rows of C entries (bk = 32 C). sign = 1: subtract; sign = 0: store the sums.
 */
function rowProduct(a: usize, b: usize, C: i32, k0: i32, k1: i32, c: usize, subtract: bool, o: usize, tmp: usize): void {
  const bk = <usize>C << 5;
  let j = 0;
  for (; j + 8 <= C; j += 8) {
    sums8c(a, b + (<usize>j << 5), bk, k0, k1, tmp);
    for (let q = 0; q < 8; q++) {
      const s = v128.load(tmp + (<usize>q << 4));
      const at = o + (<usize>(j + q) << 4);
      v128.store(at, subtract ? f64x2.sub(v128.load(c + (<usize>(j + q) << 4)), s) : s);
    }
  }
  for (; j + 4 <= C; j += 4) {
    sums4(a, b + (<usize>j << 5), bk, k0, k1, tmp);
    for (let q = 0; q < 4; q++) {
      const s = v128.load(tmp + (<usize>q << 4));
      const at = o + (<usize>(j + q) << 4);
      v128.store(at, subtract ? f64x2.sub(v128.load(c + (<usize>(j + q) << 4)), s) : s);
    }
  }
  for (; j < C; j++) {
    const s = sum1(a, b + (<usize>j << 5), bk, k0, k1);
    const at = o + (<usize>j << 4);
    v128.store(at, subtract ? f64x2.sub(v128.load(c + (<usize>j << 4)), s) : s);
  }
}

/** g(f) for every f: see the header. psi, U: [F, C, C]; gT: entry-major [C C, F]. */
export function gStep(psi: usize, U: usize, F: i32, C: i32, gT: usize, work: usize): void {
  const M = mat(C);
  const lu = work, X = work + M, Y = work + 3 * M, Yc = work + 4 * M, rinv = work + 8 * M;
  const perm = rinv + (<usize>C << 4), tmp = tmpAt(work, C);
  const row = <usize>C << 4, prow = <usize>C << 5;
  const fStride = <usize>F << 4;
  for (let f = 0; f < F; f++) {
    const base = psi + <usize>f * M, ub = U + <usize>f * M;
    memory.copy(lu, base, M);
    for (let i = 0; i < C; i++) store<i32>(perm + (<usize>i << 2), i);
    // LU with partial pivoting; multipliers below the diagonal
    for (let k = 0; k < C; k++) {
      let p = k, best: f64 = -1;
      for (let i = k; i < C; i++) {
        const o = lu + <usize>i * row + (<usize>k << 4);
        const m = Math.abs(load<f64>(o)) + Math.abs(load<f64>(o, 8));
        if (m > best) { best = m; p = i; }
      }
      if (p != k) {
        const ra = lu + <usize>p * row, rb = lu + <usize>k * row;
        for (let x = 0; x < C; x++) {
          const t = v128.load(ra + (<usize>x << 4));
          v128.store(ra + (<usize>x << 4), v128.load(rb + (<usize>x << 4)));
          v128.store(rb + (<usize>x << 4), t);
        }
        const t = load<i32>(perm + (<usize>p << 2));
        store<i32>(perm + (<usize>p << 2), load<i32>(perm + (<usize>k << 2)));
        store<i32>(perm + (<usize>k << 2), t);
      }
      const rk = lu + <usize>k * row;
      const pr = load<f64>(rk + (<usize>k << 4)), pi = load<f64>(rk + (<usize>k << 4), 8);
      const den = pr * pr + pi * pi;
      const ir = pr / den, ii = -pi / den;
      store<f64>(rinv + (<usize>k << 4), ir);
      store<f64>(rinv + (<usize>k << 4), ii, 8);
      for (let i = k + 1; i < C; i++) {
        const ri = lu + <usize>i * row;
        const ar = load<f64>(ri + (<usize>k << 4)), ai = load<f64>(ri + (<usize>k << 4), 8);
        const lr = ar * ir - ai * ii, li = ar * ii + ai * ir;
        store<f64>(ri + (<usize>k << 4), lr);
        store<f64>(ri + (<usize>k << 4), li, 8);
        if (lr == 0 && li == 0) continue;
        // row_i -= l * row_k: l * b = lr * (br, bi) + (-li, li) * (bi, br)
        const vr = f64x2.splat(lr), vi = f64x2.replace_lane(f64x2.splat(-li), 1, li);
        for (let j = k + 1; j < C; j++) {
          const b = v128.load(rk + (<usize>j << 4));
          const sw = v128.shuffle<f64>(b, b, 1, 0);
          const at = ri + (<usize>j << 4);
          v128.store(at, f64x2.sub(v128.load(at), f64x2.add(f64x2.mul(vr, b), f64x2.mul(vi, sw))));
        }
      }
    }
    // forward: L X = P U (rows of X, packed as the right operand of a plain product)
    const tmpRow = tmp + 128; // C plain values
    for (let i = 0; i < C; i++) {
      rowProduct(lu + <usize>i * row, X, C, 0, i, ub + <usize>load<i32>(perm + (<usize>i << 2)) * row, true, tmpRow, tmp);
      const px = X + <usize>i * prow;
      for (let j = 0; j < C; j++) {
        const o = tmpRow + (<usize>j << 4);
        packPlain(px + (<usize>j << 5), load<f64>(o), load<f64>(o, 8));
      }
    }
    // backward: R Y = X (Y plain and packed; the packed rows of X are overwritten from the bottom)
    for (let i = C - 1; i >= 0; i--) {
      // the row of X, back to plain values in Y's row i
      const yi = Y + <usize>i * row, px = X + <usize>i * prow;
      for (let j = 0; j < C; j++) v128.store(yi + (<usize>j << 4), v128.load(px + (<usize>j << 5)));
      rowProduct(lu + <usize>i * row, X, C, i + 1, C, yi, true, yi, tmp);
      const ir = load<f64>(rinv + (<usize>i << 4)), ii = load<f64>(rinv + (<usize>i << 4), 8);
      for (let j = 0; j < C; j++) {
        const o = yi + (<usize>j << 4);
        const sr = load<f64>(o), si = load<f64>(o, 8);
        const yr = sr * ir - si * ii, yim = sr * ii + si * ir;
        store<f64>(o, yr);
        store<f64>(o, yim, 8);
        packPlain(px + (<usize>j << 5), yr, yim);
      }
    }
    // g = Y Y^H + I (upper triangle): conj-pack Y transposed, Yc(k, j) = conj-pack of Y[j, k]
    for (let j = 0; j < C; j++) {
      for (let k = 0; k < C; k++) {
        const o = Y + <usize>j * row + (<usize>k << 4);
        packConj(Yc + <usize>k * prow + (<usize>j << 5), load<f64>(o), load<f64>(o, 8));
      }
    }
    for (let i = 0; i < C; i += 2) {
      const yi = Y + <usize>i * row;
      const pair = i + 1 < C;
      for (let j = i & ~3; j < C; j += 4) {
        const n4 = j + 4 <= C ? 4 : C - j;
        if (n4 == 4 && pair) sums8(yi, row, Yc + (<usize>j << 5), prow, 0, C, tmp);
        else {
          for (let q = 0; q < n4; q++) {
            v128.store(tmp + (<usize>q << 4), sum1(yi, Yc + (<usize>(j + q) << 5), prow, 0, C));
            if (pair) v128.store(tmp + (<usize>(q + 4) << 4), sum1(yi + row, Yc + (<usize>(j + q) << 5), prow, 0, C));
          }
        }
        const nr = pair ? 2 : 1;
        for (let r = 0; r < nr; r++) {
          const ii = i + r;
          for (let q = 0; q < n4; q++) {
            const jj = j + q;
            if (jj < ii) continue;
            let v = v128.load(tmp + (<usize>(4 * r + q) << 4));
            if (jj == ii) v = f64x2.replace_lane(f64x2.splat(f64x2.extract_lane(v, 0) + 1), 1, 0);
            v128.store(gT + <usize>(ii * C + jj) * fStride + (<usize>f << 4), v);
          }
        }
      }
    }
  }
}

/**
 * The running maximum err2 updated with the squared relative errors of entries (i, j) and (j, i)
 * of S (at sb) against the Hermitian product whose (i, j) entry is s (its (j, i) entry is the
 * conjugate); NaN once any ratio is NaN.
 */
// @ts-ignore: decorator
@inline function relErr2(sb: usize, row: usize, i: i32, j: i32, s: v128, err2: f64): f64 {
  const fr = f64x2.extract_lane(s, 0), fi = f64x2.extract_lane(s, 1);
  const o = sb + <usize>i * row + (<usize>j << 4);
  const a = load<f64>(o), b = load<f64>(o, 8), dr = a - fr, di = b - fi;
  let m = ratioMax(dr * dr + di * di, a * a + b * b, err2);
  if (i == j) return m;
  const ot = sb + <usize>j * row + (<usize>i << 4);
  const c = load<f64>(ot), d = load<f64>(ot, 8), er = c - fr, ei = d + fi;
  return ratioMax(er * er + ei * ei, c * c + d * d, m);
}

/** max(m, num / den), NaN if num / den is NaN (or m is); divides only when the ratio is the new maximum. */
// @ts-ignore: decorator
@inline function ratioMax(num: f64, den: f64, m: f64): f64 {
  if (den > 0 && num == num) return num > m * den ? num / den : m;
  const r = num / den; // den 0 or NaN: Infinity or NaN, as numpy
  return r != r || m != m ? NaN : (r > m ? r : m);
}

/**
 * next(f) = psi(f) (gp(f) + Sm) for every f, and max |S - next next^H|^2 / |S|^2 (NaN if any ratio
 * is NaN), over every entry (full != 0) or over the diagonal only (a lower bound, C^2 instead of
 * C^3 / 2 work per frequency). g, gp: entry-major [C C, F], gp given for i <= j; skew: real [C, C].
 */
export function updateStep(psi: usize, next: usize, gT: usize, gpT: usize, skew: usize, S: usize, F: i32, C: i32, work: usize, full: i32): f64 {
  const M = mat(C);
  const Nc = work + 4 * M, Mp = work + 6 * M;
  const tmp = tmpAt(work, C);
  const row = <usize>C << 4, prow = <usize>C << 5;
  const fStride = <usize>F << 4;
  let err2: f64 = 0;
  for (let f = 0; f < F; f++) {
    const pb = psi + <usize>f * M, nb = next + <usize>f * M, sb = S + <usize>f * M;
    // M = gp + Sm, packed (k, j) for the plain product; gp below the diagonal from the upper
    // entry: gp_kj = conj(g_jk - gp_jk), g's imaginary part dropped at the first and last bin
    const edge = f == 0 || f == F - 1;
    for (let k = 0; k < C; k++) {
      for (let j = 0; j < C; j++) {
        const e = k * C + j;
        const sk = load<f64>(skew + (<usize>e << 3));
        if (k <= j) {
          const g = gpT + <usize>e * fStride + (<usize>f << 4);
          packPlain(Mp + <usize>k * prow + (<usize>j << 5), load<f64>(g) + sk, load<f64>(g, 8));
        } else {
          const o = <usize>(j * C + k) * fStride + (<usize>f << 4);
          const pr = load<f64>(gpT + o), pi = load<f64>(gpT + o, 8);
          const gr = load<f64>(gT + o), gi = load<f64>(gT + o, 8);
          packPlain(Mp + <usize>k * prow + (<usize>j << 5), gr - pr + sk, edge ? pi : pi - gi);
        }
      }
    }
    // next = psi M, two rows at a time (blocks of 2 x 4 sums)
    let i0 = 0;
    for (; i0 + 2 <= C && C >= 4; i0 += 2) {
      const a = pb + <usize>i0 * row, o = nb + <usize>i0 * row;
      let j = 0;
      for (; j + 4 <= C; j += 4) {
        sums8(a, row, Mp + (<usize>j << 5), prow, 0, C, tmp);
        for (let q = 0; q < 4; q++) {
          v128.store(o + (<usize>(j + q) << 4), v128.load(tmp + (<usize>q << 4)));
          v128.store(o + row + (<usize>(j + q) << 4), v128.load(tmp + (<usize>(q + 4) << 4)));
        }
      }
      for (; j < C; j++) {
        v128.store(o + (<usize>j << 4), sum1(a, Mp + (<usize>j << 5), prow, 0, C));
        v128.store(o + row + (<usize>j << 4), sum1(a + row, Mp + (<usize>j << 5), prow, 0, C));
      }
    }
    for (; i0 < C; i0++) rowProduct(pb + <usize>i0 * row, Mp, C, 0, C, 0, false, nb + <usize>i0 * row, tmp);
    if (full) err2 = errFrequency(nb, sb, C, Nc, tmp, err2);
    else {
      // the diagonal only: a lower bound of the maximum, enough to see that it is not converged
      for (let i = 0; i < C; i++) {
        const ni = nb + <usize>i * row;
        let d: f64 = 0;
        for (let k = 0; k < C; k++) {
          const re = load<f64>(ni + (<usize>k << 4)), im = load<f64>(ni + (<usize>k << 4), 8);
          d += re * re + im * im;
        }
        err2 = relErr2(sb, row, i, i, f64x2.replace_lane(f64x2.splat(d), 1, 0), err2);
      }
    }
  }
  return err2;
}

/** err2 updated with every entry of one frequency: next (at nb) next^H against S (at sb). */
function errFrequency(nb: usize, sb: usize, C: i32, Nc: usize, tmp: usize, err2: f64): f64 {
  const row = <usize>C << 4, prow = <usize>C << 5;
  // next next^H, upper triangle: conj-pack next transposed, Nc(k, j) = conj-pack of next[j, k]
  for (let j = 0; j < C; j++) {
    for (let k = 0; k < C; k++) {
      const o = nb + <usize>j * row + (<usize>k << 4);
      packConj(Nc + <usize>k * prow + (<usize>j << 5), load<f64>(o), load<f64>(o, 8));
    }
  }
  // rows in pairs (i, i + 1) from the block holding column i (even i: i + 1 is in the same block)
  for (let i = 0; i < C; i += 2) {
    const ni = nb + <usize>i * row;
    const pair = i + 1 < C;
    for (let j = i & ~3; j < C; j += 4) {
      const n4 = j + 4 <= C ? 4 : C - j;
      if (n4 == 4 && pair) sums8(ni, row, Nc + (<usize>j << 5), prow, 0, C, tmp);
      else {
        for (let q = 0; q < n4; q++) {
          v128.store(tmp + (<usize>q << 4), sum1(ni, Nc + (<usize>(j + q) << 5), prow, 0, C));
          if (pair) v128.store(tmp + (<usize>(q + 4) << 4), sum1(ni + row, Nc + (<usize>(j + q) << 5), prow, 0, C));
        }
      }
      const nr = pair ? 2 : 1;
      for (let r = 0; r < nr; r++) {
        const ii = i + r;
        for (let q = 0; q < n4; q++) {
          const jj = j + q;
          if (jj < ii) continue;
          err2 = relErr2(sb, row, ii, jj, v128.load(tmp + (<usize>(4 * r + q) << 4)), err2);
        }
      }
    }
  }
  return err2;
}

/** max |S - next next^H|^2 / |S|^2 over every entry and frequency (NaN if any ratio is NaN). */
export function errStep(next: usize, S: usize, F: i32, C: i32, work: usize): f64 {
  const M = mat(C);
  const Nc = work + 4 * M, tmp = tmpAt(work, C);
  let err2: f64 = 0;
  for (let f = 0; f < F; f++) err2 = errFrequency(next + <usize>f * M, S + <usize>f * M, C, Nc, tmp, err2);
  return err2;
}

/** First byte after the module's static data: the TypeScript side lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}
