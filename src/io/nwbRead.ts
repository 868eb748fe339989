/**
 * spy.load_nwb: an NWB 2.x file into spyts data objects, one per series (Syncopy's `load_nwb`),
 * read with h5wasm straight from disk.
 *
 * - every regularly sampled series in `acquisition` and in `processing/<module>` (ElectricalSeries,
 *   LFP's ElectricalSeries, other TimeSeries with a `rate`) becomes an AnalogData (./nwbSeries.ts);
 * - `units` becomes a SpikeData whose rows keep each spike with its own unit;
 * - TTL-like series (a TimeSeries with `timestamps` and one code per time stamp, an
 *   AnnotationSeries) become EventData, and so do ndx-events EventsTables (./nwbEventsTable.ts);
 * - `intervals/trials` (else `intervals/epochs`) defines the trials of every object.
 *
 * Differences from Syncopy (wave2-anchors §4.3): values are physical (conversion and offset
 * applied, Syncopy applies channel_conversion only); each series keeps its own rate and starting
 * time (Syncopy gives every object the first series' rate and refuses unequal ones); spike rows
 * are sorted as (time, unit) pairs (Syncopy sorts the times alone and mislabels interleaved
 * units); trial samples are rounded (Syncopy truncates); plain TimeSeries and AnnotationSeries
 * load instead of raising; an EventData's trials hold all of its events; the units' per-spike
 * `waveforms` become the SpikeData's waveform (Syncopy drops them).
 */
import * as path from "path";
import { SPYIOError, SPYValueError } from "../core/errors";
import { checkNumber, checkOptions, checkString } from "../core/keywords";
import { warn } from "../core/warnings";
import type { NDArray } from "../core/ndarray";
import type { BaseData } from "../data/base";
import { SpikeData } from "../data/spike";
import { EventData } from "../data/event";
import { H5Module } from "./h5wasmLoader";
import { Group, attr, datasetAt, groupAt, openH5, readNumbers, readStrings } from "./h5file";
import { readSeries, seriesInfo, SeriesInfo, timestampedKind, timestampedSeriesInfo } from "./nwbSeries";
import { findEventsTables, readEventsTable } from "./nwbEventsTable";
import { NwbIntervals, ELECTRODES_PATH, UnitWaveforms, raggedColumn, numericColumn, readIntervals, textColumn, unitWaveforms } from "./nwbTables";

/** The options of spy.load_nwb (Syncopy's load_nwb keywords). */
export interface LoadNwbOptions {
  /** MB per block read from a series (default 3000, Syncopy's). */
  memuse?: number;
  /** Hz for spikes and events of a file without a regularly sampled series (Syncopy's keyword). */
  default_spike_data_samplerate?: number;
}

/**
 * Load an NWB file: `{ name: object }` (name: the series' NWB name, or its path where names repeat;
 * `units` for the SpikeData). `memuse` (MB, default 3000) bounds each read of a series.
 * A file that is missing, not HDF5, truncated or not NWB, a series without electrodes, or a filter
 * h5wasm cannot decode is an SPYIOError naming the file.
 */
