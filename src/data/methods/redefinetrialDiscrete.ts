/**
 * redefinetrial of a SpikeData or EventData (called by redefinetrial.ts): a copy whose trials are
 * selected (`trials`), cut to a window (`toilim`), filtered by length (`minlength`), cut by
 * begsample/endsample, or replaced (`trl`), with `offset` re-assigned; as for continuous data.
 *
 * The rows keep their samples (discrete data have no stacked axis to re-lay): new trials are new
 * trialdefinition rows over the copied table, which must be sorted by sample (it is unless
 * `trials` picks trials out of order or twice). Differences from Syncopy: `toilim` shortens the
 * trial rows to the window (Syncopy's discrete latency selection keeps the old rows); `minlength`
 * compares trial lengths in samples (Syncopy compares the number of spikes with it).
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";
import { maxOf } from "../../core/extrema";
import { warn } from "../../core/warnings";
import { DiscreteData } from "../discrete";
import { parseTrialDefinition, trialIntervals } from "../trialdefinition";
import { logEntry } from "../log";
import { intList, sampleWindows, toilimRow } from "./sampleWindows";

const given = (v: unknown) => v !== null && v !== undefined;

export function redefinetrialDiscrete(data: DiscreteData, kw: Record<string, unknown>, cfgEntry: Record<string, unknown> | null): DiscreteData {
  if (!data.storage) throw new SPYValueError("data", "an empty object", "a data object with data");
  for (const key of ["select", "parallel", "chan_per_worker"]) {
    if (given(kw[key])) throw new SPYValueError(key, kw[key], "null (redefinetrial selects with `trials` and `toilim`)");
  }
  const exclusive = ["minlength", "toilim", "begsample", "trl"].filter((k) => given(kw[k]));
  if (given(kw.endsample) && !exclusive.includes("begsample")) exclusive.push("begsample");
  if (exclusive.length > 1) throw new SPYValueError(exclusive[1], kw[exclusive[1]], "only one of minlength, toilim, begsample/endsample and trl", `got ${exclusive.join(" and ")}`);

  const out = given(kw.trials) ? data.selectRows(data.resolve({ trials: intList(kw.trials, "trials") })) : data.copyAll();
  let rows = out.trialdefinition;
  const fs = data.samplerate;
  if (given(kw.toilim)) {
    const t = kw.toilim;
    if (!Array.isArray(t) || !t.every((v) => typeof v === "number")) throw new SPYTypeError("toilim", t, "[begin, end] in seconds with begin < end");
    if (t.length !== 2 || !t.every((v) => Number.isFinite(v)) || !(t[0] < t[1])) throw new SPYValueError("toilim", t, "[begin, end] in seconds with begin < end");
    if (!Number.isFinite(fs)) throw new SPYValueError("samplerate", null, "a samplerate before cutting trials to a time window");
    const eps = 1e-9 / fs;
    const iv = trialIntervals(rows, fs);
    const keep = rows.filter((_, i) => iv[i][0] <= t[0] + eps && iv[i][1] >= t[1] - eps);
    if (keep.length === 0) throw new SPYValueError("toilim", t, "a window inside at least one trial's time range");
    if (keep.length < rows.length) warn(`redefinetrial: ${rows.length - keep.length} trial(s) do not cover toilim ${JSON.stringify(t)} and are left out`);
    rows = keep.map((r) => toilimRow(r, t, fs, eps));
  } else if (given(kw.minlength)) {
    const ml = kw.minlength;
    const lengths = rows.map((r) => r[1] - r[0]);
    let min: number;
    if (ml === "maxperlen") min = maxOf(lengths);
    else if (typeof ml === "number" && Number.isFinite(ml) && ml >= 0) {
      if (!Number.isFinite(fs)) throw new SPYValueError("samplerate", null, "a samplerate before comparing trial lengths in seconds");
      min = Math.trunc(ml * fs);
    } else if (typeof ml === "number" || typeof ml === "string") throw new SPYValueError("minlength", ml, `a minimum trial length in seconds (>= 0), or "maxperlen"`);
    else throw new SPYTypeError("minlength", ml, `a minimum trial length in seconds (>= 0), or "maxperlen"`);
    const keep = rows.filter((_, i) => lengths[i] >= min);
    if (keep.length < rows.length) warn(`redefinetrial: discarding ${rows.length - keep.length} trial(s) shorter than ${min} samples`);
    if (keep.length === 0) throw new SPYValueError("minlength", ml, "a length that at least one trial reaches");
    rows = keep;
  } else if (given(kw.trl)) {
    if (given(kw.offset)) throw new SPYValueError("offset", kw.offset, "null together with trl (give the offsets in trl's third column)");
    let trl = kw.trl as unknown;
    if (Array.isArray(trl) && trl.length > 0 && typeof trl[0] === "number") trl = [trl];
    rows = parseTrialDefinition(trl, undefined, "trl");
  } else if (given(kw.begsample) || given(kw.endsample)) {
    if (!given(kw.begsample) || !given(kw.endsample)) throw new SPYValueError(given(kw.begsample) ? "endsample" : "begsample", null, "both begsample and endsample");
    rows = sampleWindows(rows, kw.begsample, kw.endsample);
  }
  if (given(kw.offset)) {
    const off = typeof kw.offset === "number" ? rows.map(() => kw.offset as number) : intList(kw.offset, "offset");
    if (off.length !== rows.length) throw new SPYValueError("offset", kw.offset, `one value or ${rows.length} values (one per trial)`);
    if (!off.every(Number.isInteger)) throw new SPYValueError("offset", kw.offset, "integer sample offsets");
    rows = rows.map((r, i) => [r[0], r[1], off[i], ...r.slice(3)]);
  }
  out.redefineTrials(rows, "trl");
  out.cfg = { ...JSON.parse(JSON.stringify(data.cfg)), redefinetrial: cfgEntry };
  out.info = data.info;
  out.setHistory(data.history + logEntry(`redefined ${data.nTrials} trials as ${rows.length}: ${JSON.stringify(cfgEntry)}`, "redefinetrial"));
  return out;
}
