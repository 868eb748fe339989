/**
 * Synthetic analog signals, one trial at a time, after Syncopy's `syncopy/synthdata/analog.py`.
 *
 * Every generator returns `{ data, shape: [nSamples, nChannels] }` with `data` a Float64Array in
 * C (time-major) order: sample t of channel c is `data[t * nChannels + c]`. Keyword names and
 * defaults are Syncopy's. Syncopy's `@collect_trials` wrapper (nTrials, samplerate, seed,
 * seed_per_trial) is not here: call a generator once per trial with `seed: trialSeed(seed, k)`
 * (see ./rng) or with the same seed for identical trials.
 *
 * Random numbers come from ./rng (xoshiro128**), not numpy: seeded output is reproducible within
 * spyts, but differs from Syncopy's numbers for the same seed (the statistics are the same).
 */

import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean, checkInteger, checkNumber, checkOptions } from "../core/keywords";
import { Rng, Seed, checkSeed } from "./rng";

/** One synthetic trial: `shape = [nSamples, nChannels]`, C order (time-major). */
export interface SynthTrial {
  data: Float64Array;
  shape: [number, number];
}

/** An adjacency matrix: nested rows, or a flat C-order array with its shape. */
export type AdjMatLike = ArrayLike<ArrayLike<number>> | { data: ArrayLike<number>; shape: readonly number[] };

const TWO_PI = 2 * Math.PI;

function checkCount(value: unknown, param: string, min = 1): number {
  return checkInteger(value, param, { min, max: Number.MAX_SAFE_INTEGER });
}

function checkFinite(value: unknown, param: string): number {
  return checkNumber(value, param);
}

function checkPositive(value: unknown, param: string): number {
  return checkNumber(value, param, { gt: 0 });
}

/** The keywords of each generator (Syncopy's names), for the unknown-keyword check. */
export const GENERATOR_KEYS = {
  white_noise: ["nSamples", "nChannels", "seed"],
  linear_trend: ["y_max", "nSamples", "nChannels"],
  harmonic: ["freq", "samplerate", "nSamples", "nChannels"],
  phase_diffusion: ["freq", "eps", "samplerate", "nChannels", "nSamples", "rand_ini", "return_phase", "seed"],
  ar2_network: ["AdjMat", "nSamples", "alphas", "seed"],
  red_noise: ["alpha", "nSamples", "nChannels", "seed"],
  mk_RandomAdjMat: ["nChannels", "conn_thresh", "max_coupling", "seed"],
} as const;

/** The options of generator `name`, its keywords checked (a misspelled seed must not run unseeded). */
function options<O>(opts: O | undefined, name: keyof typeof GENERATOR_KEYS): O {
  return checkOptions(opts, `spy.synthdata.${name}`, GENERATOR_KEYS[name]) as O;
}