export async function load_nwb(filename: string, options: LoadNwbOptions = {}): Promise<Record<string, BaseData>> {
  checkString(filename, "filename", "the path of an NWB file");
  const opts = checkOptions(options, "load_nwb", ["memuse", "default_spike_data_samplerate"]) as LoadNwbOptions;
  const memuse = opts.memuse === undefined ? 3000 : checkNumber(opts.memuse, "memuse", { gt: 0 });
  const defaultRate = opts.default_spike_data_samplerate === undefined ? undefined
    : checkNumber(opts.default_spike_data_samplerate, "default_spike_data_samplerate", { gt: 0 });
  const file = path.resolve(filename);
  const { h5, f } = await openH5(file, "r", "an NWB file");
  try {
    const version = attr(f, "nwb_version") ?? (datasetAt(h5, f, "nwb_version") ? "?" : undefined);
    if (version === undefined && attr(f, "neurodata_type") !== "NWBFile") {
      throw new SPYIOError(file, "an HDF5 file, but not NWB: its root has no 'nwb_version' attribute and is no NWBFile");
    }
    const intervals = readIntervals(h5, file, f);
    const found = findSeries(h5, file, f);
    const out: [string, string, BaseData][] = [];
    for (const { g, info } of found.regular) out.push([g.path.split("/").pop()!, g.path, readSeries(h5, file, f, g, info, intervals, memuse)]);
    const rate = found.regular.find((s) => s.info.type === "ElectricalSeries" && s.g.path.startsWith("/acquisition/"))?.info.rate
      ?? found.regular[0]?.info.rate ?? defaultRate;
    const units = groupAt(h5, f, "units");
    if (units) out.push(["units", "/units", readUnits(h5, file, f, units, rate, intervals)]);
    for (const g of found.events) out.push([g.path.split("/").pop()!, g.path, readEvents(h5, file, g, rate, intervals)]);
    for (const g of findEventsTables(h5, f)) {
      const fs = needRate(file, rate, `the events of ${g.path}`);
      out.push([g.path.split("/").pop()!, g.path, readEventsTable(h5, file, g, fs, discreteTrials(intervals, fs))]);
    }
    const result: Record<string, BaseData> = {};
    for (const [name, p, obj] of out) {
      const key = out.filter((o) => o[0] === name).length > 1 ? p.slice(1) : name;
      obj.appendLog(`Read NWB ${p} of ${file}`, "load_nwb");
      result[key] = obj;
    }
    return result;
  } finally {
    f.close();
  }
}

/** Regularly sampled series and event series under acquisition/ and processing/, any depth. */
function findSeries(h5: H5Module, file: string, root: Group): { regular: { g: Group; info: SeriesInfo }[]; events: Group[] } {
  const regular: { g: Group; info: SeriesInfo }[] = [];
  const events: Group[] = [];
  const visit = (g: Group, depth: number) => {
    for (const k of g.keys()) {
      const c = groupAt(h5, g, k);
      if (!c) continue;
      const type = String(attr(c, "neurodata_type") ?? "");
      const data = datasetAt(h5, c, "data");
      if (!data) {
        if (depth < 3) visit(c, depth + 1);
        continue;
      }
      const what = `${c.path} (${type || "no type"})`;
      const info = seriesInfo(h5, file, c, type);
      const kind = info || !datasetAt(h5, c, "timestamps") ? null : timestampedKind(type, data);
      if (info) {
        regular.push({ g: c, info });
      } else if (kind === null) {
        warn(`load_nwb: ${what} has neither a rate nor time stamps; skipped`);
      } else if (kind === "events") {
        events.push(c);
      } else if (kind === "unsupported") {
        warn(`load_nwb: ${c.path} (${type || "no type"}, data of shape [${(data.shape ?? []).join(", ")}]) holds one snippet per time stamp; spyts does not read those; skipped`);
      } else {
        const ts = timestampedSeriesInfo(h5, file, c, type);
        if (typeof ts === "string") warn(`load_nwb: ${what} is not read as AnalogData: ${ts}; skipped`);
        else regular.push({ g: c, info: ts });
      }
    }
  };
  for (const top of ["acquisition", "processing"]) {
    const g = groupAt(h5, root, top);
    if (g) visit(g, 0);
  }
  return { regular, events };
}

/** Trial rows for discrete data (absolute samples at `rate`), or undefined for the default trial. */
function discreteTrials(iv: NwbIntervals | null, rate: number): number[][] | undefined {
  if (!iv || iv.rows.length === 0) return undefined;
  return iv.rows.map((r) => [Math.round(r.start * rate), Math.round(r.stop * rate), r.offset === null ? 0 : Math.round(r.offset * rate), ...r.extra]);
}

