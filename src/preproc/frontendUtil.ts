/** Small helpers the preproc frontends share (output rows and restacking: data/propagate.ts). */
import { SPYTypeError, SPYValueError } from "../core/errors";
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
  if (!data.storage) throw new SPYValueError("data", "an empty AnalogData", "a non-empty AnalogData object (with data)");
  return data;
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
