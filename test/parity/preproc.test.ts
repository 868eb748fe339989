/**
 * Syncopy's syncopy/tests/test_preproc.py against spyts' public API: the semantics and validation
 * (filter power per filter type, order and direction checks, selections, polyremoval, cfg replay,
 * rectify / Hilbert, NaN propagation and info.nan_trials, detrending and zscore). Left out: the
 * plotting helpers and the dask-cluster variants (test_*_parallel). Syncopy's data come from
 * np.random.randn; here from spy.synthdata.white_noise with a seed, at the same sizes.
 *
 * Where the wording of Syncopy's messages differs, the class and the named parameter are checked.
 */
import * as spy from "../../src";

jest.setTimeout(300_000);

type Data = spy.AnalogData;

/** Every value of a show() result (one array or a list of trials) as float64, in order. */
function values(x: spy.NDArray | spy.NDArray[]): Float64Array {
  const list = Array.isArray(x) ? x : [x];
  const out = new Float64Array(list.reduce((n, a) => n + a.data.length, 0));
  let at = 0;
  for (const a of list) {
    out.set(a.data as ArrayLike<number>, at);
    at += a.data.length;
  }
  return out;
}
const sum = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };
const mean = (a: ArrayLike<number>) => sum(a) / a.length;
const std = (a: ArrayLike<number>) => { const m = mean(a); let s = 0; for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2; return Math.sqrt(s / a.length); };
const range = (a: ArrayLike<number>) => { let lo = Infinity, hi = -Infinity; for (let i = 0; i < a.length; i++) { lo = Math.min(lo, a[i]); hi = Math.max(hi, a[i]); } return hi - lo; };
const countNaN = (a: ArrayLike<number>) => { let n = 0; for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i])) n++; return n; };
/** numpy.allclose(a, b, rtol, atol) for scalars. */
const allclose = (a: number, b: number, rtol = 1e-5, atol = 1e-8) => Math.abs(a - b) <= atol + rtol * Math.abs(b);

async function errorOf(p: Promise<unknown>): Promise<Error & { param?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { param?: string };
  }
  throw new Error("expected an error, got none");
}
async function expectValueError(p: Promise<unknown>, param: string, msg?: RegExp): Promise<void> {
  const e = await errorOf(p);
  expect(e).toBeInstanceOf(spy.SPYValueError);
  expect(e.param).toBe(param);
  if (msg) expect(e.message).toMatch(msg);
}
async function expectTypeError(p: Promise<unknown>, param: string): Promise<void> {
  const e = await errorOf(p);
  expect(e).toBeInstanceOf(spy.SPYTypeError);
  expect(e.param).toBe(param);
}

const FILTER_TYPES = ["lp", "hp", "bp", "bs"] as const;
const DIRECTIONS = ["twopass", "onepass", "onepass-minphase"] as const;
const HILBERT_OUTPUTS = ["abs", "complex", "real", "imag", "absreal", "absimag", "angle"] as const;

