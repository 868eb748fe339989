/**
 * The binary a batch run writes, made safe: results are appended to `<output>.partial` and the file
 * gets its real name (and its YAML sidecar) only when every batch was written. Writes may run on
 * libuv's thread pool while the next batch is computed (`write`), in file order by position. A run that fails
 * (a throwing function, a full disk, an interrupted worker) removes the partial file, so nothing is
 * ever left looking complete. The output may not be the input recording or its sidecar.
 */
import * as fs from "fs";
import * as path from "path";
import { SPYIOError, SPYValueError } from "../errors";
import { DataOrder, readSidecar, sidecarPath, writeSidecar } from "./sidecar";

export type IfFileExists = "overwrite" | "abort" | "skip";
export const IF_FILE_EXISTS: readonly IfFileExists[] = ["overwrite", "abort", "skip"];

export function checkIfFileExists(v: unknown): IfFileExists {
  if (!IF_FILE_EXISTS.includes(v as IfFileExists)) throw new SPYValueError("if_file_exists", v, `one of ${IF_FILE_EXISTS.map((s) => `"${s}"`).join(", ")}`);
  return v as IfFileExists;
}

/** Refuse output paths that would destroy the input (the recording itself or its sidecar). */
export function checkOutputPath(output: unknown, input: string): string {
  if (typeof output !== "string" || output.length === 0) throw new SPYValueError("output_path", output, "a file path (mode \"disk\" needs one)");
  const out = path.resolve(output), inp = path.resolve(input);
  const same = (a: string, b: string) => a === b || (fs.existsSync(a) && fs.existsSync(b) && fs.realpathSync(a) === fs.realpathSync(b));
  if (same(out, inp)) throw new SPYValueError("output_path", output, "a path other than the input recording", "writing there would destroy the input");
  if (same(sidecarPath(out), inp) || same(out, sidecarPath(inp))) {
    throw new SPYValueError("output_path", output, "a path whose YAML sidecar is not the input (and that is not the input's sidecar)");
  }
  if (path.extname(out).toLowerCase() === ".yaml") throw new SPYValueError("output_path", output, "a binary file name not ending in .yaml (the sidecar gets that name)");
  const dir = path.dirname(out);
  if (!fs.existsSync(dir)) throw new SPYIOError(dir, "does not exist (the folder of output_path)");
  return out;
}

export interface OutputParams { dtype: string; n_channels: number; data_order: DataOrder; samplerate?: number }

/** The SPYIOError a failed write becomes (naming ENOSPC and EDQUOT in words). */
function writeError(path: string, at: number, e: unknown): SPYIOError {
  const err = e as NodeJS.ErrnoException;
  const why = err.code === "ENOSPC" ? "the disk is full" : err.code === "EDQUOT" ? "the disk quota is exceeded" : err.message;
  return new SPYIOError(path, `writing failed after ${at} bytes: ${why} (${err.code ?? "error"}); the partial output was removed`);
}

/** fs.write until every byte is out (a write may be partial), on libuv's thread pool. */
function writeAllAsync(fd: number, bytes: Uint8Array, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (done: number) => {
      if (done >= bytes.length) return resolve();
      fs.write(fd, bytes, done, bytes.length - done, position + done, (err, n) => (err ? reject(err) : step(done + n)));
    };
    step(0);
  });
}

export class OutputFile {
  readonly path: string;
  readonly partialPath: string;
  private fd: number | null;
  /** Bytes given to append/write so far: the next write's position. */
  private reserved = 0;
  /** Bytes written so far. */
  private written = 0;
  /** Unsettled asynchronous writes; they never reject (failures land in `failure`). */
  private readonly inFlight = new Set<Promise<void>>();
  private failure: SPYIOError | null = null;
  /** A background fdatasync, so that the commit's fsync finds little left to flush. */
  private syncing: Promise<void> | null = null;
  constructor(outputPath: string) {
    this.path = outputPath;
    this.partialPath = `${outputPath}.partial`;
    this.fd = fs.openSync(this.partialPath, "w");
  }

  get bytesWritten(): number { return this.written; }

  /** Asynchronous writes not yet finished. */
  get pendingWrites(): number { return this.inFlight.size; }

  private open(): number {
    if (this.fd === null) throw new Error("OutputFile: already closed");
    if (this.failure) throw this.failure;
    return this.fd;
  }

  /** Write `bytes` now, on this thread, after everything appended or written before. */
  append(bytes: Uint8Array): void {
    const fd = this.open();
    const at = this.reserved;
    this.reserved += bytes.length;
    let done = 0;
    try {
      while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, at + done);
    } catch (e) {
      this.failure = writeError(this.path, at + done, e);
      throw this.failure;
    }
    this.written += bytes.length;
  }

  /**
   * Write `bytes` after everything appended or written before, on libuv's thread pool, so the
   * caller computes the next batch meanwhile. The promise resolves when `bytes` may be reused; it
   * never rejects: a failure is thrown by the next append/write and by commit.
   */
  write(bytes: Uint8Array): Promise<void> {
    const fd = this.open();
    const at = this.reserved;
    this.reserved += bytes.length;
    const p: Promise<void> = writeAllAsync(fd, bytes, at).then(
      () => {
        this.written += bytes.length;
        this.startSync(fd);
      },
      (e) => { this.failure ??= writeError(this.path, at, e); },
    ).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    return p;
  }

  private startSync(fd: number): void {
    if (this.syncing) return;
    this.syncing = new Promise<void>((resolve) => fs.fdatasync(fd, () => resolve())).finally(() => { this.syncing = null; });
  }

  /** Every write finished (failures included). */
  private async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    while (this.syncing) await this.syncing;
  }

  /** Wait for the writes, close, give the file its name, then write its sidecar. */
  async commit(params: OutputParams): Promise<{ path: string; params: OutputParams; sidecar: string }> {
    const fd = this.open();
    await this.settle();
    if (this.failure) throw this.failure;
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    this.fd = null;
    // atomic: readers see the old output or the complete new one, never a mixture
    fs.renameSync(this.partialPath, this.path);
    const sidecar = writeSidecar(this.path, params);
    return { path: this.path, params, sidecar };
  }

  /** Remove the partial file once no write is running (failure path); never throws. */
  async discard(): Promise<void> {
    await this.settle();
    try { if (this.fd !== null) fs.closeSync(this.fd); } catch { /* already gone */ }
    this.fd = null;
    try { fs.rmSync(this.partialPath, { force: true }); } catch { /* nothing to remove */ }
  }
}

/**
 * What to do before a disk run, by if_file_exists: null to go on, or the existing result to
 * return for "skip" (which needs the sidecar, as in YASS).
 */
export function existingOutput(outPath: string, mode: IfFileExists): { path: string; params: OutputParams } | null {
  if (!fs.existsSync(outPath)) return null;
  if (mode === "overwrite") return null;
  if (mode === "abort") throw new SPYValueError("if_file_exists", mode, `"overwrite" or "skip"`, `${outPath} already exists`);
  const side = readSidecar(outPath);
  if (!side || side.dtype === undefined || side.n_channels === undefined || side.data_order === undefined) {
    throw new SPYIOError(sidecarPath(outPath), `if_file_exists "skip" needs the sidecar of ${outPath} with dtype, n_channels and data_order`);
  }
  return { path: outPath, params: { dtype: side.dtype, n_channels: side.n_channels, data_order: side.data_order, ...(side.samplerate !== undefined ? { samplerate: side.samplerate } : {}) } };
}
