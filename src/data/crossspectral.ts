/**
 * CrossSpectralData: channel x channel quantities over frequency (and optionally time or lag),
 * Syncopy's dimord ["time", "freq", "channel_i", "channel_j"]; what connectivityanalysis returns.
 *
 * Trials are stored like every ContinuousData (Arrow trial file, one trial per row, stacking axis
 * "time" first). The two channel axes carry their own labels, `channel_i` (rows, Syncopy's
 * senders) and `channel_j` (columns, receivers); there is no single `channel` (Syncopy's property
 * returns a reminder string; here reading or setting it is an error naming channel_i/channel_j).
 * Selections: trials, latency, frequency, channel_i, channel_j.
 */
import * as fs from "fs";
import { SPYTypeError, SPYValueError } from "../core/errors";
import type { NDArray } from "../core/ndarray";
import { ContinuousData, ContinuousInit, CONTINUOUS_INIT_KEYS } from "./continuous";
import { checkOptions } from "../core/keywords";
import type { BaseData } from "./base";
import { isDataObjectList } from "./jointrials";
import { defaultLabels } from "./labels";
import { DataSummary } from "../plot/summary";
import { registerDataClass } from "./registry";
import { checkFreq } from "./spectral";
import { maxOf, minOf } from "../core/extrema";

export interface CrossSpectralInit extends Omit<ContinuousInit, "channel"> {
  freq?: ArrayLike<number>;
  channel_i?: string[];
  channel_j?: string[];
}

/**
 * Channel × channel quantities over frequency (Syncopy's CrossSpectralData), what
 * connectivityanalysis returns; dimord `["time", "freq", "channel_i", "channel_j"]`. Two label
 * axes, `channel_i` (rows) and `channel_j` (columns), and no `channel`.
 */
export class CrossSpectralData extends ContinuousData {
  static readonly defaultDimord = ["time", "freq", "channel_i", "channel_j"];
  readonly className = "CrossSpectralData";
  readonly fileExtension = ".crossspectral";
  readonly selectionKeywords = ["trials", "latency", "frequency", "channel_i", "channel_j"];
  private _freq: Float64Array = new Float64Array(0);
  private _channelI: string[] = [];
  private _channelJ: string[] = [];

  /**
   * `init` holds the data and keywords (CrossSpectralInit). A list of CrossSpectralData objects,
   * `new CrossSpectralData([a, b])` or `{ data: [a, b] }` (Syncopy's forms), joins their trials in
   * order (they must share samplerate, dtype, freq, channel_i and channel_j; see
   * ContinuousData.initFromObjects). Unknown keywords are errors, as for the other classes.
   */
  constructor(init: CrossSpectralInit | BaseData[] = {}) {
    super(CrossSpectralData.defaultDimord);
    if (init !== null && typeof init === "object" && !Array.isArray(init) && "channel" in init) {
      throw new SPYValueError("channel", (init as { channel?: unknown }).channel, "channel_i and channel_j (CrossSpectralData has two channel axes)");
    }
    init = checkOptions(isDataObjectList(init) ? { data: init } : init, "CrossSpectralData",
      [...CONTINUOUS_INIT_KEYS.filter((k) => k !== "channel"), "freq", "channel_i", "channel_j"]) as CrossSpectralInit;
    if (isDataObjectList(init.data)) {
      this.initFromObjects(init.data, init as ContinuousInit, CrossSpectralData.defaultDimord);
      return;
    }
    this.initContinuous(init as ContinuousInit, CrossSpectralData.defaultDimord);
    if (init.data !== undefined && init.data !== null) {
      this.setFreq(init.freq);
      this.setChannelI(init.channel_i);
      this.setChannelJ(init.channel_j);
    }
  }

  /** Called by initContinuous once the trials are stored: Syncopy's default labels on both axes. */
  protected setChannel(_channel: string[] | undefined): void {
    this.setChannelI(undefined);
    this.setChannelJ(undefined);
  }

  /** CrossSpectralData has no `channel`: use channel_i and channel_j. */
  get channel(): string[] {
    throw new SPYValueError("channel", "CrossSpectralData.channel", "channel_i (rows) and channel_j (columns): CrossSpectralData has two channel axes");
  }
  set channel(_labels: string[]) {
    throw new SPYValueError("channel", _labels, "channel_i (rows) and channel_j (columns): CrossSpectralData has two channel axes");
  }

  /**
   * Jackknife variance of a jackknifed coh or granger result (`jackknife: true`), Syncopy's
   * definition: (N - 1) sum_k |theta_k - mean theta|^2 over the leave-one-out replicates; the
   * standard error of the estimate is sqrt(jack_var / N). [1, freq, channel_i, channel_j] float32;
   * undefined without a jackknife.
   */
  get jack_var(): NDArray | undefined { return this.dataset("jack_var"); }
  /** Jackknife bias, (N - 1) (mean theta_k - theta); the bias-corrected estimate is data - jack_bias. */
  get jack_bias(): NDArray | undefined { return this.dataset("jack_bias"); }

  /** The frequency axis in Hz (a copy); assignable, as in Syncopy. */
  get freq(): Float64Array { return this._freq.slice(); }
  set freq(freq: ArrayLike<number>) { this.setFreq(freq); }
  get channel_i(): string[] { return [...this._channelI]; }
  set channel_i(labels: string[]) { this.setChannelI(labels); }
  get channel_j(): string[] { return [...this._channelJ]; }
  set channel_j(labels: string[]) { this.setChannelJ(labels); }

