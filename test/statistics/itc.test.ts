/**
 * spy.itc: numpy's value of Syncopy's formula on committed trials (make_stats.py: |mean over tapers
 * of mean over trials of z/|z||, z = 0 -> NaN), Syncopy's test_itc ported (a phase-locked 60 Hz
 * component has ITC > 0.6, a 30 Hz one drifting in frequency over trials < 0.25; mtmfft with
 * keeptapers and mtmconvol), and the errors.
 */
import { AnalogData } from "../../src/data/analog";
import { SpectralData } from "../../src/data/spectral";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { releaseAll } from "../../src/data/storage";
import { itc } from "../../src/statistics/itc";
import { freqanalysis } from "../../src/specest/freqanalysis";
import { decode, Encoded, expectClose, loadFixture } from "./fixtureData";

interface Arr { shape: number[]; values: Encoded }
const fx = loadFixture<{ itc: { trials: Arr[]; expected: Arr } }>("stats.json");

afterAll(() => releaseAll());

function complexSpec(trials: Arr[]): SpectralData {
  return new SpectralData({ data: trials.map((t) => ({ data: decode(t.values), shape: t.shape, dtype: "complex128" as const })), samplerate: 100, freq: [1, 2, 3, 4] });
}

test("itc against numpy, z = 0 gives NaN", async () => {
  const spec = complexSpec(fx.itc.trials);
  spec.channel = ["x", "y"];
  const res = await itc(spec);
  expect(res).toBeInstanceOf(SpectralData);
  expect(res.nTrials).toBe(1);
  expect(res.dtype).toBe("float64");
  const got = res.trials.get(0);
  expect(got.shape).toEqual(fx.itc.expected.shape);
  const want = decode(fx.itc.expected.values);
  expectClose(got.data, want, 1e-13);
  expect(Array.from(want).filter(Number.isNaN).length).toBe(1);
  expect(res.taper).toEqual(["taper1"]);
  expect(Array.from(res.freq)).toEqual([1, 2, 3, 4]);
  expect(res.channel).toEqual(["x", "y"]);
  expect(res.trialdefinition).toEqual([[0, 3, -100]]);
  expect(Object.keys(res.cfg)).toContain("itc");
  expect(res.log).toMatch(/itc: computed itc with settings\n\tnTrials = 8/);
});

test("itc with a trial selection uses the selected trials only", async () => {
  const spec = complexSpec(fx.itc.trials);
  const all = await itc(spec);
  const some = await itc(spec, { select: { trials: [0, 1, 2] } });
  expect(Array.from(some.trials.get(0).data)).not.toEqual(Array.from(all.trials.get(0).data));
  const again = await itc(complexSpec(fx.itc.trials.slice(0, 3)));
  expectClose(some.trials.get(0).data, again.trials.get(0).data, 0);
});

/** Deterministic standard normal numbers (mulberry32 + Box-Muller). */
function normals(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u());
}

test("Syncopy's test_itc: phase-locked 60 Hz high, drifting 30 Hz low, time-frequency too", async () => {
  const nTrials = 100, nSamples = 1000, fs = 500;
  const rnd = normals(42);
  const trials = [];
  let freq = 30;
  for (let k = 0; k < nTrials; k++) {
    const x = new Float64Array(nSamples * 2);
    for (let i = 0; i < nSamples; i++) {
      const t = i / fs; // time + 1 s: every trial starts at phase 0
      const v = Math.cos(2 * Math.PI * 60 * t) + Math.cos(2 * Math.PI * freq * t);
      x[2 * i] = v + rnd();
      x[2 * i + 1] = v + rnd();
    }
    trials.push({ data: x, shape: [nSamples, 2], dtype: "float64" as const });
    freq += 2 / 100;
  }
  const adata = new AnalogData({ data: trials, samplerate: fs });
  const spec = await freqanalysis(adata, { method: "mtmfft", foilim: [0, 100], output: "fourier", tapsmofrq: 1, keeptapers: true, parallel: false });
  const res = await itc(spec);
  const values = Array.from(res.trials.get(0).data);
  expect(Math.max(...values)).toBeLessThanOrEqual(1);
  expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
  const at = (f: number) => res.show({ frequency: f }) as { data: ArrayLike<number> };
  expect(Array.from(at(60).data).every((v) => v > 0.6)).toBe(true);
  expect(Array.from(at(30).data).every((v) => v < 0.25)).toBe(true);

  const tf = await freqanalysis(adata, { method: "mtmconvol", t_ftimwin: 0.5, toi: [-0.5, 0, 0.5], output: "fourier", foilim: [0, 100], parallel: false });
  const tfItc = await itc(tf);
  expect(tfItc).toBeInstanceOf(SpectralData);
  const tv = Array.from(tfItc.trials.get(0).data);
  expect(Math.max(...tv)).toBeLessThanOrEqual(1 + 1e-6);
  expect(Math.min(...tv)).toBeGreaterThanOrEqual(0);
  expect(Array.from(tfItc.time[0])).toEqual(Array.from(tf.time[0]));
}, 120000);

test("bad input: real spectra, one trial, trials of different shapes, AnalogData", async () => {
  const real = new SpectralData({ data: [0, 1].map(() => ({ data: new Float64Array(4), shape: [1, 1, 2, 2], dtype: "float64" as const })), samplerate: 1 });
  await expect(itc(real)).rejects.toThrow(SPYValueError);
  await expect(itc(real)).rejects.toThrow(/real valued spectral data.*output: "fourier"/);
  const spec = complexSpec(fx.itc.trials);
  await expect(itc(spec, { select: { trials: [2] } })).rejects.toThrow(/at least 2 trials/);
  const uneven = complexSpec([fx.itc.trials[0], { shape: [2, 3, 4, 2], values: fx.itc.trials[1].values.slice(0, 2 * 48) }]);
  await expect(itc(uneven)).rejects.toThrow(/trial 0 has \[3, 3, 4, 2\], trial 1 has \[2, 3, 4, 2\]/);
  const adata = new AnalogData({ data: [{ data: new Float64Array(4), shape: [2, 2], dtype: "float64" }], samplerate: 1 });
  await expect(itc(adata as never)).rejects.toThrow(SPYTypeError);
});

describe("plot of an itc result", () => {
  it("is labelled inter-trial coherence, without a unit", async () => {
    const { plotSpec } = await import("../../src/plotting/frontends");
    const spy = await import("../../src");
    const data = spy.synthdata.white_noise({ nTrials: 4, nSamples: 200, nChannels: 2, seed: 3 }) as InstanceType<typeof spy.AnalogData>;
    const spec = await spy.freqanalysis(data, { method: "mtmfft", output: "fourier", taper: "hann" });
    const itc = await spy.itc(spec);
    expect(JSON.stringify(plotSpec(itc, {}, false))).toContain('"inter-trial coherence"');
    expect(JSON.stringify(plotSpec(itc, {}, false))).not.toContain("a.u.");
  });
});
