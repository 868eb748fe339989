/**
 * Table files: the Arrow IPC file behind SpikeData and EventData, one row per spike or event and
 * one int64 column per field (`sample`, `channel`, `unit`, `trialid`; `sample`, `eventid`, ...),
 * so that any Arrow reader (`tableFromIPC`, pyarrow) sees the named columns.
 *
 * Every record batch holds `rowsPerBatch` rows (the last one fewer), and every column is a
 * non-nullable Int64 whose values buffer follows the previous one in the batch body. So the
 * bytes of rows [lo, hi) of one column sit at a position computed from the footer's blocks: a
 * read of one trial's rows of one column is one `fs.readSync` of (hi - lo) * 8 bytes, whatever
 * the file's size.
 *
 * In memory the values are Float64Array of integers: exact up to 2^53 (285 years of samples at
 * 1 MHz), and usable in plain number arithmetic (times in seconds, histogram bins) without the
 * BigInt conversions a BigInt64Array would force on every element. int64 is converted with two
 * int32 halves (two's complement), never through BigInt.
 */
import * as fs from "fs";
import { createHash, Hash } from "crypto";
import { Field, Int64, MetadataVersion, Schema } from "apache-arrow";
import { BufferRegion, FieldNode, Message, RecordBatch as RecordBatchHeader } from "apache-arrow/ipc/metadata/message";
import { FileBlock, Footer } from "apache-arrow/ipc/metadata/file";
import { SPYIOError, SPYValueError } from "../core/errors";
import { encodeMessageHead } from "./storage/writer";
import { writeFully } from "./storage/safeFile";

/** Schema metadata key holding the table layout (JSON {version, columns, rowsPerBatch}). */
export const TABLE_META_KEY = "spyts.table";
export const TABLE_FORMAT_VERSION = 1;
/** Default rows per record batch (64 Ki rows: 512 KiB per column). */
export const DEFAULT_ROWS_PER_BATCH = 1 << 16;

const MAGIC = Uint8Array.from([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]);
const ZEROS = new Uint8Array(8);
const EOS = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
const TWO32 = 4294967296;

function pad8(n: number): number { return Math.ceil(n / 8) * 8; }

/** Integers (|x| <= 2^53) into little-endian int64 words, two int32 halves each. */
export function encodeInt64(values: Float64Array, out: Int32Array = new Int32Array(values.length * 2)): Int32Array {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const hi = Math.floor(x / TWO32);
    out[2 * i] = (x - hi * TWO32) | 0;
    out[2 * i + 1] = hi;
  }
  return out;
}

/** int64 words (two int32 halves) back into numbers; exact for |x| <= 2^53. */
export function decodeInt64(words: Int32Array, out: Float64Array = new Float64Array(words.length / 2)): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = words[2 * i + 1] * TWO32 + (words[2 * i] >>> 0);
  return out;
}

export interface TableWriteResult { nRows: number; bytes: number; sha256?: string }

/**
 * Streams rows into a table file: `append(columns)` takes one Float64Array per column (same
 * length, integers); full batches go to disk at once, so memory is one batch whatever the size.
 * Written to `<path>.partial` and renamed on close.
 */
export class TableWriter {
  readonly path: string;
  readonly columns: string[];
  readonly rowsPerBatch: number;
  private fd: number | null;
  private position = 0;
  private readonly blocks: FileBlock[] = [];
  private readonly schema: Schema;
  private readonly buffers: Float64Array[];
  private filled = 0;
  private rows = 0;
  private readonly hash: Hash | null;
  private readonly fsyncOnClose: boolean;
  private closed = false;

