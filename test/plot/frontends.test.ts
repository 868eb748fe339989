/**
 * Plots a scientist reads (issue 15): axis titles with units, the scale of spectra (log, linear,
 * dB), the band of mean ± SD over trials, baseline-normalised time-frequency maps with a
 * diverging colour scale, stacked traces of any sign, layouts for many channels; each against
 * the numbers in the spec.
 */
import * as spy from "../../src";
import { plotSpec } from "../../src/plotting/frontends";
import { compileSpec, renderSVG } from "../../src/plot/render";
import { LINE_COLOR, VegaLiteSpec } from "../../src/plot/specs";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";

const nums = (s: string): (number | null)[] => s.split(",").map((v) => (v === "" ? null : Number(v)));
const lines = (spec: VegaLiteSpec): VegaLiteSpec => spec.layer.find((l: VegaLiteSpec) => l.name === "lines");
const record = (spec: VegaLiteSpec, channel: string) => spec.data.values.find((r: { channel: string }) => r.channel === channel);

function paramOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { if (e instanceof SPYValueError || e instanceof SPYTypeError) return e.param; throw e; }
  return undefined;
}

/** 4 trials x 600 samples x 3 channels at 1 kHz: a 40 Hz rhythm of trial-dependent amplitude plus noise. */
function analog(nChannels = 3, nTrials = 4): spy.AnalogData {
  let s = 7;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
  const trials = Array.from({ length: nTrials }, (_, k) => {
    const n = 600, data = new Float64Array(n * nChannels);
    for (let i = 0; i < n; i++) for (let c = 0; c < nChannels; c++) data[i * nChannels + c] = (1 + 0.3 * k) * Math.sin(2 * Math.PI * 40 * i / 1000 + c) + 0.2 * u();
    return { data, shape: [n, nChannels], dtype: "float64" as const };
  });
  return new spy.AnalogData({ data: trials, samplerate: 1000 });
}

describe("units on every axis", () => {
  const data = analog();

  test("AnalogData: time (s), the signal in a.u. or in the unit given; Hilbert envelope named", async () => {
    const multi = plotSpec(data, { trials: 0 }, true);
    // 3 panels in one row: the first carries the y title, the middle one the x title
    const enc = multi.concat[0].layer[0].encoding;
    expect(multi.concat[1].layer[0].encoding.y.axis.title ?? null).toBeNull();
    expect(enc.y.axis.title).toBe("signal (a.u.)");
    expect(multi.concat[1].layer[0].encoding.x.axis.title).toBe("time (s)");
    const withUnit = plotSpec(data, { trials: 0, unit: "µV" }, true);
    expect(withUnit.concat[0].layer[0].encoding.y.axis.title).toBe("signal (µV)");
    const stacked = plotSpec(data, { trials: 0, unit: "µV" }, false);
    expect(lines(stacked).encoding.y.title).toBe("channel");
    expect(stacked.layer.find((l: VegaLiteSpec) => l.name === "scalebar_label").data.values[0].label).toMatch(/^[\d.]+ µV$/);
    expect(lines(stacked).encoding.x.title).toBe("time (s)");
    const env = await spy.preprocessing(data, { filter_class: "but", filter_type: "bp", freq: [30, 50], hilbert: "abs" });
    const e = plotSpec(env, { trials: 0 }, false);
    expect(e.title).toBe("AnalogData, trial 0: envelope");
    const envMulti = plotSpec(env, { trials: 0 }, true);
    expect(envMulti.concat[0].layer[0].encoding.y.axis.title).toBe("envelope (a.u.)");
    // the envelope's labels lie inside its traces (positive-only signal: they were at the offsets, off the axis)
    const svg = await renderSVG(e);
    for (const name of env.channel) expect(svg).toContain(`>${name}<`);
  });

  test("SpectralData: frequency (Hz) and the output with its unit", async () => {
    const pow = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", foilim: [1, 100], keeptrials: false });
    const p = plotSpec(pow, {}, false);
    expect(lines(p).encoding.x.title).toBe("frequency (Hz)");
    expect(lines(p).encoding.y.title).toBe("power (a.u.²)");
    expect(p.title).toBe("Power spectrum, trial average");
    expect(lines(plotSpec(pow, { unit: "mV" }, false)).encoding.y.title).toBe("power (mV²)");
    const abs = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", output: "abs", foilim: [1, 100], keeptrials: false });
    expect(lines(plotSpec(abs, {}, false)).encoding.y.title).toBe("amplitude (a.u.)");
    const four = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", output: "fourier", foilim: [1, 100], select: { trials: [0] } });
    expect(lines(plotSpec(four, {}, false)).encoding.y.title).toBe("magnitude (a.u.)");
    const ang = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", output: "angle", foilim: [1, 100], keeptrials: false });
    const a = plotSpec(ang, {}, false);
    expect(lines(a).encoding.y.title).toBe("phase (rad)");
    expect(lines(a).encoding.y.scale.type).toBeUndefined(); // signed values: linear
    const svg = await renderSVG(p);
    expect(svg).toContain("power (a.u.²)");
  });
});

