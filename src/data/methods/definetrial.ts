/**
 * spy.definetrial (reference §1.1): (re)define the trials of a data object IN PLACE, as Syncopy
 * does. Rows [start, stop, offset, trialinfo...] are sample indices of the stacked axis (trials
 * laid where the current trialdefinition puts them); null makes the whole recording one trial.
 * New trials are windows read from the stored data on access: nothing is copied.
 */
import { SPYValueError, SPYTypeError } from "../../core/errors";
import { checkBoolean, checkKeywords, checkOptions } from "../../core/keywords";
import { BaseData } from "../base";
import { parseTrialDefinition } from "../trialdefinition";
import type { DefinetrialKeywords, TrialRows } from "./trialKeywords";
import { DiscreteData } from "../discrete";
import { EventData } from "../event";
import { hasEventKeywords } from "../eventtrials";
import { definetrialDiscrete } from "./definetrialEvents";

export const DEFINETRIAL_DEFAULTS: Record<string, unknown> = {
  trialdefinition: null, pre: null, post: null, start: null, trigger: null, stop: null, clip_edges: false,
};

/**
 * definetrial(obj, trl) or definetrial(obj, { trialdefinition, ... }). Returns `obj` (changed in
 * place) for chaining. With an EventData as `trialdefinition` and `pre`/`post`/`start`/`trigger`/
 * `stop` (seconds and event codes, Syncopy's), the trials of an AnalogData, SpikeData or EventData
 * come from the event codes (./definetrialEvents.ts, ../eventtrials.ts); an EventData alone lends its own
 * trials, scaled to the object's samplerate.
 */
export function definetrial<T extends BaseData>(obj: T, trialdefinition: TrialRows | null | DefinetrialKeywords = null, keywords: DefinetrialKeywords = {}): T {
  if (!(obj instanceof BaseData)) throw new SPYTypeError("obj", obj, "a spyts data object");
  if (!obj.storage) throw new SPYValueError("obj", "an empty data object", "a data object with data");
  let kw: Record<string, unknown>;
  const extra = checkOptions(keywords, "definetrial");
  if (trialdefinition !== null && typeof trialdefinition === "object" && !Array.isArray(trialdefinition)) kw = { ...trialdefinition, ...extra };
  else kw = { ...extra, trialdefinition };
  checkKeywords(kw, Object.keys(DEFINETRIAL_DEFAULTS), "definetrial");
  checkBoolean(kw.clip_edges ?? false, "clip_edges");
  // ---- spikes and events: trials from an EventData's codes, and discrete data (definetrialEvents.ts) ----
  if (hasEventKeywords(kw) || kw.trialdefinition instanceof EventData || obj instanceof DiscreteData) {
    definetrialDiscrete(obj, kw);
    return obj;
  }
  const view = obj.stacked();
  const trl = kw.trialdefinition === null || kw.trialdefinition === undefined
    ? [[0, view.extent, 0]]
    : parseTrialDefinition(kw.trialdefinition, view.extent);
  obj.redefineTrials(trl);
  obj.appendLog(`updated trial-definition with [${trl.length} x ${trl[0].length}] element array`, "definetrial");
  return obj;
}
