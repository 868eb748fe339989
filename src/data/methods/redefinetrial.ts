/**
 * spy.redefinetrial (reference §1.1, FieldTrip's ft_redefinetrial): a COPY with trials selected
 * (`trials`), shortened to a latency window (`toilim`), filtered by length (`minlength`), cut by
 * begsample/endsample relative to each trial's start, or replaced by a new `trl`; and `offset`
 * re-assigned. Only one of minlength, toilim, begsample/endsample and trl. Windows outside the
 * data are errors (FieldTrip would fill NaNs). The copy is streamed one new trial at a time.
 *
 * As in Syncopy, the new rows are sample indices of the data the object holds: without `trials`
 * that is the whole stacked axis (a stacked array keeps the samples between its trials, and so
 * does an object whose trials were redefined by definetrial or `data.trialdefinition = ...`), so
 * a trial may grow into samples that lie between the current trials; with `trials` it is the
 * selected trials laid end to end (Syncopy's selectdata copy). begsample/endsample: the new trial
 * is [start + begsample, start + endsample) of the stacked axis (endsample exclusive, both relative
 * to the trial's first sample), and its offset stays what it was (Syncopy's code).
 */
import { SPYValueError, SPYTypeError } from "../../core/errors";
import { metafunction, CallContext, SameClassMetaFunction } from "../../cfg/metafunction";
import type { RedefinetrialKeywords } from "./trialKeywords";
import { BaseData } from "../base";
import { AnalogData } from "../analog";
import { SpectralData } from "../spectral";
import { CrossSpectralData } from "../crossspectral";
import { ContinuousData } from "../continuous";
import { StackView } from "../stackview";
import { TrialStoreWriter } from "../trialstore";
import { parseTrialDefinition, trialIntervals } from "../trialdefinition";
import { logEntry } from "../log";
import { dataClassOf } from "../registry";
import { propagateProperties, restack } from "../propagate";
import { warn } from "../../core/warnings";
import { DiscreteData } from "../discrete";
import { redefinetrialDiscrete } from "./redefinetrialDiscrete";
import { maxOf, minOf } from "../../core/extrema";
import { intList, sampleWindows, toilimRow } from "./sampleWindows";

export const REDEFINETRIAL_DEFAULTS: Record<string, unknown> = {
  trials: null, minlength: null, offset: null, toilim: null, begsample: null, endsample: null, trl: null,
};

function isData(x: unknown): x is BaseData {
  return x instanceof BaseData;
}

/**
 * `spy.redefinetrial(data, { trials, minlength, toilim, begsample, endsample, trl, offset })`: a copy
 * of an AnalogData, SpectralData or CrossSpectralData (the input's class; SpikeData and EventData
 * in redefinetrialDiscrete.ts) with its trials selected, cut or replaced
 * (FieldTrip's ft_redefinetrial, as Syncopy; keywords in RedefinetrialKeywords).
 */
export const redefinetrial = metafunction<BaseData, ContinuousData>("redefinetrial", REDEFINETRIAL_DEFAULTS, isData, run) as
  SameClassMetaFunction<RedefinetrialKeywords, ContinuousData>;

/** A new empty object of the same class with the same samplerate. */
function emptyLike(data: ContinuousData): ContinuousData {
  const out = new (dataClassOf(data))();
  out.samplerate = data.samplerate;
  return out;
}

