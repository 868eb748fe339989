/**
 * DiscreteData: data recorded as time stamps (Syncopy's `discrete_data.py`), the base of SpikeData
 * and EventData. The data are a table, one row per spike or event, one integer column per entry of
 * `dimord` (`sample` plus `channel`/`unit` or `eventid`/...), rows sorted by `sample`.
 *
 * Storage: one Arrow table file (./tablefile.ts) with the dimord columns and a `trialid` column,
 * all int64. A trial is a contiguous range of rows: for a table sorted by sample, the rows with
 * start <= sample < stop of its trialdefinition row, found by binary search on the sample column
 * (Syncopy's `searchsorted`); reading trial k reads only those rows. Rows outside every trial stay
 * in the table (a later definetrial may take them in), as in Syncopy.
 *
 * Times: the time of a row of trial k is (sample - start_k + offset_k) / samplerate (Syncopy's
 * `time` and `trialtime`).
 */
import * as fs from "fs";
import { SPYTypeError, SPYValueError } from "../core/errors";
import { maxOf, minOf } from "../core/extrema";
import { warn } from "../core/warnings";
import { isPlainObject } from "../core/keywords";
import { NDArray, isNDArray } from "../core/ndarray";
import { BaseData, CommonProps } from "./base";
import type { TrialBackend } from "./trialstore";
import { TrialStore } from "./trialstore";
import { TrialDefinition, parseTrialDefinition, trialIntervals } from "./trialdefinition";
import { ResolvedSelection, SelectionSpec, resolveSelection } from "./selection";
import { StackView } from "./stackview";
import { TableReader, TableWriter } from "./tablefile";
import { checkStorage, newTempFile, release } from "./storage";
import { DataSummary, summaryHTML, summaryText, escapeHTML } from "../plot/summary";
import { displayHTML } from "../plot/display";

/** Name of the trial id column of the table file. */
export const TRIALID_COLUMN = "trialid";

/**
 * The constructor keywords of the discrete data classes (SpikeData, EventData): the rows, their
 * trials, the samplerate, the column order and CommonProps' cfg, log, info and metadata.
 */
export interface DiscreteInit extends CommonProps {
  /**
   * The rows: an NDArray or nested rows [nRows, nColumns] (columns in dimord order), or a dict of
   * columns by name ({ sample, channel, unit }). Integers only.
   */
  data?: unknown;
  /** Rows [start, stop, offset, trialinfo...] in samples; null/undefined: one trial over all rows. */
  trialdefinition?: number[][] | null;
  /** Hz; undefined leaves it unset (NaN, as Syncopy's None): times need it. */
  samplerate?: number;
  /** Column names in the order of `data`'s columns (the class's default, or a permutation of it). */
  dimord?: string[];
}

// ---- the table file and its life cycle ----------------------------------------------------

const finalizer = new FinalizationRegistry<{ reader: TableReader; path: string }>((held) => {
  try { held.reader.close(); } catch { /* closed */ }
  release(held.path);
});

/** The table file behind one object. `sorted`: the sample column never decreases. */
export class DiscreteTable {
  private registered = false;
  /** Per batch: its first sample (NaN until read), for the binary search. */
  private firsts: Float64Array;
  private cached: { batch: number; samples: Float64Array } | null = null;

  constructor(readonly reader: TableReader, readonly temporary: boolean, readonly sorted: boolean, readonly sampleColumn: number) {
    this.firsts = new Float64Array(Math.ceil(reader.nRows / reader.rowsPerBatch)).fill(NaN);
  }

  get path(): string { return this.reader.path; }
  get nRows(): number { return this.reader.nRows; }

  /** Remove a temporary file when `owner` (the one object using it) is garbage-collected. */
  attach(owner: object): void {
    if (!this.temporary || this.registered) return;
    this.registered = true;
    finalizer.register(owner, { reader: this.reader, path: this.reader.path }, this);
  }

