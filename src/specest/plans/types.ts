/**
 * What freqanalysis hands to each method (PlanContext) and what a method gives back (MethodPlan):
 * the compute function with its JSON kwargs, and everything the output SpectralData needs.
 * Validation common to every method happens once in freqanalysis.ts; method keywords in the plans.
 */
import type { AnalogData } from "../../data/analog";
import type { SelectionSource } from "../../data/source";
import type { ComputeFunction, ComputeFunctionRef } from "../../core/computeTypes";
import type { DType } from "../../core/ndarray";
import type { SpectralOutput } from "../../math/spectralConversions";

export interface PlanContext {
  data: AnalogData;
  kw: Record<string, unknown>;
  /** Keywords the caller gave explicitly (not defaults). */
  given: Set<string>;
  method: string;
  output: SpectralOutput;
  keeptrials: boolean;
  keeptapers: boolean;
  samplerate: number;
  polyremoval: 0 | 1 | null;
  source: SelectionSource;
  /** Trialdefinition rows of the selected trials ([start, stop, offset, trialinfo...]). */
  rows: number[][];
  /** Original trial index of each selected trial. */
  trialIds: number[];
  lengths: number[];
  minLen: number;
  maxLen: number;
  meanLen: number;
}

export interface MethodPlan {
  cfName: string;
  computeFunction: ComputeFunction;
  ref: ComputeFunctionRef;
  kwargs: Record<string, unknown>;
  outDtype: DType;
  /** Output trialdefinition when trials are kept, one row per selected trial. */
  trialdefinition: number[][];
  /** Output trialdefinition when trials are averaged. */
  averagedTrialdefinition: number[][];
  samplerate: number;
  freq: Float64Array;
  taperLabels: string[];
  /** Method-specific settings for the provenance log. */
  settings: Record<string, unknown>;
}

/** Keywords read by each method: given explicitly to another method they warn "no effect". */
export const METHOD_KEYWORDS: Record<string, string[]> = {
  mtmfft: ["pad", "taper", "taper_opt", "tapsmofrq", "nTaper", "keeptapers", "demean_taper", "ft_compat", "foi", "foilim", "fooof_opt"],
  mtmconvol: ["toi", "t_ftimwin", "taper", "taper_opt", "tapsmofrq", "nTaper", "keeptapers", "foi", "foilim"],
  welch: ["toi", "t_ftimwin", "taper", "taper_opt", "tapsmofrq", "nTaper", "foi", "foilim"],
  wavelet: ["toi", "wavelet", "width", "order", "foi", "foilim"],
  superlet: ["toi", "order_max", "order_min", "c_1", "adaptive", "foi", "foilim"],
};
