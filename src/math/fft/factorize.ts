/**
 * Factorisation of a transform length into the radices the Stockham kernels know.
 */

/**
 * Largest prime that may get a generic O(p^2) butterfly; beyond it Bluestein is
 * always cheaper. Below it, complexPlan compares modelled costs of both.
 */
export const MAX_GENERIC_RADIX = 101;

/** Prime factors of n in ascending order (with multiplicity). */
export function primeFactors(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  while (rest % 2 === 0 && rest > 1) {
    factors.push(2);
    rest /= 2;
  }
  for (let p = 3; p * p <= rest; p += 2) {
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
  }
  if (rest > 1) factors.push(rest);
  return factors;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && Number.isInteger(n) && (n & (n - 1)) === 0 && n <= 2 ** 30;
}

/** Smallest power of two >= n (1 for n <= 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Radices for a Stockham pass sequence, or null when n has a prime factor above
 * MAX_GENERIC_RADIX (then Bluestein is cheaper than an O(n*p) generic butterfly).
 * Fours come first: a radix-4 pass does the work of two radix-2 passes with fewer
 * loads/stores and no non-trivial multiplications inside the butterfly.
 */
export function stockhamRadices(n: number): number[] | null {
  const primes = primeFactors(n);
  if (primes.length > 0 && primes[primes.length - 1] > MAX_GENERIC_RADIX) return null;
  const twos = primes.filter((p) => p === 2).length;
  const radices: number[] = [];
  for (let i = 0; i + 1 < twos; i += 2) radices.push(4);
  if (twos % 2 === 1) radices.push(2);
  for (const p of primes) if (p !== 2) radices.push(p);
  return radices;
}

/**
 * Measured cost of one Stockham pass, in ns per complex point (Node 20, x86-64),
 * used only to choose between algorithms; absolute values do not matter, ratios do.
 * Radix 4 does two levels at roughly the price of one radix-2 level. Generic odd
 * radices cost O(p) per point.
 */
function passCost(radix: number): number {
  switch (radix) {
    case 2: return 1.9;
    case 3: return 2.2;
    case 4: return 2.2;
    case 5: return 3.1;
    case 7: return 4.1;
    case 11: return 4.4;
    case 13: return 4.8;
    default: return 0.55 * radix + 2.3;
  }
}

/** Modelled time of a Stockham transform of length n with the given radices. */
export function stockhamCost(n: number, radices: number[]): number {
  let perPoint = 0;
  for (const r of radices) perPoint += passCost(r);
  return n * perPoint;
}

/**
 * Cheapest convolution length for Bluestein on n points: any m >= 2n - 1 whose
 * factors are 2, 3, 5, 7 (not only powers of two, which can nearly double m),
 * with its modelled cost (two transforms of m plus the pointwise chirp work).
 */
export function bluesteinLength(n: number): { m: number; cost: number } {
  const lo = 2 * n - 1;
  const hi = nextPowerOfTwo(lo);
  let best = { m: hi, cost: Infinity };
  for (let p7 = 1; p7 <= hi; p7 *= 7) {
    for (let p5 = p7; p5 <= hi; p5 *= 5) {
      for (let p3 = p5; p3 <= hi; p3 *= 3) {
        let m = p3;
        while (m < lo) m *= 2;
        if (m > hi) continue;
        const cost = 2 * stockhamCost(m, stockhamRadices(m) as number[]) + 3 * n + 2 * m;
        if (cost < best.cost) best = { m, cost };
      }
    }
  }
  return best;
}
