/**
 * Plots of spike and event data beyond Syncopy's (Syncopy's SpikeData rasters with `on_yaxis` are
 * in ./spikePanels.ts; `discretePlotSpec` below picks one or the other):
 * - `rasterSpec`: a raster of a SpikeData, one row per trial, the trials of each train (channel-unit
 *   pair, or unit) stacked in a band of their own, with the trigger (t = 0) and optional event
 *   markers (an EventData's rows, placed by their samples). Up to `maxSpikes` spikes (default
 *   20 000) each is a tick; beyond, the spikes are counted per pixel (one column per horizontal
 *   pixel, one row per trial or per pixel row when there are more trials than pixels) and drawn
 *   as one image whose shade is the count, so 10^7 spikes cost a grid the size of the plot;
 * - `eventRasterSpec`: an EventData's events per trial, coloured by event id;
 * - `psthSpec`: a spike_psth result as bars at its exact bin edges (the trial average), with a band
 *   of ± SD or ± SEM (per-bin dof) over the trials, one panel per channel-unit pair;
 * - `isiHistogramSpec`: histograms of the inter-spike intervals per train (spy.isiHistogram).
 * The `*plot` functions display them (as spy.singlepanelplot does).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { maxOf, minOf } from "../core/extrema";
import { checkInteger, checkOneOf, checkOptions, checkString } from "../core/keywords";
import { SpikeData } from "../data/spike";
import { EventData } from "../data/event";
import { TimeLockData } from "../data/timelock";
import { SelectionSpec } from "../data/selection";
import { VEGALITE_SCHEMA, VegaLiteSpec, MAX_PANELS } from "../plot/specs";
import { displaySpec } from "../plot/display";
import { vegaStringArray } from "../plot/vegaExpr";
import { PairIndex, TrainGrouping, checkSpikeData, readTrialSpikes, resolveSpikeSelection } from "../statistics/spikeTrains";
import { isiHistogram, IsiHistogramOptions } from "../statistics/spikeTrainStats";
import { psthBinEdges } from "../statistics/spikePsth";
import { PixelCounts, SpikePanelOptions, spikePanelSpec, timeRange } from "./spikePanels";

/** The options of rasterplot / rasterSpec for a SpikeData. */
export interface RasterOptions {
  /** Trials, channel, unit and latency (selectdata's keywords); latency also sets the time axis. */
  select?: SelectionSpec | null;
  /** Trains by channel-unit pair (default "pair") or unit ("unit"). */
  by?: TrainGrouping;
  /** Event markers: the rows of this EventData that fall into each trial (by sample; same clock as the spikes). */
  events?: EventData;
  /** Beyond this many spikes the raster counts them per pixel (default 20 000). */
  maxSpikes?: number;
  /** Width in pixels (default 600). */
  width?: number;
  /** Height in pixels (default: 2 per trial row, within 200 … 800). */
  height?: number;
  /** Chart title (default: spikes, trials and trains counted). */
  title?: string;
}

const RASTER_KEYS = ["select", "by", "events", "maxSpikes", "width", "height", "title"];
const GAP = 1; // empty trial rows between the bands of two trains
const EVENT_COLOR = "#d62728";

/** Per selected trial, the spikes' times and band (train) positions. */
interface RasterRows {
  labels: string[];
  nTrials: number;
  /** time range [t0, t1] of the x axis. */
  xRange: [number, number];
  total: number;
  forEach(fn: (i: number, time: Float64Array, band: Int32Array) => void): void;
}

