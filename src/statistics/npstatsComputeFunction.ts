/**
 * The compute function of a statistic along one axis of every trial (Syncopy's npstats_cF): runs
 * in the main thread and in workers. The reduced axis stays with length 1.
 */
import { NDArray, arrayConstructor, ascontiguous, isComplex } from "../core/ndarray";
import type { ComputeContext, DryRunResult } from "../core/computeTypes";
import type { NanPolicy } from "./trialMoments";
import type { StatOperation } from "./sliceStats";
import { reduceAxis } from "./axisStats";
import { statOutputDtype } from "./statDtype";

export interface NpstatsKwargs {
  operation: StatOperation;
  axis: number;
  ddof: number;
  nan: NanPolicy;
}

export function npstatsComputeFunction(trial: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray | DryRunResult {
  const kw = kwargs as unknown as NpstatsKwargs;
  const shape = [...trial.shape];
  shape[kw.axis] = 1;
  const dtype = statOutputDtype(kw.operation, trial.dtype);
  if (ctx.noCompute) return { shape, dtype };
  const t = ascontiguous(trial);
  const values = reduceAxis(kw.operation, t.data, t.shape, kw.axis, { complex: isComplex(t.dtype), nan: kw.nan, ddof: kw.ddof });
  const Ctor = arrayConstructor(dtype);
  const data = Ctor === Float64Array ? values : new Ctor(values.length);
  if (data !== values) data.set(values);
  return { data, shape, dtype };
}
