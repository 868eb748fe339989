/**
 * Selected eigenpairs of a real symmetric tridiagonal matrix: Sturm-sequence
 * bisection for the eigenvalues and inverse iteration for the eigenvectors (the
 * LAPACK stebz + stein pair that scipy.linalg.eigh_tridiagonal uses for a
 * subset). O(n) memory and O(n) work per bisection step and per iteration, so
 * a handful of eigenpairs of n ~ 10^5 is cheap, unlike a dense O(n^3) solver.
 */

/** Symmetric tridiagonal matrix: diagonal d (n), off-diagonal e (n - 1). */
export interface Tridiagonal {
  d: Float64Array;
  e: Float64Array;
}

/*
 * Math functions are bound once at module scope: inside vm contexts (jest, some
 * notebook kernels) every global lookup such as `Math.abs` goes through an
 * interceptor and costs ~100x a plain variable load, which dominated hot loops.
 */
const { abs, max, min, sqrt, imul } = Math;
const MIN_VALUE = Number.MIN_VALUE;

const EPS = 2 ** -52;

/** Bounds containing all eigenvalues (Gershgorin discs). */
export function gershgorinBounds(t: Tridiagonal): { lower: number; upper: number } {
  const { d, e } = t;
  const n = d.length;
  let lower = Infinity, upper = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? abs(e[i - 1]) : 0) + (i < n - 1 ? abs(e[i]) : 0);
    lower = min(lower, d[i] - r);
    upper = max(upper, d[i] + r);
  }
  return { lower, upper };
}

/**
 * Number of eigenvalues below each of four shifts x[0..3] (Sturm counts: the
 * number of negative pivots of the LDL^T factorisation of T - xI), in one sweep.
 * `e2` holds e_i^2; `pivmin` keeps a zero pivot from dividing by zero (LAPACK's
 * dlaebz trick). The division in the recurrence is a long-latency dependency
 * chain; four independent chains let the CPU overlap them, so four counts cost
 * little more than one.
 */
export function sturmCount4(
  d: Float64Array, e2: Float64Array, x: Float64Array, pivmin: number, counts: Int32Array,
): void {
  const n = d.length;
  const x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
  let q0 = d[0] - x0, q1 = d[0] - x1, q2 = d[0] - x2, q3 = d[0] - x3;
  if (abs(q0) < pivmin) q0 = -pivmin;
  if (abs(q1) < pivmin) q1 = -pivmin;
  if (abs(q2) < pivmin) q2 = -pivmin;
  if (abs(q3) < pivmin) q3 = -pivmin;
  let c0 = q0 < 0 ? 1 : 0, c1 = q1 < 0 ? 1 : 0, c2 = q2 < 0 ? 1 : 0, c3 = q3 < 0 ? 1 : 0;
  for (let i = 1; i < n; i++) {
    const di = d[i], ei = e2[i - 1];
    q0 = di - x0 - ei / q0;
    q1 = di - x1 - ei / q1;
    q2 = di - x2 - ei / q2;
    q3 = di - x3 - ei / q3;
    if (abs(q0) < pivmin) q0 = -pivmin;
    if (abs(q1) < pivmin) q1 = -pivmin;
    if (abs(q2) < pivmin) q2 = -pivmin;
    if (abs(q3) < pivmin) q3 = -pivmin;
    if (q0 < 0) c0++;
    if (q1 < 0) c1++;
    if (q2 < 0) c2++;
    if (q3 < 0) c3++;
  }
  counts[0] = c0;
  counts[1] = c1;
  counts[2] = c2;
  counts[3] = c3;
}

/**
 * Eigenvalues with ascending indices `indices` (0 = smallest), to full precision
 * by multisection: each sweep evaluates four shifts spread over the brackets
 * still open, and every count narrows the brackets of all wanted eigenvalues.
 */
