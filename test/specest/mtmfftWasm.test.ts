/**
 * The fused multitaper kernel (wasm, float32 transforms) against the TypeScript mtmfft core
 * (float64), through mtmfftTrial with the kernel path switched.
 *
 * Error bound, relative to the largest reference value of each output: complex spectra carry the
 * float32 FFT error, about eps32 * log2(nfft) of the largest bin (see test/wasm/fft.test.ts; we
 * allow 8x that); power |X|^2 doubles the relative error of |X| (d|X|^2 = 2|X| d|X|), so 16x.
 * Detrending runs in float64 in both paths, so a large DC offset must not cost accuracy.
 */
import { MtmfftParams, mtmfftTrial } from "../../src/specest/mtmfft";
import { normalisedTapers } from "../../src/specest/tapers";
import { setKernelPath } from "../../src/wasm/kernelPath";
import * as spectra from "../../src/specest/mtmfftWasm";
import { SpectralOutput, isComplexOutput } from "../../src/math/spectralConversions";
import { syntheticTrial } from "../helpers/trials";

const EPS32 = 2 ** -24;

function trial(L: number, C: number, seed: number, offset: number, f32: boolean): Float32Array | Float64Array {
  return syntheticTrial(L, C, seed, offset, f32, 0.05);
}

interface Case {
  L: number; C: number; nfft: number;
  taper: "dpss" | "hann";
  output: SpectralOutput; keeptapers: boolean;
  polyremoval: 0 | 1 | null; demeanTaper: boolean;
  f32: boolean; offset: number;
  bins: "all" | "range" | "list";
}

const base: Case = { L: 1000, C: 8, nfft: 1000, taper: "dpss", output: "pow", keeptapers: false, polyremoval: 0, demeanTaper: false, f32: true, offset: 0, bins: "all" };
const CASES: [string, Partial<Case>][] = [
  ["default multitaper power, 8 channels", {}],
  ["one channel (a partial channel group)", { C: 1 }],
  ["13 channels (one full and one partial group), float64 input", { C: 13, f32: false }],
  ["64 channels, 2000 samples (the benchmark shape)", { C: 64, L: 2000, nfft: 2000 }],
  ["odd length 2001 with linear detrend and a large offset", { L: 2001, nfft: 2001, C: 5, polyremoval: 1, offset: 1000 }],
  ["prime length 97, no detrending", { L: 97, nfft: 97, C: 3, polyremoval: null }],
  ["zero padding 360 -> 512, demeaned tapers", { L: 360, nfft: 512, C: 9, demeanTaper: true }],
  ["a large prime nfft (Bluestein), offset with constant detrend", { L: 1009, nfft: 1009, C: 4, offset: 50 }],
  ["nfft shorter than the trial", { L: 1200, nfft: 1000, C: 3 }],
  ["power per taper, a foilim range", { keeptapers: true, bins: "range" }],
  ["fourier per taper, a bin list", { output: "fourier", keeptapers: true, bins: "list", C: 11 }],
  ["complex, Hann", { output: "complex", taper: "hann", C: 6 }],
  ["abs, Hann, float64 input", { output: "abs", taper: "hann", f32: false }],
  ["real and imag parts", { output: "imag", taper: "hann", keeptapers: true, C: 2 }],
  ["Hann power with demean_taper and linear detrend", { taper: "hann", demeanTaper: true, polyremoval: 1, C: 10 }],
];

function setup(c: Case) {
  const tapers = c.taper === "dpss"
    ? normalisedTapers({ taper: null, taperOpt: null, dpss: { NW: 3, K: 5 } }, c.L, c.nfft, false)
    : normalisedTapers({ taper: "hann", taperOpt: null, dpss: null }, c.L, c.nfft, false);
  const nBins = Math.floor(c.nfft / 2) + 1;
  const freqIdx = c.bins === "all" ? Array.from({ length: nBins }, (_, i) => i)
    : c.bins === "range" ? Array.from({ length: Math.floor(nBins / 3) }, (_, i) => i + 7)
      : [0, 1, 2, 5, 17, Math.floor(nBins / 2), nBins - 1];
  const p: MtmfftParams = { nfft: c.nfft, freqIdx, polyremoval: c.polyremoval, demeanTaper: c.demeanTaper, output: c.output, keeptapers: c.keeptapers };
  const Kout = c.keeptapers ? tapers.length : 1;
  const size = (isComplexOutput(c.output) ? 2 : 1) * Kout * freqIdx.length * c.C;
  return { tapers, p, size, x: trial(c.L, c.C, c.L * 31 + c.C, c.offset, c.f32) };
}

function relativeToMax(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0, ref = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    ref = Math.max(ref, Math.abs(b[i]));
  }
  return err / ref;
}

describe("fused multitaper kernel vs the TypeScript mtmfft core", () => {
  afterAll(() => setKernelPath("auto"));

  it.each(CASES)("%s", (_name, over) => {
    const c = { ...base, ...over };
    const { tapers, p, size, x } = setup(c);
    setKernelPath("ts");
    const ref = new Float32Array(size);
    mtmfftTrial(x, c.L, c.C, tapers, p, ref);
    setKernelPath("wasm");
    const got = new Float32Array(size);
    mtmfftTrial(x, c.L, c.C, tapers, p, got);
    const fftBound = 8 * EPS32 * Math.log2(c.nfft);
    const tol = c.output === "pow" ? 2 * fftBound : fftBound;
    expect(relativeToMax(got, ref)).toBeLessThan(tol);
    expect(got.every(Number.isFinite)).toBe(true);
  });

  it("writes float64 outputs too (welch accumulates into a Float64Array)", () => {
    const c = { ...base, C: 3 };
    const { tapers, p, size, x } = setup(c);
    setKernelPath("ts");
    const ref = new Float64Array(size);
    mtmfftTrial(x, c.L, c.C, tapers, p, ref);
    setKernelPath("wasm");
    const got = new Float64Array(size);
    mtmfftTrial(x, c.L, c.C, tapers, p, got);
    expect(relativeToMax(got, ref)).toBeLessThan(16 * EPS32 * Math.log2(c.nfft));
  });

  it("reuses uploaded tapers across trials and gives the same result every time", () => {
    const { tapers, p, size, x } = setup(base);
    setKernelPath("wasm");
    const a = new Float32Array(size), b = new Float32Array(size);
    mtmfftTrial(x, base.L, base.C, tapers, p, a);
    mtmfftTrial(trial(base.L, base.C, 99, 0, true), base.L, base.C, tapers, p, b);
    mtmfftTrial(x, base.L, base.C, tapers, p, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe("kernel path 'ts' really runs the TypeScript mtmfft code", () => {
  afterEach(() => {
    jest.restoreAllMocks();
    setKernelPath("auto");
  });

  it("the fused kernel declines under 'ts' and runs under 'wasm', and the results differ in the last bits", () => {
    const spy = jest.spyOn(spectra, "multitaperKernel");
    const { tapers, p, size, x } = setup(base);
    setKernelPath("ts");
    const ref = new Float32Array(size);
    mtmfftTrial(x, base.L, base.C, tapers, p, ref);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.results[0].value).toBe(false);
    setKernelPath("wasm");
    const got = new Float32Array(size);
    mtmfftTrial(x, base.L, base.C, tapers, p, got);
    expect(spy.mock.results[1].value).toBe(true);
    // float32 vs float64 transforms: close, but not bit-identical
    expect(Array.from(got)).not.toEqual(Array.from(ref));
  });
});
