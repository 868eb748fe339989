/**
 * spy.concat (Syncopy's `syncopy/datatype/methods/concat.py`): two data objects joined trial by
 * trial along the channel axis, streamed (one trial of each input and of the result in memory).
 * Trials of several objects are joined with the list constructor, `new spy.AnalogData([a, b])`.
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";
import { checkOptions, checkString } from "../../core/keywords";
import { warn } from "../../core/warnings";
import { DType, NDArray, arrayConstructor, ascontiguous, isComplex, shapeSize, slotsPerElement } from "../../core/ndarray";
import { BaseData } from "../base";
import { TrialStoreWriter } from "../trialstore";
import { logEntry } from "../log";
import { propagateProperties } from "../propagate";
import { defaultLabels } from "../labels";
import { resultDtype } from "./arithmeticKernels";

/** The options of spy.concat. */
export interface ConcatOptions {
  /** The axis to join along: "channel" (the default and, as in Syncopy, the only one). */
  dim?: string;
}

function checkData(x: unknown, param: string): BaseData {
  if (!(x instanceof BaseData)) throw new SPYTypeError(param, x, "a spyts data object with a channel axis (AnalogData, SpectralData)");
  if (!x.storage) throw new SPYValueError(param, `an empty ${x.className}`, "a data object with data");
  return x;
}

/** Both objects must have the same trials (count and lengths), samplerate and other axes. */
function checkCompatible(a: BaseData, b: BaseData, axis: number): void {
  if (a.className !== b.className) {
    throw new SPYValueError("data2", `a ${b.className} (dimord ${JSON.stringify(b.dimord)})`, `a ${a.className} like data1 (dimord ${JSON.stringify(a.dimord)})`);
  }
  if (a.samplerate !== b.samplerate) {
    throw new SPYValueError("data2", `a ${b.className} of samplerate ${b.samplerate} Hz`, `the samplerate of data1 (${a.samplerate} Hz)`);
  }
  if (a.nTrials !== b.nTrials) {
    throw new SPYValueError("data2", `a ${b.className} with ${b.nTrials} trials`, `as many trials as data1 (${a.nTrials})`);
  }
  for (let k = 0; k < a.nTrials; k++) {
    const sa = a.trialShape(k), sb = b.trialShape(k);
    if (sa.some((s, d) => d !== axis && s !== sb[d])) {
      throw new SPYValueError("data2", `a ${b.className} whose trial ${k} has shape [${sb.join(", ")}]`,
        `trials matching data1's in every axis but '${a.dimord[axis]}' (trial ${k}: [${sa.join(", ")}])`);
    }
  }
  for (const dim of a.dimord.slice(1)) {
    if (dim === a.dimord[axis]) continue;
    const va = Array.from(a.axisValues(dim) as ArrayLike<unknown>), vb = Array.from(b.axisValues(dim) as ArrayLike<unknown>);
    if (va.some((v, k) => v !== vb[k])) {
      throw new SPYValueError("data2", `a ${b.className} with ${dim} [${vb.join(", ")}]`, `the ${dim} of data1 [${va.join(", ")}]`);
    }
  }
}

/** Copy `src` (any dtype) into `out` at element `at` for `count` elements, real → complex as (x, 0). */
function copyInto(out: NDArray["data"], outComplex: boolean, src: NDArray, from: number, count: number, at: number): void {
  const srcComplex = isComplex(src.dtype);
  if (outComplex === srcComplex) {
    const s = slotsPerElement(src.dtype);
    out.set(src.data.subarray(from * s, (from + count) * s), at * s);
  } else if (outComplex) {
    for (let i = 0; i < count; i++) { out[2 * (at + i)] = src.data[from + i]; out[2 * (at + i) + 1] = 0; }
  } else {
    throw new Error("concat: a complex trial cannot go into a real result");  // resultDtype makes complex win
  }
}

