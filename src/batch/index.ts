/** The batch module (YASS's batch/): raw binary recordings larger than memory. */
export { RecordingsReader, RAW_DTYPES } from "./reader";
export type { RecordingsReaderOptions, IndexedRead } from "./reader";
export type { Slice, AxisKey } from "./indexing";
export { readSidecar, writeSidecar, sidecarPath } from "./sidecar";
export { load_raw } from "./loadRaw";
export type { LoadRawOptions } from "./loadRaw";
