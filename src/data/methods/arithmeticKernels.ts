/**
 * The element-wise kernels behind spy.add/sub/mul/div/pow: numpy's results for one trial, on flat
 * typed arrays (real, or complex as interleaved re/im pairs as NDArray stores them), plus the
 * result dtype rule and numpy broadcasting of an array operand to a trial's shape.
 *
 * Every operation is computed in float64 and rounded to the result dtype on store. For + − × ÷
 * that is the correctly rounded float32 result as well (double rounding is harmless when the wide
 * type has more than twice the narrow one's bits); float32 `pow` may differ from numpy's powf in
 * the last bit.
 */
import { SPYValueError } from "../../core/errors";
import { DType, NDArray, TypedArray, isComplex, shapeSize, slotsPerElement, zeros } from "../../core/ndarray";

export type ArithmeticOp = "add" | "sub" | "mul" | "div" | "pow";

/** Operator symbols for logs and messages. */
export const OP_SYMBOL: Record<ArithmeticOp, string> = { add: "+", sub: "-", mul: "*", div: "/", pow: "**" };

/** One side of an operation on one trial: flat values, complex or not; `scalar` repeats element 0. */
export interface Operands {
  values: TypedArray | Float64Array;
  complex: boolean;
  scalar: boolean;
}

/** Integer dtypes compute and store as float64 (no wrap-around, numpy's true division). */
function floatDtype(d: DType): DType {
  return d === "float32" || d === "float64" || d === "complex64" || d === "complex128" ? d : "float64";
}

/**
 * The dtype of `data op operand`. A scalar (`other` null) is weak, as numpy 2 (NEP 50): float32
 * data with a number stays float32, and a complex scalar makes float32 complex64. Arrays and data
 * objects are strong: the wider precision wins and complex wins. Integer dtypes count as float64
 * on either side (numpy keeps int16 + int16 as int16 and wraps; spyts stores float64).
 */
export function resultDtype(data: DType, other: DType | null, otherComplex: boolean): DType {
  const a = floatDtype(data);
  const b = other === null ? a : floatDtype(other);
  const wide = a === "float64" || a === "complex128" || b === "float64" || b === "complex128";
  const complex = isComplex(a) || isComplex(b) || otherComplex;
  if (complex) return wide ? "complex128" : "complex64";
  return wide ? "float64" : "float32";
}

/**
 * numpy's pow for doubles (C pow): 1 ** y is 1 for every y, (-1) ** ±Infinity is 1, where
 * JavaScript's Math.pow gives NaN.
 */
export function powReal(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

const REAL_OPS: Record<ArithmeticOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,  // IEEE: 1/0 = Infinity, -1/0 = -Infinity, 0/0 = NaN
  pow: powReal,
};

/** Apply `op` element-wise to n real elements: out[i] = left[i] op right[i]. */
function realKernel(op: ArithmeticOp, left: Operands, right: Operands, out: TypedArray, n: number): void {
  const f = REAL_OPS[op];
  const L = left.values, R = right.values;
  const ls = left.scalar ? 0 : 1, rs = right.scalar ? 0 : 1;
  if (op === "add") for (let i = 0; i < n; i++) out[i] = L[i * ls] + R[i * rs];
  else if (op === "sub") for (let i = 0; i < n; i++) out[i] = L[i * ls] - R[i * rs];
  else if (op === "mul") for (let i = 0; i < n; i++) out[i] = L[i * ls] * R[i * rs];
  else if (op === "div") for (let i = 0; i < n; i++) out[i] = L[i * ls] / R[i * rs];
  else for (let i = 0; i < n; i++) out[i] = f(L[i * ls], R[i * rs]);
}

/** A complex result (re, im), reused to avoid an allocation per element. */
const z: [number, number] = [0, 0];

/** numpy's complex division (Smith's method; a zero divisor gives ±Infinity/NaN parts). */
export function cdiv(ar: number, ai: number, br: number, bi: number, res: [number, number] = z): [number, number] {
  const abr = Math.abs(br), abi = Math.abs(bi);
  if (abr >= abi) {
    if (abr === 0 && abi === 0) {
      res[0] = ar / abr;
      res[1] = ai / abr;
    } else {
      const rat = bi / br;
      const scl = 1 / (br + bi * rat);
      res[0] = (ar + ai * rat) * scl;
      res[1] = (ai - ar * rat) * scl;
    }
  } else {
    const rat = br / bi;
    const scl = 1 / (bi + br * rat);
    res[0] = (ar * rat + ai) * scl;
    res[1] = (ai * rat - ar) * scl;
  }
  return res;
}

/**
 * numpy's complex power (npy_cpow): a ** 0 = 1; 0 ** b is 0 for Re(b) > 0 and NaN otherwise;
 * an integer exponent with |n| < 100 by repeated squaring; otherwise exp(b·log a).
 */
