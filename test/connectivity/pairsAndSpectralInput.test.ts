/**
 * connectivityanalysis with `channelcmb` (pairs of senders x receivers, pairwise Granger), with
 * complex SpectralData input (mtmfft and time-frequency spectra), Granger's jackknife checked
 * against leave-one-out runs through the public call, and the jackknife datasets through save/load.
 * Expectations of Syncopy's test_connectivity.py where they apply (channelcmb equals
 * post-selection; AnalogData and SpectralData inputs agree).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inspect } from "util";
import { tableFromIPC } from "apache-arrow";
import { AnalogData } from "../../src/data/analog";
import { SpectralData } from "../../src/data/spectral";
import { CrossSpectralData } from "../../src/data/crossspectral";
import { load } from "../../src/data/io";
import { NDArray } from "../../src/core/ndarray";
import { SPYValueError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";
import { freqanalysis } from "../../src/specest/freqanalysis";
import { connectivityanalysis } from "../../src/connectivity/connectivityanalysis";
import * as synth from "../../src/synthdata/collect";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-conn-pairs-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Syncopy's TestGranger network: 3 -> 1 (0.15), 3 -> 2 (0.25), 1 -> 0 (0.25). */
const AdjMat = [[0, 0, 0, 0], [0.25, 0, 0, 0], [0, 0, 0, 0], [0, 0.15, 0.25, 0]];
const data = synth.ar2_network({ AdjMat, nSamples: 400, samplerate: 200, nTrials: 60, seed: 42 }) as AnalogData;

const vals = (d: CrossSpectralData, k = 0) => d.trials[k].data;

/** Entries [f, rows, cols] of a [F, C, C] result (w values per entry). */
function post(full: ArrayLike<number>, F: number, C: number, rows: number[], cols: number[], w = 1): number[] {
  const out: number[] = [];
  for (let f = 0; f < F; f++) for (const r of rows) for (const c of cols) for (let q = 0; q < w; q++) out.push(full[((f * C + r) * C + c) * w + q]);
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("channelcmb: senders x receivers", () => {
  const cmb = [[0, 2], [1, 3, 0]];

  it.each([["coh", 1], ["csd", 2], ["ppc", 1], ["wpli", 1]] as const)("%s equals the post-selection of the full result, bit for bit", async (method, w) => {
    const full = await connectivityanalysis(data, { method, tapsmofrq: 2 });
    const pairs = await connectivityanalysis(data, { method, tapsmofrq: 2, channelcmb: cmb });
    const F = full.freq.length;
    expect(pairs.trials[0].shape).toEqual([1, F, 2, 3]);
    expect(pairs.channel_i).toEqual(["channel1", "channel3"]);
    expect(pairs.channel_j).toEqual(["channel2", "channel4", "channel1"]);
    expect(Array.from(vals(pairs))).toEqual(post(vals(full), F, 4, cmb[0], cmb[1], w));
  });

  it("names give the same as indices", async () => {
    const byIndex = await connectivityanalysis(data, { method: "coh", channelcmb: [[3], [1, 2]] });
    const byName = await connectivityanalysis(data, { method: "coh", channelcmb: [["channel4"], ["channel2", "channel3"]] });
    expect(Array.from(vals(byName))).toEqual(Array.from(vals(byIndex)));
  });

  it("granger: one 2 x 2 factorisation per pair, equal to a two-channel run; the coupled directions stand out", async () => {
    const senders = [3, 1], receivers = [1, 2, 0];
    const { result } = await captureWarnings(() => connectivityanalysis(data, { method: "granger", tapsmofrq: 1, channelcmb: [senders, receivers] }));
    const G = result as CrossSpectralData;
    const F = G.freq.length;
    expect(G.trials[0].shape).toEqual([1, F, 2, 3]);
    expect(Object.keys(G.info).sort()).toEqual(["converged", "initial cond. num", "max rel. err", "reg. factor"]);
    expect(G.info.converged).toBe(true);
    const g = vals(G);
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 3; b++) {
        const s = senders[a], r = receivers[b];
        if (s === r) {
          for (let f = 0; f < F; f++) expect(g[(f * 2 + a) * 3 + b]).toBe(0);
          continue;
        }
        const { result: two } = await captureWarnings(() => connectivityanalysis(data, { method: "granger", tapsmofrq: 1, select: { channel: [s, r] } }));
        const t = vals(two as CrossSpectralData);
        for (let f = 0; f < F; f++) expect(g[(f * 2 + a) * 3 + b]).toBe(t[(f * 2 + 0) * 2 + 1]);
      }
    }
    // 3 -> 2 (coupling 0.25) peaks near 40 Hz well above 2 -> 3; 1 -> 0 likewise
    const peak = (a: number, b: number) => Math.max(...Array.from({ length: F }, (_, f) => g[(f * 2 + a) * 3 + b]));
    expect(peak(0, 1)).toBeGreaterThan(0.25);
    expect(peak(1, 2)).toBeGreaterThan(0.25);
    const back = await captureWarnings(() => connectivityanalysis(data, { method: "granger", tapsmofrq: 1, channelcmb: [[2], [3]] }));
    const gb = vals(back.result as CrossSpectralData);
    expect(Math.max(...Array.from(gb))).toBeLessThan(peak(0, 1) / 4);
  });
});

