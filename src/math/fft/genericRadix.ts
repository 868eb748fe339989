/**
 * Stockham pass for any odd prime radix without an unrolled kernel (17, 19, ...,
 * up to MAX_GENERIC_RADIX); index layout as documented in butterflies.ts.
 */

/** Precomputed tables for the generic odd radix p. */
export interface OddRadixTables {
  p: number;
  /** cos/sin(2*pi*s*t/p) at [(t-1)*half + (s-1)], s, t in [1, half], half = (p-1)/2. */
  cosMat: Float64Array;
  sinMat: Float64Array;
  /** Per-butterfly workspace: pair sums then pair differences, interleaved complex. */
  scratch: Float64Array;
}

export function makeOddRadixTables(p: number, rootOfUnity: (k: number, n: number) => [number, number]): OddRadixTables {
  const half = (p - 1) >> 1;
  const cosMat = new Float64Array(half * half);
  const sinMat = new Float64Array(half * half);
  for (let t = 1; t <= half; t++) {
    for (let s = 1; s <= half; s++) {
      const [c, sn] = rootOfUnity((s * t) % p, p);
      cosMat[(t - 1) * half + s - 1] = c;
      sinMat[(t - 1) * half + s - 1] = sn;
    }
  }
  return { p, cosMat, sinMat, scratch: new Float64Array(4 * half) };
}

/**
 * Any odd radix p (11, 13, ..., up to MAX_GENERIC_RADIX) in O(p^2/2) real
 * multiplications per butterfly: inputs are paired as (x_s + x_(p-s),
 * x_s - x_(p-s)) so outputs t and p-t share their cosine and sine sums.
 */
export function passOdd(
  src: Float64Array, dst: Float64Array, tw: Float64Array, twOff: number, L: number, rP: number, sgn: number,
  tab: OddRadixTables,
): void {
  const p = tab.p;
  const cosMat = tab.cosMat, sinMat = tab.sinMat, scratch = tab.scratch;
  const half = (p - 1) >> 1;
  const diffOff = 2 * half;
  const inStride = 2 * L * rP;
  const outStride = 2 * L;
  for (let q = 0; q < rP; q++) {
    const aq = 2 * q * L;
    const bq = 2 * p * q * L;
    for (let l = 0; l < L; l++) {
      const a = aq + 2 * l;
      const b = bq + 2 * l;
      const tBase = twOff + 2 * (p - 1) * l;
      const x0r = src[a], x0i = src[a + 1];
      let sumR = x0r, sumI = x0i;
      for (let s = 1; s <= half; s++) {
        const ia = a + s * inStride;
        const ib = a + (p - s) * inStride;
        const ta = tBase + 2 * (s - 1);
        const tb = tBase + 2 * (p - s - 1);
        const war = tw[ta], wai = -sgn * tw[ta + 1];
        const wbr = tw[tb], wbi = -sgn * tw[tb + 1];
        const yar = src[ia], yai = src[ia + 1];
        const ybr = src[ib], ybi = src[ib + 1];
        const xar = yar * war - yai * wai, xai = yar * wai + yai * war;
        const xbr = ybr * wbr - ybi * wbi, xbi = ybr * wbi + ybi * wbr;
        const j = 2 * (s - 1);
        const pr = xar + xbr, pi = xai + xbi;
        scratch[j] = pr;
        scratch[j + 1] = pi;
        scratch[diffOff + j] = xar - xbr;
        scratch[diffOff + j + 1] = xai - xbi;
        sumR += pr;
        sumI += pi;
      }
      dst[b] = sumR;
      dst[b + 1] = sumI;
      for (let t = 1; t <= half; t++) {
        let mr = x0r, mi = x0i, er = 0, ei = 0;
        const row = (t - 1) * half;
        for (let s = 0; s < half; s++) {
          const c = cosMat[row + s], sn = sinMat[row + s];
          const j = 2 * s;
          mr += c * scratch[j];
          mi += c * scratch[j + 1];
          er += sn * scratch[diffOff + j];
          ei += sn * scratch[diffOff + j + 1];
        }
        er *= sgn;
        ei *= sgn;
        const bt = b + t * outStride;
        const bm = b + (p - t) * outStride;
        dst[bt] = mr + ei;
        dst[bt + 1] = mi - er;
        dst[bm] = mr - ei;
        dst[bm + 1] = mi + er;
      }
    }
  }
}