describe("spectra: scale and band", () => {
  const data = analog();
  let pow: spy.SpectralData, abs: spy.SpectralData, perTrial: spy.SpectralData;
  beforeAll(async () => {
    pow = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", foilim: [10, 60], keeptrials: false });
    abs = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", output: "abs", foilim: [10, 60], keeptrials: false });
    perTrial = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", foilim: [10, 60], keeptrials: true });
  });

  test("log axis by default, linear, and dB = 10·log10(power), 20·log10(amplitude)", () => {
    expect(lines(plotSpec(pow, {}, false)).encoding.y.scale.type).toBe("log");
    expect(lines(plotSpec(pow, { scale: "linear" }, false)).encoding.y.scale.type).toBeUndefined();
    expect(lines(plotSpec(pow, { logscale: false }, false)).encoding.y.scale.type).toBeUndefined();
    const db = plotSpec(pow, { scale: "dB", channel: ["channel1"] }, false);
    expect(lines(db).encoding.y.scale.type).toBeUndefined();
    expect(lines(db).encoding.y.title).toBe("power (dB re 1 a.u.²)");
    const t = pow.trials.get(0), C = 3;
    const ys = nums(record(db, "channel1").y);
    expect(ys.length).toBe(pow.freq.length);
    ys.forEach((v, f) => expect(v).toBeCloseTo(10 * Math.log10(t.data[f * C]), 4));
    const adb = plotSpec(abs, { scale: "dB", channel: ["channel2"] }, false);
    expect(lines(adb).encoding.y.title).toBe("amplitude (dB re 1 a.u.)");
    const ta = abs.trials.get(0);
    nums(record(adb, "channel2").y).forEach((v, f) => expect(v).toBeCloseTo(20 * Math.log10(ta.data[f * C + 1]), 4));
    // in a grid too
    const grid = plotSpec(pow, { scale: "dB" }, true);
    expect(grid.concat[0].layer[0].encoding.y.axis.title).toEqual(["power", "(dB re 1 a.u.²)"]); // broken to fit the panel
    expect(() => compileSpec(grid)).not.toThrow();
  });

  test("scale errors name the option", async () => {
    expect(paramOf(() => plotSpec(pow, { scale: "dB", logscale: true }, false))).toBe("logscale");
    expect(paramOf(() => plotSpec(pow, { scale: "decibel" as never }, false))).toBe("scale");
    expect(() => plotSpec(pow, { scale: 10 as never }, false)).toThrow(SPYTypeError);
    const real = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", output: "real", foilim: [10, 60], keeptrials: false });
    expect(paramOf(() => plotSpec(real, { scale: "log" }, false))).toBe("scale");
    expect(paramOf(() => plotSpec(data, { scale: "dB" }, false))).toBe("scale");
  });

  test("band 'sd': mean ± SD (N − 1) over the selected trials, against the hand computation", () => {
    const spec = plotSpec(perTrial, { band: "sd", scale: "linear", channel: ["channel1", "channel3"] }, false);
    expect(spec.layer[0].name).toBe("band");
    expect(spec.title).toBe("Power spectrum, mean ± SD of 4 trials");
    const F = perTrial.freq.length, C = 3;
    for (const [name, c] of [["channel1", 0], ["channel3", 2]] as const) {
      const rec = record(spec, name);
      const ys = nums(rec.y), lo = nums(rec.lo), hi = nums(rec.hi);
      for (let f = 0; f < F; f++) {
        const v = [0, 1, 2, 3].map((k) => perTrial.trials.get(k).data[f * C + c]);
        const mean = v.reduce((a, b) => a + b) / 4;
        const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
        expect(ys[f]).toBeCloseTo(mean, 6 - Math.ceil(Math.log10(Math.abs(mean))));
        expect((lo[f] as number) / (mean - sd)).toBeCloseTo(1, 4);
        expect((hi[f] as number) / (mean + sd)).toBeCloseTo(1, 4);
      }
    }
    // the SEM: SD / sqrt(n)
    const sem = plotSpec(perTrial, { band: "sem", scale: "linear", channel: ["channel1"] }, false);
    const rec = record(sem, "channel1"), sdRec = record(spec, "channel1");
    const f0 = 20;
    const m = nums(rec.y)[f0] as number;
    expect(((nums(rec.hi)[f0] as number) - m) / ((nums(sdRec.hi)[f0] as number) - m)).toBeCloseTo(0.5, 4);
    expect(sem.title).toBe("Power spectrum, mean ± SEM of 4 trials");
    expect(() => compileSpec(spec)).not.toThrow();
  });

  test("band on a log or dB axis: an edge at or below zero goes to the lowest value drawn; dB converts the edges", () => {
    const lin = plotSpec(perTrial, { band: "sd", scale: "linear", channel: ["channel2"] }, false);
    const dB = plotSpec(perTrial, { band: "sd", scale: "dB", channel: ["channel2"] }, false);
    const l = record(lin, "channel2"), d = record(dB, "channel2");
    const ys = nums(l.y) as number[], lo = nums(l.lo) as number[], hi = nums(l.hi) as number[];
    const floor = Math.min(...ys.filter((v) => v > 0), ...lo.filter((v) => v > 0));
    (nums(d.y) as number[]).forEach((v, f) => expect(v).toBeCloseTo(10 * Math.log10(ys[f]), 3));
    (nums(d.hi) as number[]).forEach((v, f) => expect(v).toBeCloseTo(10 * Math.log10(hi[f]), 3));
    (nums(d.lo) as number[]).forEach((v, f) => expect(v).toBeCloseTo(10 * Math.log10(lo[f] > 0 ? lo[f] : floor), 3));
    expect(lo.some((v) => v <= 0)).toBe(true); // the case is exercised: power spread over trials exceeds the mean somewhere
    const log = plotSpec(perTrial, { band: "sd", channel: ["channel2"] }, false);
    expect(Math.min(...(nums(record(log, "channel2").lo) as number[]))).toBeGreaterThan(0);
  });

  test("a band needs several trials and a spectrum", async () => {
    expect(paramOf(() => plotSpec(pow, { band: "sd" }, false))).toBe("band");
    expect(() => plotSpec(pow, { band: "sd" }, false)).toThrow(/several trials.*keeptrials=false/s);
    expect(paramOf(() => plotSpec(perTrial, { band: "sd", trials: 1 }, false))).toBe("band");
    expect(paramOf(() => plotSpec(perTrial, { band: "iqr" as never }, false))).toBe("band");
    expect(lines(plotSpec(perTrial, { band: "none" }, false))).toBeDefined();
    const tf = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: 0.1, toi: "all", foilim: [20, 60], select: { trials: [0, 1] } });
    expect(paramOf(() => plotSpec(tf, { band: "sd", channel: 0 }, false))).toBe("band");
  });
});

