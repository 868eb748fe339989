/**
 * Syncopy's syncopy/tests/test_tools.py (TestTools: spy.StructDict and its copies, issue #394)
 * against spyts' `spy.StructDict`, and the StructDict as a cfg in Syncopy's call forms.
 *
 * Python's `copy.copy(cfg)` / `copy.deepcopy(cfg)` have no JavaScript counterpart; they are
 * Syncopy's `cfg.copy()` / `cfg.deepcopy()` again and are ported as those. `type(x) ==
 * StructDict` becomes `instanceof spy.StructDict`.
 * Left out: test_spytools.py (syncopy.shared.tools.best_match, an internal helper spyts does not
 * expose).
 */
import * as spy from "../../src";

function abc(): spy.StructDict {
  const cfg = new spy.StructDict();
  cfg.a = 0.5;
  cfg.b = "test";
  cfg.c = [1, 2, 3];
  return cfg;
}

describe("test_tools: spy.StructDict", () => {
  test("test_structdict_shallow_copy (and _ext): a StructDict again, the list shared", () => {
    const cfg = abc();
    expect(cfg).toBeInstanceOf(spy.StructDict);
    const cfg2 = cfg.copy({ deep: false });
    expect(cfg2).toBeInstanceOf(spy.StructDict);
    expect(cfg.a).toBe(0.5);
    expect(cfg.b).toBe("test");
    expect(cfg.c).toEqual([1, 2, 3]);
    expect(cfg2.a).toBe(cfg.a);
    expect(cfg2.b).toBe(cfg.b);
    expect(cfg2.c).toEqual(cfg.c);
    (cfg.c as number[]).push(4);
    expect(cfg2.c).toEqual([1, 2, 3, 4]);   // shallow: the same list
    expect(cfg.copy().c).toBe(cfg.c);       // copy() is shallow by default
  });

  test("test_structdict_from_dict", () => {
    const cfg = new spy.StructDict({ a: 0.5, b: "test", c: [1, 2, 3] });
    expect(cfg).toBeInstanceOf(spy.StructDict);
    expect(cfg.a).toBe(0.5);
    expect(cfg.b).toBe("test");
    expect(cfg.c).toEqual([1, 2, 3]);
    expect(Object.keys(cfg)).toEqual(["a", "b", "c"]);   // copy/deepcopy are methods, not keys
  });

  test("test_copy_Welch_cfg: get_defaults gives a StructDict; its copy keeps a set key", () => {
    const cfg = spy.get_defaults(spy.freqanalysis);
    expect(cfg).toBeInstanceOf(spy.StructDict);
    cfg.method = "welch";
    const cfg2 = cfg.copy();
    expect(cfg2).toBeInstanceOf(spy.StructDict);
    expect(cfg2.method).toBe("welch");
  });

  test.each([
    ["deepcopy()", (c: spy.StructDict) => c.deepcopy()],
    ["copy({ deep: true })", (c: spy.StructDict) => c.copy({ deep: true })],
  ])("test_structdict_deepcopy (%s): the list is copied", (_, deep) => {
    const cfg = abc();
    const cfg2 = deep(cfg);
    expect(cfg2).toBeInstanceOf(spy.StructDict);
    expect(cfg2.c).toEqual(cfg.c);
    (cfg.c as number[]).push(4);
    expect(cfg2.c).not.toEqual(cfg.c);
    expect(cfg.c).toEqual([1, 2, 3, 4]);
    expect(cfg2.c).toEqual([1, 2, 3]);
    expect(cfg2.a).toBe(0.5);
    expect(cfg2.b).toBe("test");
  });

  test("a deep copy copies nested dicts, StructDicts and typed arrays, and keeps their types", () => {
    const inner = new spy.StructDict({ trials: [0, 1] });
    const cfg = new spy.StructDict({ select: inner, foi: Float64Array.of(1, 2), nested: { x: [1] } });
    const d = cfg.deepcopy();
    expect(d.select).toBeInstanceOf(spy.StructDict);
    expect(d.select).not.toBe(inner);
    expect(d.foi).toBeInstanceOf(Float64Array);
    expect(d.foi).not.toBe(cfg.foi);
    ((cfg.nested as { x: number[] }).x).push(2);
    expect(d.nested).toEqual({ x: [1] });
  });

  test("a StructDict is a cfg in Syncopy's call forms: (data, cfg), (cfg, data), a cfg holding data", async () => {
    const data = spy.synthdata.white_noise({ nTrials: 3, nSamples: 256, nChannels: 2, samplerate: 256, seed: 1 }) as spy.AnalogData;
    const cfg = new spy.StructDict();
    cfg.method = "mtmfft";
    cfg.taper = "hann";
    cfg.foilim = [1, 20];
    cfg.select = new spy.StructDict({ trials: [0, 2] });
    const a = await spy.freqanalysis(data, cfg as never) as spy.SpectralData;
    const b = await spy.freqanalysis(cfg as never, data) as spy.SpectralData;
    const withData = cfg.copy();
    withData.data = data;
    const c = await spy.freqanalysis(withData as never) as spy.SpectralData;
    expect(a.trials.length).toBe(2);
    expect(a.freq[0]).toBe(1);
    expect(a.freq[a.freq.length - 1]).toBe(20);
    for (const other of [b, c]) {
      expect(Array.from(other.trials[1].data)).toEqual(Array.from(a.trials[1].data));
    }
  });

  test("a StructDict's init must be a dict", () => {
    expect(() => new spy.StructDict([1, 2] as never)).toThrow(spy.SPYValueError);
    expect(() => new spy.StructDict("method" as never)).toThrow(spy.SPYValueError);
  });
});
