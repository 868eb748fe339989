/**
 * Syncopy parity of selections, labels, trial definitions, info, save/load naming and the cfg
 * call forms (issue 14). Each case follows an assertion of Syncopy's own tests
 * (syncopy/tests/test_selectdata.py, test_continuousdata.py, test_basedata.py, test_spyio.py,
 * test_info.py, test_cfg.py, test_redefinetrial.py); expected values are derived by hand in the
 * comments.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { SPYIOError, SPYTypeError, SPYValueError } from "../../src/core/errors";
import { TrialStoreWriter } from "../../src/data/trialstore";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-parity-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const f64 = (a: spy.NDArray): number[] => Array.from(a.data as Float64Array);
const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/**
 * Syncopy's TestAnalogSelections: 10 channels, 3 trials of 5 samples at 2 Hz, offset -1 sample,
 * data[i, j] = i + 1 + 15 j (one stacked array of 15 samples).
 */
function analogSel(): spy.AnalogData {
  const data = new Float64Array(15 * 10);
  for (let i = 0; i < 15; i++) for (let j = 0; j < 10; j++) data[i * 10 + j] = i + 1 + 15 * j;
  return new spy.AnalogData({
    data: { data, shape: [15, 10], dtype: "float64" }, samplerate: 2,
    trialdefinition: [[0, 5, -1], [5, 10, -1], [10, 15, -1]],
  });
}

/**
 * Syncopy's TestSpectralSelections: 9 samples x 2 tapers x 3 freqs x 3 channels, values 1..162
 * in C order (value = 18 i + 9 taper + 3 f + channel + 1), 3 trials of 3 samples with offset 2
 * at 2 Hz, freq relabelled [20, 40, 60].
 */
function spectralSel(): spy.SpectralData {
  const data = Float64Array.from(range(1, 163));
  const s = new spy.SpectralData({
    data: { data, shape: [9, 2, 3, 3], dtype: "float64" }, samplerate: 2,
    trialdefinition: [[0, 3, 2], [3, 6, 2], [6, 9, 2]],
  });
  s.freq = [20, 40, 60];
  return s;
}

