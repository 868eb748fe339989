/**
 * Method "wavelet": the golden Syncopy case, and checks of the core against independent computations
 * (closed-form scales, a direct time-domain convolution written here, a sinusoid's peak).
 */
import { NDArray } from "../../src/core/ndarray";
import { cwtTrial, CwtParams } from "../../src/specest/wavelets/cwt";
import { WaveletSpec, waveletFamily } from "../../src/specest/wavelets/families";
import { autoScales, freqsFromScales, scalesFromFreqs } from "../../src/specest/wavelets/scales";
import { waveletComputeFunction, WaveletKwargs } from "../../src/specest/waveletComputeFunction";
import { readCase, readF64, readInput, readOutput, toleranceRatio, goldenDescribe } from "../helpers/golden";

const maybe = goldenDescribe("golden wavelet case");

maybe("golden wavelet case (Syncopy a86199a)", () => {
  test("wavelet_morlet_w6: Morlet w0=6, foi 5..100, toi all, pow", () => {
    const c = readCase("wavelet_morlet_w6");
    const input = readInput(c.inputs.data);
    const [nTrials, L, C] = input.shape;
    const spec: WaveletSpec = { name: "Morlet", width: c.params.width as number };
    const scales = scalesFromFreqs(spec, c.params.foi as number[]);
    // Syncopy's freq axis is 1 / fourier_period(scales): bit-identical
    expect(Array.from(freqsFromScales(spec, scales))).toEqual(Array.from(readF64(c.outputs.out_freq.file!)));
    const kw: WaveletKwargs = { wavelet: spec, scales: Array.from(scales), dt: 1 / input.samplerate, output: "pow", polyremoval: 0 };
    const expected = readOutput(c.outputs.out);
    const actual = new Float64Array(expected.length);
    const per = expected.length / nTrials;
    for (let k = 0; k < nTrials; k++) {
      const trial: NDArray = { data: input.values.subarray(k * L * C, (k + 1) * L * C), shape: [L, C], dtype: "float64" };
      expect(waveletComputeFunction(trial, kw as unknown as Record<string, unknown>, { noCompute: true, trial: k })).toEqual({ shape: [L, 1, scales.length, C], dtype: "float32" });
      const out = waveletComputeFunction(trial, kw as unknown as Record<string, unknown>, { noCompute: false, trial: k }) as NDArray;
      expect(out.shape).toEqual(c.outputs.out.shape.slice(0).map((v, i) => (i === 0 ? L : v)));
      actual.set(out.data as Float32Array, k * per);
    }
    const ratio = toleranceRatio(actual, expected, c.tolerance);
    console.log(`wavelet_morlet_w6 tolerance ratio ${ratio.toExponential(2)}`);
    expect(ratio).toBeLessThanOrEqual(1);
  });
});

// ---------- helpers written independently of the implementation ----------
type Cx = [number, number];
const cmul = (a: Cx, b: Cx): Cx => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cdiv = (a: Cx, b: Cx): Cx => { const d = b[0] * b[0] + b[1] * b[1]; return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d]; };

/** psi(x) straight from Torrence & Compo's formulas (Syncopy's wavelets.py). */
function psi(spec: WaveletSpec, x: number): Cx {
  switch (spec.name) {
    case "Morlet": {
      const w0 = spec.width ?? 6, g = Math.exp(-x * x / 2) * Math.PI ** -0.25;
      return [(Math.cos(w0 * x) - Math.exp(-w0 * w0 / 2)) * g, Math.sin(w0 * x) * g];
    }
    case "Paul": { // m = 4: 2^4 i^4 4! / sqrt(pi 8!) (1 - i x)^-5
      let z: Cx = [1, 0];
      for (let k = 0; k < 5; k++) z = cdiv(z, [1, -x]);
      return cmul([(16 * 24) / Math.sqrt(Math.PI * 40320), 0], z);
    }
    case "Ricker": // DOG m = 2: -(x^2 - 1) e^(-x^2/2) / sqrt(gamma(2.5))
      return [(1 - x * x) * Math.exp(-x * x / 2) / Math.sqrt(1.329340388179137), 0];
    case "DOG": // m = 3: (x^3 - 3x) e^(-x^2/2) / sqrt(gamma(3.5))
      return [(x ** 3 - 3 * x) * Math.exp(-x * x / 2) / Math.sqrt(3.3233509704478426), 0];
    default: throw new Error("not in this test");
  }
}

