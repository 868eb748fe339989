/**
 * save/load of data objects as .spy containers: a folder holding the object's Arrow file
 * (every property in its schema metadata, so any Arrow reader sees them) plus a JSON sidecar
 * with checksums. Writing is atomic (./save.ts, which BaseData.save() calls); loading verifies
 * structure and checksum first and makes the saved class by name (./registry.ts): this file
 * imports no concrete data class, and no data class imports it.
 */
import { SPYIOError, SPYValueError } from "../core/errors";
import { checkBoolean, checkOptions, checkString } from "../core/keywords";
import type { BaseData } from "./base";
import { TrialStore } from "./trialstore";
import { dataClassByName } from "./registry";
import { readContainer } from "./storage";
import { deserialize } from "../core/structdict";
import { SavedProps, containerPath, saveData } from "./save";

export { savedProps } from "./save";

/** Save as a .spy container (atomic); resolves to the container's absolute path. Same as `obj.save(filename)`. */
export function save(obj: BaseData, filename: string, opts: { overwrite?: boolean } = {}): Promise<string> {
  return saveData(obj, filename, opts);
}

/**
 * Load a .spy container: an object of the class it was saved as (looked up by name among the
 * registered data classes, data/registry.ts), its trials read from the container's file on access.
 */
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
  const cls = dataClassByName(props.dataclass);
  if (!cls) throw new SPYIOError(entry.path, `unknown data class '${props.dataclass}'`);
  if (opts.dataclass && opts.dataclass !== props.dataclass) {
    throw new SPYValueError("dataclass", opts.dataclass, `the class stored in the container (${props.dataclass})`);
  }
  const obj = new cls();
  obj.samplerate = props.samplerate;
  obj.setStore(new TrialStore(entry.reader, entry.path, false), props.trialdefinition);
  // one saved field per non-stacking axis (channel; taper, freq; ...), absent ones take the defaults
  for (const dim of obj.dimord.slice(1)) obj.setAxisValues(dim, props[dim] as string[] | number[] | undefined);
  obj.cfg = deserialize(props.cfg) as Record<string, unknown>;
  obj.info = deserialize(props.info) as Record<string, unknown>;
  obj.metadata = deserialize(props.metadata) as Record<string, unknown>;
  obj.setHistory(props.log);
  obj.appendLog(`Read files ${dir}`, "load");
  return obj;
}
