/**
 * Syncopy's SpikeData plots (syncopy/plotting/spike_plotting.py): spike rasters with the trials,
 * the units or the channels on the y axis (`on_yaxis`), the selection keywords (trials, channel,
 * unit, latency) given directly, as in `spd.singlepanelplot(unit=11)`.
 *
 * - on_yaxis "trials" (the default): one row per selected trial ("trial<k>"), the spikes of one unit
 *   (singlepanelplot needs exactly one selected unit; multipanelplot draws one panel per selected
 *   unit, at most 25).
 * - on_yaxis "unit" / "channel": one row per selected unit / channel (all when none is selected), in
 *   the order selected; singlepanelplot draws one trial (a selection of several is an error),
 *   multipanelplot one panel per selected trial (at most 25), titled "trial<k>".
 *
 * A row holds the spikes whose unit (channel) is the row's and that the whole selection keeps: a
 * unit row of `{ unit: [0, 4], channel: [6, 7] }` shows unit 0's spikes on channels 6 and 7 only.
 * Times are (sample − trial start + offset) / samplerate. With at most 25 rows every row is labelled
 * (unit names, channel names or "trial<k>") and the y axis has no title; beyond, the y title names
 * `on_yaxis` and the ticks count rows. A dashed line marks t = 0 when the time axis reaches below 0
 * (pre-stimulus data). The panels of a multipanelplot share their axes; only the first column has
 * y labels, as Syncopy's leftmost axes.
 *
 * Above `maxSpikes` spikes (default 20 000) the spikes are counted per pixel (one column per
 * horizontal pixel, one row per row of the raster or per pixel row when there are more rows than
 * pixels) and drawn as a log-shaded image per panel, as spyts' own raster does (plotting/spikes.ts).
 */
import { SPYError, SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger, checkOptions, checkString } from "../core/keywords";
import { SpikeData } from "../data/spike";
import { DiscreteSelection } from "../data/discrete";
import { LabelSelector, SelectionSpec, resolveLabels } from "../data/selection";
import { VEGALITE_SCHEMA, VegaLiteSpec, gridAxes, gridAxis, heatmapSpec, panelColumns } from "../plot/specs";
import { vegaStringArray, vegaText } from "../plot/vegaExpr";
import { suffixNames } from "../plot/multiHeatmap";
import { checkSpikeData, readTrialSpikes, resolveSpikeSelection } from "../statistics/spikeTrains";

/** What Syncopy's SpikeData plots put on the y axis. */
export const ON_YAXIS = ["trials", "unit", "channel"] as const;
export type OnYaxis = (typeof ON_YAXIS)[number];

/** Syncopy's limit of panels of a SpikeData multipanelplot (subplots_max) and of labelled rows. */
export const SPIKE_MAX_PANELS = 25;
const MAX_LABELS = 25;
const TRIGGER_COLOR = "#d62728";

/** The options of Syncopy's SpikeData plots (spikePanelSpec). */
export interface SpikePanelOptions {
  /** "trials" (default), "unit" or "channel" on the y axis. */
  on_yaxis?: OnYaxis;
  /** trials, channel, unit, latency (Syncopy's show keywords). */
  select?: SelectionSpec | null;
  /** Beyond this many spikes the spikes are counted per pixel (default 20 000). */
  maxSpikes?: number;
  /** Width in pixels of the plot (singlepanelplot) or of each panel (multipanelplot). */
  width?: number;
  /** Height in pixels of the plot (singlepanelplot) or of each panel (multipanelplot). */
  height?: number;
  title?: string;
}

const PANEL_KEYS = ["on_yaxis", "select", "maxSpikes", "width", "height", "title"];

/** Where the spikes go: panels, rows, and per selected trial the (panel, row) of each spike. */
interface Layout {
  on: OnYaxis;
  /** Positions (in the selection) of the trials whose spikes are drawn. */
  trialPos: number[];
  panelTitles: string[];
  rowLabels: string[];
  /**
   * Placements of the spikes of selected trial i: panel, row and the spike's index in the trial's
   * kept spikes (a spike lands once per panel/row that asks for its unit or channel).
   */
  place(i: number, channel: Float64Array, unit: Float64Array): { panel: Int32Array; row: Int32Array; spike: Int32Array };
}

/** value -> the targets (panels or rows) that want it, in order. */
function targetsByValue(values: number[]): Map<number, number[]> {
  const m = new Map<number, number[]>();
  values.forEach((v, target) => {
    const list = m.get(v);
    if (list) list.push(target);
    else m.set(v, [target]);
  });
  return m;
}

/**
 * Placements of one trial's spikes: `key[j]` looked up in `targets` gives the varying coordinate
 * (rows or panels), `fixed` the other one.
 */
