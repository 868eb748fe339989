/**
 * Reduce long series and large grids to what the pixels can show, so a notebook output stays
 * small whatever the trial length.
 */

import { SPYValueError } from "../core/errors";
import { checkInteger } from "../core/keywords";

/**
 * Min/max decimation: split the samples into `nColumns` equal index ranges (one per pixel column)
 * and keep, from each, the sample with the smallest and the one with the largest y, in their
 * original order. A line drawn through the result covers the same vertical extent in every
 * column as the full series, so single-sample spikes survive. NaN samples are ignored; a range
 * that is all NaN keeps one NaN point (a gap in the line).
 *
 * Series of at most 2·nColumns samples are passed through unchanged (as Float64Array copies).
 * The result has at most 2·nColumns points.
 */
export function minMaxReduce(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  nColumns = 1000,
): { x: Float64Array; y: Float64Array } {
  const n = y.length;
  if (x.length !== n) throw new SPYValueError("x", `length ${x.length}`, `the length of y (${n})`);
  const idx = minMaxIndices(y, nColumns);
  if (!idx) return { x: Float64Array.from(x), y: Float64Array.from(y) };
  return { x: gather(x, idx), y: gather(y, idx) };
}

/**
 * The sample indices `minMaxReduce` keeps (increasing), or null when the series is short enough
 * to pass unchanged. Other arrays sampled like y (the edges of a band around it) are reduced with
 * the same indices through `gather`.
 */
export function minMaxIndices(y: ArrayLike<number>, nColumns = 1000): Int32Array | null {
  checkInteger(nColumns, "nColumns", { min: 1 });
  const n = y.length;
  if (n <= 2 * nColumns) return null;
  const out = new Int32Array(2 * nColumns);
  let m = 0;
  for (let b = 0; b < nColumns; b++) {
    const start = Math.floor((b * n) / nColumns);
    const stop = Math.floor(((b + 1) * n) / nColumns);
    let iMin = -1, iMax = -1;
    let vMin = Infinity, vMax = -Infinity;
    for (let i = start; i < stop; i++) {
      const v = y[i];
      if (v < vMin) { vMin = v; iMin = i; }
      if (v > vMax) { vMax = v; iMax = i; }
    }
    if (iMin < 0) {
      // all NaN (comparisons with NaN are false): one point, a gap in the line
      out[m++] = start;
      continue;
    }
    if (iMin === iMax) out[m++] = iMin;
    else if (iMin < iMax) { out[m++] = iMin; out[m++] = iMax; }
    else { out[m++] = iMax; out[m++] = iMin; }
  }
  return out.slice(0, m);
}

/** a[idx[k]] for every k, as a Float64Array. */
export function gather(a: ArrayLike<number>, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = a[idx[k]];
  return out;
}

/**
 * Block-average a row-major grid z[ny][nx] (flat, `z[j * nx + i]`) so that it has at most
 * maxX × maxY cells. Blocks are contiguous index ranges of (almost) equal length; NaN values are
 * ignored (a block of only NaN stays NaN). `xEdges`/`yEdges` (length n+1) are reduced to the block
 * boundaries. Grids already small enough are returned as copies.
 */
export function blockAverage(
  z: ArrayLike<number>,
  nx: number,
  ny: number,
  xEdges: ArrayLike<number>,
  yEdges: ArrayLike<number>,
  maxX: number,
  maxY: number,
): { z: Float64Array; nx: number; ny: number; xEdges: Float64Array; yEdges: Float64Array } {
  if (z.length !== nx * ny) throw new SPYValueError("z", `length ${z.length}`, `ny*nx = ${ny * nx} values`);
  const bx = Math.min(nx, Math.max(1, maxX));
  const by = Math.min(ny, Math.max(1, maxY));
  const xb = blockBounds(nx, bx);
  const yb = blockBounds(ny, by);
  const out = new Float64Array(bx * by);
  for (let q = 0; q < by; q++) {
    for (let p = 0; p < bx; p++) {
      let s = 0, cnt = 0;
      for (let j = yb[q]; j < yb[q + 1]; j++) {
        const row = j * nx;
        for (let i = xb[p]; i < xb[p + 1]; i++) {
          const v = z[row + i];
          if (v === v) { s += v; cnt++; }
        }
      }
      out[q * bx + p] = cnt ? s / cnt : NaN;
    }
  }
  const xe = new Float64Array(bx + 1), ye = new Float64Array(by + 1);
  for (let p = 0; p <= bx; p++) xe[p] = xEdges[xb[p]];
  for (let q = 0; q <= by; q++) ye[q] = yEdges[yb[q]];
  return { z: out, nx: bx, ny: by, xEdges: xe, yEdges: ye };
}

/** Boundaries of `nBlocks` contiguous blocks over `n` indices (length nBlocks+1, from 0 to n). */
function blockBounds(n: number, nBlocks: number): Int32Array {
  const b = new Int32Array(nBlocks + 1);
  for (let k = 0; k <= nBlocks; k++) b[k] = Math.floor((k * n) / nBlocks);
  return b;
}

/**
 * Cell edges for cell centres `c` (length n >= 1): midpoints between neighbours, extended by half
 * a step at both ends. In log mode the midpoints are geometric (needs all c > 0). A single centre
 * gets the width `fallbackWidth` (or 1).
 */
export function cellEdges(c: ArrayLike<number>, log = false, fallbackWidth?: number): Float64Array {
  const n = c.length;
  const e = new Float64Array(n + 1);
  if (n === 1) {
    if (log) {
      const f = fallbackWidth && fallbackWidth > 1 ? Math.sqrt(fallbackWidth) : Math.SQRT2;
      e[0] = c[0] / f; e[1] = c[0] * f;
    } else {
      const w = fallbackWidth && fallbackWidth > 0 ? fallbackWidth : 1;
      e[0] = c[0] - w / 2; e[1] = c[0] + w / 2;
    }
    return e;
  }
  if (log) {
    for (let i = 1; i < n; i++) e[i] = Math.sqrt(c[i - 1] * c[i]);
    e[0] = (c[0] * c[0]) / e[1];
    e[n] = (c[n - 1] * c[n - 1]) / e[n - 1];
  } else {
    for (let i = 1; i < n; i++) e[i] = (c[i - 1] + c[i]) / 2;
    e[0] = c[0] - (e[1] - c[0]);
    e[n] = c[n - 1] + (c[n - 1] - e[n - 1]);
  }
  return e;
}
