/**
 * TrialFileWriter: streams trials into one Arrow IPC file, one record batch at a time.
 *
 * The IPC messages are assembled here (apache-arrow only encodes the flatbuffer metadata), and
 * each full batch goes to the file descriptor with `fs.writeSync` straight from the batch buffer:
 * no Arrow `Data`/`Vector` objects, no intermediate copies, memory about one batch whatever the
 * trial count. The file is written to `<path>.partial` and renamed on close, so an interrupted
 * write never leaves a file that looks complete.
 */
import * as fs from "fs";
import { writeFully } from "./safeFile";
import { createHash, Hash } from "crypto";
import { MetadataVersion, Schema } from "apache-arrow";
import { BufferRegion, FieldNode, Message, RecordBatch as RecordBatchHeader } from "apache-arrow/ipc/metadata/message";
import { FileBlock, Footer } from "apache-arrow/ipc/metadata/file";
import { SPYIOError, SPYTypeError, SPYValueError } from "../../core/errors";
import {
  arrayConstructor, ascontiguous, cStrides, DType, isCContiguous, isNDArray, NDArray, slotsPerElement, TypedArray,
} from "../../core/ndarray";
import {
  CONTINUATION, DEFAULT_BATCH_BYTES, isDType, MAGIC, MAX_LIST_SLOTS, MAX_TRIALS_PER_BATCH, pad8, slotsPerRow,
  STORAGE_FORMAT_VERSION, STORAGE_META_KEY, StorageInfo, tagOf, trialField, typedArrayTag,
} from "./format";

export interface TrialFileWriterOptions {
  /** dtype of every trial. */
  dtype: DType;
  /** Shape of every trial without the first (stacking) axis, e.g. [nChannels]. Positive integers. */
  tailShape: number[];
  /** Length of the stacking axis when all trials have it: the column becomes FixedSizeList. */
  trialLength?: number;
  /** Target bytes per record batch (default 8 MiB; at least one trial per batch). */
  batchBytes?: number;
  /** Schema metadata entries (string values). The `spyts.storage` key is reserved and replaced. */
  metadata?: Record<string, string>;
  /** Compute the file's sha256 while writing; `close()` then returns it. */
  checksum?: boolean;
  /** fsync the file before it is renamed into place (for saves that must survive a crash). */
  fsync?: boolean;
}

export interface TrialFileWriteResult {
  nTrials: number;
  /** Size of the finished file in bytes. */
  bytes: number;
  /** Hex sha256 of the file, when the writer was created with `checksum: true`. */
  sha256?: string;
}

const ZEROS = new Uint8Array(8);
const EMPTY = new Uint8Array(0);
const EOS = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

function asBytes(a: ArrayBufferView, byteLength = a.byteLength): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, byteLength);
}

/** Smallest and largest slot index a (possibly strided) array touches, in complex elements. */
function extent(a: NDArray): [number, number] {
  const strides = a.strides ?? cStrides(a.shape);
  let lo = a.offset ?? 0;
  let hi = lo;
  for (let d = 0; d < a.shape.length; d++) {
    if (a.shape[d] === 0) return [0, -1];
    const span = (a.shape[d] - 1) * strides[d];
    if (span < 0) lo += span;
    else hi += span;
  }
  return [lo, hi];
}

export class TrialFileWriter {
  readonly path: string;
  /** Where the file is written until `close()` renames it to `path`. */
  readonly partialPath: string;
  readonly dtype: DType;
  readonly tailShape: readonly number[];
  /** Fixed length of the stacking axis, or null for variable-length trials (List column). */
  readonly trialLength: number | null;
  readonly batchBytes: number;

  private readonly userMetadata: Map<string, string>;
  private readonly fsyncOnClose: boolean;
  private readonly rowSlots: number; // typed-array slots per sample of the stacking axis
  private readonly Ctor: ReturnType<typeof arrayConstructor>;
  private readonly tag: string;
  private fd: number | null;
  private position = 0;
  private readonly blocks: FileBlock[] = [];
  private schema: Schema | null = null;
  private tpb = 0; // trials per batch: from trialLength, or decided by the first batchBytes of variable-length trials
  private values: TypedArray | null = null; // the batch buffer
  private filled = 0; // slots used in `values`
  private offsets: Int32Array | null = null; // List only: rows + 1 offsets
  private rows = 0; // trials in the current batch
  private count = 0; // trials written in total
  private hash: Hash | null;
  private state: "open" | "closed" | "aborted" = "open";
  private readonly rowStarts: number[] = []; // slot offset of each row of the current batch
  private reserved: { lengths: number[]; positions: Float64Array } | null = null;

