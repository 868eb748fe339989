/**
 * A file written as one stream of bytes, with O_DIRECT where the file system allows it.
 *
 * Why: a batch run writes outputs twice the size of its int16 input (float32). Through the page
 * cache every byte is copied by the kernel into freshly allocated pages (about 1 GB/s of CPU on
 * this kind of machine, the largest single cost of a filter run) and must still be flushed at the
 * end. O_DIRECT hands aligned memory to the device instead: no copy, no page allocation (measured
 * 2.1 GB/s on a machine whose page-cache path gave 1 GB/s); what a VM's host still holds in its
 * cache is flushed behind the writes (syncBehind).
 *
 * O_DIRECT needs the memory address, the length and the file offset aligned to the device's
 * logical block (ALIGN = 4096 covers 512 and 4096 byte devices). The stream is therefore copied
 * into staging memory of a WebAssembly.Memory (page-aligned), whole blocks are written, the
 * unaligned tail is carried to the front for the next piece, and `finish` writes the last block
 * zero-padded and truncates the file to its true length. Where O_DIRECT is unavailable (tmpfs,
 * other platforms) or refused on the first write (EINVAL), the file is written through the page
 * cache from the same staging. Either way a background fdatasync follows the writes, so that the
 * final fsync finds little.
 */
import * as fs from "fs";
import { WasmMemory, newMemory } from "../wasm/wasmApi";
import { writeFully, writeFullyAsync } from "../data/storage/safeFile";

const ALIGN = 4096;
/** Largest staging area: bigger pieces are staged and written in turns. */
let MAX_STAGING = 1 << 30;

