/** The filter frequency response (numbers and chart). */
import * as path from "path";
import * as fs from "fs";
import * as spy from "../../src";
import { sosFreqz, firFreqz, filterResponseSpec, filterresponse, designWsinc } from "../../src/preproc";
import { responsePhase } from "../../src/preproc/response";
import { renderSVG } from "../../src/plot/render";

const FX = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/preproc/butter.json"), "utf8"));

test("sosFreqz matches scipy.signal.sosfreqz", () => {
  const { sos, f, re, im } = FX.freqz;
  const h = sosFreqz(Float64Array.from(sos.flat()), Float64Array.from(f, (v: number) => (2 * Math.PI * v) / 1000));
  for (let i = 0; i < f.length; i++) {
    expect(Math.abs(h[2 * i] - re[i])).toBeLessThan(1e-12);
    expect(Math.abs(h[2 * i + 1] - im[i])).toBeLessThan(1e-12);
  }
});

test("-3 dB at the cut-off for onepass, -6 dB twopass (zero phase); FIR response centred", () => {
  const one = filterresponse({ filter_class: "but", freq: 100, direction: "onepass", samplerate: 1000 }, { nPoints: 501 });
  expect(one.freq[100]).toBeCloseTo(100, 10);
  expect(one.db[100]).toBeCloseTo(-3.0103, 3);
  const two = filterresponse({ freq: 100, samplerate: 1000 }, { nPoints: 501 });
  expect(two.db[100]).toBeCloseTo(-6.0206, 3);
  expect(Math.max(...Array.from(two.phase).map(Math.abs))).toBe(0);
  const fir = filterresponse({ filter_class: "firws", freq: 100, order: 200, samplerate: 1000 }, { nPoints: 501 });
  expect(Math.abs(fir.db[10])).toBeLessThan(0.01);
  expect(fir.db[200]).toBeLessThan(-50);
  expect(Math.abs(fir.phase[10])).toBeLessThan(1e-6);
  expect(fir.description).toMatch(/windowed sinc \(hamming\) order 200 lp 100 Hz, twopass/);
});

test("from a preprocessing result; the chart renders to SVG; bad input is named", async () => {
  const trials = [0, 1].map(() => ({ data: Float64Array.from({ length: 600 }, (_, i) => Math.sin(i)), shape: [300, 2], dtype: "float64" as const }));
  const data = new spy.AnalogData({ data: trials, samplerate: 500 });
  const out = await spy.preprocessing(data, { filter_class: "firws", filter_type: "bs", freq: [45, 55] });
  const resp = filterresponse(out);
  expect(resp.description).toMatch(/order 300 bs 45-55 Hz/);   // default FIR order: the shortest trial
  const spec = filterResponseSpec(resp);
  expect(spec.vconcat).toHaveLength(2);
  const svg = await renderSVG(spec);
  expect(svg).toContain("magnitude (dB)");
  expect(svg).toContain("phase (°)");
  expect(svg).toContain("zero phase");
  await expect(spy.plotfilter(out)).resolves.toBeUndefined();     // outside a kernel nothing is sent
  expect(() => filterresponse(data)).toThrow(/preprocessing/);
  expect(() => filterresponse({ freq: 600, samplerate: 1000 })).toThrow(/`freq`/);
});

describe("the phase panel: unwrapped, in degrees, sign changes of the amplitude taken out", () => {
  test("a zero-phase filter shows 0°: twopass Butterworth and a centred windowed sinc (no 180°/360° plateaus)", () => {
    const fir = filterresponse({ filter_class: "firws", filter_type: "bs", freq: [48, 52], order: 1000, direction: "onepass", samplerate: 1000 });
    // the stopband lobes change the sign of the real response: atan2 gave 0 / ±180 / 360 plateaus
    let signChanges = 0;
    for (let i = 1; i < fir.freq.length; i++) if (Math.sign(fir.h[2 * i]) !== Math.sign(fir.h[2 * (i - 1)])) signChanges++;
    expect(signChanges).toBeGreaterThan(0);
    expect(Math.max(...Array.from(fir.phase, Math.abs))).toBeLessThan(1e-6);
    const but = filterresponse({ filter_class: "but", filter_type: "hp", freq: 5, order: 4, samplerate: 1000 });
    expect(Math.max(...Array.from(but.phase, Math.abs))).toBe(0);
    const spec = filterResponseSpec(fir);
    const phase = spec.vconcat[1];
    expect(phase.encoding.y.title).toBe("phase (°)");
    expect(phase.encoding.y.scale.domain).toEqual([-90, 90]);
    expect(phase.title.text).toBe("zero phase");
  });

  test("a linear-phase (causal) FIR gives a straight line, −ω·(M−1)/2 in degrees, through its stopband zeros", () => {
    const kernel = designWsinc("hamming", 100, 0.1, "lp");           // 101 taps, cut-off 100 Hz at 1 kHz
    const M = kernel.length;
    // causal: the kernel after M − 1 zeros, so that firFreqz's centre tap (M − 1) is the first tap
    const causal = new Float64Array(2 * M - 1);
    causal.set(kernel, M - 1);
    const n = 1024;
    const w = Float64Array.from({ length: n }, (_, i) => (Math.PI * i) / (n - 1));
    const h = firFreqz(causal, w);
    const phase = responsePhase(h);
    let flips = 0;
    for (let i = 1; i < n; i++) {
      const a0 = h[2 * (i - 1)] * Math.cos(-w[i - 1] * 50) + h[2 * (i - 1) + 1] * Math.sin(-w[i - 1] * 50);
      const a1 = h[2 * i] * Math.cos(-w[i] * 50) + h[2 * i + 1] * Math.sin(-w[i] * 50);
      if (Math.sign(a0) !== Math.sign(a1)) flips++;
    }
    expect(flips).toBeGreaterThan(5);                                // zeros in the stopband
    for (let i = 0; i < n; i++) expect(phase[i]).toBeCloseTo((-w[i] * ((M - 1) / 2) * 180) / Math.PI, 6);
  });

  test("Butterworth onepass: a continuous phase from 0° in the passband (−360° at Nyquist for a 4th-order lowpass)", () => {
    const lp = filterresponse({ filter_class: "but", filter_type: "lp", freq: 100, order: 4, direction: "onepass", samplerate: 1000 }, { nPoints: 2001 });
    expect(lp.phase[0]).toBe(0);
    expect(lp.phase[lp.phase.length - 1]).toBeCloseTo(-360, 0);            // H(π) = 0: the last defined phase is held
    expect(lp.phase[400]).toBeCloseTo(-180, 0);                      // −N·45° at the cut-off (100 Hz)
    for (let i = 1; i < lp.phase.length; i++) expect(Math.abs(lp.phase[i] - lp.phase[i - 1])).toBeLessThan(5);
    // a highpass passes Nyquist: 0° there, +N·90° towards DC
    const hp = filterresponse({ filter_class: "but", filter_type: "hp", freq: 100, order: 4, direction: "onepass", samplerate: 1000 }, { nPoints: 2001 });
    expect(hp.phase[hp.phase.length - 1]).toBeCloseTo(0, 6);
    expect(hp.phase[400]).toBeCloseTo(180, 0);
  });
});
