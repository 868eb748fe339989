/**
 * Syncopy's syncopy/tests/test_specest.py against spyts' public API: TestMTMFFT, TestMTMConvol,
 * TestWavelet and TestSuperlet with Syncopy's signals, sizes, selections and parameters.
 *
 * The signals are Syncopy's recipes: TestMTMFFT's sines (32 channels x 8 trials of 1024 samples at
 * 1024 Hz, one frequency per channel, amplitude pi), `_make_tf_signal` (a 300 Hz carrier
 * frequency-modulated by slow cosines of 0.125 and 0.0625 Hz plus decaying noise, 3 trials of 10 s
 * at 1 kHz, t0 = -2.95 s) and tests/misc.py `generate_artificial_data` (a chirp plus noise, trials
 * of 3 s from -1 s, equidistant or not, overlapping or not). Noise and the random trial offsets come
 * from spyts' generators, not numpy's streams (README: "Random generators in spy.synthdata are
 * seeded and reproducible but do not reproduce numpy's streams"). scipy.signal.find_peaks is
 * restated below (its height, distance and prominence rules) for the peak counts.
 *
 * Left out: the dask-cluster runs and HDF5 virtual-source counts (test_parallel,
 * test_tf_parallel, test_wav_parallel, test_slet_parallel; their single-machine assertions are kept
 * with parallel: true and chan_per_worker), and the inputs with a reversed dimord (README: "Custom
 * `dimord`s ... are not supported yet"; the same data with the default dimord is tested).
 * Not ported (a difference, see the report of this port): test_tf_output's toi array under a latency
 * selection, a SPYValueError in Syncopy (test_specest.py:614), which spyts computes.
 */
import * as spy from "../../src";

jest.setTimeout(600_000);

type Data = spy.AnalogData;
type Spec = spy.SpectralData;
type Sel = Record<string, unknown> | null;

const f32 = Math.fround;

/** numpy.arange(start, stop, step): start + i * step while below stop. */
function arange(start: number, stop: number, step = 1): number[] {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  return Array.from({ length: n }, (_, i) => start + i * step);
}

/** numpy.allclose(a, b) with its defaults. */
function allclose(a: ArrayLike<number>, b: ArrayLike<number>, rtol = 1e-5, atol = 1e-8): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
  return true;
}

/** numpy.fft.rfftfreq(n, 1 / fs). */
const rfftfreq = (n: number, fs: number): number[] => Array.from({ length: Math.floor(n / 2) + 1 }, (_, k) => (k * fs) / n);

/** A deterministic LCG in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** N(0, 1) draws from spy.synthdata.white_noise, one seeded trial of [n, 1]. */
function normal(n: number, seed: number): Float64Array {
  return Float64Array.from((spy.synthdata.white_noise({ nTrials: null, nSamples: n, nChannels: 1, seed }) as spy.NDArray).data);
}

// ---- scipy.signal.find_peaks (height, distance, prominence) ---------------------------------------

/** scipy.signal.find_peaks(x, height, distance, prominence): the indices of the peaks kept. */
function findPeaks(x: ArrayLike<number>, opts: { height?: number; distance?: number; prominence?: number } = {}): number[] {
  // _local_maxima_1d: flat peaks give their middle sample (rounded down)
  let peaks: number[] = [];
  const iMax = x.length - 1;
  for (let i = 1; i < iMax; i++) {
    if (x[i - 1] < x[i]) {
      let ahead = i + 1;
      while (ahead < iMax && x[ahead] === x[i]) ahead++;
      if (x[ahead] < x[i]) {
        peaks.push(Math.floor((i + ahead - 1) / 2));
        i = ahead;
      }
    }
  }
  if (opts.height !== undefined) peaks = peaks.filter((p) => x[p] >= (opts.height as number));
  if (opts.distance !== undefined && peaks.length > 1) {
    // _select_by_peak_distance: the highest peaks first, their neighbours closer than distance go
    const d = Math.ceil(opts.distance);
    const keep = peaks.map(() => true);
    const order = peaks.map((_, i) => i).sort((a, b) => x[peaks[a]] - x[peaks[b]] || a - b);
    for (let i = order.length - 1; i >= 0; i--) {
      const j = order[i];
      if (!keep[j]) continue;
      for (let k = j - 1; k >= 0 && peaks[j] - peaks[k] < d; k--) keep[k] = false;
      for (let k = j + 1; k < peaks.length && peaks[k] - peaks[j] < d; k++) keep[k] = false;
    }
    peaks = peaks.filter((_, i) => keep[i]);
  }
  if (opts.prominence !== undefined) {
    // _peak_prominences without wlen: the higher of the two bases' minima
    peaks = peaks.filter((p) => {
      let leftMin = x[p], rightMin = x[p];
      for (let i = p; i >= 0 && x[i] <= x[p]; i--) leftMin = Math.min(leftMin, x[i]);
      for (let i = p; i <= iMax && x[i] <= x[p]; i++) rightMin = Math.min(rightMin, x[i]);
      return x[p] - Math.max(leftMin, rightMin) >= (opts.prominence as number);
    });
  }
  return peaks;
}

/** Zxx[:, a:b].mean(axis=1) of a [T, F] matrix, with Python's slice rules for a negative start. */
function profile(Zxx: Float64Array[], a: number, b: number): Float64Array {
  const F = Zxx[0].length;
  const lo = a < 0 ? Math.max(0, a + F) : Math.min(a, F), hi = Math.min(b, F);
  return Float64Array.from(Zxx, (row) => {
    let s = 0;
    for (let f = lo; f < hi; f++) s += row[f];
    return s / (hi - lo);
  });
}

/** One channel of one trial of a [time, taper, freq, channel] result, as [time][freq] (taper 0). */
function tfMatrix(s: Spec, trial: number, chan: number): Float64Array[] {
  const t = s.trials.get(trial);
  const [T, K, F, C] = t.shape;
  return Array.from({ length: T }, (_, i) => Float64Array.from({ length: F }, (_, f) => t.data[((i * K) * F + f) * C + chan]));
}

