/**
 * The wasm path of the interleaved IIR kernels: drives asm/filter.ts block by block.
 *
 * Memory plan (one call): the whole padded signal lives in wasm memory as working rows of
 * `width` values (nCh rounded up to whole lane groups of 32 bytes: 8 float32 or 4 float64
 * channels, the extra lanes zero), because the backward pass of sosfiltfilt starts from the end
 * of the forward one. The caller's rows reach it through a small staging area by plain typed
 * array copies (memcpy, whatever the input type); the kernel converts each staged row to the
 * working precision and filters it forward at once (asm loadFilterRows), and the backward pass
 * filters each working row into a scratch row that is converted straight into the output stage
 * (filterStoreRows), so a sample is read from and written to DRAM once per pass. The kernels
 * work row by row with the filter state in a small matrix (asm/lib/biquadSections.ts), so the
 * stage size (~128 kB) only bounds the copies. The memory stays grown for the next call (wasm
 * memory cannot shrink): (nObs + 2*padlen) * width * 4 or 8 bytes.
 *
 * Both calls return whether the input held a NaN: each working row is scanned right after its
 * conversion (asm/lib/biquadRows.ts), so the caller needs no pass of its own for that.
 *
 * When the padded signal would exceed the work limit (1 GiB), channels are filtered in chunks of
 * whole lane groups (each chunk re-reads every row of x, and output rows are read back before they
 * are rewritten so that the other chunks' channels survive).
 */
import type { PadType } from "./sosfilt";
import { sosfiltZi } from "./sosfilt";
import type { InterleavedInput, InterleavedOutput, Precision } from "./biquadArgs";
import { WasmArena } from "../wasm/arena";
import type { WasmInstance, WasmMemory } from "../wasm/wasmApi";

const BLOCK_BYTES = 128 * 1024;
const PAD_CODE = { odd: 0, even: 1, constant: 2 } as const;
let maxWorkBytes = 1 << 30;

/** Set the work limit (bytes) above which channels are filtered in chunks; returns the previous one (for tests). */
export function setMaxWorkBytes(bytes: number): number {
  const before = maxWorkBytes;
  maxWorkBytes = bytes;
  return before;
}

type FilterRows = (block: number, width: number, nRows: number, backward: number, coef: number, nSec: number, st: number) => void;
type LoadRows = (kind: number, src: number, srcStride: number, c0: number, nCopy: number, dst: number, width: number, nRows: number) => void;
type StoreRows = (kind: number, src: number, width: number, nRows: number, dst: number, dstStride: number, c0: number, nCopy: number) => void;
type LoadFilterRows = (kind: number, src: number, srcStride: number, c0: number, nCopy: number, dst: number, width: number, nRows: number, coef: number, nSec: number, st: number) => void;
type FilterStoreRows = (kind: number, src: number, width: number, nRows: number, dst: number, dstStride: number, c0: number, nCopy: number, coef: number, nSec: number, st: number, tmp: number) => void;
type ExtendRows = (padtype: number, rows: number, width: number, edge: number, n: number) => void;

interface Exports {
  memory: WasmMemory;
  filterRowsF32: FilterRows; filterRowsF64: FilterRows;
  loadRowsF32: LoadRows; loadRowsF64: LoadRows;
  storeRowsF32: StoreRows; storeRowsF64: StoreRows;
  extendRowsF32: ExtendRows; extendRowsF64: ExtendRows;
  loadFilterRowsF32: LoadFilterRows; loadFilterRowsF64: LoadFilterRows;
  filterStoreRowsF32: FilterStoreRows; filterStoreRowsF64: FilterStoreRows;
  /** Whether a float value loaded since the last call was NaN; clears the flag. */
  nanSeen(): number;
}

type Typed = Int16Array | Float32Array | Float64Array;
type TypedCtor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => Typed;

/** The kernels' code for an array's element type (asm/lib/biquadRows.ts KIND_*). */
function kindOf(a: Typed): number {
  return a instanceof Int16Array ? 0 : a instanceof Float32Array ? 1 : 2;
}

/** One call's layout in wasm memory and the block moves between it and the caller's arrays. */
class Plan {
  readonly S: number;
  readonly width: number;
  readonly block: number;
  readonly filter: FilterRows;
  readonly load: LoadRows;
  readonly store: StoreRows;
  readonly extend: ExtendRows;
  readonly loadFilter: LoadFilterRows;
  readonly filterStore: FilterStoreRows;
  private readonly nSec: number;
  readonly coef: number;
  readonly state: number;
  readonly work: number;
  private readonly inStage: number;
  private readonly outStage: number;
  private readonly tmpRow: number;

