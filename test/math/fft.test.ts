import { SPYValueError } from "../../src/core/errors";
import {
  fft, fftfreq, getComplexFFTPlan, getRealFFTPlan, ifft, irfft, nextpow2, rfft, rfftfreq,
} from "../../src/math/fft";
import { loadFixtures, relativeError } from "./fixtureLoader";

const fx = loadFixtures("fft");
const LENGTHS = fx.entries.filter((e) => e.key.startsWith("rfft/")).map((e) => e.params.n as number);
const TOL = 1e-12;

/** Direct O(n^2) DFT with exactly reduced twiddle angles: an independent reference. */
function naiveDFT(z: Float64Array, sign: number): Float64Array {
  const n = z.length / 2;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let re = 0, im = 0;
    for (let j = 0; j < n; j++) {
      const a = (sign * 2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(a), s = Math.sin(a);
      re += z[2 * j] * c - z[2 * j + 1] * s;
      im += z[2 * j] * s + z[2 * j + 1] * c;
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}

function seeded(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 32 - 0.5;
  }
  return x;
}

describe("against numpy.fft fixtures", () => {
  it("covers the lengths the spec asks for", () => {
    for (const n of [1, 2, 3, 5, 8, 1000, 1001, 2000, 4096, 7919]) expect(LENGTHS).toContain(n);
  });

  test.each(LENGTHS)("rfft, fft, ifft, irfft at n = %i", (n) => {
    const x = fx.get(`x/${n}`);
    const z = fx.get(`z/${n}`);
    expect(relativeError(rfft(x), fx.get(`rfft/${n}`))).toBeLessThan(TOL);
    expect(relativeError(fft(z), fx.get(`fft/${n}`))).toBeLessThan(TOL);
    expect(relativeError(ifft(z), fx.get(`ifft/${n}`))).toBeLessThan(TOL);
    expect(relativeError(irfft(fx.get(`rfft/${n}`), n), x)).toBeLessThan(TOL);
  });

  test.each(LENGTHS)("plans reproduce the one-shot helpers at n = %i", (n) => {
    const x = fx.get(`x/${n}`);
    const xCopy = x.slice();
    const plan = getRealFFTPlan(n);
    expect(plan.nBins).toBe(Math.floor(n / 2) + 1);
    const out = new Float64Array(2 * plan.nBins);
    plan.forward(x, out);
    expect(relativeError(out, fx.get(`rfft/${n}`))).toBeLessThan(TOL);
    expect(x).toEqual(xCopy); // input untouched
    const back = new Float64Array(n);
    plan.inverse(out, back);
    expect(relativeError(back, x)).toBeLessThan(TOL);

    const cplan = getComplexFFTPlan(n);
    const z = fx.get(`z/${n}`);
    const buf = z.slice();
    cplan.forward(buf); // in place
    expect(relativeError(buf, fx.get(`fft/${n}`))).toBeLessThan(TOL);
    const sep = new Float64Array(2 * n);
    cplan.inverse(z, sep);
    expect(relativeError(sep, fx.get(`ifft/${n}`))).toBeLessThan(TOL);
  });

  test.each(LENGTHS)("forwardPair equals two forward calls at n = %i", (n) => {
    const plan = getRealFFTPlan(n);
    const x1 = fx.get(`x/${n}`);
    const x2 = seeded(n, 3 * n + 7);
    const o1 = new Float64Array(2 * plan.nBins), o2 = new Float64Array(2 * plan.nBins);
    plan.forwardPair(x1, x2, o1, o2);
    expect(relativeError(o1, fx.get(`rfft/${n}`))).toBeLessThan(TOL);
    expect(relativeError(o2, rfft(x2))).toBeLessThan(TOL);
  });

  it("truncates and zero-pads like numpy (rfft, fft, ifft)", () => {
    const x = fx.get("pad/x");
    for (const n of [64, 100, 150, 99, 1]) {
      expect(relativeError(rfft(x, n), fx.get(`pad/rfft/${n}`))).toBeLessThan(TOL);
    }
    const z = fx.get("pad/z");
    for (const n of [32, 50, 81]) {
      expect(relativeError(fft(z, n), fx.get(`pad/fft/${n}`))).toBeLessThan(TOL);
      expect(relativeError(ifft(z, n), fx.get(`pad/ifft/${n}`))).toBeLessThan(TOL);
    }
  });

  it("irfft: default length, odd/even n, ignores imaginary DC and Nyquist parts", () => {
    const X = fx.get("irfft/X");
    expect(relativeError(irfft(X), fx.get("irfft/default"))).toBeLessThan(TOL);
    for (const n of [64, 65, 40, 100, 7]) {
      expect(relativeError(irfft(X, n), fx.get(`irfft/${n}`))).toBeLessThan(TOL);
    }
  });

  it("rfftfreq and fftfreq are bit-identical", () => {
    for (const e of fx.entries.filter((en) => en.key.startsWith("rfftfreq/"))) {
      const { n, d } = e.params as { n: number; d: number };
      expect(Array.from(rfftfreq(n, d))).toEqual(Array.from(fx.get(e.key)));
      expect(Array.from(fftfreq(n, d))).toEqual(Array.from(fx.get(`fftfreq/${n}`)));
    }
  });
});

describe("engines against a direct DFT", () => {
  // Every kernel: radix 2/3/4/5/7/11/13, generic odd radices (17, 19, 23, 37, 61) and
  // Bluestein (257, 4099 and lengths whose half is one, e.g. 2 * 257 as a real length).
  test.each([2, 4, 6, 9, 14, 25, 46, 49, 61, 67, 111, 121, 134, 142, 169, 257, 284, 323, 3 * 61, 2 * 257])(
    "complex and real transforms at n = %i", (n) => {
      const z = seeded(2 * n, n);
      const ref = naiveDFT(z, -1);
      expect(relativeError(fft(z), ref)).toBeLessThan(TOL);
      const refInv = naiveDFT(z, 1).map((v) => v / n);
      expect(relativeError(ifft(z), refInv)).toBeLessThan(TOL);
      const x = seeded(n, 7 * n + 1);
      const zx = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) zx[2 * i] = x[i];
      const refR = naiveDFT(zx, -1).subarray(0, 2 * (Math.floor(n / 2) + 1));
      expect(relativeError(rfft(x), refR)).toBeLessThan(TOL);
    });

  it("picks the documented algorithm per length", () => {
    expect(getComplexFFTPlan(1).algorithm).toBe("identity");
    expect(getComplexFFTPlan(1024).algorithm).toBe("fft.js");
    expect(getComplexFFTPlan(1000).algorithm).toBe("stockham");
    expect(getComplexFFTPlan(1001).algorithm).toBe("stockham");
    expect(getComplexFFTPlan(7919).algorithm).toBe("bluestein");
    expect(getComplexFFTPlan(4097).algorithm).toBe("bluestein"); // 17 * 241
    expect(getComplexFFTPlan(999).algorithm).toBe("stockham"); // 27 * 37
    expect(getComplexFFTPlan(323).algorithm).toBe("stockham"); // 17 * 19, generic kernel
    expect(getComplexFFTPlan(257).algorithm).toBe("bluestein");
  });
});

