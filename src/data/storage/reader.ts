/**
 * TrialFileReader: synchronous, lazy random access to the trials of one Arrow IPC file.
 *
 * `open` reads the two magic strings, the footer (schema + one 24-byte block per record batch) and
 * the metadata of the last batch: O(1) in the number of trials. `readTrial(k)` reads the metadata
 * and body of the one batch holding trial k with `fs.readSync` at the block's offset (one read into
 * a fresh ArrayBuffer) and returns a zero-copy view of that batch's values. The last two decoded
 * batches are cached, so iterating in order reads every batch once.
 */
import * as fs from "fs";
import { DataType, MessageHeader, Schema, Type } from "apache-arrow";
import { FileBlock, Footer } from "apache-arrow/ipc/metadata/file";
import { Message, RecordBatch as RecordBatchHeader } from "apache-arrow/ipc/metadata/message";
import { SPYIOError, SPYValueError } from "../../core/errors";
import { arrayConstructor, DType, NDArray, TypedArray } from "../../core/ndarray";
import {
  CONTINUATION, MAGIC, parseStorageInfo, realDTypeOfArrow, slotsPerRow, STORAGE_META_KEY, StorageInfo,
} from "./format";
import { openRegularFile } from "./safeFile";
import { checkFooterFlatbuffer, checkMessageFlatbuffer } from "./fbcheck";

/** Largest single `fs.readSync` (the kernel and Node cap one read below 2 GiB). */
const MAX_READ = 1 << 30;
/** Decoded batches kept in memory. */
const CACHE_BATCHES = 2;

interface DecodedBatch {
  index: number;
  rows: number;
  /** Child values of the whole batch (a view of the batch's own ArrayBuffer). */
  values: TypedArray;
  /** Row offsets into `values` (List / LargeList); null for FixedSizeList. */
  offsets: Int32Array | BigInt64Array | null;
}

type ListKind = "fixed" | "list" | "large";

export interface TrialFileReaderOptions {
  /** Called with (position, length) for every read the reader makes (diagnostics, tests). */
  onRead?: (position: number, length: number) => void;
}

/** Closes the descriptor of a reader that was garbage-collected without `close()` (notebooks drop objects). */
const fdFinalizer = new FinalizationRegistry<number>((fd) => {
  try { fs.closeSync(fd); } catch { /* already closed */ }
});

function hasMagic(buf: Uint8Array, at: number): boolean {
  for (let i = 0; i < MAGIC.length; i++) if (buf[at + i] !== MAGIC[i]) return false;
  return true;
}

export class TrialFileReader {
  readonly path: string;
  readonly nTrials: number;
  readonly dtype: DType;
  readonly tailShape: readonly number[];
  /** Schema metadata, including the `spyts.storage` entry. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Trials per record batch (every batch but the last holds exactly this many). */
  readonly trialsPerBatch: number;
  /** Length of the stacking axis when the file stores fixed-length trials, else null. */
  readonly fixedTrialLength: number | null;
  readonly nBatches: number;
  /** File size in bytes. */
  readonly fileBytes: number;
  /** The Arrow schema (from the footer). */
  readonly schema: Schema;

  private fd: number | null;
  private readonly blocks: FileBlock[];
  private readonly kind: ListKind;
  private readonly rowSlots: number;
  private readonly Ctor: ReturnType<typeof arrayConstructor>;
  private readonly cache: DecodedBatch[] = [];
  /** File positions of the buffers of batches whose header was read (small, kept). */
  private readonly layouts = new Map<number, { offsetsAt: number; valuesAt: number; nValues: number }>();
  private readonly onRead?: (position: number, length: number) => void;
  private _bytesRead = 0;
  private _batchesDecoded = 0;
  /** First trial of every batch (+ total) for files without spyts.storage metadata; else null. */
  private batchStarts: number[] | null = null;

  /** Open a file: reads the footer and one batch header, never the data. */
  static open(path: string, options: TrialFileReaderOptions = {}): TrialFileReader {
    // regular files only: a FIFO would block the open, /dev/zero would be read without end
    const { fd } = openRegularFile(path, "an Arrow trial file");
    try {
      const reader = new TrialFileReader(path, fd, options);
      fdFinalizer.register(reader, fd, reader);
      return reader;
    } catch (e) {
      try { fs.closeSync(fd); } catch { /* ignore */ }
      throw e;
    }
  }

