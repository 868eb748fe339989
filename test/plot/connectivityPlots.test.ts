/**
 * Connectivity plots (issue 16): the channel × channel matrix at a frequency or band, pair spectra
 * (lines over frequency, or lag for corr), Syncopy's grid of pair spectra, time × frequency maps of
 * time-resolved results, Granger direction. CrossSpectralData objects are built directly with known
 * values and a cfg naming the method; the specs are checked against values computed here.
 */
import * as spy from "../../src";
import { plotSpec } from "../../src/plotting/frontends";
import { compileSpec, renderSVG } from "../../src/plot/render";
import { svgToRgba } from "../../src/plot/rasterize";
import { plotParts } from "../../src/plot/display";
import { EMPTY_CELL_COLOR } from "../../src/plot/matrixSpec";
import { MAX_PANELS, VegaLiteSpec } from "../../src/plot/specs";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";

type Fill = (t: number, f: number, i: number, j: number) => number | [number, number];

interface Make {
  nTime?: number;
  freq?: number[];
  labels?: string[];
  method?: string;
  output?: string;
  complex?: boolean;
  samplerate?: number;
  nTrials?: number;
  /** Trialdefinition offset in samples (time of the first bin × samplerate; default Syncopy's). */
  offset?: number;
}

const LABELS = ["Fz", "Cz", "Pz"];
const FREQ = Array.from({ length: 31 }, (_, f) => f); // 0 … 30 Hz, 1 Hz bins

/** One (or nTrials) trial(s) of [nTime, F, C, C] filled by `fill`, cfg as connectivityanalysis(method, output) leaves it. */
function make(fill: Fill, o: Make = {}): spy.CrossSpectralData {
  const nTime = o.nTime ?? 1, freq = o.freq ?? FREQ, labels = o.labels ?? LABELS;
  const F = freq.length, C = labels.length, w = o.complex ? 2 : 1;
  const trials = Array.from({ length: o.nTrials ?? 1 }, () => {
    const data = new Float64Array(nTime * F * C * C * w);
    for (let t = 0; t < nTime; t++) for (let f = 0; f < F; f++) for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) {
      const k = ((t * F + f) * C + i) * C + j, v = fill(t, f, i, j);
      if (o.complex) { data[2 * k] = (v as [number, number])[0]; data[2 * k + 1] = (v as [number, number])[1]; } else data[k] = v as number;
    }
    return { data, shape: [nTime, F, C, C], dtype: (o.complex ? "complex128" : "float64") as "complex128" | "float64" };
  });
  const trialdefinition = o.offset === undefined ? undefined : trials.map((_, k) => [k * nTime, (k + 1) * nTime, o.offset as number]);
  const d = new spy.CrossSpectralData({ data: trials, samplerate: o.samplerate ?? 1, freq, channel_i: labels, channel_j: labels, trialdefinition });
  if (o.method) d.cfg = { connectivityanalysis: { method: o.method, ...(o.output ? { output: o.output } : {}) } };
  return d;
}

/** The matrix's values as the spec carries them: [row][column], null for an empty cell. */
function cells(spec: VegaLiteSpec): (number | null)[][] {
  return spec.data.values.map((r: { z: string }) => r.z.split(",").map((v) => (v === "" ? null : Number(v))));
}
const layer = (spec: VegaLiteSpec, name: string): VegaLiteSpec => spec.layer.find((l: VegaLiteSpec) => l.name === name);
const colour = (spec: VegaLiteSpec) => layer(spec, "cells").encoding.color;
const titleText = (spec: VegaLiteSpec): string => (typeof spec.title === "string" ? spec.title : spec.title.text);
const nums = (s: string): (number | null)[] => s.split(",").map((v) => (v === "" ? null : Number(v)));

function paramOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { if (e instanceof SPYValueError || e instanceof SPYTypeError) return e.param; throw e; }
  return undefined;
}

// a coherence-like value in [0, 1] that depends on frequency, row and column
const coh: Fill = (_t, f, i, j) => 0.01 * f + 0.1 * i + 0.02 * j;
/** Mean of `fill` over the frequency bins in [lo, hi] at time bin t, computed here. */
function bandMean(fill: Fill, i: number, j: number, lo: number, hi: number, t = 0): number {
  const bins = FREQ.filter((f) => f >= lo && f <= hi);
  return bins.reduce((a, f) => a + (fill(t, f, i, j) as number), 0) / bins.length;
}