/** Repeat one column over all channels. */
function tileColumn(col: Float64Array, nChannels: number): Float64Array {
  const n = col.length;
  const out = new Float64Array(n * nChannels);
  for (let t = 0; t < n; t++) {
    const v = col[t];
    const o = t * nChannels;
    for (let c = 0; c < nChannels; c++) out[o + c] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

export interface WhiteNoiseOptions {
  nSamples?: number;
  nChannels?: number;
  seed?: Seed;
}

/** Plain white noise with unit standard deviation: independent N(0, 1) samples. */
export function white_noise(options_: WhiteNoiseOptions = {}): SynthTrial {
  const opts = options(options_, "white_noise");
  const nSamples = checkCount(opts.nSamples ?? 1000, "nSamples");
  const nChannels = checkCount(opts.nChannels ?? 2, "nChannels");
  checkSeed(opts.seed);
  const rng = new Rng(opts.seed);
  return { data: rng.fillNormal(new Float64Array(nSamples * nChannels)), shape: [nSamples, nChannels] };
}

export interface LinearTrendOptions {
  /** Value at the last sample (numpy `linspace(0, y_max, nSamples)`). */
  y_max: number;
  nSamples?: number;
  nChannels?: number;
}

/** A linear trend from 0 (first sample) to `y_max` (last sample), the same in every channel. */
export function linear_trend(options_: LinearTrendOptions): SynthTrial {
  const opts = options(options_, "linear_trend");
  const yMax = checkFinite(opts.y_max, "y_max");
  const nSamples = checkCount(opts.nSamples ?? 1000, "nSamples");
  const nChannels = checkCount(opts.nChannels ?? 2, "nChannels");
  const col = new Float64Array(nSamples);
  if (nSamples === 1) col[0] = 0;
  else {
    const step = yMax / (nSamples - 1);
    for (let t = 0; t < nSamples; t++) col[t] = t * step;
    col[nSamples - 1] = yMax; // exact end point, as numpy's linspace
  }
  return { data: tileColumn(col, nChannels), shape: [nSamples, nChannels] };
}

export interface HarmonicOptions {
  /** Frequency in Hz. */
  freq: number;
  /** Sampling rate in Hz. */
  samplerate: number;
  nSamples?: number;
  nChannels?: number;
}

/** `cos(2π·freq·t)` with `t = k / samplerate`, k = 0 … nSamples−1, the same in every channel. */
export function harmonic(options_: HarmonicOptions): SynthTrial {
  const opts = options(options_, "harmonic");
  const freq = checkFinite(opts.freq, "freq");
  const samplerate = checkPositive(opts.samplerate, "samplerate");
  const nSamples = checkCount(opts.nSamples ?? 1000, "nSamples");
  const nChannels = checkCount(opts.nChannels ?? 2, "nChannels");
  const col = new Float64Array(nSamples);
  for (let k = 0; k < nSamples; k++) col[k] = Math.cos(TWO_PI * freq * (k / samplerate));
  return { data: tileColumn(col, nChannels), shape: [nSamples, nChannels] };
}

export interface PhaseDiffusionOptions {
  /** Harmonic frequency in Hz. */
  freq: number;
  /** Size of the Brownian increments relative to the harmonic phase increment (>= 0). */
  eps?: number;
  samplerate?: number;
  nChannels?: number;
  nSamples?: number;
  /** Random initial phase per channel, uniform in [0, 2π). */
  rand_ini?: boolean;
  /** Return the phases (radians) instead of cos(phase). */
  return_phase?: boolean;
  seed?: Seed;
}

/**
 * Linear phase evolution plus Brownian phase diffusion (Syncopy's `phase_diffusion`).
 *
 * With ω0 = 2π·freq, t_k = k / samplerate and ξ_{i,c} independent N(0, 1):
 *
 *     φ_c[k] = ω0·t_k + φ0_c + Σ_{i=0..k} sqrt(eps · ω0 / samplerate) · ξ_{i,c}
 *
 * i.e. each Wiener step has variance eps times the deterministic phase increment
 * Δφ = ω0 / samplerate (so the relative diffusion does not depend on the frequency), and the sum
 * includes the first sample, as Syncopy's `cumsum` does. φ0_c = 0, or U[0, 2π) with `rand_ini`.
 * The output is cos(φ) or, with `return_phase`, φ itself.
 *
 * Differences from Syncopy, on purpose: Syncopy builds its time axis with
 * `linspace(0, nSamples/samplerate, nSamples)`, whose step is nSamples/(nSamples−1)/samplerate,
 * so its harmonic runs a factor nSamples/(nSamples−1) too fast; here t_k = k/samplerate, so
 * `eps = 0` gives exactly `harmonic(freq, samplerate)`. Syncopy draws the random initial phases
 * from a second generator built from the same seed (correlated with the noise); here they
 * continue the same stream.
 */
export function phase_diffusion(options_: PhaseDiffusionOptions): SynthTrial {
  const opts = options(options_, "phase_diffusion");
  const freq = checkFinite(opts.freq, "freq");
  const eps = checkNumber(opts.eps ?? 0.1, "eps", { min: 0 });
  const samplerate = checkPositive(opts.samplerate ?? 1000, "samplerate");
  const nChannels = checkCount(opts.nChannels ?? 2, "nChannels");
  const nSamples = checkCount(opts.nSamples ?? 1000, "nSamples");
  const randIni = checkBoolean(opts.rand_ini ?? false, "rand_ini");
  const returnPhase = checkBoolean(opts.return_phase ?? false, "return_phase");
  checkSeed(opts.seed);

  const rng = new Rng(opts.seed);
  const omega0 = TWO_PI * freq;
  const relEps = Math.sqrt(Math.abs(omega0 / samplerate) * eps);
  // noise first (time-major, as white_noise), then the initial phases
  const noise = relEps > 0 ? rng.fillNormal(new Float64Array(nSamples * nChannels)) : null;
  const phase0 = new Float64Array(nChannels);
  if (randIni) for (let c = 0; c < nChannels; c++) phase0[c] = TWO_PI * rng.uniform();

  const out = new Float64Array(nSamples * nChannels);
  const walk = new Float64Array(nChannels);
  for (let k = 0; k < nSamples; k++) {
    const lin = omega0 * (k / samplerate);
    const o = k * nChannels;
    for (let c = 0; c < nChannels; c++) {
      if (noise) walk[c] += relEps * noise[o + c];
      const phi = lin + phase0[c] + walk[c];
      out[o + c] = returnPhase ? phi : Math.cos(phi);
    }
  }
  return { data: out, shape: [nSamples, nChannels] };
}

/** Read an adjacency matrix into a flat C-order Float64Array; checks it is square and finite. */
export function adjMatToArray(AdjMat: AdjMatLike, param = "AdjMat"): { data: Float64Array; n: number } {
  let n: number;
  let flat: Float64Array;
  if (AdjMat && typeof AdjMat === "object" && "shape" in AdjMat && "data" in AdjMat) {
    const shape = AdjMat.shape;
    if (shape.length !== 2 || shape[0] !== shape[1] || shape[0] < 1 || AdjMat.data.length !== shape[0] * shape[1]) {
      throw new SPYValueError(param, shape, "a square nChannels x nChannels matrix");
    }
    n = shape[0];
    if (!Array.from(AdjMat.data as ArrayLike<unknown>).every((v) => typeof v === "number")) throw new SPYTypeError(param, AdjMat, "a matrix of numbers");
    flat = Float64Array.from(AdjMat.data);
  } else if (AdjMat && typeof AdjMat === "object" && typeof (AdjMat as ArrayLike<unknown>).length === "number") {
    const rows = AdjMat as ArrayLike<ArrayLike<number>>;
    n = rows.length;
    if (n < 1) throw new SPYValueError(param, AdjMat, "a square nChannels x nChannels matrix");
    flat = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (!row || typeof row !== "object" || typeof row.length !== "number") throw new SPYTypeError(param, AdjMat, "a square nChannels x nChannels matrix (nested rows, or { data, shape })");
      if (row.length !== n) {
        throw new SPYValueError(param, AdjMat, "a square nChannels x nChannels matrix");
      }
      for (let j = 0; j < n; j++) {
        if (typeof row[j] !== "number") throw new SPYTypeError(param, AdjMat, "a matrix of numbers");
        flat[i * n + j] = row[j];
      }
    }
  } else {
    throw new SPYTypeError(param, AdjMat, "a square nChannels x nChannels matrix (nested rows, or { data, shape })");
  }
  for (let i = 0; i < flat.length; i++) {
    if (!Number.isFinite(flat[i])) throw new SPYValueError(param, AdjMat, "a matrix of finite numbers");
  }
  return { data: flat, n };
}

export interface AR2NetworkOptions {
  /**
   * nChannels x nChannels coupling matrix; entry (i, j) is the coupling strength from channel i
   * to channel j. Default (null): 2 channels with unidirectional coupling 2 → 1 of 0.25
   * (AdjMat[1][0] = 0.25), as in Dhamala et al. 2008.
   */
  AdjMat?: AdjMatLike | null;
  nSamples?: number;
  /** AR(2) coefficients for lag 1 and lag 2. */
  alphas?: readonly [number, number] | readonly number[];
  seed?: Seed;
}

/**
 * A network of coupled AR(2) processes (Syncopy's `ar2_network`):
 *
 *     x[t] = alphas[0]·x[t−1] + alphas[1]·x[t−2] + x[t−1] @ AdjMat + ξ[t],   ξ ~ N(0, I)
 *
 * (row vector x over channels, so channel j receives Σ_i AdjMat[i][j]·x_i[t−1]); the first two
 * samples are N(0, 1). With the defaults each process has its spectral peak at 40 Hz for a
 * sampling rate of 200 Hz (see `ar2_peak_freq`). As in Syncopy there is no stability check up
 * front, but a system that diverges to non-finite values raises a SPYValueError. Computed in
 * float64 (Syncopy uses float32).
 */
export function ar2_network(options_: AR2NetworkOptions = {}): SynthTrial {
  const opts = options(options_, "ar2_network");
  const nSamples = checkCount(opts.nSamples ?? 1000, "nSamples");
  const alphas = opts.alphas ?? [0.55, -0.8];
  if (!(Array.isArray(alphas) || ArrayBuffer.isView(alphas)) || !Array.from(alphas as ArrayLike<unknown>).every((a) => typeof a === "number")) {
    throw new SPYTypeError("alphas", alphas, "two finite numbers [lag1, lag2]");
  }
  if (alphas.length !== 2 || !Number.isFinite(alphas[0]) || !Number.isFinite(alphas[1])) {
    throw new SPYValueError("alphas", alphas, "two finite numbers [lag1, lag2]");
  }
  checkSeed(opts.seed);
  let A: Float64Array;
  let n: number;
  if (opts.AdjMat === null || opts.AdjMat === undefined) {
    n = 2;
    A = new Float64Array(4);
    A[1 * 2 + 0] = 0.25; // 2 -> 1
  } else {
    ({ data: A, n } = adjMatToArray(opts.AdjMat));
  }
  const [a1, a2] = [alphas[0], alphas[1]];
  const rng = new Rng(opts.seed);
  const out = new Float64Array(nSamples * n);
  const first = Math.min(2, nSamples) * n;
  for (let i = 0; i < first; i++) out[i] = rng.normal();
  for (let t = 2; t < nSamples; t++) {
    const o = t * n, p1 = (t - 1) * n, p2 = (t - 2) * n;
    for (let j = 0; j < n; j++) {
      let acc = a1 * out[p1 + j] + a2 * out[p2 + j];
      for (let i = 0; i < n; i++) acc += out[p1 + i] * A[i * n + j];
      out[o + j] = acc;
    }
    for (let j = 0; j < n; j++) out[o + j] += rng.normal();
  }
  for (let i = out.length - n; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new SPYValueError("AdjMat", opts.AdjMat ?? "default", "a stable system", `the AR(2) network with alphas ${JSON.stringify(Array.from(alphas))} diverged`);
    }
  }
  return { data: out, shape: [nSamples, n] };
}

