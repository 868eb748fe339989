/**
 * The spy namespace: Syncopy's names, in TypeScript. Exports only; every name is bound once.
 *   import * as spy from "spyts";   // in a tslab notebook: import * as spy from "../dist"
 * docs/architecture.md maps the folders behind these names.
 *
 * @packageDocumentation
 */

// ---- data classes and arrays ----------------------------------------------------------------
export { AnalogData } from "./data/analog";
export { SpectralData } from "./data/spectral";
export { BaseData, TrialIndexer } from "./data/base";
export { ContinuousData } from "./data/continuous";
export type { NDArray, DType } from "./core/ndarray";
export { zeros, fromNested } from "./core/ndarray";
export type { SelectionSpec } from "./data/selection";

// ---- methods on data objects: selection and trial definitions --------------------------------
export { selectdata } from "./data/methods/selectdata";
export { definetrial } from "./data/methods/definetrial";
export { redefinetrial } from "./data/methods/redefinetrial";
export type { SelectdataKeywords } from "./data/methods/selectdata";
export type { SelectionKeywords, LabelChoice } from "./data/selectionKeywords";
export type { DefinetrialKeywords, RedefinetrialKeywords, TrialRows } from "./data/methods/trialKeywords";

// arithmetic, concat, copy
export { add, sub, mul, div, pow } from "./data/methods/arithmetic";
export type { ArithmeticOperand, ArithmeticOptions, ComplexScalar } from "./data/methods/arithmetic";
export { concat } from "./data/methods/concat";
export type { ConcatOptions } from "./data/methods/concat";
export { copy } from "./data/methods/copy";

// ---- storage: .spy containers and the temporary storage folder -------------------------------
export { save, load } from "./data/io";
export type { LoadOptions } from "./data/io";
export { cleanup, storageSize, storageDir, setStorageLimit, getStorageLimit, setResultWarnSize, getResultWarnSize } from "./data/storage";

// ---- configuration, errors, warnings ---------------------------------------------------------
export { get_defaults } from "./cfg/metafunction";
export { StructDict } from "./core/structdict";
export type { TypedMetaFunction, SameClassMetaFunction, MetaFunctionInfo, CfgDict, Choice } from "./cfg/metafunction";
export type { ComputeKeywords } from "./compute/computeKeywords";
export { SPYError, SPYValueError, SPYTypeError, SPYIOError, SPYParallelError, SPYComputeError, SPYMemoryError } from "./core/errors";
export { captureWarnings } from "./core/warnings";

// ---- compute: worker pool and the wasm/TypeScript kernel switch ------------------------------
export { shutdown } from "./compute/pool";
export { SPYInterruptError } from "./compute/interrupt";
export { setKernelPath, getKernelPath } from "./wasm/kernelPath";
export type { KernelChoice } from "./wasm/kernelPath";

// ---- synthetic data (spy.synthdata.white_noise, ...) -----------------------------------------
/**
 * Synthetic data after Syncopy's spy.synthdata: white_noise, linear_trend, harmonic,
 * phase_diffusion, ar2_network and red_noise (AnalogData of nTrials trials, or one NDArray with
 * `nTrials: null`), collect_trials for your own trial function, and poisson_noise (SpikeData).
 */
export * as synthdata from "./synthdata/collect";
export type { TrialsGenerator, CollectOptions } from "./synthdata/collect";

// ---- spectral analysis and FOOOF -------------------------------------------------------------
export { freqanalysis } from "./specest/freqanalysis";
export type { FreqanalysisKeywords, FreqanalysisMethod, FreqanalysisOutput, FooofOptKeywords, WaveletName, NumberList } from "./specest/freqanalysisKeywords";
export { fooof, FooofFit, fooofSpec, DEFAULT_FOOOF_OPT } from "./fooof";
export type { FooofOptions, FooofFitData, FooofOpt, FooofPlotOptions } from "./fooof";

// ---- connectivity: csd and coh of AnalogData, as CrossSpectralData -----------------------------
export { connectivityanalysis } from "./connectivity/connectivityanalysis";
export type { ConnectivityKeywords, ConnectivityMethod, ChannelRef } from "./connectivity/connectivityKeywords";
export { CrossSpectralData } from "./data/crossspectral";

