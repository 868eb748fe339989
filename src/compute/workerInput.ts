/**
 * A task's inputs as a worker sees them: a unit whose values lie in the source's file (the task's
 * `inFile` / `inPositions`) is read there into the worker's own memory; any other unit is the main
 * thread's copy at its place in the task's shared buffer.
 *
 * Why the worker's own memory and not the task's SharedArrayBuffer: V8 copies out of a shared
 * buffer (TypedArray.set, as every wasm driver does to stage its input) with relaxed atomic loads,
 * measured here at 3.6-6.5 GB/s for an int16 block that stays in cache against ~50 GB/s from an
 * unshared one; two batch workers spent ~0.3 s of a 2.2 s band-pass in that staging copy. One
 * buffer per worker, grown to its largest input and reused: a compute function is done with its
 * input before the worker reads the next one (the compute is synchronous; only the direct writes
 * run on in the background, from their own memory).
 */
import * as fs from "fs";
import { arrayConstructor, DType, TypedArray } from "../core/ndarray";
import { readFully } from "../data/storage/safeFile";
import { TaskMessage, UNIT_FIELDS, U_IN_OFFSET, U_IN_SLOTS, allocSize } from "./protocol";

let own: ArrayBuffer | null = null;

/** `slots` values (typed-array elements) of `dtype` in this worker's own input memory (contents undefined). */
function ownInput(dtype: DType, slots: number): TypedArray {
  const Ctor = arrayConstructor(dtype);
  const bytes = slots * Ctor.BYTES_PER_ELEMENT;
  if (own === null || own.byteLength < bytes) {
    own = null; // let the old one go before the new one is made
    own = new ArrayBuffer(allocSize(bytes));
  }
  return new Ctor(own, 0, slots);
}

/** One task's unit inputs; the file is opened on first use and closed by `close()`. */
export class TaskInputs {
  private fd: number | null = null;
  constructor(private readonly task: TaskMessage) {}

  /** Unit i's input values (valid until the next call). */
  unit(i: number): TypedArray {
    const { task } = this;
    const b = i * UNIT_FIELDS;
    const slots = task.units[b + U_IN_SLOTS];
    const pos = task.inFile !== undefined && task.inPositions !== undefined ? task.inPositions[i] : -1;
    if (!(pos >= 0)) return new (arrayConstructor(task.inDtype))(task.input, task.units[b + U_IN_OFFSET], slots);
    const data = ownInput(task.inDtype, slots);
    if (this.fd === null) this.fd = fs.openSync(task.inFile!, "r");
    readFully(this.fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), pos, task.inFile!);
    return data;
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    fs.closeSync(fd);
  }
}