describe("channel × channel matrix", () => {
  const data = make(coh, { method: "coh", output: "abs" });

  test("a band: every cell is the mean over the band's bins; labels and titles on both axes", () => {
    const spec = plotSpec(data, { frequency: [8, 12] }, false);
    const z = cells(spec);
    expect(z.length).toBe(3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(z[i][j]).toBeCloseTo(bandMean(coh, i, j, 8, 12), 12);
    expect(z[2][1]).toBeCloseTo(0.1 + 0.2 + 0.02, 12); // mean frequency 10 Hz: 0.1 + 0.1·2 + 0.02·1
    const enc = layer(spec, "cells").encoding;
    expect(enc.y.title).toBe("channel_i");
    expect(enc.x.title).toBe("channel_j");
    expect(enc.y.axis.labelExpr).toBe(`${JSON.stringify(LABELS)}[datum.value]`);
    expect(enc.x.axis.labelExpr).toBe(`${JSON.stringify(LABELS)}[datum.value]`);
    expect(titleText(spec)).toBe("abs coherence, mean over 8 … 12 Hz (5 bins)");
    expect(spec.title.subtitle).toBe("CrossSpectralData (coh), trial 0");
    // tooltips: both labels, the value and the frequency
    expect(enc.tooltip.map((t: { title: string }) => t.title)).toEqual(["channel_i", "channel_j", "abs coherence", "frequency"]);
    expect(spec.transform).toContainEqual({ calculate: JSON.stringify("8 … 12 Hz (mean of 5 bins)"), as: "extra_0" });
    expect(() => compileSpec(spec)).not.toThrow();
  });

  test("one frequency: the nearest bin; no frequency: the mean over all of them, said in the title", () => {
    const at = plotSpec(data, { frequency: 10.3 }, false);
    cells(at).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(coh(0, 10, i, j) as number, 12)));
    expect(titleText(at)).toBe("abs coherence, at 10 Hz");
    const all = plotSpec(data, {}, false);
    cells(all).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(bandMean(coh, i, j, 0, 30), 12)));
    expect(titleText(all)).toBe("abs coherence, mean over all frequencies (0 … 30 Hz, 31 bins)");
  });

  test("non-negative measures: a sequential scale from 0 to the highest value", () => {
    const c = colour(plotSpec(data, { frequency: [8, 12] }, false));
    expect(c.scale.scheme).toBe("viridis");
    expect(c.scale.reverse).toBeUndefined();
    expect(c.scale.domain[0]).toBe(0);
    expect(c.scale.domain[1]).toBeCloseTo(bandMean(coh, 2, 2, 8, 12), 12);
    // a bias-corrected estimator below 0 stretches the scale down to its lowest value
    const ppc = make((_t, f, i, j) => 0.02 * f - 0.05 * i + 0.01 * j, { method: "ppc" });
    const p = colour(plotSpec(ppc, { frequency: 1 }, false));
    expect(p.scale.domain[0]).toBeCloseTo(0.02 - 0.1, 12);
    expect(p.title).toBe("PPC");
  });

  test("signed measures: a diverging scale centred on 0 (dPLI on 0.5), symmetric", () => {
    const signed: Fill = (_t, f, i, j) => 0.3 * Math.sin(f + 2 * i + 3 * j);
    for (const [method, output] of [["coh", "imag"], ["coh", "real"], ["imcoh", undefined], ["corr", undefined]] as const) {
      const d = make(signed, { method, output, ...(method === "corr" ? { freq: [0] } : {}) });
      const spec = plotSpec(d, method === "corr" ? {} : { frequency: 5 }, false);
      const m = Math.max(...cells(spec).flat().map((v) => Math.abs(v as number)));
      const c = colour(spec);
      expect(c.scale.scheme).toBe("redblue");
      expect(c.scale.reverse).toBe(true); // blue below, red above the centre
      expect(c.scale.domain[0]).toBeCloseTo(-m, 6);
      expect(c.scale.domain[1]).toBeCloseTo(m, 6);
    }
    const dpli = make((_t, f, i, j) => 0.5 + 0.1 * Math.cos(f + i - j), { method: "dpli" });
    const spec = plotSpec(dpli, { frequency: 3 }, false);
    const dev = Math.max(...cells(spec).flat().map((v) => Math.abs((v as number) - 0.5)));
    expect(colour(spec).scale.domain[0]).toBeCloseTo(0.5 - dev, 6);
    expect(colour(spec).scale.domain[1]).toBeCloseTo(0.5 + dev, 6);
    expect(colour(spec).title).toBe("dPLI");
  });

  test("Granger causality: rows from, columns to, the diagonal empty", () => {
    const g = make((_t, f, i, j) => (i === j ? 0 : 0.1 * (1 + i) + 0.01 * j + 0.001 * f), { method: "granger" });
    const spec = plotSpec(g, { frequency: [4, 6] }, false);
    const z = cells(spec);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      if (i === j) expect(z[i][j]).toBeNull();
      else expect(z[i][j]).toBeCloseTo(0.1 * (1 + i) + 0.01 * j + 0.005, 12);
    }
    const enc = layer(spec, "cells").encoding;
    expect(enc.y.title).toBe("channel_i (from)");
    expect(enc.x.title).toBe("channel_j (to)");
    expect(spec.title.subtitle).toMatch(/row → column, from channel_i to channel_j/);
    expect(layer(spec, "empty").mark.color).toBe(EMPTY_CELL_COLOR);
    expect(colour(spec).scale.domain[0]).toBe(0);
  });

  test("complex csd: |csd| on a log colour scale, or dB", () => {
    const csd = make((_t, f, i, j) => [1 + f + i, 2 * j], { method: "csd", complex: true });
    const spec = plotSpec(csd, { frequency: 7 }, false);
    cells(spec).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(Math.hypot(8 + i, 2 * j), 4)));
    expect(colour(spec).scale.type).toBe("log");
    expect(colour(spec).title).toBe("|csd| (a.u.²)");
    const db = plotSpec(csd, { frequency: 7, scale: "dB", unit: "µV" }, false);
    expect(cells(db)[1][2]).toBeCloseTo(10 * Math.log10(Math.hypot(9, 4)), 4);
    expect(colour(db).title).toBe("|csd| (dB re 1 µV²)");
  });

  test("bad keywords: frequency outside the axis, a band without a bin, an unknown pair, a scale", () => {
    expect(paramOf(() => plotSpec(data, { frequency: 40 }, false))).toBe("frequency");
    expect(paramOf(() => plotSpec(data, { frequency: [8.2, 8.8] }, false))).toBe("frequency");
    expect(() => plotSpec(data, { frequency: [8.2, 8.8] }, false)).toThrow(/at least one frequency bin/);
    expect(paramOf(() => plotSpec(data, { channel_i: "Oz", channel_j: "Fz" }, false))).toBe("channel_i");
    expect(paramOf(() => plotSpec(data, { channel_i: "Fz", channel_j: ["Cz", "Oz"] }, false))).toBe("channel_j");
    expect(paramOf(() => plotSpec(data, { channel_j: "Fz" }, false))).toBe("channel_i");
    expect(paramOf(() => plotSpec(data, { scale: "log" }, false))).toBe("scale");
    const two = make(coh, { method: "coh", nTrials: 2 });
    expect(paramOf(() => plotSpec(two, {}, false))).toBe("trials");
    expect(cells(plotSpec(two, { trials: 1, frequency: 3 }, false))[0][0]).toBeCloseTo(0.03, 12);
  });

  test("a PNG of the matrix: labels drawn, the empty diagonal in its grey", async () => {
    const g = make((_t, f, i, j) => (i === j ? 0 : 0.1 * (1 + i) + 0.01 * j), { method: "granger" });
    const spec = plotSpec(g, { frequency: 5 }, false);
    const svg = await renderSVG(spec);
    for (const l of LABELS) expect(svg).toContain(`>${l}<`);
    expect(svg).toContain("channel_j (to)");
    const img = await svgToRgba(svg);
    const [r, gg, b] = [0xe8, 0xe8, 0xe8];
    let grey = 0;
    for (let p = 0; p < img.rgba.length; p += 4) if (img.rgba[p] === r && img.rgba[p + 1] === gg && img.rgba[p + 2] === b) grey++;
    // three empty cells of 40 × 40 px, less the padding between cells
    expect(grey).toBeGreaterThan(3 * 36 * 36);
    expect(grey).toBeLessThan(3 * 41 * 41);
    const parts = await plotParts(spec);
    expect([...parts.image.png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(parts.image.width).toBeGreaterThan(120);
  });

  test("spy.singlepanelplot draws the matrix", async () => {
    await expect(spy.singlepanelplot(data, { frequency: [8, 12] })).resolves.toBeUndefined();
  });
});

