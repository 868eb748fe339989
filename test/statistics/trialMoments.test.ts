/**
 * TrialMoments against numpy (test/fixtures/statistics/make_moments.py): mean, var(ddof),
 * nanmean, nanvar(ddof) and the per-element count along the trial axis.
 */
import { TrialMoments } from "../../src/statistics/trialMoments";
import { decode, Encoded, expectClose, loadFixture } from "./fixtureData";

interface MomentCase {
  name: string; complex: boolean; nTrials: number; size: number; trials: Encoded;
  mean: Encoded; nanmean: Encoded; count: Encoded; var: Record<string, Encoded>; nanvar: Record<string, Encoded>;
}
const { cases } = loadFixture<{ cases: MomentCase[] }>("moments.json");

function feed(c: MomentCase, nan: "propagate" | "omit", ddof: number): TrialMoments {
  const m = new TrialMoments(c.size, { ddof, nan, complex: c.complex });
  const all = decode(c.trials);
  const width = c.complex ? 2 * c.size : c.size;
  for (let t = 0; t < c.nTrials; t++) m.add(all.subarray(t * width, (t + 1) * width));
  return m;
}

describe("TrialMoments against numpy", () => {
  for (const c of cases) {
    for (const ddof of [0, 1, 2]) {
      test(`${c.name}: propagate, ddof ${ddof} = np.mean / np.var`, () => {
        const m = feed(c, "propagate", ddof);
        expect(m.nTrials).toBe(c.nTrials);
        // the mean is numpy's running sum over axis 0: identical to the last bit (complex: numpy's complex division, 1 ulp)
        expectClose(m.mean(), decode(c.mean), c.complex ? 2.3e-16 : 0);
        expectClose(m.variance(), decode(c.var[String(ddof)]), 1e-13);
        expect(Array.from(m.count())).toEqual(new Array(c.size).fill(c.nTrials));
      });
      test(`${c.name}: omit, ddof ${ddof} = np.nanmean / np.nanvar`, () => {
        const m = feed(c, "omit", ddof);
        expectClose(m.mean(), decode(c.nanmean), 1e-15);
        expectClose(m.variance(), decode(c.nanvar[String(ddof)]), 1e-13);
        expect(Array.from(m.count())).toEqual(Array.from(decode(c.count)));
      });
    }
  }

  test("the offset case would fail a sum-of-squares variance (the test can tell)", () => {
    const c = cases.find((k) => k.name === "offset")!;
    const x = decode(c.trials);
    let s = 0, s2 = 0;
    for (let t = 0; t < c.nTrials; t++) { const v = x[t * c.size]; s += v; s2 += v * v; }
    const naive = (s2 - (s * s) / c.nTrials) / c.nTrials;
    const expected = decode(c.var["0"])[0];
    expect(Math.abs(naive - expected) / expected).toBeGreaterThan(1e-3);
  });

  test("bad construction and a trial of another length are errors", () => {
    expect(() => new TrialMoments(3, { ddof: -1 })).toThrow(/ddof/);
    expect(() => new TrialMoments(3, { ddof: 0.5 })).toThrow(/ddof/);
    expect(() => new TrialMoments(3, { nan: "skip" as never })).toThrow(/nan/);
    const m = new TrialMoments(3, {});
    m.add(new Float64Array(3));
    expect(() => m.add(new Float64Array(4))).toThrow(/trial 1/);
    const z = new TrialMoments(2, { complex: true });
    expect(() => z.add(new Float64Array(2))).toThrow(/4 numbers/);
  });

  test("no trials: mean and variance are NaN", () => {
    const m = new TrialMoments(2, {});
    expect(Array.from(m.mean()).every(Number.isNaN)).toBe(true);
    expect(Array.from(m.variance()).every(Number.isNaN)).toBe(true);
  });

  test("meanOnly gives the same mean bits (plain sum), with NaN omitted or propagated, real and complex", () => {
    const trials = [[1, NaN, 3, 4], [5, 6, NaN, 8], [9.5, 10, 11, -2]];
    for (const nan of ["propagate", "omit"] as const) {
      for (const complex of [false, true]) {
        const size = complex ? 2 : 4;
        const full = new TrialMoments(size, { nan, complex });
        const fast = new TrialMoments(size, { nan, complex, meanOnly: true });
        for (const t of trials) { full.add(t); fast.add(t); }
        expect(Array.from(fast.mean())).toEqual(Array.from(full.mean()));
        if (nan === "omit") expect(Array.from(fast.count())).toEqual(Array.from(full.count()));
        expect(() => fast.variance()).toThrow(/meanOnly/);
      }
    }
  });
});