  /** `chunkCh` channels per pass; room for `workRows` working rows (one block when null). */
  constructor(private readonly ex: Exports, arena: WasmArena, m: Float64Array, precision: Precision,
              private readonly x: InterleavedInput, private readonly out: InterleavedOutput,
              private readonly nCh: number, chunkCh: number, workRows: number | null,
              private readonly keep: [number, number] | null = null) {
    const f32 = precision === "float32";
    this.S = f32 ? 4 : 8;
    const lanes = 32 / this.S;
    this.width = Math.ceil(chunkCh / lanes) * lanes;
    this.block = Math.max(16, Math.floor(BLOCK_BYTES / (this.width * this.S)));
    this.filter = f32 ? ex.filterRowsF32 : ex.filterRowsF64;
    this.load = f32 ? ex.loadRowsF32 : ex.loadRowsF64;
    this.store = f32 ? ex.storeRowsF32 : ex.storeRowsF64;
    this.extend = f32 ? ex.extendRowsF32 : ex.extendRowsF64;
    this.loadFilter = f32 ? ex.loadFilterRowsF32 : ex.loadFilterRowsF64;
    this.filterStore = f32 ? ex.filterStoreRowsF32 : ex.filterStoreRowsF64;
    const nSec = m.length / 6;
    this.nSec = nSec;
    arena.reset();
    this.coef = arena.alloc(nSec * 5 * 16);
    this.state = arena.alloc(2 * nSec * this.width * this.S);
    this.inStage = arena.alloc(this.block * nCh * x.BYTES_PER_ELEMENT);
    this.outStage = arena.alloc(this.block * nCh * out.BYTES_PER_ELEMENT);
    this.tmpRow = arena.alloc(this.width * this.S);
    this.work = arena.alloc((workRows ?? this.block) * this.width * this.S);
    // views only after the last alloc (growing the memory detaches earlier ones):
    // b0, b1, b2, a1, a2 of each section, each splatted over one vector
    const perVec = 16 / this.S;
    const cv = this.fview(this.coef, nSec * 5 * perVec);
    for (let s = 0; s < nSec; s++) {
      const row = [m[6 * s], m[6 * s + 1], m[6 * s + 2], m[6 * s + 4], m[6 * s + 5]];
      for (let k = 0; k < 5; k++) cv.fill(row[k], (5 * s + k) * perVec, (5 * s + k + 1) * perVec);
    }
  }

  /** Byte address of working row r. */
  row(r: number): number {
    return this.work + r * this.width * this.S;
  }

  /** The working-precision view of n values at byte offset `at`. */
  fview(at: number, n: number): Float32Array | Float64Array {
    return this.S === 4 ? new Float32Array(this.ex.memory.buffer, at, n) : new Float64Array(this.ex.memory.buffer, at, n);
  }

  private stage(like: Typed, at: number): Typed {
    return new (like.constructor as TypedCtor)(this.ex.memory.buffer, at, this.block * this.nCh);
  }

  /** x rows [row, row + n), channels [c0, c0 + nc), into working rows from byte `dst`. */
  copyIn(row: number, n: number, dst: number, c0: number, nc: number): void {
    const { x, nCh, block } = this;
    const stage = this.stage(x, this.inStage);
    for (let r = 0; r < n; r += block) {
      const k = Math.min(block, n - r);
      stage.set(x.subarray((row + r) * nCh, (row + r + k) * nCh));
      this.load(kindOf(x), this.inStage, nCh, c0, nc, dst + r * this.width * this.S, this.width, k);
    }
  }

  /** copyIn, each row then filtered forward (the state carried from row to row). */
  copyInFiltered(row: number, n: number, dst: number, c0: number, nc: number): void {
    const { x, nCh, block } = this;
    const stage = this.stage(x, this.inStage);
    for (let r = 0; r < n; r += block) {
      const k = Math.min(block, n - r);
      stage.set(x.subarray((row + r) * nCh, (row + r + k) * nCh));
      this.loadFilter(kindOf(x), this.inStage, nCh, c0, nc, dst + r * this.width * this.S, this.width, k, this.coef, this.nSec, this.state);
    }
  }

  /** Working rows from byte `src`, filtered backward (last row first), into out rows [row, row + n), channels [c0, c0 + nc). */
  copyOutFiltered(src: number, row: number, n: number, c0: number, nc: number): void {
    const { out, nCh, block } = this;
    // out holds rows [k0, k1) only (Plan's `keep`): the others are filtered and not copied
    const [k0, k1] = this.keep ?? [0, Infinity];
    const stage = this.stage(out, this.outStage) as InterleavedOutput;
    for (let r1 = n; r1 > 0; r1 -= block) {
      const r = Math.max(0, r1 - block), k = r1 - r;
      const a = Math.max(row + r, k0), b = Math.min(row + r1, k1);
      const rows = b > a ? out.subarray((a - k0) * nCh, (b - k0) * nCh) : null;
      const at = (a - row - r) * nCh;
      if (rows && nc < nCh) stage.set(rows, at); // keep the other chunks' channels
      this.filterStore(kindOf(out), src + r * this.width * this.S, this.width, k, this.outStage, nCh, c0, nc, this.coef, this.nSec, this.state, this.tmpRow);
      if (rows) rows.set(stage.subarray(at, at + rows.length));
    }
  }

