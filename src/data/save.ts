/**
 * Writing a data object as a .spy container: a folder holding the object's Arrow file (every
 * property in its schema metadata, so any Arrow reader sees them) plus a JSON sidecar with
 * checksums. Writing is atomic. Reading back is io.ts (spy.load).
 *
 * This file knows the object only by the shape it saves (Persistable), not by its class, so that
 * BaseData.save() can call it without an import cycle (io.ts, which rebuilds objects, sits above
 * the classes; this file sits under them).
 */
import * as path from "path";
import { SPYValueError } from "../core/errors";
import { checkBoolean, checkOptions, checkString } from "../core/keywords";
import { serialize } from "../core/structdict";
import type { NDArray } from "../core/ndarray";
import { TrialStore, TrialStoreWriter } from "./trialstore";
import { logEntry } from "./log";
import { CONTAINER_EXT, release, writeContainer } from "./storage";

export const FORMAT = "spyts-data/1";

/** What save() reads of a data object (BaseData has all of it). */
export interface Persistable {
  readonly className: string;
  readonly fileExtension: string;
  readonly dimord: string[];
  readonly samplerate: number;
  readonly trialdefinition: number[][];
  readonly cfg: Record<string, unknown>;
  readonly info: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
  /** The provenance log without its header. */
  readonly history: string;
  readonly storage: { path: string; temporary: boolean } | null;
  /** Labels or values along a non-stacking axis (dimord[1:]). */
  axisValues(dim: string): string[] | Float64Array;
  /** A store holding exactly the object's trials. */
  storeOfTrials(): TrialStore;
  setHistory(history: string): void;
  /** Extra datasets beside the trials (BaseData.setDataset). */
  datasetNames(): string[];
  dataset(name: string): NDArray | undefined;
}

/** Schema metadata key marking an extra dataset's file in a container (its JSON: name and shape). */
export const DATASET_META_KEY = "spyts_dataset";

/** An extra dataset as a one-trial Arrow file (rows: its first axis), for the container. */
function datasetStore(obj: Persistable, name: string): TrialStore {
  const a = obj.dataset(name)!;
  const shape = a.shape.length === 1 ? [a.shape[0], 1] : a.shape;
  const w = new TrialStoreWriter(obj.fileExtension, a.dtype, shape.slice(1), { trialLength: shape[0] });
  try {
    w.append({ data: a.data, shape, dtype: a.dtype });
  } catch (e) {
    w.abort();
    throw e;
  }
  return w.finish();
}

/**
 * The `spyts` schema metadata of a saved object: the fixed fields, and one field per non-stacking
 * axis named by its dim ("channel"; "taper", "freq"; ...) holding its labels or values.
 */
export interface SavedProps {
  format: string;
  dataclass: string;
  dimord: string[];
  samplerate: number;
  trialdefinition: number[][];
  cfg: unknown;
  info: unknown;
  metadata: unknown;
  log: string;
  [axis: string]: unknown;
}

/**
 * The absolute path of the .spy container `filename` names, with Syncopy's rule: a name without an
 * extension gets ".spy" appended ("run1" -> "run1.spy", holding "run1.analog"); a name ending in
 * ".spy" is taken as is; any other extension is an error (Syncopy refuses "name.invalid" too).
 */
export function containerPath(filename: string): string {
  checkString(filename, "filename", "a container path (\".spy\" is appended when it has no extension)");
  const abs = path.resolve(filename);
  const ext = path.extname(abs);
  if (ext === CONTAINER_EXT) return abs;
  if (ext === "") return abs + CONTAINER_EXT;
  throw new SPYValueError("filename", filename, `a container path ending in ${CONTAINER_EXT}, or without an extension (${CONTAINER_EXT} is then appended)`, `its extension is '${ext}'`);
}

export function savedProps(obj: Persistable): SavedProps {
  const axes: Record<string, unknown> = {};
  for (const dim of obj.dimord.slice(1)) axes[dim] = Array.from(obj.axisValues(dim) as ArrayLike<number | string>);
  return {
    format: FORMAT,
    dataclass: obj.className,
    dimord: obj.dimord,
    samplerate: obj.samplerate,
    ...axes,
    trialdefinition: obj.trialdefinition,
    cfg: serialize(obj.cfg),
    info: serialize(obj.info),
    metadata: serialize(obj.metadata),
    log: obj.history,
  };
}

/**
 * Save as a .spy container (atomic); resolves to the container's absolute path. `filename` names
 * the container: "run1" and "run1.spy" both write the folder run1.spy holding run1.<class> (e.g.
 * run1.analog) and its .info sidecar.
 */
export async function saveData(obj: Persistable, filename: string, options: { overwrite?: boolean } = {}): Promise<string> {
  const opts = checkOptions(options, "save", ["overwrite"]) as { overwrite?: boolean };
  if (opts.overwrite !== undefined) checkBoolean(opts.overwrite, "overwrite");
  const dir = containerPath(filename);
  const storage = obj.storage;
  if (!storage) throw new SPYValueError("data", null, `a ${obj.className} with data (this one is empty)`);
  const base = path.basename(dir, ".spy");
  const props = savedProps(obj);
  // the saved log records the save; the object's own log only once it succeeded
  const history = obj.history + logEntry(`Wrote files ${dir}`, "save");
  props.log = history;
  // trials cut by definetrial are views: store them as they read
  const store = obj.storeOfTrials();
  const extras = obj.datasetNames().map((name) => ({ name, store: datasetStore(obj, name) }));
  try {
    writeContainer(dir, [{
      name: base + obj.fileExtension,
      source: store.reader,
      metadata: { spyts: JSON.stringify(props) },
    }, ...extras.map((x) => ({
      name: `${base}${obj.fileExtension}.${x.name}`,
      source: x.store.reader,
      metadata: { [DATASET_META_KEY]: JSON.stringify({ name: x.name, shape: obj.dataset(x.name)!.shape }) },
    }))], { dataclass: obj.className, format: FORMAT }, { overwrite: opts.overwrite ?? false });
  } finally {
    for (const x of extras) {
      x.store.reader.close();
      release(x.store.path);
    }
  }
  obj.setHistory(history);
  return dir;
}
