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

export const DEFINETRIAL_DEFAULTS: Record<string, unknown> = {
  trialdefinition: null, pre: null, post: null, start: null, trigger: null, stop: null, clip_edges: false,
};

/**
 * definetrial(obj, trl) or definetrial(obj, { trialdefinition, ... }). Returns `obj` (changed in
 * place) for chaining. The EventData keywords (pre, post, start, trigger, stop) need an EventData
 * object, which spyts does not have yet: they are refused with a clear message.
 */
export function definetrial(obj: BaseData, trialdefinition: number[][] | null | Record<string, unknown> = null, keywords: Record<string, unknown> = {}): BaseData {
  if (!(obj instanceof BaseData)) throw new SPYTypeError("obj", obj, "a spyts data object");
  if (!obj.storage) throw new SPYValueError("obj", "an empty data object", "a data object with data");
  let kw: Record<string, unknown>;
  const extra = checkOptions(keywords, "definetrial");
  if (trialdefinition !== null && typeof trialdefinition === "object" && !Array.isArray(trialdefinition)) kw = { ...trialdefinition, ...extra };
  else kw = { ...extra, trialdefinition };
  checkKeywords(kw, Object.keys(DEFINETRIAL_DEFAULTS), "definetrial");
  for (const key of ["pre", "post", "start", "trigger", "stop"]) {
    if (kw[key] !== null && kw[key] !== undefined) {
      throw new SPYValueError(key, kw[key], "null: event-based trial definitions need an EventData object, which this version of spyts does not have");
    }
  }
  checkBoolean(kw.clip_edges ?? false, "clip_edges");
  const view = obj.stacked();
  const trl = kw.trialdefinition === null || kw.trialdefinition === undefined
    ? [[0, view.extent, 0]]
    : parseTrialDefinition(kw.trialdefinition, view.extent);
  obj.redefineTrials(trl);
  obj.appendLog(`updated trial-definition with [${trl.length} x ${trl[0].length}] element array`, "definetrial");
  return obj;
}
