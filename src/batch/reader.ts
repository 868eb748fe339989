/**
 * RecordingsReader (YASS batch/reader.py, reference §5.2): a headerless binary recording seen as
 * [observations, channels], whatever its order on disk. `get` reads only the bytes it needs with
 * positioned reads (Node has no memmap), so recordings far larger than memory are fine.
 *
 * Differences from YASS, on purpose (reference §7): zero buffers keep the file's dtype (#11); the
 * YAML sidecar replaces the extension rather than the substring ".bin" (#9) and is parsed safely
 * (#13); keys are checked against the axis length instead of being clamped.
 */
import * as fs from "fs";
import { SPYValueError } from "../core/errors";
import { openRegularFile } from "../data/storage";
import { checkBoolean, checkInteger, checkOneOf, checkOptions, checkString } from "../core/keywords";
import { NDArray, RealDType, arrayConstructor, itemsize as itemsizeOf } from "../core/ndarray";
import { DataOrder, readSidecar, sidecarPath } from "./sidecar";
import { AxisKey, ResolvedKey, keyAt, rangeKey, resolveKey } from "./indexing";
import { forEachRun } from "./rawio";
import { readFully } from "../data/storage/safeFile";
import type { TypedArray } from "../core/ndarray";

/** Channel positions as a key: a range when consecutive (whole rows read in one run), else a list. */
function channelKey(channels: number[]): ResolvedKey {
  for (let i = 1; i < channels.length; i++) if (channels[i] !== channels[0] + i) return { n: channels.length, range: null, list: channels };
  return channels.length > 0 ? rangeKey(channels[0], channels[0] + channels.length) : { n: 0, range: null, list: channels };
}

export const RAW_DTYPES: readonly RealDType[] = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "float32", "float64"];
const ORDERS: readonly DataOrder[] = ["samples", "channels"];
/** YASS's loaders: all three are served by positioned reads here; accepted so YASS code ports as is. */
const LOADERS = ["memmap", "array", "python"] as const;
export const READER_KEYS = ["dtype", "n_channels", "data_order", "buffer_size", "return_data_index", "loader"] as const;

/** The options of RecordingsReader (YASS's names); dtype, n_channels and data_order not given come from the YAML sidecar. */
export interface RecordingsReaderOptions<R extends boolean = boolean> {
  /** Sample type on disk: int8, uint8, int16, uint16, int32, uint32, float32 or float64. */
  dtype?: string;
  /** Channels in the file. */
  n_channels?: number;
  /** "samples" (all channels of a sample together) or "channels" (all samples of a channel together). */
  data_order?: DataOrder;
  /** Observations of zero padding added on each side of every read (needs a step-1 slice). */
  buffer_size?: number;
  /** Also return where the real data sits inside the (padded) block. */
  return_data_index?: R;
  /** YASS's "memmap" (default), "array" or "python": accepted for ported code; all read the same way here. */
  loader?: (typeof LOADERS)[number];
}

/** What `get` returns with return_data_index: the block and [observation slice, channel slice] of the real data in it. */
export interface DataSlice { start: number; stop: number; step: number }
export interface IndexedRead { data: NDArray; data_index: [DataSlice, DataSlice] }

/**
 * A headerless binary recording seen as [observations, channels] whatever its order on disk
 * (YASS's RecordingsReader): `get` reads only the bytes asked for, so files larger than memory
 * are fine. Throws for a non-regular file, a size that is no whole number of observations, or missing parameters.
 */
export class RecordingsReader<R extends boolean = false> {
  readonly path: string;
  readonly dtype: RealDType;
  readonly n_channels: number;
  readonly n_observations: number;
  readonly data_order: DataOrder;
  readonly buffer_size: number;
  readonly return_data_index: R;
  readonly loader: string;

