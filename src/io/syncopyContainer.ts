/**
 * Containers saved by Syncopy itself (`spy.save(obj, container="x.spy")`): a folder holding, per
 * object, `<name>.<ext>` (HDF5: `data`, a chunked float64 `trialdefinition`, and for TimeLockData
 * `avg`/`var`/`cov`, for SpikeData `waveform`) and `<name>.<ext>.info` (JSON: dataclass, dimord,
 * data_shape/dtype, samplerate, the axes, cfg, info and the log).
 *
 * The JSON is authoritative for metadata (the HDF5 attributes hold numpy repr strings, truncated
 * when long); the data are read with h5wasm in blocks of at most `memuse` MB along the first axis
 * and checked against the JSON's `data_shape` and `data_dtype` first (a disagreement is an
 * SPYIOError, never a wrong array). Paths stored in the log are the saving machine's: files are
 * found through the container folder.
 *
 * Differences from Syncopy: `file_checksum` (sha1) is verified when `checksum` is true (Syncopy
 * also does); custom dimords other than the class's default are refused.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { SPYIOError } from "../core/errors";
import { checkBoolean, checkNumber, checkOptions, isPlainObject } from "../core/keywords";
import type { DType, NDArray } from "../core/ndarray";
import type { BaseData } from "../data/base";
import { dataClassByName } from "../data/registry";
import { TrialStoreWriter } from "../data/trialstore";
import { SpikeData } from "../data/spike";
import { EventData } from "../data/event";
import "../data/analog";
import "../data/spectral";
import "../data/crossspectral";
import "../data/timelock";
import type { H5Module } from "./h5wasmLoader";
import { notRegular } from "../data/storage/safeFile";
import { Dataset, datasetAt, dtypeOf, openH5, readNumbers, readRows } from "./h5file";
import { registerForeignLoader } from "../data/registry";
import { dataclassExtensions, refuseFileOfOtherClass } from "../data/io";

/** Syncopy's file extensions and the classes they hold. */
export const SYNCOPY_EXTENSIONS: Record<string, string> = {
  ".analog": "AnalogData", ".spectral": "SpectralData", ".crossspectral": "CrossSpectralData",
  ".timelock": "TimeLockData", ".spike": "SpikeData", ".event": "EventData",
};

const EXTRA_DATASETS: Record<string, string[]> = { TimeLockData: ["avg", "var", "cov"], SpikeData: ["waveform"] };

/** True when `dir` is a folder holding a Syncopy data file (HDF5) with its `.info` JSON. */
export function isSyncopyContainer(dir: string): boolean {
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return false; }
  return names.some((n) => SYNCOPY_EXTENSIONS[path.extname(n)] !== undefined && names.includes(n + ".info") && isHdf5(path.join(dir, n)));
}

function isHdf5(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false; // a FIFO would block the open
    const fd = fs.openSync(file, "r");
    try {
      const b = Buffer.alloc(8);
      fs.readSync(fd, b, 0, 8, 0);
      return b.toString("latin1") === "\x89HDF\r\n\x1a\n";
    } finally { fs.closeSync(fd); }
  } catch { return false; }
}

/** The options of spy.load_syncopy (and spy.load for a Syncopy HDF5 container). */
export interface SyncopyLoadOptions {
  /** Verify the sha1 `file_checksum` of the JSON (default true). */
  checksum?: boolean;
  /** Keep only this class (a Syncopy extension, "analog" or a class name). */
  dataclass?: string | string[];
  /** MB per read of the data (default 3000). */
  memuse?: number;
}

/**
 * Load a container saved by Syncopy: the one object it holds (a container of several objects
 * needs `dataclass`, or the data file's path "x.spy/x.analog"). All six classes: AnalogData,
 * SpectralData, CrossSpectralData, TimeLockData (with avg/var/cov), SpikeData (with waveform),
 * EventData; trialdefinition with its trialinfo columns, axes, cfg, info and Syncopy's log.
 */
