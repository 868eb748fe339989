/**
 * The binary a batch run writes, made safe: results are appended to `<output>.partial` and the file
 * gets its real name (and its YAML sidecar) only when every batch was written. Writes may run in
 * the background while the next batch is computed (`write`); ./directFile.ts does the I/O. A run that fails
 * (a throwing function, a full disk, an interrupted worker) removes the partial file, so nothing is
 * ever left looking complete. The output may not be the input recording or its sidecar.
 */
import * as fs from "fs";
import * as path from "path";
import { SPYIOError, SPYValueError } from "../core/errors";
import { checkOneOf, checkString } from "../core/keywords";
import { DataOrder, readSidecar, sidecarPath, writeSidecar } from "./sidecar";
import { DirectFile } from "./directFile";

export type IfFileExists = "overwrite" | "abort" | "skip";
export const IF_FILE_EXISTS: readonly IfFileExists[] = ["overwrite", "abort", "skip"];

export function checkIfFileExists(v: unknown): IfFileExists {
  return checkOneOf(v, "if_file_exists", IF_FILE_EXISTS);
}

/** Refuse output paths that would destroy the input (the recording itself or its sidecar). */
export function checkOutputPath(outputPath: unknown, input: string): string {
  const output = checkString(outputPath, "output_path", "a file path (mode \"disk\" needs one)");
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

export class OutputFile {
  readonly path: string;
  readonly partialPath: string;
  private file: DirectFile | null;

  /** `direct: false` writes through the page cache (see ./directFile.ts). */
  constructor(outputPath: string, opts: { direct?: boolean } = {}) {
    this.path = outputPath;
    this.partialPath = `${outputPath}.partial`;
    this.file = new DirectFile(this.partialPath, opts);
  }

  get bytesWritten(): number { return this.file ? this.file.length : 0; }

  private open(): DirectFile {
    if (this.file === null) throw new Error("OutputFile: already closed");
    return this.file;
  }

  /** Write `bytes` now, on this thread, after everything before. */
  append(bytes: Uint8Array): void {
    const f = this.open();
    const at = f.length;
    try {
      f.appendSync(bytes);
    } catch (e) {
      throw writeError(this.path, at, e);
    }
  }

  /**
   * Append `bytes` in the background: resolves once they are copied (the caller may reuse them and
   * compute the next batch while they are written); waits for the previous background write first.
   */
  async write(bytes: Uint8Array): Promise<void> {
    const f = this.open();
    const at = f.length;
    try {
      await f.append(bytes);
    } catch (e) {
      throw writeError(this.path, at, e);
    }
  }

  /** Finish the writes, close, give the file its name, then write its sidecar. */
  async commit(params: OutputParams): Promise<{ path: string; params: OutputParams; sidecar: string }> {
    const f = this.open();
    try {
      await f.finish();
    } catch (e) {
      throw writeError(this.path, f.length, e);
    }
    this.file = null;
    // atomic: readers see the old output or the complete new one, never a mixture
    fs.renameSync(this.partialPath, this.path);
    const sidecar = writeSidecar(this.path, params);
    return { path: this.path, params, sidecar };
  }

  /** Remove the partial file once no write runs any more (failure path); never throws. */
  async discard(): Promise<void> {
    if (this.file) {
      await this.file.settle().catch(() => undefined);
      this.file.close();
      this.file = null;
    }
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
