/**
 * Trust Region Reflective least squares: scipy 1.10's `least_squares(method="trf")` with
 * `tr_solver="exact"`, `x_scale=1`, `loss="linear"`, ported step for step (trf.py). This is what
 * scipy's `curve_fit` runs when bounds are given, e.g. FOOOF's joint Gaussian fit.
 *
 * With bounds, each iteration works in Coleman-Li scaled variables and picks the best of three
 * candidate steps (the trust-region step cut back at the first bound, its reflection off that
 * bound, and the scaled gradient), keeping iterates strictly feasible. Without bounds it is a
 * plain trust-region Gauss-Newton/Levenberg-Marquardt iteration.
 */
import { SVDWorkspace, norm2 } from "./linalg";
import {
  buildQuadratic1d, checkTermination, clScalingVector, evaluateQuadratic, gradient, inBounds, intersectTrustRegion,
  makeStrictlyFeasible, minimizeQuadratic1d, solveLsqTrustRegion, stepSizeToBound, trScratch, updateTrRadius,
} from "./common";
import { ForwardDifference } from "./numdiff";
import type { LsqOptions, LsqProblem, LsqResult } from "./types";

const sqrt = Math.sqrt;
const abs = Math.abs;

export const TRF_MESSAGES: Record<number, string> = {
  [-1]: "could not start",
  0: "The maximum number of function evaluations is exceeded.",
  1: "`gtol` termination condition is satisfied.",
  2: "`ftol` termination condition is satisfied.",
  3: "`xtol` termination condition is satisfied.",
  4: "Both `ftol` and `xtol` termination conditions are satisfied.",
};

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

function failed(x: Float64Array, f: Float64Array, nfev: number, message: string): LsqResult {
  return { x, cost: NaN, fun: f, nfev, njev: 0, status: -1, success: false, message };
}

/**
 * Minimise 0.5 ||f(x)||^2 from x0 within [lb, ub] with scipy's TRF. Invalid input (x0 outside
 * the bounds, lb >= ub, shapes) throws; a start at non-finite residuals, or m < n... returns
 * success=false with a message.
 */
