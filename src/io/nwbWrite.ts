/**
 * spy.save_nwb: AnalogData and TimeLockData as an ElectricalSeries (with its electrodes table),
 * SpikeData as a `units` table, their trials as `intervals/trials`, in an NWB 2.6 file written with
 * h5wasm that pynwb 2.3.1 reads (test/io/saveNwb.test.ts) and load_nwb reads back.
 *
 * Layout written (the parts of NWB's schema a reader needs, every typed group and dataset with
 * its namespace, neurodata_type and object_id):
 * - the trials of a continuous object laid end to end in `acquisition/<name>/data` (float, in the
 *   object's units: volts where it came from an ElectricalSeries; conversion 1, offset 0), written
 *   one trial at a time into a chunked, gzip-compressed dataset; `starting_time` 0 at `rate`;
 * - `general/extracellular_ephys/electrodes`: one row per channel, `location` = the channel label
 *   (what Syncopy's writer does, so labels survive), all in one ElectrodeGroup `spyts`;
 * - `intervals/trials`: start/stop of each trial in the series' time, an `offset` column in
 *   seconds (Syncopy's column, which load_nwb turns back into trial offsets) and one column per
 *   trialinfo column (named as load_nwb found them, else `trialinfo_<j>`);
 * - SpikeData: `units` with `spike_times` (sample / samplerate) per unit value (ids = unit values)
 *   and a `channel` column (the unit's first channel value: a unit seen on several channels keeps
 *   only its first, as NWB has one row per unit), plus trials in absolute seconds; its `waveform`
 *   ([nSpikes, nSamples] or [nSpikes, nElectrodes, nSamples]) as NWB's doubly ragged per-spike
 *   `waveforms` column (with `sampling_rate` from info.waveform_sampling_rate when set).
 *
 * Syncopy's keywords: `with_trialdefinition` (false: no intervals/trials), `is_raw` (false:
 * `processing/ecephys/LFP/<name>`) and `nwbfile` (add to an existing file, the electrodes table
 * shared). Differences from Syncopy: Syncopy writes both `trials` and `epochs`; spyts writes
 * `trials`.
 */
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { SPYIOError, SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean, checkOptions, checkString } from "../core/keywords";
import { notRegular } from "../data/storage/safeFile";
import { warn } from "../core/warnings";
import { NDArray, ascontiguous } from "../core/ndarray";
import type { BaseData } from "../data/base";
import { AnalogData } from "../data/analog";
import { TimeLockData } from "../data/timelock";
import { SpikeData } from "../data/spike";
import type { Group } from "./h5file";
import { attr, datasetAt, groupAt, openH5, readStrings } from "./h5file";
import type { H5Module } from "./h5wasmLoader";

/** The options of spy.save_nwb. */
export interface SaveNwbOptions {
  /** Replace an existing file (default false). */
  overwrite?: boolean;
  /** The NWB name of the series (default "ElectricalSeries"). */
  name?: string;
  /** session_description (default: the object's class and the date). Not used with `nwbfile`. */
  session_description?: string;
  /** Syncopy's `with_trialdefinition`: write the trials as `intervals/trials` (default true). */
  with_trialdefinition?: boolean;
  /**
   * Syncopy's `is_raw`: true (default) writes an AnalogData/TimeLockData to `acquisition/<name>`;
   * false writes it as LFP, to `processing/ecephys/LFP/<name>`. SpikeData ignore it, as in Syncopy.
   */
  is_raw?: boolean;
  /**
   * Syncopy's `nwbfile`: an NWB file (the path an earlier save_nwb resolved to) to add this object
   * to, instead of starting a new file. The result goes to `filename`, which may be the same path
   * (then it is replaced, with or without `overwrite`). The channels must match the file's
   * electrodes table (same count and labels), the series' place must be free, and a file that has
   * trials already takes no more (give `with_trialdefinition: false`).
   */
  nwbfile?: string;
}

const NWB_VERSION = "2.6.0";

/**
 * Write `data` (AnalogData, TimeLockData or SpikeData) as an NWB file at `filename`; resolves to its
 * absolute path. The file is written beside its target and renamed into place, so a failed
 * write leaves no partial file. An existing file is an SPYIOError unless `overwrite`.
 */
