/**
 * The spy namespace: Syncopy's names, in TypeScript. Exports only.
 *   import * as spy from "spyts";   // in a tslab notebook: import * as spy from "../dist"
 */
export { AnalogData } from "./data/analog";
export { SpectralData } from "./data/spectral";
export { BaseData, TrialIndexer } from "./data/base";
export { ContinuousData } from "./data/continuous";
export type { NDArray, DType } from "./core/ndarray";
export { zeros, fromNested } from "./core/ndarray";
export type { SelectionSpec } from "./data/selection";
export { selectdata } from "./data/methods/selectdata";
export { save, load } from "./data/io";
export { freqanalysis } from "./specest/freqanalysis";
export { get_defaults } from "./cfg/metafunction";
export { shutdown } from "./compute/pool";
export { cleanup, storageSize, storageDir, setStorageLimit, getStorageLimit } from "./data/storage";
export { SPYValueError, SPYTypeError, SPYIOError, SPYComputeError, SPYMemoryError } from "./core/errors";
export { captureWarnings } from "./core/warnings";
export { singlepanelplot, multipanelplot } from "./plotting/frontends";
export * as synthdata from "./synthdata/collect";
export { preprocessing, resampledata, definetrial, redefinetrial, plotfilter, filterresponse } from "./preproc";
export * as preproc from "./preproc/kernels";
export { fooof, FooofFit, fooofSpec, DEFAULT_FOOOF_OPT } from "./fooof";
export type { FooofOptions, FooofFitData, FooofOpt, FooofPlotOptions } from "./fooof";
export { load_raw, RecordingsReader, readSidecar, writeSidecar, BatchProcessor, BatchPipeline, PipedTransformation } from "./batch";
export type { LoadRawOptions, RecordingsReaderOptions, BatchProcessorOptions, ApplyOptions, DiskResult, BatchPipelineOptions } from "./batch";
export * as batch from "./batch/spy";