const maxOf = (rows: Float64Array[]): number => rows.reduce((m, r) => r.reduce((a, v) => Math.max(a, v), m), -Infinity);

/** np.where(Zxx >= level)[1]: the frequency index of every (time, freq) entry at or above level, in C order. */
function freqsAbove(Zxx: Float64Array[], level: number): number[] {
  const out: number[] = [];
  for (const row of Zxx) row.forEach((v, f) => { if (v >= level) out.push(f); });
  return out;
}

// ---- Syncopy's test signals ------------------------------------------------------------------------

interface TfSignal { data: Data; modulators: [Float32Array, Float32Array]; fader: Float32Array; even: (number | null)[]; odd: (number | null)[] }

/** Python's (-1) ** ntrial as an index into [None, a, b]: 1 -> a, -1 -> b (the last entry). */
const parity = (list: (number | null)[], ntrial: number): number => list[ntrial % 2 === 0 ? 1 : list.length - 1] as number;

/** test_specest.py `_make_tf_signal(nChannels, nTrials, seed, fadeIn, fadeOut)` (float32, as Syncopy's). */
function makeTfSignal(nChannels: number, nTrials: number, seed: number, fadeIn: number | null = null, fadeOut: number | null = null): TfSignal {
  const nChan2 = Math.floor(nChannels / 2);
  const fs = 1000, tStart = -2.95, tStop = 7.05;
  const amp = 2 * Math.sqrt(2);
  const noisePower = 0.01 * fs / 2;
  const modPeriods = [0.125, 0.0625];
  const t0 = -Math.trunc(Math.abs(tStart * fs));
  const N = Math.ceil((tStop - tStart) * fs);
  // time = (np.arange(0, N, dtype=float32) + tStart * fs) / fs in float32 arithmetic
  const time = Float32Array.from({ length: N }, (_, i) => f32(f32(i + f32(tStart * fs)) / fs));
  const fader = new Float32Array(N).fill(1);
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
  const fi = arange(0, ((fadeIn ?? tStart) - tStart) * fs);
  const fo = arange(((fadeOut ?? tStop) - tStart) * fs, Math.min(10 * fs, N));
  linspace(-2 * Math.PI, 2 * Math.PI, fi.length).forEach((v, k) => { fader[fi[k]] = sigmoid(v); });
  linspace(-2 * Math.PI, 2 * Math.PI, fo.length).forEach((v, k) => { fader[fo[k]] = sigmoid(-v); });
  const modulators = modPeriods.map((period) => {
    const c = f32(2 * Math.PI * period);
    return Float32Array.from(time, (t) => f32(500 * f32(Math.cos(f32(c * t)))));
  }) as [Float32Array, Float32Array];
  const carriers = modulators.map((m) => Float32Array.from(time, (t, i) => fader[i] * amp * Math.sin(2 * Math.PI * 3e2 * t + m[i])));
  const even = [null, 0, 1], odd = [null, 1, 0];
  const sig = new Float32Array(N * nTrials * nChannels);
  const trialdefinition: number[][] = [];
  for (let ntrial = 0; ntrial < nTrials; ntrial++) {
    const z = normal(N, seed * 100 + ntrial);
    const ce = carriers[parity(even, ntrial)], co = carriers[parity(odd, ntrial)];
    for (let i = 0; i < N; i++) {
      const noise = f32(f32(z[i] * Math.sqrt(noisePower)) * Math.exp(-i / (5 * fs)));
      const row = (ntrial * N + i) * nChannels;
      for (let c = 0; c < 2 * nChan2; c += 2) {
        sig[row + c] = ce[i] + noise;
        sig[row + c + 1] = co[i] + noise;
      }
    }
    trialdefinition.push([ntrial * N, (ntrial + 1) * N, t0]);
  }
  const data = new spy.AnalogData({ data: { data: sig, shape: [N * nTrials, nChannels], dtype: "float32" }, samplerate: fs, trialdefinition });
  return { data, modulators, fader, even, odd };
}

/** tests/misc.py `generate_artificial_data(nTrials, nChannels, equidistant, seed, overlapping)` (default dimord). */
function artificialData(o: { nTrials?: number; nChannels?: number; equidistant?: boolean; overlapping?: boolean; seed?: number } = {}): Data {
  const { nTrials = 2, nChannels = 2, equidistant = true, overlapping = false, seed = 42 } = o;
  const dt = 0.001;
  const L = 3000;
  const t = Float32Array.from({ length: L }, (_, i) => f32(f32(i * dt) - 1.0));
  const sig = Float32Array.from(t, (ti) => Math.cos(2 * Math.PI * (7 * ((ti >= 0 ? 1 : 0) * ti - 1) + 10) * ti));
  const data = new Float32Array(nTrials * L * nChannels);
  for (let k = 0; k < nTrials; k++) {
    const z = normal(L * nChannels, seed * 1000 + k);
    for (let i = 0; i < L; i++) for (let c = 0; c < nChannels; c++) data[(k * L + i) * nChannels + c] = sig[i] + f32(z[i * nChannels + c]) * 0.5;
  }
  const rand = lcg(seed);
  const offsets = equidistant
    ? new Array(nTrials).fill(overlapping ? 100 : 0)
    : Array.from({ length: nTrials }, () => Math.floor(0.1 * L) + Math.floor(rand() * (0.1 * L))); // rng.integers(300, 600)
  const shift = overlapping ? 1 : -1;
  const trl = offsets.map((off, k) => [k * L - shift * off, (k + 1) * L + shift * off, -1000]);
  if (equidistant) {
    const e = overlapping ? 100 : 0;
    trl[0][0] += e; trl[0][1] += e;
    trl[nTrials - 1][0] -= e; trl[nTrials - 1][1] -= e;
  } else {
    trl[0][0] = 0;
    trl[nTrials - 1][1] = nTrials * L;
  }
  return new spy.AnalogData({ data: { data, shape: [nTrials * L, nChannels], dtype: "float32" }, samplerate: 1 / dt, trialdefinition: trl });
}

