/**
 * Parity with Syncopy (issue 14):
 *  1. keeptrials=false on trials of unequal length: mtmfft pads every trial to the common nfft
 *     (the longest trial, or `pad`) and averages the per-trial spectra, each tapered at its own
 *     length (Syncopy's mtmfft: `taper_func(signal_length)`, normalised with the padded length);
 *     checked against an independent numpy/scipy restatement of Syncopy's mtmfft. Where the
 *     trials' outputs differ in length (mtmconvol/welch on a grid, wavelet/superlet with toi "all"),
 *     a SPYValueError names the trials and their lengths; with a toi array they are averaged.
 *  2. taper labels as Syncopy's process_metadata sets them.
 *  3. multitapering without keeptapers refuses outputs other than "pow" before tapsmofrq is clamped.
 *  4. get_defaults lists Syncopy's signature (with parallel and select, without chan_per_worker),
 *     so a cfg from it combines with chan_per_worker given as a keyword.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as spy from "../../src";

const python = "/usr/bin/python3";
const haveScipy = fs.existsSync(python) && spawnSync(python, ["-c", "import numpy, scipy.signal"]).status === 0;
if (!haveScipy && process.env.CI) {
  test("python3 with numpy and scipy is present in CI", () => { throw new Error("/usr/bin/python3 with numpy/scipy not found"); });
}

const FS = 1000;

/** A deterministic [L, C] trial: a sinusoid per channel, an offset and LCG noise. */
function trial(L: number, C: number, seed: number): { data: Float64Array; shape: number[]; dtype: "float64" } {
  const data = new Float64Array(L * C);
  let s = seed >>> 0;
  for (let i = 0; i < L; i++) {
    for (let c = 0; c < C; c++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      data[i * C + c] = 0.5 + Math.cos(2 * Math.PI * (40 + 17 * c) * i / FS + c) + (s / 2 ** 32 - 0.5);
    }
  }
  return { data, shape: [L, C], dtype: "float64" };
}

function unequal(lengths: number[], C = 2): spy.AnalogData {
  return new spy.AnalogData({ data: lengths.map((L, k) => trial(L, C, 11 + k)), samplerate: FS });
}

/**
 * Syncopy's mtmfft restated in numpy (syncopy/specest/mtmfft.py, _norm_spec.py, compRoutines.py
 * mtmfft_cF, input_processors.process_taper/process_padding), written from the Python source, not
 * from spyts: per trial detrend (polyremoval 0), window of the trial's own length normalised with
 * the padded length, rfft(n=nfft) * sqrt(2)/(L sqrt(nfft/L)) (or /nfft with ft_compat), the output
 * conversion, the mean over tapers unless keeptapers; then the mean over trials.
 */
const NUMPY_MTMFFT = String.raw`
import json, sys
import numpy as np
from scipy.signal import windows, detrend
inp = json.load(sys.stdin)
fs = inp["fs"]
trials = [np.array(t, dtype=float) for t in inp["trials"]]
lens = np.array([t.shape[0] for t in trials])
res = []
for case in inp["cases"]:
    pad = case.get("pad", "maxperlen")
    if pad == "maxperlen":
        nfft = int(lens.max())
    elif pad == "nextpow2":
        nfft = int(2 ** np.ceil(np.log2(lens.max())))
    else:
        nfft = int(pad * fs)
    taper = case.get("taper", "hann")
    tapsmofrq = case.get("tapsmofrq")
    specs = []
    for x in trials:
        L = x.shape[0]
        x = detrend(x, type="constant", axis=0)
        if tapsmofrq is not None:
            N = lens.mean()
            minBw = fs / N
            maxBw = min(fs / 2 - 1 / N, fs * (N + 1) / (2 * N))
            bw = min(max(tapsmofrq, minBw), maxBw)
            NW = bw * N / fs
            K = max(1, int(2 * NW - 1))
            w = np.atleast_2d(windows.dpss(L, NW, K)) * np.sqrt(nfft)
        elif taper is None:
            w = np.atleast_2d(windows.boxcar(L))
            w = w * np.sqrt(nfft / w.sum())
        else:
            w = np.atleast_2d(getattr(windows, taper)(L))
            w = w * np.sqrt(4 / 3) * np.sqrt(nfft / w.sum())
        F = np.fft.rfft(w[:, :, None] * x[None, :, :], n=nfft, axis=1)
        F = F * np.sqrt(2) / (nfft if case.get("ft_compat") else L * np.sqrt(nfft / L))
        out = case.get("output", "pow")
        S = np.abs(F) ** 2 if out == "pow" else np.abs(F)
        if not case.get("keeptapers"):
            S = S.mean(axis=0, keepdims=True)
        specs.append(S)
    res.append({"nfft": nfft, "freq": np.fft.rfftfreq(nfft, 1 / fs).tolist(),
                "mean": np.mean(specs, axis=0).ravel().tolist(), "shape": list(specs[0].shape),
                "trials": [s.ravel().tolist() for s in specs]})
print(json.dumps(res))
`;