  /** Set the frequency axis in Hz, one finite number per freq bin (undefined: 0..n−1); as SpectralData.setFreq. */
  setFreq(freq: ArrayLike<number> | undefined): void {
    this._freq = checkFreq(freq, this.tailShape[0] ?? 0);
  }

  /** Set the row labels, one per channel_i entry (undefined: channel1..channelN); repeats allowed. */
  setChannelI(labels: string[] | undefined): void { this._channelI = this.checkLabels("channel_i", labels, 1); }
  /** Set the column labels, one per channel_j entry (undefined: channel1..channelN); repeats allowed. */
  setChannelJ(labels: string[] | undefined): void { this._channelJ = this.checkLabels("channel_j", labels, 2); }

  private checkLabels(param: string, labels: string[] | undefined, axis: number): string[] {
    const n = this.tailShape[axis] ?? 0;
    if (labels === undefined) return defaultLabels("channel", n);
    if (!Array.isArray(labels) || labels.some((c) => typeof c !== "string")) {
      throw new SPYTypeError(param, labels, `a list of ${n} channel names`);
    }
    if (labels.length !== n) throw new SPYValueError(param, labels, `exactly ${n} names, one per ${param} entry`);
    // repeated names are allowed, as in Syncopy (and as a selection with repeats produces them)
    return [...labels];
  }

  axisValues(dim: string): string[] | Float64Array {
    if (dim === "freq") return this.freq;
    if (dim === "channel_i") return this.channel_i;
    if (dim === "channel_j") return this.channel_j;
    throw new SPYValueError("dim", dim, `a non-stacking dimension of ${this.className} (freq, channel_i, channel_j)`);
  }

  /** The summary rows: ContinuousData's, with freq, channel_i and channel_j as axes (no `channel`). */
  protected describe(): DataSummary {
    const lengths = this.rows.map((r) => r[1] - r[0]);
    const axes: NonNullable<DataSummary["axes"]> = {};
    const f = this._freq;
    if (f.length) axes.freq = { size: f.length, first: f[0], last: f[f.length - 1], unit: "Hz" };
    for (const [name, labels] of [["channel_i", this._channelI], ["channel_j", this._channelJ]] as const) {
      if (labels.length) axes[name] = { size: labels.length, first: labels[0], last: labels[labels.length - 1] };
    }
    let storage: DataSummary["storage"];
    const where = this.storage;
    if (where) {
      let bytes = 0;
      try { bytes = fs.statSync(where.path).size; } catch { /* removed */ }
      storage = { path: where.path, bytes };
    }
    return {
      className: this.className,
      dimord: this.dimord,
      shape: where ? this.shape : [],
      dtype: where ? this.dtype : "none",
      nTrials: this.nTrials,
      samplerate: this.samplerate,
      axes,
      trialLengths: lengths.length ? { min: minOf(lengths), max: maxOf(lengths) } : undefined,
      storage,
      log: this.history,
      cfgKeys: Object.keys(this.cfg),
      datasets: Object.fromEntries(this.datasetNames().map((n) => {
        const a = this.dataset(n)!;
        return [n, `[${a.shape.join(", ")}] ${a.dtype}`];
      })),
      info: this.info,
    };
  }

  /**
   * The raveled view of one trial (mne-connectivity's `get_data("raveled")`), for tables: one row
   * per channel pair (channel_i-major: (i0, j0), (i0, j1), ...), `data` [pairs, freq] or, for a
   * time-resolved result, [pairs, freq, time] (mne-connectivity's order), in the stored dtype.
   */
  ravel(trial = 0): { channel_i: string[]; channel_j: string[]; freq: Float64Array; time: Float64Array | null; data: NDArray } {
    if (!Number.isInteger(trial) || trial < 0 || trial >= this.nTrials) {
      throw new SPYValueError("trial", trial, `a trial index in [0, ${this.nTrials - 1}]`);
    }
    const t = this.trials[trial];
    const [T, F, Ci, Cj] = t.shape;
    const w = t.dtype === "complex64" || t.dtype === "complex128" ? 2 : 1;
    const out = new (t.data.constructor as { new (n: number): NDArray["data"] })(t.data.length);
    const li = this.channel_i, lj = this.channel_j;
    const ci: string[] = [], cj: string[] = [];
    let o = 0;
    for (let i = 0; i < Ci; i++) {
      for (let j = 0; j < Cj; j++) {
        ci.push(li[i]);
        cj.push(lj[j]);
        for (let f = 0; f < F; f++) {
          for (let k = 0; k < T; k++) {
            for (let q = 0; q < w; q++) out[o++] = t.data[(((k * F + f) * Ci + i) * Cj + j) * w + q];
          }
        }
      }
    }
    return {
      channel_i: ci, channel_j: cj, freq: this.freq, time: T > 1 ? Float64Array.from(this.time[trial]) : null,
      data: { data: out, shape: T > 1 ? [Ci * Cj, F, T] : [Ci * Cj, F], dtype: t.dtype },
    };
  }
}

registerDataClass("CrossSpectralData", CrossSpectralData);
