/**
 * A labelled matrix of values (channel × channel connectivity): one coloured cell per (row,
 * column), row labels on the y axis (first row at the top), column labels on the x axis, a colour
 * legend, and a tooltip per cell naming its row, its column, its value and any constant facts
 * the caller adds (e.g. the frequency). Cells without a finite value (NaN: Granger's diagonal, or
 * values <= 0 on a log colour scale) are drawn light grey, "no value", so an empty cell is not
 * mistaken for the low end of the colour scale.
 *
 * Data-free (floor 2): the caller hands over labels and a row-major array. Rows and columns are
 * addressed by index, not by label, because labels may repeat (CrossSpectralData allows it).
 * The values travel as one comma-separated string per row (as `seriesValues` in specs.ts) and are
 * expanded client-side.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkNumber } from "../core/keywords";
import { VEGALITE_SCHEMA, VegaLiteSpec, legendTitle, symmetricDomain } from "./specs";
import { vegaString, vegaStringArray } from "./vegaExpr";

/** Colour of cells that hold no value. */
export const EMPTY_CELL_COLOR = "#e8e8e8";

export interface MatrixSpecInput {
  /** Row labels, top to bottom (repeats allowed). */
  rows: string[];
  /** Column labels, left to right (repeats allowed). */
  columns: string[];
  /** Values, row-major: z[r * columns.length + c]; NaN leaves the cell empty. */
  z: ArrayLike<number>;
  /** y axis title (default "row"). */
  rowTitle?: string;
  /** x axis title (default "column"). */
  columnTitle?: string;
  /** Colour legend and tooltip title of the values (default "value"). */
  zTitle?: string;
  title?: string;
  subtitle?: string;
  /**
   * Centre of a diverging colour scale (0 for signed measures): the domain is made symmetric
   * around it and the scheme defaults to "redblue" reversed (blue below, red above).
   */
  zMid?: number;
  /** Colour domain [min, max] (default: the finite range of z, symmetric around `zMid` if given). */
  zDomain?: [number, number];
  /** Logarithmic colour scale; values <= 0 are empty cells. */
  logZ?: boolean;
  /** A vega colour scheme (default "viridis", or "redblue" with `zMid`). */
  cmap?: string;
  /** Run the scheme backwards (default: true for the default diverging scheme). */
  cmapReverse?: boolean;
  /** Constant tooltip entries shown with every cell, e.g. [{ title: "frequency", value: "10 Hz" }]. */
  tooltip?: { title: string; value: string }[];
  /** Side of one cell in pixels (default: 480 px over the longer side, 6 … 40 px). */
  cellSize?: number;
}

/** Significant digits of the values in the spec (the colour resolution is far coarser). */
const DIGITS = 6;

function joinRow(z: ArrayLike<number>, start: number, n: number, logZ: boolean): string {
  const parts = new Array<string>(n);
  for (let c = 0; c < n; c++) {
    const v = z[start + c];
    parts[c] = Number.isFinite(v) && (!logZ || v > 0) ? String(v === 0 ? 0 : Number(v.toPrecision(DIGITS))) : "";
  }
  return parts.join(",");
}

function checkLabels(labels: unknown, param: string): string[] {
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== "string")) throw new SPYTypeError(param, labels, "a list of label strings");
  if (labels.length === 0) throw new SPYValueError(param, labels, "at least one label");
  return labels as string[];
}

/**
 * The colour domain of a matrix: `zDomain` if given, else the finite range of z (positive values
 * only with `logZ`), widened symmetrically around `zMid` for a diverging scale. [0, 1] when no
 * cell holds a value.
 */
