/**
 * The preproc kernels against scipy 1.10 (test/fixtures/preproc/make_butter.py -> butter.json):
 * butter sos to 1e-10 for orders 1-10 and every type, sosfilt/sosfilt_zi/sosfiltfilt, hilbert,
 * resample_poly with Syncopy's kernel, limit_denominator, the windowed-sinc and minimum-phase kernels.
 */
import * as path from "path";
import * as fs from "fs";
import { butter, sosfilt, sosfiltZi, sosfiltfilt, sosfiltfiltPadlen, hilbert, designWsinc, minphaserceps, limitDenominator, resamplePoly, resampleKernel, resampleFactors, convolveSame, downsample } from "../../src/preproc";
import type { FilterType } from "../../src/preproc";

const FX = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/preproc/butter.json"), "utf8"));
const flat = (a: number[][]): Float64Array => Float64Array.from(a.flat());

/** max |a - b| / max |b| */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0, m = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return m > 0 ? d / m : d;
}

describe("butter(..., output='sos') matches scipy", () => {
  test(`all ${FX.butter.length} designs (orders 1-10 x lp/hp/bp/bs x 3 sampling rates) to 1e-10`, () => {
    let worst = 0;
    for (const d of FX.butter) {
      const sos = butter(d.order, d.freq, d.btype, d.fs);
      expect(sos.length).toBe(d.sos.length);
      for (let i = 0; i < sos.length; i++) for (let j = 0; j < 6; j++) {
        const e = Math.abs(sos[i][j] - d.sos[i][j]);
        if (e > 1e-10) throw new Error(`order ${d.order} ${d.btype} ${d.freq} @ ${d.fs} Hz: sos[${i}][${j}] = ${sos[i][j]}, scipy ${d.sos[i][j]}`);
        worst = Math.max(worst, e);
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  test("normalised frequencies without fs, and scipy's btype spellings", () => {
    const a = butter(4, 0.2, "lowpass");
    const b = butter(4, 100, "lp", 1000);
    expect(relErr(flat(a), flat(b))).toBeLessThan(1e-15);
  });
});

describe("sosfilt / sosfilt_zi / sosfiltfilt match scipy", () => {
  for (const f of FX.filt) {
    const n = f.x.length, C = f.x[0].length;
    const x = flat(f.x);
    test(`order ${f.order} ${f.btype} ${JSON.stringify(f.freq)} Hz, ${n} samples x ${C} channels`, () => {
      expect(relErr(flat(butter(f.order, f.freq, f.btype, f.fs)), flat(f.sos))).toBeLessThan(1e-12);
      const sos: number[][] = f.sos;
      expect(relErr(sosfiltZi(sos), flat(f.zi))).toBeLessThan(1e-12);
      expect(relErr(sosfilt(sos, x, { nChannels: C }).y, flat(f.sosfilt))).toBeLessThan(1e-12);
      // zi for axis 0: [nSections, 2, nChannels]
      const zi0 = sosfiltZi(sos);
      const zi = new Float64Array(zi0.length * C);
      for (let k = 0; k < zi0.length; k++) for (let c = 0; c < C; c++) zi[k * C + c] = zi0[k] * x[c];
      const r = sosfilt(sos, x, { nChannels: C, zi });
      expect(relErr(r.y, flat(f.sosfilt_zi))).toBeLessThan(1e-12);
      expect(relErr(r.zf!, Float64Array.from(f.zf.flat(2)))).toBeLessThan(1e-12);
      if (f.sosfiltfilt === null) {
        expect(() => sosfiltfilt(sos, x, { nChannels: C })).toThrow(/padlen/);
      } else {
        expect(relErr(sosfiltfilt(sos, x, { nChannels: C }), flat(f.sosfiltfilt))).toBeLessThan(1e-12);
        // channel-major input gives the same numbers, channel-major
        const cm = new Float64Array(n * C);
        for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) cm[c * n + i] = x[i * C + c];
        const ycm = sosfiltfilt(sos, cm, { nChannels: C, layout: "channel-major" });
        const ys = sosfiltfilt(sos, x, { nChannels: C });
        for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) expect(ycm[c * n + i]).toBe(ys[i * C + c]);
      }
    });
  }

  test("padlen is 3 * (2 * nSections + 1 - min(zero b2, zero a2))", () => {
    expect(sosfiltfiltPadlen(butter(4, [40, 60], "bp", 1000))).toBe(27);
    expect(sosfiltfiltPadlen(butter(1, 10, "lp", 1000))).toBe(6);  // one section with b2 = a2 = 0
    expect(sosfiltfiltPadlen(butter(3, 300, "hp", 30000))).toBe(12);
  });
});

describe("hilbert matches scipy.signal.hilbert", () => {
  for (const h of FX.hilbert) {
    test(`${h.x.length} samples`, () => {
      const z = hilbert(flat(h.x), { nChannels: 2 });
      const re = z.filter((_, i) => i % 2 === 0), im = z.filter((_, i) => i % 2 === 1);
      expect(relErr(re, flat(h.re))).toBeLessThan(1e-12);
      expect(relErr(im, h.im.flat().every((v: number) => v === 0) ? new Float64Array(im.length) : flat(h.im))).toBeLessThan(1e-12);
    });
  }
});

describe("firws kernels (Syncopy's design_wsinc) and minimum phase", () => {
  for (const w of FX.wsinc) {
    test(`${w.window} order ${w.order} ${w.type} ${JSON.stringify(w.f_c)}`, () => {
      const k = designWsinc(w.window, w.order, w.f_c, w.type as FilterType);
      expect(relErr(k, w.kernel)).toBeLessThan(1e-13);
    });
  }
  for (const m of FX.minphase) {
    test(`minphaserceps of ${m.kernel.length} taps`, () => {
      expect(relErr(minphaserceps(m.kernel), m.minphase)).toBeLessThan(1e-9);
    });
  }
  test("direct and FFT 'same' convolution agree; a NaN stays local only in direct mode", () => {
    const k = designWsinc("hamming", 20, 0.1);
    const x = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i * 0.1) + (i % 7) * 0.1);
    const a = convolveSame(x, k, { method: "fft", passes: 2 });
    const b = convolveSame(x, k, { method: "direct", passes: 2 });
    expect(relErr(a, b)).toBeLessThan(1e-13);
    x[150] = NaN;
    const d = convolveSame(x, k, { method: "direct" });
    expect(Number.isNaN(d[150])).toBe(true);
    expect(Number.isNaN(d[100]) || Number.isNaN(d[200])).toBe(false);
  });
});

describe("resampling", () => {
  test("Fraction.from_float(x).limit_denominator() as Python 3.11", () => {
    for (const l of FX.limit_denominator) expect(limitDenominator(l.x)).toEqual([l.num, l.den]);
  });
  for (const r of FX.resample) {
    test(`resample_poly ${r.fs} -> ${r.new} Hz on ${r.n} samples (up ${r.up}, down ${r.down})`, () => {
      expect(resampleFactors(r.fs, r.new)).toEqual({ up: r.up, down: r.down });
      const kernel = resampleKernel(r.fs, r.new, r.order);
      const { y, nOut } = resamplePoly(flat(r.x), r.up, r.down, kernel, { nChannels: 2 });
      expect(nOut).toBe(r.y.length);
      expect(relErr(y, flat(r.y))).toBeLessThan(1e-12);
    });
  }
  test("downsample takes every n-th sample", () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i);
    expect(Array.from(downsample(x, 4).y)).toEqual([0, 4, 8]);
  });
});