  constructor(path: string, options: RecordingsReaderOptions<R> = {}) {
    const opts = checkOptions(options, "RecordingsReader", READER_KEYS) as RecordingsReaderOptions<R>;
    checkString(path, "path", "the path of a raw binary recording");
    // a regular file only (a FIFO, a device such as /dev/zero, a folder or a socket: an error at once)
    const { fd, size } = openRegularFile(path, "a raw binary recording");
    fs.closeSync(fd);
    this.path = path;

    // parameters not given come from the YAML sidecar (YASS needs all three missing; any is fine here)
    let { dtype, n_channels, data_order } = opts;
    if (dtype === undefined || n_channels === undefined || data_order === undefined) {
      const side = readSidecar(path);
      for (const [name, v] of [["dtype", dtype], ["n_channels", n_channels], ["data_order", data_order]] as const) {
        if (v === undefined && (side === null || side[name] === undefined)) {
          throw new SPYValueError(name, undefined, `a value, given or in the YAML sidecar ${sidecarPath(path)}`, side ? "the sidecar does not have it" : "there is no sidecar");
        }
      }
      dtype ??= side!.dtype; n_channels ??= side!.n_channels; data_order ??= side!.data_order;
    }
    checkOneOf(dtype, "dtype", RAW_DTYPES);
    checkInteger(n_channels, "n_channels", { min: 1 });
    // "samples": all channels of a sample together; "channels": all samples of a channel together
    checkOneOf(data_order, "data_order", ORDERS);
    const loader = checkOneOf(opts.loader ?? "memmap", "loader", LOADERS);
    const buffer = checkInteger(opts.buffer_size ?? 0, "buffer_size", { min: 0 });

    this.dtype = dtype as RealDType;
    this.n_channels = n_channels!;
    this.data_order = data_order as DataOrder;
    this.n_observations = checkSize(path, size, this.dtype, this.n_channels);
    this.buffer_size = buffer;
    this.return_data_index = checkBoolean(opts.return_data_index ?? false, "return_data_index") as R;
    this.loader = loader;
  }

  get itemsize(): number { return itemsizeOf(this.dtype); }
  get shape(): [number, number] { return [this.n_observations, this.n_channels]; }

  /**
   * reader.get(observations, channels): an NDArray [obs, ch] in the file's dtype. Each key is an
   * integer, a {start, stop, step} slice or a list; omitted means all. With buffer_size b the
   * observations (a step-1 slice or an integer) are widened by b on both sides, zero-padded
   * past the file's ends.
   */
  get(observations?: AxisKey, channels?: AxisKey): R extends true ? IndexedRead : NDArray {
    const obs = resolveKey("observations", observations, this.n_observations);
    const ch = resolveKey("channels", channels, this.n_channels);
    const b = this.buffer_size;
    let data: NDArray;
    if (b === 0) {
      data = this.readBlock(obs, ch);
    } else {
      if (!obs.range) throw new SPYValueError("observations", observations, "an integer or a slice with step 1 when buffer_size > 0");
      data = this.readPadded(obs.range[0], obs.range[1], b, ch);
    }
    if (!this.return_data_index) return data as never;
    const out: IndexedRead = { data, data_index: [{ start: b, stop: b + obs.n, step: 1 }, { start: 0, stop: ch.n, step: 1 }] };
    return out as never;
  }

  /**
   * Observations [start, stop) of the channels `channels` (positions), C-contiguous [obs, ch] in the
   * file's dtype, into `out` when given (the batch processor reuses one buffer: fresh memory
   * costs a page fault per 4 kB). No buffer, no zero padding: the caller asked for real rows.
   */
  readRows(start: number, stop: number, channels: number[], out?: TypedArray): NDArray {
    return this.readBlock(rangeKey(start, stop), channelKey(channels), out);
  }

  /**
   * YASS's buffered block of the channels `channels` (positions): rows [start - buffer, stop + buffer),
   * zero-padded past the file's ends in the file's dtype (YASS promotes to float64), into `into`
   * when given (the batch processor reuses one buffer).
   */
  readPaddedRows(start: number, stop: number, buffer: number, channels: number[], into?: TypedArray): NDArray {
    return this.readPadded(start, stop, buffer, channelKey(channels), into);
  }

  private readPadded(start: number, stop: number, b: number, ch: ResolvedKey, into?: TypedArray): NDArray {
    const rows = stop - start + 2 * b, nSel = ch.n;
    const lo = Math.max(0, start - b), hi = Math.min(this.n_observations, stop + b);
    const head = lo - (start - b), tail = stop + b - hi;
    const data = into ? into.subarray(0, rows * nSel) as TypedArray : new (arrayConstructor(this.dtype))(rows * nSel);
    this.readBlock(rangeKey(lo, hi), ch, data.subarray(head * nSel, (rows - tail) * nSel) as TypedArray);
    // a reused buffer holds the previous batch: clear the padding explicitly
    data.fill(0, 0, head * nSel);
    data.fill(0, (rows - tail) * nSel);
    return { data, shape: [rows, nSel], dtype: this.dtype };
  }

