/**
 * freqanalysis(method="mtmconvol" | "welch"): Syncopy's acceptance checks (reference §4.2, cases
 * 7, 8, 11), window placement checked against a direct DFT, identities between the methods, and
 * validation.
 */
import * as spy from "../../src";

function signal(fs: number, n: number, fn: (t: number, c: number) => number, nTrials = 1, nChannels = 1, seed = 1): spy.AnalogData {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const trials: spy.NDArray[] = [];
  for (let k = 0; k < nTrials; k++) {
    const data = new Float64Array(n * nChannels);
    for (let i = 0; i < n; i++) for (let c = 0; c < nChannels; c++) data[i * nChannels + c] = fn(i / fs, c) + (fn === noise ? rand() : 0);
    trials.push({ data, shape: [n, nChannels], dtype: "float64" });
  }
  return new spy.AnalogData({ data: trials, samplerate: fs });
}
const noise = () => 0;

/** Syncopy's normalised hann window and sqrt(2)/n spectrum scale, by a direct DFT (independent of the FFT code). */
function directFramePower(x: Float64Array, centre: number, nperseg: number, freqBin: number): number {
  const half = Math.floor(nperseg / 2);
  const seg = new Float64Array(nperseg);
  for (let i = 0; i < nperseg; i++) {
    const j = centre - half + i;
    seg[i] = j >= 0 && j < x.length ? x[j] : 0;
  }
  const mean = seg.reduce((a, b) => a + b, 0) / nperseg;
  const w = Array.from({ length: nperseg }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (nperseg - 1)));
  const wsum = w.reduce((a, b) => a + b, 0);
  const scale = Math.sqrt(4 / 3) * Math.sqrt(nperseg / wsum) * (Math.SQRT2 / nperseg);
  let re = 0;
  let im = 0;
  for (let i = 0; i < nperseg; i++) {
    const v = (seg[i] - mean) * w[i] * scale;
    re += v * Math.cos((2 * Math.PI * freqBin * i) / nperseg);
    im -= v * Math.sin((2 * Math.PI * freqBin * i) / nperseg);
  }
  return re * re + im * im;
}

describe("mtmconvol time axis (Syncopy TestMTMConvol.test_tf_toi)", () => {
  const data = signal(1000, 3000, (t) => Math.sin(2 * Math.PI * 40 * t) * (1 + t), 2);

  test.each([[0.9, 0.5], [0.75, 0.5], [0.9, 1.0], [0.75, 1.0]])("toi=%p, t_ftimwin=%p: time step = t_ftimwin (1 - toi)", async (toi, win) => {
    const s = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: win, toi });
    const step = win * (1 - toi);
    expect(1 / s.samplerate).toBeCloseTo(step, 9);
    const t = s.time[0];
    expect(t[0]).toBeCloseTo(-1, 9);
    expect(t[1] - t[0]).toBeCloseTo(step, 9);
    expect(t.length).toBe(Math.ceil(3000 / Math.round(step * 1000)));
  });

  test('toi="all" and toi=1.0 give one estimate per sample', async () => {
    const all = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: 0.1, toi: "all" });
    const one = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: 0.1, toi: 1.0 });
    expect(all.samplerate).toBe(1000);
    expect(all.time[0].length).toBe(3000);
    expect(Array.from(one.trials.get(1).data)).toEqual(Array.from(all.trials.get(1).data));
  });

  test("a toi array gives time == toi and samplerate 1/dtoi", async () => {
    const toi = [-0.5, -0.25, 0, 0.25, 0.5];
    const s = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: 0.2, toi });
    expect(s.samplerate).toBeCloseTo(4, 9);
    for (const k of [0, 1]) toi.forEach((v, i) => expect(s.time[k][i]).toBeCloseTo(v, 9));
  });

  test("windows centred exactly on a dense toi array (steps of a quarter window), checked by a direct DFT", async () => {
    const fs = 1000;
    const raw = Float64Array.from({ length: 2000 }, (_, i) => Math.sin(2 * Math.PI * 30 * (i / fs)) * (i > 900 && i < 1300 ? 3 : 1) + 0.3 * Math.cos(i * 0.77));
    const d = new spy.AnalogData({ data: [{ data: raw, shape: [2000, 1], dtype: "float64" }], samplerate: fs });
    const toi = Array.from({ length: 37 }, (_, i) => -0.95 + i * 0.025); // 25 ms steps, 100 ms windows
    const s = await spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.1, toi, foi: [30] });
    const got = s.trials.get(0).data;
    expect(got.length).toBe(toi.length);
    toi.forEach((t, j) => {
      const centre = Math.round((t + 1) * fs);
      const want = directFramePower(raw, centre, 100, 3);
      expect(Math.abs(got[j] - want)).toBeLessThanOrEqual(1e-5 * Math.max(want, 1e-3));
    });
  });

  test('toi="all" equals a toi array holding every sample time', async () => {
    const all = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: 0.05, toi: "all", select: { trials: [0] } });
    const times = Array.from(all.time[0]).slice(0, 200);
    const arr = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: 0.05, toi: times, select: { trials: [0] } });
    const a = all.trials.get(0).data;
    const b = arr.trials.get(0).data;
    const per = all.freq.length;
    for (let i = 0; i < 200 * per; i++) expect(b[i]).toBeCloseTo(a[i], 6);
  });
});

