/**
 * The cross-spectral accumulation kernel (asm/crossspectra.ts) against its TypeScript reference,
 * the identities a cross-spectral matrix must satisfy, Syncopy's trial-averaged CSD (golden case
 * conn_csd_dpss) and the argument checks.
 *
 * Error bound wasm vs TypeScript: both paths widen float32 input to float64 before multiplying, and
 * a product of two float32 numbers is exact in float64 (24 + 24 significant bits <= 53). So the
 * paths can only differ by float64 rounding of the sums (K products plus the scale and the add),
 * bounded per entry by (K + 3) eps64 times the sum of the magnitudes involved; a kernel that
 * multiplied in float32 would be off by ~eps32 = 6e-8 of |X|^2 sums and fail this by far.
 *
 * precision "float32" does exactly that: each product x.re y.re + x.im y.im (and the imaginary
 * one) rounds twice in float32 and is summed in float32 over at most 16 tapers before the float64
 * sums take over, so per entry |error| <= (min(K, 16) + 2) eps32 sum_k |x||y| per component (the
 * two products of a component add up to at most |x||y|), plus eps32 per value for float64 input
 * rounded to float32; with sqrt(2) for the complex magnitude, we allow 2 (min(K, 16) + 4) eps32.
 */
import { accumulateCrossSpectra, CrossSpectraAccumulator } from "../../src/connectivity/crossSpectra";
import * as reference from "../../src/connectivity/crossSpectraTs";
import { setCrossSpectraChunkBytes, setCrossSpectraResidentBytes } from "../../src/connectivity/crossSpectraWasm";
import { setCrossSpectraStageBytes } from "../../src/connectivity/crossSpectraStage";
import { setKernelPath } from "../../src/wasm/kernelPath";
import { wasmModule } from "../../src/wasm/loader";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { MtmfftParams, mtmfftTrial } from "../../src/specest/mtmfft";
import { normalisedTapers } from "../../src/specest/tapers";
import * as spy from "../../src";
import { goldenDescribe, inputTrials, readCase, readF64, readInput, readOutput, toleranceRatio } from "../helpers/golden";

const EPS64 = 2 ** -52;
const EPS32 = 2 ** -24;

/** Deterministic uniform values in [-0.5, 0.5), as float32 (or float64 with a non-float32 tail). */
function random(n: number, seed: number, f64 = false): Float32Array | Float64Array {
  const out = f64 ? new Float64Array(n) : new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5 + (f64 ? 1e-9 * Math.sin(i) : 0);
  }
  return out;
}

interface Sel { senders: number[]; receivers: number[] }

/** Per entry: sum over k of |x||y| (times |scale|), the magnitude the rounding bound scales with. */
function magnitudes(X: ArrayLike<number>, K: number, F: number, C: number, sel: Sel, scale: number): Float64Array {
  const { senders, receivers } = sel;
  const out = new Float64Array(F * senders.length * receivers.length);
  for (let f = 0; f < F; f++) {
    for (let a = 0; a < senders.length; a++) {
      for (let b = 0; b < receivers.length; b++) {
        let m = 0;
        for (let k = 0; k < K; k++) {
          const i = 2 * ((k * F + f) * C + senders[a]), j = 2 * ((k * F + f) * C + receivers[b]);
          m += Math.hypot(X[i], X[i + 1]) * Math.hypot(X[j], X[j + 1]);
        }
        out[(f * senders.length + a) * receivers.length + b] = Math.abs(scale) * m;
      }
    }
  }
  return out;
}

function allChannels(C: number): Sel {
  const all = Array.from({ length: C }, (_, i) => i);
  return { senders: all, receivers: all };
}

/** A rectangular channelcmb: senders a strided subset, receivers reversed with a repeat. */
function rectangular(C: number): Sel {
  const senders = Array.from({ length: Math.ceil(C / 2) }, (_, i) => (2 * i) % C);
  const receivers = Array.from({ length: C }, (_, i) => C - 1 - i);
  receivers.push(0);
  return { senders, receivers };
}