/** Trial `ta` and `tb` joined along `axis` (C order: blocks of `inner` elements per outer index). */
function joinTrial(ta: NDArray, tb: NDArray, axis: number, dtype: DType): NDArray {
  const shape = [...ta.shape];
  shape[axis] = ta.shape[axis] + tb.shape[axis];
  const outer = shapeSize(ta.shape.slice(0, axis));
  const inner = shapeSize(ta.shape.slice(axis + 1));
  const na = ta.shape[axis] * inner, nb = tb.shape[axis] * inner;
  const out = new (arrayConstructor(dtype))(shapeSize(shape) * slotsPerElement(dtype));
  const complex = isComplex(dtype);
  for (let o = 0; o < outer; o++) {
    copyInto(out, complex, ta, o * na, na, o * (na + nb));
    copyInto(out, complex, tb, o * nb, nb, o * (na + nb) + na);
  }
  return { data: out, shape, dtype };
}

/**
 * Join `data1` and `data2` trial by trial along `dim` (only "channel", as in Syncopy): a new object
 * of their class with data1's channels followed by data2's. The objects must be of one class, with
 * equal samplerate, trial count and trial lengths, and equal other axes (freq, taper); the errors
 * name both. The result keeps data1's trialdefinition (offsets, trialinfo) and axes, gets a cfg
 * entry `concat` ({dim}) and a log entry naming both inputs. Mixed dtypes promote (complex wins,
 * the wider float wins, integers become float64).
 *
 * Channel labels: kept when they are distinct; when a label occurs in both objects, the result gets
 * Syncopy's default labels (channel1..N) and a warning names the repeated ones (no warning when
 * both objects have default labels). Syncopy always gives default labels, and checks neither
 * samplerate nor axis values. Synchronous.
 */
export function concat<T extends BaseData>(data1: T, data2: T, opts?: ConcatOptions): T {
  const a = checkData(data1, "data1"), b = checkData(data2, "data2");
  const o = checkOptions(opts, "spy.concat", ["dim"]) as ConcatOptions;
  const dim = checkString(o.dim ?? "channel", "dim");
  if (!a.dimord.includes(dim) || dim === a.dimord[0]) {
    throw new SPYValueError("dim", dim, `a non-stacking dimension of ${a.className} (${a.dimord.slice(1).join(", ")})`);
  }
  if (dim !== "channel") {
    throw new SPYValueError("dim", dim, `"channel" (the only axis spy.concat joins, as in Syncopy; join trials with new ${a.className}([data1, data2]))`);
  }
  const axis = a.dimord.indexOf(dim);
  checkCompatible(a, b, axis);

  const la = a.axisValues(dim) as string[], lb = b.axisValues(dim) as string[];
  let labels = [...la, ...lb];
  const repeated = lb.filter((l) => la.includes(l));
  if (repeated.length) {
    labels = defaultLabels(dim, labels.length);
    // two objects with default labels (channel1..) collide always: renumbering them is no news
    const isDefault = (l: string[]) => l.join("\n") === defaultLabels(dim, l.length).join("\n");
    if (!isDefault(la) || !isDefault(lb)) warn(`spy.concat: the channel labels ${JSON.stringify([...new Set(repeated)])} are in both objects; the result has the default labels ${labels[0]}..${labels[labels.length - 1]}, as in Syncopy`);
  }
  const dtype = a.dtype === b.dtype ? a.dtype : resultDtype(a.dtype, b.dtype, false);
  const tail = a.trialShape(0).slice(1);
  tail[axis - 1] = la.length + lb.length;
  const writer = new TrialStoreWriter(a.fileExtension, dtype, tail);
  try {
    for (let k = 0; k < a.nTrials; k++) writer.append(joinTrial(ascontiguous(a.trials.get(k)), ascontiguous(b.trials.get(k)), axis, dtype));
  } catch (e) {
    writer.abort();
    throw e;
  }
  const store = writer.finish();
  const name = (d: BaseData) => `${d.className}(${d.storage!.path}) with ${d.axisValues(dim).length} ${dim}s`;
  return propagateProperties(a, store, {
    name: "concat", trialdefinition: a.trialdefinition, axes: { [dim]: labels }, cfgEntry: { dim },
    log: logEntry(`concatenated along ${dim}\n\tdata1 = ${name(a)}\n\tdata2 = ${name(b)}`, "concat"),
  }) as T;
}