  /** First row whose sample is >= value (numpy's searchsorted, side "left"); the table is sorted. */
  searchsorted(value: number): number {
    const rpb = this.reader.rowsPerBatch;
    const nb = this.firsts.length;
    // last batch whose first sample is < value
    let lo = 0, hi = nb;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.first(mid) < value) lo = mid + 1;
      else hi = mid;
    }
    const b = lo - 1;
    if (b < 0) return 0;
    const s = this.batchSamples(b);
    let a = 0, z = s.length;
    while (a < z) {
      const mid = (a + z) >> 1;
      if (s[mid] < value) a = mid + 1;
      else z = mid;
    }
    return b * rpb + a;
  }

  private first(b: number): number {
    if (Number.isNaN(this.firsts[b])) {
      const r = b * this.reader.rowsPerBatch;
      this.firsts[b] = this.reader.read(this.sampleColumn, r, r + 1)[0];
    }
    return this.firsts[b];
  }

  private batchSamples(b: number): Float64Array {
    if (this.cached?.batch !== b) {
      const r = b * this.reader.rowsPerBatch;
      this.cached = { batch: b, samples: this.reader.read(this.sampleColumn, r, Math.min(this.reader.nRows, r + this.reader.rowsPerBatch)) };
    }
    return this.cached.samples;
  }
}

/**
 * Write rows to a new temporary table file: the data columns and the trial id of every row
 * (Syncopy's `trialid`: the last trial whose range holds it, -1 for none). `chunks` yields
 * column arrays (dimord order) in row order.
 */
export function writeTable(ext: string, columns: string[], chunks: Iterable<Float64Array[]>, ranges: Float64Array, sampleColumn: number): DiscreteTable {
  const path = newTempFile(ext);
  const writer = new TableWriter(path, [...columns, TRIALID_COLUMN]);
  let sorted = true;
  let last = -Infinity;
  let row = 0;
  try {
    for (const cols of chunks) {
      const n = cols[0].length;
      const s = cols[sampleColumn];
      for (let i = 0; i < n; i++) {
        if (s[i] < last) sorted = false;
        last = s[i];
      }
      writer.append([...cols, trialIds(ranges, row, row + n)]);
      row += n;
    }
    writer.close();
  } catch (e) {
    writer.abort();
    release(path);
    throw e;
  }
  const over = checkStorage();
  if (over) warn(over);
  return new DiscreteTable(TableReader.open(path), true, sorted, sampleColumn);
}

/** Syncopy's trialid of rows [a, b): the last trial whose row range holds the row, else -1. */
export function trialIds(ranges: Float64Array, a: number, b: number): Float64Array {
  const out = new Float64Array(b - a).fill(-1);
  for (let k = 0; k < ranges.length / 2; k++) {
    const lo = Math.max(a, ranges[2 * k]), hi = Math.min(b, ranges[2 * k + 1]);
    for (let r = lo; r < hi; r++) out[r - a] = k;
  }
  return out;
}

/** The trials of a DiscreteData as BaseData sees them: trial k = its rows as [n, nColumns]. */
class DiscreteBackend implements TrialBackend {
  readonly dtype = "float64" as const;
  readonly tailShape: number[];
  constructor(readonly table: DiscreteTable, readonly ranges: Float64Array, private readonly nCols: number) {
    this.tailShape = [nCols];
  }
  get path(): string { return this.table.path; }
  get temporary(): boolean { return this.table.temporary; }
  get nTrials(): number { return this.ranges.length / 2; }
  trialLength(k: number): number { return this.ranges[2 * k + 1] - this.ranges[2 * k]; }
  readTrial(k: number): NDArray {
    const lo = this.ranges[2 * k], hi = this.ranges[2 * k + 1];
    const n = hi - lo, C = this.nCols;
    const out = new Float64Array(n * C);
    for (let c = 0; c < C; c++) {
      const col = this.table.reader.read(c, lo, hi);
      for (let i = 0; i < n; i++) out[i * C + c] = col[i];
    }
    return { data: out, shape: [n, C], dtype: "float64" };
  }
  attach(owner: object): void { this.table.attach(owner); }
}

// ---- input parsing --------------------------------------------------------------------------

