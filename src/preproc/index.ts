/**
 * spy's signal preparation: pure numeric kernels on typed arrays (filter design, filtering,
 * Hilbert transform, resampling) and the metafunctions built on them.
 */
export { butter, butterZpk, buttap, parseFilterType } from "./butter";
export type { FilterType, ZPK } from "./butter";
export { zpk2sos } from "./zpk2sos";
export { sosfilt, sosfiltZi, sosfiltfilt, sosfiltfiltPadlen, sosMatrix, SosFiltFilt } from "./sosfilt";
export type { SOSInput, SosfiltOptions, SosfiltfiltOptions } from "./sosfilt";
export { designWsinc, windowedSinc, invertSinc, minphaserceps, FIR_WINDOWS } from "./firws";
export type { FirWindow } from "./firws";
export { convolveSame, SameConvolver } from "./convolve";
export type { ConvolveMethod, ConvolveOptions } from "./convolve";
export { hilbert } from "./hilbert";
export { limitDenominator, floatToFraction } from "./fraction";
export { resamplePoly, resampleKernel, resampleFactors, resampledLength, downsample, resamplingTrialDefinition, PolyResampler } from "./resample";
export type { Layout, MultiChannel } from "./layout";
export { preprocessing, PREPROCESSING_DEFAULTS } from "./preprocessing";
export { resampledata, RESAMPLEDATA_DEFAULTS } from "./resampledata";
export { plotfilter, filterresponse, filterResponseSpec } from "./plotfilter";
export type { PlotFilterOptions } from "./plotfilter";
export { filterResponse, stepResponse, sosFreqz, firFreqz } from "./response";
export type { FilterResponse } from "./response";
