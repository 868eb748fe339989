/**
 * Trial definitions: rows [start, stop, offset, trialinfo...] in samples along the
 * stacking dimension, as in Syncopy/FieldTrip. Pure helpers, no storage.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";

export type TrialDefinition = number[][];

/** Validate and copy a trialdefinition; `nStack` (if known) bounds start/stop. */
export function parseTrialDefinition(trl: unknown, nStack?: number, param = "trialdefinition"): TrialDefinition {
  let rows: unknown[];
  if (Array.isArray(trl)) rows = trl;
  else throw new SPYTypeError(param, trl, "an nTrials x (>= 3) array of rows [start, stop, offset, trialinfo...]");
  if (rows.length === 0) throw new SPYValueError(param, trl, "at least one trial row");
  const width = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : -1;
  const out: TrialDefinition = [];
  rows.forEach((row, k) => {
    if (!Array.isArray(row)) throw new SPYTypeError(param, row, `row ${k} as an array [start, stop, offset, trialinfo...]`);
    if (row.length < 3 || row.length !== width) {
      throw new SPYValueError(param, row, `row ${k} as [start, stop, offset, trialinfo...] with ${Math.max(width, 3)} columns like row 0`);
    }
    // numbers only: "0" or true would be coerced silently
    const wrong = row.findIndex((v) => typeof v !== "number");
    if (wrong >= 0) throw new SPYTypeError(param, row, `numbers in row ${k} (column ${wrong} is ${JSON.stringify(row[wrong]) ?? typeof row[wrong]})`);
    const vals = row as number[];
    if (vals.some((v) => !Number.isFinite(v))) throw new SPYValueError(param, row, `finite numbers in row ${k}`);
    const [start, stop, offset] = vals;
    if (!Number.isInteger(start) || !Number.isInteger(stop) || !Number.isInteger(offset)) {
      throw new SPYValueError(param, row, `integer sample indices in row ${k} (start, stop, offset)`);
    }
    if (start < 0 || stop <= start) throw new SPYValueError(param, row, `0 <= start < stop in row ${k}`);
    if (nStack !== undefined && stop > nStack) {
      throw new SPYValueError(param, row, `row ${k} inside the data: stop <= ${nStack} samples`);
    }
    out.push(vals.slice());
  });
  return out;
}

/** Trials laid end to end, each with the same offset (Syncopy: -samplerate for list/generator input). */
export function consecutiveTrialDefinition(lengths: number[], offset: number): TrialDefinition {
  let start = 0;
  return lengths.map((n) => {
    const row = [start, start + n, offset];
    start += n;
    return row;
  });
}

/** Time axis (s) of one continuous trial: (arange(stop - start) + offset) / fs. */
export function trialTime(row: number[], samplerate: number): Float64Array {
  const n = row[1] - row[0];
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = (i + row[2]) / samplerate;
  return t;
}

/** [first, last] time (s) of each trial. */
export function trialIntervals(trl: TrialDefinition, samplerate: number): [number, number][] {
  return trl.map((r) => [r[2] / samplerate, (r[1] - r[0] - 1 + r[2]) / samplerate]);
}

export function cloneTrialDefinition(trl: TrialDefinition): TrialDefinition {
  return trl.map((r) => [...r]);
}
