/**
 * Syncopy's syncopy/tests/test_connectivity.py (TestSpectralInput, TestGranger, TestCoherence,
 * TestCSD, TestCorrelation, TestPPC) and syncopy/tests/backend/test_conn.py against spyts' public
 * API, with Syncopy's signals, sizes and parameters. Noise comes from spyts' seeded generators (the
 * README: they "do not reproduce numpy's streams"); Syncopy's random selections
 * (helpers.mk_selection_dicts: trials drawn with repeats, channels in random order, a latency
 * window of >= 0.25 s) are drawn here by an LCG. The backend tests go through the public call where
 * it computes the same thing (csd.csd + normalize_csd = method "coh"; cross_covariance_cF with
 * norm = corr with keeptrials) and through the exported functions where Syncopy calls its backend
 * directly (normalizeCrossSpectra, crossCovarianceTrial, wilsonFactorization, maxRelErr,
 * regularizeCsd's condition number, grangerCausality).
 *
 * Where Syncopy's threshold depends on its numpy stream (test_timedep_coh's max > 0.9, TestPPC's
 * 0.25 / 0.2), the bound asserted here comes from Syncopy's recipe restated in numpy over many
 * seeds (scripts condensed at the assertions). Where spyts deliberately differs (error classes,
 * unknown keywords, the cfg entry of arithmetic, Granger's tf-input error), the test asserts spyts'
 * documented behaviour and cites the README.
 *
 * Left out: the plots (singlepanelplot, matplotlib), the dask-cluster runs (test_*_parallel; spyts'
 * parallel = sequential is tested in test/connectivity), wilson_sf(direct_inversion=False) in
 * test_granger (spyts' factorisation has one path; the assertions are ported for it), and
 * test_regularization (already in test/connectivity/wilson.test.ts, with Syncopy's sizes).
 */
import * as spy from "../../src";
import { maxRelErr, regularizeCsd, wilsonFactorization } from "../../src/math/wilson";
import { grangerCausality } from "../../src/connectivity/granger";
import { normalizeCrossSpectra } from "../../src/connectivity/coh";
import { crossCovarianceTrial, lagCount } from "../../src/connectivity/crossCovariance";
import { mkSelection } from "../helpers/syncopySelections";
import { thrownBy as errorOf } from "../helpers/errorOf";

jest.setTimeout(300_000);
afterAll(() => spy.shutdown());

type AD = spy.AnalogData;
type Spec = spy.SpectralData;
type CSD = spy.CrossSpectralData;
type KW = Record<string, unknown>;

const testSeed = 42; // syncopy.tests.helpers.test_seed

// ---- numpy restated --------------------------------------------------------------------------

/** numpy.allclose(a, b, rtol=1e-5, atol). */
function allclose(a: ArrayLike<number>, b: ArrayLike<number>, atol = 1e-8, rtol = 1e-5): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
  return true;
}

/** The worst |a - b| (to report what allclose saw). */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}



/** The one trial of a result (Syncopy's `res.trials[0]`). */
const trial0 = (r: CSD | Spec) => r.trials.get(0).data;

/** G[t = 0, f, i, j] of a real [1, F, Ci, Cj] result. */
const at = (r: CSD, f: number, i: number, j: number) => trial0(r)[(f * r.channel_i.length + i) * r.channel_j.length + j];

/** Syncopy's `res.data[0, :, i, j]`: one pair over frequency (real results). */
function pair(r: CSD, i: number, j: number): number[] {
  return Array.from({ length: r.freq.length }, (_, f) => at(r, f, i, j));
}

/** np.argmin(freq < f): the first bin at or above f. */
const firstAtOrAbove = (freq: ArrayLike<number>, f: number) => Array.from(freq).findIndex((v) => !(v < f));

/** Every value finite and (positivity) >= -1e-10: Syncopy's checks of run_cfg_test and the selections. */
function finiteNonNegative(r: CSD, positivity = true): boolean {
  return Array.from(trial0(r)).every((v) => Number.isFinite(v) && (!positivity || v >= -1e-10));
}

/**
 * Syncopy's invalid foilims (test_coh_foi, test_ppc_foi): out of range, a string, and [None, None]
 * (a list of the wrong element type), each a SPYValueError naming foilim.
 */
async function badFoilimsRefused(data: AD, method: string): Promise<void> {
  for (const foilim of [[-1, 70], "abc", [null, null]]) {
    const e = await errorOf(() => spy.connectivityanalysis(data, { method, foilim } as KW));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.message).toMatch(/foilim/);
  }
}

/** Syncopy's `run_cfg_test`: get_defaults with the method, a kaiser taper with its beta and output "abs". */
function cfgTestCfg(method: string): KW {
  const cfg = spy.get_defaults(spy.connectivityanalysis);
  cfg.method = method;
  cfg.taper = "kaiser";
  cfg.taper_opt = { beta: 2 };
  cfg.output = "abs";
  return cfg;
}

// =================================================================================================
// TestSpectralInput
// =================================================================================================