/** The columns of `data` (rows or a dict of columns), checked: integers, non-empty, nColumns wide. */
export function parseColumns(data: unknown, dimord: string[], className: string): Float64Array[] {
  const C = dimord.length;
  let cols: Float64Array[];
  if (isNDArray(data)) {
    if (data.shape.length !== 2 || data.shape[1] !== C) {
      throw new SPYValueError("data", `an array of shape [${data.shape}]`, `a 2-d array [nRows, ${C}] (columns ${dimord.join(", ")})`);
    }
    if (data.dtype.startsWith("complex")) throw new SPYTypeError("data", data.dtype, "integer like values");
    const n = data.shape[0];
    const strides = data.strides ?? [C, 1];
    const off = data.offset ?? 0;
    cols = dimord.map((_, c) => Float64Array.from({ length: n }, (_, i) => Number(data.data[off + i * strides[0] + c * strides[1]])));
  } else if (Array.isArray(data)) {
    if (data.length > 0 && !data.every((r) => Array.isArray(r) && r.length === C)) {
      throw new SPYValueError("data", "rows of varying length or not arrays", `rows of ${C} integers (${dimord.join(", ")})`);
    }
    cols = dimord.map((_, c) => Float64Array.from(data as unknown[][], (r) => (typeof r[c] === "number" ? r[c] as number : NaN)));
    for (const r of data as unknown[][]) {
      const bad = r.find((v) => typeof v !== "number");
      if (bad !== undefined) throw new SPYTypeError("data", bad, "integer like values");
    }
  } else if (isPlainObject(data)) {
    const keys = Object.keys(data);
    const missing = dimord.filter((d) => !keys.includes(d));
    const extra = keys.filter((k) => !dimord.includes(k));
    if (missing.length || extra.length) {
      throw new SPYValueError("data", `columns ${JSON.stringify(keys)}`, `the columns ${JSON.stringify(dimord)} of a ${className}`);
    }
    cols = dimord.map((d) => {
      const v = (data as Record<string, unknown>)[d];
      if (!(Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)))) throw new SPYTypeError(`data.${d}`, v, "an array of integers");
      if (typeof (v as ArrayLike<unknown>)[0] === "bigint") return Float64Array.from(v as unknown as ArrayLike<bigint>, (x) => Number(x));
      // typed arrays: one bulk copy (a per-element map is ~50x slower at 10^7 rows)
      if (ArrayBuffer.isView(v)) return v instanceof Float64Array ? v.slice() : new Float64Array(v as unknown as ArrayLike<number>);
      const out = new Float64Array((v as unknown[]).length);
      for (let i = 0; i < out.length; i++) { const x = (v as unknown[])[i]; out[i] = typeof x === "number" ? x : NaN; }
      return out;
    });
    const n = cols[0].length;
    if (cols.some((c) => c.length !== n)) throw new SPYValueError("data", cols.map((c) => c.length), "columns of one length");
  } else {
    throw new SPYTypeError("data", data, `an [nRows, ${C}] array of integers (columns ${dimord.join(", ")}) or a dict of columns`);
  }
  if (cols[0].length === 0) throw new SPYValueError("data", "an empty data set", "a non empty data set (at least one row)");
  cols.forEach((col, c) => {
    for (let i = 0; i < col.length; i++) {
      const x = col[i];
      if (x === Math.floor(x) && x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER) continue;
      throw new SPYTypeError("data", x, `integer like values (column '${dimord[c]}' row ${i}; |x| <= 2^53 - 1)`);
    }
  });
  return cols;
}

/** Sort rows by sample (stable: equal samples keep their order), all columns together. */
export function sortRows(cols: Float64Array[], sampleColumn: number): { cols: Float64Array[]; order: Uint32Array | null } {
  const s = cols[sampleColumn];
  let sorted = true;
  for (let i = 1; i < s.length; i++) if (s[i] < s[i - 1]) { sorted = false; break; }
  if (sorted) return { cols, order: null };
  const n = s.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => s[a] - s[b] || a - b);
  return { cols: cols.map((col) => Float64Array.from(order, (i) => col[i])), order };
}

/** numpy's round (half to even), as Syncopy rounds trial borders. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// ---- the class ------------------------------------------------------------------------------

/** A DiscreteData selection: BaseData's plus the wanted column values per selected key. */
export interface DiscreteSelection extends ResolvedSelection {
  /** Per column name (channel, unit, eventid): the wanted values, or null for all. */
  values: Record<string, Set<number> | null>;
}

/** Per trial (or all rows): each column of the rows, by name, plus the rows' times in seconds. */
export type DiscreteColumns = Record<string, Float64Array>;

export abstract class DiscreteData extends BaseData {
  /** Hz; NaN until set (Syncopy's None). */
  samplerate = NaN;
  protected table: DiscreteTable | null = null;
  private ranges: Float64Array = new Float64Array(0);

  // ---- building ------------------------------------------------------------------------

