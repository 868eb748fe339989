/**
 * spy.load_ft_raw: FieldTrip raw structures (ft_datatype_raw) from a MAT v7.3 file into AnalogData,
 * one per structure (Syncopy's `load_ft_raw`, `syncopy/io/load_ft.py`), read with h5wasm from disk.
 *
 * FieldTrip → spyts:
 * - `label` (cell of char, N × 1) → channel labels;
 * - `trial` (1 × K cell of channel × time matrices; MATLAB stores them transposed, so each HDF5
 *   dataset is time × channel, spyts' layout as it is) → the trials, laid end to end;
 * - `time` (1 × K cell) → each trial's offset, round(time{k}(1) · fsample) samples;
 * - `fsample` → samplerate (without one: FieldTrip's 1 / mean(diff(time{1})));
 * - `trialinfo` (K × m) → trialdefinition columns 3...;
 * - `sampleinfo` (K × 2, FieldTrip's 1-based samples of the original recording) → info.sampleinfo
 *   as it is (trialdefinition's start/stop are positions in the stacked trials, as in Syncopy);
 * - fields named in `include_fields` → info (./matfile.ts readMatValue).
 */
import * as path from "path";
import { SPYIOError, SPYTypeError } from "../core/errors";
import { checkBoolean, checkNumber, checkOptions, checkString } from "../core/keywords";
import { warn } from "../core/warnings";
import type { DType } from "../core/ndarray";
import { AnalogData } from "../data/analog";
import { TrialStoreWriter } from "../data/trialstore";
import { H5Module } from "./h5wasmLoader";
import { Dataset, Group, H5File, checkFilters, dtypeOf, readRows } from "./h5file";
import { MatJson, cellItems, isMatEmpty, openMatV73, matClass, readCharRows, readMatNumbers, readMatValue } from "./matfile";

/** The options of spy.load_ft_raw (Syncopy's keywords). */
export interface LoadFtRawOptions {
  /** Return only the names of the raw structures in the file (default false). */
  list_only?: boolean;
  /** Names of the structures to load (default: every raw structure in the file). */
  select_structures?: string[];
  /** Further fields of each structure to copy into `info` (default none). */
  include_fields?: string[];
  /** MB read at a time from one trial (default 4000, Syncopy's). */
  mem_use?: number;
}

/** The fields that make a struct a FieldTrip raw structure (Syncopy's `req_fields_raw`). */
const REQUIRED = ["label", "trial", "time"] as const;

/**
 * Load the FieldTrip raw structures of a MAT v7.3 file (MATLAB's `save(..., '-v7.3')`) as
 * `{ name: AnalogData }`, or with `list_only` their names.
 *
 * Keywords: `list_only` (false), `select_structures` (all; a name not in the file is skipped with
 * a warning, as in Syncopy), `include_fields` (none; copied into `info`: numbers, text, cells and
 * structs, MATLAB-oriented, see readMatValue; a field that is missing or unreadable is skipped
 * with a warning), `mem_use` (MB per read of a trial, default 4000: long trials are read in blocks).
 *
 * Each AnalogData holds the trials end to end (float64; float32 when every trial is single), its
 * channels from `label`, samplerate `fsample`, trialdefinition rows [start, stop,
 * round(time{k}(1) · fsample), trialinfo...], `info.sampleinfo` when the structure has one.
 *
 * Errors (each names the file): an SPYIOError for a missing or non-HDF5 file (a MAT v5/v7 file:
 * "MAT v7.3 (save -v7.3) required"), a file without any structure holding label, trial and time,
 * a selected structure missing one of them, trial and time cells of different lengths, a trial
 * whose channel count differs from the number of labels, a time vector whose length differs from
 * its trial's, and a bad fsample or trialinfo; SPYTypeError / SPYValueError for bad keywords.
 *
 * Differences from Syncopy: data keep their precision (Syncopy casts to float32); `list_only`
 * lists only structures with label, trial and time (Syncopy lists every variable); when loading
 * all, other structs are skipped with a warning (Syncopy raises); `info` gets MATLAB's
 * orientation (Syncopy gives h5py's transposed lists, and a char row as a one-string list);
 * without `fsample` the rate is 1 / mean(diff(time{1})) (Syncopy takes mean(diff), a period);
 * MAT v5/v7 files are refused (Syncopy reads them with scipy.io.loadmat); offsets are rounded
 * half away from zero (Syncopy: numpy's rint, half to even).
 */
