/**
 * The compute function of method "corr" (Syncopy's `cross_covariance_cF`): one trial [N, C] ->
 * its cross-covariances [ceil(N/2), 1, C, C] (lags x dummy freq x channel_i x channel_j), float64
 * so the routine's trial sum keeps full precision (the output is stored as float32, as Syncopy's).
 * Runs in the main thread and in workers (found by module path and export name).
 */
import type { NDArray } from "../core/ndarray";
import type { ComputeContext, ComputeResult, DryRunResult } from "../core/computeTypes";
import { crossCovarianceTrial, lagCount } from "./crossCovariance";

export interface CrossCovarianceKwargs {
  /** 0: de-mean, 1: remove the linear trend, null: no detrending. */
  polyremoval: 0 | 1 | null;
  /** Divide by the channels' standard deviations (single-trial correlations, keeptrials). */
  norm: boolean;
}

export function crossCovarianceComputeFunction(trial: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray | ComputeResult | DryRunResult {
  const kw = kwargs as unknown as CrossCovarianceKwargs;
  const [N, C] = trial.shape;
  const shape = [lagCount(N), 1, C, C];
  if (ctx.noCompute) return { shape, dtype: "float64" };
  const data = crossCovarianceTrial(trial.data as ArrayLike<number>, N, C, kw.polyremoval, kw.norm);
  return { data, shape, dtype: "float64" };
}
