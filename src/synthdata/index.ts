/** Synthetic data generators (one trial each; Syncopy's names and defaults). */
export {
  white_noise, linear_trend, harmonic, phase_diffusion, ar2_network, red_noise, ar2_peak_freq,
  mk_RandomAdjMat, adjMatToArray,
} from "./analog";
export type {
  SynthTrial, AdjMatLike, WhiteNoiseOptions, LinearTrendOptions, HarmonicOptions, PhaseDiffusionOptions,
  AR2NetworkOptions, RedNoiseOptions, RandomAdjMatOptions,
} from "./analog";
export { Rng, makeRng, trialSeed, randomSeed, checkSeed } from "./rng";
export type { Seed } from "./rng";
export { poisson_noise } from "./spikes";
export type { PoissonNoiseOptions, SynthSpikes } from "./spikes";
