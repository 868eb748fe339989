/**
 * The compute function of spy.preprocessing (runs in the main thread and in workers): one trial
 * [time, channel] through the fused preprocessing pipeline. Metadata `has_nan` per trial feeds
 * `info.nan_trials`, as Syncopy's filter routines report it.
 */
import { NDArray, resultArray } from "../core/ndarray";
import type { ComputeContext, ComputeResult, DryRunResult } from "../core/computeTypes";
import { Pipeline, PipelineSpec } from "./pipeline";

// one prepared pipeline per kwargs object: the same object comes back for every trial of a run
const prepared = new WeakMap<object, Pipeline>();

export function preprocessingComputeFunction(trial: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray | ComputeResult | DryRunResult {
  const spec = kwargs as unknown as PipelineSpec;
  const [n, C] = trial.shape;
  const dtype = spec.hilbert === "complex" ? "complex64" : "float32";
  if (ctx.noCompute) return { shape: [n, C], dtype };
  let p = prepared.get(kwargs);
  if (!p) {
    p = new Pipeline(spec);
    prepared.set(kwargs, p);
  }
  const out = resultArray([n, C], dtype, ctx.out); // the pipeline writes every value
  const nan = p.run(trial.data, { n, C, layout: "strided" }, out.data as Float32Array);
  return { out, metadata: { has_nan: nan } };
}