export async function loadSyncopyContainer(filename: string, options: SyncopyLoadOptions = {}): Promise<BaseData> {
  const opts = checkOptions(options, "load", ["checksum", "dataclass", "memuse"]) as SyncopyLoadOptions;
  if (opts.checksum !== undefined) checkBoolean(opts.checksum, "checksum");
  const memuse = opts.memuse === undefined ? 3000 : checkNumber(opts.memuse, "memuse", { gt: 0 });
  const abs = path.resolve(filename);
  const direct = SYNCOPY_EXTENSIONS[path.extname(abs)] !== undefined;
  const dir = direct ? path.dirname(abs) : abs;
  const wanted = opts.dataclass === undefined ? null : dataclassExtensions(opts.dataclass);
  const matches = (ext: string) => wanted === null || wanted.includes(ext);
  if (direct) refuseFileOfOtherClass(filename, path.extname(abs), wanted);
  let files: string[];
  try { files = fs.readdirSync(dir); } catch { throw new SPYIOError(dir, "no such container folder"); }
  const data = direct ? [path.basename(abs)] : files.filter((n) => SYNCOPY_EXTENSIONS[path.extname(n)] !== undefined && matches(path.extname(n)));
  if (data.length === 0) throw new SPYIOError(dir, `holds no Syncopy data file${wanted ? ` of ${wanted.join(" or ")}` : ""} (${files.join(", ") || "empty"})`);
  if (data.length > 1) throw new SPYIOError(dir, `holds ${data.length} objects (${data.join(", ")}); give the data file ("${path.basename(dir)}/${data[0]}") or a dataclass`);
  return readObject(path.join(dir, data[0]), opts.checksum ?? true, memuse);
}

/** An SPYIOError unless `file` is a regular file (or missing: the reader says so): a FIFO blocks a read, a device never ends. */
function regularOrMissing(file: string, what: string): void {
  let st: fs.Stats;
  try { st = fs.statSync(file); } catch { return; }
  if (!st.isFile()) throw notRegular(file, st, what);
}

/** The `.info` JSON beside a data file, parsed and checked for the fields spyts needs. */
function readInfo(file: string): Record<string, unknown> {
  const infoFile = file + ".info";
  regularOrMissing(file, "a Syncopy HDF5 data file");
  regularOrMissing(infoFile, "a Syncopy .info JSON file");
  let text: string;
  try { text = fs.readFileSync(infoFile, "utf8"); } catch { throw new SPYIOError(infoFile, "missing: a Syncopy data file needs its .info JSON beside it"); }
  let j: unknown;
  try { j = JSON.parse(text); } catch (e) { throw new SPYIOError(infoFile, `not valid JSON (${(e as Error).message})`); }
  if (!isPlainObject(j)) throw new SPYIOError(infoFile, "not a JSON object");
  for (const k of ["dataclass", "data_shape", "data_dtype", "dimord"]) if (j[k] === undefined) throw new SPYIOError(infoFile, `has no '${k}'`);
  return j;
}

