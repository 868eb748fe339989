/**
 * Building blocks of the trust-region least-squares solvers, following scipy 1.10's
 * `optimize/_lsq/common.py` step for step (same formulas, same constants), so that a fit takes
 * the same path as scipy's and stops at the same point, not merely at a nearby one.
 */
import { SVDParts, norm2 } from "./linalg";

const sqrt = Math.sqrt;
const abs = Math.abs;
export const EPS = 2.220446049250313e-16;

/** Work arrays for `solveLsqTrustRegion`. */
export interface TRScratch { suf: Float64Array; w: Float64Array }

export function trScratch(n: number): TRScratch {
  return { suf: new Float64Array(n), w: new Float64Array(n) };
}

/**
 * Solve min ||J p + f|| subject to ||p|| <= Delta from the SVD of J (Moré's method with an SVD,
 * scipy's `solve_lsq_trust_region`). Writes p; returns the Levenberg-Marquardt parameter alpha.
 * `rtol` is the relative tolerance on ||p|| - Delta (0.01 in scipy's trf, 0.1 in MINPACK).
 */
export function solveLsqTrustRegion(
  n: number, m: number, svd: SVDParts, Delta: number, initialAlpha: number | null, p: Float64Array,
  scratch: TRScratch, rtol = 0.01, maxIter = 10,
): number {
  const { s, V, uf } = svd;
  const suf = scratch.suf, w = scratch.w;
  for (let i = 0; i < n; i++) suf[i] = s[i] * uf[i];
  const fullRank = m >= n ? s[n - 1] > EPS * m * s[0] : false;
  if (fullRank) {
    for (let i = 0; i < n; i++) w[i] = uf[i] / s[i];
    vTimes(V, w, n, p, -1);
    if (norm2(p, n) <= Delta) return 0;
  }
  const phiAt = (alpha: number): [number, number] => {
    let pn2 = 0, der = 0;
    for (let i = 0; i < n; i++) {
      const denom = s[i] * s[i] + alpha;
      const q = suf[i] / denom;
      pn2 += q * q;
      der += (suf[i] * suf[i]) / (denom * denom * denom);
    }
    const pn = sqrt(pn2);
    return [pn - Delta, -der / pn];
  };
  let alphaUpper = norm2(suf, n) / Delta;
  let alphaLower = 0;
  if (fullRank) {
    const [phi, dphi] = phiAt(0);
    alphaLower = -phi / dphi;
  }
  let alpha: number;
  if (initialAlpha === null || (!fullRank && initialAlpha === 0)) alpha = Math.max(0.001 * alphaUpper, sqrt(alphaLower * alphaUpper));
  else alpha = initialAlpha;
  for (let it = 0; it < maxIter; it++) {
    if (alpha < alphaLower || alpha > alphaUpper) alpha = Math.max(0.001 * alphaUpper, sqrt(alphaLower * alphaUpper));
    const [phi, dphi] = phiAt(alpha);
    if (phi < 0) alphaUpper = alpha;
    const ratio = phi / dphi;
    alphaLower = Math.max(alphaLower, alpha - ratio);
    alpha -= ((phi + Delta) * ratio) / Delta;
    if (abs(phi) < rtol * Delta) break;
  }
  for (let i = 0; i < n; i++) w[i] = suf[i] / (s[i] * s[i] + alpha);
  vTimes(V, w, n, p, -1);
  // scale p onto the trust-region boundary (it is only slightly off)
  const pn = norm2(p, n);
  const k = Delta / pn;
  for (let i = 0; i < n; i++) p[i] *= k;
  return alpha;
}

/** out = sign * V w (V n x n row-major). */
function vTimes(V: Float64Array, w: Float64Array, n: number, out: Float64Array, sign: number): void {
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += V[i * n + j] * w[j];
    out[i] = sign * acc;
  }
}

/** The radius update of scipy's `update_tr_radius`: [newDelta, ratio]. */
export function updateTrRadius(Delta: number, actual: number, predicted: number, stepNorm: number, boundHit: boolean): [number, number] {
  let ratio: number;
  if (predicted > 0) ratio = actual / predicted;
  else if (predicted === actual && actual === 0) ratio = 1;
  else ratio = 0;
  if (ratio < 0.25) Delta = 0.25 * stepNorm;
  else if (ratio > 0.75 && boundHit) Delta *= 2;
  return [Delta, ratio];
}

