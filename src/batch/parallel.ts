/**
 * Running a batch transformation over its batches: on the main thread, or on the shared worker
 * pool (src/compute/pool.ts) with `processes` workers. Each batch is read straight into a buffer
 * that is transferred to a worker (never copied by structured clone) and comes back for reuse;
 * results arrive strictly in batch order (the pool's ordered window), so the output file is
 * written in order without the busy-waiting of YASS's Manager. At most `processes + 1` batches are in
 * flight, which is what BatchProcessor's memory sizing assumes.
 */
import { SPYComputeError } from "../core/errors";
import { NDArray, RealDType, TypedArray, arrayConstructor } from "../core/ndarray";
import { getPool, newTaskId } from "../compute/pool";
import { BufferRecycler } from "../compute/bufferRecycler";
import { TaskMessage, UNIT_FIELDS, U_TRIAL, U_CHUNK, U_IN_SHAPE, U_OUT_SHAPE, U_IN_OFFSET, U_IN_SLOTS } from "../compute/protocol";
import { checkResult, parseComputeReturn } from "../compute/ndutil";
import { resolveComputeFunction } from "../compute/worker";
import type { BatchIndex } from "./indexGenerator";
import type { BatchTransform } from "./transform";
import type { Progress } from "./progress";
import { maxOf } from "../core/extrema";

export interface RunOptions { processes: number; itemsize: number; dtype: RealDType; buffer: number }

type ReadBatch = (k: number, into?: TypedArray) => NDArray;
/** Takes batch k's result; a promise: the result's memory is in use until it settles. */
type Sink = (k: number, res: NDArray) => void | Promise<void>;

export async function runTransformParallel(
  fn: BatchTransform, kwargs: Record<string, unknown>, batches: BatchIndex[],
  read: ReadBatch, sink: Sink, progress: Progress, o: RunOptions,
): Promise<void> {
  let bytes = 0;
  const inBytes = (b: BatchIndex) => (b.stop - b.start) * b.channels.length * o.itemsize;
  const outShape = (b: BatchIndex) => [b.stop - b.start, b.channels.length];
  if (o.processes === 1) {
    const cF = resolveComputeFunction(fn.ref);
    const maxSlots = maxOf(batches.map((b) => (b.stop - b.start + 2 * o.buffer) * b.channels.length));
    const buf = new (arrayConstructor(o.dtype))(maxSlots);
    for (let k = 0; k < batches.length; k++) {
      const block = read(k, buf);
      let res: NDArray;
      try {
        res = checkResult(parseComputeReturn(cF(block, kwargs, { noCompute: false, trial: k })).out, outShape(batches[k]), fn.outDtype);
      } catch (e) {
        throw batchError(fn, batches, k, e as Error);
      }
      // a disk sink copies the result and writes it while the next batch is computed
      await sink(k, res);
      bytes += inBytes(batches[k]);
      progress.update(k + 1, bytes);
    }
    return;
  }

  const pool = getPool(o.processes);
  const kwargsKey = `batch-${newTaskId()}`;
  const InCtor = arrayConstructor(o.dtype);
  const OutCtor = arrayConstructor(fn.outDtype);
  // one input and one output buffer per batch in flight, plus the one being read or written
  // shared buffers: batches are large and travel all the time (see BufferRecycler)
  const spareIn = new BufferRecycler<SharedArrayBuffer>(o.processes + 1, true);
  const spareOut = new BufferRecycler<SharedArrayBuffer>(o.processes + 1, true);
  try {
    await pool.runTasks<number>({
      nWorkers: o.processes,
      // one more than the workers: the batch whose result is being handed to the writer still counts
      maxInFlight: o.processes + 1,
      produce: (seq) => {
        if (seq >= batches.length) return null;
        const b = batches[seq];
        const slots = (b.stop - b.start + 2 * o.buffer) * b.channels.length;
        const input = spareIn.take(slots * o.itemsize);
        const block = read(seq, new InCtor(input, 0, slots));
        const table = new Float64Array(UNIT_FIELDS);
        table[U_TRIAL] = seq; table[U_CHUNK] = 0; table[U_IN_SHAPE] = 0; table[U_OUT_SHAPE] = 0;
        table[U_IN_OFFSET] = 0; table[U_IN_SLOTS] = block.data.length;
        const outBuffer = spareOut.take((b.stop - b.start) * b.channels.length * OutCtor.BYTES_PER_ELEMENT);
        const message: TaskMessage = {
          taskId: newTaskId(), ref: fn.ref, kwargsKey, kwargs, // the pool strips them for workers that have them
          inDtype: o.dtype, outDtype: fn.outDtype, inShapes: [block.shape], outShapes: [outShape(b)],
          units: table, input, outBuffer,
        };
        const transfer = [table.buffer];
        return { message, transfer, tag: seq, trialOf: () => seq };
      },
      consume: (seq, reply) => {
        const b = batches[seq];
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
    const err = e as SPYComputeError;
    throw batchError(fn, batches, typeof err.trial === "number" && err.trial >= 0 ? err.trial : -1, new Error(err.original ?? err.message));
  }
}

function batchError(fn: BatchTransform, batches: BatchIndex[], k: number, e: Error): SPYComputeError {
  const where = k >= 0 && k < batches.length ? `batch ${k} (observations ${batches[k].start}..${batches[k].stop})` : "a batch";
  const err = new SPYComputeError(`${fn.name} failed on ${where}: ${e.message}`, k >= 0 ? k : undefined, e.message);
  return err;
}
