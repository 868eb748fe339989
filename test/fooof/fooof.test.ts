/** spy.fooof: the direct entry, its validation, the fit object, its table and chart. */
import * as spy from "../../src";
import { fitSpectrum } from "../../src/fooof/fit";
import { parseFooofOpt, DEFAULT_FOOOF_OPT } from "../../src/fooof/settings";
import { renderSVG } from "../../src/plot/render";
import { VEGALITE_MIME } from "../../src/plot/display";

const FREQS = Array.from({ length: 99 }, (_, i) => 1 + i);   // 1..99 Hz
function synth(peaks: [number, number, number][], offset = 1, exponent = 1.5, noise = 0): number[] {
  let s = 3;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return FREQS.map((f) => {
    let v = offset - exponent * Math.log10(f) + noise * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    for (const [c, h, sd] of peaks) v += h * Math.exp(-((f - c) ** 2) / (2 * sd * sd));
    return 10 ** v;
  });
}

describe("spy.fooof", () => {
  const power = synth([[10, 0.8, 2], [30, 0.5, 3]], 1, 1.5, 0.01);

  test("fits, with FOOOF's result names, as plain JSON", () => {
    const fit = spy.fooof(FREQS, power);
    expect(fit).toBeInstanceOf(spy.FooofFit);
    expect(fit.converged).toBe(true);
    expect(fit.message).toBe("");
    expect(fit.n_peaks).toBe(2);
    expect(fit.peak_params.length).toBe(2);
    expect(fit.peak_params[0][0]).toBeCloseTo(10, 0);
    expect(fit.aperiodic_params.length).toBe(2);
    expect(fit.aperiodic_mode).toBe("fixed");
    expect(fit.freq_range).toEqual([1, 99]);
    expect(fit.freq_res).toBe(1);
    expect(fit.settings).toEqual({ ...DEFAULT_FOOOF_OPT, peak_width_limits: [0.5, 12] });
    for (let i = 0; i < FREQS.length; i++) expect(fit.fooofed_spectrum[i]).toBeCloseTo(fit.ap_fit[i] + fit.peak_fit[i], 12);
    const json = JSON.parse(JSON.stringify(fit));
    expect(Object.keys(json).sort()).toEqual([
      "ap_fit", "aperiodic_params", "converged", "error", "fooofed_spectrum", "freq_range", "freq_res", "freqs", "gaussian_params",
      "message", "n_peaks", "peak_fit", "peak_params", "power_spectrum", "r_squared", "settings",
    ]);
    expect(new spy.FooofFit(json).peak_params).toEqual(fit.peak_params);
  });

  test("accepts typed arrays and 1-D NDArrays; freq_range trims as FOOOF's fit(freq_range=...)", () => {
    const a = spy.fooof(Float64Array.from(FREQS), Float32Array.from(power));
    expect(a.n_peaks).toBe(2);
    const b = spy.fooof({ data: Float64Array.from(FREQS), shape: [99], dtype: "float64" }, { data: Float64Array.from(power), shape: [99], dtype: "float64" });
    expect(b.aperiodic_params).toEqual(spy.fooof(FREQS, power).aperiodic_params);
    const c = spy.fooof(FREQS, power, { freq_range: [20, 60] });
    expect(c.freq_range).toEqual([20, 60]);
    expect(c.freqs.length).toBe(41);
    expect(c.n_peaks).toBe(1);
  });

  test("settings: knee mode, max_n_peaks, min_peak_height, peak_threshold take effect", () => {
    expect(spy.fooof(FREQS, power, { aperiodic_mode: "knee" }).aperiodic_params.length).toBe(3);
    expect(spy.fooof(FREQS, power, { max_n_peaks: 1 }).n_peaks).toBe(1);
    expect(spy.fooof(FREQS, power, { max_n_peaks: 0 }).n_peaks).toBe(0);
    expect(spy.fooof(FREQS, power, { min_peak_height: 0.6 }).n_peaks).toBe(1);
    expect(spy.fooof(FREQS, power, { peak_threshold: 100 }).n_peaks).toBe(0);
    // "inf" is how a cfg round trip writes Infinity
    expect(spy.fooof(FREQS, power, { max_n_peaks: "inf" as unknown as number }).n_peaks).toBe(2);
  });

  test("bad settings: unknown key, negative widths, reversed limits, wrong types", () => {
    expect(() => spy.fooof(FREQS, power, { peak_width: [1, 2] } as never)).toThrow(/'peak_width' is an unknown keyword of spy\.fooof/);
    expect(() => spy.fooof(FREQS, power, { peak_width_limits: [-1, 8] })).toThrow(/peak_width_limits.*cannot be negative/);
    expect(() => spy.fooof(FREQS, power, { peak_width_limits: [8, 2] })).toThrow(/peak_width_limits.*reversed/);
    expect(() => spy.fooof(FREQS, power, { peak_width_limits: [2, 2] })).toThrow(/lower < upper/);
    expect(() => spy.fooof(FREQS, power, { peak_width_limits: [0, 2] })).toThrow(/lower limit > 0/);
    expect(() => spy.fooof(FREQS, power, { peak_width_limits: [1] as never })).toThrow(spy.SPYValueError);
    expect(() => spy.fooof(FREQS, power, { max_n_peaks: 2.5 })).toThrow(/max_n_peaks/);
    expect(() => spy.fooof(FREQS, power, { max_n_peaks: -1 })).toThrow(/max_n_peaks/);
    expect(() => spy.fooof(FREQS, power, { min_peak_height: NaN })).toThrow(/min_peak_height/);
    expect(() => spy.fooof(FREQS, power, { peak_threshold: -2 })).toThrow(/peak_threshold/);
    expect(() => spy.fooof(FREQS, power, { aperiodic_mode: "lorentz" as never })).toThrow(/aperiodic_mode.*"fixed" or "knee"/);
    expect(() => spy.fooof(FREQS, power, { verbose: 1 as never })).toThrow(spy.SPYTypeError);
    expect(() => parseFooofOpt([1, 2])).toThrow(/fooof_opt/);
  });

  test("bad spectra: 0 Hz, descending or uneven frequencies, non-positive or non-finite power, lengths", () => {
    const f0 = [0, ...FREQS.slice(0, 98)];
    expect(() => spy.fooof(f0, power)).toThrow(/starts at 0 Hz.*freq_range/);
    expect(() => spy.fooof([...FREQS].reverse(), power)).toThrow(/strictly ascending/);
    const uneven = FREQS.map((f, i) => (i === 50 ? f + 0.3 : f));
    expect(() => spy.fooof(uneven, power)).toThrow(/evenly spaced/);
    const zero = [...power]; zero[40] = 0;
    expect(() => spy.fooof(FREQS, zero)).toThrow(/`power`: got 0; .*at 41 Hz: a power of 0 \(a flat or disconnected/);
    const neg = [...power]; neg[3] = -2;
    expect(() => spy.fooof(FREQS, neg)).toThrow(/got -2; .*at 4 Hz: negative power: was the spectrum already in log units/);
    const nan = [...power]; nan[7] = NaN;
    expect(() => spy.fooof(FREQS, nan)).toThrow(/got NaN; .*at 8 Hz/);
    const inf = [...power]; inf[7] = Infinity;
    expect(() => spy.fooof(FREQS, inf)).toThrow(/got Infinity; .*at 8 Hz/);
    expect(() => spy.fooof(FREQS, power.slice(1))).toThrow(/one power value per frequency/);
    expect(() => spy.fooof(FREQS, "x" as never)).toThrow(spy.SPYTypeError);
    expect(() => spy.fooof([1, 2], [1, 2])).toThrow(/at least 3/);
  });

  test("a fit that fails is reported (converged false, message, NaN), not thrown or hidden", () => {
    const f = Float64Array.from(FREQS);
    const lp = Float64Array.from(power, Math.log10);
    const core = fitSpectrum(f, lp, parseFooofOpt(null), { maxfev: 4 });
    expect(core.converged).toBe(false);
    expect(core.message).toMatch(/peak component fit.*maximum number of function evaluations/);
    expect(Number.isNaN(core.aperiodicParams[0])).toBe(true);
    expect(core.nPeaks).toBe(0);
    expect(Number.isNaN(core.fooofed[0])).toBe(true);
    const fit = spy.FooofFit.fromCore(f, lp, parseFooofOpt(null), core);
    expect(fit.summary()).toMatch(/FIT FAILED: .*peak component fit/);
    expect(JSON.parse(JSON.stringify(fit)).r_squared).toBeNull();
  });

  test("verbose: FOOOF's width warning and failure notice as SPYWarning lines", async () => {
    const { warnings } = await spy.captureWarnings(() => spy.fooof(FREQS, power, { verbose: true, peak_width_limits: [1, 8] }));
    expect(warnings.join("\n")).toMatch(/lower peak width limit \(1 Hz\).*frequency resolution/);
    const quiet = await spy.captureWarnings(() => spy.fooof(FREQS, power, { peak_width_limits: [1, 8] }));
    expect(quiet.warnings).toEqual([]);
  });
});

describe("FooofFit display", () => {
  const fit = spy.fooof(FREQS, synth([[10, 0.8, 2], [30, 0.5, 3]], 1, 1.5, 0.01));

  test("the parameter table as text and HTML", () => {
    const text = fit.summary();
    expect(text).toMatch(/FOOOF fit of 99 frequencies, 1\.00 - 99\.00 Hz/);
    expect(text).toMatch(/aperiodic \(offset, exponent\): /);
    expect(text).toMatch(/2 peaks:/);
    expect(text).toMatch(/CF \(Hz\)\s+PW\s+BW \(Hz\)/);
    expect(text).toMatch(/r\^2 = 0\.9\d+, error \(MAE\) = 0\.0\d+/);
    const html = fit.summaryHTML();
    expect(html).toMatch(/<table/);
    expect((html.match(/<tr>/g) ?? []).length).toBe(2 + 3);   // aperiodic: head + row; peaks: head + 2
    expect(require("util").inspect(fit)).toBe(text);
    // outside a kernel display() sends nothing and returns nothing
    expect(fit.display()).toBeUndefined();
  });

  test("the chart: spectrum, model, aperiodic fit and one mark per peak; renders to SVG", async () => {
    const spec = fit.plotSpec();
    const names = spec.layer.map((l: { name: string }) => l.name);
    expect(names).toEqual(["lines", "peak_lines", "peak_dots", "interactive_tooltip"]);
    expect(spec.layer[0].data.values.map((v: { component: string }) => v.component)).toEqual(["spectrum", "full model", "aperiodic fit"]);
    expect(spec.layer[1].data.values.length).toBe(2);
    expect(spec.title).toMatch(/2 peaks, r² = 0\.9/);
    const svg = await renderSVG(spec);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("aperiodic fit");
    expect(fit.plotSpec({ plt_log: true }).layer[0].encoding.x.scale.type).toBe("log");
    const { specBundle } = await import("../../src/plot/display");
    const bundle = await specBundle(spec);
    expect(Object.keys(bundle).sort()).toEqual([VEGALITE_MIME, "image/png", "text/plain"].sort());
    expect(await fit.plot()).toBeUndefined();
  });
});
