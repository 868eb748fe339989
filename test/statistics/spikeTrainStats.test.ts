/**
 * ISI statistics (Elephant's definitions) against numpy/scipy on the committed fixture
 * (test/fixtures/spikes/psth_fixtures.py: np.diff, scipy.stats.variation, Elephant's cv2/lv
 * formulas, np.var/np.mean of counts, np.histogram), and the short-train and bad-input rules.
 */
import * as fs from "fs";
import * as path from "path";
import { SpikeData } from "../../src/data/spike";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";
import { cv, cv2, fanofactor, firing_rate, isi, isiHistogram, lv, UnitTrialTable } from "../../src/statistics/spikeTrainStats";

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/spikes/psth_expected.json"), "utf8")) as {
  samplerate: number; trl: number[][]; data: number[][];
  isi: { labels: string[]; cv: (number | null)[][]; cv2: (number | null)[][]; lv: (number | null)[][]; rate: number[][]; count: number[][]; fano: number[];
    hist_edges: number[]; hist_counts: number[][]; hist_edges_given: number[]; hist_counts_given: number[][]; first_isi: number[] };
  arrays: { x: number[]; cv: number; cv2: number; lv: number; cv_one: number };
};
const data = new SpikeData({ data: fx.data, trialdefinition: fx.trl, samplerate: fx.samplerate });

function expectTable(t: UnitTrialTable, want: (number | null)[][]): void {
  expect(t.labels).toEqual(fx.isi.labels);
  expect(t.trials).toEqual(fx.trl.map((_, k) => k));
  const flat = want.flat();
  flat.forEach((w, i) => {
    if (w === null) expect(Number.isNaN(t.values[i])).toBe(true);
    else expect(Math.abs(t.values[i] - w)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w)));
  });
}

describe("spike-train statistics of a SpikeData against numpy/scipy", () => {
  it("isi: np.diff of each pair's trial-relative times", () => {
    const iv = isi(data);
    expect(iv.labels).toEqual(fx.isi.labels);
    const got = iv.intervals[0][0];
    expect(got.length).toBe(fx.isi.first_isi.length);
    fx.isi.first_isi.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 14));
    expect(iv.pooled("channel0_unit0").length).toBe(fx.isi.count.reduce((a, row) => a + Math.max(0, row[0] - 1), 0));
  });
  it("cv = scipy.stats.variation of the ISIs per pair and trial", () => expectTable(cv(data), fx.isi.cv));
  it("cv2 and lv by Elephant's formulas (NaN below 2 ISIs)", async () => {
    const a = await captureWarnings(() => cv2(data));
    expectTable(a.result, fx.isi.cv2);
    expectTable((await captureWarnings(() => lv(data))).result, fx.isi.lv);
    expect(a.warnings).toEqual([]); // every fixture train has >= 3 spikes
  });
  it("cv2/lv of a SpikeData train with fewer than 3 spikes: NaN, one warning counting them", async () => {
    // trial 0: unit 0 has 4 spikes (3 ISIs), unit 1 has 2 (1 ISI); trial 1: unit 0 has 1 spike
    const d = new SpikeData({
      data: [[0, 0, 0], [10, 0, 0], [15, 0, 1], [30, 0, 0], [35, 0, 1], [60, 0, 0], [120, 0, 0], [150, 0, 1], [160, 0, 1], [190, 0, 1]],
      trialdefinition: [[0, 100, 0], [100, 200, 0]], samplerate: 1000,
    });
    const { result, warnings } = await captureWarnings(() => cv2(d));
    expect(result.labels).toEqual(["channel0_unit0", "channel0_unit1"]);
    // unit 0, trial 0: ISIs 10, 20, 30 ms: 2 * mean(|10/30|, |10/50|) = 0.5333...
    expect(result.get(0, "channel0_unit0")).toBeCloseTo(2 * (10 / 30 + 10 / 50) / 2, 14);
    expect(Number.isNaN(result.get(0, "channel0_unit1"))).toBe(true);
    expect(Number.isNaN(result.get(1, "channel0_unit0"))).toBe(true);
    // unit 1, trial 1: ISIs 10, 30 ms: 2 * |20/40|
    expect(result.get(1, "channel0_unit1")).toBeCloseTo(1, 14);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/2 of 4 trains/);
    // cv: one ISI gives 0 (scipy), none NaN
    const c = cv(d);
    expect(c.get(0, "channel0_unit1")).toBe(0);
    expect(Number.isNaN(c.get(1, "channel0_unit0"))).toBe(true);
  });
  it("firing rate = count / trial duration", () => expectTable(firing_rate(data), fx.isi.rate));
  it("fanofactor = np.var(counts) / np.mean(counts) per pair, warning about unequal durations", async () => {
    const { result, warnings } = await captureWarnings(() => fanofactor(data));
    expect(result.labels).toEqual(fx.isi.labels);
    fx.isi.fano.forEach((v, j) => expect(result.values[j]).toBeCloseTo(v, 12));
    expect(warnings.join("\n")).toMatch(/durations differ/);
  });
  it("isiHistogram = np.histogram of the pooled ISIs (20 equal bins, or given edges)", () => {
    const h = isiHistogram(data, { bins: 20 });
    expect(Array.from(h.edges)).toEqual(fx.isi.hist_edges);
    h.counts.forEach((c, j) => expect(Array.from(c)).toEqual(fx.isi.hist_counts[j]));
    const g = isiHistogram(data, { bins: fx.isi.hist_edges_given });
    g.counts.forEach((c, j) => expect(Array.from(c)).toEqual(fx.isi.hist_counts_given[j]));
  });
  it("by: \"unit\" pools channels; select picks trials and units", () => {
    const byUnit = firing_rate(data, { by: "unit", select: { trials: [0, 1] } });
    expect(byUnit.labels).toEqual(["unit1", "unit2", "unit5"]);
    // unit 0 on channels 0 and 3 together
    const i0 = fx.isi.labels.indexOf("channel0_unit0"), i3 = fx.isi.labels.indexOf("channel3_unit0");
    const dur = (fx.trl[1][1] - fx.trl[1][0]) / fx.samplerate;
    expect(byUnit.get(1, "unit1")).toBeCloseTo((fx.isi.count[1][i0] + fx.isi.count[1][i3]) / dur, 12);
    const one = cv(data, { select: { unit: "unit5" } });
    expect(one.labels).toEqual(["channel3_unit4"]);
  });
});