describe("1. selections keep the order and repeats given (test_selectdata)", () => {
  const adata = analogSel();

  test("test_ad_selection: trials 1, channel [6, 2], latency [0, 1]", async () => {
    // trial 1 is stacked samples 5..9, time (arange(5) - 1) / 2 = [-0.5, 0, 0.5, 1, 1.5]: latency
    // [0, 1] keeps samples 6, 7, 8; channel 6 holds i + 91, channel 2 holds i + 31
    const res = await spy.selectdata(adata, { trials: 1, channel: [6, 2], latency: [0, 1] }) as spy.AnalogData;
    expect(f64(res.trials[0])).toEqual([97, 37, 98, 38, 99, 39]);
    expect(res.channel).toEqual(["channel07", "channel03"]);
    expect(res.trialdefinition).toEqual([[0, 3, 0]]);  // the first kept sample is at t = 0
  });

  test("test_ad_valid: names in the order given, repeated channels and trials", async () => {
    const sel = adata.resolve({ channel: ["channel03", "channel01"], latency: [0, 1], trials: [0, 1] });
    expect(sel.dims.channel).toEqual([2, 0]);
    expect(sel.trials).toEqual([0, 1]);
    expect(sel.stackRanges).toEqual([[1, 4], [1, 4]]);
    const rep = adata.resolve({ channel: [7, 3, 3], trials: [0, 1, 1] });
    expect(rep.dims.channel).toEqual([7, 3, 3]);
    expect(rep.trials).toEqual([0, 1, 1]);
    // and the data come out that way: trial 0 sample 0 is [ch7, ch3, ch3] = [1 + 105, 1 + 45, 1 + 45]
    const res = await spy.selectdata(adata, { channel: [7, 3, 3], trials: [0, 1, 1] }) as spy.AnalogData;
    expect(res.trials.length).toBe(3);
    expect(res.channel).toEqual(["channel08", "channel04", "channel04"]);
    expect(f64(res.trials[0]).slice(0, 3)).toEqual([106, 46, 46]);
    expect(f64(res.trials[2])).toEqual(f64(res.trials[1]));
    expect(res.trialdefinition).toEqual([[0, 5, -1], [5, 10, -1], [10, 15, -1]]);
    // show() and a metafunction's select take the same selection
    const shown = adata.show({ trials: 2, channel: ["channel02", "channel01", "channel02"] }) as spy.NDArray;
    expect(shown.shape).toEqual([5, 3]);
    expect(f64(shown).slice(0, 3)).toEqual([11 + 15, 11, 11 + 15]);
    const spec = await spy.freqanalysis(adata, { select: { channel: [1, 0, 0], trials: [0, 0] }, taper: "hann", keeptrials: true });
    expect((spec as spy.SpectralData).channel).toEqual(["channel02", "channel01", "channel01"]);
    expect(spec.trials.length).toBe(2);
  });

  test("test_ad_invalid", async () => {
    await expect(spy.selectdata(adata, { channel: ["channel33", "channel01"] })).rejects.toThrow(SPYValueError);
    await expect(spy.selectdata(adata, { channel: "my-non-existing-channel" })).rejects.toThrow(SPYValueError);
    await expect(spy.selectdata(adata, { channel: 99 })).rejects.toThrow(SPYValueError);
    await expect(spy.selectdata(adata, { latency: 1 } as never)).rejects.toThrow(SPYTypeError);
    await expect(spy.selectdata(adata, { latency: [0, 10] })).rejects.toThrow(/latency.*covers completely/);
    await expect(spy.selectdata(adata, { latency: "sth-wrong" })).rejects.toThrow(/latency.*maxperiod/);
    await expect(spy.selectdata(adata, { trials: [-3] })).rejects.toThrow(SPYValueError);
    await expect(spy.selectdata(adata, { frequency: [1, 10] })).rejects.toThrow(/frequency.*unknown keyword/);
  });

  const sdata = spectralSel();

  test("test_spectral_selection: trials 1, channel [1, 0], latency [1, 1.5], frequency [25, 50]", async () => {
    // trial 1 = samples 3..5 with time (arange(3) + 2) / 2 = [1, 1.5, 2]: samples 3, 4; only 40 Hz
    // (index 1) lies in [25, 50]; value(i, taper, 1, ch) = 18 i + 9 taper + 3 + ch + 1
    const res = await spy.selectdata(sdata, { trials: 1, channel: [1, 0], latency: [1, 1.5], frequency: [25, 50] }) as spy.SpectralData;
    expect(res.trials[0].shape).toEqual([2, 2, 1, 2]);
    expect(f64(res.trials[0])).toEqual([59, 58, 68, 67, 77, 76, 86, 85]);
    expect(Array.from(res.freq)).toEqual([40]);
    expect(res.channel).toEqual(["channel2", "channel1"]);
  });

  test("test_spectral_valid: frequency range, taper order, default taper labels, latency per trial", () => {
    expect(sdata.taper).toEqual(["taper1", "taper2"]);  // Syncopy's default labels are 1-based
    const a = sdata.resolve({ frequency: [30, 60], taper: [1, 0] });
    expect(a.dims.freq).toEqual([1, 2]);
    expect(a.dims.taper).toEqual([1, 0]);
    const b = sdata.resolve({ frequency: "all", taper: "taper2", latency: [1.2, 1.7], trials: [1, 2] });
    expect(b.dims.freq).toBeNull();
    expect(b.dims.taper).toEqual([1]);
    expect(b.stackRanges).toEqual([[1, 2], [1, 2]]);  // only t = 1.5 lies in [1.2, 1.7]
    expect(b.trials).toEqual([1, 2]);
    expect(sdata.resolve({ taper: [0, 1, 1, 0] }).dims.taper).toEqual([0, 1, 1, 0]);
    expect(sdata.resolve({ frequency: 45 }).dims.freq).toEqual([1]);  // nearest bin inside the axis
  });

  test("test_spectral_invalid, and 3. a scalar frequency outside the axis", () => {
    expect(() => sdata.resolve({ frequency: "40Hz" as never })).toThrow(SPYValueError);
    let err: unknown;
    try { sdata.resolve({ frequency: 4 }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SPYValueError);
    expect((err as SPYValueError).param).toBe("frequency");
    expect((err as Error).message).toMatch(/got 4; expected a frequency inside the frequency axis \[20, 60\] Hz/);
    expect(() => sdata.resolve({ frequency: 61 })).toThrow(/\[20, 60\]/);
    expect(() => sdata.resolve({ frequency: range(20, 60) as never })).toThrow(SPYValueError);
    expect(() => sdata.resolve({ frequency: [10, 50] })).toThrow(/inside the frequency axis \[20, 60\]/);
    expect(() => sdata.resolve({ taper: "taper13" })).toThrow(SPYValueError);
    expect(() => sdata.resolve({ taper: [18, 99] })).toThrow(SPYValueError);
  });

  test("test_csd_valid: channel_i/channel_j names and repeats", () => {
    const trials = [0, 1, 2].map((k) => ({ data: Float64Array.from({ length: 3 * 3 * 3 * 3 }, (_, i) => k * 100 + i), shape: [3, 3, 3, 3], dtype: "float64" as const }));
    const csd = new spy.CrossSpectralData({ data: trials, samplerate: 2 });
    expect(csd.resolve({ channel_i: ["channel2", "channel3"], channel_j: 1 }).dims).toMatchObject({ channel_i: [1, 2], channel_j: [1] });
    expect(csd.resolve({ channel_j: [2, 0, 2] }).dims.channel_j).toEqual([2, 0, 2]);
    expect(() => csd.resolve({ channel_i: [0, 4] })).toThrow(SPYValueError);
  });
});

describe("2. duplicate channel labels (test_basedata: channel=['label'] * nChan)", () => {
  const trial = { data: Float64Array.from(range(0, 12)), shape: [4, 3], dtype: "float64" as const };

  test("are allowed, and a duplicated name selects every channel carrying it", async () => {
    const d = new spy.AnalogData({ data: [trial, trial], samplerate: 10, channel: ["a", "b", "a"] });
    expect(d.channel).toEqual(["a", "b", "a"]);
    expect(d.resolve({ channel: "a" }).dims.channel).toEqual([0, 2]);
    expect(d.resolve({ channel: ["b", "a"] }).dims.channel).toEqual([1, 0, 2]);
    const s = await spy.selectdata(d, { channel: "a" }) as spy.AnalogData;
    expect(s.channel).toEqual(["a", "a"]);
    expect(f64(s.trials[0]).slice(0, 4)).toEqual([0, 2, 3, 5]);
    const same = new spy.AnalogData({ data: [trial], samplerate: 10, channel: ["label", "label", "label"] });
    expect(same.channel).toEqual(["label", "label", "label"]);
    same.channel = ["x", "x", "y"];
    expect(same.channel).toEqual(["x", "x", "y"]);
  });
});

describe("4. save/load names (test_spyio, test_continuousdata.test_saveload)", () => {
  const d = new spy.AnalogData({ data: [{ data: Float64Array.from(range(0, 20)), shape: [10, 2], dtype: "float64" }], samplerate: 1000 });

  test("a name without .spy gets it appended; the container holds <name>.analog", async () => {
    const dir = await spy.save(d, path.join(tmp, "dummy"));
    expect(dir).toBe(path.join(tmp, "dummy.spy"));
    expect(fs.readdirSync(dir).sort()).toEqual(["dummy.analog", "dummy.analog.info"]);
    expect(await d.save(path.join(tmp, "dummy2.spy"))).toBe(path.join(tmp, "dummy2.spy"));
    const back = await spy.load(path.join(tmp, "dummy")) as spy.AnalogData;  // ".spy" appended here too
    expect(back.trialdefinition).toEqual(d.trialdefinition);
    expect(f64(back.trials[0])).toEqual(range(0, 20));
    // a data file inside a container (Syncopy's construct_spy_filename)
    const file = await spy.load(path.join(tmp, "dummy.spy", "dummy.analog"));
    expect(file).toBeInstanceOf(spy.AnalogData);
    await expect(spy.save(d, path.join(tmp, "test_container.invalid"))).rejects.toThrow(/filename.*extension is '\.invalid'/);
    await expect(spy.save(d, path.join(tmp, "dummy"))).rejects.toThrow(SPYIOError);  // exists, no overwrite
  });

  test("dataclass takes '.analog', 'analog', 'AnalogData' and lists; a mismatch is SPYIOError, an unknown class SPYValueError", async () => {
    const c = path.join(tmp, "single_container_analog");
    await d.save(c);
    for (const dataclass of [".analog", "analog", "AnalogData", ["analog", "spectral"], [".spectral", "AnalogData"]]) {
      expect(await spy.load(c, { dataclass })).toBeInstanceOf(spy.AnalogData);
    }
    await expect(spy.load(c, { dataclass: ".spectral" })).rejects.toThrow(SPYIOError);
    await expect(spy.load(c, { dataclass: "SpectralData" })).rejects.toThrow(/holds no \.spectral object/);
    await expect(spy.load(c, { dataclass: ".invalid" })).rejects.toThrow(SPYValueError);
    await expect(spy.load(c, { dataclass: 3 as never })).rejects.toThrow(SPYTypeError);
    await expect(spy.load(path.join(c + ".spy", "single_container_analog.analog"), { dataclass: ["spectral", "crossspectral"] })).rejects.toThrow(SPYValueError);
    await expect(spy.load(path.join(c + ".spy", "other.analog"))).rejects.toThrow(SPYIOError);
  });
});

describe("5. the data object is given once (Syncopy's unwrap_cfg)", () => {
  const d = analogSel();

  test("positionally and in the cfg or keywords, data with dataset, two cfgs: SPYValueError", async () => {
    await expect(spy.selectdata(d, { data: d, trials: 0 })).rejects.toThrow(/data.*given once/);
    await expect(spy.selectdata(d, { cfg: { trials: 0 }, data: d })).rejects.toThrow(SPYValueError);
    await expect(spy.selectdata(d, { trials: 0 }, { dataset: d })).rejects.toThrow(SPYValueError);
    await expect(spy.selectdata({ data: d, trials: 0 }, { data: d })).rejects.toThrow(/in the cfg and in the keywords/);
    await expect(spy.selectdata({ data: d, dataset: d, trials: 0 })).rejects.toThrow(/data or dataset, not both/);
    await expect(spy.selectdata(d, d as never, { trials: 0 } as never)).rejects.toThrow(/one data object/);
    await expect(spy.selectdata(d, { trials: 0 }, { cfg: { trials: 1 } })).rejects.toThrow(/cfg.*not both/);
    await expect(spy.selectdata({ data: 3, trials: 0 } as never)).rejects.toThrow(SPYTypeError);
    // the forms that give it once work; a null entry counts as absent
    expect((await spy.selectdata({ data: d, trials: 0 })).trials.length).toBe(1);
    expect((await (spy.selectdata as (...args: unknown[]) => Promise<typeof d>)({ dataset: d, trials: 0 })).trials.length).toBe(1);
    expect((await (spy.selectdata as (...args: unknown[]) => Promise<typeof d>)({ trials: 0 }, { data: d })).trials.length).toBe(1);
    expect((await spy.selectdata({ data: null, trials: 0 }, d)).trials.length).toBe(1);
  });
});

describe("6. info is a dict of JSON-serialisable values (test_info)", () => {
  const okDict = { sth: 4, important: [1, 2], to: { v1: 2 }, remember: "need more coffe" };

  test("assignment checks and copies; setting a key checks it; save/load keeps it", async () => {
    const d = new spy.AnalogData({ data: [{ data: new Float64Array(3), shape: [3, 1], dtype: "float64" }], samplerate: 1 });
    d.info = okDict;
    expect(d.info).toEqual(okDict);
    expect(d.info).not.toBe(okDict);
    for (const bad of [null, [1, 2], 5, "x", () => 1, new Map()]) {
      expect(() => { d.info = bad as never; }).toThrow(SPYTypeError);
    }
    expect(() => { d.info = { sth: 4, not_serializable: { v1: () => 2 } }; }).toThrow(/`info\.not_serializable\.v1`/);
    expect(() => { d.info = { when: new Date() }; }).toThrow(SPYTypeError);
    expect(() => { d.info = { n: BigInt(3) }; }).toThrow(SPYTypeError);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => { d.info = cyclic; }).toThrow(SPYValueError);
    expect(d.info).toEqual(okDict);  // a refused assignment changes nothing
    d.info = {};
    expect(Object.keys(d.info)).toHaveLength(0);
    expect(Object.keys(okDict)).toHaveLength(4);
    d.info = okDict;
    d.info["new-var"] = new Float64Array([0, 1, 2]);
    expect(d.info["new-var"]).toEqual([0, 1, 2]);
    expect(() => { d.info.fn = () => 1; }).toThrow(SPYTypeError);
    expect("fn" in d.info).toBe(false);
    const file = path.join(tmp, "info");
    await spy.save(d, file);
    const back = await spy.load(file);
    expect(back.info).toEqual({ ...okDict, "new-var": [0, 1, 2] });
    expect(() => new spy.AnalogData({ data: [{ data: new Float64Array(3), shape: [3, 1], dtype: "float64" }], samplerate: 1, info: [] as never })).toThrow(SPYTypeError);
  });
});