  /** Parse the constructor's keywords; returns the sort order applied to the rows (null: none). */
  protected initDiscrete(init: DiscreteInit): Uint32Array | null {
    if (init.samplerate !== undefined && init.samplerate !== null) this.setSamplerate(init.samplerate);
    this.applyCommon(init);
    if (init.data === undefined || init.data === null) {
      if (init.trialdefinition) throw new SPYValueError("trialdefinition", init.trialdefinition, "no trialdefinition without data");
      return null;
    }
    const parsed = parseColumns(init.data, this.dimord, this.className);
    const si = this.sampleColumn;
    const s = parsed[si];
    for (let i = 0; i < s.length; i++) {
      if (s[i] < 0) throw new SPYValueError("data", `sample ${s[i]} in row ${i}`, "non-negative sample indices");
    }
    this.checkColumns(parsed);
    const { cols, order } = sortRows(parsed, si);
    if (order) warn(`${this.className}: the rows were not sorted by sample; sorted them (stable), keeping each row's ${this.dimord.filter((d) => d !== "sample").join(" and ")} with its sample`);
    const trl = this.parseTrl(init.trialdefinition ?? null, cols[si][0], cols[si][cols[si].length - 1]);
    const ranges = rangesFromSorted(cols[si], trl);
    const table = writeTable(this.fileExtension, this.dimord, [cols], ranges, si);
    this.attachTable(table, trl, ranges);
    this.afterData(cols);
    return order;
  }

  /** Subclasses check their columns (non-negative channel/unit ...). */
  protected checkColumns(_cols: Float64Array[]): void { /* none by default */ }
  /** Subclasses compute labels etc. from the columns of a new object. */
  protected afterData(_cols: Float64Array[]): void { /* none by default */ }

  /** Attach a table and its trials (constructors, selectdata, load). */
  attachTable(table: DiscreteTable, trl: TrialDefinition, ranges?: Float64Array): void {
    const r = ranges ?? this.rangesFor(trl, table);
    this.table = table;
    this.ranges = r;
    this.setStore(new DiscreteBackend(table, r, this.dimord.length), trl);
  }

  /** Set the samplerate in Hz: a finite number >= 1 (Syncopy's limit for discrete data), else SPYTypeError / SPYValueError. */
  protected setSamplerate(sr: unknown): void {
    if (typeof sr !== "number") throw new SPYTypeError("samplerate", sr, "a sampling rate in Hz >= 1 (Syncopy's limit for discrete data)");
    if (!Number.isFinite(sr) || sr < 1) throw new SPYValueError("samplerate", sr, "a finite sampling rate in Hz >= 1 (Syncopy's limit for discrete data)");
    this.samplerate = sr;
  }

  /** The column index of `sample` (dimord may be permuted). */
  get sampleColumn(): number { return this.dimord.indexOf("sample"); }

  // ---- trials ----------------------------------------------------------------------------

  get trialdefinition(): TrialDefinition {
    return this.rows.map((r) => [...r]);
  }
  /** Re-cut the trials in place (spy.definetrial without its log entry); null: one trial over all rows. */
  set trialdefinition(trl: TrialDefinition | null) {
    if (!this.table) throw new SPYValueError("trialdefinition", trl, `a trialdefinition for a ${this.className} with data (this one is empty)`);
    this.redefineTrials(this.parseTrl(trl, this.firstSample(), this.lastSample()));
  }

  /** New trials over the same rows (the table must be sorted by sample). */
  redefineTrials(trl: TrialDefinition, param = "trialdefinition"): void {
    if (!this.table) throw new SPYValueError("obj", "an empty data object", "a data object with data");
    const rows = parseTrialDefinition(trl, undefined, param);
    this.attachTable(this.table, rows);
  }

  /** Rows [start, stop, offset...] checked; null: Syncopy's one trial from the first sample, here through the last one. */
  protected parseTrl(trl: unknown, first: number, last: number): TrialDefinition {
    // Syncopy's default [min, max] leaves the rows at the last sample out (stop is exclusive)
    if (trl === null || trl === undefined) return [[first, last + 1, 0]];
    return parseTrialDefinition(trl);
  }

  /** [lo, hi) row ranges of trial rows, by binary search on the sorted sample column. */
  private rangesFor(trl: TrialDefinition, table = this.table!): Float64Array {
    if (!table.sorted) {
      throw new SPYValueError("trialdefinition", trl, `a ${this.className} whose rows are sorted by sample`,
        "its trials were selected out of order or repeated (selectdata), so trials cannot be re-cut from samples: select them in order first");
    }
    const out = new Float64Array(trl.length * 2);
    trl.forEach((r, k) => {
      out[2 * k] = table.searchsorted(r[0]);
      out[2 * k + 1] = Math.max(out[2 * k], table.searchsorted(r[1]));
    });
    return out;
  }

