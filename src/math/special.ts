/**
 * Special functions the windows need, accurate to a few ulps in double precision.
 */

// Bound once: global lookups are slow inside vm contexts (jest, notebook kernels).
const { abs, exp, sin, sqrt } = Math;

/** Below this argument I0 is summed from its power series, above from its asymptotic series. */
const I0_SERIES_LIMIT = 25;

/**
 * Modified Bessel function of the first kind, order 0 (scipy.special.i0).
 *
 * For |x| <= 25 the power series sum_k ((x/2)^k / k!)^2 is used: every term is
 * positive, so there is no cancellation and the relative error stays at a few
 * ulps. For larger |x| the asymptotic expansion
 *   I0(x) ~ e^x / sqrt(2*pi*x) * sum_k ((2k-1)!!)^2 / (k! (8x)^k)
 * converges to machine precision long before its terms start to grow (the
 * smallest term is about e^(-2x) < 1e-21 at x = 25).
 */
export function besselI0(x: number): number {
  const ax = abs(x);
  if (Number.isNaN(ax)) return NaN;
  if (ax <= I0_SERIES_LIMIT) {
    const q = 0.25 * ax * ax;
    let term = 1;
    let sum = 1;
    for (let k = 1; k < 500; k++) {
      term *= q / (k * k);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return sum;
  }
  let term = 1;
  let sum = 1;
  const inv8x = 1 / (8 * ax);
  for (let k = 1; k < 200; k++) {
    const next = term * ((2 * k - 1) * (2 * k - 1)) * inv8x / k;
    if (next > term) break; // asymptotic series started diverging
    term = next;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  // Split e^x so the result only overflows where I0 itself does (x ~ 713).
  const half = exp(0.5 * ax);
  return ((half * sum) / sqrt(2 * Math.PI * ax)) * half;
}

/** Normalised sinc, sin(pi x)/(pi x), 1 at x = 0 (numpy.sinc). */
export function sinc(x: number): number {
  if (x === 0) return 1;
  const y = Math.PI * x;
  return sin(y) / y;
}
