/**
 * The small dense linear algebra the least-squares solvers need: an SVD of a tall matrix,
 * returning only what the trust-region subproblem uses (singular values, right singular vectors
 * and U^T f).
 *
 * Done as Householder QR (tall m x n -> n x n R, with Q^T f accumulated on the fly), then the
 * Golub-Kahan-Reinsch SVD of R (./gksvd.ts), with a one-sided Jacobi SVD as the fallback should
 * its QR iteration not settle. The matrix to decompose is column-major (contiguous columns for the
 * QR); V comes back row-major.
 */
import { gkSVD } from "./gksvd";

const sqrt = Math.sqrt;
const abs = Math.abs;
const EPS = 2.220446049250313e-16;

/** Result of `SVDWorkspace.decompose`: A = U diag(s) V^T, and uf = U^T f. */
export interface SVDParts {
  /** Singular values, descending. */
  s: Float64Array;
  /** V, n x n row-major: column j is the right singular vector of s[j]. */
  V: Float64Array;
  /** U^T f, length n. */
  uf: Float64Array;
}

/**
 * Workspace for repeated decompositions of matrices of the same size (one per solver run), so a
 * fit allocates its arrays once.
 */
export class SVDWorkspace {
  /** m x n, COLUMN-major (A[j * m + i]); filled by the caller, overwritten by the QR. */
  readonly A: Float64Array;
  readonly f: Float64Array;    // m, overwritten by Q^T f
  readonly out: SVDParts;
  private readonly R: Float64Array;
  private readonly Rcopy: Float64Array;
  private readonly Vc: Float64Array;
  private readonly e: Float64Array;
  private readonly work: Float64Array;

  constructor(readonly m: number, readonly n: number) {
    this.A = new Float64Array(m * n);
    this.f = new Float64Array(m);
    this.R = new Float64Array(n * n);
    this.Rcopy = new Float64Array(n * n);
    this.out = { s: new Float64Array(n), V: new Float64Array(n * n), uf: new Float64Array(n) };
    this.Vc = new Float64Array(n * n);
    this.e = new Float64Array(n);
    this.work = new Float64Array(n);
  }

  /**
   * SVD of the m x n matrix in `this.A` with right-hand side `this.f` (both filled by the caller,
   * both destroyed). Returns `this.out` (overwritten by the next call).
   */
  decompose(): SVDParts {
    const { m, n, A, f, R } = this;
    householderQR(A, f, m, n);
    // R, column-major
    R.fill(0);
    for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) R[j * n + i] = A[j * m + i];
    const { s, V, uf } = this.out;
    this.Rcopy.set(R);
    for (let i = 0; i < n; i++) uf[i] = f[i];
    const Vc = this.Vc;
    if (gkSVD(R, n, uf, s, Vc, this.e, this.work)) {
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) V[i * n + j] = Vc[j * n + i];
      return this.out;
    }
    // the QR iteration did not settle (not seen in practice): one-sided Jacobi instead
    const Rrow = this.Rcopy;
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) R[i * n + j] = Rrow[j * n + i];
    for (let i = 0; i < n; i++) uf[i] = f[i];
    jacobiSorted(R, n, uf, s, V);
    return this.out;
  }
}

/** One-sided Jacobi SVD of the square B (destroyed) with b <- U^T b, sorted descending. */
function jacobiSorted(B: Float64Array, n: number, b: Float64Array, s: Float64Array, V: Float64Array): void {
  const sTmp = new Float64Array(n), vTmp = new Float64Array(n * n), bb = Float64Array.from(b);
  jacobiSVD(B, n, sTmp, vTmp);
  const ord = Array.from({ length: n }, (_, j) => j).sort((a, c) => sTmp[c] - sTmp[a]);
  for (let jj = 0; jj < n; jj++) {
    const j = ord[jj];
    s[jj] = sTmp[j];
    let d = 0;
    if (sTmp[j] > 0) {
      for (let i = 0; i < n; i++) d += B[i * n + j] * bb[i];
      d /= sTmp[j];
    }
    b[jj] = d;
    for (let i = 0; i < n; i++) V[i * n + jj] = vTmp[i * n + j];
  }
}

