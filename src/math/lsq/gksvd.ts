/**
 * Golub-Kahan-Reinsch SVD of a square matrix (the LINPACK dsvdc algorithm, as in JAMA):
 * Householder bidiagonalization, then implicit-shift QR sweeps on the bidiagonal. U is never
 * formed: every left transformation is applied to a vector b instead, which ends as U^T b, the
 * only use the trust-region solvers have for U. About 5x fewer operations than one-sided Jacobi
 * at the sizes FOOOF's joint Gaussian fit produces (n = 3 x peaks, up to ~50).
 */
const abs = Math.abs;
const sqrt = Math.sqrt;
const EPS = 2 ** -52;
const TINY = 2 ** -966;

function hypot(a: number, b: number): number {
  const aa = abs(a), bb = abs(b);
  if (aa > bb) { const r = b / a; return aa * sqrt(1 + r * r); }
  if (b !== 0) { const r = a / b; return bb * sqrt(1 + r * r); }
  return 0;
}

/**
 * SVD of the n x n COLUMN-major A (A[j * n + i] = A_ij, destroyed): s (length n, descending,
 * >= 0), V (n x n, COLUMN-major: V[j * n + i] is component i of right singular vector j), and b
 * overwritten by U^T b. Column-major keeps every inner loop on contiguous memory. `e` and `work` are scratch of
 * length n. Returns false if the QR iteration did not converge (then use another method).
 */