function spikeRows(data: SpikeData, o: RasterOptions): RasterRows {
  const sel = resolveSpikeSelection(data, o.select ?? null);
  const trl = data.trialdefinition;
  const index = new PairIndex(data, o.by ?? "pair");
  // pass 1: which trains have spikes, and how many spikes in all
  let total = 0;
  for (let i = 0; i < sel.trials.length; i++) {
    const t = readTrialSpikes(data, sel, i, trl);
    index.mark(t);
    total += t.time.length;
  }
  const keys = index.seenKeys();
  const band = new Int32Array(index.seen.length).fill(-1);
  keys.forEach((k, j) => { band[k] = j; });
  return {
    labels: keys.map((k) => index.label(k, data)),
    nTrials: sel.trials.length,
    xRange: timeRange(sel.trials.map((k) => trl[k]), sel.stackRanges, data.samplerate),
    total,
    forEach(fn) {
      for (let i = 0; i < sel.trials.length; i++) {
        const t = readTrialSpikes(data, sel, i, trl);
        const b = new Int32Array(t.time.length);
        for (let j = 0; j < b.length; j++) b[j] = band[index.key(t.channel[j], t.unit[j])];
        fn(i, t.time, b);
      }
    },
  };
}

/** The event markers of each selected trial: events placed by sample into the spikes' trials. */
function eventMarks(events: EventData, data: SpikeData, select: SelectionSpec | null | undefined): { t: number; trial: number; id: number }[] {
  if (!(events instanceof EventData)) throw new SPYTypeError("events", events, "an EventData (its rows are drawn as markers)");
  const sel = resolveSpikeSelection(data, select ?? null);
  const s = events.column("sample"), id = events.column("eventid");
  const trl = data.trialdefinition;
  // the events' samples on the spikes' clock
  const r = data.samplerate / events.samplerate;
  const out: { t: number; trial: number; id: number }[] = [];
  sel.trials.forEach((k, i) => {
    const [start, stop, offset] = trl[k];
    for (let j = 0; j < s.length; j++) {
      const x = s[j] * r;
      if (x >= start && x < stop) out.push({ t: (x - start + offset) / data.samplerate, trial: i, id: id[j] });
    }
  });
  if (out.length > 5000) throw new SPYValueError("events", `${out.length} markers`, "at most 5000 event markers in the selected trials (select fewer trials)");
  return out;
}

