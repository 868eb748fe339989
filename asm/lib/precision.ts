// Conversion of arrays in linear memory between int16, float32 and float64, with SIMD. The FFT
// plans take Float64Array in and out: converting here is ~10x cheaper than a Float32Array.set(Float64Array)
// in JS (600 ns per 1024 values, most of a 1024-point transform), which becomes a plain memcpy.
// The filter's row moves and the int16 -> float32 kernel convert raw samples with the same loops,
// and the spectral and cross-spectral kernels use the two lane moves below.

/** The upper two f32 lanes of v moved down (to be promoted by f64x2.promote_low_f32x4). */
// @ts-ignore: decorator
@inline export function hiToLo(v: v128): v128 {
  return v128.shuffle<f32>(v, v, 2, 3, 2, 3);
}

/** Two f64x2 demoted into one f32x4 (a's lanes first). */
// @ts-ignore: decorator
@inline export function pack(a: v128, b: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}

/** dst[i] = f32(src[i]) for n values. */
export function f64ToF32(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    v128.store(dst + (<usize>i << 2), pack(v128.load(src + (<usize>i << 3)), v128.load(src + (<usize>i << 3), 16)));
  }
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), <f32>load<f64>(src + (<usize>i << 3)));
}

/** dst[i] = f64(src[i]) for n values. */
export function f32ToF64(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(src + (<usize>i << 2));
    v128.store(dst + (<usize>i << 3), f64x2.promote_low_f32x4(v));
    v128.store(dst + (<usize>i << 3), f64x2.promote_low_f32x4(hiToLo(v)), 16);
  }
  for (; i < n; i++) store<f64>(dst + (<usize>i << 3), <f64>load<f32>(src + (<usize>i << 2)));
}

/** dst[i] = f32(src[i]) for n int16 values. */
export function i16ToF32(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const v = v128.load(src + (<usize>i << 1));
    v128.store(dst + (<usize>i << 2), f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(v)));
    v128.store(dst + (<usize>i << 2), f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(v)), 16);
  }
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), <f32>load<i16>(src + (<usize>i << 1)));
}

/** dst[i] = f64(src[i]) for n int16 values. */
export function i16ToF64(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load16x4_s(src + (<usize>i << 1));
    v128.store(dst + (<usize>i << 3), f64x2.convert_low_i32x4_s(v));
    v128.store(dst + (<usize>i << 3), f64x2.convert_low_i32x4_s(v128.shuffle<i32>(v, v, 2, 3, 2, 3)), 16);
  }
  for (; i < n; i++) store<f64>(dst + (<usize>i << 3), <f64>load<i16>(src + (<usize>i << 1)));
}
