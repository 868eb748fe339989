/**
 * The wasm path of the cross-spectral accumulation: drives asm/crossspectra.ts chunk by chunk.
 *
 * Memory plan (one call): a chunk of frequencies [f0, f0 + Fc) of X (all tapers, all channels,
 * as given: float32 or float64) and the same frequencies of the accumulator are copied into wasm
 * memory, accumulated there and copied back. Fc is as large as the chunk limit (64 MiB by default)
 * allows, so a typical call (64 channels, 500 frequencies: 33 MB of accumulator) is one chunk, and
 * wasm memory (which never shrinks) stays bounded for any F. When a single frequency does not fit
 * (more than ~2000 x 2000 channel pairs), each frequency is split into blocks of accumulator rows,
 * computed as rectangular products (the Hermitian shortcut needs whole rows and columns).
 *
 * Resident mode (CrossSpectraAccumulator): the accumulator lives in the instance's memory for its
 * whole life and only X is copied per call. Copying a 33 MB accumulator in and out added ~40 % to
 * every call.
 */
import type { CrossSpectraCall } from "./crossSpectraArgs";
import { WasmArena } from "../wasm/arena";
import type { WasmInstance, WasmMemory } from "../wasm/wasmApi";

let maxChunkBytes = 64 * 1024 * 1024;
/** Largest accumulator kept resident in wasm memory; larger ones stay in a Float64Array. */
let maxResidentBytes = 1024 * 1024 * 1024;

/** Set the chunk limit (bytes of wasm memory one chunk may use); returns the previous one (for tests). */
export function setCrossSpectraChunkBytes(bytes: number): number {
  const before = maxChunkBytes;
  maxChunkBytes = bytes;
  return before;
}

/** Set the largest resident accumulator (bytes); returns the previous limit (for tests). */
export function setCrossSpectraResidentBytes(bytes: number): number {
  const before = maxResidentBytes;
  maxResidentBytes = bytes;
  return before;
}

interface Exports {
  memory: WasmMemory;
  workBytes(K: number, Ns: number, Nr: number, hermitian: number, f32: number): number;
  accumulate(x: number, xF64: number, K: number, F: number, C: number, senders: number, Ns: number,
             receivers: number, Nr: number, hermitian: number, f32: number, scale: number, acc: number, work: number): void;
}

/** A call without its accumulator (which is either the caller's array or resident). */
export type CrossSpectraJob = Omit<CrossSpectraCall, "acc">;

/** Offsets of one call's buffers; `fc` frequencies by `rows` accumulator rows per chunk; acc: the chunk's staging area (copy mode). */
interface Layout { x: number; acc: number; senders: number; receivers: number; work: number; fc: number; rows: number; hermitian: boolean }

export class CrossSpectraWasm {
  private readonly ex: Exports;
  private readonly arena: WasmArena;
  /** Byte offset of the resident accumulator, or -1. */
  private resident = -1;
  private residentValues = 0;

  constructor(instance: WasmInstance) {
    this.ex = instance.exports as unknown as Exports;
    this.arena = new WasmArena(instance);
  }

  /** Keep a zeroed accumulator of `values` float64 in this instance's memory for good. False: larger than the resident limit (1 GiB) or than the engine lets memory grow. */
  makeResident(values: number): boolean {
    if (this.resident >= 0) throw new Error("crossSpectraWasm: this instance already holds an accumulator");
    if (8 * values > maxResidentBytes) return false;
    this.arena.reset();
    try {
      this.resident = this.arena.alloc(8 * values);
    } catch (e) {
      if (e instanceof RangeError) return false; // the engine refused to grow the memory that far
      throw e;
    }
    this.residentValues = values;
    this.arena.pin();
    this.residentView().fill(0);
    return true;
  }

  /** The resident accumulator (a fresh view: growing the memory detaches earlier ones). */
  residentView(): Float64Array {
    return new Float64Array(this.ex.memory.buffer, this.resident, this.residentValues);
  }

  /** Adds the job's cross spectra to acc, or to the resident accumulator when acc is null. */
  accumulate(job: CrossSpectraJob, acc: Float64Array | null): void {
    const L = this.layout(job, acc === null);
    const Ns = job.senders.length;
    for (let f0 = 0; f0 < job.F; f0 += L.fc) {
      const fc = Math.min(L.fc, job.F - f0);
      for (let a0 = 0; a0 < Ns; a0 += L.rows) this.chunk(job, acc, L, f0, fc, a0, Math.min(L.rows, Ns - a0));
    }
  }

