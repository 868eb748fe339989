/**
 * The compute function of Syncopy's WaveletTransform: runs in the main thread and in workers.
 * Trial [L, C] -> [nTime, 1, nScales, C]. Kwargs are plain JSON; kernel spectra are cached per trial
 * length inside the core, because trials of equal length share them.
 */
import { NDArray, resultArray, zeros } from "../core/ndarray";
import type { ComputeContext, ComputeResult, DryRunResult } from "../core/computeTypes";
import { SpectralOutput, outputDtype } from "../math/spectralConversions";
import { WaveletSpec } from "./wavelets/families";
import { cwtTrial } from "./wavelets/cwt";
import { TrialTimes, gatherRows, resolveTimes } from "./wavelets/selection";

export interface WaveletKwargs {
  /** { name, width (Morlet w0), order (Paul / DOG) } */
  wavelet: WaveletSpec;
  /** In the order of the result's freq axis (Syncopy: scale_from_period(1 / foi)). */
  scales: number[];
  /** 1 / samplerate */
  dt: number;
  output: SpectralOutput;
  /** Syncopy's default is 0 (de-mean). */
  polyremoval: 0 | 1 | null;
  /** Per-trial selections indexed by ctx.trial; absent (toi = "all"): every sample of every trial. */
  times?: (TrialTimes | null)[];
}

/** Shared by the wavelet and superlet compute functions. */
export function runTimeFrequency(
  trial: NDArray, kw: { scales: number[]; output: SpectralOutput; times?: (TrialTimes | null)[] }, ctx: ComputeContext,
  core: (sel: { trim?: [number, number]; time?: { start: number; step: number; count: number } }, out: Float32Array) => void,
): NDArray | DryRunResult {
  const [L, C] = trial.shape;
  const r = resolveTimes(kw.times, ctx, L);
  const F = kw.scales.length;
  const shape = [r.count, 1, F, C];
  const dtype = outputDtype(kw.output);
  if (ctx.noCompute) return { shape, dtype };
  const out = resultArray(shape, dtype, ctx.out); // every value is written below
  if (!r.gather) {
    core({ trim: r.trim, time: r.time }, out.data as Float32Array);
    return out;
  }
  const full = zeros([r.time!.count, 1, F, C], dtype);
  core({ trim: r.trim, time: r.time }, full.data as Float32Array);
  gatherRows(full.data as Float32Array, (full.data.length / r.time!.count) | 0, r.gather, out.data as Float32Array);
  return out;
}

export function waveletComputeFunction(trial: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray | ComputeResult | DryRunResult {
  const kw = kwargs as unknown as WaveletKwargs;
  return runTimeFrequency(trial, kw, ctx, (sel, out) =>
    cwtTrial(trial.data, trial.shape[0], trial.shape[1], {
      scales: kw.scales, wavelet: kw.wavelet, dt: kw.dt, output: kw.output, polyremoval: kw.polyremoval, ...sel,
    }, out));
}
