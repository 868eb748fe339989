/**
 * save/load of data objects as .spy containers: a folder holding the object's Arrow file
 * (every property in its schema metadata, so any Arrow reader sees them) plus a JSON sidecar
 * with checksums. Writing is atomic (./save.ts, which BaseData.save() calls); loading verifies
 * structure and checksum first and makes the saved class by name (./registry.ts): this file
 * imports no concrete data class, and no data class imports it.
 */
import * as path from "path";
import { SPYIOError, SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean, checkOptions, checkString, isPlainObject } from "../core/keywords";
import type { BaseData } from "./base";
import { TrialStore } from "./trialstore";
import { containerLoaders, dataClassByName, dataClassNames, foreignLoaders } from "./registry";
import { CONTAINER_EXT, readContainer, TrialFileReader } from "./storage";
import { isComplex } from "../core/ndarray";
import { deserialize } from "../core/structdict";
import { DATASET_META_KEY, SavedProps, containerPath, saveData } from "./save";

export { savedProps } from "./save";

/**
 * Save as a .spy container (atomic); resolves to the container's absolute path. Same as
 * `obj.save(filename)`. "run1" and "run1.spy" both write run1.spy/run1.<class> (Syncopy's naming).
 */
export function save(obj: BaseData, filename: string, opts: { overwrite?: boolean } = {}): Promise<string> {
  // the class's own save: trial files for continuous data, tables for SpikeData/EventData
  return obj.save(filename, opts);
}

/** The options of `spy.load`. */
export interface LoadOptions {
  /** Verify the data file's checksum before reading (default true). */
  checksum?: boolean;
  /** Keep only objects of these classes: ".analog", "analog" or "AnalogData", or a list of them. */
  dataclass?: string | string[];
}

/**
 * Load a .spy container: an object of the class it was saved as (looked up by name among the
 * registered data classes, data/registry.ts), its trials read from the container's file on access.
 *
 * `filename`, as in Syncopy: a container ("run1.spy", or "run1": ".spy" is appended to a name
 * without an extension), or one data file inside a container ("run1.spy/run1.analog").
 * `dataclass` (a string or a list of them) keeps only objects of those classes, given as Syncopy's
 * file extensions (".analog", "analog") or as class names ("AnalogData"); a container holding
 * none of them is an SPYIOError, an unknown class a SPYValueError.
 * `checksum` (default true) verifies the data file's checksum before reading.
 *
 * Typed by the caller: `await spy.load<spy.SpectralData>("run1.spy")` is a SpectralData for the
 * compiler (the default is BaseData). The type argument is the caller's statement about the file,
 * as `as` would be; give `dataclass` as well (`{ dataclass: "spectral" }`) to have it checked when
 * the call runs. (Overloads by `dataclass` would need this file to import the concrete classes,
 * which it deliberately does not.)
 */
export async function load<T extends BaseData = BaseData>(filename: string, options: LoadOptions = {}): Promise<T> {
  // containers other programs wrote (Syncopy's HDF5, registered by io/), which take their own options
  for (const foreign of foreignLoaders()) {
    const got = foreign(filename, options as Record<string, unknown>);
    if (got) return (await got) as T;
  }
  const opts = checkOptions(options, "load", ["checksum", "dataclass"]) as { checksum?: boolean; dataclass?: string | string[] };
  if (opts.checksum !== undefined) checkBoolean(opts.checksum, "checksum");
  const wanted = opts.dataclass === undefined ? null : dataclassExtensions(opts.dataclass);
  const { dir, file } = loadTarget(filename);
  if (file !== null) refuseFileOfOtherClass(filename, path.extname(file), wanted);
  // containers of other layouts (SpikeData/EventData tables, data/discreteio.ts)
  for (const loader of containerLoaders()) {
    const got = loader(dir, file, { checksum: opts.checksum ?? true });
    if (got) {
      const obj = await got;
      if (wanted && !wanted.includes(obj.fileExtension)) {
        throw new SPYIOError(dir, `holds a ${obj.className}, not ${wanted.join(" or ")} (the dataclass asked for)`);
      }
      return obj as T;
    }
  }
  const { entries: all } = readContainer(dir, { checksum: opts.checksum ?? true });
  // extra datasets (jack_var, ...) ride along with the object whose file name they extend
  const datasets = all.filter((e) => e.reader.metadata[DATASET_META_KEY] !== undefined);
  const entries = all.filter((e) => !datasets.includes(e));
  const picked = entries.filter((e) => (file === null || e.name === file) && (wanted === null || wanted.includes(path.extname(e.name))));
  for (const e of entries) if (!picked.includes(e)) e.reader.close();
  const ownDatasets = picked.length === 1 ? datasets.filter((e) => e.name.startsWith(picked[0].name + ".")) : [];
  for (const e of datasets) if (!ownDatasets.includes(e)) e.reader.close();
  const names = entries.map((e) => e.name).join(", ");
  if (picked.length === 0) {
    throw new SPYIOError(file !== null ? path.join(dir, file) : dir, file !== null
      ? `no such data file in the container (it holds ${names})`
      : `holds no ${wanted!.join(" or ")} object (it holds ${names})`);
  }
  if (picked.length > 1) {
    for (const e of picked) e.reader.close();
    throw new SPYIOError(dir, `holds ${picked.length} objects (${picked.map((e) => e.name).join(", ")}); this version loads one at a time: give its file ("${path.basename(dir)}/${picked[0].name}") or a dataclass`);
  }
  const entry = picked[0];
  let obj: BaseData;
  try {
    obj = objectOf(entry);
  } catch (e) {
    entry.reader.close();
    for (const d of ownDatasets) d.reader.close();
    throw e;
  }
  for (const e of ownDatasets) readDataset(obj, e);
  obj.appendLog(`Read files ${dir}`, "load");
  return obj as T;
}

