// The second-order-section recursion on interleaved rows, one row at a time ("row-major"): each
// section in turn over the whole row, every channel's state read from the state matrix and
// written back to it.
//
// Why this shape (measured on V8/Node 20, Zen 3; numbers in asm/README.md): the previous kernel
// walked down one 32-byte lane group with the state in registers, three sections fused, which
// needs 12 state + 15 coefficient vectors, more than x64's 16 xmm registers: V8 spilled the
// loop-carried state through the stack (~30 cycles per row and lane group, 2x the multiply
// bound). Row-major, a channel's recursion goes through the state matrix (2 rows per section,
// in L1) with all the row's other lane groups between two of its steps, so its latency is
// hidden; one section per pass keeps that section's 5 coefficients in registers; 4 vectors per
// step amortise the loop overhead (8 vectors per step, or 2 rows per step sharing one state
// load, spilled or gained nothing). Rows are read sequentially, which the hardware
// prefetcher follows; a backward pass also walks each row from its end, so that memory is read
// strictly downwards (ascending within descending rows made it 1.5-2x slower from DRAM).
//
// Arithmetic per lane is exactly scipy's transposed direct form II in its operation order
//   y = b0*x + z0;  z0 = (b1*x - a1*y) + z1;  z1 = b2*x - a2*y
// so the float64 variant is bit-identical to scipy's _sosfilt (wasm SIMD has no fused multiply-add).
// The one liberty: a product by a coefficient that is exactly 1 (b0 of every section after the
// first of a scipy Butterworth design, b2 of its [1, +-2, 1] sections) is left out, since 1*x == x
// exactly for every x; that saves 3 of 15 multiplies per sample for a 3rd-order band-pass (~6 %).
//
// Narrow rows (under ROW_MAJOR_MIN_BYTES) go to the column-major kernel of biquadColumns.ts instead.
//
// Layout: a row holds `rowBytes` bytes (whole 32-byte lane groups); `coef` holds 5 vectors per
// section (b0, b1, b2, a1, a2, each splatted); the state matrix has 2 rows per section, z0 of
// section s at st + 2s*rowBytes and z1 at st + (2s+1)*rowBytes.

import { filterColumns } from "./biquadColumns";

/**
 * Rows of at least this many bytes (6 lane groups: 48 float32 or 24 float64 channels) are
 * filtered row-major; narrower ones column-major, which wins there (measured crossover 160-192 bytes).
 */
export const ROW_MAJOR_MIN_BYTES: usize = 192;

/**
 * One section over `nv` (2 or 4) vectors: x from `src`, y to `dst` (may be src), state at zp / wp.
 * U0 / U2: b0 / b2 is exactly 1 (the product is skipped). All flags are constants after inlining.
 */
// @ts-ignore: decorator
@inline function section<T>(nv: i32, U0: bool, U2: bool, src: usize, dst: usize, zp: usize, wp: usize,
                            b0: v128, b1: v128, b2: v128, a1: v128, a2: v128): void {
  const x0 = v128.load(src), x1 = v128.load(src, 16);
  const x2 = nv == 4 ? v128.load(src, 32) : x0, x3 = nv == 4 ? v128.load(src, 48) : x1;
  const y0 = v128.add<T>(U0 ? x0 : v128.mul<T>(b0, x0), v128.load(zp));
  const y1 = v128.add<T>(U0 ? x1 : v128.mul<T>(b0, x1), v128.load(zp, 16));
  const y2 = nv == 4 ? v128.add<T>(U0 ? x2 : v128.mul<T>(b0, x2), v128.load(zp, 32)) : y0;
  const y3 = nv == 4 ? v128.add<T>(U0 ? x3 : v128.mul<T>(b0, x3), v128.load(zp, 48)) : y1;
  v128.store(zp, v128.add<T>(v128.sub<T>(v128.mul<T>(b1, x0), v128.mul<T>(a1, y0)), v128.load(wp)));
  v128.store(zp, v128.add<T>(v128.sub<T>(v128.mul<T>(b1, x1), v128.mul<T>(a1, y1)), v128.load(wp, 16)), 16);
  if (nv == 4) {
    v128.store(zp, v128.add<T>(v128.sub<T>(v128.mul<T>(b1, x2), v128.mul<T>(a1, y2)), v128.load(wp, 32)), 32);
    v128.store(zp, v128.add<T>(v128.sub<T>(v128.mul<T>(b1, x3), v128.mul<T>(a1, y3)), v128.load(wp, 48)), 48);
  }
  v128.store(wp, v128.sub<T>(U2 ? x0 : v128.mul<T>(b2, x0), v128.mul<T>(a2, y0)));
  v128.store(wp, v128.sub<T>(U2 ? x1 : v128.mul<T>(b2, x1), v128.mul<T>(a2, y1)), 16);
  if (nv == 4) {
    v128.store(wp, v128.sub<T>(U2 ? x2 : v128.mul<T>(b2, x2), v128.mul<T>(a2, y2)), 32);
    v128.store(wp, v128.sub<T>(U2 ? x3 : v128.mul<T>(b2, x3), v128.mul<T>(a2, y3)), 48);
  }
  v128.store(dst, y0);
  v128.store(dst, y1, 16);
  if (nv == 4) {
    v128.store(dst, y2, 32);
    v128.store(dst, y3, 48);
  }
}