  /** Row range [lo, hi) of trial k in the table. */
  trialRows(k: number): [number, number] {
    this.checkTrial(k);
    return [this.ranges[2 * k], this.ranges[2 * k + 1]];
  }

  private checkTrial(k: number): void {
    if (typeof k !== "number") throw new SPYTypeError("trial", k, "a trial index (integer)");
    if (!Number.isInteger(k) || k < 0 || k >= this.nTrials) throw new SPYValueError("trial", k, `the index of an existing trial, an integer in [0, ${this.nTrials - 1}]`);
  }

  /** Number of rows (spikes or events) of each trial. */
  get trialCounts(): number[] {
    return this.rows.map((_, k) => this.ranges[2 * k + 1] - this.ranges[2 * k]);
  }

  /** Rows of the whole table (also those outside every trial). */
  get nRows(): number { return this.table?.nRows ?? 0; }

  private firstSample(): number { return this.table!.reader.read(this.sampleColumn, 0, 1)[0]; }
  private lastSample(): number {
    const n = this.table!.nRows;
    return this.table!.sorted ? this.table!.reader.read(this.sampleColumn, n - 1, n)[0] : maxOf(this.table!.reader.read(this.sampleColumn));
  }

  /** The table is a window of stacked samples only for continuous data. */
  stacked(): StackView {
    throw new SPYValueError("data", this.className, "continuous data (discrete data have rows, not a stacked sample axis: give trialdefinition rows in samples)");
  }

  /** Shape of trial k: [rows of the trial, columns]. */
  trialShape(k: number): number[] {
    return [this.ranges[2 * k + 1] - this.ranges[2 * k], this.dimord.length];
  }

  /** Shape of Syncopy's `data`: [all rows, columns]. */
  get shape(): number[] { return this.table ? [this.table.nRows, this.dimord.length] : []; }

  storeOfTrials(): TrialStore {
    throw new SPYValueError("data", this.className, "a continuous data object: save discrete data with data.save(filename)",
      "spy.save writes trial files; SpikeData and EventData are saved as tables by their own save()");
  }

  // ---- columns and times ------------------------------------------------------------------

  /**
   * One column (a dimord entry or "trialid") of trial k's rows, or of all rows of the table when
   * `trial` is undefined. Reads only those rows of that column.
   */
  column(name: string, trial?: number): Float64Array {
    if (!this.table) throw new SPYValueError("data", null, `a ${this.className} with data (this one is empty)`);
    if (name === TRIALID_COLUMN) return trial === undefined ? this.trialid : new Float64Array(this.trialCounts[trial]).fill(trial);
    const c = this.dimord.indexOf(name);
    if (c < 0) throw new SPYValueError("name", name, `a column of ${this.className}: ${[...this.dimord, TRIALID_COLUMN].join(", ")}`);
    if (trial === undefined) return this.table.reader.read(c, 0, this.table.nRows);
    const [lo, hi] = this.trialRows(trial);
    return this.table.reader.read(c, lo, hi);
  }

  /** Syncopy's `data`: every row [nRows, nColumns] (reads the whole table). */
  get data(): NDArray | null {
    if (!this.table) return null;
    const C = this.dimord.length, n = this.table.nRows;
    const out = new Float64Array(n * C);
    for (let c = 0; c < C; c++) {
      const col = this.table.reader.read(c, 0, n);
      for (let i = 0; i < n; i++) out[i * C + c] = col[i];
    }
    return { data: out, shape: [n, C], dtype: "float64" };
  }

  /** Syncopy's `sample`: the sample column of all rows. */
  get sample(): Float64Array | null { return this.table ? this.column("sample") : null; }

  /** Syncopy's `trialid`: per row, the last trial holding it, -1 for rows outside every trial. */
  get trialid(): Float64Array {
    if (!this.table) return new Float64Array(0);
    return trialIds(this.ranges, 0, this.table.nRows);
  }