export async function load_ft_raw(filename: string, options: LoadFtRawOptions & { list_only: true }): Promise<string[]>;
export async function load_ft_raw(filename: string, options?: LoadFtRawOptions & { list_only?: false }): Promise<Record<string, AnalogData>>;
export async function load_ft_raw(filename: string, options?: LoadFtRawOptions): Promise<Record<string, AnalogData> | string[]>;
export async function load_ft_raw(filename: string, options: LoadFtRawOptions = {}): Promise<Record<string, AnalogData> | string[]> {
  checkString(filename, "filename", "the path of a MAT v7.3 file");
  const opts = checkOptions(options, "load_ft_raw", ["list_only", "select_structures", "include_fields", "mem_use"]) as LoadFtRawOptions;
  const listOnly = opts.list_only === undefined ? false : checkBoolean(opts.list_only, "list_only");
  const select = opts.select_structures === undefined || opts.select_structures === null ? null : stringList(opts.select_structures, "select_structures");
  const include = opts.include_fields === undefined || opts.include_fields === null ? [] : stringList(opts.include_fields, "include_fields");
  const memUse = opts.mem_use === undefined ? 4000 : checkNumber(opts.mem_use, "mem_use", { gt: 0 });
  const file = path.resolve(filename);
  const { h5, f, version } = await openMatV73(file, "load_ft_raw");
  try {
    const structs = topStructs(h5, f);
    const raw = structs.filter((s) => REQUIRED.every((k) => s.keys().includes(k)));
    if (listOnly) return raw.map((s) => s.path.slice(1));
    if (raw.length === 0) {
      const found = structs.map((s) => s.path.slice(1));
      throw new SPYIOError(file, `no FieldTrip raw structure in it (a struct with the fields label, trial and time; ${found.length ? `its structs ${found.join(", ")} lack them` : "it holds no struct"})`);
    }
    let chosen: Group[];
    if (select === null) {
      for (const s of structs) if (!raw.includes(s)) warn(`load_ft_raw: the struct '${s.path.slice(1)}' in ${file} is not a FieldTrip raw structure (no ${REQUIRED.filter((k) => !s.keys().includes(k)).join(", ")}); skipped`);
      chosen = raw;
    } else {
      chosen = [];
      for (const name of select) {
        const s = structs.find((g) => g.path.slice(1) === name);
        if (!s) { warn(`load_ft_raw: could not find the structure '${name}' in ${file} (it has ${structs.map((g) => g.path.slice(1)).join(", ") || "none"}); skipped`); continue; }
        chosen.push(s);
      }
    }
    const out: Record<string, AnalogData> = {};
    for (const s of chosen) {
      const name = s.path.slice(1);
      const obj = readRawStruct(h5, file, f, s, memUse, include);
      obj.appendLog(`loaded struct \`${name}\` from MATLAB file version ${version || "unknown (no MAT header)"}\n\tsource file: ${file}`, "load_ft_raw");
      out[name] = obj;
    }
    return out;
  } finally {
    f.close();
  }
}

function stringList(v: unknown, param: string): string[] {
  const list = typeof v === "string" ? [v] : v;
  if (!Array.isArray(list) || !list.every((x) => typeof x === "string")) throw new SPYTypeError(param, v, "a list of strings (names in the MAT file)");
  return list as string[];
}

/** The top-level structs of the file (not MATLAB's `#refs#` and `#subsystem#`). */
function topStructs(h5: H5Module, f: H5File): Group[] {
  const out: Group[] = [];
  for (const k of f.keys()) {
    if (k.includes("#")) continue;
    const o = f.get(k);
    if (o instanceof h5.Group && (matClass(o as Group) === "struct" || matClass(o as Group) === "")) out.push(o as Group);
  }
  return out;
}

/** What one trial dataset holds, checked before anything is read. */
interface TrialPlan { d: Dataset; nSamples: number }

