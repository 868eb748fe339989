// FIR filtering in float64 for firws and resampling: direct-form "same" convolution and the
// polyphase inner loop of resample_poly. Driven by src/kernels/firSame.ts and src/kernels/firPoly.ts.
import { firSame as firSameImpl } from "./lib/firSame";
import { polyphase as polyphaseImpl } from "./lib/firPoly";

export function firSame(xp: usize, n: i32, kv: usize, m: i32, s: i32, out: usize): void {
  firSameImpl(xp, n, kv, m, s, out);
}

export function polyphase(xp: usize, rows: usize, K: i32, up: i32, down: i32, preRemove: i32, nOut: i32, out: usize): void {
  polyphaseImpl(xp, rows, K, up, down, preRemove, nOut, out);
}

/** First byte after the module's static data: the TypeScript side lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}
