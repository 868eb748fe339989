/**
 * Synthetic spike data after Syncopy's `syncopy/synthdata/spikes.py::poisson_noise`, as plain
 * arrays (the lead wraps them into a SpikeData object).
 */

import { SPYValueError } from "../core/errors";
import { Rng, Seed, checkSeed } from "./rng";

export interface PoissonNoiseOptions {
  nTrials?: number;
  /** Total number of spikes over all trials. */
  nSpikes?: number;
  nChannels?: number;
  nUnits?: number;
  /** Expected number of spikes per sampling interval, in (0, 1]. */
  intensity?: number;
  samplerate?: number;
  seed?: Seed;
}

export interface SynthSpikes {
  /** Rows [sample, channel, unit], C order, sorted by sample; shape [nSpikes, 3]. */
  data: Int32Array;
  shape: [number, 3];
  dimord: ["sample", "channel", "unit"];
  /** Rows [start, stop, offset] in samples, one per trial. */
  trialdefinition: number[][];
  samplerate: number;
}

function count(v: unknown, param: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) throw new SPYValueError(param, v, "an integer >= 1");
  return v;
}

/** Random weights that sum to 1 (uniform draws, normalised), as cumulative sums. */
function cumulativeWeights(rng: Rng, n: number): Float64Array {
  const w = rng.fillUniform(new Float64Array(n));
  let s = 0;
  for (let i = 0; i < n; i++) s += w[i];
  const cum = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) { acc += w[i] / s; cum[i] = acc; }
  cum[n - 1] = 1;
  return cum;
}

function pick(cum: Float64Array, u: number): number {
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cum[mid]) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/**
 * Poisson (shot) noise spike trains. The recording is T = floor(nSpikes / intensity) samples
 * long; `nSpikes` distinct spike samples are drawn uniformly from it (so spikes form a Bernoulli
 * process with rate `intensity` per sample), each assigned a channel and a unit with random
 * (uniform, normalised) weights, so some channels and units are busy and others almost quiet.
 * The recording is cut into `nTrials` equal trials of floor(T / nTrials) samples, each but the
 * last shortened by up to 10 %, with trigger offsets between 5 % and 20 % of the shortest trial
 * before the trial start (negative offsets). Trial rows are [start, stop, offset] with stop
 * = next start − 1 − shortening, as in Syncopy.
 */
export function poisson_noise(opts: PoissonNoiseOptions = {}): SynthSpikes {
  const nTrials = count(opts.nTrials ?? 10, "nTrials");
  const nSpikes = count(opts.nSpikes ?? 10000, "nSpikes");
  const nChannels = count(opts.nChannels ?? 3, "nChannels");
  const nUnits = count(opts.nUnits ?? 10, "nUnits");
  const intensity = opts.intensity ?? 0.1;
  if (typeof intensity !== "number" || !(intensity > 0 && intensity <= 1)) throw new SPYValueError("intensity", intensity, "a number in (0, 1]");
  const samplerate = opts.samplerate ?? 10000;
  if (typeof samplerate !== "number" || !(samplerate > 0) || !Number.isFinite(samplerate)) throw new SPYValueError("samplerate", samplerate, "a finite number > 0");
  checkSeed(opts.seed);
  const T = Math.floor(nSpikes / intensity);
  if (T >= 2 ** 31) throw new SPYValueError("nSpikes", nSpikes, "nSpikes / intensity < 2^31 samples");
  const step = Math.floor(T / nTrials);
  if (step < 2) throw new SPYValueError("nTrials", nTrials, `at most ${Math.floor(T / 2)} trials for ${nSpikes} spikes at intensity ${intensity}`);

  const rng = new Rng(opts.seed);
  // nSpikes distinct samples from [0, T): Floyd's algorithm, then sort
  const chosen = new Set<number>();
  for (let j = T - nSpikes; j < T; j++) {
    const t = rng.integer(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  const samples = Int32Array.from(chosen).sort();
  const chCum = cumulativeWeights(rng, nChannels);
  const unitCum = cumulativeWeights(rng, nUnits);
  const data = new Int32Array(nSpikes * 3);
  for (let k = 0; k < nSpikes; k++) {
    data[3 * k] = samples[k];
    data[3 * k + 1] = pick(chCum, rng.uniform());
    data[3 * k + 2] = pick(unitCum, rng.uniform());
  }

  const starts: number[] = [], stops: number[] = [];
  for (let k = 0; k < nTrials; k++) {
    starts.push(k * step);
    const shorten = k < nTrials - 1 && step >= 10 ? rng.integer(Math.floor(step / 10)) : 0;
    stops.push((k + 1) * step - 1 - shorten);
  }
  let shortest = Infinity;
  for (let k = 0; k < nTrials; k++) shortest = Math.min(shortest, stops[k] - starts[k]);
  const oLo = Math.floor(0.05 * shortest), oHi = Math.floor(0.2 * shortest);
  const trialdefinition = starts.map((s, k) => [s, stops[k], 0 - (oHi > oLo ? oLo + rng.integer(oHi - oLo) : oLo)]);
  return { data, shape: [nSpikes, 3], dimord: ["sample", "channel", "unit"], trialdefinition, samplerate };
}
