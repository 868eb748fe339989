/**
 * preprocessing's Butterworth step runs on the interleaved IIR kernel (src/preproc/biquad.ts):
 * the wasm SIMD path and the TypeScript reference path must give the same numbers (float64, to
 * 1e-12 of the signal) for every filter type and direction, awkward channel counts (not multiples
 * of the four / eight lanes), odd trial lengths, zscore and polyremoval; both must meet the golden
 * Syncopy/scipy cases; trials shorter than the twopass edge padding fail as before.
 */
import * as spy from "../../src";
import { getKernelPath, KernelChoice, setKernelPath } from "../../src/wasm/kernelPath";
import { butter } from "../../src/preproc/butter";
import { Layout } from "../../src/preproc/layout";
import { Pipeline, PipelineSpec } from "../../src/preproc/pipeline";
import { sosfiltfiltPadlen } from "../../src/preproc/sosfilt";
import { goldenDescribe, inputTrials, readCase, readInput, readOutput, toleranceRatio } from "../helpers/golden";

const PATHS = ["wasm", "ts"] as const;
const FS = 1000;
const FILTERS = [
  { filter_type: "bp", freq: [30, 80], type: "bandpass" },
  { filter_type: "lp", freq: 100, type: "lowpass" },
  { filter_type: "hp", freq: 20, type: "highpass" },
  { filter_type: "bs", freq: [45, 55], type: "bandstop" },
] as const;
const DIRECTIONS = ["twopass", "onepass"] as const;
const CHANNELS = [1, 3, 4, 5, 9];
const PRESTEPS = [
  { zscore: false, polyremoval: null },
  { zscore: false, polyremoval: 0 },
  { zscore: true, polyremoval: 1 },
  { zscore: true, polyremoval: null },
] as const;

let before: KernelChoice;
beforeEach(() => { before = getKernelPath(); });
afterEach(() => setKernelPath(before));

/** Deterministic NaN-free noise plus a sine and an offset (so detrending and zscore change something). */
function noise(n: number, C: number, seed: number): Float64Array {
  const x = new Float64Array(n * C);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      x[i * C + c] = (s / 2 ** 32 - 0.5) * 4 + Math.sin(0.21 * i + c) + 0.01 * i + 3 * c;
    }
  }
  return x;
}

/** |a - b| against `scale`: the worst relative difference. */
function worstDiff(a: ArrayLike<number>, b: ArrayLike<number>, scale: number): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]);
    if (!(e <= d)) d = Number.isNaN(e) ? Infinity : e;
  }
  return d / scale;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** The pipeline with float64 output: the kernels' numbers before the float32 rounding of the dataset. */
function runPipeline(path: (typeof PATHS)[number], spec: PipelineSpec, x: Float64Array, n: number, C: number, layout: Layout): Float64Array {
  setKernelPath(path);
  const out = new Float64Array((spec.hilbert === "complex" ? 2 : 1) * n * C);
  new Pipeline(spec).run(x, { n, C, layout }, out, false);
  return out;
}

/** x [n, C] C order as channel-major. */
function channelMajor(x: Float64Array, n: number, C: number): Float64Array {
  const y = new Float64Array(n * C);
  for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) y[c * n + i] = x[i * C + c];
  return y;
}

describe("Pipeline, Butterworth: wasm kernel == TypeScript reference (float64 output)", () => {
  for (const f of FILTERS) {
    for (const direction of DIRECTIONS) {
      test(`${f.filter_type} ${direction}, C = ${CHANNELS.join(", ")}, zscore / polyremoval, both layouts`, () => {
        const sos = Float64Array.from(butter(4, f.freq as number | [number, number], f.type, FS).flat());
        let worst = 0;
        for (const C of CHANNELS) {
          for (const [k, pre] of PRESTEPS.entries()) {
            const n = 301 + 98 * k + 2 * C; // odd lengths, none a multiple of the kernels' blocks
            const spec: PipelineSpec = { ...pre, filter: { kind: "but", sos, direction }, rectify: false, hilbert: null };
            const x = noise(n, C, 17 * C + k);
            const ts = runPipeline("ts", spec, x, n, C, "strided");
            const wasm = runPipeline("wasm", spec, x, n, C, "strided");
            worst = Math.max(worst, worstDiff(wasm, ts, maxAbs(ts)));
            // channel-major input: the same trial, the same numbers
            const cm = runPipeline("wasm", spec, channelMajor(x, n, C), n, C, "channel-major");
            worst = Math.max(worst, worstDiff(cm, ts, maxAbs(ts)));
          }
        }
        expect(worst).toBeLessThanOrEqual(1e-12);
      });
    }
  }

  test("rectify and Hilbert after the kernel", () => {
    const sos = Float64Array.from(butter(4, [30, 80], "bandpass", FS).flat());
    const n = 777, C = 5;
    const x = noise(n, C, 3);
    for (const post of [{ rectify: true, hilbert: null }, { rectify: false, hilbert: "abs" }, { rectify: false, hilbert: "complex" }] as const) {
      const spec: PipelineSpec = { zscore: true, polyremoval: 1, filter: { kind: "but", sos, direction: "twopass" }, ...post };
      const ts = runPipeline("ts", spec, x, n, C, "strided");
      const wasm = runPipeline("wasm", spec, x, n, C, "strided");
      expect(worstDiff(wasm, ts, maxAbs(ts))).toBeLessThanOrEqual(1e-12);
    }
  });
});