export function matrixDomain(z: ArrayLike<number>, opts: { zMid?: number; zDomain?: [number, number]; logZ?: boolean } = {}): [number, number] {
  const logZ = !!opts.logZ;
  if (opts.zDomain) {
    const [a, b] = opts.zDomain;
    if (!(Number.isFinite(a) && Number.isFinite(b) && b > a) || (logZ && !(a > 0))) {
      throw new SPYValueError("zDomain", opts.zDomain, logZ ? "[min, max] with 0 < min < max" : "[min, max] with min < max");
    }
    return [a, b];
  }
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < z.length; k++) {
    const v = z[k];
    if (Number.isFinite(v) && (!logZ || v > 0)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  }
  if (!(lo <= hi)) return logZ ? [1, 10] : [0, 1];
  if (opts.zMid !== undefined) return symmetricDomain(lo, hi, opts.zMid, logZ);
  if (lo === hi) return logZ ? [lo / 2, hi * 2] : [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/** Ordinal axis over indices 0 … n−1 that shows the labels. */
function labelAxis(labels: string[], title: string, cell: number, x: boolean): object {
  const fontSize = Math.max(6, Math.min(11, cell - 2));
  return {
    title,
    labelExpr: `${vegaStringArray(labels)}[datum.value]`,
    labelFontSize: fontSize,
    labelLimit: 120,
    ticks: false,
    // column labels slanted; upright (-90°) once cells are too narrow for slanted labels not to touch
    ...(x ? (cell < 16 ? { labelAngle: -90, labelAlign: "right", labelBaseline: "middle" } : { labelAngle: -45, labelAlign: "right" }) : {}),
    // with cells too small for every label, vega drops the overlapping ones
    ...(cell < 10 ? { labelOverlap: "parity" } : {}),
  };
}

/**
 * A matrix heatmap of `rows.length` × `columns.length` cells (see the module comment). Returns a
 * vega-lite spec with the layers "empty" (cells without a value) and "cells" (coloured cells, with
 * the colour legend and tooltips); `data.values` holds one record per row { r, z } with z the row's
 * values as a comma-separated string ("" for an empty cell).
 */
export function matrixSpec(inp: MatrixSpecInput): VegaLiteSpec {
  const rows = checkLabels(inp.rows, "rows");
  const columns = checkLabels(inp.columns, "columns");
  const R = rows.length, C = columns.length;
  if (!inp.z || typeof inp.z.length !== "number") throw new SPYTypeError("z", inp.z, "an array of numbers");
  if (inp.z.length !== R * C) throw new SPYValueError("z", `${inp.z.length} values`, `rows × columns = ${R} × ${C} = ${R * C} values (row-major)`);
  const logZ = !!inp.logZ;
  const diverging = inp.zMid !== undefined;
  if (diverging) checkNumber(inp.zMid, "zMid", logZ ? { gt: 0 } : {});
  const cmap = inp.cmap ?? (diverging ? "redblue" : "viridis");
  const cmapReverse = inp.cmapReverse ?? (inp.cmap === undefined && diverging);
  const domain = matrixDomain(inp.z, { zMid: inp.zMid, zDomain: inp.zDomain, logZ });
  const cell = inp.cellSize ?? Math.max(6, Math.min(40, Math.floor(480 / Math.max(R, C))));
  checkNumber(cell, "cellSize", { gt: 0 });
  const rowTitle = inp.rowTitle ?? "row";
  const columnTitle = inp.columnTitle ?? "column";
  const zTitle = inp.zTitle ?? "value";
  const extras = inp.tooltip ?? [];

  const values = Array.from({ length: R }, (_, r) => ({ r, z: joinRow(inp.z, r * C, C, logZ) }));
  const transform: object[] = [
    { calculate: "split(datum.z, ',')", as: "z" },
    { calculate: `sequence(0, ${C})`, as: "c" },
    { flatten: ["z", "c"] },
    { calculate: "toNumber(datum.z)", as: "z" },
    { calculate: `${vegaStringArray(rows)}[datum.r]`, as: "row_label" },
    { calculate: `${vegaStringArray(columns)}[datum.c]`, as: "column_label" },
    ...extras.map((e, k) => ({ calculate: vegaString(e.value), as: `extra_${k}` })),
  ];
  const x = {
    field: "c", type: "ordinal", title: columnTitle,
    scale: { domain: Array.from({ length: C }, (_, c) => c), paddingInner: 0.04, paddingOuter: 0 },
    axis: labelAxis(columns, columnTitle, cell, true),
  };
  const y = {
    field: "r", type: "ordinal", title: rowTitle,
    scale: { domain: Array.from({ length: R }, (_, r) => r), paddingInner: 0.04, paddingOuter: 0 },
    axis: labelAxis(rows, rowTitle, cell, false),
  };
  const where = [
    { field: "row_label", type: "nominal", title: rowTitle },
    { field: "column_label", type: "nominal", title: columnTitle },
  ];
  const extraTips = extras.map((e, k) => ({ field: `extra_${k}`, type: "nominal", title: e.title }));
  const valid = "isValid(datum.z) && isFinite(datum.z)";
  const empty = {
    name: "empty",
    transform: [{ filter: `!(${valid})` }],
    mark: { type: "rect", color: EMPTY_CELL_COLOR },
    encoding: { x, y, tooltip: [...where, { field: "no_value", type: "nominal", title: zTitle }, ...extraTips] },
  };
  (empty.transform as object[]).push({ calculate: "'no value'", as: "no_value" });
  const cells = {
    name: "cells",
    transform: [{ filter: valid }],
    mark: { type: "rect" },
    encoding: {
      x, y,
      color: {
        field: "z", type: "quantitative", title: zTitle,
        scale: {
          scheme: cmap, domain, nice: false, ...(logZ ? { type: "log" } : { type: "linear", zero: false }),
          ...(cmapReverse ? { reverse: true } : {}),
        },
        legend: { title: legendTitle(zTitle), gradientLength: Math.max(60, Math.min(R * cell, 240)), tickCount: 5 },
      },
      tooltip: [...where, { field: "z", type: "quantitative", title: zTitle, format: ".4~g" }, ...extraTips],
    },
  };
  const spec: VegaLiteSpec = {
    $schema: VEGALITE_SCHEMA,
    width: C * cell,
    height: R * cell,
    data: { values },
    transform,
    layer: [empty, cells],
  };
  if (inp.title || inp.subtitle) spec.title = inp.subtitle ? { text: inp.title ?? "", subtitle: inp.subtitle } : inp.title;
  return spec;
}