  constructor(path: string, columns: string[], opts: { rowsPerBatch?: number; metadata?: Record<string, string>; checksum?: boolean; fsync?: boolean } = {}) {
    this.path = path;
    this.columns = [...columns];
    this.rowsPerBatch = opts.rowsPerBatch ?? DEFAULT_ROWS_PER_BATCH;
    if (!Number.isInteger(this.rowsPerBatch) || this.rowsPerBatch < 1) throw new SPYValueError("rowsPerBatch", this.rowsPerBatch, "a positive integer");
    const meta = new Map(Object.entries(opts.metadata ?? {}));
    meta.set(TABLE_META_KEY, JSON.stringify({ version: TABLE_FORMAT_VERSION, columns: this.columns, rowsPerBatch: this.rowsPerBatch }));
    this.schema = new Schema(this.columns.map((c) => new Field(c, new Int64(), false)), meta);
    this.buffers = this.columns.map(() => new Float64Array(this.rowsPerBatch));
    this.hash = opts.checksum ? createHash("sha256") : null;
    this.fsyncOnClose = opts.fsync ?? false;
    try {
      this.fd = fs.openSync(`${path}.partial`, "w");
    } catch (e) {
      throw new SPYIOError(path, `cannot create file: ${(e as Error).message}`);
    }
    this.guard(() => {
      this.write([MAGIC, ZEROS.subarray(0, 2)]);
      this.writeMessage(Message.from(this.schema), []);
    });
  }

  get nRows(): number { return this.rows; }

  /** Append rows: one array of integers per column, all of one length. */
  append(cols: ArrayLike<number>[]): void {
    if (this.closed) throw new SPYIOError(this.path, "cannot append: the writer is closed");
    if (cols.length !== this.columns.length) throw new SPYValueError("columns", cols.length, `${this.columns.length} columns (${this.columns.join(", ")})`);
    const n = cols[0].length;
    if (cols.some((c) => c.length !== n)) throw new SPYValueError("columns", cols.map((c) => c.length), "columns of one length");
    let at = 0;
    this.guard(() => {
      while (at < n) {
        const take = Math.min(n - at, this.rowsPerBatch - this.filled);
        for (let c = 0; c < cols.length; c++) {
          const src = cols[c];
          const dst = this.buffers[c];
          if (src instanceof Float64Array) dst.set(src.subarray(at, at + take), this.filled);
          else for (let i = 0; i < take; i++) dst[this.filled + i] = src[at + i];
        }
        this.filled += take;
        at += take;
        if (this.filled === this.rowsPerBatch) this.flush();
      }
    });
    this.rows += n;
  }

  close(): TableWriteResult {
    if (this.closed) throw new SPYIOError(this.path, "cannot close: the writer is closed");
    return this.guard(() => {
      this.flush();
      const footer = Footer.encode(new Footer(this.schema, MetadataVersion.V5, this.blocks, []));
      const len = new Uint8Array(4);
      new DataView(len.buffer).setInt32(0, footer.byteLength, true);
      this.write([EOS, footer, len, MAGIC]);
      const fd = this.fd as number;
      if (this.fsyncOnClose) fs.fsyncSync(fd);
      fs.closeSync(fd);
      this.fd = null;
      fs.renameSync(`${this.path}.partial`, this.path);
      this.closed = true;
      const out: TableWriteResult = { nRows: this.rows, bytes: this.position };
      if (this.hash) out.sha256 = this.hash.digest("hex");
      return out;
    });
  }

  abort(): void {
    this.closed = true;
    if (this.fd !== null) {
      try { fs.closeSync(this.fd); } catch { /* gone */ }
      this.fd = null;
    }
    try { fs.unlinkSync(`${this.path}.partial`); } catch { /* never written */ }
  }

  private guard<T>(step: () => T): T {
    try {
      return step();
    } catch (e) {
      if (e instanceof SPYValueError) throw e;
      this.abort();
      if (e instanceof SPYIOError) throw e;
      throw new SPYIOError(this.path, `write failed, partial file removed: ${(e as Error).message}`);
    }
  }

