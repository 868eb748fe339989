/**
 * The YAML sidecar that describes a headerless binary recording (YASS's make_metadata, §5.4):
 *   data_order: samples
 *   dtype: int16
 *   n_channels: 385
 * Unlike YASS, the sidecar path replaces the file's extension (never a substring), so it can
 * never be the binary itself, and data_order is written as given, not always "samples".
 */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { SPYIOError, SPYValueError } from "../core/errors";
import { checkInteger, checkNumber, checkOneOf, checkOptions, checkString } from "../core/keywords";

export type DataOrder = "samples" | "channels";

export interface RecordingParams {
  dtype?: string;
  n_channels?: number;
  data_order?: DataOrder;
  /** Optional: YASS does not write it, but load_raw can use it. */
  samplerate?: number;
}

/** `<path without its extension>.yaml` (`rec.bin` -> `rec.yaml`, `rec` -> `rec.yaml`). */
export function sidecarPath(binPath: string): string {
  const ext = path.extname(binPath);
  return (ext ? binPath.slice(0, -ext.length) : binPath) + ".yaml";
}

/** The sidecar's parameters, or null when there is none. Safe parsing (no custom tags run). */
export function readSidecar(binPath: string): RecordingParams | null {
  checkString(binPath, "path", "the path of a raw binary recording");
  const file = sidecarPath(binPath);
  if (path.resolve(file) === path.resolve(binPath) || !fs.existsSync(file)) return null;
  let doc: unknown;
  try { doc = parse(fs.readFileSync(file, "utf8")); } catch (e) {
    throw new SPYIOError(file, `is not valid YAML: ${(e as Error).message}`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new SPYIOError(file, "is not a YAML mapping of recording parameters");
  const d = doc as Record<string, unknown>;
  const out: RecordingParams = {};
  if (d.dtype !== undefined) out.dtype = String(d.dtype);
  if (d.n_channels !== undefined) out.n_channels = Number(d.n_channels);
  if (d.data_order !== undefined) out.data_order = String(d.data_order) as DataOrder;
  if (d.samplerate !== undefined) out.samplerate = Number(d.samplerate);
  // a sidecar with values no recording can have is a malformed file, not a bad argument
  if (out.n_channels !== undefined && !(Number.isInteger(out.n_channels) && out.n_channels >= 1)) throw new SPYIOError(file, `n_channels: ${d.n_channels} is not a positive integer`);
  if (out.data_order !== undefined && out.data_order !== "samples" && out.data_order !== "channels") throw new SPYIOError(file, `data_order: ${d.data_order} is not "samples" or "channels"`);
  if (out.samplerate !== undefined && !(out.samplerate > 0 && Number.isFinite(out.samplerate))) throw new SPYIOError(file, `samplerate: ${d.samplerate} is not a positive number`);
  return out;
}

/** Write the sidecar next to `binPath`; returns its path. Refuses to write over the binary. */
export function writeSidecar(binPath: string, params: { dtype: string; n_channels: number; data_order: DataOrder; samplerate?: number }): string {
  checkString(binPath, "path", "the path of a raw binary recording");
  checkOptions(params, "writeSidecar", ["dtype", "n_channels", "data_order", "samplerate"], "params");
  checkString(params.dtype, "dtype", "a dtype name such as \"int16\"");
  checkInteger(params.n_channels, "n_channels", { min: 1 });
  checkOneOf(params.data_order, "data_order", ["samples", "channels"] as const);
  if (params.samplerate !== undefined) checkNumber(params.samplerate, "samplerate", { gt: 0 });
  const file = sidecarPath(binPath);
  if (path.resolve(file) === path.resolve(binPath)) {
    throw new SPYValueError("path", binPath, "a recording whose name does not end in .yaml", "its sidecar would overwrite it");
  }
  // keys in alphabetical order, as YASS's yaml.dump writes them
  const doc: Record<string, unknown> = { data_order: params.data_order, dtype: params.dtype, n_channels: params.n_channels };
  if (params.samplerate !== undefined) doc.samplerate = params.samplerate;
  // atomic: a reader never sees half a sidecar
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, stringify(doc));
  fs.renameSync(tmp, file);
  return file;
}
