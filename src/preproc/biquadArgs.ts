/**
 * Argument checks shared by both paths of the interleaved IIR kernels (src/preproc/biquad.ts), so
 * that the wasm and TypeScript paths fail the same way, naming the parameter and the value.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger, checkOneOf } from "../core/keywords";
import { PadType, SOSInput, sosMatrix, sosfiltfiltEdge } from "./sosfilt";

export type InterleavedInput = Int16Array | Float32Array | Float64Array;
export type InterleavedOutput = Float32Array | Float64Array;
export type Precision = "float32" | "float64";

export interface SosfiltfiltInterleavedOptions {
  /** scipy's padtype: "odd" (default), "even", "constant", or null for no extension. */
  padtype?: PadType;
  /** Samples of extension at each end; default scipy's 3 * ntaps. Ignored when padtype is null. */
  padlen?: number;
  /**
   * Working precision of the wasm kernel (default "float64": scipy's numbers to the last bits).
   * "float32" is about twice as fast; the TypeScript path always computes in float64.
   */
  precision?: Precision;
  /**
   * Only rows [from, to) of the result are wanted: `out` holds those (to - from) rows, row `from`
   * first. The whole signal is still filtered (the result does not depend on `keep`); a batch
   * with buffers keeps its middle without a copy of the whole block.
   */
  keep?: [number, number];
}

export interface SosfiltInterleavedOptions {
  precision?: Precision;
}

/** A checked call: the flat sections and the sizes. */
export interface Checked {
  m: Float64Array;
  nSec: number;
  nObs: number;
  nCh: number;
  precision: Precision;
  /** The rows of the result `out` holds (all: [0, nObs)). */
  keep: [number, number];
}

function positiveInt(param: string, v: unknown): number {
  return checkInteger(v, param, { min: 1 });
}

export function checkCall(sos: SOSInput, x: unknown, nObs: unknown, nCh: unknown, out: unknown, precision: unknown, keep?: unknown): Checked {
  const m = sosMatrix(sos);
  const n = positiveInt("nObs", nObs);
  const c = positiveInt("nCh", nCh);
  if (!(x instanceof Int16Array || x instanceof Float32Array || x instanceof Float64Array)) {
    throw new SPYTypeError("x", x, "an Int16Array, Float32Array or Float64Array of interleaved [nObs, nCh] samples");
  }
  if (x.length !== n * c) throw new SPYValueError("x", `${x.length} values`, `nObs * nCh = ${n} * ${c} = ${n * c} values`);
  const k = checkKeep(keep, n);
  const rows = k[1] - k[0];
  if (!(out instanceof Float32Array || out instanceof Float64Array)) {
    throw new SPYTypeError("out", out, `a Float32Array or Float64Array of ${keep === undefined ? "nObs" : "(keep[1] - keep[0])"} * nCh values`);
  }
  if (out.length !== rows * c) {
    throw new SPYValueError("out", `${out.length} values`, keep === undefined ? `nObs * nCh = ${n} * ${c} = ${n * c} values` : `(keep[1] - keep[0]) * nCh = ${rows} * ${c} = ${rows * c} values`);
  }
  const p = checkOneOf(precision ?? "float64", "precision", ["float32", "float64"] as const);
  return { m, nSec: m.length / 6, nObs: n, nCh: c, precision: p, keep: k };
}

/** The rows kept: [from, to) with 0 <= from < to <= nObs; all of them when absent. */
function checkKeep(keep: unknown, nObs: number): [number, number] {
  if (keep === undefined) return [0, nObs];
  const allowed = `[from, to) with integers 0 <= from < to <= nObs = ${nObs}`;
  if (!Array.isArray(keep) || keep.length !== 2) throw new SPYTypeError("keep", keep, allowed);
  const [a, b] = keep as unknown[];
  if (!Number.isInteger(a) || !Number.isInteger(b) || (a as number) < 0 || (a as number) >= (b as number) || (b as number) > nObs) {
    throw new SPYValueError("keep", `[${String(a)}, ${String(b)}]`, allowed);
  }
  return [a as number, b as number];
}

/** scipy's edge for sosfiltfilt, and its error when the signal is not longer than the edge. */
export function checkEdge(m: Float64Array, nObs: number, padtype: PadType, padlen: number | undefined): number {
  const edge = sosfiltfiltEdge(m, padtype, padlen);
  if (nObs <= edge) {
    throw new SPYValueError("nObs", nObs, `more than padlen = ${edge}`, "scipy: the length of the input vector x must be greater than padlen");
  }
  return edge;
}

export function checkZi(zi: unknown, nSec: number, nCh: number): Float64Array | undefined {
  if (zi === undefined) return undefined;
  if (!(zi instanceof Float64Array)) throw new SPYTypeError("zi", zi, `a Float64Array of nSections * 2 * nCh = ${nSec * 2 * nCh} values`);
  if (zi.length !== nSec * 2 * nCh) {
    throw new SPYValueError("zi", `${zi.length} values`, `nSections * 2 * nCh = ${nSec} * 2 * ${nCh} = ${nSec * 2 * nCh} values (scipy's zi for axis 0)`);
  }
  return zi;
}