async function run(data: BaseData, kw: Record<string, unknown>, ctx: CallContext): Promise<ContinuousData> {
  // spikes and events: new trialdefinition rows over a copy of the table (redefinetrialDiscrete.ts)
  if (data instanceof DiscreteData) return redefinetrialDiscrete(data, kw, ctx.cfgEntry) as unknown as ContinuousData;
  if (!(data instanceof AnalogData) && !(data instanceof SpectralData) && !(data instanceof CrossSpectralData)) {
    throw new SPYTypeError("data", (data as BaseData).className, "an AnalogData, SpectralData, CrossSpectralData, SpikeData or EventData object");
  }
  if (!data.storage) throw new SPYValueError("data", "an empty object", "a data object with data");
  for (const key of ["select", "parallel", "chan_per_worker"]) {
    if (kw[key] !== null && kw[key] !== undefined) throw new SPYValueError(key, kw[key], "null (redefinetrial selects with `trials` and `toilim`)");
  }
  const exclusive = ["minlength", "toilim", "begsample", "trl"].filter((k) => kw[k] !== null && kw[k] !== undefined);
  if (kw.endsample !== null && kw.endsample !== undefined && !exclusive.includes("begsample")) exclusive.push("begsample");
  if (exclusive.length > 1) {
    throw new SPYValueError(exclusive[1], kw[exclusive[1]], `only one of minlength, toilim, begsample/endsample and trl`, `got ${exclusive.join(" and ")}`);
  }
  const fs = data.samplerate;
  const cont = data as ContinuousData;

  // 1. trials (Syncopy: selectdata(trials=...), laid end to end) or all trials where they are,
  // over every sample the object holds (Syncopy: a copy of the whole dataset)
  const trl = data.trialdefinition;
  let rows = trl.map((r) => [...r]);
  let view: StackView;
  if (kw.trials !== null && kw.trials !== undefined) {
    const picked = intList(kw.trials, "trials");
    for (const k of picked) {
      if (k < 0 || k >= trl.length) throw new SPYValueError("trials", kw.trials, `trial indices in [0, ${trl.length - 1}]`);
    }
    rows = restack(picked.map((k) => trl[k]));
    view = new StackView(rows.map((r) => r[0]), rows.map((r) => r[1] - r[0]), (i) => data.readStoredTrial(picked[i]));
  } else {
    view = data.stacked();
  }
  const lengths = rows.map((r) => r[1] - r[0]);
  let newRows: number[][] = rows;

  if (kw.toilim !== null && kw.toilim !== undefined) {
    // Syncopy's latency selection: trials that do not cover the window are left out
    const t = kw.toilim;
    if (!Array.isArray(t) || !t.every((v) => typeof v === "number")) throw new SPYTypeError("toilim", t, "[begin, end] in seconds with begin < end");
    if (t.length !== 2 || !t.every((v) => Number.isFinite(v)) || !(t[0] < t[1])) {
      throw new SPYValueError("toilim", t, "[begin, end] in seconds with begin < end");
    }
    const intervals = trialIntervals(rows, fs);
    const eps = 1e-9 / fs;
    const keep = intervals.map((iv, i) => (iv[0] <= t[0] + eps && iv[1] >= t[1] - eps ? i : -1)).filter((i) => i >= 0);
    if (keep.length === 0) {
      throw new SPYValueError("toilim", t, "a window inside at least one trial's time range", `trials span ${minOf(intervals.map((i) => i[0]))} to ${maxOf(intervals.map((i) => i[1]))} s`);
    }
    if (keep.length < rows.length) warn(`redefinetrial: ${rows.length - keep.length} trial(s) do not cover toilim ${JSON.stringify(t)} and are left out`);
    const cut = keep.map((i) => toilimRow(rows[i], t, fs, eps));
    newRows = restack(cut);
    view = remap(view, cut, newRows);
  } else if (kw.minlength !== null && kw.minlength !== undefined) {
    const ml = kw.minlength;
    let minSamples: number;
    if (ml === "maxperlen") minSamples = maxOf(lengths);
    else if (typeof ml === "number" && Number.isFinite(ml) && ml >= 0) minSamples = Math.trunc(ml * fs);
    else if (typeof ml === "number" || typeof ml === "string") throw new SPYValueError("minlength", ml, `a minimum trial length in seconds (>= 0), or "maxperlen"`);
    else throw new SPYTypeError("minlength", ml, `a minimum trial length in seconds (>= 0), or "maxperlen"`);
    const keep = lengths.map((n, i) => (n >= minSamples ? i : -1)).filter((i) => i >= 0);
    if (keep.length < rows.length) warn(`redefinetrial: discarding ${rows.length - keep.length} trial(s) shorter than ${minSamples} samples`);
    if (keep.length === 0) {
      warn("redefinetrial: no trial fits the desired minlength, returning an empty object");
      return emptyLike(cont);
    }
    const cut = keep.map((i) => rows[i]);
    newRows = restack(cut);
    view = remap(view, cut, newRows);
  } else if (kw.trl !== null && kw.trl !== undefined) {
    if (kw.offset !== null && kw.offset !== undefined) {
      throw new SPYValueError("offset", kw.offset, "null together with trl (give the offsets in trl's third column)");
    }
    let trl = kw.trl as unknown;
    if (Array.isArray(trl) && trl.length > 0 && typeof trl[0] === "number") trl = [trl];
    newRows = parseTrialDefinition(trl, undefined, "trl");
    view.check(newRows, "trl");
  } else if (kw.begsample !== null && kw.begsample !== undefined) {
    if (kw.endsample === null || kw.endsample === undefined) {
      throw new SPYValueError("endsample", null, "both begsample and endsample");
    }
    newRows = sampleWindows(rows, kw.begsample, kw.endsample);
    newRows.forEach((r, i) => {
      const gap = view.gap(r[0], r[1]);
      if (gap !== null && gap === r[0]) {
        throw new SPYValueError("begsample", kw.begsample, "a begin sample the data holds", `trial ${i} would begin at stacked sample ${gap}, which holds no data`);
      }
      if (gap !== null) {
        const e = r[1] - rows[i][0];  // the endsample asked for this trial
        throw new SPYValueError("endsample", kw.endsample, `samples the data holds: trial ${i} (stacked samples ${rows[i][0]} to ${rows[i][1]}) can reach up to endsample ${e - (r[1] - gap)}`,
          `endsample ${e} reaches stacked sample ${r[1] - 1}; the data ${gap >= view.extent ? `end at sample ${view.extent}` : `hold no sample ${gap}`}`);
      }
    });
  } else if (kw.endsample !== null && kw.endsample !== undefined) {
    throw new SPYValueError("begsample", null, "both begsample and endsample");
  }

  // offset: the sample index of the first sample relative to the trigger, as Syncopy assigns it
  if (kw.offset !== null && kw.offset !== undefined) {
    const off = typeof kw.offset === "number" ? newRows.map(() => kw.offset as number) : intList(kw.offset, "offset");
    if (off.length !== newRows.length) throw new SPYValueError("offset", kw.offset, `one value or ${newRows.length} values (one per trial)`);
    if (!off.every(Number.isInteger)) throw new SPYValueError("offset", kw.offset, "integer sample offsets");
    newRows = newRows.map((r, i) => [r[0], r[1], off[i], ...r.slice(3)]);
  }

  // stream the new trials into a new store
  const writer = new TrialStoreWriter(data.fileExtension, data.dtype, data.tailShape);
  try {
    for (const r of newRows) writer.append(view.window(r[0], r[1]));
  } catch (e) {
    writer.abort();
    throw e;
  }
  return propagateProperties<ContinuousData>(cont, writer.finish(), {
    name: "redefinetrial", trialdefinition: newRows, cfgEntry: ctx.cfgEntry, info: data.info,
    log: logEntry(`redefined ${data.trialdefinition.length} trials as ${newRows.length}: ${JSON.stringify(ctx.cfgEntry)}`, "redefinetrial"),
  });
}

/** A view over the same samples where cut[i] (old coordinates) now sits at rows[i]. */
function remap(view: StackView, cut: number[][], rows: number[][]): StackView {
  return new StackView(rows.map((r) => r[0]), rows.map((r) => r[1] - r[0]), (i) => view.window(cut[i][0], cut[i][1]));
}
