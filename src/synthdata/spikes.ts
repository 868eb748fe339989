/**
 * Synthetic spike data after Syncopy's `syncopy/synthdata/spikes.py` (`poisson_noise`).
 *
 * Random numbers come from ./rng (xoshiro128**), not numpy: a seed reproduces spyts' output, not
 * Syncopy's; the statistics are the same.
 */
import { SPYValueError } from "../core/errors";
import { minOf } from "../core/extrema";
import { checkInteger, checkNumber, checkOptions } from "../core/keywords";
import { SpikeData } from "../data/spike";
import { Rng, Seed, checkSeed } from "./rng";

/** The keywords of spy.synthdata.poisson_noise (Syncopy's names and defaults). */
export interface PoissonNoiseOptions {
  /** Number of trials (default 10). */
  nTrials?: number;
  /** Spikes over all trials (default 10000). */
  nSpikes?: number;
  /** Channels (default 3). */
  nChannels?: number;
  /** Units (default 10). */
  nUnits?: number;
  /** Expected spikes per sampling interval over all units, in (0, 1] (default 0.1). */
  intensity?: number;
  /** Hz (default 10000). */
  samplerate?: number;
  /** A non-negative integer for reproducible output; null/undefined: random. */
  seed?: Seed;
}

const KEYS = ["nTrials", "nSpikes", "nChannels", "nUnits", "intensity", "samplerate", "seed"];

/**
 * Poisson (shot) noise as SpikeData (Syncopy's `poisson_noise`, same keywords and defaults).
 *
 * `nSpikes` distinct samples are drawn uniformly from [0, T) with T = floor(nSpikes / intensity)
 * (so each sample holds a spike with probability `intensity`: a Bernoulli process, Poisson for
 * small intensities), each spike gets a channel and a unit drawn with random weights (uniform
 * draws, normalised: some units are very active, some almost quiet). T is cut into nTrials trials
 * of step = floor(T / nTrials) samples, [k·step, (k+1)·step − 1), each but the last shortened by
 * up to step/10 samples; the offsets are −(5 % … 20 %) of the shortest trial (uniform integers in
 * [floor(0.05 L), floor(0.05 L) + ceil(0.15 L)), numpy's arange). Spikes in the gaps between
 * trials stay in the table, outside every trial (trialid −1), as in Syncopy.
 *
 * Syncopy does not wrap this in `collect_trials` (its trials come from one recording), nor does
 * spyts. Differences: the channel and unit weights come from the one seeded stream (Syncopy draws
 * both from a fresh generator with the same seed, so their first values coincide); with more
 * intervals than nTrials (T much smaller than nTrials²) the first nTrials are kept (numpy fails).
 */
export function poisson_noise(options: PoissonNoiseOptions = {}): SpikeData {
  const o = checkOptions(options, "spy.synthdata.poisson_noise", KEYS) as PoissonNoiseOptions;
  const nTrials = checkInteger(o.nTrials ?? 10, "nTrials", { min: 1 });
  const nSpikes = checkInteger(o.nSpikes ?? 10000, "nSpikes", { min: 1 });
  const nChannels = checkInteger(o.nChannels ?? 3, "nChannels", { min: 1 });
  const nUnits = checkInteger(o.nUnits ?? 10, "nUnits", { min: 1 });
  const intensity = checkNumber(o.intensity ?? 0.1, "intensity", { gt: 0, max: 1 });
  const samplerate = checkNumber(o.samplerate ?? 10000, "samplerate", { min: 1 });
  checkSeed(o.seed);
  const T = Math.floor(nSpikes / intensity);
  if (T > Number.MAX_SAFE_INTEGER) throw new SPYValueError("intensity", intensity, `a value that keeps nSpikes / intensity below 2^53 samples`);
  const step = Math.floor(T / nTrials);
  if (step < 10) {
    throw new SPYValueError("nTrials", nTrials, `at most ${Math.floor(T / 10)} trials: each needs >= 10 samples (nSpikes / intensity = ${T} samples in all)`);
  }
  const rng = new Rng(o.seed);
  const sample = sortedSample(rng, T, nSpikes);
  const channel = categorical(rng, randomWeights(rng, nChannels), nSpikes);
  const unit = categorical(rng, randomWeights(rng, nUnits), nSpikes);
  const shorten = Math.floor(step / 10);
  const trl: number[][] = [];
  for (let k = 0; k < nTrials; k++) {
    const end = (k + 1) * step - 1 - (k < nTrials - 1 ? rng.integer(shorten) : 0);
    trl.push([k * step, end, 0]);
  }
  const shortest = minOf(trl.map((r) => r[1] - r[0]));
  const lo = Math.floor(0.05 * shortest), count = Math.ceil(0.2 * shortest - 0.05 * shortest);
  for (const r of trl) r[2] = -(lo + rng.integer(count));
  return new SpikeData({ data: { sample, channel, unit }, trialdefinition: trl, samplerate });
}

/**
 * n distinct integers from [0, N), ascending, each n-subset equally likely: Vitter's sequential
 * "Algorithm A" (ACM TOMS 13(1), 1987), O(N) time and O(n) memory, no sort.
 */
export function sortedSample(rng: Rng, N: number, n: number): Float64Array {
  const out = new Float64Array(n);
  let top = N - n, Nreal = N, left = n, pos = 0, j = 0;
  while (left >= 2) {
    const V = rng.uniform();
    let S = 0, quot = top / Nreal;
    while (quot > V) {
      S++; top--; Nreal--;
      quot = (quot * top) / Nreal;
    }
    pos += S;
    out[j++] = pos++;
    Nreal--;
    left--;
  }
  if (left === 1) out[j] = pos + Math.floor(Nreal * rng.uniform());
  return out;
}

/** Uniform draws normalised to sum 1 (Syncopy's get_rdm_weights). */
function randomWeights(rng: Rng, n: number): Float64Array {
  const w = Float64Array.from({ length: n }, () => rng.uniform());
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
}

/** n draws of indices with probabilities p (inverse of the cumulative sum). */
function categorical(rng: Rng, p: Float64Array, n: number): Float64Array {
  const cum = new Float64Array(p.length);
  let s = 0;
  p.forEach((x, i) => { s += x; cum[i] = s; });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform() * s;
    let k = 0;
    while (k < cum.length - 1 && u >= cum[k]) k++;
    out[i] = k;
  }
  return out;
}