export function cpow(ar: number, ai: number, br: number, bi: number, res: [number, number] = z): [number, number] {
  if (br === 0 && bi === 0) { res[0] = 1; res[1] = 0; return res; }
  if (ar === 0 && ai === 0) {
    if (br > 0 && bi === 0) { res[0] = 0; res[1] = 0; } else { res[0] = NaN; res[1] = NaN; }
    return res;
  }
  if (bi === 0 && Number.isInteger(br) && br > -100 && br < 100) {
    let n = Math.abs(br);
    let pr = ar, pi = ai, qr = 1, qi = 0;
    if (n === 1) { qr = ar; qi = ai; } else if (n === 2) { qr = ar * ar - ai * ai; qi = ar * ai + ai * ar; } else if (n === 3) {
      const sr = ar * ar - ai * ai, si = ar * ai + ai * ar;
      qr = ar * sr - ai * si; qi = ar * si + ai * sr;
    } else {
      for (;;) {
        if (n & 1) { const t = qr * pr - qi * pi; qi = qr * pi + qi * pr; qr = t; }
        n >>= 1;
        if (n === 0) break;
        const t = pr * pr - pi * pi; pi = pr * pi + pi * pr; pr = t;
      }
    }
    if (br < 0) return cdiv(1, 0, qr, qi, res);
    res[0] = qr; res[1] = qi;
    return res;
  }
  // exp(b * log a), log a = ln|a| + i arg a
  const lr = Math.log(Math.hypot(ar, ai)), li = Math.atan2(ai, ar);
  const er = br * lr - bi * li, ei = br * li + bi * lr;
  const m = Math.exp(er);
  res[0] = m * Math.cos(ei);
  res[1] = m * Math.sin(ei);
  return res;
}

/** Apply `op` to n complex elements; a real side counts as imaginary part 0. */
function complexKernel(op: ArithmeticOp, left: Operands, right: Operands, out: TypedArray, n: number): void {
  const L = left.values, R = right.values;
  const lstep = left.scalar ? 0 : left.complex ? 2 : 1, rstep = right.scalar ? 0 : right.complex ? 2 : 1;
  for (let i = 0; i < n; i++) {
    const li = i * lstep, ri = i * rstep;
    const ar = L[li], ai = left.complex ? L[li + 1] : 0;
    const br = R[ri], bi = right.complex ? R[ri + 1] : 0;
    let re: number, im: number;
    switch (op) {
      case "add": re = ar + br; im = ai + bi; break;
      case "sub": re = ar - br; im = ai - bi; break;
      case "mul": re = ar * br - ai * bi; im = ar * bi + ai * br; break;
      case "div": cdiv(ar, ai, br, bi); re = z[0]; im = z[1]; break;
      default: cpow(ar, ai, br, bi); re = z[0]; im = z[1];
    }
    out[2 * i] = re;
    out[2 * i + 1] = im;
  }
}

/** out = left op right over n elements of the result dtype (complex when `complexOut`). */
export function applyOp(op: ArithmeticOp, left: Operands, right: Operands, out: TypedArray, n: number, complexOut: boolean): void {
  if (complexOut) complexKernel(op, left, right, out, n);
  else realKernel(op, left, right, out, n);
}

/**
 * Can `operand` (shape) be broadcast to `trial` (shape) without growing it? numpy's rule with the
 * extra condition that the result has the trial's shape: the operand has at most as many axes, and
 * each of its axes (aligned at the end) is 1 or the trial's length.
 */
export function broadcastsTo(operand: readonly number[], trial: readonly number[]): boolean {
  if (operand.length > trial.length) return false;
  const lead = trial.length - operand.length;
  return operand.every((s, d) => s === 1 || s === trial[lead + d]);
}

/** The operand expanded to the trial's shape (C order), same dtype; the array itself when it already has it. */
export function expandTo(operand: NDArray, trial: readonly number[]): NDArray {
  const lead = trial.length - operand.shape.length;
  const shape = [...new Array<number>(lead).fill(1), ...operand.shape];
  if (shape.every((s, d) => s === trial[d])) return { data: operand.data, shape: [...trial], dtype: operand.dtype };
  const out = zeros(trial, operand.dtype);
  const slots = slotsPerElement(operand.dtype);
  // source strides in elements, 0 along broadcast axes
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = shape[d] === 1 ? 0 : acc;
    acc *= shape[d];
  }
  const nd = trial.length;
  const idx = new Array<number>(nd).fill(0);
  const total = shapeSize(trial);
  let src = 0;
  for (let i = 0; i < total; i++) {
    for (let s = 0; s < slots; s++) out.data[i * slots + s] = operand.data[src * slots + s];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      src += strides[d];
      if (idx[d] < trial[d]) break;
      src -= strides[d] * trial[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** Check that an operand array broadcasts to every trial shape; the error names both shapes. */
export function checkBroadcast(operand: readonly number[], trialShapes: number[][], param: string): void {
  for (let i = 0; i < trialShapes.length; i++) {
    if (!broadcastsTo(operand, trialShapes[i])) {
      throw new SPYValueError(param, `an array of shape [${operand.join(", ")}]`,
        `an array broadcastable to the trial shape [${trialShapes[i].join(", ")}] (trial ${i}; numpy broadcasting that keeps the trial's shape)`);
    }
  }
}