/** Syncopy's test classes TestButterworth and TestFIRWS share their data and their checks. */
function filterSuite(filterClass: "but" | "firws", nTrials: number, defaultOrder: number) {
  const nSamples = 1000, nChannels = 4, fs = 200, fNy = fs / 2;
  const data = spy.synthdata.white_noise({ nTrials, nSamples, nChannels, samplerate: fs, seed: filterClass === "but" ? 11 : 12 }) as Data;
  const flow = 0.3 * fNy, fhigh = 0.4 * fNy;
  const freqKw: Record<string, number | number[]> = { lp: fhigh, hp: flow, bp: [flow, fhigh], bs: [flow, fhigh] };
  let spec: spy.SpectralData;
  beforeAll(async () => {
    spec = await spy.freqanalysis(data, { tapsmofrq: 1, keeptrials: false });
  });

  /** test_<class>_filter: the power left in (or, band-stop, removed from) the pass band. */
  async function filterTest(kwargs: Record<string, unknown> = { direction: "twopass", order: defaultOrder }): Promise<void> {
    const powTot = sum(values(spec.show({ channel: 0 })));
    const nFreq = spec.freq.length;
    for (const ftype of FILTER_TYPES) {
      const filtered = await spy.preprocessing(data, { filter_class: filterClass, filter_type: ftype, freq: freqKw[ftype], ...kwargs });
      const specF = await spy.freqanalysis(filtered, { tapsmofrq: 1, keeptrials: false });
      const foilim = ftype === "lp" ? [0, freqKw.lp as number]
        : ftype === "hp" ? [freqKw.hp as number, specF.freq[specF.freq.length - 1]]
        : freqKw[ftype] as number[];
      const powFil = sum(values(specF.show({ channel: 0, frequency: foilim as [number, number] })));
      // best_match(spec_f.freq, foilim, span=True): the bins inside foilim
      const ratio = Array.from(specF.freq).filter((f) => f >= foilim[0] && f <= foilim[1]).length / nFreq;
      if (ftype === "lp" || ftype === "hp") expect(powFil / powTot).toBeGreaterThan(0.8 * ratio);
      else if (ftype === "bp") expect(powFil / powTot).toBeGreaterThan(0.7 * ratio);
      else expect((powTot - powFil) / powTot).toBeGreaterThan(0.7 * ratio);
    }
  }

  const call = (kw: Record<string, unknown>) => spy.preprocessing(data, {
    freq: 20, filter_class: filterClass, filter_type: "lp", order: filterClass === "but" ? 5 : 200, direction: "onepass", ...kw,
  });

  test(`test_${filterClass}_filter: power in the pass band for lp, hp, bp, bs`, async () => {
    await filterTest();
  });

  test(`test_${filterClass}_kwargs: directions and orders`, async () => {
    for (const direction of DIRECTIONS) {
      const kwargs = { direction, order: defaultOrder };
      if (filterClass === "but" && direction === "onepass-minphase") {
        // Syncopy: SPYValueError, "expected 'onepass'" (minimum phase is FIR only)
        await expectValueError(filterTest(kwargs), "direction", /onepass/);
      } else {
        await filterTest(kwargs);
      }
    }
    for (const order of [-2, filterClass === "but" ? 10 : 220, 5.6]) {
      const kwargs = { direction: "twopass", order };
      if (order < 1) await expectValueError(filterTest(kwargs), "order");          // "value to be greater"
      else if (!Number.isInteger(order)) await expectValueError(filterTest(kwargs), "order", /integer/); // "int_like"
      else await filterTest(kwargs);
    }
  });

  test(`test_${filterClass}_selections: trials (with a repeat), channels and latency`, async () => {
    // helpers.mk_selection_dicts(nTrials=20, nChannels=2, toi_min=-0.8, toi_max=4.2, min_len=3.5), one fixed draw
    const select = { trials: [3, 17, 17, 12, 5, 0, 19, 8, 11, 14, 2], channel: ["channel2", "channel1"], latency: [-0.6, 3.1] };
    await filterTest({ select, ...(filterClass === "firws" ? { order: 200 } : {}) });
  });

  test(`test_${filterClass}_polyremoval: 0 and 1 filter; 2 is a SPYValueError, a string or an array a SPYTypeError`, async () => {
    // helpers.run_polyremoval_test
    for (const polyremoval of [0, 1]) await filterTest({ polyremoval });
    await expectValueError(filterTest({ polyremoval: 2 }), "polyremoval");
    await expectTypeError(filterTest({ polyremoval: "IamNoPad" }), "polyremoval");
    await expectTypeError(filterTest({ polyremoval: [1000] }), "polyremoval");
  });

  test(`test_${filterClass}_cfg: a get_defaults cfg with changes`, async () => {
    const cfg = spy.get_defaults(spy.preprocessing) as Record<string, unknown>;
    Object.assign(cfg, { filter_class: filterClass, order: filterClass === "but" ? 6 : 200, direction: "twopass", freq: 30, filter_type: "hp" });
    const result = await spy.preprocessing(data, cfg);
    expect(values(result.show()).every(Number.isFinite)).toBe(true);
  });

  test(`test_${filterClass}_hilbert_rect: rectify, every Hilbert output, and not both`, async () => {
    const filtered = await call({ rectify: false });
    expect(values(filtered.trials.get(0)).every((v) => v > 0)).toBe(false);
    const rectified = await call({ rectify: true });
    expect(values(rectified.trials.get(0)).every((v) => v > 0)).toBe(true);
    // Syncopy: "either rectification or Hilbert"
    await expectValueError(call({ rectify: true, hilbert: "abs" }), "hilbert", /rectif.*Hilbert/);
    for (const output of HILBERT_OUTPUTS) {
      const h = await call({ hilbert: output });
      const t = h.trials.get(0);
      if (output === "complex") {
        expect(t.dtype).toBe("complex64");
        let allNonZero = true;
        for (let i = 1; i < t.data.length; i += 2) if (t.data[i] === 0) allNonZero = false;
        expect(allNonZero).toBe(true);
      } else {
        expect(t.dtype.startsWith("complex")).toBe(false); // real: every imaginary part is 0
      }
    }
    // Syncopy: "one of {'abs', ...}"
    await expectValueError(call({ hilbert: "absnot" }), "hilbert", /abs/);
  });
}