describe("time-frequency maps: baseline and colour scale", () => {
  // one channel, 6 time points (-0.3 … 0.2 s at 10 Hz), 2 frequencies
  const zz = [
    [2, 4, 6, 8, 12, 3], // time-major would be transposed below: z[f][t]
    [1, 1, 2, 5, 1, 0.5],
  ];
  const nT = 6, nF = 2;
  const trial = new Float64Array(nT * nF);
  for (let t = 0; t < nT; t++) for (let f = 0; f < nF; f++) trial[t * nF + f] = zz[f][t];
  const tf = new spy.SpectralData({
    data: [{ data: trial, shape: [nT, 1, nF, 1], dtype: "float64" }],
    samplerate: 10, freq: [10, 20], channel: ["V1"], trialdefinition: [[0, 6, -3]],
  });
  /** The tooltip grid of a small map holds every cell's value (5 significant digits), row by row. */
  const cells = (spec: VegaLiteSpec): (number | null)[][] =>
    spec.layer.find((l: VegaLiteSpec) => String(l.name).startsWith("interactive_")).data.values.map((r: { z: string }) => nums(r.z));
  const colour = (spec: VegaLiteSpec) => spec.layer.find((l: VegaLiteSpec) => l.name === "colorbar").encoding.color;

  test("time (s), frequency (Hz), power (a.u.²); linear colour by default, log, dB", () => {
    const spec = plotSpec(tf, {}, false);
    const img = spec.layer.find((l: VegaLiteSpec) => l.name === "image");
    expect(img.encoding.x.title).toBe("time (s)");
    expect(img.encoding.y.title).toBe("frequency (Hz)");
    expect(colour(spec).title).toBe("power (a.u.²)");
    expect(colour(spec).scale.type).toBe("linear");
    expect(colour(spec).scale.scheme).toBe("magma");
    expect(cells(spec)).toEqual(zz);
    expect(colour(plotSpec(tf, { scale: "log" }, false)).scale.type).toBe("log");
    const db = plotSpec(tf, { scale: "dB" }, false);
    expect(colour(db).legend.title).toEqual(["power", "(dB re 1 a.u.²)"]);
    cells(db).forEach((row, f) => row.forEach((v, t) => expect(v).toBeCloseTo(10 * Math.log10(zz[f][t]), 3)));
  });

  test("baseline [-0.3, -0.1] of each type against the hand computation, diverging colours centred at 0 or 1", () => {
    const m = zz.map((row) => (row[0] + row[1] + row[2]) / 3); // 4 and 4/3
    const s = zz.map((row, f) => Math.sqrt(((row[0] - m[f]) ** 2 + (row[1] - m[f]) ** 2 + (row[2] - m[f]) ** 2) / 2));
    const hand: Record<string, (x: number, f: number) => number> = {
      absolute: (x, f) => x - m[f],
      relative: (x, f) => x / m[f],
      relchange: (x, f) => (x - m[f]) / m[f],
      normchange: (x, f) => (x - m[f]) / (x + m[f]),
      db: (x, f) => 10 * Math.log10(x / m[f]),
      zscore: (x, f) => (x - m[f]) / s[f],
    };
    for (const [type, fn] of Object.entries(hand)) {
      const spec = plotSpec(tf, { baseline: [-0.3, -0.1], baseline_type: type as never }, false);
      const got = cells(spec);
      zz.forEach((row, f) => row.forEach((x, t) => expect(got[f][t]).toBeCloseTo(fn(x, f), 3)));
      const c = colour(spec);
      const mid = type === "relative" ? 1 : 0;
      expect(c.scale.scheme).toBe("redblue");
      expect(c.scale.reverse).toBe(true);
      expect((c.scale.domain[0] + c.scale.domain[1]) / 2).toBeCloseTo(mid, 9);
      expect(spec.title).toBe(`V1, trial 0, baseline -0.3 … -0.1 s (${type})`);
    }
    expect(colour(plotSpec(tf, { baseline: [-0.3, -0.1] }, false)).title).toBe("power − baseline (a.u.²)"); // FieldTrip's default: absolute
    expect(colour(plotSpec(tf, { baseline: [-0.3, -0.1], baseline_type: "zscore" }, false)).title).toBe("power, z-score re baseline");
    // relative on a log colour scale: symmetric in log10 around 1
    const rl = colour(plotSpec(tf, { baseline: [-0.3, -0.1], baseline_type: "relative", scale: "log" }, false));
    expect(rl.scale.type).toBe("log");
    expect(rl.scale.domain[0] * rl.scale.domain[1]).toBeCloseTo(1, 9);
    // relative in dB: 10·log10 of the ratio, centred at 0
    const rdb = plotSpec(tf, { baseline: [-0.3, -0.1], baseline_type: "relative", scale: "dB" }, false);
    expect(cells(rdb)[0][4]).toBeCloseTo(10 * Math.log10(12 / 4), 3);
    expect(colour(rdb).title).toBe("power re baseline (dB)");
  });

  test("multipanelplot: one shared symmetric colour range; the baseline options are checked", async () => {
    const data = analog(3, 2);
    const conv = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: 0.1, toi: "all", foilim: [20, 60], keeptrials: false });
    const spec = plotSpec(conv, { baseline: [-0.5, -0.3], baseline_type: "db" }, true);
    const domains = spec.concat.map((p: VegaLiteSpec) => p.layer.find((l: VegaLiteSpec) => l.name.startsWith("colorbar")).encoding.color.scale.domain);
    for (const d of domains) {
      expect(d).toEqual(domains[0]);
      expect(d[0]).toBeCloseTo(-d[1], 9);
    }
    expect(() => compileSpec(spec)).not.toThrow();
    expect(paramOf(() => plotSpec(tf, { baseline_type: "db" }, false))).toBe("baseline_type");
    expect(paramOf(() => plotSpec(tf, { baseline: [0.5, 0.6] }, false))).toBe("baseline");
    expect(paramOf(() => plotSpec(tf, { baseline: [-0.3, -0.1], baseline_type: "zscore", scale: "log" }, false))).toBe("scale");
    expect(paramOf(() => plotSpec(tf, { baseline: [-0.3, -0.1], baseline_type: "percent" as never }, false))).toBe("baseline_type");
    expect(paramOf(() => plotSpec(tf, { baseline: "pre" as never }, false))).toBe("baseline");
    const spectrum = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", keeptrials: false });
    expect(paramOf(() => plotSpec(spectrum, { baseline: [-0.5, -0.3] }, false))).toBe("baseline");
    expect(paramOf(() => plotSpec(data, { baseline: [-0.5, -0.3] }, false))).toBe("baseline");
  });
});

