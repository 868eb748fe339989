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
 */

import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger } from "../core/keywords";
import { blockAverage, cellEdges, minMaxReduce } from "./reduce";
import { encodeIndexedPNG, parseColor } from "./png";

/** A vega-lite v5 top-level spec as plain JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type VegaLiteSpec = { [key: string]: any };

export const VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** Syncopy's pltConfig["mMaxAxes"]: the most panels a multi-panel plot shows. */
export const MAX_PANELS = 25;

/** Prefix of layer names that only serve interaction (dropped by `staticSpec`). */
export const INTERACTIVE_PREFIX = "interactive_";

export interface Series {
  /** Legend / panel label (a channel name). */
  name: string;
  /** One value per x. */
  y: ArrayLike<number>;
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
  /** Offset the channels vertically (Syncopy's `shifted=True`); the y axis then names the channels. */
  shifted?: boolean;
  /** Plot width in pixels (default 600). */
  width?: number;
  /** Plot height in pixels (default 300). */
  height?: number;
  /** Pixel columns for the min/max reduction (default: the width). */
  nColumns?: number;
  /** Upper bound on the points kept over all series (default 16 000). */
  maxPoints?: number;
}

export interface MultiPanelSpecInput extends Omit<LineSpecInput, "shifted" | "width" | "height"> {
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
  /** A vega colour scheme name (default "magma", as Syncopy). */
  cmap?: string;
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

function validateSeries(x: ArrayLike<number>, series: Series[]): void {
  if (!x || typeof x.length !== "number") throw new SPYTypeError("x", x, "an array of numbers");
  if (!Array.isArray(series)) throw new SPYTypeError("channel", series, "an array of series");
  if (series.length === 0) throw new SPYValueError("channel", series, "at least one series");
  const seen = new Set<string>();
  for (const s of series) {
    if (!s || typeof s.name !== "string") throw new SPYTypeError("channel", s && (s as Series).name, "a string label per series");
    if (seen.has(s.name)) throw new SPYValueError("channel", s.name, "unique series labels");
    seen.add(s.name);
    if (!s.y || s.y.length !== x.length) {
      throw new SPYValueError("y", s.y ? `length ${s.y.length}` : s.y, `one value per x (${x.length}) for series ${JSON.stringify(s.name)}`);
    }
  }
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

interface Reduced { name: string; x: Float64Array; y: Float64Array }

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
    let y = sub(s.y);
    if (inp.logY) y = positiveOnly(y);
    const r = minMaxReduce(x, y, nCol);
    return { name: s.name, x: r.x, y: r.y };
  });
  // the x extent of the full input (the reduced points may start a few samples later)
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) { if (x[i] < lo) lo = x[i]; if (x[i] > hi) hi = x[i]; }
  const xDomain: [number, number] | undefined = lo < hi ? [lo, hi] : undefined;
  return { red, xDomain };
}

/**
 * Columnar inline data: one record per series whose x and y are comma-separated number strings,
 * expanded client-side by `SERIES_TRANSFORM`. Strings rather than JSON arrays because notebook
 * files are written with one JSON array element per line, which would double their size.
 */
