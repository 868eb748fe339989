/**
 * Statistics over trials (Syncopy's `dim="trials"`): streamed, one trial in memory at a time
 * (Syncopy holds two). mean/var/std through TrialMoments (running sums: memory is a few arrays of
 * one trial's size, whatever the trial count); median through trialMedian.ts (bounded buffer or
 * spill). All trials must have the same shape (checked by the caller with commonTrialShape).
 */
import { ascontiguous, isComplex } from "../core/ndarray";
import type { TrialSource } from "../core/computeTypes";
import { NanPolicy, TrialMoments } from "./trialMoments";
import { StatOperation } from "./sliceStats";
import { medianOverTrials, TrialMedianOptions } from "./trialMedian";

export interface OverTrialsOptions {
  nan: NanPolicy;
  ddof: number;
  median?: Omit<TrialMedianOptions, "nan">;
}

/** The statistic over the trials of `source`, float64 (complex interleaved for mean/median of complex data). */
export function statisticOverTrials(op: StatOperation, source: TrialSource, elements: number, o: OverTrialsOptions): Float64Array {
  if (op === "median") return medianOverTrials(source, elements, { ...o.median, nan: o.nan });
  const moments = new TrialMoments(elements, { ddof: o.ddof, nan: o.nan, complex: isComplex(source.dtype), meanOnly: op === "mean" });
  for (let t = 0; t < source.nTrials; t++) moments.add(ascontiguous(source.readTrial(t)).data);
  if (op === "mean") return moments.mean();
  const v = moments.variance();
  if (op === "std") for (let i = 0; i < v.length; i++) v[i] = Math.sqrt(v[i]);
  return v;
}
