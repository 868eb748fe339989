/**
 * The plot of a TimeLockData: the average per channel with a band of ± SD or ± SEM (the band's
 * half-width against the SD computed here from the trials), butterfly and image views, one panel per
 * channel, and the errors of options that do not apply.
 */
import { AnalogData } from "../../src/data/analog";
import { TimeLockData } from "../../src/data/timelock";
import { captureWarnings } from "../../src/core/warnings";
import { plotSpec } from "../../src/plotting/frontends";
import { compileSpec } from "../../src/plot/render";
import { VegaLiteSpec } from "../../src/plot/specs";
import { timelockanalysis } from "../../src/statistics/timelockanalysis";

const nums = (s: string): number[] => s.split(",").map(Number);
const record = (spec: VegaLiteSpec, channel: string) => spec.data.values.find((r: { channel: string }) => r.channel === channel);
const paramOf = (fn: () => unknown): string | undefined => {
  try { fn(); } catch (e) { return (e as { param?: string }).param; }
  return undefined;
};

const K = 6, n = 50, fs = 100;
function evoked(C: number): AnalogData {
  let seed = 11;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
  const trials = Array.from({ length: K }, () => ({
    data: Float64Array.from({ length: n * C }, (_, i) => Math.sin((Math.floor(i / C) / n) * Math.PI) * (1 + (i % C)) + rand()),
    shape: [n, C], dtype: "float64" as const,
  }));
  return new AnalogData({
    data: trials, samplerate: fs, channel: Array.from({ length: C }, (_, c) => `ch${c + 1}`),
    trialdefinition: Array.from({ length: K }, (_, k) => [k * n, (k + 1) * n, -10]),
  });
}

const data3 = evoked(3);
let tl: TimeLockData;
beforeAll(async () => { tl = (await captureWarnings(() => timelockanalysis(data3, {}))).result; });

/** SD over the trials (ddof 0, as tl.var) of channel c at sample t, computed from the input. */
function sdOf(c: number, t: number): number {
  const v = Array.from({ length: K }, (_, k) => data3.trials.get(k).data[t * 3 + c]);
  const m = v.reduce((a, b) => a + b) / K;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / K);
}

describe("singlepanelplot of a TimeLockData", () => {
  test("average ± SD by default: the band's half-width is the SD over trials", () => {
    const spec = plotSpec(tl, {}, false);
    expect(spec.title).toBe("Trial average ± SD (ddof 0) of 6 trials");
    expect(spec.layer[0].name).toBe("band");
    for (const [name, c] of [["ch1", 0], ["ch3", 2]] as const) {
      const rec = record(spec, name);
      const y = nums(rec.y), lo = nums(rec.lo), hi = nums(rec.hi);
      expect(y).toHaveLength(n);
      for (let t = 0; t < n; t++) {
        const sd = sdOf(c, t);
        expect((hi[t] - y[t]) / sd).toBeCloseTo(1, 3);
        expect((y[t] - lo[t]) / sd).toBeCloseTo(1, 3);
        expect(y[t]).toBeCloseTo(tl.avg!.data[t * 3 + c], 5);
      }
    }
    expect(() => compileSpec(spec)).not.toThrow();
  });

  test("SEM: SD / sqrt(dof); channel and latency select", () => {
    const spec = plotSpec(tl, { band: "sem", channel: ["ch2"], latency: [0, 0.1] } as never, false);
    expect(spec.title).toBe("Trial average ± SEM of 6 trials");
    expect(spec.data.values).toHaveLength(1);
    const rec = record(spec, "ch2");
    const x = nums(rec.x), y = nums(rec.y), hi = nums(rec.hi);
    expect(x[0]).toBeCloseTo(0, 9);
    expect(x).toHaveLength(11);
    // the trials start at -0.1 s: t = 0 is their sample 10
    const t0 = 10;
    for (let i = 0; i < x.length; i++) expect((hi[i] - y[i]) / (sdOf(1, t0 + i) / Math.sqrt(K))).toBeCloseTo(1, 3);
  });

  test("butterfly for many channels (one colour), and as asked; image: channel x time", async () => {
    const many = (await captureWarnings(() => timelockanalysis(evoked(12), {}))).result;
    const auto = plotSpec(many, {}, false);
    expect(auto.title.text).toBe("Trial average of 6 trials, 12 channels");
    expect(auto.layer.some((l: VegaLiteSpec) => l.name === "band")).toBe(false);
    expect(auto.data.values).toHaveLength(12);
    const fly = plotSpec(tl, { view: "butterfly" } as never, false);
    expect(fly.title).toBe("Trial average of 6 trials, 3 channels");
    const img = plotSpec(tl, { view: "image" } as never, false);
    expect(img.layer.some((l: VegaLiteSpec) => l.name === "image")).toBe(true);
    expect(img.title).toBe("Trial average of 6 trials, channel × time");
    expect(() => compileSpec(img)).not.toThrow();
  });

  test("multipanelplot: one panel per channel with its band", () => {
    const spec = plotSpec(tl, { band: "sd" } as never, true);
    expect(spec.concat).toHaveLength(3);
    expect(spec.concat[0].layer[0].name).toBe("band_0");
  });

  test("options that do not apply are errors", async () => {
    expect(paramOf(() => plotSpec(tl, { view: "topo" } as never, false))).toBe("view");
    expect(paramOf(() => plotSpec(tl, { band: "iqr" } as never, false))).toBe("band");
    expect(paramOf(() => plotSpec(tl, { view: "butterfly", band: "sd" } as never, false))).toBe("band");
    expect(paramOf(() => plotSpec(tl, { view: "image", band: "sem" } as never, false))).toBe("band");
    expect(paramOf(() => plotSpec(tl, { view: "image" } as never, true))).toBe("view");
    expect(paramOf(() => plotSpec(tl, { shifted: true } as never, false))).toBe("shifted");
    expect(paramOf(() => plotSpec(tl, { channel: "nope" } as never, false))).toBe("channel");
    // a single trial has no spread to show
    const one = (await captureWarnings(() => timelockanalysis(data3, { trials: [0] }))).result;
    expect(plotSpec(one, {}, false).layer.some((l: VegaLiteSpec) => l.name === "band")).toBe(false);
    expect(paramOf(() => plotSpec(one, { band: "sd" } as never, false))).toBe("band");
    // a TimeLockData without an average (made by selectdata, or from trials only)
    const bare = new TimeLockData({ data: [{ data: new Float64Array(4), shape: [2, 2], dtype: "float64" }], samplerate: 10 });
    expect(paramOf(() => plotSpec(bare, {}, false))).toBe("data");
  });
});