describe("Elephant's functions on plain arrays", () => {
  const x = fx.arrays.x;
  it("cv, cv2, lv of ISIs against scipy/Elephant's formulas", () => {
    expect(cv(x)).toBeCloseTo(fx.arrays.cv, 14);
    expect(cv2(x)).toBeCloseTo(fx.arrays.cv2, 14);
    expect(lv(x)).toBeCloseTo(fx.arrays.lv, 14);
    expect(cv([x[0]])).toBe(fx.arrays.cv_one);
    expect(Number.isNaN(cv([]))).toBe(true);
    expect(Number.isNaN(cv([1, NaN, 2]))).toBe(true);
  });
  it("cv2/lv of fewer than 2 intervals: an error, or NaN with a warning (with_nan)", async () => {
    expect(() => cv2([0.1])).toThrow(SPYValueError);
    expect(() => lv([])).toThrow(/at least 2 intervals/);
    const w = await captureWarnings(() => cv2([0.1], { with_nan: true }));
    expect(Number.isNaN(w.result)).toBe(true);
    expect(w.warnings.join()).toMatch(/fewer than 2 intervals/);
  });
  it("isi, fanofactor, firing_rate of arrays", async () => {
    expect(Array.from(isi([0.1, 0.25, 0.3]))).toEqual([0.15, 0.04999999999999999]);
    const w = await captureWarnings(() => isi([0.3, 0.1]));
    expect(w.warnings.join()).toMatch(/not sorted/);
    // counts 1, 2, 3: var 2/3, mean 2
    expect(fanofactor([[0.1], [0.1, 0.2], [0.1, 0.2, 0.3]])).toBeCloseTo(1 / 3, 15);
    expect(Number.isNaN(fanofactor([]))).toBe(true);
    expect(Number.isNaN(fanofactor([[], []]))).toBe(true);
    // Elephant: spikes in [t_start, t_stop] / (t_stop - t_start), defaults 0 and the last spike
    expect(firing_rate([0.5, 1, 1.5, 2])).toBe(2);
    expect(firing_rate([0.5, 1, 1.5, 2], { t_start: 1, t_stop: 1.5 })).toBe(4);
  });
  it("bad input", () => {
    expect(() => cv("abc" as never)).toThrow(SPYTypeError);
    expect(() => cv([1, "a"] as never)).toThrow(SPYTypeError);
    expect(() => fanofactor(3 as never)).toThrow(SPYTypeError);
    expect(() => firing_rate([], {})).toThrow(/empty spike train/);
    expect(() => firing_rate([1, 2], { t_start: 2, t_stop: 1 })).toThrow(SPYValueError);
    expect(() => cv(data, { by: "channel" } as never)).toThrow(SPYValueError);
    expect(() => cv(data, { selct: {} } as never)).toThrow(/select/);
    expect(() => isiHistogram(data, { bins: [0.1, 0.05] })).toThrow(/ascending/);
  });
});