function seriesValues(red: Reduced[]): { values: object[]; digits: number } {
  let digits = 6;
  for (const r of red) digits = Math.max(digits, xDigits(r.x));
  const values = red.map((r) => ({ channel: r.name, x: joinNumbers(r.x, digits), y: joinNumbers(r.y, 6) }));
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

function quantileSorted(s: Float64Array, q: number): number {
  if (s.length === 0) return NaN;
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/**
 * Vertical offsets for `shifted`: channel 0 at 0, each next channel above the previous one by
 * 1.1 × (previous channel's 99.5th percentile − this channel's 0.5th percentile), Syncopy's rule
 * (`shift_multichan`, which uses max and min) made robust to single spikes.
 */
export function shiftOffsets(ys: ArrayLike<number>[]): number[] {
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
  return offsets;
}

function xEncoding(title: string, log: boolean, domain?: [number, number]): object {
  const scale: Record<string, unknown> = log ? { type: "log", nice: false } : { zero: false, nice: false };
  if (domain) scale.domain = domain;
  return { field: "x", type: "quantitative", title, scale };
}

function tooltipLayer(xTitle: string, yTitle: string, yField: string, withChannel: boolean): object {
  const tip: object[] = [];
  if (withChannel) tip.push({ field: "channel", type: "nominal", title: "channel" });
  tip.push({ field: "x", type: "quantitative", title: xTitle, format: ".6~g" });
  tip.push({ field: "y", type: "quantitative", title: yTitle, format: ".4~g" });
  return {
    name: INTERACTIVE_PREFIX + "tooltip",
    mark: { type: "point", opacity: 0, size: 60, filled: true },
    encoding: { x: { field: "x", type: "quantitative" }, y: { field: yField, type: "quantitative" }, tooltip: tip },
  };
}

// ---------------------------------------------------------------------------------------------
// line plots

/**
 * One panel, one line per series: AnalogData (time vs amplitude per channel, optionally
 * `shifted`) and SpectralData (frequency vs power, `logY`).
 */
export function lineSpec(inp: LineSpecInput): VegaLiteSpec {
  validateSeries(inp.x, inp.series);
  const width = checkPositiveInt(inp.width ?? 600, "width", 10);
  const height = checkPositiveInt(inp.height ?? 300, "height", 10);
  const xTitle = inp.xTitle ?? "time (s)";
  const yTitle = inp.yTitle ?? "signal (a.u.)";
  const shifted = !!inp.shifted && inp.series.length > 1;
  if (shifted && inp.logY) throw new SPYValueError("shifted", true, "false when logY is set");
  const { red, xDomain } = reduceAll(inp, width);
  const { values } = seriesValues(red);
  const names = red.map((r) => r.name);

  const transform: object[] = [...SERIES_TRANSFORM];
  let yField = "y";
  const yEnc: Record<string, unknown> = { field: "y", type: "quantitative", title: yTitle, scale: inp.logY ? { type: "log" } : { zero: false } };
  if (shifted) {
    const offsets = shiftOffsets(red.map((r) => r.y)).map((o) => round(o, 8) ?? 0);
    transform.push({
      calculate: `datum.y + ${JSON.stringify(offsets)}[indexof(${JSON.stringify(names)}, datum.channel)]`,
      as: "y_shifted",
    });
    yField = "y_shifted";
    yEnc.field = yField;
    yEnc.title = inp.yTitle ? `${inp.yTitle} (shifted)` : "channel";
    yEnc.axis = {
      values: offsets,
      labelExpr: `${JSON.stringify(names)}[indexof(${JSON.stringify(offsets)}, datum.value)]`,
      grid: true,
    };
  }

  const line = {
    name: "lines",
    mark: { type: "line", strokeWidth: 1.2, clip: true, interpolate: "linear" },
    params: [
      { name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" },
      { name: "highlight", select: { type: "point", fields: ["channel"] }, bind: "legend" },
    ],
    encoding: {
      x: xEncoding(xTitle, !!inp.logX, xDomain),
      y: yEnc,
      color: {
        field: "channel", type: "nominal", sort: names, title: "channel",
        legend: { symbolLimit: 30, orient: "right" },
      },
      opacity: { condition: { param: "highlight", value: 1 }, value: 0.15 },
    },
  };
  const spec: VegaLiteSpec = {
    $schema: VEGALITE_SCHEMA,
    width,
    height,
    data: { values },
    transform,
    layer: [line, tooltipLayer(xTitle, yTitle, yField, true)],
  };
  if (inp.title) spec.title = inp.title;
  return spec;
}

/** Near-square panel layout (columns) for n panels, after Syncopy's `calc_multi_layout`. */
export function panelColumns(n: number): number {
  if (n <= 3) return n;
  if (n === 4) return 2;
  return Math.ceil(Math.sqrt(n));
}

/** One small panel per series (channel), sharing the x axis; 1 … 25 panels (Syncopy's mMaxAxes). */
export function multiPanelSpec(inp: MultiPanelSpecInput): VegaLiteSpec {
  validateSeries(inp.x, inp.series);
  const n = inp.series.length;
  if (n > MAX_PANELS) {
    throw new SPYValueError("channel", `${n} channels`, `at most ${MAX_PANELS} channels for a multi-panel plot (select fewer channels)`);
  }
  const columns = checkPositiveInt(inp.columns ?? panelColumns(n), "columns");
  const panelWidth = checkPositiveInt(inp.panelWidth ?? (columns >= 4 ? 170 : 220), "panelWidth", 10);
  const panelHeight = checkPositiveInt(inp.panelHeight ?? 120, "panelHeight", 10);
  const xTitle = inp.xTitle ?? "time (s)";
  const yTitle = inp.yTitle ?? "signal (a.u.)";
  const { red, xDomain } = reduceAll(inp, panelWidth);
  const { values } = seriesValues(red);
  const names = red.map((r) => r.name);

  const line = {
    name: "lines",
    mark: { type: "line", strokeWidth: 1, clip: true, color: "#4c78a8" },
    params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
    encoding: {
      x: xEncoding(xTitle, !!inp.logX, xDomain),
      y: { field: "y", type: "quantitative", title: yTitle, scale: inp.logY ? { type: "log" } : { zero: false } },
    },
  };
  const spec: VegaLiteSpec = {
    $schema: VEGALITE_SCHEMA,
    data: { values },
    transform: [...SERIES_TRANSFORM],
    facet: { field: "channel", type: "nominal", sort: names, title: null, header: { labelFontWeight: "bold", labelFontSize: 11 } },
    columns,
    spec: { width: panelWidth, height: panelHeight, layer: [line, tooltipLayer(xTitle, yTitle, "y", true)] },
    resolve: { scale: { y: inp.sharedY === false ? "independent" : "shared" } },
  };
  if (inp.title) spec.title = inp.title;
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

/** 255 colours sampled from a vega colour scheme (index 255 is reserved for transparency). */
export function schemePalette(name: string): Uint8Array {
  if (typeof name !== "string") throw new SPYTypeError("cmap", name, "the name of a vega colour scheme, e.g. \"magma\" or \"viridis\"");
  const hit = paletteCache.get(name);
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
  for (let k = 0; k < 255; k++) pal.set(parseColor(sample(k / 254)), 3 * k);
  paletteCache.set(name, pal);
  return pal;
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
  const cmap = inp.cmap ?? "magma";
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
  const png = encodeIndexedPNG(W, H, idx, schemePalette(cmap), alpha);
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
        scale: logZ ? { scheme: cmap, domain: [lo, hi], type: "log", nice: false } : { scheme: cmap, domain: [lo, hi], type: "linear", nice: false, zero: false },
        legend: { gradientLength: Math.max(60, Math.min(height, 240)) },
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
