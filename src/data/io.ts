/**
 * save/load of data objects as .spy containers: a folder holding the object's Arrow file
 * (every property in its schema metadata, so any Arrow reader sees them) plus a JSON sidecar
 * with checksums. Writing is atomic; loading verifies structure and checksum first.
 */
import * as path from "path";
import { SPYIOError, SPYValueError } from "../core/errors";
import { checkBoolean, checkOptions, checkString } from "../core/keywords";
import { BaseData } from "./base";
import { AnalogData } from "./analog";
import { SpectralData } from "./spectral";
import { ContinuousData } from "./continuous";
import { TrialStore } from "./trialstore";
import { logEntry } from "./log";
import { readContainer, writeContainer } from "./storage";
import { serialize, deserialize } from "../core/structdict";

const FORMAT = "spyts-data/1";
const CLASSES: Record<string, () => ContinuousData> = {
  AnalogData: () => new AnalogData(),
  SpectralData: () => new SpectralData(),
};

interface SavedProps {
  format: string;
  dataclass: string;
  dimord: string[];
  samplerate: number;
  channel: string[];
  freq?: number[];
  taper?: string[];
  trialdefinition: number[][];
  cfg: unknown;
  info: unknown;
  metadata: unknown;
  log: string;
}

function containerPath(filename: string): string {
  checkString(filename, "filename", "a path ending in .spy");
  if (!filename.endsWith(".spy")) throw new SPYValueError("filename", filename, "a path ending in .spy (a container folder)");
  return path.resolve(filename);
}

export function savedProps(obj: BaseData): SavedProps {
  const props: SavedProps = {
    format: FORMAT,
    dataclass: obj.className,
    dimord: obj.dimord,
    samplerate: obj.samplerate,
    channel: (obj as ContinuousData).channel,
    trialdefinition: obj.trialdefinition,
    cfg: serialize(obj.cfg),
    info: serialize(obj.info),
    metadata: serialize(obj.metadata),
    log: obj.history,
  };
  if (obj instanceof SpectralData) {
    props.freq = Array.from(obj.freq);
    props.taper = obj.taper;
  }
  return props;
}

export async function save(obj: BaseData, filename: string, options: { overwrite?: boolean } = {}): Promise<string> {
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
  writeContainer(dir, [{
    name: base + obj.fileExtension,
    source: store.reader,
    metadata: { spyts: JSON.stringify(props) },
  }], { dataclass: obj.className, format: FORMAT }, { overwrite: opts.overwrite ?? false });
  obj.setHistory(history);
  return dir;
}

export async function load(filename: string, options: { checksum?: boolean; dataclass?: string } = {}): Promise<BaseData> {
  const opts = checkOptions(options, "load", ["checksum", "dataclass"]) as { checksum?: boolean; dataclass?: string };
  if (opts.checksum !== undefined) checkBoolean(opts.checksum, "checksum");
  if (opts.dataclass !== undefined) checkString(opts.dataclass, "dataclass", "a data class name such as \"AnalogData\"");
  const dir = containerPath(filename);
  const { entries } = readContainer(dir, { checksum: opts.checksum ?? true });
  if (entries.length !== 1) {
    throw new SPYIOError(dir, `holds ${entries.length} data files; this version loads containers of exactly one object`);
  }
  const entry = entries[0];
  const raw = entry.reader.metadata.spyts;
  if (!raw) throw new SPYIOError(entry.path, "no 'spyts' schema metadata: not a spyts data file");
  let props: SavedProps;
  try { props = JSON.parse(raw); } catch { throw new SPYIOError(entry.path, "the 'spyts' schema metadata is not valid JSON"); }
  const make = CLASSES[props.dataclass];
  if (!make) throw new SPYIOError(entry.path, `unknown data class '${props.dataclass}'`);
  if (opts.dataclass && opts.dataclass !== props.dataclass) {
    throw new SPYValueError("dataclass", opts.dataclass, `the class stored in the container (${props.dataclass})`);
  }
  const obj = make();
  obj.samplerate = props.samplerate;
  obj.setStore(new TrialStore(entry.reader, entry.path, false), props.trialdefinition);
  obj.channel = props.channel;
  if (obj instanceof SpectralData) {
    obj.setFreq(props.freq);
    obj.setTaper(props.taper);
  }
  obj.cfg = deserialize(props.cfg) as Record<string, unknown>;
  obj.info = deserialize(props.info) as Record<string, unknown>;
  obj.metadata = deserialize(props.metadata) as Record<string, unknown>;
  obj.setHistory(props.log);
  obj.appendLog(`Read files ${dir}`, "load");
  return obj;
}
