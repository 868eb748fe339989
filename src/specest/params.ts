/** Validation of freqanalysis keywords, with Syncopy's rules (reference §1.2). */
import { SPYValueError, SPYTypeError } from "../core/errors";
import { checkKeywords, checkOptions, hasOwn } from "../core/keywords";
import { rfftfreq } from "../math/fft";
import { nearestIndex } from "../math/nearest";
import { WINDOW_SPECS } from "../math/windows";
import { TaperSpec, dpssParameters } from "./tapers";
import { warn } from "../core/warnings";

export function isNumberArray(x: unknown): x is number[] {
  return (Array.isArray(x) || ArrayBuffer.isView(x)) && Array.from(x as ArrayLike<unknown>).every((v) => typeof v === "number");
}

/**
 * Syncopy's array_parser classes for an array keyword that may also be a string choice: neither an
 * array nor a string is a SPYTypeError ("expected array_like"); an array of the wrong element type
 * or nesting is a SPYValueError ("expected dtype = numeric", "expected 1-dimensional").
 */
export function checkNumberArrayOrString(param: string, x: unknown, allowed: string): void {
  if (isNumberArray(x) || typeof x === "string") return;
  if (Array.isArray(x) || ArrayBuffer.isView(x)) throw new SPYValueError(param, x, allowed);
  throw new SPYTypeError(param, x, allowed);
}

/** nfft from `pad` ("maxperlen", "nextpow2" or a length in seconds). */
export function parsePad(pad: unknown, maxLen: number, samplerate: number): number {
  if (pad === "maxperlen") return maxLen;
  if (pad === "nextpow2") {
    let n = 1;
    while (n < maxLen) n *= 2;
    return n;
  }
  if (typeof pad === "number" && Number.isFinite(pad)) {
    const n = Math.round(pad * samplerate);
    if (pad <= 0 || n < maxLen) {
      throw new SPYValueError("pad", pad, `"maxperlen", "nextpow2" or a length in s >= the longest trial (${maxLen / samplerate} s)`);
    }
    return n;
  }
  const allowed = `"maxperlen", "nextpow2" or a length in s >= the longest trial (${maxLen / samplerate} s)`;
  // every other value, of any type, is Syncopy's "Invalid value of `pad`" (its tests assert the class)
  throw new SPYValueError("pad", pad, allowed);
}

export { checkBool } from "../core/keywords";

export function parsePolyremoval(p: unknown): 0 | 1 | null {
  if (p === null || p === 0 || p === 1) return p;
  if (typeof p !== "number") throw new SPYTypeError("polyremoval", p, "null (no detrending), 0 (de-mean) or 1 (linear detrend)");
  throw new SPYValueError("polyremoval", p, "null (no detrending), 0 (de-mean) or 1 (linear detrend)");
}

/** Hz printed to what the bin spacing resolves (at least 0.01 Hz shown, no float noise). */
function formatHz(f: number, resolution: number): string {
  const digits = Math.min(6, Math.max(0, Math.ceil(-Math.log10(resolution)) + 1));
  return String(Number(f.toFixed(digits)));
}

/**
 * One warning when `foi` values are not on the frequency grid (Syncopy snaps them silently): every
 * moved value as requested -> used, and how many requests fell onto one bin.
 */
function warnSnapped(requested: number[], used: number[], resolution: number): void {
  const moved: string[] = [];
  for (let i = 0; i < requested.length; i++) {
    if (Math.abs(requested[i] - used[i]) > 1e-9 * Math.max(1, resolution)) {
      moved.push(`${formatHz(requested[i], resolution)} -> ${formatHz(used[i], resolution)}`);
    }
  }
  if (moved.length === 0) return;
  const merged = requested.length - new Set(used).size;
  const shown = moved.length > 12 ? [...moved.slice(0, 12), `... (${moved.length - 12} more)`] : moved;
  warn(
    `foi: ${moved.length} of ${requested.length} frequencies are not on the ${formatHz(resolution, resolution)} Hz grid ` +
    `and were moved to the nearest bin (Hz): ${shown.join(", ")}` +
    (merged > 0 ? `; ${merged} fell onto a bin already requested and were dropped` : "") +
    ". Pad the trials (pad) or use foilim to choose the grid.",
  );
}

/**
 * Frequency bins of rfftfreq(nfft, 1/fs) to keep: `foi` snapped to the nearest bins (duplicates
 * removed, ascending), `foilim` every bin in the closed interval, or all bins.
 */
