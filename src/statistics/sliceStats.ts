/**
 * Statistics of one slice of numbers (the values of one output element along the reduced axis),
 * float64, numpy's definitions: mean, var/std (two-pass, |x - mean|^2 for complex data), median
 * (complex numbers sorted lexicographically, real part then imaginary part, as numpy's sort; an
 * even count averages the two middle values). `nan: "omit"` is numpy's nan-function
 * (nanmean, nanvar, nanmedian): a NaN in either part of a complex number drops that number;
 * `"propagate"` is the plain function (np.mean, ...).
 *
 * A slice is `n` numbers (`2n` interleaved re, im when complex) in `v`, which the functions may
 * reorder (median sorts it in place).
 */
import type { NanPolicy } from "./trialMoments";

export type StatOperation = "mean" | "var" | "std" | "median";

export interface SliceOptions {
  complex: boolean;
  nan: NanPolicy;
  ddof: number;
}

/** Move the non-NaN numbers to the front; returns how many there are. */
function compactFinite(v: Float64Array, n: number, complex: boolean): number {
  let m = 0;
  if (complex) {
    for (let i = 0; i < n; i++) {
      const re = v[2 * i], im = v[2 * i + 1];
      if (re !== re || im !== im) continue;
      v[2 * m] = re;
      v[2 * m + 1] = im;
      m++;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (x !== x) continue;
      v[m++] = x;
    }
  }
  return m;
}

function hasNaN(v: Float64Array, n: number, complex: boolean): boolean {
  const len = complex ? 2 * n : n;
  for (let i = 0; i < len; i++) if (v[i] !== v[i]) return true;
  return false;
}

/**
 * The statistic of one slice, written to `out[at]` (and `out[at + 1]`, the imaginary part, for the
 * complex mean and median). var/std give NaN where `count - ddof <= 0` (numpy's nanvar; np.var
 * would divide by zero — the frontends refuse such a ddof up front).
 */
export function sliceStatistic(op: StatOperation, v: Float64Array, n: number, o: SliceOptions, out: Float64Array, at: number): void {
  const complex = o.complex;
  let m = n;
  if (o.nan === "omit") m = compactFinite(v, n, complex);
  else if (op === "median" && hasNaN(v, n, complex)) {
    // numpy's median of a slice holding NaN is NaN (a complex one nan+0j)
    out[at] = NaN;
    if (complex) out[at + 1] = 0;
    return;
  }
  if (op === "median") {
    sliceMedian(v, m, complex, out, at);
    return;
  }
  // mean (NaN when nothing is left, as np.nanmean of an all-NaN slice)
  let sr = 0, si = 0;
  if (complex) {
    for (let i = 0; i < m; i++) { sr += v[2 * i]; si += v[2 * i + 1]; }
  } else {
    for (let i = 0; i < m; i++) sr += v[i];
  }
  const mr = m > 0 ? sr / m : NaN;
  const mi = m > 0 ? si / m : NaN;
  if (op === "mean") {
    out[at] = mr;
    if (complex) {
      out[at + 1] = mi;
      if (mr !== mr || mi !== mi) out[at] = out[at + 1] = NaN;
    }
    return;
  }
  let ss = 0;
  if (complex) {
    for (let i = 0; i < m; i++) {
      const dr = v[2 * i] - mr, di = v[2 * i + 1] - mi;
      ss += dr * dr + di * di;
    }
  } else {
    for (let i = 0; i < m; i++) { const d = v[i] - mr; ss += d * d; }
  }
  const dof = m - o.ddof;
  const variance = dof > 0 ? ss / dof : NaN;
  out[at] = op === "std" ? Math.sqrt(variance) : variance;
}

/** Median of m NaN-free numbers (sorted in place); NaN when m = 0. */
export function sliceMedian(v: Float64Array, m: number, complex: boolean, out: Float64Array, at: number): void {
  if (m === 0) {
    out[at] = NaN;
    if (complex) out[at + 1] = NaN;
    return;
  }
  const lo = (m - 1) >> 1, hi = m >> 1;
  if (!complex) {
    const s = v.subarray(0, m).sort();
    out[at] = lo === hi ? s[lo] : (s[lo] + s[hi]) / 2;
    return;
  }
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => (v[2 * a] - v[2 * b]) || (v[2 * a + 1] - v[2 * b + 1]));
  const a = order[lo], b = order[hi];
  out[at] = lo === hi ? v[2 * a] : (v[2 * a] + v[2 * b]) / 2;
  out[at + 1] = lo === hi ? v[2 * a + 1] : (v[2 * a + 1] + v[2 * b + 1]) / 2;
}

/** Whether the operation's result is complex for complex input (mean and median; var/std are real). */
export function keepsComplex(op: StatOperation): boolean {
  return op === "mean" || op === "median";
}
