/** Streamed file checksums: the file is read in chunks, never held in memory whole. */
import * as fs from "fs";
import { createHash } from "crypto";
import { openRegularFile } from "./safeFile";

export const CHECKSUM_ALGORITHM = "sha256";
const CHUNK = 8 * 1024 * 1024;

/** Hex sha256 of a file, read in `chunkBytes` pieces. */
export function sha256File(path: string, chunkBytes = CHUNK): string {
  const { fd } = openRegularFile(path, "a data file to checksum");
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
