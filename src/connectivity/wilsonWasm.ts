/**
 * The wasm path of Wilson's factorisation (math/wilson.ts): the per-frequency matrix work (LU and
 * triangular solves for g, the psi update and the relative error) in asm/wilson.ts with f64x2
 * SIMD; the iteration, its transforms and the bookkeeping stay in math/wilson.ts, working on
 * views of this instance's memory.
 *
 * Memory: 6 F C^2 complex values (12 MB for 16 channels and 501 frequencies). Up to 64 MiB the
 * thread's shared instance is used (its memory, which never shrinks, stays grown for the next
 * call; its compiled code stays optimised: a fresh module would run its first calls in V8's
 * baseline tier, about 2x slower); larger factorisations get an instance of their own, freed with
 * it. `wilsonKernels(F, C)` gives the kernels of the selected path: these, or math/wilson.ts'
 * TypeScript ones when spy.setKernelPath("ts") is in force or (with "auto") the module is
 * unavailable.
 */
import { newWasmInstance, wasmModule } from "../wasm/loader";
import { WasmArena } from "../wasm/arena";
import type { WasmInstance, WasmMemory } from "../wasm/wasmApi";
import { typescriptWilsonKernels, type WilsonBuffers, type WilsonKernels } from "../math/wilson";

interface Exports {
  memory: WasmMemory;
  workBytes(C: number): number;
  gStep(psi: number, U: number, F: number, C: number, gT: number, work: number): void;
  updateStep(psi: number, next: number, gT: number, gpT: number, skew: number, S: number, F: number, C: number, work: number, full: number): number;
  errStep(next: number, S: number, F: number, C: number, work: number): number;
}

class WasmWilsonKernels implements WilsonKernels {
  private readonly ex: Exports;
  private readonly arena: WasmArena;
  private readonly work: number;

  constructor(instance: WasmInstance, C: number) {
    this.ex = instance.exports as unknown as Exports;
    this.arena = new WasmArena(instance);
    this.work = this.arena.alloc(this.ex.workBytes(C));
  }

  buffers(F: number, C: number): WilsonBuffers {
    // all offsets first (growing the memory), then the views: none is detached afterwards
    const m = 2 * F * C * C;
    const offsets = [m, m, m, m, m, m, C * C].map((len) => [this.arena.alloc(8 * len), len]);
    const [S, U, psi, next, gT, gpT, skew] = offsets.map(([o, len]) => this.arena.f64(o, len));
    // a reused instance's memory holds the previous call's values; every array is written before
    // it is read except psi, whose imaginary parts start at zero
    psi.fill(0);
    return { S, U, psi, next, gT, gpT, skew };
  }

  /** Byte offset of a view of this instance's memory (checked). */
  private at(a: Float64Array): number {
    if (a.buffer !== this.ex.memory.buffer) throw new Error("wilsonWasm: an array outside this instance's memory");
    return a.byteOffset;
  }

  computeG(psi: Float64Array, U: Float64Array, F: number, C: number, gT: Float64Array): void {
    this.ex.gStep(this.at(psi), this.at(U), F, C, this.at(gT), this.work);
  }

  updatePsi(psi: Float64Array, next: Float64Array, gT: Float64Array, gpT: Float64Array, skew: Float64Array, S: Float64Array, F: number, C: number, full: boolean): number {
    // the kernels return the squared ratio (one square root here)
    return Math.sqrt(this.ex.updateStep(this.at(psi), this.at(next), this.at(gT), this.at(gpT), this.at(skew), this.at(S), F, C, this.work, full ? 1 : 0));
  }

  relError(psi: Float64Array, S: Float64Array, F: number, C: number): number {
    return Math.sqrt(this.ex.errStep(this.at(psi), this.at(S), F, C, this.work));
  }

  release(): void {
    this.arena.reset();
  }
}

/** Largest factorisation (bytes of wasm memory) run in the thread's shared instance. */
const SHARED_BYTES = 64 * 1024 * 1024;

/** The Wilson kernels of the selected kernel path for F frequencies and C channels (wasm, or the TypeScript ones). */
export function wilsonKernels(F: number, C: number): WilsonKernels {
  const shared = wasmModule("wilson");
  if (shared === null) return typescriptWilsonKernels(C);
  const bytes = 8 * (12 * F * C * C + C * C) + 128 * C * C;
  const instance = bytes <= SHARED_BYTES ? shared : newWasmInstance("wilson");
  return new WasmWilsonKernels(instance ?? shared, C);
}
