/**
 * Eigenvalues of small dense complex Hermitian matrices, and the 2-norm condition numbers that
 * follow from them (numpy.linalg.cond(A) = s_max / s_min, and for a Hermitian matrix the singular
 * values are the moduli of its eigenvalues).
 *
 * Householder reduction to a real symmetric tridiagonal matrix (each reflector chosen so the new
 * sub-diagonal entry is real up to a phase, whose modulus is the tridiagonal's off-diagonal), then
 * the implicit QL iteration with Wilkinson shifts on the tridiagonal (eigenvalues only). O(n^3)
 * per matrix, no allocation per call: a workspace holds the scratch.
 *
 * Matrices are complex interleaved (re, im), row-major: entry (i, j) of the matrix at `offset` is
 * at offset + 2 (i n + j). Only the lower triangle is read (the matrix is taken to be Hermitian).
 */

// Bound once: a global lookup per call is slow inside vm contexts (jest, notebooks).
const { abs, sqrt, hypot } = Math;
const EPS = 2 ** -52;

/** Scratch for matrices of one size. */
export class HermitianWorkspace {
  readonly a: Float64Array;
  readonly v: Float64Array;
  readonly p: Float64Array;
  readonly d: Float64Array;
  readonly e: Float64Array;
  constructor(readonly n: number) {
    this.a = new Float64Array(2 * n * n);
    this.v = new Float64Array(2 * n);
    this.p = new Float64Array(2 * n);
    this.d = new Float64Array(n);
    this.e = new Float64Array(n);
  }
}

/**
 * Reduce the Hermitian matrix in `ws.a` (destroyed) to the real symmetric tridiagonal (ws.d, ws.e;
 * e[i] couples i and i + 1, e[n - 1] = 0) with the same eigenvalues.
 */
function tridiagonalise(ws: HermitianWorkspace): void {
  const { n, a, v, p, d, e } = ws;
  for (let k = 0; k < n - 2; k++) {
    // the column below the diagonal: x = a[k+1.., k]
    let alpha2 = 0;
    for (let i = k + 1; i < n; i++) {
      const o = 2 * (i * n + k);
      alpha2 += a[o] * a[o] + a[o + 1] * a[o + 1];
    }
    if (alpha2 === 0) {
      e[k] = 0;
      continue;
    }
    const alpha = sqrt(alpha2);
    const o0 = 2 * ((k + 1) * n + k);
    const x0r = a[o0], x0i = a[o0 + 1];
    const r0 = hypot(x0r, x0i);
    const phr = r0 > 0 ? x0r / r0 : 1, phi = r0 > 0 ? x0i / r0 : 0;
    // v = x + phase * alpha * e1: the reflector maps x to -phase * alpha * e1
    for (let i = k + 1; i < n; i++) {
      const o = 2 * (i * n + k);
      v[2 * i] = a[o];
      v[2 * i + 1] = a[o + 1];
    }
    v[2 * (k + 1)] += phr * alpha;
    v[2 * (k + 1) + 1] += phi * alpha;
    const tau = 1 / (alpha * (alpha + r0)); // 2 / |v|^2
    // p = tau A22 v, with A22 the trailing block (rows/columns k+1..n-1), from its lower triangle:
    // a_ij (j <= i) adds a_ij v_j to p_i and, below the diagonal, conj(a_ij) v_i to p_j
    for (let i = k + 1; i < n; i++) { p[2 * i] = 0; p[2 * i + 1] = 0; }
    for (let i = k + 1; i < n; i++) {
      const row = 2 * i * n;
      const vir = v[2 * i], vii = v[2 * i + 1];
      let sr = 0, si = 0;
      for (let j = k + 1; j < i; j++) {
        const ar = a[row + 2 * j], ai = a[row + 2 * j + 1];
        const vr = v[2 * j], vi = v[2 * j + 1];
        sr += ar * vr - ai * vi;
        si += ar * vi + ai * vr;
        // conj(a_ij) v_i
        p[2 * j] += ar * vir + ai * vii;
        p[2 * j + 1] += ar * vii - ai * vir;
      }
      const d = a[row + 2 * i]; // the diagonal is real
      p[2 * i] += sr + d * vir;
      p[2 * i + 1] += si + d * vii;
    }
    let kr = 0;
    for (let i = k + 1; i < n; i++) {
      p[2 * i] *= tau;
      p[2 * i + 1] *= tau;
      kr += v[2 * i] * p[2 * i] + v[2 * i + 1] * p[2 * i + 1]; // Re(v^H p); v^H p is real
    }
    const K = 0.5 * tau * kr;
    // w = p - K v (in p), then A22 -= v w^H + w v^H (lower triangle)
    for (let i = k + 1; i < n; i++) {
      p[2 * i] -= K * v[2 * i];
      p[2 * i + 1] -= K * v[2 * i + 1];
    }
    for (let i = k + 1; i < n; i++) {
      const vr = v[2 * i], vi = v[2 * i + 1], wr = p[2 * i], wi = p[2 * i + 1];
      const row = 2 * i * n;
      for (let j = k + 1; j <= i; j++) {
        const vjr = v[2 * j], vji = v[2 * j + 1], wjr = p[2 * j], wji = p[2 * j + 1];
        // v_i conj(w_j) + w_i conj(v_j)
        a[row + 2 * j] -= vr * wjr + vi * wji + wr * vjr + wi * vji;
        a[row + 2 * j + 1] -= vi * wjr - vr * wji + wi * vjr - wr * vji;
      }
    }
    e[k] = alpha;
  }
  if (n >= 2) {
    const o = 2 * ((n - 1) * n + (n - 2));
    e[n - 2] = hypot(a[o], a[o + 1]);
  }
  e[n - 1] = 0;
  for (let i = 0; i < n; i++) d[i] = a[2 * (i * n + i)];
}

