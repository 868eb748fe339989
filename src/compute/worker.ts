/**
 * The threads.js worker entry point (`expose`).
 *
 * A task names a compute function by `ComputeFunctionRef` (the worker `require`s the module once and
 * caches it), carries kwargs (plain JSON, cached by key so a run sends them once per worker) and a
 * group of work units (trials or trial x channel blocks) whose input data arrive packed in one
 * transferred ArrayBuffer. The results (validated against the shapes the dry run announced) come back
 * packed into one transferred ArrayBuffer (fresh, or a recycled one the main thread sent along), and
 * the input buffer goes back too, for reuse; Float64Array metadata values are copied and transferred.
 * Nothing owned by the compute function is ever transferred (it may be a cache).
 *
 * A compute function that throws does not throw out of the worker: the reply says which unit and
 * trial failed, with the original name, message and stack, and the worker stays usable.
 *
 * Under jest `new Worker("./worker")` in pool.ts resolves to this .ts file through ts-node; from dist
 * it is dist/compute/worker.js.
 */
import * as fs from "fs";
import { performance } from "perf_hooks";
import { DType, arrayConstructor, shapeSize, slotsPerElement, TypedArray } from "../core/ndarray";
import { OutputMemory } from "./outputMemory";
import { writeFully } from "../data/storage/safeFile";
import { loadThreadsWorker } from "./threadsLoader";
import {
  TaskMessage, TaskReply, TaskReplyErr, UNIT_FIELDS, U_TRIAL, U_IN_SHAPE, U_OUT_SHAPE, alignUp, allocSize,
} from "./protocol";
import type { ComputeFunction, ComputeFunctionRef, MetadataValue } from "../core/computeTypes";
import { checkResult, errorParts, parseComputeReturn } from "./ndutil";
import { runDirectWriteTask } from "./directWriteTask";
import { TaskInputs } from "./workerInput";

const modules = new Map<string, Record<string, unknown>>();
// per output dtype, the memory results written straight to the file are computed in (kept across
// tasks: one worker's overhead is its largest such result)
const directMemories = new Map<DType, OutputMemory>();
function directMemory(dtype: DType): OutputMemory {
  let m = directMemories.get(dtype);
  if (!m) directMemories.set(dtype, (m = new OutputMemory(dtype)));
  return m;
}
const kwargsCache = new Map<string, Record<string, unknown>>();
const KWARGS_CACHE_SIZE = 16;

/** Find the compute function a ref names (the module is required once). Exported for tests. */
export function resolveComputeFunction(ref: ComputeFunctionRef): ComputeFunction {
  let mod = modules.get(ref.module);
  if (!mod) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(ref.module) as Record<string, unknown>;
    modules.set(ref.module, mod);
  }
  const fn = mod[ref.name];
  if (typeof fn !== "function") {
    throw new Error(`module ${ref.module} has no exported function '${ref.name}'`);
  }
  return fn as ComputeFunction;
}

function kwargsFor(task: TaskMessage): Record<string, unknown> {
  if (task.kwargs) {
    kwargsCache.delete(task.kwargsKey);
    kwargsCache.set(task.kwargsKey, task.kwargs);
    while (kwargsCache.size > KWARGS_CACHE_SIZE) kwargsCache.delete(kwargsCache.keys().next().value as string);
    return task.kwargs;
  }
  const kw = kwargsCache.get(task.kwargsKey);
  if (!kw) throw new Error(`internal: kwargs '${task.kwargsKey}' were never sent to this worker`);
  return kw;
}

/** The task's compute function and kwargs (throws when the module or the cached kwargs are missing). */
function taskFunction(task: TaskMessage): { cF: ComputeFunction; kwargs: Record<string, unknown> } {
  return { kwargs: kwargsFor(task), cF: resolveComputeFunction(task.ref) };
}

