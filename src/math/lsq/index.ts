/**
 * Nonlinear least squares: scipy's `least_squares(method="trf")` (bounds) and MINPACK's
 * Levenberg-Marquardt (no bounds), and `curveFit`, which picks between them as scipy's
 * `curve_fit` does. Pure functions on typed arrays (no data classes, no I/O).
 */
import { trf } from "./trf";
import { lm, LmOptions } from "./lm";
import type { Jacobian, LsqOptions, LsqProblem, LsqResult } from "./types";

export { trf, TRF_MESSAGES } from "./trf";
export { lm, LM_MESSAGES } from "./lm";
export type { LmOptions } from "./lm";
export type { Jacobian, LsqOptions, LsqProblem, LsqResult, Residuals } from "./types";

/** A model y = model(x; params) evaluated at all xdata at once, writing into `out`. */
export type Model = (xdata: Float64Array, params: Float64Array, out: Float64Array) => void;
/** d model_i / d params_j at all xdata, row-major (m x n) into `J`. */
export type ModelJacobian = (xdata: Float64Array, params: Float64Array, J: Float64Array) => void;

export interface CurveFitOptions extends LsqOptions {
  /** Analytic Jacobian of the model (default: forward differences, as scipy). */
  jac?: ModelJacobian;
  /** "lm" or "trf"; default as scipy: "trf" when any bound is finite, otherwise "lm". */
  method?: "lm" | "trf";
}

/**
 * Fit `model` to (xdata, ydata) from p0, as scipy's curve_fit (without sigma/covariance).
 * Residuals are model - ydata. Check `success` (scipy raises when it is false).
 */
export function curveFit(model: Model, xdata: Float64Array, ydata: Float64Array, p0: ArrayLike<number>, opts: CurveFitOptions = {}): LsqResult & { method: "lm" | "trf" } {
  const m = ydata.length, n = p0.length;
  if (xdata.length !== m) throw new Error(`curveFit: xdata has ${xdata.length} values, ydata ${m}`);
  const fun = (p: Float64Array, out: Float64Array) => {
    model(xdata, p, out);
    for (let i = 0; i < m; i++) out[i] -= ydata[i];
  };
  const jac: Jacobian | "2-point" = opts.jac ? (p, _f, J) => opts.jac!(xdata, p, J) : "2-point";
  const problem: LsqProblem = { m, n, fun, jac };
  let bounded = false;
  for (let j = 0; j < n; j++) {
    if ((opts.lb && opts.lb[j] > -Infinity) || (opts.ub && opts.ub[j] < Infinity)) bounded = true;
  }
  const method = opts.method ?? (bounded ? "trf" : "lm");
  if (method === "lm") {
    if (bounded) throw new Error("curveFit: method 'lm' only works for unconstrained problems");
    const lmOpts: LmOptions = { ftol: opts.ftol, xtol: opts.xtol, gtol: opts.gtol, maxfev: opts.maxfev };
    return { ...lm(problem, p0, lmOpts), method };
  }
  return { ...trf(problem, p0, opts), method };
}
