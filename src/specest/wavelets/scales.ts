/**
 * Scales <-> frequencies, as Syncopy's freqanalysis computes them for "wavelet" and "superlet":
 * scales = scale_from_period(1 / foi) with foi < 0.01 clamped to 0.01, frequencies attached to the
 * result = 1 / fourier_period(scales), and the automatic Torrence & Compo scales when no foi/foilim.
 */
import { WaveletSpec, waveletFamily } from "./families";

/** What the scale/frequency helpers need of a family. */
export interface ScaleRule {
  fourierPeriod(scale: number): number;
  scaleFromPeriod(period: number): number;
}

/** The superlets' Morlet (Moca et al. 2021) has w0 = 1: period = 2 pi s. */
export const SUPERLET_SCALES: ScaleRule = {
  fourierPeriod: (s) => 2 * Math.PI * s,
  scaleFromPeriod: (p) => p / (2 * Math.PI),
};

export type ScaleFamily = WaveletSpec | "superlet";

function rule(family: ScaleFamily): ScaleRule {
  return family === "superlet" ? SUPERLET_SCALES : waveletFamily(family);
}

/** Syncopy sets frequencies below 0.01 Hz (0 included) to 0.01 before converting them to scales. */
export const MIN_FREQUENCY = 0.01;

export function clampFrequencies(freqs: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(freqs);
  for (let i = 0; i < out.length; i++) if (out[i] < MIN_FREQUENCY) out[i] = MIN_FREQUENCY;
  return out;
}

/** scale_from_period(1 / f) for every (clamped) frequency, in the given order. */
export function scalesFromFreqs(family: ScaleFamily, freqs: ArrayLike<number>): Float64Array {
  const r = rule(family);
  const f = clampFrequencies(freqs);
  return f.map((v) => r.scaleFromPeriod(1 / v));
}

/** 1 / fourier_period(s): the `freq` axis Syncopy attaches to the result. */
export function freqsFromScales(family: ScaleFamily, scales: ArrayLike<number>): Float64Array {
  const r = rule(family);
  return Float64Array.from(scales, (s) => 1 / r.fourierPeriod(s));
}

/**
 * Syncopy's get_optimal_wavelet_scales (Torrence & Compo 1998): s0 = scale_from_period(2 dt),
 * s_j = s0 2^(j dj), j = 0..J with J = int(log2(N dt / s0) / dj), returned largest scale (lowest
 * frequency) first. Empty when the signal is shorter than the smallest scale.
 * nSamples is Syncopy's int(minTrialLength * samplerate).
 */
export function autoScales(family: ScaleFamily, nSamples: number, dt: number, dj = 0.25): Float64Array {
  if (!(dt > 0) || !Number.isFinite(dt)) throw new Error(`autoScales: dt must be a positive number, got ${dt}`);
  if (!(dj > 0)) throw new Error(`autoScales: dj must be positive, got ${dj}`);
  const s0 = rule(family).scaleFromPeriod(2 * dt);
  const J = Math.trunc((1 / dj) * Math.log2((nSamples * dt) / s0));
  const n = Math.max(0, J + 1);
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[n - 1 - j] = s0 * Math.pow(2, dj * j);
  return out;
}