/**
 * The object a data file holds, validated exactly as a constructed one: a container whose
 * checksums are right but whose content is inconsistent (samplerate 0, a trialdefinition that
 * disagrees with the stored trials, a class that does not fit the stored shape, string
 * frequencies, a cfg nested too deeply) is an SPYIOError naming the file and the field.
 */
function objectOf(entry: { path: string; reader: TrialFileReader }): BaseData {
  const file = entry.path;
  const raw = entry.reader.metadata.spyts;
  if (!raw) throw new SPYIOError(file, "no 'spyts' schema metadata: not a spyts data file");
  let parsed: unknown;
  try { parsed = JSON.parse(raw); } catch { throw new SPYIOError(file, "the 'spyts' schema metadata is not valid JSON"); }
  if (!isPlainObject(parsed)) throw new SPYIOError(file, "the 'spyts' schema metadata is not a JSON object");
  const props = parsed as SavedProps;
  const own = (k: string): unknown => (Object.prototype.hasOwnProperty.call(props, k) ? props[k] : undefined);
  const dataclass = own("dataclass");
  const cls = typeof dataclass === "string" ? dataClassByName(dataclass) : undefined;
  if (!cls) throw new SPYIOError(file, `field 'dataclass': unknown data class ${JSON.stringify(dataclass)}`);
  const obj = new cls();
  const reader = entry.reader;
  const bad = (field: string, why: string) => new SPYIOError(file, `field '${field}': ${why}`);
  // the class must fit the stored trials: one stored axis per non-stacking dim
  if (reader.tailShape.length !== obj.dimord.length - 1) {
    throw bad("dataclass", `a ${obj.className} has dims ${obj.dimord.join(", ")}, but the stored trials are ${reader.tailShape.length + 1}-d ([n, ${reader.tailShape.join(", ")}])`);
  }
  const dimord = own("dimord");
  if (dimord !== undefined && (!Array.isArray(dimord) || dimord.join("\u0000") !== obj.dimord.join("\u0000"))) {
    throw bad("dimord", `${JSON.stringify(dimord)} is not the dimord of a ${obj.className} (${JSON.stringify(obj.dimord)})`);
  }
  // the rule the constructors apply (ContinuousData: finite, >= float eps)
  const samplerate = own("samplerate");
  if (typeof samplerate !== "number" || !Number.isFinite(samplerate) || !(samplerate >= Number.EPSILON)) {
    throw bad("samplerate", `${JSON.stringify(samplerate)} is not a finite sampling rate in Hz >= float eps`);
  }
  obj.samplerate = samplerate;
  const trl = checkStoredTrialDefinition(own("trialdefinition"), reader, bad);
  const as = <T>(field: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof SPYValueError || e instanceof SPYTypeError) throw bad(field, e.message);
      throw e;
    }
  };
  as("trialdefinition", () => obj.setStore(new TrialStore(reader, file, false), trl));
  // one saved field per non-stacking axis (channel; taper, freq; ...), absent ones take the defaults
  for (const dim of obj.dimord.slice(1)) as(dim, () => obj.setAxisValues(dim, own(dim) as string[] | number[] | undefined));
  for (const key of ["cfg", "info", "metadata"] as const) {
    const v = own(key);
    if (v !== undefined && !isPlainObject(v)) throw bad(key, `${JSON.stringify(v)?.slice(0, 80)} is not a dict`);
    const d = as(key, () => deserialize(v ?? {}) as Record<string, unknown>);
    as(key, () => { obj[key] = d; });
  }
  const log = own("log");
  if (log !== undefined && typeof log !== "string") throw bad("log", "not a string");
  obj.setHistory((log as string | undefined) ?? "");
  return obj;
}

/**
 * A stored trialdefinition, checked as definetrial checks one and against the stored trials: one
 * row per trial, rows of the same width (>= 3) of finite numbers, integer start, stop, offset,
 * 0 <= start, and stop - start equal to the stored trial's length.
 */
