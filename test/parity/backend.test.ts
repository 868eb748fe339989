/**
 * Syncopy's backend tests against spyts: syncopy/tests/backend/test_timefreq.py,
 * syncopy/tests/backend/test_resampling.py and syncopy/tests/backend/test_fooofspy.py.
 *
 * Syncopy calls its backend functions directly; the same computations are reached here through
 * spyts' public API: `spy.freqanalysis` for mtmfft, mtmconvol, wavelet and superlet (with
 * `polyremoval: null`, as the backend does not detrend), `spy.preproc` (designWsinc,
 * convolveSame, downsample, resampleKernel, resamplePoly) for resampling, `spy.fooof` for one
 * spectrum, `fooofSpectralData` (src/fooof, the FooofSpy step behind freqanalysis) for several
 * channels and the three output types, and `fooofComputeFunction` (src/fooof) for the out_type check.
 *
 * Signals are Syncopy's recipes; random draws come from spy.synthdata's seeded generators, not
 * numpy's streams (README: "Random generators in spy.synthdata are seeded and reproducible but do
 * not reproduce numpy's streams"). Every assertion is Syncopy's own bound; where noted, values are
 * also compared with Syncopy's backend restated in numpy/scipy (the script is quoted below).
 *
 * Mapping of backend parameters onto the frontend:
 *   - backend mtmconvol dpss with NW = 2.5, Kmax = 4 on 500-sample windows: the frontend takes NW
 *     from the mean trial length (Syncopy's freqanalysis does the same, `nSamples=lenTrials.mean()`),
 *     so tapsmofrq = 2.5 * fs / 2619 gives NW = 2.5 exactly (checked: 4 tapers).
 *   - trl_av_power's `_get_dpss_pars(1, nSamples=2000, fs)` (always 2000, also for the shorter
 *     resampled signals): tapsmofrq = 2000 / N on N samples gives the same NW.
 *   - resampling.resample(lpfreq=-1) is scipy's default filter, firwin(2*10*max(up,down)+1,
 *     1/max(up,down), window=("kaiser", 5.0)); restated below and handed to spy.preproc.resamplePoly.
 *   - the 100 trials of the resampling test are 100 channels of one signal (the same per-column
 *     computation; the mean over channels is the trial average).
 *
 * Left out: the matplotlib figures; AR1_plus_harm_spec (test_fooofspy.py defines it, no test uses
 * it). Already covered elsewhere, so not repeated: test_mtmfft's untapered peaks (12.5, 4.5) and DPSS
 * sum (34, atol 1e-2) in test/specest/mtmfft.test.ts ("5cos(40 Hz) + 3cos(100 Hz)", "DPSS NW=5");
 * test_exception_freq_length_does_not_match_spectrum_length and test_exception_on_invalid_fooof_opt_entry
 * in test/fooof/fooof.test.ts ("bad spectra", "bad settings"). test_exception_on_invalid_output_type is
 * covered for fooofSpectralData in test/fooof/spectral.test.ts ("errors: ... bad output") and ported
 * here for the compute function itself.
 *
 * Reference script (python3, numpy 2.4, scipy 1.17), Syncopy's backend mtmfft / mtmconvol + stft /
 * _norm_spec restated:
 *
 *   import numpy as np; from scipy.signal import windows
 *   def gen(freqs=(20, 50, 80), cycles=12, fs=1000):
 *       s = []
 *       for f in freqs:
 *           t = np.arange(cycles / f, step=1 / fs)
 *           h = np.cos(2*np.pi*f*t); pk = h + np.cos(2*np.pi*(f + 10)*t)
 *           s.extend([np.zeros(int(5/f*fs)), pk, np.zeros(int(2/f*fs)), h])
 *       s.append(np.zeros(int(5/f*fs)))
 *       return 5 * np.concatenate(s)
 *   def norm_taper(taper, w, n):
 *       if taper == "dpss": return w * np.sqrt(n)
 *       if taper == "boxcar": return w * np.sqrt(n / w.sum())
 *       return w * np.sqrt(4/3) * np.sqrt(n / w.sum())
 *   def stft_pow(x, wins, nperseg=500, noverlap=499):
 *       x = np.concatenate([np.zeros(nperseg//2), x, np.zeros(nperseg//2)]); step = nperseg - noverlap
 *       nadd = (-(x.size - nperseg) % step) % nperseg; x = np.concatenate([x, np.zeros(nadd)])
 *       seg = np.lib.stride_tricks.sliding_window_view(x, nperseg)[::step][:(x.size - noverlap)//step]
 *       p = np.mean([np.abs(np.fft.rfft(seg*w, axis=-1)*np.sqrt(2)/nperseg)**2 for w in wins], axis=0)
 *       return p[:int(np.ceil((x.size - 2*(nperseg//2) - nadd)/step))]
 *   sig = gen(); A = 5; freqs = np.fft.rfftfreq(500, 1/1000)
 *   P = stft_pow(sig, norm_taper("hann", windows.hann(500)[None], 500))
 *   [(P[:, np.argmax(freqs >= f)] > 0.5*A**2/np.e**2).sum() for f in (20, 50, 80)]  # 1328, 552, 344
 *   P2 = stft_pow(sig, norm_taper("dpss", windows.dpss(500, 2.5, 4, sym=False), 500))
 *   P2.max() * 5                                                                     # 14.057685184220755
 *   t = np.arange(0, 1, 1/1000); x = 5*np.cos(2*np.pi*40*t) + 3*np.cos(2*np.pi*100*t)
 *   def mtmfft_sum(taper, **opt):
 *       w = norm_taper(taper, np.atleast_2d(getattr(windows, taper)(1000, **opt)), 1000)
 *       return 2*np.mean([np.abs(np.fft.rfft(wi*x)*np.sqrt(2)/1000)**2 for wi in w], axis=0).sum()
 *   mtmfft_sum("kaiser", beta=3)  # 35.24458908536393; the parameter-free windows: WINDOW_SUMS below
 *   from scipy.signal import firwin; h = firwin(2001, 1/100, window=("kaiser", 5.0))
 *   h[1000], h[1050]              # 0.010006750776284438, 0.006335004681323309
 */
