/**
 * The YAML sidecar that describes a headerless binary recording (YASS's make_metadata, §5.4):
 *   data_order: samples
 *   dtype: int16
 *   n_channels: 385
 * Unlike YASS, the sidecar path replaces the file's extension (never a substring), so it can
 * never be the binary itself, and data_order is written as given, not always "samples".
 *
 * The sidecar of a batch output also records `bytes` (the binary's size) and `fingerprint`
 * (sha256 of the size and the first and last 64 KiB), and reading one checks both against the
 * binary: a sidecar that describes another file (an older run's, after a crash between renaming
 * the binary and writing its sidecar) is an SPYIOError, never a silent misreading. Not a full
 * checksum on purpose: opening a recording reads 128 KiB, not the whole file, and a rerun of a
 * batch step changes every sample, so its ends differ too. Sidecars are read only when they are
 * regular files of at most 16 MiB (a FIFO or /dev/zero is refused at once).
 */
import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import { parse, stringify } from "yaml";
import { SPYIOError, SPYValueError } from "../core/errors";
import { beginWrite, endWrite, openRegularFile, pidAlive, readSmallFile } from "../data/storage";
import { checkInteger, checkNumber, checkOneOf, checkOptions, checkString } from "../core/keywords";

export type DataOrder = "samples" | "channels";

export interface RecordingParams {
  dtype?: string;
  n_channels?: number;
  data_order?: DataOrder;
  /** Optional: YASS does not write it, but load_raw can use it. */
  samplerate?: number;
  /** Size of the binary the sidecar was written for (spyts only). */
  bytes?: number;
  /** {@link fingerprintFile} of that binary (spyts only). */
  fingerprint?: string;
}

/** Bytes at each end of a binary that its fingerprint covers. */
const FINGERPRINT_END_BYTES = 64 * 1024;

/** "sha256-ends64k:<hex>": sha256 of the size and the first and last 64 KiB of a regular file. */
export function fingerprintFile(binPath: string): { bytes: number; fingerprint: string } {
  const { fd, size } = openRegularFile(binPath, "a raw binary recording");
  try {
    const hash = createHash("sha256");
    hash.update(`${size}\n`);
    const head = Math.min(size, FINGERPRINT_END_BYTES);
    const tailAt = Math.max(head, size - FINGERPRINT_END_BYTES);
    for (const [at, n] of [[0, head], [tailAt, size - tailAt]]) {
      const buf = Buffer.alloc(n);
      let done = 0;
      while (done < n) {
        const got = fs.readSync(fd, buf, done, n - done, at + done);
        if (got === 0) throw new SPYIOError(binPath, `ended at byte ${at + done} while its fingerprint was taken (changed while read?)`);
        done += got;
      }
      hash.update(buf);
    }
    return { bytes: size, fingerprint: `sha256-ends64k:${hash.digest("hex")}` };
  } finally {
    fs.closeSync(fd);
  }
}

/** `<path without its extension>.yaml` (`rec.bin` -> `rec.yaml`, `rec` -> `rec.yaml`). */
export function sidecarPath(binPath: string): string {
  const ext = path.extname(binPath);
  return (ext ? binPath.slice(0, -ext.length) : binPath) + ".yaml";
}

