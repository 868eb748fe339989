/**
 * Opening files that must be regular files: container sidecars, Arrow data files, the YAML
 * sidecars and metadata files of raw recordings, and the recordings themselves.
 *
 * Why: `fs.readFileSync` on a FIFO blocks until a writer appears (forever), and on a symlink to
 * /dev/zero or /dev/urandom it grows until the process aborts. So the file is first `stat`ed (which
 * never blocks) and refused unless it is a regular file, then opened with O_NONBLOCK (a FIFO
 * swapped in after the stat does not block the open) and `fstat`ed again on the descriptor, which
 * is what is actually read. Metadata reads are capped in size ({@link MAX_METADATA_BYTES}).
 * Positioned reads that must get every byte asked for go through {@link readFully}, positioned
 * writes that must put every byte through {@link writeFully} (and their libuv-pool twins).
 */
import * as fs from "fs";
import { SPYIOError } from "../../core/errors";

/** Largest metadata file read whole (sidecars, .meta, structure.oebin): 16 MiB. */
export const MAX_METADATA_BYTES = 16 * 1024 * 1024;

/** What a non-regular file is, in words ("a FIFO (named pipe)", "a character device", ...). */
export function fileKind(st: fs.Stats): string {
  if (st.isFile()) return "a regular file";
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/**
 * Read exactly `into.length` bytes at `position` (readSync may return fewer); the end of the file
 * before that is an SPYIOError naming `path` (a file truncated while it was open).
 */
export function readFully(fd: number, into: Uint8Array, position: number, path: string): void {
  let done = 0;
  while (done < into.length) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new SPYIOError(path, `ended at byte ${position + done}, before the ${into.length} bytes expected (was it truncated while open?)`);
    done += n;
  }
}

/** readFully on libuv's thread pool: the caller computes meanwhile (a read-ahead of cold data). */
export function readFullyAsync(fd: number, into: Uint8Array, position: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (done: number) => {
      if (done >= into.length) return resolve();
      fs.read(fd, into, done, into.length - done, position + done, (err, n) => {
        if (err) return reject(err);
        if (n === 0) return reject(new SPYIOError(path, `ended at byte ${position + done}, before the ${into.length} bytes expected (was it truncated while open?)`));
        step(done + n);
      });
    };
    step(0);
  });
}

/** Write all of `part` at `position` (writeSync may write less than asked). */
export function writeFully(fd: number, part: Uint8Array, position: number): void {
  let done = 0;
  while (done < part.byteLength) done += fs.writeSync(fd, part, done, part.byteLength - done, position + done);
}

/** writeFully on libuv's thread pool; a write that makes no progress is an error, not a loop. */
export function writeFullyAsync(fd: number, part: Uint8Array, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (done: number) => {
      if (done >= part.byteLength) return resolve();
      fs.write(fd, part, done, part.byteLength - done, position + done, (err, n) => {
        if (err) reject(err);
        else if (n === 0) reject(new Error(`no progress writing ${part.byteLength - done} bytes at ${position + done}`));
        else step(done + n);
      });
    };
    step(0);
  });
}

/** The SPYIOError for a path that is not a regular file: what it is, and where a link leads. */
export function notRegular(path: string, st: fs.Stats, what: string): SPYIOError {
  let target = "";
  try {
    const real = fs.realpathSync(path);
    if (real !== path) target = ` (it resolves to ${real})`;
  } catch { /* a dangling link or a race: say what we know */ }
  return new SPYIOError(path, `is ${fileKind(st)}${target}, not a regular file; expected ${what}`);
}

/**
 * Open `path` for reading, only if it is a regular file (symlinks to one are fine). Returns the
 * descriptor (the caller closes it) and its size. `what` says what the file should be, for errors.
 */
export function openRegularFile(path: string, what: string): { fd: number; size: number } {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SPYIOError(path, code === "ENOENT" ? `does not exist (expected ${what})` : `cannot be read: ${(e as Error).message}`);
  }
  if (!st.isFile()) throw notRegular(path, st, what);
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new SPYIOError(path, `cannot open file: ${(e as Error).message}`);
  }
  try {
    const fst = fs.fstatSync(fd);
    if (!fst.isFile()) throw notRegular(path, fst, what);
    return { fd, size: fst.size };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/**
 * The whole text of a small regular file (UTF-8), refusing anything that is not a regular file or
 * is larger than `maxBytes` (default 16 MiB), also when it grows while being read.
 */
export function readSmallFile(path: string, what: string, maxBytes = MAX_METADATA_BYTES): string {
  const { fd, size } = openRegularFile(path, what);
  try {
    if (size > maxBytes) throw new SPYIOError(path, `is ${size} bytes, more than the ${maxBytes} bytes a metadata file may have (expected ${what})`);
    // read one byte past the cap: a file growing under us is refused, never read without bound
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(size, 4096) + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) break;
      const got = fs.readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) break;
      n += got;
    }
    if (n > maxBytes) throw new SPYIOError(path, `grew past the ${maxBytes} bytes a metadata file may have while being read (expected ${what})`);
    return buf.subarray(0, n).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}
