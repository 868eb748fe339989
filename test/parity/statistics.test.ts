/**
 * Syncopy's syncopy/tests/test_statistics.py (TestSumStatistics, TestJackknife) and
 * syncopy/tests/test_timelockanalysis.py (TestTimelockanalysis) against spyts' public API, with
 * Syncopy's inputs and parameters (spyts' seeded generators instead of numpy's random streams).
 * The reference values are numpy's definitions restated here on the trials (np.mean, np.var,
 * np.std, np.median along an axis), Syncopy's own bounds, or closed forms quoted where used.
 *
 * Ported here (what test/statistics/summaryStats.test.ts, itc.test.ts and timelockSyncopy.test.ts
 * do not already assert): test_dim_statistics on Syncopy's shapes (real lognormal SpectralData and
 * CrossSpectralData included) read back through `show()`, test_trial_statistics and
 * test_selections with Syncopy's samplerate-1 objects (all five selections), both of them again
 * with `parallel: true` (test_stat_parallel), test_exceptions' unequal trials made by
 * `spy.copy` + a trialdefinition assignment, test_itc with Syncopy's synthdata recipe and
 * mtmconvol's default toi, test_jk_coh, test_jk_frontend and test_jk_granger through
 * `connectivityanalysis(..., jackknife: true)`, and of test_timelockanalysis the avg/var identity
 * with spy.mean/spy.var of selectdata(latency="maxperiod"), the latency results without
 * keeptrials and test_parallel_selection's cfg sequence.
 *
 * Left out: the plots (no assertions in Syncopy); test_jk_avg and test_jk_csd, which call
 * Syncopy's internal `jackknifing.trial_avg_replicates` / `bias_var` (not part of spyts' public
 * API; the public jackknife of coh and granger is checked against numpy's replicates in
 * test/connectivity/phaseMeasures.test.ts); the `.selection is None` checks (spyts has no
 * in-place selections, README "Where spyts differs from Syncopy on purpose": the input is checked
 * unchanged instead); the dask cluster (spyts' `parallel: true` is its worker pool).
 * test_jk_granger's "outside 190-210 Hz" bound is restated on the closed-form causality (see
 * there: the true causality of Syncopy's AR(2) network is far from 0 within 172-227 Hz).
 */
import * as spy from "../../src";

jest.setTimeout(120_000);

afterAll(async () => {
  await spy.shutdown();
});

type Arr = { data: ArrayLike<number>; shape: number[] };

/** numpy.allclose(a, b) with numpy's defaults (rtol 1e-5, atol 1e-8), elementwise; equal shapes. */
function expectAllclose(a: Arr, b: Arr, rtol = 1e-5, atol = 1e-8): void {
  expect(a.shape).toEqual(b.shape);
  let worst = 0;
  for (let i = 0; i < b.data.length; i++) {
    const excess = Math.abs(a.data[i] - b.data[i]) - (atol + rtol * Math.abs(b.data[i]));
    if (!(excess <= 0)) worst = Math.max(worst, Number.isNaN(excess) ? Infinity : excess);
  }
  expect(worst).toBe(0);
}

const STATS: Record<string, (v: number[]) => number> = {
  mean: (v) => v.reduce((s, x) => s + x, 0) / v.length,
  var: (v) => {
    const m = STATS.mean(v);
    return v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length; // np.var, ddof 0
  },
  std: (v) => Math.sqrt(STATS.var(v)),
  median: (v) => {
    const s = [...v].sort((x, y) => x - y);
    const h = s.length >> 1;
    return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
  },
};

/** numpy's `op(a, axis=axis)` of a C-ordered array: the axis removed from the shape. */
function npReduce(a: Arr, axis: number, op: (v: number[]) => number): Arr {
  const outer = a.shape.slice(0, axis).reduce((p, n) => p * n, 1);
  const n = a.shape[axis];
  const inner = a.shape.slice(axis + 1).reduce((p, x) => p * x, 1);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const v: number[] = [];
      for (let k = 0; k < n; k++) v.push(a.data[(o * n + k) * inner + i]);
      out[o * inner + i] = op(v);
    }
  }
  return { data: out, shape: a.shape.filter((_, d) => d !== axis) };
}