/** Run one task. Returns the reply and the buffers to transfer. Exported for tests (runs in any thread). */
export function runTask(task: TaskMessage): { reply: TaskReply; transfer: ArrayBuffer[] } {
  let t0 = performance.now();
  const units = task.units;
  const nUnits = Math.floor(units.length / UNIT_FIELDS);
  const progress = task.progress ? new Int32Array(task.progress) : undefined;
  if (progress) {
    Atomics.store(progress, 1, 0);
    Atomics.store(progress, 0, task.taskId);
  }
  const fail = (unit: number, e: unknown): { reply: TaskReplyErr; transfer: ArrayBuffer[] } => {
    if (progress) Atomics.store(progress, 0, -1);
    const trial = nUnits > 0 ? units[Math.min(unit, nUnits - 1) * UNIT_FIELDS + U_TRIAL] : -1;
    return { reply: { ok: false, taskId: task.taskId, unit, trial, ...errorParts(e), workerMs: performance.now() - t0 }, transfer: [] };
  };

  let fn: { cF: ComputeFunction; kwargs: Record<string, unknown> };
  try {
    fn = taskFunction(task);
  } catch (e) {
    return fail(0, e);
  }
  const { cF, kwargs } = fn;
  // the task's time (which sizes later tasks) leaves out loading the compute function's module once
  t0 = performance.now();
  const OutCtor = arrayConstructor(task.outDtype);
  const direct = task.outFile !== undefined && task.outPositions !== undefined ? new DirectWriter(task.outFile, task.outPositions) : null;
  // The reply's layout is known before anything runs (the dry run gave every shape): each result
  // not written to the file directly has its place in one buffer, a fresh one or a recycled one
  // the main thread offered, and the compute function is offered that place as ctx.out, so a
  // result written there needs no copy. Direct results share one per-worker buffer instead.
  const offsets = new Float64Array(nUnits);
  const slots = new Float64Array(nUnits);
  const spe = slotsPerElement(task.outDtype);
  let bytes = 0;
  for (let i = 0; i < nUnits; i++) {
    slots[i] = shapeSize(task.outShapes[units[i * UNIT_FIELDS + U_OUT_SHAPE]]) * spe;
    if (direct?.has(i)) {
      offsets[i] = -1;
      continue;
    }
    offsets[i] = bytes;
    bytes = alignUp(bytes + slots[i] * OutCtor.BYTES_PER_ELEMENT);
  }
  const output = task.outBuffer && task.outBuffer.byteLength >= bytes ? task.outBuffer : new ArrayBuffer(allocSize(bytes));
  const scratch = direct ? directMemory(task.outDtype) : null;
  const inputs = new TaskInputs(task);
  let meta: Array<[number, Record<string, MetadataValue>]> | undefined;
  const transfer: ArrayBuffer[] = [];
  for (let i = 0; i < nUnits; i++) {
    const b = i * UNIT_FIELDS;
    const trial = units[b + U_TRIAL];
    if (progress) Atomics.store(progress, 1, i);
    try {
      // from the file into the worker's own memory, else the main thread's copy in the task's buffer
      const data = inputs.unit(i);
      const place = offsets[i] < 0 ? scratch!.view(slots[i]) : new OutCtor(output, offsets[i], slots[i]);
      const res = cF({ data, shape: task.inShapes[units[b + U_IN_SHAPE]], dtype: task.inDtype }, kwargs,
        { noCompute: false, chunkShape: task.chunkShape, trial, out: place });
      const parsed = parseComputeReturn(res);
      const out = checkResult(parsed.out, task.outShapes[units[b + U_OUT_SHAPE]], task.outDtype).data;
      if (offsets[i] < 0) direct!.write(i, out);
      else if (out.buffer !== place.buffer || out.byteOffset !== place.byteOffset) place.set(out);
      if (parsed.metadata) {
        const m: Record<string, MetadataValue> = {};
        for (const [key, v] of Object.entries(parsed.metadata)) {
          if (v instanceof Float64Array) {
            const c = v.slice();          // a fresh buffer: never detach one the compute function owns
            transfer.push(c.buffer);
            m[key] = c;
          } else {
            m[key] = v;
          }
        }
        (meta ??= []).push([i, m]);
      }
    } catch (e) {
      inputs.close();
      direct?.close();
      return fail(i, e);
    }
  }
  try {
    inputs.close();
    direct?.close();
  } catch (e) {
    return fail(nUnits - 1, e);
  }
  // The results were copied out of the input (a compute function may return a view of it), so
  // the input buffer can go back to the main thread for reuse.
  transfer.push(offsets.buffer);
  // shared buffers are not transferred (they are the same memory on both sides)
  if (output instanceof ArrayBuffer) transfer.push(output);
  if (task.input instanceof ArrayBuffer) transfer.push(task.input);
  if (progress) Atomics.store(progress, 0, -1);
  return {
    reply: { ok: true, taskId: task.taskId, output, offsets, input: task.input, meta, workerMs: performance.now() - t0 },
    transfer,
  };
}

/**
 * A task that writes its one result into the output file itself (./directWriteTask.ts), in the
 * background: its reply comes when the write is done, and the worker takes its next task meanwhile.
 */
export function runDirect(task: TaskMessage): Promise<{ reply: TaskReply; transfer: ArrayBuffer[] }> {
  let fn: { cF: ComputeFunction; kwargs: Record<string, unknown> };
  try {
    fn = taskFunction(task);
  } catch (e) {
    const trial = task.units.length >= UNIT_FIELDS ? task.units[U_TRIAL] : -1;
    return Promise.resolve({ reply: { ok: false, taskId: task.taskId, unit: 0, trial, ...errorParts(e), workerMs: 0 }, transfer: [] });
  }
  return runDirectWriteTask(task, fn.cF, fn.kwargs);
}

/**
 * A task's positioned writes of whole-trial results into the output file (opened on first use,
 * closed at the end of the task, so no descriptor outlives the run and keeps a removed file alive).
 */
class DirectWriter {
  private fd: number | null = null;
  constructor(private readonly path: string, private readonly positions: Float64Array) {}

  /** Whether unit i's result has a place in the file. */
  has(i: number): boolean {
    return this.positions[i] >= 0;
  }

  /** Write unit i's result at its place (only for units that `has` one). */
  write(i: number, data: TypedArray): void {
    if (this.fd === null) this.fd = fs.openSync(this.path, "r+");
    writeFully(this.fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), this.positions[i]);
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    fs.closeSync(fd);
  }
}

// Only expose when running as a worker, so tests can import runTask in the main thread.
// eslint-disable-next-line @typescript-eslint/no-require-imports
if (!require("worker_threads").isMainThread) {
  const { expose, Transfer } = loadThreadsWorker();
  expose({
    run(task: TaskMessage) {
      if (task.outDirect !== undefined) return runDirect(task).then(({ reply, transfer }) => Transfer(reply, transfer));
      const { reply, transfer } = runTask(task);
      return Transfer(reply, transfer);
    },
    ping() {
      return process.pid;
    },
  });
}
