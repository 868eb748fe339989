/**
 * vega-lite v5 spec builders for spyts' plots. Pure: they take typed arrays and labels (not data
 * objects) and return plain JSON objects with the data inlined as `values`.
 *
 * Sizes stay bounded whatever the input length: every line goes through `minMaxReduce` (two
 * points per pixel column, with a cap on the total number of points), and heatmaps are block
 * averaged and drawn as one colour-mapped PNG image.
 *
 * Interactivity (in front ends that render `application/vnd.vegalite.v5+json`): x zoom and pan
 * (drag / wheel; double click resets), a click on a legend entry highlights that channel, and
 * tooltips. Layers that only serve interaction are named `interactive_*`; `staticSpec` drops them
 * before the headless SVG rendering (they would add thousands of invisible SVG elements).
 *
 * Many channels: a categorical palette tells at most ten lines apart (`MAX_COLORS`), and a legend
 * of 64 entries is cut off. Beyond ten channels a single panel draws every channel in one colour,
 * without a legend, and a channel menu (a select input bound to a vega-lite param) highlights one
 * channel; stacked traces keep their channel names on the y axis. One panel per channel, in a grid
 * of small multiples, is `multiPanelSpec` (up to `MAX_PANELS`). Why both: the single panel shows
 * the spread and the outliers of all channels at once and the menu finds any one of them; the
 * grid shows every channel with its name, also in the static picture, at a smaller size.
 */

import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger, checkNumber, checkString } from "../core/keywords";
import { blockAverage, cellEdges, gather, minMaxIndices } from "./reduce";
import { encodeIndexedPNG, parseColor } from "./png";
import { vegaMisreads, vegaStringArray, vegaText } from "./vegaExpr";

/** A vega-lite v5 top-level spec as plain JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type VegaLiteSpec = { [key: string]: any };

export const VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * The most panels a multi-panel plot shows. Syncopy stops at 25 (pltConfig["mMaxAxes"]); spyts
 * draws up to 128 (a 12 x 11 grid), as compact small multiples beyond `FULL_PANELS`.
 */
export const MAX_PANELS = 128;

/** Up to this many panels a multi-panel plot uses full-size panels (Syncopy's mMaxAxes). */
export const FULL_PANELS = 25;

/** The most channels told apart by colour (the size of the categorical palette, tableau10). */
export const MAX_COLORS = 10;

/** Colour of every line when there are more than MAX_COLORS channels, and of the highlighted one. */
export const LINE_COLOR = "#4c78a8";
export const PICK_COLOR = "#d62728";

/** Prefix of layer names that only serve interaction (dropped by `staticSpec`). */
export const INTERACTIVE_PREFIX = "interactive_";

export interface Series {
  /** Legend / panel label (a channel name). */
  name: string;
  /** One value per x. */
  y: ArrayLike<number>;
  /** Lower edge of a band around y (e.g. mean − SD), one value per x; give `hi` too. */
  lo?: ArrayLike<number>;
  /** Upper edge of the band (e.g. mean + SD). */
  hi?: ArrayLike<number>;
}

export interface LineSpecInput {
  /** Shared abscissa (time in s, or frequency in Hz). */
  x: ArrayLike<number>;
  series: Series[];
  xTitle?: string;
  yTitle?: string;
  title?: string;
  /** Logarithmic y axis (power spectra); values <= 0 are left out. */
  logY?: boolean;
  /** Logarithmic x axis; values <= 0 are left out. */
  logX?: boolean;
  /**
   * Offset the channels vertically (Syncopy's `shifted=True`); the y axis then names the channels
   * (each name at the middle of its trace) and a scale bar gives the amplitude.
   */
  shifted?: boolean;
  /** Unit of the y values, for the scale bar of shifted traces (default "a.u."). */
  unit?: string;
  /** What the series' band shows, e.g. "SD" (tooltips: "mean − SD", "mean + SD"; default "band"). */
  bandName?: string;
  /** A second title line. */
  subtitle?: string;
  /** Plot width in pixels (default 600). */
  width?: number;
  /** Plot height in pixels (default 300; shifted traces: 16 px per channel, 300 … 1200). */
  height?: number;
  /** Pixel columns for the min/max reduction (default: the width). */
  nColumns?: number;
  /** Upper bound on the points kept over all series (default 16 000). */
  maxPoints?: number;
}

export interface MultiPanelSpecInput extends Omit<LineSpecInput, "shifted" | "width" | "height" | "unit"> {
  /** Panels per row (default: a near-square layout). */
  columns?: number;
  /** Width of one panel in pixels. */
  panelWidth?: number;
  /** Height of one panel in pixels. */
  panelHeight?: number;
  /** One y scale for all panels (default true, as Syncopy's sharey=True). */
  sharedY?: boolean;
}

export interface HeatmapSpecInput {
  /** Cell centres along x (e.g. time), length nx, strictly monotonic. */
  x: ArrayLike<number>;
  /** Cell centres along y (e.g. frequency), length ny, strictly monotonic. */
  y: ArrayLike<number>;
  /** Values, row-major: nested [ny][nx], or flat with z[j * nx + i]. */
  z: ArrayLike<ArrayLike<number>> | ArrayLike<number>;
  xTitle?: string;
  yTitle?: string;
  /** Colour legend title (default "power"). */
  zTitle?: string;
  title?: string;
  /** A vega colour scheme name (default "magma", as Syncopy; "redblue" reversed with `zMid`). */
  cmap?: string;
  /** Run the colour scheme backwards (default false; true for the default diverging scheme). */
  cmapReverse?: boolean;
  /**
   * Centre of a diverging colour scale (0 for differences, 1 for ratios): the colour range is
   * made symmetric around it (in log10 with `logZ`), so the scheme's middle colour marks it.
   */
  zMid?: number;
  /** Logarithmic y axis (log-spaced frequencies); rows with y <= 0 are left out. */
  logY?: boolean;
  /** Logarithmic colour scale; values <= 0 are transparent. */
  logZ?: boolean;
  /** Colour range [min, max] (default: the finite range of the data). */
  zDomain?: [number, number];
  width?: number;
  height?: number;
  /** At most this many cells along x after block averaging (default 400). */
  maxX?: number;
  /** At most this many cells along y after block averaging (default 200). */
  maxY?: number;
  /** Cells of the coarse tooltip grid [nx, ny] (default [40, 25]); [0, 0] for none. */
  tooltipCells?: [number, number];
}