function placements(key: Float64Array, targets: Map<number, number[]>, fixed: number, varying: "row" | "panel") {
  const single = new Int32Array(key.length).fill(-1);
  let n = 0, multiple = false;
  for (let j = 0; j < key.length; j++) {
    const t = targets.get(key[j]);
    if (!t) continue;
    n += t.length;
    if (t.length === 1) single[j] = t[0];
    else multiple = true;
  }
  const panel = new Int32Array(n), row = new Int32Array(n), spike = new Int32Array(n);
  const vary = varying === "row" ? row : panel, fix = varying === "row" ? panel : row;
  fix.fill(fixed);
  let o = 0;
  for (let j = 0; j < key.length; j++) {
    if (!multiple) {
      if (single[j] < 0) continue;
      vary[o] = single[j]; spike[o] = j; o++;
      continue;
    }
    const t = targets.get(key[j]);
    if (!t) continue;
    for (const v of t) { vary[o] = v; spike[o] = j; o++; }
  }
  return { panel, row, spike };
}

/** Syncopy's `_extract_ids_labels`: positions of the selected units / channels (all when none). */
function selectedPositions(sel: DiscreteSelection, on: "unit" | "channel", spec: SelectionSpec, labels: string[]): number[] {
  const pos = on === "channel" ? sel.dims.channel : resolveLabels("unit", spec.unit as LabelSelector, labels);
  return pos ?? labels.map((_, p) => p);
}

function layoutOf(data: SpikeData, on: OnYaxis, sel: DiscreteSelection, spec: SelectionSpec, multi: boolean): Layout {
  const trialLabels = sel.trials.map((k) => `trial${k}`);
  if (on === "trials") {
    const names = data.unit, values = data.unit_idx;
    const pos = selectedPositions(sel, "unit", spec, names);
    if (!multi && pos.length !== 1) throw new SPYError("Please select a single unit for plotting!");
    if (pos.length > SPIKE_MAX_PANELS) {
      throw new SPYError(`Cannot plot ${pos.length} units at once! Please select maximum ${SPIKE_MAX_PANELS} units for multipanel plotting.`);
    }
    const panels = targetsByValue(pos.map((p) => values[p]));
    return {
      on, trialPos: sel.trials.map((_, i) => i), panelTitles: pos.map((p) => names[p]), rowLabels: trialLabels,
      place: (i, _c, u) => placements(u, panels, i, "panel"),
    };
  }
  const names = on === "unit" ? data.unit : data.channel;
  const values = on === "unit" ? data.unit_idx : data.channel_idx;
  const pos = selectedPositions(sel, on, spec, names);
  if (!multi && sel.trials.length > 1) throw new SPYError("Please select a single trial for plotting!");
  if (sel.trials.length > SPIKE_MAX_PANELS) {
    throw new SPYError(`Cannot plot ${sel.trials.length} trials at once! Please select maximum ${SPIKE_MAX_PANELS} trials for multipanel plotting.`);
  }
  const rows = targetsByValue(pos.map((p) => values[p]));
  return {
    on, trialPos: sel.trials.map((_, i) => i), panelTitles: trialLabels, rowLabels: pos.map((p) => names[p]),
    place: (i, c, u) => placements(on === "unit" ? u : c, rows, i, "row"),
  };
}

/** [first, last] time of the given trials (or of their latency ranges), in s. */
export function timeRange(rows: readonly (readonly number[])[], ranges: readonly ([number, number] | null)[], fs: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  rows.forEach((r, i) => {
    const [a, b] = ranges[i] ?? [0, r[1] - r[0]];
    lo = Math.min(lo, (a + r[2]) / fs);
    hi = Math.max(hi, (b - 1 + r[2]) / fs);
  });
  if (!(hi > lo)) hi = lo + 1 / fs;
  return [lo, hi];
}

function round(v: number): number {
  return Number(v.toPrecision(10));
}

/**
 * Spikes counted per pixel (the raster's large-data path): `nx` columns over the time range
 * [x0, x1], one row per raster row or, with more raster rows than `height` pixels, one per pixel
 * row. Drawn as a log-shaded grey image (heatmapSpec) whose cost is the plot's size, not the
 * spike count.
 */
export class PixelCounts {
  readonly grid: Float64Array;
  readonly ny: number;
  private readonly scaleX: number;
  private readonly scaleY: number;
  /** Spikes counted (inside the time range). */
  drawn = 0;

  constructor(readonly x0: number, readonly x1: number, readonly nx: number, readonly nRows: number, height: number) {
    this.ny = Math.min(nRows, height);
    this.grid = new Float64Array(nx * this.ny);
    this.scaleX = nx / (x1 - x0);
    this.scaleY = this.ny / nRows;
  }

