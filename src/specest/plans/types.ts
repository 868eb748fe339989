/**
 * What freqanalysis hands to each method (PlanContext) and what a method gives back (MethodPlan):
 * the compute function's JSON kwargs, and everything the output SpectralData needs. Validation
 * common to every method happens once in freqanalysis.ts; method keywords in the plans. The
 * methods' table (compute function, keywords, output class per method) is in freqanalysis.ts.
 */
import type { AnalogData } from "../../data/analog";
import type { SelectionSource } from "../../data/source";
import type { ComputePlan } from "../../compute/methods";
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

export interface MethodPlan extends ComputePlan {
  /** Output trialdefinition when trials are kept, one row per selected trial. */
  trialdefinition: number[][];
  /** Output trialdefinition when trials are averaged. */
  averagedTrialdefinition: number[][];
  samplerate: number;
  freq: Float64Array;
  taperLabels: string[];
}
