/**
 * propagateProperties (Syncopy's propagate_properties): the one place where a metafunction's result
 * is built from its input. Every metafunction that returns a new data object (freqanalysis,
 * preprocessing, resampledata, FOOOF, selectdata, redefinetrial, ...) fills its output store and
 * hands it here with what it changed; everything it did not change comes from the input:
 *
 * - class: `outClass` (default: the input's class, data/registry.ts);
 * - samplerate: the input's, or `samplerate`;
 * - every non-stacking axis of the output class (dimord[1:]): `axes[dim]` if given, else the input's
 *   axis of the same name after the selection (channel labels of the selected channels, the
 *   selected frequencies, ...), else the class's defaults. A class whose axes the input does not
 *   have (CrossSpectralData's channel_i/channel_j from AnalogData's channel) gets them in `axes`;
 * - trialdefinition: `trialdefinition` if the method supplies its rows, else the input's rows of
 *   the selected trials (outputRows: as they are without `select`, laid end to end with one);
 * - cfg: the input's cfg plus this call's entry under `name`; log: the input's history plus `log`;
 * - info and metadata: as given (default empty; Syncopy does not carry them over implicitly).
 *
 * It sits on the data floor (under compute/), so data/methods can use it as well as the compute
 * frontends.
 */
import type { TrialBackend } from "./trialstore";
import { BaseData } from "./base";
import { ResolvedSelection } from "./selection";
import { SelectionSource } from "./source";
import { DataClass, dataClassOf } from "./registry";

export interface Propagation<T extends BaseData = BaseData> {
  /** The metafunction's name: the key of its entry in the output's cfg. */
  name: string;
  /** Class of the output (default: the input's class). */
  outClass?: DataClass<T>;
  /** The selection the method read the input through (default: none). */
  selection?: ResolvedSelection | null;
  /** The `select` keyword as given: with one, the selected trials are laid end to end (outputRows). */
  select?: unknown;
  /** The output's trialdefinition, when the method changes trial lengths or times. */
  trialdefinition?: number[][];
  /** The output's samplerate, when the method changes it. */
  samplerate?: number;
  /** Labels or values of the output's non-stacking axes that the method sets (freq, taper, ...). */
  axes?: Record<string, ArrayLike<number> | string[]>;
  /** This call's cfg entry, added under `name`; null keeps the input's cfg as it is. */
  cfgEntry: Record<string, unknown> | null;
  /** This call's provenance entry (RoutineResult.log(...) or logEntry(msg, caller)). */
  log: string;
  /** The output's info (checked and deep-copied by BaseData's info setter; default {}). */
  info?: Record<string, unknown>;
  /** The output's metadata (default {}). */
  metadata?: Record<string, unknown>;
}

/** Build the output of a metafunction from its input and the store the method filled. */
export function propagateProperties<I extends BaseData, T extends BaseData = I>(input: I, store: TrialBackend, p: Propagation<T>): T {
  const cls = p.outClass ?? (dataClassOf(input) as unknown as DataClass<T>);
  const out = new cls();
  out.samplerate = p.samplerate ?? input.samplerate;
  const sel = p.selection ?? null;
  out.setStore(store, p.trialdefinition ?? outputRows(selectedRows(input, sel), p.select));
  const axes = p.axes ?? {};
  for (const dim of Object.keys(axes)) {
    if (!out.dimord.slice(1).includes(dim)) throw new Error(`propagateProperties: ${out.className} has no axis '${dim}'`);
  }
  for (const dim of out.dimord.slice(1)) {
    let values: ArrayLike<number> | string[] | undefined;
    if (Object.prototype.hasOwnProperty.call(axes, dim)) values = axes[dim];
    else if (input.dimord.slice(1).includes(dim)) values = selectedAxis(input, dim, sel);
    out.setAxisValues(dim, values);
  }
  out.cfg = p.cfgEntry === null
    ? JSON.parse(JSON.stringify(input.cfg))
    : { ...JSON.parse(JSON.stringify(input.cfg)), [p.name]: p.cfgEntry };
  out.info = p.info ?? {};  // the setter checks and deep-copies it
  out.metadata = p.metadata ?? {};
  out.setHistory(input.history + p.log);
  return out;
}

/** The input's labels or values along `dim`, restricted to the selection. */
export function selectedAxis(input: BaseData, dim: string, sel: ResolvedSelection | null): string[] | number[] | Float64Array {
  const values = input.axisValues(dim);
  const idx = sel?.dims[dim];
  if (!idx) return values;
  return Array.isArray(values) ? idx.map((i) => values[i]) : idx.map((i) => values[i]);
}

/** Trialdefinition rows of the selected trials (offsets moved to the selected latency). */
function selectedRows(input: BaseData, sel: ResolvedSelection | null): number[][] {
  return sel ? new SelectionSource(input, sel).trialRows() : input.trialdefinition.map((r) => [...r]);
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
 * `rows` are the selected trials' rows (SelectionSource.trialRows()).
 */
export function outputRows(rows: number[][] | SelectionSource, select: unknown): number[][] {
  const r = rows instanceof SelectionSource ? rows.trialRows() : rows;
  return select === null || select === undefined || select === "all" ? r : restack(r);
}