/**
 * Two accumulate calls (different data and scales) on a non-zero, non-Hermitian start value, on
 * each path; returns the worst |wasm - ts| / bound over all entries.
 */
function compareOnce(K: number, F: number, C: number, sel: Sel | null, f64 = false, precision: "float32" | "float64" = "float64"): number {
  const s = sel ?? allChannels(C);
  const Ns = s.senders.length, Nr = s.receivers.length;
  const X1 = random(2 * K * F * C, 1000 * K + 10 * F + C, f64);
  const X2 = random(2 * K * F * C, 7 + 1000 * K + 10 * F + C, f64);
  const start = random(2 * F * Ns * Nr, 99 + C, true) as Float64Array;
  const opts1 = { scale: 0.25, precision, ...(sel ?? {}) };
  const opts2 = { scale: -1.5, precision, ...(sel ?? {}) };
  const run = (path: "ts" | "wasm") => {
    setKernelPath(path);
    const acc = Float64Array.from(start);
    accumulateCrossSpectra(X1, K, F, C, acc, opts1);
    accumulateCrossSpectra(X2, K, F, C, acc, opts2);
    return acc;
  };
  const ref = run("ts"), got = run("wasm");
  const m1 = magnitudes(X1, K, F, C, s, 0.25), m2 = magnitudes(X2, K, F, C, s, 1.5);
  let worst = 0;
  for (let e = 0; e < m1.length; e++) {
    const bound = precision === "float64"
      ? 2 * (K + 3) * EPS64 * (m1[e] + m2[e] + Math.hypot(start[2 * e], start[2 * e + 1]))
      : 2 * (Math.min(K, 16) + 4) * EPS32 * (m1[e] + m2[e]) + 2 * (K + 3) * EPS64 * Math.hypot(start[2 * e], start[2 * e + 1]);
    const d = Math.hypot(got[2 * e] - ref[2 * e], got[2 * e + 1] - ref[2 * e + 1]);
    worst = Math.max(worst, bound > 0 ? d / bound : d === 0 ? 0 : Infinity);
  }
  return worst;
}

const CHANNELS = [1, 2, 3, 5, 9, 17];
const SIZES: [number, number][] = [];
for (const K of [1, 3, 7]) for (const F of [1, 5, 257]) SIZES.push([K, F]);

