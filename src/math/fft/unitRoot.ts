/**
 * Twiddle factors computed to full accuracy for any transform length.
 */

// Bound once: global lookups are slow inside vm contexts (jest, notebook kernels).
const { cos, floor, sin } = Math;
const HALF_PI = Math.PI / 2;

/**
 * (cos, sin) of 2*pi*k/N written to out[at], out[at + 1]. The angle is reduced with
 * exact integer arithmetic to at most pi/4 before calling Math.cos/sin, so twiddles
 * of long transforms are as accurate as those of short ones.
 */
export function unitRoot(k: number, N: number, out: Float64Array, at: number): void {
  k %= N;
  if (k < 0) k += N;
  const m = 4 * k;
  const quadrant = floor(m / N);
  const r = m - quadrant * N; // angle within the quadrant is (pi/2) * r / N
  let c: number, s: number;
  if (2 * r <= N) {
    const a = HALF_PI * (r / N);
    c = cos(a);
    s = sin(a);
  } else {
    const a = HALF_PI * ((N - r) / N);
    c = sin(a);
    s = cos(a);
  }
  // Rotate back by quadrant * 90 degrees.
  switch (quadrant) {
    case 1: { const t = c; c = -s; s = t; break; }
    case 2: c = -c; s = -s; break;
    case 3: { const t = c; c = s; s = -t; break; }
  }
  out[at] = c;
  out[at + 1] = s;
}
