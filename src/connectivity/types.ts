/**
 * The shapes connectivityanalysis and its measures share. A measure is one row of the method table
 * in connectivityanalysis.ts (compute/methods.ts' MethodEntry: compute function, plan, output
 * class, own keywords). The spectral measures (csd, coh, granger; later ppc) share Syncopy's
 * single-trial stage, the cross spectra of spectralStage.ts, and differ in what they make of it
 * (Syncopy's av_compRoutine): a SpectralMeasure, which spectralStage.ts turns into a row.
 */
import type { DType, TypedArray } from "../core/ndarray";
import type { ComputePlan } from "../compute/methods";
import type { AnalogData } from "../data/analog";
import type { SpectralData } from "../data/spectral";
import type { SelectionSource } from "../data/source";
import type { TaperChoice } from "../specest/params";

/** Syncopy's `connectivity_outputs`. */
export const CONNECTIVITY_OUTPUTS = ["abs", "pow", "complex", "fourier", "angle", "real", "imag"] as const;
export type ConnectivityOutput = (typeof CONNECTIVITY_OUTPUTS)[number];

/** What connectivityanalysis hands to a method's plan (the keywords every method shares, checked). */
export interface ConnectivityContext {
  data: AnalogData | SpectralData;
  /** Set when the input is complex SpectralData: its spectra replace the stage's mtmfft. */
  spectralInput?: SpectralInputPlan;
  /** Every keyword (defaults merged). */
  kw: Record<string, unknown>;
  /** The keywords given explicitly. */
  given: Set<string>;
  /** The selected trials. */
  source: SelectionSource;
  /** Samples per selected trial. */
  lengths: number[];
  samplerate: number;
  keeptrials: boolean;
  polyremoval: 0 | 1 | null;
}

/** The given spectra of a SpectralData input: T time bins, K tapers, its frequency axis (selected). */
export interface SpectralInputPlan {
  T: number;
  K: number;
  freq: Float64Array;
}

/** The checked spectral keywords of the single-trial stage: frequency axis, tapers, padding, detrending. */
export interface CrossSpectraPlan {
  nfft: number;
  freqIdx: number[];
  freq: Float64Array;
  /** null with SpectralData input (the spectra are given). */
  tapers: TaperChoice | null;
  /** Tapers per trial. */
  K: number;
  polyremoval: 0 | 1 | null;
  /** De-mean each tapered signal again (Syncopy sets it for Granger only). */
  demeanTaper: boolean;
}

/** One trial [nTime = 1, F, Ci, Cj] of the result, C order (complex interleaved for complex dtypes). */
export interface MeasureResult {
  data: TypedArray;
  dtype: DType;
  /** What the measure reports in the result's `info` (granger: Syncopy's convergence keys). */
  info?: Record<string, unknown>;
}

/**
 * A measure of every trial's CSD (ppc, the phase measures of trialEstimators.ts): float64 running
 * sums per CSD element, `nAcc` arrays of n values each (laid end to end in one Float64Array).
 */
export interface TrialEstimator {
  readonly nAcc: number;
  /**
   * Adds one trial's CSD to acc (nAcc * n values): S[i] (complex interleaved) is element e0 + i,
   * and the elements i in [from, from + count) are added (default: all S holds), so that a CSD
   * made a block of frequencies at a time is added block by block, or a row's upper part alone.
   */
  add(S: Float64Array, acc: Float64Array, n: number, e0?: number, from?: number, count?: number): void;
  /**
   * For sums taken over the elements a <= b of a Hermitian CSD only ([F, C, C]; `add` with
   * `from`/`count` row by row): sets the sums of every element b > a from those of a < b, exactly
   * what adding S_ba = conj(S_ab) would have given, over N trials.
   */
  mirror(acc: Float64Array, n: number, C: number, N: number): void;
  /** The measure of N trials, element by element, into out (n values). */
  finish(acc: Float64Array, n: number, N: number, out: Float32Array): void;
}

/** A method's plan: the stage's compute kwargs (mtmfft's), its checked keywords and the measure. */
export interface ConnectivityPlan extends ComputePlan {
  crossSpectra: CrossSpectraPlan;
  keeptrials: boolean;
  output: ConnectivityOutput;
  /** The measure from the stage's cross spectra: the trial average, or one trial's with keeptrials (complex [F, C, C] float64). */
  fromCrossSpectra(csd: Float64Array, F: number, C: number): MeasureResult;
  /** Set for a measure of every trial's CSD: the stage hands it each trial instead of averaging (float32 out). */
  estimator?: TrialEstimator;
  /** channelcmb for a measure that is not taken element by element (granger: one factorisation per pair): [F, rows, cols]. */
  fromCrossSpectraPairs?(csd: Float64Array, F: number, U: number, rows: number[], cols: number[]): MeasureResult;
}

/** A measure on the cross spectra: what a spectral connectivity method is (see spectralMeasure). */
export interface SpectralMeasure {
  /** Syncopy's name of the method (the `method` keyword). */
  name: string;
  /** Keywords only this measure reads, besides the spectral ones (e.g. coh: output). */
  keywords: readonly string[];
  /** Whether keeptrials=true is allowed (else an error naming the method, as Syncopy). */
  keeptrials: boolean;
  /** The `output` values it takes; null: `output` has no effect. */
  outputs: readonly ConnectivityOutput[] | null;
  /** Syncopy's demean_taper of the stage (true for Granger only). */
  demeanTaper: boolean;
  dtype(output: ConnectivityOutput): DType;
  /** The measure of the trial-averaged CSD (or one trial's, with keeptrials). */
  fromCrossSpectra(csd: Float64Array, F: number, C: number, output: ConnectivityOutput): MeasureResult;
  /** A measure of every trial's CSD instead (fromCrossSpectra is then not called). */
  estimator?: TrialEstimator;
}
