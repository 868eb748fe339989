/**
 * Syncopy's syncopy/tests/test_synthdata.py against spyts' public API (spy.synthdata): the
 * collect_trials wrapper (nTrials, samplerate, nTrials = null), and the seeding semantics of
 * white_noise and ar2_network (seed, seed_per_trial, no seed). Sizes are Syncopy's (100 trials of
 * 1000 samples, one channel, 1 kHz). spyts' generators do not reproduce numpy's streams (README,
 * "Random generators in spy.synthdata are seeded and reproducible but do not reproduce numpy's
 * streams"): only equality and inequality of draws are asserted, as Syncopy does.
 */
import * as spy from "../../src";

const nTrials = 100, nChannels = 1, nSamples = 1000;

/** numpy.allclose(a, b) with its defaults (rtol 1e-5, atol 1e-8), elementwise over equal shapes. */
function allclose(a: spy.NDArray, b: spy.NDArray): boolean {
  expect(a.shape).toEqual(b.shape);
  for (let i = 0; i < a.data.length; i++) {
    if (!(Math.abs(a.data[i] - b.data[i]) <= 1e-8 + 1e-5 * Math.abs(b.data[i]))) return false;
  }
  return true;
}

const trial = (d: spy.AnalogData | spy.NDArray, k: number): spy.NDArray => (d as spy.AnalogData).show({ trials: k }) as spy.NDArray;
const isArray = (x: unknown): x is spy.NDArray => !(x instanceof spy.AnalogData) && typeof x === "object" && x !== null && "shape" in x && "data" in x;

test("test_trial_collection: collect_trials builds multi-trial AnalogData from a single-trial function", () => {
  // a trivial single trial producing function: ones of shape (nSamples, nChannels)
  const ones = spy.synthdata.collect_trials((o: { nChannels: number; nSamples: number }): spy.NDArray => (
    { data: new Float64Array(o.nSamples * o.nChannels).fill(1), shape: [o.nSamples, o.nChannels], dtype: "float64" }
  ));
  const cfg = { nTrials: 10 as number | null, samplerate: 12, nChannels: 3, nSamples: 10 };
  const adata = ones(cfg);
  expect(adata).toBeInstanceOf(spy.AnalogData);
  const a = adata as spy.AnalogData;
  expect(a.trials.length).toBe(cfg.nTrials);
  expect(a.channel.length).toBe(cfg.nChannels);
  expect(a.time[0].length).toBe(cfg.nSamples);
  expect(a.samplerate).toBe(cfg.samplerate);

  // with nTrials = null the wrapper is bypassed and returns the single trial array
  cfg.nTrials = null;
  const arr = ones(cfg);
  expect(isArray(arr)).toBe(true);
  expect((arr as spy.NDArray).shape).toEqual([cfg.nSamples, cfg.nChannels]);
});

test("collect_trials forwards samplerate and one seed per trial when the function takes them", () => {
  const seen: { samplerate?: number; seed?: number | null }[] = [];
  const f = spy.synthdata.collect_trials((o: { nSamples: number; samplerate?: number; seed?: number | null }): spy.NDArray => {
    seen.push({ samplerate: o.samplerate, seed: o.seed });
    return { data: new Float64Array(o.nSamples), shape: [o.nSamples, 1], dtype: "float64" };
  }, { samplerate: true, seed: true });
  const d = f({ nTrials: 3, nSamples: 4, samplerate: 250, seed: 42 }) as spy.AnalogData;
  for (let k = 0; k < 3; k++) d.trials.get(k);
  const seeds = seen.map((s) => s.seed);
  expect(seen.every((s) => s.samplerate === 250)).toBe(true);
  expect(new Set(seeds).size).toBe(3); // seed_per_trial (the default): one seed per trial from 42
  seen.length = 0;
  f({ nTrials: null, nSamples: 4, seed: 42 });
  expect(seen).toEqual([{ samplerate: 1000, seed: 42 }]); // bypass: the scalar seed itself
});