import * as spy from "../../src";
import { fooofSpectralData, fooofComputeFunction, DEFAULT_FOOOF_OPT, FOOOF_METADATA_KEYS } from "../../src/fooof";

jest.setTimeout(300_000);

afterAll(async () => {
  await spy.shutdown();
});

const E = Math.E;

/** numpy.arange(stop, step=step).size */
const arangeLen = (stop: number, step: number) => Math.max(0, Math.ceil(stop / step));

/** One single-channel trial as AnalogData. */
function analog(x: ArrayLike<number>, samplerate: number, nChannels = 1): spy.AnalogData {
  const data = Float64Array.from(x);
  return new spy.AnalogData({ data: { data, shape: [data.length / nChannels, nChannels], dtype: "float64" }, samplerate });
}

/** The stacked values of a one-trial result. */
const values = (s: spy.SpectralData): Float64Array => Float64Array.from(s.trials.get(0).data as ArrayLike<number>);
const mean = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s / a.length; };
const sum = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };
const maxOf = (a: ArrayLike<number>) => { let m = -Infinity; for (let i = 0; i < a.length; i++) m = Math.max(m, a[i]); return m; };
/** numpy.allclose(a, b, atol) for scalars (rtol 1e-5). */
const allclose = (a: number, b: number, atol = 1e-8, rtol = 1e-5) => Math.abs(a - b) <= atol + rtol * Math.abs(b);
/** numpy.argmax(freqs >= f) */
const firstAtLeast = (freqs: ArrayLike<number>, f: number) => Array.prototype.findIndex.call(freqs, (x: number) => x >= f);

// ============================================================================================
// test_timefreq.py
// ============================================================================================

/**
 * test_timefreq.gen_testdata: for each frequency a pad of 5 cycles, a packet (harmonic + a +10 Hz
 * neighbour) of `cycles` cycles, 2 cycles of zeros and the harmonic alone; a final pad.
 */
function genTestdata(freqs: number[], cycles: number, fs: number): Float64Array {
  const parts: number[][] = [];
  let pad: number[] = [];
  for (const freq of freqs) {
    const n = arangeLen(cycles / freq, 1 / fs);
    const harmonic = Array.from({ length: n }, (_, i) => Math.cos(2 * Math.PI * freq * (i / fs)));
    const packet = harmonic.map((h, i) => h + Math.cos(2 * Math.PI * (freq + 10) * (i / fs)));
    const deltaT = new Array(Math.trunc((2 / freq) * fs)).fill(0);
    pad = new Array(Math.trunc((5 / freq) * fs)).fill(0);
    parts.push(pad, packet, deltaT, harmonic);
  }
  parts.push(pad);
  return Float64Array.from(parts.flat());
}

