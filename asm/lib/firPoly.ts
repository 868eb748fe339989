// The inner loop of scipy's upfirdn as resample_poly uses it, one polyphase dot product per output:
//   y[o] = sum_i x[i] * h[t - i*up],  t = (o + preRemove) * down
// Only taps of one phase (t mod up) meet samples, so the TypeScript side regroups h into `up`
// phase rows of K taps (reversed, zero-filled at the front to a multiple of 4) and the sum becomes
// a contiguous dot product of K taps with the K samples ending at floor(t / up). Two f64x2
// accumulators: the sum order differs from the scalar loop, so results agree to rounding.
//
// xp: the signal with K - 1 zeros before it and zeros after it up to the last window's end.

export function polyphase(xp: usize, rows: usize, K: i32, up: i32, down: i32, preRemove: i32, nOut: i32, out: usize): void {
  const rowBytes = <usize>K << 3;
  for (let o = 0; o < nOut; o++) {
    const t = <i64>(o + preRemove) * <i64>down;
    const last = <i32>(t / <i64>up);
    const phase = <i32>(t - <i64>last * <i64>up);
    // window xp[last, last + K) = samples last - K + 1 ... last of x
    let p = xp + (<usize>last << 3);
    let r = rows + <usize>phase * rowBytes;
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
    for (let q = 0; q < K; q += 4) {
      a0 = f64x2.add(a0, f64x2.mul(v128.load(r), v128.load(p)));
      a1 = f64x2.add(a1, f64x2.mul(v128.load(r, 16), v128.load(p, 16)));
      p += 32;
      r += 32;
    }
    const a = f64x2.add(a0, a1);
    store<f64>(out + (<usize>o << 3), f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1));
  }
}
