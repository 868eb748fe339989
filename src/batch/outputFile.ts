/**
 * The binary a batch run writes, made safe: results are appended to `<output>.partial` and the file
 * gets its real name (and its YAML sidecar) only when every batch was written. Writes may run in
 * the background while the next batch is computed (`write`); ./directFile.ts does the I/O. A run that fails
 * (a throwing function, a full disk, an interrupted worker) removes the partial file, so nothing is
 * ever left looking complete. The output may not be the input recording or its sidecar, and its
 * sidecar may not be the input's (`rec.dat` beside `rec.bin` would share `rec.yaml`).
 *
 * Commit order, so that a process killed at any point never pairs a binary with a sidecar that
 * describes another one: (1) the partial file is complete and fsynced; (2) the output's old
 * sidecar is removed; (3) `<output>.partial` is renamed to `<output>`; (4) the new sidecar
 * (with the binary's size and fingerprint) is written to `<sidecar>.tmp-<pid>`, fsynced and
 * renamed into place. A crash between (2) and (4) leaves a complete binary without sidecar:
 * reading it needs explicit parameters, and the next run at the path replaces it.
 */
import * as fs from "fs";
import * as path from "path";
import { SPYIOError, SPYValueError } from "../core/errors";
import { checkOneOf, checkString } from "../core/keywords";
import { DataOrder, readSidecar, removeStaleSidecarTmps, sidecarPath, writeSidecar } from "./sidecar";
import { STALE_UNNAMED_MS, beginWrite, endWrite } from "../data/storage";
import { notRegular } from "../data/storage/safeFile";
import { DirectFile } from "./directFile";
import { EdgeBlocks } from "./edgeBlocks";
import type { EdgeBytes } from "../compute/protocol";

export type IfFileExists = "overwrite" | "abort" | "skip";
export const IF_FILE_EXISTS: readonly IfFileExists[] = ["overwrite", "abort", "skip"];

export function checkIfFileExists(v: unknown): IfFileExists {
  return checkOneOf(v, "if_file_exists", IF_FILE_EXISTS);
}

