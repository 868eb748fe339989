/** freqanalysis(method="mtmfft"): Syncopy's own acceptance checks (reference §4.2, cases 1–6) and validation. */
import * as spy from "../../src";

function cosines(fs: number, n: number, comps: [number, number][], nTrials = 1, nChannels = 1): spy.AnalogData {
  const trials: spy.NDArray[] = [];
  for (let k = 0; k < nTrials; k++) {
    const data = new Float64Array(n * nChannels);
    for (let t = 0; t < n; t++) {
      let v = 0;
      for (const [A, f] of comps) v += A * Math.cos(2 * Math.PI * f * (t / fs));
      for (let c = 0; c < nChannels; c++) data[t * nChannels + c] = v;
    }
    trials.push({ data, shape: [n, nChannels], dtype: "float64" });
  }
  return new spy.AnalogData({ data: trials, samplerate: fs });
}

function powerAt(spec: spy.SpectralData, f: number, trial = 0, channel = 0): number {
  const freq = spec.freq;
  const i = freq.findIndex((x) => Math.abs(x - f) < 1e-9);
  if (i < 0) throw new Error(`no bin at ${f} Hz`);
  const t = spec.trials.get(trial);
  const nChan = t.shape[3];
  return t.data[i * nChan + channel];
}

function maxOf(a: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) m = Math.max(m, a[i]);
  return m;
}

describe("mtmfft normalisation (Syncopy TestMTMFFT.test_normalization, test_mtmfft)", () => {
  const sig = cosines(500, 1000, [[4, 50]]);

  test("a cosine of amplitude A peaks at A^2/2, with and without padding", async () => {
    const noPad = await spy.freqanalysis(sig, { taper: null, foilim: [40, 60] });
    expect(Math.abs(maxOf(noPad.trials.get(0).data) - 8)).toBeLessThan(1e-5);
    const pad4 = await spy.freqanalysis(sig, { taper: null, foilim: [40, 60], pad: 4 });
    expect(pad4.freq[1] - pad4.freq[0]).toBeCloseTo(0.25, 12); // 4 s -> 0.25 Hz instead of 0.5 Hz
    expect(Math.abs(maxOf(pad4.trials.get(0).data) - 8)).toBeLessThan(1e-5);
    const ft = await spy.freqanalysis(sig, { taper: null, foilim: [40, 60], pad: 4, ft_compat: true });
    expect(Math.abs(maxOf(ft.trials.get(0).data) - 4)).toBeLessThan(1e-5);
  });

  test("kaiser beta=10: padding keeps the peak, ft_compat halves it", async () => {
    const opts = { taper: "kaiser", taper_opt: { beta: 10 }, foilim: [40, 60] };
    const a = maxOf((await spy.freqanalysis(sig, opts)).trials.get(0).data);
    const b = maxOf((await spy.freqanalysis(sig, { ...opts, pad: 4 })).trials.get(0).data);
    expect(Math.abs(a - b) / a).toBeLessThan(1e-5);
    const c = maxOf((await spy.freqanalysis(sig, { ...opts, ft_compat: true })).trials.get(0).data);
    const d = maxOf((await spy.freqanalysis(sig, { ...opts, pad: 4, ft_compat: true })).trials.get(0).data);
    expect(Math.abs(c - 2 * d) / c).toBeLessThan(1e-5);
  });

  test("5cos(40 Hz) + 3cos(100 Hz): 12.5 and 4.5 at their bins", async () => {
    const two = cosines(1000, 1000, [[5, 40], [3, 100]]);
    const s = await spy.freqanalysis(two, { taper: null });
    expect(s.freq[40]).toBe(40);
    expect(powerAt(s, 40)).toBeCloseTo(12.5, 4);
    expect(powerAt(s, 100)).toBeCloseTo(4.5, 4);
  });

  test("DPSS NW=5 (9 tapers): 2 * total power = sum of A^2 = 34", async () => {
    const two = cosines(1000, 1000, [[5, 40], [3, 100]]);
    const s = await spy.freqanalysis(two, { tapsmofrq: 5 });
    const p = s.trials.get(0).data;
    let sum = 0;
    for (let i = 0; i < p.length; i++) sum += p[i];
    expect(Math.abs(2 * sum - 34)).toBeLessThan(1e-2);
    const kept = await spy.freqanalysis(two, { tapsmofrq: 5, keeptapers: true, output: "abs" });
    expect(kept.taper).toEqual(["dpss0", "dpss1", "dpss2", "dpss3", "dpss4", "dpss5", "dpss6", "dpss7", "dpss8"]);
    expect(kept.trials.get(0).shape).toEqual([1, 9, 501, 1]);
  });
});