export async function save_nwb(data: BaseData, filename: string, options: SaveNwbOptions = {}): Promise<string> {
  checkString(filename, "filename", "the path of the NWB file to write");
  const opts = checkOptions(options, "save_nwb", ["overwrite", "name", "session_description", "with_trialdefinition", "is_raw", "nwbfile"]) as SaveNwbOptions;
  if (opts.overwrite !== undefined) checkBoolean(opts.overwrite, "overwrite");
  const layout: Layout = {
    withTrials: opts.with_trialdefinition === undefined ? true : checkBoolean(opts.with_trialdefinition, "with_trialdefinition"),
    isRaw: opts.is_raw === undefined ? true : checkBoolean(opts.is_raw, "is_raw"),
  };
  const base = opts.nwbfile === undefined ? null : path.resolve(checkString(opts.nwbfile, "nwbfile", "the path of an NWB file to add the object to"));
  const name = opts.name === undefined ? "ElectricalSeries" : checkString(opts.name, "name", "a series name without '/'");
  if (name.includes("/")) throw new SPYValueError("name", name, "a series name without '/'");
  const continuous = data instanceof AnalogData || data instanceof TimeLockData;
  if (!continuous && !(data instanceof SpikeData)) {
    throw new SPYTypeError("data", (data as { className?: string })?.className ?? data, "an AnalogData, TimeLockData or SpikeData (what NWB has a place for)");
  }
  if (!data.storage) throw new SPYValueError("data", null, `a ${data.className} with data (this one is empty)`);
  const file = path.resolve(filename);
  const dir = path.dirname(file);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new SPYIOError(file, `cannot be written: its folder ${dir} does not exist`);
  const existing = fs.existsSync(file) ? fs.statSync(file) : null;
  if (existing && !existing.isFile()) throw notRegular(file, existing, "an NWB file to write (or replace)");
  if (existing && !opts.overwrite && file !== base) throw new SPYIOError(file, "exists already (give overwrite: true to replace it)");
  const partial = `${file}.partial-${process.pid}`;
  if (base !== null) {
    // the file to add to is checked as NWB first, then copied: the original stays as it was until the rename
    const { h5, f: probe } = await openH5(base, "r", "an NWB file to add to (nwbfile)");
    const isNwb = attr(probe, "nwb_version") !== undefined && groupAt(h5, probe, "acquisition") !== null;
    probe.close();
    if (!isNwb) throw new SPYIOError(base, "is HDF5 but not an NWB file (no nwb_version attribute or acquisition group); nwbfile names an NWB file to add to");
    fs.copyFileSync(base, partial);
  }
  const { h5, f } = await openH5(partial, base !== null ? "a" : "w");
  try {
    if (base === null) writeFileHeader(f, opts.session_description ?? `${data.className} written by spyts save_nwb`);
    if (continuous) writeContinuous(h5, base ?? file, f, data as AnalogData | TimeLockData, name, layout);
    else writeUnits(h5, f, data as SpikeData, layout);
    f.flush();
  } catch (e) {
    f.close();
    fs.rmSync(partial, { force: true });
    throw e;
  }
  f.close();
  try {
    fs.renameSync(partial, file);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw new SPYIOError(file, `could not be put in place: ${(e as Error).message}`);
  }
  return file;
}

/** namespace, neurodata_type and a fresh object_id (every typed NWB object has them). */
function typed(o: Group | { create_attribute: Group["create_attribute"] }, ns: "core" | "hdmf-common", type: string, extra: Record<string, string | string[]> = {}): void {
  o.create_attribute("namespace", ns);
  o.create_attribute("neurodata_type", type);
  o.create_attribute("object_id", randomUUID());
  for (const [k, v] of Object.entries(extra)) o.create_attribute(k, v);
}

function writeFileHeader(f: Group, description: string): void {
  const now = new Date().toISOString();
  typed(f, "core", "NWBFile");
  f.create_attribute("nwb_version", NWB_VERSION);
  f.create_dataset({ name: "file_create_date", data: [now] });
  f.create_dataset({ name: "identifier", data: randomUUID() });
  f.create_dataset({ name: "session_description", data: description });
  f.create_dataset({ name: "session_start_time", data: now });
  f.create_dataset({ name: "timestamps_reference_time", data: now });
  for (const g of ["acquisition", "analysis", "general", "general/devices", "general/extracellular_ephys", "intervals", "processing", "stimulus", "stimulus/presentation", "stimulus/templates"]) f.create_group(g);
  f.create_dataset({ name: "general/source_script", data: "spyts save_nwb" }).create_attribute("file_name", "spyts");
}

