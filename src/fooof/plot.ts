/**
 * The chart of a FOOOF fit, as FOOOF's `plot_fm` draws it: the spectrum (black), the full model
 * (red) and the aperiodic fit (blue, dashed) in log10 power, and each peak as a green line from
 * the aperiodic fit up to the peak's height with a dot on top (tooltip: CF, PW, BW). A vega-lite
 * v5 spec in the conventions of src/plot/specs.ts: data inline as number strings, x zoom/pan,
 * interaction-only layers named "interactive_*" (left out of the static SVG).
 */
import { VEGALITE_SCHEMA, INTERACTIVE_PREFIX, SERIES_TRANSFORM, VegaLiteSpec } from "../plot/specs";
import type { FooofFitData } from "./fitData";
import { checkBoolean, checkNumber, checkOptions, checkString } from "../core/keywords";

/** The options of FooofFit.plot / plotSpec and fooofSpec. */
export interface FooofPlotOptions {
  /** Logarithmic frequency axis (FOOOF's plt_log). Default false. */
  plt_log?: boolean;
  /** Chart title (default: peaks, r² and error of the fit, or why it failed). */
  title?: string;
  /** Width in pixels (default 600). */
  width?: number;
  /** Height in pixels (default 320). */
  height?: number;
}

const COMPONENTS = ["spectrum", "full model", "aperiodic fit"];
const COLORS = ["#000000", "#d62728", "#1f77b4"];

function numbers(a: ArrayLike<number>, digits: number): string {
  const parts = new Array<string>(a.length);
  for (let i = 0; i < a.length; i++) parts[i] = Number.isFinite(a[i]) ? String(Number(a[i].toPrecision(digits))) : "";
  return parts.join(",");
}

function fmt(v: number, d: number): string {
  return Number.isFinite(v) ? v.toFixed(d) : "NaN";
}

/**
 * The vega-lite spec of a fit's chart, as FOOOF's plot_fm: spectrum, full model, aperiodic fit
 * and peaks in log10 power (a failed fit: the spectrum alone). Bad options: SPYTypeError / SPYValueError.
 */
export function fooofSpec(fit: FooofFitData, options: FooofPlotOptions = {}): VegaLiteSpec {
  const opts = checkOptions(options, "FooofFit.plot", ["plt_log", "title", "width", "height"]) as FooofPlotOptions;
  if (opts.plt_log !== undefined) checkBoolean(opts.plt_log, "plt_log");
  if (opts.title !== undefined) checkString(opts.title, "title", "a string", true);
  for (const k of ["width", "height"] as const) if (opts[k] !== undefined) checkNumber(opts[k], k, { gt: 0 });
  const width = opts.width ?? 600, height = opts.height ?? 320;
  const xs = numbers(fit.freqs, 10);
  const series = [fit.power_spectrum, fit.fooofed_spectrum, fit.ap_fit];
  const shown = fit.converged ? 3 : 1;
  const values = series.slice(0, shown).map((y, k) => ({ component: COMPONENTS[k], x: xs, y: numbers(y, 7) }));
  const title = opts.title ?? (fit.converged
    ? `FOOOF fit: ${fit.n_peaks} peak${fit.n_peaks === 1 ? "" : "s"}, r² = ${fmt(fit.r_squared, 4)}, error = ${fmt(fit.error, 4)}`
    : "FOOOF fit failed: " + fit.message.slice(0, 80));
  const x = {
    field: "x", type: "quantitative", title: opts.plt_log ? "frequency (Hz, log scale)" : "frequency (Hz)",
    scale: opts.plt_log ? { type: "log", nice: false } : { zero: false, nice: false, domain: [fit.freq_range[0], fit.freq_range[1]] },
  };
  const lines = {
    name: "lines",
    data: { values },
    transform: [...SERIES_TRANSFORM],
    mark: { type: "line", strokeWidth: 1.5, clip: true },
    params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
    encoding: {
      x,
      y: { field: "y", type: "quantitative", title: "log₁₀ power (a.u.²)", scale: { zero: false } },
      // one legend: colour and dash of the same field merge (their legend settings must agree)
      color: { field: "component", type: "nominal", title: null, scale: { domain: COMPONENTS, range: COLORS }, legend: { orient: "top-right" } },
      strokeDash: { field: "component", type: "nominal", title: null, scale: { domain: COMPONENTS, range: [[1, 0], [1, 0], [6, 4]] }, legend: { orient: "top-right" } },
    },
  };
  const layer: object[] = [lines];
  if (fit.converged && fit.n_peaks > 0) {
    // each peak from the aperiodic fit at its nearest bin up by PW (FOOOF's plot_peaks="dot"/"line")
    const peaks = fit.peak_params.map(([cf, pw, bw]) => {
      let k = 0;
      for (let i = 1; i < fit.freqs.length; i++) if (Math.abs(fit.freqs[i] - cf) < Math.abs(fit.freqs[k] - cf)) k = i;
      const base = fit.ap_fit[k];
      return { x: Number(cf.toPrecision(8)), base: Number(base.toPrecision(7)), top: Number((base + pw).toPrecision(7)), pw: Number(pw.toPrecision(5)), bw: Number(bw.toPrecision(5)) };
    });
    const tooltip = [
      { field: "x", type: "quantitative", title: "CF (Hz)", format: ".2f" },
      { field: "pw", type: "quantitative", title: "PW (log₁₀ power)", format: ".3f" },
      { field: "bw", type: "quantitative", title: "BW (Hz)", format: ".2f" },
    ];
    layer.push({
      name: "peak_lines",
      data: { values: peaks },
      mark: { type: "rule", color: "#2ca02c", strokeWidth: 2, clip: true },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "base", type: "quantitative" }, y2: { field: "top" } },
    });
    layer.push({
      name: "peak_dots",
      data: { values: peaks },
      mark: { type: "point", filled: true, color: "#2ca02c", size: 60, clip: true },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "top", type: "quantitative" }, tooltip },
    });
  }
  layer.push({
    name: INTERACTIVE_PREFIX + "tooltip",
    data: { values },
    transform: [...SERIES_TRANSFORM],
    mark: { type: "point", opacity: 0, size: 60, filled: true },
    encoding: {
      x: { field: "x", type: "quantitative" },
      y: { field: "y", type: "quantitative" },
      tooltip: [
        { field: "component", type: "nominal" },
        { field: "x", type: "quantitative", title: "frequency (Hz)", format: ".4~g" },
        { field: "y", type: "quantitative", title: "log₁₀ power (a.u.²)", format: ".4~g" },
      ],
    },
  });
  return { $schema: VEGALITE_SCHEMA, width, height, title, layer };
}