/** scipy.signal.fftconvolve(x, w, "same") done directly, with Syncopy's sampled kernel. */
function directCwt(x: Float64Array, spec: WaveletSpec, s: number, dt: number): Cx[] {
  const M = (10 * s) / dt;
  const K = Math.ceil(M);
  const h = Math.floor((K - 1) / 2);
  const norm = Math.sqrt(dt) / (s * 8 * Math.PI);
  const w = Array.from({ length: K }, (_, i) => { const p = psi(spec, (((-M + 1) / 2 + i) * dt) / s); return [p[0] * norm, p[1] * norm] as Cx; });
  return Array.from(x, (_, n) => {
    let re = 0, im = 0;
    for (let i = 0; i < K; i++) {
      const j = n + h - i;
      if (j >= 0 && j < x.length) { re += x[j] * w[i][0]; im += x[j] * w[i][1]; }
    }
    return [re, im] as Cx;
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; scale: number } {
  let diff = 0, scale = 0;
  for (let i = 0; i < b.length; i++) { diff = Math.max(diff, Math.abs(a[i] - b[i])); scale = Math.max(scale, Math.abs(b[i])); }
  return { diff, scale };
}

function noise(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; });
}

function run(x: Float64Array, L: number, C: number, p: CwtParams): Float64Array {
  const count = p.time?.count ?? (p.trim ? Math.min(p.trim[1], L) - p.trim[0] : L);
  const out = new Float64Array(count * p.scales.length * C * (p.output === "fourier" ? 2 : 1));
  cwtTrial(x, L, C, p, out);
  return out;
}

// ---------- scales ----------
describe("scales and frequencies", () => {
  const specs: WaveletSpec[] = [{ name: "Morlet", width: 6 }, { name: "Morlet", width: 10 }, { name: "Paul", order: 4 }, { name: "Paul", order: 12 }, { name: "DOG", order: 3 }, { name: "Mexican_hat" }];
  test.each(specs.map((s) => [JSON.stringify(s), s]))("round trip %s", (_, spec) => {
    const f = [0.5, 3, 10, 47.5, 200];
    const back = freqsFromScales(spec as WaveletSpec, scalesFromFreqs(spec as WaveletSpec, f));
    f.forEach((v, i) => expect(back[i]).toBeCloseTo(v, 10));
  });

  test("Fourier periods (Torrence & Compo table 1)", () => {
    expect(waveletFamily({ name: "Morlet", width: 6 }).fourierPeriod(1)).toBeCloseTo((4 * Math.PI) / (6 + Math.sqrt(38)), 14);
    expect(waveletFamily({ name: "Paul", order: 4 }).fourierPeriod(1)).toBeCloseTo((4 * Math.PI) / 9, 14);
    expect(waveletFamily({ name: "DOG", order: 2 }).fourierPeriod(1)).toBeCloseTo((2 * Math.PI) / Math.sqrt(2.5), 14);
    expect(waveletFamily({ name: "Marr" }).fourierPeriod(1)).toBe(waveletFamily({ name: "DOG", order: 2 }).fourierPeriod(1));
  });

  test("frequencies below 0.01 Hz are set to 0.01 (Syncopy)", () => {
    const s = scalesFromFreqs({ name: "Morlet" }, [0, 0.001, 0.01]);
    expect(s[0]).toBe(s[2]);
    expect(s[1]).toBe(s[2]);
    expect(freqsFromScales({ name: "Morlet" }, s)[0]).toBeCloseTo(0.01, 14);
  });

  /*
   * Reference values from numpy (Torrence & Compo, as Syncopy's get_optimal_wavelet_scales):
   *   def auto(s0, N, dt, dj=0.25):
   *       J = int((1 / dj) * np.log2(N * dt / s0)); return (s0 * 2 ** (dj * np.arange(0, J + 1)))[::-1]
   *   auto(2*1e-3*(np.sqrt(38)+6)/(4*np.pi), 2000, 1e-3)         # Morlet w0=6
   *   auto(2*(1/500)*9/(4*np.pi), 300, 1/500)                    # Paul m=4
   *   auto(2*1e-3/(2*np.pi), 500, 1e-3)                          # superlet
   */
  test("autoScales against numpy's closed form", () => {
    // [arguments, number of scales, [index, value] pairs]
    const cases: [Parameters<typeof autoScales>, number, [number, number][]][] = [
      [[{ name: "Morlet", width: 6 }, 2000, 1e-3], 41, [[0, 1.982491257230113], [14, 0.17522912645380714], [40, 0.0019360266183887822]]],
      [[{ name: "Paul", order: 4 }, 300, 1 / 500], 31, [[0, 0.5185821981064932], [5, 0.21803695570107087], [30, 0.0028647889756541166]]],
      [["superlet", 500, 1e-3], 43, [[0, 0.4609619538724384], [6, 0.16297466172610084], [42, 0.0003183098861837907]]],
    ];
    for (const [args, n, values] of cases) {
      const s = autoScales(...args);
      expect(s.length).toBe(n);
      for (const [i, v] of values) expect(Math.abs(s[i] / v - 1)).toBeLessThan(1e-14);
      for (let i = 1; i < n; i++) expect(s[i]).toBeLessThan(s[i - 1]); // low frequencies first
    }
    expect(autoScales({ name: "Morlet" }, 1, 1e-3).length).toBe(0);
  });
});

