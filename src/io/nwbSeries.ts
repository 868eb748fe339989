/**
 * One regularly sampled NWB TimeSeries (ElectricalSeries, LFP, any TimeSeries with `rate`) into an
 * AnalogData in physical units: `data × channel_conversion[c] × conversion + offset` (volts for an
 * ElectricalSeries). The stored pieces are blocks of at most `memuse` MB; the trials are windows
 * over them (definetrial's views), so no step holds more than one block, whatever the size of the
 * series. Unfiltered data are read from the NWB file when a trial is read (nwbSeriesStore.ts);
 * filtered data are decoded once, at load time, into the object's Arrow file.
 */
import { SPYIOError } from "../core/errors";
import type { DType } from "../core/ndarray";
import { AnalogData } from "../data/analog";
import { TrialStore, TrialStoreWriter } from "../data/trialstore";
import { H5Module } from "./h5wasmLoader";
import { Dataset, Group, attr, checkFilters, datasetAt, dtypeOf, readNumbers, withRows } from "./h5file";
import { Scaling, newOutput, scaleInto, scalingOf } from "./nwbScaling";
import { NwbSeriesStore } from "./nwbSeriesStore";
import { NwbIntervals, electrodeLabels, intervalRows } from "./nwbTables";

/** What a regularly sampled series holds, before its data are read. */
export interface SeriesInfo {
  path: string;
  type: string;
  data: Dataset;
  nSamples: number;
  nChannels: number;
  rate: number;
  startingTime: number;
  conversion: number;
  offset: number;
  channelConversion: number[] | null;
  unit: string;
}

/** The series' shape and scaling, checked; null when `g` is not a regularly sampled series. */
export function seriesInfo(h5: H5Module, file: string, g: Group, type: string): SeriesInfo | null {
  const data = datasetAt(h5, g, "data");
  const st = datasetAt(h5, g, "starting_time");
  if (!data || !st) return null;
  const shape = data.shape ?? [];
  if (shape.length < 1 || shape.length > 2) {
    throw new SPYIOError(file, `'${data.path}' has shape [${shape.join(", ")}]; spyts reads series of 1 or 2 dimensions (time, channel)`);
  }
  checkFilters(file, data);
  const rate = Number(attr(st, "rate"));
  if (!(rate > 0) || !Number.isFinite(rate)) throw new SPYIOError(file, `'${st.path}' has no positive 'rate' attribute (${String(attr(st, "rate"))})`);
  const startingTime = Number(readNumbers(h5, file, st)[0]);
  const num = (v: unknown, dflt: number) => (v === undefined || v === null ? dflt : Number(v));
  const nChannels = shape.length === 2 ? shape[1] : 1;
  const cc = datasetAt(h5, g, "channel_conversion");
  const channelConversion = cc ? Array.from(readNumbers(h5, file, cc) as ArrayLike<number>, Number) : null;
  if (channelConversion && channelConversion.length !== nChannels) {
    throw new SPYIOError(file, `'${cc!.path}' has ${channelConversion.length} values for ${nChannels} channels`);
  }
  return {
    path: g.path, type, data, nSamples: shape[0], nChannels, rate, startingTime,
    conversion: num(attr(data, "conversion"), 1), offset: num(attr(data, "offset"), 0),
    channelConversion, unit: String(attr(data, "unit") ?? ""),
  };
}

/** The output dtype: float32 holds int8/int16 and float32 data scaled; everything else float64. */
function outputDtype(d: Dataset): DType {
  const t = dtypeOf(d);
  return t === "float32" || t === "int8" || t === "uint8" || t === "int16" || t === "uint16" ? "float32" : "float64";
}

/**
 * The series as AnalogData: channel labels from its electrodes (an ElectricalSeries without an
 * `electrodes` region is an SPYIOError), trials from the intervals table or one trial over the
 * whole series whose offset puts its first sample at `starting_time`.
 *
 * Data stored without filters are not read here: the object's trials read their own rows from the
 * file on access (NwbSeriesStore). Filtered (compressed) data are decoded once, here, block by
 * block into the object's Arrow file, so that a damaged chunk is an SPYIOError of load_nwb and the
 * trials do not decompress again on every read. Either way the stored pieces are blocks of
 * `memuse` MB (rows of nChannels float64 values).
 */
