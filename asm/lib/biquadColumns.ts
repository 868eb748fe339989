// The second-order-section recursion walking down one lane group at a time ("column-major"): two
// v128 vectors side by side (8 float32 or 4 float64 channels of an interleaved block) over nRows
// rows, forward or backward in time, the state in registers. Used for narrow rows (fewer than 6
// lane groups, i.e. up to 40 float32 or 20 float64 channels), where the row-major kernel of
// biquadSections.ts pays its per-row overhead on too few channels (measured crossover: 160-192
// bytes per row; 1 lane group: 8 ns per row here against 20 row-major).
//
// Why this shape (measured on V8/Node 20, Zen 3): the recursion is latency-bound per channel
// (y feeds the next state through a multiply, a subtract and an add), so two independent vectors
// per step keep the multiply pipes busy; three sections fused per row beat one section at a time
// over the block by ~25 % because the intermediate outputs never leave registers. The
// coefficients are read as pre-splatted vectors from memory on every use: V8 then loads them
// instead of spilling splats, which was the faster of the two. (The 12 state vectors still do
// not all fit x64's registers with the coefficients; on wide rows that spilling made this kernel
// 1.5x slower than the row-major one.)
//
// Arithmetic per lane is exactly scipy's transposed direct form II in its operation order
//   y = b0*x + z0;  z0 = (b1*x - a1*y) + z1;  z1 = b2*x - a2*y
// so the float64 variant is bit-identical to scipy's _sosfilt (wasm SIMD has no fused multiply-add).
//
// Layout: `col` is the first row to process (the last one when step < 0) at the group's first
// channel; `step` is the signed row stride in bytes. `coef` holds 5 vectors per section
// (b0, b1, b2, a1, a2, each splatted); the state of section s is two rows of the state matrix,
// z0 at st + 2s*stStride and z1 at st + (2s+1)*stStride (the group's slot in each row).

/** Three consecutive sections. */
export function sections3<T>(col: usize, step: isize, nRows: i32, coef: usize, st: usize, stStride: usize): void {
  const s1 = st + 2 * stStride, s2 = st + 4 * stStride;
  let za0 = v128.load(st), za1 = v128.load(st, 16), wa0 = v128.load(st + stStride), wa1 = v128.load(st + stStride, 16);
  let zb0 = v128.load(s1), zb1 = v128.load(s1, 16), wb0 = v128.load(s1 + stStride), wb1 = v128.load(s1 + stStride, 16);
  let zc0 = v128.load(s2), zc1 = v128.load(s2, 16), wc0 = v128.load(s2 + stStride), wc1 = v128.load(s2 + stStride, 16);
  let p = col;
  for (let i = 0; i < nRows; i++) {
    const x0 = v128.load(p), x1 = v128.load(p, 16);
    // section a
    const y0 = v128.add<T>(v128.mul<T>(v128.load(coef, 0), x0), za0);
    const y1 = v128.add<T>(v128.mul<T>(v128.load(coef, 0), x1), za1);
    za0 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 16), x0), v128.mul<T>(v128.load(coef, 48), y0)), wa0);
    za1 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 16), x1), v128.mul<T>(v128.load(coef, 48), y1)), wa1);
    wa0 = v128.sub<T>(v128.mul<T>(v128.load(coef, 32), x0), v128.mul<T>(v128.load(coef, 64), y0));
    wa1 = v128.sub<T>(v128.mul<T>(v128.load(coef, 32), x1), v128.mul<T>(v128.load(coef, 64), y1));
    // section b
    const v0 = v128.add<T>(v128.mul<T>(v128.load(coef, 80), y0), zb0);
    const v1 = v128.add<T>(v128.mul<T>(v128.load(coef, 80), y1), zb1);
    zb0 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 96), y0), v128.mul<T>(v128.load(coef, 128), v0)), wb0);
    zb1 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 96), y1), v128.mul<T>(v128.load(coef, 128), v1)), wb1);
    wb0 = v128.sub<T>(v128.mul<T>(v128.load(coef, 112), y0), v128.mul<T>(v128.load(coef, 144), v0));
    wb1 = v128.sub<T>(v128.mul<T>(v128.load(coef, 112), y1), v128.mul<T>(v128.load(coef, 144), v1));
    // section c
    const q0 = v128.add<T>(v128.mul<T>(v128.load(coef, 160), v0), zc0);
    const q1 = v128.add<T>(v128.mul<T>(v128.load(coef, 160), v1), zc1);
    zc0 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 176), v0), v128.mul<T>(v128.load(coef, 208), q0)), wc0);
    zc1 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 176), v1), v128.mul<T>(v128.load(coef, 208), q1)), wc1);
    wc0 = v128.sub<T>(v128.mul<T>(v128.load(coef, 192), v0), v128.mul<T>(v128.load(coef, 224), q0));
    wc1 = v128.sub<T>(v128.mul<T>(v128.load(coef, 192), v1), v128.mul<T>(v128.load(coef, 224), q1));
    v128.store(p, q0);
    v128.store(p, q1, 16);
    p = <usize>(<isize>p + step);
  }
  v128.store(st, za0); v128.store(st, za1, 16); v128.store(st + stStride, wa0); v128.store(st + stStride, wa1, 16);
  v128.store(s1, zb0); v128.store(s1, zb1, 16); v128.store(s1 + stStride, wb0); v128.store(s1 + stStride, wb1, 16);
  v128.store(s2, zc0); v128.store(s2, zc1, 16); v128.store(s2 + stStride, wc0); v128.store(s2 + stStride, wc1, 16);
}