export function trf(problem: LsqProblem, x0In: ArrayLike<number>, opts: LsqOptions = {}): LsqResult {
  const { m, n, fun } = problem;
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(m) && m >= 1)) throw new Error(`trf: invalid problem size m=${m}, n=${n}`);
  if (x0In.length !== n) throw new Error(`trf: x0 has ${x0In.length} values, expected ${n}`);
  const lb = Float64Array.from(opts.lb ?? new Array(n).fill(-Infinity));
  const ub = Float64Array.from(opts.ub ?? new Array(n).fill(Infinity));
  if (lb.length !== n || ub.length !== n) throw new Error("trf: bounds must have one value per parameter");
  for (let i = 0; i < n; i++) if (!(lb[i] < ub[i])) throw new Error("trf: each lower bound must be strictly less than its upper bound");
  const ftol = opts.ftol ?? 1e-8, xtol = opts.xtol ?? 1e-8, gtol = opts.gtol ?? 1e-8;
  const maxfev = opts.maxfev ?? 100 * n;
  const x = Float64Array.from(x0In);
  if (!inBounds(x, lb, ub, n)) throw new Error("trf: x0 is infeasible (outside the bounds)");
  let bounded = false;
  for (let i = 0; i < n; i++) if (lb[i] !== -Infinity || ub[i] !== Infinity) bounded = true;
  makeStrictlyFeasible(x, lb, ub, n);

  let f = new Float64Array(m);
  fun(x, f);
  if (!allFinite(f)) return failed(x, f, 1, "Residuals are not finite in the initial point.");

  const fd = problem.jac === "2-point" ? new ForwardDifference(fun, m, n) : null;
  const jac = (xx: Float64Array, ff: Float64Array, JJ: Float64Array) => {
    if (fd) fd.scipy(xx, ff, JJ, bounded ? lb : null, bounded ? ub : null);
    else (problem.jac as Exclude<LsqProblem["jac"], "2-point">)(xx, ff, JJ);
  };
  let J = new Float64Array(m * n);
  jac(x, f, J);
  let nfev = 1, njev = 1;
  let cost = 0.5 * dotSelf(f);
  const g = new Float64Array(n);
  gradient(J, m, n, f, g);

  // work arrays
  const rows = bounded ? m + n : m;
  const ws = new SVDWorkspace(rows, n);
  const scratch = trScratch(n);
  const Jh = new Float64Array(m * n);
  const v = new Float64Array(n), dv = new Float64Array(n), d = new Float64Array(n);
  const diagH = new Float64Array(n), gH = new Float64Array(n);
  const pH = new Float64Array(n), p = new Float64Array(n);
  const step = new Float64Array(n), stepH = new Float64Array(n);
  const xNew = new Float64Array(n);
  let fNew = new Float64Array(m);
  let JNew = new Float64Array(m * n);
  const sel = bounded ? new StepSelector(m, n) : null;
  const Js = new Float64Array(m);

  let Delta: number;
  if (bounded) {
    clScalingVector(x, g, lb, ub, n, v, dv);
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) t[i] = x[i] / sqrt(v[i]);
    Delta = norm2(t);
  } else Delta = norm2(x);
  if (Delta === 0) Delta = 1;

  let alpha = 0;
  let status = -2;   // "none yet"
  let gNorm = 0;
  for (;;) {
    if (bounded) {
      clScalingVector(x, g, lb, ub, n, v, dv);
      gNorm = 0;
      for (let i = 0; i < n; i++) gNorm = Math.max(gNorm, abs(g[i] * v[i]));
    } else {
      gNorm = 0;
      for (let i = 0; i < n; i++) gNorm = Math.max(gNorm, abs(g[i]));
    }
    if (gNorm < gtol) status = 1;
    if (status !== -2 || nfev === maxfev) break;

    // the "hat" space: Coleman-Li scaling d = sqrt(v) (x_scale = 1)
    // the matrix to decompose, column-major: J_h (and, with bounds, diag(sqrt(diag_h)) below it)
    const A = ws.A, fa = ws.f;
    if (bounded) {
      for (let j = 0; j < n; j++) {
        d[j] = sqrt(v[j]);
        diagH[j] = g[j] * dv[j];
        gH[j] = d[j] * g[j];
      }
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) Jh[i * n + j] = J[i * n + j] * d[j];
      A.fill(0);
      for (let j = 0; j < n; j++) {
        const cj = j * rows;
        for (let i = 0; i < m; i++) A[cj + i] = Jh[i * n + j];
        A[cj + m + j] = sqrt(diagH[j]);
      }
      fa.set(f);
      fa.fill(0, m);
    } else {
      for (let j = 0; j < n; j++) { d[j] = 1; gH[j] = g[j]; }
      Jh.set(J);
      for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) A[j * m + i] = J[i * n + j];
      fa.set(f);
    }
    const svd = ws.decompose();
    const theta = Math.max(0.995, 1 - gNorm);

    let actualReduction = -1;
    let costNew = cost;
    while (actualReduction <= 0 && nfev < maxfev) {
      alpha = solveLsqTrustRegion(n, m, svd, Delta, alpha, pH, scratch);
      let predicted: number;
      if (bounded) {
        for (let j = 0; j < n; j++) p[j] = d[j] * pH[j];
        predicted = sel!.select(x, Jh, diagH, gH, p, pH, d, Delta, lb, ub, theta, step, stepH);
        for (let j = 0; j < n; j++) xNew[j] = x[j] + step[j];
        makeStrictlyFeasible(xNew, lb, ub, n, 0);
      } else {
        predicted = -evaluateQuadratic(Jh, m, n, gH, pH, null, Js);
        for (let j = 0; j < n; j++) { stepH[j] = pH[j]; step[j] = pH[j]; xNew[j] = x[j] + step[j]; }
      }
      fun(xNew, fNew);
      nfev++;
      const stepHNorm = norm2(stepH);
      if (!allFinite(fNew)) {
        Delta = 0.25 * stepHNorm;
        continue;
      }
      costNew = 0.5 * dotSelf(fNew);
      actualReduction = cost - costNew;
      const [DeltaNew, ratio] = updateTrRadius(Delta, actualReduction, predicted, stepHNorm, stepHNorm > 0.95 * Delta);
      const stepNorm = norm2(step);
      const t = checkTermination(actualReduction, cost, stepNorm, norm2(x), ratio, ftol, xtol);
      if (t !== 0) { status = t; break; }
      alpha *= Delta / DeltaNew;
      Delta = DeltaNew;
    }
    if (actualReduction > 0) {
      x.set(xNew);
      [f, fNew] = [fNew, f];
      cost = costNew;
      jac(x, f, JNew);
      [J, JNew] = [JNew, J];
      njev++;
      gradient(J, m, n, f, g);
    }
  }
  if (status === -2) status = 0;
  return { x, cost, fun: f, nfev, njev, status, success: status > 0, message: TRF_MESSAGES[status] };
}