describe("TestButterworth", () => filterSuite("but", 100, 4));

describe("TestFIRWS", () => filterSuite("firws", 50, 200));

/** The NaN tests: 5 trials of (i+1) * ones(20, 3), a NaN in trial 1 and a NaN island in trial 4. */
function nanData(): Data {
  const nSamples = 20, nTrials = 5, nChannels = 3;
  const trials = Array.from({ length: nTrials }, (_, i) => ({ data: new Float64Array(nSamples * nChannels).fill(i + 1), shape: [nSamples, nChannels], dtype: "float64" as const }));
  trials[1].data[5 * nChannels + 1] = NaN;
  for (let r = 10; r < 15; r++) trials[4].data[r * nChannels + 2] = NaN;
  return new spy.AnalogData({ data: trials, samplerate: 50 });
}

describe("NaN propagation and info.nan_trials", () => {
  const nSamples = 20;
  test("test_but_NaN: an IIR filter spreads a NaN over its channel", async () => {
    const { result: res } = await spy.captureWarnings(() => spy.preprocessing(nanData(), { freq: 20, filter_class: "but" }));
    expect(countNaN(res.trials.get(0).data)).toBe(0);
    expect(countNaN(res.trials.get(1).data)).toBe(nSamples);
    expect(countNaN(res.trials.get(4).data)).toBe(nSamples);
    expect(res.info.nan_trials).toEqual([1, 4]);
  });

  test("test_firws_NaN: a FIR filter of order n spreads a NaN over n more samples", async () => {
    const order = 6;
    const input = nanData();
    const { result: res } = await spy.captureWarnings(() => spy.preprocessing(input, { freq: 20, filter_class: "firws", order, direction: "onepass" }));
    expect(countNaN(res.trials.get(0).data)).toBe(0);
    expect(countNaN(res.trials.get(1).data)).toBe(1 + order);
    const numberNaN = countNaN(input.trials.get(4).data);
    expect(countNaN(res.trials.get(4).data)).toBe(numberNaN + order);
    expect(countNaN(res.trials.get(4).data)).toBeLessThan(nSamples);
    expect(res.info.nan_trials).toEqual([1, 4]);
  });

  test("test_detr_NaN: demeaning and linear detrending spread a NaN over its channel", async () => {
    for (const polyremoval of [0, 1]) {
      const { result: res } = await spy.captureWarnings(() => spy.preprocessing(nanData(), { filter_class: null, polyremoval }));
      expect(countNaN(res.trials.get(0).data)).toBe(0);
      expect(countNaN(res.trials.get(1).data)).toBe(nSamples);
      expect(countNaN(res.trials.get(4).data)).toBe(nSamples);
      expect(res.info.nan_trials).toEqual([1, 4]);
    }
  });
});

