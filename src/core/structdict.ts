/** Deep copies and JSON-safe serialisation of keyword dicts (cfg, info, metadata). */

/** JSON-safe form: typed arrays become arrays, Infinity becomes "inf", undefined is dropped. */
export function serialize(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "nan";
    if (value === Infinity) return "inf";
    if (value === -Infinity) return "-inf";
    return value;
  }
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => serialize(v));
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : serialize(v)));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const s = serialize(v);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  return String(value);
}

/** Inverse of serialize for the special numbers ("inf", "-inf", "nan"), at any depth. */
export function deserialize(value: unknown): unknown {
  if (value === "inf") return Infinity;
  if (value === "-inf") return -Infinity;
  if (value === "nan") return NaN;
  if (Array.isArray(value)) return value.map(deserialize);
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, deserialize(v)]));
  }
  return value;
}