function readRawStruct(h5: H5Module, file: string, f: H5File, s: Group, memUse: number, include: string[]): AnalogData {
  const name = s.path.slice(1);
  const where = `the structure '${name}'`;
  const field = (k: string): Dataset => {
    const o = s.keys().includes(k) ? s.get(k) : null;
    if (!(o instanceof h5.Dataset)) throw new SPYIOError(file, `${where} is not a FieldTrip raw structure: it has no field '${k}' (label, trial and time are required)`);
    return o as Dataset;
  };
  const labelItems = cellItems(h5, file, f, field("label"));
  const labels = labelItems.map((o, k) => {
    if (!(o instanceof h5.Dataset)) throw new SPYIOError(file, `${where}: label{${k + 1}} is not text`);
    return readCharRows(h5, file, o as Dataset).join("");
  });
  const trialItems = cellItems(h5, file, f, field("trial"));
  const timeItems = cellItems(h5, file, f, field("time"));
  if (trialItems.length === 0) throw new SPYIOError(file, `${where} has no trials (trial is empty)`);
  if (trialItems.length !== timeItems.length) {
    throw new SPYIOError(file, `${where} has ${trialItems.length} trials but ${timeItems.length} time vectors (trial and time must have one element per trial)`);
  }
  const plans = trialItems.map((o, k) => planTrial(h5, file, where, o, k, labels.length));
  const times = timeItems.map((o, k) => {
    if (!(o instanceof h5.Dataset)) throw new SPYIOError(file, `${where}: time{${k + 1}} is not a numeric vector`);
    const t = readMatNumbers(h5, file, o as Dataset).values;
    if (t.length !== plans[k].nSamples) throw new SPYIOError(file, `${where}: time{${k + 1}} has ${t.length} samples but trial{${k + 1}} has ${plans[k].nSamples}`);
    return t;
  });
  const samplerate = sampleRate(h5, file, s, where, times[0]);

  const dtype: DType = plans.every((p) => dtypeOf(p.d) === "float32") ? "float32" : "float64";
  const trialinfo = s.keys().includes("trialinfo") ? readTrialinfo(h5, file, s, where, plans.length) : null;
  const trl: number[][] = [];
  let at = 0;
  plans.forEach((p, k) => {
    trl.push([at, at + p.nSamples, Math.round(Number(times[k][0]) * samplerate), ...(trialinfo ? trialinfo[k] : [])]);
    at += p.nSamples;
  });

  const { writer, pieces } = streamTrials(h5, file, plans, labels.length, dtype, memUse);
  const obj = new AnalogData();
  obj.samplerate = samplerate;
  if (pieces.length === plans.length) {
    obj.setStore(writer, trl);  // one stored piece per trial: the trials as they are
  } else {
    obj.setStore(writer, pieces);
    obj.redefineTrials(trl);  // long trials were read in blocks: windows over the pieces
  }
  obj.setAxisValues("channel", labels);
  const info: Record<string, MatJson> = {};
  if (s.keys().includes("sampleinfo")) {
    const si = readMatValue(h5, file, f, s.get("sampleinfo") as Dataset);
    const rows = plans.length === 1 && Array.isArray(si) && si.length === 2 && typeof si[0] === "number" ? [si] : si;
    if (Array.isArray(rows) && rows.length === plans.length && rows.every((r) => Array.isArray(r) && r.length === 2)) info.sampleinfo = rows;
    else warn(`load_ft_raw: ${where} in ${file} has a sampleinfo that is not ${plans.length} × 2; left out`);
  }
  for (const k of include) {
    const o = s.keys().includes(k) ? s.get(k) : null;
    if (!(o instanceof h5.Dataset) && !(o instanceof h5.Group)) { warn(`load_ft_raw: could not find the field '${k}' in ${where} of ${file}; skipped`); continue; }
    const v = readMatValue(h5, file, f, o as Dataset | Group);
    if (v !== null) info[k] = v;
  }
  obj.info = info;
  return obj;
}

