/**
 * Unbounded Levenberg-Marquardt after MINPACK's lmdif/lmder (Moré 1977), which scipy's
 * `curve_fit` runs without bounds (method "lm"), e.g. FOOOF's aperiodic fits.
 *
 * The outer iteration is MINPACK's line for line: the scaling `diag` from the Jacobian's column
 * norms (mode 1), the initial radius factor * ||diag x||, the radius and `par` updates, the
 * acceptance threshold 1e-4, and the convergence tests with their info codes 1-8. The inner
 * problem (MINPACK's lmpar: find par with ||diag p|| ~ delta within 10 %) is solved from an SVD
 * of J diag^-1 instead of MINPACK's pivoted QR; it is the same function of par, found by the same
 * safeguarded Newton iteration.
 */
import { SVDWorkspace, norm2 } from "./linalg";
import { EPS } from "./common";
import { ForwardDifference } from "./numdiff";
import type { LsqOptions, LsqProblem, LsqResult } from "./types";

const sqrt = Math.sqrt;
const abs = Math.abs;
const DWARF = 2.2250738585072014e-308;

export const LM_MESSAGES: Record<number, string> = {
  [-1]: "Improper input parameters.",
  1: "Both actual and predicted relative reductions in the sum of squares are at most ftol.",
  2: "The relative error between two consecutive iterates is at most xtol.",
  3: "Both actual and predicted relative reductions in the sum of squares are at most ftol and the relative error between two consecutive iterates is at most xtol.",
  4: "The cosine of the angle between fvec and any column of the Jacobian is at most gtol in absolute value.",
  5: "Number of calls to function has reached maxfev.",
  6: "ftol is too small, no further reduction in the sum of squares is possible.",
  7: "xtol is too small, no further improvement in the approximate solution is possible.",
  8: "gtol is too small, fvec is orthogonal to the columns of the Jacobian to machine precision.",
};

export interface LmOptions extends Omit<LsqOptions, "lb" | "ub"> {
  /** MINPACK's step bound factor (default 100). */
  factor?: number;
  /** Relative error of the function values for the difference step (MINPACK epsfcn, default machine eps). */
  epsfcn?: number;
}

/**
 * lmpar on the SVD of Jt = J diag^-1: writes the scaled step z (the step is p = z / diag) and
 * returns par. s, V, uf as from `SVDWorkspace.decompose`.
 */
function lmpar(n: number, s: Float64Array, V: Float64Array, uf: Float64Array, delta: number, par0: number, z: Float64Array, w: Float64Array): number {
  const stepFor = (alpha: number): number => {
    // z = -V (s uf / (s^2 + alpha)); returns ||z||
    let nn = 0;
    for (let i = 0; i < n; i++) {
      const den = s[i] * s[i] + alpha;
      w[i] = den > 0 ? (s[i] * uf[i]) / den : 0;
      nn += w[i] * w[i];
    }
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += V[i * n + j] * w[j];
      z[i] = -acc;
    }
    return sqrt(nn);
  };
  // d||z||/dalpha / ||z||-free form: -sum (s uf)^2 / (s^2 + alpha)^3 / ||z||
  const dphi = (alpha: number, zn: number): number => {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const den = s[i] * s[i] + alpha;
      if (den > 0) acc += (s[i] * uf[i]) ** 2 / (den * den * den);
    }
    return -acc / zn;
  };
  let fullRank = true;
  for (let i = 0; i < n; i++) if (!(s[i] > 0)) fullRank = false;
  // the Gauss-Newton step (zero components along null directions)
  let dxnorm = stepFor(0);
  let fp = dxnorm - delta;
  if (fp <= 0.1 * delta) return 0;
  let parl = 0;
  // MINPACK: the Newton step from par = 0, with Moré's (phi + delta) / delta factor
  if (fullRank) parl = (-fp / dphi(0, dxnorm)) * (dxnorm / delta);
  let gnorm = 0;
  for (let i = 0; i < n; i++) gnorm += (s[i] * uf[i]) ** 2;
  gnorm = sqrt(gnorm);
  let paru = gnorm / delta;
  if (paru === 0) paru = DWARF / Math.min(delta, 0.1);
  let par = Math.max(par0, parl);
  par = Math.min(par, paru);
  if (par === 0) par = gnorm / dxnorm;
  for (let iter = 1; ; iter++) {
    if (par === 0) par = Math.max(DWARF, 0.001 * paru);
    dxnorm = stepFor(par);
    const temp = fp;
    fp = dxnorm - delta;
    if (abs(fp) <= 0.1 * delta || (parl === 0 && fp <= temp && temp < 0) || iter === 10) break;
    const parc = (-fp / dphi(par, dxnorm)) * (dxnorm / delta);
    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
  return par;
}

