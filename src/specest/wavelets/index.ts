/** Wavelet families, scales and the continuous wavelet transform core (Syncopy's method "wavelet"). */
export { WAVELET_NAMES, waveletFamily, fourierPeriod, scaleFromPeriod } from "./families";
export type { WaveletName, WaveletSpec, WaveletFamily } from "./families";
export { SUPERLET_SCALES, MIN_FREQUENCY, clampFrequencies, scalesFromFreqs, freqsFromScales, autoScales } from "./scales";
export type { ScaleFamily, ScaleRule } from "./scales";
export { cwtTrial, waveletKernel } from "./cwt";
export type { CwtParams } from "./cwt";
export type { TimeSelection } from "./plan";
export type { TrialSelection } from "./trial";
export type { TrialTimes } from "./selection";