  /** Count a spike at time t (s) in raster row `row`. */
  add(t: number, row: number): void {
    let px = Math.floor((t - this.x0) * this.scaleX);
    if (px < 0 || px > this.nx) return;
    if (px === this.nx) px = this.nx - 1;
    this.grid[Math.floor(row * this.scaleY) * this.nx + px]++;
    this.drawn++;
  }

  /** The largest count. */
  max(): number {
    let m = 0;
    for (let q = 0; q < this.grid.length; q++) if (this.grid[q] > m) m = this.grid[q];
    return m;
  }

  /** The image (heatmapSpec: layers image, colorbar, tooltip), rows at y = 0 … nRows − 1. */
  spec(o: { width: number; height: number; yTitle: string; title?: string; zMax: number }): VegaLiteSpec {
    const xs = Float64Array.from({ length: this.nx }, (_, p) => this.x0 + (p + 0.5) / this.scaleX);
    const ys = Float64Array.from({ length: this.ny }, (_, q) => (q + 0.5) / this.scaleY - 0.5);
    return heatmapSpec({
      // a log colour scale from 0.1: a pixel of 1 spike stays a visible grey beside pixels of
      // thousands (the scheme's light end is nearly white); empty pixels are transparent
      x: xs, y: ys, z: this.grid, xTitle: "time (s)", yTitle: o.yTitle, zTitle: "spikes per pixel", cmap: "greys", logZ: true,
      zDomain: [0.1, Math.max(2, o.zMax)], width: o.width, height: o.height, maxX: this.nx, maxY: this.ny, title: o.title,
    });
  }
}

/** Check Syncopy's `on_yaxis` (its error wording: "either 'trials', 'unit' or 'channel'"). */
export function checkOnYaxis(value: unknown): OnYaxis {
  if (value === undefined) return "trials";
  if (!(ON_YAXIS as readonly unknown[]).includes(value)) throw new SPYValueError("on_yaxis", value, "either 'trials', 'unit' or 'channel'");
  return value as OnYaxis;
}

/**
 * Syncopy's SpikeData raster (see the module comment): singlepanelplot (`multi` false) or
 * multipanelplot (`multi` true).
 */
