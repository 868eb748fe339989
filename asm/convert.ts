import { i16ToF32 } from "./lib/precision";

// int16 -> float32 conversion with SIMD, the first step of every raw-recording kernel.
// Why here rather than Float32Array.prototype.set: the batch kernels work on wasm memory,
// and converting in place there saves one pass over the data.

/** out[i] = f32(src[i]) for n int16 values at byte offset src into f32 at byte offset dst. */
export function int16ToFloat32(src: usize, dst: usize, n: i32): void {
  i16ToF32(src, dst, n);
}

/** First byte after the module's static data: the TypeScript side lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}
