/**
 * NwbSeriesStore: the TrialBackend behind a load_nwb series whose data are stored without filters.
 * Nothing is read or copied at load time: a trial (or any definetrial window) reads its own rows
 * from the NWB file when it is asked for, through h5wasm's checked read, and converts them to
 * physical units straight from h5wasm's heap into the array it returns. Reading those bytes costs
 * what reading a copy would, so a copy (2× the file's int16 bytes as float32) would only add a
 * write and a read.
 *
 * The stored pieces are blocks of `memuse` MB (as the eager reader's), so no read holds more than
 * one block. The store keeps its own HDF5 handle on the file for its lifetime (closed when the
 * store is garbage-collected): a file replaced at the same path (save_nwb writes a new file and
 * renames it) does not change the object's values; the file's old contents stay readable until
 * then. Never temporary: the user's file is never removed or written.
 */
import { SPYIOError, SPYValueError } from "../core/errors";
import type { DType, NDArray } from "../core/ndarray";
import type { TrialBackend } from "../data/trialstore";
import { H5Module } from "./h5wasmLoader";
import { Dataset, H5File, datasetAt, withRows } from "./h5file";
import { Scaling, newOutput, scaleInto } from "./nwbScaling";

const closer = new FinalizationRegistry<H5File>((f) => {
  try { f.close(); } catch { /* closed already */ }
});

export class NwbSeriesStore implements TrialBackend {
  readonly temporary = false;
  readonly nTrials: number;
  private readonly data: Dataset;

  /**
   * Open `file` again (the caller's handle may be closed) for rows of the dataset at `dataPath`
   * ([nSamples, nChannels] or [nSamples]) in pieces of `blockRows` rows.
   */
  constructor(
    private readonly h5: H5Module,
    readonly path: string,
    dataPath: string,
    private readonly nSamples: number,
    private readonly nChannels: number,
    private readonly blockRows: number,
    readonly dtype: DType,
    private readonly scaling: Scaling,
  ) {
    let f: H5File;
    try {
      f = new h5.File(path, "r");
    } catch (e) {
      throw new SPYIOError(path, `HDF5 could not open it again to read '${dataPath}' (${(e as Error).message})`);
    }
    const d = datasetAt(h5, f, dataPath);
    if (!d) {
      f.close();
      throw new SPYIOError(path, `'${dataPath}' is gone`);
    }
    this.data = d;
    this.nTrials = Math.ceil(nSamples / blockRows);
    closer.register(this, f);
  }

  get tailShape(): number[] { return [this.nChannels]; }

  trialLength(j: number): number {
    return Math.min(this.nSamples, (j + 1) * this.blockRows) - j * this.blockRows;
  }

  readTrial(j: number): NDArray {
    return this.readRange(j, 0, this.trialLength(j));
  }

  /** Rows [start, stop) of piece j, in physical units: one HDF5 read, one conversion. */
  readRange(j: number, start: number, stop: number): NDArray {
    const len = this.trialLength(j);
    if (!(j >= 0 && j < this.nTrials && start >= 0 && start <= stop && stop <= len)) {
      throw new SPYValueError("rows", [j, start, stop], `rows inside piece ${j} of ${this.nTrials} (0 to ${len})`);
    }
    const a = j * this.blockRows + start, b = j * this.blockRows + stop;
    const n = (b - a) * this.nChannels;
    const out = newOutput(this.dtype, n);
    if (n > 0) {
      withRows(this.h5, this.path, this.data, a, b, (raw) => {
        if (raw.length !== n) throw new SPYIOError(this.path, `reading rows ${a}-${b} of '${this.data.path}' gave ${raw.length} values, not ${n}`);
        scaleInto(raw, out, this.scaling);
      });
    }
    return { data: out, shape: [b - a, this.nChannels], dtype: this.dtype };
  }

  attach(): void { /* nothing to clean up: the file belongs to the user; the handle closes with the store */ }
}
