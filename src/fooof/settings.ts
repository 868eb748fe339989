/**
 * FOOOF's settings with FOOOF's names, merged over Syncopy's defaults
 * (`syncopy.specest.fooofspy.default_fooof_opt`), and validated with errors that say which key
 * is wrong and what it may be. FOOOF itself checks none of these and fails later, deep inside
 * curve_fit, or silently fits nonsense.
 */
import { SPYValueError, SPYTypeError } from "../core/errors";
import { checkBoolean, checkNumber, checkOneOf, checkOptions } from "../core/keywords";
import type { AperiodicMode } from "./funcs";

/** FOOOF's fit settings (Syncopy's `fooof_opt`); DEFAULT_FOOOF_OPT holds the defaults. */
export interface FooofOpt {
  /** Limits on the peak width (two-sided bandwidth = 2 sd), Hz: [lower, upper], 0 < lower < upper. */
  peak_width_limits: [number, number];
  /** Most peaks to fit (Infinity = no limit). */
  max_n_peaks: number;
  /** Absolute threshold on peak height above the aperiodic fit, log10 power. */
  min_peak_height: number;
  /** Relative threshold on peak height, in standard deviations of the flattened spectrum. */
  peak_threshold: number;
  /** "fixed" (offset and exponent, default) or "knee" (with a knee parameter). */
  aperiodic_mode: AperiodicMode;
  /** Print FOOOF's warnings (as SPYWarning lines). */
  verbose: boolean;
}

/** Syncopy's defaults (FOOOF's, except verbose = false). */
export const DEFAULT_FOOOF_OPT: Readonly<FooofOpt> = Object.freeze({
  peak_width_limits: [0.5, 12.0] as [number, number],
  max_n_peaks: Infinity,
  min_peak_height: 0.0,
  peak_threshold: 2.0,
  aperiodic_mode: "fixed" as AperiodicMode,
  verbose: false,
});

export const FOOOF_OPT_KEYS = Object.keys(DEFAULT_FOOOF_OPT) as (keyof FooofOpt)[];

/**
 * FOOOF's private settings (fooof 1.1.1 `FOOOF.__init__`), fixed as in FOOOF.
 */
export const FOOOF_INTERNALS = Object.freeze({
  /** Percentile (in percent, as np.percentile takes it) of the flattened spectrum for the robust fit. */
  apPercentileThresh: 0.025,
  /** Peaks closer than this many sd to an edge of the range are dropped. */
  bwStdEdge: 1.0,
  /** Overlap, in sd, at which the lower of two peaks is dropped. */
  gaussOverlapThresh: 0.75,
  /** Centre-frequency bounds of the joint fit: guess +- 2 * cfBound * sd. */
  cfBound: 1.5,
  /** Function evaluations each curve fit may use. */
  maxfev: 5000,
});

/** Cfg round trips write Infinity as "inf" (src/cfg/structdict.ts); accept that spelling back. */
function num(v: unknown): unknown {
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return v;
}

/**
 * Merge `opt` over the defaults and validate. `param` names the keyword in messages
 * ("fooof_opt" from freqanalysis, "opts" from spy.fooof).
 */
export function parseFooofOpt(opt: unknown, param = "fooof_opt"): FooofOpt {
  const given = checkOptions(opt, param, FOOOF_OPT_KEYS, param);
  const out: FooofOpt = { ...DEFAULT_FOOOF_OPT, peak_width_limits: [...DEFAULT_FOOOF_OPT.peak_width_limits] };
  const key = (k: string) => `${param}.${k}`;

  if (given.peak_width_limits !== undefined) {
    const w = given.peak_width_limits;
    const arr = Array.isArray(w) || ArrayBuffer.isView(w) ? Array.from(w as ArrayLike<unknown>).map(num) : null;
    if (!arr || !arr.every((x) => typeof x === "number")) throw new SPYTypeError(key("peak_width_limits"), w, "[lower, upper] in Hz, two numbers");
    if (arr.length !== 2 || !arr.every((x) => !Number.isNaN(x))) {
      throw new SPYValueError(key("peak_width_limits"), w, "[lower, upper] in Hz, two numbers");
    }
    const [lo, hi] = arr as number[];
    if (lo < 0 || hi < 0) throw new SPYValueError(key("peak_width_limits"), w, "non-negative widths [lower, upper] in Hz", "a peak width cannot be negative");
    if (!(lo > 0) || !Number.isFinite(lo)) throw new SPYValueError(key("peak_width_limits"), w, "a finite lower limit > 0 Hz");
    if (!(hi > lo)) throw new SPYValueError(key("peak_width_limits"), w, "lower < upper", "the limits are reversed or equal");
    out.peak_width_limits = [lo, hi];
  }
  if (given.max_n_peaks !== undefined) {
    // Infinity: no limit
    out.max_n_peaks = checkNumber(num(given.max_n_peaks), key("max_n_peaks"), { integer: true, min: 0, infinite: true });
  }
  for (const k of ["min_peak_height", "peak_threshold"] as const) {
    if (given[k] === undefined) continue;
    out[k] = checkNumber(given[k], key(k), { min: 0 });
  }
  if (given.aperiodic_mode !== undefined) {
    out.aperiodic_mode = checkOneOf(given.aperiodic_mode, key("aperiodic_mode"), ["fixed", "knee"] as const);
  }
  if (given.verbose !== undefined) {
    out.verbose = checkBoolean(given.verbose, key("verbose"));
  }
  return out;
}
