/**
 * Common reference: subtract, at every observation, the mean (common average reference) or the
 * median (robust to a few noisy channels) over the selected channels. Each observation is
 * independent, so no buffer is needed.
 */
import * as path from "path";
import { checkOneOf, checkOptions } from "../../core/keywords";
import { NDArray } from "../../core/ndarray";
import type { ComputeContext } from "../../core/computeTypes";
import { BatchTransform, trimsOf } from "../transform";

export interface ReferenceOptions {
  method?: "mean" | "median";
  output_dtype?: "float32" | "float64";
}

export function reference(opts: ReferenceOptions = {}): BatchTransform {
  const o = checkOptions(opts, "spy.batch.reference", ["method", "output_dtype"]) as ReferenceOptions;
  // "mean": the common average reference
  const method = checkOneOf(o.method ?? "mean", "method", ["mean", "median"] as const);
  const outDtype = checkOneOf(o.output_dtype ?? "float32", "output_dtype", ["float32", "float64"] as const);
  return {
    kind: "spyts.batch.transform",
    name: `common ${method} reference`,
    ref: { module: path.join(__dirname, "reference"), name: "referenceBatch" },
    kwargs: { method, outDtype },
    buffer: 0,
    outDtype,
    // the result is written straight into a reused output buffer; the median's row copy is C values
    workBytesPerValue: 0,
  };
}

/** k-th smallest of a[0..n) (quickselect, reorders a). */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j; else if (k >= i) lo = i; else return a[k];
  }
  return a[k];
}

// Output reused across calls (one per thread): a fresh array per batch is garbage that piles up
// beyond max_memory before V8 collects it. The caller copies or writes the result before the next call.
let scratch32 = new Float32Array(0);
let scratch64 = new Float64Array(0);
let row = new Float64Array(0);

/** The compute function (main thread or worker): subtract each observation's mean or median over the channels. */
export function referenceBatch(block: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray {
  const [rows, C] = block.shape;
  const [head, tail] = trimsOf(kwargs, ctx);
  const n = rows - head - tail;
  const x = block.data;
  const dtype = kwargs.outDtype as "float32" | "float64";
  let y: Float32Array | Float64Array;
  if (dtype === "float64") {
    if (scratch64.length < n * C) scratch64 = new Float64Array(n * C);
    y = scratch64.subarray(0, n * C);
  } else {
    if (scratch32.length < n * C) scratch32 = new Float32Array(n * C);
    y = scratch32.subarray(0, n * C);
  }
  if (row.length < C) row = new Float64Array(C);
  const median = kwargs.method === "median";
  for (let i = 0; i < n; i++) {
    const o = (head + i) * C;
    let ref: number;
    if (median) {
      for (let c = 0; c < C; c++) row[c] = x[o + c];
      const h = C >> 1;
      ref = C % 2 ? select(row, C, h) : 0.5 * (select(row, C, h - 1) + select(row, C, h));
    } else {
      let s = 0;
      for (let c = 0; c < C; c++) s += x[o + c];
      ref = s / C;
    }
    // float64 arithmetic, rounded once on storing
    for (let c = 0; c < C; c++) y[i * C + c] = x[o + c] - ref;
  }
  return { data: y, shape: [n, C], dtype };
}