// ---------------------------------------------------------------------------------------------
// helpers

function checkPositiveInt(v: unknown, param: string, min = 1): number {
  return checkInteger(v, param, { min });
}

/** Round to `digits` significant digits (keeps JSON short). Non-finite values become null. */
function round(v: number, digits: number): number | null {
  if (!Number.isFinite(v)) return null;
  if (v === 0) return 0;
  return Number(v.toPrecision(digits));
}

/** Significant digits needed to tell neighbouring x values apart (6 … 15). */
function xDigits(x: Float64Array): number {
  const n = x.length;
  if (n < 2) return 6;
  let maxAbs = 0, minStep = Infinity;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[i]);
    if (a > maxAbs && Number.isFinite(a)) maxAbs = a;
    if (i > 0) {
      const d = Math.abs(x[i] - x[i - 1]);
      if (d > 0 && d < minStep) minStep = d;
    }
  }
  if (!Number.isFinite(minStep) || maxAbs === 0) return 6;
  return Math.min(15, Math.max(6, Math.ceil(Math.log10(maxAbs / minStep)) + 2));
}

/** Numbers as one comma-separated string (non-finite values as empty fields). */
function joinNumbers(a: ArrayLike<number>, digits: number): string {
  const parts = new Array<string>(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = round(a[i], digits);
    parts[i] = v === null ? "" : String(v);
  }
  return parts.join(",");
}

/** Validates the series; returns whether they carry a band (all of them, or none). */
function validateSeries(x: ArrayLike<number>, series: Series[]): boolean {
  if (!x || typeof x.length !== "number") throw new SPYTypeError("x", x, "an array of numbers");
  if (!Array.isArray(series)) throw new SPYTypeError("channel", series, "an array of series");
  if (series.length === 0) throw new SPYValueError("channel", series, "at least one series");
  const seen = new Set<string>();
  let banded = 0;
  for (const s of series) {
    if (!s || typeof s.name !== "string") throw new SPYTypeError("channel", s && (s as Series).name, "a string label per series");
    if (seen.has(s.name)) throw new SPYValueError("channel", s.name, "unique series labels");
    seen.add(s.name);
    if (!s.y || s.y.length !== x.length) {
      throw new SPYValueError("y", s.y ? `length ${s.y.length}` : s.y, `one value per x (${x.length}) for series ${JSON.stringify(s.name)}`);
    }
    if (s.lo !== undefined || s.hi !== undefined) {
      for (const k of ["lo", "hi"] as const) {
        const a = s[k];
        if (!a || a.length !== x.length) {
          throw new SPYValueError(k, a ? `length ${a.length}` : a, `one value per x (${x.length}) for series ${JSON.stringify(s.name)} (a band needs lo and hi)`);
        }
      }
      banded++;
    }
  }
  if (banded !== 0 && banded !== series.length) throw new SPYValueError("lo", `a band on ${banded} of ${series.length} series`, "a band (lo, hi) on every series or on none");
  return banded > 0;
}

/** Mask values a log axis cannot show (<= 0) as NaN; returns the input when nothing changes. */
function positiveOnly(y: ArrayLike<number>): ArrayLike<number> {
  let ok = true;
  for (let i = 0; i < y.length; i++) if (!(y[i] > 0) && y[i] === y[i]) { ok = false; break; }
  if (ok) return y;
  const out = Float64Array.from(y);
  for (let i = 0; i < out.length; i++) if (!(out[i] > 0)) out[i] = NaN;
  return out;
}

interface Reduced { name: string; x: Float64Array; y: Float64Array; lo?: Float64Array; hi?: Float64Array }

function reduceAll(inp: LineSpecInput, pixelColumns: number): { red: Reduced[]; xDomain?: [number, number] } {
  const maxPoints = inp.maxPoints ?? 16000;
  checkPositiveInt(maxPoints, "maxPoints", 2);
  const perSeries = Math.max(25, Math.floor(maxPoints / (2 * inp.series.length)));
  const nCol = Math.max(1, Math.min(inp.nColumns ?? pixelColumns, perSeries));
  let x: ArrayLike<number> = inp.x;
  let keep: Uint8Array | null = null;
  if (inp.logX) {
    keep = new Uint8Array(x.length);
    let all = true;
    for (let i = 0; i < x.length; i++) { keep[i] = x[i] > 0 ? 1 : 0; if (!keep[i]) all = false; }
    if (all) keep = null;
  }
  const sub = (a: ArrayLike<number>): ArrayLike<number> => {
    if (!keep) return a;
    const out: number[] = [];
    for (let i = 0; i < a.length; i++) if (keep[i]) out.push(a[i]);
    return Float64Array.from(out);
  };
  x = sub(x);
  const red = inp.series.map((s) => {
    const prep = (a: ArrayLike<number>) => (inp.logY ? positiveOnly(sub(a)) : sub(a));
    const y = prep(s.y);
    const idx = minMaxIndices(y, nCol);
    const take = (a: ArrayLike<number>) => (idx ? gather(a, idx) : Float64Array.from(a));
    const r: Reduced = { name: s.name, x: take(x), y: take(y) };
    if (s.lo && s.hi) { r.lo = take(prep(s.lo)); r.hi = take(prep(s.hi)); }
    return r;
  });
  // the x extent of the full input (the reduced points may start a few samples later)
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) { if (x[i] < lo) lo = x[i]; if (x[i] > hi) hi = x[i]; }
  const xDomain: [number, number] | undefined = lo < hi ? [lo, hi] : undefined;
  return { red, xDomain };
}

/**
 * Columnar inline data: one record per series whose x and y (and the band's lo and hi) are
 * comma-separated number strings, expanded client-side by `SERIES_TRANSFORM` (`BAND_TRANSFORM`).
 * Strings rather than JSON arrays because notebook files are written with one JSON array element
 * per line, which would double their size.
 */
