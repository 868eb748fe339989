/**
 * save/load of data objects as .spy containers: a folder holding the object's Arrow file
 * (every property in its schema metadata, so any Arrow reader sees them) plus a JSON sidecar
 * with checksums. Writing is atomic (./save.ts, which BaseData.save() calls); loading verifies
 * structure and checksum first and makes the saved class by name (./registry.ts): this file
 * imports no concrete data class, and no data class imports it.
 */
import * as path from "path";
import { SPYIOError, SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean, checkOptions, checkString } from "../core/keywords";
import type { BaseData } from "./base";
import { TrialStore } from "./trialstore";
import { dataClassByName, dataClassNames } from "./registry";
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
  return saveData(obj, filename, opts);
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
 */
export async function load(filename: string, options: { checksum?: boolean; dataclass?: string | string[] } = {}): Promise<BaseData> {
  const opts = checkOptions(options, "load", ["checksum", "dataclass"]) as { checksum?: boolean; dataclass?: string | string[] };
  if (opts.checksum !== undefined) checkBoolean(opts.checksum, "checksum");
  const wanted = opts.dataclass === undefined ? null : dataclassExtensions(opts.dataclass);
  const { dir, file } = loadTarget(filename);
  if (file !== null && wanted && !wanted.includes(path.extname(file))) {
    throw new SPYValueError("filename", filename, `a data file with the extension ${wanted.map((e) => `'${e}'`).join(" or ")} (the dataclass asked for)`);
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
  const raw = entry.reader.metadata.spyts;
  if (!raw) throw new SPYIOError(entry.path, "no 'spyts' schema metadata: not a spyts data file");
  let props: SavedProps;
  try { props = JSON.parse(raw); } catch { throw new SPYIOError(entry.path, "the 'spyts' schema metadata is not valid JSON"); }
  const cls = dataClassByName(props.dataclass);
  if (!cls) throw new SPYIOError(entry.path, `unknown data class '${props.dataclass}'`);
  const obj = new cls();
  obj.samplerate = props.samplerate;
  obj.setStore(new TrialStore(entry.reader, entry.path, false), props.trialdefinition);
  // one saved field per non-stacking axis (channel; taper, freq; ...), absent ones take the defaults
  for (const dim of obj.dimord.slice(1)) obj.setAxisValues(dim, props[dim] as string[] | number[] | undefined);
  obj.cfg = deserialize(props.cfg) as Record<string, unknown>;
  obj.info = deserialize(props.info) as Record<string, unknown>;
  obj.metadata = deserialize(props.metadata) as Record<string, unknown>;
  obj.setHistory(props.log);
  for (const e of ownDatasets) readDataset(obj, e);
  obj.appendLog(`Read files ${dir}`, "load");
  return obj;
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

/** Syncopy's `dataclass` forms (".analog", "analog", a list of them) and class names, as extensions. */
function dataclassExtensions(dataclass: unknown): string[] {
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