describe("the raveled view (pairs x freq, mne-connectivity's 'raveled')", () => {
  it("rows are the channel pairs, channel_i-major; time-resolved results get a time axis last", async () => {
    const out = await connectivityanalysis(data, { method: "coh", channelcmb: [[0, 2], [1, 3, 0]] });
    const r = out.ravel();
    const F = out.freq.length;
    expect(r.data.shape).toEqual([6, F]);
    expect(r.channel_i).toEqual(["channel1", "channel1", "channel1", "channel3", "channel3", "channel3"]);
    expect(r.channel_j).toEqual(["channel2", "channel4", "channel1", "channel2", "channel4", "channel1"]);
    const t = vals(out);
    for (let p = 0; p < 6; p++) for (let f = 0; f < F; f += 7) expect(r.data.data[p * F + f]).toBe(t[(f * 2 + Math.floor(p / 3)) * 3 + (p % 3)]);
    expect(() => out.ravel(1)).toThrow(SPYValueError);
    const few = synth.ar2_network({ nSamples: 200, samplerate: 200, nTrials: 4, seed: 9 }) as AnalogData;
    const tf = await freqanalysis(few, { method: "mtmconvol", output: "fourier", t_ftimwin: 0.2, toi: [-0.7, -0.5], foi: [20, 40, 60] });
    const tr = (await connectivityanalysis(tf, { method: "plv" })).ravel();
    expect(tr.data.shape).toEqual([4, 3, 2]);
    expect(tr.time).toHaveLength(2);
  });
});

