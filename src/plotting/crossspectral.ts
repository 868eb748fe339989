/**
 * Plots of a CrossSpectralData (Syncopy's plot_CrossSpectralData, extended). One trial.
 *
 * singlepanelplot:
 * - no channel_i/channel_j: the channel × channel matrix (connectivityMatrix.ts);
 * - one channel_i (and one or more channel_j): a line per pair over frequency (corr: over lag,
 *   "lag (s)"); pairs read "channel1 - channel2", Granger causality "channel1 → channel2" (the
 *   direction it measures; a channel with itself is left out);
 * - time-resolved results (time-frequency input: several time bins and frequencies) and one pair:
 *   a time × frequency map of the pair.
 * multipanelplot: Syncopy's grid of pair spectra, one small panel per (channel_i, channel_j) pair,
 * rows channel_i, columns channel_j, shared axes (time-frequency maps on one colour range for
 * time-resolved results); at most MAX_PANELS pairs.
 *
 * Values: coherence and the other measures as stored (unitless, linear); complex results (csd,
 * coh output "complex", cohy) as magnitudes; |csd| on a log axis by default, or "linear" or "dB"
 * (10·log10: a cross-spectrum is a power). Syncopy draws no csd (NotImplementedError); spyts
 * draws |csd|.
 */
import { SPYValueError } from "../core/errors";
import { CrossSpectralData } from "../data/crossspectral";
import { SelectionSpec } from "../data/selection";
import { FULL_PANELS, HeatmapSpecInput, MAX_PANELS, Series, VegaLiteSpec, heatmapSpec, lineSpec, multiPanelSpec } from "../plot/specs";
import { multiHeatmapSpec } from "../plot/multiHeatmap";
import {
  ConnectivityMeasure, CrossSpectralPlotOptions, measureScale, measureTitle, pairName, resolveMid, sequentialDomain,
} from "./connectivityMeasure";
import { connectivityMatrixSpec } from "./connectivityMatrix";
import { SelectedCrossSpectra, at, isSelfPair, readCrossSpectra } from "./crossSpectralSelection";

export type { CrossSpectralPlotOptions } from "./connectivityMeasure";

type Scale = "linear" | "log" | "dB";

const toDb = (a: ArrayLike<number>): Float64Array => Float64Array.from(a, (v) => (v > 0 ? 10 * Math.log10(v) : NaN));

function heading(s: SelectedCrossSpectra, m: ConnectivityMeasure): string {
  return `CrossSpectralData${m.method ? ` (${m.method})` : ""}, trial ${s.trial}`;
}

/** The abscissa of a pair's line: frequency, or (one frequency, several bins) lag or time. */
function lineAxis(s: SelectedCrossSpectra): { x: Float64Array; xTitle: string; along: "freq" | "time" } {
  if (s.nTime > 1) return { x: s.time, xTitle: s.measure.lagged ? "lag (s)" : "time (s)", along: "time" };
  return { x: s.freq, xTitle: "frequency (Hz)", along: "freq" };
}

/** Pair (a, b) along the line axis (the other axis has one bin). */
function pairLine(s: SelectedCrossSpectra, a: number, b: number, along: "freq" | "time"): Float64Array {
  return along === "freq"
    ? Float64Array.from({ length: s.nFreq }, (_, f) => at(s, 0, f, a, b))
    : Float64Array.from({ length: s.nTime }, (_, t) => at(s, t, 0, a, b));
}

/** The pair's time × frequency values, row-major [freq][time] (heatmapSpec's z). */
function pairMap(s: SelectedCrossSpectra, a: number, b: number): Float64Array {
  const z = new Float64Array(s.nFreq * s.nTime);
  for (let t = 0; t < s.nTime; t++) for (let f = 0; f < s.nFreq; f++) z[f * s.nTime + t] = at(s, t, f, a, b);
  return z;
}

function isTimeFrequency(s: SelectedCrossSpectra): boolean {
  return s.nTime > 1 && s.nFreq > 1;
}

/** Unique panel / legend names: a repeated name gets " (2)", " (3)", ... */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

/** A time × frequency map's colour options for a measure on a scale. */
function mapColours(m: ConnectivityMeasure, scale: Scale, z: ArrayLike<number>): Pick<HeatmapSpecInput, "zMid" | "zDomain" | "cmap" | "logZ" | "zTitle"> {
  const zMid = scale === "linear" ? resolveMid(m, z) : undefined;
  return {
    zMid, logZ: scale === "log", zTitle: measureTitle(m, scale === "dB"),
    zDomain: sequentialDomain(z, zMid, scale, m.power),
    // sequential maps in viridis (as the matrix), so they are not mistaken for power maps (magma)
    ...(zMid === undefined ? { cmap: "viridis" } : {}),
  };
}

/**
 * singlepanelplot of a CrossSpectralData: the matrix (no channel_i/channel_j), lines per pair (one
 * channel_i) or a pair's time × frequency map (time-resolved results, one channel_i and one
 * channel_j). See the module comment; `scale`, `logscale` apply to |csd| only.
 */
