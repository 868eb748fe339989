/**
 * Syncopy's @collect_trials: every generator gains nTrials (default 100), samplerate (1000),
 * seed and seed_per_trial (true). With nTrials = null it returns one trial as an NDArray;
 * otherwise an AnalogData streamed trial by trial from a generator (never all in memory).
 * `collect_trials(fn, { samplerate, seed })` wraps a single-trial function of your own the same way.
 */
import { checkBoolean, checkInteger, checkNumber, checkOptions } from "../core/keywords";
import { checkNumericLimits } from "../core/numericLimits";
import { SPYTypeError } from "../core/errors";
import { AnalogData } from "../data/analog";
import { NDArray } from "../core/ndarray";
import { Seed, checkSeed, randomSeed, trialSeed } from "./rng";
import * as analog from "./analog";

/** The keywords collect_trials adds to every generator (Syncopy's). */
export interface CollectOptions {
  /** The number of trials, a positive integer (default 100): an AnalogData. `null`: one trial as a bare NDArray. */
  nTrials?: number | null;
  /** Samples per second, > 0 (default 1000). */
  samplerate?: number;
  /** A seed for reproducible trials (default: a random one). */
  seed?: Seed;
  /** `true` (default): trial k gets its own seed derived from `seed`; `false`: every trial the same seed (identical trials). */
  seed_per_trial?: boolean;
}

type Generator1<O> = (opts: O) => analog.SynthTrial;

/**
 * A generator wrapped by collect_trials: typed by `nTrials`. Without it (100 trials, the default)
 * or with a number it returns an AnalogData; with `nTrials: null` one bare trial, an NDArray
 * [nSamples, nChannels]; an `nTrials` typed `number | null` gives the union.
 */
export interface TrialsGenerator<O> {
  (opts: O & CollectOptions & { nTrials: null }): NDArray;
  (opts?: O & CollectOptions & { nTrials?: number }): AnalogData;
  (opts?: O & CollectOptions): AnalogData | NDArray;
}

const COLLECT_KEYS = ["nTrials", "samplerate", "seed", "seed_per_trial"];

/** Wrap one single-trial generator. `takesSamplerate` forwards samplerate to it. */
function collect<O extends object>(name: keyof typeof analog.GENERATOR_KEYS, gen: Generator1<O>, takesSamplerate: boolean, takesSeed: boolean) {
  const allowed = [...COLLECT_KEYS, ...(analog.GENERATOR_KEYS[name] as readonly string[]).filter((k) => !COLLECT_KEYS.includes(k))];
  const wrapped = (opts: Partial<O> & CollectOptions = {}): AnalogData | NDArray => {
    // every keyword is checked here, before any trial is made: `seeed: 1` must not run unseeded
    const o = checkOptions(opts, `spy.synthdata.${name}`, allowed);
    checkNumericLimits(`spy.synthdata.${name}`, o);
    const { nTrials = 100, samplerate = 1000, seed, seed_per_trial = true, ...rest } = o as CollectOptions & Record<string, unknown>;
    // null: one bare array instead of an AnalogData
    if (nTrials !== null) checkInteger(nTrials, "nTrials", { min: 1 });
    checkNumber(samplerate, "samplerate", { gt: 0 });
    checkBoolean(seed_per_trial, "seed_per_trial");
    checkSeed(seed);
    const base = seed ?? randomSeed();
    const one = (k: number): NDArray => {
      const args: Record<string, unknown> = { ...rest };
      if (takesSamplerate) args.samplerate = samplerate;
      if (takesSeed) args.seed = seed_per_trial ? trialSeed(base, k) : base;
      const t = gen(args as O);
      return { data: t.data, shape: [...t.shape], dtype: "float64" };
    };
    if (nTrials === null) return one(0);
    function* trials(): Generator<NDArray> {
      for (let k = 0; k < (nTrials as number); k++) yield one(k);
    }
    return new AnalogData({ data: trials(), samplerate });
  };
  return wrapped as TrialsGenerator<Partial<O>>;
}

/** What `collect_trials` forwards to a trial function besides its own keywords. */
export interface CollectTrialsForward {
  /** The function takes `samplerate` (Python: a `samplerate` parameter in its signature). */
  samplerate?: boolean;
  /** The function takes `seed`: one per trial from the given seed, or the seed itself. */
  seed?: boolean;
}

