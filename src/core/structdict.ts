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

/**
 * Syncopy's `spy.StructDict`: a dict whose keys are also attributes, the type of a cfg built by
 * hand (`const cfg = new spy.StructDict(); cfg.method = "mtmfft"; spy.freqanalysis(cfg, data)`)
 * and of `spy.get_defaults(...)`. In JavaScript every object has attribute access, so a plain
 * object works wherever a StructDict does; the class adds Syncopy's copies: `copy()` (shallow,
 * or deep with `copy({ deep: true })`), `deepcopy()`, both StructDicts again (Syncopy issue #394).
 * The methods live on the prototype, so they are never keys.
 */
export class StructDict {
  [key: string]: unknown;

  /** A StructDict holding the keys of `init` (a dict or StructDict), shallow. */
  constructor(init?: Record<string, unknown> | null) {
    if (init === undefined || init === null) return;
    if (typeof init !== "object" || Array.isArray(init) || ArrayBuffer.isView(init)) {
      throw new SPYValueError("init", init, "a dict of keys and values (or nothing)");
    }
    Object.assign(this, init);
  }

  /** A new StructDict with the same keys: the same values (shallow, the default) or deep copies of them. */
  copy(opts: { deep?: boolean } = {}): StructDict {
    return opts.deep === true ? this.deepcopy() : new StructDict({ ...this });
  }

  /** A new StructDict whose arrays, typed arrays and dicts (StructDicts stay StructDicts) are copies. */
  deepcopy(): StructDict {
    return deepCopy(this, 0) as StructDict;
  }
}

function deepCopy(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_NESTING_DEPTH) throw tooDeep(value);
  if (ArrayBuffer.isView(value)) return (value as unknown as { slice(): unknown }).slice();
  if (Array.isArray(value)) return value.map((v) => deepCopy(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null && !(value instanceof StructDict)) return value; // data objects etc.: by reference
  const out: Record<string, unknown> = value instanceof StructDict ? new StructDict() : {};
  for (const [k, v] of Object.entries(value)) out[k] = deepCopy(v, depth + 1);
  return out;
}
