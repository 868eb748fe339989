/** Keyword validation for preprocessing and resampledata, with Syncopy's rules and defaults (reference §1.4). */
import { SPYValueError, SPYTypeError } from "../core/errors";
import { FilterType } from "./butter";
import { FIR_WINDOWS, FirWindow } from "./firws";
import { HILBERT_OUTPUTS, HilbertOutput } from "./pipeline";

export const FILTER_CLASSES = ["but", "firws"] as const;
export const FILTER_TYPES = ["lp", "hp", "bp", "bs"] as const;
export const DIRECTIONS = ["twopass", "onepass", "onepass-minphase"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export { checkBool } from "../core/keywords";

/**
 * zscore and rectify: true or false, anything else a SPYValueError ("expected either `True` or
 * `False`"), as Syncopy's preprocessing raises (its test_exceptions asserts the class; other
 * functions' boolean keywords keep the SPYTypeError of core/keywords' checkBool).
 */
export function checkSwitch(kw: Record<string, unknown>, name: string): boolean {
  const v = kw[name];
  if (typeof v !== "boolean") throw new SPYValueError(name, v, "either `True` or `False` (true or false)");
  return v;
}

export function checkPolyremoval(p: unknown): 0 | 1 | null {
  if (p === null || p === undefined) return null;
  if (p === 0 || p === 1) return p;
  if (typeof p !== "number") throw new SPYTypeError("polyremoval", p, "null (no detrending), 0 (de-mean) or 1 (linear detrend)");
  throw new SPYValueError("polyremoval", p, "null (no detrending), 0 (de-mean) or 1 (linear detrend)");
}

/** An integer-like order >= 1 (or null for the filter's default). */
export function checkOrder(order: unknown): number | null {
  if (order === null || order === undefined) return null;
  if (typeof order !== "number") throw new SPYTypeError("order", order, "a positive integer filter order, or null for the default");
  if (!Number.isInteger(order) || order < 1) {
    throw new SPYValueError("order", order, "a positive integer filter order, or null for the default");
  }
  return order;
}

/**
 * Cut-off(s) in Hz: one value for lp/hp, two distinct values (sorted) for bp/bs, all strictly
 * between 0 and Nyquist (a Butterworth design is undefined at 0 and at Nyquist, and a windowed
 * sinc there is the identity or nothing; Syncopy lets the FIR case through).
 */
export function checkFreq(freq: unknown, filterType: FilterType, samplerate: number): number | [number, number] {
  const nyq = samplerate / 2;
  const inRange = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v > 0 && v < nyq;
  if (filterType === "lp" || filterType === "hp") {
    // as Syncopy's scalar_parser: an array where one number belongs is the wrong type
    if (typeof freq !== "number") throw new SPYTypeError("freq", freq, `one cut-off frequency in Hz for filter_type "${filterType}"`);
    if (!inRange(freq)) throw new SPYValueError("freq", freq, `a cut-off frequency strictly between 0 and the Nyquist frequency ${nyq} Hz`);
    return freq;
  }
  const arr = Array.isArray(freq) || ArrayBuffer.isView(freq) ? Array.from(freq as ArrayLike<unknown>) : null;
  // not an array: SPYTypeError; an array of other elements (strings, nested lists): SPYValueError,
  // as Syncopy's array_parser ("expected dtype = numeric", "expected 1-dimensional")
  if (!arr) throw new SPYTypeError("freq", freq, `two cut-off frequencies [low, high] in Hz for filter_type "${filterType}"`);
  if (!arr.every((v) => typeof v === "number")) {
    throw new SPYValueError("freq", freq, `two cut-off frequencies [low, high] in Hz for filter_type "${filterType}"`);
  }
  if (arr.length !== 2) {
    throw new SPYValueError("freq", freq, `two cut-off frequencies [low, high] in Hz for filter_type "${filterType}"`);
  }
  if (!arr.every(inRange)) throw new SPYValueError("freq", freq, `two frequencies strictly between 0 and the Nyquist frequency ${nyq} Hz`);
  const [a, b] = arr as number[];
  if (a === b) throw new SPYValueError("freq", freq, `two different frequencies for filter_type "${filterType}"`);
  return a < b ? [a, b] : [b, a];
}

export interface FilterChoice {
  filterClass: "but" | "firws";
  filterType: FilterType;
  freq: number | [number, number];
  order: number;
  direction: Direction;
  window: FirWindow | null;
}

/**
 * filter_class, filter_type, freq, order, direction and window, with Syncopy's filter-specific
 * defaults. A choice keyword of any other value, of any type, is a SPYValueError, as in Syncopy's
 * preprocessing (freq and order keep scalar_parser's SPYTypeError for a wrong type).
 */
export function parseFilter(kw: Record<string, unknown>, samplerate: number, minLength: number): FilterChoice {
  const filterClass = kw.filter_class;
  if (typeof filterClass !== "string") throw new SPYValueError("filter_class", filterClass, `one of ${FILTER_CLASSES.map((f) => `"${f}"`).join(", ")}, or null for no filtering`);
  if (!(FILTER_CLASSES as readonly string[]).includes(filterClass)) {
    throw new SPYValueError("filter_class", filterClass, `one of ${FILTER_CLASSES.map((f) => `"${f}"`).join(", ")}, or null for no filtering`);
  }
  const filterType = kw.filter_type;
  if (typeof filterType !== "string") throw new SPYValueError("filter_type", filterType, `one of ${FILTER_TYPES.map((f) => `"${f}"`).join(", ")}`);
  if (!(FILTER_TYPES as readonly string[]).includes(filterType)) {
    throw new SPYValueError("filter_type", filterType, `one of ${FILTER_TYPES.map((f) => `"${f}"`).join(", ")}`);
  }
  const freq = checkFreq(kw.freq, filterType as FilterType, samplerate);
  let order = checkOrder(kw.order);
  let direction = kw.direction;
  if (filterClass === "but") {
    if (kw.window !== "hamming" && kw.window !== null) {
      if (typeof kw.window !== "string") throw new SPYValueError("window", kw.window, `no window setting for IIR filtering (leave it at "hamming" or null)`);
      throw new SPYValueError("window", kw.window, `no window setting for IIR filtering (leave it at "hamming" or null)`);
    }
    if (direction === null || direction === undefined) direction = "twopass";
    if (typeof direction !== "string") throw new SPYValueError("direction", direction, `"twopass" or "onepass" for Butterworth filters`);
    if (direction !== "twopass" && direction !== "onepass") {
      throw new SPYValueError("direction", direction, `"twopass" or "onepass" for Butterworth filters ("onepass-minphase" is FIR only)`);
    }
    if (order === null) order = 4;
    return { filterClass: "but", filterType: filterType as FilterType, freq, order, direction, window: null };
  }
  const window = kw.window;
  if (typeof window !== "string") throw new SPYValueError("window", window, `one of ${FIR_WINDOWS.map((w) => `"${w}"`).join(", ")}`);
  if (!(FIR_WINDOWS as readonly string[]).includes(window)) {
    throw new SPYValueError("window", window, `one of ${FIR_WINDOWS.map((w) => `"${w}"`).join(", ")}`);
  }
  if (direction === null || direction === undefined) direction = "onepass";
  if (typeof direction !== "string") throw new SPYValueError("direction", direction, `one of ${DIRECTIONS.map((d) => `"${d}"`).join(", ")}`);
  if (!(DIRECTIONS as readonly string[]).includes(direction)) {
    throw new SPYValueError("direction", direction, `one of ${DIRECTIONS.map((d) => `"${d}"`).join(", ")}`);
  }
  if (order === null) order = Math.min(minLength, 1000);
  return { filterClass: "firws", filterType: filterType as FilterType, freq, order, direction: direction as Direction, window: window as FirWindow };
}

export function parseHilbert(h: unknown): HilbertOutput | null {
  if (h === false || h === null || h === undefined) return null;
  if (typeof h !== "string" && h !== true) throw new SPYValueError("hilbert", h, `false, or one of ${HILBERT_OUTPUTS.map((o) => `"${o}"`).join(", ")}`);
  if (typeof h !== "string" || !(HILBERT_OUTPUTS as readonly string[]).includes(h)) {
    throw new SPYValueError("hilbert", h, `false, or one of ${HILBERT_OUTPUTS.map((o) => `"${o}"`).join(", ")}`);
  }
  return h as HilbertOutput;
}