/** numpy `a[..., idx along axis, ...]`. */
function npTake(a: Arr, axis: number, idx: number[]): Arr {
  const outer = a.shape.slice(0, axis).reduce((p, n) => p * n, 1);
  const n = a.shape[axis];
  const inner = a.shape.slice(axis + 1).reduce((p, x) => p * x, 1);
  const out = new Float64Array(outer * idx.length * inner);
  let w = 0;
  for (let o = 0; o < outer; o++) for (const k of idx) for (let i = 0; i < inner; i++) out[w++] = a.data[(o * n + k) * inner + i];
  const shape = [...a.shape];
  shape[axis] = idx.length;
  return { data: out, shape };
}

/** Trials stacked on a new leading axis (Syncopy's data.data reshaped to (nTrials, nSamples, ...)). */
function stackTrials(d: spy.ContinuousData, ids: number[]): Arr {
  const ts = ids.map((k) => d.trials.get(k));
  const data = new Float64Array(ts.reduce((s, t) => s + t.data.length, 0));
  let o = 0;
  for (const t of ts) {
    data.set(t.data as ArrayLike<number>, o);
    o += t.data.length;
  }
  return { data, shape: [ts.length, ...ts[0].shape] };
}

/** scipy.stats.norm.sf via Numerical Recipes' erfcc (relative error < 1.2e-7). */
function normSf(zScore: number): number {
  const x = zScore / Math.SQRT2;
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return 0.5 * (x >= 0 ? r : 2 - r);
}

// ------------------------------------------------------------------------------------------------
// TestSumStatistics

