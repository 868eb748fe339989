/** preprocessing / resampledata: keyword validation, NaN reporting, cfg replay, selections, parallel == sequential. */
import * as spy from "../../src";

function sines(opts: { nTrials?: number; n?: number; C?: number; fs?: number; freqs?: number[]; noise?: number; dtype?: "float32" | "float64" } = {}): spy.AnalogData {
  const { nTrials = 3, n = 500, C = 2, fs = 1000, freqs = [10, 50, 200], noise = 0.1, dtype = "float64" } = opts;
  const trials = Array.from({ length: nTrials }, (_, k) => {
    const data = dtype === "float32" ? new Float32Array(n * C) : new Float64Array(n * C);
    for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) {
      let v = noise * Math.sin(0.37 * i * (k + 1) + c);
      for (const f of freqs) v += Math.sin((2 * Math.PI * f * i) / fs + c);
      data[i * C + c] = v;
    }
    return { data, shape: [n, C], dtype };
  });
  return new spy.AnalogData({ data: trials, samplerate: fs });
}

async function errorOf(p: Promise<unknown>): Promise<spy.SPYValueError> {
  try {
    await p;
  } catch (e) {
    return e as spy.SPYValueError;
  }
  throw new Error("expected an error");
}

function rms(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s / a.length);
}

describe("preprocessing: bad input names the parameter", () => {
  const data = sines();
  test.each([
    ["cut-off at Nyquist", { freq: 500 }, "freq", /Nyquist/],
    ["cut-off above Nyquist", { filter_class: "firws", freq: 600 }, "freq", /Nyquist/],
    ["cut-off at 0", { freq: 0 }, "freq", /between 0/],
    ["band-pass with one frequency", { filter_type: "bp", freq: 40 }, "freq", /two cut-off/],
    ["band-stop with equal frequencies", { filter_type: "bs", freq: [50, 50] }, "freq", /two different/],
    ["band-pass with three frequencies", { filter_type: "bp", freq: [1, 2, 3] }, "freq", /two cut-off/],
    ["hilbert with rectify", { freq: 100, rectify: true, hilbert: "abs" }, "hilbert", /rectif/],
    ["unknown hilbert output", { freq: 100, hilbert: "power" }, "hilbert", /abs/],
    ["unknown keyword", { freq: 100, cutoff: 3 }, "cutoff", /unknown keyword/],
    ["unknown filter_class", { filter_class: "cheby", freq: 100 }, "filter_class", /but/],
    ["unknown filter_type", { filter_type: "notch", freq: 100 }, "filter_type", /lp/],
    ["window with a Butterworth filter", { freq: 100, window: "hann" }, "window", /IIR/],
    ["minphase with a Butterworth filter", { freq: 100, direction: "onepass-minphase" }, "direction", /FIR only/],
    ["unknown FIR window", { filter_class: "firws", freq: 100, window: "kaiser" }, "window", /hamming/],
    ["order not an integer", { freq: 100, order: 2.5 }, "order", /integer/],
    ["polyremoval 2", { freq: 100, polyremoval: 2 }, "polyremoval", /linear/],
    ["nothing to do", { filter_class: null }, "filter_class", /zscore/],
  ])("%s", async (_what, kw, param, msg) => {
    const e = await errorOf(spy.preprocessing(data, kw));
    expect(e.name).toMatch(/^SPY/);
    expect(e.param).toBe(param);
    expect(e.message).toMatch(msg);
    // named as Syncopy does ("Invalid value of `freq`"); an unknown keyword as "'cutoff' is an unknown keyword"
    expect([`\`${param}\``, `'${param}'`].some((q) => e.message.includes(q))).toBe(true);
  });

  test("order too high for the trial length (zero-phase padding needs longer trials)", async () => {
    const short = sines({ n: 60 });
    const e = await errorOf(spy.preprocessing(short, { filter_type: "bp", freq: [40, 60], order: 10 }));
    expect(e.param).toBe("order");
    expect(e.message).toMatch(/63 samples/);
    expect(e.message).toMatch(/shortest trial has 60 samples/);
    await expect(spy.preprocessing(short, { filter_type: "bp", freq: [40, 60], order: 9 })).resolves.toBeDefined();
  });
});

