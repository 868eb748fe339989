/**
 * The contract of the nonlinear least-squares solvers: minimise 0.5 * sum(f(x)^2), optionally
 * within bounds lb <= x <= ub, as scipy.optimize.least_squares / curve_fit do.
 */

/** Residuals f(x) written into `out` (length m). Non-finite values mark an infeasible point. */
export type Residuals = (x: Float64Array, out: Float64Array) => void;

/**
 * Jacobian of the residuals at x (f = f(x) already computed), written row-major into `J`
 * (m x n: J[i * n + j] = d f_i / d x_j).
 */
export type Jacobian = (x: Float64Array, f: Float64Array, J: Float64Array) => void;

export interface LsqProblem {
  /** Number of residuals. */
  m: number;
  /** Number of parameters. */
  n: number;
  fun: Residuals;
  /** Analytic Jacobian, or "2-point" forward differences (scipy's / MINPACK's step rules). */
  jac: Jacobian | "2-point";
}

export interface LsqOptions {
  /** Lower bounds (default -Infinity each). */
  lb?: ArrayLike<number>;
  /** Upper bounds (default +Infinity each). */
  ub?: ArrayLike<number>;
  /** Relative tolerance on the change of the cost (default: 1e-8 trf, 1.49012e-8 lm). */
  ftol?: number;
  /** Relative tolerance on the change of x (default: 1e-8 trf, 1.49012e-8 lm). */
  xtol?: number;
  /** Tolerance on the scaled gradient (default: 1e-8 trf, 0 lm). */
  gtol?: number;
  /** Function evaluations allowed (default: 100 n for trf; 100 (n + 1) for lm with an analytic Jacobian, 200 (n + 1) with differences). */
  maxfev?: number;
}

export interface LsqResult {
  x: Float64Array;
  /** 0.5 * sum(f^2) at x. */
  cost: number;
  /** Residuals at x. */
  fun: Float64Array;
  nfev: number;
  njev: number;
  /**
   * scipy's status: 0 = maxfev reached, 1 = gtol, 2 = ftol, 3 = xtol, 4 = ftol and xtol
   * (trf); for lm MINPACK's info 1..8 mapped the same way as scipy's leastsq (1-4 success,
   * 5 = maxfev, 6-8 = tolerances too small); -1 = could not start (non-finite residuals, m < n).
   */
  status: number;
  /** Whether the solver converged (scipy's `success`; curve_fit raises when false). */
  success: boolean;
  message: string;
}
