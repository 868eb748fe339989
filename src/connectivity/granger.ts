/**
 * method "granger": nonparametric spectral Granger-Geweke causality (Dhamala, Rangarajan & Ding,
 * Phys. Rev. Lett. 100, 018701, 2008), as Syncopy computes it (`AV_compRoutines.granger_cF`,
 * `granger.py`, `wilson_sf.py`):
 *
 *   1. the trial-averaged CSD of the spectral stage (tapers averaged; `demean_taper` on, as Syncopy
 *      sets it for Granger only), rounded to complex64 as Syncopy stores it, over every frequency
 *      0 .. Nyquist (`foi`/`foilim` are refused: the factorisation needs them all);
 *   2. regularisation (math/wilson.ts regularizeCsd): if the largest condition number over
 *      frequencies is not below 1e4, S + eps I with the first eps of logspace(-10, -1, 15) that
 *      brings it below; factor -1 if none does;
 *   3. Wilson's factorisation S = H Sigma H^H (math/wilson.ts, at most 100 iterations, relative
 *      tolerance 5e-6), all channels at once (the full multivariate factorisation: Syncopy's default
 *      without `channelcmb`); with `channelcmb`, one 2 x 2 factorisation per (sender, receiver)
 *      pair (grangerPairs, Syncopy's pairwise mode);
 *   4. per ordered pair, with S the regularised CSD:
 *
 *        G[f, i, j] = ln( S_jj / (S_jj - (Sigma_ii - Sigma_ji^2 / Sigma_jj) |H_ji(f)|^2) )
 *
 *      the causality **i -> j** (i drives j), stored at [f, i, j] - Syncopy's array notation; the
 *      diagonal is 0 up to rounding. float32, as Syncopy.
 *
 * `info` of the result holds Syncopy's four keys: "converged" (bool), "max rel. err" (the
 * factorisation's final maximal relative error), "reg. factor" (0: none needed, -1: failed) and
 * "initial cond. num" (before regularisation). Warnings (Syncopy has only the first): more than one
 * channel per ten trials (the ratio is named); no convergence; a regularisation that did not reach
 * the condition number; non-finite values in the result.
 */
import { SPYValueError } from "../core/errors";
import { warn } from "../core/warnings";
import type { MethodEntry } from "../compute/methods";
import type { CrossSpectralData } from "../data/crossspectral";
import { regularizeCsd, wilsonFactorization } from "../math/wilson";
import { spectralMeasure } from "./spectralStage";
import { wilsonKernels } from "./wilsonWasm";
import type { ConnectivityContext, ConnectivityPlan, MeasureResult } from "./types";

/** Syncopy's hard-wired numerical parameters (connectivity_analysis.py: GrangerCausality(...), granger_cF). */
export const GRANGER_NUMERICS = { rtol: 5e-6, nIter: 100, cond_max: 1e4, eps_max: 1e-1 } as const;

/** Syncopy's `GrangerCausality.metadata_keys`: the keys of the result's info. */
export const GRANGER_INFO_KEYS = ["converged", "max rel. err", "reg. factor", "initial cond. num"] as const;

export interface GrangerInfo {
  converged: boolean;
  "max rel. err": number;
  "reg. factor": number;
  "initial cond. num": number;
}

/**
 * Dhamala's formula from the factorisation of S (Syncopy's granger.granger): G [F, C, C] float64,
 * G[f, i, j] the causality i -> j. Auto-spectra and Sigma entries enter as moduli, as in Syncopy.
 */
export function grangerCausality(S: Float64Array, H: Float64Array, Sigma: Float64Array, F: number, C: number): Float64Array {
  const n = C * C;
  const G = new Float64Array(F * n);
  // (Sigma_ii - Sigma_ji^2 / Sigma_jj) at [i, j]: the part of i's noise not explained by j's
  const partial = new Float64Array(n);
  for (let i = 0; i < C; i++) {
    for (let j = 0; j < C; j++) {
      const sji = Math.abs(Sigma[j * C + i]);
      partial[i * C + j] = Math.abs(Sigma[i * C + i]) - (sji * sji) / Math.abs(Sigma[j * C + j]);
    }
  }
  const Sjj = new Float64Array(C);
  for (let f = 0; f < F; f++) {
    const base = 2 * f * n;
    for (let j = 0; j < C; j++) {
      const d = base + 2 * (j * C + j);
      Sjj[j] = Math.sqrt(S[d] * S[d] + S[d + 1] * S[d + 1]);
    }
    for (let i = 0; i < C; i++) {
      for (let j = 0; j < C; j++) {
        const h = base + 2 * (j * C + i);
        const Hji2 = H[h] * H[h] + H[h + 1] * H[h + 1];
        G[f * n + i * C + j] = Math.log(Sjj[j] / (Sjj[j] - partial[i * C + j] * Hji2));
      }
    }
  }
  return G;
}