/** scipy's `check_termination`: 2 ftol, 3 xtol, 4 both, 0 none. */
export function checkTermination(dF: number, F: number, dxNorm: number, xNorm: number, ratio: number, ftol: number, xtol: number): number {
  const ftolOk = dF < ftol * F && ratio > 0.25;
  const xtolOk = dxNorm < xtol * (xtol + xNorm);
  if (ftolOk && xtolOk) return 4;
  if (ftolOk) return 2;
  if (xtolOk) return 3;
  return 0;
}

/** Jv = J s for a row-major m x n J. */
export function matVec(J: Float64Array, m: number, n: number, s: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < m; i++) {
    let acc = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) acc += J[row + j] * s[j];
    out[i] = acc;
  }
  return out;
}

/** g = J^T f. */
export function gradient(J: Float64Array, m: number, n: number, f: ArrayLike<number>, g: Float64Array): void {
  g.fill(0);
  for (let i = 0; i < m; i++) {
    const fi = f[i];
    if (fi === 0) continue;
    const row = i * n;
    for (let j = 0; j < n; j++) g[j] += J[row + j] * fi;
  }
}

/** 0.5 s^T (J^T J + diag(d)) s + g^T s (scipy's `evaluate_quadratic`); `Js` is scratch of length m. */
export function evaluateQuadratic(J: Float64Array, m: number, n: number, g: ArrayLike<number>, s: ArrayLike<number>, diag: ArrayLike<number> | null, Js: Float64Array): number {
  matVec(J, m, n, s, Js);
  let q = 0;
  for (let i = 0; i < m; i++) q += Js[i] * Js[i];
  if (diag) for (let j = 0; j < n; j++) q += s[j] * diag[j] * s[j];
  let l = 0;
  for (let j = 0; j < n; j++) l += s[j] * g[j];
  return 0.5 * q + l;
}

/**
 * f(t) = 0.5 (s0 + s t)^T (J^T J + diag) (s0 + s t) + g^T (s0 + s t) as [a, b, c] with
 * f = a t^2 + b t + c (scipy's `build_quadratic_1d`); c = 0 without s0.
 */
export function buildQuadratic1d(
  J: Float64Array, m: number, n: number, g: ArrayLike<number>, s: ArrayLike<number>, diag: ArrayLike<number> | null,
  s0: ArrayLike<number> | null, v: Float64Array, u: Float64Array,
): [number, number, number] {
  matVec(J, m, n, s, v);
  let a = 0;
  for (let i = 0; i < m; i++) a += v[i] * v[i];
  if (diag) for (let j = 0; j < n; j++) a += s[j] * diag[j] * s[j];
  a *= 0.5;
  let b = 0;
  for (let j = 0; j < n; j++) b += g[j] * s[j];
  let c = 0;
  if (s0) {
    matVec(J, m, n, s0, u);
    for (let i = 0; i < m; i++) b += u[i] * v[i];
    let uu = 0;
    for (let i = 0; i < m; i++) uu += u[i] * u[i];
    c = 0.5 * uu;
    for (let j = 0; j < n; j++) c += g[j] * s0[j];
    if (diag) {
      for (let j = 0; j < n; j++) b += s0[j] * diag[j] * s[j];
      let cc = 0;
      for (let j = 0; j < n; j++) cc += s0[j] * diag[j] * s0[j];
      c += 0.5 * cc;
    }
  }
  return [a, b, c];
}

/** Minimise a t^2 + b t + c over [lb, ub] (finite): [t, value] (scipy's `minimize_quadratic_1d`). */
export function minimizeQuadratic1d(a: number, b: number, lb: number, ub: number, c = 0): [number, number] {
  const ts = [lb, ub];
  if (a !== 0) {
    const extremum = (-0.5 * b) / a;
    if (lb < extremum && extremum < ub) ts.push(extremum);
  }
  let best = 0, bestY = Infinity;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    const y = t * (a * t + b) + c;
    // argmin: first minimum wins, NaN never wins unless all are NaN
    if (y < bestY || (i === 0 && !(y >= bestY))) { best = i; bestY = y; }
  }
  return [ts[best], bestY];
}

/** Roots [t-, t+] of ||x + s t|| = Delta (scipy's `intersect_trust_region`). */
export function intersectTrustRegion(x: ArrayLike<number>, s: ArrayLike<number>, Delta: number, n: number): [number, number] {
  let a = 0, b = 0, c = 0;
  for (let i = 0; i < n; i++) { a += s[i] * s[i]; b += x[i] * s[i]; c += x[i] * x[i]; }
  c -= Delta * Delta;
  if (a === 0) throw new Error("intersectTrustRegion: s is zero");
  if (c > 0) throw new Error("intersectTrustRegion: x is not within the trust region");
  const d = sqrt(b * b - a * c);
  const q = -(b + (b >= 0 && !Object.is(b, -0) ? d : -d));
  const t1 = q / a, t2 = c / q;
  return t1 < t2 ? [t1, t2] : [t2, t1];
}

