/**
 * Baseline normalisation of time-frequency maps (FieldTrip's ft_freqbaseline), against a hand
 * computation on a 2 x 5 map.
 */
import {
  BASELINE_TYPES, baselineCentre, baselineIndices, baselineNormalize, checkBaselineType, checkBaselineWindow,
} from "../../src/plot/baseline";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";

// two frequencies x five time points; the baseline [-0.2, -0.1] holds time points 0 and 1
const time = [-0.2, -0.1, 0, 0.1, 0.2];
const z = [
  2, 4, 6, 8, 12, // f0: baseline mean 3, SD (N-1) sqrt(2)
  10, 10, 5, 20, 40, // f1: baseline mean 10, SD 0
];

describe("baselineNormalize", () => {
  test("the six baseline types, per frequency, against the hand computation", () => {
    const m0 = 3, s0 = Math.SQRT2, m1 = 10;
    const f0 = z.slice(0, 5), f1 = z.slice(5);
    const expected: Record<string, number[]> = {
      absolute: [...f0.map((x) => x - m0), ...f1.map((x) => x - m1)],
      relative: [...f0.map((x) => x / m0), ...f1.map((x) => x / m1)],
      relchange: [...f0.map((x) => (x - m0) / m0), ...f1.map((x) => (x - m1) / m1)],
      normchange: [...f0.map((x) => (x - m0) / (x + m0)), ...f1.map((x) => (x - m1) / (x + m1))],
      db: [...f0.map((x) => 10 * Math.log10(x / m0)), ...f1.map((x) => 10 * Math.log10(x / m1))],
    };
    for (const [type, want] of Object.entries(expected)) {
      const got = baselineNormalize(z, time, [-0.2, -0.1], type as never);
      want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 12));
    }
    // zscore: SD over the baseline's time points with N − 1 (MATLAB's std); f1's SD is 0 -> NaN
    const zs = baselineNormalize(z, time, [-0.2, -0.1], "zscore");
    expect(Array.from(zs.subarray(0, 5))).toEqual(f0.map((x) => (x - m0) / s0).map((v) => expect.closeTo(v, 12)));
    expect(zs[5 + 3]).toBeNaN();
    // hand values
    expect(zs[4]).toBeCloseTo(9 / Math.SQRT2, 12); // (12 − 3) / √2
    expect(baselineNormalize(z, time, [-0.2, -0.1], "db")[9]).toBeCloseTo(6.0206, 4); // 10·log10(40/10)
    // amplitudes: 20·log10
    expect(baselineNormalize(z, time, [-0.2, -0.1], "db", 20)[9]).toBeCloseTo(12.0412, 4);
  });

  test("the window holds t0 <= t <= t1 (FieldTrip's rule), robust to rounding of the axis; NaN left out", () => {
    const t = Array.from({ length: 11 }, (_, i) => -0.5 + i * 0.1); // -0.5 + 3 * 0.1 = -0.19999999999999996
    expect(baselineIndices(t, [-0.2, 0])).toEqual([3, 4, 5]);
    expect(baselineIndices(t, [-0.25, -0.15])).toEqual([3]);
    const withNaN = [NaN, 4, 6, 8, 12];
    const out = baselineNormalize(withNaN, time, [-0.2, -0.1], "absolute");
    expect(out[2]).toBe(2); // mean of the finite baseline values (4)
    expect(baselineCentre("relative")).toBe(1);
    for (const t2 of BASELINE_TYPES.filter((b) => b !== "relative")) expect(baselineCentre(t2)).toBe(0);
  });

  test("errors name the option", () => {
    expect(() => baselineNormalize(z, time, [1, 2], "absolute")).toThrow(SPYValueError);
    expect(() => baselineNormalize(z, time, [1, 2], "absolute")).toThrow(/baseline.*-0\.2 … 0\.2 s/s);
    expect(() => baselineNormalize(z, time, [-0.2, -0.15], "zscore")).toThrow(/at least two time points/);
    expect(() => checkBaselineWindow("pre")).toThrow(SPYTypeError);
    expect(() => checkBaselineWindow([0])).toThrow(SPYValueError);
    expect(() => checkBaselineWindow([0, "1"])).toThrow(SPYTypeError);
    expect(() => checkBaselineWindow([1, 0])).toThrow(SPYValueError);
    expect(checkBaselineWindow([-0.5, 0])).toEqual([-0.5, 0]);
    expect(() => checkBaselineType(3)).toThrow(SPYTypeError);
    expect(() => checkBaselineType("percent")).toThrow(/one of "absolute", "relative", "relchange", "normchange", "db", "zscore"/);
  });
});
