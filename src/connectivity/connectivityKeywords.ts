/**
 * The keywords of `spy.connectivityanalysis`, typed and documented for completion and inspect (type
 * level only). The rules are those of connectivityanalysis.ts, spectralStage.ts, channelcmb.ts and
 * corr.ts, which check them when the call runs; Syncopy's defaults.
 */
import type { Choice } from "../cfg/metafunction";
import type { ComputeKeywords } from "../compute/computeKeywords";
import type { NumberList } from "../specest/freqanalysisKeywords";

/**
 * The measures: Syncopy's `"coh"`, `"csd"`, `"granger"`, `"ppc"`, `"corr"`, and mne-connectivity's
 * bivariate phase measures.
 */
export type ConnectivityMethod =
  | "coh" | "csd" | "granger" | "ppc" | "corr"
  | "cohy" | "imcoh" | "plv" | "ciplv" | "pli" | "pli2_unbiased" | "dpli" | "wpli" | "wpli2_debiased";

/** A channel given by its label or its index. */
export type ChannelRef = string | number;

/**
 * Keywords of `spy.connectivityanalysis(data, kw)`: AnalogData (or complex SpectralData, whose
 * spectra replace the internal mtmfft stage) with at least 2 trials. The spectral keywords (foi,
 * foilim, pad, taper, taper_opt, tapsmofrq, nTaper, polyremoval) follow freqanalysis' mtmfft and
 * have no effect with SpectralData input. The index signature lets a Syncopy cfg dict be passed;
 * unknown keys are rejected when the call runs.
 */
export interface ConnectivityKeywords extends ComputeKeywords {
  /**
   * The measure. `"coh"` (default): coherence of the trial-averaged cross-spectra (see `output`);
   * `"csd"`: the cross-spectral density (complex, the only measure of one channel and the one that
   * takes `keeptrials`); `"granger"`: spectral Granger causality G[f, i, j] of i → j (Wilson's
   * factorisation); `"ppc"`: pairwise phase consistency; `"cohy"` (complex coherency), `"imcoh"`
   * (its imaginary part), `"plv"`, `"ciplv"`, `"pli"`, `"pli2_unbiased"`, `"dpli"`, `"wpli"`,
   * `"wpli2_debiased"`: mne-connectivity's phase measures; `"corr"`: cross-correlations of the time
   * series (AnalogData only), lags 0 … ceil(N/2) − 1 on the time axis.
   */
  method?: Choice<ConnectivityMethod>;
  /**
   * `false` (default): the measure of the trial average. `true`: one result per trial, for
   * `"csd"` and `"corr"` only (the others need the trial average).
   */
  keeptrials?: boolean;
  /**
   * `"coh"` only: what the complex coherency becomes: `"abs"` (default, coherence), `"pow"` its
   * square, `"complex"` / `"fourier"` the coherency, `"angle"`, `"real"`, `"imag"`. No effect on
   * the other methods.
   */
  output?: Choice<"abs" | "pow" | "complex" | "fourier" | "angle" | "real" | "imag">;
  /** Frequencies of interest in Hz, each moved to the nearest bin (as freqanalysis' mtmfft); not with `foilim`. Default `null`: every bin. */
  foi?: NumberList | Choice<"all"> | null;
  /** A frequency band `[fmin, fmax]` in Hz inside [0, samplerate / 2] (as freqanalysis); not with `foi`. Default `null`: every bin. */
  foilim?: readonly number[] | Choice<"all"> | null;
  /** The FFT length: `"maxperlen"` (default, the longest trial), `"nextpow2"`, or a length in s at least the longest trial. `"corr"` takes only `"maxperlen"`. */
  pad?: Choice<"maxperlen" | "nextpow2"> | number;
  /**
   * Pairs of channels instead of every channel with every other: `[senders, receivers]`, two
   * non-empty lists of channel labels (or two of indices). The result has the senders as rows
   * (channel_i) and the receivers as columns (channel_j); granger factorises each pair on its own.
   * Not together with a channel selection. Default `null`: all pairs.
   */
  channelcmb?: readonly (readonly ChannelRef[])[] | null;
  /** Detrending of each trial before the spectra: `0` (default) removes the mean, `1` a least-squares line, `null` nothing. */
  polyremoval?: number | null;
  /** Multitapering: the one-sided spectral smoothing in Hz (DPSS tapers, as freqanalysis). Default `null`: one taper. */
  tapsmofrq?: number | null;
  /** With `tapsmofrq`: the number of DPSS tapers. Default `null`: the optimal number. */
  nTaper?: number | null;
  /** The window without multitapering (scipy's names, `null` for none). Default `"hann"`. */
  taper?: string | null;
  /** The window's extra arguments (e.g. `{ beta: 8 }` for `"kaiser"`). Default `null`. */
  taper_opt?: Record<string, unknown> | null;
  /**
   * `"coh"` and `"granger"`: also the jackknife (leave one trial out) variance and bias, as the
   * datasets `jack_var` and `jack_bias` of the result; needs `keeptrials: false`. Other methods
   * warn and ignore it. Default `false`.
   */
  jackknife?: boolean;
  [key: string]: unknown;
}