/** A VectorData (or other table column) with its description. */
function column(table: Group, name: string, data: Float64Array | Int32Array | string[] | ReturnType<Group["create_reference"]>[], description: string, type = "VectorData"): ReturnType<Group["create_dataset"]> {
  const d = table.create_dataset({ name, data: data as never });
  typed(d, "hdmf-common", type, type === "ElementIdentifiers" ? {} : { description });
  return d;
}

/** Where and what save_nwb writes besides the data (Syncopy's keywords). */
interface Layout { withTrials: boolean; isRaw: boolean }

/**
 * The electrodes table of a file being added to, when it has one: it must list exactly these
 * labels as `location` (an SPYValueError otherwise: the series would point at the wrong rows).
 */
function existingElectrodes(h5: H5Module, file: string, f: Group, labels: string[]): Group | null {
  const table = groupAt(h5, f, "general/extracellular_ephys/electrodes");
  if (!table) return null;
  const loc = datasetAt(h5, table, "location");
  const have = loc ? readStrings(file, loc) : [];
  const same = have.length === labels.length && have.every((x, k) => x === labels[k]);
  if (!same) {
    throw new SPYValueError("nwbfile", `an electrodes table of ${have.length} rows (${have.slice(0, 4).join(", ")}${have.length > 4 ? ", ..." : ""})`,
      `a file whose electrodes are this object's ${labels.length} channels, in order (${labels.slice(0, 4).join(", ")}${labels.length > 4 ? ", ..." : ""})`);
  }
  return table;
}

/** A group at `p`, created (with its neurodata type) when missing. */
function ensureGroup(h5: H5Module, f: Group, p: string, type: string, description: string): Group {
  const g = groupAt(h5, f, p);
  if (g) return g;
  const made = f.create_group(p);
  typed(made, "core", type, { description });
  return made;
}

/** The electrodes table: one row per channel, location = label, all in one ElectrodeGroup. */
function writeElectrodes(f: Group, labels: string[]): Group {
  const dev = f.create_group("general/devices/spyts");
  typed(dev, "core", "Device", { description: "written by spyts save_nwb" });
  const eg = f.create_group("general/extracellular_ephys/spyts");
  typed(eg, "core", "ElectrodeGroup", { description: "all channels of the saved object", location: "unknown" });
  eg.create_soft_link("/general/devices/spyts", "device");
  const table = f.create_group("general/extracellular_ephys/electrodes");
  typed(table, "hdmf-common", "DynamicTable", { description: "metadata about extracellular electrodes", colnames: ["location", "group", "group_name"] });
  const n = labels.length;
  column(table, "id", Int32Array.from({ length: n }, (_, k) => k), "", "ElementIdentifiers");
  column(table, "location", labels, "the channel label of the saved object");
  const ref = eg.create_reference();
  column(table, "group", Array.from({ length: n }, () => ref), "a reference to the ElectrodeGroup this electrode is a part of");
  column(table, "group_name", labels.map(() => "spyts"), "the name of the ElectrodeGroup this electrode is a part of");
  return table;
}

