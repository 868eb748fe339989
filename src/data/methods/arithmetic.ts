/**
 * Arithmetic on data objects (Syncopy's `+ − * / **` operators, reference §1.7):
 * `spy.add(x1, x2)`, `spy.sub`, `spy.mul`, `spy.div`, `spy.pow` and the methods `data.add(x)`...
 *
 * One side is a data object (AnalogData, SpectralData, CrossSpectralData, ...); the other is a
 * number, a complex number `{re, im}`, an array broadcastable to one trial (an NDArray of any
 * dtype, complex included, or nested number arrays), or a data object of the same class whose
 * (selected) trials have the same shapes. The operation runs trial by trial: one trial of each
 * operand and one of the result are in memory, and a TrialStoreWriter streams the result to a new
 * temporary file. Synchronous (no worker pool), so calls chain: `a.sub(b).div(2)`.
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";
import { checkBoolean, checkOptions, isPlainObject } from "../../core/keywords";
import { warn } from "../../core/warnings";
import { serialize } from "../../core/structdict";
import { NDArray, ascontiguous, fromNested, isComplex, isNDArray, shapeSize, slotsPerElement, arrayConstructor } from "../../core/ndarray";
import { BaseData, installDataMethod } from "../base";
import type { SelectionSpec, ResolvedSelection } from "../selection";
import { SelectionSource } from "../source";
import { TrialStoreWriter } from "../trialstore";
import { logEntry } from "../log";
import { propagateProperties, selectedAxis } from "../propagate";
import { ArithmeticOp, OP_SYMBOL, Operands, applyOp, checkBroadcast, expandTo, resultDtype } from "./arithmeticKernels";
import { DiscreteData } from "../discrete";

export type { ArithmeticOp } from "./arithmeticKernels";

/** A complex scalar operand. */
export interface ComplexScalar { re: number; im: number }

/** Nested number arrays (read as float64). */
export type NestedNumbers = number[] | NestedNumbers[];

/** What may stand beside a data object: a number, `{re, im}`, an NDArray, nested numbers. */
export type ArithmeticOperand = number | ComplexScalar | NDArray | NestedNumbers;

/** The options of spy.add, sub, mul, div, pow and the methods data.add(x), ...: a selection and the label check. */
export interface ArithmeticOptions {
  /**
   * A selection (as `spy.selectdata` takes it: trials, channel, latency, frequency, ...) applied to
   * every data operand before the operation; the result holds the selected part only, its trials
   * laid end to end (as every metafunction's result with `select`). Default null: everything.
   */
  select?: SelectionSpec | null;
  /**
   * When both operands are data objects, their labels and axis values (channel, freq, taper, ...)
   * must be equal (default true). `false` combines objects that differ there, e.g. to subtract one
   * channel set from another (a bipolar derivation); the result takes the labels of `x1`'s side.
   */
  matchlabels?: boolean;
}

const OPTION_KEYS = ["select", "matchlabels"];

/** An operand once parsed. */
type Parsed =
  | { kind: "data"; data: BaseData }
  | { kind: "scalar"; re: number; im: number; complex: boolean }
  | { kind: "array"; array: NDArray };

function parseOperand(x: unknown, param: string): Parsed {
  // spikes and events are rows of integer codes, not values on a grid: refused, as in Syncopy
  if (x instanceof DiscreteData) {
    throw new SPYTypeError(param, x.className, "continuous data (AnalogData, SpectralData, CrossSpectralData, TimeLockData): arithmetic on SpikeData or EventData rows is not defined");
  }
  if (x instanceof BaseData) return { kind: "data", data: x };
  if (typeof x === "number") return { kind: "scalar", re: x, im: 0, complex: false };
  if (isNDArray(x)) return { kind: "array", array: ascontiguous(x) };
  if (Array.isArray(x)) return { kind: "array", array: fromNested(x, "float64") };
  if (isPlainObject(x) && Object.keys(x).length === 2 && typeof x.re === "number" && typeof x.im === "number") {
    return { kind: "scalar", re: x.re, im: x.im, complex: true };
  }
  throw new SPYTypeError(param, x, "a data object, a number, a complex number {re, im}, an NDArray or nested number arrays");
}

