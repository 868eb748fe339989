/**
 * Running a batch transformation over its batches: on the main thread, or on the shared worker
 * pool (src/compute/pool.ts) with `processes` workers. Each batch is read straight into a shared
 * buffer that goes to a worker and comes back for reuse; results arrive strictly in batch order
 * (the pool's ordered window), so the output file is written in order without the busy-waiting of
 * YASS's Manager. At most `2 processes + 1` batches are in flight (inFlight()), which is what
 * BatchProcessor's memory sizing assumes: with `processes + 1`, a worker whose neighbour was slow
 * on one batch idled until it finished (measured: 2.8 s vs 2.4 s for the band-pass on 2 workers).
 *
 * On disk without a cast, the workers read their batch's rows from the recording and write their
 * result into the output themselves (`input`, `output`; compute/directWriteTask.ts): the main
 * thread only hands out batches and joins the blocks two results share. Copying every result into
 * its staging took the main thread 1 s of a 4 s run on two cores that the workers needed. One
 * thread does the same in turn: it reads the next block ahead and writes the last result behind
 * (ReadAhead, WriteBehind) while it computes.
 */
import * as fs from "fs";
import { SPYComputeError, SPYIOError } from "../core/errors";
import { readFullyAsync } from "../data/storage/safeFile";
import { AlignedBuffer, computeInPlace, writeFailureOf, writeResult } from "../compute/directWriteTask";
import { NDArray, RealDType, TypedArray, arrayConstructor } from "../core/ndarray";
import { getPool, newTaskId } from "../compute/pool";
import { BufferRecycler } from "../compute/bufferRecycler";
import { KeptAligned, runEnded, runStarted } from "../compute/keptBuffers";
import { sampleOwnLoad } from "../compute/ownLoad";
import { EdgeBytes, TaskMessage, UNIT_FIELDS, U_TRIAL, U_CHUNK, U_IN_SHAPE, U_OUT_SHAPE, U_IN_OFFSET, U_IN_SLOTS } from "../compute/protocol";
import { checkResult, parseComputeReturn } from "../compute/ndutil";
import { resolveComputeFunction } from "../compute/worker";
import type { BatchIndex } from "./indexGenerator";
import type { BatchTransform } from "./transform";
import type { Progress } from "./progress";
import { maxOf } from "../core/extrema";

/** The task buffer of a block its worker reads itself: nothing travels in it. */
const NO_INPUT = new SharedArrayBuffer(0);

export interface RunOptions {
  processes: number; itemsize: number; dtype: RealDType; buffer: number;
  /** Workers read each batch's rows themselves: the recording and, per batch, the byte position and shape of its block. */
  input?: { path: string; blocks: Array<{ position: number; shape: [number, number] }> };
  /**
   * Workers write each result into the output themselves: the file, O_DIRECT or not, each
   * result's byte position, the taker of the blocks results share, and the error a failed write
   * becomes (given the errno error and the bytes before the result that failed).
   */
  output?: {
    file: string; direct: boolean; positions: number[]; edges: (edges: EdgeBytes[]) => void;
    writeError: (e: unknown, at: number) => Error;
  };
}

/** Batch blocks held at once on `processes` workers (read, computing, or written); on one thread, the block computed and the one read ahead. */
export function inFlight(processes: number): number {
  return processes > 1 ? 2 * processes + 1 : 2;
}

type ReadBatch = (k: number, into?: TypedArray) => NDArray;
/** Takes batch k's result; a promise: the result's memory is in use until it settles. */
type Sink = (k: number, res: NDArray) => void | Promise<void>;

export async function runTransformParallel(
  fn: BatchTransform, kwargs: Record<string, unknown>, batches: BatchIndex[],
  read: ReadBatch, sink: Sink, progress: Progress, o: RunOptions,
): Promise<void> {
  // this process's CPU time before and after the run, for the next auto choice (compute/ownLoad.ts)
  sampleOwnLoad();
  try {
    await runTransform(fn, kwargs, batches, read, sink, progress, o);
  } finally {
    sampleOwnLoad();
  }
}