describe("resampledata: bad input names the parameter", () => {
  const data = sines();
  test.each([
    ["downsample by a non-divisor", { method: "downsample", resamplefs: 300 }, "resamplefs", /integer division/],
    ["resamplefs below 1", { resamplefs: 0.5 }, "resamplefs", />= 1/],
    ["unknown method", { method: "interp", resamplefs: 250 }, "method", /downsample/],
    ["lpfreq above the old Nyquist", { method: "downsample", resamplefs: 250, lpfreq: 600 }, "lpfreq", /Nyquist/],
    ["unknown keyword", { resamplefs: 250, fs: 3 }, "fs", /unknown keyword/],
  ])("%s", async (_what, kw, param, msg) => {
    const e = await errorOf(spy.resampledata(data, kw));
    expect(e.param).toBe(param);
    expect(e.message).toMatch(msg);
  });
});

describe("preprocessing behaviour", () => {
  test("low-pass keeps 10 Hz and removes 200 Hz; high-pass the opposite; band-stop removes 50 Hz", async () => {
    const pure = (f: number) => sines({ freqs: [f], n: 2000, noise: 0 });
    const level = async (f: number, kw: Record<string, unknown>) => {
      const out = await spy.preprocessing(pure(f), kw);
      const t = out.trials.get(0).data;
      return rms(Array.from(t).slice(400, 3600)) / Math.SQRT1_2;
    };
    expect(await level(10, { freq: 100 })).toBeGreaterThan(0.99);
    expect(await level(200, { freq: 100 })).toBeLessThan(0.01);
    expect(await level(10, { filter_type: "hp", freq: 100 })).toBeLessThan(0.01);
    expect(await level(50, { filter_type: "bs", freq: [45, 55] })).toBeLessThan(0.02);
    for (const direction of ["twopass", "onepass", "onepass-minphase"]) {
      expect(await level(200, { filter_class: "firws", freq: 100, order: 200, direction })).toBeLessThan(0.01);
      expect(await level(10, { filter_class: "firws", freq: 100, order: 200, direction })).toBeGreaterThan(0.98);
    }
    expect(await level(10, { freq: 100, direction: "onepass" })).toBeGreaterThan(0.99);
  });

  test("defaults: Butterworth order 4 twopass; firws order min(shortest trial, 1000); logs and cfg", async () => {
    const data = sines();
    const out = await spy.preprocessing(data, { freq: 100 });
    expect(out.log).toContain("computed preprocessing_cF with settings");
    expect(out.log).toMatch(/order = 4/);
    expect(out.log).toMatch(/direction = twopass/);
    expect(out.cfg.preprocessing).toMatchObject({ freq: 100, filter_class: "but" });
    const fir = await spy.preprocessing(data, { filter_class: "firws", freq: 100 });
    expect(fir.log).toMatch(/order = 500/);
    expect(spy.get_defaults(spy.preprocessing)).toMatchObject({ filter_class: "but", direction: "twopass", order: null, hilbert: false });
    // replay from the result's cfg gives the same numbers
    const again = await spy.preprocessing(data, out.cfg);
    expect(Array.from(again.trials.get(1).data)).toEqual(Array.from(out.trials.get(1).data));
    // a chained cfg replays every step
    const chained = await spy.resampledata(out, { resamplefs: 250, method: "downsample" });
    expect(Object.keys(chained.cfg)).toEqual(["preprocessing", "resampledata"]);
  });

  test("hilbert outputs: complex is complex64, angle in [-pi, pi], abs = |complex|", async () => {
    const data = sines({ freqs: [40] });
    const z = await spy.preprocessing(data, { filter_type: "bp", freq: [30, 50], hilbert: "complex" });
    expect(z.dtype).toBe("complex64");
    const a = await spy.preprocessing(data, { filter_type: "bp", freq: [30, 50], hilbert: "abs" });
    const ang = await spy.preprocessing(data, { filter_type: "bp", freq: [30, 50], hilbert: "angle" });
    const zd = z.trials.get(0).data, ad = a.trials.get(0).data, gd = ang.trials.get(0).data;
    for (let i = 0; i < ad.length; i += 37) {
      expect(Math.abs(Math.hypot(zd[2 * i], zd[2 * i + 1]) - ad[i])).toBeLessThan(1e-5 * (1 + ad[i]));
      expect(Math.abs(gd[i])).toBeLessThanOrEqual(Math.PI + 1e-6);
    }
    const rect = await spy.preprocessing(data, { freq: 100, rectify: true });
    expect(Math.min(...Array.from(rect.trials.get(0).data))).toBeGreaterThanOrEqual(0);
  });

  test("zscore then filter; detrending alone; zscore alone", async () => {
    const data = sines({ n: 1000 });
    const z = await spy.preprocessing(data, { filter_class: null, zscore: true });
    const t = Array.from(z.trials.get(0).data).filter((_, i) => i % 2 === 0);
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    expect(Math.abs(mean)).toBeLessThan(1e-6);
    expect(Math.abs(rms(t) - 1)).toBeLessThan(1e-5);
    const d = await spy.preprocessing(data, { filter_class: null, polyremoval: 0 });
    const m0 = Array.from(d.trials.get(0).data).filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0);
    expect(Math.abs(m0)).toBeLessThan(1e-3);
    const both = await spy.preprocessing(data, { zscore: true, freq: 100 });
    expect(both.trials.length).toBe(3);
  });

  test("NaNs: reported per trial in info.nan_trials with a warning; FIR filtering keeps them local", async () => {
    const trials = [0, 1, 2].map((k) => {
      const data = Float64Array.from({ length: 1000 * 2 }, (_, i) => Math.sin(i * 0.05 * (k + 1)));
      if (k === 1) data[500 * 2] = NaN;
      return { data, shape: [1000, 2], dtype: "float64" as const };
    });
    const data = new spy.AnalogData({ data: trials, samplerate: 1000 });
    const { result: fir, warnings } = await spy.captureWarnings(() => spy.preprocessing(data, { filter_class: "firws", freq: 100, order: 50 }));
    expect(fir.info.nan_trials).toEqual([1]);
    expect(warnings.join()).toMatch(/NaN/);
    const t1 = fir.trials.get(1).data;
    expect(Number.isNaN(t1[500 * 2])).toBe(true);
    expect(Number.isNaN(t1[100 * 2])).toBe(false);      // direct convolution: NaN stays near sample 500
    expect(Number.isNaN(t1[500 * 2 + 1])).toBe(false);  // and in its channel
    const { result: iir } = await spy.captureWarnings(() => spy.preprocessing(data, { freq: 100 }));
    expect(iir.info.nan_trials).toEqual([1]);
    expect(Number.isNaN(iir.trials.get(1).data[0])).toBe(true);  // an IIR filter spreads it over the channel
    const sel = await spy.preprocessing(data, { freq: 100, select: { trials: [2, 1] } });
    expect(sel.info.nan_trials).toEqual([1]);                  // positions in the output
  });

  // A Butterworth filter run straight from the input learns has_nan from the wasm kernel, which
  // scans each row as it loads it; the TypeScript path scans the input itself. Both must flag
  // exactly the trials holding a NaN, wherever it sits (SIMD body or scalar tail of a row, narrow
  // or wide rows), and never a clean trial after one that had a NaN (the flag is per call).
  test.each([
    { path: "wasm" as const, C: 3, dtype: "float32" as const, direction: "twopass" },
    { path: "wasm" as const, C: 37, dtype: "float64" as const, direction: "twopass" },
    { path: "wasm" as const, C: 50, dtype: "float32" as const, direction: "onepass" },
    { path: "ts" as const, C: 5, dtype: "float64" as const, direction: "twopass" },
  ])("has_nan of a Butterworth run ($path kernels, $C channels, $dtype, $direction)", async ({ path, C, dtype, direction }) => {
    const n = 400;
    const where: Array<[number, number] | null> = [null, [n - 1, C - 1], [0, 0], null, [217, C >> 1]];
    const trials = where.map((at, k) => {
      const data = dtype === "float32" ? new Float32Array(n * C) : new Float64Array(n * C);
      for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.031 * (k + 1));
      if (at) data[at[0] * C + at[1]] = NaN;
      return { data, shape: [n, C], dtype };
    });
    const data = new spy.AnalogData({ data: trials, samplerate: 1000 });
    spy.setKernelPath(path);
    try {
      const { result } = await spy.captureWarnings(() => spy.preprocessing(data, { freq: [20, 80], filter_type: "bp", direction, parallel: false }));
      expect(result.info.nan_trials).toEqual([1, 2, 4]);
      expect(Number.isNaN(result.trials.get(0).data[0])).toBe(false);
      expect(Number.isNaN(result.trials.get(3).data[n * C - 1])).toBe(false);
      expect(Number.isNaN(result.trials.get(2).data[(n - 1) * C])).toBe(true);   // the IIR filter spread it over channel 0
    } finally {
      spy.setKernelPath("auto");
    }
  });

  test("select: trials, channel and latency; trialdefinition restacked, channel labels kept", async () => {
    const data = sines({ nTrials: 4, C: 3 });
    const out = await spy.preprocessing(data, { freq: 100, select: { trials: [3, 1], channel: ["channel3"], latency: [-1, -0.6] } });
    expect(out.trials.length).toBe(2);
    expect(out.channel).toEqual(["channel3"]);
    expect(out.trialdefinition).toEqual([[0, 401, -1000], [401, 802, -1000]]);
    const full = await spy.preprocessing(data, { freq: 100 });
    expect(full.trialdefinition).toEqual(data.trialdefinition);
  });

  test("parallel, chan_per_worker and float32 input give the sequential numbers", async () => {
    const data = sines({ nTrials: 6, C: 4, dtype: "float32" });
    for (const kw of [{ filter_type: "bp", freq: [30, 60] }, { filter_class: "firws", freq: 80, order: 100, hilbert: "abs" }]) {
      const seq = await spy.preprocessing(data, { ...kw, parallel: false });
      const par = await spy.preprocessing(data, { ...kw, parallel: true, chan_per_worker: 2 });
      for (let k = 0; k < 6; k++) expect(Array.from(par.trials.get(k).data)).toEqual(Array.from(seq.trials.get(k).data));
    }
    const rs = await spy.resampledata(data, { resamplefs: 300, parallel: true });
    const rq = await spy.resampledata(data, { resamplefs: 300, parallel: false });
    expect(Array.from(rs.trials.get(5).data)).toEqual(Array.from(rq.trials.get(5).data));
    await spy.shutdown();
  }, 120000);
});

describe("resampledata behaviour", () => {
  test("resample keeps a 10 Hz sine, sets the rate, trialdefinition and warns for integer ratios", async () => {
    const data = sines({ freqs: [10], n: 1000, noise: 0 });
    const { result: out, warnings } = await spy.captureWarnings(() => spy.resampledata(data, { resamplefs: 250 }));
    expect(warnings.join()).toMatch(/downsample/);
    expect(out.samplerate).toBe(250);
    expect(out.trialdefinition[0]).toEqual([0, 250, -250]);
    const t = out.trials.get(0).data;
    // sample 100 at 250 Hz is sample 400 at 1 kHz
    expect(Math.abs(t[100 * 2] - Math.sin((2 * Math.PI * 10 * 400) / 1000))).toBeLessThan(0.02);
    const down = await spy.resampledata(data, { method: "downsample", resamplefs: 500, lpfreq: 200 });
    expect(down.dtype).toBe("float32");
    expect(down.trials.get(0).shape).toEqual([500, 2]);
    const { warnings: w2 } = await spy.captureWarnings(() => spy.resampledata(data, { resamplefs: 300, order: 50 }));
    expect(w2.join()).toMatch(/low order/);
  });
});
