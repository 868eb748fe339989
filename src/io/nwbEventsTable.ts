/**
 * NWB EventsTables (the ndx-events extension, proposed for NWB core) into EventData, for
 * spy.load_nwb. Both released layouts are read:
 *
 * - ndx-events 0.4: a table under `/events` (or acquisition/, processing/) with `timestamp`
 *   (seconds), optional `duration`, and CategoricalVectorData columns whose `meanings` attribute
 *   references a MeaningsTable (`value`, `meaning`);
 * - ndx-events 0.3: an EventsTable (or its TtlsTable) whose `event_type` (`ttl_type`) column is a
 *   DynamicTableRegion into an EventTypesTable (`event_name`), with an optional `value` column.
 *
 * The event code (EventData's `eventid`, an integer) comes from, in this order: the region column
 * (the referenced row; the type names go to info.eventid_labels, indexed by code); the first
 * CategoricalVectorData column (integer values are the codes, their meanings in
 * info.eventid_meanings; text values are numbered by their position in the MeaningsTable, values
 * without a meaning after them, the texts in info.eventid_labels); an integer `value` or `code`
 * column; else 0 for every event (info.eventid_labels = [table name]).
 *
 * Other columns: integer ones become extra EventData columns (kept with their rows by sorting and
 * selections); `duration` becomes the extra column `duration` in samples when every event has
 * one, else info.duration_s (seconds, null for NaN, in row order); non-integer and text columns go
 * to info.event_columns (in row order). Rows are sorted by (sample, code).
 */
import { SPYIOError } from "../core/errors";
import { warn } from "../core/warnings";
import { EventData } from "../data/event";
import { H5Module } from "./h5wasmLoader";
import { Dataset, Group, attr, datasetAt, groupAt } from "./h5file";
import { numericColumn, textColumn } from "./nwbTables";

/** The neurodata types read as events tables (TtlsTable: ndx-events 0.3's subtype of EventsTable). */
const EVENTS_TYPES = new Set(["EventsTable", "TtlsTable"]);
const REGION_COLUMNS = ["event_type", "ttl_type"];
const RESERVED = new Set(["sample", "eventid", "trialid"]);

/** Whether `g` is an ndx-events EventsTable (or TtlsTable). */
export function isEventsTable(g: Group): boolean {
  return EVENTS_TYPES.has(String(attr(g, "neurodata_type") ?? ""));
}

/**
 * Every EventsTable under `/events` (ndx-events 0.4's place), `/acquisition` and `/processing`
 * (any depth up to 3), in file order.
 */
export function findEventsTables(h5: H5Module, root: Group): Group[] {
  const out: Group[] = [];
  const visit = (g: Group, depth: number) => {
    for (const k of g.keys()) {
      const c = groupAt(h5, g, k);
      if (!c) continue;
      if (isEventsTable(c)) out.push(c);
      else if (depth < 3) visit(c, depth + 1);
    }
  };
  for (const top of ["events", "acquisition", "processing"]) {
    const g = groupAt(h5, root, top);
    if (g) visit(g, 0);
  }
  return out;
}

/** One event code per row plus what the codes mean (for info). */
interface Codes { codes: number[]; column: string | null; info: Record<string, unknown> }

/**
 * One EventsTable as EventData: rows [round(timestamp · samplerate), code, extra columns...],
 * trials from `trialdefinition` (undefined: one trial over all events). A table without
 * `timestamp`, a column of another length, or an event_type row outside its EventTypesTable is an
 * SPYIOError naming the file and the table.
 */
