/**
 * scipy.signal.windows for spyts: every window Syncopy can use as a taper
 * except dpss (see ./dpss) and the asymmetric exponential.
 */
export { getWindow, availableTapers, WINDOW_SPECS } from "./windows/catalogue";
export type { WindowOption, WindowParamSpec, WindowSpec } from "./windows/catalogue";
export {
  generalCosine, generalHamming, hann, hamming, blackman, nuttall, blackmanharris, flattop,
} from "./windows/cosineSums";
export { boxcar, triang, bartlett, parzen, bohman, barthann, cosine, tukey, lanczos } from "./windows/piecewise";
export { gaussian, generalGaussian } from "./windows/gaussian";
export { kaiser, kaiserBesselDerived } from "./windows/kaiser";
export { chebwin } from "./windows/chebwin";
export { taylor } from "./windows/taylor";