interface NumpyResult { nfft: number; freq: number[]; mean: number[]; shape: number[]; trials: number[][] }

function numpyMtmfft(data: spy.AnalogData, cases: Record<string, unknown>[]): NumpyResult[] {
  const trials = data.trials.length;
  const lists = Array.from({ length: trials }, (_, k) => {
    const t = data.trials.get(k);
    const [L, C] = t.shape;
    return Array.from({ length: L }, (_, i) => Array.from(t.data.subarray(i * C, (i + 1) * C) as Float64Array));
  });
  const r = spawnSync(python, ["-c", NUMPY_MTMFFT], { input: JSON.stringify({ fs: FS, trials: lists, cases }), encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

/** max over elements of |a - b| / (1e-6 max|b| + 1e-5 |b|): <= 1 passes (golden FFT tolerance, float32 output). */
function ratio(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let mx = 0;
  for (let i = 0; i < expected.length; i++) mx = Math.max(mx, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1e-6 * mx + 1e-5 * Math.abs(expected[i])));
  }
  return worst;
}

/** spyts [1, K, F, C] -> numpy's [K, F, C] C-order (they are the same layout). */
function flat(spec: spy.SpectralData, k: number): Float64Array {
  return Float64Array.from(spec.trials.get(k).data as Float32Array);
}

(haveScipy ? describe : describe.skip)("1. mtmfft averages trials of unequal length as Syncopy (numpy restatement)", () => {
  const data = unequal([500, 800]);
  const cases: [string, Record<string, unknown>][] = [
    ["hann, pad maxperlen (nfft 800)", {}],
    ["dpss tapsmofrq 5 (NW from the mean length 650: 3.25, 5 tapers), tapers averaged", { tapsmofrq: 5 }],
    ["dpss tapsmofrq 5, keeptapers", { tapsmofrq: 5, keeptapers: true }],
    ["hann, pad 1.0 s (nfft 1000)", { pad: 1.0 }],
    ["no taper, pad nextpow2 (nfft 1024)", { taper: null, pad: "nextpow2" }],
    ["hamming, output abs, ft_compat", { taper: "hamming", output: "abs", ft_compat: true }],
  ];
  let ref: NumpyResult[];
  beforeAll(() => { ref = numpyMtmfft(data, cases.map(([, kw]) => kw)); });

  afterAll(() => spy.setKernelPath("auto"));

  const paths = ["ts", "wasm"] as const;
  test.each(paths.flatMap((path) => cases.map(([name, kw], i) => [`${name}, ${path} kernels`, kw, i, path] as const)))("%s", async (_name, kw, i, path) => {
    spy.setKernelPath(path);
    const r = ref[i];
    const avg = await spy.freqanalysis(data, { method: "mtmfft", keeptrials: false, ...kw });
    expect(avg.trials.length).toBe(1);
    expect(avg.trialdefinition).toEqual([[0, 1, 0]]);
    expect(avg.trials.get(0).shape).toEqual([1, ...r.shape]);
    expect(avg.freq.length).toBe(Math.floor(r.nfft / 2) + 1);
    expect(ratio(avg.freq, r.freq)).toBeLessThanOrEqual(1);
    expect(ratio(flat(avg, 0), r.mean)).toBeLessThanOrEqual(1);
    // the per-trial spectra (keeptrials) are numpy's per-trial spectra, and their mean is the average
    const per = await spy.freqanalysis(data, { method: "mtmfft", ...kw });
    for (let k = 0; k < 2; k++) expect(ratio(flat(per, k), r.trials[k])).toBeLessThanOrEqual(1);
  });

  test("dpss NW comes from the unrounded mean trial length (500, 801 samples: 650.5)", async () => {
    const odd = unequal([500, 801], 1);
    const [r] = numpyMtmfft(odd, [{ tapsmofrq: 3 }]);
    const avg = await spy.freqanalysis(odd, { keeptrials: false, tapsmofrq: 3 });
    expect(avg.log).toMatch(/NW = 1\.9515\b/); // 3 * 650.5 / 1000
    expect(ratio(flat(avg, 0), r.mean)).toBeLessThanOrEqual(1);
  });

  test("a cosine of amplitude A gives A^2/2 in the average of trials of 500 and 800 samples (no taper)", async () => {
    const A = 2;
    const cos = (L: number) => ({ data: Float64Array.from({ length: L }, (_, i) => A * Math.cos(2 * Math.PI * 50 * i / FS)), shape: [L, 1], dtype: "float64" as const });
    // 50 Hz is a bin of every length here (500 and 800 samples at 1 kHz: 2 Hz and 1.25 Hz bins) and of nfft 800
    const d = new spy.AnalogData({ data: [cos(500), cos(800)], samplerate: FS });
    const s = await spy.freqanalysis(d, { taper: null, keeptrials: false, foi: [50] });
    // trial 0 padded from 500 to 800 samples: the boxcar normalisation keeps its peak at A^2/2 too
    expect(s.freq).toEqual(Float64Array.from([50]));
    expect(s.trials.get(0).data[0]).toBeCloseTo(A * A / 2, 4);
  });

  test("parallel gives the same average, bit for bit", async () => {
    const seq = await spy.freqanalysis(data, { keeptrials: false, tapsmofrq: 5 });
    const par = await spy.freqanalysis(data, { keeptrials: false, tapsmofrq: 5, parallel: true });
    expect(Array.from(par.trials.get(0).data)).toEqual(Array.from(seq.trials.get(0).data));
  });
});

describe("1. averaging where the trials' outputs differ in length: a SPYValueError naming the trials", () => {
  const data = unequal([500, 800, 500]);
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["mtmconvol, toi all", { method: "mtmconvol", t_ftimwin: 0.1 }, /method 'mtmconvol' and toi = "all".*trial 0: 500 samples -> 500 time points, trial 1: 800 samples -> 800 time points/],
    ["mtmconvol, overlap fraction", { method: "mtmconvol", t_ftimwin: 0.1, toi: 0.5 }, /toi = 0\.5.*trial 0: 500 samples -> 10 time points, trial 1: 800 samples -> 16 time points/],
    ["welch", { method: "welch", t_ftimwin: 0.1 }, /method 'welch'.*trial 0: 500 samples -> 10 windows, trial 1: 800 samples -> 16 windows/],
    ["wavelet, toi all", { method: "wavelet", foi: [20, 40] }, /method 'wavelet' and toi = "all".*trial 1: 800 samples -> 800 time points/],
    ["superlet, toi all", { method: "superlet", order_max: 2, foi: [20, 40] }, /method 'superlet'.*trial 1: 800 samples -> 800 time points/],
  ];
  test.each(cases)("%s", async (_name, kw, re) => {
    const err = await spy.freqanalysis(data, { ...kw, keeptrials: false }).catch((e) => e);
    expect(err).toBeInstanceOf(spy.SPYValueError);
    expect(err.message).toMatch(/`keeptrials`: got false; expected true for trials of unequal lengths/);
    expect(err.message).toMatch(re);
    expect(err.message).not.toMatch(/trial 2:/); // trial 2 has trial 0's length: only the differing trials are listed
  });

  test("with a toi array every trial gives the same time points: they are averaged (as Syncopy)", async () => {
    const toi = [-0.9, -0.8, -0.7]; // every trial starts at -1 s
    for (const kw of [{ method: "mtmconvol", t_ftimwin: 0.1 }, { method: "wavelet" }]) {
      const avg = await spy.freqanalysis(data, { ...kw, toi, foi: [20, 40], keeptrials: false });
      const per = await spy.freqanalysis(data, { ...kw, toi, foi: [20, 40] });
      expect(avg.trials.length).toBe(1);
      const a = avg.trials.get(0).data;
      const t = [0, 1, 2].map((k) => per.trials.get(k).data);
      for (let i = 0; i < a.length; i++) {
        const m = (t[0][i] + t[1][i] + t[2][i]) / 3;
        expect(Math.abs(a[i] - m)).toBeLessThanOrEqual(1e-6 * Math.abs(m) + 1e-12);
      }
    }
  });

  test("welch averages trials whose window counts agree although their lengths differ", async () => {
    const d = unequal([500, 520]); // windows every 50 samples: ceil(500/50) = 10, ceil(520/50) = 11 -> refused
    await expect(spy.freqanalysis(d, { method: "welch", t_ftimwin: 0.1, keeptrials: false })).rejects.toThrow(/10 windows.*11 windows/);
    const same = unequal([500, 498]); // ceil(500/50) = ceil(498/50) = 10
    const avg = await spy.freqanalysis(same, { method: "welch", t_ftimwin: 0.1, keeptrials: false });
    const per = await spy.freqanalysis(same, { method: "welch", t_ftimwin: 0.1 });
    const a = avg.trials.get(0).data, t0 = per.trials.get(0).data, t1 = per.trials.get(1).data;
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - (t0[i] + t1[i]) / 2)).toBeLessThanOrEqual(1e-6 * Math.abs(a[i]) + 1e-12);
  });
});