export function readEventsTable(h5: H5Module, file: string, g: Group, samplerate: number, trialdefinition: number[][] | undefined): EventData {
  const fail = (why: string): never => { throw new SPYIOError(file, `the EventsTable '${g.path}' ${why}`); };
  if (!datasetAt(h5, g, "timestamp")) fail("has no 'timestamp' column (ndx-events requires one: the event times in seconds)");
  const ts = numericColumn(h5, file, g, "timestamp") ?? fail("has a 'timestamp' column that does not hold numbers");
  const n = ts.length;
  const bad = ts.findIndex((t) => !Number.isFinite(t));
  if (bad >= 0) fail(`has the timestamp ${ts[bad]} in row ${bad}; every event needs a finite time`);
  const colnames = columnNames(g);
  const sameLength = (name: string, v: unknown[]) => { if (v.length !== n) fail(`has ${v.length} values in '${name}' but ${n} timestamps`); };

  const codes = eventCodes(h5, file, g, colnames, fail);
  sameLength(codes.column ?? "eventid", codes.codes);
  const sample = ts.map((t) => Math.round(t * samplerate));
  const order = sample.map((_, k) => k).sort((a, b) => sample[a] - sample[b] || codes.codes[a] - codes.codes[b] || a - b);
  const sorted = <T>(v: T[]): T[] => order.map((k) => v[k]);

  const data: Record<string, Float64Array> = { sample: Float64Array.from(sorted(sample)), eventid: Float64Array.from(sorted(codes.codes)) };
  const eventColumns: Record<string, unknown[]> = {};
  const info: Record<string, unknown> = {};
  const dur = datasetAt(h5, g, "duration") ? numericColumn(h5, file, g, "duration") : null;
  if (dur) {
    sameLength("duration", dur);
    if (dur.every(Number.isFinite)) data.duration = Float64Array.from(sorted(dur), (d) => Math.round(d * samplerate));
    else info.duration_s = sorted(dur).map((d) => (Number.isFinite(d) ? d : null));
  }
  const skip = new Set(["timestamp", "duration", "id", codes.column ?? ""]);
  for (const c of colnames) {
    const d = skip.has(c) ? null : datasetAt(h5, g, c);
    // ragged columns (`x` with its VectorIndex `x_index`): no one value per event
    if (!d || attr(d, "neurodata_type") === "VectorIndex" || datasetAt(h5, g, c + "_index")) continue;
    const text = isText(d) ? textColumn(h5, file, g, c) : null;
    const num = text ? null : numericColumn(h5, file, g, c);
    if (!text && !num) { warn(`load_nwb: column '${c}' of ${g.path} in ${file} is neither numbers nor text; left out`); continue; }
    const v: unknown[] = (text ?? num)!;
    sameLength(c, v);
    if (num && (d.shape?.length ?? 1) === 1 && num.every((x) => Number.isSafeInteger(x))) data[RESERVED.has(c) || c === "duration" ? `nwb_${c}` : c] = Float64Array.from(sorted(num));
    else if ((d.shape?.length ?? 1) === 1) eventColumns[c] = sorted(v);
    else warn(`load_nwb: column '${c}' of ${g.path} in ${file} has shape [${(d.shape ?? []).join(", ")}], not one value per event; left out`);
  }
  const obj = new EventData({ data, samplerate, trialdefinition, dimord: Object.keys(data) });
  obj.info = {
    nwb_path: g.path, nwb_type: String(attr(g, "neurodata_type") ?? ""), description: String(attr(g, "description") ?? ""),
    eventid_source: codes.column, ...codes.info, ...info,
    ...(Object.keys(eventColumns).length ? { event_columns: eventColumns } : {}),
  };
  return obj;
}

function columnNames(g: Group): string[] {
  const names = attr(g, "colnames");
  if (Array.isArray(names)) return names.map(String);
  if (typeof names === "string") return [names];
  return g.keys();
}

function isText(d: Dataset): boolean {
  return (d.metadata as { type: number }).type === 3;
}

/** The event codes by the order of rules in this file's header. */
function eventCodes(h5: H5Module, file: string, g: Group, colnames: string[], fail: (why: string) => never): Codes {
  const region = REGION_COLUMNS.find((c) => datasetAt(h5, g, c));
  if (region) return regionCodes(h5, file, g, region, fail);
  for (const c of colnames) {
    const d = datasetAt(h5, g, c);
    if (d && attr(d, "neurodata_type") === "CategoricalVectorData") {
      const r = categoricalCodes(h5, file, g, d, c);
      if (r) return r;
    }
  }
  for (const c of ["value", "code"]) {
    const v = datasetAt(h5, g, c) ? numericColumn(h5, file, g, c) : null;
    if (v && v.every((x) => Number.isSafeInteger(x))) return { codes: v, column: c, info: {} };
  }
  const n = numericColumn(h5, file, g, "timestamp")!.length;
  return { codes: new Array(n).fill(0), column: null, info: { eventid_labels: [g.path.split("/").pop()] } };
}

