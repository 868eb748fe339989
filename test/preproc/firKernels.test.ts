/**
 * The FIR kernels (asm/fir.ts): direct "same" convolution, bit-identical to SameConvolver's
 * TypeScript loop, and the polyphase loop of resample_poly, equal to PolyResampler's TypeScript
 * loop to float64 rounding; both wired into src/preproc behind the kernel path switch.
 */
import { firSameWasm } from "../../src/preproc/firSameWasm";
import { polyphaseWasm } from "../../src/preproc/firPolyWasm";
import { setKernelPath } from "../../src/wasm/kernelPath";
import { wasmModule } from "../../src/wasm/loader";
import { convolveSame, SameConvolver } from "../../src/preproc/convolve";
import { designWsinc } from "../../src/preproc/firws";
import { PolyResampler, resamplePoly, resampleKernel } from "../../src/preproc/resample";

afterEach(() => setKernelPath("auto"));

function noise(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 4294967296 - 0.5 + Math.sin(0.01 * i);
  }
  return x;
}

/** SameConvolver.direct on a copy of x, on the given path. */
function direct(path: "wasm" | "ts", kernel: Float64Array, x: Float64Array): Float64Array {
  setKernelPath(path);
  const buf = new Float64Array(x.length + 5);
  buf.set(x, 3); // an offset into a larger buffer, as the pipeline's lanes are
  new SameConvolver(kernel, x.length).direct(buf, 3);
  expect(buf[0]).toBe(0);
  expect(buf[x.length + 3]).toBe(0);
  return buf.subarray(3, 3 + x.length);
}

function resampled(path: "wasm" | "ts", x: Float64Array, up: number, down: number, window: Float64Array): Float64Array {
  setKernelPath(path);
  const r = new PolyResampler(x.length, up, down, window);
  const y = new Float64Array(r.nOut);
  r.run(x, y);
  return y;
}

test("the fir module is built and loads", () => {
  expect(wasmModule("fir")).not.toBeNull();
});

describe("direct 'same' convolution", () => {
  test("wasm and TypeScript give the same numbers for every size class of signal and kernel", () => {
    for (const n of [1, 2, 3, 7, 8, 9, 17, 1000, 4097]) {
      for (const m of [1, 2, 3, 8, 64, 101, 1000]) {
        const x = noise(n, n * 31 + m), k = noise(m, m);
        const a = direct("wasm", k, x), b = direct("ts", k, x);
        for (let i = 0; i < n; i++) if (a[i] !== b[i]) throw new Error(`n ${n} m ${m} i ${i}: ${a[i]} != ${b[i]}`);
      }
    }
  });

  test("a NaN spoils only the outputs whose window covers it; Inf too", () => {
    const k = designWsinc("hamming", 50, 0.1);
    const x = noise(400, 3);
    x[200] = NaN;
    x[50] = Infinity;
    const a = direct("wasm", k, x), b = direct("ts", k, x);
    for (let i = 0; i < 400; i++) expect(Object.is(a[i], b[i]) || a[i] === b[i]).toBe(true);
    expect(Number.isNaN(a[200])).toBe(true);
    expect(Number.isFinite(a[300])).toBe(true);
  });

  test("convolveSame(method 'direct', passes 2) takes the kernel and matches FFT convolution", () => {
    const x = noise(3000, 8), k = designWsinc("hamming", 200, 0.05);
    setKernelPath("wasm");
    const d = convolveSame(x, k, { method: "direct", passes: 2 });
    setKernelPath("ts");
    const t = convolveSame(x, k, { method: "direct", passes: 2 });
    const f = convolveSame(x, k, { method: "fft", passes: 2 });
    let diff = 0, ref = 0;
    for (let i = 0; i < x.length; i++) {
      expect(d[i]).toBe(t[i]);
      diff = Math.max(diff, Math.abs(d[i] - f[i]));
      ref = Math.max(ref, Math.abs(f[i]));
    }
    expect(diff / ref).toBeLessThan(1e-12);
  });
});

describe("polyphase resampling (resample_poly's inner loop)", () => {
  const ratios: [number, number][] = [[1, 3], [2, 3], [3, 2], [1, 30], [5, 1], [160, 147], [1, 1]];
  test("wasm equals TypeScript to float64 rounding for awkward ratios, signal and kernel lengths", () => {
    for (const [up, down] of ratios) {
      for (const n of [1, 2, 10, 333, 5000]) {
        for (const order of [10, 101, 1000]) {
          const h = resampleKernel(1000, (1000 * up) / down, order);
          const x = noise(n, n + up);
          const a = resampled("wasm", x, up, down, h), b = resampled("ts", x, up, down, h);
          expect(a.length).toBe(b.length);
          // bound: rounding of a sum of |x| * |h| terms
          let scale = 0;
          for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[i]));
          let hs = 0;
          for (const v of h) hs += Math.abs(v) * up;
          for (let i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= 1e-14 * scale * hs)) throw new Error(`${up}/${down} n ${n} order ${order} i ${i}: ${a[i]} vs ${b[i]}`);
          }
        }
      }
    }
  });

  test("resamplePoly over channels goes through the kernel", () => {
    const x = noise(2000 * 3, 5);
    const h = resampleKernel(1000, 600, 300);
    setKernelPath("wasm");
    const a = resamplePoly(x, 3, 5, h, { nChannels: 3 });
    setKernelPath("ts");
    const b = resamplePoly(x, 3, 5, h, { nChannels: 3 });
    expect(a.nOut).toBe(1200);
    let d = 0;
    for (let i = 0; i < a.y.length; i++) d = Math.max(d, Math.abs(a.y[i] - b.y[i]));
    expect(d).toBeLessThan(1e-12);
  });
});

test('setKernelPath("ts") leaves the FIR work to TypeScript; "wasm" runs the kernels', () => {
  const k = noise(5, 1), buf = noise(20, 2), dst = new Float64Array(7);
  setKernelPath("ts");
  expect(firSameWasm(k, buf, 0, 20)).toBe(false);
  expect(polyphaseWasm(k, 1, 3, 1, buf, 20, dst, 7)).toBe(false);
  setKernelPath("wasm");
  expect(firSameWasm(k, buf, 0, 20)).toBe(true);
  expect(polyphaseWasm(k, 1, 3, 1, buf, 20, dst, 7)).toBe(true);
});