/**
 * In-place Householder QR of the m x n (m >= n) COLUMN-major matrix A (A[j * m + i] = A_ij); the
 * same reflections are applied to f, which ends as Q^T f. R is left in the upper triangle.
 */
export function householderQR(A: Float64Array, f: Float64Array, m: number, n: number): void {
  for (let k = 0; k < n; k++) {
    const ck = k * m;
    // norm of column k below the diagonal, scaled against overflow
    let scale = 0;
    for (let i = k; i < m; i++) { const a = abs(A[ck + i]); if (a > scale) scale = a; }
    if (scale === 0) continue;
    let ss = 0;
    for (let i = k; i < m; i++) { const a = A[ck + i] / scale; ss += a * a; }
    const akk = A[ck + k];
    const alpha = (akk > 0 ? -1 : 1) * scale * sqrt(ss);
    // v = x - alpha e1, stored in column k
    const v0 = akk - alpha;
    A[ck + k] = v0;
    let vnorm2 = v0 * v0;
    for (let i = k + 1; i < m; i++) { const a = A[ck + i]; vnorm2 += a * a; }
    if (vnorm2 === 0) { A[ck + k] = alpha; continue; }
    const beta = 2 / vnorm2;
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      let d = 0;
      for (let i = k; i < m; i++) d += A[ck + i] * A[cj + i];
      d *= beta;
      if (d !== 0) for (let i = k; i < m; i++) A[cj + i] -= d * A[ck + i];
    }
    let df = 0;
    for (let i = k; i < m; i++) df += A[ck + i] * f[i];
    df *= beta;
    for (let i = k; i < m; i++) f[i] -= df * A[ck + i];
    A[ck + k] = alpha;
    for (let i = k + 1; i < m; i++) A[ck + i] = 0;
  }
}

/**
 * One-sided (Hestenes) Jacobi SVD of the n x n row-major matrix B, in place: on return column j
 * of B is s_j u_j, s holds the column norms (unsorted) and V (n x n, row-major) the accumulated
 * rotations. Sweeps until every column pair is orthogonal to working precision.
 */
export function jacobiSVD(B: Float64Array, n: number, s: Float64Array, V: Float64Array): void {
  V.fill(0);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  const tol = n * EPS;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < n; i++) {
          const bp = B[i * n + p], bq = B[i * n + q];
          alpha += bp * bp;
          beta += bq * bq;
          gamma += bp * bq;
        }
        if (gamma === 0 || abs(gamma) <= tol * sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (abs(zeta) + sqrt(1 + zeta * zeta));
        const c = 1 / sqrt(1 + t * t);
        const sn = c * t;
        for (let i = 0; i < n; i++) {
          const bp = B[i * n + p], bq = B[i * n + q];
          B[i * n + p] = c * bp - sn * bq;
          B[i * n + q] = sn * bp + c * bq;
          const vp = V[i * n + p], vq = V[i * n + q];
          V[i * n + p] = c * vp - sn * vq;
          V[i * n + q] = sn * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += B[i * n + j] * B[i * n + j];
    s[j] = sqrt(ss);
  }
}

export function norm2(x: ArrayLike<number>, n = x.length): number {
  // scaled, as numpy's norm is robust to large values through BLAS nrm2
  let scale = 0, ssq = 1;
  for (let i = 0; i < n; i++) {
    const a = abs(x[i]);
    if (a === 0) continue;
    if (a !== a) return NaN;
    if (scale < a) { ssq = 1 + ssq * (scale / a) * (scale / a); scale = a; } else ssq += (a / scale) * (a / scale);
  }
  return scale * sqrt(ssq);
}