export function tridiagonalEigenvalues(t: Tridiagonal, indices: number[]): Float64Array {
  const { d, e } = t;
  const n = d.length;
  const e2 = new Float64Array(max(n - 1, 0));
  let maxE2 = 0;
  for (let i = 0; i < n - 1; i++) {
    e2[i] = e[i] * e[i];
    maxE2 = max(maxE2, e2[i]);
  }
  const pivmin = MIN_VALUE * 2 ** 60 * max(1, maxE2);
  const { lower, upper } = gershgorinBounds(t);
  const norm = max(abs(lower), abs(upper));
  // Widen a little so the bounds are strict even after rounding.
  const lo0 = lower - 2 * EPS * norm * n - pivmin;
  const hi0 = upper + 2 * EPS * norm * n + pivmin;
  const k = indices.length;
  // Invariant: count(lo) <= target < count(hi), i.e. lambda_target in [lo, hi).
  const lo = new Float64Array(k).fill(lo0);
  const hi = new Float64Array(k).fill(hi0);
  const shifts = new Float64Array(4);
  const counts = new Int32Array(4);
  const open: number[] = [];
  const isOpen = (j: number): boolean => {
    const a = lo[j], b = hi[j];
    const mid = 0.5 * (a + b);
    return b - a > 2 * EPS * max(abs(a), abs(b)) + pivmin && mid > a && mid < b;
  };
  // Each sweep shrinks every open bracket at least 2.5x, so ~60 sweeps per
  // eigenvalue reach full precision; the cap only guards against pathological input.
  for (let sweep = 0; sweep < 200 * (k + 1); sweep++) {
    open.length = 0;
    for (let j = 0; j < k; j++) {
      if (!isOpen(j)) continue;
      // Targets sharing a bracket would waste shifts on the same points.
      let shared = false;
      for (const o of open) if (lo[o] === lo[j] && hi[o] === hi[j]) shared = true;
      if (!shared) open.push(j);
    }
    if (open.length === 0) break;
    // Spread four shifts: one per bracket, or several inside fewer brackets.
    let s = 0;
    const used = min(open.length, 4);
    for (let b = 0; b < used; b++) {
      const j = open[b];
      const pts = ((4 / used) | 0) + (b < 4 % used ? 1 : 0);
      for (let p = 1; p <= pts; p++) shifts[s++] = lo[j] + ((hi[j] - lo[j]) * p) / (pts + 1);
    }
    sturmCount4(d, e2, shifts, pivmin, counts);
    for (let p = 0; p < 4; p++) {
      const x = shifts[p], c = counts[p];
      for (let j = 0; j < k; j++) {
        if (c <= indices[j]) { if (x > lo[j]) lo[j] = x; }
        else if (x < hi[j]) hi[j] = x;
      }
    }
  }
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) out[j] = 0.5 * (lo[j] + hi[j]);
  return out;
}

/** Scratch for one shifted factorisation, reused across eigenvectors. */
interface ShiftedLU {
  /** U of P(T - lambda I) = LU: diagonal, first and second superdiagonal. */
  u: Float64Array;
  v: Float64Array;
  w: Float64Array;
  /** Elimination multipliers and whether row k was swapped with row k + 1. */
  mult: Float64Array;
  swapped: Uint8Array;
}

function infinityNorm(t: Tridiagonal): number {
  const { d, e } = t;
  const n = d.length;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    norm = max(norm, abs(d[i]) + (i > 0 ? abs(e[i - 1]) : 0) + (i < n - 1 ? abs(e[i]) : 0));
  }
  return norm;
}

/**
 * Gaussian elimination with partial pivoting of T - lambda I (n >= 2). A pivot
 * below `tiny` is replaced by +-tiny (LAPACK dlagtf/dlagts): at an accurate
 * eigenvalue the last pivot is ~0, and that near-singularity is exactly what
 * makes inverse iteration converge in one or two solves.
 */
function factorShifted(t: Tridiagonal, lambda: number, tiny: number, lu: ShiftedLU): void {
  const { d, e } = t;
  const n = d.length;
  const { u, v, w, mult, swapped } = lu;
  let alpha = d[0] - lambda; // remaining row, column k
  let beta = e[0]; //           remaining row, column k + 1
  for (let k = 0; k < n - 1; k++) {
    const sub = e[k];
    const diagNext = d[k + 1] - lambda;
    const supNext = k + 1 < n - 1 ? e[k + 1] : 0;
    if (abs(alpha) >= abs(sub)) {
      const a = abs(alpha) < tiny ? (alpha < 0 ? -tiny : tiny) : alpha;
      const m = sub / a;
      u[k] = a; v[k] = beta; w[k] = 0;
      mult[k] = m; swapped[k] = 0;
      alpha = diagNext - m * beta;
      beta = supNext;
    } else {
      const m = alpha / sub;
      u[k] = sub; v[k] = diagNext; w[k] = supNext;
      mult[k] = m; swapped[k] = 1;
      alpha = beta - m * diagNext;
      beta = -m * supNext;
    }
  }
  u[n - 1] = abs(alpha) < tiny ? (alpha < 0 ? -tiny : tiny) : alpha;
}