  private constructor(path: string, fd: number, options: TrialFileReaderOptions) {
    this.path = path;
    this.fd = fd;
    this.onRead = options.onRead;
    const size = fs.fstatSync(fd).size;
    this.fileBytes = size;
    // magic "ARROW1" + 2 padding at the start, footer + int32 length + "ARROW1" at the end
    if (size < 8 + 4 + 6) throw this.ioError(`not an Arrow IPC file: only ${size} bytes`);
    const head = this.read(0, 8);
    if (!hasMagic(head, 0)) throw this.ioError("not an Arrow IPC file: the ARROW1 magic is missing at the start");
    const tail = this.read(size - 10, 10);
    if (!hasMagic(tail, 4)) {
      throw this.ioError(`truncated or incomplete Arrow file (${size} bytes): the ARROW1 magic is missing at the end`);
    }
    const footerLength = new DataView(tail.buffer, tail.byteOffset).getInt32(0, true);
    const footerStart = size - 10 - footerLength;
    if (footerLength <= 0 || footerStart < 8) {
      throw this.ioError(`corrupt Arrow file: footer length ${footerLength} does not fit in ${size} bytes`);
    }
    let footer: Footer;
    let schema: Schema;
    const blocks: FileBlock[] = [];
    try {
      const footerBytes = this.read(footerStart, footerLength);
      // apache-arrow loops over every vector length it meets: check them against the footer first
      const bad = checkFooterFlatbuffer(footerBytes);
      if (bad !== null) throw this.ioError(`corrupt Arrow footer: ${bad}`);
      footer = Footer.decode(footerBytes);
      schema = footer.schema;
      for (let i = 0; i < footer.numRecordBatches; i++) {
        const b = footer.getRecordBatch(i);
        if (!b) throw new Error(`record batch block ${i} is missing`);
        blocks.push(b);
      }
    } catch (e) {
      if (e instanceof SPYIOError) throw e;
      throw this.ioError(`corrupt Arrow footer: ${(e as Error).message}`);
    }
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      if (!(b.offset >= 8 && b.metaDataLength >= 8 && b.bodyLength >= 0 && b.offset + b.metaDataLength + b.bodyLength <= footerStart)) {
        throw this.ioError(`corrupt Arrow footer: record batch ${i} (offset ${b.offset}, ${b.metaDataLength} + ${b.bodyLength} bytes) lies outside the data region (${footerStart} bytes)`);
      }
    }
    if (footer.numDictionaries > 0) throw this.ioError("dictionary-encoded Arrow files are not trial files");
    this.blocks = blocks;
    this.nBatches = blocks.length;
    this.schema = schema;
    const meta: Record<string, string> = {};
    for (const [k, v] of schema.metadata) meta[k] = v;
    this.metadata = Object.freeze(meta);

    // --- the trial column -----------------------------------------------------------------------
    if (schema.fields.length !== 1) {
      throw this.ioError(`not a spyts trial file: expected one list column, found ${schema.fields.length} columns (${schema.fields.map((f) => f.name).join(", ")})`);
    }
    const type = schema.fields[0].type as DataType;
    const kind: ListKind | null = type.typeId === Type.FixedSizeList ? "fixed" : type.typeId === Type.List ? "list"
      : type.typeId === Type.LargeList ? "large" : null;
    if (kind === null) throw this.ioError(`not a spyts trial file: column '${schema.fields[0].name}' has type ${type}, expected a list type`);
    const childType = (type.children?.[0]?.type ?? null) as DataType | null;
    const real = childType ? realDTypeOfArrow(childType) : null;
    if (real === null) throw this.ioError(`not a spyts trial file: list values of type ${childType}, expected a numeric type`);
    this.kind = kind;

    // --- spyts.storage metadata (or a fallback for foreign files: 1-d trials of the value type) ---
    const infoText = meta[STORAGE_META_KEY];
    let info: StorageInfo | null = null;
    if (infoText !== undefined) {
      const parsed = parseStorageInfo(infoText);
      if (typeof parsed === "string") throw this.ioError(parsed);
      info = parsed;
    }
    this.dtype = info ? info.dtype : real;
    const expectReal = this.dtype === "complex64" ? "float32" : this.dtype === "complex128" ? "float64" : this.dtype;
    if (expectReal !== real) throw this.ioError(`metadata says dtype ${this.dtype} but the values are stored as ${real}`);
    this.tailShape = Object.freeze(info ? [...info.tailShape] : []);
    this.rowSlots = slotsPerRow(this.dtype, this.tailShape);
    this.Ctor = arrayConstructor(this.dtype);
    if (kind === "fixed") {
      const listSize = (type as unknown as { listSize: number }).listSize;
      if (listSize % this.rowSlots !== 0) {
        throw this.ioError(`list size ${listSize} is not a multiple of the ${this.rowSlots} values per sample of tail shape [${this.tailShape.join(", ")}]`);
      }
      this.fixedTrialLength = listSize / this.rowSlots;
      if (info && info.trialLength !== null && info.trialLength !== this.fixedTrialLength) {
        throw this.ioError(`metadata says trial length ${info.trialLength} but the column holds ${this.fixedTrialLength}`);
      }
    } else {
      this.fixedTrialLength = null;
    }