describe("SpectralData input (Syncopy's SpectralDyadicProduct)", () => {
  it("mtmfft hann fourier: coh equals the AnalogData path", async () => {
    const spec = await freqanalysis(data, { method: "mtmfft", output: "fourier", taper: "hann" });
    const a = await connectivityanalysis(data, { method: "coh" });
    const s = await connectivityanalysis(spec, { method: "coh" });
    expect(Array.from(s.freq)).toEqual(Array.from(a.freq));
    expect(maxAbsDiff(vals(s), vals(a))).toBeLessThan(1e-6);
    expect(s.cfg.freqanalysis).toBeDefined();
    expect(s.cfg.connectivityanalysis).toBeDefined();
    expect(s.log).toMatch(/spectral_dyadic_product_cF on 60 trials/);
  });

  it("dpss with keeptapers: csd and ppc equal the AnalogData path; tapsmofrq has no effect here (a warning)", async () => {
    const spec = await freqanalysis(data, { method: "mtmfft", output: "fourier", tapsmofrq: 3, keeptapers: true });
    for (const method of ["csd", "ppc"]) {
      const a = await connectivityanalysis(data, { method, tapsmofrq: 3 });
      const s = await connectivityanalysis(spec, { method });
      const scale = Math.max(...Array.from(vals(a), Math.abs));
      expect(maxAbsDiff(vals(s), vals(a)) / scale).toBeLessThan(1e-5);
    }
    const { warnings } = await captureWarnings(() => connectivityanalysis(spec, { method: "coh", tapsmofrq: 3 }));
    expect(warnings.join("\n")).toMatch(/'tapsmofrq' has no effect with SpectralData input/);
  });

  it("granger from the full mtmfft spectrum agrees with the AnalogData path (Syncopy: 2e-2); from a foilim spectrum it is an error", async () => {
    // Syncopy's TestGranger: 200 trials x 500 samples at 200 Hz
    const big = synth.ar2_network({ AdjMat, nSamples: 500, samplerate: 200, nTrials: 200, seed: 42 }) as AnalogData;
    // Syncopy's test_gr_solution: the spectra de-mean each tapered signal as the AnalogData stage does
    const spec = await freqanalysis(big, { method: "mtmfft", output: "fourier", tapsmofrq: 1, keeptapers: true, demean_taper: true });
    const a = await captureWarnings(() => connectivityanalysis(big, { method: "granger", tapsmofrq: 1 }));
    const s = await captureWarnings(() => connectivityanalysis(spec, { method: "granger" }));
    // Syncopy asks for 2e-2; here the same complex64 spectra go into the same products: equal bits
    expect(Array.from(vals(s.result as CrossSpectralData))).toEqual(Array.from(vals(a.result as CrossSpectralData)));
    const part = await freqanalysis(data, { method: "mtmfft", output: "fourier", foilim: [10, 60] });
    await expect(connectivityanalysis(part, { method: "granger" })).rejects.toThrow(/every FFT frequency 0 \.\. Nyquist/);
  });

  it("time-frequency fourier: connectivity per time bin across trials, on the input's time axis", async () => {
    const few = synth.ar2_network({ AdjMat: [[0, 0.2], [0, 0]], nSamples: 200, samplerate: 200, nTrials: 8, seed: 3 }) as AnalogData;
    const tf = await freqanalysis(few, { method: "mtmconvol", output: "fourier", t_ftimwin: 0.2, toi: [-0.7, -0.5, -0.3], foi: [20, 40] });
    const T = tf.trials[0].shape[0];
    expect(T).toBe(3);
    const coh = await connectivityanalysis(tf, { method: "coh", output: "complex" });
    expect(coh.trials[0].shape).toEqual([T, 2, 2, 2]);
    expect(Array.from(coh.time[0])).toEqual(Array.from(tf.time[0]));
    // coherency at (t, f) from the trials' spectra, restated here
    const z = vals(coh);
    for (let t = 0; t < T; t++) {
      for (let f = 0; f < 2; f++) {
        let sxy_re = 0, sxy_im = 0, sxx = 0, syy = 0;
        for (let k = 0; k < 8; k++) {
          const X = tf.trials[k].data; // [T, 1, F, 2] complex
          const o = 2 * ((t * 2 + f) * 2);
          const [xr, xi, yr, yi] = [X[o], X[o + 1], X[o + 2], X[o + 3]];
          sxy_re += xr * yr + xi * yi;
          sxy_im += xi * yr - xr * yi;
          sxx += xr * xr + xi * xi;
          syy += yr * yr + yi * yi;
        }
        const e = 2 * ((t * 2 + f) * 4 + 1);
        const norm = Math.sqrt(sxx * syy);
        expect(z[e]).toBeCloseTo(sxy_re / norm, 5);
        expect(z[e + 1]).toBeCloseTo(sxy_im / norm, 5);
      }
    }
    await expect(connectivityanalysis(tf, { method: "granger" })).rejects.toThrow(/time-resolved Granger causality is not available/);
  });

  it("trials with different numbers of time bins are an error naming the trial", async () => {
    const mk = (T: number): NDArray => ({ data: new Float32Array(2 * T * 2), shape: [T, 1, 1, 2], dtype: "complex64" });
    const spec = new SpectralData({ data: [mk(3), mk(3), mk(2)], samplerate: 10, freq: [5] });
    await expect(connectivityanalysis(spec, { method: "coh" })).rejects.toThrow(/trial 2 with 2 time bins \(trial 0 has 3\)/);
  });
});