  private flush(): void {
    const n = this.filled;
    if (n === 0) return;
    const bytes = n * 8;
    const nodes = this.columns.map(() => new FieldNode(n, 0));
    const regions: BufferRegion[] = [];
    const body: Uint8Array[] = [];
    this.columns.forEach((_, c) => {
      regions.push(new BufferRegion(c * bytes, 0), new BufferRegion(c * bytes, bytes));
      const words = encodeInt64(this.buffers[c].subarray(0, n));
      body.push(new Uint8Array(words.buffer, 0, bytes));
    });
    const header = new RecordBatchHeader(n, nodes, regions, null, []);
    this.writeMessage(Message.from(header, bytes * this.columns.length), body);
    this.filled = 0;
  }

  private writeMessage(message: Message, body: Uint8Array[]): void {
    const head = encodeMessageHead(message);
    if (message.isRecordBatch()) this.blocks.push(new FileBlock(head.byteLength, message.bodyLength, this.position));
    this.write([head, ...body]);
  }

  private write(parts: Uint8Array[]): void {
    const fd = this.fd as number;
    for (const part of parts) {
      writeFully(fd, part, this.position);
      this.position += part.byteLength;
      if (this.hash && part.byteLength > 0) this.hash.update(part);
    }
  }
}

const fdFinalizer = new FinalizationRegistry<number>((fd) => {
  try { fs.closeSync(fd); } catch { /* closed */ }
});

/**
 * Lazy reader of a table file: opening reads the footer only; `read(column, lo, hi)` reads the
 * bytes of rows [lo, hi) of one column (one read per record batch they span).
 */
export class TableReader {
  readonly path: string;
  readonly columns: string[];
  readonly nRows: number;
  readonly rowsPerBatch: number;
  readonly metadata: Readonly<Record<string, string>>;
  readonly fileBytes: number;
  private fd: number | null;
  private readonly blocks: FileBlock[];
  private _bytesRead = 0;

  static open(path: string): TableReader {
    let fd: number;
    try {
      fd = fs.openSync(path, "r");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new SPYIOError(path, code === "ENOENT" ? "file does not exist" : `cannot open file: ${(e as Error).message}`);
    }
    try {
      const r = new TableReader(path, fd);
      fdFinalizer.register(r, fd, r);
      return r;
    } catch (e) {
      try { fs.closeSync(fd); } catch { /* ignore */ }
      throw e;
    }
  }

