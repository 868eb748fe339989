/**
 * The compute function of MultiTaperFFT: runs in the main thread and in workers.
 * Kwargs are plain JSON (they travel to workers); tapers are built per trial length
 * and cached, because trials of equal length share them.
 */
import { NDArray, resultArray } from "../core/ndarray";
import type { ComputeContext, ComputeResult, DryRunResult } from "../core/computeTypes";
import { TaperSpec, normalisedTapers } from "./tapers";
import { MtmfftParams, mtmfftTrial, outputTaperCount } from "./mtmfft";
import { SpectralOutput, outputDtype } from "../math/spectralConversions";

export interface MtmfftKwargs {
  nfft: number;
  freqIdx: number[];
  polyremoval: 0 | 1 | null;
  demean_taper: boolean;
  ft_compat: boolean;
  output: SpectralOutput;
  keeptapers: boolean;
  taper: TaperSpec;
}

const taperCache = new Map<string, Float64Array[]>();

function tapersFor(kw: MtmfftKwargs, L: number): Float64Array[] {
  const key = JSON.stringify([kw.taper, L, kw.nfft, kw.ft_compat]);
  let tapers = taperCache.get(key);
  if (!tapers) {
    if (taperCache.size > 64) taperCache.clear();
    tapers = normalisedTapers(kw.taper, L, kw.nfft, kw.ft_compat);
    taperCache.set(key, tapers);
  }
  return tapers;
}

function taperCount(kw: MtmfftKwargs): number {
  return kw.taper.dpss ? kw.taper.dpss.K : 1;
}

export function mtmfftComputeFunction(trial: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray | ComputeResult | DryRunResult {
  const kw = kwargs as unknown as MtmfftKwargs;
  const [L, C] = trial.shape;
  const shape = [1, outputTaperCount(taperCount(kw), kw.keeptapers), kw.freqIdx.length, C];
  const dtype = outputDtype(kw.output);
  if (ctx.noCompute) return { shape, dtype };
  const out = resultArray(shape, dtype, ctx.out); // mtmfftTrial writes every value
  const params: MtmfftParams = {
    nfft: kw.nfft, freqIdx: kw.freqIdx, polyremoval: kw.polyremoval,
    demeanTaper: kw.demean_taper, output: kw.output, keeptapers: kw.keeptapers,
  };
  mtmfftTrial(trial.data, L, C, tapersFor(kw, L), params, out.data as Float32Array);
  return out;
}
