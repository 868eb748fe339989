/**
 * Syncopy's syncopy/tests/test_selectdata.py and test_redefinetrial.py against spyts' public `spy`
 * API: what test/data/parity.test.ts (sections 1, 7), spike.test.ts, event.test.ts and
 * test/preproc/trials.test.ts do not assert yet. The rest of this part (test_continuousdata,
 * test_basedata, test_discretedata, test_concat, test_metadata) is in ./data.test.ts.
 *
 * test_redefinetrial.py runs on Syncopy's own CrossSpectralData with a time axis (10 trials of
 * 10 x 7 x 2 x 2 at 10 Hz, offset -1 s; `irreg_data` with a short third trial [23, 26) and a long,
 * overlapping sixth trial [48, 65)); here every sample holds its stacked index instead of 1, so a
 * cut trial's values say which samples it took (closed form: trial row [a, b) holds a .. b - 1).
 *
 * Left out, and why:
 * - the Selector's internal index attributes (slices vs lists, `selection._useFancy`) and
 *   Selector(...) itself (test_Selector_init): the resolved positions (`data.resolve`) and the data
 *   are asserted instead;
 * - test_event_valid / test_event_invalid's position-based `eventid` ([0, 2], "111"): README, Spikes
 *   and events: "`eventid` takes codes (as Syncopy's docstring says); Syncopy's code instead compares
 *   positions with raw values" (the code-based ports are in test/data/event.test.ts);
 * - `slice(None)` for channel/unit of SpikeData (test_spike_invalid): spyts takes a slice object
 *   {start, stop, step} for every label axis (data/selection.ts), Syncopy refuses Python slices as
 *   not serializable;
 * - object equality (test_cfg's `dummy == dummy2`): no equality operator in spyts; the
 *   trialdefinition and the values are compared instead;
 * - in-place selections and dask (test_ad_parallel): README, not supported / no dask.
 */
import * as fs from "fs";
import * as path from "path";
import * as spy from "../../src";
import { thrownBy as errorOf } from "../helpers/errorOf";

jest.setTimeout(60_000);
afterAll(() => spy.shutdown());

const vals = (d: spy.BaseData, k: number): number[] => Array.from(d.trials[k].data as ArrayLike<number>);
const rows = (a: spy.NDArray): number[][] => {
  const [n, c] = a.shape;
  return Array.from({ length: n }, (_, i) => Array.from(a.data.subarray(i * c, (i + 1) * c)));
};
const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/spikes/syncopy_discrete.json"), "utf8"));

// ---------------------------------------------------------------------------------------------
// test_selectdata.py