function writeContinuous(h5: H5Module, file: string, f: Group, data: AnalogData | TimeLockData, name: string, layout: Layout): void {
  const labels = data.channel;
  if (layout.withTrials && groupAt(h5, f, "intervals/trials")) throw trialsTaken();
  const table = existingElectrodes(h5, file, f, labels) ?? writeElectrodes(f, labels);
  let where = `acquisition/${name}`;
  if (!layout.isRaw) {
    // Syncopy's is_raw=False: an LFP container in the ecephys processing module
    if (!groupAt(h5, f, "processing")) f.create_group("processing");
    ensureGroup(h5, f, "processing/ecephys", "ProcessingModule", "processed extracellular electrophysiology data");
    ensureGroup(h5, f, "processing/ecephys/LFP", "LFP", "LFP data");
    where = `processing/ecephys/LFP/${name}`;
  }
  if (groupAt(h5, f, where) || datasetAt(h5, f, where)) {
    throw new SPYValueError("name", name, `a series name not in the file yet (it has /${where} already)`);
  }
  const es = f.create_group(where);
  typed(es, "core", "ElectricalSeries", { comments: "no comments", description: `${data.className} saved by spyts` });
  const trl = data.trialdefinition;
  const nCh = labels.length;
  const total = trl.reduce((s, r) => s + r[1] - r[0], 0);
  const dtype = data.dtype === "float32" ? "<f" : "<d";
  if (data.dtype !== "float32" && data.dtype !== "float64") throw new SPYTypeError("data", data.dtype, "real-valued float32 or float64 data (NWB's ElectricalSeries holds no complex values)");
  const chunkRows = Math.max(1, Math.min(total, Math.floor((1 << 20) / (nCh * 8))));
  const ds = es.create_dataset({
    name: "data", data: new (data.dtype === "float32" ? Float32Array : Float64Array)(0), shape: [0, nCh], dtype,
    maxshape: [null, nCh], chunks: [chunkRows, nCh], compression: "gzip", compression_opts: 4,
  });
  let at = 0;
  for (let k = 0; k < trl.length; k++) {
    const t = data.trials.get(k);
    const len = t.shape[0];
    ds.resize([at + len, nCh]);
    ds.write_slice([[at, at + len], [0, nCh]], contiguous(t));
    at += len;
  }
  // float attributes need their dtype: h5wasm stores a whole JS number as int32, which pynwb refuses
  ds.create_attribute("conversion", 1.0, null, "<d");
  ds.create_attribute("offset", 0.0, null, "<d");
  ds.create_attribute("resolution", -1.0, null, "<d");
  ds.create_attribute("unit", "volts");
  const st = es.create_dataset({ name: "starting_time", data: 0.0, dtype: "<d" });
  st.create_attribute("rate", data.samplerate, null, "<d");
  st.create_attribute("unit", "seconds");
  const region = es.create_dataset({ name: "electrodes", data: Int32Array.from({ length: nCh }, (_, k) => k) });
  typed(region, "hdmf-common", "DynamicTableRegion", { description: "the channels of the saved object" });
  region.create_attribute("table", table.create_reference());
  let start = 0;
  const rows = trl.map((r) => {
    const a = start;
    start += r[1] - r[0];
    return [a / data.samplerate, start / data.samplerate, r[2] / data.samplerate, ...r.slice(3)];
  });
  if (layout.withTrials) writeTrials(h5, f, rows, data.info.trialinfo_columns);
}

function trialsTaken(): SPYValueError {
  return new SPYValueError("with_trialdefinition", true, "false: the file (nwbfile) has intervals/trials already");
}

/** A trial's values as one contiguous typed array (trials read from a view may be strided). */
function contiguous(t: NDArray): Float32Array | Float64Array {
  return ascontiguous(t).data as Float32Array | Float64Array;
}

/** `intervals/trials` from rows [start s, stop s, offset s, trialinfo...]. */
function writeTrials(h5: H5Module, f: Group, rows: number[][], names: unknown): void {
  if (rows.length === 0) return;
  if (!groupAt(h5, f, "intervals")) f.create_group("intervals");
  const width = rows[0].length - 3;
  const colNames = Array.isArray(names) && names.length === width && names.every((x) => typeof x === "string" && /^[A-Za-z_]\w*$/.test(x) && !["start_time", "stop_time", "offset", "id"].includes(x))
    ? (names as string[]) : Array.from({ length: width }, (_, j) => `trialinfo_${j}`);
  const t = f.create_group("intervals/trials");
  typed(t, "core", "TimeIntervals", { description: "trials of the saved object (spyts)", colnames: ["start_time", "stop_time", "offset", ...colNames] });
  column(t, "id", Int32Array.from(rows, (_, k) => k), "", "ElementIdentifiers");
  column(t, "start_time", Float64Array.from(rows, (r) => r[0]), "Start time of epoch, in seconds");
  column(t, "stop_time", Float64Array.from(rows, (r) => r[1]), "Stop time of epoch, in seconds");
  column(t, "offset", Float64Array.from(rows, (r) => r[2]), "time of the trial's first sample relative to its trigger, in seconds (Syncopy's offset / samplerate)");
  colNames.forEach((c, j) => column(t, c, Float64Array.from(rows, (r) => r[3 + j]), `trialinfo column ${j}`));
}

