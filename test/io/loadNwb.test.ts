/**
 * spy.load_nwb against files written by the real pynwb 2.3.1: test/fixtures/interop/nwb (copied
 * from shared/interop, manifests = ground truth) and test/fixtures/interop/made/lfp_gzip.nwb
 * (make_lfp_gzip.py: gzip+chunked LFP with conversion, offset, channel_conversion, starting_time;
 * interleaved units; epochs; an AnnotationSeries).
 */
import * as fs from "fs";
import * as path from "path";
import { load_nwb } from "../../src/io/nwbRead";
import { AnalogData } from "../../src/data/analog";
import { SpikeData } from "../../src/data/spike";
import { EventData } from "../../src/data/event";
import { captureWarnings } from "../../src/core/warnings";

const FIX = path.join(__dirname, "../fixtures/interop");
const manifest = (name: string) => JSON.parse(fs.readFileSync(path.join(FIX, name), "utf8"));
const sumCols = (a: { data: ArrayLike<number>; shape: number[] }) => {
  const c = a.shape[1];
  const s = new Array(c).fill(0);
  for (let i = 0; i < a.data.length; i++) s[i % c] += a.data[i];
  return s;
};

test("trials.nwb: float32 µV to volts, electrode labels, trials with condition/correct in trialinfo", async () => {
  const m = manifest("nwb/trials.json");
  const ts = m.timeseries[0];
  const objs = await load_nwb(path.join(FIX, "nwb/trials.nwb"));
  const a = objs.ElectricalSeries as AnalogData;
  expect(a).toBeInstanceOf(AnalogData);
  expect(a.samplerate).toBe(1000);
  expect(a.channel).toEqual(ts.channel_labels);
  expect(a.trialdefinition.map((r) => r.slice(0, 3))).toEqual(ts.expect.trialdefinition);
  expect(a.info.trialinfo_columns).toEqual(["condition", "correct"]);
  expect(a.trialinfo.map((r) => r[0])).toEqual(m.trials.expect_trialinfo_column.values);
  expect(a.trialinfo.map((r) => r[1])).toEqual(m.trials.columns.correct.map(Number));
  ts.expect.trials.forEach((t: { n_samples: number; first_row: number[]; last_row: number[]; sum_per_channel: number[] }, k: number) => {
    const x = a.trials.get(k);
    expect(x.shape).toEqual([t.n_samples, 8]);
    const scale = ts.conversion;
    for (let c = 0; c < 8; c++) {
      expect(x.data[c]).toBe(Math.fround(t.first_row[c] * scale + ts.offset)); // stored as float32
      expect(x.data[x.data.length - 8 + c]).toBe(Math.fround(t.last_row[c] * scale + ts.offset));
    }
    sumCols(x).forEach((s, c) => expect(s).toBeCloseTo(t.sum_per_channel[c] * scale + ts.offset * t.n_samples, 7));  // float32 values
  });
});

test("memuse: blocks of a few rows give the same trials as one block", async () => {
  const file = path.join(FIX, "nwb/trials.nwb");
  const big = (await load_nwb(file)).ElectricalSeries as AnalogData;
  const small = (await load_nwb(file, { memuse: 0.004 })).ElectricalSeries as AnalogData; // 4000 B: 62 rows of 8 float64
  expect((small as unknown as { store: { nTrials: number } }).store.nTrials).toBe(Math.ceil(12000 / 62));
  for (let k = 0; k < big.nTrials; k++) expect(Array.from(small.trials.get(k).data)).toEqual(Array.from(big.trials.get(k).data));
});

test("units_simple.nwb: SpikeData rows per unit, samples at the acquisition rate", async () => {
  const m = manifest("nwb/units_simple.json");
  const objs = await load_nwb(path.join(FIX, "nwb/units_simple.nwb"));
  const s = objs.units as SpikeData;
  expect(s).toBeInstanceOf(SpikeData);
  expect(s.samplerate).toBe(30000);
  expect(s.unit).toEqual(m.units.ids.map((i: number) => `unit${i}`));
  const sample = s.column("sample"), unit = s.column("unit");
  m.units.ids.forEach((id: number, u: number) => {
    const mine = Array.from(sample).filter((_, i) => unit[i] === id);
    expect(mine).toEqual(m.units.spike_samples[u]);
  });
});

test("events_ttl.nwb: a TTL TimeSeries becomes EventData with every event in the trial", async () => {
  const m = manifest("nwb/events_ttl.json");
  const ev = m.events[0];
  const objs = await load_nwb(path.join(FIX, "nwb/events_ttl.nwb"));
  const e = objs[ev.name] as EventData;
  expect(e).toBeInstanceOf(EventData);
  expect(e.samplerate).toBe(30000);
  const sample = Array.from(e.column("sample"));
  expect(sample.map((x) => x / 30000)).toEqual(ev.timestamps.map((t: number) => expect.closeTo(t, 6)));
  expect(Array.from(e.column("eventid"))).toEqual(ev.codes);
  expect(e.trialCounts.reduce((p: number, q: number) => p + q, 0)).toBe(ev.n);
});

test("lfp_gzip.nwb: gzip+chunked LFP in processing/ecephys, channel_conversion, offset, starting_time, epochs", async () => {
  const m = manifest("made/lfp_gzip.json");
  const { result: objs, warnings } = await captureWarnings(() => load_nwb(path.join(FIX, "made/lfp_gzip.nwb"), { memuse: 0.002 }));
  expect(warnings).toEqual([]);
  const a = objs.ElectricalSeries as AnalogData;
  expect(a.channel).toEqual(m.channel_labels);
  expect(a.samplerate).toBe(m.rate);
  expect(a.info.starting_time).toBe(m.starting_time);
  expect(a.trialdefinition).toEqual(m.epochs.rows);
  m.epochs.rows.forEach((r: number[], k: number) => {
    sumCols(a.trials.get(k)).forEach((s, c) => expect(s).toBeCloseTo(m.trial_sums_physical[k][c], 9));
  });
  const s = objs.units as SpikeData;
  // interleaved units keep their own times (Syncopy's load_nwb mislabels them)
  const all = Array.from(s.column("sample"), (x, i) => [x, s.column("unit")[i]]);
  expect(all).toEqual(m.spikes_time_order);
  const wm = s.dataset("waveform_mean")!;
  expect(wm.shape).toEqual([2, 20, 4]);
  expect(Array.from(wm.data).reduce((p, q) => p + q, 0)).toBeCloseTo(m.waveform_mean_sum, 4);
  const notes = objs.notes as EventData;
  expect(notes.info.eventid_labels).toEqual(["go", "stop"]);
  expect(Array.from(notes.column("eventid"))).toEqual([0, 1, 0]);
});
