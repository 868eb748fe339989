/**
 * One regularly sampled NWB TimeSeries (ElectricalSeries, LFP, any TimeSeries with `rate`, or with
 * time stamps on a regular grid) into an
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

/** The series' shape and scaling, checked; null when `g` is not a series with `starting_time` and `rate`. */
export function seriesInfo(h5: H5Module, file: string, g: Group, type: string): SeriesInfo | null {
  const data = datasetAt(h5, g, "data");
  const st = datasetAt(h5, g, "starting_time");
  if (!data || !st) return null;
  const rate = Number(attr(st, "rate"));
  if (!(rate > 0) || !Number.isFinite(rate)) throw new SPYIOError(file, `'${st.path}' has no positive 'rate' attribute (${String(attr(st, "rate"))})`);
  return describe(h5, file, g, type, data, rate, Number(readNumbers(h5, file, st)[0]));
}

/**
 * How a series that has `timestamps` instead of `starting_time` is read: "continuous" (an
 * ElectricalSeries, or any series of 2-D data: samples x channels) becomes AnalogData when its
 * time stamps are regular; "events" (1-D codes or text: TTL-like TimeSeries, AnnotationSeries)
 * becomes EventData; "unsupported" (a SpikeEventSeries, whose rows are waveform snippets, or data
 * of 3 or more dimensions) is skipped with a warning.
 */
export function timestampedKind(type: string, data: Dataset): "continuous" | "events" | "unsupported" {
  const ndim = data.shape?.length ?? 1;
  if (type === "SpikeEventSeries" || ndim > 2) return "unsupported";
  return type === "ElectricalSeries" || ndim === 2 ? "continuous" : "events";
}

/** Time stamps read per block when checking that they are regular (8 MB of float64). */
const TIMESTAMP_BLOCK = 1 << 20;
/** Largest deviation of a time stamp from the straight line through the first and last, in sample periods. */
const MAX_JITTER = 0.1;

/**
 * A continuous series stored with one time stamp per sample, as many converters write them: when
 * the stamps lie on a regular grid (each within MAX_JITTER of a sample period of the line from the
 * first to the last), the series is read as sampled at rate = (n - 1) / (t[n-1] - t[0]) from
 * t[0] (the rate snapped to a whole mHz when it is within 1e-7 of it, so that clock-conversion
 * noise does not give 499.99999997 Hz). Otherwise the reason it is not regular, as text (the
 * caller skips the series with a warning: spyts has no irregularly sampled AnalogData).
 */
export function timestampedSeriesInfo(h5: H5Module, file: string, g: Group, type: string): SeriesInfo | string {
  const data = datasetAt(h5, g, "data")!;
  const ts = datasetAt(h5, g, "timestamps")!;
  const n = data.shape?.[0] ?? 0;
  const nts = ts.shape?.[0] ?? 0;
  if ((ts.shape?.length ?? 0) !== 1 || nts !== n) {
    throw new SPYIOError(file, `'${ts.path}' has shape [${(ts.shape ?? []).join(", ")}] for ${n} samples of '${data.path}'; expected one time stamp per sample`);
  }
  if (n < 2) return `it has ${n} time stamp${n === 1 ? "" : "s"}, too few to give a sampling rate`;
  const at = (i: number) => Number(withRows(h5, file, ts, i, i + 1, (v) => v[0]));
  const t0 = at(0), t1 = at(n - 1);
  const dt = (t1 - t0) / (n - 1);
  if (!(dt > 0) || !Number.isFinite(dt)) return `its time stamps do not increase (first ${t0} s, last ${t1} s)`;
  for (let a = 0; a < n; a += TIMESTAMP_BLOCK) {
    const b = Math.min(n, a + TIMESTAMP_BLOCK);
    const bad = withRows(h5, file, ts, a, b, (v) => {
      for (let i = 0; i < v.length; i++) {
        const t = Number(v[i]);
        if (!(Math.abs(t - (t0 + (a + i) * dt)) <= MAX_JITTER * dt)) return a + i;
      }
      return -1;
    });
    if (bad >= 0) return irregularity(h5, file, ts, n, t0, at(1) - t0, dt, bad);
  }
  const raw = 1 / dt;
  const snapped = Math.round(raw * 1000) / 1000;
  const rate = Math.abs(snapped - raw) <= 1e-7 * raw ? snapped : raw;
  return describe(h5, file, g, type, data, rate, t0);
}

/**
 * Why time stamps that left the grid at sample `bad` are not regular: the first step between
 * neighbours that differs from the first step by more than MAX_JITTER of it (a gap, a clock
 * jump), else (every step alike: the rate drifts) how far sample `bad` is off the grid.
 */
function irregularity(h5: H5Module, file: string, ts: Dataset, n: number, t0: number, step0: number, dt: number, bad: number): string {
  let prev = t0;
  for (let a = 1; a < n; a += TIMESTAMP_BLOCK) {
    const b = Math.min(n, a + TIMESTAMP_BLOCK);
    const found = withRows(h5, file, ts, a, b, (v) => {
      for (let i = 0; i < v.length; i++) {
        const t = Number(v[i]);
        if (!(Math.abs(t - prev - step0) <= MAX_JITTER * step0)) return `a step of ${t - prev} s from sample ${a + i - 1} to ${a + i}, where the first step is ${step0} s (a gap or a clock jump)`;
        prev = t;
      }
      return null;
    });
    if (found) return `its time stamps are not regular: ${found}`;
  }
  const t = Number(withRows(h5, file, ts, bad, bad + 1, (v) => v[0]));
  return `its time stamps are not regular: sample ${bad} is at ${t} s, ${((t - (t0 + bad * dt)) / dt).toFixed(2)} sample periods off the straight line from the first to the last (the rate drifts)`;
}

function describe(h5: H5Module, file: string, g: Group, type: string, data: Dataset, rate: number, startingTime: number): SeriesInfo {
  const shape = data.shape ?? [];
  if (shape.length < 1 || shape.length > 2) {
    throw new SPYIOError(file, `'${data.path}' has shape [${shape.join(", ")}]; spyts reads series of 1 or 2 dimensions (time, channel)`);
  }
  checkFilters(file, data);
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
