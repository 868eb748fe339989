/**
 * Errors that name what went wrong the way Syncopy's SPYValueError/SPYTypeError do:
 * the parameter, the value that was given, and what would have been allowed.
 *
 * One family, as in Syncopy (`syncopy.shared.errors`): every error spyts raises on purpose is an
 * SPYError, so `catch (e) { if (e instanceof spy.SPYError) ... }` tells "spyts refused or could
 * not do this" from a bug. The rule for which one:
 * - SPYTypeError: the value has the wrong type (a string where a number belongs);
 * - SPYValueError: the type is allowed but the value is not (out of range, not one of the choices,
 *   an unknown keyword);
 * - SPYIOError: a file is missing, unreadable or malformed;
 * - SPYParallelError: the worker pool failed (a worker died or the pool was shut down);
 * - SPYComputeError: a computation failed, naming the trial;
 * - SPYMemoryError: refused up front because the work would not fit in memory.
 */

/** Render a value for an error message without dumping megabytes of data. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (ArrayBuffer.isView(value)) {
    const n = (value as unknown as ArrayLike<number>).length;
    return `${value.constructor.name}(${n})`;
  }
  if (Array.isArray(value)) {
    if (value.length > 8) return `[${value.slice(0, 3).map(describeValue).join(", ")}, … ${value.length} items]`;
    return `[${value.map(describeValue).join(", ")}]`;
  }
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  try {
    const s = JSON.stringify(value);
    return s.length > 120 ? s.slice(0, 117) + "..." : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * The base of every spyts error. `name` is set from the concrete class, so messages and stack
 * traces say "SPYValueError: ..." (the target is ES2022, where `class extends Error` keeps the
 * prototype chain, so `instanceof` works without Object.setPrototypeOf).
 */
export class SPYError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A parameter has an invalid value (of an allowed type). `message` replaces the standard
 * "Invalid value of `x`: ..." wording where that would mislead (an unknown keyword has no invalid value).
 */
export class SPYValueError extends SPYError {
  readonly param: string;
  readonly value: unknown;
  readonly allowed: string;
  constructor(param: string, value: unknown, allowed: string, detail?: string, message?: string) {
    // Syncopy's wording ("Invalid value of `pad`: ..."), which its users and tests match
    super(message ?? `Invalid value of \`${param}\`: got ${describeValue(value)}; expected ${allowed}${detail ? ` (${detail})` : ""}`);
    this.param = param;
    this.value = value;
    this.allowed = allowed;
  }
}

/** A parameter has the wrong type. */
export class SPYTypeError extends SPYError {
  readonly param: string;
  readonly value: unknown;
  readonly allowed: string;
  constructor(param: string, value: unknown, allowed: string) {
    const kind = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
    // a missing value (undefined) or null is named once: "got undefined", not "got undefined undefined"
    const got = value === undefined || value === null ? kind : `${kind} ${describeValue(value)}`;
    super(`Wrong type of \`${param}\`: got ${got}; expected ${allowed}`);
    this.param = param;
    this.value = value;
    this.allowed = allowed;
  }
}

/** A file or container is missing, truncated, tampered with or of the wrong kind. */
export class SPYIOError extends SPYError {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

/** The worker pool failed: a worker died or would not start, or the pool was shut down. */
export class SPYParallelError extends SPYError {}

/** A computation failed (in a worker or in the main thread), naming the trial. */
export class SPYComputeError extends SPYError {
  readonly trial: number | undefined;
  readonly original: string;
  constructor(message: string, trial: number | undefined, original: string) {
    super(message);
    this.trial = trial;
    this.original = original;
  }
}

/** Refused before starting because the work would not fit in memory. */
export class SPYMemoryError extends SPYError {}