export interface RedNoiseOptions {
  /** AR(1) coefficient in [0, 1); close to 1 gives a 1/f-like background. */
  alpha: number;
  nSamples?: number;
  nChannels?: number;
  seed?: Seed;
}

/**
 * Uncoupled AR(1) processes (Syncopy's `red_noise`): x[0] = ξ[0], x[t] = alpha·x[t−1] + ξ[t],
 * ξ ~ N(0, 1). (Syncopy runs this through `ar2_network`, whose second sample is pure noise too;
 * here the recursion starts at the second sample.)
 */
export function red_noise(options_: RedNoiseOptions): SynthTrial {
  const opts = options(options_, "red_noise");
  const alpha = checkNumber(opts.alpha, "alpha", { min: 0, lt: 1 });
  const nSamples = checkCount(opts.nSamples ?? 1000, "nSamples");
  const nChannels = checkCount(opts.nChannels ?? 2, "nChannels");
  checkSeed(opts.seed);
  const rng = new Rng(opts.seed);
  const out = rng.fillNormal(new Float64Array(nSamples * nChannels));
  for (let t = 1; t < nSamples; t++) {
    const o = t * nChannels, p = o - nChannels;
    for (let c = 0; c < nChannels; c++) out[o + c] += alpha * out[p + c];
  }
  return { data: out, shape: [nSamples, nChannels] };
}

