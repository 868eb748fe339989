/**
 * The measures that need every trial's cross-spectrum, not only their average: PPC (Syncopy's
 * `ppc`, Vinck 2010) and mne-connectivity's phase measures, with mne-connectivity's formulas
 * (`mne_connectivity/spectral/epochs_bivariate.py`). Notation: S_k is trial k's CSD (tapers
 * averaged), u_k = S_k / |S_k| its unit phase vector (0 where S_k = 0, as mne-connectivity), N the
 * number of trials.
 *
 *   plv            |sum u_k| / N
 *   ciplv          |Im sum u_k / N| / sqrt(1 - (Re sum u_k / N)^2)   (Re clipped to [-1, 1]; where
 *                  it is +-1 the denominator is 1, as mne-connectivity)
 *   ppc            (|sum u_k|^2 - N) / (N (N - 1))   = the mean of cos(phi_k - phi_m) over k != m,
 *                  Syncopy's double loop over trial pairs in O(N) per pair
 *   pli            |sum sign(Im S_k)| / N
 *   pli2_unbiased  (N pli^2 - 1) / (N - 1)
 *   dpli           sum H(Im S_k) / N, with H(0) = 1/2
 *   wpli           |sum Im S_k| / sum |Im S_k|                         (0 where the denominator is 0)
 *   wpli2_debiased ((sum Im S_k)^2 - sum (Im S_k)^2) / ((sum |Im S_k|)^2 - sum (Im S_k)^2)  (idem)
 *
 * Each estimator keeps float64 running sums per CSD element (one or three), so memory holds one
 * trial's CSD plus the sums whatever the trial count, and the trials are added in trial order in
 * the main thread (parallel runs give the same bits as sequential ones).
 */
import type { TrialEstimator } from "./types";

/** The elements [from, end) of S (S[i] is element e0 + i): `count` of them, else all S holds (at most n - e0). */
function span(S: Float64Array, n: number, e0: number, from: number, count: number | undefined): number {
  return count === undefined ? Math.min(S.length >> 1, n - e0) : from + count;
}

/**
 * The sums of the elements below the diagonal (b > a) of every frequency from those above it,
 * for sums of a Hermitian CSD taken over a <= b only (addUpper): `lower(acc, n, up, lo)` sets
 * element lo's sums from element up's, the measure's own rule for S_ba = conj(S_ab).
 */
function mirrorWith(lower: (acc: Float64Array, n: number, up: number, lo: number) => void) {
  return (acc: Float64Array, n: number, C: number): void => {
    const F = n / (C * C);
    for (let f = 0; f < F; f++) {
      const base = f * C * C;
      for (let a = 0; a < C; a++) for (let b = a + 1; b < C; b++) lower(acc, n, base + a * C + b, base + b * C + a);
    }
  };
}

/** Adds u = S/|S| of elements [from, end) to acc[0..2n) (complex interleaved); S[i] is element e0 + i. */
function addUnitPhase(S: Float64Array, acc: Float64Array, n: number, e0 = 0, from = 0, count?: number): void {
  const m = span(S, n, e0, from, count);
  for (let i = from; i < m; i++) {
    const re = S[2 * i], im = S[2 * i + 1], e = e0 + i;
    // sqrt of the squares is 8x faster than Math.hypot here; hypot only where the squares lose
    // precision (subnormal below |S| ~ 1e-150) or overflow (above ~ 1e150). One division, not
    // two: the loop is bound by the divider and the square root (5.4 -> 4.6 ns an element)
    let r = Math.sqrt(re * re + im * im);
    if (!(r > 1e-150 && r < 1e150)) r = Math.hypot(re, im);
    if (r > 0) {
      const inv = 1 / r;
      acc[2 * e] += re * inv;
      acc[2 * e + 1] += im * inv;
    }
  }
}

const unitPhase = (finish: (re: number, im: number, N: number) => number): TrialEstimator => ({
  nAcc: 2,
  add: addUnitPhase,
  // u(conj S) = conj u(S)
  mirror: mirrorWith((acc, _n, up, lo) => { acc[2 * lo] = acc[2 * up]; acc[2 * lo + 1] = -acc[2 * up + 1]; }),
  finish(acc, n, N, out) {
    for (let e = 0; e < n; e++) out[e] = finish(acc[2 * e], acc[2 * e + 1], N);
  },
});

export const plvEstimator = unitPhase((re, im, N) => Math.hypot(re, im) / N);

export const ppcEstimator = unitPhase((re, im, N) => (re * re + im * im - N) / (N * (N - 1)));