/** Set the staging cap (a multiple of 4096; for tests); returns the previous one. */
export function setMaxStaging(bytes: number): number {
  const before = MAX_STAGING;
  MAX_STAGING = bytes;
  return before;
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/** Whether an error is the kernel refusing O_DIRECT (alignment or file system support). */
function isDirectRefusal(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === "EINVAL";
}

export class DirectFile {
  private fd: number;
  /** Writing with O_DIRECT (false: through the page cache). */
  direct: boolean;
  private memory: WasmMemory | null = null;
  private staging = new Uint8Array(0);
  /** Bytes at the front of `staging` not yet written (direct: less than ALIGN). */
  private carry = 0;
  /** File offset of staging[0]: bytes written before it (a multiple of ALIGN when direct). */
  private position = 0;
  /** The background write in flight; never rejects (its error is kept in `error`). */
  private writing: Promise<void> | null = null;
  private error: unknown = null;
  private syncing: Promise<void> | null = null;

  /** Create (truncate) `file`; `direct: false` forces the page-cache path. */
  constructor(readonly file: string, opts: { direct?: boolean } = {}) {
    const O_DIRECT = (fs.constants as Record<string, number>).O_DIRECT;
    this.direct = (opts.direct ?? true) && typeof O_DIRECT === "number";
    if (this.direct) {
      try {
        const { O_WRONLY, O_CREAT, O_TRUNC } = fs.constants;
        this.fd = fs.openSync(file, O_WRONLY | O_CREAT | O_TRUNC | O_DIRECT, 0o666);
        return;
      } catch (e) {
        if (!isDirectRefusal(e)) throw e;
        this.direct = false;
      }
    }
    this.fd = fs.openSync(file, "w");
  }

  /** Bytes in the file once everything given so far is written. */
  get length(): number { return this.position + this.carry; }

  /** Whether a background write is running. */
  get busy(): boolean { return this.writing !== null; }

  /** The staging area, at least `bytes` long, keeping its first `carry` bytes. */
  private stage(bytes: number): Uint8Array {
    if (this.staging.length >= bytes) return this.staging;
    const want = alignUp(Math.max(bytes, 2 * this.staging.length));
    if (this.direct && !this.memory) {
      this.memory = newMemory(Math.ceil(want / 65536));
      if (!this.memory) this.fallBack(); // no aligned memory to be had: the page cache it is
    }
    if (this.memory) {
      // WebAssembly memory is mmap'ed, hence page-aligned; grow() keeps the contents
      const pages = Math.ceil(want / 65536);
      if (this.memory.buffer.byteLength < pages * 65536) this.memory.grow(pages - this.memory.buffer.byteLength / 65536);
      this.staging = new Uint8Array(this.memory.buffer);
    } else {
      const next = new Uint8Array(want);
      next.set(this.staging.subarray(0, this.carry));
      this.staging = next;
    }
    return this.staging;
  }

  /** The next piece of `bytes` copied behind the carry: how many bytes were taken. */
  private take(bytes: Uint8Array, from: number): number {
    const n = Math.min(bytes.length - from, MAX_STAGING - this.carry);
    const st = this.stage(this.carry + n);
    st.set(bytes.subarray(from, from + n), this.carry);
    this.carry += n;
    return n;
  }

  /** How many staged bytes the next write takes (direct: whole blocks only). */
  private writable(): number {
    return this.direct ? this.carry - (this.carry % ALIGN) : this.carry;
  }

  /** After writing the first n staged bytes: the rest moves to the front. */
  private advance(n: number): void {
    this.staging.copyWithin(0, n, this.carry);
    this.carry -= n;
    this.position += n;
  }

  /** The page-cache fd for the same file, after the kernel refused O_DIRECT. */
  private fallBack(): void {
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, "r+");
    this.direct = false;
  }

  private writeStagedSync(n: number): void {
    try {
      writeFully(this.fd, this.staging.subarray(0, n), this.position);
    } catch (e) {
      if (!this.direct || !isDirectRefusal(e)) throw e;
      this.fallBack();
      writeFully(this.fd, this.staging.subarray(0, n), this.position);
    }
  }

  private async writeStagedAsync(n: number): Promise<void> {
    try {
      await writeFullyAsync(this.fd, this.staging.subarray(0, n), this.position);
    } catch (e) {
      if (!this.direct || !isDirectRefusal(e)) throw e;
      this.fallBack();
      await writeFullyAsync(this.fd, this.staging.subarray(0, n), this.position);
    }
  }

  private check(): void {
    if (this.error) throw this.error;
    if (this.writing) throw new Error("DirectFile: a synchronous write while a background write runs");
  }

  /** Append `bytes` now, on this thread. */
  appendSync(bytes: Uint8Array): void {
    this.check();
    for (let from = 0; from < bytes.length;) {
      from += this.take(bytes, from);
      const n = this.writable();
      if (n > 0) {
        this.writeStagedSync(n);
        this.advance(n);
      }
    }
  }

  /**
   * Append `bytes`: they are copied into the staging area and written on libuv's thread pool.
   * Resolves once `bytes` may be reused (the write itself may still run); waits for the previous
   * background write first. Rejects with the error of a failed write.
   */
  async append(bytes: Uint8Array): Promise<void> {
    if (this.appending) throw new Error("DirectFile: append called before the previous append resolved");
    this.appending = true;
    try {
      await this.appendInTurn(bytes);
    } finally {
      this.appending = false;
    }
  }

  private appending = false;

  private async appendInTurn(bytes: Uint8Array): Promise<void> {
    if (this.writing) await this.writing;
    if (this.error) throw this.error;
    for (let from = 0; from < bytes.length;) {
      from += this.take(bytes, from);
      const n = this.writable();
      if (n === 0) continue;
      const done = this.writeStagedAsync(n).then(
        () => {
          this.advance(n);
          this.syncBehind();
        },
        (e) => { this.error = e; },
      ).finally(() => { this.writing = null; });
      this.writing = done;
      // a piece beyond the staging cap: the next one needs the staging area back
      if (from < bytes.length) {
        await done;
        if (this.error) throw this.error;
      }
    }
  }

  /**
   * Start an fdatasync on libuv's thread pool unless one runs: the final fsync then finds little
   * left. Through the page cache that is the dirty pages; with O_DIRECT it is the device's write
   * cache (a VM's host flushing its image: measured here, an fsync after 2.9 GB of direct writes
   * took 0.6-1.6 s at the end of a run, 0.04 s with syncs behind the writes). Also for bytes other
   * file descriptors wrote into the same file (workers' positioned writes): a flush is per file.
   */
  syncBehind(): void {
    if (this.syncing || this.closed) return;
    const fd = this.fd;
    this.syncing = new Promise<void>((resolve) => fs.fdatasync(fd, () => resolve())).finally(() => { this.syncing = null; });
  }

  /** Wait for the background work (failures are kept, not thrown). */
  async settle(): Promise<void> {
    while (this.writing) await this.writing;
    while (this.syncing) await this.syncing;
  }

  /** Write what is left (direct: the last block zero-padded, then the file cut to its length), fsync, close. */
  async finish(): Promise<void> {
    await this.settle();
    if (this.error) throw this.error;
    const length = this.length;
    if (this.carry > 0) {
      const n = this.direct ? alignUp(this.carry) : this.carry;
      this.stage(n).fill(0, this.carry, n);
      this.writeStagedSync(n);
      if (n > this.carry) fs.ftruncateSync(this.fd, length); // the zero padding goes again
      this.position += this.carry;
      this.carry = 0;
    }
    fs.fsyncSync(this.fd);
    this.close();
  }

  private closed = false;

  /** Close without finishing (the failure path); never throws. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try { fs.closeSync(this.fd); } catch { /* already closed */ }
    this.memory = null;
    this.staging = new Uint8Array(0);
  }
}