describe("TestSpectralInput", () => {
  // AnalogData([np.ones((5, 10)) for _ in range(2)], samplerate=200)
  const ones = () => ({ data: new Float64Array(50).fill(1), shape: [5, 10], dtype: "float64" as const });
  const ad = new spy.AnalogData({ data: [ones(), ones()], samplerate: 200 });

  test("test_spectral_output: real valued spectra (pow, abs, imag, real) are refused by granger and coh: 'expected complex valued'", async () => {
    for (const output of ["pow", "abs", "imag", "real"]) {
      const spec = await spy.freqanalysis(ad, { output });
      for (const method of ["granger", "coh"]) {
        const e = await errorOf(() => spy.connectivityanalysis(spec, { method }));
        expect(e).toBeInstanceOf(spy.SPYValueError);
        expect(e.message).toContain("expected complex valued");
      }
    }
  });

  test("test_spectral_multitaper: fourier with tapers averaged is refused by freqanalysis; a trial-averaged spectrum is refused: 'expected multi-trial input'", async () => {
    // Syncopy's message is "expected 'pow'|False"; spyts names the keyword and the same rule
    const e = await errorOf(() => spy.freqanalysis(ad, { tapsmofrq: 0.1, output: "fourier" }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.param).toBe("output");
    expect(e.message).toMatch(/expected "pow" when multitapering/);
    const spec = (await spy.captureWarnings(() => spy.freqanalysis(ad, { tapsmofrq: 0.1, keeptrials: false, output: "fourier", keeptapers: true }))).result as Spec;
    const e2 = await errorOf(() => spy.connectivityanalysis(spec, { method: "coh" }));
    expect(e2).toBeInstanceOf(spy.SPYValueError);
    expect(e2.message).toContain("expected multi-trial input");
  });

  test("test_spectral_corr: corr does not take SpectralData: a SPYValueError 'expected AnalogData'", async () => {
    const spec = (await spy.captureWarnings(() => spy.freqanalysis(ad, { tapsmofrq: 0.1, output: "fourier", keeptapers: true }))).result as Spec;
    const e = await errorOf(() => spy.connectivityanalysis(spec, { method: "corr" }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.message).toContain("expected AnalogData");
  });

  test("test_tf_input: no time-resolved Granger (Syncopy: NotImplementedError 'Granger causality from tf-spectra'; spyts: SPYValueError)", async () => {
    const spec = await spy.freqanalysis(ad, { method: "mtmconvol", t_ftimwin: 0.01, output: "fourier" });
    // README, connectivity: "from time-frequency spectra it is an error (Syncopy: NotImplementedError)"
    const { result: e } = await spy.captureWarnings(() => errorOf(() => spy.connectivityanalysis(spec, { method: "granger" })));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.message).toMatch(/time-resolved Granger causality is not available/);
  });
});

// =================================================================================================
// TestGranger
// =================================================================================================

describe("TestGranger: a 4-channel AR(2) network, 200 trials of 500 samples at 200 Hz", () => {
  const nTrials = 200, nChannels = 4, nSamples = 500, fs = 200;
  // AdjMat[i][j] != 0: coupling i -> j
  const AdjMat = [[0, 0, 0, 0], [0.25, 0, 0, 0], [0, 0, 0, 0], [0, 0.15, 0.25, 0]];
  const cpl = [[1, 0], [3, 1], [3, 2]];
  const data = spy.synthdata.ar2_network({ AdjMat, nSamples, samplerate: fs, nTrials, seed: 42 }) as AD;
  const timeSpan = [-1, nSamples / fs - 1];
  const cfg = (): KW => ({ tapsmofrq: 1, foi: null });
  let spec: Spec;
  beforeAll(async () => {
    spec = await spy.freqanalysis(data, cfg(), { output: "fourier", keeptapers: true, demean_taper: true });
  });

  /** test_gr_solution(**kwargs): SpectralData and AnalogData paths agree within 2e-2; every coupling peaks at >= its strength in 35..45 Hz. */
  async function grSolution(kw: KW = {}): Promise<void> {
    const s = Object.keys(kw).length ? await spy.freqanalysis(data, cfg(), { output: "fourier", keeptapers: true, demean_taper: true, ...kw }) : spec;
    expect(data).toBeInstanceOf(spy.AnalogData);
    expect(s).toBeInstanceOf(spy.SpectralData);
    const gSpec = (await spy.captureWarnings(() => spy.connectivityanalysis(s, { method: "granger", ...kw }))).result as CSD;
    const gAd = await spy.connectivityanalysis(data, cfg(), { method: "granger", ...kw });
    expect(allclose(trial0(gAd), trial0(gSpec), 2e-2)).toBe(true);
    for (const G of [gSpec, gAd]) {
      for (const [i, j] of cpl) {
        const p = pair(G, i, j);
        const peak = Math.max(...p);
        const peakFrq = G.freq[p.indexOf(peak)];
        expect(peak).toBeGreaterThanOrEqual(AdjMat[i][j]);
        expect(peakFrq).toBeGreaterThan(35);
        expect(peakFrq).toBeLessThan(45);
      }
      if (Object.keys(kw).length === 0) {
        expect(G.info.converged).toBe(true);
        expect(G.info["max rel. err"] as number).toBeLessThan(1e-5);
        expect(G.info["reg. factor"]).toBe(0);
        expect(G.info["initial cond. num"] as number).toBeGreaterThan(10);
      }
      // GrangerCausality.metadata_keys: every one present, nothing else
      expect(Object.keys(G.info).sort()).toEqual(["converged", "initial cond. num", "max rel. err", "reg. factor"]);
    }
  }

  test("test_spec_input_frontend: SpectralData input with the cfg (tapsmofrq popped) gives a CrossSpectralData", async () => {
    expect(spec).toBeInstanceOf(spy.SpectralData);
    const c = cfg();
    delete c.tapsmofrq;
    const res = await spy.connectivityanalysis(spec, c, { method: "granger" });
    expect(res).toBeInstanceOf(spy.CrossSpectralData);
  });

  test("test_gr_solution", async () => {
    await grSolution();
  });

  test("Granger from SpectralData: the channels-per-trials warning counts the spectra's channels (not their tapers)", async () => {
    // Syncopy counts len(data.channel): 4 channels / 20 trials = 0.2 > 0.1 warns, whatever the
    // number of tapers (here 9: tapsmofrq 2, NW = 5)
    const few = await spy.freqanalysis(data, { tapsmofrq: 2, output: "fourier", keeptapers: true, demean_taper: true, select: { trials: Array.from({ length: 20 }, (_, k) => k) } });
    expect(few.trials.get(0).shape).toEqual([1, 9, 251, 4]);
    const { warnings } = await spy.captureWarnings(() => spy.connectivityanalysis(few, { method: "granger" }));
    expect(warnings.join("\n")).toMatch(/4 channels \/ 20 trials = 0\.200 > 0\.1/);
    // 4 channels / 200 trials: no warning
    const { warnings: none } = await spy.captureWarnings(() => spy.connectivityanalysis(spec, { method: "granger" }));
    expect(none.filter((w) => /numerically unstable/.test(w))).toEqual([]);
  });

  test("test_gr_channelcmb: channelcmb (names and indices) equals the post-selection of the full result within 1e-2", async () => {
    const resAll = await spy.connectivityanalysis(spec, { method: "granger" });
    expect(resAll.trials.get(0).shape.slice(-2)).toEqual([nChannels, nChannels]);
    for (const [senders, receivers] of [[["channel4", "channel1"], ["channel2"]], [[3, 0], [1, 2]]] as const) {
      const sel = await spy.selectdata(resAll, { channel_i: senders as never, channel_j: receivers as never }) as CSD;
      if (typeof senders[0] === "number") {
        const s = senders as readonly number[], r = receivers as readonly number[];
        for (const [a, b] of [[0, 0], [0, 1], [1, 0], [1, 1]]) expect(allclose(pair(resAll, s[a], r[b]), pair(sel, a, b))).toBe(true);
      }
      const cmb = await spy.connectivityanalysis(spec, { method: "granger", channelcmb: [senders, receivers] as never });
      expect(cmb.trials.get(0).shape.slice(-2)).toEqual([senders.length, receivers.length]);
      expect(cmb.channel_i).toEqual(sel.channel_i);
      expect(cmb.channel_j).toEqual(sel.channel_j);
      // no equality to machine precision for GC (another factorisation path), but within 1e-2
      expect(allclose(trial0(sel), trial0(cmb), 1e-2)).toBe(true);
    }
  });

  test("test_gr_selections: trials (with repeats), channels and latency; AnalogData and SpectralData paths agree", async () => {
    const sel = mkSelection(nTrials, nChannels, timeSpan[0], timeSpan[1], 1);
    const gAd = (await spy.captureWarnings(() => spy.connectivityanalysis(data, cfg(), { method: "granger", select: sel }))).result as CSD;
    const s = await spy.freqanalysis(data, cfg(), { output: "fourier", keeptapers: true, select: sel, demean_taper: true });
    const gSpec = (await spy.captureWarnings(() => spy.connectivityanalysis(s, { method: "granger" }))).result as CSD;
    expect(finiteNonNegative(gAd)).toBe(true);
    expect(allclose(trial0(gAd), trial0(gSpec), 1e-2)).toBe(true);
    // one final selection (no latency) into a result from the original SpectralData
    const noLat = { trials: sel.trials, channel: sel.channel };
    const rAd = (await spy.captureWarnings(() => spy.connectivityanalysis(data, cfg(), { method: "granger", select: noLat }))).result as CSD;
    const rSpec = (await spy.captureWarnings(() => spy.connectivityanalysis(spec, { method: "granger", select: noLat }))).result as CSD;
    expect(allclose(trial0(rAd), trial0(rSpec), 2e-1)).toBe(true);
  });

  test("test_gr_foi: foi and foilim are refused: 'no foi specification'", async () => {
    const foi = Array.from({ length: 70 }, (_, k) => k); // np.arange(0, 70)
    for (const kw of [{ foi }, { foilim: [0, 70] }]) {
      const e = await errorOf(() => spy.connectivityanalysis(data, { method: "granger", ...kw }));
      expect(e).toBeInstanceOf(spy.SPYValueError);
      expect(e.message).toContain("no foi specification");
    }
  });

  test("test_gr_cfg: get_defaults cfg with a kaiser taper (beta 2) and output 'abs': finite, non-negative", async () => {
    const { result } = await spy.captureWarnings(() => spy.connectivityanalysis(data, cfgTestCfg("granger")));
    expect(finiteNonNegative(result as CSD)).toBe(true);
  });

  test.each([[6], ["nextpow2"], ["maxperlen"]])("test_gr_padding: pad %p keeps the solution", async (pad) => {
    await grSolution({ pad });
  });

  test("test_gr_padding: invalid pads", async () => {
    for (const [pad, cls] of [[-0.1, spy.SPYValueError], ["IamNoPad", spy.SPYValueError], [[1000], spy.SPYValueError]] as const) {
      // Syncopy: SPYValueErrors "Invalid value of `pad`" for all three (helpers.run_padding_test)
      const e = await errorOf(() => spy.connectivityanalysis(data, cfg(), { method: "granger", pad } as KW));
      expect(e).toBeInstanceOf(cls);
      expect(e.param).toBe("pad");
      expect(e.message).toContain("Invalid value of `pad`");   // Syncopy's wording, which its test matches
    }
  });

  test.each([[0], [1]])("test_gr_polyremoval: polyremoval %p keeps the solution", async (polyremoval) => {
    await grSolution({ polyremoval });
  });

  test("test_gr_polyremoval: invalid polyremoval", async () => {
    const e = await errorOf(() => spy.connectivityanalysis(data, cfg(), { method: "granger", polyremoval: 2 }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.param).toBe("polyremoval");
    for (const polyremoval of ["IamNoPad", [1000]]) {
      const t = await errorOf(() => spy.connectivityanalysis(data, cfg(), { method: "granger", polyremoval } as KW));
      expect(t).toBeInstanceOf(spy.SPYTypeError);
      expect(t.message).toContain("Wrong type of `polyremoval`");
    }
  });
});

// =================================================================================================
// TestCoherence
// =================================================================================================

/** Index of the bin nearest to f (Syncopy's scalar frequency selection). */
const nearest = (freq: ArrayLike<number>, f: number) => {
  let best = 0;
  for (let k = 1; k < freq.length; k++) if (Math.abs(freq[k] - f) < Math.abs(freq[best] - f)) best = k;
  return best;
};

/** Trial-averaged |X| over time of a time-frequency spectrum [T, 1, F, C] (complex), at bin f and channel c. */
function meanAbsProfile(s: Spec, f: number, c: number): Float64Array {
  const [T, , F, C] = s.trials.get(0).shape;
  const out = new Float64Array(T);
  for (let k = 0; k < s.trials.length; k++) {
    const x = s.trials.get(k).data;
    for (let t = 0; t < T; t++) {
      const o = 2 * ((t * F + f) * C + c);
      out[t] += Math.hypot(x[o], x[o + 1]) / s.trials.length;
    }
  }
  return out;
}

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const max = (a: ArrayLike<number>) => Math.max(...Array.from(a));

/**
 * test_coh_solution / test_ppc_solution (method, **kwargs): SpectralData and AnalogData paths agree
 * within atol; `check` asserts the solution on both.
 */
async function spectralSolution(data: AD, spec: Spec, cfg: KW, method: string, atol: number, kw: KW, check: (r: CSD) => void): Promise<void> {
  const s = Object.keys(kw).length ? await spy.freqanalysis(data, cfg, { output: "fourier", keeptapers: true, ...kw }) : spec;
  expect(data).toBeInstanceOf(spy.AnalogData);
  expect(s).toBeInstanceOf(spy.SpectralData);
  const resSpec = (await spy.captureWarnings(() => spy.connectivityanalysis(s, { method, ...kw }))).result as CSD;
  const resAd = await spy.connectivityanalysis(data, cfg, { method, ...kw });
  expect(maxAbsDiff(trial0(resSpec), trial0(resAd))).toBeLessThan(atol);
  expect(allclose(trial0(resSpec), trial0(resAd), atol)).toBe(true);
  for (const r of [resSpec, resAd]) check(r);
}

/** test_*_channelcmb: channelcmb on the SpectralData equals the post-selection of the full result within atol. */
async function channelcmbTest(spec: Spec, method: string, nChannels: number, cmbs: ReadonlyArray<readonly [readonly (string | number)[], readonly (string | number)[]]>, atol: number): Promise<void> {
  const resAll = await spy.connectivityanalysis(spec, { method });
  expect(resAll.trials.get(0).shape.slice(-2)).toEqual([nChannels, nChannels]);
  for (const [senders, receivers] of cmbs) {
    const sel = await spy.selectdata(resAll, { channel_i: senders as never, channel_j: receivers as never }) as CSD;
    const cmb = await spy.connectivityanalysis(spec, { method, channelcmb: [senders, receivers] as never });
    expect(cmb.trials.get(0).shape.slice(-2)).toEqual([senders.length, receivers.length]);
    expect(cmb.channel_i).toEqual(sel.channel_i);
    expect(cmb.channel_j).toEqual(sel.channel_j);
    expect(allclose(trial0(sel), trial0(cmb), atol, 0)).toBe(true);
  }
}

describe("TestCoherence: 20 Hz (strong phase diffusion) + 40 Hz (little) + white noise, 4 channels, 100 trials of 1400 samples at 1 kHz", () => {
  const nSamples = 1400, nChannels = 4, nTrials = 100, fs = 1000;
  const f1 = 20, f2 = 40;
  const s1 = spy.synthdata.phase_diffusion({ nTrials, freq: f1, eps: 0.03, nChannels, nSamples, seed: testSeed }) as AD;
  const s2 = spy.synthdata.phase_diffusion({ nTrials, freq: f2, eps: 0.001, nChannels, nSamples, seed: testSeed }) as AD;
  const wn = spy.synthdata.white_noise({ nTrials, nChannels, nSamples, seed: testSeed }) as AD;
  const data = spy.add(spy.add(s1, s2), wn);
  const timeSpan = [-1, nSamples / fs - 1];
  const cfg = (): KW => ({ tapsmofrq: 1.5, foilim: [5, 60] });
  let spec: Spec;
  beforeAll(async () => {
    expect(data.samplerate).toBe(fs);
    spec = await spy.freqanalysis(data, cfg(), { output: "fourier", keeptapers: true });
  });

  /** The solution: high coherence at 40 Hz, lower at 20 Hz, < 0.2 more than 5 Hz away from both. */
  const cohCheck = (res: CSD) => {
    const f = res.freq;
    const peakF1 = at(res, firstAtOrAbove(f, f1), 0, 1);
    const peakF2 = at(res, firstAtOrAbove(f, f2), 0, 1);
    expect(peakF2).toBeGreaterThan(0.5);
    expect(peakF1).toBeLessThan(peakF2);
    for (let k = 0; k < f.length; k++) {
      const away = (f[k] < f1 - 5 || f[k] > f1 + 5) && (f[k] < f2 - 5 || f[k] > f2 + 5);
      if (away) expect(at(res, k, 0, 1)).toBeLessThan(0.2);
    }
  };

  test("test_timedep_coh: time-resolved coherence from mtmconvol spectra falls over time where the phase diffuses", async () => {
    const specTf = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: 0.3, foilim: [5, 100], output: "fourier" });
    expect(Array.from(specTf.time[0])).toEqual(Array.from(data.time[0]));
    // trial-averaged |spectra| of channel 2 (index 1): more power at 40 Hz than at the diffusing 20 Hz
    const profile20 = meanAbsProfile(specTf, nearest(specTf.freq, f1), 1);
    const profile40 = meanAbsProfile(specTf, nearest(specTf.freq, f2), 1);
    expect(mean(profile40)).toBeGreaterThan(mean(profile20));
    expect(max(profile40)).toBeGreaterThan(max(profile20));

    const coh = await spy.connectivityanalysis(specTf, { method: "coh" });
    expect(Array.from(coh.time[0])).toEqual(Array.from(data.time[0]));
    const profile = (f: number) => (coh.show({ frequency: f, channel_i: 0, channel_j: 1 }) as spy.NDArray).data;
    const c20 = profile(f1), c10 = profile(10);
    expect(c20.length).toBe(nSamples);
    // Syncopy asserts max > 0.9, which holds for its numpy stream (seed 42) but not for most others:
    // Syncopy's recipe restated in numpy (script condensed below) gives max(c20) = 0.904 at seed 42 and
    // 0.856 .. 0.911 over seeds 1..20 (13 of 20 below 0.9); spyts' stream gives 0.888. The bound here
    // is below numpy's range. The script, condensed:
    //   seeds = default_rng(s).integers(1_000_000, size=100); per trial k: wn(seed) =
    //   default_rng(seed).normal(size=(1400, 4)).astype("f4"); pdiff(f, eps) = cos(w0 t + cumsum(
    //   sqrt(w0/fs eps) wn(seeds[k]))), t = linspace(0, 1.4, 1400, "f4"); x = pdiff(20, .03) +
    //   pdiff(40, .001) + wn(seeds[k]); Syncopy's stft: 150 zeros before, 151 after, segments of 300
    //   at every sample, scipy detrend 'constant' per segment, hann, X = seg @ exp(-2j pi f n / fs);
    //   coherence |sum X0 conj X1| / sqrt(sum |X0|^2 sum |X1|^2) over trials, at f = 10 and 20 Hz.
    //   Over the 21 seeds: max(c20[1260:]) <= 0.25, max(c10) <= 0.46.
    expect(max(c20)).toBeGreaterThan(0.85);
    expect(max(c20.subarray(Math.floor(0.9 * nSamples)))).toBeLessThan(0.4);
    expect(max(c10)).toBeLessThan(0.5);
  });

  test("test_coh_solution", async () => {
    await spectralSolution(data, spec, cfg(), "coh", 1e-3, {}, cohCheck);
  });

  test("test_coh_channelcmb: equals the post-selection (atol 1e-7)", async () => {
    await channelcmbTest(spec, "coh", nChannels, [[["channel1", "channel4"], ["channel2"]], [[3, 0], [1, 2]]], 1e-7);
  });

  test("test_coh_selections: trials (with repeats), channels and latency; AnalogData and SpectralData paths agree (atol 1e-3)", async () => {
    const sel = mkSelection(nTrials, nChannels, timeSpan[0], timeSpan[1], 2);
    const result = await spy.connectivityanalysis(data, cfg(), { method: "coh", select: sel });
    const s = await spy.freqanalysis(data, cfg(), { output: "fourier", keeptapers: true, select: sel });
    const resultSpec = await spy.connectivityanalysis(s, { method: "coh" });
    expect(finiteNonNegative(result)).toBe(true);
    expect(allclose(trial0(result), trial0(resultSpec), 1e-3)).toBe(true);
    const noLat = { trials: sel.trials, channel: sel.channel };
    const rAd = await spy.connectivityanalysis(data, cfg(), { method: "coh", select: noLat });
    const rSpec = await spy.connectivityanalysis(spec, { method: "coh", select: noLat });
    expect(allclose(trial0(rAd), trial0(rSpec), 1e-3)).toBe(true);
  });

  test("test_coh_foi: foilim [2, 60], [7.65, 45.1234] and null give finite, non-negative coherences; bad foilims are refused", async () => {
    for (const foilim of [[2, 60], [7.65, 45.1234], null]) {
      expect(finiteNonNegative(await spy.connectivityanalysis(data, { method: "coh", foilim }))).toBe(true);
    }
    await badFoilimsRefused(data, "coh");
  });

  test("test_coh_cfg: get_defaults cfg with a kaiser taper (beta 2) and output 'abs': finite, non-negative", async () => {
    // run_cfg_test also sets cfg.frequency = [0, 70], an unknown keyword of connectivityanalysis
    // (Syncopy warns and ignores it; spyts refuses it, README: "Unknown keywords are errors")
    const cfg = cfgTestCfg("coh");
    expect(finiteNonNegative(await spy.connectivityanalysis(data, cfg))).toBe(true);
    const e = await errorOf(() => spy.connectivityanalysis(data, { ...cfg, frequency: [0, 70] }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.message).toMatch(/'frequency' is an unknown keyword/);
  });

  test.each([[2], ["nextpow2"], ["maxperlen"]])("test_coh_padding: pad %p keeps the solution", async (pad) => {
    await spectralSolution(data, spec, cfg(), "coh", 1e-3, { pad }, cohCheck);
  });

  test.each([[0], [1]])("test_coh_polyremoval: polyremoval %p keeps the solution", async (polyremoval) => {
    await spectralSolution(data, spec, cfg(), "coh", 1e-3, { polyremoval }, cohCheck);
  });

  test("test_coh_outputs: complex/fourier have imaginary parts, angle lies in [-pi, pi], the rest is real", async () => {
    for (const output of ["abs", "pow", "complex", "fourier", "angle", "real", "imag"]) {
      const coh = await spy.connectivityanalysis(data, { method: "coh", output });
      const t = coh.trials.get(0);
      if (output === "complex" || output === "fourier") {
        expect(t.dtype).toBe("complex64");
        let imag = 0;
        for (let e = 1; e < t.data.length; e += 2) if (t.data[e] !== 0) imag++;
        expect(imag).toBeGreaterThan(0);
      } else {
        // strictly real: a real dtype
        expect(t.dtype).toBe("float32");
        // within [-pi, pi] as float32 values (float32(pi) is 8.7e-8 above pi)
        if (output === "angle") for (const v of t.data) expect(Math.abs(v)).toBeLessThanOrEqual(Math.fround(Math.PI));
      }
    }
  });
});

// =================================================================================================
// TestCSD
// =================================================================================================

describe("TestCSD: 20 Hz + 40 Hz phase diffusion + white noise, 4 channels, 100 trials of 1400 samples at 1 kHz", () => {
  const nSamples = 1400, nChannels = 4, nTrials = 100;
  const s1 = spy.synthdata.phase_diffusion({ nTrials, freq: 20, eps: 0.01, nChannels, nSamples, seed: 42 }) as AD;
  const s2 = spy.synthdata.phase_diffusion({ nTrials, freq: 40, eps: 0.001, nChannels, nSamples, seed: 42 }) as AD;
  // Syncopy's white noise here is unseeded; a fixed seed keeps the run reproducible
  const wn = spy.synthdata.white_noise({ nTrials, nChannels, nSamples, seed: 7 }) as AD;
  const data = spy.add(spy.add(s1, s2), wn);
  let spec: Spec;
  beforeAll(async () => {
    spec = await spy.freqanalysis(data, { tapsmofrq: 1.5, foilim: [5, 60] }, { output: "fourier", keeptapers: true });
  });

  test("test_data_output_type: the spectra's frequencies, complex64, a shape of its own", async () => {
    const cross = await spy.connectivityanalysis(spec, { method: "csd" });
    expect(Array.from(cross.freq)).toEqual(Array.from(spec.freq));
    expect(cross.trials.get(0).dtype).toBe("complex64");
    expect(cross.trials.get(0).shape).not.toEqual(spec.trials.get(0).shape);
  });

  test("test_csd_channelcmb: equals the post-selection (atol 1e-15)", async () => {
    await channelcmbTest(spec, "csd", nChannels, [[["channel2", "channel4"], ["channel4", "channel1"]], [[1, 2], [0, 3]]], 1e-15);
  });

  test("test_csd_input: the spectra are SpectralData", () => {
    expect(spec).toBeInstanceOf(spy.SpectralData);
  });

  test("test_csd_cfg_replay: cfg has the freqanalysis and connectivityanalysis entries; replaying it gives the same data and cfg", async () => {
    const cross = await spy.connectivityanalysis(spec, { method: "csd" });
    // Syncopy: len(cfg) == 2. spyts' arithmetic records a cfg entry ("add", README: "gets a cfg entry
    // (`add`, `sub`, ...)"), Syncopy's none: the input's entries come first, then the two calls
    expect(Object.keys(data.cfg)).toEqual(["add"]);
    expect(Object.keys(cross.cfg)).toEqual(["add", "freqanalysis", "connectivityanalysis"]);
    expect(cross.cfg.freqanalysis).toEqual(spec.cfg.freqanalysis);
    expect((cross.cfg.connectivityanalysis as KW).method).toBe("csd");
    const firstCfg = cross.cfg.connectivityanalysis as KW;
    const first = await spy.connectivityanalysis(spec, firstCfg);
    const replay = await spy.connectivityanalysis(spec, first.cfg);
    expect(allclose(trial0(first), trial0(replay))).toBe(true);
    expect(replay.cfg).toEqual(first.cfg);
  });
});

// =================================================================================================
// TestCorrelation
// =================================================================================================

describe("TestCorrelation: a 10 Hz cosine with phase shifts (and one diffusing channel), 5 channels, 50 trials of 2001 samples at 1 kHz", () => {
  const nChannels = 5, nTrials = 50, fs = 1000, nSamples = 2001, f1 = 10;
  // every trial the same (Syncopy draws each with seed 42 and nTrials=None)
  const p1 = spy.synthdata.phase_diffusion({ freq: f1, eps: 0, nChannels, nSamples, seed: 42, return_phase: true, nTrials: null });
  const p2 = spy.synthdata.phase_diffusion({ freq: f1, eps: 0.1, nChannels: 1, nSamples, seed: 42, return_phase: true, nTrials: null });
  const trl = new Float64Array(nSamples * nChannels);
  for (let n = 0; n < nSamples; n++) {
    for (let c = 0; c < nChannels; c++) {
      // 2nd channel: the diffusing phase; even channels from the 3rd on (p1[:, 2::2]): + pi/2
      let phi = c === 1 ? p2.data[n] : p1.data[n * nChannels + c];
      if (c >= 2 && c % 2 === 0) phi += Math.PI / 2;
      trl[n * nChannels + c] = Math.cos(phi);
    }
  }
  const data = new spy.AnalogData({ data: Array.from({ length: nTrials }, () => ({ data: trl.slice(), shape: [nSamples, nChannels], dtype: "float64" as const })), samplerate: fs });
  const timeSpan = [-1, nSamples / fs - 1];

  /** CC[lag, i, j] of the one trial of a trial-averaged corr result. */
  const cc = (r: CSD, i: number, j: number) => {
    const t = trial0(r), C = r.channel_i.length, L = t.length / (C * C);
    return Array.from({ length: L }, (_, l) => t[(l * C + i) * C + j]);
  };

  async function corrSolution(kw: KW = {}): Promise<void> {
    // keeptrials=False is the default here
    const corr = await spy.connectivityanalysis(data, { method: "corr", ...kw });
    for (let c = 0; c < nChannels; c++) expect(cc(corr, c, c)[0]).toBeGreaterThan(0.99);
    const periodIdx = Math.trunc((1 / f1) * fs);
    expect(periodIdx).toBe(100);
    const auto00 = cc(corr, 0, 0);
    for (let l = 0; l < auto00.length; l += periodIdx) expect(auto00[l]).toBeGreaterThan(0.99);
    expect(auto00[periodIdx / 2]).toBeLessThan(-0.99);
    expect(auto00[periodIdx / 2 + periodIdx]).toBeLessThan(-0.99);
    // the diffusing channel: decaying correlations over the first 5 periods
    const auto11 = cc(corr, 1, 1).filter((_, l) => l % periodIdx === 0);
    for (let k = 0; k < 5; k++) expect(auto11[k + 1] - auto11[k]).toBeLessThan(0);
    // a pi/2 shift moves the first cross-correlation maximum to a quarter period
    const cross02 = cc(corr, 0, 2);
    const lagIdx = Math.trunc((1 / f1) * fs * 0.25);
    expect(lagIdx).toBe(25);
    expect(cross02[lagIdx]).toBeGreaterThan(0.99);
    expect(cross02[lagIdx + periodIdx]).toBeGreaterThan(0.99);
    expect(cross02[lagIdx + periodIdx / 2]).toBeLessThan(-0.99);
    // (anti-)symmetry, numpy's negative indices: from the last lag
    const cross20 = cc(corr, 2, 0);
    expect(cross20[cross20.length - lagIdx]).toBeGreaterThan(0.99);
    expect(cross20[cross20.length - lagIdx - periodIdx]).toBeGreaterThan(0.99);
    if (Object.keys(kw).length === 0) {
      // keeptrials=False normalises with the global variances: close to the post-hoc trial average
      const st = await spy.connectivityanalysis(data, { method: "corr", keeptrials: true });
      const avg = await spy.mean(st, { dim: "trials" }) as CSD;
      expect(allclose(trial0(avg), trial0(corr), 1e-2)).toBe(true);
    }
  }

  test("test_corr_solution", async () => {
    await corrSolution();
  });

  test("test_corr_padding: 'maxperlen' keeps the solution; other pads: 'no padding needed/allowed'", async () => {
    await corrSolution({ pad: "maxperlen" });
    for (const pad of [1000, "nextpow2", "IamNoPad"]) {
      const e = await errorOf(() => spy.connectivityanalysis(data, { method: "corr", pad }));
      expect(e).toBeInstanceOf(spy.SPYValueError);
      expect(e.message).toContain("pad");
      expect(e.message).toContain("no padding needed/allowed");
    }
  });

  test("test_corr_selections: trials (with repeats), channels and latency: finite", async () => {
    const sel = mkSelection(nTrials, nChannels, timeSpan[0], timeSpan[1], 3);
    const result = await spy.connectivityanalysis(data, { method: "corr", select: sel });
    expect(finiteNonNegative(result, false)).toBe(true);
  });

  test("test_corr_cfg: get_defaults cfg with a kaiser taper (beta 2) and output 'abs': finite (the spectral keywords warn 'no effect')", async () => {
    const { result } = await spy.captureWarnings(() => spy.connectivityanalysis(data, cfgTestCfg("corr")));
    expect(finiteNonNegative(result as CSD, false)).toBe(true);
  });

  test.each([[0], [1]])("test_corr_polyremoval: polyremoval %p keeps the solution", async (polyremoval) => {
    await corrSolution({ polyremoval });
  });

  test("test_corr_polyremoval: invalid polyremoval", async () => {
    const e = await errorOf(() => spy.connectivityanalysis(data, { method: "corr", polyremoval: 2 }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.param).toBe("polyremoval");
    for (const polyremoval of ["IamNoPad", [1000]]) {
      const t = await errorOf(() => spy.connectivityanalysis(data, { method: "corr", polyremoval } as KW));
      expect(t).toBeInstanceOf(spy.SPYTypeError);
      expect(t.message).toContain("Wrong type of `polyremoval`");
    }
  });
});

// =================================================================================================
// TestPPC
// =================================================================================================

describe("TestPPC: 20 Hz phase diffusion + white noise, 4 channels, 20 trials of 1000 samples at 1 kHz", () => {
  const nSamples = 1000, nChannels = 4, nTrials = 20, fs = 1000, f1 = 20;
  const s1 = spy.synthdata.phase_diffusion({ nTrials, freq: f1, eps: 0.01, nChannels, nSamples, seed: testSeed }) as AD;
  const wn = spy.synthdata.white_noise({ nTrials, nChannels, nSamples, seed: testSeed }) as AD;
  const data = spy.add(s1, wn);
  const timeSpan = [-1, nSamples / fs - 1];
  const cfg = (): KW => ({ tapsmofrq: 2, foilim: [5, 60] });
  let spec: Spec;
  beforeAll(async () => {
    spec = await spy.freqanalysis(data, cfg(), { output: "fourier", keeptapers: true });
  });

  /**
   * Syncopy asserts PPC > 0.25 at 20 Hz and < 0.2 more than 5 Hz away. With 20 trials both hold for
   * Syncopy's numpy stream but not for others: Syncopy's recipe restated in numpy gives, over seeds
   * 1..40, a 20 Hz PPC down to 0.172 and an off-band maximum of 0.068 .. 0.363 (>= 0.2 for 8 to 19
   * of the 40 seeds, with pad maxperlen, nextpow2 or 2 s); spyts' stream gives 0.205 off-band with
   * nextpow2. The bounds here lie outside numpy's ranges. The script, condensed: seeds =
   * default_rng(s).integers(1_000_000, size=20); per trial x = phase_diffusion(20, .01) +
   * white_noise (as in test_timedep_coh's script, 1000 samples), de-meaned; tapers dpss(1000, 2, 3);
   * X = rfft(taper x, n=nfft) on the bins 5..60 Hz; S_k = mean over tapers of X0 conj(X1);
   * u = S/|S|; PPC = (|sum_k u_k|^2 - 20) / (20 * 19).
   */
  const ppcCheck = (res: CSD) => {
    const f = res.freq;
    expect(at(res, firstAtOrAbove(f, f1), 0, 1)).toBeGreaterThan(0.15);
    for (let k = 0; k < f.length; k++) if (f[k] < f1 - 5 || f[k] > f1 + 5) expect(at(res, k, 0, 1)).toBeLessThan(0.4);
  };

  test("test_timedep_ppc: high PPC at 20 Hz only early on, none at 50 Hz, where it lies below the (biased) coherence", async () => {
    expect(data.time[0].length).toBe(nSamples);
    const specTf = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: 0.3, foilim: [5, 100], output: "fourier" });
    const ppc = await spy.connectivityanalysis(specTf, { method: "ppc" });
    expect(Array.from(ppc.time[0])).toEqual(Array.from(data.time[0]));
    const coh = await spy.connectivityanalysis(specTf, { method: "coh" });
    const profile = (r: CSD, f: number) => (r.show({ frequency: f, channel_i: 0, channel_j: 1 }) as spy.NDArray).data;
    const ppc20 = profile(ppc, f1), ppc50 = profile(ppc, 50), coh50 = profile(coh, 50);
    expect(max(ppc20)).toBeGreaterThan(0.9);
    expect(Array.from(ppc20).indexOf(max(ppc20))).toBeLessThan(nSamples / 10);
    expect(max(ppc50)).toBeLessThan(0.2);
    for (let t = 0; t < nSamples; t++) expect(coh50[t]).toBeGreaterThan(ppc50[t]);
  });

  test("test_ppc_solution", async () => {
    await spectralSolution(data, spec, cfg(), "ppc", 1e-2, {}, ppcCheck);
  });

  test("test_ppc_channelcmb: equals the post-selection (atol 1e-15)", async () => {
    await channelcmbTest(spec, "ppc", nChannels, [[["channel2", "channel4"], ["channel4", "channel1"]], [[1, 2], [0, 3]]], 1e-15);
  });

  test("test_ppc_selections: coh with trials, channels and latency; ppc without latency: AnalogData and SpectralData paths agree (atol 1e-3)", async () => {
    const sel = mkSelection(nTrials, nChannels, timeSpan[0], timeSpan[1], 4);
    const result = await spy.connectivityanalysis(data, cfg(), { method: "coh", select: sel });
    const s = await spy.freqanalysis(data, cfg(), { output: "fourier", keeptapers: true, select: sel });
    const resultSpec = await spy.connectivityanalysis(s, { method: "coh" });
    expect(finiteNonNegative(result)).toBe(true);
    expect(allclose(trial0(result), trial0(resultSpec), 1e-3)).toBe(true);
    const noLat = { trials: sel.trials, channel: sel.channel };
    const rAd = await spy.connectivityanalysis(data, cfg(), { method: "ppc", select: noLat });
    const rSpec = await spy.connectivityanalysis(spec, { method: "ppc", select: noLat });
    expect(allclose(trial0(rAd), trial0(rSpec), 1e-3)).toBe(true);
  });

  test("test_ppc_foi: out-of-range and invalid foilims are refused, naming foilim", async () => {
    await badFoilimsRefused(data, "ppc");
  });

  test.each([[2], ["nextpow2"], ["maxperlen"]])("test_ppc_padding: pad %p keeps the solution", async (pad) => {
    await spectralSolution(data, spec, cfg(), "ppc", 1e-2, { pad }, ppcCheck);
  });

  test.each([[0], [1]])("test_ppc_polyremoval: polyremoval %p keeps the solution", async (polyremoval) => {
    await spectralSolution(data, spec, cfg(), "ppc", 1e-2, { polyremoval }, ppcCheck);
  });
});