describe("pair spectra (lines)", () => {
  test("coherence: a line per channel_j over frequency, Syncopy's labels", () => {
    const data = make(coh, { method: "coh", output: "abs" });
    const spec = plotSpec(data, { channel_i: "Cz", channel_j: ["Fz", "Pz"] }, false);
    const recs = spec.data.values;
    expect(recs.map((r: { channel: string }) => r.channel)).toEqual(["Cz - Fz", "Cz - Pz"]);
    expect(nums(recs[1].y)).toEqual(FREQ.map((f) => Number((coh(0, f, 1, 2) as number).toPrecision(6))));
    const enc = layer(spec, "lines").encoding;
    expect(enc.x.title).toBe("frequency (Hz)");
    expect(enc.y.title).toBe("abs coherence");
    expect(spec.title).toBe("CrossSpectralData (coh), trial 0");
  });

  test("Granger causality: 'i → j', the channel with itself left out", () => {
    const g = make((_t, f, i, j) => (i === j ? 0 : 0.1 + 0.01 * f), { method: "granger" });
    const spec = plotSpec(g, { channel_i: "Fz" }, false);
    expect(spec.data.values.map((r: { channel: string }) => r.channel)).toEqual(["Fz → Cz", "Fz → Pz"]);
    expect(layer(spec, "lines").encoding.y.title).toBe("Granger causality");
  });

  test("corr: a line over lag (s)", () => {
    const lags = 50, fs = 1000;
    const corr = make((t, _f, i, j) => Math.cos(2 * Math.PI * 10 * t / fs + i - j), { method: "corr", nTime: lags, freq: [0], samplerate: fs, offset: 0 });
    const spec = plotSpec(corr, { channel_i: 0, channel_j: 1 }, false);
    expect(layer(spec, "lines").encoding.x.title).toBe("lag (s)");
    const rec = spec.data.values[0];
    expect(nums(rec.x)).toEqual(Array.from({ length: lags }, (_, k) => k / fs));
    nums(rec.y).forEach((v, k) => expect(v).toBeCloseTo(Math.cos(2 * Math.PI * 10 * k / fs - 1), 5));
    // the matrix of corr: the zero-lag correlation, or the mean over a latency window's lags
    const m0 = plotSpec(corr, {}, false);
    cells(m0).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(Math.cos(i - j), 5)));
    expect(titleText(m0)).toBe("correlation, at lag 0 s");
    const w = plotSpec(corr, { latency: [0, 0.0095] }, false);
    const mean = Array.from({ length: 10 }, (_, k) => Math.cos(2 * Math.PI * 10 * k / fs + 1)).reduce((a, b) => a + b) / 10;
    expect(cells(w)[1][0]).toBeCloseTo(mean, 5);
    expect(titleText(w)).toBe("correlation, mean over lags 0 … 0.009 s (10 lags)");
  });
});

