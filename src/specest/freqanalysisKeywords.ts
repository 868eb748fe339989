/**
 * The keywords of `spy.freqanalysis`, typed and documented for completion and inspect (type level
 * only). The rules are those of freqanalysis.ts, params.ts and plans/*Plan.ts, which check them
 * when the call runs; Syncopy's defaults.
 */
import type { Choice } from "../cfg/metafunction";
import type { ComputeKeywords } from "../compute/computeKeywords";

/** The spectral estimation methods of freqanalysis. */
export type FreqanalysisMethod = "mtmfft" | "mtmconvol" | "welch" | "wavelet" | "superlet";

/**
 * What each (complex) spectral value becomes: `"pow"` |x|², `"abs"` |x|, `"fourier"` / `"complex"`
 * the complex value, `"real"`, `"imag"`, `"angle"` (phase in rad), `"absreal"` |Re x|, `"absimag"`
 * |Im x|; with method mtmfft also FOOOF's `"fooof"` (the fitted model), `"fooof_aperiodic"`,
 * `"fooof_peaks"`.
 */
export type FreqanalysisOutput =
  | "pow" | "abs" | "fourier" | "complex" | "real" | "imag" | "angle" | "absreal" | "absimag"
  | "fooof" | "fooof_aperiodic" | "fooof_peaks";

/** The wavelets of method "wavelet" (all but Morlet and Paul are real-valued). */
export type WaveletName = "Morlet" | "Paul" | "DOG" | "Ricker" | "Marr" | "Mexican_hat";

/** FOOOF's settings as keywords (`fooof_opt` of freqanalysis, the options of spy.fooof); each key optional, merged over Syncopy's defaults. */
export interface FooofOptKeywords {
  /** `[lower, upper]` limits of a peak's width (two-sided bandwidth, 2 sd) in Hz, 0 < lower < upper. Default [0.5, 12]. */
  peak_width_limits?: readonly number[];
  /** The most peaks to fit, an integer ≥ 0 (`Infinity`: no limit, the default). */
  max_n_peaks?: number;
  /** Absolute threshold on a peak's height above the aperiodic fit, in log10 power, ≥ 0. Default 0. */
  min_peak_height?: number;
  /** Relative threshold on a peak's height, in standard deviations of the flattened spectrum, ≥ 0. Default 2. */
  peak_threshold?: number;
  /** The aperiodic component: `"fixed"` (default) offset − log10(f^exponent), or `"knee"` offset − log10(knee + f^exponent). */
  aperiodic_mode?: Choice<"fixed" | "knee">;
  /** Report FOOOF's warnings (as spyts warnings). Default `false` (Syncopy's). */
  verbose?: boolean;
}

/** A list of numbers: an array or a typed array. */
export type NumberList = readonly number[] | Float64Array | Float32Array;

/**
 * Keywords of `spy.freqanalysis(data, kw)` (Syncopy's names and defaults). A keyword that the
 * chosen method does not read warns "no effect". The index signature lets a Syncopy cfg dict be
 * passed where the keywords go; unknown keys are rejected when the call runs.
 */