export const ciplvEstimator = unitPhase((re, im, N) => {
  let real = Math.min(1, Math.max(-1, re / N));
  if (Math.abs(real) === 1) real = 0;
  return Math.abs(im / N) / Math.sqrt(1 - real * real);
});

/** Sum of sign(Im S) (pli family) in acc[0..n); S[i] is element e0 + i. */
function addImagSign(S: Float64Array, acc: Float64Array, n: number, e0 = 0, from = 0, count?: number): void {
  const m = span(S, n, e0, from, count);
  for (let i = from; i < m; i++) acc[e0 + i] += Math.sign(S[2 * i + 1]);
}

// sign(Im conj S) = -sign(Im S)
const mirrorNegated = mirrorWith((acc, _n, up, lo) => { acc[lo] = -acc[up]; });

export const pliEstimator: TrialEstimator = {
  nAcc: 1,
  add: addImagSign,
  mirror: mirrorNegated,
  finish(acc, n, N, out) {
    for (let e = 0; e < n; e++) out[e] = Math.abs(acc[e]) / N;
  },
};

export const pli2UnbiasedEstimator: TrialEstimator = {
  nAcc: 1,
  add: addImagSign,
  mirror: mirrorNegated,
  finish(acc, n, N, out) {
    for (let e = 0; e < n; e++) {
      const pli = acc[e] / N;
      out[e] = (N * pli * pli - 1) / (N - 1);
    }
  },
};

export const dpliEstimator: TrialEstimator = {
  nAcc: 1,
  add(S, acc, n, e0 = 0, from = 0, count?: number) {
    const m = span(S, n, e0, from, count);
    for (let i = from; i < m; i++) {
      const im = S[2 * i + 1];
      acc[e0 + i] += im > 0 ? 1 : im === 0 ? 0.5 : 0;
    }
  },
  // H(-x) = 1 - H(x), H(0) = 1/2: over N trials the lower sum is N minus the upper one
  mirror(acc, n, C, N) {
    mirrorWith((a, _n, up, lo) => { a[lo] = N - a[up]; })(acc, n, C);
  },
  finish(acc, n, N, out) {
    for (let e = 0; e < n; e++) out[e] = acc[e] / N;
  },
};

/** sum Im S in acc[0..n), sum |Im S| in acc[n..2n), sum (Im S)^2 in acc[2n..3n); S[i] is element e0 + i. */
function addImagMoments(S: Float64Array, acc: Float64Array, n: number, e0 = 0, from = 0, count?: number): void {
  const m = span(S, n, e0, from, count);
  for (let i = from; i < m; i++) {
    const im = S[2 * i + 1], e = e0 + i;
    acc[e] += im;
    acc[n + e] += Math.abs(im);
    acc[2 * n + e] += im * im;
  }
}

// Im conj S = -Im S: the first sum changes sign, |Im S| and (Im S)^2 do not
const mirrorMoments = mirrorWith((acc, n, up, lo) => { acc[lo] = -acc[up]; acc[n + lo] = acc[n + up]; acc[2 * n + lo] = acc[2 * n + up]; });

export const wpliEstimator: TrialEstimator = {
  nAcc: 3,
  add: addImagMoments,
  mirror: mirrorMoments,
  finish(acc, n, _N, out) {
    for (let e = 0; e < n; e++) {
      const den = acc[n + e];
      out[e] = den === 0 ? 0 : Math.abs(acc[e]) / den;
    }
  },
};

export const wpli2DebiasedEstimator: TrialEstimator = {
  nAcc: 3,
  add: addImagMoments,
  mirror: mirrorMoments,
  finish(acc, n, _N, out) {
    for (let e = 0; e < n; e++) {
      const sum = acc[e], sumAbs = acc[n + e], sumSq = acc[2 * n + e];
      const den = sumAbs * sumAbs - sumSq;
      out[e] = den === 0 ? 0 : (sum * sum - sumSq) / den;
    }
  },
};

/**
 * The estimators by name: compute functions in workers find them here (an estimator is code, it
 * cannot travel in kwargs). See crossSpectraGroups.ts.
 */
export const TRIAL_ESTIMATORS: Readonly<Record<string, TrialEstimator>> = {
  plv: plvEstimator, ppc: ppcEstimator, ciplv: ciplvEstimator, pli: pliEstimator, pli2_unbiased: pli2UnbiasedEstimator,
  dpli: dpliEstimator, wpli: wpliEstimator, wpli2_debiased: wpli2DebiasedEstimator,
};

/** The registry name of an estimator, or null when it is not registered. */
export function estimatorName(est: TrialEstimator): string | null {
  for (const [name, e] of Object.entries(TRIAL_ESTIMATORS)) if (e === est) return name;
  return null;
}