export function selectFrequencies(foi: unknown, foilim: unknown, nfft: number, samplerate: number): { freqIdx: number[]; freq: Float64Array } {
  const all = rfftfreq(nfft, 1 / samplerate);
  const nyq = samplerate / 2;
  const hasFoi = foi !== null && foi !== undefined && foi !== "all";
  const hasFoilim = foilim !== null && foilim !== undefined && foilim !== "all";
  if (hasFoi && hasFoilim) throw new SPYValueError("foi", foi, "either foi or foilim, not both");
  let idx: number[];
  if (hasFoi) {
    checkNumberArrayOrString("foi", foi, `"all", null or an array of frequencies in [0, ${nyq}] Hz`);
    if (!isNumberArray(foi) || (foi as number[]).length === 0) throw new SPYValueError("foi", foi, `"all", null or an array of frequencies in [0, ${nyq}] Hz`);
    const values = Array.from(foi as ArrayLike<number>);
    for (const f of values) {
      if (!Number.isFinite(f) || f < 0 || f > nyq) throw new SPYValueError("foi", foi, `frequencies in [0, ${nyq}] Hz (the Nyquist range)`);
    }
    const set = new Set<number>();
    for (const f of values) set.add(nearestIndex(all, f));
    idx = [...set].sort((a, b) => a - b);
    warnSnapped(values, values.map((f) => all[nearestIndex(all, f)]), samplerate / nfft);
  } else if (hasFoilim) {
    checkNumberArrayOrString("foilim", foilim, `[fmin, fmax] in [0, ${nyq}] Hz, "all" or null`);
    if (!isNumberArray(foilim) || (foilim as number[]).length !== 2) throw new SPYValueError("foilim", foilim, `[fmin, fmax] in [0, ${nyq}] Hz`);
    const [a, b] = Array.from(foilim as ArrayLike<number>);
    if (a > b) warn(`sorting foilim low to high: [${b}, ${a}]`);
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo < 0 || hi > nyq) {
      throw new SPYValueError("foilim", foilim, `[fmin, fmax] inside [0, ${nyq}] Hz (the Nyquist range)`);
    }
    if (lo === hi) throw new SPYValueError("foilim", foilim, "[fmin, fmax] with fmin != fmax");
    idx = [];
    const tol = 1e-9 * nyq;
    for (let i = 0; i < all.length; i++) if (all[i] >= lo - tol && all[i] <= hi + tol) idx.push(i);
    if (idx.length === 0) throw new SPYValueError("foilim", foilim, `an interval containing at least one frequency bin (resolution ${samplerate / nfft} Hz)`);
  } else {
    idx = Array.from({ length: all.length }, (_, i) => i);
  }
  return { freqIdx: idx, freq: Float64Array.from(idx, (i) => all[i]) };
}

export interface TaperChoice {
  spec: TaperSpec;
  labels: string[];
  /** tapsmofrq after clamping, for the log. */
  tapsmofrq: number | null;
}

/** How the spectra of the tapers are returned: checked against multitapering before tapsmofrq is clamped. */
export interface TaperOutput {
  output: string;
  keeptapers: boolean;
}

/**
 * Taper keywords. Unlike Syncopy (quirks §7.4, §7.5), multitapering accepts taper "hann"
 * (the default), null or "dpss"; and a window's optional scipy arguments may be left out.
 * With `out`, multitapering (tapsmofrq set) without keeptapers needs output "pow" (the tapers are
 * averaged as power), checked as Syncopy's process_taper does: before tapsmofrq is clamped,
 * whatever number of tapers it gives (also one).
 */
