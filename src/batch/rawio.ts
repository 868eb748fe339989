/**
 * Positioned reads of a headerless binary file: only the bytes asked for, never the whole file.
 * Rows (a row = `rowBytes` at `base + i * rowBytes`) that lie close together are merged into one
 * read, so a strided or listed selection costs few system calls without reading far-apart data.
 */
import { readFully } from "../data/storage/safeFile";
import { ResolvedKey } from "./indexing";

/** Largest single read (and scratch buffer), unless one row is bigger. */
export const CHUNK_BYTES = 4 << 20;
/** Rows closer than this are read together rather than with separate calls. */
const MAX_GAP_BYTES = 64 << 10;

/**
 * The chunk buffer, one per thread and reused by every call: a fresh 4 MB per batch is garbage
 * that V8 collects only once some 64 MB of it have piled up, which broke the batch module's
 * max_memory bound. Callers never nest forEachRun, so one buffer is enough.
 */
let scratchBuffer = new ArrayBuffer(0);
function scratchOf(bytes: number): ArrayBuffer {
  if (scratchBuffer.byteLength < bytes || scratchBuffer.byteLength > Math.max(bytes, CHUNK_BYTES)) scratchBuffer = new ArrayBuffer(bytes);
  return scratchBuffer;
}

/**
 * Visit the rows of `key` (non-decreasing runs are merged; any order works) in chunks: `visit(buf,
 * lo, from, to)` gets key positions [from, to), the row at position p being at byte
 * (row - lo) * rowBytes of `buf`. `buf` is reused between calls (an ArrayBuffer at offset 0, so typed views are aligned).
 */
export function forEachRun(
  fd: number, path: string, key: ResolvedKey, rowBytes: number, base: number,
  visit: (buf: ArrayBuffer, lo: number, from: number, to: number) => void,
): void {
  const scratch = scratchOf(Math.max(CHUNK_BYTES, rowBytes));
  const bytes = new Uint8Array(scratch);
  const maxRows = Math.floor(Math.max(CHUNK_BYTES, rowBytes) / rowBytes);
  const maxGap = Math.max(1, Math.floor(MAX_GAP_BYTES / rowBytes));
  if (key.range) {
    // contiguous: plain chunks
    for (let from = 0; from < key.n; from += maxRows) {
      const to = Math.min(key.n, from + maxRows), lo = key.range[0] + from;
      readFully(fd, bytes.subarray(0, (to - from) * rowBytes), base + lo * rowBytes, path);
      visit(scratch, lo, from, to);
    }
    return;
  }
  const idx = key.list!;
  let i = 0;
  while (i < idx.length) {
    const lo = idx[i];
    let hi = lo;
    let j = i + 1;
    while (j < idx.length && idx[j] >= hi && idx[j] - hi <= maxGap && idx[j] - lo < maxRows) hi = idx[j++];
    readFully(fd, bytes.subarray(0, (hi - lo + 1) * rowBytes), base + lo * rowBytes, path);
    visit(scratch, lo, i, j);
    i = j;
  }
}