describe("TestGeneral / TestAnalogSelections / TestSpectralSelections (remaining assertions)", () => {
  test("test_invalid_sel_key: CrossSpectralData has no `channel` selection (channel_i, channel_j)", async () => {
    const csd = new spy.CrossSpectralData({ data: { data: new Float64Array(16).fill(1), shape: [2, 2, 2, 2], dtype: "float64" }, samplerate: 1 });
    const e = await errorOf(() => spy.selectdata(csd, { channel: 0 }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.message).toMatch(/'channel' is an unknown keyword of CrossSpectralData selections/);
  });

  test("test_ad_invalid: string trial indices and a slice as trials", async () => {
    const a = new spy.AnalogData({ data: { data: Float64Array.from(range(1, 151)), shape: [15, 10], dtype: "float64" }, samplerate: 2, trialdefinition: [[0, 5, -1], [5, 10, -1], [10, 15, -1]] });
    // Syncopy: SPYValueError "expected dtype = numeric"
    await expect(spy.selectdata(a, { trials: ["1", "6"] } as never)).rejects.toThrow(spy.SPYValueError);
    // Syncopy: SPYError "expected serializable data type" for slice(2); spyts' trials take no slice object
    await expect(spy.selectdata(a, { trials: { stop: 2 } } as never)).rejects.toThrow(spy.SPYTypeError);
  });

  test("test_spectral_invalid: a slice as frequency is an error", () => {
    const s = new spy.SpectralData({ data: { data: new Float64Array(9 * 2 * 3 * 3), shape: [9, 2, 3, 3], dtype: "float64" }, samplerate: 2, freq: [20, 40, 60] });
    // Syncopy: SPYError (not serializable); spyts: SPYTypeError (a SPYError) naming frequency
    const e = (() => { try { s.resolve({ frequency: { start: 0 } as never }); } catch (err) { return err as spy.SPYTypeError; } return null; })();
    expect(e).toBeInstanceOf(spy.SPYTypeError);
    expect(e).toBeInstanceOf(spy.SPYError);
    expect(e!.param).toBe("frequency");
  });
});

/**
 * TestCrossSpectralSelections: arange(1, 3^2 * 9 * 3 + 1).reshape(9, 3, 3, 3), i.e. value(i, f, ci, cj)
 * = 1 + 27 i + 9 f + 3 ci + cj; 3 trials of 3 samples, offset 2, 2 Hz (times [1, 1.5, 2]); freq [20, 40, 60].
 */
function csdSel(): spy.CrossSpectralData {
  const d = new spy.CrossSpectralData({ data: { data: Float64Array.from(range(1, 9 * 27 + 1)), shape: [9, 3, 3, 3], dtype: "float64" }, samplerate: 2 });
  d.trialdefinition = [[0, 3, 2], [3, 6, 2], [6, 9, 2]];
  d.freq = [20, 40, 60];
  return d;
}
const csdValue = (i: number, f: number, ci: number, cj: number) => 1 + 27 * i + 9 * f + 3 * ci + cj;

describe("TestCrossSpectralSelections", () => {
  test("test_csd_selection: trials [1, 0], channel_i [0, 1], latency [1.5, 2], frequency [25, 60]", async () => {
    const res = await spy.selectdata(csdSel(), { trials: [1, 0], channel_i: [0, 1], latency: [1.5, 2], frequency: [25, 60] }) as spy.CrossSpectralData;
    // latency [1.5, 2] keeps samples 1, 2 of each trial; frequency [25, 60] keeps 40 and 60 Hz (f 1, 2)
    const want = (start: number) => [1, 2].flatMap((s) => [1, 2].flatMap((f) => [0, 1].flatMap((ci) => [0, 1, 2].map((cj) => csdValue(start + s, f, ci, cj)))));
    expect(res.nTrials).toBe(2);
    expect(res.trials[0].shape).toEqual([2, 2, 2, 3]);
    expect(vals(res, 0)).toEqual(want(3));  // trial 1 first, as asked
    expect(vals(res, 1)).toEqual(want(0));
    expect(Array.from(res.freq)).toEqual([40, 60]);
    expect(res.channel_i).toEqual(["channel1", "channel2"]);
    expect(res.channel_j).toEqual(["channel1", "channel2", "channel3"]);
    expect(res.time[0][0]).toBe(1.5);  // the offset moves with the cut: the first kept sample is at 1.5 s
  });

  test("test_csd_valid: channel_i [0, 1], channel_j [0, 2], latency [1, 2] (the whole of every trial)", () => {
    const sel = csdSel().resolve({ channel_i: [0, 1], channel_j: [0, 2], latency: [1, 2] });
    expect(sel.dims.channel_i).toEqual([0, 1]);   // Syncopy: slice(0, 2, 1)
    expect(sel.dims.channel_j).toEqual([0, 2]);
    expect(sel.stackRanges).toEqual([[0, 3], [0, 3], [0, 3]]);   // Syncopy: 3 * [slice(0, 3, 1)]
    expect(sel.trials).toEqual([0, 1, 2]);
  });
});

describe("TestSpikeSelections.test_spike_valid (getSpikeData: numpy default_rng(42), fx.spikesel)", () => {
  // Syncopy's data, trials [8k, 8k + 8) with offset -2 (test/fixtures/spikes/make_fixtures.py):
  //   trial 1: [8, 7, 0]; trial 2: [17, 6, 4], [17, 4, 2], [18, 8, 4], [20, 5, 3], [21, 4, 3];
  //   trial 3: [26, 4, 3], [27, 2, 0], [28, 0, 1], [29, 5, 2], [30, 8, 2], [30, 0, 0], [31, 8, 2]
  //   trial 0: [3, 5, 0], [3, 3, 3], [3, 1, 3], [5, 9, 1] (times 1, 1, 1, 3); trial 4: [33, 8, 0] (t -1),
  //   [34, 2, 3] (t 0), [39, 6, 3] (t 5)
  const spikes = () => new spy.SpikeData({ data: fx.spikesel.data, trialdefinition: fx.spikesel.trl, samplerate: 1 });

  test("trials 1..3, channel [channel3, channel1], unit [2, 0]: rows 1 and 5 of trial 3 only (Syncopy: unit [[], [], [1, 5]])", async () => {
    const d = spikes();
    expect(fx.spikesel.data.slice(0, 5)).toEqual([[3, 5, 0], [3, 3, 3], [3, 1, 3], [5, 9, 1], [8, 7, 0]]);  // the fixture is Syncopy's data
    const shown = d.show({ trials: [1, 2, 3], channel: ["channel3", "channel1"], unit: [2, 0], squeeze: false }) as spy.NDArray[];
    expect(shown.map((a) => a.shape[0])).toEqual([0, 0, 2]);
    expect(rows(shown[2])).toEqual([[27, 2, 0], [30, 0, 0]]);
    const res = await spy.selectdata(d, { trials: [1, 2, 3], channel: ["channel3", "channel1"], unit: [2, 0] }) as spy.SpikeData;
    expect(res.nTrials).toBe(3);
    expect(rows(res.data!)).toEqual([[27, 2, 0], [30, 0, 0]]);
  });

  test("trials [0, 4], latency [0, 3], channel all: trial 0 whole, row 1 of trial 4; channels present 1, 2, 3, 5, 9", async () => {
    const res = await spy.selectdata(spikes(), { trials: [0, 4], latency: [0, 3], channel: "all" }) as spy.SpikeData;
    expect(rows(res.data!)).toEqual([[3, 5, 0], [3, 3, 3], [3, 1, 3], [5, 9, 1], [34, 2, 3]]);
    // Syncopy's channel index [1, 2, 3, 5, 9]: the labels of the values held (README: the result
    // keeps the names of the values it holds)
    expect(res.channel).toEqual([1, 2, 3, 5, 9].map((v) => `channel${v + 1}`));
  });
});

// ---------------------------------------------------------------------------------------------
// test_redefinetrial.py on CrossSpectralData

const NT = 10, FS = 10;
/** reg_data: 10 trials of 10 x 7 x 2 x 2 at 10 Hz; sample s (stacked) holds the value s everywhere. */
function regData(): spy.CrossSpectralData {
  const trials = range(0, NT).map((k) => ({
    data: Float64Array.from({ length: 10 * 28 }, (_, i) => 10 * k + Math.floor(i / 28)), shape: [10, 7, 2, 2], dtype: "float64" as const,
  }));
  return new spy.CrossSpectralData({ data: trials, samplerate: FS });
}
function irregData(): spy.CrossSpectralData {
  const d = regData().copy();
  const trl = d.trialdefinition;
  trl[2] = [23, 26, -10];   // short 3rd trial
  trl[5] = [48, 65, -10];   // longer trial 6 (with overlap)
  d.trialdefinition = trl;
  return d;
}
/** The stacked sample of each row of a trial (the first of its 28 values). */
const samplesOf = (d: spy.BaseData, k: number): number[] => vals(d, k).filter((_, i) => i % 28 === 0);
const diff = (iv: [number, number][]) => iv.map(([a, b]) => Math.round((b - a) * 1e9) / 1e9);
const quiet = <T>(run: () => Promise<T>): Promise<T> => spy.captureWarnings(run).then((r) => r.result);

describe("TestRedefinetrial (CrossSpectralData with a time axis)", () => {
  const reg = regData(), irreg = irregData();

  test("the datasets: trial lengths 0.9 s; one shorter and one longer in irreg_data", () => {
    expect(diff(reg.trialintervals).every((v) => v === 0.9)).toBe(true);
    const d = diff(irreg.trialintervals);
    expect(d.filter((v) => v < 0.9)).toHaveLength(1);
    expect(d.filter((v) => v > 0.9)).toHaveLength(1);
    expect(samplesOf(irreg, 5)).toEqual(range(48, 65));
  });

  test("test_user_input: incompatible keywords", async () => {
    await expect(spy.redefinetrial(reg, { offset: -2, trl: 3 } as never)).rejects.toThrow(spy.SPYError);
    await expect(spy.redefinetrial(reg, { offset: -2, trl: 3 } as never)).rejects.toThrow(/null together with trl/);
    await expect(spy.redefinetrial(reg, { begsample: 2000, trl: 3 } as never)).rejects.toThrow(/only one of/);
    await expect(spy.redefinetrial(reg, { trl: 3, toilim: [1, 2] } as never)).rejects.toThrow(/only one of/);
    await expect(spy.redefinetrial(reg, { minlength: 2, toilim: [1, 2] })).rejects.toThrow(/only one of/);
    await expect(spy.redefinetrial(reg, { begsample: 2000, minlength: 2 })).rejects.toThrow(/only one of/);
  });

  test("test_offset: scalar, per trial, with a trial selection; bad offsets", async () => {
    // default offset -1 s: only pre-stimulus times
    expect(range(0, NT).every((k) => Array.from(reg.time[k]).every((t) => t < 0))).toBe(true);
    const d = await spy.redefinetrial(reg, { offset: 12 });
    expect(d).toBeInstanceOf(spy.CrossSpectralData);
    expect(d.trialdefinition.every((r) => r[2] === 12)).toBe(true);
    expect(range(0, NT).every((k) => Array.from(d.time[k]).every((t) => t > 0))).toBe(true);
    expect(samplesOf(d, 3)).toEqual(range(30, 40));   // the samples stay where they were
    // per trial: offsets -5 .. 4, so the 5 trials with offset >= 0 are post-stimulus only
    const v = await spy.redefinetrial(reg, { offset: range(0, NT).map((k) => k - NT / 2) });
    expect(range(0, NT).filter((k) => Array.from(v.time[k]).every((t) => t >= 0))).toHaveLength(5);
    await expect(spy.redefinetrial(reg, { offset: range(0, NT - 1) })).rejects.toThrow(/one value or 10 values/);
    await expect(spy.redefinetrial(reg, { offset: "no-number" } as never)).rejects.toThrow(spy.SPYTypeError);
    const s = await spy.redefinetrial(reg, { trials: range(0, 9), offset: range(1, NT) });
    expect(s.trials.length).toBe(NT - 1);
    expect(range(0, NT - 1).every((k) => Array.from(s.time[k]).every((t) => t > 0))).toBe(true);
  });

  test("test_minlength: trials by length in s; none left is an empty object; bad values", async () => {
    expect((await quiet(() => spy.redefinetrial(reg, { minlength: 1 }))).trials.length).toBe(NT);
    const none = await quiet(() => spy.redefinetrial(reg, { minlength: 2 }));
    expect(none.storage).toBeNull();   // Syncopy: dummy.data is None
    expect(none).toBeInstanceOf(spy.CrossSpectralData);
    expect((await quiet(() => spy.redefinetrial(irreg, { minlength: 1 }))).trials.length).toBe(NT - 1);
    const long = await quiet(() => spy.redefinetrial(irreg, { minlength: 1.5 }));
    expect(long.trials.length).toBe(1);
    expect(samplesOf(long, 0)).toEqual(range(48, 65));
    expect((await quiet(() => spy.redefinetrial(irreg, { trials: [0, 1, 8], minlength: 1.5 }))).storage).toBeNull();
    expect((await quiet(() => spy.redefinetrial(irreg, { minlength: 0.1 }))).trials.length).toBe(NT);
    // Syncopy: SPYTypeError for a string; spyts takes the string "maxperlen" (README, Preprocessing:
    // "`redefinetrial(minlength)` also takes "maxperlen""), so another string is a bad value
    await expect(spy.redefinetrial(reg, { minlength: "no-number" } as never)).rejects.toThrow(spy.SPYValueError);
    await expect(spy.redefinetrial(reg, { minlength: range(0, 10) } as never)).rejects.toThrow(spy.SPYTypeError);
    await expect(spy.redefinetrial(reg, { minlength: -0.1 })).rejects.toThrow(spy.SPYValueError);
  });

  test("test_toilim: cut to a latency window; trials not covering it are left out", async () => {
    const d = await spy.redefinetrial(reg, { toilim: [-0.8, -0.2] });
    expect(d.trials.length).toBe(NT);
    expect(range(0, NT).every((k) => Array.from(d.time[k]).every((t) => t > -1 && t < -0.1))).toBe(true);
    expect([...d.trials].every((t) => t.shape[0] === 7)).toBe(true);
    expect(samplesOf(d, 4)).toEqual(range(42, 49));   // times -0.8 .. -0.2 of trial 4 (40 + 2 .. 40 + 8)
    expect(range(0, NT).every((k) => Array.from(reg.time[k]).every((t) => t > -1))).toBe(false);
    // post-stimulus latencies: no data there
    const e = await errorOf(() => spy.redefinetrial(reg, { toilim: [0.2, 0.8] }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.param).toBe("toilim");
    // with offset 0 the time axes are post-stimulus
    const post = await spy.redefinetrial(reg, { offset: 0 });
    await expect(spy.redefinetrial(post, { toilim: [-0.8, -0.2] })).rejects.toThrow(spy.SPYValueError);
    const d2 = await spy.redefinetrial(post, { toilim: [0.2, 0.8] });
    expect(range(0, NT).every((k) => Array.from(d2.time[k]).every((t) => t >= 0.2 - 1e-12 && t <= 0.8 + 1e-12))).toBe(true);
    expect([...d2.trials].every((t) => t.shape[0] === 7)).toBe(true);
    // irregular: only the long trial reaches post-stimulus; the short one does not cover [-0.8, -0.2]
    const { result: one, warnings } = await spy.captureWarnings(() => spy.redefinetrial(irreg, { toilim: [0.1, 0.4] }));
    expect(one.trials.length).toBe(1);
    expect(samplesOf(one, 0)).toEqual(range(59, 63));   // 48 + 11 .. 48 + 14: times 0.1 .. 0.4
    expect(warnings.join()).toMatch(/9 trial\(s\) do not cover toilim/);
    expect((await quiet(() => spy.redefinetrial(irreg, { toilim: [-0.8, -0.2] }))).trials.length).toBe(NT - 1);
    await expect(spy.redefinetrial(reg, { toilim: [2] })).rejects.toThrow(spy.SPYValueError);
    await expect(spy.redefinetrial(reg, { toilim: -2 } as never)).rejects.toThrow(spy.SPYTypeError);
  });

  test("test_begin_end_sample: relative windows, also over irregular trials, with an offset", async () => {
    const d = await spy.redefinetrial(reg, { begsample: 2, endsample: 9 });
    expect([...d.trials].every((t) => t.shape[0] === 7)).toBe(true);
    expect(samplesOf(d, 6)).toEqual(range(62, 69));
    const ten = await spy.redefinetrial(irreg, { begsample: 0, endsample: 10 });
    expect([...ten.trials].every((t) => t.shape[0] === 10)).toBe(true);
    expect([...irreg.trials].every((t) => t.shape[0] === 10)).toBe(false);
    expect(samplesOf(ten, 2)).toEqual(range(23, 33));
    const shifted = await spy.redefinetrial(irreg, { begsample: 0, endsample: 10, offset: 1 });
    expect(range(0, NT).every((k) => Array.from(shifted.time[k]).every((t) => t > 0))).toBe(true);
    await expect(spy.redefinetrial(reg, { endsample: 8 })).rejects.toThrow(/both begsample and endsample/);
    await expect(spy.redefinetrial(reg, { begsample: 8 })).rejects.toThrow(/both begsample and endsample/);
    await expect(spy.redefinetrial(reg, { begsample: -2, endsample: 2 })).rejects.toThrow(/integers >= 0/);
    await expect(spy.redefinetrial(reg, { begsample: 8, endsample: 2 })).rejects.toThrow(/endsample > begsample/);
    await expect(spy.redefinetrial(reg, { begsample: 2, endsample: "d" } as never)).rejects.toThrow(spy.SPYTypeError);
    await expect(spy.redefinetrial(reg, { begsample: 2, endsample: [2, 3] })).rejects.toThrow(spy.SPYValueError);
    // Syncopy: "expected integers < 10" (the last trial starts at sample 90 of 100)
    await expect(spy.redefinetrial(reg, { begsample: 2, endsample: 20 })).rejects.toThrow(/up to endsample 10/);
  });

  test("test_trl: one row, three irregular overlapping rows; trl with endsample; a 3-d trl", async () => {
    const one = await spy.redefinetrial(reg, { trl: [20, 42, 0] });
    expect(one.trials.length).toBe(1);
    expect(one.time[0].length).toBe(22);
    expect(samplesOf(one, 0)).toEqual(range(20, 42));
    const trldef = [[5, 15, 0], [18, 25, 0], [20, 35, 0]];
    const three = await spy.redefinetrial(reg, { trl: trldef });
    expect(three.trials.length).toBe(3);
    trldef.forEach(([a, b], k) => expect(samplesOf(three, k)).toEqual(range(a, b)));
    await expect(spy.redefinetrial(reg, { trl: trldef, endsample: 4 })).rejects.toThrow(/only one of/);
    await expect(spy.redefinetrial(reg, { trl: trldef.map((r) => [r]) } as never)).rejects.toThrow(spy.SPYValueError);
  });

  test("test_cfg: replaying the result's cfg gives the same trials", async () => {
    const d = await spy.redefinetrial(irreg, { offset: -5, trials: [0, 5, 7], begsample: 0, endsample: 6 });
    const d2 = await spy.redefinetrial(irreg, d.cfg);
    expect(d2.trialdefinition).toEqual(d.trialdefinition);
    expect([...d2.trials].every((t) => t.shape[0] === 6)).toBe(true);
    for (let k = 0; k < 3; k++) expect(vals(d2, k)).toEqual(vals(d, k));
    expect(samplesOf(d2, 1)).toEqual(range(48, 54));   // trial 5 begins at 48
    expect((d2 as spy.CrossSpectralData).channel_i).toEqual(irreg.channel_i);
    expect(Array.from((d2 as spy.CrossSpectralData).freq)).toEqual(Array.from(irreg.freq));
  });
});