  private constructor(path: string, fd: number) {
    this.path = path;
    this.fd = fd;
    const size = fs.fstatSync(fd).size;
    this.fileBytes = size;
    const bad = (why: string) => new SPYIOError(path, why);
    if (size < 18) throw bad(`not an Arrow IPC file: only ${size} bytes`);
    const tail = this.readBytes(size - 10, 10);
    const head = this.readBytes(0, 6);
    if (!MAGIC.every((b, i) => head[i] === b)) throw bad("not an Arrow IPC file: the ARROW1 magic is missing at the start");
    if (!MAGIC.every((b, i) => tail[4 + i] === b)) throw bad(`truncated or incomplete Arrow file (${size} bytes): the ARROW1 magic is missing at the end`);
    const footerLength = new DataView(tail.buffer, tail.byteOffset).getInt32(0, true);
    const footerStart = size - 10 - footerLength;
    if (footerLength <= 0 || footerStart < 8) throw bad(`corrupt Arrow file: footer length ${footerLength} does not fit in ${size} bytes`);
    let footer: Footer;
    try {
      footer = Footer.decode(this.readBytes(footerStart, footerLength));
    } catch (e) {
      throw bad(`corrupt Arrow footer: ${(e as Error).message}`);
    }
    const meta: Record<string, string> = {};
    for (const [k, v] of footer.schema.metadata) meta[k] = v;
    this.metadata = meta;
    let info: { version?: unknown; columns?: unknown; rowsPerBatch?: unknown };
    try { info = JSON.parse(meta[TABLE_META_KEY] ?? "null") ?? {}; } catch { throw bad(`the '${TABLE_META_KEY}' schema metadata is not valid JSON`); }
    if (info.version !== TABLE_FORMAT_VERSION || !Array.isArray(info.columns) || !Number.isInteger(info.rowsPerBatch) || (info.rowsPerBatch as number) < 1) {
      throw bad(`not a spyts table file: the '${TABLE_META_KEY}' schema metadata is missing or invalid`);
    }
    const names = footer.schema.fields.map((f) => f.name);
    if (names.join("\0") !== (info.columns as string[]).join("\0") || footer.schema.fields.some((f) => !(f.type instanceof Int64) && String(f.type) !== "Int64")) {
      throw bad(`not a spyts table file: expected int64 columns ${JSON.stringify(info.columns)}, found ${footer.schema.fields.map((f) => `${f.name}: ${f.type}`).join(", ")}`);
    }
    this.columns = names;
    this.rowsPerBatch = info.rowsPerBatch as number;
    const blocks: FileBlock[] = [];
    for (let i = 0; i < footer.numRecordBatches; i++) blocks.push(footer.getRecordBatch(i)!);
    let nRows = 0;
    blocks.forEach((b, i) => {
      const rows = b.bodyLength / (8 * names.length);
      const full = i < blocks.length - 1;
      if (!Number.isInteger(rows) || rows < 1 || (full ? rows !== this.rowsPerBatch : rows > this.rowsPerBatch) ||
        b.offset + b.metaDataLength + b.bodyLength > footerStart) {
        throw bad(`corrupt table file: record batch ${i} (${b.bodyLength} body bytes at ${b.offset}) does not hold ${full ? this.rowsPerBatch : `1 to ${this.rowsPerBatch}`} rows of ${names.length} int64 columns`);
      }
      nRows += rows;
    });
    this.blocks = blocks;
    this.nRows = nRows;
  }

  /** Bytes read so far (tests check that a trial reads only its rows). */
  get bytesRead(): number { return this._bytesRead; }

  /** Rows [lo, hi) of a column (by name or index) as numbers. */
  read(column: string | number, lo = 0, hi = this.nRows, out?: Float64Array): Float64Array {
    const c = typeof column === "number" ? column : this.columns.indexOf(column);
    if (c < 0 || c >= this.columns.length) throw new SPYValueError("column", column, `one of ${this.columns.join(", ")}`);
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && 0 <= lo && lo <= hi && hi <= this.nRows)) {
      throw new SPYValueError("rows", [lo, hi], `0 <= lo <= hi <= ${this.nRows}`);
    }
    const res: Float64Array = out ?? new Float64Array(hi - lo);
    const rpb = this.rowsPerBatch;
    let at = lo;
    while (at < hi) {
      const b = Math.floor(at / rpb);
      const block = this.blocks[b];
      const batchRows = block.bodyLength / (8 * this.columns.length);
      const first = b * rpb;
      const end = Math.min(hi, first + batchRows);
      const pos = block.offset + block.metaDataLength + c * batchRows * 8 + (at - first) * 8;
      const bytes = this.readBytes(pos, (end - at) * 8);
      decodeInt64(new Int32Array(bytes.buffer, bytes.byteOffset, (end - at) * 2), res.subarray(at - lo, end - lo));
      at = end;
    }
    return res;
  }

  close(): void {
    if (this.fd === null) return;
    fdFinalizer.unregister(this);
    try { fs.closeSync(this.fd); } catch { /* closed */ }
    this.fd = null;
  }

  private readBytes(position: number, length: number): Uint8Array {
    if (this.fd === null) throw new SPYIOError(this.path, "the reader is closed");
    const out = new Uint8Array(new ArrayBuffer(length));
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, out, done, Math.min(1 << 30, length - done), position + done);
      if (n === 0) throw new SPYIOError(this.path, `unexpected end of file: needed ${length} bytes at offset ${position} (truncated?)`);
      done += n;
    }
    this._bytesRead += length;
    return out;
  }
}
