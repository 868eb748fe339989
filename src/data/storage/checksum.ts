/** Streamed file checksums: the file is read in chunks, never held in memory whole. */
import * as fs from "fs";
import { createHash } from "crypto";
import { SPYIOError } from "../../core/errors";

export const CHECKSUM_ALGORITHM = "sha256";
const CHUNK = 8 * 1024 * 1024;

/** Hex sha256 of a file, read in `chunkBytes` pieces. */
export function sha256File(path: string, chunkBytes = CHUNK): string {
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SPYIOError(path, code === "ENOENT" ? "file does not exist" : `cannot open file: ${(e as Error).message}`);
  }
  try {
    const hash = createHash(CHECKSUM_ALGORITHM);
    const buf = Buffer.allocUnsafe(chunkBytes);
    let position = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, chunkBytes, position);
      if (n === 0) break;
      hash.update(n === chunkBytes ? buf : buf.subarray(0, n));
      position += n;
    }
    return hash.digest("hex");
  } finally {
    fs.closeSync(fd);
  }
}
