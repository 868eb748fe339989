/**
 * Forward-difference Jacobians with the step rules of the two reference implementations:
 * scipy's `approx_derivative(method="2-point")` (used by least_squares/trf, bound-aware) and
 * MINPACK's `fdjac2` (used by leastsq/lm).
 */
import type { Residuals } from "./types";

const abs = Math.abs;
const sqrt = Math.sqrt;
const EPS = 2.220446049250313e-16;
const SQRT_EPS = sqrt(EPS);

/**
 * scipy's 2-point step for one variable: h = sqrt(eps) * sign(x) * max(1, |x|) (sign(0) = +1),
 * flipped or shortened to stay within [lb, ub] (`_adjust_scheme_to_bounds`, '1-sided').
 */
export function scipyStep(xj: number, lb: number, ub: number): number {
  let h = SQRT_EPS * (xj >= 0 ? 1 : -1) * Math.max(1, abs(xj));
  if (lb !== -Infinity || ub !== Infinity) {
    const lowerDist = xj - lb, upperDist = ub - xj;
    const xt = xj + h;
    const violated = xt < lb || xt > ub;
    const fitting = abs(h) <= Math.max(lowerDist, upperDist);
    if (violated && fitting) h = -h;
    else if (!fitting) h = upperDist >= lowerDist ? upperDist : -lowerDist;
  }
  return h;
}

/** Work arrays for a forward-difference Jacobian of an m x n problem. */
export class ForwardDifference {
  private readonly xh: Float64Array;
  private readonly fh: Float64Array;
  constructor(private readonly fun: Residuals, readonly m: number, readonly n: number) {
    this.xh = new Float64Array(n);
    this.fh = new Float64Array(m);
  }

  /**
   * scipy's 2-point scheme: h = sqrt(eps) * sign(x) * max(1, |x|) (sign(0) = +1), flipped or
   * shortened to stay within bounds (`_adjust_scheme_to_bounds`, '1-sided'), and the exactly
   * representable dx = (x + h) - x as the divisor.
   */
  scipy(x: Float64Array, f0: Float64Array, J: Float64Array, lb: ArrayLike<number> | null, ub: ArrayLike<number> | null): number {
    const { m, n, xh, fh } = this;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      const h = lb && ub ? scipyStep(xj, lb[j], ub[j]) : scipyStep(xj, -Infinity, Infinity);
      xh.set(x);
      xh[j] = xj + h;
      const dx = xh[j] - xj;
      this.fun(xh, fh);
      for (let i = 0; i < m; i++) J[i * n + j] = (fh[i] - f0[i]) / dx;
    }
    return n;
  }

  /** MINPACK's fdjac2: h = sqrt(max(epsfcn, eps)) * |x| (or that factor alone at x = 0), divided by h. */
  minpack(x: Float64Array, f0: Float64Array, J: Float64Array, epsfcn = 0): number {
    const { m, n, xh, fh } = this;
    const eps = sqrt(Math.max(epsfcn, EPS));
    xh.set(x);
    for (let j = 0; j < n; j++) {
      const temp = x[j];
      let h = eps * abs(temp);
      if (h === 0) h = eps;
      xh[j] = temp + h;
      this.fun(xh, fh);
      xh[j] = temp;
      for (let i = 0; i < m; i++) J[i * n + j] = (fh[i] - f0[i]) / h;
    }
    return n;
  }
}