  /**
   * One trial's cross spectra a block of frequencies at a time: each block of `fc` frequencies (as
   * many as fit `blockBytes` of accumulator, at least one) is summed from zero in wasm memory and
   * handed to `visit` as a view, valid until the next block. For the measures of every trial's CSD
   * (ppc and the phase measures): the block is still in cache when the measure reads it, where a
   * whole-frequency-range CSD (66 MB on 64 channels) went through memory four times per trial.
   * False (nothing done) when one frequency does not fit the chunk limit.
   */
  forEachBlock(job: CrossSpectraJob, blockBytes: number, visit: (block: Float64Array, f0: number, fc: number) => void): boolean {
    const Ns = job.senders.length, Nr = job.receivers.length;
    const perF = 16 * Ns * Nr;
    const L = this.layout(job, false, Math.max(1, Math.floor(blockBytes / perF)));
    if (L.rows < Ns) return false;
    for (let f0 = 0; f0 < job.F; f0 += L.fc) {
      const fc = Math.min(L.fc, job.F - f0);
      const view = new Float64Array(this.ex.memory.buffer, L.acc, 2 * fc * Ns * Nr);
      view.fill(0);
      this.chunk(job, null, L, f0, fc, 0, Ns, L.acc);
      visit(view, f0, fc);
    }
    return true;
  }

  private layout(job: CrossSpectraJob, resident: boolean, maxFc = Infinity): Layout {
    const { X, K, F, C, senders, receivers, hermitian } = job;
    const f32 = job.precision === "float32" ? 1 : 0;
    const Ns = senders.length, Nr = receivers.length;
    const align = 5 * 16; // the arena's 16-byte alignment of each buffer
    const xPerF = 2 * K * C * X.BYTES_PER_ELEMENT;
    const accPerF = resident ? 0 : 16 * Ns * Nr;
    let fc = 1, rows = Ns, herm = hermitian;
    let work = this.ex.workBytes(K, Ns, Nr, hermitian ? 1 : 0, f32);
    let fixed = work + 4 * (Ns + Nr) + align;
    if (fixed + xPerF + accPerF <= maxChunkBytes) {
      fc = Math.min(F, maxFc, Math.floor((maxChunkBytes - fixed) / (xPerF + accPerF)));
    } else {
      herm = false; // no room for the Hermitian scratch (one frequency's Ns x Nr): rectangular products
      work = this.ex.workBytes(K, Ns, Nr, 0, f32);
      fixed = work + 4 * (Ns + Nr) + align;
      const perRow = resident ? 0 : 16 * Nr;
      rows = perRow === 0 ? Ns : Math.max(1, Math.min(Ns, Math.floor((maxChunkBytes - fixed - xPerF) / perRow)));
    }
    const a = this.arena;
    a.reset();
    const x = a.alloc(fc * xPerF), acc = resident ? -1 : a.alloc(fc * rows * Nr * 16);
    const s = a.alloc(4 * Ns), r = a.alloc(4 * Nr), w = a.alloc(work);
    // views only after the last alloc (growing the memory detaches earlier ones)
    new Int32Array(this.ex.memory.buffer, s, Ns).set(senders);
    new Int32Array(this.ex.memory.buffer, r, Nr).set(receivers);
    return { x, acc, senders: s, receivers: r, work: w, fc, rows, hermitian: herm };
  }

  /**
   * Frequencies [f0, f0 + fc) and accumulator rows [a0, a0 + rows) (rows < Ns only when fc = 1):
   * into `acc` (copied through the layout's staging), the resident accumulator (acc null), or the
   * wasm memory at byte `into` (forEachBlock: the block alone, from row 0).
   */
  private chunk(job: CrossSpectraJob, acc: Float64Array | null, L: Layout, f0: number, fc: number, a0: number, rows: number, into = -1): void {
    const { X, K, F, C, scale, receivers } = job;
    const Nr = receivers.length, Ns = job.senders.length;
    const buf = this.ex.memory.buffer;
    const f64 = X instanceof Float64Array;
    const perK = 2 * fc * C;
    const xs = f64 ? new Float64Array(buf, L.x, K * perK) : new Float32Array(buf, L.x, K * perK);
    for (let k = 0; k < K; k++) {
      const from = 2 * (k * F + f0) * C;
      xs.set(X.subarray(from, from + perK), k * perK);
    }
    const at = 2 * (f0 * Ns + a0) * Nr, n = 2 * fc * rows * Nr;
    const target = into >= 0 ? into : acc === null ? this.resident + 8 * at : L.acc;
    const view = acc === null ? null : new Float64Array(buf, L.acc, n);
    if (view) view.set(acc!.subarray(at, at + n));
    this.ex.accumulate(L.x, f64 ? 1 : 0, K, fc, C, L.senders + 4 * a0, rows, L.receivers, Nr, L.hermitian ? 1 : 0,
      job.precision === "float32" ? 1 : 0, scale, target, L.work);
    if (view) acc!.set(view, at);
  }
}