export function crossSpectralSpec(data: CrossSpectralData, select: SelectionSpec, opts: CrossSpectralPlotOptions): VegaLiteSpec {
  if (select.channel_i === undefined && select.channel_j === undefined) return connectivityMatrixSpec(data, select, opts);
  if (select.channel_i === undefined) {
    throw new SPYValueError("channel_i", null, "a channel_i to go with channel_j (one line per channel_j), e.g. { channel_i: 0, channel_j: 1 }, or neither for the channel × channel matrix");
  }
  const s = readCrossSpectra(data, select, opts.unit);
  const m = s.measure;
  if (s.nI !== 1) throw new SPYValueError("channel_i", select.channel_i, "one channel (one line per channel_j); multipanelplot draws every pair");
  const scale = measureScale(m, opts);
  if (isTimeFrequency(s)) {
    if (s.nJ !== 1) {
      throw new SPYValueError("channel_j", select.channel_j ?? "all", "one channel for a time-frequency map of a pair (multipanelplot shows one map per pair)");
    }
    let z = pairMap(s, 0, 0);
    if (scale === "dB") z = toDb(z);
    const name = pairName(m, s.namesI[0], s.namesJ[0]);
    return heatmapSpec({
      x: s.time, y: s.freq, z, xTitle: "time (s)", yTitle: "frequency (Hz)", ...mapColours(m, scale, z),
      title: opts.title ?? `${name}: ${m.label}, trial ${s.trial}`,
    });
  }
  const { x, xTitle, along } = lineAxis(s);
  let js = Array.from({ length: s.nJ }, (_, b) => b);
  if (m.directed && js.length > 1) js = js.filter((b) => !isSelfPair(s, 0, b, data));
  const names = uniqueNames(js.map((b) => pairName(m, s.namesI[0], s.namesJ[b])));
  const series: Series[] = js.map((b, k) => {
    const y = pairLine(s, 0, b, along);
    return { name: names[k], y: scale === "dB" ? toDb(y) : y };
  });
  return lineSpec({ x, series, xTitle, yTitle: measureTitle(m, scale === "dB"), title: opts.title ?? heading(s, m), logY: scale === "log" });
}

/**
 * multipanelplot of a CrossSpectralData: one panel per (channel_i, channel_j) pair, rows
 * channel_i, columns channel_j, shared axes; panels titled "i - j", Granger causality "i → j"
 * (a channel's panel with itself stays empty). Lines over frequency (corr: over lag); for
 * time-resolved results one time × frequency map per pair on a shared colour range. At most
 * MAX_PANELS pairs: more is an error naming channel_i/channel_j to select fewer, or the matrix.
 */
export function crossSpectralGridSpec(data: CrossSpectralData, select: SelectionSpec, opts: CrossSpectralPlotOptions): VegaLiteSpec {
  const s = readCrossSpectra(data, select, opts.unit);
  const m = s.measure;
  const n = s.nI * s.nJ;
  if (n > MAX_PANELS) {
    throw new SPYValueError("channel_i", select.channel_i ?? "all",
      `at most ${MAX_PANELS} pairs, one panel each (this selection has ${s.nI} channel_i × ${s.nJ} channel_j = ${n}); ` +
      `select fewer, e.g. { channel_i: [0, 1, 2, 3], channel_j: [0, 1, 2, 3] }, or draw the channel × channel matrix with singlepanelplot`);
  }
  const scale = measureScale(m, opts);
  const pairs: [number, number][] = [];
  for (let a = 0; a < s.nI; a++) for (let b = 0; b < s.nJ; b++) pairs.push([a, b]);
  const names = uniqueNames(pairs.map(([a, b]) => pairName(m, s.namesI[a], s.namesJ[b])));
  const empty = (a: number, b: number) => m.directed && isSelfPair(s, a, b, data);
  const title = opts.title ?? `${m.label}, trial ${s.trial}`;
  const subtitle = m.directed
    ? "rows: channel_i (from), columns: channel_j (to)"
    : "rows: channel_i, columns: channel_j";
  if (isTimeFrequency(s)) {
    const maps = pairs.map(([a, b]) => {
      const z = empty(a, b) ? new Float64Array(s.nFreq * s.nTime).fill(NaN) : pairMap(s, a, b);
      return scale === "dB" ? toDb(z) : z;
    });
    const all = new Float64Array(maps.length * s.nFreq * s.nTime);
    maps.forEach((z, k) => all.set(z, k * z.length));
    const colours = mapColours(m, scale, all);
    const spec = multiHeatmapSpec({
      columns: s.nJ, title,
      panels: maps.map((z, k) => ({ x: s.time, y: s.freq, z, xTitle: "time (s)", yTitle: "frequency (Hz)", ...colours, title: names[k] })),
    });
    spec.title = { text: title, subtitle };
    return spec;
  }
  const { x, xTitle, along } = lineAxis(s);
  const series: Series[] = pairs.map(([a, b], k) => {
    const y = empty(a, b) ? new Float64Array(x.length).fill(NaN) : pairLine(s, a, b, along);
    return { name: names[k], y: scale === "dB" ? toDb(y) : y };
  });
  const yTitle = measureTitle(m, scale === "dB");
  // full-size panels are 120 px high; gridAxis keeps a y title of up to 17 characters on one line
  // (7 px each), but headless vega (no canvas) reserves 0.8 × 11 px per character for it:
  // "Granger causality" outgrew its panel's bounds and pushed that panel's title up. Titles
  // gridAxis does not split get a panel that holds them.
  const panelHeight = n <= FULL_PANELS && 7 * yTitle.length <= 120 ? Math.max(120, Math.ceil(9 * yTitle.length)) : undefined;
  return multiPanelSpec({
    x, series, xTitle, yTitle, title, subtitle, logY: scale === "log", columns: s.nJ, panelHeight,
  });
}