/** The operand as recorded in the result's cfg and log (small arrays in full, larger ones described). */
function describe(p: Parsed): unknown {
  if (p.kind === "data") return `${p.data.className}(${p.data.storage?.path ?? "no data"})`;
  if (p.kind === "scalar") return p.complex ? { re: p.re, im: p.im } : p.re;
  const a = p.array;
  if (!isComplex(a.dtype) && shapeSize(a.shape) <= 16) return { shape: a.shape, dtype: a.dtype, values: Array.from(a.data) };
  return { shape: a.shape, dtype: a.dtype };
}

/** The (selected) trial shapes of a data operand. */
function trialShapes(src: SelectionSource): number[][] {
  return Array.from({ length: src.nTrials }, (_, i) => src.trialShape(i));
}

/** Two data operands must agree in class, trials, shapes, samplerate, kind and (by default) labels. */
function checkPair(base: BaseData, bsel: ResolvedSelection, other: BaseData, osel: ResolvedSelection, matchlabels: boolean): void {
  if (other.className !== base.className) {
    throw new SPYTypeError("operand", other, `a ${base.className} (the class of the other operand), a number, {re, im} or an array`);
  }
  if (other.samplerate !== base.samplerate) {
    throw new SPYValueError("operand", `a ${other.className} of samplerate ${other.samplerate} Hz`, `the samplerate of the other operand (${base.samplerate} Hz)`);
  }
  const bs = new SelectionSource(base, bsel), os = new SelectionSource(other, osel);
  if (bs.nTrials !== os.nTrials) {
    throw new SPYValueError("operand", `a ${other.className} with ${os.nTrials} (selected) trials`, `as many (selected) trials as the other operand (${bs.nTrials})`);
  }
  if (isComplex(base.dtype) !== isComplex(other.dtype)) {
    // a SPYTypeError, as Syncopy's (its test_continuousdata asserts the class)
    throw new SPYTypeError("operand", `a ${other.className} of dtype ${other.dtype}`, `data of the same kind (real/complex) as the other operand (${base.dtype}), as in Syncopy`);
  }
  for (let i = 0; i < bs.nTrials; i++) {
    const a = bs.trialShape(i), b = os.trialShape(i);
    if (a.join() !== b.join()) {
      throw new SPYValueError("operand", `a ${other.className} whose trial ${i} has shape [${b.join(", ")}]`, `trials of the shapes of the other operand (trial ${i}: [${a.join(", ")}])`);
    }
  }
  if (!matchlabels) return;
  for (const dim of base.dimord.slice(1)) {
    const a = Array.from(selectedAxis(base, dim, bsel) as ArrayLike<unknown>), b = Array.from(selectedAxis(other, dim, osel) as ArrayLike<unknown>);
    if (a.some((v, k) => v !== b[k])) {
      throw new SPYValueError("operand", `a ${other.className} with ${dim} [${b.join(", ")}]`,
        `the ${dim} of the other operand [${a.join(", ")}] (or matchlabels: false to combine them anyway)`);
    }
  }
}

/** One side of the operation for trial i. */
type Side = (i: number, shape: number[]) => Operands;

function sideOf(p: Parsed, src: SelectionSource | null): Side {
  if (p.kind === "data") {
    const complex = isComplex(p.data.dtype);
    return (i) => ({ values: src!.readTrial(i).data, complex, scalar: false });
  }
  if (p.kind === "scalar") {
    const values = p.complex ? Float64Array.of(p.re, p.im) : Float64Array.of(p.re);
    return () => ({ values, complex: p.complex, scalar: true });
  }
  const array = p.array;
  const complex = isComplex(array.dtype);
  if (shapeSize(array.shape) === 1) return () => ({ values: array.data, complex, scalar: true });
  // an array is expanded once per trial shape (trials of equal length share it)
  let cached: { key: string; values: Operands["values"] } | null = null;
  return (_i, shape) => {
    const key = shape.join();
    if (!cached || cached.key !== key) cached = { key, values: expandTo(array, shape).data };
    return { values: cached.values, complex, scalar: false };
  };
}

