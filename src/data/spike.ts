/**
 * SpikeData: spike times of single and multi units (Syncopy's class of the same name), one row per
 * spike with the columns `sample`, `channel`, `unit` (int64 on disk, integer-valued Float64Array
 * in memory: exact to 2^53 and usable in number arithmetic without BigInt), sorted by sample.
 *
 * ## Public API (for spike_psth, ISI statistics, rasters)
 *
 * Construction: `new SpikeData({ data, samplerate, trialdefinition, channel, unit, waveform })`,
 * `data` as rows `[[sample, channel, unit], ...]`, an NDArray [nSpikes, 3], or columns
 * `{ sample, channel, unit }` (typed arrays; the fast form for 10^7 spikes).
 *
 * Per trial (reads only that trial's rows, one read per column):
 * - `data.nTrials`, `data.trialdefinition` (rows [start, stop, offset, trialinfo...] in samples),
 *   `data.trialintervals` ([first, last] s), `data.trialCounts` (spikes per trial);
 * - `data.column("sample" | "channel" | "unit" | "trialid", k)`: one column of trial k;
 * - `data.trialTimes(k)`: the spikes' times in s, (sample - start + offset) / samplerate;
 * - `data.trialColumns(k)`: { sample, channel, unit, time } of trial k at once;
 * - `data.spikesByUnit(k)`: Map unit value -> Float64Array of that unit's spike times in trial k,
 *   ascending (one pass over the trial; the fast way to iterate a trial's spikes by unit);
 * - `data.spikesByChannelUnit(k)`: the same keyed by "c,u" for channel-unit pairs;
 * - `data.trials[k]`: the trial's rows as an NDArray [n, 3] (Syncopy's form).
 * Whole table: `data.column(name)` (all rows, also those outside every trial), `data.data`,
 * `data.trialid`, `data.trialtime` (NaN outside trials), `data.nRows`.
 * Labels: `data.channel` / `data.unit` (one name per distinct value), `data.channel_idx` /
 * `data.unit_idx` (the distinct values, ascending: label i names value idx[i]);
 * `data.unitLabel(value)`, `data.channelLabel(value)`.
 * Selections: `data.resolve({ trials, latency, channel, unit })` then
 * `data.selectedRowIndices(sel, i)` (row numbers in the table) or `data.readSelectedTrial(sel, i)`.
 *
 * Differences from Syncopy: the default trial runs from the first sample through the last one
 * (Syncopy's [min, max] drops the spikes at the last sample, its stop being exclusive); `unit`
 * selections by index name the i-th label (the i-th distinct unit value; Syncopy compares the
 * index with the raw unit value); unsorted rows are sorted with a warning instead of giving
 * wrong trials.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { maxOf } from "../core/extrema";
import { checkOptions } from "../core/keywords";
import { NDArray, ascontiguous, fromNested, isNDArray } from "../core/ndarray";
import { DiscreteData, DiscreteInit } from "./discrete";
import { ResolvedSelection, SelectionSpec, resolveLabels, LabelSelector } from "./selection";
import { registerDataClass } from "./registry";

/**
 * The SpikeData constructor's keywords: DiscreteInit's (data rows [sample, channel, unit],
 * trialdefinition, samplerate, dimord, cfg, log, info, metadata) plus labels and waveforms.
 */
export interface SpikeInit extends DiscreteInit {
  /** One name per distinct channel value, in ascending value order (default channel{v+1}). */
  channel?: string[];
  /** One name per distinct unit value, in ascending value order (default unit{v+1}). */
  unit?: string[];
  /** One waveform per spike: [nSpikes, ...] with at least 2 dimensions. */
  waveform?: NDArray | number[][] | number[][][];
}

const INIT_KEYS = ["data", "trialdefinition", "samplerate", "channel", "unit", "dimord", "waveform", "cfg", "log", "info", "metadata"];

/** Syncopy's default labels: prefix + (value + 1), zero-padded to the width of the largest value. */
export function discreteLabels(prefix: string, values: number[]): string[] {
  const width = String(maxOf(values)).length;
  return values.map((v) => prefix + String(v + 1).padStart(width, "0"));
}