  /** Seconds of each of trial k's rows relative to its trigger: (sample - start + offset) / samplerate. */
  trialTimes(k: number): Float64Array {
    this.needSamplerate("time");
    const s = this.column("sample", k);
    const r = this.rows[k];
    const fs = this.samplerate;
    for (let i = 0; i < s.length; i++) s[i] = (s[i] - r[0] + r[2]) / fs;
    return s;
  }

  /** Syncopy's `time`: per trial, its rows' times in seconds (time[k] is computed on access). */
  get time(): { readonly length: number; readonly [k: number]: Float64Array } {
    const self = this;
    return new Proxy({ length: this.nTrials } as { length: number }, {
      get(target, prop) {
        if (typeof prop === "string" && /^\d+$/.test(prop)) return Number(prop) < self.nTrials ? self.trialTimes(Number(prop)) : undefined;
        return (target as Record<string | symbol, unknown>)[prop];
      },
    }) as { readonly length: number; readonly [k: number]: Float64Array };
  }

  /** Syncopy's `trialtime`: the time of every row in its trial (NaN for rows outside every trial). */
  get trialtime(): Float64Array {
    this.needSamplerate("trialtime");
    const s = this.column("sample");
    const id = this.trialid;
    const trl = this.rows;
    for (let i = 0; i < s.length; i++) {
      const k = id[i];
      s[i] = k < 0 ? NaN : (s[i] - trl[k][0] + trl[k][2]) / this.samplerate;
    }
    return s;
  }

  /** [first, last] time (s) of every trial (Syncopy's `trialintervals`). */
  get trialintervals(): [number, number][] {
    this.needSamplerate("trialintervals");
    return trialIntervals(this.rows as TrialDefinition, this.samplerate);
  }

  /** Throw a SPYValueError naming `what` (a property or selection) when no samplerate is set. */
  protected needSamplerate(what: string): void {
    if (!Number.isFinite(this.samplerate)) {
      throw new SPYValueError("samplerate", null, `a samplerate (set data.samplerate) before asking for ${what}`);
    }
  }

  /** Trial k's rows by column name, with `time` (s) when the samplerate is set. */
  trialColumns(k: number): DiscreteColumns {
    const out: DiscreteColumns = {};
    for (const d of this.dimord) out[d] = this.column(d, k);
    if (Number.isFinite(this.samplerate)) out.time = this.trialTimes(k);
    return out;
  }

  // ---- selection --------------------------------------------------------------------------

  /** The column values a selection key wants, or null for all (subclasses: channel, unit, eventid). */
  protected abstract selectedValues(key: string, spec: SelectionSpec, base: ResolvedSelection): Set<number> | null;

  /** Column names that selections filter on (channel, unit; eventid). */
  protected abstract get filterColumns(): string[];

  resolve(select?: SelectionSpec | "all" | null): DiscreteSelection {
    if (select && typeof select === "object" && select.latency !== undefined && select.latency !== null && select.latency !== "all") this.needSamplerate("a latency selection");
    const base = resolveSelection(this, select);
    const spec = (select === "all" || select == null ? {} : select) as SelectionSpec;
    const values: Record<string, Set<number> | null> = {};
    for (const key of this.filterColumns) values[key] = this.selectedValues(key, spec, base);
    return { ...base, values };
  }

  /** Rows of the i-th selected trial that the selection keeps: their row numbers in the table. */
  selectedRowIndices(sel: ResolvedSelection, i: number): Float64Array {
    const k = sel.trials[i];
    const [lo, hi] = this.trialRows(k);
    const values = (sel as DiscreteSelection).values ?? {};
    const keepCols = Object.entries(values).filter(([, v]) => v !== null).map(([name, v]) => ({ col: this.column(name, k), set: v as Set<number> }));
    const range = sel.stackRanges[i];
    const s = range ? this.column("sample", k) : null;
    const start = this.rows[k][0];
    const out: number[] = [];
    for (let j = 0; j < hi - lo; j++) {
      if (s && (s[j] - start < range![0] || s[j] - start >= range![1])) continue;
      if (keepCols.some(({ col, set }) => !set.has(col[j]))) continue;
      out.push(lo + j);
    }
    return Float64Array.from(out);
  }

  /** Never one span of the file: readSelectedTrial picks rows. */
  override locateSelectedTrial(): null {
    return null;
  }

