/**
 * Time-frequency SpectralData: selection by latency and frequency, and the plots (one heatmap for
 * one channel, one heatmap per channel in multipanelplot), reduced to the pixels they show.
 */
import * as spy from "../../src";
import { plotSpec } from "../../src/plotting/frontends";
import { renderSVG, compileSpec } from "../../src/plot/render";

function chirpData(nChannels: number): spy.AnalogData {
  const fs = 1000, n = 3000;
  const trials = [0, 1].map((k) => {
    const data = new Float64Array(n * nChannels);
    for (let i = 0; i < n; i++) for (let c = 0; c < nChannels; c++) {
      const t = i / fs;
      data[i * nChannels + c] = Math.sin(2 * Math.PI * (10 + 10 * c + 5 * t + k) * t);
    }
    return { data, shape: [n, nChannels], dtype: "float64" as const };
  });
  return new spy.AnalogData({ data: trials, samplerate: fs });
}

/** Width and height of every embedded PNG (from its IHDR chunk). */
function pngSizes(svg: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of svg.matchAll(/data:image\/png;base64,([A-Za-z0-9+/=]+)/g)) {
    const b = Buffer.from(m[1], "base64");
    out.push([b.readUInt32BE(16), b.readUInt32BE(20)]);
  }
  return out;
}

describe("time-frequency SpectralData", () => {
  let tf: spy.SpectralData;
  beforeAll(async () => {
    tf = await spy.freqanalysis(chirpData(3), { method: "mtmconvol", t_ftimwin: 0.2, toi: "all", foilim: [0, 100] });
  });

  test("selection by latency and frequency cuts the time and freq axes", async () => {
    const sub = await spy.selectdata(tf, { latency: [-0.5, 0.25], frequency: [20, 60], channel: ["channel2"] }) as spy.SpectralData;
    expect(Array.from(sub.freq)).toEqual([20, 25, 30, 35, 40, 45, 50, 55, 60]);
    const t = sub.time[1];
    expect(t[0]).toBeCloseTo(-0.5, 9);
    expect(t[t.length - 1]).toBeCloseTo(0.25, 9);
    const a = sub.trials.get(1);
    const full = tf.trials.get(1);
    const [, , F, C] = full.shape;
    expect(a.shape).toEqual([751, 1, 9, 1]);
    // element (time i, freq j) equals the full map at time 500 + i, freq 4 + j, channel 1
    for (const [i, j] of [[0, 0], [100, 3], [750, 8]]) expect(a.data[i * 9 + j]).toBe(full.data[((500 + i) * F + 4 + j) * C + 1]);
  });

  test("singlepanelplot: one map, reduced to at most 400 x 200 cells", async () => {
    const spec = plotSpec(tf, { channel: "channel1", trials: [0] }, false);
    const svg = await renderSVG(spec);
    const sizes = pngSizes(svg);
    expect(sizes.length).toBe(1);
    expect(sizes[0][0]).toBeLessThanOrEqual(400); // 3000 time points in
    expect(svg).toContain("channel1, trial 0");
  });

  test("singlepanelplot refuses several channels and says why", () => {
    expect(() => plotSpec(tf, {}, false)).toThrow(/channel.*exactly one channel.*multipanelplot/s);
  });

  test("multipanelplot: one map per channel on a shared colour range; the interactive spec compiles", async () => {
    const spec = plotSpec(tf, { trials: [0] }, true);
    expect(spec.concat.length).toBe(3);
    const svg = await renderSVG(spec);
    const sizes = pngSizes(svg);
    expect(sizes.length).toBe(3);
    for (const [w, h] of sizes) {
      expect(w).toBeLessThanOrEqual(240);
      expect(h).toBeLessThanOrEqual(140);
    }
    for (const name of ["channel1", "channel2", "channel3"]) expect(svg).toContain(name);
    const domains = spec.concat.map((p: { layer: { name: string; encoding?: { color?: { scale: { domain: number[] } } } }[] }) => p.layer.find((l) => l.name.startsWith("colorbar"))!.encoding!.color!.scale.domain);
    for (const d of domains) expect(d).toEqual(domains[0]);
    expect(() => compileSpec(spec)).not.toThrow();
  });
});