function checkStoredTrialDefinition(trl: unknown, reader: TrialFileReader, bad: (field: string, why: string) => SPYIOError): number[][] {
  const f = "trialdefinition";
  if (!Array.isArray(trl)) throw bad(f, "not a list of rows [start, stop, offset, ...]");
  if (trl.length !== reader.nTrials) throw bad(f, `${trl.length} rows, but ${reader.nTrials} trials are stored`);
  const lengths = reader.trialLengths();
  const width = Array.isArray(trl[0]) ? trl[0].length : 0;
  for (let k = 0; k < trl.length; k++) {
    const row = trl[k];
    if (!Array.isArray(row) || row.length < 3 || row.length !== width) throw bad(f, `row ${k} is not a row [start, stop, offset, ...] of ${Math.max(width, 3)} numbers like row 0`);
    for (const v of row) if (typeof v !== "number" || !Number.isFinite(v)) throw bad(f, `row ${k} holds ${JSON.stringify(v)}, not a finite number`);
    const [start, stop, offset] = row as number[];
    if (!Number.isInteger(start) || !Number.isInteger(stop) || !Number.isInteger(offset) || start < 0) {
      throw bad(f, `row ${k} [${row.slice(0, 3).join(", ")}] does not have integer start >= 0, stop and offset`);
    }
    if (stop - start !== lengths[k]) throw bad(f, `row ${k} spans ${stop - start} samples (${start} to ${stop}), the stored trial ${k} has ${lengths[k]}`);
  }
  return trl as number[][];
}

/** An extra dataset's file (one trial, rows = its first axis) back into the object, then closed. */
function readDataset(obj: BaseData, e: { name: string; path: string; reader: TrialFileReader }): void {
  try {
    let meta: { name?: unknown; shape?: unknown };
    try { meta = JSON.parse(e.reader.metadata[DATASET_META_KEY]); } catch { throw new SPYIOError(e.path, `the '${DATASET_META_KEY}' schema metadata is not valid JSON`); }
    const shape = meta.shape;
    if (typeof meta.name !== "string" || !Array.isArray(shape) || e.reader.nTrials !== 1) {
      throw new SPYIOError(e.path, "not a dataset file of spyts (one trial, a name and a shape in its metadata)");
    }
    const a = e.reader.readTrial(0);
    if (a.data.length !== shape.reduce((p: number, n: number) => p * n, 1) * (isComplex(a.dtype) ? 2 : 1)) {
      throw new SPYIOError(e.path, `holds ${a.shape.join(" x ")} values, its metadata says ${shape.join(" x ")}`);
    }
    obj.setDataset(meta.name, { data: a.data, shape: shape as number[], dtype: a.dtype });
  } finally {
    e.reader.close();
  }
}

/** The file extension of every registered data class (".analog", ...), by class name. */
function knownExtensions(): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of dataClassNames()) out.set(name, new (dataClassByName(name)!)().fileExtension);
  return out;
}

/**
 * Syncopy's `dataclass` forms (".analog", "analog", a list of them) and class names, as extensions
 * (also for containers the real Syncopy wrote, io/syncopyContainer.ts).
 */
export function dataclassExtensions(dataclass: unknown): string[] {
  const known = knownExtensions();
  const exts = [...known.values()];
  const allowed = `${exts.map((e) => `'${e}'`).join(", ")} (also without the dot, or a class name such as "AnalogData"), or a list of them`;
  const list = typeof dataclass === "string" ? [dataclass] : dataclass;
  if (!Array.isArray(list) || list.some((d) => typeof d !== "string")) throw new SPYTypeError("dataclass", dataclass, allowed);
  if (list.length === 0) throw new SPYValueError("dataclass", dataclass, allowed);
  return list.map((d: string) => {
    const ext = known.get(d) ?? (d.startsWith(".") ? d : "." + d);
    if (!exts.includes(ext)) throw new SPYValueError("dataclass", d, allowed);
    return ext;
  });
}

/**
 * A data file named directly whose extension is not among the dataclass asked for (`wanted`, null:
 * any) is refused as Syncopy's spy.load does (SPYValueError), for spyts' containers and Syncopy's.
 */
export function refuseFileOfOtherClass(filename: string, ext: string, wanted: string[] | null): void {
  if (wanted === null || wanted.includes(ext)) return;
  throw new SPYValueError("filename", filename, `a data file with the extension ${wanted.map((e) => `'${e}'`).join(" or ")} (the dataclass asked for)`);
}

/** The container folder and (for "name.spy/name.analog") the data file `filename` names. */
function loadTarget(filename: string): { dir: string; file: string | null } {
  checkString(filename, "filename", "a .spy container path or a data file inside one");
  const abs = path.resolve(filename);
  const ext = path.extname(abs);
  if (ext === "" || ext === CONTAINER_EXT) return { dir: containerPath(filename), file: null };
  if ([...knownExtensions().values()].includes(ext) && path.extname(path.dirname(abs)) === CONTAINER_EXT) {
    return { dir: path.dirname(abs), file: path.basename(abs) };
  }
  throw new SPYValueError("filename", filename, `a ${CONTAINER_EXT} container (the extension may be left out) or a data file inside one ("name${CONTAINER_EXT}/name.analog")`, `its extension is '${ext}'`);
}
