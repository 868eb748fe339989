/**
 * EventData: time stamps and integer codes of experimental events (Syncopy's class of the same
 * name), one row per event with the columns `sample` and `eventid`, plus any extra integer columns
 * named in `dimord` (e.g. ["sample", "eventid", "chans"]). Stored like SpikeData (./discrete.ts):
 * an Arrow table, one int64 column per dimord entry plus `trialid`.
 *
 * `eventid` is the list of distinct codes (np.unique). Selections: `trials`, `latency`, and
 * `eventid` given as codes (Syncopy's documented form; its code takes list entries as positions
 * in the sorted codes and then compares them with the raw codes), a code, a list of codes, or a
 * slice {start, stop, step} over the sorted distinct codes.
 *
 * An EventData can define trials of itself, of an AnalogData or of a SpikeData from its codes:
 * `spy.definetrial(data, { trialdefinition: events, pre, post, trigger })` (./eventtrials.ts).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkOptions, isPlainObject, checkKeywords } from "../core/keywords";
import { DiscreteData, DiscreteInit } from "./discrete";
import { ResolvedSelection, SelectionSpec } from "./selection";
import { registerDataClass } from "./registry";

const INIT_KEYS = ["data", "trialdefinition", "samplerate", "dimord", "cfg", "log", "info", "metadata"];

/**
 * Time stamps and integer codes of experimental events (Syncopy's EventData): one row per event
 * with the columns sample and eventid (plus extra integer columns named in `dimord`). Its codes
 * define trials of itself, an AnalogData or a SpikeData through `spy.definetrial`.
 */
export class EventData extends DiscreteData {
  static readonly defaultDimord = ["sample", "eventid"];
  readonly className = "EventData";
  readonly fileExtension = ".event";
  readonly selectionKeywords = ["trials", "latency", "eventid"];
  private _eventid: number[] = [];

  /**
   * Keywords: `data` (rows [[sample, eventid, ...]], an NDArray or a dict of columns), `samplerate`,
   * `trialdefinition`, `dimord` (["sample", "eventid"], permuted, or longer with extra column
   * names: Syncopy's rule), cfg, log, info, metadata.
   */
  constructor(init: DiscreteInit = {}) {
    const o = checkOptions(init, "EventData", INIT_KEYS) as DiscreteInit;
    super(eventDimord(o.dimord));
    this.initDiscrete(o);
  }

  protected afterData(cols: Float64Array[]): void {
    this._eventid = [...new Set(cols[this.dimord.indexOf("eventid")])].sort((a, b) => a - b);
  }

  /** After load or selectdata: the distinct codes of this table (or as saved). */
  restoreEventids(ids?: number[]): void {
    this._eventid = ids ? [...ids] : this.uniqueValues("eventid");
  }

  protected adoptFrom(src: this, rows: Float64Array | null): void {
    this.restoreEventids(rows === null ? src._eventid : undefined);
  }

  /** The distinct event codes, ascending (Syncopy's `eventid`). */
  get eventid(): number[] { return [...this._eventid]; }

  /** Extra column names: nothing to set (their values are the table's). */
  axisValues(dim: string): Float64Array {
    if (dim === "eventid") return Float64Array.from(this._eventid);
    if (this.dimord.includes(dim) && dim !== "sample") return new Float64Array(0);
    throw new SPYValueError("dim", dim, `a column of this EventData (${this.dimord.join(", ")})`);
  }

  protected get filterColumns(): string[] { return ["eventid"]; }

  protected selectedValues(_key: string, spec: SelectionSpec, _base: ResolvedSelection): Set<number> | null {
    const v = spec.eventid;
    if (v === undefined || v === null || v === "all") return null;
    const ids = this._eventid;
    const allowed = `existing event ids (${ids.join(", ")}): a code, a list of codes or a slice {start, stop, step} over them`;
    if (isPlainObject(v)) {
      checkKeywords(v, ["start", "stop", "step"], "the slice given as eventid");
      const { start = 0, stop = ids.length, step = 1 } = v as { start?: number; stop?: number; step?: number };
      if (![start, stop, step].every((x) => Number.isInteger(x)) || step < 1 || start < 0 || stop > ids.length || start >= stop) {
        throw new SPYValueError("eventid", v, `a slice {start, stop, step} with 0 <= start < stop <= ${ids.length}, step >= 1`);
      }
      const out = new Set<number>();
      for (let i = start; i < stop; i += step) out.add(ids[i]);
      return out;
    }
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0) throw new SPYValueError("eventid", v, allowed);
    for (const x of list) {
      // a string code ("111") is a value of the wrong kind, a SPYValueError as Syncopy's array_parser ("expected dtype = numeric")
      if (typeof x !== "number") throw new SPYValueError("eventid", x, "event codes (integers)");
      if (!ids.includes(x)) throw new SPYValueError("eventid", x, allowed);
    }
    return new Set(list as number[]);
  }

  protected countRows(): { key: string; value: string }[] {
    const counts = this.countValues("eventid");
    const parts = this._eventid.map((id) => `${id}: ${counts.get(id)}`);
    return [
      { key: "events", value: `${this.nRows} (${this.trialCounts.reduce((a, b) => a + b, 0)} in trials)` },
      { key: "eventid", value: `${parts.length} codes, ${parts.length <= 10 ? parts.join(", ") : [...parts.slice(0, 5), "…", ...parts.slice(-3)].join(", ")} events` },
    ];
  }
}

registerDataClass("EventData", EventData);

/** Syncopy's rule: a permutation of ["sample", "eventid"], or a longer list holding both. */
function eventDimord(dimord: unknown): string[] {
  const def = EventData.defaultDimord;
  if (dimord === undefined || dimord === null) return [...def];
  if (!Array.isArray(dimord) || dimord.some((d) => typeof d !== "string")) throw new SPYTypeError("dimord", dimord, "column names including 'sample' and 'eventid'");
  const missing = def.filter((d) => !dimord.includes(d));
  if (missing.length) throw new SPYValueError("dimord", dimord, `column names including ${missing.map((m) => `'${m}'`).join(" and ")}`);
  if (new Set(dimord).size !== dimord.length) throw new SPYValueError("dimord", dimord, "distinct column names");
  if (dimord.includes("trialid")) throw new SPYValueError("dimord", dimord, "column names other than 'trialid' (the table's own trial id column)");
  return [...dimord];
}
