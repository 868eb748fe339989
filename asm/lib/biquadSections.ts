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
// The one liberty: operations whose result is exact without them are left out where the
// numerator has a Butterworth design's structure (the section forms below), which gives the
// same bits.
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

// The section's form, from its numerator (b0, b1, b2); each form leaves out what is exact without
// it, so every result is the same bits as the general form's (for finite values):
//   GENERAL  any b
//   ONE      b0 == 1:                y = x + z0
//   ONE_ONE  b0 == b2 == 1 ([1, +-2, 1], every section after a Butterworth design's first
//            but [1, 0, -1]):        also b2*x = x
//   ODD      [1, 0, -1] (a band-pass design's middle section): 0*x - a1*y + z1 == z1 - a1*y, and
//            -x - a2*y == (-a2)*y - x (both the negation of x + a2*y, rounded symmetrically)
//   SCALED   [k, 2k, k] (a design's first section, the gain k times [1, 2, 1]): (2k)*x == kx + kx
//            (doubling is exact) and b2*x == kx, so one product instead of three
// For scipy's 3rd-order band-pass ([k, 2k, k], [1, 0, -1], [1, -2, 1]) that is 20 operations per
// sample and pass instead of 24 (15 multiplies in the general form, 12 with ONE forms only, 8 now).
const GENERAL: i32 = 0;
const ONE: i32 = 1;
const ONE_ONE: i32 = 2;
const ODD: i32 = 3;
const SCALED: i32 = 4;

/**
 * One vector of a section in form `form` (a constant after inlining): x from src + o, y to dst + o
 * (may be src), state at zp + o / wp + o. `b2` is (-a2) for the ODD form.
 */
// @ts-ignore: decorator
@inline function lane<T>(form: i32, o: usize, src: usize, dst: usize, zp: usize, wp: usize,
                         b0: v128, b1: v128, b2: v128, a1: v128, a2: v128): void {
  const x = v128.load(src + o);
  const bx = form == GENERAL || form == SCALED ? v128.mul<T>(b0, x) : x;
  const y = v128.add<T>(bx, v128.load(zp + o));
  const z1 = v128.load(wp + o);
  if (form == ODD) {
    v128.store(zp + o, v128.sub<T>(z1, v128.mul<T>(a1, y)));
    v128.store(wp + o, v128.sub<T>(v128.mul<T>(b2, y), x));
  } else {
    const b1x = form == SCALED ? v128.add<T>(bx, bx) : v128.mul<T>(b1, x);
    v128.store(zp + o, v128.add<T>(v128.sub<T>(b1x, v128.mul<T>(a1, y)), z1));
    const b2x = form == ONE_ONE ? x : form == SCALED ? bx : v128.mul<T>(b2, x);
    v128.store(wp + o, v128.sub<T>(b2x, v128.mul<T>(a2, y)));
  }
  v128.store(dst + o, y);
}

/** One section over `nv` (2 or 4) vectors: x from `src`, y to `dst` (may be src), state at zp / wp. */
// @ts-ignore: decorator
@inline function section<T>(nv: i32, form: i32, src: usize, dst: usize, zp: usize, wp: usize,
                            b0: v128, b1: v128, b2: v128, a1: v128, a2: v128): void {
  lane<T>(form, 0, src, dst, zp, wp, b0, b1, b2, a1, a2);
  lane<T>(form, 16, src, dst, zp, wp, b0, b1, b2, a1, a2);
  if (nv == 4) {
    lane<T>(form, 32, src, dst, zp, wp, b0, b1, b2, a1, a2);
    lane<T>(form, 48, src, dst, zp, wp, b0, b1, b2, a1, a2);
  }
}

/** The section with coefficients at `c` and state rows from `zr` over one row (src -> dst), in 64-byte steps and a 32-byte tail. */
// @ts-ignore: decorator
@inline function sectionRow<T>(form: i32, src: usize, dst: usize, rowBytes: usize, c: usize, zr: usize, down: bool): void {
  const b0 = v128.load(c), b1 = v128.load(c, 16), a1 = v128.load(c, 48), a2 = v128.load(c, 64);
  const b2 = form == ODD ? v128.neg<T>(a2) : v128.load(c, 32);
  const wr = zr + rowBytes;
  const body = rowBytes & ~(<usize>63);
  if (down) {
    if (body < rowBytes) section<T>(2, form, src + body, dst + body, zr + body, wr + body, b0, b1, b2, a1, a2);
    for (let g = body; g > 0; ) {
      g -= 64;
      section<T>(4, form, src + g, dst + g, zr + g, wr + g, b0, b1, b2, a1, a2);
    }
  } else {
    for (let g: usize = 0; g < body; g += 64) section<T>(4, form, src + g, dst + g, zr + g, wr + g, b0, b1, b2, a1, a2);
    if (body < rowBytes) section<T>(2, form, src + body, dst + body, zr + body, wr + body, b0, b1, b2, a1, a2);
  }
}

/** The form of the section whose coefficients are at `c` (see GENERAL ... SCALED). */
// @ts-ignore: decorator
@inline function formOf<T>(c: usize): i32 {
  const b0 = load<T>(c), b1 = load<T>(c, 16), b2 = load<T>(c, 32);
  if (b0 == <T>1) {
    if (b1 == <T>0 && b2 == <T>-1) return ODD;
    return b2 == <T>1 ? ONE_ONE : ONE;
  }
  // b0 + b0 is exact unless it overflows, in which case the general form's products overflow too
  if (b1 == b0 + b0 && b2 == b0 && isFinite<T>(b0)) return SCALED;
  return GENERAL;
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
    const form = formOf<T>(c);
    if (form == ONE_ONE) sectionRow<T>(ONE_ONE, from, dst, rowBytes, c, zr, down);
    else if (form == ODD) sectionRow<T>(ODD, from, dst, rowBytes, c, zr, down);
    else if (form == SCALED) sectionRow<T>(SCALED, from, dst, rowBytes, c, zr, down);
    else if (form == ONE) sectionRow<T>(ONE, from, dst, rowBytes, c, zr, down);
    else sectionRow<T>(GENERAL, from, dst, rowBytes, c, zr, down);
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
