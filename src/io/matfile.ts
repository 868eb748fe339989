/**
 * MATLAB v7.3 MAT files (what `save(..., '-v7.3')` writes): HDF5 behind a 512-byte user block that
 * holds MATLAB's text header. MATLAB's conventions, as read here:
 * - every variable has the attribute `MATLAB_class` ("double", "char", "cell", "struct", ...);
 * - arrays are stored transposed: a MATLAB m × n array is an HDF5 dataset of shape (n, m), so the
 *   dataset's C order is MATLAB's column-major order and MATLAB's dims are the HDF5 shape reversed;
 * - char arrays are uint16 (UTF-16 code units), a 1 × N char an (N, 1) column;
 * - a 1 × 1 struct is a group (one member per field); a cell array is a dataset of HDF5 object
 *   references into the group `#refs#`;
 * - an empty array is a uint64 dataset of its dims with the attribute `MATLAB_empty` = 1.
 *
 * MAT v4/v5/v7 files (MATLAB's default before v7.3) are not HDF5: they are refused here with the
 * fix (re-save with -v7.3).
 */
import * as fs from "fs";
import { SPYIOError } from "../core/errors";
import { warn } from "../core/warnings";
import { H5Module, loadH5wasm } from "./h5wasmLoader";
import { Dataset, Group, H5File, attr, checkFilters, openInputFile, readNumbers } from "./h5file";

/** HDF5's datatype class of object references. */
const H5T_REFERENCE = 7;

/** A MATLAB value as JSON holds it (what `info` takes). */
export type MatJson = null | boolean | number | string | MatJson[] | { [field: string]: MatJson };

/**
 * Check a MAT v7.3 file before HDF5 opens it and return the version its header states ("7.3"; ""
 * for an HDF5 file without MATLAB's header). SPYIOErrors: a missing file; a MAT v4/v5/v7 file (not
 * HDF5: "MAT v7.3 (save -v7.3) required"); no HDF5 signature at 0, 512, 1024, ...; a file shorter
 * than the end-of-file address its superblock records (a truncated copy).
 *
 * Why not h5file.ts' checkHdf5File: it adds the user block's size to that address, but HDF5 stores
 * it as an absolute address (the library checks the file's size against it as it is), so every
 * file with a user block, i.e. every MAT v7.3 file, would be called truncated there.
 */