/** A raster of a SpikeData (see the module comment). */
export function rasterSpec(data: SpikeData, options: RasterOptions = {}): VegaLiteSpec {
  checkSpikeData(data, "the raster plot");
  const o = checkOptions(options, "raster plot", RASTER_KEYS) as RasterOptions;
  if (o.by !== undefined) checkOneOf(o.by, "by", ["pair", "unit"] as const);
  const maxSpikes = o.maxSpikes === undefined ? 20_000 : checkInteger(o.maxSpikes, "maxSpikes", { min: 0 });
  const width = o.width === undefined ? 600 : checkInteger(o.width, "width", { min: 50, max: 4000 });
  if (o.title !== undefined) checkString(o.title, "title", "a string", true);
  const rows = spikeRows(data, o);
  if (rows.total === 0) throw new SPYValueError("select", o.select ?? "all", "a selection holding at least one spike");
  const K = rows.nTrials, B = rows.labels.length;
  const nRows = B * K + (B - 1) * GAP;
  const height = o.height === undefined ? Math.min(800, Math.max(200, 2 * nRows)) : checkInteger(o.height, "height", { min: 50, max: 4000 });
  const rowOf = (band: number, trial: number) => band * (K + GAP) + trial;
  const centres = rows.labels.map((_, b) => rowOf(b, 0) + (K - 1) / 2);
  const yAxis = {
    values: centres,
    labelExpr: `${vegaStringArray(rows.labels)}[indexof(${JSON.stringify(centres)}, datum.value)]`,
    grid: false, labelOverlap: "parity",
  };
  const yTitle = `trial (${K} per ${rows.labels.length > 1 ? "train, trains stacked" : "train"})`;
  const [x0, x1] = rows.xRange;
  const aggregate = rows.total > maxSpikes;
  const title = o.title ?? `Raster: ${rows.total} spikes, ${K} trials, ${B} trains${aggregate ? " (spikes counted per pixel)" : ""}`;
  let spec: VegaLiteSpec;
  if (aggregate) {
    // counts per (pixel column, row): rows are trials, or pixel rows when there are more trials than pixels
    const counts = new PixelCounts(x0, x1, width, nRows, height);
    rows.forEach((i, time, band) => {
      for (let j = 0; j < time.length; j++) if (band[j] >= 0) counts.add(time[j], rowOf(band[j], i));
    });
    spec = counts.spec({ width, height, yTitle, title, zMax: counts.max() });
    const image = spec.layer[0];
    image.encoding.y.axis = yAxis;
    // what the image holds, for checks (vega-lite passes usermeta through)
    spec.usermeta = { spikesDrawn: counts.drawn, grid: [counts.ny, counts.nx] };
  } else {
    const values: object[] = [];
    rows.forEach((i, time, band) => {
      for (let j = 0; j < time.length; j++) if (band[j] >= 0) values.push({ t: round(time[j]), row: rowOf(band[j], i), train: rows.labels[band[j]], trial: i });
    });
    spec = {
      $schema: VEGALITE_SCHEMA, width, height, title,
      layer: [{
        name: "spikes",
        data: { values },
        mark: { type: "tick", orient: "vertical", thickness: 1, size: Math.max(1, Math.min(12, (0.9 * height) / nRows)), clip: true },
        params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
        encoding: {
          x: { field: "t", type: "quantitative", title: "time (s)", scale: { domain: [x0, x1], nice: false, zero: false } },
          y: { field: "row", type: "quantitative", title: yTitle, scale: { domain: [-0.5, nRows - 0.5], nice: false, zero: false }, axis: yAxis },
          color: { value: "black" },
          tooltip: [{ field: "train" }, { field: "trial" }, { field: "t", title: "time (s)", format: ".5~g" }],
        },
      }],
    };
  }
  // the trigger and the event markers (one short tick per trial and band)
  if (x0 <= 0 && x1 >= 0) spec.layer.push({ name: "trigger", data: { values: [{ t: 0 }] }, mark: { type: "rule", color: EVENT_COLOR, strokeDash: [4, 3], opacity: 0.7 }, encoding: { x: { field: "t", type: "quantitative" } } });
  if (o.events !== undefined) {
    const marks = eventMarks(o.events, data, o.select).flatMap((m) => rows.labels.map((_, b) => ({ t: round(m.t), row: rowOf(b, m.trial), eventid: m.id })));
    spec.layer.push({
      name: "events", data: { values: marks },
      mark: { type: "tick", orient: "vertical", thickness: 2, color: EVENT_COLOR, opacity: 0.8, clip: true, size: Math.max(2, Math.min(12, (0.9 * height) / nRows)) },
      encoding: { x: { field: "t", type: "quantitative" }, y: { field: "row", type: "quantitative" }, tooltip: [{ field: "eventid" }, { field: "t", title: "time (s)" }] },
    });
  }
  return spec;
}

/** The events of an EventData per trial, one row per trial, coloured by event id. */
export function eventRasterSpec(events: EventData, options: { select?: SelectionSpec | null; width?: number; height?: number; title?: string } = {}): VegaLiteSpec {
  if (!(events instanceof EventData)) throw new SPYTypeError("data", events, "an EventData object");
  const o = checkOptions(options, "event raster", ["select", "width", "height", "title"]) as { select?: SelectionSpec | null; width?: number; height?: number; title?: string };
  if (!Number.isFinite(events.samplerate)) throw new SPYValueError("samplerate", null, "an EventData with a samplerate (times in s)");
  const sel = events.resolve(o.select ?? null);
  const values: object[] = [];
  sel.trials.forEach((k, i) => {
    const rowsIdx = events.selectedRowIndices(sel, i);
    const [lo] = events.trialRows(k);
    const t = events.trialTimes(k), id = events.column("eventid", k);
    rowsIdx.forEach((r) => values.push({ t: round(t[r - lo]), trial: k, eventid: String(id[r - lo]) }));
  });
  if (values.length > 50_000) throw new SPYValueError("select", o.select ?? "all", `at most 50000 events to draw (${values.length} selected)`);
  const width = o.width === undefined ? 600 : checkInteger(o.width, "width", { min: 50, max: 4000 });
  const height = o.height === undefined ? Math.min(800, Math.max(150, 12 * sel.trials.length)) : checkInteger(o.height, "height", { min: 50, max: 4000 });
  return {
    $schema: VEGALITE_SCHEMA, width, height, title: o.title ?? `Events: ${values.length} in ${sel.trials.length} trials`,
    data: { values },
    mark: { type: "point", shape: "triangle-down", filled: true, size: 40 },
    params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
    encoding: {
      x: { field: "t", type: "quantitative", title: "time (s)" },
      y: { field: "trial", type: "ordinal", title: "trial" },
      color: { field: "eventid", type: "nominal", title: "event id" },
      tooltip: [{ field: "eventid" }, { field: "trial" }, { field: "t", title: "time (s)" }],
    },
  };
}

