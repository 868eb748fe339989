/**
 * Buffers that travel to workers and back (transferred, never cloned) are reused: fresh memory
 * costs a page fault per 4 kB on first touch, as much as the copy itself. Used by the compute
 * engine and by the batch processor's parallel runs.
 */
import { allocSize } from "./protocol";

/** A small free list of ArrayBuffers, reused for tasks of similar size. */
export class BufferRecycler {
  private free: ArrayBuffer[] = [];
  constructor(private readonly max: number) {}
  /** A buffer of at least `bytes` (not zeroed when reused); `optional`: undefined rather than a new one. */
  take(bytes: number): ArrayBuffer;
  take(bytes: number, optional: true): ArrayBuffer | undefined;
  take(bytes: number, optional = false): ArrayBuffer | undefined {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const n = this.free[i].byteLength;
      // big enough, but not wastefully big (a huge buffer would be pinned by a tiny task)
      if (n >= bytes && n <= 2 * bytes + 4096 && (best < 0 || n < this.free[best].byteLength)) best = i;
    }
    if (best >= 0) {
      this.hits++;
      return this.free.splice(best, 1)[0];
    }
    if (optional) return undefined;
    this.misses++;
    return new ArrayBuffer(allocSize(bytes));
  }
  hits = 0;
  misses = 0;
  give(buf: ArrayBuffer): void {
    if (buf.byteLength === 0) return;
    this.free.push(buf);
    if (this.free.length > this.max) this.free.shift();
  }
}