/**
 * Syncopy's TestRedefinetrial with AnalogData: 10 trials of 10 samples at 10 Hz, offset -1 s;
 * channel 0 holds the stacked sample index, channel 1 its negative, so every trial shows where its
 * samples came from.
 */
function regData(): spy.AnalogData {
  const trials = range(0, 10).map((k) => ({
    data: Float64Array.from({ length: 20 }, (_, i) => (i % 2 ? -1 : 1) * (10 * k + (i >> 1))), shape: [10, 2], dtype: "float64" as const,
  }));
  return new spy.AnalogData({ data: trials, samplerate: 10 });
}
/** irreg_data: a short third trial [23, 26) and a long, overlapping sixth trial [48, 65). */
function irregData(): spy.AnalogData {
  const d = regData();
  const trl = d.trialdefinition;
  trl[2] = [23, 26, -10];
  trl[5] = [48, 65, -10];
  d.trialdefinition = trl;
  return d;
}
const ch0 = (a: spy.NDArray): number[] => f64(a).filter((_, i) => i % 2 === 0);

describe("7. redefinetrial begsample/endsample (test_redefinetrial)", () => {
  test("trialdefinition assignment re-cuts trials from the held samples (test_basedata.test_trialdef)", () => {
    const irreg = irregData();
    expect(irreg.trialdefinition[2]).toEqual([23, 26, -10]);
    expect(irreg.sampleinfo[5]).toEqual([48, 65]);
    expect(ch0(irreg.trials[2])).toEqual([23, 24, 25]);
    expect(ch0(irreg.trials[5])).toEqual(range(48, 65));
    expect(irreg.trials[5]).toEqual(irreg.trials.get(5));
    expect(() => irreg.trials[10]).toThrow(/trials.*existing trial/);
    expect(() => { irreg.trialdefinition = [[95, 105, 0]]; }).toThrow(/stop <= 100/);
  });

  test("relative, endsample exclusive, offsets kept; trials grow into samples between the trials", async () => {
    const reg = regData();
    // [start + 2, start + 9): 7 samples, the offset stays -10 (first sample at t = -1 s)
    const cut = await spy.redefinetrial(reg, { begsample: 2, endsample: 9 });
    expect(cut.trialdefinition[3]).toEqual([32, 39, -10]);
    expect(ch0(cut.trials[3])).toEqual(range(32, 39));
    expect(cut.time[3][0]).toBeCloseTo(-1, 12);
    expect([...cut.trials].every((t) => t.shape[0] === 7)).toBe(true);

    const irreg = irregData();
    // the short trial [23, 26) becomes [23, 33): samples 26..29 lie between the trials, 30..32
    // belong to trial 3; the long one [48, 65) becomes [48, 58)
    const ten = await spy.redefinetrial(irreg, { begsample: 0, endsample: 10 });
    expect(ten.trialdefinition.map((r) => r.slice(0, 2))).toEqual([[0, 10], [10, 20], [23, 33], [30, 40], [40, 50], [48, 58], [60, 70], [70, 80], [80, 90], [90, 100]]);
    expect(ch0(ten.trials[2])).toEqual(range(23, 33));
    expect(f64(ten.trials[2]).filter((_, i) => i % 2 === 1)).toEqual(range(23, 33).map((v) => -v));
    expect(ch0(ten.trials[5])).toEqual(range(48, 58));
    const shifted = await spy.redefinetrial(irreg, { begsample: 0, endsample: 10, offset: 1 });
    expect([...Array(10).keys()].every((k) => shifted.time[k][0] > 0)).toBe(true);

    // a stacked array keeps the samples outside its trials (Syncopy keeps the whole dataset)
    const stacked = { data: Float64Array.from(range(0, 20)), shape: [20, 1], dtype: "float64" as const };
    const gaps = new spy.AnalogData({ data: stacked, samplerate: 1, trialdefinition: [[0, 5, 0], [10, 15, 0]] });
    const grown = await spy.redefinetrial(gaps, { begsample: [1, 0], endsample: [8, 10] });
    expect(f64(grown.trials[0])).toEqual(range(1, 8));
    expect(f64(grown.trials[1])).toEqual(range(10, 20));
    await expect(spy.redefinetrial(gaps, { begsample: 0, endsample: 11 })).rejects.toThrow(/endsample.*can reach up to endsample 10/);
    // with `trials`, only the selected trials are held (Syncopy's selectdata copy)
    await expect(spy.redefinetrial(gaps, { trials: [1], begsample: 0, endsample: 8 })).rejects.toThrow(/endsample.*up to endsample 5/);
  });

  test("with trials, offset and replay from the cfg (test_cfg)", async () => {
    const irreg = irregData();
    const dummy = await spy.redefinetrial(irreg, { offset: -5, trials: [0, 5, 7], begsample: 0, endsample: 6 });
    // trials 0, 5, 7 laid end to end: [0, 10), [10, 27), [27, 37); then [start, start + 6)
    expect(dummy.trialdefinition).toEqual([[0, 6, -5], [10, 16, -5], [27, 33, -5]]);
    expect(ch0(dummy.trials[1])).toEqual(range(48, 54));
    const dummy2 = await spy.redefinetrial(irreg, dummy.cfg);
    expect(dummy2.trialdefinition).toEqual(dummy.trialdefinition);
    for (let k = 0; k < 3; k++) expect(f64(dummy2.trials[k])).toEqual(f64(dummy.trials[k]));
  });

  test("trl over the held samples; errors as in test_begin_end_sample", async () => {
    const reg = regData();
    const one = await spy.redefinetrial(reg, { trl: [20, 42, 0] });
    expect(one.trials.length).toBe(1);
    expect(ch0(one.trials[0])).toEqual(range(20, 42));
    await expect(spy.redefinetrial(reg, { endsample: 8 })).rejects.toThrow(/both begsample and endsample/);
    await expect(spy.redefinetrial(reg, { begsample: 8 })).rejects.toThrow(/both begsample and endsample/);
    await expect(spy.redefinetrial(reg, { begsample: -2, endsample: 2 })).rejects.toThrow(/integers >= 0/);
    await expect(spy.redefinetrial(reg, { begsample: 8, endsample: 2 })).rejects.toThrow(/endsample > begsample/);
    await expect(spy.redefinetrial(reg, { begsample: 2, endsample: "d" } as never)).rejects.toThrow(SPYTypeError);
    await expect(spy.redefinetrial(reg, { begsample: 2, endsample: [2, 3] })).rejects.toThrow(SPYValueError);
    // trial 9 starts at 90 of 100 samples: endsample may reach 10
    await expect(spy.redefinetrial(reg, { begsample: 2, endsample: 20 })).rejects.toThrow(/endsample.*up to endsample 10/);
    await expect(spy.redefinetrial(reg, { begsample: 2000, trl: [0, 3, 0] })).rejects.toThrow(/only one of/);
  });
});