/** The options of psthplot / psthSpec for a spike_psth result. */
export interface PsthPlotOptions {
  /** Channel-unit pairs to draw (names or indices; default all). */
  channel?: SelectionSpec["channel"];
  /** The band over trials: "sd" (default with >= 2 trials), "sem" (SD / sqrt(dof)) or "none". */
  band?: "sd" | "sem" | "none";
  /** Chart title (default: the band and trials per bin). */
  title?: string;
}

/** Bars of a spike_psth result (trial average at the exact bin edges) with a ± SD / SEM band, one panel per pair. */
export function psthSpec(psth: TimeLockData, options: PsthPlotOptions = {}): VegaLiteSpec {
  if (!(psth instanceof TimeLockData) || !psth.avg) throw new SPYTypeError("data", (psth as { className?: string })?.className ?? psth, "a TimeLockData from spy.spike_psth");
  const o = checkOptions(options, "PSTH plot", ["channel", "band", "title"]) as PsthPlotOptions;
  const avg = psth.avg, variance = psth.var, dof = psth.dof;
  const [nBins, C] = avg.shape;
  let edges = psthBinEdges(psth);
  if (!edges || edges.length !== nBins + 1) {
    const t = psth.timeAxis, h = 0.5 / psth.samplerate;
    edges = Float64Array.from({ length: nBins + 1 }, (_, b) => (b < nBins ? t[b] - h : t[nBins - 1] + h));
  }
  const spread = variance !== null && dof !== null && Array.from(dof.data).some((d) => d >= 2);
  const band = o.band === undefined ? (spread ? "sd" : "none") : checkOneOf(o.band, "band", ["sd", "sem", "none"] as const);
  if (band !== "none" && !spread) throw new SPYValueError("band", band, `"none" for a PSTH of one trial (no spread over trials)`);
  const sel = psth.resolve({ trials: 0, channel: o.channel });
  const chans = sel.dims.channel ?? Array.from({ length: C }, (_, c) => c);
  if (chans.length > MAX_PANELS) throw new SPYValueError("channel", o.channel ?? "all", `at most ${MAX_PANELS} pairs (one panel each)`);
  const labels = psth.channel;
  const output = (psth.metadata as { spike_psth?: { output?: string } }).spike_psth?.output ?? "rate";
  const yTitle = output === "rate" ? "rate (spikes/s)" : output === "proportion" ? "proportion of spikes" : "spikes per bin";
  const values: object[] = [];
  for (const c of chans) {
    for (let b = 0; b < nBins; b++) {
      const e = b * C + c, m = avg.data[e];
      if (Number.isNaN(m)) continue;
      let half = 0;
      if (band !== "none") {
        const sd = Math.sqrt(variance!.data[e]);
        half = band === "sem" ? sd / Math.sqrt(dof!.data[e]) : sd;
      }
      values.push({ pair: labels[c], x0: round(edges[b]), x1: round(edges[b + 1]), y: m, lo: m - half, hi: m + half, dof: dof ? dof.data[e] : psth.nTrials });
    }
  }
  const x = { field: "x0", type: "quantitative", title: "time (s)", scale: { domain: [edges[0], edges[nBins]], nice: false, zero: false } };
  // the band behind the bars: its part above a bar shows the spread, the bar stays one colour
  const layers: object[] = [];
  if (band !== "none") {
    layers.push({ name: "band", mark: { type: "rect", color: "#f58518", opacity: 0.35 }, encoding: { x, x2: { field: "x1" }, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } });
  }
  layers.push({
    name: "bars", mark: { type: "rect", color: "#4c78a8", opacity: 0.9, stroke: "white", strokeWidth: 0.5 },
    encoding: { x, x2: { field: "x1" }, y: { field: "y", type: "quantitative", title: yTitle }, y2: { datum: 0 },
      tooltip: [{ field: "pair" }, { field: "x0", title: "bin from (s)" }, { field: "x1", title: "to (s)" }, { field: "y", title: "trial average", format: ".4~g" }, { field: "dof", title: "trials" }] },
  });
  const bandName = band === "sem" ? " ± SEM" : band === "sd" ? " ± SD" : "";
  const title = o.title ?? `PSTH: trial average${bandName} (${minOf(dof ? dof.data : [psth.nTrials])} … ${maxOf(dof ? dof.data : [psth.nTrials])} trials per bin)`;
  return {
    $schema: VEGALITE_SCHEMA, title, data: { values },
    facet: { row: { field: "pair", type: "nominal", title: null, sort: chans.map((c) => labels[c]) } },
    spec: { width: 600, height: chans.length > 4 ? 80 : 140, layer: layers },
    resolve: { scale: { y: "independent" } },
  };
}

