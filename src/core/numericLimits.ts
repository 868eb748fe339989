/**
 * The range of every numeric keyword, in one table, checked before anything is allocated.
 *
 * Why: an absurd number must fail at once with a clear error, not after gigabytes (superlet
 * `order_max: 1e308`, Butterworth `order: 2**53`), never hang (Paul `order: 1e308`), never leak a
 * JavaScript "Invalid typed array length" (`pad`, `width`, `c_1` of 2^53) and never give NaNs without
 * a word (Kaiser `beta: 1e308`). Each row bounds a keyword to what a real analysis could use; the
 * method's own checks still apply after it (e.g. `pad` >= the longest trial, `ddof` < the count).
 *
 * A row checks a value only when it is a number (or, with `elements`, each number of an array):
 * the wrong type (a string, an array where one number belongs) is left to the keyword's own check,
 * which gives a SPYTypeError with that keyword's wording. `null`/`undefined` (not given) pass.
 *
 * Adding a numeric keyword is one row here; test/core/numericLimits.test.ts tries 1e308, 2^53,
 * NaN, ±Infinity and -1 on every row through the public entry point.
 */
import { SPYValueError } from "./errors";
import { NumberRule, describeNumber, hasOwn, isPlainObject } from "./keywords";

/** What a row's rule may depend on: the data's sampling rate and longest trial, the other keywords. */
export interface LimitContext {
  /** Sampling rate of the input, Hz (absent for functions without input data). */
  samplerate?: number;
  /** Longest trial of the input, samples. */
  maxTrialLength?: number;
  /** Every keyword of the call (after defaults). */
  kwargs: Record<string, unknown>;
}

export interface LimitRow {
  /**
   * The function: a metafunction's name ("freqanalysis"), "metafunction" for the keywords every
   * metafunction has, "spy.batch.butterworth", "spy.synthdata.white_noise".
   */
  where: string;
  /** The keyword; "taper_opt.beta" for an option inside an options keyword. */
  keyword: string;
  /** The allowed range (NaN is never allowed; Infinity only with `infinite`). */
  rule: NumberRule | ((ctx: LimitContext) => NumberRule);
  /** The value may also be an array of numbers, each checked (foi, freq, ...). */
  elements?: boolean;
  /** Why this range: shown in the error and in the README table. */
  why: string;
  /** Keywords the test gives alongside so that this keyword is read (e.g. method "superlet"). */
  with?: Record<string, unknown>;
  /** The parameter the error names, when not `keyword` (a window option is named as scipy names it: 'beta'). */
  param?: string;
  /** The error's wording, when the keyword's own check words it so (kept for one message per keyword). */
  allowed?: string | ((ctx: LimitContext) => string);
}

/** 2^24 samples: an FFT length every machine holds (128 MB of complex128 per channel). */
export const MAX_FFT_SAMPLES = 2 ** 24;
/** 2^22 taps: a FIR filter for a 0.1 Hz edge at 30 kHz needs about 10^6; 32 MB of float64. */
export const MAX_FIR_ORDER = 2 ** 22;
/** 10^7 trials: 50 times the 200 000 trials Syncopy users run. */
export const MAX_TRIALS = 1e7;
/** 2^30 samples per generated trial (8 GB of float64 for one channel already). */
export const MAX_SAMPLES = 2 ** 30;
/** 2^16 channels. */
export const MAX_CHANNELS = 2 ** 16;
/** 2^31 - 1: ddof beyond any count of values that fits in memory. */
const MAX_DDOF = 2 ** 31 - 1;

const fs = (c: LimitContext) => c.samplerate ?? Infinity;
const nyquistClosed = (c: LimitContext): NumberRule => (Number.isFinite(fs(c)) ? { min: 0, max: fs(c) / 2 } : { min: 0 });
const nyquistOpen = (c: LimitContext): NumberRule => (Number.isFinite(fs(c)) ? { gt: 0, lt: fs(c) / 2 } : { gt: 0 });
/** pad in seconds: up to twice the longest trial (nextpow2 never needs more) or 2^24 samples. */
const padRule = (c: LimitContext): NumberRule => {
  if (c.samplerate === undefined) return { gt: 0 };
  const samples = Math.max(MAX_FFT_SAMPLES, 2 * (c.maxTrialLength ?? 0));
  return { gt: 0, max: samples / c.samplerate };
};
const longestTrialSeconds = (c: LimitContext): NumberRule =>
  c.samplerate !== undefined && c.maxTrialLength !== undefined ? { gt: 0, max: c.maxTrialLength / c.samplerate } : { gt: 0 };

