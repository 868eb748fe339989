/** ContinuousData: data sampled on a regular time grid (time is the stacking axis). */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { BaseData, CommonProps, toTrialArray, writeTrialsToStore } from "./base";
import { isNDArray } from "../core/ndarray";
import { TrialDefinition, consecutiveTrialDefinition, parseTrialDefinition, trialIntervals, trialTime } from "./trialdefinition";
import { defaultLabels } from "./labels";
import { TrialStore } from "./trialstore";
import { DataSummary, summaryHTML, summaryText } from "../plot/summary";
import { displayHTML } from "../plot/display";
import { maxOf, minOf } from "../core/extrema";
import { joinTrials } from "./jointrials";

export interface ContinuousInit extends CommonProps {
  /** A list of trials, a stacked array (with `trialdefinition`), or an iterable/generator of trials. */
  data?: unknown;
  trialdefinition?: number[][];
  samplerate?: number;
  channel?: string[];
  dimord?: string[];
}

/** The keywords of every continuous data class's constructor (subclasses add their axes). */
export const CONTINUOUS_INIT_KEYS = ["data", "trialdefinition", "samplerate", "channel", "dimord", "cfg", "log", "info", "metadata"] as const;

/** data.time[k]: the time axis of trial k, computed on access (no per-trial work up front). */
export type TimeAxes = { readonly length: number; readonly [k: number]: Float64Array };

/**
 * Data sampled on a regular time grid, time the stacking axis (Syncopy's ContinuousData): adds
 * `samplerate`, `channel` labels and the per-trial `time` axes to BaseData. Abstract: the base of
 * AnalogData, SpectralData, CrossSpectralData and TimeLockData.
 */
export abstract class ContinuousData extends BaseData {
  private _channel: string[] = [];

  /**
   * The shared constructor: checks `dimord` (only the class's default) and `samplerate` (finite,
   * >= float eps, required with data), takes cfg/log/info/metadata, then stores `data` (a list or
   * iterable of trials, or one stacked array cut by `trialdefinition`) and sets the channel labels.
   * Throws SPYTypeError / SPYValueError naming the keyword.
   */
  protected initContinuous(init: ContinuousInit, defaultDimord: string[]): void {
    if (init.dimord !== undefined) {
      if (!Array.isArray(init.dimord)) throw new SPYTypeError("dimord", init.dimord, `the default dimord ${JSON.stringify(defaultDimord)}`);
      if (init.dimord.join() !== defaultDimord.join()) {
        throw new SPYValueError("dimord", init.dimord, `the default dimord ${JSON.stringify(defaultDimord)} (custom dimords are not supported yet)`);
      }
    }
    if (init.samplerate !== undefined && typeof init.samplerate !== "number") throw new SPYTypeError("samplerate", init.samplerate, "a finite sampling rate in Hz, >= float eps");
    if (init.samplerate === undefined || typeof init.samplerate !== "number" || !(init.samplerate >= Number.EPSILON) || !Number.isFinite(init.samplerate)) {
      if (init.data !== undefined || init.samplerate !== undefined) {
        throw new SPYValueError("samplerate", init.samplerate, "a finite sampling rate in Hz, >= float eps");
      }
    } else {
      this.samplerate = init.samplerate;
    }
    this.applyCommon(init);
    if (init.data === undefined || init.data === null) {
      if (init.trialdefinition) throw new SPYValueError("trialdefinition", init.trialdefinition, "no trialdefinition without data");
      return;
    }
    const ndim = defaultDimord.length;
    const data = init.data;
    const ext = this.fileExtension;
    let store: TrialStore;
    let trl: TrialDefinition;
    if (isNDArray(data) || (Array.isArray(data) && data.length > 0 && Array.isArray(data[0]) && typeof (data[0] as unknown[])[0] === "number")) {
      // One stacked array, kept whole as Syncopy keeps its dataset: the trialdefinition (whole
      // recording by default) cuts the trials out of it as windows, so samples between or around
      // the trials stay available to a later definetrial/redefinetrial.
      const stacked = toTrialArray(data, ndim);
      const n = stacked.shape[0];
      const rows = init.trialdefinition ? parseTrialDefinition(init.trialdefinition, n) : null;
      store = writeTrialsToStore([stacked], ndim, ext).store;
      this.setStore(store, [[0, n, 0]]);
      if (rows) this.redefineTrials(rows);
      this.setChannel(init.channel);
      return;
    } else if (Array.isArray(data) || isIterable(data)) {
      // A list or a generator of trials, streamed to storage one at a time.
      const written = writeTrialsToStore(data as Iterable<unknown>, ndim, ext);
      store = written.store;
      const consecutive = consecutiveTrialDefinition(written.lengths, -Math.round(this.samplerate));
      if (init.trialdefinition) {
        trl = parseTrialDefinition(init.trialdefinition);
        if (trl.length !== written.lengths.length || trl.some((r, k) => r[1] - r[0] !== written.lengths[k])) {
          throw new SPYValueError("trialdefinition", init.trialdefinition, `one row per trial whose stop - start equals that trial's length (${written.lengths.slice(0, 5).join(", ")}${written.lengths.length > 5 ? ", …" : ""})`);
        }
      } else {
        // Syncopy's default for a list of trials: consecutive, each with offset -1 s.
        trl = consecutive;
      }
    } else {
      throw new SPYTypeError("data", data, "a list of trials, a stacked array [time, ...] with a trialdefinition, or an iterable of trials");
    }
    this.setStore(store, trl);
    this.setChannel(init.channel);
  }