  constructor(path: string, options: TrialFileWriterOptions) {
    if (typeof path !== "string") throw new SPYTypeError("path", path, "a non-empty file path");
    if (path.length === 0) throw new SPYValueError("path", path, "a non-empty file path");
    if (typeof options !== "object" || options === null) throw new SPYTypeError("options", options, "an options object");
    const { dtype, tailShape, trialLength, batchBytes = DEFAULT_BATCH_BYTES, metadata = {} } = options;
    if (!isDType(dtype)) throw new SPYValueError("dtype", dtype, "one of float32, float64, complex64, complex128, int8, int16, int32, uint8, uint16, uint32");
    if (!Array.isArray(tailShape) || !tailShape.every((s) => Number.isInteger(s) && s > 0)) {
      throw new SPYValueError("tailShape", tailShape, "an array of positive integers (may be empty)");
    }
    if (trialLength !== undefined && !(Number.isInteger(trialLength) && trialLength >= 0)) {
      throw new SPYValueError("trialLength", trialLength, "a non-negative integer or undefined");
    }
    if (!(Number.isFinite(batchBytes) && batchBytes > 0)) throw new SPYValueError("batchBytes", batchBytes, "a positive number of bytes");
    if (typeof metadata !== "object" || metadata === null) throw new SPYTypeError("metadata", metadata, "an object of string values");
    this.userMetadata = new Map();
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string") throw new SPYTypeError(`metadata.${k}`, v, "a string (serialize objects with JSON.stringify)");
      if (k !== STORAGE_META_KEY) this.userMetadata.set(k, v);
    }
    this.path = path;
    this.partialPath = `${path}.partial`;
    this.dtype = dtype;
    this.tailShape = Object.freeze([...tailShape]);
    this.trialLength = trialLength ?? null;
    this.batchBytes = batchBytes;
    this.fsyncOnClose = options.fsync ?? false;
    this.rowSlots = slotsPerRow(dtype, tailShape);
    this.Ctor = arrayConstructor(dtype);
    this.tag = typedArrayTag(dtype);
    this.hash = options.checksum ? createHash("sha256") : null;
    try {
      this.fd = fs.openSync(this.partialPath, "w");
    } catch (e) {
      throw new SPYIOError(this.partialPath, `cannot create file: ${(e as Error).message}`);
    }
    this.guard(() => {
      this.write([MAGIC, ZEROS.subarray(0, 2)]); // "ARROW1" padded to 8 bytes
      if (this.trialLength !== null) {
        // fixed-length trials: trials per batch known now
        const trialBytes = this.trialLength * this.rowSlots * this.Ctor.BYTES_PER_ELEMENT;
        this.start(trialBytes === 0 ? MAX_TRIALS_PER_BATCH
          : Math.max(1, Math.min(MAX_TRIALS_PER_BATCH, Math.floor(this.batchBytes / trialBytes))));
      }
    });
  }

  /** Trials appended so far. */
  get nTrials(): number {
    return this.count;
  }

  /** Trials per record batch (0 while the first batch of variable-length trials is still deciding it). */
  get trialsPerBatch(): number {
    return this.tpb;
  }

  /** Append one trial of shape [n, ...tailShape] and the writer's dtype. */
  append(trial: NDArray): void {
    if (this.state !== "open") throw new SPYIOError(this.path, `cannot append: the writer is ${this.state}`);
    if (this.reserved) throw new SPYIOError(this.path, "cannot append: the trials were reserved; write them with writeAt(k, trial)");
    const data = this.validate(trial);
    this.guard(() => this.place(data, data.length));
  }

  /**
   * Lay out trials of the given lengths (along the stacking axis) without their values: the record
   * batches' heads and offsets are written now, each trial's values are left as a hole to be
   * filled by `writeAt(k, trial)` (or by any thread's positioned write at `positions[k]`, for
   * instance a worker's), in any order. The finished file is byte for byte the one `append` makes
   * from the same trials. Only on a fresh writer, without `checksum`. Returns the file position of
   * each trial's first value byte.
   */
  reserve(lengths: readonly number[]): Float64Array {
    if (this.state !== "open") throw new SPYIOError(this.path, `cannot reserve: the writer is ${this.state}`);
    if (this.count > 0 || this.reserved) throw new SPYValueError("reserve", `after ${this.count} trials`, "a writer with no trials yet");
    if (this.hash) throw new SPYValueError("reserve", "with checksum: true", "a writer without checksum (the values are written out of order)");
    lengths.forEach((n, k) => {
      if (!(Number.isInteger(n) && n >= 0)) throw new SPYValueError(`lengths[${k}]`, n, "a non-negative integer");
      if (this.trialLength !== null && n !== this.trialLength) throw new SPYValueError(`lengths[${k}]`, n, `${this.trialLength} (the writer's fixed trialLength)`);
    });
    const positions = new Float64Array(lengths.length);
    this.reserved = { lengths: [...lengths], positions };
    this.guard(() => {
      for (const n of lengths) this.place(null, n * this.rowSlots);
      // the last batch too, as close() would: every position is known from here on
      if (this.tpb === 0) this.start(Math.max(1, this.rows));
      this.flush();
    });
    return positions;
  }

  /** Write reserved trial k's values at their place (see `reserve`). */
  writeAt(k: number, trial: NDArray): void {
    if (this.state !== "open") throw new SPYIOError(this.path, `cannot write: the writer is ${this.state}`);
    const r = this.reserved;
    if (!r) throw new SPYIOError(this.path, "cannot writeAt: no trials were reserved (use append)");
    if (!(Number.isInteger(k) && k >= 0 && k < r.lengths.length)) throw new SPYValueError("k", k, `a reserved trial index in [0, ${r.lengths.length})`);
    const data = this.validate(trial);
    if (trial.shape[0] !== r.lengths[k]) throw new SPYValueError("trial.shape[0]", trial.shape[0], `${r.lengths[k]} (the length reserved for trial ${k})`);
    this.guard(() => writeFully(this.fd as number, asBytes(data), r.positions[k]));
  }

  /** Where the values of trial k go, once reserved: for a write through another descriptor. */
  get reservedPositions(): Float64Array | null {
    return this.reserved ? this.reserved.positions : null;
  }

  /** One trial's values (`data`, or a hole of `slots` values when reserving) into the batch logic. */
  private place(data: TypedArray | null, slots: number): void {
    const bpe = this.Ctor.BYTES_PER_ELEMENT;
    if (this.tpb === 0) {
      // variable-length trials: the first batchBytes of data decide the trials per batch
      if (this.rows === 0 && slots * bpe >= this.batchBytes) {
        this.start(1);
        this.writeDirect(data, slots);
        return;
      }
      this.push(data, slots);
      if (this.filled * bpe >= this.batchBytes || this.rows >= MAX_TRIALS_PER_BATCH) {
        this.start(this.rows);
        this.flush();
      }
      return;
    }
    if (this.tpb === 1) {
      this.writeDirect(data, slots);
      return;
    }
    this.push(data, slots);
    if (this.rows === this.tpb) this.flush();
  }

  /** Finish the file (last batch, footer) and rename it into place. */
  close(): TrialFileWriteResult {
    if (this.state !== "open") throw new SPYIOError(this.path, `cannot close: the writer is ${this.state}`);
    return this.guard(() => {
      if (this.tpb === 0) this.start(Math.max(1, this.rows));
      this.flush();
      const footer = Footer.encode(new Footer(this.schema as Schema, MetadataVersion.V5, this.blocks, []));
      const len = new Uint8Array(4);
      new DataView(len.buffer).setInt32(0, footer.byteLength, true);
      this.write([EOS, footer, len, MAGIC]);
      const fd = this.fd as number;
      if (this.fsyncOnClose) fs.fsyncSync(fd);
      this.fd = null;
      fs.closeSync(fd);
      fs.renameSync(this.partialPath, this.path);
      this.state = "closed";
      this.values = null;
      this.offsets = null;
      const result: TrialFileWriteResult = { nTrials: this.count, bytes: this.position };
      if (this.hash) result.sha256 = this.hash.digest("hex");
      return result;
    });
  }

  /** Give up: close the descriptor and remove the partial file. Safe to call more than once. */
  abort(): void {
    if (this.state === "closed") return;
    this.state = "aborted";
    this.values = null;
    this.offsets = null;
    if (this.fd !== null) {
      try { fs.closeSync(this.fd); } catch { /* already gone */ }
      this.fd = null;
    }
    try { fs.unlinkSync(this.partialPath); } catch { /* never created or already removed */ }
  }

  // ---------------------------------------------------------------------------------------------

  /** Run an I/O step; on failure remove the partial file and report the path. */
  private guard<T>(step: () => T): T {
    try {
      return step();
    } catch (e) {
      if (e instanceof SPYValueError || e instanceof SPYTypeError) throw e; // refused before anything was written: still usable
      this.abort();
      if (e instanceof SPYIOError) throw e;
      throw new SPYIOError(this.path, `write failed, partial file removed: ${(e as Error).message}`);
    }
  }

  private validate(trial: NDArray): TypedArray {
    if (!isNDArray(trial)) throw new SPYTypeError("trial", trial, "an NDArray {data, shape, dtype}");
    if (trial.dtype !== this.dtype) throw new SPYValueError("trial.dtype", trial.dtype, `"${this.dtype}" (the writer's dtype)`);
    if (tagOf(trial.data) !== this.tag) {
      throw new SPYTypeError("trial.data", trial.data, `a ${this.tag} for dtype ${this.dtype}`);
    }
    const shape = trial.shape;
    const nd = this.tailShape.length + 1;
    const tailOk = shape.length === nd && this.tailShape.every((s, i) => shape[i + 1] === s);
    if (!tailOk || !Number.isInteger(shape[0]) || shape[0] < 0) {
      throw new SPYValueError("trial.shape", shape, `[n, ${this.tailShape.join(", ")}] (n >= 0)`.replace(", ]", "]"));
    }
    if (this.trialLength !== null && shape[0] !== this.trialLength) {
      throw new SPYValueError("trial.shape[0]", shape[0], `${this.trialLength} (the writer's fixed trialLength)`);
    }
    const slots = shape[0] * this.rowSlots;
    const per = slotsPerElement(this.dtype);
    if (isCContiguous(trial)) {
      if (trial.data.length < slots) {
        throw new SPYValueError("trial.data", trial.data, `at least ${slots} values for shape [${shape.join(", ")}]`);
      }
      return trial.data.length === slots ? trial.data : trial.data.subarray(0, slots);
    }
    if (trial.strides !== undefined && (!Array.isArray(trial.strides) || trial.strides.length !== shape.length || !trial.strides.every(Number.isInteger))) {
      throw new SPYValueError("trial.strides", trial.strides, `${shape.length} integer strides`);
    }
    const [lo, hi] = extent(trial);
    if (lo < 0 || (hi + 1) * per > trial.data.length) {
      throw new SPYValueError("trial.strides", trial.strides, `strides and offset that stay inside data (${trial.data.length / per} elements)`);
    }
    return ascontiguous(trial, true).data;
  }

  /** Fix the trials per batch and write the schema message. */
  private start(trialsPerBatch: number): void {
    this.tpb = trialsPerBatch;
    const info: StorageInfo = {
      version: STORAGE_FORMAT_VERSION,
      dtype: this.dtype,
      tailShape: [...this.tailShape],
      trialsPerBatch: this.tpb,
      trialLength: this.trialLength,
    };
    const meta = new Map(this.userMetadata);
    meta.set(STORAGE_META_KEY, JSON.stringify(info));
    const listSize = this.trialLength !== null ? this.trialLength * this.rowSlots : null;
    this.schema = new Schema([trialField(this.dtype, listSize)], meta);
    this.writeMessage(Message.from(this.schema), []);
  }

  /** One trial per batch: write it straight from the caller's buffer, no batch copy. */
  private writeDirect(data: TypedArray | null, slots: number): void {
    this.count++;
    this.rows = 1;
    this.filled = slots;
    this.rowStarts[0] = 0;
    if (this.trialLength === null) {
      if (this.offsets === null) this.offsets = new Int32Array(2);
      this.offsets[1] = slots;
    }
    this.flush(data ?? undefined);
  }

  private push(data: TypedArray | null, slots: number): void {
    const need = this.filled + slots;
    if (this.values === null && data !== null) {
      // allocated on first use: one batch (fixed length), or about batchBytes (variable length)
      const bpe = this.Ctor.BYTES_PER_ELEMENT;
      const capacity = this.trialLength !== null ? this.tpb * this.trialLength * this.rowSlots
        : Math.max(need, this.tpb > 0 ? this.tpb * data.length : Math.ceil(this.batchBytes / bpe));
      this.values = new this.Ctor(Math.min(capacity, MAX_LIST_SLOTS));
    }
    let values = this.values as TypedArray;
    if (this.trialLength === null) {
      if (this.offsets === null || this.offsets.length < this.rows + 2) {
        const grown = new Int32Array(Math.max(this.rows + 2, this.tpb + 1, (this.offsets?.length ?? 512) * 2));
        if (this.offsets) grown.set(this.offsets.subarray(0, this.rows + 1));
        this.offsets = grown;
      }
      if (need > MAX_LIST_SLOTS) {
        throw new SPYValueError(
          "trial", `trial ${this.count} with shape ${slots / this.rowSlots} x [${this.tailShape.join(", ")}]`,
          `a record batch of at most ${MAX_LIST_SLOTS} values (List offsets are int32)`,
          `batches hold ${this.tpb} trials, chosen from the size of the first ones; pass a smaller batchBytes or a fixed trialLength`,
        );
      }
      if (data !== null && need > values.length) {
        const grown = new this.Ctor(Math.min(MAX_LIST_SLOTS, Math.max(need, values.length * 2)));
        grown.set(values.subarray(0, this.filled));
        this.values = values = grown;
      }
    }
    if (data !== null) values.set(data, this.filled);
    this.rowStarts[this.rows] = this.filled;
    this.filled = need;
    if (this.offsets) this.offsets[this.rows + 1] = need;
    this.rows++;
    this.count++;
  }

  /** Write the current batch as one record batch message. */
  private flush(direct?: TypedArray): void {
    const rows = this.rows;
    if (rows === 0) return;
    const valueBytes = this.filled * this.Ctor.BYTES_PER_ELEMENT;
    // reserving: the values (and their padding) stay a hole that reads as zeros
    const values = this.reserved ? null : direct ?? (this.values as TypedArray);
    const valueView = values ? asBytes(values, valueBytes) : EMPTY;
    const valuePad = values ? ZEROS.subarray(0, pad8(valueBytes) - valueBytes) : EMPTY;
    const nodes = [new FieldNode(rows, 0), new FieldNode(this.filled, 0)];
    let regions: BufferRegion[];
    let body: Uint8Array[];
    let bodyLength: number;
    if (this.offsets === null) {
      // FixedSizeList: [validity, child validity, child values]
      regions = [new BufferRegion(0, 0), new BufferRegion(0, 0), new BufferRegion(0, valueBytes)];
      body = [valueView, valuePad];
      bodyLength = pad8(valueBytes);
    } else {
      // List: [validity, offsets, child validity, child values]
      const offBytes = (rows + 1) * 4;
      const o8 = pad8(offBytes);
      regions = [new BufferRegion(0, 0), new BufferRegion(0, offBytes), new BufferRegion(o8, 0), new BufferRegion(o8, valueBytes)];
      body = [asBytes(this.offsets, offBytes), ZEROS.subarray(0, o8 - offBytes), valueView, valuePad];
      bodyLength = o8 + pad8(valueBytes);
    }
    const header = new RecordBatchHeader(rows, nodes, regions, null, []);
    this.writeMessage(Message.from(header, bodyLength), body);
    if (this.reserved) {
      // the body written so far ends where the values begin
      const bpe = this.Ctor.BYTES_PER_ELEMENT;
      const first = this.count - rows;
      for (let r = 0; r < rows; r++) this.reserved.positions[first + r] = this.position + this.rowStarts[r] * bpe;
      this.position += pad8(valueBytes);
    }
    this.rows = 0;
    this.filled = 0;
  }

  /** `0xFFFFFFFF, int32 length, flatbuffer, padding` then the body parts; records batch blocks. */
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

/** An IPC message's head: `0xFFFFFFFF, int32 metadata length, flatbuffer Message`, padded to 8 bytes. */
export function encodeMessageHead(message: Message): Uint8Array {
  const fb = Message.encode(message);
  const metaLength = pad8(8 + fb.byteLength);
  const head = new Uint8Array(metaLength);
  const dv = new DataView(head.buffer);
  dv.setUint32(0, CONTINUATION, true);
  dv.setInt32(4, metaLength - 8, true);
  head.set(fb, 8);
  return head;
}