describe("2. taper labels as Syncopy's process_metadata sets them", () => {
  // Syncopy (compRoutines.py, MultiTaperFFT/MultiTaperFFTConvol.process_metadata): taper None ->
  // ["None"]; "dpss" -> "dpss0".."dpss{n-1}" with n the output's taper count (1 when the tapers are
  // averaged); any other window -> [its name]. Wavelet and superlet -> ["None"]. The golden cases
  // (test/fixtures/golden) record ['hann'], ['dpss0'], ['dpss0' .. 'dpss6'] and ['None'] from Syncopy.
  const data = unequal([400, 400, 400], 2);
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["mtmfft default (hann)", {}, ["hann"]],
    ["mtmfft taper null", { taper: null }, ["None"]],
    ["mtmfft boxcar", { taper: "boxcar" }, ["boxcar"]],
    ["mtmfft hamming", { taper: "hamming" }, ["hamming"]],
    ["mtmfft kaiser", { taper: "kaiser", taper_opt: { beta: 8 } }, ["kaiser"]],
    ["mtmfft dpss, tapers averaged", { tapsmofrq: 5 }, ["dpss0"]],
    ["mtmfft dpss keeptapers (2*NW-1 = 3 tapers)", { tapsmofrq: 5, keeptapers: true }, ["dpss0", "dpss1", "dpss2"]],
    ["mtmfft dpss nTaper 2 keeptapers", { tapsmofrq: 5, nTaper: 2, keeptapers: true }, ["dpss0", "dpss1"]],
    ["mtmfft dpss keeptrials false", { tapsmofrq: 5, keeptapers: true, keeptrials: false }, ["dpss0", "dpss1", "dpss2"]],
    ["mtmconvol hann", { method: "mtmconvol", t_ftimwin: 0.1, toi: 0.5 }, ["hann"]],
    ["mtmconvol dpss keeptapers", { method: "mtmconvol", t_ftimwin: 0.2, toi: 0.5, tapsmofrq: 10, keeptapers: true, output: "fourier" }, ["dpss0", "dpss1", "dpss2", "dpss3", "dpss4", "dpss5", "dpss6"]],
    ["mtmconvol dpss averaged", { method: "mtmconvol", t_ftimwin: 0.2, toi: 0.5, tapsmofrq: 10 }, ["dpss0"]],
    ["welch hann", { method: "welch", t_ftimwin: 0.1 }, ["hann"]],
    ["welch dpss", { method: "welch", t_ftimwin: 0.1, tapsmofrq: 10 }, ["dpss0"]],
    ["wavelet", { method: "wavelet", foi: [20, 40] }, ["None"]],
    ["superlet", { method: "superlet", order_max: 2, foi: [20, 40] }, ["None"]],
  ];
  test.each(cases)("%s", async (_name, kw, labels) => {
    const spec = await spy.freqanalysis(data, kw);
    expect(spec.taper).toEqual(labels);
    expect(spec.trials.get(0).shape[1]).toBe(labels.length);
  });
});

