/**
 * Inputs read from a file into one unshared buffer reused from read to read: a worker's whole
 * trials (or batch blocks) that lie in the source's file (./workerInput.ts), and a sequential
 * run's (routine.ts `computeSequential`, where the source locates its trials: `locateTrial`).
 *
 * Why one reused buffer: fresh memory is slow to touch on this kind of VM (the source's own reader
 * returns each trial in a fresh ArrayBuffer: 100 MB of trials from the page cache took 16-24 ms
 * that way and 4.6 ms into one reused buffer, ~7 % of a one-thread mtmfft run).
 * Why unshared (not a task's SharedArrayBuffer): V8 copies out of a shared buffer (TypedArray.set,
 * as every wasm driver does to stage its input) with relaxed atomic loads, measured at
 * 3.6-6.5 GB/s for an int16 block that stays in cache against ~50 GB/s from an unshared one.
 *
 * A read is valid until the next one: the compute functions are synchronous and done with their
 * input before the caller reads the next. What they return may still be a view of the buffer;
 * `escapes` says so, and the caller copies it. The file stays open across reads of the same path;
 * `closeFile` closes it (a worker after each task: the buffer stays for the worker's life),
 * `release` also lets the buffer go (a sequential run at its end).
 */
import * as fs from "fs";
import { SPYIOError } from "../core/errors";
import { arrayConstructor, DType, TypedArray } from "../core/ndarray";
import { readFully } from "../data/storage/safeFile";
import { allocSize } from "./protocol";

export class ReusedInput {
  private buffer: ArrayBuffer | null = null;
  private fd: number | null = null;
  private path: string | null = null;

  /** `slots` values of `dtype` read at byte `position` of `path` (contents exactly the file's). */
  read(path: string, position: number, dtype: DType, slots: number): TypedArray {
    const Ctor = arrayConstructor(dtype);
    const bytes = slots * Ctor.BYTES_PER_ELEMENT;
    if (this.path !== path) {
      this.closeFile();
      try {
        this.fd = fs.openSync(path, "r");
      } catch (e) {
        // the data's file went away under a run (deleted, or its folder unmounted)
        throw new SPYIOError(path, `cannot open the input file: ${(e as Error).message}`);
      }
      this.path = path;
    }
    if (this.buffer === null || this.buffer.byteLength < bytes) {
      this.buffer = null; // let the old one go before the new one is made
      this.buffer = new ArrayBuffer(allocSize(bytes));
    }
    readFully(this.fd!, new Uint8Array(this.buffer, 0, bytes), position, path);
    return new Ctor(this.buffer, 0, slots) as TypedArray;
  }

  /** Whether `a` is a view of the reused buffer (a result that must be copied before the next read). */
  escapes(a: unknown): boolean {
    return this.buffer !== null && ArrayBuffer.isView(a) && a.buffer === this.buffer;
  }

  /** Close the file (the buffer stays for the next read). */
  closeFile(): void {
    this.path = null;
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    fs.closeSync(fd);
  }

  /** Close the file and let the buffer go. */
  release(): void {
    this.closeFile();
    this.buffer = null;
  }

  /** Bytes the buffer holds (0 when released). */
  get bytesHeld(): number {
    return this.buffer?.byteLength ?? 0;
  }
}
