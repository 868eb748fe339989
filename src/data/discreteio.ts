/**
 * Saving and loading SpikeData and EventData: a `.spy` container folder holding the table file
 * `<name>.spike` / `<name>.event` (one row per spike or event, int64 columns in dimord order plus
 * `trialid`; every property in its `spyts` schema metadata, so any Arrow reader sees them) and its
 * JSON sidecar `<name>.spike.info` (layout "table", size, sha256, versions); a SpikeData's
 * waveform goes beside it as `<name>.spike.waveform`, and each extra dataset (setDataset) as
 * `<name>.spike.<dataset>` (listed in the metadata's `datasets`), one-trial Arrow trial files with
 * their own sidecars. Writing is atomic (a sibling folder renamed into place, as data/storage's
 * containers).
 *
 * `data.save(filename)` and spy.save call saveDiscrete; `loadDiscrete(filename)` and spy.load
 * (data/io.ts dispatches table containers here, see isTableContainer) read one back.
 */
import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";
import { SPYIOError, SPYValueError } from "../core/errors";
import { checkBoolean, checkOptions } from "../core/keywords";
import { serialize, deserialize } from "../core/structdict";
import { NDArray } from "../core/ndarray";
import { DiscreteData, DiscreteTable, installTableSaver, trialIds } from "./discrete";
import { SpikeData } from "./spike";
import { EventData } from "./event";
import { TableReader, TableWriter } from "./tablefile";
import { TRIALID_COLUMN } from "./discrete";
import { CHECKSUM_ALGORITHM, sha256File, spytsVersion, TrialFileReader, TrialFileWriter } from "./storage";
import { containerPath, FORMAT } from "./save";
import { dataClassByName, registerContainerLoader } from "./registry";
import { logEntry } from "./log";

/** The sidecar's `layout` of a table file (trial files have none). */
export const TABLE_LAYOUT = "table";
const EXTENSIONS = [".spike", ".event"];

/** Whether `dir` is a container holding a SpikeData/EventData table file (for spy.load's dispatch). */
export function isTableContainer(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((n) => n.endsWith(".info") && EXTENSIONS.includes(path.extname(n.slice(0, -5))) &&
      JSON.parse(fs.readFileSync(path.join(dir, n), "utf8")).layout === TABLE_LAYOUT);
  } catch {
    return false;
  }
}

/** The properties saved in the table file's `spyts` schema metadata. */
function savedProps(obj: DiscreteData, history: string): Record<string, unknown> {
  const table = obj.tableFile!;
  const props: Record<string, unknown> = {
    format: FORMAT,
    dataclass: obj.className,
    dimord: obj.dimord,
    samplerate: Number.isFinite(obj.samplerate) ? obj.samplerate : null,
    trialdefinition: obj.trialdefinition,
    sorted: table.sorted,
    cfg: serialize(obj.cfg),
    info: serialize(obj.info),
    metadata: serialize(obj.metadata),
    log: history,
  };
  // rows of a table not sorted by sample cannot be found again by searchsorted: keep them
  if (!table.sorted) props.rowRanges = Array.from(obj.rowRanges);
  if (obj instanceof SpikeData) Object.assign(props, { channel: obj.channel, unit: obj.unit, channel_idx: obj.channel_idx, unit_idx: obj.unit_idx });
  if (obj instanceof EventData) props.eventid = obj.eventid;
  // extra datasets (setDataset), each in a file of its own beside the table (SpikeData's waveform apart)
  props.datasets = extraDatasets(obj);
  return props;
}

