import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { detrendConstant, detrendLinear, leastSquaresLine } from "../../src/math/detrend";
import { absoluteError, loadFixtures } from "./fixtureLoader";

const fx = loadFixtures("detrend");

/** scipy's own rounding is ~eps * max|x|; compare on that scale. */
function scaledError(got: ArrayLike<number>, ref: ArrayLike<number>, input: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < input.length; i++) scale = Math.max(scale, Math.abs(input[i]));
  return absoluteError(got, ref) / Math.max(scale, 1);
}

function column(block: Float64Array, nChannels: number, c: number): Float64Array {
  const n = block.length / nChannels;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = block[i * nChannels + c];
  return out;
}

describe("against scipy.signal.detrend(axis=0) on a [nSamples, nChannels] block", () => {
  const meta = fx.entries.find((e) => e.key === "block/x")!;
  const [nSamples, nChannels] = meta.shape;

  test.each([
    ["constant", detrendConstant],
    ["linear", detrendLinear],
  ] as const)("%s, channel by channel, leaving other channels alone", (type, fn) => {
    const x = fx.get("block/x");
    const ref = fx.get(`block/${type}`);
    const data = x.slice();
    for (let c = 0; c < nChannels; c++) {
      const before = data.slice();
      fn(data, nSamples, nChannels, c);
      for (let o = 0; o < nChannels; o++) {
        if (o === c) continue;
        expect(column(data, nChannels, o)).toEqual(column(before, nChannels, o));
      }
      const err = scaledError(column(data, nChannels, c), column(ref, nChannels, c), column(x, nChannels, c));
      expect(err).toBeLessThan(1e-12);
    }
  });
});

describe("against scipy.signal.detrend on 1-D signals", () => {
  const lengths = fx.entries.filter((e) => e.key.startsWith("vec/x/")).map((e) => e.params.n as number);
  test.each(lengths)("n = %i", (n) => {
    const x = fx.get(`vec/x/${n}`);
    const c = x.slice();
    detrendConstant(c);
    expect(scaledError(c, fx.get(`vec/constant/${n}`), x)).toBeLessThan(1e-12);
    const l = x.slice();
    detrendLinear(l);
    expect(scaledError(l, fx.get(`vec/linear/${n}`), x)).toBeLessThan(1e-12);
  });
});

describe("closed forms", () => {
  it("removes an exact line completely and leaves zero mean", () => {
    const n = 1001;
    const x = new Float64Array(n).map((_, i) => 3.5 - 0.25 * i);
    const y = x.slice();
    detrendLinear(y);
    expect(Math.max(...Array.from(y, Math.abs))).toBeLessThan(1e-12);
    const z = x.map((v, i) => v + Math.sin(i));
    detrendConstant(z);
    expect(Math.abs(z.reduce((a, b) => a + b, 0))).toBeLessThan(1e-10);
    expect(leastSquaresLine(x).slope).toBeCloseTo(-0.25, 14);
    expect(leastSquaresLine(x).intercept).toBeCloseTo(3.5, 12);
  });

  it("keeps a constant's residual at zero even on a large offset", () => {
    const x = new Float64Array(10000).fill(1e9 + 0.5);
    detrendConstant(x);
    expect(Math.max(...Array.from(x, Math.abs))).toBe(0);
  });

  it("handles empty and one-sample channels", () => {
    const e = new Float64Array(0);
    detrendLinear(e);
    expect(e.length).toBe(0);
    const one = new Float64Array([5]);
    detrendLinear(one);
    expect(one[0]).toBe(0);
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
  it("names the offending parameter", () => {
    const d = new Float64Array(12);
    expect(paramOf(() => detrendLinear(d, 4, 3, 3))).toBe("channel");
    expect(paramOf(() => detrendLinear(d, 4, 3, -1))).toBe("channel");
    expect(paramOf(() => detrendConstant(d, 5, 3, 0))).toBe("data");
    expect(paramOf(() => detrendConstant(d, 4, 0, 0))).toBe("nChannels");
    expect(paramOf(() => detrendConstant(d, 2.5, 3, 0))).toBe("nSamples");
    expect(paramOf(() => detrendConstant([1, 2] as unknown as Float64Array))).toBe("data");
    expect(paramOf(() => leastSquaresLine(new Float64Array(0)))).toBe("y");
  });
  it("a value of the wrong type is a SPYTypeError, a bad value of the right type a SPYValueError", () => {
    const d = new Float64Array(12);
    expect(() => detrendConstant([1, 2] as unknown as Float64Array)).toThrow(SPYTypeError);
    expect(() => detrendConstant(d, "4" as never, 3, 0)).toThrow(SPYTypeError);
    expect(() => detrendConstant(d, 2.5, 3, 0)).toThrow(SPYValueError);
    expect(() => detrendLinear(d, 4, 3, 3)).toThrow(SPYValueError);
  });
});