function needRate(file: string, rate: number | undefined, what: string): number {
  if (rate === undefined) {
    throw new SPYValueError("default_spike_data_samplerate", undefined, `a sampling rate in Hz for ${what} (the file ${file} has no regularly sampled series to take it from)`);
  }
  return rate;
}

/**
 * `units`: rows [round(t · rate), channel, unit] sorted by time, each spike with its own unit (NWB
 * stores them ragged per unit). The unit value is the NWB id, labelled "unit<id>"; the channel is
 * the unit's first electrode row, labelled by its location; without an electrodes column, the
 * unit's value in a numeric `channel` column (what save_nwb writes), else 0.
 * `waveform_mean` (one per unit) is kept as the dataset "waveform_mean" [nUnits, ...]. Per-spike
 * `waveforms` (NWB's doubly ragged column) become the SpikeData's `waveform`, in its row order:
 * [nSpikes, nSamples] when every spike has one waveform, [nSpikes, nElectrodes, nSamples] when
 * every spike has the same number of them (else they are left out with a warning); their
 * `sampling_rate` goes to info.waveform_sampling_rate.
 */
function readUnits(h5: H5Module, file: string, root: Group, units: Group, rate: number | undefined, iv: NwbIntervals | null): SpikeData {
  const fs = rate ?? numericColumn(h5, file, units, "samplerate")?.[0];
  const samplerate = needRate(file, fs, "the spikes of /units");
  const times = raggedColumn(h5, file, units, "spike_times");
  if (!times) throw new SPYIOError(file, "the /units table has no spike_times with spike_times_index");
  const ids = numericColumn(h5, file, units, "id") ?? times.map((_, k) => k);
  const electrodes = raggedColumn(h5, file, units, "electrodes");
  // without electrodes, the `channel` column save_nwb writes (one channel value per unit), when it is one
  const chCol = electrodes ? null : numericColumn(h5, file, units, "channel");
  const unitChannel = chCol && chCol.length === times.length && chCol.every((v) => Number.isInteger(v) && v >= 0) ? chCol : null;
  const n = times.reduce((s, t) => s + t.length, 0);
  const order = new Uint32Array(n);
  const sample = new Float64Array(n), channel = new Float64Array(n), unit = new Float64Array(n);
  let i = 0;
  times.forEach((ts, u) => {
    const ch = electrodes?.[u]?.[0] ?? unitChannel?.[u] ?? 0;
    for (const t of ts) { sample[i] = Math.round(t * samplerate); channel[i] = ch; unit[i] = ids[u]; order[i] = i; i++; }
  });
  // sort the (sample, unit) pairs together: NWB's per-unit order interleaves in time
  order.sort((a, b) => sample[a] - sample[b] || unit[a] - unit[b]);
  const cols = {
    sample: Float64Array.from(order, (j) => sample[j]),
    channel: Float64Array.from(order, (j) => channel[j]),
    unit: Float64Array.from(order, (j) => unit[j]),
  };
  const unitValues = [...new Set(cols.unit)].sort((a, b) => a - b);
  const channelValues = [...new Set(cols.channel)].sort((a, b) => a - b);
  const table = groupAt(h5, root, ELECTRODES_PATH);
  const location = electrodes && table ? textColumn(h5, file, table, "location") : null;
  const chLabels = channelValues.map((v) => location?.[v] ?? `channel${v}`);
  const obj = new SpikeData({
    data: cols, samplerate, trialdefinition: discreteTrials(iv, samplerate),
    unit: unitValues.map((v) => `unit${v}`),
    // channel values from save_nwb's column: SpikeData's default labels (channel{v+1}), as the saved object had
    channel: unitChannel ? undefined : new Set(chLabels).size === chLabels.length ? chLabels : channelValues.map((v) => `channel${v}`),
  });
  const wm = datasetAt(h5, units, "waveform_mean");
  if (wm && wm.shape && wm.shape[0] === times.length) {
    const v = readNumbers(h5, file, wm);
    obj.setDataset("waveform_mean", { data: Float64Array.from(v as ArrayLike<number>, Number), shape: wm.shape, dtype: "float64" });
  }
  const wf = unitWaveforms(h5, file, units);
  const waveform = wf ? spikeWaveforms(file, wf, times.map((t) => t.length), order) : null;
  if (waveform) obj.waveform = waveform;
  obj.info = {
    nwb_path: "/units", unit_ids: ids, ...(iv ? { trialinfo_columns: iv.columns, trials_table: iv.path } : {}),
    ...(waveform && wf!.samplingRate !== null ? { waveform_sampling_rate: wf!.samplingRate } : {}),
  };
  return obj;
}