describe("test_timefreq", () => {
  const fs = 1000;
  const signalFreqs = [20, 50, 80];
  const cycles = 12;
  const A = 5;
  const signal = genTestdata(signalFreqs, cycles, fs).map((v) => A * v);
  const data = analog(signal, fs);
  const foi = Array.from({ length: 100 }, (_, i) => 1 + i);      // np.arange(1, 101)
  const freqIdx = signalFreqs.map((f) => firstAtLeast(foi, f));  // 19, 49, 79
  const nT = signal.length;

  test("the test signal: 2619 samples (numpy's lengths)", () => {
    expect(nT).toBe(2619);
    expect(freqIdx).toEqual([19, 49, 79]);
  });

  /** Samples of band column `idx` of a [T, 1, F, 1] power above `thresh`, and the cycle number. */
  function cycleNum(spec: spy.SpectralData, idx: number, thresh: number, frequency: number): { count: number; cycles: number } {
    const d = spec.trials.get(0).data;
    const F = spec.freq.length;
    let count = 0;
    for (let t = 0; t < nT; t++) if (d[t * F + idx] > thresh) count++;
    return { count, cycles: (count / fs) * frequency };
  }

  test("test_mtmconvol, hann: power > 0.5 A^2/e^2 for between 2 and 3 times 12 cycles in each band", async () => {
    // 500-sample windows (2 Hz bins), a window centred on every sample (noverlap = nperseg - 1)
    const spec = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: 0.5, toi: "all", taper: "hann", polyremoval: null, output: "pow" });
    expect(spec.trials.get(0).shape).toEqual([nT, 1, 251, 1]);
    const freqs = spec.freq;
    expect(freqs[1] - freqs[0]).toBe(2);
    const numpyCounts = [1328, 552, 344]; // the reference script
    signalFreqs.forEach((frequency, k) => {
      const idx = firstAtLeast(freqs, frequency);
      const { count, cycles: n } = cycleNum(spec, idx, (0.5 * A ** 2) / E ** 2, frequency);
      expect(n).toBeGreaterThan(2 * cycles);
      expect(n).toBeLessThan(3 * cycles);
      expect(Math.abs(count - numpyCounts[k])).toBeLessThanOrEqual(2);
    });
  });

  test("test_mtmconvol, dpss NW 2.5 (4 tapers): 0.4 A^2 < max power x 5 bins < 0.65 A^2", async () => {
    const tapsmofrq = (2.5 * fs) / nT; // NW = tapsmofrq * 2619 / fs = 2.5, Kmax = 4
    const spec = await spy.freqanalysis(data, {
      method: "mtmconvol", t_ftimwin: 0.5, toi: "all", tapsmofrq, keeptapers: true, polyremoval: null, output: "pow",
    });
    expect(spec.taper).toEqual(["dpss0", "dpss1", "dpss2", "dpss3"]);
    const [T, K, F, C] = spec.trials.get(0).shape;
    expect([T, K, F, C]).toEqual([nT, 4, 251, 1]);
    // the mean over tapers, as the backend test's .mean(axis=1)
    const d = spec.trials.get(0).data;
    let mx = 0;
    for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += d[(t * K + k) * F + f];
      mx = Math.max(mx, s / K);
    }
    const nBins = 5;
    expect(mx * nBins).toBeGreaterThan(0.4 * A ** 2);
    expect(mx * nBins).toBeLessThan(0.65 * A ** 2);
    expect(Math.abs(mx * nBins - 14.057685184220755)).toBeLessThan(1e-4 * 14.06); // the reference script
  });

  test("test_superlet: multiplicative SLT, orders 2..20, c_1 1: power > (A/e)^2 for 2 to 3 times 12 cycles", async () => {
    const spec = await spy.freqanalysis(data, {
      method: "superlet", foi, order_max: 20, order_min: 2, c_1: 1, adaptive: false, toi: "all", polyremoval: null, output: "pow",
    });
    expect(spec.trials.get(0).shape).toEqual([nT, 1, 100, 1]);
    signalFreqs.forEach((frequency, k) => {
      const { cycles: n } = cycleNum(spec, freqIdx[k], (A / E) ** 2, frequency);
      expect(n).toBeGreaterThan(2 * cycles);
      expect(n).toBeLessThan(3 * cycles);
    });
  });

  test("test_wavelet: Morlet(10) at foi 1..100 Hz: power > (A/e)^2 for 2 to 3 times 12 cycles", async () => {
    // backend: spywave.Morlet(10), scales = scale_from_period(1 / foi); frontend: width 10 (README:
    // spyts honours the Morlet width, Syncopy's frontend uses 6, its backend the given w0)
    const spec = await spy.freqanalysis(data, {
      method: "wavelet", wavelet: "Morlet", width: 10, foi, toi: "all", polyremoval: null, output: "pow",
    });
    expect(spec.trials.get(0).shape).toEqual([nT, 1, 100, 1]);
    // Syncopy's freq axis is 1 / fourier_period(scales) (compRoutines.py WaveletTransform): foi up to rounding
    spec.freq.forEach((f, i) => expect(Math.abs(f - foi[i])).toBeLessThan(1e-12 * foi[i]));
    signalFreqs.forEach((frequency, k) => {
      const { cycles: n } = cycleNum(spec, freqIdx[k], (A / E) ** 2, frequency);
      expect(n).toBeGreaterThan(2 * cycles);
      expect(n).toBeLessThan(3 * cycles);
    });
  });

  describe("test_mtmfft: 5 cos(40 Hz) + 3 cos(100 Hz), 1 s at 1 kHz", () => {
    const A1 = 5, A2 = 3;
    const x = Array.from({ length: 1000 }, (_, i) => A1 * Math.cos(2 * Math.PI * 40 * (i / 1000)) + A2 * Math.cos(2 * Math.PI * 100 * (i / 1000)));
    const two = analog(x, 1000);
    const target = A1 ** 2 + A2 ** 2; // 34

    test("kaiser beta 3: 2 x total power = A1^2 + A2^2 (atol 1.5)", async () => {
      const s = await spy.freqanalysis(two, { taper: "kaiser", taper_opt: { beta: 3 }, polyremoval: null });
      expect(s.freq.length).toBe(501);
      const total = 2 * sum(values(s));
      expect(allclose(total, target, 1.5)).toBe(true);
      expect(Math.abs(total - 35.24458908536393)).toBeLessThan(1e-5 * 35.2); // the reference script
    });

    // 2 * sum(power) of every parameter-free scipy window (scipy.signal.windows.__all__ without
    // exponential and the deprecated hanning; those needing an argument raise TypeError and are
    // skipped by Syncopy's loop), from the reference script
    const WINDOW_SUMS: [string, number][] = [
      ["boxcar", 33.999999999999986], ["triang", 30.229424920510596], ["parzen", 32.59683058654452],
      ["bohman", 32.80925670501299], ["blackman", 32.877460315662525], ["nuttall", 32.57095058995598],
      ["blackmanharris", 32.59745449514679], ["flattop", 36.84636033519547], ["bartlett", 30.229476892233535],
      ["barthann", 33.00095973386084], ["hamming", 33.35756875263435], ["cosine", 35.604703306059506],
      ["hann", 33.999999988270154], ["tukey", 41.55560318812915], ["taylor", 34.09377071889187],
      ["lanczos", 34.714780580379454],
    ];
    test.each(WINDOW_SUMS)("%s: 2 x total power = A1^2 + A2^2 (atol 4, tukey 8)", async (win, numpySum) => {
      const s = await spy.freqanalysis(two, { taper: win, polyremoval: null });
      const total = 2 * sum(values(s));
      expect(allclose(total, target, win === "tukey" ? 8 : 4)).toBe(true);
      expect(Math.abs(total - numpySum)).toBeLessThan(1e-5 * numpySum);
    });
  });
});

