/**
 * HDF5 access through h5wasm, worded as spyts errors. Every reader and writer in io/ opens its
 * files here, so that a missing, foreign, truncated or unreadable file is an SPYIOError naming the
 * file and what is wrong, not an h5wasm message ("error - name not defined!") or a crash.
 *
 * Files are checked before h5wasm sees them (signature and superblock end-of-file address, read
 * with a few bytes of `fs.readSync`): HDF5 would find the same faults, but print pages of
 * diagnostics to stderr on the way.
 */
import * as fs from "fs";
import { SPYIOError } from "../core/errors";
import { openRegularFile } from "../data/storage/safeFile";
import type { DType, NDArray, TypedArray } from "../core/ndarray";
import { loadH5wasm, H5Module } from "./h5wasmLoader";
import type { Dataset, Group, File as H5File, OutputData } from "h5wasm/src/hdf5_hl";

export type { Dataset, Group, H5File, OutputData };

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** HDF5 filters h5wasm's build decodes (deflate, shuffle, fletcher32, nbit, scaleoffset). */
const BUILTIN_FILTERS = new Map<number, string>([[1, "gzip"], [2, "shuffle"], [3, "fletcher32"], [5, "nbit"], [6, "scaleoffset"]]);
const KNOWN_FILTERS = new Map<number, string>([
  [4, "szip"], [307, "bzip2"], [32000, "lzf"], [32001, "blosc"], [32004, "lz4"], [32008, "bitshuffle"], [32015, "zstd"], [32026, "blosc2"],
]);

/**
 * Check that `file` is a complete HDF5 file: the signature at 0, 512, 1024, ... and a file at least
 * as long as the end-of-file address its superblock records (a truncated copy is shorter).
 */
