/**
 * NWB's DynamicTables as spyts needs them: the electrodes table (channel labels), the trials or
 * epochs table (trial definitions and trialinfo), and ragged columns (`x` + `x_index`, NWB's
 * VectorIndex: one cumulative end per row).
 */
import { SPYIOError } from "../core/errors";
import { warn } from "../core/warnings";
import { H5Module } from "./h5wasmLoader";
import { Group, attr, datasetAt, groupAt, readNumbers, readStrings } from "./h5file";

export const ELECTRODES_PATH = "general/extracellular_ephys/electrodes";

/** A column of a table as numbers (booleans 0/1), or null when absent or not numeric. */
export function numericColumn(h5: H5Module, file: string, table: Group, name: string): number[] | null {
  const d = datasetAt(h5, table, name);
  if (!d) return null;
  try {
    return Array.from(readNumbers(h5, file, d) as ArrayLike<number>, Number);
  } catch {
    return null;
  }
}

/** A text column, or null. */
export function textColumn(h5: H5Module, file: string, table: Group, name: string): string[] | null {
  const d = datasetAt(h5, table, name);
  if (!d) return null;
  try { return readStrings(file, d); } catch { return null; }
}

/** A ragged column: one array per row, from `name` and `name_index` (cumulative ends). */
export function raggedColumn(h5: H5Module, file: string, table: Group, name: string): number[][] | null {
  const values = numericColumn(h5, file, table, name);
  const ends = numericColumn(h5, file, table, name + "_index");
  if (!values || !ends) return null;
  const out: number[][] = [];
  let a = 0;
  for (let r = 0; r < ends.length; r++) {
    const b = ends[r];
    if (!(b >= a && b <= values.length)) throw new SPYIOError(file, `'${table.path}/${name}_index' row ${r} ends at ${b}, outside ${a}..${values.length}: the ragged column is corrupt`);
    out.push(values.slice(a, b));
    a = b;
  }
  return out;
}

/** Per-spike waveforms of a Units table: NWB's doubly ragged `waveforms` column, per unit and spike. */
export interface UnitWaveforms {
  /** Samples per waveform (the second axis of `waveforms`). */
  nSamples: number;
  /** perUnit[u][k]: unit u's k-th spike's waveforms, electrode after electrode (E × nSamples values). */
  perUnit: Float64Array[][];
  /** The `sampling_rate` attribute of `waveforms`, if any. */
  samplingRate: number | null;
}

/**
 * `waveforms` [num_waveforms, num_samples] with `waveforms_index` (one cumulative end per spike,
 * in waveform rows) and `waveforms_index_index` (one cumulative end per unit, in spikes), or null
 * when the table has no waveforms. Corrupt indices are an SPYIOError.
 */
export function unitWaveforms(h5: H5Module, file: string, table: Group): UnitWaveforms | null {
  const d = datasetAt(h5, table, "waveforms");
  const spikeEnds = numericColumn(h5, file, table, "waveforms_index");
  const unitEnds = numericColumn(h5, file, table, "waveforms_index_index");
  if (!d || !spikeEnds || !unitEnds) return null;
  const shape = d.shape ?? [];
  if (shape.length !== 2) throw new SPYIOError(file, `'${d.path}' has shape [${shape.join(", ")}]; NWB's waveforms are [num_waveforms, num_samples]`);
  const [nRows, nSamples] = shape;
  const values = readNumbers(h5, file, d) as ArrayLike<number>;
  const perUnit: Float64Array[][] = [];
  let spike = 0, row = 0;
  for (let u = 0; u < unitEnds.length; u++) {
    const last = unitEnds[u];
    if (!(last >= spike && last <= spikeEnds.length)) throw new SPYIOError(file, `'${table.path}/waveforms_index_index' row ${u} ends at ${last}, outside ${spike}..${spikeEnds.length}: the doubly ragged column is corrupt`);
    const spikes: Float64Array[] = [];
    for (; spike < last; spike++) {
      const end = spikeEnds[spike];
      if (!(end >= row && end <= nRows)) throw new SPYIOError(file, `'${table.path}/waveforms_index' row ${spike} ends at ${end}, outside ${row}..${nRows}: the doubly ragged column is corrupt`);
      spikes.push(Float64Array.from({ length: (end - row) * nSamples }, (_, i) => Number(values[row * nSamples + i])));
      row = end;
    }
    perUnit.push(spikes);
  }
  const rate = attr(d, "sampling_rate");
  return { nSamples, perUnit, samplingRate: typeof rate === "number" ? rate : null };
}