describe("cross-spectral kernel: wasm vs the TypeScript reference", () => {
  afterAll(() => setKernelPath("auto"));

  it("the wasm module is built and loads", () => {
    expect(wasmModule("crossspectra")).not.toBeNull();
  });

  it.each(SIZES)("all x all channels, K=%i, F=%i, C = 1, 2, 3, 5, 9, 17, two accumulating calls", (K, F) => {
    for (const C of CHANNELS) expect(compareOnce(K, F, C, null)).toBeLessThanOrEqual(1);
  });

  it.each(SIZES)("rectangular senders x receivers, K=%i, F=%i, C = 1, 2, 3, 5, 9, 17", (K, F) => {
    for (const C of CHANNELS) expect(compareOnce(K, F, C, rectangular(C))).toBeLessThanOrEqual(1);
  });

  it("float64 input, and senders == receivers given explicitly (a permuted list: the Hermitian path)", () => {
    expect(compareOnce(3, 5, 9, null, true)).toBeLessThanOrEqual(1);
    const perm = [4, 0, 8, 2, 6, 1, 3];
    expect(compareOnce(7, 5, 9, { senders: perm, receivers: perm })).toBeLessThanOrEqual(1);
    expect(compareOnce(3, 5, 9, rectangular(9), true)).toBeLessThanOrEqual(1);
  });

  it.each(SIZES)("precision float32, all x all and rectangular, K=%i, F=%i, C = 1, 2, 3, 5, 9, 17", (K, F) => {
    for (const C of CHANNELS) {
      expect(compareOnce(K, F, C, null, false, "float32")).toBeLessThanOrEqual(1);
      expect(compareOnce(K, F, C, rectangular(C), false, "float32")).toBeLessThanOrEqual(1);
    }
  });

  it("precision float32: float64 input, 40 tapers in one call (three float32 partial sums), and really float32", () => {
    expect(compareOnce(3, 5, 9, null, true, "float32")).toBeLessThanOrEqual(1);
    expect(compareOnce(40, 5, 9, null, false, "float32")).toBeLessThanOrEqual(1);
    expect(compareOnce(40, 5, 9, rectangular(9), true, "float32")).toBeLessThanOrEqual(1);
    // not the float64 kernel in disguise: float32 products differ from it at the float32 level
    setKernelPath("wasm");
    const X = random(2 * 7 * 5 * 9, 17);
    const a = accumulateCrossSpectra(X, 7, 5, 9, new Float64Array(2 * 5 * 81), { precision: "float32" });
    const b = accumulateCrossSpectra(X, 7, 5, 9, new Float64Array(2 * 5 * 81));
    let d = 0, m = 0;
    for (let i = 0; i < a.length; i++) { d = Math.max(d, Math.abs(a[i] - b[i])); m = Math.max(m, Math.abs(b[i])); }
    expect(d / m).toBeGreaterThan(1e-10);
    expect(d / m).toBeLessThan(1e-6);
  });

  it("chunked: frequency chunks and, when one frequency does not fit, blocks of rows", () => {
    const before = setCrossSpectraChunkBytes(64 * 1024);
    try {
      expect(compareOnce(7, 257, 17, null)).toBeLessThanOrEqual(1); // ~12 frequencies per chunk
      setCrossSpectraChunkBytes(4096); // one frequency (17 x 17 x 16 bytes) is larger: row blocks
      expect(compareOnce(3, 5, 17, null)).toBeLessThanOrEqual(1);
      expect(compareOnce(3, 5, 17, rectangular(17))).toBeLessThanOrEqual(1);
      // wasm memory stays within the chunk limit instead of growing with the whole problem
      setKernelPath("wasm");
      const mem = wasmModule("crossspectra")!.exports.memory;
      const size0 = mem.buffer.byteLength;
      setCrossSpectraChunkBytes(256 * 1024);
      accumulateCrossSpectra(random(2 * 7 * 257 * 64, 5), 7, 257, 64, new Float64Array(2 * 257 * 64 * 64));
      expect(mem.buffer.byteLength).toBeLessThanOrEqual(Math.max(size0, 512 * 1024));
    } finally {
      setCrossSpectraChunkBytes(before);
      setKernelPath("auto");
    }
  });
});

