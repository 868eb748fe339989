import { lineSpec, multiPanelSpec, heatmapSpec } from "../../src/plot/specs";
import { renderSVG } from "../../src/plot/render";

/** Number of <path> elements inside the line-mark groups of an SVG. */
function linePaths(svg: string): number {
  let count = 0;
  const re = /<g class="mark-line role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(svg))) count += (m[1].match(/<path/g) ?? []).length;
  return count;
}

function sine(n: number, f: number, fs: number, amp = 1): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = amp * Math.sin((2 * Math.PI * f * i) / fs);
  return y;
}

const fs = 1000;
const n = 200_000;
const t = new Float64Array(n);
for (let i = 0; i < n; i++) t[i] = i / fs;

describe("renderSVG", () => {
  test("single panel (AnalogData): <svg> with the title and one path per channel", async () => {
    const spec = lineSpec({
      x: t,
      series: [{ name: "channel1", y: sine(n, 1, fs) }, { name: "channel2", y: sine(n, 2, fs, 2) }, { name: "channel3", y: sine(n, 3, fs) }],
      title: "AnalogData: trial 0", xTitle: "time (s)", yTitle: "signal (a.u.)",
    });
    const svg = await renderSVG(spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("AnalogData: trial 0");
    expect(svg).toContain("time (s)");
    expect(svg).toContain("channel2"); // legend
    expect(linePaths(svg)).toBe(3);
    // interaction-only layers are not in the static SVG
    expect(svg).not.toContain("interactive_tooltip");
    expect(svg.length).toBeLessThan(300_000);
  });

  test("shifted single panel labels the y axis with the channel names", async () => {
    const spec = lineSpec({ x: t.subarray(0, 1000), series: [{ name: "Fz", y: sine(1000, 5, fs) }, { name: "Cz", y: sine(1000, 7, fs) }], shifted: true, title: "shifted" });
    const svg = await renderSVG(spec);
    expect(linePaths(svg)).toBe(2);
    expect(svg).toMatch(/<text[^>]*>Fz<\/text>/);
    expect(svg).toMatch(/<text[^>]*>Cz<\/text>/);
  });

  test("spectrum with log y: title, log axis, a path per channel", async () => {
    const f = Float64Array.from({ length: 501 }, (_, i) => i * 0.5);
    const p = (c: number) => Float64Array.from(f, (v) => 1 / (1 + v) + 10 * Math.exp(-((v - c) ** 2) / 4));
    const spec = lineSpec({ x: f, series: [{ name: "ch1", y: p(40) }, { name: "ch2", y: p(60) }], logY: true, title: "Power spectrum", xTitle: "frequency (Hz)", yTitle: "power" });
    const svg = await renderSVG(spec);
    expect(svg).toContain("Power spectrum");
    expect(svg).toContain("frequency (Hz)");
    expect(svg).toMatch(/aria-label="Y-axis titled 'power' for a log scale/);
    expect(linePaths(svg)).toBe(2);
  });

  test("multi panel: one panel title and one path per channel", async () => {
    const series = Array.from({ length: 5 }, (_, k) => ({ name: `channel${k + 1}`, y: sine(n, k + 1, fs) }));
    const svg = await renderSVG(multiPanelSpec({ x: t, series, title: "five channels" }));
    expect(svg).toContain("five channels");
    for (const s of series) expect(svg).toMatch(new RegExp(`<text[^>]*>${s.name}</text>`));
    expect(linePaths(svg)).toBe(5);
  });

  test("heatmap: an embedded PNG image, axis titles and a colour legend", async () => {
    const nt = 500, nf = 80;
    const x = Float64Array.from({ length: nt }, (_, i) => i / 250);
    const y = Float64Array.from({ length: nf }, (_, i) => 1 + i);
    const z = new Float64Array(nt * nf);
    for (let j = 0; j < nf; j++) for (let i = 0; i < nt; i++) z[j * nt + i] = Math.exp(-((y[j] - 30) ** 2) / 30);
    const svg = await renderSVG(heatmapSpec({ x, y, z, title: "Time-frequency", zTitle: "power" }));
    expect(svg).toContain("Time-frequency");
    expect(svg).toMatch(/<image[^>]*href="data:image\/png;base64,/);
    expect(svg).toContain("frequency (Hz)");
    expect(svg).toContain("mark-group role-legend");
    // the image URL appears once (no aria-label copy)
    expect(svg.split("data:image/png").length - 1).toBe(1);
  });

  test("static: false keeps the interaction layers", async () => {
    const spec = lineSpec({ x: [0, 1, 2], series: [{ name: "a", y: [1, 2, 3] }], title: "t" });
    const full = await renderSVG(spec, { static: false });
    const lean = await renderSVG(spec);
    expect(full).toContain("interactive_tooltip");
    expect(lean).not.toContain("interactive_tooltip");
  });
});