/**
 * Spike times of single and multi units (Syncopy's SpikeData): one row per spike with the columns
 * sample, channel and unit, sorted by sample, in an Arrow table read trial by trial. See the file
 * overview above for the per-trial accessors and the differences from Syncopy.
 */
export class SpikeData extends DiscreteData {
  static readonly defaultDimord = ["sample", "channel", "unit"];
  readonly className = "SpikeData";
  readonly fileExtension = ".spike";
  readonly selectionKeywords = ["trials", "latency", "channel", "unit"];
  private _channel: string[] = [];
  private _unit: string[] = [];
  private _channelIdx: number[] = [];
  private _unitIdx: number[] = [];
  private _waveform: NDArray | null = null;

  constructor(init: SpikeInit = {}) {
    const o = checkOptions(init, "SpikeData", INIT_KEYS) as SpikeInit;
    super(permutedDimord(o.dimord, SpikeData.defaultDimord, "SpikeData"));
    if (o.data === undefined || o.data === null) {
      for (const key of ["channel", "unit", "waveform"] as const) {
        if (o[key] !== undefined) throw new SPYValueError(key, o[key], "non-empty SpikeData", `cannot assign \`${key}\` without data. Please assign data first`);
      }
    }
    const order = this.initDiscrete(o);
    if (o.channel !== undefined) this.channel = o.channel;
    if (o.unit !== undefined) this.unit = o.unit;
    if (o.waveform !== undefined) {
      const w = toArray(o.waveform, "waveform");
      this.waveform = order ? takeRows(w, order) : w;
    }
  }

  protected checkColumns(cols: Float64Array[]): void {
    for (const name of ["channel", "unit"]) {
      const col = cols[this.dimord.indexOf(name)];
      for (let i = 0; i < col.length; i++) {
        if (col[i] < 0) throw new SPYValueError("data", `${name} ${col[i]} in row ${i}`, `non-negative ${name} indices`);
      }
    }
  }

  protected afterData(cols: Float64Array[]): void {
    this._channelIdx = distinct(cols[this.dimord.indexOf("channel")]);
    this._unitIdx = distinct(cols[this.dimord.indexOf("unit")]);
    this._channel = discreteLabels("channel", this._channelIdx);
    this._unit = discreteLabels("unit", this._unitIdx);
  }

  /**
   * Labels of a new object made from `src`'s rows (selectdata, load): the distinct values of this
   * table, named as `src` (or the saved labels) named them.
   */
  inheritLabels(src: { channel_idx: number[]; unit_idx: number[]; channel: string[]; unit: string[] }): void {
    this._channelIdx = this.uniqueValues("channel");
    this._unitIdx = this.uniqueValues("unit");
    const name = (vals: number[], labels: string[], v: number, prefix: string) => {
      const i = vals.indexOf(v);
      return i >= 0 ? labels[i] : discreteLabels(prefix, [v])[0];
    };
    this._channel = this._channelIdx.map((v) => name(src.channel_idx, src.channel, v, "channel"));
    this._unit = this._unitIdx.map((v) => name(src.unit_idx, src.unit, v, "unit"));
  }

  protected adoptFrom(src: this, rows: Float64Array | null): void {
    if (rows === null) this.restoreLabels({ channel_idx: src._channelIdx, unit_idx: src._unitIdx, channel: src._channel, unit: src._unit });
    else this.inheritLabels(src);
    const w = src._waveform;
    if (w) this._waveform = rows === null ? w : takeRows(w, Uint32Array.from(rows));
  }

  /** Set labels and distinct values as saved (load: no pass over the table). */
  restoreLabels(saved: { channel_idx: number[]; unit_idx: number[]; channel: string[]; unit: string[] }): void {
    this._channelIdx = [...saved.channel_idx];
    this._unitIdx = [...saved.unit_idx];
    this.channel = saved.channel;
    this.unit = saved.unit;
  }

  // ---- labels -----------------------------------------------------------------------------

