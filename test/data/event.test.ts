/**
 * EventData: Syncopy's test_discretedata.py::TestEventData ported (expected sampleinfo from
 * test/fixtures/spikes/make_fixtures.py, numpy by Syncopy's test logic), trials of AnalogData and
 * SpikeData from trigger codes (expected rows computed here from the event times), event-id
 * selections, save/load, and the bad input of issue 18.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { tableFromIPC } from "apache-arrow";
import { EventData } from "../../src/data/event";
import { SpikeData } from "../../src/data/spike";
import { AnalogData } from "../../src/data/analog";
import { loadDiscrete } from "../../src/data/discreteio";
import { definetrial } from "../../src/data/methods/definetrial";
import { redefinetrial } from "../../src/data/methods/redefinetrial";
import { selectdata } from "../../src/data/methods/selectdata";
import type { DefinetrialKeywords } from "../../src/data/methods/trialKeywords";
import { BaseData } from "../../src/data/base";
import { NDArray } from "../../src/core/ndarray";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/spikes/syncopy_discrete.json"), "utf8"));
const ts = fx.trialsetting;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-event-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const rows = (a: NDArray): number[][] => {
  const [n, c] = a.shape;
  return Array.from({ length: n }, (_, i) => Array.from(a.data.subarray(i * c, (i + 1) * c)));
};
/** definetrial with EventData keywords (the typed keywords of trialKeywords.ts still say null). */
const dt = <T extends BaseData>(obj: T, kw: Record<string, unknown>): T => definetrial(obj, kw as unknown as DefinetrialKeywords);
const customDimord = ["sample", "eventid", "custom1", "custom2"];
const adata = () => new AnalogData({ data: Array.from({ length: 30 }, (_, t) => Array.from({ length: 10 }, (_, c) => t * 10 + c + 1)), samplerate: 1 });
const trl = Array.from({ length: 6 }, (_, k) => [5 * k, 5 * k + 5, 1, Math.PI]);

describe("EventData construction and trials (test_ed_nparray, test_ed_trialretrieval)", () => {
  it("holds the events, their distinct codes and one trial over all of them", () => {
    const d = new EventData({ data: ts.data });
    expect(d.dimord).toEqual(["sample", "eventid"]);
    expect(d.eventid).toEqual([0, 1]);
    expect(d.sampleinfo).toEqual([[0, 26]]);
    expect(d.trialinfo).toEqual([[]]);
    expect(rows(d.data!)).toEqual(ts.data);
    expect(() => new EventData({ data: { data: new Float64Array(3), shape: [3], dtype: "float64" } })).toThrow(SPYValueError);
    expect(new EventData().data).toBeNull();
  });

  it("trial k holds the events with start <= sample < stop, also with swapped or extra columns", () => {
    const check = (d: EventData, data: number[][], si: number) => {
      for (let k = 0; k < 6; k++) expect(rows(d.trials[k])).toEqual(data.filter((r) => r[si] >= 5 * k && r[si] < 5 * k + 5));
    };
    check(new EventData({ data: ts.data, trialdefinition: trl }), ts.data, 0);
    const data2 = ts.data.map((r: number[]) => [r[1], r[0]]);
    check(new EventData({ data: data2, trialdefinition: trl, dimord: ["eventid", "sample"] }), data2, 1);
    const data3 = data2.map((r: number[]) => [...r, ...r]);
    const d3 = new EventData({ data: data3, trialdefinition: trl, dimord: ["eventid", "sample", "custom1", "custom2"] });
    expect(d3.dimord).toEqual(["eventid", "sample", "custom1", "custom2"]);
    check(d3, data3, 1);
    expect(() => new EventData({ data: data2, dimord: ["eventid", "time"] })).toThrow(/'sample'/);
    expect(() => new EventData({ data: [[1, 2, 3]], dimord: ["sample", "eventid", "trialid"] })).toThrow(/trialid/);
  });

  it("summary counts the events per code", () => {
    const s = new EventData({ data: ts.data, samplerate: 2 }).summary();
    expect(s).toMatch(/EventData/);
    expect(s).toMatch(/eventid : 2 codes, 0: 3, 1: 3 events/);
  });
});