/** Histograms of the ISIs per train (spy.isiHistogram's counts as bars), one panel per train. */
export function isiHistogramSpec(spikes: SpikeData, options: IsiHistogramOptions & { title?: string } = {}): VegaLiteSpec {
  const { title: t, ...rest } = checkOptions(options, "ISI histogram", ["select", "by", "bins", "range", "title"]) as IsiHistogramOptions & { title?: string };
  const h = isiHistogram(spikes, rest);
  if (h.labels.length > MAX_PANELS) throw new SPYValueError("select", rest.select ?? "all", `at most ${MAX_PANELS} trains (one panel each)`);
  const values: object[] = [];
  h.labels.forEach((l, j) => h.counts[j].forEach((c, b) => values.push({ train: l, x0: round(h.edges[b]), x1: round(h.edges[b + 1]), count: c })));
  return {
    $schema: VEGALITE_SCHEMA, title: t ?? `Inter-spike intervals (${h.total.reduce((a, b) => a + b, 0)} in all)`, data: { values },
    facet: { row: { field: "train", type: "nominal", title: null, sort: h.labels } },
    spec: {
      width: 500, height: h.labels.length > 4 ? 70 : 120,
      mark: { type: "rect", color: "#4c78a8", stroke: "white", strokeWidth: 0.5 },
      encoding: {
        x: { field: "x0", type: "quantitative", title: "inter-spike interval (s)", scale: { domain: [h.edges[0], h.edges[h.edges.length - 1]], nice: false, zero: false } },
        x2: { field: "x1" },
        y: { field: "count", type: "quantitative", title: "intervals" }, y2: { datum: 0 },
        tooltip: [{ field: "train" }, { field: "x0", title: "from (s)" }, { field: "x1", title: "to (s)" }, { field: "count" }],
      },
    },
    resolve: { scale: { y: "independent" } },
  };
}

/** Display a raster of a SpikeData (rasterSpec). */
export function rasterplot(data: SpikeData, options: RasterOptions = {}): Promise<void> {
  return displaySpec(rasterSpec(data, options));
}

/** Display a spike_psth result as bars with a variance band (psthSpec). */
export function psthplot(psth: TimeLockData, options: PsthPlotOptions = {}): Promise<void> {
  return displaySpec(psthSpec(psth, options));
}

