// Where the block sums of the cross-spectral product go (lib/crossBlocks.ts, crossBlocks32.ts):
// one 2 x 4 block of float64 sums at tmp (row r, column j at tmp + (4r + j) * 16) is added to A
// times the scale, or, in Hermitian mode, stored into the scratch T at [a, b] and conjugated at
// [b, a], T being added to A once per frequency by flushHermitian.
//
// Why T: adding the mirrored sums straight into A was slower than computing the full product
// (column-wise read-modify-writes of rows 1 kB apart for 64 channels, each block's loads 4 kB from
// the previous block's stores: most likely 4K-aliasing stalls). Plain stores do not stall, and the
// flush reads and writes A in order. Flushing T's rows as soon as they were complete was slower
// than one pass per frequency.

// @ts-ignore: decorator
@inline export function addTo(p: usize, v: v128): void {
  v128.store(p, f64x2.add(v128.load(p), v));
}

/** T[a0, b] = v0, T[a0 + 1, b] = v1 (at o, o + rowBytes) and their conjugates at T[b, a0], T[b, a0 + 1] (m, m + 16). */
// @ts-ignore: decorator
@inline function mirrorPair(o: usize, m: usize, p0: usize, p1: usize, conj: v128, rowBytes: usize): void {
  const v0 = v128.load(p0), v1 = v128.load(p1);
  v128.store(o, v0);
  v128.store(o + rowBytes, v1);
  v128.store(m, f64x2.mul(v0, conj));
  v128.store(m, f64x2.mul(v1, conj), 16);
}

/**
 * Entry by entry, for edge blocks and the diagonal ones. Entries outside [Ns, Nr] are skipped,
 * and in Hermitian mode those left of the diagonal (the mirror of an entry the same block holds
 * writes them).
 */
function emitEdge(dst: usize, Ns: i32, Nr: i32, a0: i32, b0: i32, hermitian: bool, s: v128, tmp: usize): void {
  const conj = f64x2(1.0, -1.0);
  for (let r = 0; r < 2; r++) {
    const a = a0 + r;
    if (a >= Ns) break;
    for (let j = 0; j < 4; j++) {
      const b = b0 + j;
      if (b >= Nr) break;
      const v = v128.load(tmp + (<usize>(4 * r + j) << 4));
      if (!hermitian) {
        addTo(dst + (<usize>(a * Nr + b) << 4), f64x2.mul(v, s));
      } else if (b >= a) {
        v128.store(dst + (<usize>(a * Nr + b) << 4), v);
        if (b > a) v128.store(dst + (<usize>(b * Nr + a) << 4), f64x2.mul(v, conj));
      }
    }
  }
}

/**
 * The block at senders a0, a0 + 1 and receivers b0..b0 + 3 into dst: A (times s, added) or, in
 * Hermitian mode, T (stored and mirrored). In Hermitian mode b0 >= a0 and Ns == Nr.
 */
// @ts-ignore: decorator
@inline export function emitBlock(dst: usize, Ns: i32, Nr: i32, a0: i32, b0: i32, hermitian: bool, s: v128, tmp: usize): void {
  const interior = a0 + 2 <= Ns && b0 + 4 <= Nr && (!hermitian || b0 >= a0 + 2);
  if (!interior) {
    emitEdge(dst, Ns, Nr, a0, b0, hermitian, s, tmp);
    return;
  }
  const rowBytes = <usize>Nr << 4;
  const o = dst + <usize>a0 * rowBytes + (<usize>b0 << 4);
  if (!hermitian) {
    const o1 = o + rowBytes;
    addTo(o, f64x2.mul(v128.load(tmp), s)); addTo(o + 16, f64x2.mul(v128.load(tmp, 16), s));
    addTo(o + 32, f64x2.mul(v128.load(tmp, 32), s)); addTo(o + 48, f64x2.mul(v128.load(tmp, 48), s));
    addTo(o1, f64x2.mul(v128.load(tmp, 64), s)); addTo(o1 + 16, f64x2.mul(v128.load(tmp, 80), s));
    addTo(o1 + 32, f64x2.mul(v128.load(tmp, 96), s)); addTo(o1 + 48, f64x2.mul(v128.load(tmp, 112), s));
    return;
  }
  // T[a0 + r, b0 + j] = sum; T[b0 + j, a0 + r] = conj(sum) (the two mirrored values are neighbours in row b0 + j)
  const conj = f64x2(1.0, -1.0);
  const m = dst + <usize>b0 * rowBytes + (<usize>a0 << 4);
  mirrorPair(o, m, tmp, tmp + 64, conj, rowBytes);
  mirrorPair(o + 16, m + rowBytes, tmp + 16, tmp + 80, conj, rowBytes);
  mirrorPair(o + 32, m + 2 * rowBytes, tmp + 32, tmp + 96, conj, rowBytes);
  mirrorPair(o + 48, m + 3 * rowBytes, tmp + 48, tmp + 112, conj, rowBytes);
}

/** A += s * T over one frequency's n = Ns * Nr entries (Hermitian mode, after all blocks). */
export function flushHermitian(A: usize, T: usize, n: usize, scale: f64): void {
  const s = f64x2.splat(scale);
  for (let i: usize = 0; i < n; i++) addTo(A + (i << 4), f64x2.mul(v128.load(T + (i << 4)), s));
}