describe("foi / foilim snapping (TestMTMFFT.test_foi)", () => {
  const sig = cosines(1000, 1000, [[1, 10]], 2, 2);
  test("foi + 0.1 Hz gives the original bins; unsorted duplicates collapse", async () => {
    const foi = [5, 10, 20, 30];
    const a = await spy.freqanalysis(sig, { foi });
    expect(Array.from(a.freq)).toEqual(foi);
    const b = await spy.freqanalysis(sig, { foi: foi.map((f) => f + 0.1) });
    expect(Array.from(b.freq)).toEqual(foi);
    const c = await spy.freqanalysis(sig, { foi: [30, 5, 5, 20, 10, 10, 30] });
    expect(Array.from(c.freq)).toEqual(foi);
    const d = await spy.freqanalysis(sig, { foilim: [50, 20] });
    expect(d.freq[0]).toBe(20);
    expect(d.freq[d.freq.length - 1]).toBe(50);
    expect(d.freq.length).toBe(31);
  });
});

describe("outputs are conversions of the same complex spectrum", () => {
  const sig = cosines(200, 300, [[2, 17], [1, 41]], 2, 3);
  test("pow, abs, real, imag, angle, absreal, absimag vs fourier", async () => {
    const F = (await spy.freqanalysis(sig, { output: "fourier", taper: "hamming" })).trials.get(1).data;
    const conv: Record<string, (re: number, im: number) => number> = {
      pow: (r, i) => r * r + i * i, abs: (r, i) => Math.hypot(r, i), real: (r) => r, imag: (_r, i) => i,
      angle: (r, i) => Math.atan2(i, r), absreal: (r) => Math.abs(r), absimag: (_r, i) => Math.abs(i),
    };
    for (const [output, f] of Object.entries(conv)) {
      const s = await spy.freqanalysis(sig, { output, taper: "hamming" });
      const v = s.trials.get(1).data;
      expect(v.length * 2).toBe(F.length);
      let worst = 0;
      for (let j = 0; j < v.length; j++) {
        const want = f(F[2 * j], F[2 * j + 1]);
        // complex64 storage rounds re/im; compare with float32 relative precision
        const scale = Math.max(1e-3, Math.abs(want), Math.hypot(F[2 * j], F[2 * j + 1]));
        worst = Math.max(worst, Math.abs(v[j] - want) / scale);
      }
      expect(worst).toBeLessThan(1e-5);
    }
    const complex = await spy.freqanalysis(sig, { output: "complex", taper: "hamming" });
    expect(Array.from(complex.trials.get(1).data)).toEqual(Array.from(F));
  });

  test("polyremoval 1 removes a linear trend that polyremoval 0 leaves at low frequencies", async () => {
    const n = 400;
    const data = new Float64Array(n);
    for (let t = 0; t < n; t++) data[t] = 0.05 * t;
    const d = new spy.AnalogData({ data: [{ data, shape: [n, 1], dtype: "float64" }], samplerate: 100 });
    const lin = (await spy.freqanalysis(d, { polyremoval: 1, taper: null })).trials.get(0).data;
    expect(maxOf(lin)).toBeLessThan(1e-12);
    const con = (await spy.freqanalysis(d, { polyremoval: 0, taper: null })).trials.get(0).data;
    expect(maxOf(con)).toBeGreaterThan(1e-3);
  });

  test("pad nextpow2 and unequal trials padded to the longest", async () => {
    const a = cosines(100, 90, [[1, 10]]);
    const s = await spy.freqanalysis(a, { pad: "nextpow2" });
    expect(s.freq.length).toBe(65); // 128-point grid
    const mixed = new spy.AnalogData({
      data: [a.trials.get(0), { data: new Float64Array(60), shape: [60, 1], dtype: "float64" }], samplerate: 100,
    });
    const m = await spy.freqanalysis(mixed, {});
    expect(m.freq.length).toBe(46); // rfftfreq(90)
    expect(m.trials.get(1).shape).toEqual([1, 1, 46, 1]);
  });
});