function dotSelf(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}

/** scipy's `select_step` with its scratch arrays. */
class StepSelector {
  private readonly hits: Int8Array;
  private readonly rH: Float64Array;
  private readonly r: Float64Array;
  private readonly xOnBound: Float64Array;
  private readonly agH: Float64Array;
  private readonly ag: Float64Array;
  private readonly xp: Float64Array;
  private readonly v: Float64Array;
  private readonly u: Float64Array;

  constructor(private readonly m: number, private readonly n: number) {
    this.hits = new Int8Array(n);
    this.rH = new Float64Array(n);
    this.r = new Float64Array(n);
    this.xOnBound = new Float64Array(n);
    this.agH = new Float64Array(n);
    this.ag = new Float64Array(n);
    this.xp = new Float64Array(n);
    this.v = new Float64Array(m);
    this.u = new Float64Array(m);
  }

  /** Writes the chosen step (original and hat space); returns the predicted reduction. */
  select(
    x: Float64Array, Jh: Float64Array, diagH: Float64Array, gH: Float64Array, p: Float64Array, pH: Float64Array,
    d: Float64Array, Delta: number, lb: Float64Array, ub: Float64Array, theta: number, step: Float64Array, stepH: Float64Array,
  ): number {
    const { m, n, hits, rH, r, xOnBound, agH, ag, xp, v, u } = this;
    for (let j = 0; j < n; j++) xp[j] = x[j] + p[j];
    if (inBounds(xp, lb, ub, n)) {
      const pValue = evaluateQuadratic(Jh, m, n, gH, pH, diagH, v);
      step.set(p);
      stepH.set(pH);
      return -pValue;
    }
    const pStride = stepSizeToBound(x, p, lb, ub, n, hits);
    // the reflected direction
    for (let j = 0; j < n; j++) {
      rH[j] = hits[j] !== 0 ? -pH[j] : pH[j];
      r[j] = d[j] * rH[j];
    }
    // restrict the trust-region step so that it hits the bound
    for (let j = 0; j < n; j++) {
      p[j] *= pStride;
      pH[j] *= pStride;
      xOnBound[j] = x[j] + p[j];
    }
    // the reflected direction leaves either the feasible region or the trust region first
    const toTr = intersectTrustRegion(pH, rH, Delta, n)[1];
    const toBound = stepSizeToBound(xOnBound, r, lb, ub, n, hits);
    let rStride = Math.min(toBound, toTr);
    let rStrideL: number, rStrideU: number;
    if (rStride > 0) {
      rStrideL = ((1 - theta) * pStride) / rStride;
      rStrideU = rStride === toBound ? theta * toBound : toTr;
    } else {
      rStrideL = 0;
      rStrideU = -1;
    }
    let rValue: number;
    if (rStrideL <= rStrideU) {
      const [a, b, c] = buildQuadratic1d(Jh, m, n, gH, rH, diagH, pH, v, u);
      [rStride, rValue] = minimizeQuadratic1d(a, b, rStrideL, rStrideU, c);
      for (let j = 0; j < n; j++) {
        rH[j] = rH[j] * rStride + pH[j];
        r[j] = rH[j] * d[j];
      }
    } else rValue = Infinity;

    // make p strictly interior
    for (let j = 0; j < n; j++) { p[j] *= theta; pH[j] *= theta; }
    const pValue = evaluateQuadratic(Jh, m, n, gH, pH, diagH, v);

    for (let j = 0; j < n; j++) { agH[j] = -gH[j]; ag[j] = d[j] * agH[j]; }
    const toTrAg = Delta / norm2(agH);
    const toBoundAg = stepSizeToBound(x, ag, lb, ub, n, hits);
    let agStride = toBoundAg < toTrAg ? theta * toBoundAg : toTrAg;
    const [a2, b2] = buildQuadratic1d(Jh, m, n, gH, agH, diagH, null, v, u);
    let agValue: number;
    [agStride, agValue] = minimizeQuadratic1d(a2, b2, 0, agStride);
    for (let j = 0; j < n; j++) { agH[j] *= agStride; ag[j] *= agStride; }

    if (pValue < rValue && pValue < agValue) {
      step.set(p); stepH.set(pH);
      return -pValue;
    }
    if (rValue < pValue && rValue < agValue) {
      step.set(r); stepH.set(rH);
      return -rValue;
    }
    step.set(ag); stepH.set(agH);
    return -agValue;
  }
}

