/**
 * Syncopy's syncopy/tests/test_resampledata.py against spyts' public API: the power of white noise
 * after downsampling (doubled without an anti-alias filter) and after resampling (unchanged), equal
 * trial lengths, selections, cfg replay and the errors. Left out: the plots and the dask-cluster
 * variants (test_*_parallel). Same sizes and seed as Syncopy (white_noise, seed 42).
 *
 * test_ds_cfg sets `cfg.keeptrials = False`, a keyword resampledata does not have: Syncopy passes
 * it on unused, spyts rejects unknown keywords (a SPYValueError naming it), so it is left out here
 * and that refusal is checked instead.
 */
import * as spy from "../../src";

jest.setTimeout(300_000);

type Data = spy.AnalogData;

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
const mean = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s / a.length; };
/** numpy.allclose(a, b, rtol) for scalars. */
const allclose = (a: number, b: number, rtol = 1e-5, atol = 1e-8) => Math.abs(a - b) <= atol + rtol * Math.abs(b);
/** np.unique(np.diff(sampleinfo)).size */
const distinctLengths = (d: Data) => new Set(d.sampleinfo.map(([a, b]) => b - a)).size;

async function errorOf(p: Promise<unknown>): Promise<Error & { param?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { param?: string };
  }
  throw new Error("expected an error, got none");
}

// helpers.mk_selection_dicts(nTrials, nChannels=2, toi_min=-0.8, toi_max=4.2, min_len=3.5): one fixed draw
const selection = (nTrials: number) => ({
  trials: [1, 7, 7, nTrials - 1, 4, 12, 0, 9, 3, 15, 6].filter((k) => k < nTrials),
  channel: ["channel3", "channel2"],
  latency: [-0.7, 2.9],
});

describe("TestDownsampling", () => {
  const nSamples = 991, nChannels = 4, nTrials = 100, fs = 200;
  const adata = spy.synthdata.white_noise({ nTrials, nChannels, nSamples, samplerate: fs, seed: 42 }) as Data;
  let powOrig = 0;
  beforeAll(async () => {
    const spec = await spy.freqanalysis(adata, { tapsmofrq: 1, keeptrials: false });
    powOrig = mean(values(spec.show({ channel: 0 })).slice(5)); // trim the 0-frequency dip
  });

  /** test_downsampling with kwargs: equal trial lengths; the spectrum of the result. */
  async function downsampling(kwargs: Record<string, unknown>): Promise<spy.SpectralData> {
    const ds = await spy.resampledata(adata, { method: "downsample", ...kwargs });
    expect(distinctLengths(ds)).toBe(1);
    return spy.freqanalysis(ds, { tapsmofrq: 1, keeptrials: false });
  }

  test("test_downsampling: without anti-aliasing the power per bin doubles", async () => {
    const specDs = await downsampling({ resamplefs: fs / 2 });
    const powDs = mean(values(specDs.show({ channel: 0 })).slice(5));
    expect(allclose(2 * powOrig, powDs, 0.05)).toBe(true);
  });

  test("test_aa_filter: with lpfreq at the new Nyquist", async () => {
    // Syncopy computes np.allclose(pow_orig, pow_ds, rtol=0.05) here without asserting it
    const specDs = await downsampling({ resamplefs: fs / 2, lpfreq: fs / 4 });
    expect(values(specDs.show({ channel: 0 })).every(Number.isFinite)).toBe(true);
  });

  test("test_ds_exceptions", async () => {
    // a non-integer division
    let e = await errorOf(downsampling({ resamplefs: fs / 3.142 }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.param).toBe("resamplefs");
    expect(e.message).toMatch(/integer division/);
    // lpfreq must be at most the new Nyquist (Syncopy: "less or equals 50.0")
    e = await errorOf(downsampling({ resamplefs: fs / 2, lpfreq: fs / 1.5 }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.param).toBe("lpfreq");
    expect(e.message).toContain(`${fs / 4}]`);
    // a negative order (Syncopy: "less or equals inf")
    e = await errorOf(downsampling({ resamplefs: fs / 2, lpfreq: fs / 10, order: -1 }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.param).toBe("order");
  });

  test("test_ds_selections: finite, and no power lost", async () => {
    const specDs = await downsampling({ select: selection(50), resamplefs: fs / 2 });
    const v = values(specDs.show({ channel: 0 }));
    expect(v.every(Number.isFinite)).toBe(true);
    expect(mean(v)).toBeGreaterThanOrEqual(powOrig);
  });

  test("test_ds_cfg: a get_defaults cfg (lpfreq 25, order 200, resamplefs 50): the power is unchanged", async () => {
    const cfg = spy.get_defaults(spy.resampledata) as Record<string, unknown>;
    Object.assign(cfg, { lpfreq: 25, order: 200, resamplefs: fs / 4 });
    const ds = await spy.resampledata(adata, cfg);
    const specDs = await spy.freqanalysis(ds, { tapsmofrq: 1, keeptrials: false });
    const powDs = mean(values(specDs.show({ channel: 0 })));
    expect(allclose(powOrig, powDs, 0.05)).toBe(true);
    // Syncopy's cfg.keeptrials = False: not a keyword of resampledata
    const e = await errorOf(spy.resampledata(adata, { ...cfg, keeptrials: false }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.param).toBe("keeptrials");
  });
});

describe("TestResampling", () => {
  const nSamples = 1000, nChannels = 4, nTrials = 100, fs = 200;
  const adata = spy.synthdata.white_noise({ nTrials, nChannels, nSamples, samplerate: fs, seed: 42 }) as Data;
  let powOrig = 0;
  beforeAll(async () => {
    const spec = await spy.freqanalysis(adata, { tapsmofrq: 1, keeptrials: false });
    powOrig = mean(values(spec.show({ channel: 0 })));
  });

  async function resampling(kwargs: Record<string, unknown>): Promise<spy.SpectralData> {
    const rs = await spy.resampledata(adata, { method: "resample", ...kwargs });
    expect(distinctLengths(rs)).toBe(1);
    return spy.freqanalysis(rs, { tapsmofrq: 1, keeptrials: false });
  }

  test("test_resampling: the anti-alias filter is built in, the power is unchanged", async () => {
    const resamplefs = fs * 0.43;
    const specRs = await resampling({ resamplefs, order: 5000 });
    // 3 Hz away from the cut-off
    const powRs = mean(values(specRs.show({ channel: 0, frequency: [0, resamplefs / 2 - 3] })));
    expect(allclose(powOrig, powRs, 0.05)).toBe(true);
  });

  test("test_rs_exceptions: an unknown method", async () => {
    const e = await errorOf(spy.resampledata(adata, { method: "nothing-real", resamplefs: fs / 2 }));
    expect(e).toBeInstanceOf(spy.SPYValueError);
    expect(e.param).toBe("method");
  });

  test("test_rs_selections: finite, and at least 90% of the power", async () => {
    const specRs = await resampling({ select: selection(20), resamplefs: fs / 2.1 });
    const v = values(specRs.show({ channel: 0 }));
    expect(v.every(Number.isFinite)).toBe(true);
    expect(mean(v.slice(0, -3))).toBeGreaterThanOrEqual(0.9 * powOrig); // without the 3 bins at the cut-off
  });
});
