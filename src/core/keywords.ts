/**
 * Keyword checks shared by every public entry point, with ONE wording for each kind of mistake.
 *
 * Syncopy's rule decides the class: a value of the wrong type is a SPYTypeError ("Wrong type of
 * `order`: got string "3"; expected an integer"); a value of an allowed type that is not allowed
 * is a SPYValueError ("Invalid value of `order`: got 0; expected an integer in [1, 12]"). An
 * unknown keyword is a SPYValueError that names it, says where it was given and suggests the
 * nearest allowed keyword, because a misspelled option would otherwise be ignored silently and the
 * default used (`butterworth({ low_frequncy: 500 })` filtering at 300 Hz).
 */
import { SPYTypeError, SPYValueError } from "./errors";
import { StructDict } from "./structdict";

/** A `{ key: value }` object literal (not an array, typed array, class instance or null). */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null || Array.isArray(x) || ArrayBuffer.isView(x)) return false;
  const proto = Object.getPrototypeOf(x);
  // a StructDict (Syncopy's cfg type, core/structdict.ts) is a dict too
  return proto === Object.prototype || proto === null || x instanceof StructDict;
}

/**
 * Edit distance with transpositions (optimal string alignment), case-insensitive: the typos people
 * make in keywords are a missing, extra, wrong or swapped letter, or camelCase for snake_case.
 */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The allowed keyword nearest to `key`, if it is near enough to be a typo: at most a third of the
 * longer name's letters differ (at least one), so "seeed" finds "seed" but "fs" does not find "freq".
 * Snake_case and camelCase spellings of the same words count as near ("lowFrequency").
 */
export function nearestKeyword(key: string, allowed: readonly string[]): string | undefined {
  const squash = (s: string) => s.replace(/_/g, "").toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const a of allowed) {
    const d = squash(a) === squash(key) ? 0 : editDistance(key, a);
    if (d < bestD && d <= Math.max(1, Math.floor(Math.max(key.length, a.length) / 3))) {
      best = a;
      bestD = d;
    }
  }
  return best;
}

/** The one wording for an unknown keyword (the words "unknown keyword" are what users search for). */
export function unknownKeywordError(key: string, value: unknown, allowed: readonly string[], where: string): SPYValueError {
  const near = nearestKeyword(key, allowed);
  const list = allowed.length ? allowed.join(", ") : "none";
  const hint = near !== undefined ? `did you mean '${near}'?` : `the keywords are: ${list}`;
  return new SPYValueError(key, value, `a keyword of ${where}: ${list}`, "unknown keyword",
    `'${key}' is an unknown keyword of ${where}; ${hint}`);
}

/**
 * `key` is an own property of `obj`. Keyword handling asks this, never `key in obj`: `in` also
 * finds Object.prototype's members, so a keyword named `constructor`, `toString` or `__proto__`
 * would pass as known.
 */
export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** The key JSON.parse makes an own property but an assignment turns into a prototype change. */
export const PROTO_KEY = "__proto__";

/**
 * Throw a SPYValueError for a `__proto__` key anywhere in a user dict (a cfg from JSON.parse,
 * keywords, nested options). JSON.parse('{"__proto__": {...}}') makes an own `__proto__` key; a
 * later `out[k] = v` would set the prototype of `out`, so its keywords would be inherited and take
 * effect. Walks plain objects and arrays iteratively (no recursion, cycles visited once).
 */
export function rejectProtoKeys(value: unknown, param: string): void {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: param }];
  const seen = new Set<unknown>();
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v !== "object" || v === null || seen.has(v) || ArrayBuffer.isView(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      // only nested containers are pushed: a long array of numbers costs one pass, no stack entries
      for (let i = 0; i < v.length; i++) if (typeof v[i] === "object" && v[i] !== null) stack.push({ v: v[i], path: `${path}[${i}]` });
      continue;
    }
    if (!isPlainObject(v)) continue;
    if (hasOwn(v, PROTO_KEY)) {
      throw new SPYValueError(`${path}.${PROTO_KEY}`, (v as Record<string, unknown>)[PROTO_KEY],
        "no '__proto__' key (it would change the prototype of the keyword dict)", "a '__proto__' key in user input");
    }
    for (const k of Object.keys(v)) if (typeof v[k] === "object" && v[k] !== null) stack.push({ v: v[k], path: `${path}.${k}` });
  }
}

/**
 * Throw for the first key of `given` that is not in `allowed` (own keys only; a `__proto__` key is
 * unknown like any other name).
 */
export function checkKeywords(given: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(given)) {
    if (!allowed.includes(key)) throw unknownKeywordError(key, given[key], allowed, where);
  }
}

/**
 * An options object: undefined or null mean "no options" ({}); anything but a plain object is a
 * SPYTypeError; with `allowed`, unknown keys are errors (checkKeywords). Returns the object as given.
 */
