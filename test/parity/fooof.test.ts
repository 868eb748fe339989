/**
 * Syncopy's syncopy/tests/test_specest_fooof.py against spyts' public API: freqanalysis' FOOOF
 * outputs on the signal of Syncopy's `_get_fooof_signal` (test_metadata.py: 100 trials x 1 channel
 * x 1000 samples at 1 kHz, an AR(1) process with alpha 0.9 plus 0.8 x and 0.6 x phase-diffusing
 * harmonics at 30 and 50 Hz, eps 0.1, seed 42), trial-averaged Hann mtmfft on foilim [1, 100].
 * Checked: 0 Hz in the frequency axis is a SPYValueError saying why, the frequency axis, the log
 * entries, the shapes, no NaNs, the cfg for replay, the three outputs' consistency and the largest
 * peak near 30 Hz. Left out: the plots and the dask variant (test_parallel). spyts' generators do not
 * reproduce numpy's streams (README: "Random generators in spy.synthdata are seeded and
 * reproducible but do not reproduce numpy's streams"); the recipe is Syncopy's.
 */
import * as spy from "../../src";

jest.setTimeout(300_000);

/** Syncopy's tests/test_metadata.py `_get_fooof_signal(nTrials=100, nChannels=1, nSamples=1000, seed)`. */
function fooofSignal(seed: number, nTrials = 100, nChannels = 1, nSamples = 1000): spy.AnalogData {
  const samplerate = 1000;
  const zeros = Array.from({ length: nChannels }, () => new Array(nChannels).fill(0));
  const ar1 = spy.synthdata.ar2_network({ AdjMat: zeros, nSamples, alphas: [0.9, 0], nTrials, seed }) as spy.AnalogData;
  const pd1 = spy.synthdata.phase_diffusion({ freq: 30.0, eps: 0.1, samplerate, nChannels, nSamples, nTrials, seed }) as spy.AnalogData;
  const pd2 = spy.synthdata.phase_diffusion({ freq: 50.0, eps: 0.1, samplerate, nChannels, nSamples, nTrials, seed }) as spy.AnalogData;
  // signal = ar1_part + 0.8 * pd1 + 0.6 * pd2, trial by trial
  function* trials(): Generator<spy.NDArray> {
    for (let k = 0; k < nTrials; k++) {
      const a = ar1.trials.get(k), b = pd1.trials.get(k), c = pd2.trials.get(k);
      const out = new Float64Array(a.data.length);
      for (let i = 0; i < out.length; i++) out[i] = a.data[i] + 0.8 * b.data[i] + 0.6 * c.data[i];
      yield { data: out, shape: [...a.shape], dtype: "float64" };
    }
  }
  return new spy.AnalogData({ data: trials(), samplerate });
}

const seed = 42;
const tfData = fooofSignal(seed);

/** TestFooofSpy.get_fooof_cfg. */
function fooofCfg(): Record<string, unknown> {
  const cfg = spy.get_defaults(spy.freqanalysis);
  cfg.method = "mtmfft";
  cfg.taper = "hann";
  cfg.select = { channel: 0 };
  cfg.keeptrials = false;
  cfg.output = "fooof";
  cfg.foilim = [1.0, 100.0];
  return cfg;
}

const values = (s: spy.SpectralData): Float64Array => Float64Array.from(s.trials.get(0).data as Float32Array);
const hasNaN = (a: ArrayLike<number>): boolean => Array.from(a).some(Number.isNaN);

