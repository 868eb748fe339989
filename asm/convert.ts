// int16 -> float32 conversion with SIMD, the first step of every raw-recording kernel.
// Why here rather than Float32Array.prototype.set: the batch kernels work on wasm memory,
// and converting in place there saves one pass over the data.

/** out[i] = f32(src[i]) for n int16 values at byte offset src into f32 at byte offset dst. */
export function int16ToFloat32(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const v = v128.load(src + (<usize>i << 1));
    const lo = i32x4.extend_low_i16x8_s(v);
    const hi = i32x4.extend_high_i16x8_s(v);
    v128.store(dst + (<usize>i << 2), f32x4.convert_i32x4_s(lo));
    v128.store(dst + (<usize>i << 2) + 16, f32x4.convert_i32x4_s(hi));
  }
  for (; i < n; i++) {
    store<f32>(dst + (<usize>i << 2), <f32>load<i16>(src + (<usize>i << 1)));
  }
}

/** First byte after the module's static data: the TypeScript side lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}
