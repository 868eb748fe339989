// The register-blocked cross-spectral product of one frequency, float64 arithmetic:
//   A[a, b] += scale * sum_k P[k, a] * conj(Q[k, b])          (A: [Ns, Nr] complex float64)
// from the packed P and Q of lib/crossPack.ts. A block of 2 senders x 4 receivers is summed over
// all K tapers one sender at a time (four complex sums in registers, lib/complexSums.ts) and touches A
// once, so A (64 kB per frequency for 64 channels) is read and written once per call instead of
// once per taper.
//
// Hermitian mode (senders == receivers): only blocks on or right of the diagonal are computed,
// which halves the products (lib/crossEmit.ts mirrors them). Measured with 64 channels, 7 tapers,
// 501 frequencies: 15 % faster than the full product when A (33 MB) streams from memory, 28 % when
// it fits in cache; the rest of the time is the stores, A's traffic and the diagonal blocks.
import { P_ENTRY, P_PAD, Q_ENTRY, Q_PAD } from "./crossPack";
import { emitBlock, flushHermitian } from "./crossEmit";
import { complexSums4 } from "./complexSums";

/** The eight complex sums of the block at senders a0, a0+1 and receivers b0..b0+3, stored at out (row r, column j at out + (4r + j) * 16). */
// @ts-ignore: decorator
@inline function blockSums(P: usize, Q: usize, K: i32, pRow: usize, qRow: usize, a0: i32, b0: i32, out: usize): void {
  // one sender at a time (lib/complexSums.ts): a two-row loop held 14 vectors across the taper loop,
  // and V8 kept two of its sums on the stack, which made coh 2x slower in some runs depending on
  // the calling frames (README, "coh after a batch run"); each sum is formed in the same order
  const p = P + <usize>a0 * P_ENTRY, q = Q + <usize>b0 * Q_ENTRY;
  complexSums4(p, pRow, q, qRow, K, out);
  complexSums4(p + P_ENTRY, pRow, q, qRow, K, out + 64);
}

/** A (one frequency, [Ns, Nr]) += scale * the product of the packed P and Q over K tapers; T: Ns * Nr * 16 bytes of scratch in Hermitian mode; tmp: 128 bytes. */
export function productFrequency(
  P: usize, Q: usize, K: i32, Ns: i32, Nr: i32, hermitian: bool, scale: f64, A: usize, T: usize, tmp: usize,
): void {
  const pRow = <usize>(Ns + P_PAD) * P_ENTRY, qRow = <usize>(Nr + Q_PAD) * Q_ENTRY;
  const s = f64x2.splat(scale);
  const dst = hermitian ? T : A;
  for (let a0 = 0; a0 < Ns; a0 += 2) {
    for (let b0 = hermitian ? a0 : 0; b0 < Nr; b0 += 4) {
      blockSums(P, Q, K, pRow, qRow, a0, b0, tmp);
      emitBlock(dst, Ns, Nr, a0, b0, hermitian, s, tmp);
    }
  }
  if (hermitian) flushHermitian(A, T, <usize>Ns * <usize>Nr, scale);
}
