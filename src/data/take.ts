/** Index an NDArray along every axis at once (numpy's np.ix_), producing a C-contiguous copy. */
import { NDArray, cStrides, shapeSize, slotsPerElement, zeros } from "../core/ndarray";

/** `index[d]` is the list of positions to keep along axis d, or null for all of them. */
export function takeAxes(a: NDArray, index: (ArrayLike<number> | null)[]): NDArray {
  const nd = a.shape.length;
  const picks: ArrayLike<number>[] = a.shape.map((n, d) => index[d] ?? rangeArray(0, n));
  const outShape = picks.map((p) => p.length);
  const out = zeros(outShape, a.dtype);
  const total = shapeSize(outShape);
  if (total === 0) return out;
  const strides = a.strides ?? cStrides(a.shape);
  const base = a.offset ?? 0;
  const slots = slotsPerElement(a.dtype);
  // Walk the output in C order; the innermost axis is a gather loop.
  const last = nd - 1;
  const inner = picks[last];
  const innerStride = strides[last];
  const idx = new Array<number>(nd).fill(0);
  let o = 0;
  const outer = total / inner.length;
  for (let it = 0; it < outer; it++) {
    let src = base;
    for (let d = 0; d < last; d++) src += picks[d][idx[d]] * strides[d];
    if (slots === 1) {
      for (let j = 0; j < inner.length; j++) out.data[o++] = a.data[src + inner[j] * innerStride];
    } else {
      for (let j = 0; j < inner.length; j++) {
        const s = (src + inner[j] * innerStride) * 2;
        out.data[o++] = a.data[s];
        out.data[o++] = a.data[s + 1];
      }
    }
    for (let d = last - 1; d >= 0; d--) {
      if (++idx[d] < picks[d].length) break;
      idx[d] = 0;
    }
  }
  return out;
}

export function rangeArray(start: number, stop: number): number[] {
  const out = new Array<number>(Math.max(0, stop - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/** numpy.squeeze: drop every axis of length 1 (a 0-d result keeps shape [1]). */
export function squeeze(a: NDArray): NDArray {
  const shape = a.shape.filter((s) => s !== 1);
  const strides = a.strides ? a.strides.filter((_, i) => a.shape[i] !== 1) : undefined;
  return { ...a, shape: shape.length ? shape : [1], strides: shape.length ? strides : undefined };
}