describe("save and load (test_ed_saveload)", () => {
  it("round-trips, also with custom columns, and tableFromIPC sees the columns", async () => {
    const d = new EventData({ data: ts.data, trialdefinition: trl, samplerate: 10 });
    await d.save(path.join(tmp, "dummy"));
    const back = await loadDiscrete(path.join(tmp, "dummy.spy"));
    expect(back).toBeInstanceOf(EventData);
    for (const key of ["dimord", "sampleinfo", "samplerate", "trialinfo", "trialdefinition", "eventid"] as const) {
      expect((back as unknown as Record<string, unknown>)[key]).toEqual((d as unknown as Record<string, unknown>)[key]);
    }
    expect(rows(back.data!)).toEqual(ts.data);

    const wide = ts.data.map((r: number[]) => [...r, ...r]);
    const c = new EventData({ data: wide, dimord: customDimord, samplerate: 10 });
    const dir = await c.save(path.join(tmp, "custom"));
    const c2 = (await loadDiscrete(dir)) as EventData;
    expect(c2.dimord).toEqual(customDimord);
    expect(c2.eventid).toEqual([0, 1]);
    expect(c2.shape).toEqual([6, 4]);
    const table = tableFromIPC(fs.readFileSync(path.join(dir, "custom.event")));
    expect(table.schema.fields.map((f) => f.name)).toEqual([...customDimord, "trialid"]);
    expect(Array.from(table.getChild("custom2")!.toArray() as BigInt64Array, Number)).toEqual(ts.data.map((r: number[]) => r[1]));
  });
});

