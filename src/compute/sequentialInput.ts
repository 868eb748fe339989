/**
 * A sequential run's whole trials read straight from the source's file into one buffer reused
 * from trial to trial (as workers read theirs: ./workerInput.ts), where the source locates them
 * (`TrialSource.locateTrial`).
 *
 * Why: the source's own reader returns each trial in a fresh ArrayBuffer, and fresh memory is
 * slow to touch on this kind of VM: 100 MB of trials from the page cache took 16-24 ms that way
 * and 4.6 ms into one reused buffer (200 trials of 512 kB), ~7 % of a one-thread mtmfft run.
 *
 * The buffer lives as long as the run (`close`), so a run of huge trials does not leave one
 * behind. What a compute function returns is checked by `escapes` (a result or metadata that is
 * a view of the buffer would be overwritten by the next trial: the routine copies it first).
 */
import * as fs from "fs";
import { arrayConstructor, DType, NDArray, TypedArray } from "../core/ndarray";
import type { FileSpan } from "../core/computeTypes";
import { readFully } from "../data/storage/safeFile";
import { allocSize } from "./protocol";

export class SequentialInput {
  private buffer: ArrayBuffer | null = null;
  private fd: number | null = null;
  private path: string | null = null;

  /** The trial at `span` (exactly its values, C order) as [shape] of `dtype`; valid until the next read. */
  read(span: FileSpan, shape: number[], dtype: DType): NDArray {
    if (this.path !== span.path) {
      this.close();
      this.fd = fs.openSync(span.path, "r");
      this.path = span.path;
    }
    if (this.buffer === null || this.buffer.byteLength < span.bytes) {
      this.buffer = null; // let the old one go before the new one is made
      this.buffer = new ArrayBuffer(allocSize(span.bytes));
    }
    readFully(this.fd!, new Uint8Array(this.buffer, 0, span.bytes), span.position, span.path);
    const Ctor = arrayConstructor(dtype);
    const data = new Ctor(this.buffer, 0, span.bytes / Ctor.BYTES_PER_ELEMENT) as TypedArray;
    return { data, shape, dtype };
  }

  /** Whether `a` is a view of the reused buffer (a result that must be copied before the next read). */
  escapes(a: unknown): boolean {
    return this.buffer !== null && ArrayBuffer.isView(a) && a.buffer === this.buffer;
  }

  /** Close the file and let the buffer go. */
  close(): void {
    this.buffer = null;
    this.path = null;
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    fs.closeSync(fd);
  }
}
