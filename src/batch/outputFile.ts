/**
 * The binary a batch run writes, made safe: results are appended to `<output>.partial` and the file
 * gets its real name (and its YAML sidecar) only when every batch was written. A run that fails
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

export class OutputFile {
  readonly path: string;
  readonly partialPath: string;
  private fd: number | null;
  private written = 0;

  constructor(outputPath: string) {
    this.path = outputPath;
    this.partialPath = `${outputPath}.partial`;
    this.fd = fs.openSync(this.partialPath, "w");
  }

  get bytesWritten(): number { return this.written; }

  append(bytes: Uint8Array): void {
    if (this.fd === null) throw new Error("OutputFile: already closed");
    let done = 0;
    try {
      while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === "ENOSPC" ? "the disk is full" : err.code === "EDQUOT" ? "the disk quota is exceeded" : err.message;
      throw new SPYIOError(this.path, `writing failed after ${this.written + done} bytes: ${why} (${err.code ?? "error"}); the partial output was removed`);
    }
    this.written += bytes.length;
  }

  /** Close, give the file its name, then write its sidecar. */
  commit(params: OutputParams): { path: string; params: OutputParams; sidecar: string } {
    if (this.fd === null) throw new Error("OutputFile: already closed");
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = null;
    fs.renameSync(this.partialPath, this.path);
    const sidecar = writeSidecar(this.path, params);
    return { path: this.path, params, sidecar };
  }

  /** Remove the partial file (failure path); never throws. */
  discard(): void {
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