export function inBounds(x: ArrayLike<number>, lb: ArrayLike<number>, ub: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) if (!(x[i] >= lb[i] && x[i] <= ub[i])) return false;
  return true;
}

/**
 * The smallest t >= 0 with x + s t on a bound, and which variables reach it (-1 lower, +1 upper,
 * 0 not) (scipy's `step_size_to_bound`).
 */
export function stepSizeToBound(x: ArrayLike<number>, s: ArrayLike<number>, lb: ArrayLike<number>, ub: ArrayLike<number>, n: number, hits: Int8Array): number {
  let minStep = Infinity;
  const steps = STEP_SCRATCH.length >= n ? STEP_SCRATCH : (STEP_SCRATCH = new Float64Array(n));
  for (let i = 0; i < n; i++) {
    if (s[i] === 0) { steps[i] = Infinity; continue; }
    const a = (lb[i] - x[i]) / s[i], b = (ub[i] - x[i]) / s[i];
    steps[i] = a > b ? a : b;
    if (steps[i] < minStep) minStep = steps[i];
  }
  for (let i = 0; i < n; i++) hits[i] = steps[i] === minStep ? (s[i] > 0 ? 1 : s[i] < 0 ? -1 : 0) : 0;
  return minStep;
}
let STEP_SCRATCH = new Float64Array(64);

/** Distance-aware activity test of scipy's `find_active_constraints`: -1 at lb, +1 at ub, 0 free. */
function activeConstraint(x: number, lb: number, ub: number, rtol: number): number {
  if (rtol === 0) return x >= ub ? 1 : x <= lb ? -1 : 0;
  const lowerDist = x - lb, upperDist = ub - x;
  const lowerThr = rtol * Math.max(1, abs(lb));
  const upperThr = rtol * Math.max(1, abs(ub));
  // upper before lower: scipy assigns the upper mask last, so it wins when both hold
  if (Number.isFinite(ub) && upperDist <= Math.min(lowerDist, upperThr)) return 1;
  if (Number.isFinite(lb) && lowerDist <= Math.min(upperDist, lowerThr)) return -1;
  return 0;
}

/** Next representable double after a towards b. */
export function nextafter(a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  if (a === b) return b;
  if (a === 0) return b > 0 ? 5e-324 : -5e-324;
  const buf = new Float64Array([a]);
  const bits = new BigInt64Array(buf.buffer);
  if ((b > a) === (a > 0)) bits[0] += 1n; else bits[0] -= 1n;
  return buf[0];
}

/**
 * Move x strictly inside the bounds, in place (scipy's `make_strictly_feasible`): variables on or
 * beyond a bound move rstep * max(1, |bound|) inside (rstep = 0: to the next double).
 */
export function makeStrictlyFeasible(x: Float64Array, lb: ArrayLike<number>, ub: ArrayLike<number>, n: number, rstep = 1e-10): void {
  for (let i = 0; i < n; i++) {
    const act = activeConstraint(x[i], lb[i], ub[i], rstep);
    if (act === -1) x[i] = rstep === 0 ? nextafter(lb[i], ub[i]) : lb[i] + rstep * Math.max(1, abs(lb[i]));
    else if (act === 1) x[i] = rstep === 0 ? nextafter(ub[i], lb[i]) : ub[i] - rstep * Math.max(1, abs(ub[i]));
    if (x[i] < lb[i] || x[i] > ub[i]) x[i] = 0.5 * (lb[i] + ub[i]);
  }
}

/** Coleman-Li scaling vector v and its derivative dv (scipy's `CL_scaling_vector`). */
export function clScalingVector(x: ArrayLike<number>, g: ArrayLike<number>, lb: ArrayLike<number>, ub: ArrayLike<number>, n: number, v: Float64Array, dv: Float64Array): void {
  for (let i = 0; i < n; i++) {
    v[i] = 1;
    dv[i] = 0;
    if (g[i] < 0 && Number.isFinite(ub[i])) { v[i] = ub[i] - x[i]; dv[i] = -1; }
    if (g[i] > 0 && Number.isFinite(lb[i])) { v[i] = x[i] - lb[i]; dv[i] = 1; }
  }
}
