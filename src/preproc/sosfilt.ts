/**
 * scipy.signal.sosfilt, sosfilt_zi and sosfiltfilt for float64 second-order sections.
 *
 * The recursion is scipy's transposed direct form II with the same operation order, so results
 * agree with scipy bit for bit on float64 input. It runs section by section over a whole
 * contiguous signal (one section's output is the next one's input, so this equals scipy's
 * sample-by-sample loop) with the five coefficients and the two states in local variables:
 * that keeps the inner loop free of array look-ups, which is what makes it fast in JavaScript.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger } from "../core/keywords";
import { MultiChannel, RealArray, Shape, isNumberArray, readChannel, resolveShape, writeChannel } from "./layout";

/** Second-order sections, scipy's sos: rows [b0, b1, b2, 1, a1, a2], or the same flattened. */
export type SOSInput = number[][] | Float64Array;

/** Flat [nSections * 6] copy of an sos array, checked like scipy's _validate_sos. */
export function sosMatrix(sos: SOSInput): Float64Array {
  let flat: Float64Array;
  if (sos instanceof Float64Array) flat = Float64Array.from(sos);
  else if (Array.isArray(sos) && sos.every((r) => Array.isArray(r) && r.every((v) => typeof v === "number"))) {
    if (!sos.every((r) => r.length === 6)) throw new SPYValueError("sos", sos, "second-order sections: rows [b0, b1, b2, 1, a1, a2]");
    flat = Float64Array.from(sos.flat());
  } else throw new SPYTypeError("sos", sos, "second-order sections: rows [b0, b1, b2, 1, a1, a2] of numbers, or a flat Float64Array");
  if (flat.length === 0 || flat.length % 6 !== 0) throw new SPYValueError("sos", sos, "an (nSections, 6) array with nSections >= 1");
  for (let s = 0; s < flat.length; s += 6) {
    if (flat[s + 3] !== 1) throw new SPYValueError("sos", sos, "sections normalised to a0 = 1 (sos[:, 3] all ones)");
  }
  return flat;
}

/**
 * scipy's sosfilt_zi: per section [z0, z1], the steady state for a unit step input.
 * Each section's 2x2 system is solved by LU with partial pivoting, as LAPACK's gesv does.
 */
export function sosfiltZi(sos: SOSInput): Float64Array {
  const m = sosMatrix(sos);
  const nSec = m.length / 6;
  const zi = new Float64Array(2 * nSec);
  let scale = 1.0;
  for (let s = 0; s < nSec; s++) {
    const b0 = m[6 * s], b1 = m[6 * s + 1], b2 = m[6 * s + 2];
    const a1 = m[6 * s + 4], a2 = m[6 * s + 5];
    // lfilter_zi: (I - companion(a).T) zi = b[1:] - a[1:] * b0
    let r0 = [1 + a1, -1, b1 - a1 * b0];
    let r1 = [a2, 1, b2 - a2 * b0];
    if (Math.abs(r1[0]) > Math.abs(r0[0])) [r0, r1] = [r1, r0];
    const l = r1[0] * (1 / r0[0]);
    const u11 = r1[1] - l * r0[1];
    const y1 = r1[2] - l * r0[2];
    const z1 = y1 / u11;
    const z0 = (r0[2] - r0[1] * z1) / r0[0];
    zi[2 * s] = scale * z0;
    zi[2 * s + 1] = scale * z1;
    scale *= ((b0 + b1) + b2) / ((m[6 * s + 3] + a1) + a2);
  }
  return zi;
}

/** The edge padding scipy's sosfiltfilt uses (padtype "odd", padlen None): 3 * ntaps. */
export function sosfiltfiltPadlen(sos: SOSInput): number {
  const m = sosMatrix(sos);
  const nSec = m.length / 6;
  let zb = 0, za = 0;
  for (let s = 0; s < nSec; s++) {
    if (m[6 * s + 2] === 0) zb++;
    if (m[6 * s + 5] === 0) za++;
  }
  return 3 * (2 * nSec + 1 - Math.min(zb, za));
}