// ---------- the transform ----------
describe("cwtTrial", () => {
  const dt = 1 / 200, L = 300, C = 2;
  const x = noise(L * C, 7);
  // 0.7 Hz makes kernels longer than the signal (clipped lags); 45 Hz short ones
  const freqs = [0.7, 8, 20, 45];

  test.each([
    ["Morlet", { name: "Morlet", width: 6 }],
    ["Morlet w0=3", { name: "Morlet", width: 3 }],
    ["Paul m=4", { name: "Paul", order: 4 }],
    ["Ricker", { name: "Ricker" }],
    ["DOG m=3", { name: "DOG", order: 3 }],
  ] as [string, WaveletSpec][])("%s equals a direct time-domain convolution", (_, spec) => {
    const scales = scalesFromFreqs(spec, freqs);
    const out = run(x, L, C, { scales, wavelet: spec, dt, output: "fourier", polyremoval: null });
    const F = scales.length;
    for (let c = 0; c < C; c++) {
      const xc = Float64Array.from({ length: L }, (_, i) => x[i * C + c]);
      scales.forEach((s, f) => {
        const ref = directCwt(xc, spec, s, dt);
        const got: number[] = [], want: number[] = [];
        for (let t = 0; t < L; t++) {
          const o = 2 * ((t * F + f) * C + c);
          got.push(out[o], out[o + 1]);
          want.push(ref[t][0], ref[t][1]);
        }
        const { diff, scale } = maxAbsDiff(got, want);
        expect(diff).toBeLessThanOrEqual(1e-12 * scale);
        if (!waveletFamily(spec).complex) for (let t = 0; t < L; t++) expect(got[2 * t + 1]).toBe(0); // exactly real
      });
    }
  });

  test("a sinusoid's Morlet power peaks at its frequency", () => {
    const n = 4000, dt1 = 1e-3, f0 = 20, w0 = 6;
    const sig = Float64Array.from({ length: n }, (_, i) => Math.sin(2 * Math.PI * f0 * i * dt1 + 0.3));
    const spec: WaveletSpec = { name: "Morlet", width: w0 };
    const peak = (grid: number[]) => {
      const out = run(sig, n, 1, { scales: scalesFromFreqs(spec, grid), wavelet: spec, dt: dt1, output: "pow", polyremoval: 0, time: { start: n / 2, step: 1, count: 1 } });
      return grid[out.indexOf(Math.max(...out))];
    };
    expect(peak(Array.from({ length: 31 }, (_, i) => 5 + i))).toBe(f0);
    // with Syncopy's 1/s normalisation |W| ~ |psi_hat(s w)|, largest at s w = w0: the Fourier-period
    // frequency label there is f0 (w0 + sqrt(2 + w0^2)) / (2 w0)
    const fine = Array.from({ length: 401 }, (_, i) => 18 + i * 0.01);
    expect(Math.abs(peak(fine) - (f0 * (w0 + Math.sqrt(2 + w0 * w0))) / (2 * w0))).toBeLessThanOrEqual(0.01);
  });

  test("a time selection equals the full output subsampled", () => {
    const spec: WaveletSpec = { name: "Morlet" };
    const scales = scalesFromFreqs(spec, freqs);
    const F = scales.length;
    const full = run(x, L, C, { scales, wavelet: spec, dt, output: "fourier", polyremoval: 0 });
    for (const [start, step, count] of [[0, 10, 30], [3, 7, 42], [299, 1, 1], [5, 1, 290], [0, 299, 2]]) {
      const sub = run(x, L, C, { scales, wavelet: spec, dt, output: "fourier", polyremoval: 0, time: { start, step, count } });
      const want = new Float64Array(sub.length);
      for (let k = 0; k < count; k++) want.set(full.subarray(2 * (start + k * step) * F * C, 2 * (start + k * step + 1) * F * C), 2 * k * F * C);
      const { diff, scale } = maxAbsDiff(sub, want);
      expect(diff).toBeLessThanOrEqual(1e-12 * scale);
    }
    expect(() => run(x, L, C, { scales, wavelet: spec, dt, output: "pow", time: { start: 0, step: 10, count: 31 } })).toThrow(/beyond the 300 samples/);
  });

  test("trim: detrend the whole trial, then transform only the trimmed piece (Syncopy's preselect)", () => {
    const spec: WaveletSpec = { name: "Paul", order: 4 };
    const scales = scalesFromFreqs(spec, freqs);
    const ramp = Float64Array.from(x, (v, i) => v + 0.01 * Math.floor(i / C));
    const got = run(ramp, L, C, { scales, wavelet: spec, dt, output: "fourier", polyremoval: 1, trim: [40, 260] });
    // by hand: remove each channel's least-squares line over all L samples, cut 40..260
    const cut = new Float64Array(220 * C);
    for (let c = 0; c < C; c++) {
      const y = Array.from({ length: L }, (_, i) => ramp[i * C + c]);
      const tm = (L - 1) / 2, ym = y.reduce((a, b) => a + b) / L;
      let sxy = 0, sxx = 0;
      y.forEach((v, i) => { sxy += (i - tm) * (v - ym); sxx += (i - tm) ** 2; });
      for (let i = 40; i < 260; i++) cut[(i - 40) * C + c] = y[i] - ym - (sxy / sxx) * (i - tm);
    }
    const want = run(cut, 220, C, { scales, wavelet: spec, dt, output: "fourier", polyremoval: null });
    const { diff, scale } = maxAbsDiff(got, want);
    expect(diff).toBeLessThanOrEqual(1e-11 * scale);
  });

  test("outputs are conversions of the complex transform", () => {
    const spec: WaveletSpec = { name: "Morlet" };
    const scales = scalesFromFreqs(spec, freqs);
    const p = { scales, wavelet: spec, dt, polyremoval: 0 as const };
    const z = run(x, L, C, { ...p, output: "fourier" });
    const n = z.length / 2;
    const conv: Record<string, (re: number, im: number) => number> = {
      pow: (a, b) => a * a + b * b, abs: Math.hypot, real: (a) => a, imag: (_, b) => b, angle: (a, b) => Math.atan2(b, a), absreal: (a) => Math.abs(a), absimag: (_, b) => Math.abs(b),
    };
    for (const [output, fn] of Object.entries(conv)) {
      const got = run(x, L, C, { ...p, output: output as CwtParams["output"] });
      for (let i = 0; i < n; i += 97) expect(got[i]).toBeCloseTo(fn(z[2 * i], z[2 * i + 1]), 12);
    }
  });

  test("impossible inputs throw clear errors", () => {
    const p: CwtParams = { scales: [0.1], wavelet: { name: "Morlet" }, dt, output: "pow" };
    expect(() => run(x, L, C, { ...p, scales: [0] })).toThrow(/scales must be positive/);
    expect(() => run(x, L, C, { ...p, dt: 0 })).toThrow(/dt must be/);
    expect(() => run(x, L, C, { ...p, wavelet: { name: "Haar" as never } })).toThrow(/unknown wavelet 'Haar'/);
    expect(() => run(x, L, C, { ...p, output: "power" as never })).toThrow(/unknown output 'power'/);
    expect(() => cwtTrial(x, L, C, { ...p, trim: [10, 5] }, new Float64Array(L * C))).toThrow(/trim/);
    expect(() => cwtTrial(x, L, C, p, new Float64Array(10))).toThrow(/output buffer/);
  });
});

