/** Deep copies and JSON-safe serialisation of keyword dicts (cfg, info, metadata). */
import { SPYValueError } from "./errors";

/**
 * Deepest nesting of arrays and dicts that serialize/deserialize accept (the top level is depth
 * 1). A cfg nests a few levels; a deeper one (or a cycle) is an error instead of a stack overflow.
 */
export const MAX_NESTING_DEPTH = 64;

function tooDeep(value: unknown): SPYValueError {
  return new SPYValueError("cfg", typeof value === "object" ? "a value nested too deeply" : value,
    `dicts and lists nested at most ${MAX_NESTING_DEPTH} levels deep (and without cycles)`);
}

/**
 * JSON-safe form: typed arrays become arrays, Infinity becomes "inf", undefined is dropped.
 * Nesting deeper than {@link MAX_NESTING_DEPTH} (64) levels, or a cycle, is a SPYValueError.
 */
export function serialize(value: unknown, depth = 0): unknown {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "nan";
    if (value === Infinity) return "inf";
    if (value === -Infinity) return "-inf";
    return value;
  }
  if (typeof value === "object" && depth >= MAX_NESTING_DEPTH) throw tooDeep(value);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => serialize(v, depth + 1));
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : serialize(v, depth + 1)));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const s = serialize(v, depth + 1);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  return String(value);
}

/**
 * Inverse of serialize for the special numbers ("inf", "-inf", "nan"), at any depth up to
 * {@link MAX_NESTING_DEPTH} (deeper: a SPYValueError).
 */
export function deserialize(value: unknown, depth = 0): unknown {
  if (value === "inf") return Infinity;
  if (value === "-inf") return -Infinity;
  if (value === "nan") return NaN;
  if (value !== null && typeof value === "object" && depth >= MAX_NESTING_DEPTH) throw tooDeep(value);
  if (Array.isArray(value)) return value.map((v) => deserialize(v, depth + 1));
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, deserialize(v, depth + 1)]));
  }
  return value;
}