export function parseTapers(kw: Record<string, unknown>, meanLength: number, minLength: number, samplerate: number, out?: TaperOutput): TaperChoice {
  const { taper, taper_opt, tapsmofrq, nTaper } = kw;
  if (tapsmofrq !== null && tapsmofrq !== undefined) {
    if (typeof tapsmofrq !== "number") throw new SPYTypeError("tapsmofrq", tapsmofrq, "a positive smoothing frequency in Hz (one-sided), or null");
    if (!Number.isFinite(tapsmofrq) || tapsmofrq <= 0) {
      throw new SPYValueError("tapsmofrq", tapsmofrq, "a positive smoothing frequency in Hz (one-sided), or null");
    }
    if (taper !== "hann" && taper !== null && taper !== "dpss") {
      throw new SPYValueError("taper", taper, `"hann" (the default), null or "dpss" when tapsmofrq turns on DPSS multitapering`);
    }
    if (taper_opt !== null && taper_opt !== undefined) {
      throw new SPYValueError("taper_opt", taper_opt, "null with DPSS multitapering (use tapsmofrq and nTaper)");
    }
    if (out && !out.keeptapers && out.output !== "pow") {
      throw new SPYValueError("output", out.output,
        `"pow" when multitapering (tapsmofrq = ${tapsmofrq}) with keeptapers=false (the tapers are averaged as power); set keeptapers=true for '${out.output}'`);
    }
    const N = meanLength;
    const minBw = samplerate / N;
    const maxBw = Math.min(samplerate / 2 - 1 / N, (samplerate * (N + 1)) / (2 * N));
    let smooth = tapsmofrq;
    if (smooth < minBw) {
      warn(`tapsmofrq=${tapsmofrq} Hz is below the frequency resolution; using ${minBw} Hz`);
      smooth = minBw;
    } else if (smooth > maxBw) {
      warn(`tapsmofrq=${tapsmofrq} Hz is above the maximum ${maxBw} Hz; using ${maxBw} Hz`);
      smooth = maxBw;
    }
    const { NW, Kmax } = dpssParameters(smooth, N, samplerate);
    let K = Kmax;
    if (nTaper !== null && nTaper !== undefined) {
      if (typeof nTaper !== "number") throw new SPYTypeError("nTaper", nTaper, "a positive integer number of tapers, or null");
      if (!Number.isInteger(nTaper) || nTaper < 1) {
        throw new SPYValueError("nTaper", nTaper, "a positive integer number of tapers, or null");
      }
      if (nTaper !== Kmax) warn(`nTaper=${nTaper} differs from the optimal number of tapers ${Kmax} for NW=${NW}`);
      K = nTaper;
    }
    if (K > minLength) throw new SPYValueError("nTaper", K, `at most the shortest trial length (${minLength} samples)`);
    if (!(NW < minLength / 2)) throw new SPYValueError("tapsmofrq", tapsmofrq, `a smoothing that gives NW < L/2 for the shortest trial (${minLength} samples)`);
    return { spec: { taper: null, taperOpt: null, dpss: { NW, K } }, labels: Array.from({ length: K }, (_, k) => `dpss${k}`), tapsmofrq: smooth };
  }
  if (nTaper !== null && nTaper !== undefined) {
    throw new SPYValueError("nTaper", nTaper, "null unless tapsmofrq turns on multitapering");
  }
  if (taper === null || taper === undefined || taper === "boxcar") {
    if (taper_opt !== null && taper_opt !== undefined && Object.keys(taper_opt as object).length) {
      throw new SPYValueError("taper_opt", taper_opt, `null: ${taper ?? "boxcar"} has no options`);
    }
    return { spec: { taper: null, taperOpt: null, dpss: null }, labels: [taper === "boxcar" ? "boxcar" : "None"], tapsmofrq: null };
  }
  if (typeof taper !== "string") throw new SPYTypeError("taper", taper, "a window name (string) or null");
  if (taper === "dpss") throw new SPYValueError("taper", taper, `a window other than "dpss": set tapsmofrq for DPSS multitapering`);
  const spec = hasOwn(WINDOW_SPECS, taper) ? WINDOW_SPECS[taper] : undefined;
  if (!spec) throw new SPYValueError("taper", taper, `one of: ${Object.keys(WINDOW_SPECS).join(", ")}, or null`);
  // scipy's `sym` is spyts's to set (periodic windows for spectra), not the user's
  const known = spec.params.map((p) => p.name).filter((k) => k !== "sym");
  const opts = checkOptions(taper_opt, `taper_opt (the arguments of ${taper})`, known, "taper_opt");
  for (const p of spec.params) {
    if (p.required && !hasOwn(opts, p.name)) {
      throw new SPYValueError("taper_opt", taper_opt, `a dict with ${taper}'s required argument '${p.name}'`);
    }
  }
  return { spec: { taper, taperOpt: opts, dpss: null }, labels: [taper], tapsmofrq: null };
}

/**
 * keeptrials=false averages the trials' outputs sample by sample, which needs every trial to give
 * the same number of output time points (Syncopy's ComputationalRoutine refuses otherwise:
 * "Averaging trials of unequal lengths in output currently not supported"). The error names each
 * trial, its length and its number of output time points. `trialIds`: the original trial indices.
 */
export function unequalAverageError(
  method: string, how: string, trialIds: number[], lengths: number[], outCounts: number[], unit = "time point", alternative = "",
): SPYValueError {
  const item = (i: number) => `trial ${trialIds[i]}: ${lengths[i]} samples -> ${outCounts[i]} ${unit}${outCounts[i] === 1 ? "" : "s"}`;
  // the first trial and those that differ from it
  const differ = outCounts.map((_, i) => i).filter((i) => outCounts[i] !== outCounts[0]);
  const shown = [item(0), ...differ.slice(0, 8).map(item)];
  if (differ.length > 8) shown.push(`and ${differ.length - 8} more trials`);
  return new SPYValueError("keeptrials", false,
    `true for trials of unequal lengths with method '${method}'${how ? ` and ${how}` : ""}${alternative ? `, or ${alternative}` : ""}`,
    `averaging trials needs the same number of ${unit}s in every trial; ${shown.join(", ")}`);
}