/**
 * The per-spike waveforms in the SpikeData's row order (`order[r]`: the NWB spike, counted unit
 * after unit, that became row r), or null with a warning when they do not fit one array.
 */
function spikeWaveforms(file: string, wf: UnitWaveforms, spikesPerUnit: number[], order: Uint32Array): NDArray | null {
  const skip = (why: string): null => { warn(`load_nwb: the per-spike waveforms of /units in ${file} are left out: ${why}`); return null; };
  if (wf.perUnit.length !== spikesPerUnit.length) return skip(`waveforms_index_index has ${wf.perUnit.length} units, spike_times_index ${spikesPerUnit.length}`);
  const bad = spikesPerUnit.findIndex((n, u) => wf.perUnit[u].length !== n);
  if (bad >= 0) return skip(`unit row ${bad} has ${spikesPerUnit[bad]} spike times but ${wf.perUnit[bad].length} spikes with waveforms`);
  const flat = wf.perUnit.flat();
  const width = flat[0]?.length ?? 0;
  if (flat.some((w) => w.length !== width) || width === 0) return skip("the spikes have different numbers of electrodes (spyts holds one array [nSpikes, ...])");
  const nElectrodes = width / wf.nSamples;
  const data = new Float64Array(flat.length * width);
  order.forEach((j, r) => data.set(flat[j], r * width));
  return { data, shape: nElectrodes === 1 ? [flat.length, wf.nSamples] : [flat.length, nElectrodes, wf.nSamples], dtype: "float64" };
}

/**
 * A TTL-like series into EventData rows [round(t · rate), code]: a TimeSeries with one integer code
 * per time stamp, or an AnnotationSeries (text: codes are the positions of the distinct texts in
 * sorted order, kept in info.eventid_labels).
 */
function readEvents(h5: H5Module, file: string, g: Group, rate: number | undefined, iv: NwbIntervals | null): EventData {
  const samplerate = needRate(file, rate, `the events of ${g.path}`);
  const ts = Array.from(readNumbers(h5, file, datasetAt(h5, g, "timestamps")!) as ArrayLike<number>, Number);
  const d = datasetAt(h5, g, "data")!;
  let codes: number[];
  let labels: string[] | undefined;
  const meta = d.metadata as { type: number };
  if (meta.type === 3) {
    const text = readStrings(file, d);
    labels = [...new Set(text)].sort();
    codes = text.map((t) => labels!.indexOf(t));
  } else {
    codes = Array.from(readNumbers(h5, file, d) as ArrayLike<number>, Number);
  }
  if ((d.shape?.length ?? 1) > 1 || codes.length !== ts.length) {
    throw new SPYIOError(file, `'${g.path}' has ${ts.length} time stamps but data of shape [${(d.shape ?? []).join(", ")}]; spyts reads one event code per time stamp`);
  }
  const idx = ts.map((_, k) => k).sort((a, b) => ts[a] - ts[b] || codes[a] - codes[b]);
  const obj = new EventData({
    data: { sample: Float64Array.from(idx, (k) => Math.round(ts[k] * samplerate)), eventid: Float64Array.from(idx, (k) => codes[k]) },
    samplerate, trialdefinition: discreteTrials(iv, samplerate),
  });
  obj.info = { nwb_path: g.path, nwb_type: String(attr(g, "neurodata_type") ?? ""), ...(labels ? { eventid_labels: labels } : {}) };
  return obj;
}