// ============================================================================================
// test_resampling.py
// ============================================================================================

/** Modified Bessel function I0 (power series; converges quickly for the arguments of kaiser 5.0). */
function besselI0(x: number): number {
  let term = 1, s = 1;
  for (let k = 1; k < 200; k++) {
    term *= (x / (2 * k)) ** 2;
    s += term;
    if (term < 1e-17 * s) break;
  }
  return s;
}

/**
 * scipy.signal.firwin(numtaps, cutoff, window=("kaiser", beta)) for a low-pass (cutoff relative to
 * Nyquist): cutoff * sinc(cutoff * (n - alpha)) times the symmetric Kaiser window, scaled to unit sum.
 */
function firwinKaiser(numtaps: number, cutoff: number, beta: number): Float64Array {
  const alpha = 0.5 * (numtaps - 1);
  const h = new Float64Array(numtaps);
  const i0b = besselI0(beta);
  for (let n = 0; n < numtaps; n++) {
    const m = n - alpha;
    const arg = Math.PI * cutoff * m;
    const sinc = m === 0 ? 1 : Math.sin(arg) / arg;
    const r = (2 * n) / (numtaps - 1) - 1;
    h[n] = cutoff * sinc * (besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b);
  }
  const s = sum(h);
  for (let n = 0; n < numtaps; n++) h[n] /= s;
  return h;
}