  /** Channel names, one per distinct channel value (ascending values). */
  get channel(): string[] { return [...this._channel]; }
  set channel(labels: string[]) { this.setChannel(labels); }
  /** Unit names, one per distinct unit value (ascending values). */
  get unit(): string[] { return [...this._unit]; }
  set unit(labels: string[]) { this.setUnit(labels); }
  /** The distinct channel values (Syncopy's channel_idx). */
  get channel_idx(): number[] { return [...this._channelIdx]; }
  /** The distinct unit values (Syncopy's unit_idx). */
  get unit_idx(): number[] { return [...this._unitIdx]; }

  /** Set the channel names, one per distinct channel value (undefined: channel{v+1}). Throws on a wrong type or count, or without data. */
  setChannel(labels: string[] | undefined): void { this._channel = this.checkLabels("channel", labels, this._channelIdx); }
  /** Set the unit names, one per distinct unit value (undefined: unit{v+1}). Throws on a wrong type or count, or without data. */
  setUnit(labels: string[] | undefined): void { this._unit = this.checkLabels("unit", labels, this._unitIdx); }

  /** The name of a channel value / unit value (undefined when no row has it). */
  channelLabel(value: number): string | undefined { return this._channel[this._channelIdx.indexOf(value)]; }
  /** The name of a unit value (undefined when no row has it). */
  unitLabel(value: number): string | undefined { return this._unit[this._unitIdx.indexOf(value)]; }

  private checkLabels(name: string, labels: unknown, idx: number[]): string[] {
    if (!this.tableFile) {
      if (labels === undefined || labels === null) return [];
      throw new SPYValueError(name, labels, "non-empty SpikeData", `cannot assign \`${name}\` without data. Please assign data first`);
    }
    if (labels === undefined) return discreteLabels(name, idx);
    if (labels === null) throw new SPYValueError(name, null, `${name} labels, cannot set \`${name}\` to \`None\` with existing data`);
    if (!Array.isArray(labels) || labels.some((l) => typeof l !== "string")) throw new SPYTypeError(name, labels, `a list of ${idx.length} ${name} names`);
    if (labels.length !== idx.length) throw new SPYValueError(name, labels, `exactly ${idx.length} ${name} label(s), one per distinct ${name} value (${idx.join(", ")})`);
    return [...labels];
  }

  axisValues(dim: string): string[] {
    if (dim === "channel") return this.channel;
    if (dim === "unit") return this.unit;
    throw new SPYValueError("dim", dim, "channel or unit (the label axes of SpikeData)");
  }

  // ---- waveform ---------------------------------------------------------------------------

  /** One waveform per spike, [nSpikes, ...] (a copy; null when none). */
  get waveform(): NDArray | null {
    const w = this._waveform;
    return w ? { data: w.data.slice(), shape: [...w.shape], dtype: w.dtype } : null;
  }
  set waveform(w: NDArray | null) {
    if (!this.tableFile) {
      if (w === null || w === undefined) return;
      throw new SPYValueError("waveform", "a waveform", "non-empty SpikeData", "empty SpikeData main dataset. Cannot assign `waveform` without data. Please assign data first.");
    }
    if (w === null) { this._waveform = null; return; }
    const a = toArray(w, "waveform");
    if (a.shape.length < 2) throw new SPYValueError("waveform", `data with ${a.shape.length} dimensions`, "waveform data with at least 2 dimensions");
    if (a.shape[0] !== this.nRows) {
      throw new SPYValueError("waveform", `wrong size waveform with shape [${a.shape}]`, `waveform shape[0] = nSpikes = ${this.nRows}: one waveform per spike in data`);
    }
    this._waveform = ascontiguous(a, true);
  }

  datasetNames(): string[] { return [...super.datasetNames(), ...(this._waveform ? ["waveform"] : [])]; }
  dataset(name: string): NDArray | undefined {
    return name === "waveform" ? this.waveform ?? undefined : super.dataset(name);
  }
  setDataset(name: string, array: NDArray): void {
    if (name === "waveform") this.waveform = array;
    else super.setDataset(name, array);
  }

  // ---- per-trial iteration ----------------------------------------------------------------

  /** Trial k's spike times (s) per unit value, each ascending; units without spikes are absent. */
  spikesByUnit(k: number): Map<number, Float64Array> {
    return groupTimes(this.column("unit", k), null, this.trialTimes(k));
  }

