/**
 * SpikeData: Syncopy's test_discretedata.py::TestSpikeData and TestWaveform ported (expected values
 * from test/fixtures/spikes/make_fixtures.py, numpy by Syncopy's test logic), plus the table file
 * (tableFromIPC sees the named int64 columns), lazy per-trial reads, times, and bad input.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { tableFromIPC } from "apache-arrow";
import { SpikeData } from "../../src/data/spike";
import { loadDiscrete } from "../../src/data/discreteio";
import { NDArray } from "../../src/core/ndarray";
import { SPYTypeError, SPYValueError, SPYIOError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";
import { selectdata } from "../../src/data/methods/selectdata";
import { containerLoaders } from "../../src/data/registry";
import { AnalogData } from "../../src/data/analog";

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/spikes/syncopy_discrete.json"), "utf8"));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-spike-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const rows = (a: NDArray): number[][] => {
  const [n, c] = a.shape;
  return Array.from({ length: n }, (_, i) => Array.from(a.data.subarray(i * c, (i + 1) * c)));
};
const pi = Math.PI;

describe("SpikeData construction (TestSpikeData.test_init, test_empty, test_nparray)", () => {
  it("builds default labels from the distinct values, 1-based", () => {
    const d = new SpikeData({ data: [[4, 4, 4], [4, 4, 4]] });
    expect(d.channel).toEqual(["channel5"]);
    expect(d.unit).toEqual(["unit5"]);
    expect(new SpikeData({ data: [[1, 1, 1], [1, 1, 1]], channel: ["only_channel"] }).channel).toEqual(["only_channel"]);
  });

  it("refuses non-integer data, wrong label counts, labels without data, empty data", () => {
    expect(() => new SpikeData({ data: [[1.5, 1, 1]], unit: ["unit1", "unit2"] })).toThrow(SPYTypeError);
    expect(() => new SpikeData({ data: [[1.5, 1, 1]] })).toThrow(/integer like/);
    expect(() => new SpikeData({ data: [[NaN, 2, 1]] })).toThrow(/integer like/);
    expect(() => new SpikeData({ data: [[1, 1, 1], [1, 1, 1]], unit: ["unit1", "unit2"] })).toThrow(/exactly 1 unit/);
    expect(() => new SpikeData({ channel: ["a", "b", "c"] })).toThrow(/cannot assign `channel` without data/);
    expect(() => new SpikeData({ data: { sample: [], channel: [], unit: [] } })).toThrow(/non empty/);
    expect(() => new SpikeData({ data: [[1, 1]] as unknown as number[][] })).toThrow(SPYValueError);
    expect(() => new SpikeData({} as never).channel).not.toThrow();
    expect(() => new SpikeData({ data: {} } as never)).toThrow(SPYValueError);
  });

  it("an empty SpikeData has no labels, no rows, no trials", () => {
    const d = new SpikeData();
    expect(d.cfg).toEqual({});
    expect(d.channel).toEqual([]);
    expect(d.data).toBeNull();
    expect(d.nTrials).toBe(0);
    expect(Number.isNaN(d.samplerate)).toBe(true);
  });

  it("holds Syncopy's test data: dimord, labels, one trial over every row, data unchanged", () => {
    const d = new SpikeData({ data: fx.spike.data });
    expect(d.dimord).toEqual(["sample", "channel", "unit"]);
    expect(d.channel.length).toBe(fx.spike.num_chn);
    expect(d.unit.length).toBe(fx.spike.num_unt);
    const max = Math.max(...fx.spike.data.map((r: number[]) => r[0]));
    // Syncopy: [0, max] (which leaves the spikes at max out); spyts: through max
    expect(d.sampleinfo).toEqual([[0, max + 1]]);
    expect(d.trialinfo).toEqual([[]]);
    expect(rows(d.data!)).toEqual(fx.spike.data);
    expect(rows(d.trials[0])).toEqual(fx.spike.data);
  });
});

describe("trials (test_trialretrieval)", () => {
  it("trial k holds the rows with start <= sample < stop", () => {
    const d = new SpikeData({ data: fx.spike.data, trialdefinition: fx.spike.trl, samplerate: 10 });
    expect(d.nTrials).toBe(6);
    for (let k = 0; k < 6; k++) expect(rows(d.trials[k])).toEqual(fx.spike.trials[k]);
    expect(d.trialinfo).toEqual(fx.spike.trl.map(() => [pi]));
    expect(d.trialCounts).toEqual(fx.spike.trials.map((t: number[][]) => t.length));
  });

  it("with a permuted dimord the sample column is found by name", () => {
    const swapped = fx.spike.data.map((r: number[]) => [r[2], r[1], r[0]]);
    const d = new SpikeData({ data: swapped, trialdefinition: fx.spike.trl, dimord: ["unit", "channel", "sample"] });
    for (let k = 0; k < 6; k++) expect(rows(d.trials[k])).toEqual(fx.spike.trials[k].map((r: number[]) => [r[2], r[1], r[0]]));
    expect(() => new SpikeData({ data: swapped, dimord: ["unit", "channel", "time"] })).toThrow(/permutation/);
  });

  it("times, trialid and trialtime as Syncopy computes them", () => {
    const trl = [[0, 10, -3], [12, 20, 2]];
    const data = [[1, 0, 0], [5, 1, 0], [9, 0, 1], [10, 0, 0], [12, 1, 1], [19, 0, 0], [25, 0, 1]];
    const d = new SpikeData({ data, trialdefinition: trl, samplerate: 4 });
    expect(Array.from(d.trialTimes(0))).toEqual([(1 - 0 - 3) / 4, (5 - 3) / 4, (9 - 3) / 4]);
    expect(Array.from(d.time[1])).toEqual([(12 - 12 + 2) / 4, (19 - 12 + 2) / 4]);
    expect(Array.from(d.trialid)).toEqual([0, 0, 0, -1, 1, 1, -1]);
    const tt = Array.from(d.trialtime);
    expect(tt.slice(0, 3)).toEqual([-0.5, 0.5, 1.5]);
    expect(Number.isNaN(tt[3]) && Number.isNaN(tt[6])).toBe(true);
    expect(d.trialintervals).toEqual([[-3 / 4, (9 - 3) / 4], [2 / 4, (7 + 2) / 4]]);
    expect(Array.from(d.column("unit", 1))).toEqual([1, 0]);
    const byUnit = d.spikesByUnit(0);
    expect([...byUnit.keys()]).toEqual([0, 1]);
    expect(Array.from(byUnit.get(0)!)).toEqual([-0.5, 0.5]);
    expect(Array.from(byUnit.get(1)!)).toEqual([1.5]);
    expect([...d.spikesByChannelUnit(0).keys()].sort()).toEqual(["0,0", "0,1", "1,0"]);
  });

  it("trialdefinition assignment re-cuts the trials in place (definetrial)", () => {
    const d = new SpikeData({ data: fx.spike.data, samplerate: 10 });
    d.trialdefinition = fx.spike.trl;
    expect(rows(d.trials[3])).toEqual(fx.spike.trials[3]);
    d.trialdefinition = null;
    expect(d.nTrials).toBe(1);
  });

  it("reading one trial reads only its rows", () => {
    const n = 200_000;
    const sample = Float64Array.from({ length: n }, (_, i) => i * 3);
    const d = new SpikeData({ data: { sample, channel: new Float64Array(n), unit: Float64Array.from(sample, (_, i) => i % 4) }, trialdefinition: [[300_000, 300_030, 0]] });
    const reader = d.tableFile!.reader;
    const before = reader.bytesRead;
    expect(Array.from(d.column("sample", 0))).toEqual(Array.from({ length: 10 }, (_, i) => 300_000 + 3 * i));
    expect(reader.bytesRead - before).toBe(10 * 8);
  });
});

describe("bad input", () => {
  it("sorts unsorted spike samples with their channels and units, with a warning", async () => {
    const { result: d, warnings } = await captureWarnings(() => new SpikeData({ data: [[5, 1, 2], [2, 0, 1], [9, 2, 0], [2, 3, 3]], waveform: [[5], [2], [9], [22]] }));
    expect(warnings.join()).toMatch(/not sorted by sample; sorted them/);
    expect(rows(d.data!)).toEqual([[2, 0, 1], [2, 3, 3], [5, 1, 2], [9, 2, 0]]);
    expect(Array.from(d.waveform!.data)).toEqual([2, 22, 5, 9]);
  });

  it("negative samples, channels or units are errors", () => {
    expect(() => new SpikeData({ data: [[-1, 0, 0]] })).toThrow(/non-negative sample/);
    expect(() => new SpikeData({ data: [[1, -2, 0]] })).toThrow(/non-negative channel/);
    expect(() => new SpikeData({ data: [[1, 0, -3]] })).toThrow(/non-negative unit/);
  });

  it("trial rows outside the samples (negative, stop <= start) are errors", () => {
    expect(() => new SpikeData({ data: [[1, 0, 0]], trialdefinition: [[-2, 5, 0]] })).toThrow(/0 <= start < stop/);
    expect(() => new SpikeData({ data: [[1, 0, 0]], trialdefinition: [[5, 5, 0]] })).toThrow(/0 <= start < stop/);
    expect(() => new SpikeData({ data: [[1, 0, 0]], samplerate: 0.5 })).toThrow(/>= 1/);
  });

  it("times need a samplerate", () => {
    const d = new SpikeData({ data: [[1, 0, 0]] });
    expect(() => d.trialTimes(0)).toThrow(/samplerate/);
  });
});

describe("selections (test_selectdata.py::TestSpikeSelections)", () => {
  const make = () => new SpikeData({ data: fx.spikesel.data, trialdefinition: fx.spikesel.trl, samplerate: 1 });

  it("trials, channel, unit and latency select the rows Syncopy's test masks", async () => {
    const res = await selectdata(make(), { trials: [2, 4], channel: [6, 2], unit: [0, 3], latency: [-1, 4] });
    expect(res).toBeInstanceOf(SpikeData);
    expect(rows((res as SpikeData).data!)).toEqual(fx.spikesel.expected);
    expect(res.trialdefinition).toEqual([fx.spikesel.trl[2], fx.spikesel.trl[4]]);
    expect(res.cfg.selectdata).toBeDefined();
  });

  it("labels select by name; the result keeps the names of the values it holds", async () => {
    const d = make();
    const res = (await selectdata(d, { channel: ["channel3", "channel1"], unit: "unit2" })) as SpikeData;
    const want = fx.spikesel.data.filter((r: number[]) => (r[1] === 2 || r[1] === 0) && r[2] === 1);
    expect(rows(res.data!)).toEqual(want);
    // labels of the values present, named as in the input (channel values 0..9: "channel1".."channel10")
    expect(res.channel).toEqual([...new Set<number>(want.map((r: number[]) => r[1]))].sort((a, b) => a - b).map((v) => `channel${v + 1}`));
    expect(res.unit).toEqual(["unit2"]);
    const shown = d.show({ trials: 0, unit: 1, squeeze: false }) as NDArray;
    expect(rows(shown)).toEqual(fx.spikesel.data.filter((r: number[]) => r[0] < 8 && r[2] === 1));
  });

  it("unknown channels or units and uncovered latencies are errors", async () => {
    await expect(selectdata(make(), { channel: ["channel33", "channel01"] })).rejects.toThrow(/existing labels/);
    await expect(selectdata(make(), { channel: "my-non-existing-channel" })).rejects.toThrow(SPYValueError);
    await expect(selectdata(make(), { unit: 99 })).rejects.toThrow(/index in \[0, 4\]/);
    await expect(selectdata(make(), { unit: "unit9" })).rejects.toThrow(/existing labels/);
    await expect(selectdata(make(), { latency: [-1, 10] })).rejects.toThrow(/at least one selected trial covers/);
    await expect(selectdata(make(), { eventid: 1 })).rejects.toThrow(/eventid/);
  });
});

describe("waveform (TestWaveform)", () => {
  it("checks its shape and data", () => {
    const d = new SpikeData({ data: [[1, 1, 1], [1, 1, 1]], samplerate: 10 });
    expect(() => { d.waveform = { data: new Float64Array(9), shape: [3, 3], dtype: "float64" }; }).toThrow(/wrong size waveform/);
    expect(() => { d.waveform = { data: new Float64Array(3), shape: [3], dtype: "float64" }; }).toThrow(/at least 2 dimensions/);
    expect(() => { new SpikeData().waveform = { data: new Float64Array(9), shape: [3, 3], dtype: "float64" }; }).toThrow(/Please assign data first/);
    d.waveform = { data: new Float64Array(6).fill(1), shape: [2, 3], dtype: "float64" };
    expect(d.waveform!.shape).toEqual([2, 3]);
    expect(d.datasetNames()).toContain("waveform");
    d.waveform = null;
    expect(d.waveform).toBeNull();
  });

  it("follows a trial selection (test_waveform_selection_trial)", async () => {
    const d = new SpikeData({ data: fx.spikesel.data, trialdefinition: fx.spikesel.trl, samplerate: 1 });
    const n = fx.spikesel.data.length;
    d.waveform = { data: Float64Array.from({ length: n * 3 * 5 }, (_, i) => Math.floor(i / 15)), shape: [n, 3, 5], dtype: "float64" };
    const res = (await selectdata(d, { trials: [0, 2] })) as SpikeData;
    const n0 = d.trials[0].shape[0], n2 = d.trials[2].shape[0];
    expect(res.nTrials).toBe(2);
    expect(res.trials[0].shape[0]).toBe(n0);
    expect(res.trials[1].shape[0]).toBe(n2);
    const ids = Array.from(d.trialid).map((t, i) => (t === 0 || t === 2 ? i : -1)).filter((i) => i >= 0);
    const w = res.waveform!;
    expect(w.shape).toEqual([n0 + n2, 3, 5]);
    ids.forEach((src, j) => expect(w.data[j * 15]).toBe(src));
  });
});

describe("save and load (test_saveload, test_save_load_with_waveform)", () => {
  it("round-trips every attribute and the table is readable by tableFromIPC", async () => {
    const d = new SpikeData({ data: fx.spike.data, trialdefinition: fx.spike.trl, samplerate: 10, unit: ["a", "b", "c", "d", "e"] });
    d.info = { probe: "A1" };
    const dir = await d.save(path.join(tmp, "dummy"));
    expect(dir).toBe(path.join(tmp, "dummy.spy"));
    const back = (await loadDiscrete(path.join(tmp, "dummy"))) as SpikeData;
    expect(back).toBeInstanceOf(SpikeData);
    for (const key of ["channel", "dimord", "sampleinfo", "samplerate", "trialinfo", "unit", "trialdefinition", "info", "channel_idx", "unit_idx"] as const) {
      expect((back as unknown as Record<string, unknown>)[key]).toEqual((d as unknown as Record<string, unknown>)[key]);
    }
    expect(rows(back.data!)).toEqual(fx.spike.data);
    for (let k = 0; k < 6; k++) expect(rows(back.trials[k])).toEqual(fx.spike.trials[k]);
    expect(back.log).toMatch(/Read files/);

    const table = tableFromIPC(fs.readFileSync(path.join(dir, "dummy.spike")));
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(["sample:Int64", "channel:Int64", "unit:Int64", "trialid:Int64"]);
    expect(table.numRows).toBe(fx.spike.data.length);
    expect(Array.from(table.getChild("unit")!.toArray() as BigInt64Array, Number)).toEqual(fx.spike.data.map((r: number[]) => r[2]));
    const expectedIds = fx.spike.data.map((r: number[]) => Math.floor(r[0] / 5));
    expect(Array.from(table.getChild("trialid")!.toArray() as BigInt64Array, Number)).toEqual(expectedIds);
    expect(JSON.parse(table.schema.metadata.get("spyts")!).dataclass).toBe("SpikeData");

    // overwrite: refused without the keyword, then the new samplerate is read back
    d.samplerate = 20;
    await expect(d.save(path.join(tmp, "dummy"))).rejects.toThrow(SPYIOError);
    await d.save(path.join(tmp, "dummy"), { overwrite: true });
    expect((await loadDiscrete(path.join(tmp, "dummy.spy/dummy.spike"))).samplerate).toBe(20);
  });

  it("keeps a swapped dimord, a waveform, and detects a modified file", async () => {
    const swapped = fx.spike.data.map((r: number[]) => [r[2], r[1], r[0]]);
    const d = new SpikeData({ data: swapped, dimord: ["unit", "channel", "sample"], samplerate: 10 });
    const n = swapped.length;
    d.waveform = { data: Int32Array.from({ length: n * 2 * 4 }, (_, i) => i), shape: [n, 2, 4], dtype: "int32" };
    const dir = await d.save(path.join(tmp, "dimswap"));
    const back = (await loadDiscrete(dir)) as SpikeData;
    expect(back.dimord).toEqual(["unit", "channel", "sample"]);
    expect(back.unit).toEqual(d.unit);
    expect(back.waveform!.shape).toEqual([n, 2, 4]);
    expect(Array.from(back.waveform!.data)).toEqual(Array.from(d.waveform!.data));
    const file = path.join(dir, "dimswap.spike");
    const bytes = fs.readFileSync(file);
    bytes[200] ^= 1;
    fs.writeFileSync(file, bytes);
    await expect(loadDiscrete(dir)).rejects.toThrow(/checksum mismatch/);
  });

  it("registers a container loader for spy.load: tables load, trial-file containers are left to io.ts", async () => {
    const d = new SpikeData({ data: [[3, 0, 1], [7, 1, 0]], samplerate: 100 });
    const dir = await d.save(path.join(tmp, "viaLoader"));
    const loader = containerLoaders().find((l) => l(dir, null, {}) !== null)!;
    const back = (await loader(dir, "viaLoader.spike", { checksum: true })) as SpikeData;
    expect(rows(back.data!)).toEqual([[3, 0, 1], [7, 1, 0]]);
    const a = new AnalogData({ data: [[1], [2]], samplerate: 1 });
    const adir = await a.save(path.join(tmp, "analog"));
    expect(containerLoaders().every((l) => l(adir, null, {}) === null)).toBe(true);
  });

  it("an unsaved SpikeData refuses spy.save's trial-file path with a pointer to data.save", () => {
    const d = new SpikeData({ data: [[1, 0, 0]] });
    expect(() => d.storeOfTrials()).toThrow(/data.save/);
  });
});

describe("summary", () => {
  it("shows the spikes per unit", () => {
    const d = new SpikeData({ data: [[1, 0, 0], [2, 0, 1], [3, 1, 1], [4, 0, 1]], samplerate: 1000 });
    const s = d.summary();
    expect(s).toMatch(/SpikeData/);
    expect(s).toMatch(/samplerate : 1000 Hz/);
    expect(s).toMatch(/unit1 1, unit2 3 spikes/);
    expect(s).toMatch(/spikes : 4 \(4 in trials\)/);
    expect(d.summaryHTML()).toMatch(/unit1 1, unit2 3/);
    expect(new SpikeData({ data: [[1, 0, 0]] }).summary()).toMatch(/samplerate : not set/);
  });
});
