/**
 * spy.selectdata: a new object holding only the selected trials, channels, latency, frequencies
 * and tapers (a copy streamed trial by trial). Trials are laid end to end in the new object and
 * keep their offsets (moved by the latency cut) and trialinfo.
 */
import { SPYValueError } from "../../core/errors";
import { checkBoolean } from "../../core/keywords";
import { metafunction, SameClassMetaFunction } from "../../cfg/metafunction";
import { BaseData } from "../base";
import type { SelectionKeywords } from "../selectionKeywords";
import { SelectionSource } from "../source";
import { TrialStoreWriter } from "../trialstore";
import { logEntry } from "../log";
import { propagateProperties, restack } from "../propagate";
import { DiscreteData, DiscreteSelection } from "../discrete";

export const SELECTDATA_DEFAULTS: Record<string, unknown> = {
  trials: null, channel: null, channel_i: null, channel_j: null, latency: null, frequency: null, taper: null, unit: null, eventid: null, inplace: false, clear: false,
};

function isData(x: unknown): x is BaseData {
  return x instanceof BaseData;
}

/**
 * The keywords of spy.selectdata (Syncopy's selectdata): each a selector of its axis (see
 * SelectionKeywords), plus Syncopy's in-place switches.
 */
export interface SelectdataKeywords extends SelectionKeywords {
  /** Syncopy's in-place selection: only `false` (default; spyts has no in-place selections: give `select` to a metafunction instead). */
  inplace?: boolean;
  /** Syncopy's clearing of an in-place selection: only `false` (default). */
  clear?: boolean;
  [key: string]: unknown;
}

/**
 * spy.selectdata(data, { trials, channel, latency, frequency, taper, channel_i, channel_j }): a new
 * object of the input's class holding the selection (Syncopy's call forms: `(data, kw)`,
 * `(data, cfg)`, `(cfg, data)`).
 */
export const selectdata = metafunction<BaseData, BaseData>("selectdata", SELECTDATA_DEFAULTS, isData, async (data, kw, ctx) => {
  checkBoolean(kw.inplace, "inplace");
  checkBoolean(kw.clear, "clear");
  if (kw.inplace !== false) throw new SPYValueError("inplace", kw.inplace, "false (in-place selections are not supported: pass select= to a metafunction instead)");
  if (kw.clear !== false) throw new SPYValueError("clear", kw.clear, "false (there are no in-place selections to clear)");
  if (kw.select !== null && kw.select !== undefined) {
    throw new SPYValueError("select", kw.select, "null: give the selection keywords (trials, channel, ...) directly to selectdata");
  }
  const spec: Record<string, unknown> = {};
  // the selection keywords of every class; the data object rejects those its class lacks
  for (const key of ["trials", "channel", "channel_i", "channel_j", "latency", "frequency", "taper", "unit", "eventid"]) {
    if (kw[key] !== null && kw[key] !== undefined) spec[key] = kw[key];
  }
  const sel = data.resolve(spec);
  // spikes and events: the selected rows, trial after trial (discrete.ts selectRows)
  if (data instanceof DiscreteData) return selectDiscrete(data, sel as DiscreteSelection, ctx.cfgEntry);
  const source = new SelectionSource(data, sel);
  const first = source.trialShape(0);
  const writer = new TrialStoreWriter(data.fileExtension, data.dtype, first.slice(1));
  try {
    for (let i = 0; i < source.nTrials; i++) writer.append(source.readTrial(i));
  } catch (e) {
    writer.abort();
    throw e;
  }
  const store = writer.finish();
  // the selected axes (channel, freq, taper) from the selection; trials always laid end to end
  return propagateProperties(data, store, {
    name: "selectdata", selection: sel, trialdefinition: restack(source.trialRows()),
    cfgEntry: ctx.cfgEntry, info: data.info,
    log: logEntry(`selected ${JSON.stringify(sel.spec)}: ${sel.trials.length} trials`, "selectdata"),
  });
}) as SameClassMetaFunction<SelectdataKeywords, BaseData>;

/** selectdata of a SpikeData or EventData: its rows of the selection, cfg and log as propagateProperties does. */
function selectDiscrete(data: DiscreteData, sel: DiscreteSelection, cfgEntry: Record<string, unknown> | null): DiscreteData {
  const out = data.selectRows(sel);
  out.cfg = { ...JSON.parse(JSON.stringify(data.cfg)), selectdata: cfgEntry };
  out.info = data.info;
  out.setHistory(data.history + logEntry(`selected ${JSON.stringify(sel.spec)}: ${sel.trials.length} trials, ${out.nRows} of ${data.nRows} rows`, "selectdata"));
  return out;
}