  /**
   * Where rows [start, stop) of `channels` (positions) lie in the file when they are one
   * contiguous run of it (stored samples-first, every channel in order): the byte position and the
   * block's [rows, channels]. Null otherwise. A reader elsewhere (a worker, libuv's pool) can
   * then read them with one positioned read.
   */
  rowsSpan(start: number, stop: number, channels: number[]): { position: number; shape: [number, number] } | null {
    if (!this.wholeRows(channelKey(channels))) return null;
    return { position: start * this.n_channels * this.itemsize, shape: [stop - start, this.n_channels] };
  }

  /** Whether columns `ch` are every channel of a samples-first file, in order: whole rows. */
  private wholeRows(ch: ResolvedKey): boolean {
    return this.data_order === "samples" && ch.range !== null && ch.range[0] === 0 && ch.range[1] === this.n_channels;
  }

  /** Rows `obs` x columns `ch`, C-contiguous [obs, ch], into `into` (its first obs x ch slots) or a new array. */
  private readBlock(obs: ResolvedKey, ch: ResolvedKey, into?: TypedArray): NDArray {
    const Ctor = arrayConstructor(this.dtype);
    const isz = this.itemsize;
    const nObs = obs.n, nSel = ch.n, nCh = this.n_channels;
    const chIdx = Array.from({ length: nSel }, (_, q) => keyAt(ch, q));
    if (into && (into.length < nObs * nSel || into.BYTES_PER_ELEMENT !== isz)) throw new Error(`readBlock: buffer of ${into.length} x ${into.BYTES_PER_ELEMENT} bytes too small`);
    const out = into ? (into.length === nObs * nSel ? into : into.subarray(0, nObs * nSel)) as TypedArray : new Ctor(nObs * nSel);
    if (nObs === 0 || nSel === 0) return { data: out, shape: [nObs, nSel], dtype: this.dtype };
    const { fd } = openRegularFile(this.path, "a raw binary recording");
    try {
      if (this.data_order === "samples") {
        // one row = all channels of an observation
        const allCh = this.wholeRows(ch);
        if (allCh && obs.range) {
          // the rows are one contiguous run of the file: read straight into the output
          readFully(fd, new Uint8Array(out.buffer, out.byteOffset, nObs * nCh * isz), obs.range[0] * nCh * isz, this.path);
          return { data: out, shape: [nObs, nSel], dtype: this.dtype };
        }
        forEachRun(fd, this.path, obs, nCh * isz, 0, (buf, lo, from, to) => {
          const v = new Ctor(buf, 0, (keyAt(obs, to - 1) - lo + 1) * nCh);
          if (allCh && obs.range) { out.set(v.subarray(0, (to - from) * nCh), from * nCh); return; }
          for (let p = from; p < to; p++) {
            const r = (keyAt(obs, p) - lo) * nCh;
            for (let q = 0; q < nSel; q++) out[p * nSel + q] = v[r + chIdx[q]];
          }
        });
      } else {
        // channels order: each channel's samples are contiguous; read each selected channel's run
        for (let q = 0; q < nSel; q++) {
          forEachRun(fd, this.path, obs, isz, chIdx[q] * this.n_observations * isz, (buf, lo, from, to) => {
            const v = new Ctor(buf, 0, keyAt(obs, to - 1) - lo + 1);
            for (let p = from; p < to; p++) out[p * nSel + q] = v[keyAt(obs, p) - lo];
          });
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    return { data: out, shape: [nObs, nSel], dtype: this.dtype };
  }
}

/** n_observations, or an error that says which sizes and channel counts would fit. */
function checkSize(path: string, size: number, dtype: RealDType, nCh: number): number {
  const isz = itemsizeOf(dtype);
  const frame = isz * nCh;
  if (size % frame === 0) return size / frame;
  const below = Math.floor(size / frame) * frame;
  const fits = [below, below + frame].filter((s) => s > 0).map((s) => `${s} bytes (${s / frame} observations)`).join(" or ");
  let counts = "";
  if (size % isz === 0) {
    const items = size / isz;
    const divs: number[] = [];
    for (let c = 1; c <= Math.min(items, 4096) && divs.length < 12; c++) if (items % c === 0) divs.push(c);
    counts = `; channel counts that fit ${size} bytes of ${dtype}: ${divs.join(", ")}${divs.length === 12 ? ", …" : ""}`;
  } else {
    counts = `; ${size} bytes is not even a whole number of ${dtype} items (${isz} bytes each): is the dtype right?`;
  }
  throw new SPYValueError("n_channels", nCh, `a file size that is a multiple of itemsize x n_channels = ${isz} x ${nCh} = ${frame} bytes, e.g. ${fits}`,
    `${path} has ${size} bytes${counts}`);
}
