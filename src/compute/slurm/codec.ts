/**
 * Exact JSON for what crosses the shared filesystem between the driver and the array tasks:
 * kwargs of a compute function and metadata values. Plain JSON loses typed arrays and the
 * non-finite numbers; this keeps both, bit for bit (typed arrays as base64 of their bytes).
 */

const TYPED = [
  Float64Array, Float32Array, Int8Array, Int16Array, Int32Array, Uint8Array, Uint16Array, Uint32Array, Uint8ClampedArray,
] as const;
type Typed = InstanceType<(typeof TYPED)[number]>;

/** `value` as JSON-safe data (typed arrays and NaN/±Infinity tagged); `decodeExact` undoes it. */
export function encodeExact(value: unknown): unknown {
  if (typeof value === "number") {
    return Number.isFinite(value) && !Object.is(value, -0) ? value : { $num: Object.is(value, -0) ? "-0" : String(value) };
  }
  if (value === null || typeof value !== "object") {
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      throw new TypeError(`cannot serialise a ${typeof value} for the shared plan file`);
    }
    return value;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const t = value as Typed;
    return { $typed: t.constructor.name, b64: Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString("base64") };
  }
  if (Array.isArray(value)) return value.map(encodeExact);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) out[k] = encodeExact(v);
  }
  return out;
}

/** Inverse of `encodeExact`. */
export function decodeExact(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(decodeExact);
  const o = value as Record<string, unknown>;
  if (typeof o.$num === "string" && Object.keys(o).length === 1) return o.$num === "-0" ? -0 : Number(o.$num);
  if (typeof o.$typed === "string" && typeof o.b64 === "string") {
    const Ctor = TYPED.find((c) => c.name === o.$typed);
    if (!Ctor) throw new TypeError(`unknown typed array ${o.$typed} in the plan file`);
    const bytes = Buffer.from(o.b64, "base64");
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return new Ctor(copy.buffer, 0, bytes.length / Ctor.BYTES_PER_ELEMENT);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = decodeExact(v);
  return out;
}
