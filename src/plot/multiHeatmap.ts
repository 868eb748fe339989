/**
 * One time-frequency map per channel, in a grid (multipanelplot of time-frequency SpectralData).
 * Each panel is a `heatmapSpec` (reduced to what its pixels show) on one shared colour range, so
 * colours compare across channels. Vega-lite needs unique view and parameter names across a
 * concat, so each panel's names get the panel index appended.
 */
import { SPYValueError } from "../core/errors";
import { HeatmapSpecInput, MAX_PANELS, VEGALITE_SCHEMA, VegaLiteSpec, heatmapSpec, panelColumns } from "./specs";

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

function suffixNames(node: unknown, suffix: string): unknown {
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
  const width = inp.panelWidth ?? (columns >= 4 ? 170 : 240);
  const height = inp.panelHeight ?? 140;
  let lo = Infinity, hi = -Infinity;
  for (const p of inp.panels) {
    const [a, b] = finiteRange(p.z as ArrayLike<number>, !!p.logZ);
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
  }
  const zDomain: [number, number] | undefined = lo < hi ? [lo, hi] : undefined;
  const concat = inp.panels.map((p, i) => {
    const { $schema: _s, ...panel } = heatmapSpec({ ...p, zDomain, width, height, maxX: Math.min(p.maxX ?? 400, width), maxY: Math.min(p.maxY ?? 200, height) });
    return suffixNames(panel, `_${i}`);
  });
  const spec: VegaLiteSpec = { $schema: VEGALITE_SCHEMA, columns, concat, resolve: { scale: { color: "shared" } } };
  if (inp.title) spec.title = inp.title;
  return spec;
}