  /**
   * The list form of the constructors, `new AnalogData([a, b, c])` or `{ data: [a, b, c] }`
   * (Syncopy's `_set_dataset_property_with_spy_list`, for every continuous class): the trials of
   * the listed objects of this class, in order, with their offsets and trialinfo (Syncopy resets
   * the offsets), streamed into a new file. They must share samplerate, dtype, trial shape beside
   * the time axis and every axis' labels/values (see jointrials.ts); a label keyword (`channel`,
   * `freq`, ...) relabels the result; a `samplerate` must equal theirs; no `trialdefinition`.
   */
  protected initFromObjects(list: unknown[], opts: ContinuousInit, defaultDimord: string[]): void {
    if (opts.trialdefinition !== undefined) {
      throw new SPYValueError("trialdefinition", opts.trialdefinition, "no trialdefinition with a list of data objects (their trials are laid end to end)");
    }
    const joined = joinTrials(list, this.className, this.fileExtension);
    if (opts.samplerate !== undefined && opts.samplerate !== joined.samplerate) {
      throw new SPYValueError("samplerate", opts.samplerate, `the samplerate of the listed objects (${joined.samplerate} Hz) or none`);
    }
    this.initContinuous({ ...opts, data: undefined, samplerate: joined.samplerate }, defaultDimord);
    this.setStore(joined.store, joined.trialdefinition);
    const given = opts as Record<string, unknown>;
    for (const dim of defaultDimord.slice(1)) {
      this.setAxisValues(dim, (given[dim] ?? joined.axes[dim]) as string[] | ArrayLike<number>);
    }
  }

  /**
   * Set the channel labels, one per channel (undefined: the defaults channel1..channelN, zero-padded).
   * Repeated names are allowed, as in Syncopy. Throws SPYTypeError / SPYValueError on a bad list.
   */
  protected setChannel(channel: string[] | undefined): void {
    const n = this.tailShape[this.tailShape.length - 1];
    if (channel === undefined) {
      this._channel = defaultLabels("channel", n);
      return;
    }
    if (!Array.isArray(channel) || channel.some((c) => typeof c !== "string")) {
      throw new SPYTypeError("channel", channel, `a list of ${n} channel names`);
    }
    if (channel.length !== n) throw new SPYValueError("channel", channel, `exactly ${n} names, one per channel`);
    // repeated names are allowed, as in Syncopy: selecting such a name selects every channel that has it
    this._channel = [...channel];
  }

  get channel(): string[] { return [...this._channel]; }
  set channel(labels: string[]) { this.setChannel(labels); }

  get time(): TimeAxes {
    const trl = this.rows;
    const fs = this.samplerate;
    return new Proxy({ length: trl.length } as TimeAxes, {
      get(target, prop) {
        if (typeof prop === "string" && /^\d+$/.test(prop)) {
          const k = Number(prop);
          if (k >= trl.length) return undefined;
          return trialTime(trl[k], fs);
        }
        return (target as unknown as Record<string | symbol, unknown>)[prop];
      },
    });
  }

  /**
   * [first, last] sample time (s) of every trial, (offset) / fs and (length − 1 + offset) / fs
   * (Syncopy's `trialintervals`).
   */
  get trialintervals(): [number, number][] {
    return trialIntervals(this.rows as TrialDefinition, this.samplerate);
  }

  axisValues(dim: string): string[] | Float64Array {
    if (dim === "channel") return this.channel;
    throw new SPYValueError("dim", dim, `a non-stacking dimension of ${this.className} (${this.dimord.slice(1).join(", ")})`);
  }

  /** The numbers behind summary() and summaryHTML(): shape, dtype, trials, axes, storage, log. */
  protected describe(): DataSummary {
    const lengths = this.rows.map((r) => r[1] - r[0]);
    const axes: DataSummary["axes"] = {};
    this.extraAxes(axes!);
    return {
      className: this.className,
      dimord: this.dimord,
      shape: this.store ? this.shape : [],
      dtype: this.store ? this.dtype : "none",
      nTrials: this.nTrials,
      samplerate: this.samplerate,
      channel: this.channel,
      axes,
      trialLengths: lengths.length ? { min: minOf(lengths), max: maxOf(lengths) } : undefined,
      storage: this.storageInfo(),
      log: this.history,
      cfgKeys: Object.keys(this.cfg),
    };
  }

  /** Add the class's own axes (freq, taper) to the summary's `axes`; none here. */
  protected extraAxes(_axes: NonNullable<DataSummary["axes"]>): void { /* subclasses add freq, taper */ }

  private storageInfo(): DataSummary["storage"] {
    if (!this.store) return undefined;
    let bytes = 0;
    try { bytes = require("fs").statSync(this.store.path).size; } catch { /* removed */ }
    return { path: this.store.path, bytes };
  }

  summary(): string { return summaryText(this.describe()); }
  summaryHTML(): string { return summaryHTML(this.describe()); }

  /** Render the summary inline in tslab (HTML + text in one output). */
  display(): void { displayHTML(this.summaryHTML(), this.summary()); }
}

function isIterable(x: unknown): x is Iterable<unknown> {
  return typeof x === "object" && x !== null && typeof (x as Iterable<unknown>)[Symbol.iterator] === "function";
}