  /** The i-th selected trial's kept rows [m, nColumns]. */
  readSelectedTrial(sel: ResolvedSelection, i: number): NDArray {
    const k = sel.trials[i];
    const [lo] = this.trialRows(k);
    const rows = this.selectedRowIndices(sel, i);
    const trial = this.readStoredTrial(k);
    const C = this.dimord.length;
    const out = new Float64Array(rows.length * C);
    rows.forEach((r, j) => { for (let c = 0; c < C; c++) out[j * C + c] = trial.data[(r - lo) * C + c]; });
    return { data: out, shape: [rows.length, C], dtype: "float64" };
  }

  // ---- new objects from this one ------------------------------------------------------------

  /**
   * A new object of this class holding the selection's rows (selectdata), trial after trial; each
   * trial keeps its trialdefinition row, samples untouched (Syncopy's DiscreteData selections).
   */
  selectRows(sel: DiscreteSelection): this {
    if (!this.table) throw new SPYValueError("data", null, `a ${this.className} with data (this one is empty)`);
    const reader = this.table.reader;
    const ranges = new Float64Array(sel.trials.length * 2);
    const kept: Float64Array[] = [];
    let at = 0;
    const self = this;
    function* chunks(): Generator<Float64Array[]> {
      for (let i = 0; i < sel.trials.length; i++) {
        const idx = self.selectedRowIndices(sel, i);
        const [lo, hi] = self.trialRows(sel.trials[i]);
        kept.push(idx);
        ranges[2 * i] = at;
        at += idx.length;
        ranges[2 * i + 1] = at;
        yield self.dimord.map((_, c) => {
          const full = reader.read(c, lo, hi);
          return Float64Array.from(idx, (r) => full[r - lo]);
        });
      }
    }
    const table = writeTable(this.fileExtension, this.dimord, chunks(), ranges, this.sampleColumn);
    const rowsOut = new Float64Array(at);
    let j = 0;
    for (const idx of kept) { rowsOut.set(idx, j); j += idx.length; }
    return this.derive(table, sel.trials.map((k) => [...this.rows[k]]), ranges, rowsOut);
  }

  /** A new object over a byte copy of this table, same trials (redefinetrial's copy, data.copy()). */
  copyAll(): this {
    if (!this.table) throw new SPYValueError("data", null, `a ${this.className} with data (this one is empty)`);
    const target = newTempFile(this.fileExtension);
    try {
      fs.copyFileSync(this.table.path, `${target}.partial`, fs.constants.COPYFILE_EXCL);
      fs.renameSync(`${target}.partial`, target);
    } catch (e) {
      release(target);
      throw e;
    }
    const table = new DiscreteTable(TableReader.open(target), true, this.table.sorted, this.sampleColumn);
    return this.derive(table, this.trialdefinition, this.ranges.slice(), null);
  }

  /**
   * Save as a .spy container holding the table file (atomic); resolves to the container's path.
   * "run1" and "run1.spy" both write run1.spy/run1.spike (or .event). See data/discreteio.ts.
   */
  save(filename: string, opts: { overwrite?: boolean } = {}): Promise<string> {
    if (!tableSaver) throw new Error("DiscreteData.save: data/discreteio.ts is not loaded (import spyts)");
    return tableSaver(this, filename, opts);
  }

  /** A full copy in a new temporary file (trials, labels, cfg, log, info, metadata, datasets). */
  copy(): this {
    const out = this.copyAll();
    out.cfg = JSON.parse(JSON.stringify(this.cfg));
    out.info = this.info;
    out.metadata = structuredClone(this.metadata);
    out.setHistory(this.history);
    // the extra datasets (a SpikeData's waveform came over with the rows, in adoptFrom)
    for (const name of this.datasetNames()) if (out.dataset(name) === undefined) out.setDataset(name, this.dataset(name)!);
    return out;
  }

  /** The new object: same class, dimord and samplerate; `rows` maps its rows to this table's (null: the same rows). */
  private derive(table: DiscreteTable, trl: TrialDefinition, ranges: Float64Array, rows: Float64Array | null): this {
    const Cls = this.constructor as new (init: DiscreteInit) => this;
    const out = new Cls({ dimord: this.dimord });
    out.samplerate = this.samplerate;
    out.attachTable(table, trl, ranges);
    out.adoptFrom(this, rows);
    return out;
  }

  /** Subclasses carry labels and per-row datasets (waveform) over to a derived object. */
  protected adoptFrom(_src: this, _rows: Float64Array | null): void { /* none by default */ }

  // ---- display ----------------------------------------------------------------------------

