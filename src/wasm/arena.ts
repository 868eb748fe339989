/**
 * Scratch memory inside one wasm instance: a bump layout from the module's heap base that the
 * TypeScript side fills, hands to a kernel by byte offset and reads back. Views are made on
 * demand because growing the memory detaches every earlier view.
 */
import type { WasmInstance, WasmMemory } from "./wasmApi";

export class WasmArena {
  private readonly memory: WasmMemory;
  private base: number;
  private top: number;

  constructor(instance: WasmInstance) {
    const ex = instance.exports as { memory: WasmMemory; heapBase: () => number };
    this.memory = ex.memory;
    this.base = (ex.heapBase() + 15) & ~15;
    this.top = this.base;
  }

  /** Forget every allocation (the memory stays grown for the next call). */
  reset(): void {
    this.top = this.base;
  }

  /** Keep everything allocated so far across later reset() calls (a buffer that lives as long as the arena). */
  pin(): void {
    this.base = this.top;
  }

  /** Reserve `bytes` 16-byte-aligned bytes and return their offset, growing memory if needed. */
  alloc(bytes: number): number {
    const offset = this.top;
    this.top = (offset + bytes + 15) & ~15;
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / 65536));
    return offset;
  }

  f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  f64(offset: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, offset, length);
  }

  i16(offset: number, length: number): Int16Array {
    return new Int16Array(this.memory.buffer, offset, length);
  }
}
