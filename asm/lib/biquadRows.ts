// Row moves around the filter: from the caller's interleaved rows (int16, float32 or float64,
// nCh values per row) into the working block (the working precision T, `width` values per row, a
// whole number of 32-byte lane groups, the lanes past the channels zero), the edge extension
// scipy's sosfiltfilt pads with, and back out to interleaved rows of the output's type.
// Conversions are SIMD because they touch every sample once per call, as the filter does.

import { f32ToF64, f64ToF32, i16ToF32, i16ToF64 } from "./precision";
import { filterColumns } from "./biquadColumns";
import { filterRow, ROW_MAJOR_MIN_BYTES } from "./biquadSections";

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

// Whether a loaded value was NaN since the last takeNaNSeen(): the preprocessing reports has_nan
// per trial, and scanning each working row here, right after its conversion while it is in L1,
// is nearly free next to a separate pass over the caller's array (0.8 ns a value in JS).
let nanSeen: i32 = 0;

/** Whether a NaN was loaded since the last call; clears the flag. */
export function takeNaNSeen(): i32 {
  const r = nanSeen;
  nanSeen = 0;
  return r;
}

/** n values of T at p: any NaN? (x != x only for NaN.) */
@inline function scanNaN<T>(p: usize, n: i32): void {
  const bytes = <usize>n * sizeof<T>();
  const body = bytes & ~(<usize>15);
  let acc = i32x4.splat(0);
  for (let b: usize = 0; b < body; b += 16) {
    const v = v128.load(p + b);
    acc = v128.or(acc, v128.ne<T>(v, v));
  }
  let any = v128.any_true(acc);
  for (let b = body; b < bytes; b += sizeof<T>()) {
    const x = load<T>(p + b);
    if (x != x) any = true;
  }
  if (any) nanSeen = 1;
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
  loadFilterRows<T>(kind, src, srcStride, c0, nCopy, dst, width, nRows, 0, 0, 0);
}

/**
 * loadRows, each row then filtered forward through the nSec sections at `coef` with state `st`
 * (asm/lib/biquadSections.ts) while it is in L1: the forward pass of sosfiltfilt on fresh input.
 * Narrow rows are all converted first and then filtered column-major (biquadColumns.ts).
 */
export function loadFilterRows<T>(kind: i32, src: usize, srcStride: i32, c0: i32, nCopy: i32, dst: usize, width: i32, nRows: i32,
                                  coef: usize, nSec: i32, st: usize): void {
  const sb = kindBytes(kind);
  const srcRow = <usize>srcStride * sb, dstRow = <usize>width * sizeof<T>();
  const tail = <usize>nCopy * sizeof<T>();
  const fused = nSec > 0 && dstRow >= ROW_MAJOR_MIN_BYTES;
  let s = src + <usize>c0 * sb, d = dst;
  for (let r = 0; r < nRows; r++) {
    convertIn<T>(kind, s, d, nCopy);
    if (kind != KIND_I16) scanNaN<T>(d, nCopy);
    if (tail < dstRow) memory.fill(d + tail, 0, dstRow - tail);
    if (fused) filterRow<T>(d, d, dstRow, coef, nSec, st, false);
    s += srcRow;
    d += dstRow;
  }
  if (nSec > 0 && !fused) filterColumns<T>(dst, dstRow, nRows, false, coef, nSec, st);
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
 * The backward pass of sosfiltfilt fused with storeRows (narrow rows: filtered column-major in
 * place, then stored): working rows [0, nRows) from the last to the first, each filtered through the nSec sections at `coef` (state `st`) into the scratch
 * row `tmp` and converted from there into its output row while it is in L1. The working rows are
 * only read, so the pass adds no write-back of the padded signal to DRAM (no measurable change
 * on Zen 3, where this pass is compute-bound, but it cannot cost).
 */
export function filterStoreRows<T>(kind: i32, src: usize, width: i32, nRows: i32, dst: usize, dstStride: i32, c0: i32, nCopy: i32,
                                   coef: usize, nSec: i32, st: usize, tmp: usize): void {
  if (nRows <= 0) return;
  const srcRow = <usize>width * sizeof<T>();
  if (srcRow < ROW_MAJOR_MIN_BYTES) { // narrow rows: column-major in place, then converted out
    filterColumns<T>(src, srcRow, nRows, true, coef, nSec, st);
    storeRows<T>(kind, src, width, nRows, dst, dstStride, c0, nCopy);
    return;
  }
  const db = kindBytes(kind);
  const dstRow = <usize>dstStride * db;
  let s = src + <usize>(nRows - 1) * srcRow, d = dst + <usize>c0 * db + <usize>(nRows - 1) * dstRow;
  for (let r = 0; r < nRows; r++) {
    filterRow<T>(s, tmp, srcRow, coef, nSec, st, true);
    convertOut<T>(kind, tmp, d, nCopy);
    s -= srcRow;
    d -= dstRow;
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