describe("TestFooofSpy", () => {
  test("test_output_fooof_fails_with_freq_zero: foilim [0, 100] is a SPYValueError asking for a range without zero", async () => {
    const cfg = fooofCfg();
    cfg.foilim = [0.0, 100.0];
    const err = await spy.freqanalysis(cfg, tfData).catch((e) => e);
    expect(err).toBeInstanceOf(spy.SPYValueError);
    expect(err.message).toContain("a frequency range that does not include zero");
  });

  test("test_output_fooof_works_with_freq_zero_in_data_after_setting_frequency: output 'fooof'", async () => {
    const cfg = fooofCfg();
    delete cfg.fooof_opt;
    const spec = await spy.freqanalysis(cfg, tfData, { fooof_opt: { peak_width_limits: [1.0, 12.0] } });
    // the frequency axis: 1 .. 100 Hz in 1 Hz steps
    expect(spec.freq.length).toBe(100);
    expect(spec.freq[0]).toBe(1);
    expect(spec.freq[99]).toBe(100.0);
    // the log
    expect(spec.log).toContain("fooof_method = fooof");
    expect(spec.log).not.toContain("fooof_aperiodic");
    expect(spec.log).not.toContain("fooof_peaks");
    expect(spec.log).toContain("fooof_opt");
    // the data
    expect(spec.trials.length).toBe(1);
    expect(spec.trials.get(0).shape).toEqual([1, 1, 100, 1]);
    expect(hasNaN(values(spec))).toBe(false);
    // the cfg replays it
    expect((spec.cfg.freqanalysis as Record<string, unknown>).output).toBe("fooof");
  });

  test("test_output_fooof_aperiodic", async () => {
    const cfg: Record<string, unknown> = { ...fooofCfg(), output: "fooof_aperiodic" };
    delete cfg.fooof_opt;
    const spec = await spy.freqanalysis(cfg, tfData, { fooof_opt: { peak_width_limits: [1.0, 12.0] } });
    expect(spec.log).toContain("fooof");
    expect(spec.log).toContain("fooof_method = fooof_aperiodic");
    expect(spec.log).not.toContain("fooof_peaks");
    expect(spec.trials.get(0).shape).toEqual([1, 1, 100, 1]);
    expect(hasNaN(values(spec))).toBe(false);
  });

  test("test_output_fooof_peaks", async () => {
    const cfg: Record<string, unknown> = { ...fooofCfg(), output: "fooof_peaks" };
    delete cfg.fooof_opt;
    const spec = await spy.freqanalysis(cfg, tfData, { fooof_opt: { peak_width_limits: [1.0, 12.0] } });
    expect(spec.trials.get(0).shape.length).toBe(4);
    expect(spec.log).toContain("fooof");
    expect(spec.log).toContain("fooof_method = fooof_peaks");
    expect(spec.log).not.toContain("fooof_aperiodic");
  });

  test("test_different_fooof_outputs_are_consistent: same axes and shapes; the largest peak near 30 Hz", async () => {
    const cfg: Record<string, unknown> = { ...fooofCfg(), output: "pow", foilim: [10, 70] };
    delete cfg.fooof_opt;
    const fooofOpt = { peak_width_limits: [6.0, 12.0], min_peak_height: 0.2 };
    const outFft = await spy.freqanalysis(cfg, tfData);
    const outFooof = await spy.freqanalysis({ ...cfg, output: "fooof" }, tfData, { fooof_opt: fooofOpt });
    const outAperiodic = await spy.freqanalysis({ ...cfg, output: "fooof_aperiodic" }, tfData, { fooof_opt: fooofOpt });
    const outPeaks = await spy.freqanalysis({ ...cfg, output: "fooof_peaks" }, tfData, { fooof_opt: fooofOpt });

    expect(Array.from(outFooof.freq)).toEqual(Array.from(outAperiodic.freq));
    expect(Array.from(outFooof.freq)).toEqual(Array.from(outPeaks.freq));
    expect(outFooof.trials.get(0).shape).toEqual(outAperiodic.trials.get(0).shape);
    expect(outFooof.trials.get(0).shape).toEqual(outPeaks.trials.get(0).shape);
    expect(outFft.trials.get(0).shape).toEqual(outFooof.trials.get(0).shape);

    // biggest peak is at 30 Hz
    const peaks = values(outPeaks);
    const f1 = peaks.indexOf(Math.max(...peaks));
    expect(outPeaks.freq[f1]).toBeGreaterThan(27);
    expect(outPeaks.freq[f1]).toBeLessThan(33);

    // and the outputs are Syncopy's identity: fooof_peaks = 10^model - 10^aperiodic + 1e-16 (float32)
    const model = values(outFooof), ap = values(outAperiodic);
    for (let i = 0; i < peaks.length; i++) expect(Math.abs(peaks[i] - (model[i] - ap[i]))).toBeLessThanOrEqual(1e-6 * model[i]);
  });

  test("test_frontend_settings_are_merged_with_defaults_used_in_backend: max_n_peaks 8 with the other defaults", async () => {
    const cfg: Record<string, unknown> = { ...fooofCfg(), output: "fooof_peaks" };
    delete cfg.fooof_opt;
    const spec = await spy.freqanalysis(cfg, tfData, { fooof_opt: { max_n_peaks: 8, peak_width_limits: [1.0, 12.0] } });
    expect(spec.trials.get(0).shape.length).toBe(4);
    // FOOOF ran with the given max_n_peaks: at most 8 peaks, each row [CF, PW, BW]
    const md = spec.metadata as Record<string, Record<string, unknown>>;
    const nPeaks = md.n_peaks["n_peaks__0_0"] as ArrayLike<number>;
    expect(nPeaks[0]).toBeGreaterThanOrEqual(1);
    expect(nPeaks[0]).toBeLessThanOrEqual(8);
  });
});