/** The number of samples of `m[sel]` equal to its minimum and to its maximum (Syncopy's modCounts). */
function modCounts(m: Float32Array, sel: number[]): [number, number] {
  const v = sel.map((i) => m[i]);
  const lo = Math.min(...v), hi = Math.max(...v);
  return [v.filter((x) => x === lo).length, v.filter((x) => x === hi).length];
}

async function rejects(p: Promise<unknown>, cls: abstract new (...args: never[]) => Error = spy.SPYValueError): Promise<Error> {
  const e = await p.then(() => null, (err) => err);
  expect(e).toBeInstanceOf(cls);
  return e as Error;
}

const getDefaults = (over: Record<string, unknown>): Record<string, unknown> => ({ ...spy.get_defaults(spy.freqanalysis), ...over });

// ================================================================================================

describe("TestMTMFFT", () => {
  const nChannels = 32, nTrials = 8, fs = 1024;
  const freqs = [88, 35, 278, 104, 405, 314, 271, 441, 343, 374, 428, 367, 75, 118, 289, 310,
    510, 102, 123, 417, 273, 449, 416, 32, 438, 111, 140, 304, 327, 494, 23, 493];
  const amp = Math.PI;
  // np.random.permutation(np.linspace(0, 2 pi, nChannels)), with a fixed shuffle
  const rand = lcg(7);
  const phases = Array.from({ length: nChannels }, (_, i) => (2 * Math.PI * i) / (nChannels - 1));
  for (let i = nChannels - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [phases[i], phases[j]] = [phases[j], phases[i]];
  }
  const tSize = nTrials * fs;
  const t = Array.from({ length: tSize }, (_, i) => (nTrials * i) / (tSize - 1)); // np.linspace(0, nTrials, nTrials * fs)
  const sig = new Float32Array(tSize * nChannels);
  for (let i = 0; i < tSize; i++) for (let c = 0; c < nChannels; c++) sig[i * nChannels + c] = amp * Math.sin(2 * Math.PI * freqs[c] * t[i] + phases[c]);
  const trialdefinition = Array.from({ length: nTrials }, (_, k) => [k * fs, (k + 1) * fs, 0]);
  const getAdata = () => new spy.AnalogData({ data: { data: sig, shape: [tSize, nChannels], dtype: "float32" }, samplerate: fs, trialdefinition });
  const adata = getAdata();
  const labels = (a: number, b: number) => arange(a, b).map((i) => "channel" + String(i).padStart(2, "0"));
  const sigdataSelections: Sel[] = [
    null,
    { trials: [3, 1, 0], channel: labels(12, 28).reverse() },
    { trials: [0, 1, 2], channel: arange(0, nChannels / 2), latency: [0.25, 0.75] },
  ];
  const tols = [1, 1, 1.5];
  const ftol = 0.25;
  /** The input channel index of each channel of a selection. */
  const chanList = (select: Sel): number[] => {
    const ch = select?.channel as (string | number)[] | undefined;
    return ch ? ch.map((c) => (typeof c === "string" ? adata.channel.indexOf(c) : c)) : arange(0, nChannels);
  };

  test("test_output: fourier is complex, abs and pow are float", async () => {
    for (const select of sigdataSelections) {
      expect((await spy.freqanalysis(adata, { method: "mtmfft", taper: "hann", output: "fourier", select })).dtype).toMatch(/complex/);
      expect((await spy.freqanalysis(adata, { method: "mtmfft", taper: "hann", output: "abs", select })).dtype).toMatch(/float/);
      expect((await spy.freqanalysis(adata, { method: "mtmfft", taper: "hann", output: "pow", select })).dtype).toMatch(/float/);
    }
  });

  test("test_solution: each channel's peak at its frequency, the same amplitude in every channel and trial", async () => {
    for (const [sk, select] of sigdataSelections.entries()) {
      const spec = await spy.freqanalysis(adata, { method: "mtmfft", taper: "hann", pad: "nextpow2", output: "pow", select });
      expect(Array.from(spec.freq)).toEqual(arange(0, 513)); // nfft 1024 at 1024 Hz: 1 Hz bins
      const chans = chanList(select);
      const amps: number[] = [];
      for (const [nchan, chan] of chans.entries()) {
        for (let ntrial = 0; ntrial < spec.trials.length; ntrial++) {
          const tr = spec.trials.get(ntrial); // [1, 1, freq, channel]
          const col = Array.from({ length: tr.shape[2] }, (_, f) => tr.data[f * tr.shape[3] + nchan]);
          const peak = Math.max(...col);
          amps.push(peak / tSize);
          expect(col.indexOf(peak)).toBe(freqs[chan]);
          // closed form: a sine of amplitude A on a bin through the Hann taper (energy-normalised,
          // its spectrum 1/4, 1, 1/4 of the power in three bins): A^2 / 2 / 1.5 = A^2 / 3
          expect(Math.abs(peak / (amp * amp / 3) - 1)).toBeLessThan(0.02);
        }
      }
      for (let k = 1; k < amps.length; k++) expect(amps[k] - amps[k - 1]).toBeLessThan(tols[sk]);
    }
  });

  test("test_normalization: a 50 Hz cosine of amplitude 4 has power 8; padding keeps it, ft_compat dilutes it", async () => {
    const nSamples = 1000, fsample = 500, Ampl = 4;
    const signal = Float64Array.from({ length: nSamples }, (_, i) => Ampl * Math.cos((2 * Math.PI * 50 * i) / fsample));
    const ad = new spy.AnalogData({ data: [{ data: signal, shape: [nSamples, 1], dtype: "float64" }], samplerate: fsample });
    const peakOf = async (cfg: Record<string, unknown>) => {
      const spec = await spy.freqanalysis(ad, cfg);
      const v = (spec.show() as spy.NDArray).data;
      return { peak: Math.max(...Array.from(v)), df: spec.freq[1] - spec.freq[0] };
    };
    const cfg: Record<string, unknown> = { foilim: [40, 60], output: "pow", taper: null };
    // Syncopy's default: padding does not change the power
    const noPad = await peakOf({ ...cfg, ft_compat: false, pad: "maxperlen" });
    expect(Math.abs(noPad.peak - Ampl ** 2 / 2)).toBeLessThanOrEqual(1e-5 + 1e-5 * Ampl ** 2 / 2);
    const pad4 = await peakOf({ ...cfg, ft_compat: false, pad: 4 });
    expect(noPad.df).toBeCloseTo(2 * pad4.df, 10);
    expect(Math.abs(pad4.peak - Ampl ** 2 / 2)).toBeLessThanOrEqual(1e-5 + 1e-5 * Ampl ** 2 / 2);
    // FT compat: padding dilutes the power
    const ftNoPad = await peakOf({ ...cfg, ft_compat: true, pad: "maxperlen" });
    expect(Math.abs(ftNoPad.peak - Ampl ** 2 / 2)).toBeLessThanOrEqual(1e-5 + 1e-5 * Ampl ** 2 / 2);
    const ftPad4 = await peakOf({ ...cfg, ft_compat: true, pad: 4 });
    expect(ftNoPad.df).toBeCloseTo(2 * ftPad4.df, 10);
    expect(Math.abs(ftPad4.peak - Ampl ** 2 / 4)).toBeLessThanOrEqual(1e-5 + 1e-5 * Ampl ** 2 / 4);
    // the same with a taper
    const kaiser = { ...cfg, taper: "kaiser", taper_opt: { beta: 10 } };
    const kNoPad = await peakOf({ ...kaiser, ft_compat: false, pad: "maxperlen" });
    const kPad = await peakOf({ ...kaiser, ft_compat: false, pad: 4 });
    expect(Math.abs(kNoPad.peak - kPad.peak)).toBeLessThanOrEqual(1e-5 + 1e-5 * kPad.peak);
    const kftNoPad = await peakOf({ ...kaiser, ft_compat: true, pad: "maxperlen" });
    const kftPad = await peakOf({ ...kaiser, ft_compat: true, pad: 4 });
    expect(Math.abs(kftNoPad.peak - 2 * kftPad.peak)).toBeLessThanOrEqual(1e-5 + 1e-5 * 2 * kftPad.peak);
  });

  test("test_foi: foi outside [0, Nyquist] is a SPYValueError; foi snaps to the bins, sorted and unique", async () => {
    const fband = arange(1, fs / 2 + 1); // np.linspace(1, fs / 2, fs / 2)
    const foi = fband.slice(1, Math.floor(fband.length / 3));
    for (const select of sigdataSelections) {
      await rejects(spy.freqanalysis(getAdata(), { method: "mtmfft", taper: "hann", foi: [-0.5, fs / 3], select }));
      await rejects(spy.freqanalysis(getAdata(), { method: "mtmfft", taper: "hann", foi: [1, fs], select }));
      // foi offset by 0.1 Hz: the frequencies are unaffected
      let spec = await spy.freqanalysis(getAdata(), { method: "mtmfft", taper: "hann", pad: "nextpow2", foi: foi.map((f) => f + 0.1), select });
      expect(Array.from(spec.freq)).toEqual(foi);
      // unsorted, duplicate entries
      spec = await spy.freqanalysis(getAdata(), { method: "mtmfft", taper: "hann", pad: "nextpow2", foi: [...foi, ...new Array(20).fill(foi[0])], select });
      expect(Array.from(spec.freq)).toEqual(foi);
    }
  });

  test("test_dpss: one taper by default, tapers kept on request; padding to the longest (selected) trial", async () => {
    for (const select of sigdataSelections) {
      const nChan = chanList(select).length;
      let spec = await spy.freqanalysis(adata, { method: "mtmfft", tapsmofrq: 3, output: "pow", select });
      expect(spec.taper.length).toBe(1);
      expect(spec.channel.length).toBe(nChan);
      spec = await spy.freqanalysis(adata, { method: "mtmfft", tapsmofrq: 7, keeptapers: true, select });
      expect(spec.channel.length).toBe(nChan);
      expect(spec.taper.length).toBeGreaterThan(1);
      // too large a tapsmofrq for the edge case is captured
      await spy.freqanalysis(adata, { method: "mtmfft", tapsmofrq: 2, output: "pow", select });
    }

    const artdataSelections: Sel[] = [
      null,
      { trials: [3, 1, 0], channel: arange(10, 15).map((i) => `channel${i}`).reverse() },
      { trials: [0, 1, 2], channel: arange(0, 8), latency: [-0.5, 0.6] },
    ];
    const checkPadding = async (artdata: Data, cfg: Record<string, unknown>, tapers: (n: number) => void) => {
      for (const select of artdataSelections) {
        const spec = await spy.freqanalysis(artdata, { ...cfg, select });
        const sel = select ? await spy.selectdata(artdata, select) as Data : artdata;
        const nSamples = Math.max(...Array.from({ length: sel.trials.length }, (_, k) => sel.trials.get(k).shape[0]));
        const expected = rfftfreq(nSamples, artdata.samplerate);
        expect(spec.freq.length).toBe(expected.length);
        expect(Math.max(...Array.from(spec.freq, (f, i) => f - expected[i]))).toBeLessThan(ftol);
        tapers(spec.taper.length);
      }
    };
    // non-equidistant data w/multiple tapers
    const artdata = artificialData({ nTrials: 5, nChannels: 16, equidistant: false });
    await checkPadding(artdata, { method: "mtmfft", tapsmofrq: 3.3, output: "pow" }, () => undefined);
    await checkPadding(artdata, { method: "mtmfft", tapsmofrq: 3.3, output: "abs", keeptapers: true }, (n) => expect(n).toBeGreaterThan(1));
    // overlapping trials
    const overlapping = artificialData({ nTrials: 5, nChannels: 16, equidistant: false, overlapping: true });
    await checkPadding(overlapping, { method: "mtmfft", tapsmofrq: 3.3, output: "pow", keeptapers: false }, (n) => expect(n).toBe(1));
  });

  test("test_parallel (single machine): frequencies, tapers and shapes with workers and channel blocks", async () => {
    const cfg = { method: "mtmfft", tapsmofrq: 9.3, output: "pow", keeptapers: false, parallel: true };
    const art = artificialData({ nTrials, nChannels, equidistant: false });
    const nSamples = Math.max(...art.sampleinfo.map(([a, b]) => b - a));
    const expected = rfftfreq(nSamples, art.samplerate);
    for (const chan_per_worker of [undefined, 7]) {
      const spec = await spy.freqanalysis(art, { ...cfg, ...(chan_per_worker ? { chan_per_worker } : {}) });
      expect(spec.freq.length).toBe(expected.length);
      expect(allclose(spec.freq, expected)).toBe(true);
      expect(spec.taper.length).toBe(1);
    }
    const kept = await spy.freqanalysis(artificialData({ nTrials, nChannels }), { ...cfg, output: "abs", keeptapers: true, chan_per_worker: 7 });
    expect(kept.taper.length).toBeGreaterThan(1);
    // non-equidistant, overlapping trials; trials and tapers averaged
    const ov = artificialData({ nTrials, nChannels, equidistant: false, overlapping: true });
    const spec = await spy.freqanalysis(ov, { ...cfg, keeptrials: false });
    const n2 = Math.max(...ov.sampleinfo.map(([a, b]) => b - a));
    const f2 = rfftfreq(n2, ov.samplerate);
    expect(spec.freq.length).toBe(f2.length);
    expect(allclose(spec.freq, f2)).toBe(true);
    expect(spec.taper.length).toBe(1);
    expect(spec.trials.length).toBe(1);
    expect(spec.time[0].length).toBe(1);
    expect(spec.trials.get(0).shape).toEqual([1, 1, f2.length, nChannels]);
  });
});