/** Two consecutive sections. */
export function sections2<T>(col: usize, step: isize, nRows: i32, coef: usize, st: usize, stStride: usize): void {
  const s1 = st + 2 * stStride;
  let za0 = v128.load(st), za1 = v128.load(st, 16), wa0 = v128.load(st + stStride), wa1 = v128.load(st + stStride, 16);
  let zb0 = v128.load(s1), zb1 = v128.load(s1, 16), wb0 = v128.load(s1 + stStride), wb1 = v128.load(s1 + stStride, 16);
  let p = col;
  for (let i = 0; i < nRows; i++) {
    const x0 = v128.load(p), x1 = v128.load(p, 16);
    const y0 = v128.add<T>(v128.mul<T>(v128.load(coef, 0), x0), za0);
    const y1 = v128.add<T>(v128.mul<T>(v128.load(coef, 0), x1), za1);
    za0 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 16), x0), v128.mul<T>(v128.load(coef, 48), y0)), wa0);
    za1 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 16), x1), v128.mul<T>(v128.load(coef, 48), y1)), wa1);
    wa0 = v128.sub<T>(v128.mul<T>(v128.load(coef, 32), x0), v128.mul<T>(v128.load(coef, 64), y0));
    wa1 = v128.sub<T>(v128.mul<T>(v128.load(coef, 32), x1), v128.mul<T>(v128.load(coef, 64), y1));
    const v0 = v128.add<T>(v128.mul<T>(v128.load(coef, 80), y0), zb0);
    const v1 = v128.add<T>(v128.mul<T>(v128.load(coef, 80), y1), zb1);
    zb0 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 96), y0), v128.mul<T>(v128.load(coef, 128), v0)), wb0);
    zb1 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 96), y1), v128.mul<T>(v128.load(coef, 128), v1)), wb1);
    wb0 = v128.sub<T>(v128.mul<T>(v128.load(coef, 112), y0), v128.mul<T>(v128.load(coef, 144), v0));
    wb1 = v128.sub<T>(v128.mul<T>(v128.load(coef, 112), y1), v128.mul<T>(v128.load(coef, 144), v1));
    v128.store(p, v0);
    v128.store(p, v1, 16);
    p = <usize>(<isize>p + step);
  }
  v128.store(st, za0); v128.store(st, za1, 16); v128.store(st + stStride, wa0); v128.store(st + stStride, wa1, 16);
  v128.store(s1, zb0); v128.store(s1, zb1, 16); v128.store(s1 + stStride, wb0); v128.store(s1 + stStride, wb1, 16);
}

/** One section. */
export function sections1<T>(col: usize, step: isize, nRows: i32, coef: usize, st: usize, stStride: usize): void {
  let za0 = v128.load(st), za1 = v128.load(st, 16), wa0 = v128.load(st + stStride), wa1 = v128.load(st + stStride, 16);
  let p = col;
  for (let i = 0; i < nRows; i++) {
    const x0 = v128.load(p), x1 = v128.load(p, 16);
    const y0 = v128.add<T>(v128.mul<T>(v128.load(coef, 0), x0), za0);
    const y1 = v128.add<T>(v128.mul<T>(v128.load(coef, 0), x1), za1);
    za0 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 16), x0), v128.mul<T>(v128.load(coef, 48), y0)), wa0);
    za1 = v128.add<T>(v128.sub<T>(v128.mul<T>(v128.load(coef, 16), x1), v128.mul<T>(v128.load(coef, 48), y1)), wa1);
    wa0 = v128.sub<T>(v128.mul<T>(v128.load(coef, 32), x0), v128.mul<T>(v128.load(coef, 64), y0));
    wa1 = v128.sub<T>(v128.mul<T>(v128.load(coef, 32), x1), v128.mul<T>(v128.load(coef, 64), y1));
    v128.store(p, y0);
    v128.store(p, y1, 16);
    p = <usize>(<isize>p + step);
  }
  v128.store(st, za0); v128.store(st, za1, 16); v128.store(st + stStride, wa0); v128.store(st + stStride, wa1, 16);
}

/**
 * Every section over rows [0, nRows) of a block whose rows hold `rowBytes` bytes (whole 32-byte
 * lane groups), in place, lane group by lane group, three sections at a time, first row to last
 * or (backward) last to first. The state matrix (2*nSec rows of rowBytes) is read as the initial
 * conditions and left as the final ones.
 */
export function filterColumns<T>(block: usize, rowBytes: usize, nRows: i32, backward: bool, coef: usize, nSec: i32, st: usize): void {
  if (nRows <= 0) return;
  const step: isize = backward ? -<isize>rowBytes : <isize>rowBytes;
  const first = backward ? block + <usize>(nRows - 1) * rowBytes : block;
  for (let g: usize = 0; g < rowBytes; g += 32) {
    let s = 0;
    for (; s + 3 <= nSec; s += 3) {
      sections3<T>(first + g, step, nRows, coef + <usize>s * 80, st + <usize>(2 * s) * rowBytes + g, rowBytes);
    }
    if (nSec - s == 2) sections2<T>(first + g, step, nRows, coef + <usize>s * 80, st + <usize>(2 * s) * rowBytes + g, rowBytes);
    else if (nSec - s == 1) sections1<T>(first + g, step, nRows, coef + <usize>s * 80, st + <usize>(2 * s) * rowBytes + g, rowBytes);
  }
}
