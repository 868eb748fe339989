// Row moves around the filter: from the caller's interleaved rows (int16, float32 or float64,
// nCh values per row) into the working block (the working precision T, `width` values per row, a
// whole number of 32-byte lane groups, the lanes past the channels zero), the edge extension
// scipy's sosfiltfilt pads with, and back out to interleaved rows of the output's type.
// Conversions are SIMD because they touch every sample once per call, as the filter does.

import { f32ToF64, f64ToF32, i16ToF32, i16ToF64 } from "./precision";

export const KIND_I16: i32 = 0;
export const KIND_F32: i32 = 1;
export const KIND_F64: i32 = 2;

export const PAD_ODD: i32 = 0;
export const PAD_EVEN: i32 = 1;
export const PAD_CONSTANT: i32 = 2;

/** n values of kind `kind` at src -> T at dst. */
@inline function convertIn<T>(kind: i32, src: usize, dst: usize, n: i32): void {
  if (sizeof<T>() == 4) {
    if (kind == KIND_I16) i16ToF32(src, dst, n);
    else if (kind == KIND_F32) memory.copy(dst, src, <usize>n << 2);
    else f64ToF32(src, dst, n);
  } else {
    if (kind == KIND_I16) i16ToF64(src, dst, n);
    else if (kind == KIND_F32) f32ToF64(src, dst, n);
    else memory.copy(dst, src, <usize>n << 3);
  }
}

/** n values of T at src -> kind `kind` (float32 or float64) at dst. */
@inline function convertOut<T>(kind: i32, src: usize, dst: usize, n: i32): void {
  if (sizeof<T>() == 4) {
    if (kind == KIND_F32) memory.copy(dst, src, <usize>n << 2);
    else f32ToF64(src, dst, n);
  } else {
    if (kind == KIND_F64) memory.copy(dst, src, <usize>n << 3);
    else f64ToF32(src, dst, n);
  }
}

@inline function kindBytes(kind: i32): usize {
  return kind == KIND_I16 ? 2 : kind == KIND_F32 ? 4 : 8;
}

/**
 * nRows caller rows (srcStride values each, of kind `kind`) -> working rows: values
 * [c0, c0 + nCopy) of each source row land in lanes [0, nCopy), lanes [nCopy, width) become 0
 * (so padding lanes never carry NaN or denormal garbage from an earlier call).
 */
export function loadRows<T>(kind: i32, src: usize, srcStride: i32, c0: i32, nCopy: i32, dst: usize, width: i32, nRows: i32): void {
  const sb = kindBytes(kind);
  const srcRow = <usize>srcStride * sb, dstRow = <usize>width * sizeof<T>();
  const tail = <usize>nCopy * sizeof<T>();
  let s = src + <usize>c0 * sb, d = dst;
  for (let r = 0; r < nRows; r++) {
    convertIn<T>(kind, s, d, nCopy);
    if (tail < dstRow) memory.fill(d + tail, 0, dstRow - tail);
    s += srcRow;
    d += dstRow;
  }
}

/** nRows working rows -> values [c0, c0 + nCopy) of caller rows (dstStride values of kind `kind`). */
export function storeRows<T>(kind: i32, src: usize, width: i32, nRows: i32, dst: usize, dstStride: i32, c0: i32, nCopy: i32): void {
  const db = kindBytes(kind);
  const srcRow = <usize>width * sizeof<T>(), dstRow = <usize>dstStride * db;
  let s = src, d = dst + <usize>c0 * db;
  for (let r = 0; r < nRows; r++) {
    convertOut<T>(kind, s, d, nCopy);
    s += srcRow;
    d += dstRow;
  }
}

/**
 * scipy's edge extension (odd_ext, even_ext, const_ext) of the signal in rows [edge, edge + n)
 * into rows [0, edge) and [edge + n, n + 2*edge). Odd is 2*end - mirror, computed as numpy does
 * (2*end first, exact), so the float64 result is scipy's to the bit.
 */
export function extendRows<T>(padtype: i32, rows: usize, width: i32, edge: i32, n: i32): void {
  const rb = <usize>width * sizeof<T>();
  const first = rows + <usize>edge * rb, last = rows + <usize>(edge + n - 1) * rb;
  for (let k = 1; k <= edge; k++) {
    const dl = rows + <usize>(edge - k) * rb, dr = rows + <usize>(edge + n - 1 + k) * rb;
    const ml = first + <usize>k * rb, mr = last - <usize>k * rb;
    for (let b: usize = 0; b < rb; b += 16) {
      if (padtype == PAD_ODD) {
        const two = v128.splat<T>(<T>2);
        v128.store(dl + b, v128.sub<T>(v128.mul<T>(two, v128.load(first + b)), v128.load(ml + b)));
        v128.store(dr + b, v128.sub<T>(v128.mul<T>(two, v128.load(last + b)), v128.load(mr + b)));
      } else if (padtype == PAD_EVEN) {
        v128.store(dl + b, v128.load(ml + b));
        v128.store(dr + b, v128.load(mr + b));
      } else {
        v128.store(dl + b, v128.load(first + b));
        v128.store(dr + b, v128.load(last + b));
      }
    }
  }
}