  /** Trial k's spike times (s) per channel-unit pair, keyed "channel,unit" (values). */
  spikesByChannelUnit(k: number): Map<string, Float64Array> {
    return groupTimes(this.column("channel", k), this.column("unit", k), this.trialTimes(k));
  }

  // ---- selections -------------------------------------------------------------------------

  protected get filterColumns(): string[] { return ["channel", "unit"]; }

  protected selectedValues(key: string, spec: SelectionSpec, base: ResolvedSelection): Set<number> | null {
    if (key === "channel") {
      const pos = base.dims.channel;
      return pos ? new Set(pos.map((p) => this._channelIdx[p])) : null;
    }
    const pos = resolveLabels("unit", spec.unit as LabelSelector, this._unit);
    return pos ? new Set(pos.map((p) => this._unitIdx[p])) : null;
  }

  // ---- display ----------------------------------------------------------------------------

  protected countRows(): { key: string; value: string }[] {
    const counts = this.countValues("unit");
    const parts = this._unitIdx.map((v, i) => `${this._unit[i]} ${counts.get(v) ?? 0}`);
    const shown = parts.length <= 8 ? parts.join(", ") : [...parts.slice(0, 3), "…", ...parts.slice(-2)].join(", ");
    return [
      { key: "spikes", value: `${this.nRows} (${this.trialCounts.reduce((a, b) => a + b, 0)} in trials)` },
      { key: "channel", value: `${this._channel.length}: ${this._channel.length <= 8 ? this._channel.join(", ") : [...this._channel.slice(0, 3), "…", ...this._channel.slice(-2)].join(", ")}` },
      { key: "unit", value: `${this._unit.length}: ${shown} spikes` },
    ];
  }
}

registerDataClass("SpikeData", SpikeData);

/** A dimord that is the default or a permutation of it (Syncopy's rule for SpikeData). */
export function permutedDimord(dimord: unknown, def: string[], cls: string): string[] {
  if (dimord === undefined || dimord === null) return [...def];
  if (!Array.isArray(dimord) || dimord.some((d) => typeof d !== "string")) throw new SPYTypeError("dimord", dimord, `a permutation of ${JSON.stringify(def)}`);
  if (dimord.length !== def.length || !def.every((d) => dimord.includes(d))) {
    throw new SPYValueError("dimord", dimord, `a permutation of ${JSON.stringify(def)} (the columns of ${cls})`);
  }
  return [...dimord];
}

function distinct(col: Float64Array): number[] {
  return [...new Set(col)].sort((a, b) => a - b);
}

function toArray(x: unknown, param: string): NDArray {
  if (isNDArray(x)) return ascontiguous(x);
  if (Array.isArray(x)) return fromNested(x, "float64");
  if (ArrayBuffer.isView(x)) return { data: Float64Array.from(x as unknown as ArrayLike<number>), shape: [(x as unknown as ArrayLike<number>).length], dtype: "float64" };
  throw new SPYTypeError(param, x, "an NDArray or nested number arrays");
}

/** Rows `order` of a C-contiguous array along its first axis. */
function takeRows(a: NDArray, order: Uint32Array): NDArray {
  const row = a.data.length / a.shape[0];
  const Ctor = a.data.constructor as new (n: number) => NDArray["data"];
  const out = new Ctor(order.length * row);
  order.forEach((src, i) => out.set(a.data.subarray(src * row, (src + 1) * row), i * row));
  return { data: out, shape: [order.length, ...a.shape.slice(1)], dtype: a.dtype };
}

function groupTimes<K extends number | string>(a: Float64Array, b: Float64Array | null, times: Float64Array): Map<K, Float64Array> {
  const counts = new Map<K, number>();
  const key = (i: number) => (b ? `${a[i]},${b[i]}` : a[i]) as K;
  for (let i = 0; i < a.length; i++) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
  const out = new Map<K, Float64Array>();
  const fill = new Map<K, number>();
  for (const [k, n] of [...counts].sort((x, y) => (x[0] < y[0] ? -1 : 1))) { out.set(k, new Float64Array(n)); fill.set(k, 0); }
  for (let i = 0; i < a.length; i++) {
    const k = key(i);
    const j = fill.get(k)!;
    out.get(k)![j] = times[i];
    fill.set(k, j + 1);
  }
  return out;
}
