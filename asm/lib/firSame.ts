// Direct-form "same" convolution in float64: out[i] = sum_j k[j] * x[i + s - j], x zero outside
// [0, n). Vectorised across outputs (two per f64x2 lane pair, eight per step in four independent
// accumulators to hide the add latency), so every output is still one running sum over j in
// ascending order: the same additions as the TypeScript loop, hence the same bits (the products
// with the zero padding are exact zeros).
//
// xp: the signal with m - 1 zeros before and at least m - 1 after; kv: tap j splatted at kv + 16*j.

export function firSame(xp: usize, n: i32, kv: usize, m: i32, s: i32, out: usize): void {
  const P = m - 1;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    let p = xp + (<usize>(i + s + P) << 3);
    let k = kv;
    for (let j = 0; j < m; j++) {
      const kj = v128.load(k);
      a0 = f64x2.add(a0, f64x2.mul(kj, v128.load(p)));
      a1 = f64x2.add(a1, f64x2.mul(kj, v128.load(p, 16)));
      a2 = f64x2.add(a2, f64x2.mul(kj, v128.load(p, 32)));
      a3 = f64x2.add(a3, f64x2.mul(kj, v128.load(p, 48)));
      p -= 8;
      k += 16;
    }
    const o = out + (<usize>i << 3);
    v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
  }
  for (; i + 2 <= n; i += 2) {
    let a = f64x2.splat(0);
    let p = xp + (<usize>(i + s + P) << 3);
    for (let j = 0; j < m; j++) {
      a = f64x2.add(a, f64x2.mul(v128.load(kv + (<usize>j << 4)), v128.load(p)));
      p -= 8;
    }
    v128.store(out + (<usize>i << 3), a);
  }
  for (; i < n; i++) {
    let a: f64 = 0;
    let p = xp + (<usize>(i + s + P) << 3);
    for (let j = 0; j < m; j++) {
      a += load<f64>(kv + (<usize>j << 4)) * load<f64>(p);
      p -= 8;
    }
    store<f64>(out + (<usize>i << 3), a);
  }
}