/** The sidecar's parameters, or null when there is none. Safe parsing (no custom tags run). */
export function readSidecar(binPath: string): RecordingParams | null {
  checkString(binPath, "path", "the path of a raw binary recording");
  const file = sidecarPath(binPath);
  if (path.resolve(file) === path.resolve(binPath)) return null;
  try { fs.lstatSync(file); } catch { return null; }
  // a FIFO or /dev/zero as sidecar is refused before anything is read
  const text = readSmallFile(file, "a YAML sidecar (data_order, dtype, n_channels)");
  let doc: unknown;
  try { doc = parse(text); } catch (e) {
    throw new SPYIOError(file, `is not valid YAML: ${(e as Error).message}`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new SPYIOError(file, "is not a YAML mapping of recording parameters");
  const d = doc as Record<string, unknown>;
  const out: RecordingParams = {};
  if (d.dtype !== undefined) out.dtype = String(d.dtype);
  if (d.n_channels !== undefined) out.n_channels = Number(d.n_channels);
  if (d.data_order !== undefined) out.data_order = String(d.data_order) as DataOrder;
  if (d.samplerate !== undefined) out.samplerate = Number(d.samplerate);
  // a sidecar with values no recording can have is a malformed file, not a bad argument
  if (out.n_channels !== undefined && !(Number.isInteger(out.n_channels) && out.n_channels >= 1)) throw new SPYIOError(file, `n_channels: ${d.n_channels} is not a positive integer`);
  if (out.data_order !== undefined && out.data_order !== "samples" && out.data_order !== "channels") throw new SPYIOError(file, `data_order: ${d.data_order} is not "samples" or "channels"`);
  if (out.samplerate !== undefined && !(out.samplerate > 0 && Number.isFinite(out.samplerate))) throw new SPYIOError(file, `samplerate: ${d.samplerate} is not a positive number`);
  if (d.bytes !== undefined || d.fingerprint !== undefined) checkPair(file, binPath, d.bytes, d.fingerprint);
  return out;
}

/** A spyts sidecar must describe the binary beside it: same size, same fingerprint. */
function checkPair(file: string, binPath: string, bytes: unknown, fingerprint: unknown): void {
  if (!(Number.isSafeInteger(bytes) && (bytes as number) >= 0)) throw new SPYIOError(file, `bytes: ${bytes} is not a file size`);
  if (typeof fingerprint !== "string") throw new SPYIOError(file, `fingerprint: ${fingerprint} is not a fingerprint string`);
  let actual: { bytes: number; fingerprint: string };
  try { actual = fingerprintFile(binPath); } catch { return; } // no binary: the reader says so itself
  const why = actual.bytes !== bytes
    ? `it was written for a binary of ${bytes} bytes, ${binPath} has ${actual.bytes}`
    : actual.fingerprint !== fingerprint ? `it was written for another binary of the same size (the fingerprints differ)` : null;
  if (why) {
    throw new SPYIOError(file, `does not describe ${binPath}: ${why}. The pair does not belong together (a run interrupted between writing the binary and its sidecar?): run again, or give dtype, n_channels and data_order explicitly`);
  }
}

/**
 * Write the sidecar next to `binPath`; returns its path. Refuses to write over the binary.
 * `options.fingerprint` (batch outputs) also records the binary's size and fingerprint, which
 * readSidecar then checks; the default writes YASS's three keys (and samplerate) only.
 */
export function writeSidecar(binPath: string, params: { dtype: string; n_channels: number; data_order: DataOrder; samplerate?: number }, options: { fingerprint?: boolean } = {}): string {
  checkString(binPath, "path", "the path of a raw binary recording");
  checkOptions(params, "writeSidecar", ["dtype", "n_channels", "data_order", "samplerate"], "params");
  checkString(params.dtype, "dtype", "a dtype name such as \"int16\"");
  checkInteger(params.n_channels, "n_channels", { min: 1 });
  checkOneOf(params.data_order, "data_order", ["samples", "channels"] as const);
  if (params.samplerate !== undefined) checkNumber(params.samplerate, "samplerate", { gt: 0 });
  const file = sidecarPath(binPath);
  if (path.resolve(file) === path.resolve(binPath)) {
    throw new SPYValueError("path", binPath, "a recording whose name does not end in .yaml", "its sidecar would overwrite it");
  }
  // keys in alphabetical order, as YASS's yaml.dump writes them
  const doc: Record<string, unknown> = { data_order: params.data_order, dtype: params.dtype, n_channels: params.n_channels };
  if (params.samplerate !== undefined) doc.samplerate = params.samplerate;
  // the binary it describes, when it exists: size and fingerprint, checked on read
  if (options.fingerprint === true) Object.assign(doc, fingerprintFile(binPath));
  // atomic and durable: a reader never sees half a sidecar
  const tmp = `${file}.tmp-${process.pid}`;
  removeStaleSidecarTmps(file);
  beginWrite(file, [tmp]);
  try {
    const fd = fs.openSync(tmp, "w");
    try {
      fs.writeSync(fd, stringify(doc));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to remove */ }
    throw e;
  } finally {
    endWrite(file);
  }
  return file;
}

/** `<sidecar>.tmp-<pid>` files of processes that are gone (a write killed before its rename). */
export function removeStaleSidecarTmps(file: string): string[] {
  const dir = path.dirname(file), base = path.basename(file) + ".tmp-";
  const removed: string[] = [];
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return removed; }
  for (const n of names) {
    if (!n.startsWith(base) || !/^\d{1,10}$/.test(n.slice(base.length))) continue;
    const pid = Number(n.slice(base.length));
    if (pid === process.pid || pidAlive(pid)) continue;
    const p = path.join(dir, n);
    try {
      if (fs.lstatSync(p).isFile()) {
        fs.rmSync(p, { force: true });
        removed.push(p);
      }
    } catch { /* gone meanwhile */ }
  }
  return removed;
}
