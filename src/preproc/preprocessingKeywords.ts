/**
 * The keywords of `spy.preprocessing` and `spy.resampledata`, typed and documented for completion
 * and inspect (type level only). The rules are those of params.ts, preprocessing.ts and
 * resampledata.ts, which check them when the call runs; Syncopy's defaults.
 */
import type { Choice } from "../cfg/metafunction";
import type { ComputeKeywords } from "../compute/computeKeywords";

/**
 * Keywords of `spy.preprocessing(data, kw)`. Order of operations (Syncopy's): zscore → detrending
 * and the filter → rectify or Hilbert. The index signature lets a Syncopy cfg dict be passed;
 * unknown keys are rejected when the call runs.
 */
export interface PreprocessingKeywords extends ComputeKeywords {
  /**
   * The filter: `"but"` (default), a Butterworth IIR filter; `"firws"`, a windowed-sinc FIR
   * filter; `null`, no filter (then `polyremoval` or `zscore` must be set, and the filter
   * keywords have no effect).
   */
  filter_class?: Choice<"but" | "firws"> | null;
  /** `"lp"` low-pass (default), `"hp"` high-pass, `"bp"` band-pass, `"bs"` band-stop. */
  filter_type?: Choice<"lp" | "hp" | "bp" | "bs">;
  /**
   * The cut-off in Hz, strictly between 0 and samplerate / 2: one number for `"lp"` and `"hp"`,
   * two different ones `[low, high]` for `"bp"` and `"bs"` (sorted). Required with a filter.
   * Default `null`.
   */
  freq?: number | readonly number[] | null;
  /**
   * The filter order, a positive integer. Default `null`: 4 for `"but"`; for `"firws"` the
   * shortest trial's length, at most 1000 (the kernel has order + 1 taps, order rounded up to even).
   * A zero-phase Butterworth needs trials longer than its edge padding (an error names a lower order).
   */
  order?: number | null;
  /**
   * How the filter runs. `"twopass"` (default): forward and backward, zero phase (the magnitude
   * squared); `"onepass"`: forward only (for `"firws"` a centred linear-phase kernel, zero phase
   * too); `"onepass-minphase"`: `"firws"` only, the kernel turned minimum phase (causal). `null`
   * takes `"twopass"` for `"but"`, `"onepass"` for `"firws"`.
   */
  direction?: Choice<"twopass" | "onepass" | "onepass-minphase"> | null;
  /** `"firws"`: the window of the sinc, `"hamming"` (default), `"hann"` or `"blackman"`. Must stay `"hamming"` (or `null`) for `"but"`. */
  window?: Choice<"hamming" | "hann" | "blackman"> | null;
  /**
   * Detrending of each trial before filtering (and before zscore): `0` removes the mean, `1` a
   * least-squares line, `null` (default) nothing. With `filter_class: null` it is the method itself.
   */
  polyremoval?: number | null;
  /** Standardise each channel of each trial, (x − mean) / std (ddof 0), first of all steps. Default `false`. */
  zscore?: boolean;
  /** The absolute value of the result. Default `false`; not together with `hilbert`. */
  rectify?: boolean;
  /**
   * The analytic signal of the (filtered) result: `"abs"` its envelope, `"complex"` the analytic
   * signal itself (complex64), `"real"`, `"imag"`, `"absreal"`, `"absimag"`, `"angle"` (phase in
   * rad). Default `false`: none; not together with `rectify`.
   */
  hilbert?: boolean | Choice<"abs" | "complex" | "real" | "imag" | "absreal" | "absimag" | "angle">;
  [key: string]: unknown;
}

/**
 * Keywords of `spy.resampledata(data, kw)`. The index signature lets a Syncopy cfg dict be passed;
 * unknown keys are rejected when the call runs.
 */
export interface ResampledataKeywords extends ComputeKeywords {
  /**
   * The new sampling rate in Hz, at least 1 and at most the data's (no upsampling); required in
   * practice (the default 1.0 Hz is Syncopy's). With `"downsample"` it must divide the data's rate.
   */
  resamplefs?: number;
  /**
   * `"resample"` (default): polyphase resampling (scipy's resample_poly, up/down from the ratio of
   * the rates) with a Hamming windowed-sinc anti-alias filter at the new Nyquist frequency (or
   * `lpfreq`); `"downsample"`: every (samplerate / resamplefs)-th sample, after a zero-phase FIR
   * low-pass at `lpfreq` when it is given.
   */
  method?: Choice<"resample" | "downsample">;
  /** The anti-alias cut-off in Hz, in (0, resamplefs / 2]. Default `null`: the new Nyquist for "resample", no filter for "downsample". */
  lpfreq?: number | null;
  /** The anti-alias FIR order, a positive integer (a warning below 100). Default `null`: the shortest trial's length, at most 1000. */
  order?: number | null;
  [key: string]: unknown;
}