describe("closed forms", () => {
  test.each([16, 30, 1000, 1001, 7919])("Parseval: sum |x|^2 = sum |X|^2 / n at n = %i", (n) => {
    const z = seeded(2 * n, 99 + n);
    const Z = fft(z);
    let et = 0, ef = 0;
    for (let i = 0; i < 2 * n; i++) {
      et += z[i] * z[i];
      ef += Z[i] * Z[i];
    }
    expect(Math.abs(ef / n - et) / et).toBeLessThan(1e-13);
  });

  test.each([3, 64, 1000, 1001, 7919])("ifft(fft(z)) = z and fft(ifft(z)) = z at n = %i", (n) => {
    const z = seeded(2 * n, 5 + n);
    expect(relativeError(ifft(fft(z)), z)).toBeLessThan(1e-13);
    expect(relativeError(fft(ifft(z)), z)).toBeLessThan(1e-13);
  });

  test.each([[1000, 37], [1001, 100], [2000, 999], [4096, 1], [7919, 3000]])(
    "a cosine at bin k lands in bin k only (n = %i, k = %i)", (n, k) => {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = Math.cos((2 * Math.PI * ((k * i) % n)) / n);
      const X = rfft(x);
      let leak = 0;
      for (let b = 0; b < X.length / 2; b++) {
        if (b !== k) leak = Math.max(leak, Math.hypot(X[2 * b], X[2 * b + 1]));
      }
      expect(X[2 * k]).toBeCloseTo(n / 2, 9);
      expect(Math.abs(X[2 * k + 1])).toBeLessThan(1e-10 * n);
      expect(leak).toBeLessThan(1e-10 * n);
    });

  it("linearity across engines", () => {
    for (const n of [1000, 1024, 7919]) {
      const a = seeded(2 * n, 1), b = seeded(2 * n, 2);
      const sum = a.map((v, i) => 2 * v - 3 * b[i]);
      const A = fft(a), B = fft(b);
      expect(relativeError(fft(sum), A.map((v, i) => 2 * v - 3 * B[i]))).toBeLessThan(1e-13);
    }
  });
});

