import {
  lineSpec, multiPanelSpec, heatmapSpec, staticSpec, shiftOffsets, shiftLayout, panelColumns, MAX_PANELS, MAX_COLORS, FULL_PANELS,
  LINE_COLOR, PICK_COLOR, VegaLiteSpec, gridAxes, legendTitle, niceFloor, scaleBar, symmetricDomain, schemePalette,
} from "../../src/plot/specs";
import { renderSVG } from "../../src/plot/render";
import { compileSpec } from "../../src/plot/render";
import { SPYValueError } from "../../src/core/errors";

const N = 1_000_000;
const fs = 1000;
const tBig = Float64Array.from({ length: N }, (_, i) => i / fs - 1);

function noisy(n: number, f: number, amp = 1): Float64Array {
  const y = new Float64Array(n);
  const w = (2 * Math.PI * f) / fs;
  for (let i = 0; i < n; i++) y[i] = amp * Math.sin(w * i) + 0.2 * (((i * 7919) % 1000) / 500 - 1);
  return y;
}

function paramOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { if (e instanceof SPYValueError) return e.param; throw e; }
  return undefined;
}

const nums = (s: string): (number | null)[] => s.split(",").map((v) => (v === "" ? null : Number(v)));

/** Expand the columnar inline values the way the spec's transforms do. */
function flatPoints(spec: VegaLiteSpec): { channel: string; x: number; y: number | null }[] {
  const out: { channel: string; x: number; y: number | null }[] = [];
  for (const rec of spec.data.values) {
    const ys = nums(rec.y);
    nums(rec.x).forEach((x, i) => out.push({ channel: rec.channel, x: x as number, y: ys[i] }));
  }
  return out;
}

/** Run the compiled spec in a headless vega View and return every named dataset. */
async function viewData(spec: VegaLiteSpec): Promise<Record<string, Record<string, unknown>[]>> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const vega = require("vega");
  const vg = compileSpec(spec) as { data: { name: string }[] };
  const view = new vega.View(vega.parse(vg), { renderer: "none" });
  await view.runAsync();
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const d of vg.data) out[d.name] = view.data(d.name);
  view.finalize();
  return out;
}