/**
 * Filter buf[start ... start+n) in place, every section in turn; `state` holds [z0, z1] per
 * section (read as the initial conditions, left as the final ones). `backward` runs from the
 * end to the start: scipy's filtering of the reversed signal without reversing it.
 */
export function sosfiltInPlace(m: Float64Array, buf: Float64Array, start: number, n: number, state: Float64Array, backward = false): void {
  const nSec = m.length / 6;
  const end = start + n;
  for (let s = 0; s < nSec; s++) {
    const b0 = m[6 * s], b1 = m[6 * s + 1], b2 = m[6 * s + 2], a1 = m[6 * s + 4], a2 = m[6 * s + 5];
    let z0 = state[2 * s], z1 = state[2 * s + 1];
    if (!backward) {
      for (let i = start; i < end; i++) {
        const x = buf[i];
        const y = b0 * x + z0;
        z0 = b1 * x - a1 * y + z1;
        z1 = b2 * x - a2 * y;
        buf[i] = y;
      }
    } else {
      for (let i = end - 1; i >= start; i--) {
        const x = buf[i];
        const y = b0 * x + z0;
        z0 = b1 * x - a1 * y + z1;
        z1 = b2 * x - a2 * y;
        buf[i] = y;
      }
    }
    state[2 * s] = z0;
    state[2 * s + 1] = z1;
  }
}

/**
 * sosfiltInPlace for four signals at once, interleaved: sample i of lane j at buf[4*i + j]
 * (i in [start, start+n)); `state` holds [z0, z1] per section and lane at state[(2*s + k)*4 + j].
 * The recursion is latency-bound (each output waits for the previous one); four independent
 * lanes in one loop let the CPU overlap them, about three times the throughput of one lane.
 * Every lane gets exactly the single-lane arithmetic.
 */
export function sosfilt4InPlace(m: Float64Array, buf: Float64Array, start: number, n: number, state: Float64Array, backward = false): void {
  const nSec = m.length / 6;
  for (let s = 0; s < nSec; s++) {
    const b0 = m[6 * s], b1 = m[6 * s + 1], b2 = m[6 * s + 2], a1 = m[6 * s + 4], a2 = m[6 * s + 5];
    const o = 8 * s;
    let p0 = state[o], p1 = state[o + 1], p2 = state[o + 2], p3 = state[o + 3];
    let q0 = state[o + 4], q1 = state[o + 5], q2 = state[o + 6], q3 = state[o + 7];
    const first = backward ? 4 * (start + n - 1) : 4 * start;
    const step = backward ? -4 : 4;
    for (let k = 0, i = first; k < n; k++, i += step) {
      const x0 = buf[i], x1 = buf[i + 1], x2 = buf[i + 2], x3 = buf[i + 3];
      const y0 = b0 * x0 + p0, y1 = b0 * x1 + p1, y2 = b0 * x2 + p2, y3 = b0 * x3 + p3;
      p0 = b1 * x0 - a1 * y0 + q0;
      p1 = b1 * x1 - a1 * y1 + q1;
      p2 = b1 * x2 - a1 * y2 + q2;
      p3 = b1 * x3 - a1 * y3 + q3;
      q0 = b2 * x0 - a2 * y0;
      q1 = b2 * x1 - a2 * y1;
      q2 = b2 * x2 - a2 * y2;
      q3 = b2 * x3 - a2 * y3;
      buf[i] = y0; buf[i + 1] = y1; buf[i + 2] = y2; buf[i + 3] = y3;
    }
    state[o] = p0; state[o + 1] = p1; state[o + 2] = p2; state[o + 3] = p3;
    state[o + 4] = q0; state[o + 5] = q1; state[o + 6] = q2; state[o + 7] = q3;
  }
}

export interface SosfiltOptions extends MultiChannel {
  /**
   * Initial conditions, scipy's zi for axis 0: [nSections, 2, nChannels] flattened
   * (zi[(s*2 + j)*nChannels + c]). When given, the final conditions are returned as `zf`.
   */
  zi?: ArrayLike<number>;
}