async function readObject(file: string, checksum: boolean, memuse: number): Promise<BaseData> {
  const info = readInfo(file);
  const infoFile = file + ".info";
  const className = String(info.dataclass);
  const ext = path.extname(file);
  if (SYNCOPY_EXTENSIONS[ext] !== className) throw new SPYIOError(infoFile, `says dataclass '${className}', but the file's extension '${ext}' is Syncopy's for ${SYNCOPY_EXTENSIONS[ext] ?? "no class"}`);
  if (checksum && typeof info.file_checksum === "string") {
    let sum: string;
    try { sum = createHash("sha1").update(fs.readFileSync(file)).digest("hex"); } catch { throw new SPYIOError(file, "missing or unreadable"); }
    if (sum !== info.file_checksum) throw new SPYIOError(file, `sha1 checksum ${sum} differs from the .info's file_checksum ${info.file_checksum}: the file was changed or damaged (load with checksum: false to read it anyway)`);
  }
  const { h5, f } = await openH5(file, "r", "a Syncopy HDF5 data file");
  try {
    const d = datasetAt(h5, f, "data");
    if (!d) throw new SPYIOError(file, "has no 'data' dataset");
    const shape = d.shape ?? [];
    // Syncopy's save() writes data_shape/data_dtype of the LAST dataset it wrote (a TimeLockData's
    // 'cov', say): the JSON must describe 'data' or that one
    const jsonShape = info.data_shape as number[];
    const listed = Array.isArray(info._hdfFileDatasetProperties) ? (info._hdfFileDatasetProperties as unknown[]).map(String) : [];
    const lastName = [...listed].reverse().find((n) => datasetAt(h5, f, n) !== null) ?? "data";
    const last = lastName === "data" ? d : datasetAt(h5, f, lastName)!;
    const described = [d, ...(last === d ? [] : [last])].find((x) => Array.isArray(jsonShape) && jsonShape.join() === (x.shape ?? []).join());
    if (!described) {
      const nor = last === d ? "" : ` (nor does its last dataset '${lastName}', [${(last.shape ?? []).join(", ")}])`;
      throw new SPYIOError(file, `its 'data' has shape [${shape.join(", ")}], but ${path.basename(infoFile)} says data_shape [${String(jsonShape)}]${nor}`);
    }
    const stored = storedDtype(described);
    if (String(info.data_dtype) !== stored) {
      const name = described === d ? "data" : lastName;
      throw new SPYIOError(file, `its '${name}' holds ${stored}, but ${path.basename(infoFile)} says data_dtype ${String(info.data_dtype)}`);
    }
    const trlD = datasetAt(h5, f, "trialdefinition");
    const trl = trlD ? rowsOf(readNumbers(h5, file, trlD) as ArrayLike<number>, trlD.shape ?? []) : [[0, shape[0], 0]];
    const cls = dataClassByName(className);
    if (!cls) throw new SPYIOError(infoFile, `dataclass '${className}' is not a spyts class`);
    const dimord = info.dimord as string[];
    const obj = className === "SpikeData" || className === "EventData"
      ? discrete(h5, file, d, info, trl)
      : continuous(h5, file, cls, d, info, trl, memuse);
    if (obj.dimord.join() !== dimord.join()) throw new SPYIOError(infoFile, `dimord ${JSON.stringify(dimord)} is not the default of a ${className} (${JSON.stringify(obj.dimord)}); spyts reads only that order`);
    for (const name of EXTRA_DATASETS[className] ?? []) {
      const x = datasetAt(h5, f, name);
      if (x) obj.setDataset(name, wholeDataset(h5, file, x));
    }
    obj.cfg = isPlainObject(info.cfg) ? (info.cfg as Record<string, unknown>) : {};
    if (isPlainObject(info.info)) obj.info = info.info as Record<string, unknown>;
    obj.setHistory(typeof info._log === "string" ? info._log : "");
    obj.appendLog(`Read Syncopy container file ${file} (Syncopy version ${String(info._version ?? "?")})`, "load");
    return obj;
  } finally {
    f.close();
  }
}

/** numpy's name of a dataset's element type (complex: HDF5 compounds of two floats, as h5py writes them). */
function storedDtype(d: Dataset): string {
  const m = d.metadata as { type: number; size: number };
  if (m.type === 6 && (m.size === 8 || m.size === 16)) return m.size === 8 ? "complex64" : "complex128";
  return dtypeOf(d) ?? (m.type === 0 && m.size === 8 ? "int64" : "unknown");
}

function rowsOf(v: ArrayLike<number>, shape: number[]): number[][] {
  const w = shape[1] ?? 3;
  return Array.from({ length: shape[0] ?? 0 }, (_, i) => Array.from({ length: w }, (_, j) => Number(v[i * w + j])));
}

/** A whole (small) extra dataset as an NDArray (int64 as float64). */
function wholeDataset(h5: H5Module, file: string, d: Dataset): NDArray {
  const t = dtypeOf(d);
  const v = readNumbers(h5, file, d);
  const shape = d.shape ?? [v.length];
  if (t === "float32" || t === "float64") return { data: v as Float32Array, shape, dtype: t };
  return { data: Float64Array.from(v as ArrayLike<number>, Number), shape, dtype: "float64" };
}