// =================================================================================================
// backend/test_conn.py (through the public call, or the exported functions where Syncopy calls its backend)
// =================================================================================================

/** nTrials trials [N, 3] of cos(2 pi 40 t + phase shift) per channel plus unit white noise (SNR 1). */
function phaseShiftedHarmonics(nTrials: number, seed: number): AD {
  const nSamples = 1001, fs = 1000, shifts = [0, Math.PI / 2, Math.PI];
  const trials = Array.from({ length: nTrials }, (_, k) => {
    const noise = spy.synthdata.white_noise({ nTrials: null, nSamples, nChannels: 3, seed: seed + k }).data;
    const x = new Float64Array(nSamples * 3);
    for (let n = 0; n < nSamples; n++) for (let c = 0; c < 3; c++) x[n * 3 + c] = Math.cos(40 * 2 * Math.PI * (n / fs) + shifts[c]) + noise[n * 3 + c];
    return { data: x, shape: [nSamples, 3], dtype: "float64" as const };
  });
  return new spy.AnalogData({ data: trials, samplerate: fs });
}

/** A complex64 [1, F, C, C] result as float64 [F, C, C] (complex interleaved). */
const f64 = (r: CSD) => Float64Array.from(trial0(r));

describe("backend/test_conn.py", () => {
  test("test_coherence: the normalised trial average of single-trial hann CSDs (100 trials, SNR 1): a peak of (0.9, 1) within 5 Hz of 40 Hz, < 0.4 elsewhere", async () => {
    const data = phaseShiftedHarmonics(100, 1000);
    // csd.csd(taper="hann", norm=False) per trial, averaged, then normalize_csd: method "coh", taper hann
    const av = await spy.connectivityanalysis(data, { method: "csd", taper: "hann" });
    const Cij = await spy.connectivityanalysis(data, { method: "coh", taper: "hann" });
    expect(Cij.trials.get(0).shape).toEqual(av.trials.get(0).shape);
    expect(Cij.trials.get(0).shape).toEqual([1, 501, 3, 3]);
    const coh = pair(Cij, 0, 1);
    const peakVal = max(coh), peakIdx = coh.indexOf(peakVal), peakFreq = Cij.freq[peakIdx];
    expect(peakFreq).toBeGreaterThan(40 - 5);
    expect(peakFreq).toBeLessThan(40 + 5);
    expect(peakVal).toBeGreaterThan(0.9);
    expect(peakVal).toBeLessThan(1);
    for (let k = 0; k < coh.length; k++) if (k < peakIdx - 2 || k >= peakIdx + 2) expect(coh[k]).toBeLessThan(0.4);
  });

  test("test_csd: single-trial multitaper CSD (NW 4.004, 7 tapers) normalised: |coherency| peaks in (0.9, 1) within 5 Hz of 40 Hz", async () => {
    // bw = 8 Hz: NW = 1001 * 8 / 2000 = 4.004, Kmax = int(2 NW - 1) = 7; spyts' tapsmofrq 4 gives the same
    // (NW = tapsmofrq N / fs). A csd per trial needs a multi-trial input: trial 0 of two is the single trial.
    const data = phaseShiftedHarmonics(2, 2000);
    const per = await spy.connectivityanalysis(data, { method: "csd", tapsmofrq: 4, keeptrials: true });
    expect(per.log).toMatch(/nTaper = 7\n/);
    expect(per.log).toMatch(/NW = 4\.004\n/);
    const F = per.freq.length, C = 3;
    expect(per.trials.get(0).shape).toEqual([1, F, C, C]);
    const N = normalizeCrossSpectra(f64(per), F, C);
    const coh = Array.from({ length: F }, (_, f) => Math.hypot(N[2 * ((f * C + 0) * C + 1)], N[2 * ((f * C + 0) * C + 1) + 1]));
    const peakVal = max(coh), peakFreq = per.freq[coh.indexOf(peakVal)];
    expect(peakFreq).toBeGreaterThan(35);
    expect(peakFreq).toBeLessThan(45);
    expect(peakVal).toBeGreaterThan(0.9);
    expect(peakVal).toBeLessThan(1);
  });

  test("test_cross_cov: the normalised cross-covariance of cos and sin (30 Hz) is -sin over ceil(N/2) lags", async () => {
    const nSamples = 1001, fs = 1000;
    const cosine = Array.from({ length: nSamples }, (_, n) => Math.cos(2 * Math.PI * 30 * (n / fs)));
    const sine = Array.from({ length: nSamples }, (_, n) => Math.sin(2 * Math.PI * 30 * (n / fs)));
    const x = new Float64Array(2 * nSamples);
    for (let n = 0; n < nSamples; n++) { x[2 * n] = cosine[n]; x[2 * n + 1] = sine[n]; }
    const nLags = Math.ceil(nSamples / 2);
    // cross_covariance_cF(norm=True): a single trial normalised by its standard deviations, which is
    // corr with keeptrials; also the exported crossCovarianceTrial
    const one = new spy.AnalogData({ data: [{ data: x, shape: [nSamples, 2], dtype: "float64" }], samplerate: fs });
    const cc = await spy.connectivityanalysis(one, { method: "corr", keeptrials: true });
    expect(cc.trials.get(0).shape).toEqual([nLags, 1, 2, 2]);
    expect(lagCount(nSamples)).toBe(nLags);
    const direct = crossCovarianceTrial(x, nSamples, 2, 0, true);
    const cc01 = Array.from({ length: nLags }, (_, l) => trial0(cc)[l * 4 + 1]);
    const d01 = Array.from({ length: nLags }, (_, l) => direct[l * 4 + 1]);
    for (const c of [cc01, d01]) {
      // Syncopy's (one-sided) assertion
      for (let l = 0; l < nLags; l++) expect(c[l] + sine[l]).toBeLessThan(1e-5);
      // numpy (Syncopy's cross_covariance_cF restated): detrend 'constant'; fftconvolve(x0, x1[::-1],
      // "same")[N // 2:] / arange(N, N // 2, -1) / (std0 std1): max(cc + sin) = 7.6e-9,
      // max |cc + sin| = 4.0777e-5 (at lag 484)
      const dev = c.map((v, l) => Math.abs(v + sine[l]));
      expect(Math.abs(max(dev) - 4.0777e-5)).toBeLessThan(1e-6);
      expect(dev.indexOf(max(dev))).toBe(484);
    }
  });

  test("test_wilson: Wilson's factorisation of an AR(2) CSD (150 trials, hann) converges; H Sigma H^H reproduces it to 1e-6", async () => {
    const A = Float64Array.from(spy.synthdata.white_noise({ nTrials: null, nSamples: 100, nChannels: 2, seed: 3 }).data);
    expect(maxRelErr(A, A.map((a) => a + a * 1e-16))).toBeLessThan(1e-15);
    const fs = 200, C = 2;
    const data = spy.synthdata.ar2_network({ nSamples: 1000, samplerate: fs, nTrials: 150, seed: 11 }) as AD;
    const csdAv = await spy.connectivityanalysis(data, { method: "csd" }); // hann, the trial average (complex64)
    const S = f64(csdAv), F = csdAv.freq.length;
    expect(F).toBe(1000 / 2 + 1);
    const w = wilsonFactorization(S, F, C, { rtol: 1e-6 });
    expect(w.converged).toBe(true);
    // CSDfac = H Sigma H^H per frequency
    const fac = new Float64Array(S.length);
    for (let f = 0; f < F; f++) {
      for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) {
        let re = 0, im = 0;
        for (let k = 0; k < C; k++) for (let l = 0; l < C; l++) {
          const s = w.Sigma[k * C + l];
          const a = 2 * ((f * C + i) * C + k), b = 2 * ((f * C + j) * C + l);
          re += s * (w.H[a] * w.H[b] + w.H[a + 1] * w.H[b + 1]);
          im += s * (w.H[a + 1] * w.H[b] - w.H[a] * w.H[b + 1]);
        }
        fac[2 * ((f * C + i) * C + j)] = re;
        fac[2 * ((f * C + i) * C + j) + 1] = im;
      }
    }
    expect(maxRelErr(S, fac)).toBeLessThan(1e-6);
  });

  test("test_granger: 2 -> 1 coupled AR(2) pair, 100 trials of 1500 samples, NW 7.5 (14 tapers), demean_taper: cond < 1e2; G(1 -> 2) < 0.1, G(2 -> 1) > 0.7 at 40 Hz", async () => {
    const fs = 200, nSamples = 1500, nTrials = 100, C = 2;
    const data = spy.synthdata.ar2_network({ nSamples, samplerate: fs, nTrials, seed: 5 }) as AD;
    // bw = 2: NW = bw nSamples / (2 fs) = 7.5, Kmax = 14; spyts: tapsmofrq = NW fs / nSamples = 1
    const spec = await spy.freqanalysis(data, { tapsmofrq: 1, output: "fourier", keeptapers: true, demean_taper: true });
    expect(spec.trials.get(0).shape).toEqual([1, 14, nSamples / 2 + 1, C]);
    const csdAv = await spy.connectivityanalysis(spec, { method: "csd" });
    const S = f64(csdAv), F = csdAv.freq.length;
    // np.linalg.cond(CSDav).max() < 1e2 (the largest 2-norm condition number over frequencies)
    expect(regularizeCsd(S, F, C, { condMax: 1e2 }).initialCond).toBeLessThan(1e2);
    const w = wilsonFactorization(S, F, C); // wilson_sf's defaults (nIter 100, rtol 1e-6)
    const G = grangerCausality(S, w.H, w.Sigma, F, C);
    expect(G.length).toBe(F * C * C); // G.shape == CSDav.shape
    const freqIdx = firstAtOrAbove(csdAv.freq, 40);
    expect(csdAv.freq[freqIdx]).toBeGreaterThan(39);
    expect(csdAv.freq[freqIdx]).toBeLessThan(41);
    expect(G[(freqIdx * C + 0) * C + 1]).toBeLessThan(0.1);
    expect(G[(freqIdx * C + 1) * C + 0]).toBeGreaterThan(0.7);
  });
});
