/**
 * TrialStore: the lazily read trials behind one data object, and the writer that
 * makes one. A thin layer over storage/ (Arrow IPC files) that also owns the
 * life cycle of temporary files: an unsaved object's file is removed when the object
 * is garbage-collected or the process exits.
 */
import { DType, NDArray } from "../core/ndarray";
import { TrialFileReader, TrialFileWriter, newTempFile, release, checkStorage } from "./storage";
import { warn } from "../core/warnings";

const finalizer = new FinalizationRegistry<{ reader: TrialFileReader; path: string }>((held) => {
  try { held.reader.close(); } catch { /* already closed */ }
  release(held.path);
});

/**
 * What BaseData needs from the storage behind its trials. TrialStore (an Arrow file) is the
 * usual one; batch/RawTrialStore serves trials straight from a raw recording. `readRange`, when
 * present, reads rows [start, stop) of stored trial k without reading the whole trial, so that
 * trials defined on a recording bigger than memory read only their own bytes.
 */
export interface TrialBackend {
  readonly path: string;
  readonly temporary: boolean;
  readonly nTrials: number;
  readonly dtype: DType;
  readonly tailShape: number[];
  readTrial(k: number): NDArray;
  trialLength(k: number): number;
  readRange?(k: number, start: number, stop: number): NDArray;
  /** Where stored trial k's values lie in `path` (see TrialFileReader.trialLocation), if they do. */
  locateTrial?(k: number): { position: number; bytes: number } | null;
  attach(owner: object): void;
}

export class TrialStore implements TrialBackend {
  readonly reader: TrialFileReader;
  readonly path: string;
  readonly temporary: boolean;

  constructor(reader: TrialFileReader, path: string, temporary: boolean) {
    this.reader = reader;
    this.path = path;
    this.temporary = temporary;
  }

  /** Register `owner` so that its temporary file goes when it does. */
  attach(owner: object): void {
    if (this.temporary) finalizer.register(owner, { reader: this.reader, path: this.path }, this);
  }

  get nTrials(): number { return this.reader.nTrials; }
  get dtype(): DType { return this.reader.dtype as DType; }
  get tailShape(): number[] { return [...this.reader.tailShape]; }
  readTrial(k: number): NDArray { return this.reader.readTrial(k); }
  /** Rows [start, stop) of trial k, reading only those rows unless the trial is cached. */
  readRange(k: number, start: number, stop: number): NDArray { return this.reader.readRange(k, start, stop); }
  trialLength(k: number): number { return this.reader.trialLength(k); }
  locateTrial(k: number): { position: number; bytes: number } { return this.reader.trialLocation(k); }

  static open(path: string, temporary = false): TrialStore {
    return new TrialStore(TrialFileReader.open(path), path, temporary);
  }
}

/** Streams trials into a new temporary file, then opens it as a TrialStore. */
export class TrialStoreWriter {
  private readonly writer: TrialFileWriter;
  private readonly path: string;
  readonly dtype: DType;
  readonly tailShape: number[];
  readonly lengths: number[] = [];

  constructor(ext: string, dtype: DType, tailShape: number[], opts: { trialLength?: number; metadata?: Record<string, string> } = {}) {
    this.path = newTempFile(ext);
    this.dtype = dtype;
    this.tailShape = [...tailShape];
    this.writer = new TrialFileWriter(this.path, { dtype, tailShape, trialLength: opts.trialLength, metadata: opts.metadata });
  }

  append(trial: NDArray): void {
    this.writer.append(trial);
    this.lengths.push(trial.shape[0]);
  }

  /**
   * Lay out trials of these lengths now and write their values later, in any order, with
   * `writeAt` or by positioned writes to `partialPath` at the returned positions (the compute
   * engine's workers do that). See TrialFileWriter.reserve.
   */
  reserve(lengths: readonly number[]): Float64Array {
    const positions = this.writer.reserve(lengths);
    // A loop, not push(...lengths): a spread of 200 000 arguments overflows the call stack.
    for (const n of lengths) this.lengths.push(n);
    return positions;
  }

  /** Write reserved trial k. */
  writeAt(k: number, trial: NDArray): void {
    this.writer.writeAt(k, trial);
  }

  /** The file being written (renamed to its final name by `finish`). */
  get partialPath(): string {
    return this.writer.partialPath;
  }

  finish(): TrialStore {
    this.writer.close();
    // the temp folder is bounded: say so when a new object pushes it over the limit
    const over = checkStorage();
    if (over) warn(over);
    return TrialStore.open(this.path, true);
  }

  abort(): void {
    try { this.writer.abort(); } finally { release(this.path); }
  }
}
