/**
 * The polyphase inner loop of resample_poly (scipy's upfirdn, kept outputs only) on the wasm SIMD
 * kernel asm/fir.ts:  dst[o] = sum_i src[i] * h[t - i*up],  t = (o + preRemove) * down.
 * The taps are regrouped per phase so each output is one contiguous dot product; the sum order
 * differs from the scalar loop, so results agree with the TypeScript path to float64 rounding.
 * Returns false (nothing done) when the TypeScript path is selected or the module is unavailable.
 */
import { WasmArena } from "../wasm/arena";
import { wasmModule } from "../wasm/loader";

let arena: WasmArena | null = null;

export function polyphaseWasm(h: Float64Array, up: number, down: number, preRemove: number,
                              src: Float64Array, nIn: number, dst: Float64Array, nOut: number): boolean {
  const inst = wasmModule("fir");
  if (inst === null) return false;
  arena ??= new WasmArena(inst);
  const L = h.length;
  const K = Math.ceil(Math.ceil(L / up) / 4) * 4; // taps per phase, whole f64x2 pairs of pairs
  const lastMax = Math.floor(((nOut - 1 + preRemove) * down) / up);
  const xpLen = Math.max(K - 1 + nIn, lastMax + K);
  arena.reset();
  const rows = arena.alloc(up * K * 8);
  const xp = arena.alloc(xpLen * 8);
  const out = arena.alloc(nOut * 8);
  // phase row p, reversed: rows[p*K + (K-1-k)] = h[p + up*k] (zero past the end of h)
  const rv = arena.f64(rows, up * K);
  rv.fill(0);
  for (let p = 0; p < up; p++) {
    for (let k = 0, idx = p; k < K && idx < L; k++, idx += up) rv[p * K + K - 1 - k] = h[idx];
  }
  // K - 1 zeros before the signal, zeros after it up to the last window's end
  const xv = arena.f64(xp, xpLen);
  xv.fill(0);
  xv.set(src.subarray(0, nIn), K - 1);
  (inst.exports.polyphase as (xp: number, rows: number, K: number, up: number, down: number, pre: number, nOut: number, out: number) => void)(
    xp, rows, K, up, down, preRemove, nOut, out);
  dst.set(arena.f64(out, nOut));
  return true;
}
