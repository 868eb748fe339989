/** The filter frequency response (numbers and chart). */
import * as path from "path";
import * as fs from "fs";
import * as spy from "../../src";
import { sosFreqz, filterResponseSpec, filterresponse } from "../../src/preproc";
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
  expect(svg).toContain("phase (deg)");
  await expect(spy.plotfilter(out)).resolves.toBeUndefined();     // outside a kernel nothing is sent
  expect(() => filterresponse(data)).toThrow(/preprocessing/);
  expect(() => filterresponse({ freq: 600, samplerate: 1000 })).toThrow(/'freq'/);
});