// ================================================================================================

describe("TestMTMConvol", () => {
  const nChannels = 6, nTrials = 3, seed = 151120;
  const tf = makeTfSignal(nChannels, nTrials, seed);
  const tfData = tf.data;
  const getTfdata = () => makeTfSignal(nChannels, nTrials, seed).data;
  const dataSelections: Sel[] = [
    null,
    { trials: [1, 2, 0], channel: arange(2, 6).map((i) => `channel${i}`).reverse() },
    { trials: [0, 2], channel: arange(0, nChannels / 2), latency: [-2, 6.8] },
  ];

  test("test_tf_output: fourier is complex, abs and pow are float (selections without latency)", async () => {
    const toi = Array.from({ length: 10 }, (_, i) => -2 + (8 * i) / 9); // np.linspace(-2, 6, 10)
    const cfg = getDefaults({ method: "mtmconvol", taper: "hann", toi, t_ftimwin: 1.0 });
    const outputs: Record<string, string> = { fourier: "complex", abs: "float", pow: "float" };
    for (const select of dataSelections.slice(0, 2)) {
      for (const [output, kind] of Object.entries(outputs)) {
        const s = await spy.freqanalysis({ ...cfg, select, output }, tfData);
        expect(s.dtype).toContain(kind);
      }
    }
  });

  test("test_tf_solution: frequencies, time axes, the modulators' extrema in the peak profiles, foi/foilim slivers", async () => {
    const cfg = getDefaults({ method: "mtmconvol", taper: "hann", t_ftimwin: 1.0, toi: 0, output: "pow", keeptapers: false });
    const maxFreqs = [...arange(325, 336), ...arange(355, 366)];
    const allFreqs = arange(0, tfData.samplerate / 2 + 1);
    const foilimFreqs = arange(Math.min(...maxFreqs), Math.max(...maxFreqs) + 1);
    for (const select of dataSelections) {
      const tfSpec = await spy.freqanalysis({ ...cfg, select }, getTfdata());
      const tfSpecFoi = await spy.freqanalysis({ ...cfg, select, foi: maxFreqs }, getTfdata());
      const tfSpecFoiLim = await spy.freqanalysis({ ...cfg, select, foilim: [Math.min(...maxFreqs), Math.max(...maxFreqs)] }, getTfdata());
      expect(Array.from(tfSpec.freq)).toEqual(allFreqs);
      expect(Array.from(tfSpecFoi.freq)).toEqual(maxFreqs);
      expect(Array.from(tfSpecFoiLim.freq)).toEqual(foilimFreqs);

      for (let tk = 0; tk < tfSpec.trials.length; tk++) {
        let trlNo = tk;
        const time0 = tfData.time[trlNo];
        let timeArr = arange(time0[0], time0[time0.length - 1]);
        let timeSelection = arange(0, time0.length);
        if (select) {
          trlNo = (select.trials as number[])[tk];
          if (select.latency) {
            const lat = select.latency as number[];
            timeArr = arange(lat[0], lat[1]);
            const t0 = -2950; // tfData._t0
            timeSelection = arange(Math.trunc(lat[0] * tfData.samplerate - t0), Math.trunc(lat[1] * tfData.samplerate - t0));
          }
        }
        // the time axis, independent of foi/foilim
        expect(Array.from(tfSpec.time[tk])).toEqual(timeArr);
        expect(Array.from(tfSpecFoi.time[tk])).toEqual(Array.from(tfSpec.time[tk]));
        expect(Array.from(tfSpecFoiLim.time[tk])).toEqual(Array.from(tfSpecFoi.time[tk]));

        for (let chan = 0; chan < tfSpec.channel.length; chan++) {
          let chanNo = chan;
          if (select && !select.latency) chanNo = tfData.channel.indexOf((select.channel as string[])[chan]);
          const modIdx = chanNo % 2 ? parity(tf.odd, trlNo) : parity(tf.even, trlNo);
          const Zxx = tfMatrix(tfSpec, tk, chan);
          const ZxxMax = maxOf(Zxx);
          const ZxxThresh = 0.1 * ZxxMax;
          const freqPeaks = freqsAbove(Zxx, ZxxMax - ZxxThresh);
          const counts = modCounts(tf.modulators[modIdx], timeSelection);
          for (const [fk, freqPeak] of [Math.min(...freqPeaks), Math.max(...freqPeaks)].entries()) {
            const peaks = findPeaks(profile(Zxx, freqPeak - 1, freqPeak + 2), { height: ZxxThresh });
            expect(Math.abs(peaks.length - counts[fk])).toBeLessThanOrEqual(1);
          }
          // the foi/foilim results are the slivers of the full spectrum
          const foiZ = tfMatrix(tfSpecFoi, tk, chan), limZ = tfMatrix(tfSpecFoiLim, tk, chan);
          for (let i = 0; i < Zxx.length; i++) {
            expect(allclose(foiZ[i], maxFreqs.map((f) => Zxx[i][f]))).toBe(true);
            expect(allclose(limZ[i], foilimFreqs.map((f) => Zxx[i][f]))).toBe(true);
          }
        }
      }
    }
  });

  test("test_tf_toi: time axes of overlap fractions and toi arrays, toi 'all' and 1.0; refused windows and toi", async () => {
    const cfg = getDefaults({ method: "mtmconvol", taper: "hann", output: "pow", keeptrials: false, keeptapers: false });
    const toiVals = [0.9, 0.75];
    const toiArrs = [arange(-2, 7), arange(-1, 6, 1 / tfData.samplerate), arange(1, 6, 2)];
    const winSizes = [0.5, 1.0];
    for (const select of dataSelections) {
      let tStart = tfData.time[0][0], tStop = tfData.time[0][tfData.time[0].length - 1];
      if (select?.latency) [tStart, tStop] = select.latency as number[];
      const dt = getTfdata();
      for (const winsize of winSizes) {
        for (const toi of toiVals) {
          const s = await spy.freqanalysis({ ...cfg, select, t_ftimwin: winsize, toi }, dt);
          const tStep = winsize - toi * winsize;
          expect(allclose(arange(tStart, tStop, tStep), s.time[0])).toBe(true);
        }
      }
      if (select && !select.latency) {
        for (const toi of toiArrs) {
          const s = await spy.freqanalysis({ ...cfg, select, t_ftimwin: 0.05, toi }, getTfdata());
          expect(allclose(toi, s.time[0])).toBe(true);
          expect(s.samplerate).toBe(1 / (toi[1] - toi[0]));
        }
        // an unevenly spaced array: sizes must match
        const s = await spy.freqanalysis({ ...cfg, select, t_ftimwin: 0.05, toi: [-1, 2, 6] }, getTfdata());
        expect(s.time[0].length).toBe(3);
      }
    }
    // toi "all" and 1.0 on a cut-down selection: every sample
    const sel = { trials: [0], channel: [0], latency: [-0.5, 0.5] };
    const multi = { ...cfg, tapsmofrq: 10, keeptapers: true, select: sel, t_ftimwin: 0.05 };
    const dt = 1 / tfData.samplerate;
    const timeArr = arange(sel.latency[0], sel.latency[1] + dt, dt);
    let s = await spy.freqanalysis({ ...multi, toi: "all" }, getTfdata());
    expect(s.taper.length).toBeGreaterThanOrEqual(1);
    expect(allclose(s.time[0], timeArr)).toBe(true);
    s = await spy.freqanalysis({ ...multi, toi: 1.0 }, getTfdata());
    expect(allclose(s.time[0], timeArr)).toBe(true);
    // a window longer than the selected interval
    const e = await rejects(spy.freqanalysis({ ...multi, toi: 1.0, t_ftimwin: 5.0 }, getTfdata()));
    expect(e.message).toMatch(/t_ftimwin/);
    // toi outside the trial; unsorted toi
    await rejects(spy.freqanalysis({ ...multi, toi: Array.from(tfData.time[0].slice(0, 10)) }, getTfdata()), spy.SPYError);
    await rejects(spy.freqanalysis({ ...multi, toi: [0.3, -0.1, 0.2] }, getTfdata()), spy.SPYError);
  });

  test("test_tf_irregular_trials: window counts and time axes on (non-)equidistant and overlapping trials", async () => {
    const cfg = getDefaults({ method: "mtmconvol", tapsmofrq: 2, t_ftimwin: 0.3, output: "pow", keeptapers: true });
    const nTrials = 2, nChannels = 2;
    // equidistant trials of 3 s: 3 / 0.3 = 10 windows
    let artdata = artificialData({ nTrials, nChannels, equidistant: true });
    let s = await spy.freqanalysis(artdata, { ...cfg, toi: 0.0 });
    expect(s.taper.length).toBeGreaterThanOrEqual(1);
    for (let k = 0; k < s.trials.length; k++) expect(s.time[k].length).toBe(3 / 0.3);
    let rdat = await spy.selectdata(artdata, { latency: [0, 0.5] }) as Data;
    s = await spy.freqanalysis(rdat, { ...cfg, toi: "all" });
    for (let k = 0; k < rdat.trials.length; k++) expect(Array.from(s.time[k])).toEqual(Array.from(rdat.time[k]));
    // non-equidistant, then overlapping trials
    for (const overlapping of [false, true]) {
      artdata = artificialData({ nTrials, nChannels, equidistant: false, overlapping });
      s = await spy.freqanalysis(artdata, { ...cfg, toi: 0.0 });
      expect(s.taper.length).toBeGreaterThanOrEqual(1);
      for (let k = 0; k < s.trials.length; k++) {
        expect(s.time[k].length).toBe(Math.ceil(artdata.time[k].length / artdata.samplerate / 0.3));
      }
      rdat = await spy.selectdata(artdata, { latency: [0, 0.5] }) as Data;
      s = await spy.freqanalysis(rdat, { ...cfg, toi: "all" });
      for (let k = 0; k < rdat.trials.length; k++) expect(Array.from(s.time[k])).toEqual(Array.from(rdat.time[k]));
    }
  });

  test("test_tf_parallel (single machine): frequencies, tapers, time axes and shapes with workers and channel blocks", async () => {
    const cfg = { method: "mtmconvol", taper: "hann", t_ftimwin: 1.0, toi: 0, output: "pow", parallel: true, chan_per_worker: 2 };
    const nChannels = 3, nTrials = 2;
    let artdata = artificialData({ nTrials, nChannels, equidistant: false });
    const expectedFreqs = arange(0, artdata.samplerate / 2 + 1);
    let s = await spy.freqanalysis(artdata, { ...cfg, keeptapers: false });
    expect(Array.from(s.freq)).toEqual(expectedFreqs);
    expect(s.taper.length).toBe(1);
    s = await spy.freqanalysis(artificialData({ nTrials, nChannels }), { ...cfg, output: "abs", tapsmofrq: 2, keeptapers: true });
    expect(s.taper.length).toBeGreaterThanOrEqual(1);
    artdata = artificialData({ nTrials, nChannels, equidistant: true, overlapping: true });
    s = await spy.freqanalysis(artdata, { ...cfg, keeptapers: false, keeptrials: false });
    expect(Array.from(s.freq)).toEqual(expectedFreqs);
    expect(s.taper.length).toBe(1);
    expect(Array.from(s.time[0])).toEqual([...new Set(Array.from(artdata.time[0], Math.floor))]);
    expect(s.trials.get(0).shape).toEqual([s.time[0].length, 1, expectedFreqs.length, nChannels]);
  });
});

