// Four complex multiply-accumulates in registers, shared by the cross-spectral product
// (lib/crossBlocks.ts) and Wilson's factorisation (wilson.ts).
//
// Over n steps, s_j += a * b_j for j = 0..3, where a is a complex float64 (re, im) at p and each
// b_j is packed as two f64x2 at q + 32 j: c = (br, bi-or--bi), w = the partner that makes
// re(a) * c + im(a) * w the product wanted (a * b or a * conj(b); see lib/crossPack.ts). a's parts
// are splatted, so each term is two multiplies and two adds with no shuffle.
//
// Four sums (+ 2 splats + 2 packed vectors + products) fit x64's registers in V8's code; a second
// row in the same loop (8 sums) did not, and V8 kept sums on the stack through the loop, which made
// the kernels' speed depend on the calling frames (asm/README.md, scripts/wasm-spills.js).

/** The four sums over n steps (p += pStep, q += qStep), stored as four v128 at out (sum j at out + 16 j). */
// @ts-ignore: decorator
@inline export function complexSums4(p: usize, pStep: usize, q: usize, qStep: usize, n: i32, out: usize): void {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  for (let k = 0; k < n; k++) {
    const r = v128.load64_splat(p), i = v128.load64_splat(p, 8);
    s0 = f64x2.add(s0, f64x2.add(f64x2.mul(r, v128.load(q)), f64x2.mul(i, v128.load(q, 16))));
    s1 = f64x2.add(s1, f64x2.add(f64x2.mul(r, v128.load(q, 32)), f64x2.mul(i, v128.load(q, 48))));
    s2 = f64x2.add(s2, f64x2.add(f64x2.mul(r, v128.load(q, 64)), f64x2.mul(i, v128.load(q, 80))));
    s3 = f64x2.add(s3, f64x2.add(f64x2.mul(r, v128.load(q, 96)), f64x2.mul(i, v128.load(q, 112))));
    p += pStep;
    q += qStep;
  }
  v128.store(out, s0); v128.store(out, s1, 16); v128.store(out, s2, 32); v128.store(out, s3, 48);
}
