/**
 * spy.fooof(freqs, power, opts): FOOOF on a spectrum the user already has (linear power), e.g.
 *   const fit = spy.fooof(freqs, power, { max_n_peaks: 4, aperiodic_mode: "knee" });
 *   fit.display(); await fit.plot(); fit.peak_params;
 * opts are FOOOF's settings (Syncopy's defaults) plus FOOOF's fit argument `freq_range`.
 */
import { SPYValueError, SPYTypeError } from "../core/errors";
import { checkOptions } from "../core/keywords";
import { isNDArray, NDArray } from "../core/ndarray";
import { warn } from "../core/warnings";
import { FooofOpt, FOOOF_OPT_KEYS, parseFooofOpt } from "./settings";
import { checkFreqs, checkPower, trimRange } from "./input";
import { fitSpectrum } from "./fit";
import { FooofFit } from "./result";

/** The options of spy.fooof: any FooofOpt setting (defaults DEFAULT_FOOOF_OPT) and a frequency range. */
export interface FooofOptions extends Partial<FooofOpt> {
  /** Fit only freq_range[0] <= f <= freq_range[1] (FOOOF's `fit(freqs, power, freq_range)`). */
  freq_range?: [number, number] | null;
}

function vector(x: unknown, param: string): Float64Array {
  if (isNDArray(x)) {
    const a = x as NDArray;
    if (a.shape.length !== 1 || a.dtype.startsWith("complex")) throw new SPYValueError(param, `an NDArray of shape [${a.shape}] ${a.dtype}`, "a real 1-D array");
    if (a.strides || a.offset) return Float64Array.from({ length: a.shape[0] }, (_, i) => a.data[(a.offset ?? 0) + i * (a.strides?.[0] ?? 1)]);
    return Float64Array.from(a.data as ArrayLike<number>);
  }
  if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    const arr = x as ArrayLike<unknown>;
    for (let i = 0; i < arr.length; i++) {
      if (typeof arr[i] !== "number") throw new SPYTypeError(param, x, "an array of numbers");
    }
    return Float64Array.from(arr as ArrayLike<number>);
  }
  throw new SPYTypeError(param, x, "an array of numbers (number[], Float64Array, Float32Array or a 1-D NDArray)");
}

/** FOOOF 1.1.1's fit of one power spectrum (linear units), returning the fitted model. */
export function fooof(freqs: ArrayLike<number> | NDArray, power: ArrayLike<number> | NDArray, opts: FooofOptions = {}): FooofFit {
  let f = vector(freqs, "freqs");
  let p = vector(power, "power");
  if (f.length !== p.length) throw new SPYValueError("power", `${p.length} values`, `one power value per frequency (${f.length})`);
  const { freq_range, ...settings } = checkOptions(opts, "spy.fooof", [...FOOOF_OPT_KEYS, "freq_range"], "opts") as FooofOptions;
  const opt = parseFooofOpt(settings, "opts");
  if (freq_range !== undefined && freq_range !== null) ({ freqs: f, power: p } = trimRange(f, p, freq_range, "freq_range"));
  checkFreqs(f, "freqs");
  checkPower(p, f, "power");
  const logPower = p.map(Math.log10);
  if (opt.verbose) warnWidth(f[1] - f[0], opt);
  const core = fitSpectrum(f, logPower, opt);
  if (opt.verbose && !core.converged) warn(`FOOOF: model fitting was unsuccessful: ${core.message}`);
  return FooofFit.fromCore(f, logPower, opt, core);
}

/** FOOOF's `_check_width_limits` (printed only in verbose mode, as in FOOOF). */
export function warnWidth(freqRes: number, opt: FooofOpt): void {
  if (1.5 * freqRes >= opt.peak_width_limits[0]) {
    warn(`FOOOF: the lower peak width limit (${opt.peak_width_limits[0]} Hz) is < or ~= the frequency resolution ` +
      `(${freqRes.toFixed(2)} Hz): lower limits below the resolution have no effect and may overfit noise as narrow peaks; ` +
      "a lower limit of about twice the resolution is recommended");
  }
}