/**
 * Syncopy's `collect_trials` decorator for a single-trial function of your own, returning one
 * [nSamples, nChannels] trial (an NDArray, or anything AnalogData takes as a trial). The wrapped
 * function takes the function's own keywords plus nTrials (default 100), samplerate (1000), seed
 * and seed_per_trial (true): with nTrials = null it returns the function's trial itself (with the
 * seed as given), otherwise an AnalogData of nTrials trials made one at a time. JavaScript cannot
 * read a function's parameter names, so `forward` says whether it takes `samplerate` and `seed`
 * (Syncopy looks at the signature). The function's own keywords are passed on unchecked.
 */
export function collect_trials<O extends object>(trialFunc: (opts: O) => NDArray, forward: CollectTrialsForward = {}) {
  if (typeof trialFunc !== "function") throw new SPYTypeError("trial_func", trialFunc, "a function returning one trial");
  checkOptions(forward, "spy.synthdata.collect_trials", ["samplerate", "seed"], "forward");
  const takesSamplerate = checkBoolean(forward.samplerate ?? false, "samplerate");
  const takesSeed = checkBoolean(forward.seed ?? false, "seed");
  const wrapped = (opts: Partial<O> & CollectOptions = {}): AnalogData | NDArray => {
    const o = checkOptions(opts, "a collect_trials function");
    const { nTrials = 100, samplerate = 1000, seed, seed_per_trial = true, ...rest } = o as CollectOptions & Record<string, unknown>;
    if (nTrials !== null) checkInteger(nTrials, "nTrials", { min: 1 });
    checkNumber(samplerate, "samplerate", { gt: 0 });
    checkBoolean(seed_per_trial, "seed_per_trial");
    checkSeed(seed);
    const args = (s: Seed): O => {
      const a: Record<string, unknown> = { ...rest };
      if (takesSamplerate) a.samplerate = samplerate;
      if (takesSeed) a.seed = s;
      return a as O;
    };
    if (nTrials === null) return trialFunc(args(seed));
    // as Syncopy: one seed per trial from the given one, else the seed (or null) for every trial
    const perTrial = seed !== null && seed !== undefined && seed_per_trial;
    function* trials(): Generator<NDArray> {
      for (let k = 0; k < (nTrials as number); k++) yield trialFunc(args(perTrial ? trialSeed(seed as number, k) : seed));
    }
    return new AnalogData({ data: trials(), samplerate });
  };
  return wrapped as TrialsGenerator<Partial<O>>;
}

/**
 * White noise, independent N(0, 1) samples; keywords nSamples (1000), nChannels (2) and the
 * CollectOptions. Seeded output is reproducible in spyts but not Syncopy's numbers (another RNG).
 */
export const white_noise = collect<Omit<analog.WhiteNoiseOptions, "seed">>("white_noise", analog.white_noise, false, true);
/** A linear trend from 0 to `y_max` (required) at the last sample in every channel; nSamples (1000), nChannels (2). */
export const linear_trend = collect<analog.LinearTrendOptions>("linear_trend", analog.linear_trend, false, false);
/** cos(2π·freq·t), t = k / samplerate, in every channel; `freq` in Hz required, nSamples (1000), nChannels (2). */
export const harmonic = collect<Omit<analog.HarmonicOptions, "samplerate">>("harmonic", analog.harmonic as Generator1<Omit<analog.HarmonicOptions, "samplerate">>, true, false);
/**
 * A harmonic of `freq` Hz (required) whose phase diffuses (Brownian steps of relative size `eps`,
 * default 0.1); rand_ini, return_phase (false). Unlike Syncopy, t = k / samplerate exactly.
 */
export const phase_diffusion = collect<Omit<analog.PhaseDiffusionOptions, "samplerate" | "seed">>("phase_diffusion", analog.phase_diffusion as Generator1<Omit<analog.PhaseDiffusionOptions, "samplerate" | "seed">>, true, true);
/**
 * Coupled AR(2) processes: AdjMat (default: 2 channels, 2 → 1 at 0.25), alphas ([0.55, −0.8]),
 * nSamples (1000). A diverging system: SPYValueError. Computed in float64 (Syncopy: float32).
 */
export const ar2_network = collect<Omit<analog.AR2NetworkOptions, "seed">>("ar2_network", analog.ar2_network, false, true);
/** Uncoupled AR(1) processes x[t] = alpha·x[t−1] + ξ[t]; `alpha` in [0, 1) required, nSamples (1000), nChannels (2). */
export const red_noise = collect<Omit<analog.RedNoiseOptions, "seed">>("red_noise", analog.red_noise as Generator1<Omit<analog.RedNoiseOptions, "seed">>, false, true);
export { ar2_peak_freq, mk_RandomAdjMat } from "./analog";

// spikes and events: Syncopy's poisson_noise (a SpikeData; synthdata/spikes.ts)
export { poisson_noise } from "./spikes";