describe("trials from event codes (test_ed_trialsetting)", () => {
  const sr_e = 2, sr_a = 1, pre = 2, post = 1;

  it("pre/post around a trigger, start/stop pairs (scalars and lists), on the EventData itself", () => {
    const e = dt(new EventData({ data: ts.data, samplerate: sr_e }), { pre, post, trigger: 1 });
    expect(e.sampleinfo).toEqual(ts.sinfo_e);
    // spyts: time 0 at the trigger (offset -pre * fs; Syncopy writes +pre * fs)
    expect(e.trialdefinition.map((r) => r[2])).toEqual([-4, -4, -4]);
    expect(Array.from(e.trialTimes(0))).toEqual([0]);
    const e2 = dt(new EventData({ data: ts.data, samplerate: sr_e }), { start: 0, stop: 1 });
    expect(e2.sampleinfo).toEqual(ts.sinfo2);
    const e3 = dt(new EventData({ data: ts.data3, dimord: customDimord, samplerate: sr_e }), { start: 0, stop: 1 });
    expect(e3.sampleinfo).toEqual(ts.sinfo2);
    const e4 = dt(new EventData({ data: ts.data3, dimord: customDimord, samplerate: sr_e }), { start: [2, 2, 1], stop: [1, 2, 0] });
    expect(e4.sampleinfo).toEqual(ts.sinfo3);
    expect(e4.log).toMatch(/updated trial-definition with \[3 x 3\]/);
  });

  it("an AnalogData takes an EventData's trials, or computes them from its codes, at its own samplerate", () => {
    for (const data of [ts.data, ts.data3]) {
      const dimord = data === ts.data ? undefined : customDimord;
      const e = dt(new EventData({ data, dimord, samplerate: sr_e }), { pre, post, trigger: 1 });
      const a = dt(adata(), { trialdefinition: e });
      expect(a.sampleinfo).toEqual(ts.sinfo_a);
      const a2 = dt(adata(), { trialdefinition: new EventData({ data, dimord, samplerate: sr_e }), pre, post, trigger: 1 });
      expect(a2.sampleinfo).toEqual(ts.sinfo_a);
      expect(a2.log).toMatch(/trial-definition extracted from EventData object/);
      // the trigger at t = 0: trigger times 2.5, 7.5, 12.5 s -> samples round(2.5)=2, 8, 12 (half to even)
      expect(a2.trialdefinition.map((r) => r[2])).toEqual(ts.sinfo_a.map((r: number[], k: number) => r[0] - [2, 8, 12][k]));
    }
  });

  it("trials reaching past the recording: an error without clip_edges, cut with it, an error when nothing is left", () => {
    const a = adata();
    const e4 = dt(new EventData({ data: ts.data4, dimord: customDimord, samplerate: sr_e }), { pre, post, trigger: 1 });
    expect(() => dt(a, { trialdefinition: e4, clip_edges: true })).toThrow(/at least one sample inside the data/);
    expect(() => dt(a, { trialdefinition: e4 })).toThrow(/clip_edges: true/);
    const e4b = dt(new EventData({ data: ts.data4b, dimord: customDimord, samplerate: sr_e }), { pre, post, trigger: 1 });
    expect(() => dt(a, { trialdefinition: e4b })).toThrow(/stop <= 30 samples/);
    dt(a, { trialdefinition: e4b, clip_edges: true });
    expect(a.sampleinfo).toEqual(ts.clip_a);
    expect(a.sampleinfo[a.nTrials - 1][1]).toBe(30);
    // negative starts: "pre" reaching before the recording
    const early = new EventData({ data: [[1, 5], [20, 5]], samplerate: 1 });
    expect(() => dt(adata(), { trialdefinition: early, pre: 3, post: 2, trigger: 5 })).toThrow(/start >= 0/);
    const clipped = dt(adata(), { trialdefinition: early, pre: 3, post: 2, trigger: 5, clip_edges: true });
    // [1 - 3, 1 + 2) = [-2, 3) cut to [0, 3): the offset moves with the start, the trigger stays at t = 0
    expect(clipped.trialdefinition).toEqual([[0, 3, -1], [17, 22, -3]]);
  });

  it("refuses incomplete keyword sets, a missing samplerate, empty objects and unknown codes", () => {
    const e = () => new EventData({ data: ts.data, samplerate: sr_e });
    expect(() => dt(e(), { trigger: 1, post })).toThrow(SPYValueError);
    expect(() => dt(e(), { pre, trigger: 1 })).toThrow(SPYValueError);
    expect(() => dt(e(), { start: 0 })).toThrow(SPYValueError);
    expect(() => dt(e(), { stop: 1 })).toThrow(SPYValueError);
    expect(() => dt(e(), { trigger: 1 })).toThrow(SPYValueError);
    expect(() => dt(e(), { pre, post })).toThrow(/trigger/);
    expect(() => dt(new EventData({ data: ts.data }), { pre, post, trigger: 1 })).toThrow(/samplerate/);
    expect(() => dt(new EventData({ samplerate: sr_e }), { pre, post, trigger: 1 })).toThrow(/with data/);
    expect(() => dt(adata(), { trialdefinition: new EventData({ samplerate: sr_e }), pre, post, trigger: 1 })).toThrow(/with events/);
    // a trigger code that never occurs
    expect(() => dt(e(), { pre, post, trigger: 9 })).toThrow(/no event has the trigger code 9/);
    // lists: the second trial's code is used up
    expect(() => dt(e(), { start: [0, 0, 0, 0], stop: [1, 1, 1, 1] })).toThrow(/found 3 of 4 trials/);
    expect(() => dt(e(), { start: [0, 0], stop: [1] })).toThrow(/same length/);
    expect(() => dt(e(), { pre: "2", post, trigger: 1 })).toThrow(SPYTypeError);
    expect(() => dt(adata(), { pre, post, trigger: 1 })).toThrow(/EventData object/);
  });
});

