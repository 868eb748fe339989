/** A tiny compute function for the Slurm tests (a module of its own, so array tasks can require it). */
import type { NDArray } from "../../src/core/ndarray";
import type { ComputeContext } from "../../src/core/computeTypes";

/** out = trial * scale + 1/3 (float64), with the trial's sum as metadata. */
export function scaleCF(trial: NDArray, kw: Record<string, unknown>, ctx: ComputeContext) {
  if (ctx.noCompute) return { shape: [...trial.shape], dtype: "float64" as const };
  const scale = kw.scale as number;
  const out = new Float64Array(trial.data.length);
  let sum = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = trial.data[i] * scale + 1 / 3;
    sum += out[i];
  }
  return { out: { data: out, shape: [...trial.shape], dtype: "float64" as const }, metadata: { sum, w: Float64Array.of(NaN, -0) } };
}
