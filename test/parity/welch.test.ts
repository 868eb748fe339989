/**
 * Syncopy's syncopy/tests/test_welch.py against spyts' public API: output layout and shapes of
 * mtmconvol and welch on white noise (2 trials x 3 channels x 20000 samples at 1 kHz), the window
 * counts and frequency bins of two mtmconvol settings, the variance of Welch estimates against
 * signal length and overlap, cfg replay, trial averaging, multitapering, and the refused keywords
 * (keeptapers, toi "all" or an array, every output but "pow"). Left out: the plots and the dask
 * variant (test_parallel). Syncopy's `spy.var` is not in spyts yet (README, floor 12
 * "statistics (coming)"): the variances are computed here from the result's trials, as numpy's
 * `var` (ddof 0) over the same axis.
 */
import * as spy from "../../src";

jest.setTimeout(300_000);

const testSeed = 42; // syncopy.tests.helpers.test_seed
const adata = spy.synthdata.white_noise({ nTrials: 2, nChannels: 3, nSamples: 20000, samplerate: 1000, seed: testSeed }) as spy.AnalogData;

/** TestWelch.get_welch_cfg: get_defaults with method welch, t_ftimwin 0.5, toi 0. */
function welchCfg(): Record<string, unknown> {
  const cfg = spy.get_defaults(spy.freqanalysis);
  cfg.method = "welch";
  cfg.t_ftimwin = 0.5;
  cfg.toi = 0.0;
  return cfg;
}

/** The stacked shape of a result (Syncopy's spec.data.shape): trials laid end to end on axis 0. */
function stackedShape(s: spy.SpectralData): number[] {
  const shapes = s.trials.length ? Array.from({ length: s.trials.length }, (_, k) => s.trials.get(k).shape) : [];
  return [shapes.reduce((n, sh) => n + sh[0], 0), ...shapes[0].slice(1)];
}

/** numpy.var (ddof 0) of a list of numbers. */
function variance(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m += a[i];
  m /= a.length;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - m) ** 2;
  return v / a.length;
}

/** spy.var(spec, dim="time"), channel `c`: per trial, per frequency the variance over time; the mean of all. */
function meanVarOverTime(s: spy.SpectralData, c: number): number {
  const vals: number[] = [];
  for (let k = 0; k < s.trials.length; k++) {
    const t = s.trials.get(k); // [time, taper, freq, channel]
    const [T, K, F, C] = t.shape;
    for (let tap = 0; tap < K; tap++) {
      for (let f = 0; f < F; f++) {
        vals.push(variance(Array.from({ length: T }, (_, i) => t.data[((i * K + tap) * F + f) * C + c])));
      }
    }
  }
  return vals.reduce((a, b) => a + b, 0) / vals.length;
}

/** spy.var(spec, dim="trials"), channel `c`: per (time, taper, freq) the variance over trials; the mean of all. */
function meanVarOverTrials(s: spy.SpectralData, c: number): number {
  const trials = Array.from({ length: s.trials.length }, (_, k) => s.trials.get(k));
  const [T, K, F, C] = trials[0].shape;
  let sum = 0;
  for (let i = 0; i < T * K * F; i++) sum += variance(trials.map((t) => t.data[i * C + c]));
  return sum / (T * K * F);
}

