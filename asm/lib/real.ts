// Real-input transforms (numpy rfft / irfft semantics) on top of cfft.
//
// Even n = 2h: the samples are read as z_j = x_(2j) + i x_(2j+1) (n f32 reals already are h
// interleaved complex values, nothing is copied), transformed with h points and untangled:
//   X_k = E_k + W^k O_k,  E_k = (Z_k + conj Z_(h-k)) / 2,  O_k = (Z_k - conj Z_(h-k)) / (2i),  W = e^(-2 pi i / n).
// Odd n: a complex transform of the zero-imaginary input (lane 0 only; never on the hot path).
//
// Plan words: [0] kind (EVEN | ODD)  [1] n  [2] complex plan (h or n points)  [3] W^k as f32 pairs, k < h
// Scratch Z: h complex (even) or 2n complex (odd), then the complex plan's S, D, W.
import { cfft } from "./single";

export const EVEN = 0;
export const ODD = 1;

export function rfft(plan: usize, src: usize, dst: usize, Z: usize, S: usize, D: usize, W: usize): void {
  const n = load<i32>(plan, 4);
  const cplan = <usize>load<i32>(plan, 8);
  if (load<i32>(plan) == ODD) {
    cfft(cplan, src, Z, S, D, W, false, true);
    memory.copy(dst, Z, <usize>((n >> 1) + 1) << 3);
    store<f32>(dst, 0, 4);
    return;
  }
  const h = n >> 1;
  const tw = <usize>load<i32>(plan, 12);
  cfft(cplan, src, Z, S, D, W, false, false);
  const z0r = load<f32>(Z), z0i = load<f32>(Z, 4);
  store<f32>(dst, z0r + z0i);
  store<f32>(dst, 0, 4);
  store<f32>(dst + (<usize>h << 3), z0r - z0i);
  store<f32>(dst + (<usize>h << 3), 0, 4);
  const last = h >> 1;
  for (let k = 1; k <= last; k++) {
    const zk = Z + (<usize>k << 3), zm = Z + (<usize>(h - k) << 3);
    const a = load<f32>(zk), b = load<f32>(zk, 4), c = load<f32>(zm), d = load<f32>(zm, 4);
    const er: f32 = 0.5 * (a + c), ei: f32 = 0.5 * (b - d);
    const or: f32 = 0.5 * (b + d), oi: f32 = -0.5 * (a - c);
    const w = tw + (<usize>k << 3);
    const wr = load<f32>(w), wi = load<f32>(w, 4);
    const pr = wr * or - wi * oi, pi = wr * oi + wi * or;
    // X_(h-k) = conj(E_k - W^k O_k), written first so that for k = h/2 X_k wins (equal in exact arithmetic)
    const xm = dst + (<usize>(h - k) << 3), xk = dst + (<usize>k << 3);
    store<f32>(xm, er - pr);
    store<f32>(xm, pi - ei, 4);
    store<f32>(xk, er + pr);
    store<f32>(xk, ei + pi, 4);
  }
}

/** Normalised inverse: n reals from floor(n/2)+1 bins; like numpy, Im of bin 0 (and bin n/2) is ignored. */
export function irfft(plan: usize, src: usize, dst: usize, Z: usize, S: usize, D: usize, W: usize): void {
  const n = load<i32>(plan, 4);
  const cplan = <usize>load<i32>(plan, 8);
  if (load<i32>(plan) == ODD) {
    // rebuild the Hermitian spectrum, transform back, keep the real parts
    const nb = (n >> 1) + 1;
    store<f32>(Z, load<f32>(src));
    store<f32>(Z, 0, 4);
    for (let k = 1; k < nb; k++) {
      const re = load<f32>(src + (<usize>k << 3)), im = load<f32>(src + (<usize>k << 3), 4);
      store<f32>(Z + (<usize>k << 3), re);
      store<f32>(Z + (<usize>k << 3), im, 4);
      store<f32>(Z + (<usize>(n - k) << 3), re);
      store<f32>(Z + (<usize>(n - k) << 3), -im, 4);
    }
    const out = Z + (<usize>n << 3);
    cfft(cplan, Z, out, S, D, W, true, false);
    for (let j = 0; j < n; j++) store<f32>(dst + (<usize>j << 2), load<f32>(out + (<usize>j << 3)));
    return;
  }
  const h = n >> 1;
  const tw = <usize>load<i32>(plan, 12);
  // Z_k = E_k + i O_k with E_k = (X_k + conj X_(h-k)) / 2, O_k = (X_k - conj X_(h-k)) conj(W^k) / 2
  for (let k = 0; k < h; k++) {
    const xk = src + (<usize>k << 3), xm = src + (<usize>(h - k) << 3);
    const a = load<f32>(xk), c = load<f32>(xm);
    const b: f32 = k == 0 ? 0 : load<f32>(xk, 4), d: f32 = k == 0 ? 0 : load<f32>(xm, 4);
    const er: f32 = 0.5 * (a + c), ei: f32 = 0.5 * (b - d);
    const dr = a - c, di = b + d;
    const w = tw + (<usize>k << 3);
    const wr = load<f32>(w), wi = -load<f32>(w, 4);
    const or: f32 = 0.5 * (dr * wr - di * wi), oi: f32 = 0.5 * (dr * wi + di * wr);
    store<f32>(Z + (<usize>k << 3), er - oi);
    store<f32>(Z + (<usize>k << 3), ei + or, 4);
  }
  cfft(cplan, Z, dst, S, D, W, true, false);
}