describe("8. smaller parity points", () => {
  test("SpectralData freq/taper are assignable and checked; default taper labels are 1-based", () => {
    const s = spectralSel();
    expect(Array.from(s.freq)).toEqual([20, 40, 60]);
    expect(() => { s.freq = [1, 2]; }).toThrow(SPYValueError);
    expect(() => { s.freq = "abc" as never; }).toThrow(SPYTypeError);
    s.taper = ["dpss1", "dpss1"];
    expect(s.taper).toEqual(["dpss1", "dpss1"]);
    expect(s.resolve({ taper: "dpss1" }).dims.taper).toEqual([0, 1]);
    expect(() => { s.taper = [1, 2] as never; }).toThrow(SPYTypeError);
  });

  test("test_trialdef: assigned trialdefinition gives sampleinfo, offsets and trialinfo; null is one trial", () => {
    const d = new spy.AnalogData({ data: { data: Float64Array.from(range(0, 30)), shape: [30, 1], dtype: "float64" }, samplerate: 1 });
    const trl = range(0, 6).map((k) => [5 * k, 5 * k + 5, 1, Math.PI]);
    d.trialdefinition = trl;
    expect(d.sampleinfo).toEqual(trl.map((r) => r.slice(0, 2)));
    expect(d.trialdefinition.map((r) => r[2])).toEqual([1, 1, 1, 1, 1, 1]);
    expect(d.trialinfo).toEqual(trl.map(() => [Math.PI]));
    expect(f64(d.trials[4])).toEqual(range(20, 25));
    d.trialdefinition = null;
    expect(d.trialdefinition).toEqual([[0, 30, 0]]);
    // the rows handed out are a copy
    d.trialdefinition[0][1] = 3;
    expect(d.trialdefinition).toEqual([[0, 30, 0]]);
    expect(() => { new spy.AnalogData().trialdefinition = [[0, 1, 0]]; }).toThrow(/empty/);
    expect(() => { d.sampleinfo = [[0, 1]]; }).toThrow(/sampleinfo.*trialdefinition/);
    expect(() => { d.trialinfo = [[1]]; }).toThrow(/trialinfo.*trialdefinition/);
  });
});