/** Display ISI histograms of a SpikeData (isiHistogramSpec). */
export function isiplot(spikes: SpikeData, options: IsiHistogramOptions & { title?: string } = {}): Promise<void> {
  return displaySpec(isiHistogramSpec(spikes, options));
}

/** Whether a TimeLockData is a spike_psth result (its plot is bars, not lines). */
export function isPsth(data: TimeLockData): boolean {
  return psthBinEdges(data) !== null;
}

function round(v: number): number {
  return Number(v.toPrecision(10));
}

const SELECT_KEYS = ["trials", "channel", "unit", "latency", "eventid"];

/**
 * The options of spy.singlepanelplot / multipanelplot of a SpikeData: Syncopy's (`on_yaxis` and
 * the selection keywords trials, channel, unit, latency at the top level; plotting/spikePanels.ts)
 * and spyts' raster's (`select`, `by`, `events`; rasterSpec). maxSpikes, width, height and title
 * apply to both.
 */
export interface SpikePlotOptions extends RasterOptions {
  /** Syncopy's y axis: "trials" (default), "unit" or "channel". */
  on_yaxis?: SpikePanelOptions["on_yaxis"];
  trials?: SelectionSpec["trials"];
  channel?: SelectionSpec["channel"];
  unit?: SelectionSpec["channel"];
  latency?: SelectionSpec["latency"];
}

/**
 * spy.singlepanelplot / multipanelplot of spike and event data (plotting/frontends.ts dispatches
 * here): a SpikeData's raster, an EventData's events, a spike_psth result's bars; null for other
 * data. The selection keywords (trials, channel, unit, latency, eventid) may be given at the top
 * level, as for the other classes, or as `select`.
 *
 * A SpikeData follows Syncopy's plots (spikePanelSpec: `on_yaxis`, one trial or one unit per
 * singlepanelplot, one panel per trial or unit in a multipanelplot) when `on_yaxis` or a selection
 * keyword is given at the top level, and in a multipanelplot without spyts' raster options; else
 * (`select`, `by`, `events`, or no keyword in a singlepanelplot) it is spyts' raster (rasterSpec:
 * every train's trials stacked in bands).
 */
export function discretePlotSpec(data: unknown, options: unknown, multi = false): VegaLiteSpec | null {
  const isSpikes = data instanceof SpikeData, isEvents = data instanceof EventData;
  const psth = data instanceof TimeLockData && isPsth(data);
  if (!isSpikes && !isEvents && !psth) return null;
  if (psth) return psthSpec(data as TimeLockData, options as PsthPlotOptions);
  const where = multi ? "multipanelplot" : "singlepanelplot";
  const o = { ...checkOptions(options ?? {}, where, [...SELECT_KEYS, ...RASTER_KEYS, ...(isSpikes ? ["on_yaxis"] : [])]) };
  const top = SELECT_KEYS.filter((k) => o[k] !== undefined);
  const syncopy = isSpikes && (o.on_yaxis !== undefined || top.length > 0 || (multi && [o.select, o.by, o.events].every((v) => v === undefined)));
  if (top.length) {
    if (o.select !== undefined && o.select !== null) throw new SPYValueError(top[0], o[top[0]], "the selection either at the top level or in `select`, not both");
    o.select = Object.fromEntries(top.map((k) => [k, o[k]]));
    for (const k of top) delete o[k];
  }
  if (isEvents) return eventRasterSpec(data as EventData, o as { select?: SelectionSpec | null });
  if (syncopy) {
    for (const k of ["by", "events"]) {
      if (o[k] !== undefined) throw new SPYValueError(k, o[k], "left out with on_yaxis or top-level selection keywords (Syncopy's plot; `by` and `events` are options of spyts' raster: give the selection as `select`)");
    }
    return spikePanelSpec(data as SpikeData, o as SpikePanelOptions, multi);
  }
  return rasterSpec(data as SpikeData, o as RasterOptions);
}
