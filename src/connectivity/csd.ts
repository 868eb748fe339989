/**
 * method "csd": the cross-spectral density itself (Syncopy's `connectivityanalysis(method="csd")`,
 * PR #416): CSD[f, i, j] = mean over tapers (and over trials unless keeptrials) of
 * X_i(f) conj(X_j(f)), complex64 as Syncopy stores it. `output` has no effect.
 */
import type { MeasureResult } from "./types";
import { spectralMeasure } from "./spectralStage";

export const csd = spectralMeasure({
  name: "csd",
  keywords: [],
  keeptrials: true,
  outputs: null,
  demeanTaper: false,
  dtype: () => "complex64",
  fromCrossSpectra(S: Float64Array): MeasureResult {
    // float64 sums rounded to complex64 (Float32Array, interleaved)
    return { data: Float32Array.from(S), dtype: "complex64" };
  },
});
