/** Storage layer: Arrow IPC trial files, temp storage, `.spy` containers. */
export { TrialFileWriter } from "./writer";
export type { TrialFileWriterOptions, TrialFileWriteResult } from "./writer";
export { TrialFileReader } from "./reader";
export type { TrialFileReaderOptions } from "./reader";
export { copyTrials } from "./copy";
export type { CopyTrialsOptions } from "./copy";
export { sha256File, CHECKSUM_ALGORITHM } from "./checksum";
export {
  newTempFile, release, releaseAll, isOwnedTempFile, storageDir, storageSize, getStorageLimit, setStorageLimit, checkStorage,
  sessionId, DEFAULT_STORAGE_LIMIT, getResultWarnSize, setResultWarnSize, resultWarnThreshold, freeSpace, DEFAULT_RESULT_WARN_SIZE,
} from "./tempStorage";
export type { CleanupOptions, CleanupResult } from "./tempStorage";
export { cleanup } from "./cleanup";
export { openRegularFile, readSmallFile, fileKind, MAX_METADATA_BYTES } from "./safeFile";
export { beginWrite, endWrite, leftoverStale, pidAlive, STALE_UNNAMED_MS } from "./leftovers";
export { writeContainer, readContainer, recoverContainer, spytsVersion, CONTAINER_EXT, SIDECAR_EXT } from "./container";
export type {
  ContainerEntryInput, WriteContainerOptions, ReadContainerOptions, ContainerEntry, LoadedContainerEntry, Sidecar, SidecarFields,
} from "./container";
export { STORAGE_META_KEY, STORAGE_FORMAT_VERSION, DEFAULT_BATCH_BYTES, TRIAL_COLUMN } from "./format";
export type { StorageInfo } from "./format";
