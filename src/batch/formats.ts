/**
 * Recording layouts load_raw recognises without dtype/n_channels: SpikeGLX (`x.bin` + `x.meta`)
 * and the Open Ephys flat binary format (`continuous.dat` + `structure.oebin`). Each gives the
 * RecordingsReader parameters plus samplerate, channel labels and (Open Ephys) a scale.
 */
import * as fs from "fs";
import * as path from "path";
import { SPYIOError } from "../core/errors";
import { readSmallFile } from "../data/storage";
import { DataOrder } from "./sidecar";

export interface LayoutParams {
  format: "spikeglx" | "openephys";
  dtype: string;
  n_channels: number;
  data_order: DataOrder;
  samplerate: number;
  channel?: string[];
  scale?: number[];
}

export function detectLayout(file: string): LayoutParams | null {
  const meta = file.replace(/\.bin$/i, ".meta");
  if (/\.bin$/i.test(file) && fs.existsSync(meta)) return readSpikeGLX(meta);
  if (path.basename(file) === "continuous.dat") {
    const oebin = findOebin(path.dirname(file));
    if (oebin) return readOpenEphys(oebin, path.basename(path.dirname(file)));
  }
  return null;
}

/** SpikeGLX .meta: `key=value` lines; int16, samples interleaved. */
export function readSpikeGLX(metaPath: string): LayoutParams {
  const kv: Record<string, string> = {};
  for (const line of readSmallFile(metaPath, "a SpikeGLX .meta file").split(/\r?\n/)) {
    const eq = line.indexOf("=");
    if (eq > 0) kv[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const n = Number(kv.nSavedChans);
  const fs_ = Number(kv.imSampRate ?? kv.niSampRate);
  if (!Number.isInteger(n) || n < 1) throw new SPYIOError(metaPath, "has no valid nSavedChans");
  if (!(fs_ > 0)) throw new SPYIOError(metaPath, "has neither imSampRate nor niSampRate");
  // ~snsChanMap=(header)(AP0;0:0)(AP1;1:1)...: names in saved order when it lists exactly the saved channels
  let channel: string[] | undefined;
  const map = kv["~snsChanMap"];
  if (map) {
    const names = [...map.matchAll(/\(([^;()]+);[^()]*\)/g)].map((m) => m[1]);
    if (names.length === n) channel = names;
  }
  return { format: "spikeglx", dtype: "int16", n_channels: n, data_order: "samples", samplerate: fs_, channel };
}

/** structure.oebin in the stream folder itself, or two levels up (<record>/continuous/<stream>/). */
function findOebin(streamDir: string): string | null {
  for (const dir of [streamDir, path.dirname(path.dirname(streamDir))]) {
    const p = path.join(dir, "structure.oebin");
    if (fs.existsSync(p)) return p;
  }
  return null;
}

export function readOpenEphys(oebinPath: string, streamFolder: string): LayoutParams {
  let doc: { continuous?: Array<Record<string, unknown>> };
  const text = readSmallFile(oebinPath, "an Open Ephys structure.oebin file");
  try { doc = JSON.parse(text); } catch { throw new SPYIOError(oebinPath, "is not valid JSON"); }
  const streams = doc.continuous ?? [];
  if (streams.length === 0) throw new SPYIOError(oebinPath, "lists no continuous streams");
  const strip = (s: unknown) => String(s ?? "").replace(/\/+$/, "");
  const s = streams.find((x) => strip(x.folder_name) === streamFolder) ?? (streams.length === 1 ? streams[0] : undefined);
  if (!s) throw new SPYIOError(oebinPath, `has no continuous stream with folder_name '${streamFolder}'`);
  const n = Number(s.num_channels), rate = Number(s.sample_rate);
  if (!Number.isInteger(n) || n < 1 || !(rate > 0)) throw new SPYIOError(oebinPath, "the stream lacks num_channels or sample_rate");
  const chans = Array.isArray(s.channels) ? (s.channels as Array<Record<string, unknown>>) : [];
  const full = chans.length === n;
  return {
    format: "openephys", dtype: "int16", n_channels: n, data_order: "samples", samplerate: rate,
    channel: full ? chans.map((c) => String(c.channel_name)) : undefined,
    // bit_volts converts the int16 counts to the unit given (µV for headstage channels)
    scale: full && chans.every((c) => typeof c.bit_volts === "number") ? chans.map((c) => c.bit_volts as number) : undefined,
  };
}
