/**
 * Methods of every trial's cross-spectrum: Syncopy's "ppc" and mne-connectivity's bivariate phase
 * measures "plv", "ciplv", "pli", "pli2_unbiased", "dpli", "wpli", "wpli2_debiased" (formulas in
 * trialEstimators.ts). Real-valued (float32, as Syncopy stores ppc); `output` has no effect and
 * keeptrials must be false (a single trial's phase consistency is 1 by definition).
 */
import type { MeasureResult, SpectralMeasure, TrialEstimator } from "./types";
import { spectralMeasure } from "./spectralStage";
import {
  ciplvEstimator, dpliEstimator, pli2UnbiasedEstimator, pliEstimator, plvEstimator, ppcEstimator, wpli2DebiasedEstimator, wpliEstimator,
} from "./trialEstimators";

function notAverage(): MeasureResult {
  throw new Error("a measure of every trial is not computed from the trial-averaged CSD");
}

function phaseMeasure(name: string, estimator: TrialEstimator) {
  const m: SpectralMeasure = {
    name, keywords: [], keeptrials: false, outputs: null, demeanTaper: false,
    dtype: () => "float32", fromCrossSpectra: notAverage, estimator,
  };
  return spectralMeasure(m);
}

export const ppc = phaseMeasure("ppc", ppcEstimator);
export const plv = phaseMeasure("plv", plvEstimator);
export const ciplv = phaseMeasure("ciplv", ciplvEstimator);
export const pli = phaseMeasure("pli", pliEstimator);
export const pli2_unbiased = phaseMeasure("pli2_unbiased", pli2UnbiasedEstimator);
export const dpli = phaseMeasure("dpli", dpliEstimator);
export const wpli = phaseMeasure("wpli", wpliEstimator);
export const wpli2_debiased = phaseMeasure("wpli2_debiased", wpli2DebiasedEstimator);
