/**
 * `max_memory` as YASS accepts it (reference §5.2): a number of bytes, or a string "N", "NB",
 * "NK[B]", "NM[B]", "NG[B]" with 1024-based units ("1GB" = 1073741824). Unlike YASS, anything
 * else (zero, negative, NaN, "1TB", "1.5.GB") is an error naming the value.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";

const UNITS: Record<string, number> = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const ALLOWED = 'a positive number of bytes or a string "N[K|M|G][B]" (1024-based, e.g. "512MB", "1GB")';

/**
 * Bytes from a `max_memory` value: a positive number, or "N", "NB", "NK[B]", "NM[B]", "NG[B]"
 * (1024-based, "1GB" = 1073741824), floored. Anything else: SPYTypeError / SPYValueError naming `param`.
 */
export function parseMaxMemory(value: unknown, param = "max_memory"): number {
  let bytes: number;
  if (typeof value === "number") {
    bytes = value;
  } else if (typeof value === "string") {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*$/i.exec(value);
    if (!m) throw new SPYValueError(param, value, ALLOWED);
    bytes = Number(m[1]) * UNITS[m[2].toUpperCase()];
  } else {
    throw new SPYTypeError(param, value, ALLOWED);
  }
  if (!Number.isFinite(bytes) || bytes < 1) throw new SPYValueError(param, value, ALLOWED);
  return Math.floor(bytes);
}