describe("mtmconvol values", () => {
  test("a bin-centred cosine of amplitude A peaks at (A^2/2)(4/3)(sum w)/N in every full hann window", async () => {
    // Syncopy's hann normalisation spreads A^2/2 over the main lobe; the peak bin holds
    // (4/3) sum(w)/N of it, sum(w) = (N-1)/2 for the symmetric hann window
    const d = signal(1000, 2000, (t) => 3 * Math.cos(2 * Math.PI * 50 * t));
    const s = await spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.2, toi: 0.5, foi: [50] });
    const p = s.trials.get(0).data;
    const want = 4.5 * (4 / 3) * (199 / 2 / 200);
    for (let j = 2; j < p.length - 2; j++) expect(p[j]).toBeCloseTo(want, 3);
  });

  test("dpss multitapering: tapers kept with keeptapers, averaged power otherwise", async () => {
    const d = signal(1000, 1000, (t) => Math.cos(2 * Math.PI * 50 * t), 2);
    const kept = await spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.5, toi: 0.5, tapsmofrq: 2, keeptapers: true, output: "fourier" });
    // NW from the mean trial length (1000 samples): 2 * 1000 / 1000 = 2 -> 3 tapers
    expect(kept.taper).toEqual(["dpss0", "dpss1", "dpss2"]);
    const avg = await spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.5, toi: 0.5, tapsmofrq: 2 });
    expect(avg.taper).toEqual(["dpss0"]);
    const k = kept.trials.get(0);
    const a = avg.trials.get(0);
    const [T, K, F, C] = k.shape;
    for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) {
      let m = 0;
      for (let j = 0; j < K; j++) {
        const o = 2 * (((t * K + j) * F + f) * C);
        m += (k.data[o] ** 2 + k.data[o + 1] ** 2) / K;
      }
      expect(a.data[t * F + f]).toBeCloseTo(m, 5);
    }
  });

  test("foi and foilim select the matching slices of the full spectrum (Syncopy test_tf_solution)", async () => {
    const d = signal(1000, 2000, (t) => Math.sin(2 * Math.PI * (30 + 20 * t) * t), 1);
    const full = await spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.2, toi: 0.5 });
    expect(full.freq[1]).toBeCloseTo(5, 12);
    const lim = await spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.2, toi: 0.5, foilim: [20, 60] });
    const foi = await spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.2, toi: 0.5, foi: [20.4, 40, 59.9] });
    expect(Array.from(lim.freq)).toEqual([20, 25, 30, 35, 40, 45, 50, 55, 60]);
    expect(Array.from(foi.freq)).toEqual([20, 40, 60]);
    const F = full.freq.length;
    const fd = full.trials.get(0).data;
    const ld = lim.trials.get(0).data;
    const T = full.time[0].length;
    for (let t = 0; t < T; t++) for (let f = 0; f < 9; f++) expect(ld[t * 9 + f]).toBe(fd[t * F + 4 + f]);
  });

  test("parallel equals sequential", async () => {
    const d = signal(500, 1000, (t, c) => Math.sin(2 * Math.PI * (10 + c * 5) * t), 4, 3);
    const seq = await spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.2, toi: 0.8, output: "fourier" });
    const par = await spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.2, toi: 0.8, output: "fourier", parallel: true });
    for (let k = 0; k < 4; k++) expect(Array.from(par.trials.get(k).data)).toEqual(Array.from(seq.trials.get(k).data));
  });
});