function seriesValues(red: Reduced[]): { values: object[]; digits: number } {
  let digits = 6;
  for (const r of red) digits = Math.max(digits, xDigits(r.x));
  const values = red.map((r, k) => {
    // `order` sorts the legend: vega-lite turns a sort array into a lookup that fails for a channel
    // named like an Object.prototype member ("constructor", "toString": "Operator not defined")
    const rec: Record<string, string | number> = { channel: r.name, order: k, x: joinNumbers(r.x, digits), y: joinNumbers(r.y, 6) };
    if (r.lo && r.hi) { rec.lo = joinNumbers(r.lo, 6); rec.hi = joinNumbers(r.hi, 6); }
    return rec;
  });
  return { values, digits };
}

/** vega-lite transforms that turn `seriesValues` records into one datum per point {channel, x, y}. */
export const SERIES_TRANSFORM: readonly object[] = [
  { calculate: "split(datum.x, ',')", as: "x" },
  { calculate: "split(datum.y, ',')", as: "y" },
  { flatten: ["x", "y"] },
  { calculate: "toNumber(datum.x)", as: "x" },
  { calculate: "toNumber(datum.y)", as: "y" },
];

/** SERIES_TRANSFORM for records with a band: one datum per point {channel, x, y, lo, hi}. */
export const BAND_TRANSFORM: readonly object[] = [
  { calculate: "split(datum.x, ',')", as: "x" },
  { calculate: "split(datum.y, ',')", as: "y" },
  { calculate: "split(datum.lo, ',')", as: "lo" },
  { calculate: "split(datum.hi, ',')", as: "hi" },
  { flatten: ["x", "y", "lo", "hi"] },
  { calculate: "toNumber(datum.x)", as: "x" },
  { calculate: "toNumber(datum.y)", as: "y" },
  { calculate: "toNumber(datum.lo)", as: "lo" },
  { calculate: "toNumber(datum.hi)", as: "hi" },
];