describe("waveletComputeFunction", () => {
  const L = 200, C = 3, dt = 1e-3;
  const trials: NDArray[] = [0, 1, 2].map((k) => ({ data: Float32Array.from(noise(L * C, k + 1)), shape: [L, C], dtype: "float32" }));
  const base: WaveletKwargs = { wavelet: { name: "Morlet", width: 6 }, scales: Array.from(scalesFromFreqs({ name: "Morlet" }, [20, 60, 100])), dt, output: "pow", polyremoval: 0 };
  const cf = (t: NDArray, kw: WaveletKwargs, trial: number, noCompute = false) => waveletComputeFunction(t, kw as unknown as Record<string, unknown>, { noCompute, trial });

  test("per-trial time selections indexed by ctx.trial", () => {
    const times = [null, { trim: [10, 190] as [number, number], start: 2, step: 5, count: 30 }, { trim: [0, 150] as [number, number], indices: [0, 3, 4, 9, 100] }];
    const kw = { ...base, times };
    expect(cf(trials[0], kw, 0, true)).toEqual({ shape: [L, 1, 3, C], dtype: "float32" });
    expect(cf(trials[1], kw, 1, true)).toEqual({ shape: [30, 1, 3, C], dtype: "float32" });
    expect(cf(trials[2], kw, 2, true)).toEqual({ shape: [5, 1, 3, C], dtype: "float32" });
    expect(() => cf(trials[2], kw, 3, true)).toThrow(/no entry for trial 3/);

    const row = 3 * C;
    const fullOf = (k: number, trim: [number, number]) => cf(trials[k], { ...base, times: [null, null, null].map(() => ({ trim })) }, k) as NDArray;
    const sel1 = cf(trials[1], kw, 1) as NDArray, full1 = fullOf(1, [10, 190]);
    for (let k = 0; k < 30; k++) expect(Array.from(sel1.data.subarray(k * row, (k + 1) * row))).toEqual(Array.from(full1.data.subarray((2 + 5 * k) * row, (3 + 5 * k) * row)).map((v) => expect.closeTo(v, 6)));
    const sel2 = cf(trials[2], kw, 2) as NDArray, full2 = fullOf(2, [0, 150]);
    [0, 3, 4, 9, 100].forEach((r, k) => expect(Array.from(sel2.data.subarray(k * row, (k + 1) * row))).toEqual(Array.from(full2.data.subarray(r * row, (r + 1) * row)).map((v) => expect.closeTo(v, 6))));
  });

  test("complex output is complex64, interleaved", () => {
    const r = cf(trials[0], { ...base, output: "fourier" }, 0) as NDArray;
    expect(r.dtype).toBe("complex64");
    expect(r.data.length).toBe(2 * L * 3 * C);
  });
});