describe("spy.preprocessing, Butterworth: wasm kernel == TypeScript reference (float32 datasets)", () => {
  /** Three trials of different odd lengths. */
  function dataset(C: number, seed: number): spy.AnalogData {
    const trials = [301, 517, 1001].map((n, k) => ({ data: noise(n, C, seed + k), shape: [n, C], dtype: "float64" as const }));
    return new spy.AnalogData({ data: trials, samplerate: FS });
  }

  async function stacked(path: (typeof PATHS)[number], data: spy.AnalogData, kw: Record<string, unknown>): Promise<Float64Array> {
    setKernelPath(path);
    const out = await spy.preprocessing(data, { ...kw, parallel: false });
    const parts = Array.from(out.trials, (t) => Float64Array.from(t.data as ArrayLike<number>));
    const all = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) { all.set(p, at); at += p.length; }
    return all;
  }

  for (const f of FILTERS) {
    test(`${f.filter_type}, onepass and twopass, C = ${CHANNELS.join(", ")}`, async () => {
      for (const direction of DIRECTIONS) {
        for (const C of CHANNELS) {
          const pre = PRESTEPS[C % PRESTEPS.length];
          const data = dataset(C, 5 * C);
          const kw = { filter_class: "but", filter_type: f.filter_type, freq: f.freq, order: 4, direction, ...pre };
          const ts = await stacked("ts", data, kw);
          const wasm = await stacked("wasm", data, kw);
          // float64 results 1e-12 apart may still round to neighbouring float32 values
          expect(toleranceRatio(wasm, ts, { rtol: 2 ** -24, atol_scale: 1e-12 })).toBeLessThanOrEqual(1);
        }
      }
    });
  }
});

goldenDescribe("golden prep_but cases")("golden Syncopy/scipy Butterworth cases on each kernel path", () => {
  for (const path of PATHS) {
    for (const name of ["prep_but_lp100_o4_twopass", "prep_but_bp_hilbert_abs"]) {
      test(`${name}, ${path} path`, async () => {
        const c = readCase(name);
        const input = readInput(c.inputs.data);
        const data = new spy.AnalogData({ data: inputTrials(input), samplerate: input.samplerate });
        setKernelPath(path);
        const out = await spy.preprocessing(data, { ...c.params, parallel: false });
        const parts = Array.from(out.trials, (t) => Float64Array.from(t.data as ArrayLike<number>));
        const actual = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
        let at = 0;
        for (const p of parts) { actual.set(p, at); at += p.length; }
        expect(toleranceRatio(actual, readOutput(c.outputs.out), c.tolerance)).toBeLessThanOrEqual(1);
        if (c.outputs.float64_repro) {
          // only our float32 output rounding is left against scipy's float64 re-computation
          expect(toleranceRatio(actual, readOutput(c.outputs.float64_repro), { rtol: 1e-6, atol_scale: 1e-7 })).toBeLessThanOrEqual(1);
        }
      });
    }
  }
});

describe("trials not longer than the twopass edge padding", () => {
  const sos = Float64Array.from(butter(10, [40, 60], "bandpass", FS).flat());
  const edge = sosfiltfiltPadlen(sos); // 3 * (2 * 10 sections + 1) = 63

  for (const path of PATHS) {
    test(`spy.preprocessing names 'order' before any filtering (${path} path)`, async () => {
      setKernelPath(path);
      const n = 60, C = 3;
      const data = new spy.AnalogData({ data: [{ data: noise(n, C, 1), shape: [n, C], dtype: "float64" }], samplerate: FS });
      const e = await spy.preprocessing(data, { filter_type: "bp", freq: [40, 60], order: 10 }).then(() => null, (err: unknown) => err);
      expect(e).toBeInstanceOf(spy.SPYValueError);
      expect((e as spy.SPYValueError).param).toBe("order");
      expect((e as spy.SPYValueError).message).toMatch(/63 samples.*shortest trial has 60 samples/s);
    });

    test(`the pipeline itself names 'x' and padlen, as SosFiltFilt did (${path} path)`, () => {
      setKernelPath(path);
      expect(edge).toBe(63);
      const spec: PipelineSpec = { zscore: false, polyremoval: null, filter: { kind: "but", sos, direction: "twopass" }, rectify: false, hilbert: null };
      for (const n of [edge - 1, edge]) {
        let err: unknown = null;
        try {
          new Pipeline(spec).run(noise(n, 2, 1), { n, C: 2, layout: "strided" }, new Float32Array(2 * n), false);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(spy.SPYValueError);
        expect((err as spy.SPYValueError).param).toBe("x");
        expect((err as spy.SPYValueError).message).toContain(`${n} samples`);
        expect((err as spy.SPYValueError).message).toContain(`padlen = ${edge}`);
      }
      // one sample more is enough, as in scipy
      expect(() => new Pipeline(spec).run(noise(edge + 1, 2, 1), { n: edge + 1, C: 2, layout: "strided" }, new Float32Array(2 * edge + 2), false)).not.toThrow();
    });
  }
});
