/**
 * numpy's reductions as FOOOF uses them, with numpy's summation order (pairwise summation in
 * blocks of 8, as `np.add.reduce` on a contiguous float64 array), so that thresholds such as
 * `max <= peak_threshold * std` decide the same way on borderline spectra.
 */
const sqrt = Math.sqrt;
const abs = Math.abs;

/** numpy's pairwise_sum for float64 (PW_BLOCKSIZE 128): bit-identical to np.sum. */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= 128) {
    let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
    let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
    const end8 = n - (n % 8);
    let i = 8;
    for (; i < end8; i += 8) {
      const b = start + i;
      r0 += a[b]; r1 += a[b + 1]; r2 += a[b + 2]; r3 += a[b + 3];
      r4 += a[b + 4]; r5 += a[b + 5]; r6 += a[b + 6]; r7 += a[b + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

export function mean(a: ArrayLike<number>): number {
  return pairwiseSum(a) / a.length;
}

/** np.std (ddof = 0): sqrt(mean(|a - mean(a)|^2)). `scratch` avoids an allocation. */
export function std(a: ArrayLike<number>, scratch?: Float64Array): number {
  const n = a.length;
  const m = mean(a);
  const d = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
  for (let i = 0; i < n; i++) { const x = a[i] - m; d[i] = x * x; }
  return sqrt(pairwiseSum(d) / n);
}

/** np.percentile(a, q) with the default "linear" method, q in percent. */
export function percentile(a: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(a).sort();
  const n = s.length;
  const vi = (q / 100) * (n - 1);
  const lo = Math.floor(vi);
  const hi = Math.min(lo + 1, n - 1);
  const t = vi - lo;
  const x = s[lo], y = s[hi];
  const diff = y - x;
  // numpy's _lerp: the formula from the nearer end
  return t >= 0.5 ? y - diff * (1 - t) : x + diff * t;
}

/** First index of the maximum (np.argmax). */
export function argmax(a: ArrayLike<number>): number {
  let k = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[k]) k = i;
  return k;
}

/** Index of the value nearest to v (np.argmin(np.abs(a - v)), first on ties). */
export function argNearest(a: ArrayLike<number>, v: number): number {
  let k = 0, best = Infinity;
  for (let i = 0; i < a.length; i++) {
    const d = abs(a[i] - v);
    if (d < best) { best = d; k = i; }
  }
  return k;
}

/** Pearson correlation of x and y (np.corrcoef(x, y)[0, 1]), clipped to [-1, 1]. */
export function corrcoef(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  const mx = mean(x), my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const c = sxy / sqrt(sxx) / sqrt(syy);
  return c > 1 ? 1 : c < -1 ? -1 : c;
}