describe("many channels", () => {
  test("64 channels: singlepanelplot with the channel menu, multipanelplot as an 8 x 8 grid", async () => {
    const data = analog(64, 1);
    const spec = plotSpec(data, { trials: 0, latency: [-0.6, -0.5] }, false);
    expect(lines(spec).encoding.color.value).toBe(LINE_COLOR);
    expect(lines(spec).params.find((p: VegaLiteSpec) => p.name === "pick").bind.input).toBe("select");
    expect(lines(spec).encoding.y.axis.values).toHaveLength(64);
    const svg = await renderSVG(spec);
    expect(svg).not.toMatch(/entries/); // no legend, no "…35 entries"
    expect((svg.match(/>channel\d\d</g) ?? []).length).toBe(64);
    const pow = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", foilim: [1, 100], keeptrials: false });
    const grid = plotSpec(pow, {}, true);
    expect(grid.concat).toHaveLength(64);
    expect(grid.columns).toBe(8);
    expect(() => compileSpec(grid)).not.toThrow();
    await expect(spy.multipanelplot(pow, {})).resolves.toBeUndefined();
  });
});

test("FOOOF's chart: log₁₀ power with its unit", () => {
  const freqs = Array.from({ length: 60 }, (_, i) => 1 + i);
  const power = freqs.map((f) => 10 ** (1 - 1.2 * Math.log10(f) + 0.6 * Math.exp(-((f - 10) ** 2) / 8)));
  const spec = spy.fooof(freqs, power).plotSpec();
  expect(spec.layer[0].encoding.y.title).toBe("log₁₀ power (a.u.²)");
  expect(spec.layer[0].encoding.x.title).toBe("frequency (Hz)");
});
