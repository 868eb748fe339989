/**
 * One regularly sampled NWB TimeSeries (ElectricalSeries, LFP, any TimeSeries with `rate`) into an
 * AnalogData in physical units: `data × channel_conversion[c] × conversion + offset` (volts for an
 * ElectricalSeries). The dataset is read in blocks of at most `memuse` MB and streamed into the
 * object's Arrow file as stored pieces; the trials are windows over them (definetrial's views),
 * so no step holds more than one block, whatever the size of the series.
 */
import { SPYIOError } from "../core/errors";
import type { DType, TypedArray } from "../core/ndarray";
import { AnalogData } from "../data/analog";
import { TrialStoreWriter } from "../data/trialstore";
import { H5Module } from "./h5wasmLoader";
import { Dataset, Group, attr, checkFilters, datasetAt, dtypeOf, readRows, readNumbers } from "./h5file";
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
 */
export function readSeries(h5: H5Module, file: string, root: Group, g: Group, s: SeriesInfo, intervals: NwbIntervals | null, memuse: number): AnalogData {
  const labels = channelLabels(h5, file, root, g, s);
  const dtype = outputDtype(s.data);
  const rowBytes = s.nChannels * 8;
  const block = Math.max(1, Math.floor((memuse * 1e6) / rowBytes));
  const writer = new TrialStoreWriter(".analog", dtype, [s.nChannels]);
  const pieces: number[][] = [];
  try {
    for (let a = 0; a < s.nSamples; a += block) {
      const b = Math.min(s.nSamples, a + block);
      const raw = readRows(h5, file, s.data, a, b) as ArrayLike<number>;
      if (raw.length !== (b - a) * s.nChannels) throw new SPYIOError(file, `reading rows ${a}-${b} of '${s.data.path}' gave ${raw.length} values, not ${(b - a) * s.nChannels}`);
      writer.append({ data: scaled(raw, s, dtype), shape: [b - a, s.nChannels], dtype });
      pieces.push([a, b, 0]);
    }
    if (pieces.length === 0) throw new SPYIOError(file, `'${s.data.path}' holds no samples`);
  } catch (e) {
    writer.abort();
    throw e;
  }
  const obj = new AnalogData();
  obj.samplerate = s.rate;
  obj.setStore(writer.finish(), pieces);
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

/** Stored values to physical ones, per channel: v × channel_conversion[c] × conversion + offset. */
function scaled(raw: ArrayLike<number>, s: SeriesInfo, dtype: DType): TypedArray {
  const out = dtype === "float32" ? new Float32Array(raw.length) : new Float64Array(raw.length);
  const c = s.nChannels;
  const gain = new Float64Array(c).fill(s.conversion);
  if (s.channelConversion) for (let j = 0; j < c; j++) gain[j] *= s.channelConversion[j];
  const off = s.offset;
  for (let i = 0; i < raw.length; i++) out[i] = Number(raw[i]) * gain[i % c] + off;
  return out;
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
