/**
 * The blocks of an output file that two neighbouring results share, joined on the main thread.
 *
 * Workers write the whole aligned blocks of their results with O_DIRECT (compute/directWriteTask.ts)
 * and send back the bytes before their first and after their last block boundary. Each block
 * boundary inside the file is shared: the block is written once every byte of it has arrived
 * (a batch may be smaller than a block, so a block can have more than two contributors), through
 * the page cache (blocks of 4 kB, a few per batch) on libuv's thread pool: a write into a part of
 * the file that the workers' direct writes have not allocated yet waits for the file's lock, which
 * a direct write holds until the device is done (about 10 ms a block, measured: 1 s of a 4 s run
 * on the main thread, which the workers then waited for). `finish` waits for the writes and checks
 * that nothing is left over.
 */
import * as fs from "fs";
import { DIRECT_ALIGN } from "../compute/directWriteTask";
import { writeFullyAsync } from "../data/storage/safeFile";
import type { EdgeBytes } from "../compute/protocol";

export class EdgeBlocks {
  private readonly pending = new Map<number, { bytes: Uint8Array; have: number }>();
  private fd: number | null = null;
  private readonly writes: Promise<void>[] = [];
  private error: unknown = null;

  /** `total`: the file's final length in bytes (the last block is shorter when it is not a multiple of the block). */
  constructor(private readonly file: string, private readonly total: number) {}

  /** Take a result's edges; starts the write of every block they complete. Throws the error of an earlier failed write. */
  add(edges: readonly EdgeBytes[]): void {
    if (this.error) throw this.error;
    for (const e of edges) {
      const src = new Uint8Array(e.bytes);
      if (e.position < 0 || e.position + src.length > this.total) throw new Error(`internal: edge bytes [${e.position}, ${e.position + src.length}) outside the file's ${this.total} bytes`);
      for (let at = 0; at < src.length;) {
        const pos = e.position + at;
        const block = Math.floor(pos / DIRECT_ALIGN) * DIRECT_ALIGN;
        const size = Math.min(DIRECT_ALIGN, this.total - block);
        const n = Math.min(src.length - at, block + size - pos);
        let entry = this.pending.get(block);
        if (!entry) this.pending.set(block, (entry = { bytes: new Uint8Array(size), have: 0 }));
        entry.bytes.set(src.subarray(at, at + n), pos - block);
        entry.have += n;
        if (entry.have > size) throw new Error(`internal: the block at ${block} received ${entry.have} bytes for ${size}`);
        if (entry.have === size) {
          if (this.fd === null) this.fd = fs.openSync(this.file, "r+");
          this.writes.push(writeFullyAsync(this.fd, entry.bytes, block).catch((err) => { this.error ??= err; }));
          this.pending.delete(block);
        }
        at += n;
      }
    }
  }

  /** Wait for the writes and close; throws a failed write's error, or when a block never got all its bytes (a result missing). */
  async finish(): Promise<void> {
    await this.settle();
    this.close();
    if (this.error) throw this.error;
    if (this.pending.size > 0) {
      const first = Math.min(...this.pending.keys());
      throw new Error(`internal: ${this.pending.size} output block(s) incomplete, the first at byte ${first}`);
    }
  }

  /** Wait for the writes started (failures are kept, not thrown). */
  async settle(): Promise<void> {
    await Promise.all(this.writes);
    this.writes.length = 0;
  }

  /** Close without checks (the failure path, after settle); never throws. */
  close(): void {
    if (this.fd === null) return;
    try { fs.closeSync(this.fd); } catch { /* already closed */ }
    this.fd = null;
  }
}