function writeSidecar(file: string, fields: Record<string, unknown>): void {
  const fd = fs.openSync(file + ".info", "w");
  try {
    fs.writeSync(fd, JSON.stringify(fields, null, 2) + "\n");
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Save a SpikeData or EventData as a .spy container (atomic); resolves to its absolute path.
 * "run1" and "run1.spy" both write run1.spy/run1.spike (or .event).
 */
export async function saveDiscrete(obj: DiscreteData, filename: string, options: { overwrite?: boolean } = {}): Promise<string> {
  const opts = checkOptions(options, "save", ["overwrite"]) as { overwrite?: boolean };
  const overwrite = opts.overwrite === undefined ? false : checkBoolean(opts.overwrite, "overwrite");
  const table = obj.tableFile;
  if (!table) throw new SPYValueError("data", null, `a ${obj.className} with data (this one is empty)`);
  const dir = containerPath(filename);
  const exists = fs.existsSync(dir);
  if (exists && !overwrite) throw new SPYIOError(dir, "already exists; pass overwrite: true to replace it");
  if (exists && !fs.statSync(dir).isDirectory()) throw new SPYIOError(dir, "exists and is not a .spy folder; refusing to replace it");
  const base = path.basename(dir, ".spy");
  const name = base + obj.fileExtension;
  const history = obj.history + logEntry(`Wrote files ${dir}`, "save");
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${randomBytes(4).toString("hex")}`;
  let aside: string | null = null;
  let installed = false;
  try {
    fs.mkdirSync(tmp);
    const file = path.join(tmp, name);
    const writer = new TableWriter(file, [...obj.dimord, TRIALID_COLUMN], {
      metadata: { spyts: JSON.stringify(savedProps(obj, history)) }, checksum: true, fsync: true,
    });
    let result;
    try {
      const ranges = obj.rowRanges;
      const step = table.reader.rowsPerBatch;
      for (let a = 0; a < table.nRows; a += step) {
        const b = Math.min(table.nRows, a + step);
        writer.append([...obj.dimord.map((_, c) => table.reader.read(c, a, b)), trialIds(ranges, a, b)]);
      }
      result = writer.close();
    } catch (e) {
      writer.abort();
      throw e;
    }
    const common = { dataclass: obj.className, format: FORMAT, checksum_algorithm: CHECKSUM_ALGORITHM, spyts_version: spytsVersion(), written_at: new Date().toISOString() };
    writeSidecar(file, { ...common, layout: TABLE_LAYOUT, file: name, bytes: result.bytes, nTrials: obj.nTrials, nRows: result.nRows, file_checksum: result.sha256 });
    const waveform = obj.dataset("waveform");
    if (obj instanceof SpikeData && waveform) writeDatasetFile(path.join(tmp, `${name}.waveform`), "waveform", waveform, common);
    for (const ds of extraDatasets(obj)) writeDatasetFile(path.join(tmp, `${name}.${ds}`), ds, obj.dataset(ds)!, common);
    if (exists) {
      aside = `${dir}.old-${randomBytes(4).toString("hex")}`;
      fs.renameSync(dir, aside);
    }
    fs.renameSync(tmp, dir);
    installed = true;
    if (aside) { try { fs.rmSync(aside, { recursive: true, force: true }); } catch { /* harmless */ } }
  } catch (err) {
    if (!installed && aside !== null) { try { fs.renameSync(aside, dir); } catch { /* left at aside */ } }
    try { fs.rmSync(tmp, { recursive: true, force: true }); } catch { /* ignore */ }
    if (err instanceof SPYIOError || err instanceof SPYValueError) throw err;
    throw new SPYIOError(dir, `saving failed, nothing was changed: ${(err as Error).message}`);
  }
  obj.setHistory(history);
  return dir;
}

/** The extra datasets saved beside the table: all of them, but a SpikeData's per-row waveform (its own file). */
function extraDatasets(obj: DiscreteData): string[] {
  return obj.datasetNames().filter((n) => !(obj instanceof SpikeData && n === "waveform"));
}

/** A dataset (the waveform, or an extra one) as a one-trial Arrow file with its sidecar. */
function writeDatasetFile(file: string, name: string, w: NDArray, common: Record<string, unknown>): void {
  const shape = w.shape.length === 1 ? [w.shape[0], 1] : w.shape;
  const w2 = new TrialFileWriter(file, {
    dtype: w.dtype, tailShape: shape.slice(1), trialLength: shape[0], checksum: true, fsync: true,
    metadata: { spyts_dataset: JSON.stringify({ name, shape: w.shape }) },
  });
  let res;
  try {
    w2.append({ data: w.data, shape, dtype: w.dtype });
    res = w2.close();
  } catch (e) {
    w2.abort();
    throw e;
  }
  writeSidecar(file, { ...common, file: path.basename(file), bytes: res.bytes, nTrials: 1, file_checksum: res.sha256 });
}

/** The container and table file `filename` names ("run1", "run1.spy", "run1.spy/run1.spike"). */
function tableTarget(filename: string): { dir: string; file: string } {
  const abs = path.resolve(filename);
  let dir: string, file: string | null = null;
  if (EXTENSIONS.includes(path.extname(abs)) && path.extname(path.dirname(abs)) === ".spy") {
    dir = path.dirname(abs);
    file = path.basename(abs);
  } else {
    dir = containerPath(filename);
  }
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new SPYIOError(dir, "container does not exist");
  const tables = fs.readdirSync(dir).filter((n) => EXTENSIONS.includes(path.extname(n)) && fs.existsSync(path.join(dir, n + ".info")));
  if (file !== null) {
    if (!tables.includes(file)) throw new SPYIOError(path.join(dir, file), `no such table file in the container (it holds ${tables.join(", ") || "none"})`);
    return { dir, file };
  }
  if (tables.length === 0) throw new SPYIOError(dir, "holds no SpikeData or EventData table file");
  if (tables.length > 1) throw new SPYIOError(dir, `holds ${tables.length} objects (${tables.join(", ")}); give the file ("${path.basename(dir)}/${tables[0]}")`);
  return { dir, file: tables[0] };
}

function readSidecar(file: string): Record<string, unknown> {
  try {
    const s = JSON.parse(fs.readFileSync(file + ".info", "utf8"));
    if (typeof s !== "object" || s === null || Array.isArray(s)) throw new Error("not a JSON object");
    return s;
  } catch (e) {
    throw new SPYIOError(file + ".info", `sidecar is missing or not valid JSON: ${(e as Error).message}`);
  }
}

function verify(file: string, sidecar: Record<string, unknown>, checksum: boolean): void {
  const size = fs.statSync(file).size;
  if (size !== sidecar.bytes) throw new SPYIOError(file, `is ${size} bytes, its sidecar records ${sidecar.bytes} (truncated or modified)`);
  if (checksum) {
    const actual = sha256File(file);
    if (actual !== String(sidecar.file_checksum).toLowerCase()) {
      throw new SPYIOError(file, `checksum mismatch: the sidecar records sha256 ${sidecar.file_checksum}, the file hashes to ${actual} (modified or corrupted)`);
    }
  }
}

/**
 * Load a SpikeData or EventData container written by `data.save`: the object with its labels,
 * samplerate, trialdefinition, cfg, info, metadata, log and waveform; rows are read from the
 * container's file on access. `checksum` (default true) verifies the sha256 first.
 */
export async function loadDiscrete(filename: string, options: { checksum?: boolean } = {}): Promise<DiscreteData> {
  const opts = checkOptions(options, "load", ["checksum"]) as { checksum?: boolean };
  const checksum = opts.checksum === undefined ? true : checkBoolean(opts.checksum, "checksum");
  const { dir, file } = tableTarget(filename);
  const full = path.join(dir, file);
  const sidecar = readSidecar(full);
  if (sidecar.layout !== TABLE_LAYOUT) throw new SPYIOError(full, `is not a table file (its sidecar's layout is ${JSON.stringify(sidecar.layout)})`);
  verify(full, sidecar, checksum);
  const reader = TableReader.open(full);
  try {
    let props: Record<string, unknown>;
    try { props = JSON.parse(reader.metadata.spyts); } catch { throw new SPYIOError(full, "the 'spyts' schema metadata is missing or not valid JSON"); }
    const Cls = dataClassByName(String(props.dataclass)) as unknown as (new (init: Record<string, unknown>) => DiscreteData) | undefined;
    if (!Cls) throw new SPYIOError(full, `unknown data class '${props.dataclass}'`);
    const obj = new Cls({ dimord: props.dimord });
    if (!(obj instanceof DiscreteData)) throw new SPYIOError(full, `'${props.dataclass}' is not a SpikeData or EventData`);
    const dimord = props.dimord as string[];
    if (reader.columns.join() !== [...dimord, TRIALID_COLUMN].join()) {
      throw new SPYIOError(full, `has columns ${reader.columns.join(", ")}, its metadata's dimord says ${[...dimord, TRIALID_COLUMN].join(", ")}`);
    }
    obj.samplerate = typeof props.samplerate === "number" ? props.samplerate : NaN;
    const table = new DiscreteTable(reader, false, props.sorted === true, dimord.indexOf("sample"));
    const ranges = Array.isArray(props.rowRanges) ? Float64Array.from(props.rowRanges as number[]) : undefined;
    obj.attachTable(table, props.trialdefinition as number[][], ranges);
    if (obj instanceof SpikeData) obj.restoreLabels(props as { channel_idx: number[]; unit_idx: number[]; channel: string[]; unit: string[] });
    if (obj instanceof EventData) obj.restoreEventids(props.eventid as number[]);
    obj.cfg = deserialize(props.cfg) as Record<string, unknown>;
    obj.info = deserialize(props.info) as Record<string, unknown>;
    obj.metadata = deserialize(props.metadata) as Record<string, unknown>;
    obj.setHistory(String(props.log ?? ""));
    const wfile = full + ".waveform";
    if (obj instanceof SpikeData && fs.existsSync(wfile)) obj.waveform = readDatasetFile(wfile, checksum);
    const extras = Array.isArray(props.datasets) ? props.datasets as unknown[] : [];
    for (const ds of extras) {
      if (typeof ds !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(ds)) throw new SPYIOError(full, `lists a dataset named ${JSON.stringify(ds)}, not a dataset name`);
      const dfile = `${full}.${ds}`;
      if (!fs.existsSync(dfile)) throw new SPYIOError(dfile, `is missing: the container lists the dataset '${ds}'`);
      obj.setDataset(ds, readDatasetFile(dfile, checksum));
    }
    obj.appendLog(`Read files ${dir}`, "load");
    return obj;
  } catch (e) {
    reader.close();
    throw e;
  }
}

function readDatasetFile(file: string, checksum: boolean): NDArray {
  verify(file, readSidecar(file), checksum);
  const r = TrialFileReader.open(file);
  try {
    const meta = JSON.parse(r.metadata.spyts_dataset ?? "{}") as { shape?: number[] };
    const a = r.readTrial(0);
    const shape = Array.isArray(meta.shape) ? meta.shape : a.shape;
    return { data: a.data.slice(), shape, dtype: a.dtype };
  } finally {
    r.close();
  }
}

installTableSaver(saveDiscrete);

/** spy.load's hook (data/registry.ts): a table container loads here, anything else returns null. */
registerContainerLoader((dir, file, opts) =>
  (file === null ? isTableContainer(dir) : EXTENSIONS.includes(path.extname(file)) && isTableContainer(dir))
    ? loadDiscrete(file === null ? dir : path.join(dir, file), opts)
    : null);
