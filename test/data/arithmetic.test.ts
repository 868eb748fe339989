/**
 * spy.add/sub/mul/div/pow and data.add(...): values against the operation applied in the test to
 * the input trials read back, numpy's complex and edge-case results from
 * test/fixtures/arithmetic/numpy_ops.json (make_fixtures.py), and the errors.
 */
import * as fs from "fs";
import * as path from "path";
import * as spy from "../../src";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";

type Op = (x: number, y: number) => number;
const OPS: Record<string, Op> = {
  add: (x, y) => x + y, sub: (x, y) => x - y, mul: (x, y) => x * y, div: (x, y) => x / y, pow: (x, y) => x ** y,
};

/** A trial [L, C] with value 1 + 0.5·k + 0.1·t + c (positive, distinct per trial/sample/channel). */
function trial(k: number, L: number, C: number): spy.NDArray {
  const data = new Float64Array(L * C);
  for (let t = 0; t < L; t++) for (let c = 0; c < C; c++) data[t * C + c] = 1 + 0.5 * k + 0.1 * t + c;
  return { data, shape: [L, C], dtype: "float64" };
}

function analog(lengths = [5, 7, 4], C = 3, extra: Record<string, unknown> = {}): spy.AnalogData {
  return new spy.AnalogData({ data: lengths.map((L, k) => trial(k, L, C)), samplerate: 100, ...extra });
}

function values(d: spy.BaseData): number[][] {
  return Array.from({ length: d.nTrials }, (_, k) => Array.from(d.trials.get(k).data as ArrayLike<number>));
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/arithmetic/numpy_ops.json"), "utf8"));
const num = (v: number | string): number => (v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "nan" ? NaN : (v as number));

/** Expect each number to equal (NaN, ±Infinity exactly) or be within `tol` relative. */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-12): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (!Number.isFinite(w)) expect(g).toBe(w);
    else expect(Math.abs(g - w)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w)));
  }
}

describe("scalar operands", () => {
  test.each(Object.keys(OPS))("data %s 2.5 equals the operation on the trials read back", (op) => {
    const d = analog();
    const res = (spy as unknown as Record<string, (a: unknown, b: unknown) => spy.BaseData>)[op](d, 2.5);
    const want = values(d).map((t) => t.map((x) => OPS[op](x, 2.5)));
    values(res).forEach((t, k) => expectClose(t, want[k], 1e-15));
    expect(res).toBeInstanceOf(spy.AnalogData);
    expect(res.dtype).toBe("float64");
  });

  test("reflected forms keep the order: 1 − data, 1 / data, 2 ** data (Syncopy would compute data − 1)", () => {
    const d = analog();
    const x = values(d);
    values(spy.sub(1, d)).forEach((t, k) => expect(t).toEqual(x[k].map((v) => 1 - v)));
    values(spy.div(1, d)).forEach((t, k) => expect(t).toEqual(x[k].map((v) => 1 / v)));
    values(spy.pow(2, d)).forEach((t, k) => expectClose(t, x[k].map((v) => 2 ** v), 1e-15));
    // and not the quirk: data − 1 differs from 1 − data wherever x ≠ 1
    expect(values(spy.sub(1, d))[0][1]).toBe(1 - x[0][1]);
    expect(values(d.sub(1))[0][1]).toBe(x[0][1] - 1);
    expect(x[0][1]).not.toBe(1);
  });

  test("division by zero follows IEEE: 1/0 = Infinity, -1/0 = -Infinity, 0/0 = NaN", () => {
    const d = new spy.AnalogData({ data: [[[1, 0], [-1, 2]]], samplerate: 1 });
    expect(Array.from(d.div(0).trials.get(0).data)).toEqual([Infinity, NaN, -Infinity, Infinity]);
    const zeros = new spy.AnalogData({ data: [[[0, 0], [0, 0]]], samplerate: 1 });
    expect(Array.from(spy.div(d, zeros).trials.get(0).data)).toEqual([Infinity, NaN, -Infinity, Infinity]);
    expect(Array.from(spy.div(0, d).trials.get(0).data)).toEqual([0, NaN, -0, 0]);
  });

  test("real pow edge cases match numpy (C pow: 1 ** NaN = 1, (-1) ** Infinity = 1, (-8) ** (1/3) = NaN)", () => {
    const x = fixture.real_pow_x.map(num), y = fixture.real_pow_y.map(num), want = fixture.real_pow.map(num);
    const dx = new spy.AnalogData({ data: [{ data: Float64Array.from(x), shape: [x.length, 1], dtype: "float64" }], samplerate: 1 });
    const res = dx.pow({ data: Float64Array.from(y), shape: [y.length, 1], dtype: "float64" });
    expectClose(res.trials.get(0).data, want, 1e-15);
  });
});