describe("3. multitapering without keeptapers needs output 'pow', checked before tapsmofrq is clamped", () => {
  const data = unequal([400, 400], 1); // fs / N = 2.5 Hz: a smaller tapsmofrq is raised to it (1 taper)
  test.each([
    ["mtmfft fourier, tapsmofrq clamped up to one taper", { tapsmofrq: 0.1, output: "fourier" }],
    ["mtmfft abs, tapsmofrq clamped up to one taper", { tapsmofrq: 0.1, output: "abs" }],
    ["mtmfft fourier, one taper by nTaper", { tapsmofrq: 5, nTaper: 1, output: "fourier" }],
    ["mtmfft fourier, tapsmofrq clamped down", { tapsmofrq: 1e6, output: "fourier" }],
    ["mtmconvol fourier, one taper", { method: "mtmconvol", t_ftimwin: 0.1, toi: 0.5, tapsmofrq: 0.1, output: "fourier" }],
  ])("%s", async (_name, kw) => {
    const { result: value, warnings } = await spy.captureWarnings(() => spy.freqanalysis(data, kw).catch((e) => e));
    expect(value).toBeInstanceOf(spy.SPYValueError);
    expect((value as Error).message).toMatch(/`output`: got "(fourier|abs)"; expected "pow" when multitapering \(tapsmofrq = [0-9.e+]+\) with keeptapers=false/);
    // refused before the clamping: no clamping warning was issued
    expect(warnings.join("\n")).not.toMatch(/tapsmofrq=.*using/);
  });

  test("with keeptapers, or output pow, it runs (one taper, labelled dpss0)", async () => {
    const f = await spy.freqanalysis(data, { tapsmofrq: 0.1, output: "fourier", keeptapers: true });
    expect(f.taper).toEqual(["dpss0"]);
    const p = await spy.freqanalysis(data, { tapsmofrq: 0.1 });
    expect(p.taper).toEqual(["dpss0"]);
  });

  test("without tapsmofrq a single window gives any output", async () => {
    const f = await spy.freqanalysis(data, { output: "fourier" });
    expect(f.taper).toEqual(["hann"]);
  });
});

