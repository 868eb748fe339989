import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { arrayConstructor, DType, NDArray, slotsPerElement, TypedArray } from "../../src/core/ndarray";

/** A fresh folder under os.tmpdir(); remove it with `rmTmpDir`. */
export function makeTmpDir(prefix = "spyts-storage-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function rmTmpDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Deterministic pseudo-random values filling every byte pattern the dtype can hold. */
export function makeTrial(dtype: DType, n: number, tail: number[], seed: number): NDArray {
  const Ctor = arrayConstructor(dtype);
  const count = n * tail.reduce((a, b) => a * b, 1) * slotsPerElement(dtype);
  const data = new Ctor(count);
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let x = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1664525 + 1013904223) >>> 0;
    bytes[i] = x >>> 24;
  }
  if (dtype.startsWith("float") || dtype.startsWith("complex")) {
    // avoid NaN payload ambiguity: overwrite with finite values derived from the seed
    for (let i = 0; i < data.length; i++) data[i] = Math.sin(seed * 1000 + i) * 1e3;
  }
  return { data, shape: [n, ...tail], dtype };
}

/** Raw bytes of a typed array (for byte-for-byte comparisons). */
export function bytesOf(a: TypedArray | ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