/**
 * x1 op x2, one of them (or both) a data object. Returns a new object of the data operand's
 * class (x1's when both are), with its labels, axes, trialdefinition (after `select`), samplerate,
 * cfg plus an entry under the operation's name, and log plus an entry.
 */
export function arithmetic(op: ArithmeticOp, x1: unknown, x2: unknown, opts?: ArithmeticOptions): BaseData {
  const o = checkOptions(opts, `spy.${op}`, OPTION_KEYS) as ArithmeticOptions;
  const matchlabels = checkBoolean(o.matchlabels ?? true, "matchlabels");
  const select = o.select ?? null;
  const p1 = parseOperand(x1, "x1"), p2 = parseOperand(x2, "x2");
  const base = p1.kind === "data" ? p1.data : p2.kind === "data" ? p2.data : null;
  if (!base) throw new SPYTypeError("x1", x1, `a data object as x1 or x2 of spy.${op} (both are plain values)`);
  if (!base.storage) throw new SPYValueError(p1.kind === "data" ? "x1" : "x2", `an empty ${base.className}`, "a data object with data");
  const bsel = base.resolve(select);
  const bsrc = new SelectionSource(base, bsel);
  const shapes = trialShapes(bsrc);
  const baseP = p1.kind === "data" ? p1 : p2;
  const otherP = baseP === p1 ? p2 : p1;
  let osrc: SelectionSource | null = null;
  let outDtype;
  if (otherP.kind === "data") {
    if (!otherP.data.storage) throw new SPYValueError("operand", `an empty ${otherP.data.className}`, "a data object with data");
    const osel = otherP.data.resolve(select);
    checkPair(base, bsel, otherP.data, osel, matchlabels);
    osrc = new SelectionSource(otherP.data, osel);
    outDtype = resultDtype(base.dtype, otherP.data.dtype, false);
  } else if (otherP.kind === "scalar") {
    outDtype = resultDtype(base.dtype, null, otherP.complex);
  } else {
    checkBroadcast(otherP.array.shape, shapes, "operand");
    outDtype = resultDtype(base.dtype, otherP.array.dtype, false);
  }
  if (otherP.kind !== "data" && isComplex(outDtype) !== isComplex(base.dtype)) {
    // Syncopy's warning for a complex operand on real data (or the reverse): the result is complex
    warn(`spy.${op}: the operand is complex and ${base.className} is real (or the reverse); the result is ${outDtype}`);
  }

  const left = sideOf(p1, p1 === baseP ? bsrc : osrc);
  const right = sideOf(p2, p2 === baseP ? bsrc : osrc);
  const complexOut = isComplex(outDtype);
  const Ctor = arrayConstructor(outDtype);
  const writer = new TrialStoreWriter(base.fileExtension, outDtype, shapes[0].slice(1));
  try {
    for (let i = 0; i < shapes.length; i++) {
      const shape = shapes[i];
      const n = shapeSize(shape);
      const out = new Ctor(n * slotsPerElement(outDtype));
      applyOp(op, left(i, shape), right(i, shape), out, n, complexOut);
      writer.append({ data: out, shape, dtype: outDtype });
    }
  } catch (e) {
    writer.abort();
    throw e;
  }
  const store = writer.finish();
  const d1 = describe(p1), d2 = describe(p2);
  const entry = serialize({ operator: OP_SYMBOL[op], x1: d1, x2: d2, select, matchlabels }) as Record<string, unknown>;
  const settings = Object.entries(entry).map(([k, v]) => `\n\t${k} = ${JSON.stringify(v)}`).join("");
  return propagateProperties(base, store, {
    name: op, selection: bsel, select, cfgEntry: entry,
    log: logEntry(`computed x1 ${OP_SYMBOL[op]} x2 (${outDtype}) with settings${settings}`, op),
  });
}

