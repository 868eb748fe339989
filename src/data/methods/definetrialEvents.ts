/**
 * definetrial for spikes and events (called by definetrial.ts): trials of an AnalogData, SpikeData
 * or EventData from an EventData's codes (`pre`, `post`, `start`, `trigger`, `stop`, `clip_edges`),
 * an EventData's own trials, or numeric rows for discrete data. In place, as Syncopy.
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";
import { BaseData } from "../base";
import { AnalogData } from "../analog";
import { DiscreteData } from "../discrete";
import { EventData } from "../event";
import { EventTrialKeywords, fitTrials, hasEventKeywords, trialsFromEvents, trialsOfEvents } from "../eventtrials";

export function definetrialDiscrete(obj: BaseData, kw: Record<string, unknown>): void {
  const events = kw.trialdefinition instanceof EventData ? kw.trialdefinition : null;
  const clip = (kw.clip_edges ?? false) as boolean;
  if (!events && !hasEventKeywords(kw)) {
    // numeric rows (or null: one trial over all rows) on a SpikeData or EventData
    (obj as DiscreteData).trialdefinition = (kw.trialdefinition ?? null) as number[][] | null;
    logRows(obj);
    return;
  }
  if (!(obj instanceof AnalogData || obj instanceof DiscreteData)) {
    throw new SPYTypeError("obj", obj.className, "an AnalogData, SpikeData or EventData (trials from an EventData's codes)");
  }
  if (events && !events.storage) throw new SPYValueError("trialdefinition", "an empty EventData", "an EventData with events");
  let rows: number[][];
  let ref: EventData;
  if (hasEventKeywords(kw)) {
    const r = events ?? (obj instanceof EventData ? obj : null);
    if (!r) {
      throw new SPYValueError("trialdefinition", kw.trialdefinition ?? null, `an EventData object with pre/post/start/trigger/stop (the ${obj.className}'s trials come from its codes)`);
    }
    ref = r;
    rows = trialsFromEvents(ref, kw as EventTrialKeywords, obj.samplerate);
  } else {
    ref = events!;
    rows = trialsOfEvents(ref, obj.samplerate);
  }
  // Syncopy clips only with an EventData given; the data's end bounds continuous data only
  const extent = obj instanceof DiscreteData ? null : obj.stacked().extent;
  rows = fitTrials(rows, extent, events !== null && clip);
  obj.redefineTrials(rows);
  if (ref === obj) {
    logRows(obj);
  } else {
    obj.appendLog(`trial-definition extracted from EventData object: ${rows.length} trials${hasEventKeywords(kw) ? ` (${describe(kw)})` : ""}`, "definetrial");
    obj.cfg = { ...obj.cfg, definetrial: { method: "definetrial", "EventData object": JSON.parse(JSON.stringify(ref.cfg)), ...eventCfg(kw) } };
    ref.appendLog(`updated trial-definition of ${obj.className} object`, "definetrial");
  }
}

function logRows(obj: BaseData): void {
  const trl = obj.trialdefinition;
  obj.appendLog(`updated trial-definition with [${trl.length} x ${trl[0].length}] element array`, "definetrial");
}

function eventCfg(kw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ["pre", "post", "start", "trigger", "stop", "clip_edges"]) if (kw[k] !== null && kw[k] !== undefined) out[k] = kw[k];
  return out;
}

function describe(kw: Record<string, unknown>): string {
  return Object.entries(eventCfg(kw)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
}
