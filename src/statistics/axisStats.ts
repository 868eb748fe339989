/**
 * A statistic along one axis of a C-ordered array (Syncopy's npstats_cF: np.nanmean & co. with
 * keepdims): the reduced axis keeps length 1. Pure and float64; the compute function casts.
 */
import { sliceStatistic, SliceOptions, StatOperation, keepsComplex } from "./sliceStats";

/**
 * Reduce `data` (C-ordered, `shape`, complex interleaved when `o.complex`) along `axis`.
 * Returns the result's values, C-ordered, shape `shape` with `shape[axis] = 1` (complex
 * interleaved for mean/median of complex data).
 */
export function reduceAxis(op: StatOperation, data: ArrayLike<number>, shape: readonly number[], axis: number, o: SliceOptions): Float64Array {
  const L = shape[axis];
  let outer = 1, inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const w = o.complex ? 2 : 1;
  const outW = o.complex && keepsComplex(op) ? 2 : 1;
  const out = new Float64Array(outer * inner * outW);
  const slice = new Float64Array(L * w);
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < inner; b++) {
      let src = (a * L * inner + b) * w;
      const step = inner * w;
      for (let i = 0; i < L; i++, src += step) {
        slice[i * w] = data[src];
        if (w === 2) slice[i * w + 1] = data[src + 1];
      }
      sliceStatistic(op, slice, L, o, out, (a * inner + b) * outW);
    }
  }
  return out;
}
