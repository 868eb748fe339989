/**
 * Shared plumbing for the window functions: length checks, scipy's
 * symmetric/periodic convention, and numpy-exact linspace.
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";

/** A window body: the symmetric window of length M >= 2. */
export type SymmetricWindow = (M: number) => Float64Array;

export function checkWindowLength(M: unknown): number {
  if (typeof M !== "number") throw new SPYTypeError("M", M, "a non-negative integer window length");
  if (!Number.isInteger(M) || M < 0) {
    throw new SPYValueError("M", M, "a non-negative integer window length");
  }
  return M;
}

/**
 * scipy's _len_guards/_extend/_truncate in one place: M <= 1 gives ones(M);
 * a periodic (sym = false) window is the symmetric window of M + 1 points with
 * the last one dropped (what FFT-based spectral estimation wants).
 */
export function withSymmetry(M: number, sym: boolean, body: SymmetricWindow): Float64Array {
  checkWindowLength(M);
  if (M <= 1) return new Float64Array(M).fill(1);
  if (sym) return body(M);
  return body(M + 1).slice(0, M);
}

/** numpy.linspace(start, stop, num) bit for bit: i*step + start, last point exactly stop. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  if (num === 0) return out;
  if (num === 1) {
    out[0] = start;
    return out;
  }
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

/** The mirror image of `half` appended to itself (optionally with a centre value between). */
export function mirrored(leftHalf: Float64Array, centre?: number): Float64Array {
  const h = leftHalf.length;
  const extra = centre === undefined ? 0 : 1;
  const out = new Float64Array(2 * h + extra);
  out.set(leftHalf, 0);
  if (centre !== undefined) out[h] = centre;
  for (let i = 0; i < h; i++) out[h + extra + i] = leftHalf[h - 1 - i];
  return out;
}

export function requireFinite(param: string, value: unknown): number {
  if (typeof value !== "number") throw new SPYTypeError(param, value, "a finite number");
  if (!Number.isFinite(value)) {
    throw new SPYValueError(param, value, "a finite number");
  }
  return value;
}
