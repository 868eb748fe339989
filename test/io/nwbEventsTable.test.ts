/**
 * spy.load_nwb reads ndx-events EventsTables (0.3 and 0.4 layouts) as EventData. Fixtures:
 * test/fixtures/interop/made/events_table*.nwb, written by make_events_table.py with h5py after
 * the ndx-events spec (not by pynwb + ndx-events); events_table.json is the ground truth.
 */
import * as fs from "fs";
import * as path from "path";
import { load_nwb } from "../../src/io/nwbRead";
import { EventData } from "../../src/data/event";
import { SPYIOError, SPYValueError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";

const MADE = path.join(__dirname, "../fixtures/interop/made");
const truth = JSON.parse(fs.readFileSync(path.join(MADE, "events_table.json"), "utf8"));
const col = (e: EventData, name: string) => Array.from(e.column(name));

let objs: Record<string, unknown>;
let warnings: string[];
beforeAll(async () => {
  ({ result: objs, warnings } = await captureWarnings(() => load_nwb(path.join(MADE, "events_table.nwb"))));
});

test("the file's tables load without warnings, beside the series, at the series' rate and trials", () => {
  expect(warnings).toEqual([]);
  expect(Object.keys(objs).sort()).toEqual(["raw", "stimulus_presentations", "task_events", "ttl_events", "ttls"]);
  for (const name of ["task_events", "ttls", "ttl_events", "stimulus_presentations"]) {
    const e = objs[name] as EventData;
    expect(e).toBeInstanceOf(EventData);
    expect(e.samplerate).toBe(truth.rate);
    expect(e.trialdefinition.map((r) => r.slice(0, 3))).toEqual(truth.trialdefinition);
  }
});

test("0.3 layout: event_type rows are the codes, event_name the labels, value and duration extra columns", () => {
  const t = truth.task_events;
  const e = objs.task_events as EventData;
  expect(e.dimord).toEqual(["sample", "eventid", "duration", "value"]);
  expect(col(e, "sample")).toEqual(t.sample);
  expect(col(e, "eventid")).toEqual(t.eventid);
  expect(col(e, "duration")).toEqual(t.duration_samples);
  expect(col(e, "value")).toEqual(t.value);
  expect(e.eventid).toEqual([0, 1, 2]);
  expect(e.info.eventid_labels).toEqual(t.eventid_labels);
  expect(e.info.eventid_source).toBe("event_type");
  expect(e.info.event_types_table).toBe("/general/task/event_types");
  expect((e.info.event_columns as Record<string, number[]>).reaction_time).toEqual(t.reaction_time);
  // the two events at 1.2 s (codes 0 and 2) fall into trial 0 [0, 1500), the rest by their samples
  expect(e.trialCounts).toEqual([t.sample.filter((s: number) => s < 1500).length, t.sample.filter((s: number) => s >= 1500).length]);
});

test("0.3 TtlsTable: ttl_type rows are the codes, with the TtlTypesTable's names and pulse values", () => {
  const t = truth.ttls;
  const e = objs.ttls as EventData;
  expect(col(e, "sample")).toEqual(t.sample);
  expect(col(e, "eventid")).toEqual(t.eventid);
  expect(e.info.eventid_labels).toEqual(t.eventid_labels);
  expect(e.info.pulse_value).toEqual(t.pulse_value);
});

test("0.4 layout under /events: integer CategoricalVectorData values are the codes, meanings in info", () => {
  const t = truth.ttl_events;
  const e = objs.ttl_events as EventData;
  expect(e.dimord).toEqual(["sample", "eventid"]);
  expect(col(e, "sample")).toEqual(t.sample);
  expect(col(e, "eventid")).toEqual(t.eventid);
  expect(e.info.eventid_meanings).toEqual(t.eventid_meanings);
  expect(e.info.nwb_path).toBe("/events/ttl_events");
});

test("0.4 text categories: numbered by the MeaningsTable, an unknown one after; a NaN duration keeps seconds in info", () => {
  const t = truth.stimulus_presentations;
  const e = objs.stimulus_presentations as EventData;
  expect(e.dimord).toEqual(["sample", "eventid", "stimulus_image_index"]);
  expect(col(e, "sample")).toEqual(t.sample);
  expect(col(e, "eventid")).toEqual(t.eventid);
  expect(col(e, "stimulus_image_index")).toEqual(t.stimulus_image_index);
  expect(e.info.eventid_labels).toEqual(t.eventid_labels);
  expect(e.info.duration_s).toEqual(t.duration);
});

test("a file without a regularly sampled series needs default_spike_data_samplerate", async () => {
  const file = path.join(MADE, "events_table_no_timestamp.nwb");
  await expect(load_nwb(file)).rejects.toThrow(SPYValueError);
});

test("an EventsTable without timestamp is an SPYIOError naming the file and the table", async () => {
  const file = path.join(MADE, "events_table_no_timestamp.nwb");
  const p = load_nwb(file, { default_spike_data_samplerate: 1000 });
  await expect(p).rejects.toThrow(SPYIOError);
  await expect(load_nwb(file, { default_spike_data_samplerate: 1000 })).rejects.toThrow(
    new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*'/acquisition/no_times' has no 'timestamp' column`));
});

test("an event_type row outside the EventTypesTable is an SPYIOError naming the row and the table", async () => {
  const file = path.join(MADE, "events_table_bad_index.nwb");
  await expect(load_nwb(file, { default_spike_data_samplerate: 1000 })).rejects.toThrow(
    /'\/acquisition\/bad_types' names row 3 of '\/general\/task\/event_types' in 'event_type' row 1, but that table has 3 rows/);
});