describe("test_resampling: test_resample", () => {
  const nSamples = 2000, nTrials = 100, origFs = 500;
  // 100 trials of N(0, 1) as 100 channels of one [2000, 100] signal
  const noise = spy.synthdata.white_noise({ nTrials: null, nSamples, nChannels: nTrials, seed: 42 }) as spy.NDArray;
  const x = Float64Array.from(noise.data as ArrayLike<number>);
  const mc = { nChannels: nTrials };

  /** trl_av_power: DPSS mtmfft with NW, Kmax = _get_dpss_pars(1, 2000, fs), averaged over trials. */
  async function trlAvPower(y: Float64Array, fs: number): Promise<{ power: Float64Array; freq: Float64Array }> {
    const n = y.length / nTrials;
    const s = await spy.freqanalysis(analog(y, fs, nTrials), { tapsmofrq: nSamples / n, polyremoval: null });
    // power [1, 1, F, 100]: the mean over the 100 columns is the trial average
    const d = s.trials.get(0).data, F = s.freq.length;
    const power = new Float64Array(F);
    for (let f = 0; f < F; f++) { let acc = 0; for (let c = 0; c < nTrials; c++) acc += d[f * nTrials + c]; power[f] = acc / nTrials; }
    return { power, freq: s.freq };
  }

  let origPower: Float64Array;
  beforeAll(async () => {
    origPower = (await trlAvPower(x, origFs)).power;
  });

  test("the DPSS parameters of trl_av_power: NW = 1 * 2000 / fs", async () => {
    // orig: NW 4, Kmax 7; downsampled to 250 Hz (1000 samples): NW 8, Kmax 15
    const orig = await spy.freqanalysis(analog(x.subarray(0, 2 * nSamples), origFs, 2), { tapsmofrq: 1, keeptapers: true });
    expect(orig.taper.length).toBe(7);
    const ds = spy.preproc.downsample(x.subarray(0, 2 * nSamples), 2, { nChannels: 2 });
    const dsSpec = await spy.freqanalysis(analog(ds.y, 250, 2), { tapsmofrq: nSamples / ds.nOut, keeptapers: true });
    expect(dsSpec.taper.length).toBe(15);
  });

  test("downsampling without low-pass: the gain is the rate ratio (0.95 x 2 < gain < 1.05 x 2)", async () => {
    const dsFs = origFs / 2;
    expect(origFs % dsFs).toBe(0);
    const ds = spy.preproc.downsample(x, origFs / dsFs, mc);
    expect(ds.nOut).toBe(1000);
    const { power } = await trlAvPower(ds.y, dsFs);
    const gain = mean(power) / mean(origPower);
    const fsRatio = origFs / dsFs;
    expect(gain).toBeGreaterThan(0.95 * fsRatio);
    expect(gain).toBeLessThan(1.05 * fsRatio);
  });

  test("downsampling after a hamming FIR low-pass at the new Nyquist: no gain (0.98 < gain < 1.02)", async () => {
    const fsRatio = 2;
    // firws.design_wsinc("hamming", order=nSamples, f_c=0.5 / fs_ratio), firws.apply_fir (convolve "same")
    const lp = spy.preproc.designWsinc("hamming", nSamples, 0.5 / fsRatio);
    expect(lp.length).toBe(nSamples + 1);
    const filtered = spy.preproc.convolveSame(x, lp, mc);
    const ds = spy.preproc.downsample(filtered, fsRatio, mc);
    const { power } = await trlAvPower(ds.y, origFs / fsRatio);
    const gain = mean(power) / mean(origPower);
    expect(gain).toBeGreaterThan(0.98);
    expect(gain).toBeLessThan(1.02);
  });

  const rsFs = 205;

  test("resample to 205 Hz with scipy's default kaiser filter (lpfreq=-1): 0.94 < gain < 1.02", async () => {
    expect(origFs % rsFs).toBeGreaterThan(1);
    const { up, down } = spy.preproc.resampleFactors(origFs, rsFs);
    expect([up, down]).toEqual([41, 100]);
    // resample_poly's own filter: firwin(2 * 10 * max_rate + 1, 1 / max_rate, window=("kaiser", 5.0))
    const maxRate = Math.max(up, down);
    const h = firwinKaiser(2 * 10 * maxRate + 1, 1 / maxRate, 5.0);
    expect(Math.abs(h[1000] - 0.010006750776284438)).toBeLessThan(1e-15);  // scipy's values
    expect(Math.abs(h[1050] - 0.006335004681323309)).toBeLessThan(1e-15);
    const rs = spy.preproc.resamplePoly(x, up, down, h, mc);
    expect(rs.nOut).toBe(820);
    const { power } = await trlAvPower(rs.y, rsFs);
    const gain = mean(power) / mean(origPower);
    expect(gain).toBeGreaterThan(0.94);
    expect(gain).toBeLessThan(1.02);
  });

  test("resample to 205 Hz with Syncopy's firws kernel (lpfreq=None, order=None -> 10000): 0.98 < gain < 1.02", async () => {
    const { up, down } = spy.preproc.resampleFactors(origFs, rsFs);
    // order None: nSamples * up = 82000, limited to 10000
    const order = Math.min(nSamples * up, 10000);
    expect(order).toBe(10000);
    const kernel = spy.preproc.resampleKernel(origFs, rsFs, order);
    // firws.design_wsinc("hamming", order, f_c=0.5 * fs_ratio / up)
    expect(Array.from(kernel)).toEqual(Array.from(spy.preproc.designWsinc("hamming", order, (0.5 * (rsFs / origFs)) / up)));
    const rs = spy.preproc.resamplePoly(x, up, down, kernel, mc);
    const { power } = await trlAvPower(rs.y, rsFs);
    const gain = mean(power) / mean(origPower);
    expect(gain).toBeGreaterThan(0.98);
    expect(gain).toBeLessThan(1.02);
  });
});

