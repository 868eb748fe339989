/** `spy.preproc`: the numeric kernels alone (no data classes), for typed arrays of any origin. */
export {
  butter, butterZpk, buttap, zpk2sos, sosfilt, sosfiltZi, sosfiltfilt, sosfiltfiltPadlen, SosFiltFilt,
  designWsinc, windowedSinc, invertSinc, minphaserceps, convolveSame, hilbert, limitDenominator,
  resamplePoly, resampleKernel, resampleFactors, resampledLength, downsample, resamplingTrialDefinition,
} from "./index";
export type { FilterType, SOSInput, Layout, MultiChannel, FirWindow, ConvolveMethod } from "./index";