export function readSeries(h5: H5Module, file: string, root: Group, g: Group, s: SeriesInfo, intervals: NwbIntervals | null, memuse: number): AnalogData {
  const labels = channelLabels(h5, file, root, g, s);
  const dtype = outputDtype(s.data);
  const rowBytes = s.nChannels * 8;
  const block = Math.max(1, Math.floor((memuse * 1e6) / rowBytes));
  if (s.nSamples === 0) throw new SPYIOError(file, `'${s.data.path}' holds no samples`);
  const scaling = scalingOf(s.nChannels, s.conversion, s.offset, s.channelConversion);
  const obj = new AnalogData();
  obj.samplerate = s.rate;
  if (hasFilters(s.data)) {
    const pieces: number[][] = [];
    const store = copySeries(h5, file, s, dtype, block, scaling, pieces);
    obj.setStore(store, pieces);
  } else {
    const store = new NwbSeriesStore(h5, file, s.data.path, s.nSamples, s.nChannels, block, dtype, scaling);
    obj.setStore(store, Array.from({ length: store.nTrials }, (_, j) => [j * block, j * block + store.trialLength(j), 0]));
  }
  obj.setAxisValues("channel", labels);
  let trl = intervals ? intervalRows(intervals, s.rate, s.startingTime, s.nSamples, `${s.path} (${s.nSamples} samples from ${s.startingTime} s)`) : [];
  if (!intervals || trl.length === 0) trl = [[0, s.nSamples, Math.round(s.startingTime * s.rate)]];
  obj.redefineTrials(trl);
  obj.info = {
    nwb_path: s.path, nwb_type: s.type, starting_time: s.startingTime, unit: s.unit,
    conversion: s.conversion, offset: s.offset, ...(intervals ? { trialinfo_columns: intervals.columns, trials_table: intervals.path } : {}),
  };
  return obj;
}

/** Whether HDF5 filters (compression, checksums) sit between the file's bytes and the values. */
function hasFilters(d: Dataset): boolean {
  try { return d.filters.length > 0; } catch { return true; }
}

/**
 * The whole series in physical units into a new Arrow file, one block of `block` rows at a time:
 * each block is read into h5wasm's heap and converted from there into one output buffer reused
 * for every block (the writer copies or writes it synchronously). `pieces` receives the rows.
 */
function copySeries(h5: H5Module, file: string, s: SeriesInfo, dtype: DType, block: number, scaling: Scaling, pieces: number[][]): TrialStore {
  const writer = new TrialStoreWriter(".analog", dtype, [s.nChannels]);
  try {
    const buffer = newOutput(dtype, Math.min(block, s.nSamples) * s.nChannels);
    for (let a = 0; a < s.nSamples; a += block) {
      const b = Math.min(s.nSamples, a + block);
      const n = (b - a) * s.nChannels;
      const out = n === buffer.length ? buffer : buffer.subarray(0, n);
      withRows(h5, file, s.data, a, b, (raw) => {
        if (raw.length !== n) throw new SPYIOError(file, `reading rows ${a}-${b} of '${s.data.path}' gave ${raw.length} values, not ${n}`);
        scaleInto(raw, out, scaling);
      });
      writer.append({ data: out, shape: [b - a, s.nChannels], dtype });
      pieces.push([a, b, 0]);
    }
  } catch (e) {
    writer.abort();
    throw e;
  }
  return writer.finish();
}

function channelLabels(h5: H5Module, file: string, root: Group, g: Group, s: SeriesInfo): string[] {
  const el = datasetAt(h5, g, "electrodes");
  if (!el) {
    if (s.type === "ElectricalSeries") throw new SPYIOError(file, `the ElectricalSeries '${s.path}' has no 'electrodes' (NWB requires the region of the electrodes table its channels come from)`);
    return Array.from({ length: s.nChannels }, (_, j) => `channel${j}`);
  }
  const rows = Array.from(readNumbers(h5, file, el) as ArrayLike<number>, Number);
  if (rows.length !== s.nChannels) throw new SPYIOError(file, `'${el.path}' names ${rows.length} electrodes for ${s.nChannels} channels of data`);
  return electrodeLabels(h5, file, root, rows);
}