export function checkHdf5File(file: string, what = "an HDF5 file"): void {
  const { fd, size } = openInputFile(file, what);
  try {
    const head = Buffer.alloc(64);
    for (let base = 0; base + 8 <= size; base = base === 0 ? 512 : base * 2) {
      const n = fs.readSync(fd, head, 0, 64, base);
      if (n < 8 || !SIGNATURE.every((b, i) => head[i] === b)) continue;
      const eof = superblockEnd(head, n);
      // the HDF5 library records the end of file counting the user block (a MAT v7.3 file's 512
      // bytes): the stored address is compared with the size as it is
      if (eof !== null && eof > size) {
        throw new SPYIOError(file, `truncated: its HDF5 superblock says the file ends at byte ${eof}, but it has ${size} bytes`);
      }
      return;
    }
    throw new SPYIOError(file, `not ${what}: no HDF5 signature (${size} bytes)`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Open an input file for reading (the caller closes the descriptor). A missing one is "cannot open
 * <what>: no such file"; anything but a regular file (a folder, a FIFO whose open would block until
 * a writer comes, a device) is refused before it is opened, by the storage layer's openRegularFile.
 */
export function openInputFile(file: string, what: string): { fd: number; size: number } {
  if (!fs.existsSync(file)) throw new SPYIOError(file, `cannot open ${what}: no such file`);
  return openRegularFile(file, what);
}

/** The end-of-file address a superblock records (with the user block counted, as the HDF5 library writes it), if readable. */
function superblockEnd(head: Buffer, n: number): number | null {
  const version = head[8];
  let at: number;
  let sizeOfOffsets: number;
  if (version === 0 || version === 1) {
    sizeOfOffsets = head[13];
    at = (version === 0 ? 24 : 28) + 2 * sizeOfOffsets;
  } else if (version === 2 || version === 3) {
    sizeOfOffsets = head[9];
    at = 12 + 2 * sizeOfOffsets;
  } else {
    return null;
  }
  if (sizeOfOffsets !== 8 || at + 8 > n) return null;
  const eof = head.readBigUInt64LE(at);
  return eof === 0xffffffffffffffffn ? null : Number(eof);
}

/** Open `file` with h5wasm after checkHdf5File ("r", or "a" to add to it), or create it ("w"). */
export async function openH5(file: string, mode: "r" | "w" | "a" = "r", what = "an HDF5 file"): Promise<{ h5: H5Module; f: H5File }> {
  if (mode !== "w") checkHdf5File(file, what);
  const h5 = await loadH5wasm();
  let f: H5File;
  try {
    f = new h5.File(file, mode);
  } catch (e) {
    throw new SPYIOError(file, `HDF5 could not ${mode === "w" ? "create" : "open"} it (${(e as Error).message})`);
  }
  // h5wasm does not throw when HDF5 fails to create or open a file: its id is then negative
  if (!(BigInt((f as unknown as { file_id: bigint | number }).file_id) >= 0n)) {
    throw new SPYIOError(file, `HDF5 could not ${mode === "w" ? "create" : "open"} it (${mode === "w" ? "is its folder there and writable?" : "see the HDF5 messages above"})`);
  }
  return { h5, f };
}

/** The Dataset at `p`, or null when there is nothing (or something else) there. */
export function datasetAt(h5: H5Module, g: Group, p: string): Dataset | null {
  let o: unknown;
  try { o = g.get(p); } catch { return null; }
  return o instanceof h5.Dataset ? (o as Dataset) : null;
}

/** The Group at `p`, or null. */
export function groupAt(h5: H5Module, g: Group, p: string): Group | null {
  let o: unknown;
  try { o = g.get(p); } catch { return null; }
  return o instanceof h5.Group ? (o as Group) : null;
}

/** An attribute's value (strings as strings, one-element arrays unwrapped), or undefined. */
export function attr(o: { attrs: Record<string, { value: OutputData | null }> }, name: string): unknown {
  let a;
  try { a = o.attrs[name]; } catch { return undefined; }
  if (!a) return undefined;
  let v: unknown;
  try { v = a.value; } catch { return undefined; }
  if (typeof v === "bigint") return Number(v);
  if (ArrayBuffer.isView(v) && (v as unknown as ArrayLike<number>).length === 1) return Number((v as unknown as ArrayLike<number>)[0]);
  return v;
}

/**
 * Refuse a dataset whose filters h5wasm cannot decode, naming the filter (before any read, which
 * would otherwise fail deep in HDF5).
 */
export function checkFilters(file: string, d: Dataset): void {
  let filters: { id: number; name?: string }[];
  try { filters = d.filters; } catch { return; }
  for (const flt of filters) {
    if (!BUILTIN_FILTERS.has(flt.id)) {
      const name = KNOWN_FILTERS.get(flt.id) ?? flt.name ?? "unknown";
      throw new SPYIOError(file, `dataset '${d.path}' is compressed with the HDF5 filter ${flt.id} (${name}), which spyts' HDF5 reader (h5wasm) cannot decode; it reads ${[...BUILTIN_FILTERS.values()].join(", ")}. Re-save the file with gzip (h5repack -f GZIP=4)`);
    }
  }
}

/** The spyts dtype for an HDF5 numeric dataset, or null for types spyts does not hold. */
export function dtypeOf(d: Dataset): DType | null {
  const m = d.metadata as { type: number; size: number; signed: boolean };
  if (m.type === 1) return m.size === 4 ? "float32" : m.size === 8 ? "float64" : null;
  if (m.type === 0) {
    if (m.size === 1) return m.signed ? "int8" : "uint8";
    if (m.size === 2) return m.signed ? "int16" : "uint16";
    if (m.size === 4) return m.signed ? "int32" : "uint32";
    return null;
  }
  return null;
}

/**
 * Rows [a, b) of a numeric dataset (all other axes whole), C order, as a typed array of its type
 * (64-bit integers as Float64Array). h5wasm's own `slice` ignores the status of HDF5's read and
 * returns whatever the buffer held when a chunk fails to decode (a corrupt file gives a wrong
 * array, silently); this calls the same wasm function and checks its status, so a failed read
 * is an SPYIOError.
 */
export function readRows(h5: H5Module, file: string, d: Dataset, a: number, b: number): TypedArray | Float64Array {
  return withRows(h5, file, d, a, b, (v) => v.slice());
}

/**
 * Rows [a, b) of a numeric dataset handed to `use` as a typed array that is a view of h5wasm's
 * heap, valid only until `use` returns (the heap buffer is freed and reused then): what a reader
 * that converts the values anyway needs, without readRows' copy into fresh memory. The read's
 * status is checked as in readRows (a chunk that fails to decode is an SPYIOError, never values).
 * 64-bit integers arrive as a fresh Float64Array (they need a conversion anyway).
 */
export function withRows<T>(h5: H5Module, file: string, d: Dataset, a: number, b: number, use: (values: TypedArray | Float64Array) => T): T {
  const meta = d.metadata as { type: number; size: number; signed: boolean; shape: number[] };
  const shape = meta.shape;
  const M = h5.Module as unknown as {
    _malloc(n: number): number; _free(p: number): void; HEAPU8: Uint8Array;
    get_dataset_data(fid: bigint, p: string, count: bigint[], offset: bigint[], strides: bigint[], ptr: bigint): number;
  };
  const count = shape.map((n, i) => BigInt(i === 0 ? b - a : n));
  const offset = shape.map((_, i) => BigInt(i === 0 ? a : 0));
  const strides = shape.map(() => 1n);
  const n = Number(count.reduce((p, q) => p * q, 1n));
  const nbytes = n * meta.size;
  const ptr = M._malloc(Math.max(nbytes, 1));
  if (!ptr) throw new SPYIOError(file, `no memory in the HDF5 reader for ${nbytes} bytes of '${d.path}' (lower memuse)`);
  try {
    const status = M.get_dataset_data(d.file_id, d.path, count, offset, strides, BigInt(ptr));
    if (status < 0) {
      throw new SPYIOError(file, `reading rows ${a}-${b} of '${d.path}' failed in HDF5: the file is corrupt there (a damaged chunk or a filter that cannot decode it)`);
    }
    // HEAPU8 is fetched after the read: the heap may have grown (a new buffer) during it
    const heap = M.HEAPU8;
    return use(typedFrom(file, d.path, heap.buffer as ArrayBuffer, heap.byteOffset + ptr, nbytes, meta));
  } finally {
    M._free(ptr);
  }
}

/**
 * The little-endian bytes [at, at + nbytes) of `buf` (h5wasm reads into a little-endian memory
 * type) as a typed array of the dataset's type: a view (malloc aligns to 8 bytes, enough for every
 * type), except 64-bit integers, converted to a Float64Array.
 */
function typedFrom(file: string, p: string, buf: ArrayBuffer, at: number, nbytes: number, meta: { type: number; size: number; signed: boolean }): TypedArray | Float64Array {
  const n = nbytes / meta.size;
  if (meta.type === 1 && meta.size === 4) return new Float32Array(buf, at, n);
  if (meta.type === 1 && meta.size === 8) return new Float64Array(buf, at, n);
  // numpy's complex types are compounds {r, i} of two floats: interleaved pairs, spyts' layout
  if (meta.type === 6 && meta.size === 8) return new Float32Array(buf, at, 2 * n);
  if (meta.type === 6 && meta.size === 16) return new Float64Array(buf, at, 2 * n);
  if (meta.type === 0) {
    switch (meta.size * (meta.signed ? 1 : -1)) {
      case 1: return new Int8Array(buf, at, n);
      case -1: return new Uint8Array(buf, at, n);
      case 2: return new Int16Array(buf, at, n);
      case -2: return new Uint16Array(buf, at, n);
      case 4: return new Int32Array(buf, at, n);
      case -4: return new Uint32Array(buf, at, n);
      case 8: return Float64Array.from(new BigInt64Array(buf, at, n), Number);
      case -8: return Float64Array.from(new BigUint64Array(buf, at, n), Number);
    }
  }
  throw new SPYIOError(file, `'${p}' holds values of HDF5 class ${meta.type} and ${meta.size} bytes, not integers or floats`);
}

/** A whole small dataset (a table column) as numbers; numeric ones through the checked read. */
export function readNumbers(h5: H5Module, file: string, d: Dataset): Float64Array | TypedArray | number[] {
  const meta = d.metadata as { type: number; shape: number[] };
  if ((meta.type === 0 || meta.type === 1) && meta.shape.length > 0) return readRows(h5, file, d, 0, meta.shape[0]);
  let v: OutputData | null;
  try { v = d.value; } catch (e) { throw new SPYIOError(file, `reading '${d.path}' failed (${(e as Error).message})`); }
  return numeric(file, d.path, v);
}

/** A whole small dataset of strings (a text column). */
export function readStrings(file: string, d: Dataset): string[] {
  let v: unknown;
  try { v = d.value; } catch (e) { throw new SPYIOError(file, `reading '${d.path}' failed (${(e as Error).message})`); }
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  throw new SPYIOError(file, `'${d.path}' does not hold text`);
}

function numeric(file: string, p: string, v: unknown): TypedArray | Float64Array | number[] {
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Float64Array.from(v as unknown as ArrayLike<bigint>, (x) => Number(x));
  if (ArrayBuffer.isView(v)) return v as unknown as TypedArray;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return [Number(v)];
  if (Array.isArray(v) && v.every((x) => typeof x === "number" || typeof x === "bigint" || typeof x === "boolean")) return v.map(Number);
  throw new SPYIOError(file, `'${p}' does not hold numbers`);
}

/** An NDArray view of a typed array read from a dataset. */
export function asNDArray(data: TypedArray, shape: number[], dtype: DType): NDArray {
  return { data, shape, dtype };
}
