/**
 * A one-unit task whose result the worker writes into the output file itself, with O_DIRECT, in
 * the background while it computes its next task (a batch run's band-pass on workers).
 *
 * Why: a batch run's float32 output is twice its int16 input. Sent back to the main thread, every
 * result was copied there into page-aligned staging and written from it: a second copy of the
 * whole output on a third thread, on a 2-core machine where both workers compute (the main thread
 * spent 1 s of a 4 s run copying). Here the compute function writes its result into page-aligned
 * memory at the byte offset the result has in its file block (ctx.out), and the worker hands the
 * whole-block middle of it to the device as it is: no copy at all.
 *
 * O_DIRECT writes whole blocks at block-aligned file offsets from aligned memory. A result starts
 * and ends inside blocks its neighbours share, so the worker writes only [alignUp(start),
 * alignDown(end)) and sends the two partial edge blocks back in the reply; the main thread joins
 * neighbours' edges into whole blocks (batch/edgeBlocks.ts). Where the file system refuses
 * O_DIRECT (tmpfs: EINVAL), the middle goes through the page cache, the edges still to the main
 * thread; a run whose output was not opened with O_DIRECT sends `outDirect: false`, and the
 * workers write everything through the page cache.
 *
 * The task's reply waits for its write, so a failed write (a full disk) fails that task and the
 * run; the worker meanwhile starts its next task (the pool gives each worker two at a time), in
 * the other of its two result buffers.
 */
import * as fs from "fs";
import { performance } from "perf_hooks";
import { DType, NDArray, TypedArray, arrayConstructor, shapeSize, slotsPerElement } from "../core/ndarray";
import { newMemory, WasmMemory } from "../wasm/wasmApi";
import { writeFullyAsync } from "../data/storage/safeFile";
import type { ComputeFunction } from "../core/computeTypes";
import { checkResult, errorParts, parseComputeReturn } from "./ndutil";
import { TaskMessage, TaskReply, UNIT_FIELDS, U_TRIAL, U_IN_SHAPE, U_OUT_SHAPE, EdgeBytes } from "./protocol";
import { TaskInputs } from "./workerInput";

/** The block O_DIRECT aligns to: covers 512 and 4096 byte devices (as batch/directFile.ts). */
export const DIRECT_ALIGN = 4096;

const alignUp = (n: number) => Math.ceil(n / DIRECT_ALIGN) * DIRECT_ALIGN;
const alignDown = (n: number) => Math.floor(n / DIRECT_ALIGN) * DIRECT_ALIGN;

/** Page-aligned memory a result is computed into; two per worker at most (the pool's depth), two on a one-thread batch run. */
export class AlignedBuffer {
  private memory: WasmMemory | null = null;
  private plain: ArrayBuffer | null = null;

  /** At least `bytes` of memory; page-aligned when WebAssembly memory could be had. */
  get(bytes: number): { buffer: ArrayBuffer; aligned: boolean } {
    const pages = Math.ceil(bytes / 65536);
    try {
      if (this.memory === null) this.memory = newMemory(pages);
      else if (this.memory.buffer.byteLength < pages * 65536) this.memory.grow(pages - this.memory.buffer.byteLength / 65536);
      if (this.memory) return { buffer: this.memory.buffer, aligned: true };
    } catch {
      // no WebAssembly memory that large to be had (wasm32 stops at 4 GB): a plain buffer,
      // written through the page cache
    }
    if (this.plain === null || this.plain.byteLength < bytes) this.plain = new ArrayBuffer(bytes);
    return { buffer: this.plain, aligned: false };
  }

  /** Bytes held (wasm memory never shrinks: the most it was ever asked for, rounded up to 64 kB). */
  get bytesHeld(): number {
    return (this.memory?.buffer.byteLength ?? 0) + (this.plain?.byteLength ?? 0);
  }
}

const free: AlignedBuffer[] = [];

/** The start of a failed task's message when its write failed (not its computation); the errno code follows. */
export const WRITE_FAILED = "writing the output failed: ";

/** The errno error behind a failed task's message, when it was the write that failed (else null). */
export function writeFailureOf(message: string): NodeJS.ErrnoException | null {
  if (!message.startsWith(WRITE_FAILED)) return null;
  const rest = message.slice(WRITE_FAILED.length);
  const code = /^(E[A-Z]+)\b/.exec(rest)?.[1];
  return Object.assign(new Error(rest), code ? { code } : {});
}

/** The bytes of [start, end) of the file that are not whole aligned blocks: the head and tail edges. */
export function edgesOf(start: number, end: number): { head: [number, number] | null; body: [number, number]; tail: [number, number] | null } {
  const a = Math.min(end, alignUp(start));
  const b = Math.max(a, alignDown(end));
  return { head: a > start ? [start, a] : null, body: [a, b], tail: end > b ? [b, end] : null };
}

function isDirectRefusal(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === "EINVAL";
}

/** Open `file` for positioned writes, with O_DIRECT when asked and the file system allows it. */
function openFor(file: string, direct: boolean): { fd: number; direct: boolean } {
  const O_DIRECT = (fs.constants as Record<string, number>).O_DIRECT;
  if (direct && typeof O_DIRECT === "number") {
    try {
      return { fd: fs.openSync(file, fs.constants.O_WRONLY | O_DIRECT), direct: true };
    } catch (e) {
      if (!isDirectRefusal(e)) throw e;
    }
  }
  return { fd: fs.openSync(file, "r+"), direct: false };
}

