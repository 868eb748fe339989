/**
 * The few WebAssembly JS-API types the kernels use. The project compiles without the DOM lib
 * (so tslab's non-DOM type check of dist/*.d.ts stays clean), which leaves the global
 * `WebAssembly` untyped; these declarations are the part we rely on.
 */
import * as v8 from "v8";

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

let wrappersChosen = false;
let wrappers: "per-signature" | "engine default" = "engine default";

/**
 * Node 20's V8 (11.x) calls an exported wasm function from JavaScript through a generic wrapper at
 * first, and that wrapper enters wasm with the stack aligned as the caller's interpreter frame
 * happens to leave it: with an odd number of 8-byte slots the SIMD kernels' 16-byte stack slots are
 * misaligned and the FFT runs ~2x slower. Measured in a worker of a parallel mtmfft: one extra
 * local variable in the calling function took 200 trials from 0.55 s to 0.30 s, a second one
 * brought the 0.55 s back; the per-signature wrappers (--no-wasm-generic-wrapper) keep it at
 * 0.30 s whatever the caller. The flag is process-wide and only decides which wrapper V8 builds;
 * it is set before the first module of ours is instantiated, on the V8 versions measured (a newer
 * V8 may not know the flag and would print a warning for it).
 */
function choosePerSignatureWrappers(): void {
  if (wrappersChosen) return;
  wrappersChosen = true;
  const major = Number(/^(\d+)\./.exec(process.versions?.v8 ?? "")?.[1]);
  if (!(major >= 10 && major <= 11) || (process.versions as Record<string, string | undefined>).deno !== undefined) return;
  try {
    v8.setFlagsFromString("--no-wasm-generic-wrapper");
    wrappers = "per-signature";
  } catch {
    // an embedding without node:v8's flags: the generic wrapper stays (correct results, maybe slower)
  }
}

/** Which JS-to-wasm wrappers the kernels are called through (after the first module is instantiated). */
export function jsToWasmWrappers(): "per-signature" | "engine default" {
  return wrappers;
}

/** Compile and instantiate synchronously; null when the engine lacks WebAssembly or rejects the bytes (e.g. no SIMD). */
export function instantiateSync(bytes: Uint8Array, imports: object): WasmInstance | null {
  if (api === undefined || !api.validate(bytes)) return null;
  choosePerSignatureWrappers();
  return new api.Instance(new api.Module(bytes), imports);
}

/** A fresh WebAssembly.Memory of `pages` 64 KiB pages (its buffer is page-aligned: mmap'ed), or null without WebAssembly. */
export function newMemory(pages: number): WasmMemory | null {
  return api === undefined ? null : new api.Memory({ initial: pages });
}
