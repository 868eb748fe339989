/**
 * NDArray: the n-dimensional array every layer above math/ passes around.
 * C (row-major) order like numpy unless `strides` (in elements) say otherwise.
 * Complex dtypes store interleaved (re, im) pairs: element i lives at data[2i], data[2i+1],
 * the memory layout of numpy's complex types, so Arrow buffers, worker transfers and
 * raw .f64 reference files need no reshuffle.
 */
import { SPYTypeError, SPYValueError } from "./errors";

export type RealDType = "float32" | "float64" | "int8" | "int16" | "int32" | "uint8" | "uint16" | "uint32";
export type ComplexDType = "complex64" | "complex128";
/** The element types of an NDArray: numpy's names; complex ones are stored as interleaved (re, im) pairs. */
export type DType = RealDType | ComplexDType;

export type TypedArray =
  | Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

/**
 * An n-dimensional array, numpy's ndarray in plain form: a typed array with its shape and dtype,
 * C order (last axis fastest) unless `strides` say otherwise. Trials, `show` and most results are NDArrays.
 */
export interface NDArray {
  /** The elements (complex: 2 slots per element, re then im; Float32Array for complex64). */
  data: TypedArray;
  /** Length of each axis. */
  shape: number[];
  /** Element type. */
  dtype: DType;
  /** Strides in elements (complex: in complex elements). Absent means C-contiguous. */
  strides?: number[];
  /** Offset of element [0,...,0] in elements (complex: in complex elements). */
  offset?: number;
}

export const DTYPES: readonly DType[] = [
  "float32", "float64", "complex64", "complex128", "int8", "int16", "int32", "uint8", "uint16", "uint32",
];

export function isComplex(dtype: DType): dtype is ComplexDType {
  return dtype === "complex64" || dtype === "complex128";
}

/** Number of typed-array slots one element takes (2 for complex). */
export function slotsPerElement(dtype: DType): number {
  return isComplex(dtype) ? 2 : 1;
}

/** The typed-array constructor backing a dtype (complex64 -> Float32Array, ...). */
export function arrayConstructor(dtype: DType): { new (n: number): TypedArray; new (b: ArrayBufferLike, o?: number, n?: number): TypedArray; BYTES_PER_ELEMENT: number } {
  switch (dtype) {
    case "float32": case "complex64": return Float32Array;
    case "float64": case "complex128": return Float64Array;
    case "int8": return Int8Array;
    case "int16": return Int16Array;
    case "int32": return Int32Array;
    case "uint8": return Uint8Array;
    case "uint16": return Uint16Array;
    case "uint32": return Uint32Array;
  }
}

/** Bytes per element (complex64 -> 8). */
export function itemsize(dtype: DType): number {
  return arrayConstructor(dtype).BYTES_PER_ELEMENT * slotsPerElement(dtype);
}

/** The real dtype of a complex one (complex64 -> float32); real dtypes map to themselves. */
export function realPart(dtype: DType): RealDType {
  if (dtype === "complex64") return "float32";
  if (dtype === "complex128") return "float64";
  return dtype;
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  return strides;
}

export function isCContiguous(a: NDArray): boolean {
  if ((a.offset ?? 0) !== 0) return false;
  if (!a.strides) return true;
  const c = cStrides(a.shape);
  return a.shape.every((s, i) => s <= 1 || a.strides![i] === c[i]);
}

/** A new zero-filled C-contiguous array. */
export function zeros(shape: readonly number[], dtype: DType): NDArray {
  if (!Array.isArray(shape) || !shape.every((s) => typeof s === "number")) throw new SPYTypeError("shape", shape, "an array of non-negative integers");
  if (!shape.every((s) => Number.isInteger(s) && s >= 0)) throw new SPYValueError("shape", shape, "an array of non-negative integers");
  if (typeof dtype !== "string") throw new SPYTypeError("dtype", dtype, `one of ${DTYPES.join(", ")}`);
  if (!DTYPES.includes(dtype)) throw new SPYValueError("dtype", dtype, `one of ${DTYPES.join(", ")}`);
  const Ctor = arrayConstructor(dtype);
  return { data: new Ctor(shapeSize(shape) * slotsPerElement(dtype)), shape: [...shape], dtype };
}

/**
 * The result array of a compute function: `out` (the engine's offered memory, see
 * ComputeContext.out) when it is the dtype's array type with exactly the shape's slots, else a new
 * zero-filled array. NOT zeroed when `out` is taken: only for results written in full.
 */
export function resultArray(shape: readonly number[], dtype: DType, out?: TypedArray): NDArray {
  if (out !== undefined && out instanceof arrayConstructor(dtype) && out.length === shapeSize(shape) * slotsPerElement(dtype)) {
    return { data: out, shape: [...shape], dtype };
  }
  return zeros(shape, dtype);
}

/** A C-contiguous copy (or the array itself when it already is contiguous and `copy` is false). */
export function ascontiguous(a: NDArray, copy = false): NDArray {
  if (isCContiguous(a)) {
    const n = shapeSize(a.shape) * slotsPerElement(a.dtype);
    if (!copy && a.data.length === n) return { data: a.data, shape: [...a.shape], dtype: a.dtype };
    return { data: a.data.slice(0, n), shape: [...a.shape], dtype: a.dtype };
  }
  const out = zeros(a.shape, a.dtype);
  const slots = slotsPerElement(a.dtype);
  const strides = a.strides ?? cStrides(a.shape);
  const nd = a.shape.length;
  const idx = new Array<number>(nd).fill(0);
  const total = shapeSize(a.shape);
  let src = a.offset ?? 0;
  for (let i = 0; i < total; i++) {
    for (let s = 0; s < slots; s++) out.data[i * slots + s] = a.data[src * slots + s];
    // advance the multi-index, C order
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      src += strides[d];
      if (idx[d] < a.shape[d]) break;
      src -= strides[d] * a.shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** Convert a nested number[][]... into a C-contiguous float64 NDArray (shape inferred, must be rectangular). */
export function fromNested(nested: unknown, dtype: DType = "float64"): NDArray {
  const shape: number[] = [];
  let probe: unknown = nested;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  if (shape.length === 0) throw new SPYTypeError("nested", nested, "a (nested) array of numbers");
  const out = zeros(shape, dtype);
  let k = 0;
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== "number") throw new SPYTypeError("nested", v, `a number at depth ${depth} of a (nested) array of numbers`);
      out.data[k++] = v;
      return;
    }
    if (!Array.isArray(v)) throw new SPYTypeError("nested", v, `an array of length ${shape[depth]} at depth ${depth}`);
    if (v.length !== shape[depth]) {
      throw new SPYValueError("nested", `${v.length} entries`, `a rectangular array: length ${shape[depth]} at depth ${depth}`, "ragged array");
    }
    for (const x of v) walk(x, depth + 1);
  };
  walk(nested, 0);
  return out;
}

export function isNDArray(x: unknown): x is NDArray {
  return typeof x === "object" && x !== null && ArrayBuffer.isView((x as NDArray).data) &&
    Array.isArray((x as NDArray).shape) && typeof (x as NDArray).dtype === "string";
}