// ============================================================================================
// test_fooofspy.py
// ============================================================================================

/**
 * fooof.sim.gen.gen_power_spectrum([3, 40], [1, 1], [[10, 0.2, 1.25], [30, 0.15, 2]], nlv=0.001,
 * freq_res=0.5): freqs = arange(3, 40 + 0.5, 0.5); power = 10^(offset - log10(f^exp) + Gaussians +
 * N(0, nlv)), the Gaussians h exp(-(f - c)^2 / (2 sd^2)).
 */
function powerSpectrum(seed = 42): { freqs: Float64Array; powers: Float64Array } {
  const freqs = Float64Array.from({ length: arangeLen(40 + 0.5 - 3, 0.5) }, (_, i) => 3 + 0.5 * i);
  const [offset, exponent] = [1, 1];
  const peaks = [[10, 0.2, 1.25], [30, 0.15, 2]];
  const nlv = 0.001;
  const z = (spy.synthdata.white_noise({ nTrials: null, nSamples: freqs.length, nChannels: 1, seed }) as spy.NDArray).data;
  const powers = freqs.map((f, i) => {
    let v = offset - Math.log10(f ** exponent) + nlv * z[i];
    for (const [c, h, sd] of peaks) v += h * Math.exp(-((f - c) ** 2) / (2 * sd * sd));
    return 10 ** v;
  });
  return { freqs, powers };
}

