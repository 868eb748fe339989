/**
 * The one keyword checker (src/core/keywords.ts): unknown keys name the key, where it was given
 * and the nearest allowed key; typed checks follow Syncopy's rule (wrong type: SPYTypeError;
 * allowed type, value not allowed: SPYValueError) with one wording.
 */
import {
  checkBoolean, checkInteger, checkKeywords, checkNumber, checkOneOf, checkOptions, checkString,
  describeNumber, editDistance, nearestKeyword,
} from "../../src/core/keywords";
import { SPYError, SPYTypeError, SPYValueError } from "../../src";

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error, got none");
}

describe("checkKeywords", () => {
  const allowed = ["low_frequency", "high_frequency", "order", "sampling_frequency"];

  test("a misspelled key: SPYValueError naming the key and where, suggesting the nearest", () => {
    const e = errorOf(() => checkKeywords({ low_frequncy: 500 }, allowed, "spy.batch.butterworth")) as SPYValueError;
    expect(e).toBeInstanceOf(SPYValueError);
    expect(e).toBeInstanceOf(SPYError);
    expect(e.param).toBe("low_frequncy");
    expect(e.value).toBe(500);
    expect(e.message).toBe("'low_frequncy' is an unknown keyword of spy.batch.butterworth; did you mean 'low_frequency'?");
  });

  test("nothing near: the allowed keys are listed", () => {
    const e = errorOf(() => checkKeywords({ zzz: 1 }, allowed, "f"));
    expect(e.message).toBe("'zzz' is an unknown keyword of f; the keywords are: low_frequency, high_frequency, order, sampling_frequency");
    expect(e.message).not.toMatch(/did you mean/);
  });

  test("known keys pass, whatever their values", () => {
    expect(() => checkKeywords({ order: "x", low_frequency: undefined }, allowed, "f")).not.toThrow();
    expect(() => checkKeywords({}, [], "f")).not.toThrow();
  });

  test("nearest keyword: typos, swapped letters, camelCase; nothing for unrelated names", () => {
    expect(nearestKeyword("seeed", ["seed", "nTrials"])).toBe("seed");
    expect(nearestKeyword("ordre", allowed)).toBe("order");
    expect(nearestKeyword("lowFrequency", allowed)).toBe("low_frequency");
    expect(nearestKeyword("ntrials", ["nTrials", "seed"])).toBe("nTrials");
    expect(nearestKeyword("fs", ["freq", "seed"])).toBeUndefined();
    expect(nearestKeyword("banana", allowed)).toBeUndefined();
    expect(editDistance("abc", "acb")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});

describe("checkOptions", () => {
  test("undefined and null are no options; a plain object passes; anything else is a SPYTypeError", () => {
    expect(checkOptions(undefined, "f")).toEqual({});
    expect(checkOptions(null, "f")).toEqual({});
    const o = { a: 1 };
    expect(checkOptions(o, "f", ["a"])).toBe(o);
    for (const bad of [3, "opts", [1, 2], new Float64Array(2), new Date(0)]) {
      const e = errorOf(() => checkOptions(bad, "spy.thing"));
      expect(e).toBeInstanceOf(SPYTypeError);
      expect(e.message).toMatch(/Wrong type of `options`.*an options object \{keyword: value\} for spy\.thing/);
    }
  });

  test("with allowed keys, an unknown key is a SPYValueError", () => {
    expect(errorOf(() => checkOptions({ b: 1 }, "f", ["a"]))).toBeInstanceOf(SPYValueError);
  });
});

describe("typed checks: wrong type SPYTypeError, wrong value SPYValueError, one wording", () => {
  test("booleans", () => {
    expect(checkBoolean(false, "keep")).toBe(false);
    const e = errorOf(() => checkBoolean("yes", "keep"));
    expect(e).toBeInstanceOf(SPYTypeError);
    expect(e.message).toBe(`Wrong type of \`keep\`: got string "yes"; expected true or false`);
  });

  test("numbers: type, range, integer, finiteness", () => {
    expect(checkNumber(2.5, "x", { gt: 0 })).toBe(2.5);
    expect(checkInteger(3, "order", { min: 1, max: 12 })).toBe(3);
    expect(checkNumber(Infinity, "n", { integer: true, min: 0, infinite: true })).toBe(Infinity);

    const t = errorOf(() => checkInteger("3", "order", { min: 1, max: 12 }));
    expect(t).toBeInstanceOf(SPYTypeError);
    expect(t.message).toBe(`Wrong type of \`order\`: got string "3"; expected an integer`);
    expect(errorOf(() => checkNumber(null, "x"))).toBeInstanceOf(SPYTypeError);
    expect(errorOf(() => checkNumber([1], "x"))).toBeInstanceOf(SPYTypeError);

    const range = errorOf(() => checkInteger(0, "order", { min: 1, max: 12 }));
    expect(range).toBeInstanceOf(SPYValueError);
    expect(range.message).toBe("Invalid value of `order`: got 0; expected an integer in [1, 12]");
    const frac = errorOf(() => checkInteger(2.5, "order", { min: 1 }));
    expect(frac).toBeInstanceOf(SPYValueError);
    expect(frac.message).toMatch(/expected an integer >= 1/);
    expect(errorOf(() => checkNumber(NaN, "x"))).toBeInstanceOf(SPYValueError);
    expect(errorOf(() => checkNumber(Infinity, "x"))).toBeInstanceOf(SPYValueError);
    expect(errorOf(() => checkNumber(1, "x", { lt: 1 }))).toBeInstanceOf(SPYValueError);
  });

  test("the wording of number rules", () => {
    expect(describeNumber()).toBe("a finite number");
    expect(describeNumber({ gt: 0 })).toBe("a finite number > 0");
    expect(describeNumber({ min: 0, lt: 1 })).toBe("a finite number in [0, 1)");
    expect(describeNumber({ integer: true, min: 1 })).toBe("an integer >= 1");
    expect(describeNumber({ integer: true, max: 5 })).toBe("an integer <= 5");
  });

  test("one-of strings and strings", () => {
    expect(checkOneOf("mean", "method", ["mean", "median"])).toBe("mean");
    const v = errorOf(() => checkOneOf("avg", "method", ["mean", "median"]));
    expect(v).toBeInstanceOf(SPYValueError);
    expect(v.message).toBe(`Invalid value of \`method\`: got "avg"; expected "mean" or "median"`);
    const t = errorOf(() => checkOneOf(1, "method", ["mean", "median"]));
    expect(t).toBeInstanceOf(SPYTypeError);
    expect(checkString("a", "name")).toBe("a");
    expect(errorOf(() => checkString("", "name"))).toBeInstanceOf(SPYValueError);
    expect(errorOf(() => checkString(3, "name"))).toBeInstanceOf(SPYTypeError);
  });

  test("every error is an SPYError and an Error, with the class name as name", () => {
    for (const e of [errorOf(() => checkBoolean(1, "b")), errorOf(() => checkNumber(-1, "n", { min: 0 })), errorOf(() => checkKeywords({ q: 1 }, [], "f"))]) {
      expect(e).toBeInstanceOf(SPYError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(e.constructor.name);
      expect(String(e)).toMatch(/^SPY(Type|Value)Error: /);
    }
  });
});