describe("TestWelch", () => {
  test("test_mtmconvolv_res: mtmconvol, windows of 0.5 s without overlap: 40 per trial, 80 in all", async () => {
    const cfg = welchCfg();
    cfg.method = "mtmconvol";
    const res = await spy.freqanalysis(cfg, adata);
    expect(res.dimord.length).toBe(4);
    expect(stackedShape(res).length).toBe(4);
    expect(res.dimord.indexOf("time")).toBe(0);
    expect(res.dimord.indexOf("taper")).toBe(1);
    expect(res.dimord.indexOf("freq")).toBe(2);
    expect(res.dimord.indexOf("channel")).toBe(3);
    const shape = stackedShape(res);
    expect(shape[res.dimord.indexOf("time")]).toBe(80);
    expect(shape[res.dimord.indexOf("taper")]).toBe(1);
    expect(shape[res.dimord.indexOf("channel")]).toBe(3);
    expect(res.trialdefinition.length).toBe(2);
  });

  test("test_welch_basic: one averaged periodogram per trial", async () => {
    const res = await spy.freqanalysis(welchCfg(), adata);
    expect(res.dimord).toEqual(["time", "taper", "freq", "channel"]);
    const shape = stackedShape(res);
    expect(shape.length).toBe(4);
    expect(shape[0]).toBe(2); // one periodogram per trial
    expect(shape[1]).toBe(1);
    expect(shape[3]).toBe(3);
    expect(res.trialdefinition.length).toBe(2); // no trial averaging asked for
  });

  test("test_mtmconvolv_overlap_effect: window counts, frequency bins and the variance over windows", async () => {
    const foilim = [10, 70];
    const noOverlap = { ...welchCfg(), method: "mtmconvol", toi: 0.0, t_ftimwin: 0.25, foilim, output: "abs" };
    const withOverlap = { ...welchCfg(), method: "mtmconvol", toi: 0.8, t_ftimwin: 1.2, foilim, output: "abs" };
    const wn = spy.synthdata.white_noise({ nTrials: 1, nChannels: 3, nSamples: 30000, samplerate: 1000, seed: 7 }) as spy.AnalogData;
    const short = await spy.freqanalysis(noOverlap, wn);
    const long = await spy.freqanalysis(withOverlap, wn);
    const ti = short.dimord.indexOf("time");
    expect(long.dimord.indexOf("time")).toBe(ti);
    // 30 s in windows of 0.25 s: 120; steps of 1.2 * (1 - 0.8) = 0.24 s: 125
    expect(stackedShape(short)[ti]).toBe(120);
    expect(stackedShape(long)[ti]).toBe(125);
    const fi = short.dimord.indexOf("freq");
    expect(long.dimord.indexOf("freq")).toBe(fi);
    // 10..70 Hz in steps of 4 Hz: 15 bins; in steps of 1/1.2 Hz: 12..84 -> 73 bins
    expect(stackedShape(short)[fi]).toBe(15);
    expect(stackedShape(long)[fi]).toBe(73);
    expect(meanVarOverTime(short, 0)).toBeGreaterThan(meanVarOverTime(long, 0));
  });

  test("test_welch_size_effect: 100 windows of a long signal vary less over trials than 100 overlapping windows of a short one", async () => {
    const wnLong = spy.synthdata.white_noise({ nTrials: 20, nChannels: 1, nSamples: 10000, samplerate: 1000, seed: 42 }) as spy.AnalogData;
    const wnShort = spy.synthdata.white_noise({ nTrials: 20, nChannels: 1, nSamples: 1000, samplerate: 1000, seed: 42 }) as spy.AnalogData;
    const foilim = [5, 200];
    const longNoOverlap = { ...welchCfg(), toi: 0.0, t_ftimwin: 0.1, foilim };
    const shortWithOverlap = { ...welchCfg(), toi: 0.5, t_ftimwin: 0.02, foilim };
    // the windows Welch averages, counted from mtmconvol: 100 each
    const mtmLong = await spy.freqanalysis({ ...longNoOverlap, method: "mtmconvol" }, wnLong);
    const mtmShort = await spy.freqanalysis({ ...shortWithOverlap, method: "mtmconvol" }, wnShort);
    expect(mtmLong.trials.get(0).shape[0]).toBe(100);
    expect(mtmShort.trials.get(0).shape[0]).toBe(100);

    const specLong = await spy.freqanalysis(longNoOverlap, wnLong);
    const specShort = await spy.freqanalysis(shortWithOverlap, wnShort);
    // the variance over trials has one time point (spy.var's result: shape[0] == 1)
    expect(specLong.dimord.indexOf("time")).toBe(0);
    expect(specLong.trials.get(0).shape[0]).toBe(1);
    expect(specShort.trials.get(0).shape[0]).toBe(1);
    expect(meanVarOverTrials(specLong, 0)).toBeLessThan(meanVarOverTrials(specShort, 0));
  });

  test("test_welch_overlap_effect: the variance falls with signal length at every overlap; a medium overlap is best for short signals", async () => {
    const sigLengths = [1000, 2000, 3000, 4000]; // np.linspace(1000, 4000, num=4, dtype=int)
    const overlaps = Array.from({ length: 10 }, (_, i) => (0.99 * i) / 9); // np.linspace(0.0, 0.99, num=10)
    const variances = sigLengths.map(() => new Array<number>(overlaps.length).fill(0));
    for (const [si, len] of sigLengths.entries()) {
      const wn = spy.synthdata.white_noise({ nTrials: 20, nChannels: 1, nSamples: len, samplerate: 1000, seed: testSeed }) as spy.AnalogData;
      for (const [oi, overlap] of overlaps.entries()) {
        const spec = await spy.freqanalysis({ ...welchCfg(), toi: overlap, t_ftimwin: 0.2, foilim: [5, 200] }, wn);
        variances[si][oi] = meanVarOverTrials(spec, 0);
      }
    }
    for (let oi = 0; oi < overlaps.length; oi++) {
      for (let si = 1; si < sigLengths.length; si++) expect(variances[si][oi]).toBeLessThan(variances[si - 1][oi]);
    }
    const row = variances[0];
    expect(row.indexOf(Math.min(...row))).toBe(Math.floor(overlaps.length / 2));
  });

  test("test_welch_replay: the result's cfg replays to the same data and cfg", async () => {
    const first = await spy.freqanalysis(adata, welchCfg());
    const replay = await spy.freqanalysis(adata, first.cfg);
    for (let k = 0; k < first.trials.length; k++) {
      const a = first.trials.get(k).data, b = replay.trials.get(k).data;
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-8 + 1e-5 * Math.abs(b[i]));
    }
    expect(replay.cfg).toEqual(first.cfg);
  });

  test("test_welch_trial_averaging: keeptrials false leaves one periodogram and one trial", async () => {
    const res = await spy.freqanalysis({ ...welchCfg(), keeptrials: false }, adata);
    expect(res.dimord).toEqual(["time", "taper", "freq", "channel"]);
    const shape = stackedShape(res);
    expect(shape[0]).toBe(1);
    expect(shape[1]).toBe(1);
    expect(shape[3]).toBe(3);
    expect(res.trialdefinition.length).toBe(1);
  });

  test("test_welch_with_multitaper: tapsmofrq with keeptapers false averages the tapers", async () => {
    const res = await spy.freqanalysis({ ...welchCfg(), tapsmofrq: 2, keeptapers: false }, adata);
    const shape = stackedShape(res);
    expect(shape[res.dimord.indexOf("taper")]).toBe(1);
    expect(shape[res.dimord.indexOf("channel")]).toBe(3);
  });

  test("test_welch_rejects_keeptaper: keeptapers true is a SPYValueError naming keeptapers", async () => {
    const err = await spy.freqanalysis({ ...welchCfg(), tapsmofrq: 2, keeptapers: true }, adata).catch((e) => e);
    expect(err).toBeInstanceOf(spy.SPYValueError);
    expect(err.message).toMatch(/keeptapers/);
  });

  test("test_welch_rejects_invalid_tois: toi 'all' or an array is a SPYValueError naming toi", async () => {
    for (const toi of ["all", [0, 0.25, 0.5, 0.75, 1]]) {
      const err = await spy.freqanalysis({ ...welchCfg(), toi }, adata).catch((e) => e);
      expect(err).toBeInstanceOf(spy.SPYValueError);
      expect(err.message).toMatch(/toi/);
    }
  });

  test("test_welch_rejects_invalid_output: every output of spectralConversions but 'pow' is a SPYValueError naming output", async () => {
    // syncopy.shared.const_def.spectralConversions: pow, abs, fourier, real, imag, angle, absreal, absimag, complex
    for (const output of ["abs", "fourier", "real", "imag", "angle", "absreal", "absimag", "complex"]) {
      const err = await spy.freqanalysis({ ...welchCfg(), output }, adata).catch((e) => e);
      expect(err).toBeInstanceOf(spy.SPYValueError);
      expect(err.message).toMatch(/output/);
    }
  });
});