/** Minimise 0.5 ||f(x)||^2 from x0 without bounds, as MINPACK's lmdif (jac "2-point") or lmder. */
export function lm(problem: LsqProblem, x0In: ArrayLike<number>, opts: LmOptions = {}): LsqResult {
  const { m, n, fun } = problem;
  const ftol = opts.ftol ?? 1.49012e-8, xtol = opts.xtol ?? 1.49012e-8, gtol = opts.gtol ?? 0;
  const factor = opts.factor ?? 100;
  const fdiff = problem.jac === "2-point";
  const maxfev = opts.maxfev ?? (fdiff ? 200 : 100) * (n + 1);
  const x = Float64Array.from(x0In);
  let f = new Float64Array(Math.max(m, 0));
  if (x.length !== n || !(n >= 1) || m < n || ftol < 0 || xtol < 0 || gtol < 0 || !(maxfev > 0) || !(factor > 0)) {
    const why = m < n ? `func (m=${m}) must not exceed n=${n}` : "invalid sizes or tolerances";
    return { x, cost: NaN, fun: f, nfev: 0, njev: 0, status: -1, success: false, message: `Improper input: ${why}` };
  }
  const fd = fdiff ? new ForwardDifference(fun, m, n) : null;
  fun(x, f);
  let nfev = 1, njev = 0;
  let fnorm = norm2(f);

  const J = new Float64Array(m * n);
  const g = new Float64Array(n), acnorm = new Float64Array(n), diag = new Float64Array(n);
  const ws = new SVDWorkspace(m, n);
  const z = new Float64Array(n), w = new Float64Array(n), p = new Float64Array(n);
  const xNew = new Float64Array(n);
  let fNew = new Float64Array(m);
  const tmp = new Float64Array(n);
  let par = 0, delta = 0, xnorm = 0;
  let info = 0;
  for (let iter = 1; info === 0; ) {
    // Jacobian, its column norms, the scaled gradient cosine
    if (fd) nfev += fd.minpack(x, f, J, opts.epsfcn ?? 0);
    else (problem.jac as Exclude<LsqProblem["jac"], "2-point">)(x, f, J);
    njev++;
    for (let j = 0; j < n; j++) {
      let ss = 0, gg = 0;
      for (let i = 0; i < m; i++) { const a = J[i * n + j]; ss += a * a; gg += a * f[i]; }
      acnorm[j] = sqrt(ss);
      g[j] = gg;
    }
    if (iter === 1) {
      for (let j = 0; j < n; j++) diag[j] = acnorm[j] === 0 ? 1 : acnorm[j];
      for (let j = 0; j < n; j++) tmp[j] = diag[j] * x[j];
      xnorm = norm2(tmp);
      delta = factor * xnorm;
      if (delta === 0) delta = factor;
    }
    let gnorm = 0;
    if (fnorm !== 0) for (let j = 0; j < n; j++) if (acnorm[j] !== 0) gnorm = Math.max(gnorm, abs(g[j] / fnorm / acnorm[j]));
    if (gnorm <= gtol) { info = 4; break; }
    for (let j = 0; j < n; j++) diag[j] = Math.max(diag[j], acnorm[j]);

    // SVD of J diag^-1 for the inner problem
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) ws.A[j * m + i] = J[i * n + j] / diag[j];
    ws.f.set(f);
    const { s, V, uf } = ws.decompose();

    for (;;) {
      par = lmpar(n, s, V, uf, delta, par, z, w);
      for (let j = 0; j < n; j++) { p[j] = z[j] / diag[j]; xNew[j] = x[j] + p[j]; }
      const pnorm = norm2(z);
      if (iter === 1) delta = Math.min(delta, pnorm);
      fun(xNew, fNew);
      nfev++;
      const fnorm1 = norm2(fNew);
      let actred = -1;
      if (0.1 * fnorm1 < fnorm) actred = 1 - (fnorm1 / fnorm) ** 2;
      // ||J p|| = ||S V^T z||
      let jp2 = 0;
      for (let k = 0; k < n; k++) {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += V[i * n + k] * z[i];
        jp2 += (s[k] * acc) ** 2;
      }
      const temp1 = sqrt(jp2) / fnorm;
      const temp2 = (sqrt(par) * pnorm) / fnorm;
      const prered = temp1 * temp1 + (temp2 * temp2) / 0.5;
      const dirder = -(temp1 * temp1 + temp2 * temp2);
      const ratio = prered !== 0 ? actred / prered : 0;
      if (ratio <= 0.25) {
        let temp = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
        if (0.1 * fnorm1 >= fnorm || temp < 0.1) temp = 0.1;
        delta = temp * Math.min(delta, pnorm / 0.1);
        par /= temp;
      } else if (par === 0 || ratio >= 0.75) {
        delta = pnorm / 0.5;
        par *= 0.5;
      }
      if (ratio >= 1e-4) {
        x.set(xNew);
        [f, fNew] = [fNew, f];
        for (let j = 0; j < n; j++) tmp[j] = diag[j] * x[j];
        xnorm = norm2(tmp);
        fnorm = fnorm1;
        iter++;
      }
      const ftolOk = abs(actred) <= ftol && prered <= ftol && 0.5 * ratio <= 1;
      if (ftolOk) info = 1;
      if (delta <= xtol * xnorm) info = ftolOk ? 3 : 2;
      if (info !== 0) break;
      if (nfev >= maxfev) info = 5;
      if (abs(actred) <= EPS && prered <= EPS && 0.5 * ratio <= 1) info = 6;
      if (delta <= EPS * xnorm) info = 7;
      if (gnorm <= EPS) info = 8;
      if (info !== 0) break;
      if (ratio >= 1e-4) break;
    }
  }
  const cost = 0.5 * fnorm * fnorm;
  let message = LM_MESSAGES[info];
  if (info === 5) message = `Number of calls to function has reached maxfev = ${maxfev}.`;
  return { x, cost, fun: f, nfev, njev, status: info, success: info >= 1 && info <= 4, message };
}
