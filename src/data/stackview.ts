/**
 * Syncopy's stacked axis over trials stored one by one: piece j (a stored trial) lies at
 * [starts[j], starts[j] + lengths[j]) of the stacking dimension, and any window [start, stop)
 * covered by pieces reads as one array (a zero-copy view when one piece covers it). This is what
 * lets definetrial cut new trials, also across old trial borders, without copying the data.
 */
import { SPYValueError } from "../core/errors";
import { NDArray, arrayConstructor, slotsPerElement } from "../core/ndarray";

export class StackView {
  private readonly order: number[];
  private readonly maxEnd: number[];

  constructor(
    private readonly starts: number[],
    private readonly lengths: number[],
    private readonly read: (piece: number) => NDArray,
    /** Optional: rows [a, b) of piece j without reading the whole piece (raw recordings). */
    private readonly readRange?: (piece: number, a: number, b: number) => NDArray,
  ) {
    this.order = starts.map((_, j) => j).sort((a, b) => starts[a] - starts[b] || a - b);
    let m = -Infinity;
    this.maxEnd = this.order.map((j) => (m = Math.max(m, starts[j] + lengths[j])));
  }

  /** One past the last stacked position any piece covers. */
  get extent(): number { return this.maxEnd.length ? this.maxEnd[this.maxEnd.length - 1] : 0; }

  /** The piece covering position p (the first in start order), or -1. */
  private pieceAt(p: number): number {
    let lo = 0, hi = this.order.length - 1, idx = -1;
    while (lo <= hi) {                       // last piece (in start order) with start <= p
      const mid = (lo + hi) >> 1;
      if (this.starts[this.order[mid]] <= p) { idx = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (idx < 0 || this.maxEnd[idx] <= p) return -1;
    for (let i = idx; i >= 0; i--) {
      const j = this.order[i];
      if (this.starts[j] + this.lengths[j] > p) return j;
    }
    return -1;
  }

  /** The first position in [start, stop) no piece covers, or null when the window is covered. */
  gap(start: number, stop: number): number | null {
    let pos = start;
    while (pos < stop) {
      const j = this.pieceAt(pos);
      if (j < 0) return pos;
      pos = Math.min(stop, this.starts[j] + this.lengths[j]);
    }
    return null;
  }

  /** Throw unless every row [start, stop, ...] lies on covered positions. */
  check(rows: number[][], param: string): void {
    rows.forEach((r, k) => {
      const g = r[0] < 0 ? r[0] : this.gap(r[0], r[1]);
      if (g !== null) {
        throw new SPYValueError(param, r, `windows inside the data (stacked samples 0 to ${this.extent}, where trials are stored)`,
          `row ${k} reaches sample ${g}, which holds no data`);
      }
    });
  }

  /** The window [start, stop) along the stacking axis, C-contiguous. */
  window(start: number, stop: number): NDArray {
    const first = this.pieceAt(start);
    if (first >= 0 && this.starts[first] + this.lengths[first] >= stop) {
      if (this.readRange) return this.readRange(first, start - this.starts[first], stop - this.starts[first]);
      const t = this.read(first);
      const row = t.shape.slice(1).reduce((a, b) => a * b, 1) * slotsPerElement(t.dtype);
      const a = start - this.starts[first];
      return { data: t.data.subarray(a * row, (a + stop - start) * row), shape: [stop - start, ...t.shape.slice(1)], dtype: t.dtype };
    }
    let out: NDArray | null = null;
    let row = 0;
    let pos = start;
    while (pos < stop) {
      const j = this.pieceAt(pos);
      if (j < 0) throw new SPYValueError("trialdefinition", [start, stop], "windows inside the data", `sample ${pos} holds no data`);
      const end = Math.min(stop, this.starts[j] + this.lengths[j]);
      const a = pos - this.starts[j];
      const t = this.readRange ? this.readRange(j, a, a + end - pos) : this.read(j);
      const t0 = this.readRange ? 0 : a;  // where the wanted rows start inside t
      if (!out) {
        row = t.shape.slice(1).reduce((a, b) => a * b, 1) * slotsPerElement(t.dtype);
        const Ctor = arrayConstructor(t.dtype);
        out = { data: new Ctor((stop - start) * row), shape: [stop - start, ...t.shape.slice(1)], dtype: t.dtype };
      }
      out!.data.set(t.data.subarray(t0 * row, (t0 + end - pos) * row), (pos - start) * row);
      pos = end;
    }
    return out!;
  }
}
