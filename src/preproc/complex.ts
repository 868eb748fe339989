/**
 * The few complex operations filter design needs, done the way numpy does them so that designs
 * agree with scipy to rounding: complex division by Smith's method (numpy's loop), square root by
 * the C99 csqrt algorithm (glibc, which numpy calls), products left to right.
 */
export interface Complex { re: number; im: number }

const { abs, sqrt, hypot } = Math;

export const c = (re: number, im = 0): Complex => ({ re, im });
export const cadd = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
export const csub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });
export const cmul = (a: Complex, b: Complex): Complex => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
export const cneg = (a: Complex): Complex => ({ re: -a.re, im: -a.im });
export const cconj = (a: Complex): Complex => ({ re: a.re, im: -a.im });
export const cabs = (a: Complex): number => hypot(a.re, a.im);
/** numpy.isreal: the imaginary part is exactly zero. */
export const isReal = (a: Complex): boolean => a.im === 0;

/** numpy's complex division (Smith's algorithm, as in its ufunc loop). */
export function cdiv(a: Complex, b: Complex): Complex {
  const br = abs(b.re), bi = abs(b.im);
  if (br >= bi) {
    if (br === 0 && bi === 0) return { re: a.re / br, im: a.im / br };
    const rat = b.im / b.re;
    const scl = 1.0 / (b.re + b.im * rat);
    return { re: (a.re + a.im * rat) * scl, im: (a.im - a.re * rat) * scl };
  }
  const rat = b.re / b.im;
  const scl = 1.0 / (b.im + b.re * rat);
  return { re: (a.re * rat + a.im) * scl, im: (a.im * rat - a.re) * scl };
}

/** C99 csqrt (principal branch; the sign of a zero imaginary part picks the side of the cut). */
export function csqrt(z: Complex): Complex {
  const x = z.re, y = z.im;
  if (y === 0) {
    if (x >= 0) return { re: sqrt(x), im: y };
    return { re: 0, im: Object.is(y, -0) ? -sqrt(-x) : sqrt(-x) };
  }
  if (x === 0) {
    const r = sqrt(0.5 * abs(y));
    return { re: r, im: y < 0 ? -r : r };
  }
  const d = hypot(x, y);
  if (x > 0) {
    const r = sqrt(0.5 * (d + x));
    return { re: r, im: 0.5 * (y / r) };
  }
  const s = sqrt(0.5 * (d - x));
  const r = abs(0.5 * (y / s));
  return { re: r, im: y < 0 ? -s : s };
}

/** numpy.prod of a complex list (left to right; 1 for an empty list). */
export function cprod(list: Complex[]): Complex {
  if (list.length === 0) return { re: 1, im: 0 };
  let p = list[0];
  for (let i = 1; i < list.length; i++) p = cmul(p, list[i]);
  return p;
}
