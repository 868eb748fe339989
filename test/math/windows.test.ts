import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { WINDOW_SPECS, availableTapers, getWindow, type WindowOption } from "../../src/math/windows";
import { besselI0 } from "../../src/math/special";
import { absoluteError, loadFixtures, relativeError } from "./fixtureLoader";

const fx = loadFixtures("windows");
const scipyAll = fx.meta.scipy_windows_all as string[];

/** chebwin goes through an FFT and taylor through products; the spec allows 1e-10 there. */
const tolerance = (name: string): number => (name === "chebwin" || name === "taylor" ? 1e-10 : 1e-12);

const windowCases = fx.entries
  .filter((e) => e.key !== "i0/x" && e.key !== "i0/y")
  .map((e) => [e.key, e] as const);

describe("against scipy.signal.windows fixtures", () => {
  test.each(windowCases)("%s", (_key, e) => {
    const { name, opts, M, sym } = e.params as { name: string; opts: Record<string, WindowOption>; M: number; sym: boolean };
    const w = getWindow(name, M, sym ? opts : { ...opts, sym: false });
    const ref = fx.get(e.key);
    expect(w.length).toBe(ref.length);
    expect(absoluteError(w, ref)).toBeLessThanOrEqual(tolerance(name));
  });

  it("tests every window getWindow offers, symmetric and periodic", () => {
    const tested = new Set(windowCases.map(([, e]) => e.params.name as string));
    const periodic = new Set(windowCases.filter(([, e]) => e.params.sym === false).map(([, e]) => e.params.name));
    for (const name of Object.keys(WINDOW_SPECS)) {
      expect(tested).toContain(name);
      if (name !== "kaiser_bessel_derived") expect(periodic).toContain(name);
    }
  });

  it("besselI0 matches scipy.special.i0 to 1e-14 relative", () => {
    const xs = fx.get("i0/x");
    const ys = fx.get("i0/y");
    expect(relativeError(Array.from(xs, besselI0), ys)).toBeLessThan(1e-14);
    for (let i = 0; i < xs.length; i++) {
      expect(Math.abs(besselI0(xs[i]) - ys[i]) / ys[i]).toBeLessThan(1e-14);
    }
  });
});

describe("catalogue", () => {
  it("is scipy.signal.windows.__all__ minus get_window, exponential and dpss", () => {
    const expected = scipyAll.filter((n) => !["get_window", "exponential", "dpss"].includes(n)).sort();
    expect(Object.keys(WINDOW_SPECS).sort()).toEqual(expected);
  });

  it("availableTapers adds dpss and never offers exponential or get_window", () => {
    const tapers = availableTapers();
    expect(tapers).toContain("dpss");
    expect(tapers).not.toContain("exponential");
    expect(tapers).not.toContain("get_window");
    expect([...tapers].sort()).toEqual([...Object.keys(WINDOW_SPECS), "dpss"].sort());
  });

  it("describes required parameters and defaults", () => {
    const spec = (name: string) => WINDOW_SPECS[name].params;
    expect(spec("kaiser")).toEqual([{ name: "beta", required: true }]);
    expect(spec("gaussian")).toEqual([{ name: "std", required: true }]);
    expect(spec("general_gaussian").map((p) => p.name)).toEqual(["p", "sig"]);
    expect(spec("chebwin")).toEqual([{ name: "at", required: true }]);
    expect(spec("general_cosine")).toEqual([{ name: "a", required: true }]);
    expect(spec("general_hamming")).toEqual([{ name: "alpha", required: true }]);
    expect(spec("tukey")).toEqual([{ name: "alpha", required: false, default: 0.5 }]);
    expect(spec("taylor")).toEqual([
      { name: "nbar", required: false, default: 4 },
      { name: "sll", required: false, default: 30 },
      { name: "norm", required: false, default: true },
    ]);
    expect(spec("hann")).toEqual([]);
  });

  it("uses the documented defaults", () => {
    expect(getWindow("tukey", 51)).toEqual(getWindow("tukey", 51, { alpha: 0.5 }));
    expect(getWindow("taylor", 40)).toEqual(getWindow("taylor", 40, { nbar: 4, sll: 30, norm: true }));
    expect(getWindow("hann", 10)).toEqual(getWindow("hann", 10, { sym: true }));
    expect(getWindow("hann", 10)).not.toEqual(getWindow("hann", 10, { sym: false }));
  });
});

