/**
 * Plots of spike data: raster (ticks, and counts per pixel beyond maxSpikes: the counts add up to
 * the spikes drawn), PSTH bars (heights = the counts of a one-trial spikecount PSTH = np.histogram's
 * counts from the fixture), ISI histogram bars (= np.histogram of the pooled ISIs), the dispatch of
 * spy.singlepanelplot, and that every spec compiles to vega.
 */
import * as fs from "fs";
import * as path from "path";
import * as spy from "../../src";
import { SpikeData } from "../../src/data/spike";
import { EventData } from "../../src/data/event";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { compileSpec, renderSVG } from "../../src/plot/render";
import { plotSpec } from "../../src/plotting/frontends";
import { isiHistogramSpec, psthSpec, rasterSpec } from "../../src/plotting/spikes";
import { spike_psth } from "../../src/statistics/spikePsth";

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/spikes/psth_expected.json"), "utf8")) as {
  samplerate: number; trl: number[][]; data: number[][];
  psth: { cfg: Record<string, unknown>; trial_data: (number | null)[][][]; labels: string[]; bins: number[] }[];
  isi: { labels: string[]; hist_counts: number[][]; hist_edges: number[] };
};
const data = new SpikeData({ data: fx.data, trialdefinition: fx.trl, samplerate: fx.samplerate });
type Row = Record<string, number | string>;

describe("raster", () => {
  it("draws one tick per spike below maxSpikes, trials stacked per train", () => {
    const spec = rasterSpec(data, { select: { trials: [0, 1, 2] } });
    compileSpec(spec);
    const ticks = spec.layer.find((l: { name: string }) => l.name === "spikes").data.values as Row[];
    const n = fx.data.filter((r) => [0, 1, 2].some((k) => r[0] >= fx.trl[k][0] && r[0] < fx.trl[k][1])).length;
    expect(ticks).toHaveLength(n);
    // band b, trial i sits on row b * (3 + 1) + i
    const t0 = ticks.filter((t) => t.train === "channel3_unit4");
    expect(new Set(t0.map((t) => t.row))).toEqual(new Set([16, 17, 18]));
    expect(spec.layer.some((l: { name: string }) => l.name === "trigger")).toBe(true);
  });

  it("counts spikes per pixel beyond maxSpikes; the counts add up to the spikes", () => {
    const spec = rasterSpec(data, { maxSpikes: 100, width: 200, height: 100 });
    compileSpec(spec);
    expect(spec.title).toMatch(/counted per pixel/);
    expect(spec.layer[0].mark.type).toBe("image");
    const inTrials = fx.data.filter((r) => fx.trl.some((t) => r[0] >= t[0] && r[0] < t[1])).length;
    expect(spec.title).toMatch(new RegExp(`${inTrials} spikes`));
    expect(spec.usermeta.spikesDrawn).toBe(inTrials);
    // 5 trains x 12 trials + 4 gap rows = 64 rows (fewer than the 100 pixel rows), 200 pixel columns
    expect(spec.usermeta.grid).toEqual([64, 200]);
  });

  it("with more trials than pixel rows, counts per pixel row as well", () => {
    const many = spy.synthdata.poisson_noise({ nTrials: 300, nSpikes: 60_000, nChannels: 1, nUnits: 2, seed: 5 });
    const spec = rasterSpec(many, { height: 200, width: 300 });
    compileSpec(spec);
    expect(spec.usermeta.grid).toEqual([200, 300]);
    expect(spec.usermeta.spikesDrawn).toBe(many.trialCounts.reduce((a, b) => a + b, 0));
    // one train, one trial, aggregated: a one-row image
    const one = new SpikeData({ data: [[1, 0, 0], [5, 0, 0], [9, 0, 0]], samplerate: 1000 });
    const s1 = rasterSpec(one, { maxSpikes: 1 });
    compileSpec(s1);
    expect(s1.usermeta.spikesDrawn).toBe(3);
  });

  it("marks events by sample and refuses bad options", () => {
    const events = new EventData({ data: fx.trl.map((r) => [r[0] - r[2], 7]), samplerate: fx.samplerate });
    const spec = rasterSpec(data, { select: { trials: [0, 1] }, events });
    const marks = spec.layer.find((l: { name: string }) => l.name === "events").data.values as Row[];
    // the events sit at the triggers (t = 0), one per trial and band
    expect(marks).toHaveLength(2 * 5);
    expect(marks.every((m) => m.t === 0)).toBe(true);
    expect(() => rasterSpec(data, { by: "x" as never })).toThrow(SPYValueError);
    expect(() => rasterSpec(data, { events: data as never })).toThrow(SPYTypeError);
    expect(() => rasterSpec(data, { colour: 1 } as never)).toThrow(/colour/);
  });

  it("renders to SVG (aggregated)", async () => {
    const svg = await renderSVG(rasterSpec(data, { maxSpikes: 10 }));
    expect(svg).toMatch(/<svg/);
  });
});