describe("grid of pair spectra (multipanelplot)", () => {
  test("channel_i rows × channel_j columns, shared axes, Granger panels 'i → j'", () => {
    const g = make((_t, f, i, j) => (i === j ? 0 : 0.1 * (1 + i) + 0.001 * f), { method: "granger" });
    const spec = plotSpec(g, {}, true);
    expect(spec.concat.length).toBe(9);
    expect(spec.columns).toBe(3);
    expect(spec.concat.map((p: VegaLiteSpec) => p.title.text)).toEqual([
      "Fz → Fz", "Fz → Cz", "Fz → Pz", "Cz → Fz", "Cz → Cz", "Cz → Pz", "Pz → Fz", "Pz → Cz", "Pz → Pz",
    ]);
    expect(spec.resolve.scale).toEqual({ x: "shared", y: "shared" });
    expect(spec.title.subtitle).toBe("rows: channel_i (from), columns: channel_j (to)");
    // panels tall enough for the one-line y title (headless vega reserves 0.8 × 11 px per character)
    expect(spec.concat[0].height).toBe(Math.ceil(9 * "Granger causality".length));
    // a channel's panel with itself is empty; Pz → Cz holds 0.3 + 0.001 f
    const rec = (name: string) => spec.data.values.find((r: { channel: string }) => r.channel === name);
    expect(nums(rec("Cz → Cz").y).every((v) => v === null)).toBe(true);
    nums(rec("Pz → Cz").y).forEach((v, f) => expect(v).toBeCloseTo(0.3 + 0.001 * f, 6));
    expect(() => compileSpec(spec)).not.toThrow();
  });

  test("coherence panels 'i - j'; a selection narrows the grid", () => {
    const spec = plotSpec(make(coh, { method: "coh" }), { channel_i: ["Fz", "Cz"], channel_j: "Pz" }, true);
    expect(spec.concat.map((p: VegaLiteSpec) => p.title.text)).toEqual(["Fz - Pz", "Cz - Pz"]);
  });

  test("too many pairs: an error naming how to select", () => {
    const labels = Array.from({ length: 12 }, (_, k) => `ch${k}`);
    const big = make(() => 0.5, { method: "coh", labels, freq: [1, 2] });
    expect(12 * 12).toBeGreaterThan(MAX_PANELS);
    expect(paramOf(() => plotSpec(big, {}, true))).toBe("channel_i");
    expect(() => plotSpec(big, {}, true)).toThrow(/select fewer.*singlepanelplot/);
    expect(plotSpec(big, { channel_i: labels.slice(0, 4), channel_j: labels.slice(0, 4) }, true).concat.length).toBe(16);
  });
});

