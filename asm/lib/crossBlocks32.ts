// The cross-spectral product of one frequency with float32 products (f32x4: two complex values
// per vector, twice the products per instruction of lib/crossBlocks.ts):
//   A[a, b] += scale * sum_k P32[k, a] * conj(Q32[k, b])
// Blocks of 2 senders x 8 receivers are summed one sender at a time (four f32x4 sums, 8 complex, in
// registers). The products
// and sums over at most KB tapers are float32; every KB tapers the sums are widened and added to
// float64 ones, and A is float64 as always. So the error stays ~KB eps32 of the |X|^2 sums however
// many tapers (or trials stacked as tapers) one call brings.
import { P32_ENTRY, P_PAD, Q32_PAIR, q32Pairs } from "./crossPack";
import { addTo, emitBlock, flushHermitian } from "./crossEmit";
import { hiToLo } from "./precision";

// @ts-ignore: decorator
@inline const KB = 16;

/** Adds the two complex values of v (receivers b, b + 1) as float64 at o and o + 16. */
// @ts-ignore: decorator
@inline function widenAdd(o: usize, v: v128): void {
  addTo(o, f64x2.promote_low_f32x4(v));
  addTo(o + 16, f64x2.promote_low_f32x4(hiToLo(v)));
}

/**
 * Sender a's eight complex sums with receivers b0..b0 + 7 (b0 even) over all K tapers, added as
 * float64 to the four pairs at out, out + 32, out + 128, out + 160 (crossEmit's layout, row 0).
 * One sender at a time keeps 4 sums + 2 splats + 2 receiver vectors (+ the products) in
 * registers: the two-sender block this replaced held 14 vectors across the taper loop, more than
 * V8's 15 usable xmm registers, and V8 kept four of its sums on the stack through the loop (see
 * lib/complexSums.ts for why a loop-carried stack slot is a hazard). Each element's sum over k is
 * formed in the same order as before: same bits.
 */
// @ts-ignore: decorator
@inline function rowSums32(P: usize, Q: usize, K: i32, pRow: usize, qRow: usize, a: i32, b0: i32, out: usize): void {
  let p = P + <usize>a * P32_ENTRY, q = Q + <usize>(b0 >> 1) * Q32_PAIR;
  for (let k0 = 0; k0 < K; k0 += KB) {
    const k1 = min(K, k0 + KB);
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    for (let k = k0; k < k1; k++) {
      const r = v128.load32_splat(p), i = v128.load32_splat(p, 4);
      let c = v128.load(q), w = v128.load(q, 16);
      s0 = f32x4.add(s0, f32x4.add(f32x4.mul(r, c), f32x4.mul(i, w)));
      c = v128.load(q, 32); w = v128.load(q, 48);
      s1 = f32x4.add(s1, f32x4.add(f32x4.mul(r, c), f32x4.mul(i, w)));
      c = v128.load(q, 64); w = v128.load(q, 80);
      s2 = f32x4.add(s2, f32x4.add(f32x4.mul(r, c), f32x4.mul(i, w)));
      c = v128.load(q, 96); w = v128.load(q, 112);
      s3 = f32x4.add(s3, f32x4.add(f32x4.mul(r, c), f32x4.mul(i, w)));
      p += pRow;
      q += qRow;
    }
    // pair j holds columns 2j, 2j + 1: block 0 (out) for j < 2, block 1 (out + 128) after
    widenAdd(out, s0); widenAdd(out + 32, s1); widenAdd(out + 128, s2); widenAdd(out + 160, s3);
  }
}

/**
 * The 2 x 8 block at senders a0, a0 + 1 and receivers b0..b0 + 7 (b0 even) as float64 sums: columns
 * 0-3 at out, 4-7 at out + 128, each a 2 x 4 block in crossEmit's layout (row 1 is 64 bytes on).
 */
function blockSums32(P: usize, Q: usize, K: i32, pRow: usize, qRow: usize, a0: i32, b0: i32, out: usize): void {
  memory.fill(out, 0, 256);
  rowSums32(P, Q, K, pRow, qRow, a0, b0, out);
  rowSums32(P, Q, K, pRow, qRow, a0 + 1, b0, out + 64);
}

/** As productFrequency (lib/crossBlocks.ts) with float32 products; tmp: 256 bytes. */
export function productFrequency32(
  P: usize, Q: usize, K: i32, Ns: i32, Nr: i32, hermitian: bool, scale: f64, A: usize, T: usize, tmp: usize,
): void {
  const pRow = <usize>(Ns + P_PAD) * P32_ENTRY, qRow = q32Pairs(Nr) * Q32_PAIR;
  const s = f64x2.splat(scale);
  const dst = hermitian ? T : A;
  for (let a0 = 0; a0 < Ns; a0 += 2) {
    for (let b0 = hermitian ? a0 : 0; b0 < Nr; b0 += 8) {
      blockSums32(P, Q, K, pRow, qRow, a0, b0, tmp);
      emitBlock(dst, Ns, Nr, a0, b0, hermitian, s, tmp);
      if (b0 + 4 < Nr) emitBlock(dst, Ns, Nr, a0, b0 + 4, hermitian, s, tmp + 128);
    }
  }
  if (hermitian) flushHermitian(A, T, <usize>Ns * <usize>Nr, scale);
}
