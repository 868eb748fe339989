/**
 * The fused wavelet kernel (wasm, float32 transforms and products) against the TypeScript cwt core
 * (float64), through cwtTrial with the kernel path switched.
 *
 * Error bound, relative to the largest reference value of each output: the convolution's complex
 * values carry the float32 FFT error of the forward transform, the product and the folded inverse,
 * each about eps32 * log2(nfft) in the worst case but mostly cancelling (measured 2-4e-7 of the
 * largest value); we allow 2 eps32 log2(nfft) for complex values and twice that for power
 * (d|y|^2 = 2|y| d|y|), 3-7x the measured errors. A phase is compared in absolute radians. Detrending runs in float64 in
 * both paths, so a large DC offset must not cost accuracy.
 */
import { cwtTrial } from "../../src/specest/wavelets/cwt";
import { TimeSelection } from "../../src/specest/wavelets/plan";
import { WaveletSpec } from "../../src/specest/wavelets/families";
import { setKernelPath } from "../../src/wasm/kernelPath";
import * as kernels from "../../src/specest/wavelets/cwtWasm";
import { SpectralOutput, isComplexOutput } from "../../src/math/spectralConversions";
import { syntheticTrial } from "../helpers/trials";

const EPS32 = 2 ** -24;

function trial(L: number, C: number, seed: number, offset: number, f32: boolean): Float32Array | Float64Array {
  return syntheticTrial(L, C, seed, offset, f32, 0.03);
}

interface Case {
  L: number; C: number;
  wavelet: WaveletSpec;
  /** Frequencies in Hz at fs = 1000 (turned into Morlet-like scales 1 / (1.033 f)). */
  freqs: number[];
  output: SpectralOutput;
  polyremoval: 0 | 1 | null;
  f32: boolean; offset: number;
  trim?: [number, number];
  time?: TimeSelection;
}

const base: Case = {
  L: 1000, C: 8, wavelet: { name: "Morlet", width: 6 }, freqs: [5, 12, 30, 61, 140],
  output: "pow", polyremoval: 0, f32: true, offset: 0,
};
const CASES: [string, Partial<Case>][] = [
  ["Morlet power, 8 channels (one full channel group)", {}],
  ["one channel (a partial group)", { C: 1 }],
  ["17 channels, float64 input, linear detrend and a large offset", { C: 17, f32: false, polyremoval: 1, offset: 1000 }],
  ["64 channels x 2000 samples, every 10th sample (the benchmark shape)", { C: 64, L: 2000, time: { start: 0, step: 10, count: 200 } }],
  ["odd length, a trimmed piece and a strided selection with an offset start", { L: 1333, C: 9, trim: [101, 1200], time: { start: 7, step: 3, count: 300 } }],
  ["a prime-length piece, no detrending", { L: 997, C: 3, polyremoval: null, freqs: [9, 77] }],
  ["fourier output", { output: "fourier", C: 11 }],
  ["complex output, step 7 (odd fold lengths)", { output: "complex", C: 5, time: { start: 2, step: 7, count: 100 } }],
  ["abs and angle", { output: "abs", C: 6 }],
  ["angle", { output: "angle", C: 4, freqs: [20, 50] }],
  ["Paul wavelet (complex), order 4", { wavelet: { name: "Paul", order: 4 }, C: 10 }],
  ["DOG wavelet (real): power", { wavelet: { name: "DOG", order: 2 }, C: 7 }],
  ["Mexican hat (real): fourier output has no imaginary part", { wavelet: { name: "Mexican_hat" }, output: "fourier", C: 3 }],
];

function scalesOf(freqs: number[]): number[] {
  return freqs.map((f) => 1 / (1.033 * f));
}

function run(c: Case, path: "ts" | "wasm"): Float32Array {
  setKernelPath(path);
  const x = trial(c.L, c.C, 17 + c.C, c.offset, c.f32);
  const F = c.freqs.length;
  const n = c.time ? c.time.count : (c.trim ? c.trim[1] - c.trim[0] : c.L);
  const out = new Float32Array(n * F * c.C * (isComplexOutput(c.output) ? 2 : 1));
  cwtTrial(x, c.L, c.C, {
    scales: scalesOf(c.freqs), wavelet: c.wavelet, dt: 1e-3, output: c.output, polyremoval: c.polyremoval,
    trim: c.trim, time: c.time,
  }, out);
  return out;
}

afterEach(() => {
  setKernelPath("auto");
  jest.restoreAllMocks();
});

describe("wavelet kernel (wasm) against the TypeScript cwt", () => {
  test.each(CASES)("%s", (_, partial) => {
    const c: Case = { ...base, ...partial };
    const spy = jest.spyOn(kernels, "cwtKernel");
    const ref = run(c, "ts");
    const got = run(c, "wasm");
    // the wasm run must really have gone through the kernel
    expect(spy.mock.results.map((r) => r.value)).toEqual([false, true]);
    let max = 0, err = 0;
    const angle = c.output === "angle";
    for (let i = 0; i < ref.length; i++) {
      max = Math.max(max, Math.abs(ref[i]));
      let d = Math.abs(got[i] - ref[i]);
      if (angle) d = Math.min(d, 2 * Math.PI - d);
      err = Math.max(err, d);
      if (!Number.isFinite(got[i])) throw new Error(`value ${i} is ${got[i]}`);
    }
    const nfftBound = Math.log2(4 * c.L); // the longest convolution is shorter than 4 L
    const bound = (c.output === "pow" ? 4 : 2) * EPS32 * nfftBound;
    if (process.env.SHOW_ERR) console.log(c.output, (err / max).toExponential(2), bound.toExponential(2));
    if (angle) {
      // a phase is only as good as the magnitude behind it (measured 3e-5 rad at the weakest)
      expect(err).toBeLessThan(1e-3);
    } else {
      expect(err / max).toBeLessThan(bound);
    }
  });

  test("real wavelets give exactly zero imaginary parts", () => {
    const c: Case = { ...base, wavelet: { name: "DOG", order: 2 }, output: "fourier", C: 4 };
    const got = run(c, "wasm");
    for (let i = 1; i < got.length; i += 2) expect(got[i]).toBe(0);
  });

  test("a float64 result keeps the float64 reference path", () => {
    setKernelPath("wasm");
    const x = trial(500, 3, 1, 0, true);
    const out = new Float64Array(500 * 2 * 3);
    const spy = jest.spyOn(kernels, "cwtKernel");
    cwtTrial(x, 500, 3, { scales: scalesOf([10, 40]), wavelet: { name: "Morlet", width: 6 }, dt: 1e-3, output: "pow", polyremoval: 0 }, out);
    expect(spy.mock.results[0].value).toBe(false);
  });
});
