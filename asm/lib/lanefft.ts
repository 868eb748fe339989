// The lane-batched complex FFT driver: four independent forward transforms of length n at once,
// in the 32-byte lane element layout of passes.ts. The plan is a table of i32 words that the
// TypeScript side builds in linear memory (src/kernels/fftPlans.ts), so factorising, choosing
// between Stockham and Bluestein and computing accurate twiddles stay in one place (float64 JS)
// and this file only runs them:
//   [0] kind (KIND_STOCKHAM | KIND_BLUESTEIN)  [1] n  [2] elements of `work` needed
//   Stockham:  [3] number of passes, then per pass 6 words: radix, L, rP, twiddles, roots, tmp
//   Bluestein: [3] m  [4] plan of length m  [5] chirp (n f32 pairs)  [6] kernel spectrum / m (m f32 pairs)
import { passOdd, passSmall } from "./passes";

export const KIND_STOCKHAM = 0;
export const KIND_BLUESTEIN = 1;

// @ts-ignore: decorator
@inline const E: usize = 32;

/**
 * dst = DFT_n(src) for the four lanes. `src` is only read (it must not be `dst` or `work`);
 * `work` holds the plan's word [2] elements.
 */
export function fftLanes(plan: usize, src: usize, dst: usize, work: usize): void {
  if (load<i32>(plan) == KIND_BLUESTEIN) {
    bluestein(plan, src, dst, work);
    return;
  }
  stockham(plan, src, dst, work, 0);
}

/** Whether fftLanesTapered can run this plan: Stockham with a first pass of radix 2, 3, 4 or 5. */
export function canFuseTaper(plan: usize): bool {
  return load<i32>(plan) == KIND_STOCKHAM && load<i32>(plan, 12) > 0 && load<i32>(plan, 16) <= 5;
}

/**
 * dst = DFT_n(xs .* taper): the multitaper kernel's transform with the taper multiply done by the
 * first pass. xs: n eight-channel sample blocks (32 bytes, = lane elements), taper: n f32.
 */
export function fftLanesTapered(plan: usize, xs: usize, taper: usize, dst: usize, work: usize): void {
  stockham(plan, xs, dst, work, taper);
}

function stockham(plan: usize, src: usize, dst: usize, work: usize, taper: usize): void {
  const n = load<i32>(plan, 4);
  const np = load<i32>(plan, 12);
  if (np == 0) {
    memory.copy(dst, src, <usize>n * E);
    return;
  }
  let from = src;
  for (let i = 0; i < np; i++) {
    // Ping-pong so that the last pass lands in dst: pass i writes dst when np-1-i is even.
    const to = ((np - 1 - i) & 1) == 0 ? dst : work;
    const p = plan + 16 + <usize>i * 24;
    const radix = load<i32>(p), L = load<i32>(p, 4), rP = load<i32>(p, 8);
    const tw = <usize>load<i32>(p, 12);
    if (radix <= 5) passSmall(radix, from, to, tw, L, rP, i == 0 ? taper : 0);
    else passOdd(from, to, tw, L, rP, radix, <usize>load<i32>(p, 16), <usize>load<i32>(p, 20));
    from = to;
  }
}

/**
 * Bluestein's chirp-z transform: X_k = w_k * sum_j (x_j w_j) conj(w_(k-j)), w_k = exp(-i pi k^2 / n),
 * a circular convolution of length m done as two forward transforms (the inverse one by
 * conjugation: IDFT(A) = conj(DFT(conj A)) / m, the 1/m being folded into the kernel spectrum).
 * work = three buffers of m elements.
 */
function bluestein(plan: usize, src: usize, dst: usize, work: usize): void {
  const n = load<i32>(plan, 4);
  const m = load<i32>(plan, 12);
  const inner = <usize>load<i32>(plan, 16);
  const chirp = <usize>load<i32>(plan, 20);
  const kern = <usize>load<i32>(plan, 24);
  const a = work, b = work + <usize>m * E, c = b + <usize>m * E;
  for (let j = 0; j < n; j++) {
    const x = src + <usize>j * E, y = a + <usize>j * E, w = chirp + <usize>j * 8;
    const xr = v128.load(x), xi = v128.load(x, 16);
    const wr = v128.load32_splat(w), wi = v128.load32_splat(w, 4);
    v128.store(y, f32x4.sub(f32x4.mul(xr, wr), f32x4.mul(xi, wi)));
    v128.store(y, f32x4.add(f32x4.mul(xr, wi), f32x4.mul(xi, wr)), 16);
  }
  memory.fill(a + <usize>n * E, 0, <usize>(m - n) * E);
  fftLanes(inner, a, b, c);
  // a = conj(b .* kernel), so that the next forward transform gives m * conj(convolution)
  for (let k = 0; k < m; k++) {
    const x = b + <usize>k * E, y = a + <usize>k * E, w = kern + <usize>k * 8;
    const xr = v128.load(x), xi = v128.load(x, 16);
    const wr = v128.load32_splat(w), wi = v128.load32_splat(w, 4);
    v128.store(y, f32x4.sub(f32x4.mul(xr, wr), f32x4.mul(xi, wi)));
    v128.store(y, f32x4.neg(f32x4.add(f32x4.mul(xr, wi), f32x4.mul(xi, wr))), 16);
  }
  fftLanes(inner, a, b, c);
  // X_k = w_k * conj(b_k)
  for (let k = 0; k < n; k++) {
    const x = b + <usize>k * E, y = dst + <usize>k * E, w = chirp + <usize>k * 8;
    const xr = v128.load(x), xi = f32x4.neg(v128.load(x, 16));
    const wr = v128.load32_splat(w), wi = v128.load32_splat(w, 4);
    v128.store(y, f32x4.sub(f32x4.mul(xr, wr), f32x4.mul(xi, wi)));
    v128.store(y, f32x4.add(f32x4.mul(xr, wi), f32x4.mul(xi, wr)), 16);
  }
}