describe("bad input: the error names the parameter, the value and what is allowed", () => {
  const sig = cosines(1000, 500, [[1, 10]], 3, 2);
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["foilim above Nyquist", { foilim: [0, 600] }, /foilim.*600.*\[0, 500\]/],
    ["foilim negative", { foilim: [-1, 10] }, /foilim/],
    ["foilim fmin == fmax", { foilim: [10, 10] }, /foilim.*fmin != fmax/],
    ["foi outside", { foi: [10, 501] }, /foi/],
    ["foi and foilim", { foi: [10], foilim: [0, 10] }, /foi.*not both/],
    ["multitaper keeptapers=false with fourier", { tapsmofrq: 4, output: "fourier" }, /output.*"fourier".*pow/],
    ["unknown output", { output: "power" }, /output.*"power"/],
    ["unknown method", { method: "mtm" }, /method.*"mtm"/],
    ["unknown taper", { taper: "hanning" }, /taper.*"hanning"/],
    ["dpss as taper", { taper: "dpss" }, /taper.*tapsmofrq/],
    ["kaiser without beta", { taper: "kaiser" }, /taper_opt.*beta/],
    ["taper_opt unknown key", { taper: "tukey", taper_opt: { beta: 2 } }, /'beta' is an unknown keyword of taper_opt/],
    ["negative tapsmofrq", { tapsmofrq: -2 }, /tapsmofrq/],
    ["nTaper without tapsmofrq", { nTaper: 3 }, /nTaper/],
    ["pad negative", { pad: -0.1 }, /pad.*-0.1/],
    ["pad string", { pad: "max" }, /pad.*"max"/],
    ["pad array", { pad: [1] }, /pad/],
    ["pad shorter than trials", { pad: 0.1 }, /pad.*longest trial/],
    ["polyremoval 2", { polyremoval: 2 }, /polyremoval.*2/],
    ["polyremoval string", { polyremoval: "linear" }, /polyremoval/],
    ["keeptrials not boolean", { keeptrials: 3 }, /keeptrials/],
    ["selection matches nothing", { select: { latency: [3, 4] } }, /latency/],
    ["selection unknown key", { select: { frequency: [1, 2] } }, /'frequency' is an unknown keyword of AnalogData selections \(select\)/],
    ["parallel not boolean", { parallel: "fast" }, /parallel/],
    ["chan_per_worker", { chan_per_worker: 0 }, /chan_per_worker/],
    ["mem_thresh", { mem_thresh: 2 }, /mem_thresh/],
    ["fooof output with another method", { method: "mtmconvol", t_ftimwin: 0.1, output: "fooof" }, /output.*fooof.*mtmfft/s],
    ["fooof on an axis with 0 Hz names foilim", { output: "fooof" }, /foilim.*excludes 0 Hz/s],
  ];
  test.each(cases)("%s", async (_name, kw, re) => {
    await expect(spy.freqanalysis(sig, kw)).rejects.toThrow(re);
  });

  test("averaging trials of unequal length: mtmfft pads and averages (test/specest/parity.test.ts); toi \"all\" is refused", async () => {
    const mixed = new spy.AnalogData({
      data: [{ data: new Float64Array(100), shape: [100, 1], dtype: "float64" }, { data: new Float64Array(80), shape: [80, 1], dtype: "float64" }],
      samplerate: 100,
    });
    expect((await spy.freqanalysis(mixed, { keeptrials: false })).trials.get(0).shape).toEqual([1, 1, 51, 1]);
    await expect(spy.freqanalysis(mixed, { method: "mtmconvol", t_ftimwin: 0.1, keeptrials: false }))
      .rejects.toThrow(/keeptrials.*unequal lengths.*trial 0: 100 samples -> 100 time points, trial 1: 80 samples -> 80 time points/);
  });

  test("keywords without effect for mtmfft warn, they do not fail", async () => {
    const { warnings } = await spy.captureWarnings(() => spy.freqanalysis(sig, { t_ftimwin: 0.1 }));
    expect(warnings.join("\n")).toMatch(/t_ftimwin.*no effect/);
  });

  test("AnalogData only", async () => {
    const s = await spy.freqanalysis(sig, {});
    await expect(spy.freqanalysis(s as never, {})).rejects.toThrow(/AnalogData/);
  });
});

describe("provenance", () => {
  test("the log records the computation in Syncopy's format, after the input's history", async () => {
    const sig = cosines(1000, 500, [[1, 10]], 2, 2);
    sig.log = "raw data from rig 3";
    const s = await spy.freqanalysis(sig, { tapsmofrq: 4, foilim: [0, 100] });
    const log = s.log;
    expect(log).toMatch(/^\|=== spyts /);
    expect(log.indexOf("raw data from rig 3")).toBeLessThan(log.indexOf("computed mtmfft_cF with settings"));
    expect(log).toMatch(/\|=== .+@.+: .+ ===\|\n\tfreqanalysis: computed mtmfft_cF with settings/);
    expect(log).toMatch(/\n\ttapsmofrq = 4\n/);
    expect(log).toMatch(/\n\tnTaper = 3\n/); // NW = 4 * 500 / 1000 = 2 -> Kmax = 3
    // values longer than 80 characters are shortened to 30 + "…" + 30
    const long = await spy.freqanalysis(sig, { foi: Array.from({ length: 60 }, (_, i) => i + 1) });
    const line = long.log.split("\n").find((l) => l.startsWith("\tfoi = "))!;
    expect(line.length).toBeLessThanOrEqual("\tfoi = ".length + 61);
    expect(line).toContain("…");
  });
});