describe("plans and validation", () => {
  it("caches plans per length", () => {
    expect(getRealFFTPlan(1000)).toBe(getRealFFTPlan(1000));
    expect(getComplexFFTPlan(7919)).toBe(getComplexFFTPlan(7919));
    expect(getRealFFTPlan(1000)).not.toBe(getRealFFTPlan(1001));
  });

  it("gives the same result on repeated calls (scratch memory is reset)", () => {
    for (const n of [1000, 1001, 1024, 7919, 2 * 4099]) {
      const plan = getRealFFTPlan(n);
      const x1 = seeded(n, 1), x2 = seeded(n, 2);
      const o1 = new Float64Array(2 * plan.nBins), o2 = new Float64Array(2 * plan.nBins);
      const o3 = new Float64Array(2 * plan.nBins);
      plan.forward(x1, o1);
      plan.forward(x2, o2);
      plan.forward(x1, o3);
      expect(o3).toEqual(o1);
      expect(o2).not.toEqual(o1);
    }
  });

  it("rejects bad lengths and buffers, naming the parameter", () => {
    const expectParam = (fn: () => unknown, param: string): void => {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SPYValueError);
      expect((err as SPYValueError).param).toBe(param);
    };
    expectParam(() => rfft(new Float64Array(4), 0), "n");
    expectParam(() => rfft(new Float64Array(0)), "n");
    expectParam(() => fft(new Float64Array(4), 2.5), "n");
    expectParam(() => fft(new Float64Array(3)), "x");
    expectParam(() => irfft(new Float64Array(2)), "n");
    expectParam(() => getRealFFTPlan(-4), "n");
    expectParam(() => getComplexFFTPlan(0), "n");
    expectParam(() => getRealFFTPlan(8).forward(new Float64Array(7), new Float64Array(10)), "input");
    expectParam(() => getRealFFTPlan(8).forward(new Float64Array(8), new Float64Array(9)), "out");
    expectParam(() => getComplexFFTPlan(8).forward(new Float64Array(15)), "input");
    expectParam(() => rfftfreq(8, 0), "d");
  });

  it("nextpow2", () => {
    expect([0, 1, 2, 3, 5, 1000, 1024, 1025].map(nextpow2)).toEqual([1, 1, 2, 4, 8, 1024, 1024, 2048]);
  });
});
