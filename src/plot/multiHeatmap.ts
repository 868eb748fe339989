/**
 * One time-frequency map per channel, in a grid (multipanelplot of time-frequency SpectralData).
 * Each panel is a `heatmapSpec` (reduced to what its pixels show) on one shared colour range, so
 * colours compare across channels (symmetric around `zMid` for a diverging scale). Vega-lite needs
 * unique view and parameter names across a concat, so each panel's names get the panel index
 * appended. As in `multiPanelSpec`, only the lowest panel of each column has x labels, the first
 * column y labels, and each axis title appears once; beyond FULL_PANELS the panels are compact.
 */
import { SPYValueError } from "../core/errors";
import {
  HeatmapSpecInput, MAX_PANELS, VEGALITE_SCHEMA, VegaLiteSpec, gridAxes, gridAxis, heatmapSpec, panelColumns, panelSize,
  symmetricDomain,
} from "./specs";
import { vegaText } from "./vegaExpr";

export interface MultiHeatmapInput {
  panels: HeatmapSpecInput[];
  title?: string;
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
}

function finiteRange(z: ArrayLike<number>, positiveOnly: boolean): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < z.length; i++) {
    const v = z[i];
    if (!Number.isFinite(v) || (positiveOnly && !(v > 0))) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Append `suffix` to every view and parameter name in a panel spec (vega-lite wants them unique in a concat); data rows are left alone. */
export function suffixNames(node: unknown, suffix: string): unknown {
  if (Array.isArray(node)) return node.map((n) => suffixNames(n, suffix));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === "name" && typeof v === "string") out[k] = v + suffix;
    else if (k === "values") out[k] = v; // data rows: left alone (and not copied)
    else out[k] = suffixNames(v, suffix);
  }
  return out;
}

export function multiHeatmapSpec(inp: MultiHeatmapInput): VegaLiteSpec {
  const n = inp.panels.length;
  if (n === 0) throw new SPYValueError("channel", "none", "at least one channel");
  if (n > MAX_PANELS) throw new SPYValueError("channel", `${n} channels`, `at most ${MAX_PANELS} channels (one panel each); select fewer`);
  const columns = inp.columns ?? panelColumns(n);
  const size = panelSize(n, columns, [columns >= 4 ? 170 : 240, 140]);
  const width = inp.panelWidth ?? size.width;
  const height = inp.panelHeight ?? size.height;
  let lo = Infinity, hi = -Infinity;
  for (const p of inp.panels) {
    const [a, b] = finiteRange(p.z as ArrayLike<number>, !!p.logZ);
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
  }
  const mid = inp.panels[0].zMid;
  let zDomain: [number, number] | undefined = lo < hi ? [lo, hi] : undefined;
  if (zDomain && mid !== undefined) zDomain = symmetricDomain(lo, hi, mid, !!inp.panels[0].logZ);
  const concat = inp.panels.map((p, i) => {
    const { $schema: _s, ...panel } = heatmapSpec({ ...p, zDomain, width, height, maxX: Math.min(p.maxX ?? 400, width), maxY: Math.min(p.maxY ?? 200, height) });
    const ax = gridAxes(i, n, columns);
    const image = (panel.layer as VegaLiteSpec[]).find((l) => l.name === "image");
    if (image) {
      const enc = image.encoding;
      const xTitle = ax.xTitle ? enc.x.title : null, yTitle = ax.yTitle ? enc.y.title : null;
      enc.x = { ...enc.x, title: xTitle, axis: gridAxis(ax.xLabels, xTitle, size.compact, width) };
      enc.y = { ...enc.y, title: yTitle, axis: gridAxis(ax.yLabels, yTitle, size.compact, height) };
    }
    // vegaText: an expression where vega would misread the bare string ("constructor", vegaExpr.ts)
    if (typeof panel.title === "string") panel.title = { text: vegaText(panel.title), fontSize: size.compact ? 10 : 11, fontWeight: "bold", frame: "group" };
    return suffixNames(panel, `_${i}`);
  });
  const spec: VegaLiteSpec = { $schema: VEGALITE_SCHEMA, columns, concat, spacing: size.compact ? 8 : 14, resolve: { scale: { color: "shared" } } };
  if (inp.title) spec.title = inp.title;
  return spec;
}
