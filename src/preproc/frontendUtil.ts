/** Small helpers the preproc frontends share. */
import { SPYTypeError } from "../core/errors";
import { AnalogData } from "../data/analog";
import { BaseData } from "../data/base";
import { SelectionSource } from "../data/source";

export function isData(x: unknown): x is AnalogData {
  return x instanceof BaseData;
}

export function requireAnalog(data: unknown): AnalogData {
  if (!(data instanceof AnalogData)) {
    throw new SPYTypeError("data", (data as BaseData)?.className ?? data, "an AnalogData object");
  }
  if (!data.storage) throw new SPYTypeError("data", "an empty AnalogData", "an AnalogData object with data");
  return data;
}

/** Trials laid end to end from 0, offsets and trialinfo kept (the layout of a selection's result). */
export function restack(rows: number[][]): number[][] {
  let start = 0;
  return rows.map((r) => {
    const n = r[1] - r[0];
    const row = [start, start + n, ...r.slice(2)];
    start += n;
    return row;
  });
}

/**
 * The output's trialdefinition rows before any length change: without a selection the input's
 * own rows (Syncopy's propagate_properties), with one the selected trials laid end to end.
 */
export function outputRows(source: SelectionSource, select: unknown): number[][] {
  const rows = source.trialRows();
  return select === null || select === undefined || select === "all" ? rows : restack(rows);
}

/** Positions (in the output) of the trials whose compute call reported `key` as true. */
export function flaggedTrials(metadata: Record<string, unknown>, key: string, selected: number[]): number[] {
  const flagged = new Set<number>();
  for (const [k, v] of Object.entries(metadata)) {
    const m = /^(.*)__(\d+)_(\d+)$/.exec(k);
    if (m && m[1] === key && v === true) flagged.add(Number(m[2]));
  }
  const out: number[] = [];
  selected.forEach((orig, pos) => { if (flagged.has(orig)) out.push(pos); });
  return out;
}

export function trialLengths(source: SelectionSource): number[] {
  return Array.from({ length: source.nTrials }, (_, i) => source.trialShape(i)[0]);
}