describe("welch (Syncopy test_welch)", () => {
  const d = signal(1000, 20000, noise, 2, 3, 7);

  test("mtmconvol gives 80 windows over 2 x 20 s; welch one estimate per trial, one with keeptrials=false", async () => {
    const conv = await spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.5, toi: 0 });
    expect(conv.trials.get(0).shape[0] + conv.trials.get(1).shape[0]).toBe(80);
    const w = await spy.freqanalysis(d, { method: "welch", t_ftimwin: 0.5, toi: 0 });
    expect(w.trials.length).toBe(2);
    expect(w.trials.get(0).shape).toEqual([1, 1, 251, 3]);
    const avg = await spy.freqanalysis(d, { method: "welch", t_ftimwin: 0.5, toi: 0, keeptrials: false });
    expect(avg.trials.length).toBe(1);
    // welch = the mean over windows of mtmconvol power; trial average = mean of the trials
    const c0 = conv.trials.get(0);
    const [T, , F, C] = c0.shape;
    const w0 = w.trials.get(0).data;
    for (let i = 0; i < F * C; i += 37) {
      let m = 0;
      for (let t = 0; t < T; t++) m += c0.data[t * F * C + i] / T;
      expect(w0[i]).toBeCloseTo(m, 6);
      expect(avg.trials.get(0).data[i]).toBeCloseTo((w0[i] + w.trials.get(1).data[i]) / 2, 6);
    }
    const dp = await spy.freqanalysis(d, { method: "welch", t_ftimwin: 0.5, toi: 0, tapsmofrq: 2 });
    expect(dp.taper.length).toBe(1);
  });

  test("window counts on 30 s of noise (foilim [10, 70])", async () => {
    const n = signal(1000, 30000, noise, 1, 1, 3);
    const a = await spy.freqanalysis(n, { method: "mtmconvol", t_ftimwin: 0.25, toi: 0, foilim: [10, 70] });
    expect(a.trials.get(0).shape.slice(0, 3)).toEqual([120, 1, 15]);
    const b = await spy.freqanalysis(n, { method: "mtmconvol", t_ftimwin: 1.2, toi: 0.8, foilim: [10, 70] });
    expect(b.trials.get(0).shape.slice(0, 3)).toEqual([125, 1, 73]);
  });

  test("white noise of variance s^2: welch power is flat at about 2 s^2 / nperseg per bin", async () => {
    // uniform noise in [-0.5, 0.5): variance 1/12; Syncopy's normalisation gives 2 var / n per bin
    const w = await spy.freqanalysis(d, { method: "welch", t_ftimwin: 0.5, toi: 0.5, keeptrials: false, foilim: [20, 480] });
    const p = w.trials.get(0).data;
    let m = 0;
    for (let i = 0; i < p.length; i++) m += p[i] / p.length;
    expect(m / ((2 * (1 / 12)) / 500)).toBeGreaterThan(0.95);
    expect(m / ((2 * (1 / 12)) / 500)).toBeLessThan(1.05);
  });

  test("welch defaults to 50 % overlap when toi is not given", async () => {
    const a = await spy.freqanalysis(d, { method: "welch", t_ftimwin: 0.5 });
    const b = await spy.freqanalysis(d, { method: "welch", t_ftimwin: 0.5, toi: 0.5 });
    expect(Array.from(a.trials.get(1).data)).toEqual(Array.from(b.trials.get(1).data));
  });
});

describe("mtmconvol / welch validation", () => {
  const d = signal(1000, 1000, (t) => Math.sin(t), 2);
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["t_ftimwin missing", { method: "mtmconvol" }, /t_ftimwin/],
    ["t_ftimwin longer than the shortest trial", { method: "mtmconvol", t_ftimwin: 1.5 }, /t_ftimwin.*1\.5.*shortest trial/s],
    ["t_ftimwin below one sample", { method: "mtmconvol", t_ftimwin: 0.0001 }, /t_ftimwin/],
    ["toi outside the trials", { method: "mtmconvol", t_ftimwin: 0.1, toi: [-0.5, 2.5] }, /toi.*outside/s],
    ["toi unsorted", { method: "mtmconvol", t_ftimwin: 0.1, toi: [-0.5, -0.7] }, /toi.*increasing/s],
    ["toi fraction above 1", { method: "mtmconvol", t_ftimwin: 0.1, toi: 1.5 }, /toi.*\[0, 1\]/s],
    ["toi an unknown string", { method: "mtmconvol", t_ftimwin: 0.1, toi: "some" }, /toi/],
    ["welch with toi all", { method: "welch", t_ftimwin: 0.1, toi: "all" }, /toi.*welch/s],
    ["welch with a toi array", { method: "welch", t_ftimwin: 0.1, toi: [0] }, /toi.*welch/s],
    ["welch with keeptapers", { method: "welch", t_ftimwin: 0.1, toi: 0.5, keeptapers: true }, /keeptapers/],
    ["welch with output abs", { method: "welch", t_ftimwin: 0.1, toi: 0.5, output: "abs" }, /output.*pow/s],
    ["multitaper abs without keeptapers", { method: "mtmconvol", t_ftimwin: 0.5, tapsmofrq: 4, output: "abs" }, /output.*keeptapers/s],
    ["foilim outside Nyquist", { method: "mtmconvol", t_ftimwin: 0.1, foilim: [10, 600] }, /foilim/],
  ];
  test.each(bad)("%s", async (_name, kw, re) => {
    await expect(spy.freqanalysis(d, kw)).rejects.toThrow(re);
  });

  test("pad and wavelet keywords warn that they have no effect", async () => {
    const { warnings } = await spy.captureWarnings(() => spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.1, toi: 0.5, pad: "nextpow2", width: 7 }));
    expect(warnings.join("\n")).toMatch(/'pad' has no effect/);
    expect(warnings.join("\n")).toMatch(/'width' has no effect/);
  });

  test("an uneven toi array warns and keeps one estimate per time", async () => {
    const { result, warnings } = await spy.captureWarnings(() => spy.freqanalysis(d, { method: "mtmconvol", t_ftimwin: 0.1, toi: [-0.9, -0.5, -0.45] }));
    expect(warnings.join("\n")).toMatch(/unevenly spaced toi/);
    expect(result.trials.get(0).shape[0]).toBe(3);
  });
});