describe("array operands broadcast to one trial", () => {
  test("a per-channel vector (nested), a [1, C] row, a [L, 1] column and a full [L, C] array", () => {
    const d = analog([4, 4], 3);
    const x = values(d);
    const vec = [10, 20, 30];
    values(d.mul(vec)).forEach((t, k) => expect(t).toEqual(x[k].map((v, i) => v * vec[i % 3])));
    values(spy.sub([[1, 2, 3]], d)).forEach((t, k) => expect(t).toEqual(x[k].map((v, i) => [1, 2, 3][i % 3] - v)));
    const col: spy.NDArray = { data: Float32Array.of(1, 2, 3, 4), shape: [4, 1], dtype: "float32" };
    values(d.add(col)).forEach((t, k) => expect(t).toEqual(x[k].map((v, i) => v + Math.floor(i / 3) + 1)));
    const full: spy.NDArray = { data: Float64Array.from({ length: 12 }, (_, i) => i), shape: [4, 3], dtype: "float64" };
    values(d.div(full)).forEach((t, k) => expect(t).toEqual(x[k].map((v, i) => v / i)));
  });

  test("shapes that do not broadcast to the trial are errors naming both shapes", () => {
    const d = analog([5, 7], 3);
    expect(() => d.add([1, 2])).toThrow(/shape \[2\].*trial shape \[5, 3\]/);
    expect(() => d.add({ data: new Float64Array(5 * 3), shape: [5, 3], dtype: "float64" })).toThrow(/shape \[5, 3\].*trial shape \[7, 3\] \(trial 1/);
    expect(() => d.add({ data: new Float64Array(2 * 5 * 3), shape: [2, 5, 3], dtype: "float64" })).toThrow(SPYValueError);
    expect(() => d.add(new Float64Array(3))).toThrow(SPYTypeError);
  });
});

describe("two data objects, trial by trial", () => {
  test("values, trials of different lengths, x1's labels and trialdefinition", () => {
    const a = analog([5, 7, 4], 2, { channel: ["a", "b"] });
    const b = new spy.AnalogData({ data: [5, 7, 4].map((L, k) => trial(10 + k, L, 2)), samplerate: 100, channel: ["a", "b"] });
    const xa = values(a), xb = values(b);
    for (const op of Object.keys(OPS)) {
      const res = (spy as unknown as Record<string, (x: unknown, y: unknown) => spy.BaseData>)[op](a, b);
      values(res).forEach((t, k) => expectClose(t, xa[k].map((v, i) => OPS[op](v, xb[k][i])), 1e-15));
    }
    const diff = spy.sub(b, a);
    expect(diff.trialdefinition).toEqual(b.trialdefinition);
    expect((diff as spy.AnalogData).channel).toEqual(["a", "b"]);
    // a − a is zero (the same object on both sides)
    expect(values(a.sub(a)).flat().every((v) => v === 0)).toBe(true);
  });

  test("mismatched shapes, trial counts, samplerates, labels and classes are errors naming both", () => {
    const a = analog([5, 7], 2);
    expect(() => a.add(analog([5, 7], 3))).toThrow(/trial 0 has shape \[5, 3\].*trial 0: \[5, 2\]/);
    expect(() => a.add(analog([5, 6], 2))).toThrow(/trial 1 has shape \[6, 2\].*trial 1: \[7, 2\]/);
    expect(() => a.add(analog([5, 7, 4], 2))).toThrow(/3 \(selected\) trials.*\(2\)/);
    const slow = new spy.AnalogData({ data: [trial(0, 5, 2), trial(1, 7, 2)], samplerate: 50 });
    expect(() => a.add(slow)).toThrow(/samplerate 50 Hz.*\(100 Hz\)/);
    const other = analog([5, 7], 2, { channel: ["x", "y"] });
    expect(() => a.sub(other)).toThrow(/channel \[x, y\].*\[channel1, channel2\]/);
    const spec = new spy.SpectralData({ data: [{ data: new Float64Array(5 * 2), shape: [5, 1, 1, 2], dtype: "float64" }], samplerate: 100 });
    expect(() => a.add(spec)).toThrow(SPYTypeError);
    const complex = new spy.AnalogData({ data: [{ data: new Float64Array(20), shape: [5, 2], dtype: "complex128" }, { data: new Float64Array(28), shape: [7, 2], dtype: "complex128" }], samplerate: 100 });
    expect(() => a.add(complex)).toThrow(/complex128.*real\/complex/);
  });

  test("matchlabels: false combines different channel sets (a bipolar derivation) and keeps x1's labels", async () => {
    const d = new spy.AnalogData({ data: [trial(0, 6, 3), trial(1, 6, 3)], samplerate: 100, channel: ["A1", "A2", "A3"] });
    const first = await spy.selectdata(d, { channel: ["A1", "A2"] });
    const second = await spy.selectdata(d, { channel: ["A2", "A3"] });
    const bipolar = spy.sub(first, second, { matchlabels: false }) as spy.AnalogData;
    expect(bipolar.channel).toEqual(["A1", "A2"]);
    const x = values(d);
    values(bipolar).forEach((t, k) => expect(t).toEqual(t.map((_, i) => {
      const s = Math.floor(i / 2), c = i % 2;
      return x[k][s * 3 + c] - x[k][s * 3 + c + 1];
    })));
  });
});

describe("complex data (complex NDArray dtypes, complex scalars as {re, im})", () => {
  const pairs = (p: (number | string)[][]) => Float64Array.from(p.flat().map(num));
  const spectral = (p: (number | string)[][]) => new spy.SpectralData({ data: [{ data: pairs(p), shape: [p.length, 1, 1, 1], dtype: "complex128" }], samplerate: 10 });

  test("complex ÷ and × of two objects match numpy (Smith division; x/0 gives infinite parts)", () => {
    const a = spectral(fixture.complex_a), b = spectral(fixture.complex_b);
    expectClose(a.div(b).trials.get(0).data, pairs(fixture.complex_div), 1e-15);
    expectClose(a.mul(b).trials.get(0).data, pairs(fixture.complex_mul), 1e-15);
    expect(a.div(b).dtype).toBe("complex128");
  });

  test("complex pow matches numpy: integer exponents, 0.5, 0 ** -2 = NaN, a complex exponent, element-wise", () => {
    const a = spectral(fixture.complex_a);
    for (const [e, want] of Object.entries(fixture.complex_pow_scalar as Record<string, (number | string)[][]>)) {
      expectClose(a.pow(Number(e)).trials.get(0).data, pairs(want), 1e-13);
    }
    expectClose(a.pow({ re: 1.5, im: -0.5 }).trials.get(0).data, pairs(fixture.complex_pow_complex_scalar), 1e-13);
    expectClose(a.pow(spectral(fixture.complex_b)).trials.get(0).data, pairs(fixture.complex_pow_elementwise), 1e-13);
  });

  test("a complex scalar on real data gives complex values (with a warning); 1 − z keeps the order", async () => {
    const d = analog([3], 2);
    const { result, warnings } = await spy.captureWarnings(() => d.mul({ re: 0, im: 2 }));
    expect(warnings.join()).toMatch(/complex/);
    expect(result.dtype).toBe("complex128");
    const x = values(d)[0];
    expect(Array.from(result.trials.get(0).data)).toEqual(x.flatMap((v) => [0, 2 * v]));
    const z = spectral([[1, 2], [3, -4]]);
    expect(Array.from(spy.sub(1, z).trials.get(0).data)).toEqual([0, -2, -2, 4]);
    expect(Array.from(spy.sub({ re: 0, im: 1 }, z).trials.get(0).data)).toEqual([-1, -1, -3, 5]);
  });
});

describe("result dtypes", () => {
  const f32 = () => new spy.AnalogData({ data: [{ data: Float32Array.of(1.5, 2, 3, 4), shape: [2, 2], dtype: "float32" }], samplerate: 1 });

  test("numpy's rules for float32 (checked against numpy in the fixture); integer data becomes float64", async () => {
    const dt = fixture.dtypes;
    expect(f32().add(1).dtype).toBe(dt["float32+int"]);
    expect(f32().add(1.5).dtype).toBe(dt["float32+float"]);
    expect((await spy.captureWarnings(() => f32().add({ re: 0, im: 1 }))).result.dtype).toBe(dt["float32+complex"]);
    expect(f32().add({ data: Float64Array.of(1, 1), shape: [2], dtype: "float64" }).dtype).toBe(dt["float32+float64array"]);
    expect(f32().add(f32()).dtype).toBe("float32");
    const ints = new spy.AnalogData({ data: [{ data: Int16Array.of(1, 2, 3, 32767), shape: [2, 2], dtype: "int16" }], samplerate: 1 });
    const half = ints.div(2);
    expect(half.dtype).toBe(dt["int16/int"]);
    expect(Array.from(half.trials.get(0).data)).toEqual([0.5, 1, 1.5, 16383.5]);
    // no wrap-around: numpy's int16 + 1 would give -32768 here
    expect(ints.add(1).trials.get(0).data[3]).toBe(32768);
    // float32 values: the float64 result rounded once, as numpy's float32 arithmetic
    expect(Array.from(f32().div(3).trials.get(0).data)).toEqual(Array.from(Float32Array.of(1.5 / 3, 2 / 3, 1, 4 / 3)));
  });
});

describe("provenance, selections and inputs", () => {
  test("the result keeps labels, trialdefinition, samplerate and the input's cfg, and adds a cfg and a log entry", () => {
    const d = new spy.AnalogData({
      data: trial(0, 20, 2), samplerate: 10, channel: ["x", "y"], trialdefinition: [[0, 8, -3, 7], [8, 20, -2, 9]], cfg: { earlier: { a: 1 } },
    });
    const res = spy.sub(1, d) as spy.AnalogData;
    expect(res.channel).toEqual(["x", "y"]);
    expect(res.trialdefinition).toEqual([[0, 8, -3, 7], [8, 20, -2, 9]]);
    expect(res.samplerate).toBe(10);
    expect(res.cfg.earlier).toEqual({ a: 1 });
    expect(res.cfg.sub).toMatchObject({ operator: "-", x1: 1, select: null, matchlabels: true });
    expect(String((res.cfg.sub as Record<string, unknown>).x2)).toMatch(/^AnalogData\(/);
    expect(res.log).toMatch(/sub: computed x1 - x2 \(float64\) with settings/);
    expect(res.log).toMatch(/x1 = 1/);
  });

  test("select applies to every data operand; the result holds the selection, trials end to end", () => {
    const a = analog([5, 7, 4], 3, { channel: ["a", "b", "c"] });
    const b = analog([5, 7, 4], 3, { channel: ["a", "b", "c"] }).mul(3);
    const res = spy.add(a, b, { select: { trials: [2, 0], channel: ["c", "a"] } }) as spy.AnalogData;
    expect(res.channel).toEqual(["c", "a"]);
    expect(res.nTrials).toBe(2);
    expect(res.sampleinfo).toEqual([[0, 4], [4, 9]]);
    const xa = values(a), xb = values(b);
    const want = (k: number) => xa[k].flatMap((_, i) => (i % 3 === 0 ? [xa[k][i + 2] + xb[k][i + 2], xa[k][i] + xb[k][i]] : []));
    expect(values(res)).toEqual([want(2), want(0)]);
    expect(res.cfg.add).toMatchObject({ select: { trials: [2, 0], channel: ["c", "a"] } });
  });

  test("inputs are unchanged: their file bytes and values before and after", () => {
    const a = analog(), b = analog().add(1);
    const before = [fs.readFileSync(a.storage!.path), fs.readFileSync(b.storage!.path)];
    const va = values(a);
    for (const res of [spy.mul(a, b), spy.pow(a, 2), spy.sub(5, a), a.div([1, 2, 3])]) {
      expect(res.storage!.path).not.toBe(a.storage!.path);
    }
    expect(fs.readFileSync(a.storage!.path).equals(before[0])).toBe(true);
    expect(fs.readFileSync(b.storage!.path).equals(before[1])).toBe(true);
    expect(values(a)).toEqual(va);
  });

  test("methods chain and equal the functions", () => {
    const a = analog();
    expect(values(a.sub(1).mul(2).pow(2))).toEqual(values(spy.pow(spy.mul(spy.sub(a, 1), 2), 2)));
  });

  test("bad input", () => {
    const a = analog();
    expect(() => spy.add(1 as never, 2 as never)).toThrow(SPYTypeError);
    expect(() => a.add(1, { selct: null })).toThrow(/did you mean 'select'/);
    expect(() => a.add(1, { matchlabels: "no" })).toThrow(SPYTypeError);
    expect(() => a.add({ re: 1 })).toThrow(SPYTypeError);
    expect(() => a.add("1")).toThrow(SPYTypeError);
    expect(() => a.add(1, { select: { channel: ["nope"] } })).toThrow(SPYValueError);
    expect(() => spy.add(new spy.AnalogData(), 1)).toThrow(/empty AnalogData/);
  });
});
