/**
 * Factorisation of a transform length into the radices the Stockham kernels know.
 */

/** Largest prime that gets its own (generic, O(p^2)) butterfly; larger primes go to Bluestein. */
export const MAX_GENERIC_RADIX = 61;

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