describe("lineSpec", () => {
  test("10^6-sample trial gives a spec under 300 kB that compiles", () => {
    const y0 = noisy(N, 3), y1 = noisy(N, 7, 2);
    y0[400000] = 50; // a spike
    const spec = lineSpec({ x: tBig, series: [{ name: "channel1", y: y0 }, { name: "channel2", y: y1 }], xTitle: "time (s)", yTitle: "amplitude", title: "trial 0" });
    const json = JSON.stringify(spec);
    expect(json.length).toBeLessThan(300_000);
    expect(spec.$schema).toContain("vega-lite/v5");
    const pts = flatPoints(spec);
    expect(pts.filter((p) => p.channel === "channel1").length).toBeLessThanOrEqual(2 * 600);
    expect(Math.max(...pts.filter((p) => p.channel === "channel1").map((p) => p.y as number))).toBe(50);
    expect(() => compileSpec(spec)).not.toThrow();
  });

  test("the client-side transforms expand the series into one datum per point", async () => {
    const spec = lineSpec({ x: [0, 0.5, 1], series: [{ name: "a", y: [1, NaN, 3] }, { name: "b,c", y: [4, 5, 6] }] });
    const data = await viewData(spec);
    const points = Object.values(data).find((d) => d.length === 6 && d.every((p) => typeof p.x === "number"));
    expect(points?.map((p) => [p.channel, p.x, p.y])).toEqual([
      ["a", 0, 1], ["a", 0.5, null], ["a", 1, 3], ["b,c", 0, 4], ["b,c", 0.5, 5], ["b,c", 1, 6],
    ]);
  });

  test("interactive: x zoom bound to scales, legend highlight, tooltips", () => {
    const spec = lineSpec({ x: [0, 1, 2], series: [{ name: "a", y: [1, 2, 3] }, { name: "b", y: [3, 2, 1] }] });
    const lines = spec.layer.find((l: VegaLiteSpec) => l.name === "lines");
    const params = lines.params;
    expect(params.find((p: VegaLiteSpec) => p.bind === "scales").select).toEqual({ type: "interval", encodings: ["x"] });
    expect(params.find((p: VegaLiteSpec) => p.bind === "legend").select.fields).toEqual(["channel"]);
    expect(lines.encoding.opacity.condition.param).toBe("highlight");
    const tip = spec.layer.find((l: VegaLiteSpec) => String(l.name).startsWith("interactive_"));
    expect(tip.encoding.tooltip.map((t: VegaLiteSpec) => t.field)).toEqual(["channel", "x", "y"]);
    // the static variant drops the tooltip layer only
    const st = staticSpec(spec);
    expect(st.layer.map((l: VegaLiteSpec) => l.name)).toEqual(["lines"]);
    expect(spec.layer.length).toBe(2); // input untouched
  });

  test("many channels stay bounded in total points", () => {
    const n = 200_000;
    const series = Array.from({ length: 30 }, (_, k) => ({ name: `ch${k}`, y: noisy(n, k + 1) }));
    const spec = lineSpec({ x: tBig.subarray(0, n), series });
    expect(flatPoints(spec).length).toBeLessThanOrEqual(16000);
    expect(JSON.stringify(spec).length).toBeLessThan(400_000);
  });

  test("logY leaves out non-positive values and uses a log scale", () => {
    const spec = lineSpec({ x: [0, 1, 2, 3], series: [{ name: "p", y: [0, 1, 10, -1] }], logY: true, xTitle: "frequency (Hz)", yTitle: "power" });
    const lines = spec.layer[0];
    expect(lines.encoding.y.scale.type).toBe("log");
    expect(nums(spec.data.values[0].y)).toEqual([null, 1, 10, null]);
    expect(() => compileSpec(spec)).not.toThrow();
  });

  test("shifted: offsets stack channels upwards and label the axis with channel names", () => {
    const spec = lineSpec({
      x: [0, 1, 2, 3],
      series: [{ name: "c1", y: [0, 1, 0, -1] }, { name: "c2", y: [0, 2, 0, -2] }, { name: "c3", y: [5, 5, 5, 5] }],
      shifted: true,
    });
    const calc = spec.transform.find((t: VegaLiteSpec) => t.as === "y_shifted");
    expect(calc.as).toBe("y_shifted");
    const axis = spec.layer.find((l: VegaLiteSpec) => l.name === "lines").encoding.y.axis;
    expect(axis.values.length).toBe(3);
    expect(axis.values[0]).toBeCloseTo(0, 12); // c1 is centred on its offset, 0
    expect(axis.values[1]).toBeGreaterThan(axis.values[0]);
    expect(axis.values[2]).toBeGreaterThan(axis.values[1]);
    expect(axis.labelExpr).toContain("c2");
    expect(() => compileSpec(spec)).not.toThrow();
    expect(paramOf(() => lineSpec({ x: [0, 1], series: [{ name: "a", y: [1, 2] }, { name: "b", y: [1, 2] }], shifted: true, logY: true }))).toBe("shifted");
  });

  test("shifted: a channel's name sits in the middle of its trace, for positive-only signals and any offset", async () => {
    // two envelopes (positive, far from 0): the labels were at the offsets, below the traces and off the axis
    const n = 1000;
    const env = (k: number) => Float64Array.from({ length: n }, (_, i) => 10 + k + 0.5 * Math.sin(i / 40));
    const series = [{ name: "V1", y: env(0) }, { name: "LGN", y: env(3) }];
    const spec = lineSpec({ x: Float64Array.from({ length: n }, (_, i) => i / 1000), series, shifted: true, unit: "µV" });
    const layout = shiftLayout(series.map((s) => s.y));
    const axis = spec.layer.find((l: VegaLiteSpec) => l.name === "lines").encoding.y.axis;
    for (let k = 0; k < 2; k++) {
      // the label at offset + middle of the 0.5 … 99.5 % range: inside the shifted trace
      expect(axis.values[k]).toBeCloseTo(layout.offsets[k] + (layout.lo[k] + layout.hi[k]) / 2, 6);
      expect(axis.values[k]).toBeGreaterThan(layout.offsets[k] + Math.min(...series[k].y));
      expect(axis.values[k]).toBeLessThan(layout.offsets[k] + Math.max(...series[k].y));
    }
    expect(axis.values[0]).toBeCloseTo(10, 2);
    // every layer that draws on y carries the same axis (else the merged axis drops the channel ticks)
    for (const l of spec.layer) if (l.encoding?.y?.field) expect(l.encoding.y.axis).toEqual(axis);
    const svg = await renderSVG(spec);
    expect(svg).toContain(">V1<");
    expect(svg).toContain(">LGN<");
  });

  test("shifted: an amplitude scale bar at the right edge, a nice length in the data's unit", async () => {
    const n = 500;
    const series = [0, 1, 2].map((k) => ({ name: `c${k}`, y: Float64Array.from({ length: n }, (_, i) => 3 * Math.sin(i / 20 + k)) }));
    const spec = lineSpec({ x: Float64Array.from({ length: n }, (_, i) => i), series, shifted: true, unit: "µV" });
    const bar = spec.layer.find((l: VegaLiteSpec) => l.name === "scalebar");
    const label = spec.layer.find((l: VegaLiteSpec) => l.name === "scalebar_label");
    // robust range ≈ 6 µV: 60 % of it is 3.6 -> 2 µV
    const v = bar.data.values[0];
    expect(v.y2 - v.y).toBeCloseTo(2, 6);
    expect(label.data.values[0].label).toBe("2 µV");
    expect(bar.encoding.x).toEqual({ value: "width" }); // pinned to the plot's edge, whatever the x zoom
    expect((v.y + v.y2) / 2).toBeCloseTo(shiftLayout(series.map((s) => s.y)).labelAt[0], 6);
    expect(await renderSVG(spec)).toContain("2 µV");
    expect([0.7, 1, 1.9, 2, 4.99, 5, 0.031].map(niceFloor)).toEqual([0.5, 1, 1, 2, 2, 5, 0.02]);
    const layout = shiftLayout([Float64Array.of(0, 10), Float64Array.of(0, 10)]);
    expect(scaleBar(layout).length).toBe(5);
  });

  test("more than MAX_COLORS channels: one colour, no legend, a channel menu that highlights one", () => {
    const n = 64;
    const series = Array.from({ length: n }, (_, k) => ({ name: `ch${String(k + 1).padStart(2, "0")}`, y: noisy(2000, k + 1) }));
    for (const shifted of [false, true]) {
      const spec = lineSpec({ x: tBig.subarray(0, 2000), series, shifted, title: "64" });
      const lines = spec.layer.find((l: VegaLiteSpec) => l.name === "lines");
      // no colour per channel (it would repeat after 10) and hence no legend of 64 entries
      expect(lines.encoding.color.field).toBeUndefined();
      expect(lines.encoding.color.value).toBe(LINE_COLOR);
      expect(lines.encoding.color.condition).toEqual({ param: "pick", empty: false, value: PICK_COLOR });
      expect(lines.encoding.detail).toEqual({ field: "channel", type: "nominal" });
      const pick = lines.params.find((p: VegaLiteSpec) => p.name === "pick");
      expect(pick.select).toEqual({ type: "point", fields: ["channel"] });
      expect(pick.bind.input).toBe("select");
      expect(pick.bind.options).toEqual([null, ...series.map((s) => s.name)]);
      expect(spec.title.subtitle).toMatch(/64 channels.*channel menu/);
      expect(() => compileSpec(spec)).not.toThrow();
      if (shifted) {
        expect(lines.encoding.y.axis.values).toHaveLength(64); // every channel named on the axis
        expect(spec.height).toBe(16 * 64);
      }
    }
    // up to MAX_COLORS: a colour and a legend entry each
    const few = lineSpec({ x: [0, 1], series: series.slice(0, MAX_COLORS).map((s) => ({ name: s.name, y: [1, 2] })) });
    const enc = few.layer.find((l: VegaLiteSpec) => l.name === "lines").encoding;
    expect(enc.color.field).toBe("channel");
    expect(enc.color.legend.symbolType).toBe("stroke");
  });

  test("a band (lo, hi) per series: an area layer under the lines, reduced with the lines' samples", async () => {
    const x = [0, 1, 2, 3];
    const spec = lineSpec({ x, series: [{ name: "a", y: [1, 2, 3, 4], lo: [0.5, 1.5, 2.5, 3.5], hi: [1.5, 2.5, 3.5, 4.5] }], bandName: "SD" });
    const band = spec.layer[0];
    expect(band.name).toBe("band");
    expect(band.mark.type).toBe("area");
    expect(band.encoding.y.field).toBe("lo");
    expect(band.encoding.y2.field).toBe("hi");
    expect(nums(spec.data.values[0].lo)).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(nums(spec.data.values[0].hi)).toEqual([1.5, 2.5, 3.5, 4.5]);
    const tip = spec.layer.find((l: VegaLiteSpec) => String(l.name).startsWith("interactive_"));
    expect(tip.encoding.tooltip.map((t: VegaLiteSpec) => t.title)).toContain("mean − SD");
    const data = await viewData(spec);
    const pts = Object.values(data).find((d) => d.length === 4 && d.every((p) => typeof p.lo === "number"));
    expect(pts?.map((p) => [p.x, p.y, p.lo, p.hi])).toEqual([[0, 1, 0.5, 1.5], [1, 2, 1.5, 2.5], [2, 3, 2.5, 3.5], [3, 4, 3.5, 4.5]]);
    // long series: the band's edges are taken at the samples the min/max reduction keeps
    const n = 100_000;
    const y = noisy(n, 5);
    const long = lineSpec({ x: tBig.subarray(0, n), series: [{ name: "a", y, lo: y.map((v) => v - 1), hi: y.map((v) => v + 1) }] });
    const rec = long.data.values[0];
    const ys = nums(rec.y), los = nums(rec.lo);
    expect(ys.length).toBeLessThanOrEqual(1200);
    ys.forEach((v, i) => expect(los[i]).toBeCloseTo((v as number) - 1, 4));
    expect(paramOf(() => lineSpec({ x: [0, 1], series: [{ name: "a", y: [1, 2], lo: [0, 1], hi: [2, 3] }, { name: "b", y: [1, 2] }] }))).toBe("lo");
    expect(paramOf(() => lineSpec({ x: [0, 1], series: [{ name: "a", y: [1, 2], lo: [0], hi: [2, 3] }] }))).toBe("lo");
  });

  test("shiftOffsets follows Syncopy's rule and ignores a single spike", () => {
    const a = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10));
    const b = Float64Array.from(a);
    b[500] = 1000;
    const off = shiftOffsets([a, b, a]);
    expect(off[0]).toBe(0);
    expect(off[1]).toBeCloseTo(1.1 * 2, 1); // max(a) - min(b) ≈ 2
    expect(off[2] - off[1]).toBeCloseTo(1.1 * 2, 1); // not 1000
  });

  test("validation names the parameter", () => {
    expect(paramOf(() => lineSpec({ x: [0, 1, 2], series: [{ name: "a", y: [1, 2] }] }))).toBe("y");
    expect(paramOf(() => lineSpec({ x: [0, 1], series: [] }))).toBe("channel");
    expect(paramOf(() => lineSpec({ x: [0, 1], series: [{ name: "a", y: [1, 2] }, { name: "a", y: [1, 2] }] }))).toBe("channel");
    expect(paramOf(() => lineSpec({ x: [0, 1], series: [{ name: "a", y: [1, 2] }], width: 0 }))).toBe("width");
  });

  test("x keeps enough digits to separate samples late in a long recording", () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => 3600 + i / 30000);
    const spec = lineSpec({ x, series: [{ name: "a", y: new Float64Array(100) }] });
    expect(new Set(nums(spec.data.values[0].x)).size).toBe(100);
  });
});

