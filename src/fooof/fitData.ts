/**
 * The plain data of a FOOOF fit (what FooofFit.toJSON returns): the one shape the fit, its table
 * and its chart share, kept in a file of its own so that the chart and the table need not import
 * the FooofFit class that uses them.
 */
import type { FooofOpt } from "./settings";

/** The plain-data part of a fit (what `toJSON` returns). */
export interface FooofFitData {
  /** Frequencies fitted, Hz. */
  freqs: number[];
  /** The input spectrum, log10 power. */
  power_spectrum: number[];
  freq_range: [number, number];
  freq_res: number;
  settings: FooofOpt;
  /** [offset, exponent] or [offset, knee, exponent] (log10 power). */
  aperiodic_params: number[];
  /** One row per peak: [CF (Hz), PW (log10 power above the aperiodic fit), BW (Hz, 2 sd)]. */
  peak_params: number[][];
  /** One row per peak: [mean (Hz), height (log10 power), sd (Hz)]. */
  gaussian_params: number[][];
  r_squared: number;
  /** Mean absolute error of the model, log10 power. */
  error: number;
  n_peaks: number;
  /** The full model, its aperiodic and its peak component (log10 power). */
  fooofed_spectrum: number[];
  ap_fit: number[];
  peak_fit: number[];
  /** false when FOOOF would have raised a FitError (then parameters are NaN, spectra NaN). */
  converged: boolean;
  /** Why the fit failed ("" when it converged). */
  message: string;
}
