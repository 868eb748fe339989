/**
 * FOOOF (spectral parameterization, fooof 1.1.1) in spyts: the direct entry `fooof`, the fit
 * object `FooofFit`, the SpectralData step `fooofSpectralData` (used by freqanalysis), and the
 * compute function that runs on workers.
 */
export { fooof } from "./fooof";
export type { FooofOptions } from "./fooof";
export { FooofFit } from "./result";
export type { FooofFitData } from "./result";
export { fooofSpec } from "./plot";
export type { FooofPlotOptions } from "./plot";
export { DEFAULT_FOOOF_OPT, FOOOF_OPT_KEYS, parseFooofOpt } from "./settings";
export type { FooofOpt } from "./settings";
export { fooofSpectralData, zeroHzError } from "./spectral";
export type { FooofSpectralOptions } from "./spectral";
export { fooofComputeFunction, FOOOF_OUTPUTS } from "./computeFunction";
export type { FooofOutput, FooofKwargs } from "./computeFunction";
export { FOOOF_METADATA_KEYS, assembleFooofMetadata } from "./metadata";
export { fitSpectrum } from "./fit";
export type { FitCore } from "./fit";