  /** Working rows from byte `src` into out rows [row, row + n), channels [c0, c0 + nc). */
  copyOut(src: number, row: number, n: number, c0: number, nc: number): void {
    const { out, nCh, block } = this;
    const stage = this.stage(out, this.outStage) as InterleavedOutput;
    for (let r = 0; r < n; r += block) {
      const k = Math.min(block, n - r);
      const rows = out.subarray((row + r) * nCh, (row + r + k) * nCh);
      if (nc < nCh) stage.set(rows); // keep the other chunks' channels
      this.store(kindOf(out), src + r * this.width * this.S, this.width, k, this.outStage, nCh, c0, nc);
      rows.set(stage.subarray(0, k * nCh));
    }
  }

  /** state[(2s + k) * width + c] = zi[2s + k] * (working row at byte `row`)[c]: scipy's zi * x0. */
  scaledState(zi: Float64Array, row: number): void {
    const { width } = this;
    const st = this.fview(this.state, zi.length * width);
    const r = this.fview(row, width);
    for (let k = 0; k < zi.length; k++) {
      const z = this.S === 4 ? Math.fround(zi[k]) : zi[k];
      for (let c = 0; c < width; c++) st[k * width + c] = z * r[c];
    }
  }
}

export class BiquadWasm {
  private readonly ex: Exports;
  private readonly arena: WasmArena;

  constructor(instance: WasmInstance) {
    this.ex = instance.exports as unknown as Exports;
    this.arena = new WasmArena(instance);
  }

  /** scipy's sosfiltfilt along time; `edge` already checked against nObs. */
  sosfiltfilt(m: Float64Array, x: InterleavedInput, nObs: number, nCh: number, out: InterleavedOutput,
              padtype: PadType, edge: number, precision: Precision, keep: [number, number] = [0, nObs]): boolean {
    this.ex.nanSeen(); // clear: a call that threw may have left it set
    const S = precision === "float32" ? 4 : 8;
    const lanes = 32 / S;
    const N = nObs + 2 * edge;
    const groupsPerChunk = Math.max(1, Math.floor(maxWorkBytes / (N * lanes * S)));
    const chunkCh = Math.min(nCh, groupsPerChunk * lanes);
    const p = new Plan(this.ex, this.arena, m, precision, x, out, nCh, chunkCh, N, keep);
    const zi = sosfiltZi(m);
    const nSec = m.length / 6;
    for (let c0 = 0; c0 < nCh; c0 += chunkCh) {
      const nc = Math.min(chunkCh, nCh - c0);
      if (edge > 0) {
        // the raw rows the extension mirrors, converted ahead of the forward pass that overwrites them
        p.copyIn(0, edge + 1, p.row(edge), c0, nc);
        p.copyIn(nObs - 1 - edge, edge + 1, p.row(nObs - 1), c0, nc);
        p.extend(PAD_CODE[padtype as Exclude<PadType, null>], p.work, p.width, edge, nObs);
      } else {
        p.copyIn(0, 1, p.row(0), c0, nc); // the first row scales the initial state
      }
      p.scaledState(zi, p.row(0));
      // forward: the left extension, the signal (converted and filtered row by row), the right extension
      p.filter(p.row(0), p.width, edge, 0, p.coef, nSec, p.state);
      p.copyInFiltered(0, nObs, p.row(edge), c0, nc);
      p.filter(p.row(edge + nObs), p.width, edge, 0, p.coef, nSec, p.state);
      p.scaledState(zi, p.row(N - 1));
      // backward: the right extension (discarded), the signal (filtered and converted out), the left extension
      p.filter(p.row(edge + nObs), p.width, edge, 1, p.coef, nSec, p.state);
      p.copyOutFiltered(p.row(edge), 0, nObs, c0, nc);
      p.filter(p.row(0), p.width, edge, 1, p.coef, nSec, p.state);
    }
    return this.ex.nanSeen() !== 0;
  }

  /** scipy's sosfilt along time; zi ([nSec, 2, nCh]) in and out when given. */
  sosfilt(m: Float64Array, x: InterleavedInput, nObs: number, nCh: number, out: InterleavedOutput,
          zi: Float64Array | undefined, precision: Precision): boolean {
    this.ex.nanSeen();
    const p = new Plan(this.ex, this.arena, m, precision, x, out, nCh, nCh, null);
    const nSec = m.length / 6;
    const { width } = p;
    const st = p.fview(p.state, 2 * nSec * width);
    st.fill(0);
    if (zi) for (let r = 0; r < 2 * nSec; r++) for (let c = 0; c < nCh; c++) st[r * width + c] = zi[r * nCh + c];
    for (let r0 = 0; r0 < nObs; r0 += p.block) {
      const k = Math.min(p.block, nObs - r0);
      p.copyInFiltered(r0, k, p.work, 0, nCh);
      p.copyOut(p.work, r0, k, 0, nCh);
    }
    if (zi) for (let r = 0; r < 2 * nSec; r++) for (let c = 0; c < nCh; c++) zi[r * nCh + c] = st[r * width + c];
    return this.ex.nanSeen() !== 0;
  }
}
