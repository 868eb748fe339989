/**
 * Memory of the "spectral" wasm instance: a persistent region (FFT plans, uploaded tapers) that
 * lives across calls, followed by per-call scratch. Both are bump allocated; the persistent
 * region is dropped as a whole when it passes a cap (a notebook that tries many lengths must not
 * grow the instance forever), which is why cached offsets carry the heap's generation.
 * Views are made on demand because growing the memory detaches every earlier view.
 */
import { SPYMemoryError } from "../core/errors";
import type { WasmInstance, WasmMemory } from "./wasmApi";
import { wasmModule } from "./loader";

/** Persistent bytes beyond which everything cached is dropped before the next call. */
const PERSISTENT_CAP = 64 * 1024 * 1024;
/** Largest wasm memory we ask for: beyond it the TypeScript path is used instead. */
export const MAX_WASM_BYTES = 1.5 * 1024 * 1024 * 1024;

export class SpectralHeap {
  readonly exports: Record<string, unknown>;
  private readonly memory: WasmMemory;
  private readonly base: number;
  private persistTop: number;
  private scratchTop: number;
  private readonly cache = new Map<string, unknown>();
  /** Incremented whenever the persistent region is dropped. */
  generation = 0;
  /**
   * Incremented whenever the persistent region changes (grows or is dropped): a scratch layout
   * computed at the same epoch, over the same `buffer`, is still valid (wrappers cache theirs).
   */
  epoch = 0;

  constructor(instance: WasmInstance) {
    this.exports = instance.exports;
    this.memory = instance.exports.memory;
    this.base = ((instance.exports.heapBase as () => number)() + 15) & ~15;
    this.persistTop = this.base;
    this.scratchTop = this.base;
  }

  /** Call before a kernel call: drops the persistent region if it grew past the cap. */
  startCall(): void {
    if (this.persistTop - this.base > PERSISTENT_CAP) {
      this.persistTop = this.base;
      this.cache.clear();
      this.generation++;
      this.epoch++;
    }
    this.scratchTop = this.persistTop;
  }

  /** A value built once per generation (plans); `build` may allocate persistent memory. */
  cached<T>(key: string, build: () => T): T {
    let v = this.cache.get(key) as T | undefined;
    if (v === undefined) {
      v = build();
      this.cache.set(key, v);
    }
    return v;
  }

  /**
   * A persistent float32 table of `floats` values, filled by `fill` once per owner and `tag` (and
   * generation): what the kernels read across calls (tapers, kernel spectra), keyed by the
   * identity of the caller's cached arrays. Only before scratch() in a call, like persist().
   */
  upload(owner: object, tag: string, floats: number, fill: (table: Float32Array) => void): number {
    const hit = this.uploads.get(owner);
    if (hit && hit.generation === this.generation && hit.tag === tag) return hit.ptr;
    const ptr = this.persist(4 * floats);
    fill(this.f32(ptr, floats));
    this.uploads.set(owner, { generation: this.generation, tag, ptr });
    return ptr;
  }

  private readonly uploads = new WeakMap<object, { generation: number; tag: string; ptr: number }>();

  /** Scratch blocks of the given byte sizes, or null when wasm memory cannot grow that far. */
  tryScratch(sizes: number[]): number[] | null {
    try {
      return sizes.map((b) => this.scratch(b));
    } catch (e) {
      if (e instanceof SPYMemoryError) return null;
      throw e;
    }
  }

  /** Persistent bytes (16-byte aligned); only between calls' scratch use, i.e. before scratch(). */
  persist(bytes: number): number {
    if (this.scratchTop !== this.persistTop) throw new Error("spectral kernels: persistent allocation after scratch in one call");
    const at = this.persistTop;
    this.persistTop = this.ensure(at + bytes);
    this.epoch++;
    this.scratchTop = this.persistTop;
    return at;
  }

  /** Scratch bytes (16-byte aligned) valid until the next startCall(). */
  scratch(bytes: number): number {
    const at = this.scratchTop;
    this.scratchTop = this.ensure(at + bytes);
    return at;
  }

  private ensure(end: number): number {
    const top = (end + 15) & ~15;
    if (top > MAX_WASM_BYTES) throw new SPYMemoryError(`spectral kernels: ${top} bytes of wasm memory needed, more than the ${MAX_WASM_BYTES} the kernels may use`);
    const need = top - this.memory.buffer.byteLength;
    if (need > 0) {
      try {
        this.memory.grow(Math.ceil(need / 65536));
      } catch (e) {
        if (e instanceof RangeError) throw new SPYMemoryError(`spectral kernels: wasm memory cannot grow to ${top} bytes (${e.message})`);
        throw e;
      }
    }
    return top;
  }

  /** The memory's current buffer (replaced when the memory grows). */
  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }

  f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  f64(offset: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, offset, length);
  }

  i32(offset: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, offset, length);
  }
}

let heap: SpectralHeap | null = null;
let heapOf: WasmInstance | null = null;

/** The heap of this thread's "spectral" instance, or null when the TypeScript path is selected. */
export function spectralHeap(): SpectralHeap | null {
  const inst = wasmModule("spectral");
  if (inst === null) return null;
  if (heapOf !== inst) {
    heap = new SpectralHeap(inst);
    heapOf = inst;
  }
  return heap;
}