/** A continuous class: the data as stored pieces of at most `memuse` MB, the trials as windows. */
function continuous(h5: H5Module, file: string, cls: new () => BaseData, d: Dataset, info: Record<string, unknown>, trl: number[][], memuse: number): BaseData {
  const shape = d.shape!;
  const t = dtypeOf(d);
  const isComplex = (d.metadata as { type: number }).type === 6;
  const dtype: DType = isComplex ? ((d.metadata as { size: number }).size === 8 ? "complex64" : "complex128") : t === "float32" ? "float32" : "float64";
  const tail = shape.slice(1);
  const rowElems = tail.reduce((p, q) => p * q, 1) * (isComplex ? 2 : 1);
  const block = Math.max(1, Math.floor((memuse * 1e6) / (rowElems * 8)));
  const writer = new TrialStoreWriter(new cls().fileExtension, dtype, tail);
  const pieces: number[][] = [];
  // TimeLockData insists that its stored trials are time-locked: store one piece per trial
  const perTrial = new cls().className === "TimeLockData";
  const ranges: [number, number][] = [];
  if (perTrial) for (const r of trl) ranges.push([Math.round(r[0]), Math.round(r[1])]);
  else for (let a = 0; a < shape[0]; a += block) ranges.push([a, Math.min(shape[0], a + block)]);
  try {
    for (const [a, b] of ranges) {
      if (!(a >= 0 && b <= shape[0] && b > a)) throw new SPYIOError(file, `a trial [${a}, ${b}) lies outside its ${shape[0]} samples`);
      const raw = readRows(h5, file, d, a, b);
      const data = dtype === "float32" ? Float32Array.from(raw as ArrayLike<number>) : dtype === "float64" && !(raw instanceof Float64Array) ? Float64Array.from(raw as ArrayLike<number>, Number) : raw;
      writer.append({ data: data as Float64Array, shape: [b - a, ...tail], dtype });
      pieces.push(perTrial ? trl[pieces.length].map(Math.round) : [a, b, 0]);
    }
  } catch (e) {
    writer.abort();
    throw e;
  }
  const obj = new cls();
  obj.samplerate = Number(info.samplerate);
  if (!(obj.samplerate > 0)) throw new SPYIOError(file + ".info", `samplerate ${String(info.samplerate)} is not a positive number`);
  obj.setStore(writer.finish(), pieces);
  for (const dim of obj.dimord.slice(1)) {
    const v = info[dim];
    if (v !== undefined && v !== null) obj.setAxisValues(dim, v as string[] | number[]);
  }
  try {
    obj.redefineTrials(trl.map((r) => r.map(Math.round)));
  } catch (e) {
    throw new SPYIOError(file, `its trialdefinition does not fit its data: ${(e as Error).message}`);
  }
  return obj;
}

/** SpikeData / EventData: int64 rows [sample, ...] read whole (discrete tables are small). */
function discrete(h5: H5Module, file: string, d: Dataset, info: Record<string, unknown>, trl: number[][]): BaseData {
  const shape = d.shape!;
  const v = readNumbers(h5, file, d) as ArrayLike<number>;
  const dimord = info.dimord as string[];
  const cols: Record<string, Float64Array> = {};
  dimord.forEach((name, j) => { cols[name] = Float64Array.from({ length: shape[0] }, (_, i) => Number(v[i * shape[1] + j])); });
  const samplerate = Number(info.samplerate);
  const trialdefinition = trl.map((r) => r.map(Math.round));
  if (info.dataclass === "EventData") return new EventData({ data: cols, samplerate, trialdefinition, dimord });
  // Syncopy's labels are indexed by value (label i names channel/unit value i)
  const byValue = (name: "channel" | "unit"): string[] | undefined => {
    const labels = info[name];
    if (!Array.isArray(labels)) return undefined;
    const values = [...new Set(cols[name])].sort((p, q) => p - q);
    if (values.some((x) => !(x >= 0 && x < labels.length))) throw new SPYIOError(file + ".info", `has ${labels.length} ${name} labels, but the data hold ${name} values up to ${values[values.length - 1]}`);
    return values.map((x) => String(labels[x]));
  };
  return new SpikeData({ data: cols, samplerate, trialdefinition, channel: byValue("channel"), unit: byValue("unit") });
}

/**
 * spy.load's hook for Syncopy's containers: the load when `filename` names a folder (".spy" is
 * appended to a name without an extension, as spy.load does) or a data file that Syncopy wrote
 * (HDF5 with its .info JSON), else null so that spy.load reads its own Arrow container.
 */
export function syncopyForeignLoader(filename: string, options: Record<string, unknown> = {}): Promise<BaseData> | null {
  if (typeof filename !== "string" || filename === "") return null;
  const abs = path.resolve(filename);
  const ext = path.extname(abs);
  const dir = ext === "" ? abs + ".spy" : SYNCOPY_EXTENSIONS[ext] !== undefined ? path.dirname(abs) : abs;
  if (SYNCOPY_EXTENSIONS[ext] !== undefined) {
    if (!(isHdf5(abs) && fs.existsSync(abs + ".info"))) return null;
  } else if (!isSyncopyContainer(dir)) {
    return null;
  }
  return loadSyncopyContainer(SYNCOPY_EXTENSIONS[ext] !== undefined ? abs : dir, options as SyncopyLoadOptions);
}

// spy.load reads Syncopy's containers too (data/io.ts tries the registered foreign loaders first)
registerForeignLoader(syncopyForeignLoader);