describe("validation", () => {
  const paramOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      if (e instanceof SPYValueError || e instanceof SPYTypeError) return e.param;
      throw e;
    }
    return undefined;
  };

  it("names the parameter in its errors", () => {
    expect(paramOf(() => getWindow("hanning", 10))).toBe("taper");
    expect(paramOf(() => getWindow("dpss", 10))).toBe("taper");
    expect(paramOf(() => getWindow("exponential", 10))).toBe("taper");
    expect(paramOf(() => getWindow("kaiser", 10))).toBe("beta");
    expect(paramOf(() => getWindow("gaussian", 10, {}))).toBe("std");
    expect(paramOf(() => getWindow("general_gaussian", 10, { p: 1 }))).toBe("sig");
    expect(paramOf(() => getWindow("chebwin", 10))).toBe("at");
    expect(paramOf(() => getWindow("general_cosine", 10, { a: [] }))).toBe("a");
    expect(paramOf(() => getWindow("hann", 10, { beta: 3 }))).toBe("beta");
    expect(paramOf(() => getWindow("kaiser", 10, { beta: NaN }))).toBe("beta");
    expect(paramOf(() => getWindow("taylor", 10, { norm: 1 }))).toBe("norm");
    expect(paramOf(() => getWindow("taylor", 10, { nbar: 2.5 }))).toBe("nbar");
    expect(paramOf(() => getWindow("hann", 10, { sym: 0 }))).toBe("sym");
    expect(paramOf(() => getWindow("hann", -1))).toBe("M");
    expect(paramOf(() => getWindow("hann", 3.5))).toBe("M");
    expect(paramOf(() => getWindow("kaiser_bessel_derived", 7, { beta: 4 }))).toBe("M");
    expect(paramOf(() => getWindow("kaiser_bessel_derived", 8, { beta: 4, sym: false }))).toBe("sym");
  });

  it("a value of the wrong type is a SPYTypeError, a bad value of the right type a SPYValueError", () => {
    expect(() => getWindow("taylor", 10, { norm: 1 })).toThrow(SPYTypeError);
    expect(() => getWindow("hann", 10, { sym: 0 })).toThrow(SPYTypeError);
    expect(() => getWindow("kaiser", 10, { beta: "8" as never })).toThrow(SPYTypeError);
    expect(() => getWindow("general_cosine", 10, { a: ["1"] as never })).toThrow(SPYTypeError);
    expect(() => getWindow(3 as never, 10)).toThrow(SPYTypeError);
    expect(() => getWindow("hann", "10" as never)).toThrow(SPYTypeError);
    expect(() => getWindow("kaiser", 10, { beta: NaN })).toThrow(SPYValueError);
    expect(() => getWindow("taylor", 10, { nbar: 2.5 })).toThrow(SPYValueError);
    expect(() => getWindow("hann", -1)).toThrow(SPYValueError);
  });

  it("mentions the value and what is allowed", () => {
    expect(() => getWindow("kaiser", 10)).toThrow(/beta.*kaiser/);
    expect(() => getWindow("hanning", 10)).toThrow(/"hanning".*hann/);
  });
});

describe("closed forms", () => {
  it("symmetric windows are symmetric and peak at 1 in the middle", () => {
    for (const name of ["hann", "hamming", "blackman", "bartlett", "parzen", "bohman", "lanczos", "cosine", "triang"]) {
      const w = getWindow(name, 101);
      for (let i = 0; i < 50; i++) expect(w[i]).toBeCloseTo(w[100 - i], 14);
      expect(w[50]).toBeCloseTo(1, 14);
    }
  });

  it("hann is sin^2 and the periodic variant is the first M points of M+1", () => {
    const M = 64;
    const w = getWindow("hann", M);
    for (let n = 0; n < M; n++) expect(w[n]).toBeCloseTo(Math.sin((Math.PI * n) / (M - 1)) ** 2, 14);
    const p = getWindow("hann", M, { sym: false });
    const full = getWindow("hann", M + 1);
    expect(Array.from(p)).toEqual(Array.from(full.subarray(0, M)));
  });

  it("kaiser with beta = 0 is a boxcar", () => {
    expect(absoluteError(getWindow("kaiser", 33, { beta: 0 }), new Float64Array(33).fill(1))).toBe(0);
  });
});
