/** int16 -> float32 conversion, on the wasm kernel when selected, else the typed-array copy. */
import { wasmModule } from "./loader";
import { WasmArena } from "./arena";

let arena: WasmArena | null = null;

export function int16ToFloat32(src: Int16Array, out: Float32Array): Float32Array {
  if (out.length < src.length) throw new RangeError(`int16ToFloat32: out holds ${out.length} values, src ${src.length}`);
  const inst = wasmModule("convert");
  if (inst === null) {
    out.set(src);
    return out;
  }
  arena ??= new WasmArena(inst);
  arena.reset();
  const s = arena.alloc(src.length * 2);
  const d = arena.alloc(src.length * 4);
  arena.i16(s, src.length).set(src);
  (inst.exports.int16ToFloat32 as (a: number, b: number, n: number) => void)(s, d, src.length);
  out.set(arena.f32(d, src.length));
  return out;
}
