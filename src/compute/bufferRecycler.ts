/**
 * Buffers that travel to workers and back (transferred, never cloned) are reused: fresh memory
 * costs a page fault per 4 kB on first touch, as much as the copy itself. Used by the compute
 * engine and by the batch processor's parallel runs.
 */
import { allocSize } from "./protocol";

/**
 * A small free list of ArrayBuffers, reused for tasks of similar size. `shared`: SharedArrayBuffers,
 * which go to workers and back without a transfer. That matters for large buffers travelling often:
 * every ArrayBuffer that arrives by transfer counts as newly allocated external memory in the
 * receiving isolate, and V8 answers the growth with full garbage collections (measured: 26
 * mark-compacts, 0.3 s of the main thread, in one 460 MB batch band-pass on two workers).
 */
export class BufferRecycler<B extends ArrayBuffer | SharedArrayBuffer = ArrayBuffer> {
  private free: B[] = [];
  /** Bytes of the free buffers held. */
  private held = 0;
  /** At most `max` free buffers and `maxBytes` bytes of them are held (the oldest go first). */
  constructor(private readonly max: number, private readonly shared = false, private readonly maxBytes = Infinity) {}
  /** A buffer of at least `bytes` (not zeroed when reused); `optional`: undefined rather than a new one. */
  take(bytes: number): B;
  take(bytes: number, optional: true): B | undefined;
  take(bytes: number, optional = false): B | undefined {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const n = this.free[i].byteLength;
      // big enough, but not wastefully big (a huge buffer would be pinned by a tiny task)
      if (n >= bytes && n <= 2 * bytes + 4096 && (best < 0 || n < this.free[best].byteLength)) best = i;
    }
    if (best >= 0) {
      this.hits++;
      const buf = this.free.splice(best, 1)[0];
      this.held -= buf.byteLength;
      return buf;
    }
    if (optional) return undefined;
    this.misses++;
    return (this.shared ? new SharedArrayBuffer(allocSize(bytes)) : new ArrayBuffer(allocSize(bytes))) as B;
  }
  hits = 0;
  misses = 0;
  give(buf: B): void {
    if (buf.byteLength === 0) return;
    this.free.push(buf);
    this.held += buf.byteLength;
    while (this.free.length > this.max || (this.held > this.maxBytes && this.free.length > 0)) this.held -= this.free.shift()!.byteLength;
  }

  /** Bytes of the free buffers held now. */
  get bytesHeld(): number {
    return this.held;
  }
}
