/**
 * "same"-mode convolution by direct summation (scipy.signal.convolve(x, k, "same") restricted to
 * one channel) on the wasm SIMD kernel asm/fir.ts. Same additions in the same order as the
 * TypeScript loop of SameConvolver.direct, so the same numbers. Callers run their TypeScript
 * loop when this returns false (the TypeScript path is selected or the module is unavailable).
 */
import { WasmArena } from "../wasm/arena";
import { wasmModule } from "../wasm/loader";

let arena: WasmArena | null = null;

/** buf[at, at + n) <- its convolution with `kernel` (zero outside), in place; false: nothing done. */
export function firSameWasm(kernel: Float64Array, buf: Float64Array, at: number, n: number): boolean {
  const inst = wasmModule("fir");
  if (inst === null) return false;
  arena ??= new WasmArena(inst);
  const m = kernel.length;
  arena.reset();
  // m - 1 zeros on each side: every output then sums over all m taps (the extra products are zeros)
  const xp = arena.alloc((n + 2 * (m - 1)) * 8);
  const kv = arena.alloc(m * 16);
  const out = arena.alloc(n * 8);
  const xpv = arena.f64(xp, n + 2 * (m - 1));
  xpv.fill(0);
  xpv.set(buf.subarray(at, at + n), m - 1);
  const kvv = arena.f64(kv, 2 * m);
  for (let j = 0; j < m; j++) kvv[2 * j] = kvv[2 * j + 1] = kernel[j];
  (inst.exports.firSame as (xp: number, n: number, kv: number, m: number, s: number, out: number) => void)(xp, n, kv, m, (m - 1) >> 1, out);
  buf.set(arena.f64(out, n), at);
  return true;
}