/**
 * Peak frequency of the AR(2) process x[t] = a1·x[t−1] + a2·x[t−2] + ξ[t]:
 * `arccos(a1·(a2 − 1) / (4·a2)) / (2π) · samplerate`. Needs complex roots (a1² + 4·a2 < 0) and
 * |a1·(a2 − 1) / (4·a2)| <= 1, otherwise the spectrum has no interior peak (SPYValueError).
 */
export function ar2_peak_freq(a1: number, a2: number, samplerate = 1): number {
  checkFinite(a1, "a1");
  checkFinite(a2, "a2");
  checkPositive(samplerate, "samplerate");
  if (a1 * a1 + 4 * a2 >= 0) throw new SPYValueError("a2", a2, "a value with a1² + 4·a2 < 0 (complex roots)");
  const c = (a1 * (a2 - 1)) / (4 * a2);
  if (c < -1 || c > 1) throw new SPYValueError("a1", a1, "a1, a2 with |a1·(a2−1)/(4·a2)| <= 1 (a spectral peak inside (0, samplerate/2))");
  return (Math.acos(c) / TWO_PI) * samplerate;
}

export interface RandomAdjMatOptions {
  nChannels?: number;
  /** Probability that a directed connection i → j (i ≠ j) exists. */
  conn_thresh?: number;
  /** Total input into one channel (each column sums to this, or to 0). */
  max_coupling?: number;
  seed?: Seed;
}

/**
 * A random adjacency matrix for `ar2_network` (Syncopy's `mk_RandomAdjMat`): entry (i, j) is 1
 * with probability `conn_thresh` (never on the diagonal), then every column with at least one
 * connection is divided by its number of connections and multiplied by `max_coupling`, so the
 * total input into a channel is at most `max_coupling`. Returns nested rows (number[][]).
 */
export function mk_RandomAdjMat(options_: RandomAdjMatOptions = {}): number[][] {
  const opts = options(options_, "mk_RandomAdjMat");
  const n = checkCount(opts.nChannels ?? 3, "nChannels");
  const thresh = checkNumber(opts.conn_thresh ?? 0.25, "conn_thresh", { min: 0, max: 1 });
  const maxCoupling = checkNumber(opts.max_coupling ?? 0.25, "max_coupling", { min: 0 });
  checkSeed(opts.seed);
  const rng = new Rng(opts.seed);
  const A: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      const u = rng.uniform(); // one draw per entry, diagonal included, like numpy's rng.random((n, n))
      row.push(i !== j && u < thresh ? 1 : 0);
    }
    A.push(row);
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += A[i][j];
    if (s === 0) continue;
    for (let i = 0; i < n; i++) A[i][j] = (A[i][j] / s) * maxCoupling;
  }
  return A;
}