describe("SpikeData trials from events (beyond Syncopy, which allows AnalogData only)", () => {
  it("cuts spike trials around triggers given at another samplerate", () => {
    // events at 500 Hz: codes 7 at samples 50, 150, 260 (0.1, 0.3, 0.52 s); spikes at 1000 Hz
    const events = new EventData({ data: [[10, 3], [50, 7], [150, 7], [200, 3], [260, 7]], samplerate: 500 });
    const sample = [40, 95, 100, 105, 129, 130, 290, 300, 349, 350, 500, 511, 545, 549, 550];
    const spikes = new SpikeData({ data: sample.map((s, i) => [s, 0, i % 2]), samplerate: 1000 });
    dt(spikes, { trialdefinition: events, pre: 0.01, post: 0.03, trigger: 7 });
    const trig = [100, 300, 520];
    expect(spikes.trialdefinition).toEqual(trig.map((t) => [t - 10, t + 30, -10]));
    trig.forEach((t, k) => {
      const want = sample.filter((s) => s >= t - 10 && s < t + 30).map((s) => (s - t) / 1000);
      expect(Array.from(spikes.trialTimes(k))).toEqual(want);
    });
    expect(() => dt(spikes, { trialdefinition: events, pre: 0.2, post: 0.03, trigger: 7 })).toThrow(/start >= 0/);
    // no end for discrete data: a trial past the last spike is empty, not an error
    dt(spikes, { trialdefinition: events, pre: 0.01, post: 5, trigger: 7 });
    expect(spikes.trialCounts[2]).toBe(sample.filter((s) => s >= 510).length);
  });
});

describe("event-id selections (test_selectdata.py::TestEventSelections)", () => {
  const make = () => new EventData({ data: fx.eventsel.data, trialdefinition: fx.eventsel.trl, samplerate: 1 });

  it("select by code with trials and latency, as Syncopy's test masks", async () => {
    const res = (await selectdata(make(), { eventid: 111, latency: [0, 1], trials: [0, 3] })) as EventData;
    expect(rows(res.data!)).toEqual(fx.eventsel.expected);
    const all111 = (await selectdata(make(), { eventid: [111, 31] })) as EventData;
    expect(rows(all111.data!)).toEqual(fx.eventsel.data.filter((r: number[]) => r[1] !== 0));
    expect(all111.eventid).toEqual([31, 111]);
    const sliced = (await selectdata(make(), { eventid: { start: 1 } })) as EventData;
    expect(sliced.eventid).toEqual([31, 111]);
  });

  it("unknown event ids and wrong types are errors", async () => {
    await expect(selectdata(make(), { eventid: [111, 32] })).rejects.toThrow(/existing event ids \(0, 31, 111\)/);
    // Syncopy's test_event_invalid: a string code is a SPYValueError ("expected dtype = numeric")
    await expect(selectdata(make(), { eventid: "111" })).rejects.toThrow(SPYValueError);
    await expect(selectdata(make(), { unit: 0 })).rejects.toThrow(/unit/);
  });
});

describe("redefinetrial on discrete data", () => {
  it("trials and toilim give a copy with the trials cut to the window", async () => {
    const d = new SpikeData({ data: fx.spikesel.data, trialdefinition: fx.spikesel.trl, samplerate: 1 });
    const { result: r } = await captureWarnings(() => redefinetrial(d as never, { trials: [1, 3], toilim: [0, 3] }));
    const out = r as unknown as SpikeData;
    // trials [8, 16) and [24, 32) with offset -2: t in [0, 3] is samples start+2 .. start+5
    expect(out.trialdefinition).toEqual([[10, 14, 0], [26, 30, 0]]);
    const want = fx.spikesel.data.filter((r: number[]) => (r[0] >= 10 && r[0] < 14) || (r[0] >= 26 && r[0] < 30));
    expect([0, 1].flatMap((k) => rows(out.trials[k]))).toEqual(want);
    expect(d.nTrials).toBe(5);
    const shifted = (await redefinetrial(d as never, { offset: 0 })) as unknown as SpikeData;
    expect(Array.from(shifted.trialTimes(0))).toEqual(Array.from(d.column("sample", 0)));
    await expect(redefinetrial(d as never, { toilim: [0, 3], trl: [[0, 5, 0]] })).rejects.toThrow(/only one of/);
  });
});