// ================================================================================================

/** The peak counts of test_wav_solution / test_slet_solution on foi and foilim results. */
function checkModulatorPeaks(tfObj: Spec, tk: number, chan: number, counts: [number, number]): void {
  const modFreqs = [330, 360];
  const Zxx = tfMatrix(tfObj, tk, chan);
  const ZxxMax = maxOf(Zxx);
  const ZxxThresh = ZxxMax - 0.1 * ZxxMax;
  for (const [fk, mFreq] of modFreqs.entries()) {
    const freqPeak = Array.from(tfObj.freq).findIndex((f) => Math.abs(f - mFreq) < 1);
    const prof = profile(Zxx, freqPeak - 1, freqPeak + 2);
    let height = (1 - fk * 0.25) * ZxxThresh;
    let peaks = findPeaks(prof, { prominence: 0.75 * height, height, distance: 5 });
    if (Math.abs(peaks.length - counts[fk]) > 2) {
      height = 0.9 * ZxxThresh;
      peaks = findPeaks(prof, { prominence: 0.75 * height, height, distance: 5 });
    }
    expect(Math.abs(peaks.length - counts[fk])).toBeLessThanOrEqual(2);
  }
}

/** A time-frequency class of test_specest.py: TestWavelet or TestSuperlet. */
function tfMethodSuite(name: "wavelet" | "superlet", methodCfg: Record<string, unknown>, solutionCfg: Record<string, unknown>, fade: [number, number], minFreqBound: number, minFreqCount: number, sletData: () => Data) {
  const nChannels = 4, nTrials = 3, seed = 151120;
  const tf = makeTfSignal(nChannels, nTrials, seed, fade[0], fade[1]);
  const tfData = tf.data;
  const getTfdata = () => makeTfSignal(nChannels, nTrials, seed, fade[0], fade[1]).data;
  const dataSelections: Sel[] = [
    null,
    { trials: [1, 2, 0], channel: arange(2, 4).map((i) => `channel${i}`).reverse() },
    { trials: [0, 2], channel: arange(0, nChannels / 2), latency: [-2, 6.8] },
  ];

  test(`test_${name === "wavelet" ? "wav" : "slet"}_solution: automatic and requested frequencies, time axes, the modulators' extrema`, async () => {
    const cfg = getDefaults({ method: name, ...methodCfg, ...solutionCfg, output: "pow" });
    const modFreqs = [330, 360];
    const maxFreqs = [...arange(modFreqs[0] - 5, modFreqs[0] + 6), ...arange(modFreqs[1] - 5, modFreqs[1] + 6)];
    const foilimFreqs = arange(Math.min(...maxFreqs), Math.max(...maxFreqs) + 1);
    const timeArr = arange(tfData.time[0][0], tfData.time[0][tfData.time[0].length - 1]);
    const timeSelection = arange(0, tf.fader.length).filter((i) => tf.fader[i] === 1.0);
    for (const select of dataSelections) {
      if (select?.latency) continue; // a toi array and a latency selection clash
      const run = { ...cfg, toi: timeArr, select };
      // the automatic scales run on TestSuperlet's signal in Syncopy's wavelet test as well
      const tfSpec = await spy.freqanalysis(run, name === "wavelet" ? sletData() : tfData);
      const tfSpecFoi = await spy.freqanalysis({ ...run, foi: maxFreqs }, getTfdata());
      const tfSpecFoiLim = await spy.freqanalysis({ ...run, foilim: [Math.min(...maxFreqs), Math.max(...maxFreqs)] }, getTfdata());

      const fmin = Math.min(...tfSpec.freq);
      expect(fmin).toBeGreaterThan(0);
      expect(fmin).toBeLessThan(minFreqBound);
      expect(Math.max(...tfSpec.freq)).toBe(tfData.samplerate / 2);
      expect(tfSpec.freq.length).toBeGreaterThan(minFreqCount);
      expect(allclose(tfSpecFoi.freq, maxFreqs)).toBe(true);
      expect(allclose(tfSpecFoiLim.freq, foilimFreqs)).toBe(true);

      for (let tk = 0; tk < tfSpec.trials.length; tk++) {
        const trlNo = select ? (select.trials as number[])[tk] : tk;
        expect(Array.from(tfSpec.time[tk])).toEqual(timeArr);
        expect(Array.from(tfSpecFoi.time[tk])).toEqual(Array.from(tfSpec.time[tk]));
        expect(Array.from(tfSpecFoiLim.time[tk])).toEqual(Array.from(tfSpecFoi.time[tk]));
        for (let chan = 0; chan < tfSpec.channel.length; chan++) {
          const chanNo = select ? tfData.channel.indexOf((select.channel as string[])[chan]) : chan;
          const modIdx = chanNo % 2 ? parity(tf.odd, trlNo) : parity(tf.even, trlNo);
          const counts = modCounts(tf.modulators[modIdx], timeSelection);
          if (name === "wavelet") {
            // lenient on the automatic scales: all peaks at once, up to 2 misses
            const Zxx = tfMatrix(tfSpec, tk, chan);
            const ZxxMax = maxOf(Zxx);
            const ZxxThresh = 0.2 * ZxxMax;
            const fp = freqsAbove(Zxx, ZxxMax - ZxxThresh);
            const tally = new Map<number, number>();
            for (const f of fp) tally.set(f, (tally.get(f) ?? 0) + 1);
            const vals = [...tally.keys()].sort((a, b) => a - b);
            const freqPeak = vals.reduce((best, v) => ((tally.get(v) as number) > (tally.get(best) as number) ? v : best), vals[0]);
            let modCount = Math.ceil((counts[0] + counts[1]) / 2);
            const peaks = findPeaks(profile(Zxx, freqPeak - 1, freqPeak + 2), { height: 2 * ZxxThresh, distance: 5 });
            if (Math.abs(peaks.length - modCount) > 2) modCount = counts[0] + counts[1];
            expect(Math.abs(peaks.length - modCount)).toBeLessThanOrEqual(2);
          }
          for (const tfObj of [tfSpecFoi, tfSpecFoiLim]) checkModulatorPeaks(tfObj, tk, chan, counts);
        }
      }
    }
  });

  test(`test_${name === "wavelet" ? "wav" : "slet"}_toi: time axes and samplerates of toi arrays, toi 'all'; refused toi`, async () => {
    const cfg = getDefaults({ method: name, ...methodCfg, output: "pow", keeptrials: false });
    const toiArrs = [arange(-2, 7), arange(-1, 6, 1 / tfData.samplerate), arange(1, 6, 2)];
    for (const select of dataSelections) {
      if (select === null || select.latency) continue;
      for (const toi of toiArrs) {
        const s = await spy.freqanalysis({ ...cfg, select, toi }, tfData);
        expect(allclose(toi, s.time[0])).toBe(true);
        expect(s.samplerate).toBe(1 / (toi[1] - toi[0]));
      }
    }
    const sel = { trials: [0], channel: [0], latency: [-0.5, 0.5] };
    const s = await spy.freqanalysis({ ...cfg, select: sel, toi: "all" }, getTfdata());
    const dt = 1 / tfData.samplerate;
    expect(allclose(s.time[0], arange(sel.latency[0], sel.latency[1] + dt, dt))).toBe(true);
    // toi outside the selected trial; unsorted toi
    await rejects(spy.freqanalysis({ ...cfg, select: sel, toi: Array.from(tfData.time[0].slice(0, 10)) }, getTfdata()));
    await rejects(spy.freqanalysis({ ...cfg, select: sel, toi: [0.3, -0.1, 0.2] }, sletData()));
  });

  test(`test_${name === "wavelet" ? "wav" : "slet"}_irregular_trials: toi 'all' keeps each trial's time axis`, async () => {
    const cfg = getDefaults({ method: name, ...methodCfg, output: "pow", toi: "all" });
    const size = name === "wavelet" ? { nTrials: 5, nChannels: 16 } : { nTrials: 2, nChannels: 2 };
    for (const shape of [{ equidistant: true }, { equidistant: false }, { equidistant: false, overlapping: true }]) {
      const artdata = artificialData({ ...size, ...shape });
      const s = await spy.freqanalysis(artdata, cfg);
      for (let k = 0; k < artdata.trials.length; k++) expect(Array.from(s.time[k])).toEqual(Array.from(artdata.time[k]));
    }
  });

  test(`test_${name === "wavelet" ? "wav" : "slet"}_parallel (single machine): frequencies, time axes, shapes with workers and channel blocks`, async () => {
    const cfg = { method: name, ...methodCfg, output: "pow", toi: "all", parallel: true, chan_per_worker: 2 };
    const size = name === "wavelet" ? { nTrials: 2, nChannels: 3 } : { nTrials, nChannels };
    let artdata = artificialData({ ...size, equidistant: false });
    let s = await spy.freqanalysis(artdata, cfg);
    expect(Math.min(...s.freq)).toBeGreaterThan(0);
    expect(Math.min(...s.freq)).toBeLessThan(1);
    expect(Math.max(...s.freq)).toBe(tfData.samplerate / 2);
    artdata = artificialData(size);
    s = await spy.freqanalysis(artdata, { ...cfg, output: "abs" });
    for (let k = 0; k < artdata.trials.length; k++) expect(Array.from(s.time[k])).toEqual(Array.from(artdata.time[k]));
    // overlapping trials, averaged
    artdata = artificialData({ ...size, equidistant: true, overlapping: true });
    s = await spy.freqanalysis(artdata, { ...cfg, output: "abs", keeptrials: false, foilim: [1, 250] });
    const expectedFreqs = arange(1, 251);
    expect(allclose(s.freq, expectedFreqs)).toBe(true);
    expect(s.trials.get(0).shape).toEqual([s.time[0].length, 1, expectedFreqs.length, size.nChannels]);
  });
}

const sletSignal = () => makeTfSignal(4, 3, 151120, -9.5, 50.5).data;

// test_wav_solution sets width = 1, which Syncopy ignores (it always uses 6); spyts honours it
// (README: "The Morlet `width` (w0) is honoured (wider: finer frequency, coarser time resolution);
// Syncopy ignores it and always uses 6"): Syncopy's assertions are checked on ours with width 1.
describe("TestWavelet", () => tfMethodSuite("wavelet", { wavelet: "Morlet" }, { width: 1 }, [-1.5, 5.5], 0.2, 40, sletSignal));

describe("TestSuperlet", () => tfMethodSuite("superlet", { order_max: 2 }, {}, [-9.5, 50.5], 0.02, 50, sletSignal));

afterAll(() => spy.shutdown());