/**
 * Write `bytes` (the result, at file offset `position`) into `file`. `direct`: only its whole
 * blocks, with O_DIRECT when its memory is aligned like the file (else, or when the file system
 * refuses, through the page cache), and the partial edge blocks are returned for the main thread,
 * always, so that every shared block is joined there. Not `direct`: all of it through the page
 * cache, no edges.
 */
export async function writeResult(file: string, position: number, bytes: Uint8Array, direct: boolean): Promise<EdgeBytes[]> {
  if (!direct) {
    const fd = fs.openSync(file, "r+");
    try { await writeFullyAsync(fd, bytes, position); } finally { fs.closeSync(fd); }
    return [];
  }
  const { head, body, tail } = edgesOf(position, position + bytes.length);
  if (body[1] > body[0]) {
    const middle = bytes.subarray(body[0] - position, body[1] - position);
    const f = openFor(file, middle.byteOffset % DIRECT_ALIGN === 0);
    try {
      await writeFullyAsync(f.fd, middle, body[0]);
    } catch (e) {
      if (!f.direct || !isDirectRefusal(e)) throw e;
      // refused at the first write (some file systems take the flag, not the I/O)
      const plain = fs.openSync(file, "r+");
      try { await writeFullyAsync(plain, middle, body[0]); } finally { fs.closeSync(plain); }
    } finally {
      fs.closeSync(f.fd);
    }
  }
  const edges: EdgeBytes[] = [];
  for (const edge of [head, tail]) {
    if (edge) edges.push({ position: edge[0], bytes: bytes.slice(edge[0] - position, edge[1] - position).buffer });
  }
  return edges;
}

/**
 * Call `cF` with ctx.out in `slot`'s memory at the same offset from a block boundary as the
 * result's place in the file (`position`), so that its whole blocks can go to the device as they
 * are; returns the result's bytes there (a result the function made elsewhere is copied in).
 */
export function computeInPlace(cF: ComputeFunction, input: NDArray, kwargs: Record<string, unknown>, trial: number,
                               outShape: number[], outDtype: DType, position: number, slot: AlignedBuffer): Uint8Array {
  const OutCtor = arrayConstructor(outDtype);
  const slots = shapeSize(outShape) * slotsPerElement(outDtype);
  const nBytes = slots * OutCtor.BYTES_PER_ELEMENT;
  const lead = position % DIRECT_ALIGN;
  const mem = slot.get(lead + nBytes); // not aligned: writeResult sees it and uses the page cache
  const place = new OutCtor(mem.buffer, lead, slots);
  const res = cF(input, kwargs, { noCompute: false, trial, out: place });
  const out = checkResult(parseComputeReturn(res).out, outShape, outDtype).data;
  if (out.buffer !== place.buffer || out.byteOffset !== place.byteOffset) place.set(out);
  return new Uint8Array(mem.buffer, lead, nBytes);
}

/**
 * Run a task of one unit whose result goes to `task.outFile` at `task.outPositions[0]` (see the
 * file's comment). `cF` and `kwargs` are resolved by the caller (worker.ts).
 */
export async function runDirectWriteTask(task: TaskMessage, cF: ComputeFunction, kwargs: Record<string, unknown>): Promise<{ reply: TaskReply; transfer: ArrayBuffer[] }> {
  const t0 = performance.now();
  const units = task.units;
  const trial = units.length >= UNIT_FIELDS ? units[U_TRIAL] : -1;
  const fail = (e: unknown): { reply: TaskReply; transfer: ArrayBuffer[] } => {
    if (task.progress) Atomics.compareExchange(new Int32Array(task.progress), 0, task.taskId, -1);
    return { reply: { ok: false, taskId: task.taskId, unit: 0, trial, ...errorParts(e), workerMs: performance.now() - t0 }, transfer: [] };
  };
  if (units.length !== UNIT_FIELDS || task.outFile === undefined || task.outPositions === undefined || !(task.outPositions[0] >= 0)) {
    return fail(new Error("internal: a direct-write task has one unit and its place in an output file"));
  }
  // the pool's progress word: which task is computing, so that a worker that ends names it (not
  // the task before, whose write may still be running); cleared before this task awaits its write
  const progress = task.progress ? new Int32Array(task.progress) : undefined;
  if (progress) {
    Atomics.store(progress, 1, 0);
    Atomics.store(progress, 0, task.taskId);
  }
  const slot = free.pop() ?? new AlignedBuffer();
  try {
    // from the file into the worker's own memory (./workerInput.ts), else the main thread's copy in the task's buffer
    const inputs = new TaskInputs(task);
    let data: TypedArray;
    try { data = inputs.unit(0); } finally { inputs.close(); }
    const outShape = task.outShapes[units[U_OUT_SHAPE]];
    const position = task.outPositions[0];
    const bytes = computeInPlace(cF, { data, shape: task.inShapes[units[U_IN_SHAPE]], dtype: task.inDtype }, kwargs, trial, outShape, task.outDtype, position, slot);
    if (progress) Atomics.store(progress, 0, -1);
    let edges: EdgeBytes[];
    try {
      edges = await writeResult(task.outFile, position, bytes, task.outDirect === true);
    } catch (e) {
      return fail(new Error(`${WRITE_FAILED}${(e as Error).message}`));
    }
    const transfer = edges.map((e) => e.bytes);
    if (task.input instanceof ArrayBuffer) transfer.push(task.input);
    const offsets = new Float64Array([-1]);
    transfer.push(offsets.buffer);
    return { reply: { ok: true, taskId: task.taskId, output: new ArrayBuffer(0), offsets, input: task.input, edges, workerMs: performance.now() - t0 }, transfer };
  } catch (e) {
    return fail(e);
  } finally {
    free.push(slot);
  }
}