export function checkMatV73(file: string, caller: string): string {
  const { fd, size } = openInputFile(file, "a MAT file");
  try {
    const head = Buffer.alloc(128);
    const n = fs.readSync(fd, head, 0, 128, 0);
    const text = head.subarray(0, Math.min(n, 116)).toString("latin1");
    const version = /^MATLAB (\d+\.\d+) MAT-file/.exec(text)?.[1];
    if (version !== undefined && version !== "7.3") {
      throw new SPYIOError(file, `a MAT file of version ${version} ("${text.split(",")[0].trim()}", MATLAB's format before v7.3, not HDF5): ${caller} reads MAT v7.3 files; MAT v7.3 (save -v7.3) required, e.g. in MATLAB: load the file, then save(filename, 'data', '-v7.3')`);
    }
    const sb = Buffer.alloc(48);
    for (let base = 0; base + 8 <= size; base = base === 0 ? 512 : base * 2) {
      const m = fs.readSync(fd, sb, 0, 48, base);
      if (m < 8 || !HDF5_SIGNATURE.every((b, i) => sb[i] === b)) continue;
      const eof = superblockEof(sb, m);
      if (eof !== null && eof > size) throw new SPYIOError(file, `truncated: its HDF5 superblock says the file ends at byte ${eof}, but it has ${size} bytes`);
      return version ?? "";
    }
    throw new SPYIOError(file, `not a MAT v7.3 file (HDF5): no HDF5 signature (${size} bytes${n > 0 && version === undefined ? "; no MATLAB header either" : ""})`);
  } finally {
    fs.closeSync(fd);
  }
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** The (absolute) end-of-file address of a superblock of version 0-3 with 8-byte offsets, if readable. */
function superblockEof(sb: Buffer, n: number): number | null {
  const version = sb[8];
  const sizeOfOffsets = version <= 1 ? sb[13] : version <= 3 ? sb[9] : 0;
  if (sizeOfOffsets !== 8) return null;
  const at = version === 0 ? 40 : version === 1 ? 44 : 28;  // after the base and free-space (v0/1) or extension (v2/3) addresses
  if (at + 8 > n) return null;
  const eof = sb.readBigUInt64LE(at);
  return eof === 0xffffffffffffffffn ? null : Number(eof);
}

/**
 * Open a MAT v7.3 file read-only with h5wasm after checkMatV73; returns the module, the file and
 * the MAT version. HDF5 failing to open it is an SPYIOError naming the file.
 */
export async function openMatV73(file: string, caller: string): Promise<{ h5: H5Module; f: H5File; version: string }> {
  const version = checkMatV73(file, caller);
  const h5 = await loadH5wasm();
  try {
    return { h5, f: new h5.File(file, "r"), version };
  } catch (e) {
    throw new SPYIOError(file, `HDF5 could not open it (${(e as Error).message})`);
  }
}

/** A variable's MATLAB class (its `MATLAB_class` attribute), or "" without one. */
export function matClass(o: Dataset | Group): string {
  const c = attr(o, "MATLAB_class");
  return typeof c === "string" ? c : "";
}

/** True for MATLAB's empty arrays (the attribute MATLAB_empty = 1: the dataset holds dims only). */
export function isMatEmpty(o: Dataset | Group): boolean {
  return Number(attr(o, "MATLAB_empty") ?? 0) === 1;
}

/** True when `o` is a dataset of object references (a cell array). */
export function isCell(o: Dataset): boolean {
  return (o.metadata as { type: number }).type === H5T_REFERENCE;
}

/** MATLAB's dims of a (non-empty) dataset: its HDF5 shape reversed (a scalar is 1 × 1). */
export function matDims(d: Dataset): number[] {
  const shape = d.shape ?? [];
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], 1];
  return [...shape].reverse();
}

/**
 * The elements of a cell array in MATLAB's (column-major) order, dereferenced: an SPYIOError when
 * `d` holds no references or a reference leads nowhere.
 */
export function cellItems(h5: H5Module, file: string, f: H5File, d: Dataset): (Dataset | Group)[] {
  if (isMatEmpty(d)) return [];
  if (!isCell(d)) throw new SPYIOError(file, `'${d.path}' should be a cell array (object references into #refs#), but holds ${matClass(d) || "something else"}`);
  let refs: unknown;
  try { refs = d.value; } catch (e) { throw new SPYIOError(file, `reading the cell array '${d.path}' failed (${(e as Error).message})`); }
  const list = Array.isArray(refs) ? refs : [refs];
  return list.map((r, k) => {
    let target: unknown = null;
    try { target = f.dereference(r as InstanceType<H5Module["Reference"]>); } catch { target = null; }
    if (!(target instanceof h5.Dataset) && !(target instanceof h5.Group)) {
      throw new SPYIOError(file, `element ${k + 1} of the cell array '${d.path}' refers to nothing readable (a broken #refs# entry)`);
    }
    return target as Dataset | Group;
  });
}

/**
 * A MATLAB char array as its rows (one string per row; a 1 × N char gives one string, an empty
 * char one empty string). An SPYIOError when `d` is not a char array.
 */
export function readCharRows(h5: H5Module, file: string, d: Dataset): string[] {
  if (isMatEmpty(d)) return [""];
  const meta = d.metadata as { type: number };
  if (matClass(d) !== "char" || meta.type !== 0) throw new SPYIOError(file, `'${d.path}' should be text (a MATLAB char array), but holds ${matClass(d) || "a dataset without MATLAB_class"}`);
  const codes = readNumbers(h5, file, d) as ArrayLike<number>;
  const [rows, cols] = matDims(d);
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    let s = "";
    for (let j = 0; j < cols; j++) s += String.fromCharCode(codes[j * rows + i]);
    out.push(s);
  }
  return out;
}

