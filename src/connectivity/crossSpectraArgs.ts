/**
 * Argument checks of accumulateCrossSpectra (src/connectivity/crossSpectra.ts), shared by the wasm and
 * TypeScript paths so that both fail the same way, naming the parameter, the value and what is
 * allowed.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";

export type CrossSpectraInput = Float32Array | Float64Array;

export interface CrossSpectraOptions {
  /** Factor applied to the sum over tapers before it is added (e.g. 1 / (K * nTrials)). Default 1. */
  scale?: number;
  /**
   * Channel indices of the rows (Syncopy's channelcmb[0]); with `receivers`, the accumulator is
   * [F, senders.length, receivers.length]. Default: all channels, in order.
   */
  senders?: ArrayLike<number>;
  /** Channel indices of the columns (channelcmb[1]). Default: all channels, in order. */
  receivers?: ArrayLike<number>;
  /**
   * Arithmetic of the wasm kernel: "float64" (default: products of float32 spectra are exact, the
   * result equals the TypeScript reference to float64 rounding) or "float32" products, ~1.4x
   * faster where the products dominate, within ~1e-7 of the |X|^2 sums (the accumulator is float64 either way). The
   * TypeScript path always computes in float64.
   */
  precision?: Precision;
}

export type Precision = "float32" | "float64";

/** A checked call. `hermitian`: the rows and columns are the same channel list. */
export interface CrossSpectraCall {
  X: CrossSpectraInput;
  K: number;
  F: number;
  C: number;
  acc: Float64Array;
  scale: number;
  senders: Int32Array;
  receivers: Int32Array;
  hermitian: boolean;
  precision: Precision;
}

export function positiveInt(param: string, v: unknown): number {
  if (typeof v !== "number") throw new SPYTypeError(param, v, "an integer >= 1");
  if (!Number.isInteger(v) || v < 1) throw new SPYValueError(param, v, "an integer >= 1");
  return v;
}

/** A list of channel indices in [0, C) as Int32Array. */
function channelList(param: string, v: unknown, C: number): Int32Array {
  const isList = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
  if (!isList) throw new SPYTypeError(param, v, `an array of channel indices in [0, ${C})`);
  const list = v as ArrayLike<unknown>;
  if (list.length === 0) throw new SPYValueError(param, v, `a non-empty array of channel indices in [0, ${C})`);
  const out = new Int32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (typeof c !== "number" || !Number.isInteger(c) || c < 0 || c >= C) {
      throw new SPYValueError(param, v, `channel indices: integers in [0, ${C})`, `entry ${i} is ${String(c)}`);
    }
    out[i] = c;
  }
  return out;
}

function sameList(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Byte ranges of two views overlap (the TypeScript path would read values it already wrote). */
function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** X, K, F and C of one call (X complex interleaved [K, F, C]). */
export function checkSpectra(X: unknown, K: unknown, F: unknown, C: unknown): { X: CrossSpectraInput; K: number; F: number; C: number } {
  if (!(X instanceof Float32Array || X instanceof Float64Array)) {
    throw new SPYTypeError("X", X, "a Float32Array or Float64Array of complex interleaved [K, F, C] spectra");
  }
  const k = positiveInt("K", K), f = positiveInt("F", F), c = positiveInt("C", C);
  if (X.length !== 2 * k * f * c) {
    throw new SPYValueError("X", `${X.length} values`, `2 * K * F * C = 2 * ${k} * ${f} * ${c} = ${2 * k * f * c} values (complex interleaved)`);
  }
  return { X, K: k, F: f, C: c };
}

/** The scale factor: a finite number, 1 when absent. */
export function checkScale(scale: unknown): number {
  const s = scale ?? 1;
  if (typeof s !== "number") throw new SPYTypeError("scale", s, "a finite number");
  if (!Number.isFinite(s)) throw new SPYValueError("scale", s, "a finite number");
  return s;
}

/** Channel lists of the accumulator's rows and columns (all channels when neither is given). */
export function checkChannels(senders: unknown, receivers: unknown, C: number): { senders: Int32Array; receivers: Int32Array; hermitian: boolean } {
  if ((senders === undefined) !== (receivers === undefined)) {
    const given = senders === undefined ? "receivers" : "senders";
    throw new SPYValueError(given, senders ?? receivers, "senders and receivers given together (Syncopy's channelcmb = [senders, receivers]) or neither");
  }
  const all = Int32Array.from({ length: C }, (_, i) => i);
  const s = senders === undefined ? all : channelList("senders", senders, C);
  const r = receivers === undefined ? all : channelList("receivers", receivers, C);
  return { senders: s, receivers: r, hermitian: sameList(s, r) };
}

/** "float64" (the default) or "float32". */
export function checkPrecision(precision: unknown): Precision {
  const p = precision ?? "float64";
  if (p !== "float32" && p !== "float64") throw new SPYValueError("precision", precision, `"float64" (the default) or "float32"`);
  return p;
}

/** An options object (or undefined) with the given keys. */
export function checkOptions(opts: unknown, keys: string): Record<string, unknown> {
  if (opts !== undefined && (typeof opts !== "object" || opts === null || Array.isArray(opts))) {
    throw new SPYTypeError("opts", opts, `an object { ${keys} }`);
  }
  return (opts ?? {}) as Record<string, unknown>;
}

export function checkCrossSpectra(X: unknown, K: unknown, F: unknown, C: unknown, acc: unknown, opts: unknown): CrossSpectraCall {
  const x = checkSpectra(X, K, F, C);
  const o = checkOptions(opts, "scale?, senders?, receivers?, precision?");
  const scale = checkScale(o.scale);
  const precision = checkPrecision(o.precision);
  const ch = checkChannels(o.senders, o.receivers, x.C);
  if (!(acc instanceof Float64Array)) {
    throw new SPYTypeError("acc", acc, "a Float64Array accumulator of complex interleaved [F, senders, receivers] values");
  }
  const want = 2 * x.F * ch.senders.length * ch.receivers.length;
  if (acc.length !== want) {
    throw new SPYValueError("acc", `${acc.length} values`, `2 * F * Ns * Nr = 2 * ${x.F} * ${ch.senders.length} * ${ch.receivers.length} = ${want} values (complex interleaved)`);
  }
  if (overlaps(x.X, acc)) throw new SPYValueError("acc", acc, "an accumulator that does not share memory with X");
  return { ...x, acc, scale, ...ch, precision };
}