/** scipy.signal.sosfilt along time for every channel: a new Float64Array (same layout), and zf when zi was given. */
export function sosfilt(sos: SOSInput, x: RealArray, opts: SosfiltOptions = {}): { y: Float64Array; zf?: Float64Array } {
  const m = sosMatrix(sos);
  const nSec = m.length / 6;
  const shape = resolveShape(x, opts, "spy.preproc.sosfilt", ["zi"]);
  const { n, C } = shape;
  if (opts.zi !== undefined && !isNumberArray(opts.zi)) {
    throw new SPYTypeError("zi", opts.zi, `an array of nSections * 2 * nChannels = ${nSec * 2 * C} numbers (scipy's zi for axis 0)`);
  }
  if (opts.zi !== undefined && opts.zi.length !== nSec * 2 * C) {
    throw new SPYValueError("zi", `${opts.zi.length} values`, `nSections * 2 * nChannels = ${nSec * 2 * C} values (scipy's zi for axis 0)`);
  }
  const y = new Float64Array(n * C);
  const zf = opts.zi !== undefined ? new Float64Array(nSec * 2 * C) : undefined;
  const buf = new Float64Array(n);
  const state = new Float64Array(2 * nSec);
  for (let c = 0; c < C; c++) {
    readChannel(x, shape, c, buf);
    for (let k = 0; k < 2 * nSec; k++) state[k] = opts.zi ? opts.zi[k * C + c] : 0;
    sosfiltInPlace(m, buf, 0, n, state);
    writeChannel(buf, 0, y, shape, c);
    if (zf) for (let k = 0; k < 2 * nSec; k++) zf[k * C + c] = state[k];
  }
  return zf ? { y, zf } : { y };
}

/** scipy's sosfiltfilt padtype: the edge extension, or null for none (then padlen is ignored). */
export type PadType = "odd" | "even" | "constant" | null;
const PADTYPES: readonly PadType[] = ["odd", "even", "constant", null];

/** The edge length scipy's _validate_pad gives: 0 without padding, padlen, or the default 3 * ntaps. */
export function sosfiltfiltEdge(m: Float64Array, padtype: PadType = "odd", padlen?: number): number {
  if (padtype !== null && typeof padtype !== "string") throw new SPYTypeError("padtype", padtype, `"odd", "even", "constant" or null`);
  if (!PADTYPES.includes(padtype)) throw new SPYValueError("padtype", padtype, `"odd", "even", "constant" or null`);
  if (padtype === null) return 0;
  return padlen === undefined || padlen === null ? sosfiltfiltPadlen(m) : checkInteger(padlen, "padlen", { min: 0 });
}

/**
 * Lane j of buf (lanes values per sample) holds n samples after `edge` samples of room: fill the
 * room on both sides with scipy's odd_ext / even_ext / const_ext of them (odd: 2*end - mirror,
 * with 2*end computed first as numpy does).
 */
function extendEdges(buf: Float64Array, n: number, edge: number, padtype: PadType, lanes: number, j: number): void {
  const x0 = buf[lanes * edge + j], xn = buf[lanes * (edge + n - 1) + j];
  for (let i = 1; i <= edge; i++) {
    const l = lanes * (edge - i) + j, r = lanes * (edge + n - 1 + i) + j;
    const ml = buf[lanes * (edge + i) + j], mr = buf[lanes * (edge + n - 1 - i) + j];
    if (padtype === "odd") {
      buf[l] = 2 * x0 - ml;
      buf[r] = 2 * xn - mr;
    } else if (padtype === "even") {
      buf[l] = ml;
      buf[r] = mr;
    } else {
      buf[l] = x0;
      buf[r] = xn;
    }
  }
}

/**
 * scipy's sosfiltfilt needs more samples than its edge extension (padlen); one error for every
 * zero-phase caller (SosFiltFilt here, the preprocessing pipeline on the interleaved kernel).
 */
export function checkPadLength(n: number, edge: number): void {
  if (n <= edge) {
    throw new SPYValueError("x", `${n} samples`, `more samples than the filter's edge padding (padlen = ${edge})`);
  }
}

/** A prepared zero-phase filter: the sections, scipy's zi and edge, and reusable scratch. */
export class SosFiltFilt {
  readonly m: Float64Array;
  readonly zi: Float64Array;
  readonly edge: number;
  readonly padtype: PadType;
  private scratch = new Float64Array(0);
  private readonly state: Float64Array;
  private state4 = new Float64Array(0);