/**
 * Syncopy's granger_cF on a trial-averaged CSD [F, C, C] (complex interleaved float64): complex64
 * rounding, regularisation, Wilson, Dhamala. The result is float32 [F, C, C] and the info dict.
 */
export function grangerFromCrossSpectra(csd: Float64Array, F: number, C: number): { G: Float32Array; info: GrangerInfo; iterations: number } {
  // Syncopy's CSD is complex64 on disk; its condition number and factorisation start from that
  const S32 = Float64Array.from(Float32Array.from(csd));
  if (F < 2) {
    throw new SPYValueError("data", `${F} frequency bin`, "trials of at least 2 samples (Granger causality needs the frequencies 0 .. Nyquist)");
  }
  const reg = regularizeCsd(S32, F, C, { condMax: GRANGER_NUMERICS.cond_max, epsMax: GRANGER_NUMERICS.eps_max });
  const w = wilsonFactorization(reg.csd, F, C, { nIter: GRANGER_NUMERICS.nIter, rtol: GRANGER_NUMERICS.rtol }, wilsonKernels(F, C));
  const G64 = grangerCausality(reg.csd, w.H, w.Sigma, F, C);
  const G = Float32Array.from(G64);
  const info: GrangerInfo = {
    converged: w.converged,
    "max rel. err": w.err,
    "reg. factor": reg.factor,
    "initial cond. num": reg.initialCond,
  };
  if (reg.factor === -1) {
    warn(`Granger: the CSD's condition number ${reg.initialCond.toExponential(3)} could not be brought below ${GRANGER_NUMERICS.cond_max} by regularisation (eps up to ${GRANGER_NUMERICS.eps_max}); info["reg. factor"] = -1. Use fewer channels or more trials`);
  }
  if (!w.converged) {
    warn(`Granger: Wilson's factorisation did not converge in ${GRANGER_NUMERICS.nIter} iterations (max rel. err ${w.err} >= ${GRANGER_NUMERICS.rtol}); info["converged"] = false, the causalities are unreliable`);
  }
  let bad = 0;
  for (let i = 0; i < G.length; i++) if (!Number.isFinite(G[i])) bad++;
  if (bad > 0) {
    warn(`Granger: ${bad} of ${G.length} causality values are not finite (the factorisation does not reproduce the auto-spectra there)`);
  }
  return { G, info, iterations: w.iterations };
}

/**
 * Pairwise Granger (`channelcmb`, Syncopy's pairwise mode): for every sender s (rows) and receiver
 * r (cols) of the CSD [F, U, U], the 2 x 2 CSD of (s, r) is factorised on its own and G(s -> r)
 * kept; G[f, a, b] is float32 [F, rows, cols]. A pair of one channel with itself gives 0 (the
 * diagonal of the full factorisation). `info` holds the worst over pairs: converged only if every
 * pair converged, the largest relative error, regularisation factor and initial condition number.
 */
export function grangerPairs(csd: Float64Array, F: number, U: number, rows: number[], cols: number[]): { G: Float32Array; info: GrangerInfo } {
  const R = rows.length, Cc = cols.length;
  const G = new Float32Array(F * R * Cc);
  const info: GrangerInfo = { converged: true, "max rel. err": 0, "reg. factor": 0, "initial cond. num": 0 };
  const S2 = new Float64Array(F * 8);
  for (let a = 0; a < R; a++) {
    for (let b = 0; b < Cc; b++) {
      const s = rows[a], r = cols[b];
      if (s === r) continue;
      const idx = [s, r];
      for (let f = 0; f < F; f++) {
        for (let p = 0; p < 2; p++) {
          for (let q = 0; q < 2; q++) {
            const src = 2 * ((f * U + idx[p]) * U + idx[q]);
            const dst = 2 * ((f * 2 + p) * 2 + q);
            S2[dst] = csd[src];
            S2[dst + 1] = csd[src + 1];
          }
        }
      }
      const pair = grangerFromCrossSpectra(S2, F, 2);
      for (let f = 0; f < F; f++) G[(f * R + a) * Cc + b] = pair.G[f * 4 + 1];
      info.converged &&= pair.info.converged;
      info["max rel. err"] = Math.max(info["max rel. err"], pair.info["max rel. err"]);
      const rf = pair.info["reg. factor"];
      info["reg. factor"] = info["reg. factor"] === -1 || rf === -1 ? -1 : Math.max(info["reg. factor"], rf);
      info["initial cond. num"] = Math.max(info["initial cond. num"], pair.info["initial cond. num"]);
    }
  }
  return { G, info };
}

