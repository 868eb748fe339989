/**
 * numpy-style keys for one axis of RecordingsReader.get: an integer, a {start, stop, step}
 * slice or a list of integers. Resolved to explicit positions; out-of-range keys are errors
 * (numpy clamps slices silently, which hides a wrong channel count).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";

export interface Slice { start?: number | null; stop?: number | null; step?: number | null }
export type AxisKey = number | Slice | number[] | null | undefined;

/**
 * Positions along the axis, in output order: a step-1 slice stays a range (a whole recording's
 * observations are never materialised as a list), anything else is a list.
 */
export interface ResolvedKey {
  n: number;
  range: [number, number] | null;
  list: number[] | null;
}

export function rangeKey(a: number, b: number): ResolvedKey { return { n: b - a, range: [a, b], list: null }; }
function listKey(list: number[]): ResolvedKey { return { n: list.length, range: null, list }; }
/** The p-th position of a key. */
export function keyAt(k: ResolvedKey, p: number): number { return k.range ? k.range[0] + p : k.list![p]; }

function checkInt(param: string, v: unknown, n: number, key: unknown): number {
  if (typeof v !== "number") throw new SPYTypeError(param, key, "an integer, a {start, stop, step} slice or a list of integers");
  if (!Number.isInteger(v)) throw new SPYValueError(param, key, "an integer, a {start, stop, step} slice or a list of integers");
  const i = v < 0 ? v + n : v;
  if (i < 0 || i >= n) throw new SPYValueError(param, key, `indices in [${-n}, ${n - 1}] (the axis has ${n} entries)`, "out of range");
  return i;
}

function bound(param: string, v: number | null | undefined, n: number, dflt: number, key: unknown): number {
  if (v === null || v === undefined) return dflt;
  if (typeof v !== "number") throw new SPYTypeError(param, key, "slice bounds that are integers or null");
  if (!Number.isInteger(v)) throw new SPYValueError(param, key, "slice bounds that are integers");
  const i = v < 0 ? v + n : v;
  if (i < 0 || i > n) throw new SPYValueError(param, key, `slice bounds in [${-n}, ${n}] (the axis has ${n} entries)`, "out of range");
  return i;
}

export function resolveKey(param: string, key: AxisKey, n: number): ResolvedKey {
  if (key === null || key === undefined) return rangeKey(0, n);
  if (typeof key === "number") {
    const i = checkInt(param, key, n, key);
    return rangeKey(i, i + 1);
  }
  if (Array.isArray(key)) return listKey(key.map((v) => checkInt(param, v, n, key)));
  if (typeof key === "object") {
    const step = key.step ?? 1;
    if (typeof step !== "number") throw new SPYTypeError(param, key, "a slice step that is a positive integer");
    if (!Number.isInteger(step) || step < 1) throw new SPYValueError(param, key, "a slice step that is a positive integer");
    const start = bound(param, key.start, n, 0, key);
    const stop = Math.max(start, bound(param, key.stop, n, n, key));
    return step === 1 ? rangeKey(start, stop) : listKey(range(start, stop, step));
  }
  throw new SPYTypeError(param, key, "an integer, a {start, stop, step} slice or a list of integers");
}

function range(a: number, b: number, step: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i += step) out.push(i);
  return out;
}