// statistics
export { mean, std, var_ as var, median } from "./statistics/summaryStats";
export { itc } from "./statistics/itc";
export type { StatisticsKeywords, ItcKeywords, TimelockKeywords } from "./statistics/statisticsKeywords";
export { TrialMoments } from "./statistics/trialMoments";
export type { NanPolicy } from "./statistics/trialMoments";

// timelock
export { TimeLockData } from "./data/timelock";
export type { TimeLockInit, TimeLockDataset } from "./data/timelock";
export { timelockanalysis } from "./statistics/timelockanalysis";
export type { TimeLockPlotOptions } from "./plotting/timelock";

// spikes and events
export { SpikeData } from "./data/spike";
export type { SpikeInit } from "./data/spike";
export { EventData } from "./data/event";
export type { DiscreteInit, DiscreteColumns, DiscreteSelection } from "./data/discrete";
export { saveDiscrete, loadDiscrete } from "./data/discreteio";
export type { PoissonNoiseOptions } from "./synthdata/spikes";

// spike statistics
export { spike_psth, psthBinEdges } from "./statistics/spikePsth";
export type { SpikePsthKeywords } from "./statistics/spikePsth";
export { isi, cv, cv2, lv, fanofactor, firing_rate, isiHistogram, UnitTrialTable } from "./statistics/spikeTrainStats";
export type { SpikeStatOptions, SpikeTrainIntervals, UnitTable, FiringRateOptions, IsiHistogramOptions, IsiHistogram } from "./statistics/spikeTrainStats";
export { spike_triggered_average } from "./statistics/spikeTriggeredAverage";
export type { SpikeTriggeredAverageOptions } from "./statistics/spikeTriggeredAverage";
export { rasterplot, psthplot, isiplot, rasterSpec, eventRasterSpec, psthSpec, isiHistogramSpec } from "./plotting/spikes";
export type { RasterOptions, PsthPlotOptions } from "./plotting/spikes";

// interop: NWB in and out, Syncopy's own HDF5 containers (src/io/)
export { load_nwb } from "./io/nwbRead";
export type { LoadNwbOptions } from "./io/nwbRead";
export { save_nwb } from "./io/saveNwbMethod";   // through saveNwbMethod: loading it installs data.save_nwb
export type { SaveNwbOptions } from "./io/nwbWrite";
export { load_ft_raw } from "./io/fieldtrip";
export type { LoadFtRawOptions } from "./io/fieldtrip";
export { loadSyncopyContainer as load_syncopy } from "./io/syncopyContainer";
export type { SyncopyLoadOptions } from "./io/syncopyContainer";

// ---- preprocessing (spy.preproc: the filter kernels on typed arrays) -------------------------
export { preprocessing, resampledata, plotfilter, filterresponse } from "./preproc";
export type { PreprocessingKeywords, ResampledataKeywords } from "./preproc/preprocessingKeywords";
/**
 * The preprocessing kernels on plain typed arrays, no data classes: Butterworth design and
 * second-order-section filtering (scipy's butter, sosfilt, sosfiltfilt), windowed-sinc FIR,
 * convolution, Hilbert transform and polyphase resampling.
 */
export * as preproc from "./preproc/kernels";

// ---- batch processing of raw recordings (spy.batch: transformations and helpers) -------------
export { load_raw, RecordingsReader, readSidecar, writeSidecar, BatchProcessor, BatchPipeline, PipedTransformation } from "./batch";
export type { LoadRawOptions, RecordingsReaderOptions, BatchProcessorOptions, ApplyOptions, DiskResult, BatchPipelineOptions } from "./batch";
/**
 * The batch module's transformations and helpers (YASS's batch/): butterworth, standardize and
 * reference for BatchProcessor / PipedTransformation, defineTransform for your own,
 * parseMaxMemory and IndexGenerator.
 */
export * as batch from "./batch/spy";

// ---- plotting --------------------------------------------------------------------------------
export { singlepanelplot, multipanelplot } from "./plotting/frontends";
export { display } from "./plot/display";