const PAD: Omit<LimitRow, "where"> = { keyword: "pad", rule: padRule, why: "an FFT length up to twice the longest trial (nextpow2 never needs more) or 2^24 samples" };
const FOI: Omit<LimitRow, "where"> = { keyword: "foi", rule: nyquistClosed, elements: true, why: "frequencies between 0 and the Nyquist frequency" };
const FOILIM: Omit<LimitRow, "where"> = { keyword: "foilim", rule: nyquistClosed, elements: true, why: "frequencies between 0 and the Nyquist frequency" };
const POLY: Omit<LimitRow, "where"> = { keyword: "polyremoval", rule: { integer: true, min: 0, max: 1 }, why: "de-mean (0) or linear detrend (1)" };
const TAPSMOFRQ: Omit<LimitRow, "where"> = { keyword: "tapsmofrq", rule: { gt: 0 }, why: "a positive smoothing in Hz; larger than the maximum it is clamped with a warning (as Syncopy), so no upper bound is needed" };
const NTAPER: Omit<LimitRow, "where"> = { keyword: "nTaper", rule: { integer: true, min: 1, max: 1024 }, why: "one DPSS taper per trial copy: more than 1024 is no spectral estimate anyone uses", with: { tapsmofrq: 4 } };
/** The window options of taper_opt (scipy's parameters; Kaiser's I0(beta) overflows a double beyond ~713). */
const TAPER_OPT: Omit<LimitRow, "where">[] = [
  { keyword: "taper_opt.beta", param: "beta", rule: { min: 0, max: 500 }, why: "Kaiser's I0(beta) overflows a double near 713 (all-NaN window); scipy suggests 0-14", with: { taper: "kaiser" } },
  { keyword: "taper_opt.at", param: "at", rule: { min: -300, max: 300 }, why: "Chebyshev sidelobe attenuation in dB: 10^(at/20) must stay finite", with: { taper: "chebwin" } },
  { keyword: "taper_opt.nbar", param: "nbar", rule: { integer: true, min: 1, max: 1000 }, why: "Taylor's nearly constant sidelobes: a product over nbar terms", with: { taper: "taylor" } },
  { keyword: "taper_opt.sll", param: "sll", rule: { min: -300, max: 300 }, why: "Taylor sidelobe level in dB: 10^(sll/20) must stay finite", with: { taper: "taylor" } },
];
/** Rows of every metafunction (its hidden keywords), under `where: "metafunction"`. */
const COMPUTE: Omit<LimitRow, "where">[] = [
  { keyword: "mem_thresh", rule: { gt: 0, max: 1 }, why: "a fraction of the free memory", allowed: "a fraction of free memory in (0, 1]" },
  { keyword: "chan_per_worker", rule: { integer: true, min: 1, max: MAX_CHANNELS }, why: "a number of channels", allowed: "a positive integer number of channels per work unit, or null" },
];
const rowsOf = (where: string, rows: Omit<LimitRow, "where">[]): LimitRow[] => rows.map((r) => ({ where, ...r }));
const STATS: Omit<LimitRow, "where">[] = [
  { keyword: "ddof", rule: { integer: true, min: 0, max: MAX_DDOF }, why: "delta degrees of freedom; below the count of values (checked with the data)" },
];