describe("4. get_defaults lists Syncopy's signature", () => {
  const SYNCOPY_FREQANALYSIS = {
    method: "mtmfft", output: "pow", keeptrials: true, foi: null, foilim: null, pad: "maxperlen", polyremoval: 0,
    taper: "hann", demean_taper: false, taper_opt: null, tapsmofrq: null, nTaper: null, keeptapers: false, toi: "all",
    t_ftimwin: null, wavelet: "Morlet", width: 6, order: null, order_max: null, order_min: 1, c_1: 3, adaptive: false,
    out: null, fooof_opt: null, ft_compat: false, parallel: null, select: null,
  };

  test("freqanalysis: its keywords in signature order, then parallel and select; no chan_per_worker or mem_thresh", () => {
    const cfg = spy.get_defaults(spy.freqanalysis);
    expect(cfg).toEqual(SYNCOPY_FREQANALYSIS);
    expect(Object.keys(cfg)).toEqual(Object.keys(SYNCOPY_FREQANALYSIS));
    for (const f of [spy.preprocessing, spy.resampledata, spy.connectivityanalysis]) {
      const d = spy.get_defaults(f);
      expect(Object.keys(d).slice(-2)).toEqual(["parallel", "select"]);
      expect(d).not.toHaveProperty("chan_per_worker");
      expect(d).not.toHaveProperty("mem_thresh");
    }
  });

  test("a cfg from get_defaults combines with chan_per_worker (and mem_thresh) given as keywords", async () => {
    const data = spy.synthdata.white_noise({ nTrials: 3, nSamples: 200, nChannels: 4, seed: 3, samplerate: 200 }) as spy.AnalogData;
    const cfg = spy.get_defaults(spy.freqanalysis);
    cfg.method = "mtmfft";
    cfg.tapsmofrq = 5;
    cfg.keeptapers = true;
    cfg.output = "fourier";
    delete cfg.fooof_opt;
    const ref = await spy.freqanalysis(cfg, data);
    const blocks = await spy.freqanalysis(cfg, data, { chan_per_worker: 2, mem_thresh: 0.9, fooof_opt: null });
    for (let k = 0; k < 3; k++) expect(Array.from(blocks.trials.get(k).data)).toEqual(Array.from(ref.trials.get(k).data));
    // given ones are recorded (and replay), defaults of the hidden keywords are not
    expect(blocks.cfg.freqanalysis).toMatchObject({ chan_per_worker: 2, mem_thresh: 0.9 });
    expect(ref.cfg.freqanalysis).not.toHaveProperty("chan_per_worker");
    expect(ref.cfg.freqanalysis).not.toHaveProperty("mem_thresh");
    const replay = await spy.freqanalysis(data, blocks.cfg);
    expect(replay.cfg).toEqual(blocks.cfg);
    // a keyword in both the cfg and the call is still an error, as in Syncopy
    await expect(spy.freqanalysis(cfg, data, { method: "mtmfft" })).rejects.toThrow(/`method`.*given once/);
    await expect(spy.freqanalysis(blocks.cfg, data, { chan_per_worker: 1 })).rejects.toThrow(/`chan_per_worker`.*given once/);
  });
});
