/**
 * The memory a run offers its compute function for each result (ComputeContext.out): one buffer,
 * grown to the largest result seen, handed out again for every call whose result is copied away
 * before the next one. A fresh result array per call costs its zeroing, a page fault per 4 kB on
 * first touch and the garbage collections that external memory triggers (measured: 0.1 s of a
 * 1.1 s Morlet run of 200 trials with 2 MB results).
 */
import { DType, TypedArray, arrayConstructor } from "../core/ndarray";
import { allocSize } from "./protocol";

export class OutputMemory {
  private buffer: ArrayBuffer | null = null;
  private readonly Ctor: ReturnType<typeof arrayConstructor>;
  constructor(dtype: DType) {
    this.Ctor = arrayConstructor(dtype);
  }

  /** `slots` values of the dtype's array type (contents left from the previous call). */
  view(slots: number): TypedArray {
    const bytes = slots * this.Ctor.BYTES_PER_ELEMENT;
    if (this.buffer === null || this.buffer.byteLength < bytes) this.buffer = new ArrayBuffer(allocSize(bytes));
    return new this.Ctor(this.buffer, 0, slots);
  }
}
