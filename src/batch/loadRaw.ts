/**
 * spy.load_raw: an AnalogData whose single trial is a raw binary recording, read in place
 * (RawTrialStore). definetrial then cuts trials that read only their own bytes, so freqanalysis
 * runs on recordings larger than memory. spy.save writes a proper .spy copy, streamed.
 */
import * as path from "path";
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkNumber, checkOptions } from "../core/keywords";
import { AnalogData } from "../data/analog";
import { defaultLabels } from "../data/labels";
import { DataOrder, readSidecar } from "./sidecar";
import { RecordingsReader } from "./reader";
import { RawTrialStore } from "./rawstore";
import { detectLayout } from "./formats";

/** The options of spy.load_raw; what is not given comes from the file's format (SpikeGLX, Open Ephys) or its YAML sidecar. */
export interface LoadRawOptions {
  /** Sample type on disk: int8, uint8, int16, uint16, int32, uint32, float32 or float64. */
  dtype?: string;
  /** Channels in the file. */
  n_channels?: number;
  /** Hz (required unless the file's metadata has it). */
  samplerate?: number;
  /** "samples" (interleaved, the default) or "channels" (channel by channel). */
  data_order?: DataOrder;
  /** channel labels (default: the file format's, else channel001...) */
  channel?: string[];
  /** multiply samples by this (one number, or one per channel; e.g. µV per bit): trials read as float32 */
  scale?: number | number[];
}

/**
 * A headerless binary recording as an AnalogData of one trial, read in place (no copy): cut trials
 * with definetrial, spy.save writes a .spy copy. Missing parameters: SPYValueError; a file whose
 * size does not fit dtype and n_channels, or not a regular file: an error naming it.
 */
export function load_raw(file: string, options: LoadRawOptions = {}): AnalogData {
  const opts = checkOptions(options, "load_raw", ["dtype", "n_channels", "samplerate", "data_order", "channel", "scale"]) as LoadRawOptions;
  // SpikeGLX / Open Ephys fill what the caller did not say; the caller's values win
  const layout = opts.dtype === undefined || opts.n_channels === undefined ? detectLayout(file) : null;
  const side = layout ? null : safeSidecar(file);
  const reader = new RecordingsReader(file, {
    dtype: opts.dtype ?? layout?.dtype,
    n_channels: opts.n_channels ?? layout?.n_channels,
    // interleaved samples is what acquisition systems write: the default when nothing says otherwise
    data_order: opts.data_order ?? layout?.data_order ?? side?.data_order ?? "samples",
  });
  const samplerate = opts.samplerate ?? layout?.samplerate ?? side?.samplerate;
  if (samplerate === undefined) throw new SPYValueError("samplerate", samplerate, "a finite sampling rate in Hz (given, or in the file's metadata)");
  checkNumber(samplerate, "samplerate", { gt: 0 });
  const scale = opts.scale ?? layout?.scale;
  if (scale !== undefined) {
    const allowed = `a finite number or ${reader.n_channels} finite numbers (one per channel)`;
    if (typeof scale !== "number" && !(Array.isArray(scale) && scale.every((v) => typeof v === "number"))) throw new SPYTypeError("scale", scale, allowed);
    const ok = typeof scale === "number" ? Number.isFinite(scale) : scale.length === reader.n_channels && scale.every(Number.isFinite);
    if (!ok) throw new SPYValueError("scale", scale, allowed);
  }
  const obj = new AnalogData({ samplerate });
  obj.setStore(new RawTrialStore(reader, scale), [[0, reader.n_observations, 0]]);
  obj.channel = opts.channel ?? layout?.channel ?? defaultLabels("channel", reader.n_channels);
  obj.appendLog(`Read raw recording ${path.resolve(file)} (${reader.dtype}, ${reader.n_channels} channels, ${reader.data_order} order${layout ? `, ${layout.format}` : ""})`, "load_raw");
  return obj;
}

function safeSidecar(file: string) {
  try { return readSidecar(file); } catch { return null; }
}
