/** Small generated recordings in a temp folder, plus their values as plain JS arrays. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { arrayConstructor, RealDType } from "../../src/core/ndarray";

export function tmpDir(): string { return fs.mkdtempSync(path.join(os.tmpdir(), "spyts-batch-")); }

/** value[t][c], deterministic and distinct per (t, c); fits int16. */
export function makeValues(nObs: number, nCh: number, seed = 1): number[][] {
  return Array.from({ length: nObs }, (_, t) => Array.from({ length: nCh }, (_, c) =>
    Math.round(1000 * Math.sin(0.37 * t * (c + 1) + seed) + 13 * c - 7)));
}

/** Write values [obs][ch] in the given order and dtype; returns the path. */
export function writeRaw(file: string, values: number[][], dtype: RealDType, order: "samples" | "channels"): string {
  const nObs = values.length, nCh = values[0].length;
  const Ctor = arrayConstructor(dtype);
  const a = new Ctor(nObs * nCh);
  for (let t = 0; t < nObs; t++) for (let c = 0; c < nCh; c++) {
    a[order === "samples" ? t * nCh + c : c * nObs + t] = values[t][c];
  }
  fs.writeFileSync(file, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return file;
}

export function toNested(x: { data: ArrayLike<number>; shape: number[] }): number[][] {
  const [n, m] = x.shape;
  return Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => x.data[i * m + j]));
}