describe("multiPanelSpec", () => {
  test("one panel per channel in a concat grid, bounded size, compiles", () => {
    const series = Array.from({ length: 9 }, (_, k) => ({ name: `channel${k + 1}`, y: noisy(N, k + 1) }));
    const spec = multiPanelSpec({ x: tBig, series, title: "nine channels" });
    expect(spec.concat.map((p: VegaLiteSpec) => p.title.text)).toEqual(series.map((s) => s.name));
    expect(spec.concat.map((p: VegaLiteSpec) => p.transform[0].filter.equal)).toEqual(series.map((s) => s.name));
    expect(spec.columns).toBe(3);
    expect(spec.resolve.scale).toEqual({ x: "shared", y: "shared" });
    expect(JSON.stringify(spec).length).toBeLessThan(300_000);
    expect(() => compileSpec(spec)).not.toThrow();
  });

  test("no empty panels: 8 channels in a 3 x 3 grid draw nothing in the 9th cell", async () => {
    const series = Array.from({ length: 8 }, (_, k) => ({ name: `ch${k + 1}`, y: noisy(1000, k + 1) }));
    const spec = multiPanelSpec({ x: tBig.subarray(0, 1000), series, xTitle: "frequency (Hz)", yTitle: "power (a.u.²)" });
    expect(spec.facet).toBeUndefined(); // a wrapped facet draws the x axis of column 3 under the empty cell
    expect(spec.concat).toHaveLength(8);
    const axes = spec.concat.map((p: VegaLiteSpec) => p.layer.find((l: VegaLiteSpec) => String(l.name).startsWith("lines_")).encoding);
    // x labels: the lowest panel of each column (ch6 above the empty cell, ch7, ch8); the title once
    expect(axes.map((e: VegaLiteSpec) => e.x.axis.labels !== false)).toEqual([false, false, false, false, false, true, true, true]);
    expect(axes.map((e: VegaLiteSpec) => e.x.axis.title ?? null)).toEqual([null, null, null, null, null, null, null, "frequency (Hz)"]);
    // y labels: first column; the title once, on the middle row
    expect(axes.map((e: VegaLiteSpec) => e.y.axis.labels !== false)).toEqual([true, false, false, true, false, false, true, false]);
    expect(axes.map((e: VegaLiteSpec) => e.y.axis.title ?? null)).toEqual([null, null, null, "power (a.u.²)", null, null, null, null]);
    expect(gridAxes(5, 8, 3)).toEqual({ xLabels: true, xTitle: false, yLabels: false, yTitle: false });
    const svg = await renderSVG(spec);
    // 8 panel backgrounds, x axes with labels under 3 panels only
    expect(svg.match(/aria-label="X-axis titled/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect((svg.match(/role-axis-label/g) ?? []).length).toBe(3 + 3); // 3 x-label groups, 3 y-label groups
  });

  test("up to MAX_PANELS (128) panels, compact beyond 25; more is a SPYValueError naming 'channel'", () => {
    const mk = (n: number) => Array.from({ length: n }, (_, k) => ({ name: `c${k}`, y: [1, 2, 3] }));
    expect(MAX_PANELS).toBe(128);
    const full = multiPanelSpec({ x: [0, 1, 2], series: mk(FULL_PANELS) });
    expect(full.concat[0].width).toBe(170);
    const spec = multiPanelSpec({ x: [0, 1, 2], series: mk(64) });
    expect(spec.columns).toBe(8);
    expect(spec.concat[0].width).toBeLessThan(130);
    expect(spec.concat[0].width * 8).toBeLessThanOrEqual(1000);
    expect(() => compileSpec(spec)).not.toThrow();
    expect(() => multiPanelSpec({ x: [0, 1, 2], series: mk(MAX_PANELS) })).not.toThrow();
    expect(paramOf(() => multiPanelSpec({ x: [0, 1, 2], series: mk(MAX_PANELS + 1) }))).toBe("channel");
  });

  test("independent y scales, log axes and explicit columns compile", () => {
    const f = Float64Array.from({ length: 100 }, (_, i) => i);
    const series = [{ name: "a", y: f.map((v) => 1 + v) }, { name: "b", y: f.map((v) => 100 + v) }];
    const spec = multiPanelSpec({ x: f, series, sharedY: false, logY: true, logX: true, columns: 1 });
    expect(spec.resolve.scale.y).toBe("independent");
    expect(spec.columns).toBe(1);
    const lines = spec.concat[1].layer.find((l: VegaLiteSpec) => l.name === "lines_1");
    expect(lines.encoding.x.scale.type).toBe("log");
    expect(lines.encoding.y.scale.type).toBe("log");
    expect(lines.encoding.y.axis.labels).not.toBe(false); // independent scales: labels on every panel
    // x = 0 cannot be shown on a log axis and is left out
    expect(nums(spec.data.values[0].x)[0]).toBe(1);
    expect(() => compileSpec(spec)).not.toThrow();
  });

  test("a long y title is broken before its unit so it does not stretch its row", () => {
    const series = Array.from({ length: 4 }, (_, k) => ({ name: `c${k}`, y: [1, 2, 3] }));
    const spec = multiPanelSpec({ x: [0, 1, 2], series, yTitle: "power (dB re 1 a.u.²)" });
    const y = spec.concat[0].layer[0].encoding.y;
    expect(y.axis.title).toEqual(["power", "(dB re 1 a.u.²)"]);
  });

  test("layout columns", () => {
    expect([1, 2, 3, 4, 5, 9, 10, 25, 64].map(panelColumns)).toEqual([1, 2, 3, 2, 3, 3, 4, 5, 8]);
  });
});

describe("heatmapSpec", () => {
  const nt = 3000, nf = 500;
  const t = Float64Array.from({ length: nt }, (_, i) => -0.5 + i / 1000);
  const f = Float64Array.from({ length: nf }, (_, i) => 1 + i * 0.5);
  const z = new Float64Array(nt * nf);
  for (let j = 0; j < nf; j++) for (let i = 0; i < nt; i++) z[j * nt + i] = Math.exp(-((f[j] - 40) ** 2) / 20) * (t[i] > 0 ? 1 : 0.1);

  test("large grid → one image of at most 400x200 cells, bounded spec, magma legend", () => {
    const spec = heatmapSpec({ x: t, y: f, z, title: "tf" });
    const json = JSON.stringify(spec);
    expect(json.length).toBeLessThan(300_000);
    const img = spec.layer.find((l: VegaLiteSpec) => l.name === "image");
    const url: string = img.data.values[0].url;
    expect(url.startsWith("data:image/png;base64,")).toBe(true);
    const png = Buffer.from(url.slice(22), "base64");
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    const w = png.readUInt32BE(16), h = png.readUInt32BE(20);
    expect(w).toBeLessThanOrEqual(400);
    expect(h).toBeLessThanOrEqual(200);
    const legend = spec.layer.find((l: VegaLiteSpec) => l.name === "colorbar");
    expect(legend.encoding.color.scale.scheme).toBe("magma");
    // cell edges: first centre minus half a step
    expect(img.data.values[0].x).toBeCloseTo(-0.5005, 9);
    expect(img.data.values[0].y2).toBeCloseTo(1 + 499 * 0.5 + 0.25, 9);
    expect(() => compileSpec(spec)).not.toThrow();
  });

  test("uniform axes: one image pixel per (block-averaged) cell", () => {
    const spec = heatmapSpec({ x: [0, 1, 2, 3, 4], y: [1, 2, 3], z: new Float64Array(15).map((_, k) => k), tooltipCells: [0, 0] });
    const png = Buffer.from(spec.layer[0].data.values[0].url.slice(22), "base64");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([5, 3]);
    const spec2 = heatmapSpec({ x: t, y: f, z, maxX: 100, maxY: 50, tooltipCells: [0, 0] });
    const png2 = Buffer.from(spec2.layer[0].data.values[0].url.slice(22), "base64");
    expect([png2.readUInt32BE(16), png2.readUInt32BE(20)]).toEqual([100, 50]);
  });

  test("nested rows equal the flat form; decreasing axes are flipped", () => {
    const x = [0, 1, 2], y = [10, 20];
    const flat = heatmapSpec({ x, y, z: [1, 2, 3, 4, 5, 6], tooltipCells: [0, 0] });
    const nested = heatmapSpec({ x, y, z: [[1, 2, 3], [4, 5, 6]], tooltipCells: [0, 0] });
    expect(nested).toEqual(flat);
    const flipped = heatmapSpec({ x: [2, 1, 0], y: [20, 10], z: [[6, 5, 4], [3, 2, 1]], tooltipCells: [0, 0] });
    expect(flipped).toEqual(flat);
  });

  test("tooltip grid is coarse and interactive-only", () => {
    const spec = heatmapSpec({ x: t, y: f, z });
    const tip = spec.layer.find((l: VegaLiteSpec) => String(l.name).startsWith("interactive_"));
    expect(tip.data.values.length).toBeLessThanOrEqual(40 * 25);
    expect(staticSpec(spec).layer.length).toBe(2);
  });

  test("tooltip grid expands to cells with the right edges and values", async () => {
    const spec = heatmapSpec({ x: [0, 1, 2], y: [10, 20], z: [[1, 2, 3], [4, 5, 6]], tooltipCells: [3, 2] });
    const data = await viewData(spec);
    const cells = Object.values(data).find((d) => d.length === 6 && d[0] && "xc" in d[0]);
    expect(cells?.map((c) => [c.x0, c.x1, c.y0, c.y1, c.z])).toEqual([
      [-0.5, 0.5, 5, 15, 1], [0.5, 1.5, 5, 15, 2], [1.5, 2.5, 5, 15, 3],
      [-0.5, 0.5, 15, 25, 4], [0.5, 1.5, 15, 25, 5], [1.5, 2.5, 15, 25, 6],
    ]);
  });

  test("log y needs positive frequencies and drops the others; log z", () => {
    const y = [0, 2, 4, 8, 16];
    const zz = Array.from({ length: 5 }, (_, j) => [j + 1, j + 2]);
    const spec = heatmapSpec({ x: [0, 1], y, z: zz, logY: true, logZ: true });
    const img = spec.layer[0];
    expect(img.encoding.y.scale.type).toBe("log");
    expect(img.data.values[0].y).toBeCloseTo(2 / Math.sqrt(2), 9);
    expect(spec.layer[1].encoding.color.scale.type).toBe("log");
    expect(() => compileSpec(spec)).not.toThrow();
  });

  test("zMid: a diverging scheme (redblue reversed) on a range symmetric around the centre", () => {
    const spec = heatmapSpec({ x: [0, 1, 2], y: [1, 2], z: [[-1, 0, 3], [0.5, 1, 2]], zMid: 0, zTitle: "(power − baseline) / baseline" });
    const scale = spec.layer[1].encoding.color.scale;
    expect(scale.scheme).toBe("redblue");
    expect(scale.reverse).toBe(true);
    expect(scale.domain).toEqual([-3, 3]);
    expect(scale.type).toBe("linear");
    expect(spec.layer[1].encoding.color.legend.title).toEqual(["(power − baseline)", "/ baseline"]);
    // ratios around 1 on a log scale: symmetric in log10
    const rel = heatmapSpec({ x: [0, 1], y: [1, 2], z: [[0.5, 1], [1, 4]], zMid: 1, logZ: true });
    const d = rel.layer[1].encoding.color.scale.domain;
    expect(d[0]).toBeCloseTo(0.25, 12);
    expect(d[1]).toBeCloseTo(4, 12);
    expect(rel.layer[1].encoding.color.scale.type).toBe("log");
    expect(symmetricDomain(2, 5, 3, false)).toEqual([1, 5]);
    // the image's palette runs the same way as the legend: blue for the lowest values
    const pal = schemePalette("redblue", true);
    expect(pal[2]).toBeGreaterThan(pal[0]); // first colour: more blue than red
    expect(pal[254 * 3]).toBeGreaterThan(pal[254 * 3 + 2]); // last colour: more red than blue
    expect(() => compileSpec(spec)).not.toThrow();
  });

  test("legend titles longer than 20 characters go on two lines", () => {
    expect(legendTitle("power (a.u.²)")).toBe("power (a.u.²)");
    expect(legendTitle("power (dB re 1 a.u.²)")).toEqual(["power", "(dB re 1 a.u.²)"]);
    expect(legendTitle("power, z-score re baseline")).toEqual(["power,", "z-score re baseline"]);
    expect(legendTitle("(power − baseline) / (power + baseline)")).toEqual(["(power − baseline)", "/ (power + baseline)"]);
  });

  test("validation", () => {
    expect(paramOf(() => heatmapSpec({ x: [0, 1], y: [0, 1], z: [1, 2, 3, 4], zMid: 0, logZ: true }))).toBe("zMid");
    expect(paramOf(() => heatmapSpec({ x: [0, 1], y: [0, 1], z: [1, 2, 3] }))).toBe("z");
    expect(paramOf(() => heatmapSpec({ x: [0, 0], y: [0, 1], z: [1, 2, 3, 4] }))).toBe("x");
    expect(paramOf(() => heatmapSpec({ x: [0, 1], y: [0, 1], z: [1, 2, 3, 4], zDomain: [1, 0] }))).toBe("zDomain");
    expect(paramOf(() => heatmapSpec({ x: [0, 1], y: [0, 1], z: [1, 2, 3, 4], cmap: "no-such-map" }))).toBe("cmap");
    expect(paramOf(() => heatmapSpec({ x: [0, 1], y: [-1, 0], z: [1, 2, 3, 4], logY: true }))).toBe("y");
  });
});