  constructor(sos: SOSInput, padlen?: number, padtype: PadType = "odd") {
    this.m = sosMatrix(sos);
    this.zi = sosfiltZi(this.m);
    this.edge = sosfiltfiltEdge(this.m, padtype, padlen);
    this.padtype = padtype;
    this.state = new Float64Array(this.zi.length);
  }

  /** Channel c of x through sosfiltfilt, written into channel c of out. */
  channel(x: ArrayLike<number>, xs: Shape, c: number, out: { [i: number]: number }, os: Shape): void {
    const buf = this.buffer(xs.n);
    readChannel(x, xs, c, buf, this.edge);
    this.filterBuffer(buf, xs.n);
    writeChannel(buf, this.edge, out, os, c);
  }

  /** A scratch buffer for signals of n samples: put the signal at [edge, edge + n). */
  buffer(n: number): Float64Array {
    const len = n + 2 * this.edge;
    if (this.scratch.length < len) this.scratch = new Float64Array(len);
    return this.scratch;
  }


  /**
   * Zero-phase filter the n samples at buf[edge ... edge+n) in place (buf holds n + 2*edge values):
   * edge extension, forward pass from zi*ext[0], backward pass from zi*y[last], as scipy does.
   */
  filterBuffer(buf: Float64Array, n: number): void {
    checkPadLength(n, this.edge);
    const edge = this.edge;
    const len = n + 2 * edge;
    if (edge > 0) extendEdges(buf, n, edge, this.padtype, 1, 0);
    const m = this.m, zi = this.zi, st = this.state;
    const first = buf[0];
    for (let k = 0; k < st.length; k++) st[k] = zi[k] * first;
    sosfiltInPlace(m, buf, 0, len, st);
    const last = buf[len - 1];
    for (let k = 0; k < st.length; k++) st[k] = zi[k] * last;
    sosfiltInPlace(m, buf, 0, len, st, true);
  }

  /**
   * filterBuffer for four interleaved lanes: lane j's n samples at buf[4*(edge+i) + j]; buf holds
   * 4 * (n + 2*edge) values. Unused lanes may hold zeros.
   */
  filterBuffer4(buf: Float64Array, n: number): void {
    checkPadLength(n, this.edge);
    const edge = this.edge;
    const len = n + 2 * edge;
    if (edge > 0) for (let j = 0; j < 4; j++) extendEdges(buf, n, edge, this.padtype, 4, j);
    const m = this.m, zi = this.zi;
    if (this.state4.length !== 4 * zi.length) this.state4 = new Float64Array(4 * zi.length);
    const st = this.state4;
    for (let k = 0; k < zi.length; k++) for (let j = 0; j < 4; j++) st[4 * k + j] = zi[k] * buf[j];
    sosfilt4InPlace(m, buf, 0, len, st);
    const last = 4 * (len - 1);
    for (let k = 0; k < zi.length; k++) for (let j = 0; j < 4; j++) st[4 * k + j] = zi[k] * buf[last + j];
    sosfilt4InPlace(m, buf, 0, len, st, true);
  }
}

export interface SosfiltfiltOptions extends MultiChannel {
  /** Samples of edge extension at each end (default: scipy's 3 * ntaps). */
  padlen?: number;
  /** The extension: "odd" (default), "even", "constant", or null for none. */
  padtype?: PadType;
}

/** scipy.signal.sosfiltfilt(sos, x, axis=time, padtype, padlen): zero-phase filtering, a new Float64Array. */
export function sosfiltfilt(sos: SOSInput, x: RealArray, opts: SosfiltfiltOptions = {}): Float64Array {
  const f = new SosFiltFilt(sos, opts.padlen, opts.padtype === undefined ? "odd" : opts.padtype);
  const shape = resolveShape(x, opts, "spy.preproc.sosfiltfilt", ["padlen", "padtype"]);
  const y = new Float64Array(x.length);
  for (let c = 0; c < shape.C; c++) f.channel(x, shape, c, y, shape);
  return y;
}
