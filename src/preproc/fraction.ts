/**
 * Python's Fraction.from_float(x).limit_denominator(maxDen): the closest fraction with a
 * denominator <= maxDen (continued fractions, exact BigInt arithmetic). Syncopy takes its
 * resampling factors up/down from it.
 */
import { checkNumber } from "../core/keywords";

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** The exact value of a float as numerator / denominator (Fraction.from_float). */
export function floatToFraction(x: number): [bigint, bigint] {
  checkNumber(x, "x");
  if (x === 0) return [0n, 1n];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  let num = mant, den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  const g = gcd(num, den);
  num /= g;
  den /= g;
  return [negative ? -num : num, den];
}

/** Fraction.from_float(x).limit_denominator(maxDen) as [numerator, denominator] (numbers). */
export function limitDenominator(x: number, maxDen = 1000000): [number, number] {
  checkNumber(maxDen, "max_denominator", { min: 1 });
  const [n0, d0] = floatToFraction(x);
  const neg = n0 < 0n;
  const N = neg ? -n0 : n0;
  const maxD = BigInt(Math.floor(maxDen));
  let result: [bigint, bigint];
  if (d0 <= maxD) {
    result = [N, d0];
  } else {
    let p0 = 0n, q0 = 1n, p1 = 1n, q1 = 0n;
    let n = N, d = d0;
    for (;;) {
      const a = n / d;
      const q2 = q0 + a * q1;
      if (q2 > maxD) break;
      [p0, q0, p1, q1] = [p1, q1, p0 + a * p1, q2];
      [n, d] = [d, n - a * d];
    }
    const k = (maxD - q0) / q1;
    const b1n = p0 + k * p1, b1d = q0 + k * q1;
    // |p1/q1 - N/d0| <= |b1n/b1d - N/d0|, cross-multiplied (all denominators positive)
    const abs = (v: bigint) => (v < 0n ? -v : v);
    const lhs = abs(p1 * d0 - N * q1) * b1d;
    const rhs = abs(b1n * d0 - N * b1d) * q1;
    result = lhs <= rhs ? [p1, q1] : [b1n, b1d];
  }
  const g = gcd(result[0], result[1]);
  const num = Number(result[0] / g), den = Number(result[1] / g);
  return [neg ? -num : num, den];
}
