/**
 * spy.mean/var/std/median against numpy (test/fixtures/statistics/make_stats.py) for AnalogData,
 * complex SpectralData and CrossSpectralData: every dim of the dimord and "trials", both NaN
 * policies, ddof 0 and 1; then Syncopy's test_statistics.py expectations (labels, selections,
 * the trial mean of freqanalysis, errors) and spyts' own error cases.
 */
import { AnalogData } from "../../src/data/analog";
import { SpectralData } from "../../src/data/spectral";
import { CrossSpectralData } from "../../src/data/crossspectral";
import { ContinuousData } from "../../src/data/continuous";
import { NDArray } from "../../src/core/ndarray";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";
import { releaseAll } from "../../src/data/storage";
import { shutdown } from "../../src/compute/pool";
import { mean, median, std, var_ } from "../../src/statistics/summaryStats";
import { freqanalysis } from "../../src/specest/freqanalysis";
import { decode, Encoded, expectClose, loadFixture } from "./fixtureData";

interface Arr { shape: number[]; values: Encoded }
interface Expected { op: "mean" | "var" | "std" | "median"; dim: string; nan: "propagate" | "omit"; ddof: number; trials: Arr[] }
interface Dataset { name: string; cls: string; dimord: string[]; complex: boolean; trials: Arr[]; expected: Expected[] }
const fx = loadFixture<{ datasets: Dataset[]; analogChannelMeanAveraged: Arr }>("stats.json");

const FNS = { mean, var: var_, std, median };
const CLASSES: Record<string, new (init: Record<string, unknown>) => ContinuousData> = {
  AnalogData: AnalogData as never, SpectralData: SpectralData as never, CrossSpectralData: CrossSpectralData as never,
};

function toNDArray(a: Arr, complex: boolean): NDArray {
  return { data: decode(a.values), shape: a.shape, dtype: complex ? "complex128" : "float64" };
}

function build(d: Dataset): ContinuousData {
  return new CLASSES[d.cls]({ data: d.trials.map((t) => toNDArray(t, d.complex)), samplerate: 10 });
}

afterAll(async () => { releaseAll(); await shutdown(); });

describe("against numpy, every dim, trials, nan policy and ddof", () => {
  for (const d of fx.datasets) {
    const data = build(d);
    for (const e of d.expected) {
      const axisLength = e.dim === "trials" ? d.trials.length : Math.min(...d.trials.map((t) => t.shape[d.dimord.indexOf(e.dim)]));
      const refused = (e.op === "var" || e.op === "std") && e.ddof >= axisLength;
      test(`${d.name}: ${e.op} dim=${e.dim} nan=${e.nan} ddof=${e.ddof}${refused ? " (refused)" : ""}`, async () => {
        const call = FNS[e.op](data, { dim: e.dim, nan: e.nan, ...(e.op === "var" || e.op === "std" ? { ddof: e.ddof } : {}) });
        if (refused) {
          await expect(call).rejects.toThrow(/ddof/);
          return;
        }
        const res = await call;
        expect(res.className).toBe(d.cls);
        expect(res.nTrials).toBe(e.trials.length);
        e.trials.forEach((t, k) => {
          const got = res.trials.get(k);
          expect(got.shape).toEqual(t.shape);
          expectClose(got.data, decode(t.values), 1e-12, 1e-15);
        });
      });
    }
  }
});

describe("defaults (Syncopy's)", () => {
  const d = fx.datasets.find((x) => x.name === "analog")!;
  const data = build(d);
  const pick = (op: string, dim: string, nan: string) => d.expected.find((e) => e.op === op && e.dim === dim && e.nan === nan && e.ddof === 0)!;

  test("along a dim NaN are ignored (np.nanmean), over trials they propagate (np.mean)", async () => {
    const along = await mean(data, { dim: "time" });
    expectClose(along.trials.get(2).data, decode(pick("mean", "time", "omit").trials[2].values), 1e-12);
    const over = await mean(data, { dim: "trials" });
    const exp = decode(pick("mean", "trials", "propagate").trials[0].values);
    expectClose(over.trials.get(0).data, exp, 1e-12);
    expect(Number.isNaN(exp[2])).toBe(true); // the test can tell: channel 2 of trial 2 is NaN
  });

  test("ddof defaults to 0 (np.var)", async () => {
    const res = await var_(data, { dim: "channel" });
    expectClose(res.trials.get(0).data, decode(pick("var", "channel", "omit").trials[0].values), 1e-12);
  });

  test("keeptrials: false along channel averages the per-trial statistic", async () => {
    const res = await mean(data, { dim: "channel", keeptrials: false });
    expect(res.nTrials).toBe(1);
    expectClose(res.trials.get(0).data, decode(fx.analogChannelMeanAveraged.values), 1e-12);
    expect(res.trialdefinition).toEqual([[0, 10, -10]]);
  });
});

