/**
 * The compute function of Syncopy's SuperletTransform: runs in the main thread and in workers.
 * Trial [L, C] -> [nTime, 1, nScales, C]; kwargs are plain JSON.
 */
import { NDArray } from "../core/ndarray";
import type { ComputeContext, ComputeResult, DryRunResult } from "../core/computeTypes";
import { SpectralOutput } from "../math/spectralConversions";
import { superletTrial } from "./superlet";
import { TrialTimes } from "./wavelets/selection";
import { runTimeFrequency } from "./waveletComputeFunction";

export interface SuperletKwargs {
  /** Superlet scales 1 / (2 pi foi); adaptive needs them high to low (Syncopy sorts and warns). */
  scales: number[];
  order_max: number;
  order_min: number;
  c_1: number;
  adaptive: boolean;
  /** 1 / samplerate */
  dt: number;
  output: SpectralOutput;
  polyremoval: 0 | 1 | null;
  /** Per-trial selections indexed by ctx.trial; absent (toi = "all"): every sample of every trial. */
  times?: (TrialTimes | null)[];
}

export function superletComputeFunction(trial: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray | ComputeResult | DryRunResult {
  const kw = kwargs as unknown as SuperletKwargs;
  return runTimeFrequency(trial, kw, ctx, (sel, out) =>
    superletTrial(trial.data, trial.shape[0], trial.shape[1], {
      scales: kw.scales, orderMin: kw.order_min, orderMax: kw.order_max, c1: kw.c_1, adaptive: kw.adaptive,
      dt: kw.dt, output: kw.output, polyremoval: kw.polyremoval, ...sel,
    }, out));
}