/**
 * `x1 + x2`, trial by trial; one operand is a data object, the other a number, `{re, im}`, an
 * array broadcastable to one trial (NDArray or nested arrays) or a data object of the same class,
 * samplerate, (selected) trial count and trial shapes, and by default the same labels.
 *
 * Keywords: `select` (null; applied to every data operand), `matchlabels` (true).
 * Result dtype: float32 data with a number stays float32 (numpy's weak scalars), arrays and data
 * objects promote to the wider dtype, complex wins; integer data computes and stores as float64.
 * Returns a new object of the data operand's class (x1's if both are), with a cfg entry `add` and a
 * log entry. Syncopy differences: labels are checked (Syncopy checks shapes only), and a complex
 * operand on real data gives a complex result with a warning (Syncopy warns likewise).
 */
export function add<T extends BaseData>(x1: T, x2: ArithmeticOperand | T, opts?: ArithmeticOptions): T;
export function add<T extends BaseData>(x1: ArithmeticOperand, x2: T, opts?: ArithmeticOptions): T;
export function add(x1: unknown, x2: unknown, opts?: ArithmeticOptions): BaseData { return arithmetic("add", x1, x2, opts); }

/**
 * `x1 − x2` (see `add` for operands, keywords and dtypes). `spy.sub(1, data)` is 1 − data:
 * Syncopy's `1 - data` computes data − 1, spyts keeps the order.
 */
export function sub<T extends BaseData>(x1: T, x2: ArithmeticOperand | T, opts?: ArithmeticOptions): T;
export function sub<T extends BaseData>(x1: ArithmeticOperand, x2: T, opts?: ArithmeticOptions): T;
export function sub(x1: unknown, x2: unknown, opts?: ArithmeticOptions): BaseData { return arithmetic("sub", x1, x2, opts); }

/** `x1 · x2` (see `add` for operands, keywords and dtypes; complex multiplication for complex data). */
export function mul<T extends BaseData>(x1: T, x2: ArithmeticOperand | T, opts?: ArithmeticOptions): T;
export function mul<T extends BaseData>(x1: ArithmeticOperand, x2: T, opts?: ArithmeticOptions): T;
export function mul(x1: unknown, x2: unknown, opts?: ArithmeticOptions): BaseData { return arithmetic("mul", x1, x2, opts); }

/**
 * `x1 / x2` (see `add` for operands, keywords and dtypes). Division by zero follows IEEE 754 as
 * numpy does: 1/0 = Infinity, −1/0 = −Infinity, 0/0 = NaN (complex: numpy's Smith division, a zero
 * divisor giving infinite or NaN parts); Syncopy refuses a scalar 0 divisor. Integer data divides
 * as numpy's true division (float64). `spy.div(1, data)` is 1/data (Syncopy computes data/1).
 */
export function div<T extends BaseData>(x1: T, x2: ArithmeticOperand | T, opts?: ArithmeticOptions): T;
export function div<T extends BaseData>(x1: ArithmeticOperand, x2: T, opts?: ArithmeticOptions): T;
export function div(x1: unknown, x2: unknown, opts?: ArithmeticOptions): BaseData { return arithmetic("div", x1, x2, opts); }

/**
 * `x1 ** x2` (see `add` for operands, keywords and dtypes). Real: C's pow (a negative base with a
 * non-integer exponent is NaN; 1 ** anything is 1). Complex: numpy's npy_cpow (integer exponents
 * below 100 by repeated multiplication, otherwise exp(x2·log x1); 0 ** x2 is 0 for Re x2 > 0).
 */
export function pow<T extends BaseData>(x1: T, x2: ArithmeticOperand | T, opts?: ArithmeticOptions): T;
export function pow<T extends BaseData>(x1: ArithmeticOperand, x2: T, opts?: ArithmeticOptions): T;
export function pow(x1: unknown, x2: unknown, opts?: ArithmeticOptions): BaseData { return arithmetic("pow", x1, x2, opts); }

// data.add(x) ... : the data object is x1
for (const op of ["add", "sub", "mul", "div", "pow"] as const) {
  installDataMethod(op, (self, x, opts) => arithmetic(op, self, x, opts as ArithmeticOptions | undefined));
}
