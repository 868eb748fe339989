/**
 * spy.concat along channels, and the AnalogData constructor from a list of AnalogData objects
 * (Syncopy's test_concat.py and test_continuousdata.py's list-of-objects cases, with values).
 */
import * as fs from "fs";
import * as spy from "../../src";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";

/** Trial k of an object tagged `tag`: value tag·1000 + k·100 + t·C + c, distinct everywhere. */
function trial(tag: number, k: number, L: number, C: number, dtype: "float64" | "float32" = "float64"): spy.NDArray {
  const data = dtype === "float64" ? new Float64Array(L * C) : new Float32Array(L * C);
  for (let i = 0; i < L * C; i++) data[i] = tag * 1000 + k * 100 + i;
  return { data, shape: [L, C], dtype };
}

function analog(tag: number, lengths: number[], C: number, extra: Record<string, unknown> = {}): spy.AnalogData {
  return new spy.AnalogData({ data: lengths.map((L, k) => trial(tag, k, L, C)), samplerate: 50, ...extra });
}

const values = (d: spy.BaseData, k: number): number[] => Array.from(d.trials.get(k).data as ArrayLike<number>);

describe("spy.concat along channel", () => {
  test("AnalogData: per trial, each sample row is data1's channels then data2's; labels joined", () => {
    const a = analog(1, [4, 6], 2, { channel: ["a1", "a2"], trialdefinition: [[0, 4, -1, 5], [4, 10, -2, 6]] });
    const b = analog(2, [4, 6], 3, { channel: ["b1", "b2", "b3"] });
    const res = spy.concat(a, b);
    expect(res).toBeInstanceOf(spy.AnalogData);
    expect(res.channel).toEqual(["a1", "a2", "b1", "b2", "b3"]);
    expect(res.trialdefinition).toEqual(a.trialdefinition);
    expect(res.samplerate).toBe(50);
    for (let k = 0; k < 2; k++) {
      const va = values(a, k), vb = values(b, k);
      const want: number[] = [];
      for (let t = 0; t < a.trialShape(k)[0]; t++) want.push(...va.slice(t * 2, t * 2 + 2), ...vb.slice(t * 3, t * 3 + 3));
      expect(values(res, k)).toEqual(want);
    }
    expect(res.cfg.concat).toEqual({ dim: "channel" });
    expect(res.log).toMatch(/concat: concatenated along channel\n\tdata1 = AnalogData\(.*\) with 2 channels\n\tdata2 = AnalogData\(.*\) with 3 channels/);
  });

  test("colliding labels give Syncopy's default labels, with a warning naming them", async () => {
    const a = analog(1, [4], 2, { channel: ["x", "y"] });
    const { result, warnings } = await spy.captureWarnings(() => spy.concat(a, a));
    expect(result.channel).toEqual(["channel1", "channel2", "channel3", "channel4"]);
    expect(warnings.join()).toMatch(/\["x","y"\] are in both objects/);
    expect(values(result, 0).slice(0, 4)).toEqual([1000, 1001, 1000, 1001]);
  });

  test("SpectralData joins channels (the last axis) and keeps freq and taper", async () => {
    const L = 2, T = 2, F = 3;
    const mk = (tag: number, C: number) => new spy.SpectralData({
      data: [{ data: Float64Array.from({ length: L * T * F * C }, (_, i) => tag * 1000 + i), shape: [L, T, F, C], dtype: "float64" }],
      samplerate: 10, freq: [1, 2, 3],
    });
    const a = mk(1, 2), b = mk(2, 1);
    // both carry the default label channel1: the result is renumbered, silently (defaults collide always)
    const { result: res, warnings } = await spy.captureWarnings(() => spy.concat(a, b));
    expect(warnings).toEqual([]);
    expect(res.channel).toEqual(["channel1", "channel2", "channel3"]);
    expect(res.taper).toEqual(a.taper);
    expect(res.tailShape).toEqual([T, F, 3]);
    expect(Array.from(res.freq)).toEqual([1, 2, 3]);
    const va = values(a, 0), vb = values(b, 0), got = values(res, 0);
    for (let r = 0; r < L * T * F; r++) expect(got.slice(r * 3, r * 3 + 3)).toEqual([va[2 * r], va[2 * r + 1], vb[r]]);
  });

  test("mixed dtypes promote (float32 with float64 gives float64)", () => {
    const a = new spy.AnalogData({ data: [trial(1, 0, 3, 1, "float32")], samplerate: 50, channel: ["p"] });
    const b = new spy.AnalogData({ data: [trial(2, 0, 3, 1)], samplerate: 50, channel: ["q"] });
    const res = spy.concat(a, b);
    expect(res.dtype).toBe("float64");
    expect(values(res, 0)).toEqual([1000, 2000, 1001, 2001, 1002, 2002]);
  });

  test("inputs are unchanged (file bytes)", () => {
    const a = analog(1, [4, 6], 2), b = analog(2, [4, 6], 1, { channel: ["z"] });
    const before = [fs.readFileSync(a.storage!.path), fs.readFileSync(b.storage!.path)];
    spy.concat(a, b);
    expect(fs.readFileSync(a.storage!.path).equals(before[0])).toBe(true);
    expect(fs.readFileSync(b.storage!.path).equals(before[1])).toBe(true);
  });

  test("errors name both objects: class, dim, trials, trial shapes, samplerate, other axes", () => {
    const a = analog(1, [4, 6], 2);
    const spec = new spy.SpectralData({ data: [{ data: new Float64Array(8), shape: [4, 1, 1, 2], dtype: "float64" }], samplerate: 50 });
    expect(() => spy.concat(a, spec as never)).toThrow(/SpectralData.*dimord.*AnalogData like data1/);
    expect(() => spy.concat(a, a, { dim: "sth" })).toThrow(/`dim`.*"sth".*non-stacking dimension of AnalogData \(channel\)/);
    expect(() => spy.concat(a, a, { dim: "time" })).toThrow(SPYValueError);
    expect(() => spy.concat(spec, spec, { dim: "freq" })).toThrow(/"channel" \(the only axis/);
    expect(() => spy.concat(a, analog(2, [4], 2, { channel: ["u", "v"] }))).toThrow(/1 trials.*\(2\)/);
    expect(() => spy.concat(a, analog(2, [4, 5], 2, { channel: ["u", "v"] }))).toThrow(/trial 1 has shape \[5, 2\].*trial 1: \[6, 2\]/);
    expect(() => spy.concat(a, new spy.AnalogData({ data: [trial(2, 0, 4, 1), trial(2, 1, 6, 1)], samplerate: 25, channel: ["w"] })))
      .toThrow(/samplerate 25 Hz.*\(50 Hz\)/);
    const f2 = new spy.SpectralData({ data: [{ data: new Float64Array(8), shape: [4, 1, 1, 2], dtype: "float64" }], samplerate: 50, freq: [7] });
    expect(() => spy.concat(spec, f2)).toThrow(/freq \[7\].*freq of data1 \[0\]/);
    expect(() => spy.concat(a, 3 as never)).toThrow(SPYTypeError);
    expect(() => spy.concat(a, new spy.AnalogData())).toThrow(/empty AnalogData/);
    expect(() => spy.concat(a, a, { axis: 1 } as never)).toThrow(/unknown keyword/);
  });
});

describe("new AnalogData([a, b, c]): trials of several objects", () => {
  test("trials in order with their values, offsets and trialinfo; Syncopy's positional and data= forms", () => {
    const a = analog(1, [3, 5], 2, { channel: ["c1", "c2"], trialdefinition: [[0, 3, -1, 11], [3, 8, 0, 12]] });
    const b = analog(2, [4], 2, { channel: ["c1", "c2"], trialdefinition: [[10, 14, -2, 13]] });
    for (const joined of [new spy.AnalogData([a, b, a]), new spy.AnalogData({ data: [a, b, a] })]) {
      expect(joined.nTrials).toBe(5);
      expect(joined.trialdefinition).toEqual([[0, 3, -1, 11], [3, 8, 0, 12], [8, 12, -2, 13], [12, 15, -1, 11], [15, 20, 0, 12]]);
      expect(joined.channel).toEqual(["c1", "c2"]);
      expect(joined.samplerate).toBe(50);
      const sources: [spy.AnalogData, number][] = [[a, 0], [a, 1], [b, 0], [a, 0], [a, 1]];
      sources.forEach(([src, k], j) => expect(values(joined, j)).toEqual(values(src, k)));
    }
    const relabelled = new spy.AnalogData({ data: [a, b], channel: ["L", "R"], info: { session: 3 } });
    expect(relabelled.channel).toEqual(["L", "R"]);
    expect(relabelled.info).toEqual({ session: 3 });
  });

  test("empty objects are skipped with a warning, as in Syncopy", async () => {
    const a = analog(1, [3], 2);
    const { result, warnings } = await spy.captureWarnings(() => new spy.AnalogData([a, new spy.AnalogData(), a]));
    expect(result.nTrials).toBe(2);
    expect(warnings.join()).toMatch(/skipping the empty object data\[1\]/);
  });

  test("objects that differ are errors naming both: labels, samplerate, channel count, dtype, class", () => {
    const a = analog(1, [3], 2);
    expect(() => new spy.AnalogData([a, analog(2, [3], 2, { channel: ["c1", "c2"] })])).toThrow(/`data\[1\]`.*channel \[c1, c2\].*channel of data\[0\] \(\[channel1, channel2\]\)/);
    expect(() => new spy.AnalogData([a, new spy.AnalogData({ data: [trial(2, 0, 3, 2)], samplerate: 10 })])).toThrow(/samplerate 10 Hz.*\(50 Hz\)/);
    expect(() => new spy.AnalogData([a, analog(2, [3], 3)])).toThrow(/\[time, 3\].*\[time, 2\]/);
    expect(() => new spy.AnalogData([a, new spy.AnalogData({ data: [trial(2, 0, 3, 2, "float32")], samplerate: 50 })])).toThrow(/dtype float32.*\(float64\)/);
    const spec = new spy.SpectralData({ data: [{ data: new Float64Array(6), shape: [3, 1, 1, 2], dtype: "float64" }], samplerate: 50 });
    expect(() => new spy.AnalogData([a, spec as never])).toThrow(/`data\[1\]`.*SpectralData/);
    expect(() => new spy.AnalogData({ data: [a, trial(0, 0, 3, 2)] })).toThrow(SPYTypeError);
    expect(() => new spy.AnalogData({ data: [a], trialdefinition: [[0, 3, 0]] })).toThrow(/trialdefinition/);
    expect(() => new spy.AnalogData({ data: [a], samplerate: 10 })).toThrow(/samplerate.*\(50 Hz\)/);
  });
});
