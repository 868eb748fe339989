/**
 * Method "superlet": the golden Syncopy case, and the geometric-mean structure of multiplicative and
 * adaptive (FASLT) superlets checked against products of single-order transforms.
 */
import { NDArray } from "../../src/core/ndarray";
import { SuperletParams, superletTerms, superletTrial } from "../../src/specest/superlet";
import { freqsFromScales, scalesFromFreqs } from "../../src/specest/wavelets/scales";
import { superletComputeFunction, SuperletKwargs } from "../../src/specest/superletComputeFunction";
import { readCase, readF64, readInput, readOutput, toleranceRatio, goldenDescribe } from "../helpers/golden";

const maybe = goldenDescribe("golden superlet case");

maybe("golden superlet case (Syncopy a86199a)", () => {
  test("superlet_mult_o10_c3: multiplicative, orders 1..10, c_1=3, foi 5..100, pow", () => {
    const c = readCase("superlet_mult_o10_c3");
    const input = readInput(c.inputs.data);
    const [nTrials, L, C] = input.shape;
    const scales = scalesFromFreqs("superlet", c.params.foi as number[]);
    expect(Array.from(freqsFromScales("superlet", scales))).toEqual(Array.from(readF64(c.outputs.out_freq.file!)));
    const kw: SuperletKwargs = {
      scales: Array.from(scales), order_max: c.params.order_max as number, order_min: c.params.order_min as number,
      c_1: c.params.c_1 as number, adaptive: false, dt: 1 / input.samplerate, output: "pow", polyremoval: 0,
    };
    const expected = readOutput(c.outputs.out);
    const actual = new Float64Array(expected.length);
    const per = expected.length / nTrials;
    for (let k = 0; k < nTrials; k++) {
      const trial: NDArray = { data: input.values.subarray(k * L * C, (k + 1) * L * C), shape: [L, C], dtype: "float64" };
      expect(superletComputeFunction(trial, kw as unknown as Record<string, unknown>, { noCompute: true, trial: k })).toEqual({ shape: [L, 1, scales.length, C], dtype: "float32" });
      const out = superletComputeFunction(trial, kw as unknown as Record<string, unknown>, { noCompute: false, trial: k }) as NDArray;
      expect(out.shape).toEqual([L, 1, scales.length, C]);
      actual.set(out.data as Float32Array, k * per);
    }
    const ratio = toleranceRatio(actual, expected, c.tolerance);
    console.log(`superlet_mult_o10_c3 tolerance ratio ${ratio.toExponential(2)}`);
    expect(ratio).toBeLessThanOrEqual(1);
  });
});

function noise(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; });
}

const dt = 1 / 250, L = 400, C = 2;
const x = noise(L * C, 3);
const freqs = [6, 11, 17, 30, 44]; // low to high: scales high to low, as FASLT needs
const scales = scalesFromFreqs("superlet", freqs);
const F = scales.length;
const base: SuperletParams = { scales, orderMin: 1, orderMax: 1, c1: 3, adaptive: false, dt, output: "pow", polyremoval: 0 };

function run(p: Partial<SuperletParams>): Float64Array {
  const q = { ...base, ...p };
  const count = q.time?.count ?? L;
  const out = new Float64Array(count * F * C * (q.output === "fourier" ? 2 : 1));
  superletTrial(x, L, C, q, out);
  return out;
}

/** |z|^2 of the single-order transform with c cycles, for every (t, f, c) */
const single = (order: number, c1 = 3) => run({ orderMin: order, orderMax: order, c1 });

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, m = 0;
  for (let i = 0; i < b.length; i++) { d = Math.max(d, Math.abs(a[i] - b[i])); m = Math.max(m, Math.abs(b[i])); }
  return d / m;
}