/** ndx-events 0.3: the referenced rows of the EventTypesTable are the codes, its event_name the labels. */
function regionCodes(h5: H5Module, file: string, g: Group, column: string, fail: (why: string) => never): Codes {
  const rows = numericColumn(h5, file, g, column) ?? fail(`has an '${column}' column that does not hold row numbers`);
  const types = referenced(h5, g, datasetAt(h5, g, column)!);
  const info: Record<string, unknown> = {};
  if (!types) {
    warn(`load_nwb: the '${column}' column of ${g.path} in ${file} names no readable table; its row numbers are the codes, without names`);
  } else {
    const nTypes = (numericColumn(h5, file, types, "id") ?? textColumn(h5, file, types, "event_name") ?? []).length;
    const bad = rows.findIndex((r) => !(Number.isInteger(r) && r >= 0 && r < nTypes));
    if (bad >= 0) fail(`names row ${rows[bad]} of '${types.path}' in '${column}' row ${bad}, but that table has ${nTypes} rows`);
    const names = textColumn(h5, file, types, "event_name");
    if (names) info.eventid_labels = names;
    const pulse = numericColumn(h5, file, types, "pulse_value");
    if (pulse) info.pulse_value = pulse;
    info.event_types_table = types.path;
  }
  return { codes: rows, column, info };
}

/**
 * ndx-events 0.4: integer values are their own codes; text values are numbered by their place in
 * the MeaningsTable's `value` column (values it lacks follow, in order of appearance). Null for a
 * column of non-integer numbers (no code; it becomes an ordinary column).
 */
function categoricalCodes(h5: H5Module, file: string, g: Group, d: Dataset, column: string): Codes | null {
  const meanings = referenced(h5, g, d) ?? groupAt(h5, g, column + "_meanings");
  const mValues = meanings ? (textColumn(h5, file, meanings, "value") ?? numericColumn(h5, file, meanings, "value")) : null;
  const mMeaning = meanings ? textColumn(h5, file, meanings, "meaning") : null;
  const meaningOf: Record<string, string> = {};
  if (mValues && mMeaning) mValues.forEach((v, k) => { if (k < mMeaning.length) meaningOf[String(v)] = mMeaning[k]; });
  const info: Record<string, unknown> = meanings ? { meanings_table: meanings.path } : {};
  if (isText(d)) {
    const text = textColumn(h5, file, g, column) ?? [];
    const labels = [...new Set((mValues ?? []).map(String))];
    for (const t of text) if (!labels.includes(t)) labels.push(t);
    return { codes: text.map((t) => labels.indexOf(t)), column, info: { ...info, eventid_labels: labels, eventid_meanings: meaningOf } };
  }
  const v = numericColumn(h5, file, g, column);
  if (!v || !v.every((x) => Number.isSafeInteger(x))) return null;
  return { codes: v, column, info: { ...info, eventid_meanings: meaningOf } };
}

/** The group an object reference attribute `table` / `meanings` of `d` points to, or null. */
function referenced(h5: H5Module, g: Group, d: Dataset): Group | null {
  for (const name of ["table", "meanings"]) {
    let ref: unknown;
    try { ref = d.attrs[name]?.value; } catch { continue; }
    // h5wasm gives a scalar reference attribute as a one-element array
    if (Array.isArray(ref) && ref.length === 1) ref = ref[0];
    if (!(ref instanceof h5.Reference)) continue;
    let target: unknown;
    try { target = g.dereference(ref); } catch { return null; }
    return target instanceof h5.Group ? (target as Group) : null;
  }
  return null;
}