describe("CrossSpectraAccumulator: the accumulator kept in wasm memory between calls", () => {
  afterEach(() => setKernelPath("auto"));

  /** Three trials added to an accumulator built under `path`, against the reference function; worst |a - b| / bound. */
  function trials(path: "wasm" | "ts", K: number, F: number, C: number, sel: Sel | null): { worst: number; acc: CrossSpectraAccumulator } {
    const s = sel ?? allChannels(C);
    const Xs = [1, 2, 3].map((t) => random(2 * K * F * C, 31 * t + C, t === 2));
    setKernelPath("ts");
    const ref = new Float64Array(2 * F * s.senders.length * s.receivers.length);
    for (const X of Xs) accumulateCrossSpectra(X, K, F, C, ref, { scale: 1 / 3, ...(sel ?? {}) });
    setKernelPath(path);
    const acc = new CrossSpectraAccumulator(F, C, sel ?? undefined);
    for (const X of Xs) acc.add(X, K, 1 / 3);
    const got = acc.result();
    let worst = 0;
    const m = Xs.map((X) => magnitudes(X, K, F, C, s, 1 / 3));
    for (let e = 0; e < m[0].length; e++) {
      const bound = 2 * (3 * K + 3) * EPS64 * (m[0][e] + m[1][e] + m[2][e]); // the three trials are staged and summed together
      const d = Math.hypot(got[2 * e] - ref[2 * e], got[2 * e + 1] - ref[2 * e + 1]);
      worst = Math.max(worst, bound > 0 ? d / bound : d === 0 ? 0 : Infinity);
    }
    return { worst, acc };
  }

  it.each([[7, 257, 17], [3, 5, 9], [1, 1, 1], [7, 5, 2]])("resident in wasm, square and rectangular, K=%i F=%i C=%i", (K, F, C) => {
    expect(trials("wasm", K, F, C, null).worst).toBeLessThanOrEqual(1);
    expect(trials("wasm", K, F, C, rectangular(C)).worst).toBeLessThanOrEqual(1);
  });

  it("precision float32, resident", () => {
    setKernelPath("wasm");
    const K = 7, F = 5, C = 9, s = allChannels(C);
    const X = random(2 * K * F * C, 23);
    const acc = new CrossSpectraAccumulator(F, C, { precision: "float32" });
    expect(acc.precision).toBe("float32");
    const got = acc.add(X, K).add(X, K, 0.5).result();
    setKernelPath("ts");
    const ref = accumulateCrossSpectra(X, K, F, C, new Float64Array(acc.length), { scale: 1.5 });
    const m = magnitudes(X, K, F, C, s, 1.5);
    let worst = 0;
    for (let e = 0; e < m.length; e++) {
      worst = Math.max(worst, Math.hypot(got[2 * e] - ref[2 * e], got[2 * e + 1] - ref[2 * e + 1]) / (2 * (K + 4) * EPS32 * m[e]));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("under 'ts' it is the reference itself; above the resident limit it stays in a Float64Array", () => {
    expect(trials("ts", 3, 5, 9, null).worst).toBe(0);
    const before = setCrossSpectraResidentBytes(1024);
    try {
      expect(trials("wasm", 3, 5, 9, null).worst).toBeLessThanOrEqual(1);
    } finally {
      setCrossSpectraResidentBytes(before);
    }
  });

  it("resident and chunked: frequency chunks, and single frequencies larger than the chunk limit", () => {
    const before = setCrossSpectraChunkBytes(64 * 1024);
    try {
      expect(trials("wasm", 7, 257, 17, null).worst).toBeLessThanOrEqual(1);
      setCrossSpectraChunkBytes(4096);
      expect(trials("wasm", 3, 5, 17, null).worst).toBeLessThanOrEqual(1);
      expect(trials("wasm", 3, 5, 17, rectangular(17)).worst).toBeLessThanOrEqual(1);
    } finally {
      setCrossSpectraChunkBytes(before);
    }
  });

  it.each([["default", 32 * 1024 * 1024], ["tiny: X alone fills it", 200], ["off", 0]])(
    "staging (%s): a new scale or element type sums what is staged first; reset() drops it", (_name, bytes) => {
      const before = setCrossSpectraStageBytes(bytes as number);
      try {
        const K = 2, F = 5, C = 3, s = allChannels(C);
        const adds: [Float32Array | Float64Array, number][] = [
          [random(2 * K * F * C, 1), 0.5], [random(2 * K * F * C, 2), 0.5], [random(2 * K * F * C, 3, true), 0.5],
          [random(2 * K * F * C, 4), -2], [random(2 * K * F * C, 5), -2],
        ];
        setKernelPath("ts");
        const ref = new Float64Array(2 * F * C * C);
        for (const [X, scale] of adds) accumulateCrossSpectra(X, K, F, C, ref, { scale });
        setKernelPath("wasm");
        const acc = new CrossSpectraAccumulator(F, C);
        acc.add(adds[0][0], K, 7); // dropped by reset() before it is ever summed
        acc.reset();
        for (const [X, scale] of adds) acc.add(X, K, scale);
        const got = acc.result();
        const m = adds.map(([X, scale]) => magnitudes(X, K, F, C, s, scale));
        for (let e = 0; e < m[0].length; e++) {
          const bound = 2 * (adds.length * K + 3) * EPS64 * m.reduce((sum, mi) => sum + mi[e], 0);
          expect(Math.hypot(got[2 * e] - ref[2 * e], got[2 * e + 1] - ref[2 * e + 1])).toBeLessThanOrEqual(bound);
        }
      } finally {
        setCrossSpectraStageBytes(before);
      }
    });

  it("result() copies (into out when given), reset() zeroes, and each accumulator is independent", () => {
    setKernelPath("wasm");
    const a = new CrossSpectraAccumulator(5, 3), b = new CrossSpectraAccumulator(5, 3);
    const X = random(2 * 2 * 5 * 3, 8);
    a.add(X, 2).add(X, 2, 0.5);
    b.add(X, 2, 1.5);
    const out = new Float64Array(a.length);
    expect(a.result(out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(b.result()));
    const first = out[0];
    out[0] = 42; // a copy: the accumulator does not change with it
    expect(a.result()[0]).toBe(first);
    a.reset();
    expect(a.result().every((v) => v === 0)).toBe(true);
    expect(b.result()[0]).toBe(first);
  });

  it("forEachFrequencyBlock: one trial's CSD in blocks of frequencies, equal to a fresh accumulator's; the sum held is untouched", () => {
    // 40 channels: 25.6 kB a frequency, so the 256 kB blocks hold 10 frequencies; F = 33 gives 4 blocks, the last partial
    const K = 3, F = 33, C = 40;
    const X = random(2 * K * F * C, 77);
    for (const path of ["wasm", "ts"] as const) {
      setKernelPath(path);
      const fresh = new CrossSpectraAccumulator(F, C).add(X, K, 0.25).result();
      const acc = new CrossSpectraAccumulator(F, C).add(X, K, 1); // holds something: must stay as it is
      const held = acc.result();
      const joined = new Float64Array(fresh.length);
      const blocks: Array<[number, number]> = [];
      acc.forEachFrequencyBlock(X, K, 0.25, (block, f0, fc) => {
        expect(block.length).toBe(2 * fc * C * C);
        joined.set(block, 2 * f0 * C * C);
        blocks.push([f0, fc]);
      });
      expect(Array.from(joined)).toEqual(Array.from(fresh));
      expect(Array.from(acc.result())).toEqual(Array.from(held));
      expect(blocks).toEqual(path === "wasm" ? [[0, 10], [10, 10], [20, 10], [30, 3]] : [[0, 33]]);
    }
  });

  it("checks its arguments like accumulateCrossSpectra", () => {
    setKernelPath("wasm");
    expect(() => new CrossSpectraAccumulator(0, 3)).toThrow(/`F`.*got 0/);
    expect(() => new CrossSpectraAccumulator(5, 2.5)).toThrow(SPYValueError);
    expect(() => new CrossSpectraAccumulator(5, 3, { senders: [0] })).toThrow(/`senders`.*together/);
    expect(() => new CrossSpectraAccumulator(5, 3, { senders: [3], receivers: [0] })).toThrow(/`senders`.*entry 0 is 3/);
    expect(() => new CrossSpectraAccumulator(5, 3, { precision: "float16" as never })).toThrow(/`precision`.*"float16"/);
    const acc = new CrossSpectraAccumulator(5, 3, { senders: [2], receivers: [0, 1] });
    expect(acc.length).toBe(2 * 5 * 1 * 2);
    expect(() => acc.add(new Float32Array(2 * 2 * 4 * 3), 2)).toThrow(/`X`.*48 values.*2 \* K \* F \* C = 2 \* 2 \* 5 \* 3 = 60/);
    expect(() => acc.add(new Float32Array(60), 2, NaN)).toThrow(/`scale`.*NaN/);
    expect(() => acc.result(new Float64Array(19))).toThrow(/`out`.*19 values.*20 values/);
    expect(() => acc.result(new Float32Array(20) as unknown as Float64Array)).toThrow(SPYTypeError);
  });
});

describe("cross-spectral identities", () => {
  afterAll(() => setKernelPath("auto"));

  /** One trial's complex spectra per taper and power per taper from the multitaper kernel. */
  function taperSpectra(L: number, C: number) {
    const x = random(L * C, 4242) as Float32Array;
    for (let i = 0; i < L; i++) for (let c = 0; c < C; c++) x[i * C + c] += Math.sin(0.3 * (c + 1) * i);
    const tapers = normalisedTapers({ taper: null, taperOpt: null, dpss: { NW: 3, K: 5 } }, L, L, false);
    const F = Math.floor(L / 2) + 1, K = tapers.length;
    const freqIdx = Array.from({ length: F }, (_, i) => i);
    const p = (output: "fourier" | "pow"): MtmfftParams => ({ nfft: L, freqIdx, polyremoval: 0, demeanTaper: false, output, keeptapers: true });
    const X = new Float32Array(2 * K * F * C), pow = new Float32Array(K * F * C);
    mtmfftTrial(x, L, C, tapers, p("fourier"), X);
    mtmfftTrial(x, L, C, tapers, p("pow"), pow);
    return { X, pow, K, F };
  }

  it.each(["wasm", "ts"] as const)("the diagonal is real and equals the summed power per taper of the multitaper kernel (%s)", (path) => {
    setKernelPath("wasm"); // the spectra come from the wasm multitaper kernel in both cases
    const C = 6, L = 300;
    const { X, pow, K, F } = taperSpectra(L, C);
    setKernelPath(path);
    const acc = accumulateCrossSpectra(X, K, F, C, new Float64Array(2 * F * C * C));
    let worst = 0;
    for (let f = 0; f < F; f++) {
      for (let c = 0; c < C; c++) {
        const e = 2 * ((f * C + c) * C + c);
        expect(acc[e + 1]).toBe(0);
        let sum = 0;
        for (let k = 0; k < K; k++) sum += pow[(k * F + f) * C + c];
        // pow is |X|^2 evaluated in float32 by the multitaper kernel, the diagonal exactly from the
        // float32-rounded X: a few eps32 per term, and all terms are positive (no cancellation)
        worst = Math.max(worst, Math.abs(acc[e] - sum) / (8 * EPS32 * sum));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it.each(["wasm", "ts"] as const)("Hermitian: A[f,i,j] == conj A[f,j,i] exactly, and every 2x2 principal minor and v^H A v is >= 0 (%s)", (path) => {
    setKernelPath(path);
    const K = 3, F = 17, C = 9;
    const acc = new Float64Array(2 * F * C * C);
    for (let trial = 0; trial < 4; trial++) accumulateCrossSpectra(random(2 * K * F * C, trial + 1), K, F, C, acc, { scale: 1 / (4 * K) });
    const at = (f: number, i: number, j: number) => 2 * ((f * C + i) * C + j);
    let mismatches = 0;
    for (let f = 0; f < F; f++) {
      for (let i = 0; i < C; i++) {
        for (let j = 0; j < C; j++) {
          // === rather than toBe: the diagonal's imaginary part is 0 and its negation -0
          if (acc[at(f, i, j)] !== acc[at(f, j, i)] || acc[at(f, i, j) + 1] !== -acc[at(f, j, i) + 1]) mismatches++;
          if (j <= i) continue;
          const aii = acc[at(f, i, i)], ajj = acc[at(f, j, j)];
          const det = aii * ajj - (acc[at(f, i, j)] ** 2 + acc[at(f, i, j) + 1] ** 2);
          expect(det).toBeGreaterThanOrEqual(-1e-12 * aii * ajj);
        }
      }
      // v^H A v for a few complex vectors v
      for (let t = 0; t < 3; t++) {
        const v = random(2 * C, 77 * f + t, true);
        let q = 0, scale = 0;
        for (let i = 0; i < C; i++) {
          for (let j = 0; j < C; j++) {
            const ar = acc[at(f, i, j)], ai = acc[at(f, i, j) + 1];
            const vr = v[2 * i], vi = -v[2 * i + 1], wr = v[2 * j], wi = v[2 * j + 1]; // conj(v_i) A_ij v_j
            const pr = vr * ar - vi * ai, pi = vr * ai + vi * ar;
            q += pr * wr - pi * wi;
            scale += Math.hypot(ar, ai) * Math.hypot(v[2 * i], v[2 * i + 1]) * Math.hypot(wr, wi);
          }
        }
        expect(q).toBeGreaterThanOrEqual(-1e-13 * scale);
      }
    }
    expect(mismatches).toBe(0);
  });
});

describe("kernel path 'ts' runs the TypeScript reference", () => {
  afterEach(() => {
    jest.restoreAllMocks();
    setKernelPath("auto");
  });

  it("the reference runs under 'ts' and not under 'wasm'", () => {
    const ref = jest.spyOn(reference, "accumulateCrossSpectraTs");
    const X = random(2 * 2 * 3 * 4, 3);
    setKernelPath("ts");
    accumulateCrossSpectra(X, 2, 3, 4, new Float64Array(2 * 3 * 16));
    expect(ref).toHaveBeenCalledTimes(1);
    setKernelPath("wasm");
    accumulateCrossSpectra(X, 2, 3, 4, new Float64Array(2 * 3 * 16));
    expect(ref).toHaveBeenCalledTimes(1);
  });
});

const maybe = goldenDescribe("golden connectivity csd case");

maybe("golden conn_csd_dpss (Syncopy a86199a): trial-averaged CSD from accumulated taper spectra", () => {
  afterAll(() => setKernelPath("auto"));

  it.each(["wasm", "ts"] as const)("matches spy.connectivityanalysis(data, method='csd', tapsmofrq=2, keeptrials=False) (kernels: %s)", async (path) => {
    setKernelPath(path); // both the multitaper spectra and the accumulation
    const c = readCase("conn_csd_dpss");
    const input = readInput(c.inputs.data);
    const data = new spy.AnalogData({ data: inputTrials(input), samplerate: input.samplerate });
    // Syncopy's CrossSpectra CR: per trial the mtmfft spectra X_k (same normalisation as
    // freqanalysis, polyremoval=0, all tapers), CSD = mean_k X_i conj(X_j); keeptrials=False then
    // averages the trials. So csd = 1 / (K nTrials) * sum over trials and tapers.
    const spec = await spy.freqanalysis(data, {
      method: "mtmfft", tapsmofrq: c.params.tapsmofrq as number, output: "fourier", keeptapers: true, keeptrials: true, parallel: false,
    });
    const dpss = c.dpss as { Kmax_nTaper: number };
    const nTrials = spec.trials.length;
    const [, K, F, C] = spec.trials.get(0).shape;
    expect(K).toBe(dpss.Kmax_nTaper);
    expect(Array.from(spec.freq)).toEqual(Array.from(readF64(c.outputs.out_freq.file!)));
    const out = c.outputs.out;
    expect(out.shape).toEqual([1, F, C, C]);
    const acc = new Float64Array(2 * F * C * C);
    for (let t = 0; t < nTrials; t++) {
      accumulateCrossSpectra(spec.trials.get(t).data as Float32Array, K, F, C, acc, { scale: 1 / (K * nTrials) });
    }
    const expected = readOutput(out);
    const ratio = toleranceRatio(acc, expected, c.tolerance, true);
    console.log(`conn_csd_dpss (${path}): worst |a - b| / (atol_scale * max|b| + rtol * |b|) = ${ratio.toExponential(3)} (pass <= 1)`);
    expect(ratio).toBeLessThanOrEqual(1);
    // the same through the resident accumulator (trials staged and summed together): float64 rounding apart
    const resident = new CrossSpectraAccumulator(F, C);
    for (let t = 0; t < nTrials; t++) resident.add(spec.trials.get(t).data as Float32Array, K, 1 / (K * nTrials));
    expect(toleranceRatio(resident.result(), acc, { rtol: 1e-12, atol_scale: 1e-14 }, true)).toBeLessThanOrEqual(1);
  });
});

describe("argument checks name the parameter, the value and what is allowed", () => {
  const X = new Float32Array(2 * 2 * 3 * 4);
  const shared = new Float64Array(200);
  const acc = () => new Float64Array(2 * 3 * 4 * 4);
  const call = (over: Partial<{ X: unknown; K: unknown; F: unknown; C: unknown; acc: unknown; opts: unknown }>) => () =>
    accumulateCrossSpectra(
      ("X" in over ? over.X : X) as Float32Array, ("K" in over ? over.K : 2) as number, ("F" in over ? over.F : 3) as number,
      ("C" in over ? over.C : 4) as number, ("acc" in over ? over.acc : acc()) as Float64Array, over.opts as undefined,
    );
  const cases: [string, Parameters<typeof call>[0], typeof SPYTypeError | typeof SPYValueError, RegExp][] = [
    ["X of the wrong type", { X: [1, 2, 3] }, SPYTypeError, /`X`.*Float32Array or Float64Array/],
    ["X an Int16Array", { X: new Int16Array(48) }, SPYTypeError, /`X`.*Int16Array\(48\)/],
    ["X of the wrong length", { X: new Float32Array(47) }, SPYValueError, /`X`.*47 values.*2 \* K \* F \* C = 2 \* 2 \* 3 \* 4 = 48/],
    ["K zero", { K: 0 }, SPYValueError, /`K`.*got 0.*integer >= 1/],
    ["K fractional", { K: 1.5 }, SPYValueError, /`K`.*1\.5/],
    ["K a string", { K: "2" }, SPYTypeError, /`K`.*string/],
    ["F negative", { F: -3 }, SPYValueError, /`F`.*-3/],
    ["C NaN", { C: NaN }, SPYValueError, /`C`.*NaN/],
    ["acc a Float32Array", { acc: new Float32Array(96) }, SPYTypeError, /`acc`.*Float64Array/],
    ["acc of the wrong length", { acc: new Float64Array(95) }, SPYValueError, /`acc`.*95 values.*= 96/],
    ["acc sharing memory with X", { X: shared.subarray(100, 148), acc: shared.subarray(60, 156) }, SPYValueError, /`acc`.*does not share memory/],
    ["opts not an object", { opts: 3 }, SPYTypeError, /`opts`/],
    ["scale a string", { opts: { scale: "1" } }, SPYTypeError, /`scale`.*"1".*finite number/],
    ["scale infinite", { opts: { scale: Infinity } }, SPYValueError, /`scale`.*Infinity/],
    ["senders without receivers", { opts: { senders: [0] } }, SPYValueError, /`senders`.*together/],
    ["receivers without senders", { opts: { receivers: [0] } }, SPYValueError, /`receivers`.*together/],
    ["senders not a list", { opts: { senders: 2, receivers: [0] } }, SPYTypeError, /`senders`.*array of channel indices in \[0, 4\)/],
    ["empty receivers", { opts: { senders: [0], receivers: [] } }, SPYValueError, /`receivers`.*non-empty/],
    ["a channel out of range", { opts: { senders: [0, 4], receivers: [0] } }, SPYValueError, /`senders`.*\[0, 4\).*entry 1 is 4/],
    ["a fractional channel", { opts: { senders: [0], receivers: [0.5] } }, SPYValueError, /`receivers`.*entry 0 is 0\.5/],
    ["an unknown precision", { opts: { precision: "double" } }, SPYValueError, /`precision`.*"double".*"float64" \(the default\) or "float32"/],
  ];

  it.each(cases)("%s", (_name, over, type, message) => {
    expect(call(over)).toThrow(type);
    expect(call(over)).toThrow(message);
  });

  it("a rectangular accumulator must be [F, senders, receivers]", () => {
    const opts = { senders: [0, 1], receivers: [2, 3, 1] };
    expect(() => accumulateCrossSpectra(X, 2, 3, 4, acc(), opts)).toThrow(/`acc`.*2 \* F \* Ns \* Nr = 2 \* 3 \* 2 \* 3 = 36/);
    expect(() => accumulateCrossSpectra(X, 2, 3, 4, new Float64Array(36), opts)).not.toThrow();
  });

  it("a failed check leaves the accumulator untouched", () => {
    const a = acc().fill(1);
    expect(() => accumulateCrossSpectra(X, 2, 3, 4, a, { scale: NaN })).toThrow(SPYValueError);
    expect(a.every((v) => v === 1)).toBe(true);
  });
});