/** Granger from given spectra needs every FFT frequency 0 .. Nyquist, as from AnalogData. */
function checkFullSpectrum(freq: Float64Array, samplerate: number): void {
  const F = freq.length;
  const df = F > 1 ? freq[1] - freq[0] : NaN;
  const uniform = F > 1 && Array.from(freq).every((f, i) => Math.abs(f - i * df) <= 1e-6 * df);
  if (!(F > 1 && freq[0] === 0 && uniform && samplerate / 2 - freq[F - 1] < df)) {
    throw new SPYValueError("data", `spectra over ${F} frequencies ${F ? `${freq[0]} … ${freq[F - 1]} Hz` : ""}`,
      `spectra over every FFT frequency 0 .. Nyquist (${samplerate / 2} Hz): Wilson's factorisation needs them all; compute them without foi/foilim and without a frequency selection`);
  }
}

function hasFrequencySpec(v: unknown): boolean {
  // "all" and null mean every frequency; another string is left to the stage's own check
  return v !== null && v !== undefined && typeof v !== "string";
}

const row = spectralMeasure({
  name: "granger",
  keywords: [],
  keeptrials: false,
  outputs: null,
  demeanTaper: true,
  dtype: () => "float32",
  fromCrossSpectra(S: Float64Array, F: number, C: number): MeasureResult {
    const { G, info } = grangerFromCrossSpectra(S, F, C);
    return { data: G, dtype: "float32", info: info as unknown as Record<string, unknown> };
  },
});

/** Pairwise factorisations for channelcmb (grangerPairs). */
function fromCrossSpectraPairs(S: Float64Array, F: number, U: number, rows: number[], cols: number[]): MeasureResult {
  const { G, info } = grangerPairs(S, F, U, rows, cols);
  return { data: G, dtype: "float32", info: info as unknown as Record<string, unknown> };
}

export const granger: MethodEntry<ConnectivityContext, ConnectivityPlan, CrossSpectralData> = {
  ...row,
  plan(ctx: ConnectivityContext): ConnectivityPlan {
    // keeptrials=true fails first (in the row's plan), as in Syncopy
    if (!ctx.keeptrials) {
      for (const key of ["foi", "foilim"]) {
        if (hasFrequencySpec(ctx.kw[key])) {
          throw new SPYValueError("foi/foilim", ctx.kw[key], "no foi specification for Granger analysis", "the factorisation needs every frequency 0 .. Nyquist; leave foi and foilim at null");
        }
      }
      // the channel axis is the last one: [time, channel] for AnalogData, [time, taper, freq, channel] for spectra
      const shape = ctx.source.trialShape(0);
      const nChannels = shape[shape.length - 1];
      const nTrials = ctx.source.nTrials;
      if (nChannels / nTrials > 0.1) {
        warn(`Multi-channel Granger analysis can be numerically unstable: ${nChannels} channels / ${nTrials} trials = ${(nChannels / nTrials).toPrecision(3)} > 0.1; it is recommended to have at least 10 times the number of trials compared to the number of channels. Try calculating in sub-groups of fewer channels!`);
      }
    }
    if (ctx.spectralInput && ctx.spectralInput.T > 1) {
      throw new SPYValueError("data", `time-frequency spectra (${ctx.spectralInput.T} time bins per trial)`, "spectra without a time axis (mtmfft output='fourier'): time-resolved Granger causality is not available (as in Syncopy)");
    }
    if (ctx.spectralInput) checkFullSpectrum(ctx.spectralInput.freq, ctx.samplerate);
    const plan = row.plan(ctx);
    return {
      ...plan,
      fromCrossSpectraPairs,
      settings: { ...plan.settings, rtol: GRANGER_NUMERICS.rtol, nIter: GRANGER_NUMERICS.nIter, cond_max: GRANGER_NUMERICS.cond_max },
    };
  },
};
