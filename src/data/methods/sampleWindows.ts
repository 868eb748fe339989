/**
 * The keyword parsing redefinetrial shares between continuous and discrete data: integer lists
 * (`trials`, `offset`, `begsample`, ...) and FieldTrip's begsample/endsample windows.
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";

/** An integer or a list (array or typed array) of integers, at least one. */
export function intList(v: unknown, param: string): number[] {
  const list = typeof v === "number" ? [v] : Array.isArray(v) || ArrayBuffer.isView(v) ? Array.from(v as ArrayLike<unknown>) : null;
  if (!list || !list.every((x) => typeof x === "number")) throw new SPYTypeError(param, v, "an integer or a list of integers");
  if (list.length === 0 || !list.every((x) => Number.isInteger(x))) {
    throw new SPYValueError(param, v, "an integer or a list of integers");
  }
  return list as number[];
}

/**
 * FieldTrip's `begsample`/`endsample` (samples relative to each trial's first, one value or one per
 * trial): the new rows [start + b, start + e, offset, trialinfo...] of `rows`.
 */
export function sampleWindows(rows: number[][], begsample: unknown, endsample: unknown): number[][] {
  const beg = intList(begsample, "begsample"), end = intList(endsample, "endsample");
  if (beg.some((b) => b < 0)) throw new SPYValueError("begsample", begsample, "integers >= 0 (relative to each trial's first sample)");
  if (beg.length !== 1 && beg.length !== rows.length) throw new SPYValueError("begsample", begsample, `one value or ${rows.length} values (one per trial)`);
  if (end.length !== beg.length) throw new SPYValueError("endsample", endsample, `as many values as begsample (${beg.length})`);
  return rows.map((r, i) => {
    const b = beg[beg.length === 1 ? 0 : i], e = end[end.length === 1 ? 0 : i];
    if (!(e > b)) throw new SPYValueError("endsample", endsample, "endsample > begsample", `trial ${i}: [${b}, ${e}]`);
    return [r[0] + b, r[0] + e, ...r.slice(2)];
  });
}

/**
 * A trial row cut to the time window `t` = [t0, t1] s (toilim): the samples whose times
 * (sample + offset) / fs lie in the window, within `eps`; the offset moves with the new start.
 */
export function toilimRow(r: number[], t: readonly number[], fs: number, eps: number): number[] {
  const n = r[1] - r[0];
  let i0 = 0;
  while (i0 < n && (i0 + r[2]) / fs < t[0] - eps) i0++;
  let i1 = i0;
  while (i1 < n && (i1 + r[2]) / fs <= t[1] + eps) i1++;
  return [r[0] + i0, r[0] + i1, r[2] + i0, ...r.slice(3)];
}