describe("test_statistics.py::TestSumStatistics", () => {
  const nTrials = 4, nChannels = 3, nSamples = 10, nFreq = 10, nTaper = 2;
  const mu = 2, sigma = 0.5;

  /** rng.lognormal(mu, sigma, size=(nTrials, ...trialShape)) as a list of trials (spyts' normal stream). */
  function lognormalTrials(trialShape: number[], seed: number): spy.NDArray[] {
    const size = trialShape.reduce((p, n) => p * n, 1);
    const z = spy.synthdata.white_noise({ nTrials: null, nSamples: nTrials * size, nChannels: 1, seed });
    return Array.from({ length: nTrials }, (_, k) => ({
      data: Float64Array.from((z.data as Float64Array).subarray(k * size, (k + 1) * size), (x) => Math.exp(mu + sigma * x)),
      shape: trialShape, dtype: "float64" as const,
    }));
  }

  const adata = new spy.AnalogData({ data: lognormalTrials([nSamples, nChannels], 42), samplerate: 1 });
  const specData = new spy.SpectralData({ data: lognormalTrials([nSamples, nTaper, nFreq, nChannels], 43), samplerate: 1 });
  const crossspecData = new spy.CrossSpectralData({ data: lognormalTrials([nSamples, nFreq, nChannels, nChannels], 44), samplerate: 1 });
  const dataTypes: spy.ContinuousData[] = [adata, specData, crossspecData];
  const OPS = ["mean", "var", "std", "median"] as const;
  const FN = { mean: spy.mean, var: spy.var, std: spy.std, median: spy.median };

  test("the objects: Syncopy's default time axis [-1, ..., 8] and freq axis [0, ..., 9] at samplerate 1", () => {
    expect(Array.from(adata.time[0])).toEqual([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(specData.freq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(specData.dimord).toEqual(["time", "taper", "freq", "channel"]);
    expect(crossspecData.dimord).toEqual(["time", "freq", "channel_i", "channel_j"]);
  });

  test("test_dim_statistics: every dim of the three classes, show()[1] against numpy; the dim's label", async () => {
    const testTrial = 1;
    for (const d of dataTypes) {
      for (const dim of d.dimord) {
        const axis = d.dimord.indexOf(dim);
        for (const op of OPS) {
          const res = await FN[op](d as never, { dim }) as spy.ContinuousData;
          // show returns the list of trials and squeezes the length-1 axis left by the statistic
          const shown = (res.show() as spy.NDArray[])[testTrial];
          const npyRes = npReduce(d.trials.get(testTrial), axis, STATS[op]);
          expectAllclose(shown, npyRes);
          if (dim === "time") expect(Array.from(res.time[testTrial])).toEqual([0]);
          else if (dim === "freq") expect(Array.from((res as spy.SpectralData).freq)).toEqual([0]);
          else expect((res as unknown as Record<string, string[]>)[dim]).toEqual([op]);
        }
      }
    }
  });

  for (const parallel of [false, true]) {
    // test_stat_parallel reruns test_selections and test_trial_statistics on a cluster
    const kw = { parallel };
    const run = async <T>(fn: () => Promise<T>): Promise<T> => (await spy.captureWarnings(fn)).result;

    test(`test_trial_statistics${parallel ? " (parallel)" : ""}: mean over trials of freqanalysis = keeptrials false; var and std over trials`, async () => {
      const spec = await spy.freqanalysis(adata, { keeptrials: true, ...kw });
      const spec1 = await run(() => spy.mean(spec, { dim: "trials", ...kw }));
      const spec2 = await spy.freqanalysis(adata, { keeptrials: false, ...kw });
      expect(spec1.nTrials).toBe(1);
      expectAllclose(spec1.trials.get(0), spec2.trials.get(0));

      for (const d of dataTypes) {
        const arr = stackTrials(d, [0, 1, 2, 3]);
        const spyVar = await run(() => spy.var(d as never, { dim: "trials", ...kw })) as spy.ContinuousData;
        expect(spyVar.nTrials).toBe(1);
        expectAllclose(spyVar.trials.get(0), npReduce(arr, 0, STATS.var));
        const spyStd = await run(() => spy.std(d as never, { dim: "trials", ...kw })) as spy.ContinuousData;
        expect(spyStd.nTrials).toBe(1);
        expectAllclose(spyStd.trials.get(0), npReduce(arr, 0, STATS.std));
      }
    });

    test(`test_selections${parallel ? " (parallel)" : ""}: statistics on selected trials, latency, channels and frequencies`, async () => {
      // 10 samples at samplerate 1: time is [-1, ..., 8]
      let res: spy.ContinuousData = await spy.mean(adata, { dim: "channel", select: { trials: [1, 3], latency: [2, 6] }, ...kw });
      expect(res.nTrials).toBe(2);
      expect(Math.min(...adata.time[0])).toBe(-1);
      expect(Math.min(...res.time[0])).toBe(2);
      expect(Math.max(...adata.time[0])).toBe(8);
      expect(Math.max(...res.time[0])).toBe(6);

      // freq axis is [0, ..., 9]
      const v = await run(() => spy.var(specData, { dim: "trials", select: { channel: [0, 2], frequency: [1, 5] }, ...kw }));
      expect(v.channel).toEqual(["channel1", "channel3"]);
      expect(Array.from(v.freq)).toEqual([1, 2, 3, 4, 5]);

      // the mean over trials 1 and 3 of the cross spectra: arr[1::2].mean(axis=0)
      res = await run(() => spy.mean(crossspecData, { dim: "trials", select: { trials: [1, 3] }, ...kw }));
      expectAllclose(res.trials.get(0), npReduce(stackTrials(crossspecData, [1, 3]), 0, STATS.mean));

      // channels 0 and 2 averaged, dimord (time, taper, freq, channel): data[..., ::2].mean(axis=-1), trial 0
      res = await spy.mean(specData, { dim: "channel", select: { channel: [0, 2] }, ...kw });
      expectAllclose(res.show({ trials: 0 }) as spy.NDArray, npReduce(npTake(specData.trials.get(0), 3, [0, 2]), 3, STATS.mean));

      // frequencies 1 to 4: np.median(data[..., 1:5, :], axis=2), trial 1
      res = await spy.median(specData, { dim: "freq", select: { frequency: [1, 4] }, ...kw });
      expectAllclose(res.show({ trials: 1 }) as spy.NDArray, npReduce(npTake(specData.trials.get(1), 2, [1, 2, 3, 4]), 2, STATS.median));
    });
  }

  test("test_exceptions: an unknown dim; trials of different shape over trials (a copy with trial 2 recut)", async () => {
    await expect(spy.mean(adata, { dim: "sth" })).rejects.toThrow(spy.SPYValueError);
    // Syncopy: "expected one of ['time', 'channel']"; spyts names "trials" too
    await expect(spy.mean(adata, { dim: "sth" })).rejects.toThrow(/one of "time", "channel"/);

    const before = adata.trialdefinition;
    const adataCpy = spy.copy(adata);
    const trldef = adataCpy.trialdefinition;
    trldef[2] = [21, 25, -1];
    adataCpy.trialdefinition = trldef;
    await expect(spy.mean(adataCpy, { dim: "trials" })).rejects.toThrow(spy.SPYValueError);
    await expect(spy.mean(adataCpy, { dim: "trials" })).rejects.toThrow(/found trials of different shape/);
    // the original is untouched
    expect(adata.trialdefinition).toEqual(before);
    expect(adata.trials.get(2).shape).toEqual([nSamples, nChannels]);
  });
});

// ------------------------------------------------------------------------------------------------
// test_itc

describe("test_statistics.py::TestSumStatistics::test_itc", () => {
  test("white noise + in-phase 60 Hz + 30 Hz drifting over trials: ITC of mtmfft (keeptapers) and mtmconvol", async () => {
    let adata = spy.synthdata.white_noise({ nTrials: 100, nSamples: 1000, nChannels: 2, samplerate: 500, seed: 42 });
    // add a simple 60 Hz harmonic
    adata = spy.add(adata, spy.synthdata.harmonic({ nTrials: 100, freq: 60, nSamples: 1000, nChannels: 2, samplerate: 500 }));
    // a 30 Hz cosine whose frequency rises by 2/100 Hz per trial, same initial phase at the trial start
    const time0 = adata.time[0];
    let freq = 30;
    const dfreq = 2 / 100;
    const trials: spy.NDArray[] = [];
    for (let k = 0; k < adata.nTrials; k++) {
      const x = Float64Array.from(adata.trials.get(k).data as ArrayLike<number>);
      for (let i = 0; i < time0.length; i++) {
        const dat = Math.cos(2 * Math.PI * freq * (time0[i] + 1));
        x[2 * i] += dat;
        x[2 * i + 1] += dat;
      }
      trials.push({ data: x, shape: [time0.length, 2], dtype: "float64" });
      freq += dfreq;
    }
    adata = new spy.AnalogData({ data: trials, samplerate: 500 });

    const tfSpec = await spy.freqanalysis(adata, { method: "mtmconvol", t_ftimwin: 0.5, output: "fourier", foilim: [0, 100] });
    // taper averaging too
    const spec = await spy.freqanalysis(adata, { foilim: [0, 100], output: "fourier", tapsmofrq: 1, keeptapers: true });
    expect(spec.taper.length).toBeGreaterThan(1);

    const itc = await spy.itc(spec);
    const tfItc = await spy.itc(tfSpec);
    expect(tfItc).toBeInstanceOf(spy.SpectralData);

    const minMax = (a: ArrayLike<number>): [number, number] => {
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < a.length; i++) { lo = Math.min(lo, a[i]); hi = Math.max(hi, a[i]); }
      return [lo, hi];
    };
    // np.imag(itc) == 0: a real dtype
    expect(itc.dtype).not.toMatch(/complex/);
    const [lo, hi] = minMax(itc.trials.get(0).data);
    expect(hi).toBeLessThanOrEqual(1);
    expect(lo).toBeGreaterThanOrEqual(0);
    // high ITC at the in-phase 60 Hz, low (time averaged) ITC at the drifting 30 Hz
    expect(Array.from((itc.show({ frequency: 60 }) as spy.NDArray).data).every((x) => x > 0.6)).toBe(true);
    expect(Array.from((itc.show({ frequency: 30 }) as spy.NDArray).data).every((x) => x < 0.25)).toBe(true);

    expect(tfItc.dtype).not.toMatch(/complex/);
    const [tlo, thi] = minMax(tfItc.trials.get(0).data);
    expect(thi).toBeLessThanOrEqual(1);
    expect(tlo).toBeGreaterThanOrEqual(0);
    expectAllclose({ data: tfItc.time[0], shape: [tfItc.time[0].length] }, { data: tfSpec.time[0], shape: [tfSpec.time[0].length] });
    // toi "all" (Syncopy's default): one window per sample
    expect(tfItc.time[0].length).toBe(1000);
  });
});

// ------------------------------------------------------------------------------------------------
// TestJackknife

describe("test_statistics.py::TestJackknife", () => {
  test("test_jk_coh: white noise coherence within the 95% bound; the jackknife finds no significant coherence", async () => {
    const nTrials = 50, nSamples = 1000;
    const showKwargs = { channel_i: 0, channel_j: 1 };
    const adata = spy.synthdata.white_noise({ nTrials, nSamples, seed: 42 });
    const output = "pow";

    // direct estimate
    const coh = await spy.connectivityanalysis(adata, { method: "coh", output });
    const c01 = (coh.show(showKwargs) as spy.NDArray).data;
    const F = coh.freq.length;
    // Syncopy: fewer than 5% of the bins above the one-sided 95% bound 0.06 for 50 trials
    // (Amos & Koopmans). Closed form: |C|^2 of 50 trials of independent Gaussian noise is
    // Beta(1, 49), P(|C|^2 > 0.06) = 0.94^49 = 0.048, mean 1/50.
    expect(Array.from(c01).filter((x) => x > 0.06).length / F).toBeLessThan(0.05);
    // the mean over the 501 bins: sd of Beta(1, 49) is 0.0196, so its sd is ~0.0012 (~250
    // independent bins, neighbours of the Hann taper correlate); 0.004 is > 3 sd
    const meanC = Array.from(c01).reduce((s, x) => s + x, 0) / F;
    expect(Math.abs(meanC - 1 / nTrials)).toBeLessThan(0.004);

    // the frontend's jackknife (Syncopy asserts it equals bias_var of the coherence replicates)
    const res = await spy.connectivityanalysis(adata, { method: "coh", jackknife: true, output });
    const bias = res.jack_bias!, variance = res.jack_var!;
    expect(bias.shape).toEqual(res.trials.get(0).shape);
    // here there is some actual bias
    expect(Array.from(bias.data).some((b) => Math.abs(b) > 1e-5)).toBe(true);
    // the estimate is the direct one
    expectAllclose(res.trials.get(0), coh.trials.get(0));

    // z-scores of the bias-corrected estimate against |C|^2 = 0, SEM = sqrt(var / nTrials);
    // normSf against scipy.stats.norm.sf([-0.5, 1.6448536269514722, 3]) = [0.69146246, 0.05, 0.0013499]
    expect(normSf(-0.5)).toBeCloseTo(0.69146246, 6);
    expect(normSf(1.6448536269514722)).toBeCloseTo(0.05, 6);
    expect(normSf(3)).toBeCloseTo(0.0013499, 6);
    let significant = 0;
    for (let f = 0; f < F; f++) {
      const k = (f * 2 + 0) * 2 + 1; // [0, f, 0, 1]
      const zs = (c01[f] - bias.data[k]) / Math.sqrt(variance.data[k] / nTrials);
      if (normSf(zs) < 0.05) significant++;
    }
    expect(significant / F).toBeLessThan(0.05);
  });

  test("test_jk_frontend: jackknife must be a boolean; no jack_var / jack_bias without jackknifing", async () => {
    // [i * randn(5, 3) for i in range(3)] at samplerate 7
    const z = spy.synthdata.white_noise({ nTrials: null, nSamples: 5, nChannels: 3, seed: 7 });
    const adata = new spy.AnalogData({
      data: [0, 1, 2].map((i) => ({ data: Float64Array.from(z.data as ArrayLike<number>, (x) => i * x), shape: [5, 3], dtype: "float64" as const })),
      samplerate: 7,
    });
    // Syncopy: SPYTypeError "expected boolean"
    await expect(spy.connectivityanalysis(adata, { method: "coh", jackknife: 3 } as never)).rejects.toThrow(spy.SPYTypeError);
    await expect(spy.connectivityanalysis(adata, { method: "coh", jackknife: 3 } as never)).rejects.toThrow(/jackknife.*true or false/);
    for (const kw of [{ method: "corr" }, { method: "coh", jackknife: false }, { method: "granger", jackknife: false }]) {
      // granger on 3 trials of 3 channels warns (too few trials, trial 0 is all zeros)
      const res = (await spy.captureWarnings(() => spy.connectivityanalysis(adata, kw as never))).result as spy.CrossSpectralData;
      expect(res.jack_var).toBeUndefined();
      expect(res.jack_bias).toBeUndefined();
    }
  });

  test("test_jk_granger: weak AR(2) coupling 1 -> 0 detected around 200 Hz, none where the causality is ~0", async () => {
    const nTrials = 35;
    const AdjMat = [[0, 0], [0.025, 0]]; // weak coupling 1 -> 0
    const adata = spy.synthdata.ar2_network({ nTrials, AdjMat, seed: 42 });
    const flims = [190, 210]; // true causality at 200 Hz

    const res = await spy.connectivityanalysis(adata, { method: "granger", jackknife: true, tapsmofrq: 5 });
    // there will be bias
    expect(Array.from(res.jack_bias!.data).some((b) => Math.abs(b) > 1e-5)).toBe(true);
    const g10 = (res.show({ channel_i: 1, channel_j: 0 }) as spy.NDArray).data;
    const freq = res.freq;
    const pvals = Array.from(freq, (_, f) => {
      const k = (f * 2 + 1) * 2 + 0; // [0, f, 1, 0]
      const sem = Math.sqrt(res.jack_var!.data[k] / nTrials);
      return normSf((g10[f] - res.jack_bias!.data[k]) / sem);
    });

    // Syncopy: at least 80% of the bins strictly inside 190-210 Hz significant at 5%
    const inside = pvals.filter((_, f) => freq[f] > flims[0] && freq[f] < flims[1]);
    expect(inside.length).toBe(19);
    expect(inside.filter((p) => p < 0.05).length / inside.length).toBeGreaterThan(0.8);

    // Syncopy: > 95% of the bins outside 190-210 Hz have p > 0.05. The network's spectral Granger
    // causality in closed form (Geweke, unit noise covariance; A1 = 0.55 I + AdjMat^T, A2 = -0.8 I,
    // H = (I - A1 z - A2 z^2)^-1, z = exp(-2 pi i f / 1000)) is G(f) = ln(1 + |H01|^2 / |H00|^2)
    // = ln(1 + 0.025^2 / |1 - 0.55 z + 0.8 z^2|^2): 0.0171 at 200 Hz, still 0.0131 at 190 and
    // 210 Hz and above 0.005 from 172 to 227 Hz. Bins there are true positives, so whether
    // Syncopy's bound holds depends on the random stream (spyts' seed 42: 93.8%; seeds 1-7:
    // 92.3-98.1%). Restated on the bins where G(f) < 0.001 (G < 6% of its peak; 349 bins):
    const G = (f: number): number => {
      const w = (2 * Math.PI * f) / 1000;
      const zr = Math.cos(w), zi = -Math.sin(w);
      const dr = 1 - 0.55 * zr + 0.8 * (zr * zr - zi * zi), di = -0.55 * zi + 0.8 * 2 * zr * zi;
      return Math.log(1 + 0.025 ** 2 / (dr * dr + di * di));
    };
    // python3: import numpy as np; z = np.exp(-2j*np.pi*200/1000)
    //   H = np.linalg.inv(np.eye(2) - np.array([[.55, .025], [0, .55]])*z + .8*np.eye(2)*z**2)
    //   np.log(1 + abs(H[0, 1])**2/abs(H[0, 0])**2)  ->  0.017108865106389804
    expect(G(200)).toBeCloseTo(0.017108865106389804, 12);
    const h0 = pvals.filter((_, f) => G(freq[f]) < 0.001);
    expect(h0.length).toBeGreaterThan(300);
    expect(h0.filter((p) => p > 0.05).length / h0.length).toBeGreaterThan(0.95);
  });
});

// ------------------------------------------------------------------------------------------------
// TestTimelockanalysis

describe("test_timelockanalysis.py::TestTimelockanalysis", () => {
  const nTrials = 10, nChannels = 3, nSamples = 500, fs = 200;

  /** Syncopy's trial sizes, the original interval being [-1, 1.495] s. */
  function recut<T extends spy.AnalogData>(data: T): T {
    const trldef = data.trialdefinition;
    trldef[1] = [500, 700, -200]; // [-1, -0.005] s
    trldef[2] = [680, 960, -20]; // [-0.1, 1.295] s
    trldef[3] = [1000, 1200, -100]; // [-0.5, 0.495] s
    data.trialdefinition = trldef;
    return data;
  }

  const adata = recut(spy.synthdata.white_noise({ nTrials, samplerate: fs, nSamples, nChannels, seed: 42 }));
  const trl0 = adata.trialdefinition;
  // overlap in samples: (min of the trial ends - max of the trial starts) * fs + 1
  const starts = trl0.map((r) => r[2] / fs), ends = trl0.map((r) => (r[2] + r[1] - r[0] - 1) / fs);
  const overlap = Math.round((Math.min(...ends) - Math.max(...starts)) * fs) + 1;
  const quiet = async <T>(fn: () => Promise<T>): Promise<T> => (await spy.captureWarnings(fn)).result;

  test("test_timelockanalysis: avg and var are spy.mean and spy.var over selectdata(latency='maxperiod')", async () => {
    const data = recut(spy.synthdata.phase_diffusion({
      nTrials: 300, rand_ini: false, samplerate: fs, nSamples, nChannels, freq: 40, eps: 0.01, seed: 42,
    }));
    const cfg = { latency: "maxperiod", covariance: true, keeptrials: false };
    const tld = await quiet(() => spy.timelockanalysis(data, cfg));
    expect(tld).toBeInstanceOf(spy.TimeLockData);
    expect(new Set(Array.from({ length: tld.nTrials }, (_, k) => tld.time[k].length)).size).toBe(1);

    const ad = await quiet(() => spy.selectdata(data, { latency: "maxperiod" }));
    expect(data.nTrials - ad.nTrials).toBe(3);
    const avg = await spy.mean(ad, { dim: "trials" });
    const variance = await spy.var(ad, { dim: "trials" });
    expectAllclose(avg.trials.get(0), tld.avg!);
    expectAllclose(variance.trials.get(0), tld.var!);
  });

  test("test_latency: minperiod, prestim, poststim and [-0.1, 0.5] without keeptrials (the average's window)", async () => {
    // unequal trials
    // np.any(np.diff(sampleinfo, n=2, axis=0) != 0)
    const si = adata.sampleinfo;
    expect(si.slice(2).some((r, k) => [0, 1].some((c) => r[c] - 2 * si[k + 1][c] + si[k][c] !== 0))).toBe(true);
    let tld = await quiet(() => spy.timelockanalysis(adata, { latency: "minperiod" }));
    expect(tld.sampleinfo.every(([a, b]) => b - a === overlap)).toBe(true);
    tld = await quiet(() => spy.timelockanalysis(adata, { latency: "prestim" }));
    expect(Array.from(tld.time[0]).every((t) => t <= 0)).toBe(true);
    expect(tld.dof!.data[0]).toBe(nTrials - 3);
    tld = await quiet(() => spy.timelockanalysis(adata, { latency: "poststim" }));
    expect(Array.from(tld.time[0]).every((t) => t >= 0)).toBe(true);
    expect(tld.dof!.data[0]).toBe(nTrials - 3);
    tld = await quiet(() => spy.timelockanalysis(adata, { latency: [-0.1, 0.5] }));
    expect(tld.dof!.data[0]).toBe(nTrials - 2);
    // no dangling selection (spyts has none to leave): the input is as before
    expect(adata.trialdefinition).toEqual(trl0);
  });

  test("test_exceptions leave the input as it was", async () => {
    for (const latency of ["sth", [0.1, 0], [-999, -99], [99, 999]]) {
      await expect(spy.timelockanalysis(adata, { latency } as never)).rejects.toThrow(spy.SPYValueError);
    }
    await expect(spy.timelockanalysis(adata, { trials: 0, select: { trials: 8 } })).rejects.toThrow(/expected either `trials != 'all'`/);
    expect(adata.trialdefinition).toEqual(trl0);
    // and a run afterwards sees all trials
    const tld = await quiet(() => spy.timelockanalysis(adata, { latency: "minperiod", keeptrials: true }));
    expect(tld.nTrials).toBe(nTrials);
  });

  test("test_parallel_selection: Syncopy's cfg sequence (minperiod, parallel, select, trials)", async () => {
    const cfg: Record<string, unknown> = { latency: "minperiod", parallel: true };
    let tld = await quiet(() => spy.timelockanalysis(adata, cfg));
    expect(Array.from(tld.trials.get(0).data as ArrayLike<number>).some(Number.isNaN)).toBe(false);

    cfg.select = { channel: 0 };
    tld = await quiet(() => spy.timelockanalysis(adata, cfg));
    expect(tld.channel.every((c) => !c.includes("channel2"))).toBe(true);
    expect(adata.trialdefinition).toEqual(trl0);

    // FieldTrip's trials keyword (Syncopy's TimeLockData holds the trials: keeptrials here)
    cfg.trials = [5, 6];
    cfg.select = null;
    cfg.keeptrials = true;
    tld = await quiet(() => spy.timelockanalysis(adata, cfg));
    expect(tld.nTrials).toBe(2);
    expect(adata.trialdefinition).toEqual(trl0);

    // the same through the selection, with the default latency (maxperiod of trials 5 and 6)
    const tld2 = await quiet(() => spy.timelockanalysis(adata, { select: { trials: [5, 6] }, keeptrials: true }));
    for (let k = 0; k < 2; k++) expect(Array.from(tld2.trials.get(k).data)).toEqual(Array.from(tld.trials.get(k).data));
    expect(Array.from(tld2.avg!.data)).toEqual(Array.from(tld.avg!.data));
  });
});