describe("jackknife of Granger and the datasets through save/load", () => {
  const few = synth.ar2_network({ AdjMat: [[0, 0], [0.2, 0]], nSamples: 200, samplerate: 200, nTrials: 10, seed: 11 }) as AnalogData;

  it("jack_var and jack_bias equal the bias and variance of leave-one-out runs through the public call", async () => {
    const { result } = await captureWarnings(() => connectivityanalysis(few, { method: "granger", jackknife: true, tapsmofrq: 5 }));
    const out = result as CrossSpectralData;
    const direct = vals(out);
    const N = 10, n = direct.length;
    const reps: ArrayLike<number>[] = [];
    for (let k = 0; k < N; k++) {
      const trials = Array.from({ length: N }, (_, i) => i).filter((i) => i !== k);
      const r = await captureWarnings(() => connectivityanalysis(few, { method: "granger", tapsmofrq: 5, select: { trials } }));
      reps.push(vals(r.result as CrossSpectralData));
    }
    const bias = new Float64Array(n), variance = new Float64Array(n);
    for (let e = 0; e < n; e++) {
      const mean = reps.reduce((s, r) => s + r[e], 0) / N;
      bias[e] = (N - 1) * (mean - direct[e]);
      variance[e] = (N - 1) * reps.reduce((s, r) => s + (r[e] - mean) ** 2, 0);
    }
    // the replicates of a run and of a selection differ only in float rounding of the CSD sums
    const scale = Math.max(...Array.from(variance));
    expect(maxAbsDiff(out.jack_var!.data, variance) / scale).toBeLessThan(1e-3);
    expect(maxAbsDiff(out.jack_bias!.data, bias)).toBeLessThan(1e-3 * Math.max(...Array.from(bias, Math.abs)));
    expect(Math.max(...Array.from(bias, Math.abs))).toBeGreaterThan(1e-4);
  });

  it("save and load keep jack_var, jack_bias and Granger's info; the dataset files are plain Arrow", async () => {
    const { result } = await captureWarnings(() => connectivityanalysis(few, { method: "granger", jackknife: true, tapsmofrq: 5 }));
    const out = result as CrossSpectralData;
    const dir = await out.save(path.join(tmp, "granger"));
    expect(fs.readdirSync(dir).sort()).toEqual(expect.arrayContaining(["granger.crossspectral", "granger.crossspectral.jack_bias", "granger.crossspectral.jack_var"]));
    const back = (await load(dir)) as CrossSpectralData;
    expect(back).toBeInstanceOf(CrossSpectralData);
    expect(Array.from(back.jack_var!.data)).toEqual(Array.from(out.jack_var!.data));
    expect(back.jack_bias!.shape).toEqual(out.jack_bias!.shape);
    expect(Array.from(back.jack_bias!.data)).toEqual(Array.from(out.jack_bias!.data));
    expect(back.info).toEqual(out.info);
    const table = tableFromIPC(fs.readFileSync(path.join(dir, "granger.crossspectral.jack_var")));
    expect(table.numRows).toBe(1);
    // without jackknife: no datasets, and a plain container of one file
    const plain = await captureWarnings(() => connectivityanalysis(few, { method: "granger" }));
    expect((plain.result as CrossSpectralData).jack_var).toBeUndefined();
    expect((plain.result as CrossSpectralData).datasetNames()).toEqual([]);
  });

  it("the summary lists the datasets and Granger's info", async () => {
    const { result } = await captureWarnings(() => connectivityanalysis(few, { method: "granger", jackknife: true, tapsmofrq: 5 }));
    const text = inspect(result);
    const F = (result as CrossSpectralData).freq.length;
    expect(text).toContain(`jack_var [1, ${F}, 2, 2] float32`);
    expect(text).toContain("jack_bias");
    expect(text).toMatch(/converged: true/);
  });

  it("a dataset name must be an identifier", () => {
    const c = new CrossSpectralData();
    expect(() => c.setDataset("../x", { data: new Float32Array(1), shape: [1], dtype: "float32" })).toThrow(SPYValueError);
  });
});
