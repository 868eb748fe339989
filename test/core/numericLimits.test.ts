/**
 * Absurd numbers fail fast (issue 21): every row of NUMERIC_LIMITS is tried with 1e308, 2^53, NaN,
 * ±Infinity and -1 through its public entry point; a value outside the row's range must be a
 * SPYValueError naming the keyword and its range, raised before anything is allocated (well under
 * a second, and in the metafunction wrapper, so no compute starts). A new numeric keyword is one
 * row in src/core/numericLimits.ts and is tested here without a new line.
 */
import * as spy from "../../src";
import { SPYValueError } from "../../src";
import { NUMERIC_LIMITS, LimitRow, checkNumericLimits, dataFacts, ruleOf } from "../../src/core/numericLimits";
import { describeNumber, NumberRule } from "../../src/core/keywords";

const HOSTILE = [1e308, 2 ** 53, NaN, Infinity, -Infinity, -1];

const FS = 1000;
let data: spy.AnalogData;
beforeAll(() => {
  data = spy.synthdata.white_noise({ nTrials: 2, nSamples: 200, nChannels: 2, samplerate: FS, seed: 1 }) as spy.AnalogData;
});

function nested(keyword: string, value: unknown): Record<string, unknown> {
  const parts = keyword.split(".");
  let out: Record<string, unknown> = { [parts[parts.length - 1]]: value };
  for (let i = parts.length - 2; i >= 0; i--) out = { [parts[i]]: out };
  return out;
}

/** Required keywords of each synthetic-data generator, so that only the tested keyword is wrong. */
const SYNTH_REQUIRED: Record<string, Record<string, unknown>> = {
  linear_trend: { y_max: 1 }, harmonic: { freq: 10 }, phase_diffusion: { freq: 10 }, red_noise: { alpha: 0.5 },
};

/** Call the row's public entry point with the keyword set to `value`. */
function callWith(row: LimitRow, value: unknown): Promise<unknown> {
  const kw = { ...(row.with ?? {}), ...nested(row.keyword, value) };
  const run = async () => {
    if (row.where.startsWith("spy.batch.")) {
      const name = row.where.slice("spy.batch.".length) as "butterworth" | "standardize";
      return spy.batch[name]({ sampling_frequency: 30000, ...kw } as never);
    }
    if (row.where.startsWith("spy.synthdata.")) {
      const name = row.where.slice("spy.synthdata.".length) as keyof typeof SYNTH_REQUIRED;
      const gen = (spy.synthdata as unknown as Record<string, (o: unknown) => unknown>)[name];
      return gen({ nTrials: 2, nSamples: 10, ...(SYNTH_REQUIRED[name] ?? {}), ...kw });
    }
    const name = row.where === "metafunction" ? "freqanalysis" : row.where;
    const fn = (spy as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name];
    return fn(data, kw);
  };
  return run();
}

/** x lies outside rule r (written out here, independently of the checker under test). */
function outside(x: number, r: NumberRule): boolean {
  if (Number.isNaN(x)) return true;
  if (x === Infinity) return !r.infinite;
  if (x === -Infinity) return !r.infinite || r.min !== undefined || r.gt !== undefined;
  if (r.integer && !Number.isInteger(x)) return true;
  return (r.min !== undefined && x < r.min) || (r.max !== undefined && x > r.max) || (r.gt !== undefined && x <= r.gt) || (r.lt !== undefined && x >= r.lt);
}

const cases: [string, LimitRow, number][] = [];
for (const row of NUMERIC_LIMITS) for (const v of HOSTILE) cases.push([`${row.where} ${row.keyword} = ${v}`, row, v]);

describe("every numeric keyword has a range, checked before any allocation", () => {
  test.each(cases)("%s", async (_label, row, v) => {
    const ctx = { ...dataFacts(data), kwargs: { ...(row.with ?? {}) } };
    const rule = ruleOf(row, ctx);
    if (!outside(v, rule)) return; // inside the range (e.g. Infinity for max_n_peaks): nothing to refuse
    const t0 = Date.now();
    let err: unknown;
    try {
      await callWith(row, v);
    } catch (e) {
      err = e;
    }
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(err).toBeInstanceOf(SPYValueError);
    const e = err as SPYValueError;
    expect(e.param).toBe(row.param ?? row.keyword);
    expect(e.message).toContain(typeof row.allowed === "function" ? row.allowed(ctx) : row.allowed ?? describeNumber(rule));
  });

  test("superlet order_max 1e308, Butterworth order 2^53, Paul order 1e308: the errors users see", async () => {
    await expect(spy.freqanalysis(data, { method: "superlet", order_max: 1e308 })).rejects
      .toThrow("Invalid value of `order_max`: got 1e+308; expected an integer in [1, 100]");
    await expect(spy.preprocessing(data, { freq: 10, order: 2 ** 53 })).rejects
      .toThrow("Invalid value of `order`: got 9007199254740992; expected an integer in [1, 64]");
    await expect(spy.freqanalysis(data, { method: "wavelet", wavelet: "Paul", order: 1e308 })).rejects
      .toThrow(/Invalid value of `order`.*expected an integer >= 1 \(Paul: >= 4\) and <= 64/);
    await expect(spy.freqanalysis(data, { taper: "kaiser", taper_opt: { beta: 1e308 } })).rejects
      .toThrow(/Invalid value of `beta`.*expected a finite number in \[0, 500\]/);
    // pad: twice the longest trial or 2^24 samples, in seconds at 1 kHz
    await expect(spy.freqanalysis(data, { pad: 2 ** 53 })).rejects.toThrow(`expected a finite number in (0, ${2 ** 24 / FS}]`);
  });

  test("values a real analysis uses still pass the table", () => {
    const facts = dataFacts(data);
    expect(facts).toEqual({ samplerate: FS, maxTrialLength: 200 });
    expect(() => checkNumericLimits("freqanalysis", { order_max: 40, c_1: 3, width: 7, pad: 1, taper_opt: { beta: 14 }, fooof_opt: { max_n_peaks: Infinity } }, facts)).not.toThrow();
    expect(() => checkNumericLimits("preprocessing", { filter_class: "firws", order: 5000, freq: [1, 499] }, facts)).not.toThrow();
    expect(() => checkNumericLimits("preprocessing", { filter_class: "but", order: 65 }, facts)).toThrow(SPYValueError);
    // a type error is the keyword's own check: the table leaves strings and nulls alone
    expect(() => checkNumericLimits("freqanalysis", { pad: "nextpow2", order_max: null }, facts)).not.toThrow();
  });

  test("every numeric default of every metafunction has a row", () => {
    const missing: string[] = [];
    for (const [name, fn] of Object.entries(spy)) {
      const defaults = (fn as { defaults?: Record<string, unknown> } | null)?.defaults;
      if (typeof fn !== "function" || !defaults) continue;
      for (const [k, v] of Object.entries(defaults)) {
        if (typeof v !== "number") continue;
        const has = NUMERIC_LIMITS.some((r) => (r.where === name || r.where === "metafunction") && r.keyword === k);
        if (!has) missing.push(`${name}.${k}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