describe("TestDetrending", () => {
  const nSamples = 5000;
  // sd.linear_trend(nTrials=2, nSamples, y_max=10) + sd.white_noise(nTrials=2, nSamples, seed=42) + 5
  const trend = spy.synthdata.linear_trend({ nTrials: null, nSamples, y_max: 10 }) as spy.NDArray;
  const noise = spy.synthdata.white_noise({ nTrials: 2, nSamples, seed: 42 }) as Data;
  const AData = new spy.AnalogData({
    samplerate: 1000,
    data: [0, 1].map((k) => {
      const n = noise.trials.get(k);
      return { data: Float64Array.from(n.data as ArrayLike<number>, (v, i) => v + (trend.data[i] as number) + 5), shape: [...n.shape], dtype: "float64" as const };
    }),
  });

  test("test_demeaning", async () => {
    const res = await spy.preprocessing(AData, { filter_class: null, polyremoval: 0 });
    const orig = values(AData.show({ trials: 1, channel: 0 }));
    const out = values(res.show({ trials: 1, channel: 0 }));
    expect(mean(orig)).toBeGreaterThan(1);
    expect(allclose(mean(out), 0, 1e-5, 2e-5)).toBe(true);
    // the linear trend is still there
    expect(allclose(range(orig), range(out))).toBe(true);
  });

  test("test_detrending", async () => {
    const res = await spy.preprocessing(AData, { filter_class: null, polyremoval: 1 });
    const orig = values(AData.show({ trials: 1, channel: 0 }));
    const out = values(res.show({ trials: 1, channel: 0 }));
    expect(allclose(mean(out), 0, 1e-5, 1e-4)).toBe(true);
    expect(range(orig)).toBeGreaterThan(1.5 * range(out));
  });

  test("test_exceptions", async () => {
    // Syncopy: "neither filtering, detrending or zscore"
    await expectValueError(spy.preprocessing(AData, { filter_class: null, polyremoval: null }), "filter_class", /neither filtering, detrending/);
    await expectValueError(spy.preprocessing(AData, { filter_class: null, polyremoval: -1 }), "polyremoval");
    await expectValueError(spy.preprocessing(AData, { filter_class: null, polyremoval: 2 }), "polyremoval");
    // Syncopy: SPYValueError "expected either `True` or `False`" (test_preproc.py:660)
    await expectValueError(spy.preprocessing(AData, { filter_class: null, zscore: 2 } as never), "zscore", /expected either `True` or `False`/);
  });
});

describe("TestStandardize", () => {
  const nSamples = 5000;
  // 100 * sd.white_noise(nTrials=2, nSamples) + 5
  const noise = spy.synthdata.white_noise({ nTrials: 2, nSamples, seed: 3 }) as Data;
  const AData = new spy.AnalogData({
    samplerate: 1000,
    data: [0, 1].map((k) => {
      const n = noise.trials.get(k);
      return { data: Float64Array.from(n.data as ArrayLike<number>, (v) => 100 * v + 5), shape: [...n.shape], dtype: "float64" as const };
    }),
  });

  test("test_standardize", async () => {
    const res = await spy.preprocessing(AData, { filter_class: null, zscore: true });
    const orig = values(AData.show({ trials: 1, channel: 0 }));
    const out = values(res.show({ trials: 1, channel: 0 }));
    expect(mean(orig)).toBeGreaterThan(1);
    expect(allclose(mean(out), 0, 1e-5, 1e-5)).toBe(true);
    expect(std(orig)).toBeGreaterThan(95);
    expect(allclose(std(out), 1.0)).toBe(true);
  });

  test.each(["firws", "but"])("test_%s_standardize: low-pass keeps the mean, zscore removes it", async (filterClass) => {
    const res1 = await spy.preprocessing(AData, { filter_class: filterClass, freq: 100, zscore: false });
    const res2 = await spy.preprocessing(AData, { filter_class: filterClass, freq: 100, zscore: true });
    expect(mean(values(res1.show({ channel: 1 })))).toBeGreaterThan(1);
    expect(allclose(mean(values(res2.show({ channel: 1 }))), 0, 1e-5, 1e-3)).toBe(true);
  });

  test("test_exceptions: nothing to do", async () => {
    await expectValueError(spy.preprocessing(AData, { filter_class: null, polyremoval: null, zscore: false }), "filter_class", /neither filtering, detrending/);
  });
});