async function runTransform(
  fn: BatchTransform, kwargs: Record<string, unknown>, batches: BatchIndex[],
  read: ReadBatch, sink: Sink, progress: Progress, o: RunOptions,
): Promise<void> {
  let bytes = 0;
  const inBytes = (b: BatchIndex) => (b.stop - b.start) * b.channels.length * o.itemsize;
  const outShape = (b: BatchIndex) => [b.stop - b.start, b.channels.length];
  if (o.processes === 1) {
    const cF = resolveComputeFunction(fn.ref);
    const maxSlots = maxOf(batches.map((b) => (b.stop - b.start + 2 * o.buffer) * b.channels.length));
    const Ctor = arrayConstructor(o.dtype) as new (b: ArrayBuffer, at: number, n: number) => TypedArray;
    // the blocks and the result memory of the previous run, when it was of the same size: fresh
    // memory costs a page fault per 4 kB (compute/keptBuffers.ts); given back in the finally below
    const kept = runStarted();
    const blockMemory = [kept.blocks.take(maxSlots * o.itemsize), kept.blocks.take(maxSlots * o.itemsize)];
    const buf = new Ctor(blockMemory[0], 0, maxSlots);
    let ahead: ReadAhead | null = null;
    let behind: WriteBehind | null = null;
    try {
      // contiguous blocks are read one batch ahead on libuv's thread pool, into a second buffer,
      // while this one is filtered: a recording not in the page cache is read from disk meanwhile
      ahead = o.input ? new ReadAhead(o.input, o.dtype, new Ctor(blockMemory[1], 0, maxSlots), buf) : null;
      behind = o.output ? new WriteBehind(o.output, kept.aligned) : null;
      for (let k = 0; k < batches.length; k++) {
        const block = ahead ? await ahead.take(k) : read(k, buf);
        if (behind) {
          // computed into page-aligned memory and written from there while the next batch computes
          let bytesOut: Uint8Array;
          try {
            bytesOut = computeInPlace(cF, block, kwargs, k, outShape(batches[k]), fn.outDtype, o.output!.positions[k], behind.slot(k));
          } catch (e) {
            throw batchError(fn, batches, k, e as Error);
          }
          await behind.write(k, bytesOut);
        } else {
          let res: NDArray;
          try {
            res = checkResult(parseComputeReturn(cF(block, kwargs, { noCompute: false, trial: k })).out, outShape(batches[k]), fn.outDtype);
          } catch (e) {
            throw batchError(fn, batches, k, e as Error);
          }
          // a disk sink copies the result and writes it while the next batch is computed
          await sink(k, res);
        }
        bytes += inBytes(batches[k]);
        progress.update(k + 1, bytes);
      }
      await behind?.drain();
    } finally {
      // nothing may still read into or write from the memory given back
      await behind?.abandon();
      await ahead?.close();
      behind?.release(kept.aligned);
      for (const m of blockMemory) kept.blocks.give(m);
      runEnded();
    }
    return;
  }

  const pool = getPool(o.processes);
  const kwargsKey = `batch-${newTaskId()}`;
  const InCtor = arrayConstructor(o.dtype);
  const OutCtor = arrayConstructor(fn.outDtype);
  // one input and one output buffer per batch in flight, plus the one being read or written
  // shared buffers: batches are large and travel all the time (see BufferRecycler)
  const maxInFlight = inFlight(o.processes);
  const spareIn = new BufferRecycler<SharedArrayBuffer>(maxInFlight, true);
  const spareOut = new BufferRecycler<SharedArrayBuffer>(maxInFlight, true);
  try {
    await pool.runTasks<number>({
      nWorkers: o.processes,
      maxInFlight,
      produce: (seq) => {
        if (seq >= batches.length) return null;
        const b = batches[seq];
        const slots = (b.stop - b.start + 2 * o.buffer) * b.channels.length;
        const direct = o.input?.blocks[seq];
        // a block the worker reads itself goes to its own memory (compute/workerInput.ts)
        const input = direct ? NO_INPUT : spareIn.take(slots * o.itemsize);
        const shape = direct ? direct.shape : read(seq, new InCtor(input, 0, slots)).shape;
        const table = new Float64Array(UNIT_FIELDS);
        table[U_TRIAL] = seq; table[U_CHUNK] = 0; table[U_IN_SHAPE] = 0; table[U_OUT_SHAPE] = 0;
        table[U_IN_OFFSET] = direct ? -1 : 0; table[U_IN_SLOTS] = shape[0] * shape[1];
        const message: TaskMessage = {
          taskId: newTaskId(), ref: fn.ref, kwargsKey, kwargs, // the pool strips them for workers that have them
          inDtype: o.dtype, outDtype: fn.outDtype, inShapes: [shape], outShapes: [outShape(b)],
          units: table, input,
        };
        if (direct) {
          message.inFile = o.input!.path;
          message.inPositions = new Float64Array([direct.position]);
        }
        if (o.output) {
          message.outFile = o.output.file;
          message.outPositions = new Float64Array([o.output.positions[seq]]);
          message.outDirect = o.output.direct;
        } else {
          message.outBuffer = spareOut.take((b.stop - b.start) * b.channels.length * OutCtor.BYTES_PER_ELEMENT);
        }
        const transfer = [table.buffer];
        return { message, transfer, tag: seq, trialOf: () => seq };
      },
      consume: (seq, reply) => {
        const b = batches[seq];
        if (o.output) {
          // the worker wrote the result; what is left are the blocks it shares with its neighbours
          if (reply.input) spareIn.give(reply.input as SharedArrayBuffer);
          try {
            o.output.edges(reply.edges ?? []);
          } catch (e) {
            throw o.output.writeError(e, o.output.positions[seq]);
          }
          bytes += inBytes(b);
          progress.update(seq + 1, bytes);
          return;
        }
        const data = new OutCtor(reply.output, reply.offsets[0], (b.stop - b.start) * b.channels.length);
        if (reply.input) spareIn.give(reply.input as SharedArrayBuffer);
        const done = () => {
          spareOut.give(reply.output as SharedArrayBuffer);
          bytes += inBytes(b);
          progress.update(seq + 1, bytes);
        };
        // a disk sink copies the result and writes it in the background; the pool holds the next
        // reply back until the copy is made (the workers compute on meanwhile)
        const written = sink(seq, { data, shape: outShape(b), dtype: fn.outDtype });
        if (!written) return done();
        return written.then(done);
      },
    });
  } catch (e) {
    if (e instanceof SPYIOError) throw e; // a failed write of the output (see `output`)
    const err = e as SPYComputeError;
    const failedWrite = o.output ? writeFailureOf(err.original ?? "") : null;
    if (failedWrite) throw o.output!.writeError(failedWrite, typeof err.trial === "number" && err.trial >= 0 ? o.output!.positions[err.trial] : 0);
    throw batchError(fn, batches, typeof err.trial === "number" && err.trial >= 0 ? err.trial : -1, new Error(err.original ?? err.message));
  }
}

