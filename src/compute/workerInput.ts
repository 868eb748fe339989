/**
 * A worker's own memory for the inputs it reads from a file itself (whole trials, batch blocks).
 *
 * Not the task's SharedArrayBuffer: V8 copies out of a shared buffer (TypedArray.set, as every
 * wasm driver does into its memory) with relaxed atomic loads, element by element, measured here
 * at 3.6-6.5 GB/s for an int16 block that stays in cache against ~50 GB/s from an unshared one. The
 * batch band-pass copies each block's rows once per channel group, so two workers spent ~0.3 s of
 * a 2.2 s run in that copy. One buffer per worker, grown to its largest input and reused: a task's
 * compute function is done with its input before the worker reads the next one (the compute is
 * synchronous; only the direct writes run on in the background, from their own memory).
 */
import { arrayConstructor, DType, TypedArray } from "../core/ndarray";
import { allocSize } from "./protocol";

let own: ArrayBuffer | null = null;

/** `slots` values (typed-array elements) of `dtype` in this worker's own input memory (contents undefined). */
export function ownInput(dtype: DType, slots: number): TypedArray {
  const Ctor = arrayConstructor(dtype);
  const bytes = slots * Ctor.BYTES_PER_ELEMENT;
  if (own === null || own.byteLength < bytes) {
    own = null; // let the old one go before the new one is made
    own = new ArrayBuffer(allocSize(bytes));
  }
  return new Ctor(own, 0, slots);
}

/** The bytes of the worker's input memory (0 before the first file read): its overhead. */
export function ownInputBytes(): number {
  return own === null ? 0 : own.byteLength;
}
