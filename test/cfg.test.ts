/** Syncopy's cfg call forms and replay (reference §1.9), through spy.freqanalysis. */
import * as spy from "../src";

function noise(nTrials: number, nSamples: number, nChannels: number, seed: number): spy.AnalogData {
  return spy.synthdata.white_noise({ nTrials, nSamples, nChannels, seed, samplerate: 200 }) as spy.AnalogData;
}

function trialsEqual(a: spy.BaseData, b: spy.BaseData): void {
  expect(b.trials.length).toBe(a.trials.length);
  for (let k = 0; k < a.trials.length; k++) {
    expect(Buffer.from(b.trials.get(k).data.buffer, b.trials.get(k).data.byteOffset, b.trials.get(k).data.byteLength)
      .equals(Buffer.from(a.trials.get(k).data.buffer, a.trials.get(k).data.byteOffset, a.trials.get(k).data.byteLength))).toBe(true);
  }
}

describe("cfg", () => {
  const data = noise(4, 100, 2, 7);

  test("get_defaults returns Syncopy's defaults and a fresh copy each time", () => {
    const cfg = spy.get_defaults(spy.freqanalysis);
    expect(cfg.method).toBe("mtmfft");
    expect(cfg.output).toBe("pow");
    expect(cfg.pad).toBe("maxperlen");
    expect(cfg.width).toBe(6);
    expect(cfg.keeptrials).toBe(true);
    expect(cfg.parallel).toBe(null);
    cfg.method = "welch";
    expect(spy.get_defaults(spy.freqanalysis).method).toBe("mtmfft");
    expect(() => spy.get_defaults(() => 1)).toThrow(/metafunction/);
  });

  test("every call form gives the same result", async () => {
    const ref = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", foilim: [10, 50] });
    const cfg = spy.get_defaults(spy.freqanalysis);
    cfg.taper = "hann";
    cfg.foilim = [10, 50];
    trialsEqual(ref, await spy.freqanalysis(cfg, data));
    trialsEqual(ref, await spy.freqanalysis(data, cfg));
    trialsEqual(ref, await spy.freqanalysis(data, { cfg: { foilim: [10, 50] }, taper: "hann" }));
    trialsEqual(ref, await spy.freqanalysis({ foilim: [10, 50] }, data, { taper: "hann" }));
    trialsEqual(ref, await spy.freqanalysis({ ...cfg, data }));
  });

  test("a keyword given twice, an unknown keyword, three dicts: errors", async () => {
    await expect(spy.freqanalysis(data, { cfg: { taper: "hann" }, taper: "hamming" })).rejects.toThrow(/taper.*given once/);
    await expect(spy.freqanalysis(data, { tapers: "hann" })).rejects.toThrow(/tapers.*unknown keyword/);
    await expect((spy.freqanalysis as (...args: unknown[]) => Promise<unknown>)(data, {}, {}, {})).rejects.toThrow(/at most one cfg/);
    await expect(spy.freqanalysis({ method: "mtmfft" } as never)).rejects.toThrow(/data/);
  });

  test('"yes"/"no" become booleans', async () => {
    const a = await spy.freqanalysis(data, { keeptrials: "no" } as never);
    expect(a.trials.length).toBe(1);
    expect(a.cfg.freqanalysis).toMatchObject({ keeptrials: false });
  });

  test("replay: f(data, res.cfg) reproduces res bit for bit, also from a chained cfg", async () => {
    const res = await spy.freqanalysis(data, { tapsmofrq: 10, foilim: [0, 60], output: "pow", keeptrials: false });
    expect(Object.keys(res.cfg)).toEqual(["freqanalysis"]);
    const again = await spy.freqanalysis(data, res.cfg);
    trialsEqual(res, again);
    expect(again.cfg).toEqual(res.cfg);
    const sel = await spy.selectdata(data, { trials: [0, 1, 2, 3] });
    const chained = await spy.freqanalysis(sel, res.cfg);
    expect(Object.keys(chained.cfg)).toEqual(["selectdata", "freqanalysis"]);
    trialsEqual(res, await spy.freqanalysis(data, chained.cfg));
  });
});

describe("cfg values", () => {
  test('"inf"/"nan" written by serialisation come back as numbers at any depth', () => {
    const { unwrapCfg } = require("../src/cfg/unwrap") as typeof import("../src/cfg/unwrap");
    const isData = (x: unknown): x is spy.BaseData => x instanceof spy.BaseData;
    const data = spy.synthdata.white_noise({ nTrials: 1, nSamples: 10, seed: 1 }) as spy.AnalogData;
    const { kwargs } = unwrapCfg("f", [data, { opt: { max_n_peaks: "inf", lims: ["-inf", 2] }, x: "nan" }], { opt: null, x: 0 }, isData);
    expect(kwargs.opt).toEqual({ max_n_peaks: Infinity, lims: [-Infinity, 2] });
    expect(kwargs.x).toBeNaN();
  });
});
