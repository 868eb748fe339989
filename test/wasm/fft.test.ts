/**
 * The wasm SIMD FFT (float32) against the float64 TypeScript reference (numpy semantics).
 *
 * Error bound: a float32 FFT of length n with accurately rounded twiddles has a norm-wise error
 * of about eps32 * log2(n) (eps32 = 2^-24 ~ 6e-8; one rounding per butterfly level, growing like
 * the square root of that in practice), plus the rounding of the input to float32. We allow
 * 8 * eps32 * max(1, log2 n) of the largest reference magnitude (4.8e-6 at n = 1000, 7.6e-6 at
 * n = 65536); the observed errors are 10-50x below it. Elementwise relative errors of bins far
 * below the largest one are not bounded by float32 arithmetic and are not asserted.
 */
import { getWasmComplexFFTPlan, getWasmRealFFTPlan } from "../../src/wasm/fft";
import { setKernelPath } from "../../src/wasm/kernelPath";
import { spectralHeap } from "../../src/wasm/fftHeap";
import { getComplexFFTPlan, getRealFFTPlan } from "../../src/math/fft";

const EPS32 = 2 ** -24;
const SIZES = [1, 2, 3, 5, 7, 12, 30, 97, 127, 360, 1000, 1024, 2000, 2001, 4097, 65536];

function bound(n: number): number {
  return 8 * EPS32 * Math.max(1, Math.log2(n));
}

function noise(len: number, seed: number): Float64Array {
  const a = new Float64Array(len);
  let s = seed >>> 0;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

/** max |a - b| / max |b| over interleaved complex values (magnitudes). */
function normwiseError(a: Float64Array, b: Float64Array): number {
  let err = 0, ref = 0;
  for (let i = 0; i < b.length; i += 2) {
    err = Math.max(err, Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1]));
    ref = Math.max(ref, Math.hypot(b[i], b[i + 1]));
  }
  return ref === 0 ? err : err / ref;
}

function maxRealError(a: Float64Array, b: Float64Array): number {
  let err = 0, ref = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    ref = Math.max(ref, Math.abs(b[i]));
  }
  return ref === 0 ? err : err / ref;
}

describe("wasm SIMD FFT vs the float64 TypeScript reference", () => {
  beforeAll(() => setKernelPath("wasm"));
  afterAll(() => setKernelPath("auto"));

  it.each(SIZES)("complex forward and inverse, n = %i", (n) => {
    const x = noise(2 * n, n);
    const w = getWasmComplexFFTPlan(n)!;
    const t = getComplexFFTPlan(n);
    const a = new Float64Array(2 * n), b = new Float64Array(2 * n);
    w.forward(x, a);
    t.forward(x, b);
    expect(normwiseError(a, b)).toBeLessThan(bound(n));
    w.inverse(x, a);
    t.inverse(x, b);
    expect(normwiseError(a, b)).toBeLessThan(bound(n));
    // in place (the default output) gives the same
    const y = x.slice();
    w.forward(y);
    t.forward(x, b);
    expect(normwiseError(y, b)).toBeLessThan(bound(n));
  });

  it.each(SIZES)("real forward, inverse and forwardPair, n = %i", (n) => {
    const x = noise(n, 7 * n + 1);
    const x2 = noise(n, 11 * n + 3);
    const w = getWasmRealFFTPlan(n)!;
    const t = getRealFFTPlan(n);
    expect(w.nBins).toBe(t.nBins);
    const a = new Float64Array(2 * w.nBins), b = new Float64Array(2 * w.nBins);
    w.forward(x, a);
    t.forward(x, b);
    expect(normwiseError(a, b)).toBeLessThan(bound(n));
    expect(a[1]).toBe(0); // Im X_0 is exactly zero, as numpy's
    if (n % 2 === 0) expect(a[2 * w.nBins - 1]).toBe(0);
    const back = new Float64Array(n), ref = new Float64Array(n);
    w.inverse(b, back);
    t.inverse(b, ref);
    expect(maxRealError(back, ref)).toBeLessThan(bound(n));
    const a2 = new Float64Array(2 * w.nBins), b2 = new Float64Array(2 * w.nBins);
    w.forwardPair(x, x2, a, a2);
    t.forwardPair(x, x2, b, b2);
    expect(normwiseError(a, b)).toBeLessThan(bound(n));
    expect(normwiseError(a2, b2)).toBeLessThan(bound(n));
  });

  it("Parseval: sum |x|^2 = sum |X|^2 / n on the wasm path (complex and real)", () => {
    for (const n of [97, 1000, 1024, 2001, 65536]) {
      const x = noise(2 * n, 3 * n);
      const X = new Float64Array(2 * n);
      getWasmComplexFFTPlan(n)!.forward(x, X);
      let ex = 0, eX = 0;
      for (let i = 0; i < 2 * n; i++) { ex += x[i] * x[i]; eX += X[i] * X[i]; }
      expect(Math.abs(eX / n - ex) / ex).toBeLessThan(bound(n));

      const r = x.subarray(0, n);
      const plan = getWasmRealFFTPlan(n)!;
      const R = new Float64Array(2 * plan.nBins);
      plan.forward(r, R);
      let er = 0, eR = 0;
      for (let i = 0; i < n; i++) er += r[i] * r[i];
      // the one-sided spectrum counts every bin except 0 (and n/2 for even n) twice
      for (let k = 0; k < plan.nBins; k++) {
        const p = R[2 * k] ** 2 + R[2 * k + 1] ** 2;
        eR += k === 0 || (n % 2 === 0 && k === n / 2) ? p : 2 * p;
      }
      expect(Math.abs(eR / n - er) / er).toBeLessThan(bound(n));
    }
  });

  it("a large prime length goes through Bluestein and stays accurate", () => {
    const n = 4 * 7919; // the four-lane split leaves m = 7919, a prime
    const plan = getWasmComplexFFTPlan(n)!;
    expect(plan.algorithm).toBe("bluestein");
    const x = noise(2 * n, 5);
    const a = new Float64Array(2 * n), b = new Float64Array(2 * n);
    plan.forward(x, a);
    getComplexFFTPlan(n).forward(x, b);
    expect(normwiseError(a, b)).toBeLessThan(bound(n));
  });

  it("rejects buffers that are too short, like the reference plans", () => {
    const plan = getWasmRealFFTPlan(16)!;
    expect(() => plan.forward(new Float64Array(15), new Float64Array(18))).toThrow(/input/);
    expect(() => plan.forward(new Float64Array(16), new Float64Array(17))).toThrow(/out/);
  });
});

describe("kernel path 'ts' really bypasses the wasm FFT", () => {
  afterEach(() => setKernelPath("auto"));

  it("plans and the heap are unavailable, and forced 'wasm' plans refuse to run", () => {
    setKernelPath("wasm");
    const plan = getWasmRealFFTPlan(64)!;
    expect(plan).not.toBeNull();
    setKernelPath("ts");
    expect(spectralHeap()).toBeNull();
    expect(getWasmRealFFTPlan(64)).toBeNull();
    expect(getWasmComplexFFTPlan(64)).toBeNull();
    expect(() => plan.forward(new Float64Array(64), new Float64Array(66))).toThrow(/TypeScript kernel path/);
  });
});