describe("superletTrial", () => {
  test("one order equals a direct convolution with Moca's Morlet (Syncopy's cwtSL)", () => {
    const cycles = 6; // order 2, c_1 = 3
    const z = run({ orderMin: 2, orderMax: 2, output: "fourier", polyremoval: null });
    scales.forEach((s, f) => {
      // MorletSL: B_c exp(i t/s) exp(-(k_sd (t/s) / (2 pi c))^2 / 2), B_c = k_sd / (s c (2 pi)^1.5), k_sd = 5;
      // support M = 10 s c / dt, times ((-M+1)/2 + i) dt, norm sqrt(dt) / (4 pi); fftconvolve mode "same"
      const M = (10 * s * cycles) / dt, K = Math.ceil(M), h = Math.floor((K - 1) / 2);
      const B = 5 / (s * cycles * (2 * Math.PI) ** 1.5), norm = Math.sqrt(dt) / (4 * Math.PI);
      const w = Array.from({ length: K }, (_, i) => {
        const u = (((-M + 1) / 2 + i) * dt) / s, e = norm * B * Math.exp(-0.5 * ((5 * u) / (2 * Math.PI * cycles)) ** 2);
        return [e * Math.cos(u), e * Math.sin(u)];
      });
      for (let c = 0; c < C; c++) {
        const got: number[] = [], want: number[] = [];
        for (let n = 0; n < L; n++) {
          let re = 0, im = 0;
          for (let i = 0; i < K; i++) {
            const j = n + h - i;
            if (j >= 0 && j < L) { re += x[j * C + c] * w[i][0]; im += x[j * C + c] * w[i][1]; }
          }
          const o = 2 * ((n * F + f) * C + c);
          got.push(z[o], z[o + 1]);
          want.push(re, im);
        }
        expect(relErr(got, want)).toBeLessThan(1e-12);
      }
    });
  });

  test("multiplicative: power is the geometric mean of the single-order powers", () => {
    const got = run({ orderMin: 2, orderMax: 4 });
    const p2 = single(2), p3 = single(3), p4 = single(4);
    const want = p2.map((v, i) => Math.cbrt(v * p3[i] * p4[i]));
    expect(relErr(got, want)).toBeLessThan(1e-12);
  });

  test("multiplicative fourier: phases add with the exponents (principal powers, as numpy)", () => {
    const z = run({ orderMin: 1, orderMax: 2, output: "fourier" });
    const z1 = run({ orderMin: 1, orderMax: 1, output: "fourier" }), z2 = run({ orderMin: 2, orderMax: 2, output: "fourier" });
    const want = new Float64Array(z.length);
    for (let i = 0; i < z.length; i += 2) {
      const m = Math.sqrt(Math.hypot(z1[i], z1[i + 1]) * Math.hypot(z2[i], z2[i + 1]));
      const ph = (Math.atan2(z1[i + 1], z1[i]) + Math.atan2(z2[i + 1], z2[i])) / 2;
      want[i] = m * Math.cos(ph);
      want[i + 1] = m * Math.sin(ph);
    }
    expect(relErr(z, want)).toBeLessThan(1e-12);
    const pow = run({ orderMin: 1, orderMax: 2 });
    for (let i = 0; i < pow.length; i += 13) expect(pow[i]).toBeCloseTo(z[2 * i] ** 2 + z[2 * i + 1] ** 2, 12);
  });

  test("adaptive with order_min == order_max equals the multiplicative superlet", () => {
    for (const o of [1, 3]) {
      const a = run({ orderMin: o, orderMax: o, adaptive: true, output: "fourier" });
      const m = run({ orderMin: o, orderMax: o, adaptive: false, output: "fourier" });
      expect(relErr(a, m)).toBeLessThan(1e-13);
    }
  });

  test("adaptive, integer orders: frequency k uses orders 1..k+1 with exponent 1/(k+1)", () => {
    const f3 = [10, 20, 30];
    const s3 = scalesFromFreqs("superlet", f3);
    const runS = (p: Partial<SuperletParams>) => { const o = new Float64Array(L * 3 * C); superletTrial(x, L, C, { ...base, scales: s3, ...p }, o); return o; };
    const got = runS({ orderMin: 1, orderMax: 3, adaptive: true });
    const p = [1, 2, 3].map((o) => runS({ orderMin: o, orderMax: o }));
    const want = new Float64Array(got.length);
    for (let i = 0; i < got.length; i++) {
      const k = Math.floor(i / C) % 3; // frequency index of element i in [t, 1, f, c]
      let prod = 1;
      for (let o = 0; o <= k; o++) prod *= p[o][i];
      want[i] = prod ** (1 / (k + 1));
    }
    expect(relErr(got, want)).toBeLessThan(1e-12);
  });

  test("adaptive, fractional order: order 1.5 weighs the 2nd order by 0.5 (FASLT)", () => {
    const f3 = [10, 15, 20]; // orders 1, 1.5, 2
    const s3 = scalesFromFreqs("superlet", f3);
    const runS = (p: Partial<SuperletParams>) => { const o = new Float64Array(L * 3 * C); superletTrial(x, L, C, { ...base, scales: s3, ...p }, o); return o; };
    const got = runS({ orderMin: 1, orderMax: 2, adaptive: true });
    const p1 = runS({ orderMin: 1, orderMax: 1 }), p2 = runS({ orderMin: 2, orderMax: 2 });
    const want = got.map((_, i) => {
      const k = Math.floor(i / C) % 3;
      if (k === 0) return p1[i];
      if (k === 1) return p1[i] ** (1 / 1.5) * p2[i] ** (0.5 / 1.5);
      return Math.sqrt(p1[i] * p2[i]);
    });
    expect(relErr(got, want)).toBeLessThan(1e-12);
    expect(superletTerms(s3, 1, 2, 3, true)).toEqual([
      { cycles: 3, scales: [0, 1, 2], powers: [1, 1 / 1.5, 0.5] },
      { cycles: 6, scales: [1, 2], powers: [0.5 / 1.5, 0.5] },
    ]);
  });

  test("a time selection equals the full output subsampled", () => {
    const p = { orderMin: 1, orderMax: 3, adaptive: true, output: "fourier" as const };
    const full = run(p);
    const [start, step, count] = [4, 9, 40];
    const sub = run({ ...p, time: { start, step, count } });
    const row = 2 * F * C;
    const want = new Float64Array(sub.length);
    for (let k = 0; k < count; k++) want.set(full.subarray((start + k * step) * row, (start + k * step + 1) * row), k * row);
    expect(relErr(sub, want)).toBeLessThan(1e-12);
  });

  test("a sinusoid's superlet power peaks at its frequency", () => {
    const n = 2000, dt1 = 1e-3;
    const sig = Float64Array.from({ length: n }, (_, i) => 2 * Math.sin(2 * Math.PI * 20 * i * dt1));
    const grid = Array.from({ length: 31 }, (_, i) => 5 + i);
    const out = new Float64Array(grid.length);
    superletTrial(sig, n, 1, { ...base, scales: scalesFromFreqs("superlet", grid), orderMin: 1, orderMax: 5, dt: dt1, time: { start: 1000, step: 1, count: 1 } }, out);
    expect(grid[out.indexOf(Math.max(...out))]).toBe(20);
  });

  test("impossible inputs throw clear errors", () => {
    expect(() => run({ orderMin: 0, orderMax: 2 })).toThrow(/order_min/);
    expect(() => run({ orderMin: 3, orderMax: 2 })).toThrow(/order_min/);
    expect(() => run({ orderMax: 1.5 })).toThrow(/order_max/);
    expect(() => run({ c1: 0 })).toThrow(/c_1/);
    const o = new Float64Array(L * C);
    expect(() => superletTrial(x, L, C, { ...base, scales: [0.01], orderMax: 2, adaptive: true }, o)).toThrow(/two different frequencies/);
  });
});

describe("superletComputeFunction", () => {
  test("time selections per trial, complex dtype", () => {
    const trial: NDArray = { data: Float32Array.from(x), shape: [L, C], dtype: "float32" };
    const kw: SuperletKwargs = { scales: Array.from(scales), order_max: 3, order_min: 1, c_1: 3, adaptive: false, dt, output: "fourier", polyremoval: 0, times: [{ trim: [100, 300], step: 10 }] };
    const cf = (noCompute: boolean) => superletComputeFunction(trial, kw as unknown as Record<string, unknown>, { noCompute, trial: 0 });
    expect(cf(true)).toEqual({ shape: [20, 1, F, C], dtype: "complex64" });
    const r = cf(false) as NDArray;
    expect(r.data.length).toBe(2 * 20 * F * C);
  });
});