function batchError(fn: BatchTransform, batches: BatchIndex[], k: number, e: Error): SPYComputeError {
  const where = k >= 0 && k < batches.length ? `batch ${k} (observations ${batches[k].start}..${batches[k].stop})` : "a batch";
  const err = new SPYComputeError(`${fn.name} failed on ${where}: ${e.message}`, k >= 0 ? k : undefined, e.message);
  return err;
}

/**
 * Results written behind (one-thread runs on disk without a cast, RunOptions.output): batch k is
 * computed into the other of two page-aligned buffers while batch k - 1 is written from its own
 * (compute/directWriteTask.ts' writeResult: whole blocks with O_DIRECT, the shared edge blocks to
 * the output's joiner). No copy of the result into staging, none into a fresh array.
 */
class WriteBehind {
  private readonly slots: [AlignedBuffer, AlignedBuffer];
  /** The write in flight; resolves to its failure (never rejects: nobody may be awaiting it yet). */
  private pending: Promise<Error | null> | null = null;

  /** The two buffers come from `from` (kept from an earlier run, or new). */
  constructor(private readonly output: NonNullable<RunOptions["output"]>, from: KeptAligned) {
    this.slots = [from.take(), from.take()];
  }

  /** Give the buffers to `to` once no write is in flight (after drain or abandon). */
  release(to: KeptAligned): void {
    if (this.pending) throw new Error("internal: WriteBehind released with a write in flight");
    for (const s of this.slots) to.give(s);
  }

  /** The memory batch k is computed into (its previous user's write has finished: see `write`). */
  slot(k: number): AlignedBuffer {
    return this.slots[k % 2];
  }

  /** Wait for batch k - 1's write (throwing its failure), then start batch k's. */
  async write(k: number, bytes: Uint8Array): Promise<void> {
    await this.drain();
    const out = this.output, at = out.positions[k];
    this.pending = writeResult(out.file, at, bytes, out.direct).then(
      (edges) => {
        try {
          out.edges(edges);
          return null;
        } catch (e) {
          return out.writeError(e, at);
        }
      },
      (e) => out.writeError(e, at),
    );
  }

  /** Wait for the last write; throws its failure. */
  async drain(): Promise<void> {
    const failure = await this.pending;
    this.pending = null;
    if (failure) throw failure;
  }

  /** After a failure elsewhere: wait for the write in flight, whatever its outcome. */
  async abandon(): Promise<void> {
    await this.pending;
    this.pending = null;
  }
}

/**
 * Batch blocks read one ahead (one-thread runs): block k + 1 is read on libuv's thread pool into
 * the other of two buffers while block k is computed. Each block is one contiguous run of the
 * recording (RunOptions.input).
 */
class ReadAhead {
  private fd: number;
  private pending: Promise<void> | null = null;
  private next = 0;
  private readonly bufs: [TypedArray, TypedArray];

  constructor(private readonly input: NonNullable<RunOptions["input"]>, private readonly dtype: RealDType, a: TypedArray, b: TypedArray) {
    this.bufs = [a, b];
    this.fd = fs.openSync(input.path, "r");
    this.start(0);
  }

  private view(k: number): TypedArray {
    const [rows, C] = this.input.blocks[k].shape;
    return this.bufs[k % 2].subarray(0, rows * C) as TypedArray;
  }

  private start(k: number): void {
    if (k >= this.input.blocks.length) return;
    const v = this.view(k);
    this.pending = readFullyAsync(this.fd, new Uint8Array(v.buffer, v.byteOffset, v.byteLength), this.input.blocks[k].position, this.input.path);
    this.next = k;
  }

  /** Block k (the one read ahead), and the read of block k + 1 started. */
  async take(k: number): Promise<NDArray> {
    if (k !== this.next || this.pending === null) throw new Error(`internal: ReadAhead asked for block ${k}, has ${this.next}`);
    await this.pending;
    this.pending = null;
    this.start(k + 1);
    const { shape } = this.input.blocks[k];
    return { data: this.view(k), shape: [shape[0], shape[1]], dtype: this.dtype };
  }

  /** Wait for a read still running (a failed run), then close. */
  async close(): Promise<void> {
    if (this.pending) await this.pending.catch(() => undefined);
    this.pending = null;
    fs.closeSync(this.fd);
  }
}
