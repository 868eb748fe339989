/**
 * FooofFit: the result of `spy.fooof(freqs, power, opts)`, FOOOF's fitted model as a plain,
 * JSON-able object (FOOOF's attribute names without the trailing underscore), which shows itself
 * in a notebook: `fit.display()` (the parameter table), `await fit.plot()` (the chart).
 */
import { inspect } from "util";
import type { FitCore } from "./fit";
import type { FooofOpt } from "./settings";
import type { FooofFitData } from "./fitData";
import { displayHTML, displaySpec, htmlBundle, JUPYTER_DISPLAY, MimeBundle } from "../plot/display";
import { fooofTableHTML, fooofTableText } from "./table";
import { fooofSpec, FooofPlotOptions } from "./plot";

export type { FooofFitData } from "./fitData";

function rows3(a: Float64Array): number[][] {
  const out: number[][] = [];
  for (let k = 0; k + 2 < a.length; k += 3) out.push([a[k], a[k + 1], a[k + 2]]);
  return out;
}

export class FooofFit implements FooofFitData {
  freqs!: number[];
  power_spectrum!: number[];
  freq_range!: [number, number];
  freq_res!: number;
  settings!: FooofOpt;
  aperiodic_params!: number[];
  peak_params!: number[][];
  gaussian_params!: number[][];
  r_squared!: number;
  error!: number;
  n_peaks!: number;
  fooofed_spectrum!: number[];
  ap_fit!: number[];
  peak_fit!: number[];
  converged!: boolean;
  message!: string;

  constructor(data: FooofFitData) {
    Object.assign(this, data);
  }

  /** Build from the core fit's typed arrays. */
  static fromCore(freqs: Float64Array, logPower: Float64Array, settings: FooofOpt, core: FitCore): FooofFit {
    return new FooofFit({
      freqs: Array.from(freqs),
      power_spectrum: Array.from(logPower),
      freq_range: [freqs[0], freqs[freqs.length - 1]],
      freq_res: freqs[1] - freqs[0],
      settings: { ...settings, peak_width_limits: [...settings.peak_width_limits] as [number, number] },
      aperiodic_params: Array.from(core.aperiodicParams),
      peak_params: rows3(core.peakParams),
      gaussian_params: rows3(core.gaussianParams),
      r_squared: core.rSquared,
      error: core.error,
      n_peaks: core.nPeaks,
      fooofed_spectrum: Array.from(core.fooofed),
      ap_fit: Array.from(core.apFit),
      peak_fit: Array.from(core.peakFit),
      converged: core.converged,
      message: core.message,
    });
  }

  get aperiodic_mode(): FooofOpt["aperiodic_mode"] { return this.settings.aperiodic_mode; }

  /** The plain data (JSON.stringify(fit) gives it; NaN becomes null there). */
  toJSON(): FooofFitData {
    const { freqs, power_spectrum, freq_range, freq_res, settings, aperiodic_params, peak_params, gaussian_params, r_squared, error,
      n_peaks, fooofed_spectrum, ap_fit, peak_fit, converged, message } = this;
    return {
      freqs, power_spectrum, freq_range, freq_res, settings, aperiodic_params, peak_params, gaussian_params, r_squared, error,
      n_peaks, fooofed_spectrum, ap_fit, peak_fit, converged, message,
    };
  }

  /** The parameter table as text (FOOOF's print_results, compact). */
  summary(): string { return fooofTableText(this); }
  /** The parameter table as HTML. */
  summaryHTML(): string { return fooofTableHTML(this); }
  /** Show the parameter table inline in a notebook (HTML + text in one output). */
  display(): void { displayHTML(this.summaryHTML(), this.summary()); }
  /** The parameter table's mime bundle: Deno's kernel shows a fit that ends a cell with it; `spy.display(fit)` too. */
  [JUPYTER_DISPLAY](): MimeBundle { return htmlBundle(this.summaryHTML(), this.summary()); }
  /** The chart's vega-lite spec: spectrum, full model, aperiodic fit and peaks. */
  plotSpec(opts: FooofPlotOptions = {}): ReturnType<typeof fooofSpec> { return fooofSpec(this, opts); }
  /** Show the chart inline in a notebook (interactive vega-lite chart + static PNG + text). */
  plot(opts: FooofPlotOptions = {}): Promise<void> {
    return displaySpec(this.plotSpec(opts), `<FOOOF fit: ${this.n_peaks} peaks, r^2 = ${this.r_squared.toFixed(4)}>`);
  }

  /** Node's `util.inspect` (console.log, the REPL) prints the parameter table. */
  [inspect.custom](): string { return this.summary(); }
}