export function spikePanelSpec(data: SpikeData, options: SpikePanelOptions = {}, multi = false): VegaLiteSpec {
  const where = multi ? "multipanelplot" : "singlepanelplot";
  const o = checkOptions(options, `${where} of a SpikeData`, PANEL_KEYS) as SpikePanelOptions;
  const on = checkOnYaxis(o.on_yaxis);
  checkSpikeData(data, where);
  const maxSpikes = o.maxSpikes === undefined ? 20_000 : checkInteger(o.maxSpikes, "maxSpikes", { min: 0 });
  if (o.title !== undefined) checkString(o.title, "title", "a string", true);
  if (o.select !== undefined && o.select !== null && (typeof o.select !== "object" || Array.isArray(o.select))) {
    throw new SPYTypeError("select", o.select, "a selection dict {trials, channel, unit, latency}");
  }
  const spec = (o.select ?? {}) as SelectionSpec;
  const sel = resolveSpikeSelection(data, o.select ?? null);
  const lay = layoutOf(data, on, sel, spec, multi);
  const trl = data.trialdefinition;
  const nP = lay.panelTitles.length, nR = lay.rowLabels.length;

  // pass 1: how many spikes are drawn
  let total = 0;
  for (const i of lay.trialPos) {
    const t = readTrialSpikes(data, sel, i, trl);
    total += lay.place(i, t.channel, t.unit).spike.length;
  }
  const aggregate = total > maxSpikes;
  const [x0, x1] = timeRange(lay.trialPos.map((i) => trl[sel.trials[i]]), lay.trialPos.map((i) => sel.stackRanges[i]), data.samplerate);

  const listed = nR <= MAX_LABELS;
  const yTitle = listed ? null : on;
  const columns = multi ? panelColumns(nP) : 1;
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  const width = o.width !== undefined ? checkInteger(o.width, "width", { min: 50, max: 4000 }) : multi ? (columns >= 4 ? 170 : 220) : 600;
  const height = o.height !== undefined
    ? checkInteger(o.height, "height", { min: 50, max: 4000 })
    : multi ? clamp((listed ? 12 : 2) * nR, 120, 320) : clamp((listed ? 18 : 2) * nR, 200, 800);
  const yAxis = (labels: boolean): object => {
    const base = listed
      ? { values: Array.from({ length: nR }, (_, r) => r), labelExpr: `${vegaStringArray(lay.rowLabels)}[datum.value]`, labelOverlap: false }
      : { tickMinStep: 1, format: "d" };
    return { ...base, grid: false, ...(labels ? {} : { labels: false, ticks: false }) };
  };
  const yScale = { domain: [-0.5, nR - 0.5], nice: false, zero: false };
  const trigger = x0 < 0 && x1 >= 0
    ? [{ name: "trigger", data: { values: [{ t: 0 }] }, mark: { type: "rule", color: TRIGGER_COLOR, strokeDash: [4, 3], strokeWidth: 1.3 }, encoding: { x: { field: "t", type: "quantitative" } } }]
    : [];

  // pass 2: per panel, the ticks or the counts per pixel
  const panelTicks: object[][] = Array.from({ length: nP }, () => []);
  const counts = aggregate ? Array.from({ length: nP }, () => new PixelCounts(x0, x1, width, nR, height)) : [];
  for (const i of lay.trialPos) {
    const t = readTrialSpikes(data, sel, i, trl);
    const p = lay.place(i, t.channel, t.unit);
    const k = sel.trials[i];
    for (let m = 0; m < p.spike.length; m++) {
      const j = p.spike[m];
      if (aggregate) {
        counts[p.panel[m]].add(t.time[j], p.row[m]);
      } else {
        panelTicks[p.panel[m]].push({ t: round(t.time[j]), row: p.row[m], trial: k, train: `channel${t.channel[j]}_unit${t.unit[j]}` });
      }
    }
  }

  const counted = aggregate ? " (spikes counted per pixel)" : "";
  const xTitle = "time (s)";
  const tickSize = Math.max(1, Math.min(12, (0.8 * height) / nR));
  const zMax = Math.max(0, ...counts.map((c) => c.max()));
  const drawn = counts.reduce((a, c) => a + c.drawn, 0);
  const grid = counts.length ? [counts[0].ny, width] : [];

  /** The layers of panel i: its ticks (or image) and the trigger. */
  const panelLayers = (i: number, xAxis: object, yLabels: boolean, yTitleShown: string | null): object[] => {
    if (aggregate) {
      const hm = counts[i].spec({ width, height, yTitle: on, zMax });
      const image = hm.layer[0];
      image.encoding.x = { ...image.encoding.x, title: (xAxis as { title?: string | null }).title ?? null, axis: xAxis };
      image.encoding.y = { ...image.encoding.y, title: yTitleShown, scale: yScale, axis: yAxis(yLabels) };
      return [...hm.layer, ...trigger];
    }
    return [{
      name: "spikes",
      data: { values: panelTicks[i] },
      mark: { type: "tick", orient: "vertical", thickness: 1, size: tickSize, clip: true, opacity: 0.7 },
      encoding: {
        x: { field: "t", type: "quantitative", title: (xAxis as { title?: string | null }).title ?? null, scale: { domain: [x0, x1], nice: false, zero: false }, axis: xAxis },
        y: { field: "row", type: "quantitative", title: yTitleShown, scale: yScale, axis: yAxis(yLabels) },
        color: { value: "black" },
        tooltip: [{ field: "trial" }, { field: "train" }, { field: "t", title: "time (s)", format: ".5~g" }],
      },
    }, ...trigger];
  };

  if (!multi) {
    const layers = panelLayers(0, { title: xTitle }, true, yTitle);
    if (!aggregate) (layers[0] as VegaLiteSpec).params = [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }];
    const out: VegaLiteSpec = { $schema: VEGALITE_SCHEMA, width, height, title: (o.title ?? lay.panelTitles[0]) + counted, layer: layers };
    if (aggregate) out.usermeta = { spikesDrawn: drawn, grid };
    return out;
  }

  const concat = lay.panelTitles.map((name, i) => {
    const ax = gridAxes(i, nP, columns);
    const xAxis = gridAxis(ax.xLabels, ax.xTitle ? xTitle : null, false, width);
    const panel = {
      name: "panel",
      width, height,
      title: { text: vegaText(name), fontSize: 11, fontWeight: "bold", frame: "group" },
      layer: panelLayers(i, xAxis, ax.yLabels, ax.yLabels && ax.yTitle ? yTitle : null),
    };
    return suffixNames(panel, `_${i}`);
  });
  const out: VegaLiteSpec = {
    $schema: VEGALITE_SCHEMA, columns, concat, spacing: 14,
    resolve: { scale: { x: "shared", y: "shared", ...(aggregate ? { color: "shared" } : {}) } },
  };
  // one x zoom for the shared scale, driven from every panel (as multiPanelSpec does)
  if (!aggregate) out.params = [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales", views: concat.map((_, i) => `spikes_${i}`) }];
  const title = o.title ?? (aggregate ? "Spikes counted per pixel" : undefined);
  if (title !== undefined) out.title = o.title !== undefined ? o.title + counted : title;
  if (aggregate) out.usermeta = { spikesDrawn: drawn, grid };
  return out;
}