function writeUnits(h5: H5Module, f: Group, data: SpikeData, layout: Layout): void {
  if (groupAt(h5, f, "units")) throw new SPYValueError("nwbfile", "a file with a units table", "a file without one (NWB has one units table)");
  if (layout.withTrials && groupAt(h5, f, "intervals/trials")) throw trialsTaken();
  const fs_ = data.samplerate;
  if (!(fs_ > 0)) throw new SPYValueError("samplerate", fs_, "a SpikeData with a samplerate (spike times in seconds need it)");
  const sample = data.column("sample"), unit = data.column("unit"), channel = data.column("channel");
  const ids = [...new Set(unit)].sort((a, b) => a - b);
  const times: number[] = [];
  const ends: number[] = [];
  const firstChannel: number[] = [];
  const rowsOfUnit: number[][] = [];
  for (const id of ids) {
    let first = -1;
    const rows: number[] = [];
    for (let i = 0; i < sample.length; i++) if (unit[i] === id) { times.push(sample[i] / fs_); rows.push(i); if (first < 0) first = channel[i]; }
    ends.push(times.length);
    firstChannel.push(first);
    rowsOfUnit.push(rows);
  }
  const waveform = data.waveform;
  const withWaveforms = waveform !== null && (waveform.shape.length === 2 || waveform.shape.length === 3) && sample.length > 0;
  if (waveform && !withWaveforms) warn(`save_nwb: the SpikeData's waveform of shape [${waveform.shape.join(", ")}] is not written (NWB's per-spike waveforms are [nSpikes, nSamples] or [nSpikes, nElectrodes, nSamples])`);
  const u = f.create_group("units");
  typed(u, "core", "Units", { description: "units of the saved SpikeData (spyts)", colnames: ["spike_times", "channel", "samplerate", ...(withWaveforms ? ["waveforms"] : [])] });
  column(u, "id", Int32Array.from(ids), "", "ElementIdentifiers");
  const st = column(u, "spike_times", Float64Array.from(times), "the spike times for each unit in seconds");
  st.create_attribute("resolution", 1 / fs_, null, "<d");
  const idx = column(u, "spike_times_index", Int32Array.from(ends), "Index for VectorData 'spike_times'", "VectorIndex");
  idx.create_attribute("target", st.create_reference());
  column(u, "channel", Float64Array.from(firstChannel), "the channel value of the unit's first spike (SpikeData's channel column)");
  // Syncopy's column: the rate that turns the times back into samples (load_nwb reads it)
  column(u, "samplerate", new Float64Array(ids.length).fill(fs_), "the SpikeData's samplerate in Hz");
  if (withWaveforms) writeWaveforms(u, ascontiguous(waveform!), rowsOfUnit, data.info.waveform_sampling_rate);
  const trl = data.trialdefinition;
  if (layout.withTrials) writeTrials(h5, f, trl.map((r) => [r[0] / fs_, r[1] / fs_, r[2] / fs_, ...r.slice(3)]), data.info.trialinfo_columns);
}

/**
 * Per-spike waveforms as NWB's doubly ragged column: `waveforms` [num_waveforms, num_samples]
 * (unit after unit, spike after spike, electrode after electrode), `waveforms_index` (one end per
 * spike) and `waveforms_index_index` (one end per unit). `w` is [nSpikes, nSamples] (one
 * electrode) or [nSpikes, nElectrodes, nSamples], in the SpikeData's row order.
 */
function writeWaveforms(u: Group, w: NDArray, rowsOfUnit: number[][], rate: unknown): void {
  const nSamples = w.shape[w.shape.length - 1];
  const nElectrodes = w.shape.length === 3 ? w.shape[1] : 1;
  const width = nSamples * nElectrodes;
  const nSpikes = rowsOfUnit.reduce((s, r) => s + r.length, 0);
  const values = new Float64Array(nSpikes * width);
  const spikeEnds = new Int32Array(nSpikes);
  const unitEnds = new Int32Array(rowsOfUnit.length);
  let k = 0;
  rowsOfUnit.forEach((rows, j) => {
    for (const i of rows) {
      for (let v = 0; v < width; v++) values[k * width + v] = Number(w.data[i * width + v]);
      spikeEnds[k] = (k + 1) * nElectrodes;
      k++;
    }
    unitEnds[j] = k;
  });
  const d = u.create_dataset({ name: "waveforms", data: values, shape: [nSpikes * nElectrodes, nSamples], dtype: "<d" });
  typed(d, "hdmf-common", "VectorData", { description: "Individual waveforms for each spike on each electrode (the SpikeData's waveform)" });
  d.create_attribute("unit", "volts");
  if (typeof rate === "number" && rate > 0) d.create_attribute("sampling_rate", rate, null, "<f");
  const idx = column(u, "waveforms_index", spikeEnds, "Index for VectorData 'waveforms'", "VectorIndex");
  idx.create_attribute("target", d.create_reference());
  const idx2 = column(u, "waveforms_index_index", unitEnds, "Index for VectorData 'waveforms_index'", "VectorIndex");
  idx2.create_attribute("target", idx.create_reference());
}