describe("storage under the kept stacked array", () => {
  test("a window of a long stored trial reads only its own rows (no whole-trial decode)", () => {
    const n = 100_000;
    const writer = new TrialStoreWriter(".analog", "float64", [2]);
    writer.append({ data: Float64Array.from({ length: 2 * n }, (_, i) => i), shape: [n, 2], dtype: "float64" });
    const store = writer.finish();
    store.attach(store);
    const before = store.reader.bytesRead;
    expect(store.trialLength(0)).toBe(n);
    expect(store.readRange(0, 7, 7).shape).toEqual([0, 2]);
    const win = store.readRange(0, 500, 600);
    expect(win.shape).toEqual([100, 2]);
    expect(Array.from(win.data.slice(0, 4))).toEqual([1000, 1001, 1002, 1003]);
    expect(store.reader.batchesDecoded).toBe(0);
    expect(store.reader.bytesRead - before).toBeLessThan(4096);
    expect(() => store.readRange(0, 10, n + 1)).toThrow(SPYValueError);
    // once the trial is cached, windows are views of it
    expect(Array.from(store.readTrial(0).data.slice(2000, 2002))).toEqual([2000, 2001]);
    expect(Array.from(store.readRange(0, 1000, 1001).data)).toEqual([2000, 2001]);
  });
});