describe("test_fooofspy: TestSpfooof", () => {
  const { freqs, powers } = powerSpectrum();
  const F = freqs.length;
  const fooofOpt = { peak_width_limits: [1.0, 12.0] as [number, number] };
  // Syncopy's details keys (its settings_used is the log's fooof_opt here; FOOOF_METADATA_KEYS
  // adds spyts' converged and fit_message)
  const DETAIL_KEYS = ["aperiodic_params", "gaussian_params", "peak_params", "n_peaks", "r_squared", "error"];

  /** Power [1, 1, F, nChannels] as SpectralData, every channel the same spectrum (np.tile). */
  function spectral(nChannels: number): spy.SpectralData {
    const data = new Float64Array(F * nChannels);
    for (let f = 0; f < F; f++) for (let c = 0; c < nChannels; c++) data[f * nChannels + c] = powers[f];
    return new spy.SpectralData({ data: { data, shape: [1, 1, F, nChannels], dtype: "float64" }, samplerate: 1000, freq: freqs, trialdefinition: [[0, 1, 0]] });
  }

  /**
   * Syncopy's details: the keys, one entry per channel, the out_type (settings_used.out_type: the
   * log's fooof_method here). settings_used.fooof_opt: the log holds fooof_opt shortened (values over
   * 80 characters are cut, src/compute/routine.ts), so the settings the fit used are read from
   * spy.fooof's `settings` and the FooofSpy step's fits must equal spy.fooof's with the same opts.
   */
  function checkDetails(out: spy.SpectralData, output: string, nChannels: number, opt: Record<string, unknown>): void {
    const md = out.metadata as Record<string, Record<string, unknown>>;
    for (const key of DETAIL_KEYS) expect(Object.keys(md)).toContain(key);
    expect(Object.keys(md).sort()).toEqual([...FOOOF_METADATA_KEYS].sort());
    expect((md.n_peaks.n_peaks__0_0 as number[]).length).toBe(nChannels);
    expect(out.log).toContain(`fooof_method = ${output}\n`);
    expect(out.log).toContain("fooof_opt = ");
    const fit = spy.fooof(freqs, powers, opt);
    const gp = (md.gaussian_params.gaussian_params__0_0 as number[][][]);
    const ap = (md.aperiodic_params.aperiodic_params__0_0 as number[][]);
    for (let c = 0; c < nChannels; c++) {
      expect(gp[c]).toEqual(fit.gaussian_params);
      expect(ap.map((row) => row[c])).toEqual(fit.aperiodic_params);
    }
  }

  test("the spectrum: 75 frequencies 3..40 Hz in 0.5 Hz steps", () => {
    expect(F).toBe(75);
    expect(freqs[0]).toBe(3);
    expect(freqs[F - 1]).toBe(40);
  });

  test("test_output_fooof_single_channel: the peaks are recovered; peak_threshold at its default 2.0", async () => {
    const fit = spy.fooof(freqs, powers, fooofOpt);
    expect(fit.fooofed_spectrum.length).toBe(F);
    expect(fit.settings.peak_threshold).toBe(2.0);
    expect(fit.converged).toBe(true);
    // np.allclose(gaussian_params[0][0], [10, 0.2, 1.25], atol=0.5) and [0][1] ~ [30, 0.15, 2], atol 2
    expect(fit.gaussian_params.length).toBeGreaterThanOrEqual(2);
    [10, 0.2, 1.25].forEach((v, i) => expect(allclose(fit.gaussian_params[0][i], v, 0.5)).toBe(true));
    [30, 0.15, 2].forEach((v, i) => expect(allclose(fit.gaussian_params[1][i], v, 2.0)).toBe(true));
    // through the FooofSpy step: output shape (nFreq, 1) per trial, the details
    const out = await fooofSpectralData(spectral(1), { output: "fooof", fooofOpt });
    expect(out.trials.get(0).shape).toEqual([1, 1, F, 1]);
    checkDetails(out, "fooof", 1, fooofOpt);
  });

  test("test_output_fooof_several_channels: 3 channels, shape (nFreq, 3), the details", async () => {
    const out = await fooofSpectralData(spectral(3), { output: "fooof", fooofOpt });
    expect(out.trials.get(0).shape).toEqual([1, 1, F, 3]);
    // the same spectrum in every channel: each channel's fit is spy.fooof's
    checkDetails(out, "fooof", 3, fooofOpt);
    expect(spy.fooof(freqs, powers, fooofOpt).settings.peak_threshold).toBe(2.0);
  });

  test.each(["fooof_aperiodic", "fooof_peaks"] as const)("test_output_%s: shape (nFreq, 1), the details", async (output) => {
    const out = await fooofSpectralData(spectral(1), { output, fooofOpt });
    expect(out.trials.get(0).shape).toEqual([1, 1, F, 1]);
    checkDetails(out, output, 1, fooofOpt);
    expect(spy.fooof(freqs, powers, fooofOpt).settings.peak_threshold).toBe(2.0);
  });

  test("test_together: equal shapes; max of fooof_peaks < max of fooof; Syncopy's linear outputs", async () => {
    const spec = spectral(1);
    const fooof = await fooofSpectralData(spec, { output: "fooof", fooofOpt });
    const aperiodic = await fooofSpectralData(spec, { output: "fooof_aperiodic", fooofOpt });
    const peaks = await fooofSpectralData(spec, { output: "fooof_peaks", fooofOpt });
    expect(fooof.log).toContain("fooof_method = fooof\n");
    expect(aperiodic.log).toContain("fooof_method = fooof_aperiodic");
    expect(peaks.log).toContain("fooof_method = fooof_peaks");
    expect(aperiodic.trials.get(0).shape).toEqual(fooof.trials.get(0).shape);
    expect(peaks.trials.get(0).shape).toEqual(fooof.trials.get(0).shape);
    expect(fooof.trials.get(0).shape).toEqual([1, 1, F, 1]);
    const m = values(fooof), a = values(aperiodic), p = values(peaks);
    expect(maxOf(p)).toBeLessThan(maxOf(m));
    // fooofspy: 10**fooofed_spectrum_, 10**(offset - log10(f**exp)), their difference + 1e-16 (float32 here)
    const fit = spy.fooof(freqs, powers, fooofOpt);
    const [off, ex] = fit.aperiodic_params;
    for (let f = 0; f < F; f++) {
      const model = 10 ** fit.fooofed_spectrum[f], ap = 10 ** (off - Math.log10(freqs[f] ** ex));
      expect(Math.abs(m[f] - model)).toBeLessThanOrEqual(1e-6 * model);
      expect(Math.abs(a[f] - ap)).toBeLessThanOrEqual(1e-6 * ap);
      expect(Math.abs(p[f] - (model - ap + 1e-16))).toBeLessThanOrEqual(1e-6 * model);
    }
  });

  test("test_the_fooof_opt_settings_are_used: peak_threshold 3.0 is used, min_peak_height stays 0.0", async () => {
    const opt = { peak_threshold: 3.0, peak_width_limits: [1.0, 12.0] as [number, number] };
    const out = await fooofSpectralData(spectral(1), { output: "fooof_peaks", fooofOpt: opt });
    expect(out.trials.get(0).shape).toEqual([1, 1, F, 1]);
    checkDetails(out, "fooof_peaks", 1, opt);
    // on this spectrum thresholds 2 and 3 find the same 2 peaks; that the FooofSpy step uses the
    // given threshold shows with one no peak passes: 100 sd of a 75-point flattened spectrum
    const none = await fooofSpectralData(spectral(1), { output: "fooof_peaks", fooofOpt: { ...opt, peak_threshold: 100 } });
    expect((none.metadata as Record<string, Record<string, number[]>>).n_peaks.n_peaks__0_0).toEqual([0]);
    const fit = spy.fooof(freqs, powers, opt);
    expect(fit.settings.peak_threshold).toBe(3.0);
    expect(fit.settings.min_peak_height).toBe(0.0);
  });

  test("test_exception_on_invalid_output_type: the core function (fooofspy's equivalent) refuses 'fooof_invalidout'", () => {
    // fooofSpectralData / freqanalysis already refuse it (test/fooof/spectral.test.ts); the compute
    // function itself gave fooof_peaks for any unknown output before (fixed in src/fooof/computeFunction.ts)
    const trial = { data: Float64Array.from(powers), shape: [1, 1, F, 1], dtype: "float64" as const };
    const kw = { freqs: Array.from(freqs), fooof_opt: { ...DEFAULT_FOOOF_OPT, peak_width_limits: [1, 12] } };
    expect(() => fooofComputeFunction(trial, { ...kw, output: "fooof_invalidout" }, { noCompute: false })).toThrow(spy.SPYValueError);
    expect(() => fooofComputeFunction(trial, { ...kw, output: "fooof_invalidout" }, { noCompute: false })).toThrow(/`output`.*"fooof", "fooof_aperiodic", "fooof_peaks"/);
    expect(() => fooofComputeFunction(trial, { ...kw, output: "fooof_peaks" }, { noCompute: false })).not.toThrow();
  });

  test("test_exception_empty_freqs: frequencies are required (a SPYTypeError naming freqs)", () => {
    // Syncopy: ValueError "input frequencies are required and must not be None"
    let err: unknown = null;
    try {
      spy.fooof(null as never, powers);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(spy.SPYTypeError);
    expect((err as spy.SPYTypeError).param).toBe("freqs");
    expect(String(err)).toMatch(/an array of numbers/);
  });
});
