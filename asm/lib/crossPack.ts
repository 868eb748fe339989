// Packing of one frequency's taper spectra for the cross-spectral product (lib/crossBlocks.ts).
//
// The input X is complex interleaved [K, F, C] (float32 or float64), channel fastest, as the
// multitaper kernel writes it. For one frequency f the product needs, per taper k, the senders'
// values (to splat) and the receivers' values (to multiply against), widened to float64. Products of
// two float32 numbers are exact in float64 (24 + 24 bits < 53), so widening first makes every
// product exact and leaves rounding to the float64 sums alone.
//
// P[k, a] = (re, im) of X[k, f, senders[a]]                     16 bytes per entry
// Q[k, b] = (re, -im), (im, re) of X[k, f, receivers[b]]        32 bytes per entry
// so that x * conj(y) = x.re * (y.re, -y.im) + x.im * (y.im, y.re): two f64x2 multiplies and two
// adds per complex multiply-accumulate, with no shuffle in the inner loop.
//
// The float32 variant (lib/crossBlocks32.ts, twice the products per instruction) packs the same
// values as float32, receivers in pairs so that one f32x4 holds two of them:
// P32[k, a] = (re, im);  Q32[k, pair j] = (re, -im) of receivers 2j, 2j+1, then (im, re) of both.

// @ts-ignore: decorator
@inline export const P_ENTRY: usize = 16;
// @ts-ignore: decorator
@inline export const Q_ENTRY: usize = 32;
/** Zero entries after the senders: the block product reads two rows at a time. */
// @ts-ignore: decorator
@inline export const P_PAD: i32 = 2;
/** Zero entries after the receivers: a column block (four wide) may start at any row index. */
// @ts-ignore: decorator
@inline export const Q_PAD: i32 = 4;

/** Bytes of P and Q for K tapers, Ns senders and Nr receivers. */
// @ts-ignore: decorator
@inline export function packBytes(K: i32, Ns: i32, Nr: i32): usize {
  return <usize>K * (<usize>(Ns + P_PAD) * P_ENTRY + <usize>(Nr + Q_PAD) * Q_ENTRY);
}

/** X[k, f, c] as (re, im) float64, from float32 or float64 storage. */
// @ts-ignore: decorator
@inline function value(x: usize, xF64: bool, at: usize): v128 {
  if (xF64) return v128.load(x + (at << 4));
  return f64x2.promote_low_f32x4(v128.load64_zero(x + (at << 3)));
}

/**
 * Fills P and Q for frequency f. The padding entries are never written here: the caller zeroes
 * P and Q once per call, and they stay zero for every frequency.
 */
export function packFrequency(
  x: usize, xF64: bool, K: i32, F: i32, C: i32, f: i32,
  senders: usize, Ns: i32, receivers: usize, Nr: i32, P: usize, Q: usize,
): void {
  const conj = f64x2(1.0, -1.0);
  const pRow = <usize>(Ns + P_PAD) * P_ENTRY, qRow = <usize>(Nr + Q_PAD) * Q_ENTRY;
  for (let k = 0; k < K; k++) {
    const row = <usize>(k * F + f) * <usize>C;
    const p = P + <usize>k * pRow, q = Q + <usize>k * qRow;
    for (let a = 0; a < Ns; a++) {
      const c = <usize>load<i32>(senders + (<usize>a << 2));
      v128.store(p + <usize>a * P_ENTRY, value(x, xF64, row + c));
    }
    for (let b = 0; b < Nr; b++) {
      const c = <usize>load<i32>(receivers + (<usize>b << 2));
      const v = value(x, xF64, row + c);
      const o = q + <usize>b * Q_ENTRY;
      v128.store(o, f64x2.mul(v, conj));
      v128.store(o, v128.shuffle<f64>(v, v, 1, 0), 16);
    }
  }
}

// @ts-ignore: decorator
@inline export const P32_ENTRY: usize = 8;
// @ts-ignore: decorator
@inline export const Q32_PAIR: usize = 32;
/** Zero receivers after the last: a float32 column block (eight wide) may start at any even row index. */
// @ts-ignore: decorator
@inline export const Q32_PAD: i32 = 8;

/** Receiver pairs per taper row of Q32. */
// @ts-ignore: decorator
@inline export function q32Pairs(Nr: i32): usize {
  return <usize>((Nr + Q32_PAD + 1) >> 1);
}

/** Bytes of P32 and Q32. */
// @ts-ignore: decorator
@inline export function pack32Bytes(K: i32, Ns: i32, Nr: i32): usize {
  return <usize>K * (<usize>(Ns + P_PAD) * P32_ENTRY + q32Pairs(Nr) * Q32_PAIR);
}

/** X[k, f, c] as float32 (re, im) into o. */
// @ts-ignore: decorator
@inline function store32(x: usize, xF64: bool, at: usize, o: usize): void {
  if (xF64) {
    store<f32>(o, <f32>load<f64>(x + (at << 4)));
    store<f32>(o, <f32>load<f64>(x + (at << 4), 8), 4);
  } else {
    store<u64>(o, load<u64>(x + (at << 3)));
  }
}

/** Fills P32 and Q32 for frequency f (padding entries: as packFrequency). */
export function packFrequency32(
  x: usize, xF64: bool, K: i32, F: i32, C: i32, f: i32,
  senders: usize, Ns: i32, receivers: usize, Nr: i32, P: usize, Q: usize,
): void {
  const pRow = <usize>(Ns + P_PAD) * P32_ENTRY, qRow = q32Pairs(Nr) * Q32_PAIR;
  for (let k = 0; k < K; k++) {
    const row = <usize>(k * F + f) * <usize>C;
    const p = P + <usize>k * pRow, q = Q + <usize>k * qRow;
    for (let a = 0; a < Ns; a++) {
      store32(x, xF64, row + <usize>load<i32>(senders + (<usize>a << 2)), p + <usize>a * P32_ENTRY);
    }
    for (let b = 0; b < Nr; b++) {
      const c = <usize>load<i32>(receivers + (<usize>b << 2));
      const o = q + <usize>(b >> 1) * Q32_PAIR + (<usize>(b & 1) << 3);
      store32(x, xF64, row + c, o);
      const re = load<f32>(o), im = load<f32>(o, 4);
      store<f32>(o, -im, 4);
      store<f32>(o, im, 16);
      store<f32>(o, re, 20);
    }
  }
}