describe("label selections given as a slice", () => {
  test("a slice object with unknown keys is an error naming them, not the whole axis", async () => {
    const d = new spy.AnalogData({ data: [[[1, 2, 3], [4, 5, 6]]], samplerate: 10 });
    await expect(spy.selectdata(d, { channel: { a: 1 } as never })).rejects.toThrow(SPYValueError);
    await expect(spy.selectdata(d, { channel: { a: 1 } as never })).rejects.toThrow(/'a'.*slice given as channel/);
    const picked = (await spy.selectdata(d, { channel: { start: 1, stop: 3 } })) as spy.AnalogData;
    expect(picked.channel).toEqual([d.channel[1], d.channel[2]]);
  });
});

describe("trial definitions hold numbers only", () => {
  test("a string in a row is a SPYTypeError naming the row and column", async () => {
    const d = new spy.AnalogData({ data: [[[1, 2], [3, 4], [5, 6], [7, 8]]], samplerate: 10 });
    await expect(Promise.resolve().then(() => spy.definetrial(d, { trialdefinition: [["0", 2, 0]] as never }))).rejects.toThrow(SPYTypeError);
    await expect(Promise.resolve().then(() => spy.definetrial(d, { trialdefinition: [[0, 2, 0], [2, 4, true]] as never }))).rejects.toThrow(/row 1 \(column 2 is true\)/);
  });
});
