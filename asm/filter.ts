// IIR filtering of interleaved multichannel blocks: second-order sections (scipy's sosfilt
// arithmetic) in float32 (f32x4) or float64 (f64x2), plus the row conversions (alone, or fused
// with the forward / backward pass) and the edge extension that src/preproc/biquadWasm.ts drives
// block by block. Each export is a thin instantiation of the generic helpers in lib/ for one
// working precision.
import { filterRows } from "./lib/biquadSections";
import { extendRows, filterStoreRows, loadFilterRows, loadRows, storeRows, takeNaNSeen } from "./lib/biquadRows";

/** Whether any value loaded since the last call was NaN (the float input kinds); clears the flag. */
export function nanSeen(): i32 {
  return takeNaNSeen();
}

export function filterRowsF32(block: usize, width: i32, nRows: i32, backward: bool, coef: usize, nSec: i32, st: usize): void {
  filterRows<f32>(block, width, nRows, backward, coef, nSec, st);
}
export function filterRowsF64(block: usize, width: i32, nRows: i32, backward: bool, coef: usize, nSec: i32, st: usize): void {
  filterRows<f64>(block, width, nRows, backward, coef, nSec, st);
}

export function loadFilterRowsF32(kind: i32, src: usize, srcStride: i32, c0: i32, nCopy: i32, dst: usize, width: i32, nRows: i32, coef: usize, nSec: i32, st: usize): void {
  loadFilterRows<f32>(kind, src, srcStride, c0, nCopy, dst, width, nRows, coef, nSec, st);
}
export function loadFilterRowsF64(kind: i32, src: usize, srcStride: i32, c0: i32, nCopy: i32, dst: usize, width: i32, nRows: i32, coef: usize, nSec: i32, st: usize): void {
  loadFilterRows<f64>(kind, src, srcStride, c0, nCopy, dst, width, nRows, coef, nSec, st);
}

export function filterStoreRowsF32(kind: i32, src: usize, width: i32, nRows: i32, dst: usize, dstStride: i32, c0: i32, nCopy: i32, coef: usize, nSec: i32, st: usize, tmp: usize): void {
  filterStoreRows<f32>(kind, src, width, nRows, dst, dstStride, c0, nCopy, coef, nSec, st, tmp);
}
export function filterStoreRowsF64(kind: i32, src: usize, width: i32, nRows: i32, dst: usize, dstStride: i32, c0: i32, nCopy: i32, coef: usize, nSec: i32, st: usize, tmp: usize): void {
  filterStoreRows<f64>(kind, src, width, nRows, dst, dstStride, c0, nCopy, coef, nSec, st, tmp);
}

export function loadRowsF32(kind: i32, src: usize, srcStride: i32, c0: i32, nCopy: i32, dst: usize, width: i32, nRows: i32): void {
  loadRows<f32>(kind, src, srcStride, c0, nCopy, dst, width, nRows);
}
export function loadRowsF64(kind: i32, src: usize, srcStride: i32, c0: i32, nCopy: i32, dst: usize, width: i32, nRows: i32): void {
  loadRows<f64>(kind, src, srcStride, c0, nCopy, dst, width, nRows);
}

export function storeRowsF32(kind: i32, src: usize, width: i32, nRows: i32, dst: usize, dstStride: i32, c0: i32, nCopy: i32): void {
  storeRows<f32>(kind, src, width, nRows, dst, dstStride, c0, nCopy);
}
export function storeRowsF64(kind: i32, src: usize, width: i32, nRows: i32, dst: usize, dstStride: i32, c0: i32, nCopy: i32): void {
  storeRows<f64>(kind, src, width, nRows, dst, dstStride, c0, nCopy);
}

export function extendRowsF32(padtype: i32, rows: usize, width: i32, edge: i32, n: i32): void {
  extendRows<f32>(padtype, rows, width, edge, n);
}
export function extendRowsF64(padtype: i32, rows: usize, width: i32, edge: i32, n: i32): void {
  extendRows<f64>(padtype, rows, width, edge, n);
}

/** First byte after the module's static data: the TypeScript side lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}