/** A numeric or logical MATLAB array: its values in MATLAB's column-major order and its dims. */
export function readMatNumbers(h5: H5Module, file: string, d: Dataset): { values: ArrayLike<number>; dims: number[] } {
  if (isMatEmpty(d)) return { values: new Float64Array(0), dims: [0, 0] };
  const meta = d.metadata as { type: number };
  if (meta.type !== 0 && meta.type !== 1) throw new SPYIOError(file, `'${d.path}' should hold numbers, but holds HDF5 class ${meta.type} (MATLAB class ${matClass(d) || "none"})`);
  checkFilters(file, d);
  return { values: readNumbers(h5, file, d) as ArrayLike<number>, dims: matDims(d) };
}

/** Values in MATLAB's column-major order as nested arrays indexed like MATLAB: out[i][j] = A(i, j). */
function nest(values: ArrayLike<number>, dims: number[], map: (v: number) => MatJson): MatJson {
  const build = (axis: number, base: number, stride: number): MatJson => {
    const out: MatJson[] = [];
    for (let i = 0; i < dims[axis]; i++) {
      const at = base + i * stride;
      out.push(axis === dims.length - 1 ? map(values[at]) : build(axis + 1, at, stride * dims[axis]));
    }
    return out;
  };
  return build(0, 0, 1);
}

const NUMERIC = new Set(["double", "single", "logical", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"]);

/**
 * A MATLAB variable as JSON, for `info`: a scalar as a number, a vector (1 × n or n × 1) as an
 * array, a matrix as its rows (`out[i][j]` = A(i, j)), higher dims nested likewise; logical as
 * booleans; a char row as a string, a char matrix as its rows; an empty array as [] ("" for
 * char); a cell array like a numeric one with its elements converted; a 1 × 1 struct as an object
 * of its fields. Anything else (objects, function handles, sparse) is null with a warning
 * naming it; so is nesting deeper than `maxDepth`.
 */
export function readMatValue(h5: H5Module, file: string, f: H5File, o: Dataset | Group, maxDepth = 8): MatJson {
  const cls = matClass(o);
  const skip = (why: string): null => { warn(`${file}: '${o.path}' is left out (${why})`); return null; };
  if (maxDepth < 0) return skip("nested too deep");
  if (o instanceof h5.Group) {
    if (cls !== "struct" && cls !== "") return skip(`a MATLAB ${cls} object`);
    const out: { [k: string]: MatJson } = {};
    for (const k of o.keys()) {
      const c = o.get(k);
      if (c instanceof h5.Dataset || c instanceof h5.Group) out[k] = readMatValue(h5, file, f, c as Dataset | Group, maxDepth - 1);
    }
    return out;
  }
  const d = o as Dataset;
  if (attr(d, "MATLAB_sparse") !== undefined) return skip("a sparse matrix");
  if (attr(d, "MATLAB_object_decode") !== undefined || cls === "function_handle") return skip(`a MATLAB ${cls || "object"}`);
  if (cls === "char") {
    const rows = readCharRows(h5, file, d);
    return rows.length === 1 ? rows[0] : rows;
  }
  if (isMatEmpty(d)) return [];
  if (isCell(d)) {
    const items = cellItems(h5, file, f, d).map((c) => readMatValue(h5, file, f, c, maxDepth - 1));
    return shaped(items, matDims(d));
  }
  if (!NUMERIC.has(cls) && cls !== "") return skip(`MATLAB class ${cls}`);
  const { values, dims } = readMatNumbers(h5, file, d);
  const items: MatJson[] = cls === "logical" ? Array.from(values, (v) => v !== 0) : Array.from(values, (v) => Number(v));
  return shaped(items, dims);
}

/** Scalars unwrapped, vectors flat, the rest nested MATLAB-style. */
function shaped(items: MatJson[], dims: number[]): MatJson {
  const nonSingleton = dims.filter((n) => n !== 1).length;
  if (items.length === 1 && nonSingleton === 0) return items[0];
  if (nonSingleton <= 1) return items;
  const idx = Float64Array.from(items, (_, k) => k);
  return nest(idx, dims, (k) => items[k]);
}
