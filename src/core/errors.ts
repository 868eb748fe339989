/**
 * Errors that name what went wrong the way Syncopy's SPYValueError/SPYTypeError do:
 * the parameter, the value that was given, and what would have been allowed.
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

/** A parameter has an invalid value. */
export class SPYValueError extends Error {
  readonly param: string;
  readonly value: unknown;
  readonly allowed: string;
  constructor(param: string, value: unknown, allowed: string, detail?: string) {
    super(`invalid value for '${param}': got ${describeValue(value)}; expected ${allowed}${detail ? ` (${detail})` : ""}`);
    this.name = "SPYValueError";
    this.param = param;
    this.value = value;
    this.allowed = allowed;
  }
}

/** A parameter has the wrong type. */
export class SPYTypeError extends Error {
  readonly param: string;
  readonly value: unknown;
  readonly allowed: string;
  constructor(param: string, value: unknown, allowed: string) {
    const kind = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
    super(`wrong type for '${param}': got ${kind} ${describeValue(value)}; expected ${allowed}`);
    this.name = "SPYTypeError";
    this.param = param;
    this.value = value;
    this.allowed = allowed;
  }
}

/** A file or container is missing, truncated, tampered with or of the wrong kind. */
export class SPYIOError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "SPYIOError";
    this.path = path;
  }
}

/** A computation failed (in a worker or in the main thread), naming the trial. */
export class SPYComputeError extends Error {
  readonly trial: number | undefined;
  readonly original: string;
  constructor(message: string, trial: number | undefined, original: string) {
    super(message);
    this.name = "SPYComputeError";
    this.trial = trial;
    this.original = original;
  }
}

/** Refused before starting because the work would not fit in memory. */
export class SPYMemoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SPYMemoryError";
  }
}
