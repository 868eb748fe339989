// Cross-spectral accumulation from per-taper complex spectra (the CSD behind Syncopy's
// connectivityanalysis methods csd, coh, granger):
//   A[f, a, b] += scale * sum_k X[k, f, senders[a]] * conj(X[k, f, receivers[b]])
// X: complex interleaved [K, F, C], float32 or float64; A: complex float64 [F, Ns, Nr], so that
// repeated calls can sum tapers and trials without float32 drift. Two arithmetics: float64
// (lib/crossBlocks.ts; products of float32 input are exact, only the float64 sums round) and
// float32 products (lib/crossBlocks32.ts; twice the products per instruction, ~1.4x faster overall,
// ~1e-7 of the |X|^2 sums). Buffers are laid out by src/kernels/crossSpectraWasm.ts and passed as
// byte offsets; nothing here allocates.
import { P32_ENTRY, P_ENTRY, P_PAD, pack32Bytes, packBytes, packFrequency, packFrequency32 } from "./lib/crossPack";
import { productFrequency } from "./lib/crossBlocks";
import { productFrequency32 } from "./lib/crossBlocks32";

// @ts-ignore: decorator
@inline const TMP_BYTES: usize = 256;

// @ts-ignore: decorator
@inline function packSize(K: i32, Ns: i32, Nr: i32, f32: bool): usize {
  return f32 ? pack32Bytes(K, Ns, Nr) : packBytes(K, Ns, Nr);
}

/** Scratch bytes `accumulate` needs at `work` for these sizes (Hermitian mode adds one frequency's Ns x Nr block). */
export function workBytes(K: i32, Ns: i32, Nr: i32, hermitian: i32, f32: i32): usize {
  return packSize(K, Ns, Nr, f32 != 0) + TMP_BYTES + (hermitian != 0 ? <usize>Ns * <usize>Nr << 4 : 0);
}

/**
 * senders / receivers: i32 channel indices in [0, C). hermitian != 0 only when both lists are
 * the same (then only a <= b is computed and mirrored; see lib/crossEmit.ts). f32 != 0: float32
 * products.
 */
export function accumulate(
  x: usize, xF64: i32, K: i32, F: i32, C: i32,
  senders: usize, Ns: i32, receivers: usize, Nr: i32,
  hermitian: i32, f32: i32, scale: f64, acc: usize, work: usize,
): void {
  const single = f32 != 0, herm = hermitian != 0, wide = xF64 != 0;
  const pack = packSize(K, Ns, Nr, single);
  const P = work;
  const Q = P + <usize>K * <usize>(Ns + P_PAD) * (single ? P32_ENTRY : P_ENTRY);
  const tmp = work + pack, T = tmp + TMP_BYTES;
  memory.fill(work, 0, pack); // the padding entries stay zero for every frequency
  const perF = <usize>Ns * <usize>Nr << 4;
  for (let f = 0; f < F; f++) {
    const A = acc + <usize>f * perF;
    if (single) {
      packFrequency32(x, wide, K, F, C, f, senders, Ns, receivers, Nr, P, Q);
      productFrequency32(P, Q, K, Ns, Nr, herm, scale, A, T, tmp);
    } else {
      packFrequency(x, wide, K, F, C, f, senders, Ns, receivers, Nr, P, Q);
      productFrequency(P, Q, K, Ns, Nr, herm, scale, A, T, tmp);
    }
  }
}

/** First byte after the module's static data: the TypeScript side lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}