    // --- trial count: full batches + the last batch's length (one small read) -------------------
    if (info) {
      this.trialsPerBatch = info.trialsPerBatch;
      if (blocks.length === 0) {
        this.nTrials = 0;
      } else {
        const last = this.readHeader(blocks.length - 1);
        if (last.length < 1 || last.length > this.trialsPerBatch) {
          throw this.ioError(`record batch ${blocks.length - 1} has ${last.length} rows; expected 1 to ${this.trialsPerBatch}`);
        }
        this.nTrials = (blocks.length - 1) * this.trialsPerBatch + last.length;
      }
    } else {
      // Foreign file (no spyts.storage): batch sizes are unknown, so read every batch header
      // (a few hundred bytes each) once: O(number of batches), not O(data).
      const starts = [0];
      for (let i = 0; i < blocks.length; i++) starts.push(starts[i] + this.readHeader(i).length);
      this.batchStarts = starts;
      this.trialsPerBatch = Math.max(1, starts[1] ?? 0);
      this.nTrials = starts[blocks.length];
    }
  }

  /** Bytes read from the file so far (open included). */
  get bytesRead(): number {
    return this._bytesRead;
  }

  /** Record batches decoded so far (cache misses). */
  get batchesDecoded(): number {
    return this._batchesDecoded;
  }

  get closed(): boolean {
    return this.fd === null;
  }

  /** Shape of every trial is [trialLength(k), ...tailShape]. */
  trialShape(k: number): number[] {
    return [this.trialLength(k), ...this.tailShape];
  }

  /** Length of trial k along the stacking axis (without reading its values). */
  trialLength(k: number): number {
    this.checkIndex(k);
    if (this.fixedTrialLength !== null) return this.fixedTrialLength;
    const { first, end } = this.valueExtent(k);
    return this.rowSlots === 0 ? 0 : (end - first) / this.rowSlots;
  }

  /**
   * The length of every trial along the stacking axis, without reading values: nothing is read
   * for fixed-length trials, one read of each batch's offsets otherwise (load checks a
   * trialdefinition against it in time linear in the trial count).
   */
  trialLengths(): Float64Array {
    const out = new Float64Array(this.nTrials);
    if (this.fixedTrialLength !== null) return out.fill(this.fixedTrialLength);
    const OffCtor = this.kind === "large" ? BigInt64Array : Int32Array;
    for (let b = 0; b < this.nBatches; b++) {
      const first = this.batchStarts ? this.batchStarts[b] : b * this.trialsPerBatch;
      const rows = (this.batchStarts ? this.batchStarts[b + 1] : Math.min(this.nTrials, first + this.trialsPerBatch)) - first;
      if (rows <= 0) continue;
      const layout = this.batchLayout(b);
      const raw = this.read(layout.offsetsAt, (rows + 1) * OffCtor.BYTES_PER_ELEMENT);
      const offs = new OffCtor(raw.buffer as ArrayBuffer, 0, rows + 1);
      for (let r = 0; r < rows; r++) {
        const a = Number(offs[r]), e = Number(offs[r + 1]);
        if (a < 0 || e < a || e > layout.nValues || (e - a) % Math.max(this.rowSlots, 1) !== 0) {
          throw this.ioError(`corrupt record batch ${b}: offsets [${a}, ${e}) of row ${r} are out of order, beyond the ${layout.nValues} values or not a whole number of samples`);
        }
        out[first + r] = this.rowSlots === 0 ? 0 : (e - a) / this.rowSlots;
      }
    }
    return out;
  }

  /**
   * Rows [start, stop) of trial k along the stacking axis. When its batch is cached this is a
   * zero-copy view (read-only, like readTrial's); otherwise ONE read of just those rows' bytes
   * (the batch's header and, for variable-length trials, its two offsets are small reads), so a
   * window of a long stored trial costs its own size, not the trial's, and is not cached.
   */
  readRange(k: number, start: number, stop: number): NDArray {
    const n = this.trialLength(k);
    if (!Number.isInteger(start) || !Number.isInteger(stop) || start < 0 || stop > n || start > stop) {
      throw new SPYValueError("range", [start, stop], `rows [start, stop) with 0 <= start <= stop <= ${n} (the length of trial ${k})`);
    }
    const shape = [stop - start, ...this.tailShape];
    const { batch, first } = this.valueExtent(k);
    const a = first + start * this.rowSlots;
    const b = first + stop * this.rowSlots;
    const cached = this.cache.find((c) => c.index === batch);
    if (cached) return { data: cached.values.subarray(a, b), shape, dtype: this.dtype };
    const bpe = this.Ctor.BYTES_PER_ELEMENT;
    const { valuesAt } = this.batchLayout(batch);
    const bytes = this.read(valuesAt + a * bpe, (b - a) * bpe);
    return { data: new this.Ctor(bytes.buffer, 0, b - a), shape, dtype: this.dtype };
  }

  /**
   * Where trial k's values lie in the file: `bytes` contiguous bytes from `position`, C order, as
   * readTrial would return them (reads at most a batch header and two offsets, never values).
   * Other threads read trials there with positioned reads of their own.
   */
  trialLocation(k: number): { position: number; bytes: number } {
    this.checkIndex(k);
    const { batch, first, end } = this.valueExtent(k);
    const bpe = this.Ctor.BYTES_PER_ELEMENT;
    return { position: this.batchLayout(batch).valuesAt + first * bpe, bytes: (end - first) * bpe };
  }

  /**
   * Trial k as a C-contiguous NDArray of shape [n, ...tailShape]. The data is a zero-copy view into
   * a cached batch buffer: treat it as read-only (copy with `.slice()` before modifying).
   */
  readTrial(k: number): NDArray {
    this.checkIndex(k);
    const { batch, row } = this.locate(k);
    const b = this.batch(batch);
    let start: number;
    let end: number;
    if (b.offsets === null) {
      const n = (this.fixedTrialLength as number) * this.rowSlots;
      start = row * n;
      end = start + n;
    } else {
      start = Number(b.offsets[row]);
      end = Number(b.offsets[row + 1]);
    }
    const length = this.rowSlots === 0 ? (this.fixedTrialLength ?? 0) : (end - start) / this.rowSlots;
    return { data: b.values.subarray(start, end), shape: [length, ...this.tailShape], dtype: this.dtype };
  }

  /** Iterate over all trials in order (each batch is read once). */
  *trials(): IterableIterator<NDArray> {
    for (let k = 0; k < this.nTrials; k++) yield this.readTrial(k);
  }

  close(): void {
    if (this.fd !== null) {
      fdFinalizer.unregister(this);
      try { fs.closeSync(this.fd); } catch { /* ignore */ }
      this.fd = null;
    }
    this.cache.length = 0;
  }

  // ---------------------------------------------------------------------------------------------

  private ioError(message: string): SPYIOError {
    return new SPYIOError(this.path, message);
  }

  private checkIndex(k: number): void {
    if (!Number.isInteger(k) || k < 0 || k >= this.nTrials) {
      throw new SPYValueError("trials", k, this.nTrials === 0 ? "no index (the file holds no trials)" : `an integer in [0, ${this.nTrials - 1}]`);
    }
  }

  private locate(k: number): { batch: number; row: number } {
    const starts = this.batchStarts;
    if (starts === null) {
      const batch = Math.floor(k / this.trialsPerBatch);
      return { batch, row: k - batch * this.trialsPerBatch };
    }
    let lo = 0;
    let hi = starts.length - 2; // last batch index
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= k) lo = mid;
      else hi = mid - 1;
    }
    return { batch: lo, row: k - starts[lo] };
  }

  /**
   * Where trial k's values lie in its batch's values buffer ([first, end) in value slots), from the
   * cached batch or from the batch's header (and two offsets), without decoding the batch.
   */
  private valueExtent(k: number): { batch: number; first: number; end: number } {
    const { batch, row } = this.locate(k);
    if (this.fixedTrialLength !== null) {
      const n = this.fixedTrialLength * this.rowSlots;
      return { batch, first: row * n, end: row * n + n };
    }
    const cached = this.cache.find((c) => c.index === batch);
    if (cached) {
      const offs = cached.offsets as Int32Array | BigInt64Array;
      return { batch, first: Number(offs[row]), end: Number(offs[row + 1]) };
    }
    const layout = this.batchLayout(batch);
    const OffCtor = this.kind === "large" ? BigInt64Array : Int32Array;
    const raw = this.read(layout.offsetsAt + row * OffCtor.BYTES_PER_ELEMENT, 2 * OffCtor.BYTES_PER_ELEMENT);
    const offs = new OffCtor(raw.buffer as ArrayBuffer, 0, 2);
    const first = Number(offs[0]);
    const end = Number(offs[1]);
    if (first < 0 || end < first || end > layout.nValues || (end - first) % Math.max(this.rowSlots, 1) !== 0) {
      throw this.ioError(`corrupt record batch ${batch}: offsets [${first}, ${end}) of row ${row} are out of order, beyond the ${layout.nValues} values or not a whole number of samples`);
    }
    return { batch, first, end };
  }

  /** File positions of a batch's offsets and values buffers (its header read once, then kept). */
  private batchLayout(index: number): { offsetsAt: number; valuesAt: number; nValues: number } {
    const known = this.layouts.get(index);
    if (known) return known;
    const block = this.blocks[index];
    const header = this.readHeader(index);
    const nBuffers = this.kind === "fixed" ? 3 : 4;
    const regions = header.buffers;
    if (header.nodes.length !== 2 || regions.length !== nBuffers) {
      throw this.ioError(`corrupt record batch ${index}: ${header.nodes.length} field nodes and ${regions.length} buffers; expected 2 and ${nBuffers}`);
    }
    const nValues = header.nodes[1].length;
    const bodyAt = block.offset + block.metaDataLength;
    const values = regions[nBuffers - 1];
    if (values.offset < 0 || values.offset + nValues * this.Ctor.BYTES_PER_ELEMENT > block.bodyLength) {
      throw this.ioError(`corrupt record batch ${index}: values buffer (offset ${values.offset}) does not hold ${nValues} values inside the ${block.bodyLength}-byte body`);
    }
    const layout = { offsetsAt: bodyAt + (nBuffers === 4 ? regions[1].offset : 0), valuesAt: bodyAt + values.offset, nValues };
    this.layouts.set(index, layout);
    return layout;
  }

  /** Read `length` bytes at `position` into a fresh (8-aligned) buffer, in chunks below 2 GiB. */
  private read(position: number, length: number): Uint8Array {
    if (this.fd === null) throw this.ioError("the reader is closed");
    const out = new Uint8Array(new ArrayBuffer(length));
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, out, done, Math.min(MAX_READ, length - done), position + done);
      if (n === 0) throw this.ioError(`unexpected end of file: needed ${length} bytes at offset ${position}, got ${done} (truncated?)`);
      done += n;
    }
    this._bytesRead += length;
    this.onRead?.(position, length);
    return out;
  }

  /** Decode the flatbuffer Message of a block's metadata bytes. */
  private decodeMessage(index: number, meta: Uint8Array): RecordBatchHeader {
    const dv = new DataView(meta.buffer, meta.byteOffset, meta.byteLength);
    let start = 4;
    let len = dv.getInt32(0, true);
    if (dv.getUint32(0, true) === CONTINUATION) {
      len = dv.getInt32(4, true);
      start = 8;
    }
    if (len <= 0 || start + len > meta.byteLength) {
      throw this.ioError(`corrupt record batch ${index}: message length ${len} does not fit in its ${meta.byteLength}-byte metadata block`);
    }
    let message: Message;
    const bad = checkMessageFlatbuffer(meta.subarray(start, start + len));
    if (bad !== null) throw this.ioError(`corrupt record batch ${index}: ${bad}`);
    try {
      message = Message.decode(meta.subarray(start, start + len));
    } catch (e) {
      throw this.ioError(`corrupt record batch ${index}: ${(e as Error).message}`);
    }
    if (message.headerType !== MessageHeader.RecordBatch) {
      throw this.ioError(`corrupt record batch ${index}: its block holds a ${MessageHeader[message.headerType]} message, not a record batch`);
    }
    const header = message.header() as RecordBatchHeader;
    if (header.compression) throw this.ioError(`record batch ${index} is compressed; compressed Arrow files are not supported`);
    return header;
  }

  private readHeader(index: number): RecordBatchHeader {
    const b = this.blocks[index];
    return this.decodeMessage(index, this.read(b.offset, b.metaDataLength));
  }

  /** The decoded batch `index`, from the cache or from one read of its metadata + body. */
  private batch(index: number): DecodedBatch {
    for (let i = 0; i < this.cache.length; i++) {
      if (this.cache[i].index === index) {
        const hit = this.cache[i];
        if (i !== this.cache.length - 1) {
          this.cache.splice(i, 1);
          this.cache.push(hit);
        }
        return hit;
      }
    }
    const decoded = this.decodeBatch(index);
    this.cache.push(decoded);
    if (this.cache.length > CACHE_BATCHES) this.cache.shift();
    return decoded;
  }

  private decodeBatch(index: number): DecodedBatch {
    const block = this.blocks[index];
    const bytes = this.read(block.offset, block.metaDataLength + block.bodyLength);
    const header = this.decodeMessage(index, bytes.subarray(0, block.metaDataLength));
    this._batchesDecoded++;
    const bodyStart = block.metaDataLength;
    const rows = header.length;
    const expectRows = this.batchStarts !== null ? this.batchStarts[index + 1] - this.batchStarts[index]
      : index < this.nBatches - 1 ? this.trialsPerBatch : this.nTrials - index * this.trialsPerBatch;
    if (rows !== expectRows) throw this.ioError(`record batch ${index} has ${rows} rows; expected ${expectRows}`);
    const nodes = header.nodes;
    const regions = header.buffers;
    const nBuffers = this.kind === "fixed" ? 3 : 4;
    if (nodes.length !== 2 || regions.length !== nBuffers) {
      throw this.ioError(`corrupt record batch ${index}: ${nodes.length} field nodes and ${regions.length} buffers; expected 2 and ${nBuffers}`);
    }
    if (nodes[0].nullCount !== 0 || nodes[1].nullCount !== 0) {
      throw this.ioError(`record batch ${index} contains null trials or values, which trial files do not allow`);
    }
    for (const r of regions) {
      if (r.offset < 0 || r.length < 0 || r.offset + r.length > block.bodyLength) {
        throw this.ioError(`corrupt record batch ${index}: buffer (offset ${r.offset}, ${r.length} bytes) lies outside the ${block.bodyLength}-byte body`);
      }
    }
    const bpe = this.Ctor.BYTES_PER_ELEMENT;
    const view = (offsetInBody: number, count: number, C: { new (b: ArrayBufferLike, o: number, n: number): TypedArray | BigInt64Array; BYTES_PER_ELEMENT: number }) => {
      const at = bytes.byteOffset + bodyStart + offsetInBody;
      if (at % C.BYTES_PER_ELEMENT === 0) return new C(bytes.buffer, at, count);
      // misaligned buffer (not written by spyts): copy it into an aligned one
      const copy = bytes.slice(bodyStart + offsetInBody, bodyStart + offsetInBody + count * C.BYTES_PER_ELEMENT);
      return new C(copy.buffer, 0, count);
    };
    const nValues = nodes[1].length;
    const valuesRegion = regions[nBuffers - 1];
    if (valuesRegion.length < nValues * bpe) {
      throw this.ioError(`corrupt record batch ${index}: values buffer holds ${valuesRegion.length} bytes, ${nValues * bpe} needed`);
    }
    const values = view(valuesRegion.offset, nValues, this.Ctor) as TypedArray;
    let offsets: Int32Array | BigInt64Array | null = null;
    if (this.kind === "fixed") {
      const need = rows * (this.fixedTrialLength as number) * this.rowSlots;
      if (nValues !== need) throw this.ioError(`corrupt record batch ${index}: ${nValues} values for ${rows} fixed-size trials of ${need / Math.max(rows, 1)}`);
    } else {
      const OffCtor = this.kind === "large" ? BigInt64Array : Int32Array;
      const offRegion = regions[1];
      if (offRegion.length < (rows + 1) * OffCtor.BYTES_PER_ELEMENT) {
        throw this.ioError(`corrupt record batch ${index}: offsets buffer holds ${offRegion.length} bytes for ${rows} rows`);
      }
      offsets = view(offRegion.offset, rows + 1, OffCtor) as Int32Array | BigInt64Array;
      let prev = Number(offsets[0]);
      if (prev < 0) throw this.ioError(`corrupt record batch ${index}: negative offset`);
      for (let r = 1; r <= rows; r++) {
        const o = Number(offsets[r]);
        if (o < prev || o > nValues || (o - prev) % Math.max(this.rowSlots, 1) !== 0) {
          throw this.ioError(`corrupt record batch ${index}: offset ${o} of row ${r - 1} is out of order, beyond the ${nValues} values or not a whole number of samples`);
        }
        prev = o;
      }
    }
    return { index, rows, values, offsets };
  }
}
