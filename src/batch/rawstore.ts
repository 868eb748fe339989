/**
 * RawTrialStore: the TrialBackend behind spy.load_raw. It serves one stored trial, the whole
 * recording, straight from the raw file through a RecordingsReader: nothing is copied, and
 * definetrial windows (StackView.readRange) read only their own rows. Never temporary, so the
 * user's file is never removed or written.
 */
import { DType, NDArray } from "../core/ndarray";
import { TrialBackend } from "../data/trialstore";
import { RecordingsReader } from "./reader";

export class RawTrialStore implements TrialBackend {
  readonly temporary = false;
  readonly nTrials = 1;
  /** per-channel factors (e.g. µV per bit); when given, trials read as float32 */
  private readonly scale: Float64Array | null;

  constructor(readonly reader: RecordingsReader<false>, scale?: number | number[]) {
    if (scale === undefined) this.scale = null;
    else this.scale = Float64Array.from(typeof scale === "number" ? new Array(reader.n_channels).fill(scale) : scale);
  }

  get path(): string { return this.reader.path; }
  get dtype(): DType { return this.scale ? "float32" : this.reader.dtype; }
  get tailShape(): number[] { return [this.reader.n_channels]; }
  trialLength(): number { return this.reader.n_observations; }
  readTrial(): NDArray { return this.readRange(0, 0, this.reader.n_observations); }

  readRange(_k: number, start: number, stop: number): NDArray {
    const raw = this.reader.get({ start, stop });
    if (!this.scale) return raw;
    const nCh = this.reader.n_channels, s = this.scale;
    const out = new Float32Array(raw.data.length);
    for (let i = 0; i < out.length; i++) out[i] = raw.data[i] * s[i % nCh];
    return { data: out, shape: raw.shape, dtype: "float32" };
  }

  attach(): void { /* nothing to clean up: the file belongs to the user */ }
}