/** The section with coefficients at `c` and state rows from `zr` over one row (src -> dst), in 64-byte steps and a 32-byte tail. */
// @ts-ignore: decorator
@inline function sectionRow<T>(U0: bool, U2: bool, src: usize, dst: usize, rowBytes: usize, c: usize, zr: usize, down: bool): void {
  const b0 = v128.load(c), b1 = v128.load(c, 16), b2 = v128.load(c, 32), a1 = v128.load(c, 48), a2 = v128.load(c, 64);
  const wr = zr + rowBytes;
  const body = rowBytes & ~(<usize>63);
  if (down) {
    if (body < rowBytes) section<T>(2, U0, U2, src + body, dst + body, zr + body, wr + body, b0, b1, b2, a1, a2);
    for (let g = body; g > 0; ) {
      g -= 64;
      section<T>(4, U0, U2, src + g, dst + g, zr + g, wr + g, b0, b1, b2, a1, a2);
    }
  } else {
    for (let g: usize = 0; g < body; g += 64) section<T>(4, U0, U2, src + g, dst + g, zr + g, wr + g, b0, b1, b2, a1, a2);
    if (body < rowBytes) section<T>(2, U0, U2, src + body, dst + body, zr + body, wr + body, b0, b1, b2, a1, a2);
  }
}

/**
 * Every section in turn over one row: the first reads `src`, all write and then read `dst`
 * (src itself when filtering in place). `down` walks the row from its end (a backward pass).
 * Not inlined into its three callers: the call per row costs nothing measurable, and the module
 * stays about half the size.
 */
export function filterRow<T>(src: usize, dst: usize, rowBytes: usize, coef: usize, nSec: i32, st: usize, down: bool): void {
  for (let s = 0; s < nSec; s++) {
    const c = coef + <usize>s * 80, zr = st + <usize>(2 * s) * rowBytes;
    const from = s == 0 ? src : dst;
    const u0 = load<T>(c) == <T>1, u2 = load<T>(c, 32) == <T>1;
    if (u0 && u2) sectionRow<T>(true, true, from, dst, rowBytes, c, zr, down);
    else if (u0) sectionRow<T>(true, false, from, dst, rowBytes, c, zr, down);
    else sectionRow<T>(false, false, from, dst, rowBytes, c, zr, down);
  }
}

/**
 * Every section over rows [0, nRows) of a block whose rows hold `width` values of T (a multiple
 * of 32 bytes), in place, first row to last or (backward) last to first: row-major, or
 * column-major for narrow rows. The state matrix is read as the initial conditions and left as
 * the final ones.
 */
export function filterRows<T>(block: usize, width: i32, nRows: i32, backward: bool, coef: usize, nSec: i32, st: usize): void {
  if (nRows <= 0) return;
  const rowBytes = <usize>width * sizeof<T>();
  if (rowBytes < ROW_MAJOR_MIN_BYTES) {
    filterColumns<T>(block, rowBytes, nRows, backward, coef, nSec, st);
    return;
  }
  const step: isize = backward ? -<isize>rowBytes : <isize>rowBytes;
  let row = backward ? block + <usize>(nRows - 1) * rowBytes : block;
  for (let i = 0; i < nRows; i++) {
    filterRow<T>(row, row, rowBytes, coef, nSec, st, backward);
    row = <usize>(<isize>row + step);
  }
}