/** Every numeric keyword of every metafunction, batch transformation and synthetic-data generator. */
export const NUMERIC_LIMITS: readonly LimitRow[] = [
  ...rowsOf("freqanalysis", [
    PAD, FOI, FOILIM, POLY, TAPSMOFRQ, NTAPER, ...TAPER_OPT,
    { keyword: "toi", rule: { min: 0, max: 1 }, why: "an overlap fraction (times are given as an array)", with: { method: "mtmconvol", t_ftimwin: 0.05 } },
    { keyword: "t_ftimwin", rule: longestTrialSeconds, why: "a window within the shortest trial (checked with the data)", with: { method: "mtmconvol" } },
    { keyword: "width", rule: { min: 1, max: 500 }, why: "Morlet w0 in cycles: 5-20 in practice; the wavelet's support grows with it", with: { method: "wavelet" }, allowed: "a Morlet width (w0) >= 1 and <= 500 (6 or more recommended)" },
    { keyword: "order", rule: { integer: true, min: 1, max: 64 }, allowed: "an integer >= 1 (Paul: >= 4) and <= 64", why: "Paul/DOG wavelet order: the normalisation's (2m)! overflows a double beyond m = 85; 4-20 in practice", with: { method: "wavelet", wavelet: "Paul" } },
    { keyword: "order_max", rule: { integer: true, min: 1, max: 100 }, why: "superlet order: one wavelet per order, each c_1 x order cycles long; 5-40 in practice", with: { method: "superlet" } },
    { keyword: "order_min", rule: { integer: true, min: 1, max: 100 }, why: "as order_max", with: { method: "superlet", order_max: 10 } },
    { keyword: "c_1", rule: { integer: true, min: 1, max: 100 }, why: "cycles of the shortest superlet wavelet: 3 in practice", with: { method: "superlet", order_max: 10 } },
    { keyword: "fooof_opt.max_n_peaks", rule: { integer: true, min: 0, max: 1000, infinite: true }, why: "FOOOF's default Infinity (as many as pass the threshold) or at most 1000 peaks", with: { output: "fooof" } },
    { keyword: "fooof_opt.peak_threshold", rule: { min: 0, max: 1000 }, why: "a threshold in standard deviations of the flattened spectrum", with: { output: "fooof" } },
    { keyword: "fooof_opt.min_peak_height", rule: { min: 0, max: 1e6 }, why: "a height in log10 power", with: { output: "fooof" } },
  ]),
  ...rowsOf("metafunction", COMPUTE),
  ...rowsOf("connectivityanalysis", [PAD, FOI, FOILIM, POLY, TAPSMOFRQ, NTAPER, ...TAPER_OPT]),
  ...["mean", "std", "var", "median"].flatMap((f) => rowsOf(f, STATS)),
  ...rowsOf("timelockanalysis", [
    { keyword: "ddof", rule: { integer: true, min: 0, max: MAX_DDOF }, why: "delta degrees of freedom of the covariance", allowed: "null or a non-negative integer (positive integer value or 0) below 2^31" },
    { keyword: "var_ddof", rule: { integer: true, min: 0, max: MAX_DDOF }, why: "delta degrees of freedom of the variance", allowed: "null or a non-negative integer (positive integer value or 0) below 2^31" },
  ]),
  ...rowsOf("preprocessing", [
    POLY,
    { keyword: "freq", rule: nyquistOpen, elements: true, why: "cut-offs strictly between 0 and the Nyquist frequency" },
    {
      keyword: "order",
      rule: (c) => (c.kwargs.filter_class === "firws" ? { integer: true, min: 1, max: MAX_FIR_ORDER } : { integer: true, min: 1, max: 64 }),
      why: "Butterworth: 1-64 (2-8 in practice; beyond ~20 the sections are numerically meaningless); FIR: up to 2^22 taps",
      with: { freq: 10 },
    },
  ]),
  ...rowsOf("resampledata", [
    { keyword: "resamplefs", rule: (c) => ({ min: 1, max: fs(c) }), why: "resampledata does not upsample", allowed: (c) => `a new sampling rate in Hz, >= 1 and <= the original ${fs(c)} Hz` },
    // the upper bound, the new Nyquist frequency, is resampledata's own check (before any allocation)
    { keyword: "lpfreq", rule: { gt: 0 }, why: "an anti-alias cut-off in Hz", with: { resamplefs: 100 } },
    { keyword: "order", rule: { integer: true, min: 1, max: MAX_FIR_ORDER }, why: "anti-alias FIR order: up to 2^22 taps", with: { resamplefs: 100 } },
  ]),
  ...rowsOf("spy.batch.butterworth", [
    { keyword: "sampling_frequency", rule: { gt: 0, max: 1e7 }, why: "up to 10 MHz" },
    { keyword: "order", rule: { integer: true, min: 1, max: 12 }, why: "YASS's Butterworth orders (3 by default); more is not stable in double precision at high-pass edges" },
    { keyword: "window_seconds", rule: { gt: 0, max: 3600 }, why: "the window of the robust statistics: 5 s by default, at most an hour" },
  ]),
  ...rowsOf("spy.batch.standardize", [
    { keyword: "sampling_frequency", rule: { gt: 0, max: 1e7 }, why: "up to 10 MHz" },
    { keyword: "window_seconds", rule: { gt: 0, max: 3600 }, why: "the window of the robust statistics: 5 s by default, at most an hour" },
  ]),
  ...["white_noise", "linear_trend", "harmonic", "phase_diffusion", "ar2_network", "red_noise"].flatMap((g) => rowsOf(`spy.synthdata.${g}`, [
    { keyword: "nTrials", rule: { integer: true, min: 1, max: MAX_TRIALS }, why: "trials are generated one by one: 10^7 is 50 times what Syncopy users run" },
    { keyword: "samplerate", rule: { gt: 0, max: 1e7 }, why: "up to 10 MHz" },
    { keyword: "nSamples", rule: { integer: true, min: 1, max: MAX_SAMPLES }, why: "samples of one trial: 2^30 float64 are 8 GB per channel" },
    ...(g === "ar2_network" ? [] : [{ keyword: "nChannels", rule: { integer: true, min: 1, max: MAX_CHANNELS }, why: "channels of one trial" }]),
  ])),
];

