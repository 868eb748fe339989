/**
 * The compute function of MultiTaperFFTConvol (methods "mtmconvol" and "welch"), run in the
 * main thread and in workers. Kwargs are plain JSON.
 *
 * Window centres per trial:
 * - `grid`: every `step` samples from the first sample on, ceil(L/step) windows (toi "all" or an
 *   overlap fraction; Syncopy's stft with boundary="zeros", padded=True);
 * - `toi`: one window centred on each requested time, round(toi*fs - trialOffset) (a toi array).
 */
import { NDArray, zeros } from "../core/ndarray";
import type { ComputeContext, ComputeResult, DryRunResult } from "../core/computeTypes";
import { TaperSpec, normalisedTapers } from "./tapers";
import { outputTaperCount } from "./mtmfft";
import { Centres, MtmconvolParams, centreCount, mtmconvolTrial } from "./mtmconvol";
import { SpectralOutput, outputDtype } from "../math/spectralConversions";

export interface MtmconvolKwargs {
  nperseg: number;
  freqIdx: number[];
  polyremoval: 0 | 1 | null;
  output: SpectralOutput;
  keeptapers: boolean;
  taper: TaperSpec;
  /** Grid of centres `step` samples apart, or explicit times. */
  centres: { step: number } | { toiSamples: number[]; offsets: Record<string, number> };
  /** Welch: mean power over the windows of each trial. */
  averageWindows: boolean;
}

const taperCache = new Map<string, Float64Array[]>();

function tapersFor(kw: MtmconvolKwargs): Float64Array[] {
  const key = JSON.stringify([kw.taper, kw.nperseg]);
  let tapers = taperCache.get(key);
  if (!tapers) {
    if (taperCache.size > 64) taperCache.clear();
    // Syncopy's stft normalisation is mtmfft's with L = nfft = nperseg
    tapers = normalisedTapers(kw.taper, kw.nperseg, kw.nperseg, false);
    taperCache.set(key, tapers);
  }
  return tapers;
}

export function trialCentres(kw: MtmconvolKwargs, L: number, trial: number): Centres {
  const c = kw.centres;
  if ("step" in c) return { first: 0, step: c.step, count: Math.ceil(L / c.step) };
  const offset = c.offsets[String(trial)];
  if (offset === undefined) throw new Error(`mtmconvol: no trial offset for trial ${trial}`);
  return { list: c.toiSamples.map((t) => Math.round(t - offset)) };
}

export function mtmconvolComputeFunction(trial: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray | ComputeResult | DryRunResult {
  const kw = kwargs as unknown as MtmconvolKwargs;
  const [L, C] = trial.shape;
  const centres = trialCentres(kw, L, ctx.trial ?? 0);
  const K = outputTaperCount(kw.taper.dpss ? kw.taper.dpss.K : 1, kw.keeptapers);
  const shape = kw.averageWindows ? [1, 1, kw.freqIdx.length, C] : [centreCount(centres), K, kw.freqIdx.length, C];
  const dtype = outputDtype(kw.output);
  if (ctx.noCompute) return { shape, dtype };
  const out = zeros(shape, dtype);
  const params: MtmconvolParams = {
    nperseg: kw.nperseg, centres, freqIdx: kw.freqIdx, polyremoval: kw.polyremoval,
    demeanTaper: false, output: kw.output, keeptapers: kw.keeptapers, averageWindows: kw.averageWindows,
  };
  mtmconvolTrial(trial.data, L, C, tapersFor(kw), params, out.data as Float32Array);
  return out;
}
