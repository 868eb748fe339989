/**
 * The few WebAssembly JS-API types the kernels use. The project compiles without the DOM lib
 * (so tslab's non-DOM type check of dist/*.d.ts stays clean), which leaves the global
 * `WebAssembly` untyped; these declarations are the part we rely on.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown> & { memory: WasmMemory };
}

interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (desc: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
}

const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;

/** Compile and instantiate synchronously; null when the engine lacks WebAssembly or rejects the bytes (e.g. no SIMD). */
export function instantiateSync(bytes: Uint8Array, imports: object): WasmInstance | null {
  if (api === undefined || !api.validate(bytes)) return null;
  return new api.Instance(new api.Module(bytes), imports);
}

/** A fresh WebAssembly.Memory of `pages` 64 KiB pages (its buffer is page-aligned: mmap'ed), or null without WebAssembly. */
export function newMemory(pages: number): WasmMemory | null {
  return api === undefined ? null : new api.Memory({ initial: pages });
}