describe("PSTH bars", () => {
  it("bar heights are the counts of a one-trial spikecount PSTH (np.histogram in the fixture)", async () => {
    const c = fx.psth[1]; // binsize 0.1, spikecount, minperiod: every bin covered
    const one = await spike_psth(data, { ...c.cfg, latency: (c as unknown as { window: number[] }).window, select: { trials: [3] } });
    const spec = psthSpec(one);
    compileSpec(spec);
    const bars = spec.data.values as Row[];
    const P = c.labels.length;
    c.labels.forEach((label, p) => {
      const mine = bars.filter((b) => b.pair === label).map((b) => b.y);
      const want = c.trial_data[3].map((row) => row[p]);
      expect(mine).toEqual(want);
      expect(bars.filter((b) => b.pair === label).map((b) => b.x0)).toEqual(c.bins.slice(0, -1).map((e) => Number(e.toPrecision(10))));
    });
    expect(bars).toHaveLength(P * (c.bins.length - 1));
    expect(spec.spec.layer).toHaveLength(1); // one trial: no band
  });

  it("draws a ± SD band over trials (half-width sqrt(var)) and ± SEM on request", async () => {
    const r = await spike_psth(data, { binsize: 0.1, latency: "minperiod", output: "spikecount" });
    const sd = psthSpec(r);
    const b0 = (sd.data.values as Row[])[0];
    expect(Number(b0.hi) - Number(b0.y)).toBeCloseTo(Math.sqrt(r.var!.data[0]), 12);
    const sem = psthSpec(r, { band: "sem", channel: "channel3_unit4" });
    const s0 = (sem.data.values as Row[])[0];
    expect(s0.pair).toBe("channel3_unit4");
    const e = r.channel.indexOf("channel3_unit4");
    expect(Number(s0.hi) - Number(s0.y)).toBeCloseTo(Math.sqrt(r.var!.data[e]) / Math.sqrt(r.dof!.data[e]), 12);
    expect(() => psthSpec(r, { band: "iqr" as never })).toThrow(SPYValueError);
    // singlepanelplot of a spike_psth result draws the bars
    expect(plotSpec(r, {}, false).facet).toBeDefined();
  });
});

describe("ISI histogram", () => {
  it("bar heights are np.histogram's counts of the pooled ISIs", () => {
    const spec = isiHistogramSpec(data, { bins: 20 });
    compileSpec(spec);
    const bars = spec.data.values as Row[];
    fx.isi.labels.forEach((label, j) => expect(bars.filter((b) => b.train === label).map((b) => b.count)).toEqual(fx.isi.hist_counts[j]));
  });
});

describe("singlepanelplot dispatch", () => {
  it("SpikeData gives a raster (selection keys at the top level), EventData its events", () => {
    const spec = plotSpec(data, { trials: [0], unit: "unit1" } as never, false);
    const ticks = spec.layer[0].data.values as Row[];
    expect(new Set(ticks.map((t) => t.train))).toEqual(new Set(["channel0_unit0", "channel3_unit0"]));
    const events = new EventData({ data: [[10, 1], [700, 2], [1500, 1]], samplerate: fx.samplerate, trialdefinition: [[0, 1000, 0], [1000, 2000, 0]] });
    const ev = plotSpec(events, {}, false);
    compileSpec(ev);
    expect(ev.data.values).toEqual([{ t: 0.01, trial: 0, eventid: "1" }, { t: 0.7, trial: 0, eventid: "2" }, { t: 0.5, trial: 1, eventid: "1" }]);
    expect(() => plotSpec(data, { trials: [0], select: { trials: [1] } } as never, false)).toThrow(/not both/);
  });
});