export function checkOptions(opts: unknown, where: string, allowed?: readonly string[], param = "options"): Record<string, unknown> {
  if (opts === undefined || opts === null) return {};
  if (!isPlainObject(opts)) throw new SPYTypeError(param, opts, `an options object {keyword: value} for ${where}`);
  if (allowed) checkKeywords(opts, allowed, where);
  rejectProtoKeys(opts, param);
  return opts;
}

/** A boolean. */
export function checkBoolean(value: unknown, param: string): boolean {
  if (typeof value !== "boolean") throw new SPYTypeError(param, value, "true or false");
  return value;
}

/** A boolean keyword of a keyword dict, or an error naming it. */
export function checkBool(kw: Record<string, unknown>, name: string): boolean {
  return checkBoolean(kw[name], name);
}

export interface NumberRule {
  /** Only integers (a fractional number is a SPYValueError: the type, number, is right). */
  integer?: boolean;
  /** value >= min */
  min?: number;
  /** value <= max */
  max?: number;
  /** value > gt */
  gt?: number;
  /** value < lt */
  lt?: number;
  /** Allow Infinity (and -Infinity where the bounds do). Default false; NaN is never allowed. */
  infinite?: boolean;
}

/** "an integer in [1, 12]", "a number > 0", "a finite number": the one wording of a NumberRule. */
export function describeNumber(rule: NumberRule = {}): string {
  const kind = rule.integer ? "an integer" : rule.infinite ? "a number" : "a finite number";
  const lo = rule.gt !== undefined ? { v: rule.gt, open: true } : rule.min !== undefined ? { v: rule.min, open: false } : null;
  const hi = rule.lt !== undefined ? { v: rule.lt, open: true } : rule.max !== undefined ? { v: rule.max, open: false } : null;
  const tail = rule.infinite && rule.integer ? " (or Infinity)" : "";
  if (lo && hi) return `${kind} in ${lo.open ? "(" : "["}${lo.v}, ${hi.v}${hi.open ? ")" : "]"}${tail}`;
  if (lo) return `${kind} ${lo.open ? ">" : ">="} ${lo.v}${tail}`;
  if (hi) return `${kind} ${hi.open ? "<" : "<="} ${hi.v}${tail}`;
  return kind + tail;
}

/**
 * A number within `rule`. Not a number (a string, null, an array): SPYTypeError. A number that is
 * NaN, infinite (unless allowed), fractional where an integer is needed or out of range: SPYValueError.
 */
export function checkNumber(value: unknown, param: string, rule: NumberRule = {}): number {
  if (typeof value !== "number") throw new SPYTypeError(param, value, rule.integer ? "an integer" : "a number");
  const ok = !Number.isNaN(value)
    && (rule.infinite || Number.isFinite(value))
    && (!rule.integer || Number.isInteger(value) || (rule.infinite === true && !Number.isFinite(value)))
    && (rule.min === undefined || value >= rule.min)
    && (rule.max === undefined || value <= rule.max)
    && (rule.gt === undefined || value > rule.gt)
    && (rule.lt === undefined || value < rule.lt);
  // the wording only when it is needed: this check runs per trial in compute functions
  if (!ok) throw new SPYValueError(param, value, describeNumber(rule));
  return value;
}

/** An integer within `rule` (checkNumber with integer: true). */
export function checkInteger(value: unknown, param: string, rule: Omit<NumberRule, "integer"> = {}): number {
  return checkNumber(value, param, { ...rule, integer: true });
}

/** `"a" or "b"`, `one of "a", "b", "c"`: the one wording of a list of choices. */
export function describeChoices(choices: readonly unknown[]): string {
  const q = choices.map((c) => (typeof c === "string" ? `"${c}"` : String(c)));
  if (q.length <= 1) return q.join("");
  return q.length === 2 ? `${q[0]} or ${q[1]}` : `one of ${q.join(", ")}`;
}

/** One of a few strings: not a string is a SPYTypeError, another string a SPYValueError. */
export function checkOneOf<T extends string>(value: unknown, param: string, choices: readonly T[]): T {
  if (typeof value !== "string") throw new SPYTypeError(param, value, `a string: ${describeChoices(choices)}`);
  if (!(choices as readonly string[]).includes(value)) throw new SPYValueError(param, value, describeChoices(choices));
  return value as T;
}

/** A string (non-empty unless `allowEmpty`). */
export function checkString(value: unknown, param: string, allowed = "a non-empty string", allowEmpty = false): string {
  if (typeof value !== "string") throw new SPYTypeError(param, value, allowed);
  if (!allowEmpty && value.length === 0) throw new SPYValueError(param, value, allowed);
  return value;
}

/** A function (callbacks such as cleanup_function). */
export function checkFunction<F extends (...args: never[]) => unknown>(value: unknown, param: string, allowed = "a function"): F {
  if (typeof value !== "function") throw new SPYTypeError(param, value, allowed);
  return value as F;
}
