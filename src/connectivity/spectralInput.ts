/**
 * The single-trial stage from complex SpectralData (Syncopy's SpectralDyadicProduct): the spectra
 * are given, so a trial's CSD is the outer product of its spectra along the channel axis, tapers
 * averaged:
 *
 *   CSD_trial[t, f, i, j] = 1/K sum_k X[t, k, f, i] conj(X[t, k, f, j])
 *
 * mtmfft spectra (`output: "fourier"`, with `keeptapers` when multitapering) have one time bin per
 * trial; time-frequency spectra (mtmconvol, wavelet, superlet `fourier`) have T bins and give
 * connectivity per time bin across trials. Every trial must then have the same T.
 *
 * The products are summed by the same CrossSpectraAccumulator as the AnalogData stage, with the
 * time bins as extra frequencies (T x F rows), trial by trial in trial order in the main thread.
 */
import { SPYValueError } from "../core/errors";
import { isComplex } from "../core/ndarray";
import { createProgress } from "../compute/progress";
import { onInterrupt, SPYInterruptError } from "../compute/interrupt";
import type { TrialSource } from "../core/computeTypes";
import { logEntry } from "../data/log";
import type { SpectralData } from "../data/spectral";
import { CrossSpectraAccumulator } from "./crossSpectraAccumulator";
import type { CrossSpectraResult } from "./spectralStage";

export interface SpectralInputShape {
  /** Time bins per trial (1 for mtmfft spectra). */
  T: number;
  K: number;
  F: number;
  C: number;
}

/** Checks the input (complex, equal time bins per trial) and gives its per-trial shape. */
export function spectralInputShape(data: SpectralData, source: TrialSource): SpectralInputShape {
  if (!isComplex(data.dtype)) {
    throw new SPYValueError("data", `real valued spectral data (${data.dtype})`, "complex valued spectra: set output='fourier' in spy.freqanalysis (with keeptapers=true when multitapering)");
  }
  const [T, K, F, C] = source.trialShape(0);
  for (let i = 1; i < source.nTrials; i++) {
    const t = source.trialShape(i)[0];
    if (t !== T) {
      throw new SPYValueError("data", `trial ${source.trialIndex?.(i) ?? i} with ${t} time bins (trial 0 has ${T})`, "spectra with the same number of time bins in every trial (connectivity per time bin is taken across trials)");
    }
  }
  return { T, K, F, C };
}

/** Runs the stage: the trial average (perTrial absent) or each trial's CSD [T*F, C, C] to perTrial. */
export async function runSpectralInputCrossSpectra(
  source: TrialSource, shape: SpectralInputShape, perTrial?: (i: number, csd: Float64Array) => void,
): Promise<CrossSpectraResult> {
  const { T, K, F, C } = shape;
  const nTrials = source.nTrials;
  const acc = new CrossSpectraAccumulator(T * F, C);
  const buffer = perTrial ? new Float64Array(acc.length) : null;
  const scale = perTrial ? 1 / K : 1 / (K * nTrials);
  // [T, K, F, C] -> the accumulator's [K, T*F, C]
  const X = T === 1 ? null : new Float32Array(2 * T * K * F * C);
  const block = 2 * F * C;
  let interrupted = false;
  const stopWatching = onInterrupt(() => { interrupted = true; });
  const progress = createProgress({ label: "spectral_dyadic_product_cF", total: nTrials, delayMs: 2000 });
  const t0 = Date.now();
  try {
    for (let i = 0; i < nTrials; i++) {
      if (interrupted) throw new SPYInterruptError("connectivityanalysis");
      const trial = source.readTrial(i).data as Float32Array;
      let spectra: Float32Array = trial;
      if (X !== null) {
        for (let t = 0; t < T; t++) {
          for (let k = 0; k < K; k++) X.set(trial.subarray(((t * K + k) * block), (t * K + k + 1) * block), (k * T + t) * block);
        }
        spectra = X;
      }
      if (perTrial) acc.reset();
      acc.add(spectra, K, scale);
      if (perTrial) perTrial(i, acc.result(buffer!));
      progress.update(i + 1);
      // let a kernel interrupt through between trials
      if ((i & 15) === 15) await new Promise((r) => setImmediate(r));
    }
    progress.stop();
  } catch (e) {
    progress.stop(e as Error);
    throw e;
  } finally {
    stopWatching();
  }
  const ms = Date.now() - t0;
  return {
    average: perTrial ? null : acc.result(),
    nTrials, F: T * F, C,
    log: (caller, settings) => logEntry(
      `computed spectral_dyadic_product_cF on ${nTrials} trials of SpectralData (${T} time bins x ${K} tapers x ${F} frequencies x ${C} channels) in ${ms} ms with settings\n` +
      Object.entries(settings).map(([k, v]) => `\t${k} = ${JSON.stringify(v)}`).join("\n"), caller),
  };
}