/**
 * Channel labels of a series from the electrode rows it names (its `electrodes` region): the
 * electrodes' `location` strings when unique within the series (Syncopy's convention), else
 * `<group_name>_<id>` when those are unique, else `channel<row>`.
 */
export function electrodeLabels(h5: H5Module, file: string, root: Group, rows: number[]): string[] {
  const table = groupAt(h5, root, ELECTRODES_PATH);
  if (!table) throw new SPYIOError(file, `the series names electrodes, but the file has no electrodes table at /${ELECTRODES_PATH}`);
  const ids = numericColumn(h5, file, table, "id");
  const n = ids?.length ?? 0;
  for (const r of rows) {
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new SPYIOError(file, `a series names electrode row ${r}, but the electrodes table has ${n} rows`);
  }
  const unique = (labels: string[] | null): labels is string[] => labels !== null && new Set(labels).size === labels.length;
  const location = textColumn(h5, file, table, "location");
  const byLocation = location ? rows.map((r) => location[r]) : null;
  if (unique(byLocation)) return byLocation;
  const group = textColumn(h5, file, table, "group_name");
  const byGroup = group && ids ? rows.map((r) => `${group[r]}_${ids[r]}`) : null;
  if (unique(byGroup)) return byGroup;
  return rows.map((r) => `channel${r}`);
}

/** One trial of an NWB intervals table, in seconds, with its extra numeric columns. */
export interface NwbInterval { start: number; stop: number; offset: number | null; extra: number[] }

export interface NwbIntervals {
  path: string;
  rows: NwbInterval[];
  /** Names of the extra numeric columns (what trialinfo's columns hold). */
  columns: string[];
}

const INTERVAL_OWN = new Set(["id", "start_time", "stop_time", "tags", "tags_index", "timeseries", "timeseries_index", "offset"]);

/**
 * `/intervals/trials`, else `/intervals/epochs` (Syncopy's order), or null. Numeric and boolean
 * columns other than NWB's own go to `columns` (in `colnames` order); text and ragged columns are
 * skipped. An `offset` column (Syncopy's save_nwb writes one, in seconds) gives the trial offsets.
 */
export function readIntervals(h5: H5Module, file: string, root: Group): NwbIntervals | null {
  for (const p of ["intervals/trials", "intervals/epochs"]) {
    const table = groupAt(h5, root, p);
    if (!table) continue;
    const start = numericColumn(h5, file, table, "start_time");
    const stop = numericColumn(h5, file, table, "stop_time");
    if (!start || !stop || start.length !== stop.length) {
      throw new SPYIOError(file, `the table /${p} has no start_time and stop_time columns of equal length`);
    }
    const offset = numericColumn(h5, file, table, "offset");
    const names = attr(table, "colnames");
    const colnames = Array.isArray(names) ? (names as string[]) : typeof names === "string" ? [names] : table.keys();
    const columns: string[] = [];
    const values: number[][] = [];
    for (const c of colnames) {
      if (INTERVAL_OWN.has(c)) continue;
      if (datasetAt(h5, table, c + "_index")) continue;  // ragged: not one number per trial
      const v = numericColumn(h5, file, table, c);
      if (v && v.length === start.length) { columns.push(c); values.push(v); }
    }
    const rows = start.map((s, k) => ({ start: s, stop: stop[k], offset: offset && offset.length === start.length ? offset[k] : null, extra: values.map((v) => v[k]) }));
    return { path: "/" + p, rows, columns };
  }
  return null;
}

/**
 * Trial rows in samples of a series sampled at `rate` from `t0` on and `n` samples long:
 * [round((start - t0) rate), round((stop - t0) rate), offset, extra...]. Trials outside the
 * series are dropped with a warning naming them (the other series of the file may hold them).
 */
export function intervalRows(iv: NwbIntervals, rate: number, t0: number, n: number, what: string): number[][] {
  const out: number[][] = [];
  const dropped: number[] = [];
  iv.rows.forEach((r, k) => {
    const a = Math.round((r.start - t0) * rate);
    const b = Math.round((r.stop - t0) * rate);
    if (!(a >= 0 && b <= n && b > a)) { dropped.push(k); return; }
    const offset = r.offset === null ? 0 : Math.round(r.offset * rate);
    out.push([a, b, offset, ...r.extra]);
  });
  if (dropped.length) warn(`load_nwb: ${dropped.length} of the ${iv.rows.length} rows of ${iv.path} (${dropped.slice(0, 5).join(", ")}${dropped.length > 5 ? ", ..." : ""}) lie outside ${what}; that object leaves them out`);
  return out;
}