/** Refuse output paths that would destroy the input (the recording itself or its sidecar). */
export function checkOutputPath(outputPath: unknown, input: string): string {
  const output = checkString(outputPath, "output_path", "a file path (mode \"disk\" needs one)");
  const out = path.resolve(output), inp = path.resolve(input);
  // the same path, or two paths of one file (links); for files not there yet, the same folder entry
  const real = (p: string) => {
    try { return fs.realpathSync(p); } catch { return path.join(fs.existsSync(path.dirname(p)) ? fs.realpathSync(path.dirname(p)) : path.dirname(p), path.basename(p)); }
  };
  const same = (a: string, b: string) => a === b || real(a) === real(b);
  if (same(out, inp)) throw new SPYValueError("output_path", output, "a path other than the input recording", "writing there would destroy the input");
  if (same(sidecarPath(out), inp) || same(out, sidecarPath(inp)) || same(sidecarPath(out), sidecarPath(inp))) {
    throw new SPYValueError("output_path", output, "a path whose YAML sidecar is not the input (and that is not the input's sidecar)");
  }
  if (path.extname(out).toLowerCase() === ".yaml") throw new SPYValueError("output_path", output, "a binary file name not ending in .yaml (the sidecar gets that name)");
  const dir = path.dirname(out);
  if (!fs.existsSync(dir)) throw new SPYIOError(dir, "does not exist (the folder of output_path)");
  // a folder (or a FIFO, a device) there would only fail at the final rename, after the whole run
  let st: fs.Stats | null = null;
  try { st = fs.statSync(out); } catch { /* not there yet: fine */ }
  if (st && !st.isFile()) throw notRegular(out, st, "output_path to name a file");
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
  /** Set when workers write the results at their places (`positioned`): the file's length and the shared blocks. */
  private placed: { total: number; edges: EdgeBlocks } | null = null;

  /** `direct: false` writes through the page cache (see ./directFile.ts). */
  constructor(outputPath: string, opts: { direct?: boolean } = {}) {
    this.path = outputPath;
    this.partialPath = `${outputPath}.partial`;
    // a run killed earlier at this path may have left these; this run takes the partial over
    removeStaleSidecarTmps(sidecarPath(outputPath));
    beginWrite(outputPath, [this.partialPath, `${sidecarPath(outputPath)}.tmp-${process.pid}`]);
    try {
      this.file = new DirectFile(this.partialPath, opts);
    } catch (e) {
      endWrite(outputPath);
      throw e;
    }
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

  /**
   * Instead of appending: workers write the results at their byte positions themselves
   * (compute/directWriteTask.ts), `total` bytes in all. Returns the file they write, whether
   * O_DIRECT is on (else they write through the page cache), `landed` to call with each written
   * result's edge bytes (the blocks two results share are joined there, and a flush of what is
   * written starts in the background), and the SPYIOError a failed write becomes.
   */
  positioned(total: number): { file: string; direct: boolean; landed: (edges: EdgeBytes[]) => void; writeError: (e: unknown, at: number) => SPYIOError } {
    const f = this.open();
    if (f.length > 0 || this.placed) throw new Error("OutputFile.positioned: bytes were already written");
    const placed = { total, edges: new EdgeBlocks(this.partialPath, total) };
    this.placed = placed;
    // the file at its final length first: writes inside it are overwrites, which ext4 runs side
    // by side; a direct write past the end holds the file's lock until it completes, so the
    // workers' writes and the main thread's shared blocks queued behind each other (1 s of 4)
    fs.truncateSync(this.partialPath, total);
    const landed = (edges: EdgeBytes[]) => {
      placed.edges.add(edges);
      f.syncBehind();
    };
    return { file: this.partialPath, direct: f.direct, landed, writeError: (e, at) => writeError(this.path, at, e) };
  }

  /** Finish the writes, close, give the file its name, then write its sidecar. */
  async commit(params: OutputParams): Promise<{ path: string; params: OutputParams; sidecar: string }> {
    const f = this.open();
    try {
      if (this.placed) {
        await this.placed.edges.finish();
        const size = fs.statSync(this.partialPath).size;
        if (size !== this.placed.total) throw new Error(`the output has ${size} bytes, ${this.placed.total} expected`);
      }
      await f.finish();
    } catch (e) {
      throw writeError(this.path, f.length, e);
    }
    this.file = null;
    try {
      // the old description goes first: no moment pairs the new binary with it (see the header)
      fs.rmSync(sidecarPath(this.path), { force: true });
      fs.renameSync(this.partialPath, this.path);
      const sidecar = writeSidecar(this.path, params, { fingerprint: true });
      fsyncDir(path.dirname(this.path));
      return { path: this.path, params, sidecar };
    } finally {
      endWrite(this.path);
    }
  }

  /** Remove the partial file once no write runs any more (failure path); never throws. */
  async discard(): Promise<void> {
    if (this.placed) {
      await this.placed.edges.settle();
      this.placed.edges.close();
    }
    if (this.file) {
      await this.file.settle().catch(() => undefined);
      this.file.close();
      this.file = null;
    }
    try { fs.rmSync(this.partialPath, { force: true }); } catch { /* nothing to remove */ }
    endWrite(this.path);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch { /* not supported on every platform: best effort */ }
}

/**
 * What to do before a disk run, by if_file_exists: null to go on, or the existing result to
 * return for "skip" (which needs the sidecar, as in YASS).
 */
export function existingOutput(outPath: string, mode: IfFileExists): { path: string; params: OutputParams } | null {
  removeStalePartial(outPath);
  if (!fs.existsSync(outPath)) return null;
  if (mode === "overwrite") return null;
  if (mode === "abort") throw new SPYValueError("if_file_exists", mode, `"overwrite" or "skip"`, `${outPath} already exists`);
  const side = readSidecar(outPath);
  if (!side || side.dtype === undefined || side.n_channels === undefined || side.data_order === undefined) {
    throw new SPYIOError(sidecarPath(outPath), `if_file_exists "skip" needs the sidecar of ${outPath} with dtype, n_channels and data_order`);
  }
  return { path: outPath, params: { dtype: side.dtype, n_channels: side.n_channels, data_order: side.data_order, ...(side.samplerate !== undefined ? { samplerate: side.samplerate } : {}) } };
}


/**
 * The next run at a path removes what a killed run left there: `<output>.partial` (a regular
 * file, untouched for a minute: a live writer updates it all the time) and `<sidecar>.tmp-<pid>`
 * of processes that are gone. Nothing else.
 */
export function removeStalePartial(outPath: string): void {
  removeStaleSidecarTmps(sidecarPath(outPath));
  const p = `${outPath}.partial`;
  try {
    const st = fs.lstatSync(p);
    if (st.isFile() && Date.now() - st.mtimeMs > STALE_UNNAMED_MS) fs.rmSync(p, { force: true });
  } catch { /* none */ }
}