describe("Syncopy's test_statistics.py, ported", () => {
  const d = fx.datasets.find((x) => x.name === "analog")!;
  const adata = build(d);
  const spec = build(fx.datasets.find((x) => x.name === "spectral")!) as SpectralData;
  const cross = build(fx.datasets.find((x) => x.name === "crossspectral")!) as CrossSpectralData;

  test("the reduced dim's label is the operation; time and freq become 0", async () => {
    for (const op of ["mean", "var", "std", "median"] as const) {
      expect((await FNS[op](adata, { dim: "channel" })).channel).toEqual([op]);
      expect(((await FNS[op](spec, { dim: "taper" })) as SpectralData).taper).toEqual([op]);
      const f = await FNS[op](spec, { dim: "freq" }) as SpectralData;
      expect(Array.from(f.freq)).toEqual([0]);
      const c = await FNS[op](cross, { dim: "channel_i" }) as CrossSpectralData;
      expect(c.channel_i).toEqual([op]);
      expect(c.channel_j).toEqual(cross.channel_j);
      const t = await FNS[op](adata, { dim: "time" });
      expect(Array.from(t.time[1])).toEqual([0]);
      expect(t.trialdefinition).toEqual([[0, 1, 0], [1, 2, 0], [2, 3, 0], [3, 4, 0]]);
    }
    expect((await mean(adata, { dim: "time", keeptrials: false })).trialdefinition).toEqual([[0, 1, 0]]);
  });

  test("selections: trials + latency with dim channel; channel + frequency over trials", async () => {
    // 10 samples at 10 Hz, offset -1 s: time is [-1, -0.1]
    const res = await mean(adata, { dim: "channel", select: { trials: [1, 3], latency: [-0.8, -0.4] } });
    expect(res.nTrials).toBe(2);
    expect(res.time[0][0]).toBeCloseTo(-0.8, 12);
    expect(res.time[0][res.time[0].length - 1]).toBeCloseTo(-0.4, 12);
    const trial1 = decode(d.trials[1].values);
    const want = [0, 1, 2].map((c) => trial1[2 * 3 + c]).filter((x) => !Number.isNaN(x));
    expect(res.trials.get(0).data[0]).toBeCloseTo(want.reduce((a, b) => a + b) / want.length, 12);

    const v = await var_(spec, { dim: "trials", select: { channel: [0, 2], frequency: [1, 3] } }) as SpectralData;
    expect(v.channel).toEqual(["channel1", "channel3"]);
    expect(Array.from(v.freq)).toEqual([1, 2, 3]);
    expect(v.trials.get(0).shape).toEqual([4, 2, 3, 2]);
  });

  test("mean over the trials of freqanalysis(keeptrials) = freqanalysis(keeptrials: false)", async () => {
    const spec1 = await freqanalysis(adata as never, { method: "mtmfft", keeptrials: true, taper: "hann", select: { channel: [0, 1] }, parallel: false });
    const avg = await mean(spec1, { dim: "trials" });
    const spec2 = await freqanalysis(adata as never, { method: "mtmfft", keeptrials: false, taper: "hann", select: { channel: [0, 1] }, parallel: false });
    expect(avg.nTrials).toBe(1);
    // trial 1 holds a NaN in channel 0: both propagate it
    expectClose(avg.trials.get(0).data, spec2.trials.get(0).data, 1e-5);
  });

  test("unknown dim names the dimord; trials of another shape over trials name both", async () => {
    await expect(mean(adata, { dim: "sth" })).rejects.toThrow(/one of "time", "channel", "trials"/);
    const unequal = build(fx.datasets.find((x) => x.name === "unequal")!);
    await expect(mean(unequal, { dim: "trials" })).rejects.toThrow(/found trials of different shape: trial 0 has \[7, 2\], trial 1 has \[5, 2\]/);
    await expect(median(unequal, { dim: "trials" })).rejects.toThrow(SPYValueError);
  });
});

describe("call forms, output and provenance", () => {
  const adata = build(fx.datasets.find((x) => x.name === "analog")!);
  adata.channel = ["a", "b", "c"];

  test("Syncopy's call forms: (data, kw), (cfg, data), cfg replay", async () => {
    const r1 = await std(adata, { dim: "time", ddof: 1 });
    const r2 = await std({ dim: "time", ddof: 1 }, adata);
    const r3 = await std(adata, r1.cfg);
    for (const r of [r2, r3]) expectClose(r.trials.get(3).data, r1.trials.get(3).data, 0);
    expect(r1.cfg.std).toMatchObject({ dim: "time", ddof: 1, keeptrials: true, nan: null });
    expect(r1.channel).toEqual(["a", "b", "c"]);
    expect(r1.samplerate).toBe(10);
    expect(r1.log).toMatch(/computed npstats_cF with settings[\s\S]*operation = std/);
    const t = await median(adata, { dim: "trials" });
    expect(t.log).toMatch(/median: computed trial statistics with settings\n\toperation = median\n\tdim = trials/);
    expect(t.trialdefinition).toEqual([[0, 10, -10]]);
    expect(t.channel).toEqual(["a", "b", "c"]);
  });

  test("float32 and complex64 keep their precision; var of complex data is real", async () => {
    const x = new AnalogData({ data: [{ data: Float32Array.of(1, 2, 3, 5), shape: [2, 2], dtype: "float32" }], samplerate: 1 });
    expect((await mean(x, { dim: "time" })).dtype).toBe("float32");
    const z = new SpectralData({ data: [0, 1].map(() => ({ data: Float32Array.of(1, 2, 3, 4), shape: [1, 1, 1, 2], dtype: "complex64" })), samplerate: 1 });
    expect((await mean(z, { dim: "trials" })).dtype).toBe("complex64");
    expect((await var_(z, { dim: "trials" })).dtype).toBe("float32");
    expect((await std(z, { dim: "channel" })).dtype).toBe("float32");
    const i = new AnalogData({ data: [{ data: Int16Array.of(1, 2, 4, 8), shape: [2, 2], dtype: "int16" }], samplerate: 1 });
    const m = await mean(i, { dim: "time" });
    expect(m.dtype).toBe("float64");
    expect(Array.from(m.trials.get(0).data)).toEqual([2.5, 5]);
  });
});

