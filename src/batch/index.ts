/** The batch module (YASS's batch/): raw binary recordings larger than memory. */
export { RecordingsReader, RAW_DTYPES } from "./reader";
export type { RecordingsReaderOptions, IndexedRead } from "./reader";
export type { Slice, AxisKey } from "./indexing";
export { readSidecar, writeSidecar, sidecarPath } from "./sidecar";
export { load_raw } from "./loadRaw";
export type { LoadRawOptions } from "./loadRaw";
export { IndexGenerator } from "./indexGenerator";
export type { BatchIndex } from "./indexGenerator";
export { BatchProcessor } from "./processor";
export type { BatchProcessorOptions, ApplyOptions, SingleChannelApplyOptions, DiskResult, BatchFunction, BatchInfo } from "./processor";
export { BatchPipeline, PipedTransformation } from "./pipeline";
export type { BatchPipelineOptions, PipedTransformationOptions, PipeMode } from "./pipeline";
export { parseMaxMemory } from "./memory";
export { defineTransform } from "./transform";
export type { BatchTransform } from "./transform";
export * as transforms from "./transforms";
