/** Reads the committed numpy fixtures of test/fixtures/statistics (non-finite floats are strings there). */
import * as fs from "fs";
import * as path from "path";

export type Encoded = (number | string)[];

export function decode(values: Encoded): Float64Array {
  return Float64Array.from(values, (v) => (typeof v === "number" ? v : Number(v)));
}

export function loadFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "statistics", name), "utf8")) as T;
}

/** Elementwise comparison with a relative tolerance; NaN must match NaN and infinities must match exactly. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-12, atol = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e))) throw new Error(`element ${i}: got ${a}, expected ${e}`);
      continue;
    }
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) throw new Error(`element ${i}: got ${a}, expected ${e} (rtol ${rtol})`);
  }
}