describe("bad input", () => {
  const adata = build(fx.datasets.find((x) => x.name === "analog")!);
  const spec = build(fx.datasets.find((x) => x.name === "spectral")!);
  test.each([
    [{ dim: "freq" }, SPYValueError, /dim.*one of "time", "channel", "trials"/],
    [{}, SPYTypeError, /`dim`.*got null/],
    [{ dim: 1 }, SPYTypeError, /dim/],
    [{ dim: "time", ddof: -1 }, SPYValueError, /ddof/],
    [{ dim: "time", ddof: 1.5 }, SPYValueError, /ddof/],
    [{ dim: "time", ddof: "1" }, SPYTypeError, /ddof/],
    [{ dim: "channel", ddof: 3 }, SPYValueError, /ddof.*below the number of values reduced over \(3 entries along channel\)/],
    [{ dim: "trials", ddof: 4 }, SPYValueError, /ddof.*\(4 trials\)/],
    [{ dim: "time", nan: "skip" }, SPYValueError, /nan.*"propagate" or "omit"/],
    [{ dim: "time", nan: true }, SPYTypeError, /nan/],
    [{ dim: "time", keeptrials: "no way" }, SPYTypeError, /keeptrials/],
    [{ dim: "time", axis: 0 }, SPYValueError, /axis/],
  ])("var(adata, %j) is refused", async (kw, cls, msg) => {
    await expect(var_(adata, kw as never)).rejects.toThrow(cls as never);
    await expect(var_(adata, kw as never)).rejects.toThrow(msg);
  });

  test("ddof >= the samples of the shortest trial along time names that trial", async () => {
    const unequal = build(fx.datasets.find((x) => x.name === "unequal")!);
    await expect(std(unequal, { dim: "time", ddof: 5 })).rejects.toThrow(/5 samples along time in trial 1/);
  });

  test("ddof with mean or median warns that it has no effect", async () => {
    const { warnings } = await captureWarnings(() => mean(spec, { dim: "taper", ddof: 1 }));
    expect(warnings.join()).toMatch(/ddof' has no effect/);
  });

  test("an empty data object and a non-continuous input are errors", async () => {
    await expect(mean(new AnalogData(), { dim: "time" })).rejects.toThrow(/empty AnalogData/);
    await expect(mean({ dim: "time" } as never)).rejects.toThrow();
  });
});

describe("the spy namespace", () => {
  test("spy.mean, spy.std, spy.var, spy.median, spy.itc are the metafunctions", async () => {
    const spy = await import("../../src/index");
    expect(spy.var).toBe(var_);
    expect([spy.mean, spy.std, spy.median].map((f) => f.name)).toEqual(["mean", "std", "median"]);
    expect(spy.var.name).toBe("var");
    expect(spy.get_defaults(spy.var)).toEqual({ dim: null, keeptrials: true, ddof: 0, nan: null, parallel: null, select: null });
    expect(spy.get_defaults(spy.itc)).toEqual({ parallel: null, select: null });
  });
});

describe("parallel along a dim", () => {
  test("parallel: true gives the sequential bits; chan_per_worker along channel warns and is dropped", async () => {
    const d = fx.datasets.find((x) => x.name === "spectral")!;
    const spec = build(d);
    for (const dim of ["time", "freq", "channel"]) {
      const seq = await median(spec, { dim, parallel: false });
      const par = await median(spec, { dim, parallel: true });
      for (let k = 0; k < seq.nTrials; k++) expect(Array.from(par.trials.get(k).data)).toEqual(Array.from(seq.trials.get(k).data));
    }
    const { warnings, result } = await captureWarnings(() => mean(spec, { dim: "channel", chan_per_worker: 1 }));
    expect(warnings.join()).toMatch(/ignoring chan_per_worker/);
    expect(result.trials.get(0).shape).toEqual([4, 2, 5, 1]);
    const blocks = await var_(spec, { dim: "freq", chan_per_worker: 1, parallel: true });
    const whole = await var_(spec, { dim: "freq" });
    expect(Array.from(blocks.trials.get(2).data)).toEqual(Array.from(whole.trials.get(2).data));
  }, 120000);
});
