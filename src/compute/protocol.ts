/**
 * Messages between the pool (main thread) and the worker entry point. Internal to src/compute.
 *
 * A task carries a group of work units (trials or trial x channel blocks). Their input data are
 * copied into ONE ArrayBuffer that is transferred, never structured-cloned; results come back packed
 * into one ArrayBuffer the same way. Buffers travel back and forth and are reused (fresh memory
 * costs a page fault per 4 kB on first touch, as much as the copy). The per-unit table is a
 * Float64Array (also transferred) rather than an array of objects, so 180 000 tiny trials cost no
 * object cloning.
 */
import type { DType } from "../core/ndarray";
import type { ComputeFunctionRef, MetadataValue } from "../core/computeTypes";
import type { ErrorParts } from "./ndutil";

/** Fields per unit in `TaskMessage.units`. */
export const UNIT_FIELDS = 6;
/** Offsets of the fields in one unit record. */
export const U_TRIAL = 0;      // original trial index (messages, ctx.trial)
export const U_CHUNK = 1;      // chunk (channel block) index within the trial
export const U_IN_SHAPE = 2;   // index into TaskMessage.inShapes
export const U_OUT_SHAPE = 3;  // index into TaskMessage.outShapes (the shape the dry run announced)
export const U_IN_OFFSET = 4;  // byte offset of the unit's input in TaskMessage.input
export const U_IN_SLOTS = 5;   // number of typed-array slots of the unit's input (complex: 2 per element)

/** Alignment of every packed array, in bytes (enough for Float64Array). */
export const PACK_ALIGN = 8;

export function alignUp(n: number, a = PACK_ALIGN): number {
  return Math.ceil(n / a) * a;
}

/** Size to allocate for a buffer of `bytes` that will be recycled: up to 25 % headroom, so that the next, slightly larger task still fits. */
export function allocSize(bytes: number): number {
  const step = bytes > 65536 ? 2 ** (Math.floor(Math.log2(bytes)) - 2) : PACK_ALIGN;
  return Math.ceil(bytes / step) * step;
}

export interface TaskMessage {
  taskId: number;
  ref: ComputeFunctionRef;
  /** Workers cache kwargs by this key; `kwargs` is left out once a worker has seen the key. */
  kwargsKey: string;
  kwargs?: Record<string, unknown>;
  inDtype: DType;
  outDtype: DType;
  chunkShape?: number[];
  inShapes: number[][];
  outShapes: number[][];
  units: Float64Array;
  /** Transferred, or shared (a SharedArrayBuffer goes back and forth without a transfer). */
  input: ArrayBuffer | SharedArrayBuffer;
  /**
   * Direct input: the file the worker reads some units' inputs from itself, and per unit the byte
   * position of its values (-1: the main thread copied them into `input`). The worker reads them
   * into its own, unshared memory (workerInput.ts); such a unit has no place in `input`
   * (U_IN_OFFSET -1, U_IN_SLOTS its size). See core/computeTypes TrialSource.locateTrial.
   */
  inFile?: string;
  inPositions?: Float64Array;
  /** A recycled buffer the worker may pack the results into (when it is large enough). */
  outBuffer?: ArrayBuffer | SharedArrayBuffer;
  /**
   * Direct output: the file whole-trial results are written to by the worker itself, and per unit
   * the byte position (-1: pack the result into `output` as usual). See core/computeTypes DirectTarget.
   */
  outFile?: string;
  outPositions?: Float64Array;
  /**
   * A one-unit task whose result the worker writes to outFile itself, whole blocks with O_DIRECT
   * where allowed, returning the partial edge blocks in the reply (compute/directWriteTask.ts).
   * false: the same task written through the page cache (no edges).
   */
  outDirect?: boolean;
  /** Int32Array(2) on a SharedArrayBuffer: [taskId being run or -1, unit index being run]. */
  progress?: SharedArrayBuffer;
}

/** Bytes of an output file the worker left to the main thread: they share a block with a neighbour's. */
export interface EdgeBytes {
  position: number;
  bytes: ArrayBuffer;
}

export interface TaskReplyOk {
  ok: true;
  taskId: number;
  /** All unit results, packed; unit i starts at byte offsets[i] (-1: written to the task's outFile). */
  output: ArrayBuffer | SharedArrayBuffer;
  offsets: Float64Array;
  /** The task's input buffer, handed back for reuse. */
  input?: ArrayBuffer | SharedArrayBuffer;
  /** [unit index, metadata] for the units whose compute function returned metadata. */
  meta?: Array<[number, Record<string, MetadataValue>]>;
  /** A direct-write task's edges (TaskMessage.outDirect). */
  edges?: EdgeBytes[];
  /** Time spent in the worker on this task (unpacking, compute, packing), ms. */
  workerMs: number;
}

/** A failed task: which unit failed, and its error as ndutil's ErrorParts. */
export interface TaskReplyErr extends ErrorParts {
  ok: false;
  taskId: number;
  /** Index of the failing unit in the task. */
  unit: number;
  /** Original trial index of the failing unit. */
  trial: number;
  workerMs: number;
}

export type TaskReply = TaskReplyOk | TaskReplyErr;

/** The module the worker exposes. */
export interface WorkerApi {
  run(task: TaskMessage): TaskReply;
  ping(): number;
}