describe("TestSynthData", () => {
  test("test_white_noise_without_seed: two unseeded single trials differ", () => {
    const cfg = { nSamples, nChannels, nTrials: null };
    const wn1 = spy.synthdata.white_noise(cfg);
    const wn2 = spy.synthdata.white_noise(cfg);
    expect(isArray(wn1)).toBe(true);
    expect(isArray(wn2)).toBe(true);
    expect(allclose(wn1 as spy.NDArray, wn2 as spy.NDArray)).toBe(false);
  });

  test("test_white_noise_with_seed: two single trials with seed 42 are identical", () => {
    const cfg = { nSamples, nChannels, nTrials: null, seed: 42 };
    const wn1 = spy.synthdata.white_noise(cfg);
    const wn2 = spy.synthdata.white_noise(cfg);
    expect(isArray(wn1)).toBe(true);
    expect(isArray(wn2)).toBe(true);
    expect(allclose(wn1 as spy.NDArray, wn2 as spy.NDArray)).toBe(true);
  });

  test("test_collect_trials_wn_seed_array: a seed per trial (default) differs between trials, not between objects", () => {
    const seed = 42;
    const wn1 = spy.synthdata.white_noise({ nSamples, nChannels, nTrials, seed });
    expect(wn1).toBeInstanceOf(spy.AnalogData);
    expect(allclose(trial(wn1, 0), trial(wn1, 1))).toBe(false);
    const wn2 = spy.synthdata.white_noise({ nSamples, nChannels, nTrials, seed });
    expect(allclose(trial(wn1, 0), trial(wn2, 0))).toBe(true);
    expect(allclose(trial(wn1, 1), trial(wn2, 1))).toBe(true);
  });

  test("test_collect_trials_wn_seed_scalar: seed_per_trial false repeats the trial, within and between objects", () => {
    const seed = 42;
    const wn1 = spy.synthdata.white_noise({ nSamples, nChannels, nTrials, seed, seed_per_trial: false });
    expect(wn1).toBeInstanceOf(spy.AnalogData);
    expect(allclose(trial(wn1, 0), trial(wn1, 1))).toBe(true);
    const wn2 = spy.synthdata.white_noise({ nSamples, nChannels, nTrials, seed, seed_per_trial: false });
    expect(allclose(trial(wn1, 0), trial(wn2, 0))).toBe(true);
    expect(allclose(trial(wn1, 1), trial(wn2, 1))).toBe(true);
  });

  test("test_collect_trials_wn_no_seed: without a seed trials and objects differ", () => {
    const wn1 = spy.synthdata.white_noise({ nSamples, nChannels, nTrials, seed: null });
    expect(wn1).toBeInstanceOf(spy.AnalogData);
    expect(allclose(trial(wn1, 0), trial(wn1, 1))).toBe(false);
    const wn2 = spy.synthdata.white_noise({ nSamples, nChannels, nTrials, seed: null });
    expect(allclose(trial(wn1, 0), trial(wn2, 0))).toBe(false);
    expect(allclose(trial(wn1, 1), trial(wn2, 1))).toBe(false);
  });

  test("test_ar2_without_seed: the default network has 2 channels; unseeded draws differ", () => {
    const arn1 = spy.synthdata.ar2_network({ nSamples, seed: null, nTrials: null });
    const arn2 = spy.synthdata.ar2_network({ nSamples, seed: null, nTrials: null });
    expect(isArray(arn1)).toBe(true);
    expect(isArray(arn2)).toBe(true);
    expect((arn1 as spy.NDArray).shape).toEqual([nSamples, 2]);
    expect((arn2 as spy.NDArray).shape).toEqual([nSamples, 2]);
    expect(allclose(arn1 as spy.NDArray, arn2 as spy.NDArray)).toBe(false);
  });

  test("test_ar2_with_seed: seeded draws are identical", () => {
    const arn1 = spy.synthdata.ar2_network({ nSamples, seed: 42, seed_per_trial: false, nTrials: null });
    const arn2 = spy.synthdata.ar2_network({ nSamples, seed: 42, seed_per_trial: false, nTrials: null });
    expect(allclose(arn1 as spy.NDArray, arn2 as spy.NDArray)).toBe(true);
  });
});