/** Check trial k: a numeric time × channel dataset (MATLAB's channel × time) with one column per label. */
function planTrial(h5: H5Module, file: string, where: string, o: Dataset | Group, k: number, nLabels: number): TrialPlan {
  if (!(o instanceof h5.Dataset) || isMatEmpty(o as Dataset)) throw new SPYIOError(file, `${where}: trial{${k + 1}} is ${o instanceof h5.Dataset ? "empty" : "not a numeric matrix"}`);
  const d = o as Dataset;
  if (dtypeOf(d) === null) throw new SPYIOError(file, `${where}: trial{${k + 1}} holds ${matClass(d) || "no numbers"}, not a numeric channel × time matrix`);
  const shape = d.shape ?? [];
  // HDF5 (time, channel) = MATLAB's channel × time; a one-channel trial is (time, 1)
  const nChannels = shape.length === 2 ? shape[1] : shape.length === 1 ? 1 : -1;
  if (nChannels !== nLabels || shape.length > 2) {
    throw new SPYIOError(file, `${where}: trial{${k + 1}} has ${shape.length === 2 ? `${shape[1]} channels (a ${shape[1]} × ${shape[0]} matrix)` : `shape [${shape.join(", ")}]`} but label has ${nLabels} channels`);
  }
  checkFilters(file, d);
  return { d, nSamples: shape[0] };
}

/** `fsample`, else FieldTrip's 1 / mean(diff(time{1})). */
function sampleRate(h5: H5Module, file: string, s: Group, where: string, time0: ArrayLike<number>): number {
  if (s.keys().includes("fsample")) {
    const { values } = readMatNumbers(h5, file, s.get("fsample") as Dataset);
    const fs = Number(values[0]);
    if (values.length !== 1 || !(fs > 0) || !Number.isFinite(fs)) throw new SPYIOError(file, `${where}: fsample is not one positive number (${Array.from(values).slice(0, 3).join(", ")})`);
    return fs;
  }
  if (time0.length < 2) throw new SPYIOError(file, `${where} has no fsample, and time{1} has fewer than 2 samples to infer it from`);
  // mean(diff(t)) telescopes to (t_end - t_1) / (n - 1)
  const fs = (time0.length - 1) / (Number(time0[time0.length - 1]) - Number(time0[0]));
  if (!(fs > 0) || !Number.isFinite(fs)) throw new SPYIOError(file, `${where} has no fsample, and time{1} does not increase (1 / mean(diff(time{1})) = ${fs})`);
  return fs;
}

/** trialinfo (K × m numbers, MATLAB rows = trials) as one row per trial. */
function readTrialinfo(h5: H5Module, file: string, s: Group, where: string, nTrials: number): number[][] {
  const o = s.get("trialinfo");
  if (!(o instanceof h5.Dataset) || dtypeOf(o as Dataset) === null) {
    throw new SPYIOError(file, `${where}: trialinfo is ${o instanceof h5.Group || !o ? "not" : `a MATLAB ${matClass(o as Dataset) || "value"}, not`} a numeric matrix (spyts reads numeric trialinfo only; convert a table with table2array)`);
  }
  const { values, dims } = readMatNumbers(h5, file, o as Dataset);
  if (values.length === 0) return Array.from({ length: nTrials }, () => []);
  if (dims.length !== 2 || dims[0] !== nTrials) throw new SPYIOError(file, `${where}: trialinfo is ${dims.join(" × ")} but there are ${nTrials} trials (one row per trial)`);
  return Array.from({ length: nTrials }, (_, i) => Array.from({ length: dims[1] }, (_, j) => Number(values[j * nTrials + i])));
}

/** The trials streamed into a new store, read in blocks of at most `memUse` MB (a piece per block). */
function streamTrials(h5: H5Module, file: string, plans: TrialPlan[], nCh: number, dtype: DType, memUse: number): { writer: ReturnType<TrialStoreWriter["finish"]>; pieces: number[][] } {
  const block = Math.max(1, Math.floor((memUse * 1e6) / (nCh * 8)));
  const writer = new TrialStoreWriter(".analog", dtype, [nCh]);
  const pieces: number[][] = [];
  let at = 0;
  try {
    for (const p of plans) {
      for (let a = 0; a < p.nSamples; a += block) {
        const b = Math.min(p.nSamples, a + block);
        const raw = readRows(h5, file, p.d, a, b);
        const data = dtype === "float64" ? (raw instanceof Float64Array ? raw : Float64Array.from(raw as ArrayLike<number>, Number)) : (raw as Float32Array);
        writer.append({ data, shape: [b - a, nCh], dtype });
        pieces.push([at + a, at + b, 0]);
      }
      at += p.nSamples;
    }
  } catch (e) {
    writer.abort();
    throw e;
  }
  return { writer: writer.finish(), pieces };
}