export function gkSVD(A: Float64Array, n: number, b: Float64Array, s: Float64Array, V: Float64Array, e: Float64Array, work: Float64Array): boolean {
  const m = n;
  e.fill(0, 0, n);
  const nct = Math.min(m - 1, n);
  const nrt = Math.max(0, Math.min(n - 2, m));
  for (let k = 0; k < Math.max(nct, nrt); k++) {
    if (k < nct) {
      // left reflector for column k; s[k] = the new diagonal
      let nrm = 0;
      for (let i = k; i < m; i++) nrm = hypot(nrm, A[k * n + i]);
      if (nrm !== 0) {
        if (A[k * n + k] < 0) nrm = -nrm;
        for (let i = k; i < m; i++) A[k * n + i] /= nrm;
        A[k * n + k] += 1;
      }
      s[k] = -nrm;
    }
    for (let j = k + 1; j < n; j++) {
      if (k < nct && s[k] !== 0) {
        let t = 0;
        for (let i = k; i < m; i++) t += A[k * n + i] * A[j * n + i];
        t = -t / A[k * n + k];
        for (let i = k; i < m; i++) A[j * n + i] += t * A[k * n + i];
      }
      e[j] = A[j * n + k];
    }
    if (k < nct && s[k] !== 0) {
      // the same reflector on b (U^T b = H_{n-1} ... H_0 b)
      let t = 0;
      for (let i = k; i < m; i++) t += A[k * n + i] * b[i];
      t = -t / A[k * n + k];
      for (let i = k; i < m; i++) b[i] += t * A[k * n + i];
    }
    if (k < nrt) {
      // right reflector for row k; e[k] = the new super-diagonal
      let nrm = 0;
      for (let i = k + 1; i < n; i++) nrm = hypot(nrm, e[i]);
      if (nrm !== 0) {
        if (e[k + 1] < 0) nrm = -nrm;
        for (let i = k + 1; i < n; i++) e[i] /= nrm;
        e[k + 1] += 1;
      }
      e[k] = -nrm;
      if (k + 1 < m && e[k] !== 0) {
        for (let i = k + 1; i < m; i++) work[i] = 0;
        for (let j = k + 1; j < n; j++) for (let i = k + 1; i < m; i++) work[i] += e[j] * A[j * n + i];
        for (let j = k + 1; j < n; j++) {
          const t = -e[j] / e[k + 1];
          for (let i = k + 1; i < m; i++) A[j * n + i] += t * work[i];
        }
      }
      for (let i = k + 1; i < n; i++) V[k * n + i] = e[i];   // kept for generating V
    }
  }
  let p = n;
  if (nct < n) s[nct] = A[nct * n + nct];
  if (nrt + 1 < p) e[nrt] = A[(p - 1) * n + nrt];
  e[p - 1] = 0;

  // generate V from the stored right reflectors
  for (let k = n - 1; k >= 0; k--) {
    if (k < nrt && e[k] !== 0) {
      for (let j = k + 1; j < n; j++) {
        let t = 0;
        for (let i = k + 1; i < n; i++) t += V[k * n + i] * V[j * n + i];
        t = -t / V[k * n + (k + 1)];
        for (let i = k + 1; i < n; i++) V[j * n + i] += t * V[k * n + i];
      }
    }
    for (let i = 0; i < n; i++) V[k * n + i] = 0;
    V[k * n + k] = 1;
  }

  // QR iteration on the bidiagonal (s, e)
  const pp = p - 1;
  let total = 0;
  const maxTotal = 75 * n + 30;
  while (p > 0) {
    if (++total > maxTotal) return false;
    let k: number, kase: number;
    for (k = p - 2; k >= -1; k--) {
      if (k === -1) break;
      if (abs(e[k]) <= TINY + EPS * (abs(s[k]) + abs(s[k + 1]))) { e[k] = 0; break; }
    }
    if (k === p - 2) kase = 4;
    else {
      let ks: number;
      for (ks = p - 1; ks >= k; ks--) {
        if (ks === k) break;
        const t = (ks !== p ? abs(e[ks]) : 0) + (ks !== k + 1 ? abs(e[ks - 1]) : 0);
        if (abs(s[ks]) <= TINY + EPS * t) { s[ks] = 0; break; }
      }
      if (ks === k) kase = 3;
      else if (ks === p - 1) kase = 1;
      else { kase = 2; k = ks; }
    }
    k++;
    if (kase === 1) {
      // deflate a negligible s[p-1]
      let f = e[p - 2];
      e[p - 2] = 0;
      for (let j = p - 2; j >= k; j--) {
        const t = hypot(s[j], f);
        const cs = s[j] / t, sn = f / t;
        s[j] = t;
        if (j !== k) { f = -sn * e[j - 1]; e[j - 1] = cs * e[j - 1]; }
        rotateCols(V, n, j, p - 1, cs, sn);
      }
    } else if (kase === 2) {
      // split at a negligible s[k-1]
      let f = e[k - 1];
      e[k - 1] = 0;
      for (let j = k; j < p; j++) {
        const t = hypot(s[j], f);
        const cs = s[j] / t, sn = f / t;
        s[j] = t;
        f = -sn * e[j];
        e[j] = cs * e[j];
        const bj = b[j], bk = b[k - 1];
        b[j] = cs * bj + sn * bk;
        b[k - 1] = -sn * bj + cs * bk;
      }
    } else if (kase === 3) {
      // one implicit-shift QR step
      const scale = Math.max(abs(s[p - 1]), abs(s[p - 2]), abs(e[p - 2]), abs(s[k]), abs(e[k]));
      const sp = s[p - 1] / scale, spm1 = s[p - 2] / scale, epm1 = e[p - 2] / scale;
      const sk = s[k] / scale, ek = e[k] / scale;
      const bb = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
      const c = (sp * epm1) * (sp * epm1);
      let shift = 0;
      if (bb !== 0 || c !== 0) {
        shift = sqrt(bb * bb + c);
        if (bb < 0) shift = -shift;
        shift = c / (bb + shift);
      }
      let f = (sk + sp) * (sk - sp) + shift;
      let g = sk * ek;
      for (let j = k; j < p - 1; j++) {
        let t = hypot(f, g);
        let cs = f / t, sn = g / t;
        if (j !== k) e[j - 1] = t;
        f = cs * s[j] + sn * e[j];
        e[j] = cs * e[j] - sn * s[j];
        g = sn * s[j + 1];
        s[j + 1] = cs * s[j + 1];
        rotateCols(V, n, j, j + 1, cs, sn);
        t = hypot(f, g);
        cs = f / t; sn = g / t;
        s[j] = t;
        f = cs * e[j] + sn * s[j + 1];
        s[j + 1] = -sn * e[j] + cs * s[j + 1];
        g = sn * e[j + 1];
        e[j + 1] = cs * e[j + 1];
        if (j < m - 1) {
          const bj = b[j], bj1 = b[j + 1];
          b[j] = cs * bj + sn * bj1;
          b[j + 1] = -sn * bj + cs * bj1;
        }
      }
      e[p - 2] = f;
    } else {
      // convergence: make s[k] non-negative, then sort it into place
      if (s[k] <= 0) {
        s[k] = s[k] < 0 ? -s[k] : 0;
        for (let i = 0; i <= pp; i++) V[k * n + i] = -V[k * n + i];
      }
      while (k < pp) {
        if (s[k] >= s[k + 1]) break;
        let t = s[k]; s[k] = s[k + 1]; s[k + 1] = t;
        for (let i = 0; i < n; i++) { t = V[(k + 1) * n + i]; V[(k + 1) * n + i] = V[k * n + i]; V[k * n + i] = t; }
        t = b[k + 1]; b[k + 1] = b[k]; b[k] = t;
        k++;
      }
      p--;
    }
  }
  return true;
}

/** Columns (a, b) of the column-major V <- (cs a + sn b, -sn a + cs b). */
function rotateCols(V: Float64Array, n: number, a: number, b: number, cs: number, sn: number): void {
  for (let i = 0; i < n; i++) {
    const va = V[a * n + i], vb = V[b * n + i];
    V[a * n + i] = cs * va + sn * vb;
    V[b * n + i] = -sn * va + cs * vb;
  }
}
