/**
 * The on-disk layout shared by writer and reader: one Arrow IPC file per data object, one column
 * `trial`, one row per trial holding that trial's values in C order (complex interleaved re, im).
 *
 * File layout (Arrow IPC file format, https://arrow.apache.org/docs/format/Columnar.html#ipc-file-format):
 *
 *   "ARROW1" 0 0 | schema message | record batch message + body ... | EOS (0xFFFFFFFF 0) |
 *   footer flatbuffer | int32 footer length | "ARROW1"
 *
 * Every message is `0xFFFFFFFF, int32 metadata length, flatbuffer Message, padding to 8` followed by
 * its body; every body buffer starts on an 8-byte boundary of the body. The footer repeats the schema
 * and lists each record batch as a block (offset, metaDataLength, bodyLength), which is what makes
 * opening O(1) and reading one trial read only one batch.
 */
import {
  DataType, Field, FixedSizeList, Float32, Float64, Int8, Int16, Int32, List, Precision, Type, Uint8, Uint16, Uint32,
} from "apache-arrow";
import { DType, DTYPES, arrayConstructor, realPart, RealDType, slotsPerElement, TypedArray } from "../../core/ndarray";

/** Version of the spyts layout written into the `spyts.storage` schema metadata entry. */
export const STORAGE_FORMAT_VERSION = 1;
/** Schema metadata key holding the {@link StorageInfo} JSON. */
export const STORAGE_META_KEY = "spyts.storage";
/** Name of the single column. */
export const TRIAL_COLUMN = "trial";
/** Name of the list child field (pyarrow's convention). */
export const ITEM_FIELD = "item";
/** Default bytes per record batch. */
export const DEFAULT_BATCH_BYTES = 8 * 1024 * 1024;
/** Upper bound on trials per batch (keeps offsets buffers bounded for tiny or empty trials). */
export const MAX_TRIALS_PER_BATCH = 1 << 20;
/** Largest child value count a `List` (int32 offsets) batch can hold. */
export const MAX_LIST_SLOTS = 0x7fffffff;

export const MAGIC = Uint8Array.from([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]); // "ARROW1"
export const CONTINUATION = 0xffffffff;

/** What the `spyts.storage` metadata entry records. */
export interface StorageInfo {
  version: number;
  dtype: DType;
  tailShape: number[];
  trialsPerBatch: number;
  /** Samples along the stacking axis when all trials have the same length, else null. */
  trialLength: number | null;
}

/** n rounded up to a multiple of 8 (arithmetic, not bitwise: sizes may exceed 2^31). */
export function pad8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** The Arrow child type holding a dtype's values (complex -> its real part). */
export function arrowValueType(dtype: DType): DataType {
  switch (realPart(dtype)) {
    case "float32": return new Float32();
    case "float64": return new Float64();
    case "int8": return new Int8();
    case "int16": return new Int16();
    case "int32": return new Int32();
    case "uint8": return new Uint8();
    case "uint16": return new Uint16();
    case "uint32": return new Uint32();
  }
}

/** The real dtype an Arrow primitive type maps to, or null if it has none. */
export function realDTypeOfArrow(t: DataType): RealDType | null {
  // Types decoded from IPC are the generic Float / Int classes, so look at their parameters.
  const anyT = t as unknown as { typeId: Type; precision?: Precision; bitWidth?: number; isSigned?: boolean };
  if (anyT.typeId === Type.Float) {
    if (anyT.precision === Precision.SINGLE) return "float32";
    if (anyT.precision === Precision.DOUBLE) return "float64";
    return null;
  }
  if (anyT.typeId === Type.Int) {
    const key = `${anyT.isSigned ? "int" : "uint"}${anyT.bitWidth}`;
    return (["int8", "int16", "int32", "uint8", "uint16", "uint32"] as string[]).includes(key) ? (key as RealDType) : null;
  }
  return null;
}

/** The `trial` field: FixedSizeList<T>[listSize] for fixed trial length, List<T> otherwise. */
export function trialField(dtype: DType, listSize: number | null): Field {
  const item = new Field(ITEM_FIELD, arrowValueType(dtype), false);
  const type = listSize === null ? new List(item) : new FixedSizeList(listSize, item);
  return new Field(TRIAL_COLUMN, type, false);
}

/** Typed-array slots per sample of the stacking axis (tail size x 1 or 2). */
export function slotsPerRow(dtype: DType, tailShape: readonly number[]): number {
  let n = slotsPerElement(dtype);
  for (const s of tailShape) n *= s;
  return n;
}

/** The typed-array type name a dtype is stored in (for checks that work across JS realms). */
export function typedArrayTag(dtype: DType): string {
  return arrayConstructor(dtype).name;
}

export function tagOf(a: TypedArray): string {
  return Object.prototype.toString.call(a).slice(8, -1);
}

export function isDType(x: unknown): x is DType {
  return typeof x === "string" && (DTYPES as readonly string[]).includes(x);
}

/** Parse and validate the `spyts.storage` JSON; returns an error text instead of throwing. */
export function parseStorageInfo(text: string): StorageInfo | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return `'${STORAGE_META_KEY}' metadata is not valid JSON (${(e as Error).message})`;
  }
  const o = v as Partial<StorageInfo>;
  if (typeof o !== "object" || o === null) return `'${STORAGE_META_KEY}' metadata is not a JSON object`;
  if (typeof o.version !== "number" || o.version > STORAGE_FORMAT_VERSION) {
    return `'${STORAGE_META_KEY}' has format version ${JSON.stringify(o.version)}; this spyts reads versions up to ${STORAGE_FORMAT_VERSION}`;
  }
  if (!isDType(o.dtype)) return `'${STORAGE_META_KEY}' names an unknown dtype ${JSON.stringify(o.dtype)}`;
  if (!Array.isArray(o.tailShape) || !o.tailShape.every((s) => Number.isInteger(s) && s > 0)) {
    return `'${STORAGE_META_KEY}' has an invalid tailShape ${JSON.stringify(o.tailShape)}`;
  }
  if (!Number.isInteger(o.trialsPerBatch) || (o.trialsPerBatch as number) < 1) {
    return `'${STORAGE_META_KEY}' has an invalid trialsPerBatch ${JSON.stringify(o.trialsPerBatch)}`;
  }
  const tl = o.trialLength ?? null;
  if (tl !== null && !(Number.isInteger(tl) && tl >= 0)) {
    return `'${STORAGE_META_KEY}' has an invalid trialLength ${JSON.stringify(tl)}`;
  }
  return { version: o.version, dtype: o.dtype, tailShape: [...o.tailShape], trialsPerBatch: o.trialsPerBatch as number, trialLength: tl };
}