  /** Rows the class adds to the summary (counts per unit or event id). */
  protected abstract countRows(): { key: string; value: string }[];

  /** The numbers behind summary() and summaryHTML(): shape, trials, rows per trial, storage, log. */
  protected describe(): DataSummary {
    const counts = this.trialCounts;
    return {
      className: this.className,
      dimord: this.dimord,
      shape: this.shape,
      dtype: this.table ? "int64" : "none",
      nTrials: this.nTrials,
      samplerate: Number.isFinite(this.samplerate) ? this.samplerate : undefined,
      axes: counts.length ? { [`rows per trial`]: { size: counts.length, first: minOf(counts), last: maxOf(counts), unit: "(min … max)" } } : {},
      storage: this.table ? { path: this.table.path, bytes: this.table.reader.fileBytes } : undefined,
      log: this.history,
      cfgKeys: Object.keys(this.cfg),
      datasets: Object.fromEntries(this.datasetNames().map((n) => { const a = this.dataset(n)!; return [n, `[${a.shape.join(", ")}] ${a.dtype}`]; })),
    };
  }

  summary(): string {
    const text = summaryText(this.describe()).split("\n");
    const extra = this.table ? this.countRows() : [];
    if (!Number.isFinite(this.samplerate)) extra.unshift({ key: "samplerate", value: "not set" });
    const colon = text[1]?.indexOf(" : ") ?? 2;
    const width = Math.max(colon - 2, ...extra.map((r) => r.key.length));
    let at = text.findIndex((l) => /^\s*(storage|cfg|log) : /.test(l));
    if (at < 0) at = text.length;
    text.splice(at, 0, ...extra.map((r) => `  ${r.key.padStart(width)} : ${r.value}`));
    return text.join("\n");
  }

  summaryHTML(): string {
    const html = summaryHTML(this.describe());
    const extra = this.table ? this.countRows() : [];
    const th = "text-align:right;padding:1px 8px 1px 0;font-weight:600;color:#555;vertical-align:top";
    const td = "text-align:left;padding:1px 0;font-family:monospace";
    const rows = extra.map((r) => `<tr><th style="${th}">${escapeHTML(r.key)}</th><td style="${td}">${escapeHTML(r.value)}</td></tr>`).join("");
    return html.replace("</table>", `${rows}</table>`);
  }

  display(): void { displayHTML(this.summaryHTML(), this.summary()); }

  /** Count rows per value of a column over the whole table, streamed batch by batch. */
  protected countValues(name: string): Map<number, number> {
    const counts = new Map<number, number>();
    if (!this.table) return counts;
    const c = this.dimord.indexOf(name);
    const step = this.table.reader.rowsPerBatch;
    for (let a = 0; a < this.table.nRows; a += step) {
      const col = this.table.reader.read(c, a, Math.min(this.table.nRows, a + step));
      for (let i = 0; i < col.length; i++) counts.set(col[i], (counts.get(col[i]) ?? 0) + 1);
    }
    return counts;
  }

  /** The distinct values of a column, ascending (np.unique), streamed. */
  protected uniqueValues(name: string): number[] {
    return [...this.countValues(name).keys()].sort((a, b) => a - b);
  }

  /** The table behind this object (for save and selectdata). */
  get tableFile(): DiscreteTable | null { return this.table; }
  /** The row ranges of all trials, [lo0, hi0, lo1, hi1, ...] (a copy). */
  get rowRanges(): Float64Array { return this.ranges.slice(); }
}

type TableSaver = (obj: DiscreteData, filename: string, opts: { overwrite?: boolean }) => Promise<string>;
let tableSaver: TableSaver | null = null;

/** Called by data/discreteio.ts when it loads (it imports the classes, so they cannot import it). */
export function installTableSaver(fn: TableSaver): void {
  tableSaver = fn;
}

/** Row ranges of trials over an in-memory sorted sample column (searchsorted, side left). */
export function rangesFromSorted(samples: Float64Array, trl: TrialDefinition): Float64Array {
  const out = new Float64Array(trl.length * 2);
  const search = (v: number) => {
    let a = 0, z = samples.length;
    while (a < z) { const m = (a + z) >> 1; if (samples[m] < v) a = m + 1; else z = m; }
    return a;
  };
  trl.forEach((r, k) => { out[2 * k] = search(r[0]); out[2 * k + 1] = Math.max(out[2 * k], search(r[1])); });
  return out;
}