/**
 * Eigenvalues (unordered) of the symmetric tridiagonal (d, e) into d, by the implicit QL
 * iteration with Wilkinson shifts; e is destroyed. Returns false if an eigenvalue did not settle
 * in 60 sweeps (the values are then approximate).
 */
function tridiagonalQL(d: Float64Array, e: Float64Array, n: number): boolean {
  let ok = true;
  for (let l = 0; l < n; l++) {
    for (let iter = 0; ; iter++) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = abs(d[m]) + abs(d[m + 1]);
        if (abs(e[m]) <= EPS * dd) break;
      }
      if (m === l) break;
      if (iter === 60) {
        ok = false;
        break;
      }
      // Wilkinson shift from the leading 2 x 2 block
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = sqrt(g * g + 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, q = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = sqrt(f * f + g * g); // Math.hypot is several times slower; these stay far from overflow
        e[i + 1] = r;
        if (r === 0) {
          // underflow: split here and start over
          d[i + 1] -= q;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - q;
        r = (d[i] - g) * s + 2 * c * b;
        q = s * r;
        d[i + 1] = g + q;
        g = c * r - b;
      }
      if (deflated) continue;
      d[l] -= q;
      e[l] = g;
      e[m] = 0;
    }
  }
  return ok;
}

/**
 * The eigenvalues (ascending) of the Hermitian n x n matrix at `offset` of `A` into
 * out[outOffset .. outOffset + n). A is left untouched.
 */
export function hermitianEigenvalues(A: Float64Array, offset: number, ws: HermitianWorkspace, out: Float64Array, outOffset = 0): void {
  const n = ws.n;
  const a = ws.a;
  for (let i = 0; i < 2 * n * n; i++) a[i] = A[offset + i];
  tridiagonalise(ws);
  tridiagonalQL(ws.d, ws.e, n);
  const d = ws.d;
  // insertion sort (n is small)
  for (let i = 1; i < n; i++) {
    const x = d[i];
    let j = i - 1;
    while (j >= 0 && d[j] > x) { d[j + 1] = d[j]; j--; }
    d[j + 1] = x;
  }
  for (let i = 0; i < n; i++) out[outOffset + i] = d[i];
}

/**
 * 2-norm condition number of a Hermitian matrix with eigenvalues lambda[offset .. offset + n)
 * plus `shift` on the diagonal: max |lambda + shift| / min |lambda + shift|, NaN for NaN input.
 * The eigenvalues are accurate to about EPS max |lambda|, so a numerically singular matrix reports
 * 1 / EPS = 2^52 (about 4.5e15) rather than Infinity (an SVD in float64 lands there as well, and
 * the value stays JSON-serialisable).
 */
export function shiftedCondition(lambda: Float64Array, offset: number, n: number, shift: number): number {
  let hi = 0, lo = Infinity;
  for (let i = 0; i < n; i++) {
    const x = lambda[offset + i] + shift;
    if (x !== x) return NaN;
    const m = abs(x);
    if (m > hi) hi = m;
    if (m < lo) lo = m;
  }
  const floor = hi * EPS;
  return hi === 0 ? 1 / EPS : hi / (lo > floor ? lo : floor);
}