/** The value at a dotted keyword path ("taper_opt.beta"), own properties only; undefined if absent. */
function valueAt(kwargs: Record<string, unknown>, path: string): unknown {
  let v: unknown = kwargs;
  for (const part of path.split(".")) {
    if (!isPlainObject(v) || !hasOwn(v, part)) return undefined;
    v = v[part];
  }
  return v;
}

function inRule(x: number, r: NumberRule): boolean {
  if (Number.isNaN(x)) return false;
  // `infinite` rows allow Infinity besides their finite range (FOOOF's max_n_peaks), -Infinity
  // only without a lower bound
  if (x === Infinity) return r.infinite === true;
  if (x === -Infinity) return r.infinite === true && r.min === undefined && r.gt === undefined;
  if (r.integer && !Number.isInteger(x)) return false;
  return (r.min === undefined || x >= r.min) && (r.max === undefined || x <= r.max)
    && (r.gt === undefined || x > r.gt) && (r.lt === undefined || x < r.lt);
}

/** The rule of a row in a context. */
export function ruleOf(row: LimitRow, ctx: LimitContext): NumberRule {
  return typeof row.rule === "function" ? row.rule(ctx) : row.rule;
}

/**
 * Check every row of `where` against the call's keywords: a number outside its row's range (or an
 * array element, for `elements` rows) is a SPYValueError naming the keyword, the value and the
 * range. Call it before anything is allocated.
 */
export function checkNumericLimits(where: string, kwargs: Record<string, unknown>, facts: Omit<LimitContext, "kwargs"> = {}): void {
  const ctx: LimitContext = { ...facts, kwargs };
  for (const row of NUMERIC_LIMITS) {
    if (row.where !== where) continue;
    const v = valueAt(kwargs, row.keyword);
    const numbers = typeof v === "number" ? [v]
      : row.elements && (Array.isArray(v) || ArrayBuffer.isView(v)) ? Array.from(v as ArrayLike<unknown>).filter((x): x is number => typeof x === "number")
        : [];
    const rule = ruleOf(row, ctx);
    for (const x of numbers) {
      if (!inRule(x, rule)) {
        const allowed = typeof row.allowed === "function" ? row.allowed(ctx) : row.allowed ?? `${describeNumber(rule)}${row.elements ? " (each value)" : ""}`;
        throw new SPYValueError(row.param ?? row.keyword, v, allowed, row.why);
      }
    }
  }
}

/** The sampling rate and longest trial of a data object, read without importing the data classes. */
export function dataFacts(data: unknown): Omit<LimitContext, "kwargs"> {
  const d = data as { samplerate?: unknown; trialdefinition?: unknown } | null;
  const facts: Omit<LimitContext, "kwargs"> = {};
  if (d === null || typeof d !== "object") return facts;
  try {
    if (typeof d.samplerate === "number" && d.samplerate > 0 && Number.isFinite(d.samplerate)) facts.samplerate = d.samplerate;
    const trl = d.trialdefinition;
    if (Array.isArray(trl)) {
      let longest = 0;
      for (const r of trl) if (Array.isArray(r) && typeof r[0] === "number" && typeof r[1] === "number") longest = Math.max(longest, r[1] - r[0]);
      facts.maxTrialLength = longest;
    }
  } catch {
    // a data object without samples (an empty one) has no facts; the metafunction says what is wrong
  }
  return facts;
}