/** Solve (T - lambda I) y = x in place with a factorisation from factorShifted. */
function solveShifted(lu: ShiftedLU, x: Float64Array): void {
  const { u, v, w, mult, swapped } = lu;
  const n = x.length;
  // Apply the row swaps and multipliers to the right-hand side.
  let carry = x[0];
  for (let k = 0; k < n - 1; k++) {
    const next = x[k + 1];
    if (swapped[k] === 0) {
      x[k] = carry;
      carry = next - mult[k] * carry;
    } else {
      x[k] = next;
      carry = carry - mult[k] * next;
    }
  }
  x[n - 1] = carry / u[n - 1];
  x[n - 2] = (x[n - 2] - v[n - 2] * x[n - 1]) / u[n - 2];
  for (let k = n - 3; k >= 0; k--) {
    x[k] = (x[k] - v[k] * x[k + 1] - w[k] * x[k + 2]) / u[k];
  }
}

/**
 * Unit eigenvectors of T for accurate eigenvalues `lambdas` (e.g. from
 * tridiagonalEigenvalues), by inverse iteration (LAPACK stein): solve
 * (T - lambda I) y = x repeatedly from a pseudo-random start. Eigenvectors of
 * eigenvalues closer than `clusterTolerance` (default 1e-3 * ||T||, stein's
 * choice) are Gram-Schmidt-orthogonalised against each other every sweep, which
 * keeps close eigenpairs orthogonal. Signs are arbitrary.
 */
export function tridiagonalEigenvectors(
  t: Tridiagonal, lambdas: ArrayLike<number>, clusterTolerance?: number,
): Float64Array[] {
  const n = t.d.length;
  const count = lambdas.length;
  const vectors: Float64Array[] = [];
  if (n === 1) {
    for (let j = 0; j < count; j++) vectors.push(new Float64Array([1]));
    return vectors;
  }
  const norm = infinityNorm(t);
  const tol = clusterTolerance ?? 1e-3 * norm;
  const tiny = EPS * max(norm, MIN_VALUE);
  // Residual of the unit vector y/|y| is |x|/|y| = 1/|y|; once it is at the
  // rounding level of T the vector has converged. Two extra sweeps follow, as in
  // stein, to wash out what is left of neighbouring eigenvectors.
  const converged = 1 / (10 * sqrt(n) * tiny);
  const lu: ShiftedLU = {
    u: new Float64Array(n), v: new Float64Array(n), w: new Float64Array(n),
    mult: new Float64Array(n), swapped: new Uint8Array(n),
  };
  for (let j = 0; j < count; j++) {
    const lambda = lambdas[j];
    const cluster: Float64Array[] = [];
    for (let i = 0; i < j; i++) if (abs(lambdas[i] - lambda) < tol) cluster.push(vectors[i]);
    factorShifted(t, lambda, tiny, lu);
    const x = new Float64Array(n);
    // Deterministic pseudo-random start: a structured start (all ones, say) can
    // be orthogonal to the wanted eigenvector, e.g. to an antisymmetric one.
    let state = (imul(j + 1, 2654435761) + 12345) >>> 0;
    for (let i = 0; i < n; i++) {
      state = (imul(state, 1664525) + 1013904223) >>> 0;
      x[i] = state / 4294967296 - 0.5;
    }
    let extra = -1;
    for (let it = 0; it < 8 && extra !== 0; it++) {
      orthogonalise(x, cluster);
      normalise(x);
      solveShifted(lu, x);
      if (extra > 0) extra--;
      else if (extra < 0 && euclideanNorm(x) >= converged) extra = 2;
    }
    orthogonalise(x, cluster);
    normalise(x);
    vectors.push(x);
  }
  return vectors;
}

function euclideanNorm(x: Float64Array): number {
  let peak = 0;
  for (let i = 0; i < x.length; i++) peak = max(peak, abs(x[i]));
  if (peak === 0 || !(peak < Infinity)) return peak;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const r = x[i] / peak;
    ss += r * r;
  }
  return peak * sqrt(ss);
}

function normalise(x: Float64Array): void {
  // Scale by the largest entry first so the sum of squares cannot overflow.
  let peak = 0;
  for (let i = 0; i < x.length; i++) peak = max(peak, abs(x[i]));
  if (peak === 0) return;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    x[i] /= peak;
    ss += x[i] * x[i];
  }
  const s = 1 / sqrt(ss);
  for (let i = 0; i < x.length; i++) x[i] *= s;
}

/** Modified Gram-Schmidt against unit vectors. */
function orthogonalise(x: Float64Array, basis: Float64Array[]): void {
  for (const b of basis) {
    let dot = 0;
    for (let i = 0; i < x.length; i++) dot += x[i] * b[i];
    for (let i = 0; i < x.length; i++) x[i] -= dot * b[i];
  }
}