describe("time-resolved results", () => {
  const nTime = 20, freq = [2, 4, 6, 8, 10], fs = 10;
  const fill: Fill = (t, f, i, j) => 0.5 + 0.02 * t - 0.05 * f + 0.1 * i * j;
  const tf = make(fill, { method: "coh", nTime, freq, samplerate: fs, offset: -5 });

  test("a pair: a time × frequency map", () => {
    const spec = plotSpec(tf, { channel_i: "Cz", channel_j: "Pz" }, false);
    const image = layer(spec, "image").encoding;
    expect(image.x.title).toBe("time (s)");
    expect(image.y.title).toBe("frequency (Hz)");
    expect(spec.title).toBe("Cz - Pz: abs coherence, trial 0");
    // the cell edges: time bins at (k − 5) / 10 s (the offset), frequencies 2 … 10 Hz
    expect(image.x.scale.domain[0]).toBeCloseTo(-0.55, 12);
    expect(image.x.scale.domain[1]).toBeCloseTo(1.45, 12);
    expect(image.y.scale.domain).toEqual([1, 11]);
    const bar = layer(spec, "colorbar").encoding.color;
    expect(bar.scale.scheme).toBe("viridis");
    expect(bar.scale.domain[0]).toBe(0);
    expect(bar.scale.domain[1]).toBeCloseTo(fill(19, 0, 1, 2) as number, 12);
    expect(paramOf(() => plotSpec(tf, { channel_i: "Cz" }, false))).toBe("channel_j");
  });

  test("no pair: the matrix averaged over time bins and frequencies", () => {
    const spec = plotSpec(tf, { frequency: [4, 8] }, false);
    let want = 0;
    for (let t = 0; t < nTime; t++) for (const f of [1, 2, 3]) want += fill(t, f, 2, 1) as number;
    expect(cells(spec)[2][1]).toBeCloseTo(want / (nTime * 3), 12);
    expect(titleText(spec)).toBe("abs coherence, mean over 4 … 8 Hz (3 bins), mean over -0.5 … 1.4 s (20 time bins)");
  });

  test("multipanelplot: one map per pair", () => {
    const spec = plotSpec(tf, { channel_i: ["Fz", "Cz"], channel_j: ["Fz", "Cz"] }, true);
    expect(spec.concat.length).toBe(4);
    expect(spec.concat.map((p: VegaLiteSpec) => p.title.text)).toEqual(["Fz - Fz", "Fz - Cz", "Cz - Fz", "Cz - Cz"]);
    expect(() => compileSpec(spec)).not.toThrow();
  });
});
