/**
 * Small helpers shared by the routine (main thread) and the worker entry point. Internal to src/compute.
 */
import {
  NDArray, DType, TypedArray, DTYPES, arrayConstructor, ascontiguous, isCContiguous, shapeSize, slotsPerElement,
} from "../core/ndarray";
import type { ComputeResult, DryRunResult, MetadataValue } from "../core/computeTypes";
import { SPYTypeError, SPYValueError, describeValue } from "../core/errors";

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function shapeKey(shape: readonly number[]): string {
  return shape.join(",");
}

export function fmtShape(shape: readonly number[]): string {
  return `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
}

/**
 * The array a compute function receives during the dry run: the trial's shape and dtype, but no data
 * (an empty typed array). Compute functions must only read `.shape` and `.dtype` when `noCompute` is set.
 */
export function fauxTrial(shape: readonly number[], dtype: DType): NDArray {
  let data = EMPTY.get(dtype);
  if (!data) {
    data = new (arrayConstructor(dtype))(0);
    EMPTY.set(dtype, data);
  }
  return { data, shape: [...shape], dtype };
}
const EMPTY = new Map<DType, TypedArray>();

function isValidShape(s: unknown): s is number[] {
  return Array.isArray(s) && s.every((n) => Number.isInteger(n) && n >= 0);
}

/** Interpret what a compute function returned with `noCompute: true`. */
export function parseDryRun(res: unknown): DryRunResult {
  if (res && typeof res === "object") {
    const r = res as Partial<DryRunResult & ComputeResult & NDArray>;
    const cand = r.out && typeof r.out === "object" ? r.out : r;
    if (isValidShape(cand.shape) && typeof cand.dtype === "string" && (DTYPES as readonly string[]).includes(cand.dtype)) {
      return { shape: [...cand.shape], dtype: cand.dtype as DType };
    }
  }
  throw new Error("with noCompute the compute function must return { shape: number[], dtype } " +
    `(got ${res === null ? "null" : typeof res})`);
}

const META_ALLOWED = "number[], Float64Array, number, boolean or string";

export function checkMetadata(meta: unknown): Record<string, MetadataValue> | undefined {
  if (meta === undefined || meta === null) return undefined;
  if (typeof meta !== "object" || Array.isArray(meta)) throw new Error(`metadata must be a plain object of ${META_ALLOWED} values`);
  const m = meta as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    const v = m[key];
    const ok = typeof v === "number" || typeof v === "boolean" || typeof v === "string" || v instanceof Float64Array ||
      (Array.isArray(v) && v.every((x) => typeof x === "number"));
    if (!ok) throw new Error(`metadata value for '${key}' must be ${META_ALLOWED}`);
  }
  return m as Record<string, MetadataValue>;
}

/** Interpret what a compute function returned in a real call. */
export function parseComputeReturn(res: unknown): { out: NDArray; metadata?: Record<string, MetadataValue> } {
  if (res && typeof res === "object") {
    const r = res as Partial<ComputeResult & NDArray>;
    if ("out" in r && r.out && typeof r.out === "object") {
      return { out: r.out, metadata: checkMetadata(r.metadata) };
    }
    if ("data" in r && ArrayBuffer.isView(r.data)) return { out: r as NDArray };
  }
  throw new Error("the compute function must return an NDArray or { out: NDArray, metadata? }" +
    ` (got ${res === null ? "null" : typeof res}${res && typeof res === "object" ? ` with keys ${Object.keys(res).join(", ")}` : ""})`);
}

/**
 * Check a result against the shape and dtype the dry run announced and return it C-contiguous,
 * with a data array of exactly the right length. Throws a plain Error describing the mismatch.
 */
export function checkResult(out: NDArray, shape: readonly number[], dtype: DType): NDArray {
  if (!Array.isArray(out.shape) || !shapesEqual(out.shape, shape)) {
    throw new Error(`the compute function returned shape ${fmtShape(out.shape ?? [])} but its dry run announced ${fmtShape(shape)}`);
  }
  if (out.dtype !== dtype) {
    throw new Error(`the compute function returned dtype ${out.dtype} but its dry run announced ${dtype}`);
  }
  const Ctor = arrayConstructor(dtype);
  if (!(out.data instanceof Ctor)) {
    throw new Error(`dtype ${dtype} needs a ${Ctor.name} but the compute function returned a ${out.data?.constructor?.name}`);
  }
  const slots = shapeSize(shape) * slotsPerElement(dtype);
  if (isCContiguous(out)) {
    if (out.data.length < slots) throw new Error(`result data holds ${out.data.length} values, shape ${fmtShape(shape)} needs ${slots}`);
    if (out.data.length === slots) return out;
    return { data: out.data.subarray(0, slots), shape: [...shape], dtype };
  }
  return ascontiguous(out, true);
}

/**
 * Copy channels [c0, c1) along `axis` of the C-contiguous array `a` into `dst` (contiguous, length =
 * the block's slots). Returns dst.
 */
export function extractBlock(a: NDArray, axis: number, c0: number, c1: number, dst: TypedArray): TypedArray {
  const slots = slotsPerElement(a.dtype);
  const shape = a.shape;
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  let inner = slots;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  const nC = shape[axis];
  const w = (c1 - c0) * inner;
  const src = a.data;
  if (w >= 16) {
    for (let o = 0; o < outer; o++) {
      const s = (o * nC + c0) * inner;
      dst.set(src.subarray(s, s + w), o * w);
    }
  } else {
    let d = 0;
    for (let o = 0; o < outer; o++) {
      const s = (o * nC + c0) * inner;
      for (let j = 0; j < w; j++) dst[d++] = src[s + j];
    }
  }
  return dst;
}

/** Write `block` (contiguous) into columns [c0, c0 + block's last axis) of the LAST axis of `dst`. */
export function insertBlockLastAxis(dst: NDArray, block: NDArray, c0: number): void {
  const slots = slotsPerElement(dst.dtype);
  const nd = dst.shape.length;
  const nC = nd === 0 ? 1 : dst.shape[nd - 1];
  const wC = nd === 0 ? 1 : block.shape[nd - 1];
  const rows = nC === 0 ? 0 : shapeSize(dst.shape) / nC;
  const w = wC * slots;
  const D = dst.data;
  const S = block.data;
  if (w >= 16) {
    for (let r = 0; r < rows; r++) D.set(S.subarray(r * w, r * w + w), (r * nC + c0) * slots);
  } else {
    for (let r = 0; r < rows; r++) {
      const d = (r * nC + c0) * slots;
      const s = r * w;
      for (let j = 0; j < w; j++) D[d + j] = S[s + j];
    }
  }
}

/** Copy a typed array into `buf` at `byteOffset` (both of the same element type). */
export function copyInto(buf: ArrayBuffer, byteOffset: number, src: TypedArray): void {
  const Ctor = src.constructor as { new (b: ArrayBuffer, o: number, n: number): TypedArray };
  new Ctor(buf, byteOffset, src.length).set(src);
}

/** What a worker reports of an error (structured-cloneable); a keyword error keeps its parameter. */
export interface ErrorParts {
  name: string;
  message: string;
  stack?: string;
  /** SPYValueError / SPYTypeError: the parameter, what is allowed, and the value (primitive, else its description). */
  param?: string;
  allowed?: string;
  value?: unknown;
}

export function errorParts(e: unknown): ErrorParts {
  if (e instanceof SPYValueError || e instanceof SPYTypeError) {
    const v = e.value;
    const value = v === null || v === undefined || typeof v !== "object" && typeof v !== "function" ? v : describeValue(v);
    return { name: e.name, message: e.message, stack: e.stack, param: e.param, allowed: e.allowed, value };
  }
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: "Error", message: String(e) };
}

/**
 * A compute function that refuses its input with a SPYValueError or SPYTypeError (a keyword value it
 * checks itself, or data it cannot take) gives the same class, naming the same parameter, with the trial
 * in front of the message, whether it ran in the main thread or in a worker; null for any other error
 * (those become a SPYComputeError).
 */
export function keywordErrorOf(parts: ErrorParts, trial: number): ((SPYValueError | SPYTypeError) & { trial: number; original: string }) | null {
  if ((parts.name !== "SPYValueError" && parts.name !== "SPYTypeError") || parts.param === undefined) return null;
  const message = `trial ${trial}: ${parts.message}`;
  const allowed = parts.allowed ?? "";
  let err: SPYValueError | SPYTypeError;
  if (parts.name === "SPYValueError") {
    err = new SPYValueError(parts.param, parts.value, allowed, undefined, message);
  } else {
    err = new SPYTypeError(parts.param, parts.value, allowed);
    err.message = message;
  }
  // the trial and the original message, as a SPYComputeError has them (spy.batch names the batch from them)
  return Object.assign(err, { trial, original: parts.message });
}