export interface FreqanalysisKeywords extends ComputeKeywords {
  /**
   * The estimation method. Default `"mtmfft"`: one (multi-)tapered FFT per trial. `"mtmconvol"`:
   * sliding tapered windows (needs `t_ftimwin`); `"welch"`: mtmconvol's power averaged over the
   * windows of each trial; `"wavelet"`: a continuous wavelet transform; `"superlet"`: superlets
   * (needs `order_max`).
   */
  method?: Choice<FreqanalysisMethod>;
  /**
   * What the result holds. Default `"pow"` (power). Multitapering (`tapsmofrq`) without
   * `keeptapers` needs `"pow"` (the tapers are averaged as power); `"welch"` only gives `"pow"`;
   * the FOOOF outputs need method `"mtmfft"` and a `foilim`/`foi` that excludes 0 Hz.
   */
  output?: Choice<FreqanalysisOutput>;
  /**
   * `true` (default): one spectrum per trial. `false`: the trial average (the trials must give
   * outputs of one shape: equal lengths, or a `toi` array for the time-frequency methods).
   */
  keeptrials?: boolean;
  /**
   * Frequencies of interest in Hz, inside [0, samplerate / 2]; not together with `foilim`. mtmfft,
   * mtmconvol and welch move each to the nearest frequency bin (one warning lists the moved ones,
   * duplicates are dropped); wavelet and superlet use them as given (below 0.01 Hz: 0.01).
   * Default `null` (or `"all"`): every bin, or automatic scales for wavelet and superlet.
   */
  foi?: NumberList | Choice<"all"> | null;
  /**
   * A frequency band `[fmin, fmax]` in Hz inside [0, samplerate / 2], fmin ≠ fmax (sorted if
   * reversed); not together with `foi`. mtm methods: every bin in the closed interval; wavelet and
   * superlet: fmin, fmin + 1, ... up to fmax (1 Hz steps). Default `null` (or `"all"`): all.
   */
  foilim?: readonly number[] | Choice<"all"> | null;
  /**
   * mtmfft only: the FFT length. `"maxperlen"` (default): the longest trial; `"nextpow2"`: the
   * next power of two of it; a number: a length in seconds, at least the longest trial.
   */
  pad?: Choice<"maxperlen" | "nextpow2"> | number;
  /**
   * Detrending of each trial (each window for mtmconvol) before tapering: `0` (default) removes
   * the mean, `1` a least-squares line, `null` nothing.
   */
  polyremoval?: number | null;
  /**
   * mtmfft, mtmconvol, welch: the window, any of scipy's windows (`"hann"` default, `"hamming"`,
   * `"blackman"`, `"kaiser"`, `"tukey"`, ...; `"boxcar"` or `null` for none). `"dpss"` is not
   * chosen here: set `tapsmofrq`. With `tapsmofrq`, `"hann"`, `null` or `"dpss"` are accepted
   * (Syncopy accepts the default only).
   */
  taper?: string | null;
  /** mtmfft: take the mean out again after tapering (Syncopy recommends it before Granger). Default `false`. */
  demean_taper?: boolean;
  /**
   * The window's extra arguments (scipy's names), e.g. `{ beta: 8 }` for `"kaiser"`: every
   * required argument of the window must be given. `null` (default) for windows without any; must
   * stay `null` with multitapering.
   */
  taper_opt?: Record<string, unknown> | null;
  /**
   * Multitapering: the one-sided spectral smoothing in Hz (> 0), which switches on DPSS tapers
   * (NW = tapsmofrq · N / samplerate, N the mean trial or window length). Values outside
   * [samplerate / N, about samplerate / 2] are clamped with a warning. Default `null`: one taper.
   */
  tapsmofrq?: number | null;
  /**
   * With `tapsmofrq`: the number of DPSS tapers (a positive integer, at most the shortest trial
   * length); a warning when it differs from the optimal 2·NW − 1. Default `null`: the optimal number.
   */
  nTaper?: number | null;
  /**
   * mtmfft, mtmconvol: `true` keeps one spectrum per taper (any `output`); `false` (default)
   * averages the tapers' power. Not with welch.
   */
  keeptapers?: boolean;
  /**
   * The time points of the time-frequency methods. mtmconvol: `"all"` (default: a window on every
   * sample), an overlap fraction in [0, 1] of consecutive windows, or an increasing array of window
   * centres in s inside the trials. welch: an overlap fraction only (default 0.5 for welch).
   * wavelet, superlet: `"all"` or an equidistant increasing array of times in s inside every trial
   * (the transform of the whole trial, evaluated at those samples).
   */
  toi?: Choice<"all"> | number | NumberList;
  /** mtmconvol, welch (required): the window length in s, from one sample to the shortest trial. Default `null`. */
  t_ftimwin?: number | null;
  /**
   * wavelet: the wavelet. `"Morlet"` (default) and `"Paul"` are complex; `"DOG"`, `"Ricker"`,
   * `"Marr"` and `"Mexican_hat"` are real-valued (a warning: no amplitude or phase information).
   */
  wavelet?: Choice<WaveletName>;
  /** wavelet "Morlet": its width w0, a number ≥ 1 (6 or more recommended). Default 6. */
  width?: number;
  /** wavelet "Paul" (an integer ≥ 4) and "DOG" (the derivative order, an integer ≥ 1): required for them, no effect on the others. Default `null`. */
  order?: number | null;
  /** superlet (required): the largest superlet order, a positive integer. Default `null`. */
  order_max?: number | null;
  /** superlet: the smallest order, an integer in [1, order_max]. Default 1. */
  order_min?: number;
  /** superlet: cycles of the base Morlet wavelet, an integer ≥ 1 (c_1 · order_min ≥ 3 recommended). Default 3. */
  c_1?: number;
  /**
   * superlet: `true` for adaptive superlets (FASLT: the order rises linearly with frequency from
   * order_min to order_max; needs a range of frequencies, sorted ascending); `false` (default) for
   * the multiplicative superlet transform.
   */
  adaptive?: boolean;
  /** Accepted for Syncopy compatibility; must stay `null` (default). */
  out?: unknown;
  /**
   * The FOOOF settings for the FOOOF outputs, merged over Syncopy's defaults (see FooofOpt);
   * other keys are errors. Default `null`: the defaults.
   */
  fooof_opt?: FooofOptKeywords | null;
  /** mtmfft: FieldTrip's normalisation (the power then depends on the padding). Default `false`. */
  ft_compat?: boolean;
  [key: string]: unknown;
}
