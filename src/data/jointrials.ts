/**
 * The trials of several data objects in one new store: what `new AnalogData([a, b, c])` does
 * (Syncopy's `_set_dataset_property_with_spy_list` in `syncopy/datatype/base_data.py`).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { warn } from "../core/warnings";
import { ascontiguous } from "../core/ndarray";
import { BaseData } from "./base";
import { TrialStore, TrialStoreWriter } from "./trialstore";
import { restack } from "./propagate";
import { maxOf, minOf } from "../core/extrema";

/** A non-empty list whose entries are all data objects (the list form of a constructor's `data`). */
export function isDataObjectList(x: unknown): x is BaseData[] {
  return Array.isArray(x) && x.length > 0 && x.some((v) => v instanceof BaseData);
}

export interface JoinedTrials {
  store: TrialStore;
  /** Trials laid end to end, each keeping its offset and trialinfo. */
  trialdefinition: number[][];
  samplerate: number;
  /** The shared labels/values of every non-stacking axis. */
  axes: Record<string, string[] | Float64Array>;
}

function same(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  return a.length === b.length && Array.from(a).every((v, k) => v === b[k]);
}

/**
 * The trials of `objects`, in order, streamed into a new store of `className`'s file type. Every
 * object must be a `className` with the same samplerate, dtype, trial shape beside the stacking
 * axis, and labels/axis values (channel, freq, ...); errors name the first object and the one that
 * differs. Empty objects are skipped with a warning (as Syncopy). A trialinfo column count that
 * differs between objects keeps the columns all have, with a warning.
 */
export function joinTrials(objects: unknown[], className: string, ext: string): JoinedTrials {
  objects.forEach((o, i) => {
    if (!(o instanceof BaseData)) throw new SPYTypeError(`data[${i}]`, o, `a ${className} (a list of data objects holds only data objects)`);
    if (o.className !== className) throw new SPYValueError(`data[${i}]`, `a ${o.className}`, `a ${className} (a list of data objects of this class)`);
  });
  const all = objects as BaseData[];
  const full = all.filter((o, i) => {
    if (o.storage) return true;
    warn(`${className}: skipping the empty object data[${i}] of the list`);
    return false;
  });
  if (full.length === 0) throw new SPYValueError("data", "a list of empty data objects", "at least one data object with data");
  const ref = full[0];
  const refAt = all.indexOf(ref);
  const dims = ref.dimord.slice(1);
  for (const o of full.slice(1)) {
    const at = `data[${all.indexOf(o)}]`;
    if (o.samplerate !== ref.samplerate) {
      throw new SPYValueError(at, `samplerate ${o.samplerate} Hz`, `the samplerate of data[${refAt}] (${ref.samplerate} Hz)`);
    }
    if (o.dtype !== ref.dtype) throw new SPYValueError(at, `dtype ${o.dtype}`, `the dtype of data[${refAt}] (${ref.dtype})`);
    if (!same(o.tailShape, ref.tailShape)) {
      throw new SPYValueError(at, `trials of shape [time, ${o.tailShape.join(", ")}]`, `the trial shape of data[${refAt}] ([time, ${ref.tailShape.join(", ")}])`);
    }
    for (const dim of dims) {
      const a = ref.axisValues(dim), b = o.axisValues(dim);
      if (!same(a, b)) throw new SPYValueError(at, `${dim} [${Array.from(b as ArrayLike<unknown>).join(", ")}]`, `the ${dim} of data[${refAt}] ([${Array.from(a as ArrayLike<unknown>).join(", ")}])`);
    }
  }
  const rows = full.flatMap((o) => o.trialdefinition);
  const width = minOf(rows.map((r) => r.length));
  if (rows.some((r) => r.length !== width)) {
    warn(`${className}: the objects have different numbers of trialinfo columns; keeping the first ${width - 3}`);
  }
  const writer = new TrialStoreWriter(ext, ref.dtype, ref.tailShape);
  try {
    for (const o of full) for (let k = 0; k < o.nTrials; k++) writer.append(ascontiguous(o.trials.get(k)));
  } catch (e) {
    writer.abort();
    throw e;
  }
  const axes: Record<string, string[] | Float64Array> = {};
  for (const dim of dims) axes[dim] = ref.axisValues(dim);
  return { store: writer.finish(), trialdefinition: restack(rows.map((r) => r.slice(0, width))), samplerate: ref.samplerate, axes };
}