function quantileSorted(s: Float64Array, q: number): number {
  if (s.length === 0) return NaN;
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Where shifted traces go: per channel its offset, its robust range [lo, hi] and where its name sits. */
export interface ShiftLayout {
  offsets: number[];
  /** 0.5th and 99.5th percentiles of each channel (unshifted). */
  lo: number[];
  hi: number[];
  /** Offset + middle of the robust range: where the trace is, whatever its own mean or sign. */
  labelAt: number[];
}

/**
 * Vertical offsets for `shifted`: channel 0 at 0, each next channel above the previous one by
 * 1.1 × (previous channel's 99.5th percentile − this channel's 0.5th percentile), Syncopy's rule
 * (`shift_multichan`, which uses max and min) made robust to single spikes. A channel's name
 * goes to the middle of its trace's range, not to its offset: a positive-only signal (an envelope)
 * lies wholly above its offset, and offset 0 may not even be inside the axis.
 */
export function shiftLayout(ys: ArrayLike<number>[]): ShiftLayout {
  const lo: number[] = [], hi: number[] = [];
  for (const y of ys) {
    const f = Float64Array.from(Array.prototype.filter.call(y, (v: number) => Number.isFinite(v)) as number[]).sort();
    lo.push(f.length ? quantileSorted(f, 0.005) : 0);
    hi.push(f.length ? quantileSorted(f, 0.995) : 0);
  }
  const gaps: number[] = [];
  for (let k = 1; k < ys.length; k++) gaps.push(1.1 * (hi[k - 1] - lo[k]));
  const positive = gaps.filter((g) => g > 0).sort((a, b) => a - b);
  let fallback = positive.length ? positive[Math.floor(positive.length / 2)] : 0;
  if (!(fallback > 0)) {
    let m = 0;
    for (let k = 0; k < ys.length; k++) m = Math.max(m, Math.abs(lo[k]), Math.abs(hi[k]));
    fallback = m > 0 ? 2.2 * m : 1;
  }
  const offsets = [0];
  for (let k = 1; k < ys.length; k++) offsets.push(offsets[k - 1] + (gaps[k - 1] > 0 ? gaps[k - 1] : fallback));
  const labelAt = offsets.map((o, k) => o + (lo[k] + hi[k]) / 2);
  return { offsets, lo, hi, labelAt };
}

/** The offsets of `shiftLayout`. */
export function shiftOffsets(ys: ArrayLike<number>[]): number[] {
  return shiftLayout(ys).offsets;
}

/** The largest 1, 2 or 5 × 10^k not above v (v > 0). */
export function niceFloor(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  const m = v / p;
  const step = m >= 5 ? 5 : m >= 2 ? 2 : 1;
  return Number((step * p).toPrecision(12));
}

/**
 * The amplitude scale bar of shifted traces: a nice length (1, 2 or 5 × 10^k) of at most 60 % of
 * the median channel range, centred on the first channel's trace.
 */
export function scaleBar(layout: ShiftLayout): { length: number; y0: number; y1: number } {
  const ranges = layout.lo.map((l, k) => layout.hi[k] - l).filter((r) => r > 0).sort((a, b) => a - b);
  const median = ranges.length ? ranges[Math.floor(ranges.length / 2)] : 1;
  const length = niceFloor(0.6 * median);
  const mid = layout.labelAt[0];
  return { length, y0: mid - length / 2, y1: mid + length / 2 };
}

function formatValue(v: number): string {
  return String(Number(v.toPrecision(6)));
}

function xEncoding(title: string | null, log: boolean, domain?: [number, number], axis?: object): object {
  const scale: Record<string, unknown> = log ? { type: "log", nice: false } : { zero: false, nice: false };
  if (domain) scale.domain = domain;
  const enc: Record<string, unknown> = { field: "x", type: "quantitative", title, scale };
  if (axis) enc.axis = axis;
  return enc;
}

function tooltipLayer(xTitle: string, yTitle: string, yField: string, withChannel: boolean, bandName?: string): object {
  const tip: object[] = [];
  if (withChannel) tip.push({ field: "channel", type: "nominal", title: "channel" });
  tip.push({ field: "x", type: "quantitative", title: xTitle, format: ".6~g" });
  tip.push({ field: "y", type: "quantitative", title: yTitle, format: ".4~g" });
  if (bandName !== undefined) {
    tip.push({ field: "lo", type: "quantitative", title: `mean − ${bandName}`, format: ".4~g" });
    tip.push({ field: "hi", type: "quantitative", title: `mean + ${bandName}`, format: ".4~g" });
  }
  return {
    name: INTERACTIVE_PREFIX + "tooltip",
    mark: { type: "point", opacity: 0, size: 60, filled: true },
    encoding: { x: { field: "x", type: "quantitative" }, y: { field: yField, type: "quantitative" }, tooltip: tip },
  };
}

/** The channel menu of plots with more than MAX_COLORS channels: a select input bound to a point param. */
function pickParam(names: string[]): object {
  return {
    name: "pick",
    select: { type: "point", fields: ["channel"] },
    bind: { input: "select", options: [null, ...names], labels: ["(none)", ...names], name: "highlight channel " },
  };
}

/** The band layer: an area between lo and hi per channel, drawn under the lines. */
function bandLayer(colorEnc: object, yScale: object): object {
  return {
    name: "band",
    mark: { type: "area", opacity: 0.2, clip: true, interpolate: "linear" },
    encoding: {
      x: { field: "x", type: "quantitative" },
      y: { field: "lo", type: "quantitative", scale: yScale },
      y2: { field: "hi" },
      ...colorEnc,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// line plots

/**
 * One panel, one line per series: AnalogData (time vs amplitude per channel, optionally
 * `shifted`) and SpectralData (frequency vs power, `logY`, with a band of mean ± SD over trials).
 * Up to MAX_COLORS series get a colour and a legend each; more are drawn in one colour with a
 * channel menu that highlights one (see the module comment).
 */
export function lineSpec(inp: LineSpecInput): VegaLiteSpec {
  const banded = validateSeries(inp.x, inp.series);
  const n = inp.series.length;
  const shifted = !!inp.shifted && n > 1;
  const width = checkPositiveInt(inp.width ?? 600, "width", 10);
  const height = checkPositiveInt(inp.height ?? (shifted ? Math.min(1200, Math.max(300, 16 * n)) : 300), "height", 10);
  const xTitle = inp.xTitle ?? "time (s)";
  const yTitle = inp.yTitle ?? "signal (a.u.)";
  const unit = inp.unit ?? "a.u.";
  if (inp.unit !== undefined) checkString(inp.unit, "unit");
  if (shifted && inp.logY) throw new SPYValueError("shifted", true, "false when logY is set");
  if (shifted && banded) throw new SPYValueError("shifted", true, "false for series with a band");
  const many = n > MAX_COLORS;
  const { red, xDomain } = reduceAll(inp, width);
  const { values } = seriesValues(red);
  const names = red.map((r) => r.name);

  const transform: object[] = [...(banded ? BAND_TRANSFORM : SERIES_TRANSFORM)];
  let yField = "y";
  const yScale = inp.logY ? { type: "log" } : shifted ? { zero: false, nice: false, padding: 6 } : { zero: false };
  const yEnc: Record<string, unknown> = { field: "y", type: "quantitative", title: yTitle, scale: yScale };
  const layers: object[] = [];
  let layout: ShiftLayout | null = null;
  if (shifted) {
    layout = shiftLayout(red.map((r) => r.y));
    const offsets = layout.offsets.map((o) => round(o, 8) ?? 0);
    const labelAt = layout.labelAt.map((o) => round(o, 8) ?? 0);
    transform.push({
      // by the series' index, not its name: a name in an expression breaks vega-lite for names
      // like "valueOf" (see seriesValues)
      calculate: `datum.y + ${JSON.stringify(offsets)}[datum.order]`,
      as: "y_shifted",
    });
    yField = "y_shifted";
    yEnc.field = yField;
    yEnc.title = "channel";
    yEnc.axis = {
      values: labelAt,
      labelExpr: `${vegaStringArray(names)}[indexof(${JSON.stringify(labelAt)}, datum.value)]`,
      grid: true,
      // a label per channel while they fit (16 px per channel by default), every other one beyond
      labelOverlap: "parity",
      labelSeparation: 1,
      ...(n > 24 ? { labelFontSize: 10 } : {}),
    };
  }

  const colorEnc: Record<string, unknown> = many
    ? {
      color: { condition: { param: "pick", empty: false, value: PICK_COLOR }, value: LINE_COLOR },
      detail: { field: "channel", type: "nominal" },
    }
    : {
      color: {
        field: "channel", type: "nominal", sort: { field: "order", op: "min" }, title: "channel",
        legend: { orient: "right" as string, offset: 18, symbolType: "stroke", symbolStrokeWidth: 2, symbolOpacity: 1 },
      },
    };
  const barLabel = layout ? `${formatValue(scaleBar(layout).length)} ${unit}` : "";
  if (!many && layout) (colorEnc.color as { legend: { offset: number } }).legend.offset = 28 + Math.ceil(6.5 * barLabel.length);

  if (banded) layers.push(bandLayer(colorEnc, yScale));
  const line = {
    name: "lines",
    mark: { type: "line", strokeWidth: many ? 1 : 1.2, clip: true, interpolate: "linear" },
    params: [
      { name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" },
      many ? pickParam(names) : { name: "highlight", select: { type: "point", fields: ["channel"] }, bind: "legend" },
    ],
    encoding: {
      x: xEncoding(xTitle, !!inp.logX, xDomain),
      y: yEnc,
      ...colorEnc,
      opacity: many
        ? { condition: { param: "pick", value: shifted ? 1 : 0.55 }, value: 0.12 }
        : { condition: { param: "highlight", value: 1 }, value: 0.15 },
      ...(many ? { strokeWidth: { condition: { param: "pick", empty: false, value: 2 }, value: 1 } } : {}),
    },
  };
  layers.push(line);
  if (layout) {
    // the scale bar: at the right edge of the plot whatever the x zoom, in y data units
    const bar = scaleBar(layout);
    const b = { y: round(bar.y0, 8), y2: round(bar.y1, 8), ym: round((bar.y0 + bar.y1) / 2, 8), label: barLabel };
    layers.push({
      name: "scalebar",
      data: { values: [b] },
      mark: { type: "rule", strokeWidth: 2, color: "black", clip: false },
      encoding: { x: { value: "width" }, xOffset: { value: 8 }, y: { field: "y", type: "quantitative" }, y2: { field: "y2" } },
    });
    layers.push({
      name: "scalebar_label",
      data: { values: [b] },
      mark: { type: "text", align: "left", baseline: "middle", dx: 13, fontSize: 11, clip: false },
      encoding: { x: { value: "width" }, y: { field: "ym", type: "quantitative" }, text: { field: "label" } },
    });
  }
  layers.push(tooltipLayer(xTitle, yTitle, yField, true, banded ? inp.bandName ?? "band" : undefined));
  // every layer's y carries the same axis: vega-lite merges the layers' axes, and a layer without
  // the explicit tick values made the merged axis fall back to its automatic ticks (every 4th channel)
  if (yEnc.axis) {
    for (const l of layers as { encoding: { y?: Record<string, unknown> } }[]) {
      if (l.encoding.y && l.encoding.y !== yEnc && l.encoding.y.field) Object.assign(l.encoding.y, { axis: yEnc.axis, title: yEnc.title });
    }
  }
  const spec: VegaLiteSpec = {
    $schema: VEGALITE_SCHEMA,
    width,
    height,
    data: { values },
    transform,
    layer: layers,
  };
  const subtitle = inp.subtitle ?? (many ? `${n} channels: highlight one with the channel menu under the interactive chart` : undefined);
  if (inp.title || subtitle) spec.title = subtitle ? { text: inp.title ?? "", subtitle } : inp.title;
  return spec;
}

/** Near-square panel layout (columns) for n panels, after Syncopy's `calc_multi_layout`. */
export function panelColumns(n: number): number {
  if (n <= 3) return n;
  if (n === 4) return 2;
  return Math.ceil(Math.sqrt(n));
}

/** Which axis parts panel i of n (in `columns` columns) draws in a grid of small multiples. */
export interface GridAxes {
  /** x tick labels: only the lowest panel of each column (nothing below it, not even an empty cell). */
  xLabels: boolean;
  /** The x title: once, under the middle column. */
  xTitle: boolean;
  /** y tick labels: the first column (every panel with independent y scales). */
  yLabels: boolean;
  /** The y title: once, left of the middle row. */
  yTitle: boolean;
}

export function gridAxes(i: number, n: number, columns: number, sharedY = true): GridAxes {
  const cols = Math.min(columns, n);
  const rows = Math.ceil(n / cols);
  const col = i % cols, row = Math.floor(i / cols);
  const lowest = i + cols >= n;
  return {
    xLabels: lowest,
    xTitle: lowest && col === Math.floor((cols - 1) / 2),
    yLabels: col === 0 || !sharedY,
    yTitle: col === 0 && row === Math.floor((rows - 1) / 2),
  };
}

/**
 * A vega-lite axis of a grid panel that draws labels (and the title) or only grid lines. Labels at
 * the ends of the axis stay inside it (labelFlush): a label overhanging the panel's top would push
 * that panel's title above its neighbours'. A title longer than `length` pixels (the panel's side)
 * is broken before its unit, so that it does not stretch its row or column.
 */
export function gridAxis(labels: boolean, title: string | null, compact: boolean, length = Infinity): object {
  if (!labels) return { labels: false, ticks: false, title: null, domain: true };
  const lines = title !== null && (compact ? 6 : 7) * title.length > length ? splitTitle(title) : title;
  return compact
    ? { title: lines, labelFontSize: 9, tickCount: 3, titleFontSize: 10, labelFlush: true }
    : { title: lines, labelFlush: true };
}

/** "power (dB re 1 a.u.²)" -> ["power", "(dB re 1 a.u.²)"]: label and unit on two lines. */
function splitTitle(title: string): string | string[] {
  const k = title.lastIndexOf(" (");
  return k > 0 ? [title.slice(0, k), title.slice(k + 1)] : title;
}

/** Panel sizes of a grid of n panels in `columns` columns: full size up to FULL_PANELS, compact beyond. */
export function panelSize(n: number, columns: number, full: [number, number]): { width: number; height: number; compact: boolean } {
  if (n <= FULL_PANELS) return { width: full[0], height: full[1], compact: false };
  const width = Math.max(60, Math.floor(1000 / columns) - 14);
  return { width, height: Math.max(40, Math.round(0.55 * width)), compact: true };
}

/**
 * Small multiples: one panel per series (channel), 1 … MAX_PANELS, sharing the x axis (and the y
 * axis unless `sharedY` is false). A concat of panels, not a wrapped facet: a facet grid draws the
 * x axis of every column under its last row, also under an empty cell (8 channels in a 3 x 3 grid
 * gave an axis without a panel). Here only the lowest panel of each column has x labels, the first
 * column y labels, and each title appears once.
 */
export function multiPanelSpec(inp: MultiPanelSpecInput): VegaLiteSpec {
  const banded = validateSeries(inp.x, inp.series);
  const n = inp.series.length;
  if (n > MAX_PANELS) {
    throw new SPYValueError("channel", `${n} channels`, `at most ${MAX_PANELS} channels for a multi-panel plot (select fewer channels)`);
  }
  const columns = checkPositiveInt(inp.columns ?? panelColumns(n), "columns");
  const size = panelSize(n, columns, [columns >= 4 ? 170 : 220, 120]);
  const panelWidth = checkPositiveInt(inp.panelWidth ?? size.width, "panelWidth", 10);
  const panelHeight = checkPositiveInt(inp.panelHeight ?? size.height, "panelHeight", 10);
  const xTitle = inp.xTitle ?? "time (s)";
  const yTitle = inp.yTitle ?? "signal (a.u.)";
  const sharedY = inp.sharedY !== false;
  const { red, xDomain } = reduceAll(inp, panelWidth);
  const { values } = seriesValues(red);
  const names = red.map((r) => r.name);
  const yScale = inp.logY ? { type: "log" } : { zero: false };

  const concat = names.map((name, i) => {
    const ax = gridAxes(i, n, columns, sharedY);
    const layer: object[] = [];
    if (banded) layer.push({ ...bandLayer({ color: { value: LINE_COLOR } }, yScale), name: `band_${i}` });
    layer.push({
      name: `lines_${i}`,
      mark: { type: "line", strokeWidth: 1, clip: true, color: LINE_COLOR },
      encoding: {
        x: xEncoding(ax.xTitle ? xTitle : null, !!inp.logX, xDomain, gridAxis(ax.xLabels, ax.xTitle ? xTitle : null, size.compact, panelWidth)),
        y: { field: "y", type: "quantitative", title: ax.yTitle ? yTitle : null, scale: yScale, axis: gridAxis(ax.yLabels, ax.yTitle ? yTitle : null, size.compact, panelHeight) },
      },
    });
    layer.push({ ...tooltipLayer(xTitle, yTitle, "y", true, banded ? inp.bandName ?? "band" : undefined), name: `${INTERACTIVE_PREFIX}tooltip_${i}` });
    return {
      name: `panel_${i}`,
      width: panelWidth,
      height: panelHeight,
      // vegaText: an expression where vega would misread the bare string ("constructor", vegaExpr.ts)
      title: { text: vegaText(name), fontSize: size.compact ? 10 : 11, fontWeight: "bold", frame: "group" },
      // a name compiles to a string literal, which vega misreads for "constructor": those by index (vegaExpr.ts)
      transform: [{ filter: vegaMisreads(name) ? { field: "order", equal: i } : { field: "channel", equal: name } }],
      layer,
    };
  });
  const spec: VegaLiteSpec = {
    $schema: VEGALITE_SCHEMA,
    data: { values },
    transform: [...(banded ? BAND_TRANSFORM : SERIES_TRANSFORM)],
    columns,
    concat,
    // one zoom for the shared x scale, driven from every panel: a zoom param per panel bound to the
    // shared scale is driven by the last panel only (the wheel over the others did nothing; found by
    // test/browser/charts.browser.ts in Chromium)
    params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales", views: names.map((_, i) => `lines_${i}`) }],
    spacing: size.compact ? 8 : 14,
    resolve: { scale: { x: "shared", y: sharedY ? "shared" : "independent" } },
  };
  if (inp.title || inp.subtitle) spec.title = inp.subtitle ? { text: inp.title ?? "", subtitle: inp.subtitle } : inp.title;
  return spec;
}

// ---------------------------------------------------------------------------------------------
// heatmaps

function toFlatGrid(z: HeatmapSpecInput["z"], nx: number, ny: number): Float64Array {
  if (!z || typeof z.length !== "number") throw new SPYTypeError("z", z, "a [ny][nx] array or a flat row-major array");
  const first = (z as ArrayLike<unknown>)[0];
  if (z.length === ny && ny > 0 && first !== null && typeof first === "object" && typeof (first as ArrayLike<number>).length === "number") {
    const out = new Float64Array(nx * ny);
    const rows = z as ArrayLike<ArrayLike<number>>;
    for (let j = 0; j < ny; j++) {
      const row = rows[j];
      if (!row || row.length !== nx) throw new SPYValueError("z", `row ${j} of length ${row ? row.length : row}`, `rows of length nx = ${nx}`);
      for (let i = 0; i < nx; i++) out[j * nx + i] = row[i];
    }
    return out;
  }
  if (z.length !== nx * ny) throw new SPYValueError("z", `${z.length} values`, `ny*nx = ${ny}*${nx} = ${ny * nx} values (row-major [ny][nx])`);
  return Float64Array.from(z as ArrayLike<number>);
}

/** Direction of a strictly monotonic axis: +1, −1; throws otherwise. */
function monotonic(a: ArrayLike<number>, param: string): 1 | -1 {
  if (a.length === 0) throw new SPYValueError(param, a, "at least one value");
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new SPYValueError(param, a, "finite values");
  if (a.length === 1) return 1;
  const dir = a[1] > a[0] ? 1 : -1;
  for (let i = 1; i < a.length; i++) {
    if (dir * (a[i] - a[i - 1]) <= 0) throw new SPYValueError(param, a, "strictly increasing or decreasing values");
  }
  return dir;
}

function isUniform(edges: Float64Array): boolean {
  const n = edges.length - 1;
  if (n <= 1) return true;
  const mean = (edges[n] - edges[0]) / n;
  for (let i = 0; i < n; i++) if (Math.abs(edges[i + 1] - edges[i] - mean) > 1e-3 * Math.abs(mean)) return false;
  return true;
}

/** For each of `nPix` pixel centres spread uniformly over [edges[0], edges[n]], the cell index. */
function pixelToCell(edges: Float64Array, nPix: number): Int32Array {
  const n = edges.length - 1;
  const out = new Int32Array(nPix);
  const lo = edges[0], span = edges[n] - edges[0];
  let c = 0;
  for (let p = 0; p < nPix; p++) {
    const v = lo + ((p + 0.5) / nPix) * span;
    while (c < n - 1 && edges[c + 1] <= v) c++;
    out[p] = c;
  }
  return out;
}

const paletteCache = new Map<string, Uint8Array>();

/**
 * 255 colours sampled from a vega colour scheme (index 255 is reserved for transparency), or from
 * its end to its start with `reverse`.
 */
export function schemePalette(name: string, reverse = false): Uint8Array {
  if (typeof name !== "string") throw new SPYTypeError("cmap", name, "the name of a vega colour scheme, e.g. \"magma\" or \"viridis\"");
  const key = reverse ? `${name}\u0000r` : name;
  const hit = paletteCache.get(key);
  if (hit) return hit;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const vega = require("vega") as { scheme(name: string): unknown };
  const s = vega.scheme(name);
  let sample: (t: number) => string;
  if (typeof s === "function") sample = s as (t: number) => string;
  else if (Array.isArray(s) && s.length > 1) {
    const cols = (s as string[]).map(parseColor);
    sample = (t) => {
      const pos = t * (cols.length - 1), k = Math.min(cols.length - 2, Math.floor(pos)), f = pos - k;
      const c = cols[k].map((v, i) => Math.round(v + (cols[k + 1][i] - v) * f));
      return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
    };
  } else throw new SPYValueError("cmap", name, "the name of a vega colour scheme, e.g. \"magma\" or \"viridis\"");
  const pal = new Uint8Array(256 * 3);
  for (let k = 0; k < 255; k++) pal.set(parseColor(sample(reverse ? 1 - k / 254 : k / 254)), 3 * k);
  paletteCache.set(key, pal);
  return pal;
}

/**
 * A colour legend's title on two lines when it is longer than 20 characters (vega cuts legend
 * titles at 180 px): broken outside parentheses at the first of " / ", ", ", " (" and " re " that
 * it holds (the one nearest the middle when it holds several).
 */
export function legendTitle(title: string): string | string[] {
  if (title.length <= 20) return title;
  const depth: number[] = [];
  let d = 0;
  for (let i = 0; i < title.length; i++) { depth.push(d); if (title[i] === "(") d++; else if (title[i] === ")") d--; }
  for (const sep of [" / ", ", ", " (", " re "]) {
    let best = -1;
    for (let k = title.indexOf(sep); k > 0; k = title.indexOf(sep, k + 1)) {
      if (depth[k] !== 0) continue;
      if (best < 0 || Math.abs(k - title.length / 2) < Math.abs(best - title.length / 2)) best = k;
    }
    if (best < 0) continue;
    const cut = sep === ", " ? best + 1 : best;
    return [title.slice(0, cut).trimEnd(), title.slice(cut).trimStart()];
  }
  return title;
}

/**
 * [lo, hi] widened to be symmetric around `mid` (in log10 when `log`), so that a diverging
 * scheme's middle colour sits at `mid` (0 for differences, 1 for ratios).
 */
export function symmetricDomain(lo: number, hi: number, mid: number, log: boolean): [number, number] {
  if (log) {
    const m = Math.max(Math.abs(Math.log10(lo / mid)), Math.abs(Math.log10(hi / mid))) || 1;
    return [mid / Math.pow(10, m), mid * Math.pow(10, m)];
  }
  const m = Math.max(Math.abs(lo - mid), Math.abs(hi - mid)) || 1;
  return [mid - m, mid + m];
}

/**
 * A time-frequency map: block averaged to at most maxX × maxY cells, drawn as one PNG image
 * (cmap "magma" by default, NaN transparent) with a colour legend, axes at the true cell edges
 * (midpoints between centres, geometric midpoints with `logY`). Non-uniform axes are rasterised
 * exactly (each pixel takes the value of the cell it falls in). A coarse transparent grid gives
 * tooltips in interactive front ends.
 */
export function heatmapSpec(inp: HeatmapSpecInput): VegaLiteSpec {
  let xs = Float64Array.from(inp.x ?? []);
  let ys = Float64Array.from(inp.y ?? []);
  const nx0 = xs.length, ny0 = ys.length;
  let z = toFlatGrid(inp.z, nx0, ny0);
  const dx = monotonic(xs, "x");
  const dy = monotonic(ys, "y");
  const width = checkPositiveInt(inp.width ?? 500, "width", 10);
  const height = checkPositiveInt(inp.height ?? 300, "height", 10);
  const maxX = checkPositiveInt(inp.maxX ?? 400, "maxX");
  const maxY = checkPositiveInt(inp.maxY ?? 200, "maxY");
  const xTitle = inp.xTitle ?? "time (s)";
  const yTitle = inp.yTitle ?? "frequency (Hz)";
  const zTitle = inp.zTitle ?? "power";
  const diverging = inp.zMid !== undefined;
  if (diverging) checkNumber(inp.zMid, "zMid", inp.logZ ? { gt: 0 } : {});
  const cmap = inp.cmap ?? (diverging ? "redblue" : "magma");
  const cmapReverse = inp.cmapReverse ?? (inp.cmap === undefined && diverging);
  const logY = !!inp.logY, logZ = !!inp.logZ;

  // normalise to increasing axes
  if (dx < 0 || dy < 0) {
    const zz = new Float64Array(z.length);
    for (let j = 0; j < ny0; j++) {
      const sj = dy < 0 ? ny0 - 1 - j : j;
      for (let i = 0; i < nx0; i++) zz[j * nx0 + i] = z[sj * nx0 + (dx < 0 ? nx0 - 1 - i : i)];
    }
    z = zz;
    if (dx < 0) xs = xs.slice().reverse();
    if (dy < 0) ys = ys.slice().reverse();
  }
  // a log axis cannot show y <= 0
  if (logY && ys[0] <= 0) {
    let first = 0;
    while (first < ys.length && ys[first] <= 0) first++;
    if (first === ys.length) throw new SPYValueError("y", inp.y, "some values > 0 for a logarithmic y axis");
    ys = ys.slice(first);
    z = z.slice(first * nx0);
  }
  const nx = xs.length, ny = ys.length;
  const xEdgesFull = cellEdges(xs, false);
  const yEdgesFull = cellEdges(ys, logY);
  const red = blockAverage(z, nx, ny, xEdgesFull, yEdgesFull, maxX, maxY);

  // colour range
  let lo = Infinity, hi = -Infinity;
  for (const v of red.z) if (Number.isFinite(v) && (!logZ || v > 0)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (inp.zDomain) {
    const [a, b] = inp.zDomain;
    if (!(Number.isFinite(a) && Number.isFinite(b) && b > a) || (logZ && !(a > 0))) {
      throw new SPYValueError("zDomain", inp.zDomain, logZ ? "[min, max] with 0 < min < max" : "[min, max] with min < max");
    }
    lo = a; hi = b;
  }
  if (!(lo <= hi)) { lo = logZ ? 1 : 0; hi = logZ ? 10 : 1; }
  if (diverging) [lo, hi] = symmetricDomain(lo, hi, inp.zMid as number, logZ);
  if (lo === hi) { if (logZ) { lo /= 2; hi *= 2; } else { lo -= 0.5; hi += 0.5; } }
  const tf = logZ ? (v: number) => Math.log10(v) : (v: number) => v;
  const tlo = tf(lo), tspan = tf(hi) - tlo;

  // rasterise (pixel rows from the top = highest y)
  // Axes that are uniform before block averaging map one block to one pixel (blocks differ by at
  // most one source cell in length); other axes are rasterised finely, pixel by pixel.
  const dispY = logY ? red.yEdges.map(Math.log10) : red.yEdges;
  const uniX = isUniform(xEdgesFull);
  const uniY = isUniform(logY ? yEdgesFull.map(Math.log10) : yEdgesFull);
  const W = uniX ? red.nx : Math.min(1000, Math.max(4 * red.nx, 400));
  const H = uniY ? red.ny : Math.min(600, Math.max(4 * red.ny, 300));
  const colOf = uniX ? Int32Array.from({ length: W }, (_, p) => p) : pixelToCell(red.xEdges, W);
  const rowOf = uniY ? Int32Array.from({ length: H }, (_, p) => p) : pixelToCell(dispY, H);
  const idx = new Uint8Array(W * H);
  for (let r = 0; r < H; r++) {
    const cellRow = rowOf[H - 1 - r] * red.nx;
    for (let p = 0; p < W; p++) {
      const v = red.z[cellRow + colOf[p]];
      if (!Number.isFinite(v) || (logZ && !(v > 0))) { idx[r * W + p] = 255; continue; }
      const t = (tf(v) - tlo) / tspan;
      idx[r * W + p] = t <= 0 ? 0 : t >= 1 ? 254 : Math.min(254, Math.floor(t * 255));
    }
  }
  const alpha = new Uint8Array(256).fill(255);
  alpha[255] = 0;
  const png = encodeIndexedPNG(W, H, idx, schemePalette(cmap, cmapReverse), alpha);
  const url = "data:image/png;base64," + png.toString("base64");

  const x0 = red.xEdges[0], x1 = red.xEdges[red.nx];
  const y0 = red.yEdges[0], y1 = red.yEdges[red.ny];
  const xScale = { domain: [x0, x1], nice: false, zero: false };
  const yScale: Record<string, unknown> = logY ? { type: "log", domain: [y0, y1], nice: false } : { domain: [y0, y1], nice: false, zero: false };

  const image = {
    name: "image",
    data: { values: [{ x: x0, x2: x1, y: y0, y2: y1, url }] },
    mark: { type: "image", aspect: false, smooth: false, clip: true, aria: false },
    params: [{ name: "zoom", select: { type: "interval", encodings: ["x", "y"] }, bind: "scales" }],
    encoding: {
      x: { field: "x", type: "quantitative", title: xTitle, scale: xScale },
      x2: { field: "x2" },
      y: { field: "y", type: "quantitative", title: yTitle, scale: yScale },
      y2: { field: "y2" },
      url: { field: "url", type: "nominal" },
    },
  };
  // an invisible two-point layer that carries the colour legend
  const legend = {
    name: "colorbar",
    data: { values: [{ x: x0, y: y0, z: lo }, { x: x0, y: y0, z: hi }] },
    mark: { type: "point", opacity: 0, aria: false },
    encoding: {
      x: { field: "x", type: "quantitative" },
      y: { field: "y", type: "quantitative" },
      color: {
        field: "z", type: "quantitative", title: zTitle,
        scale: {
          scheme: cmap, domain: [lo, hi], ...(logZ ? { type: "log" } : { type: "linear", zero: false }), nice: false,
          ...(cmapReverse ? { reverse: true } : {}),
        },
        legend: { gradientLength: Math.max(60, Math.min(height, 240)), tickCount: 5, title: legendTitle(zTitle) },
      },
    },
  };
  const layers: object[] = [image, legend];

  const [tx, ty] = inp.tooltipCells ?? [40, 25];
  if (tx > 0 && ty > 0) {
    // one record per grid row: z as a number string, expanded with the column index
    const tip = blockAverage(red.z, red.nx, red.ny, red.xEdges, red.yEdges, tx, ty);
    const values: object[] = [];
    for (let q = 0; q < tip.ny; q++) values.push({ j: q, z: joinNumbers(tip.z.subarray(q * tip.nx, (q + 1) * tip.nx), 5) });
    const xe = JSON.stringify(Array.from(tip.xEdges, (v) => round(v, Math.max(6, xDigits(tip.xEdges)))));
    const ye = JSON.stringify(Array.from(tip.yEdges, (v) => round(v, Math.max(6, xDigits(tip.yEdges)))));
    layers.push({
      name: INTERACTIVE_PREFIX + "tooltip",
      data: { values },
      transform: [
        { calculate: "split(datum.z, ',')", as: "z" },
        { calculate: `sequence(0, ${tip.nx})`, as: "i" },
        { flatten: ["z", "i"] },
        { calculate: "toNumber(datum.z)", as: "z" },
        { calculate: `${xe}[datum.i]`, as: "x0" },
        { calculate: `${xe}[datum.i + 1]`, as: "x1" },
        { calculate: `${ye}[datum.j]`, as: "y0" },
        { calculate: `${ye}[datum.j + 1]`, as: "y1" },
        { calculate: "(datum.x0 + datum.x1) / 2", as: "xc" },
        { calculate: logY ? "sqrt(datum.y0 * datum.y1)" : "(datum.y0 + datum.y1) / 2", as: "yc" },
      ],
      mark: { type: "rect", opacity: 0, clip: true },
      encoding: {
        x: { field: "x0", type: "quantitative" },
        x2: { field: "x1" },
        y: { field: "y0", type: "quantitative" },
        y2: { field: "y1" },
        tooltip: [
          { field: "xc", type: "quantitative", title: xTitle, format: ".4~g" },
          { field: "yc", type: "quantitative", title: yTitle, format: ".4~g" },
          { field: "z", type: "quantitative", title: `${zTitle} (block mean)`, format: ".4~g" },
        ],
      },
    });
  }

  const spec: VegaLiteSpec = { $schema: VEGALITE_SCHEMA, width, height, layer: layers };
  if (inp.title) spec.title = inp.title;
  return spec;
}

// ---------------------------------------------------------------------------------------------

/**
 * The spec without its interaction-only layers (names starting with "interactive_"), for static
 * rendering. Data arrays are shared with the input, not copied.
 */
export function staticSpec(spec: VegaLiteSpec): VegaLiteSpec {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node) || node === null || typeof node !== "object") return node;
    const o = node as Record<string, unknown>;
    const out: Record<string, unknown> = { ...o };
    if (Array.isArray(o.layer)) {
      out.layer = o.layer
        .filter((l) => !(l && typeof l === "object" && typeof (l as { name?: unknown }).name === "string" && ((l as { name: string }).name).startsWith(INTERACTIVE_PREFIX)))
        .map(walk);
    }
    for (const key of ["spec", "hconcat", "vconcat", "concat"]) {
      if (o[key] === undefined) continue;
      out[key] = Array.isArray(o[key]) ? (o[key] as unknown[]).map(walk) : walk(o[key]);
    }
    return out;
  };
  return walk(spec) as VegaLiteSpec;
}
