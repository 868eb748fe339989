/**
 * Trials from event codes (Syncopy's `definetrial` with `pre`, `post`, `start`, `trigger`, `stop`):
 *
 *                 start    trigger    stop
 *     |---- pre ----|--------|---------|---- post ----|
 *
 * Codes are searched in the EventData's rows in sample order, as Syncopy does: per trial the first
 * unused `start` code, the first unused `trigger` code, then the first `stop` code after the start;
 * the next trial searches after the last event used. Scalar keywords repeat the search until a
 * code is no longer found (as many trials as the codes allow); lists give one entry per trial.
 * Times are computed in seconds from the EventData's samplerate and turned into samples of the
 * target object with numpy's rounding (half to even), as Syncopy does.
 *
 * Differences from Syncopy (its offsets contradict its own time axis):
 * - the offset puts time 0 on the trigger (on the start event without a trigger): offset =
 *   round(begin * fs) - round(trigger * fs), i.e. -pre * fs; Syncopy writes +pre * fs (and, with
 *   start/stop only, minus the absolute start time), which puts the trigger at t = 2 * pre;
 * - clip_edges moves a clipped trial's offset with its start, so the trigger stays at t = 0;
 * - trials taken from an EventData's own trialdefinition scale start, stop and offset to the
 *   target's samplerate, not its trialinfo columns (Syncopy scales those too);
 * - a `stop` search without `start` begins after the trigger (Syncopy fails with a NameError).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import type { EventData } from "./event";
import { roundHalfEven } from "./discrete";

export interface EventTrialKeywords {
  pre?: number | number[] | null;
  post?: number | number[] | null;
  start?: number | (number | null)[] | null;
  trigger?: number | (number | null)[] | null;
  stop?: number | (number | null)[] | null;
}

const KEYS = ["pre", "post", "start", "trigger", "stop"] as const;

/** Whether any of the event keywords is given. */
export function hasEventKeywords(kw: Record<string, unknown>): boolean {
  return KEYS.some((k) => kw[k] !== null && kw[k] !== undefined);
}

/**
 * Trial rows [start, stop, offset] in samples of a target sampled at `targetSamplerate`, from the
 * codes of `events`. Not clipped: see `fitTrials`.
 */
export function trialsFromEvents(events: EventData, kw: EventTrialKeywords, targetSamplerate: number): number[][] {
  const fsE = events.samplerate;
  if (!Number.isFinite(fsE) || !Number.isFinite(targetSamplerate)) {
    throw new SPYValueError("samplerate", Number.isFinite(fsE) ? targetSamplerate : fsE, "a samplerate on both objects: make sure `samplerate` is set before defining trials");
  }
  const { pre, post, start, trigger, stop } = kw;
  const given = (v: unknown) => v !== null && v !== undefined;
  // array lengths: all the same; scalars repeat until the codes run out
  const lengths = KEYS.map((k) => kw[k]).filter(Array.isArray).map((a) => (a as unknown[]).length);
  if (new Set(lengths).size > 1) throw new SPYValueError("trial-keywords", lengths, "all trial-related arrays (pre, post, start, trigger, stop) to have the same length");
  const nTrials = lengths.length ? lengths[0] : 1;
  const step = lengths.length ? 1 : 0;
  if (nTrials === 0) throw new SPYValueError("trial-keywords", [], "at least one trial");
  if ((!given(pre) && !given(start)) || (!given(post) && !given(stop))) {
    throw new SPYValueError("pre/start, post/stop", { pre, start, post, stop }, "`pre` or `start` and `post` or `stop` to be given",
      "both `pre` and `start` and/or `post` and `stop` are null");
  }
  if (!given(trigger) && (given(pre) || given(post))) {
    throw new SPYValueError("trigger", trigger ?? null, "a `trigger` code with `pre`/`post` timing information");
  }
  const seconds = perTrial("pre", pre, nTrials, false);
  const after = perTrial("post", post, nTrials, false);
  const starts = perTrial("start", start, nTrials, true);
  const triggers = perTrial("trigger", trigger, nTrials, true);
  const stops = perTrial("stop", stop, nTrials, true);

  const ids = events.column("eventid");
  const samples = events.column("sample");
  const n = ids.length;
  const used = new Uint8Array(n);
  const find = (code: number, from: number) => {
    for (let i = from; i < n; i++) if (!used[i] && ids[i] === code) return i;
    return -1;
  };
  const rows: number[][] = [];
  let from = 0, trialno = 0, count = 0;
  let missing: { param: string; code: number } | null = null;
  for (;;) {
    const picked: number[] = [];
    let begin: number | null = null, t0: number | null = null;
    let sidx = -1, tidx = -1;
    if (!Number.isNaN(starts[trialno])) {
      sidx = find(starts[trialno], from);
      if (sidx < 0) { missing = { param: "start", code: starts[trialno] }; break; }
      begin = samples[sidx] / fsE;
      used[sidx] = 1;
      picked.push(sidx);
    }
    if (!Number.isNaN(triggers[trialno])) {
      tidx = find(triggers[trialno], from);
      if (tidx < 0) { missing = { param: "trigger", code: triggers[trialno] }; break; }
      t0 = samples[tidx] / fsE;
      used[tidx] = 1;
      picked.push(tidx);
    }
    const ref = (t0 ?? begin) as number;
    begin = (begin ?? ref) - seconds[trialno];
    let end: number;
    if (!Number.isNaN(stops[trialno])) {
      const idx = find(stops[trialno], sidx >= 0 ? sidx : Math.max(from, tidx));
      if (idx < 0) { missing = { param: "stop", code: stops[trialno] }; break; }
      end = samples[idx] / fsE + after[trialno];
      used[idx] = 1;
      picked.push(idx);
    } else {
      end = ref + after[trialno];
    }
    if (begin >= end) {
      throw new SPYValueError("pre/post", [begin, end], "non-overlapping trial begin-/end-samples", `trial ${rows.length} would begin at ${begin} s and end at ${end} s`);
    }
    const b = roundHalfEven(begin * targetSamplerate);
    rows.push([b, roundHalfEven(end * targetSamplerate), b - roundHalfEven(ref * targetSamplerate)]);
    trialno += step;
    count++;
    from = Math.max(...picked) + 1;
    if (trialno === nTrials || count === n) break;
  }
  if (rows.length < nTrials || rows.length === 0) {
    const m = missing!;
    const codes = [...new Set(ids)].sort((a, b) => a - b);
    throw new SPYValueError(m.param, m.code, `an event id that occurs in the EventData${rows.length ? ` after the events of trial ${rows.length - 1}` : ""} (its codes: ${codes.join(", ")})`,
      rows.length ? `found ${rows.length} of ${nTrials} trials` : `no event has the ${m.param} code ${m.code}`);
  }
  return rows;
}

/** Rows of an EventData's own trials scaled to another samplerate (Syncopy: round(trl / fsE * fsT)). */
export function trialsOfEvents(events: EventData, targetSamplerate: number): number[][] {
  const fsE = events.samplerate;
  if (!Number.isFinite(fsE) || !Number.isFinite(targetSamplerate)) {
    throw new SPYValueError("samplerate", Number.isFinite(fsE) ? targetSamplerate : fsE, "a samplerate on both objects: make sure `samplerate` is set before defining trials");
  }
  return events.trialdefinition.map((r) => [...r.slice(0, 3).map((x) => roundHalfEven((x / fsE) * targetSamplerate)), ...r.slice(3)]);
}

/**
 * Trials against the target's extent [0, extent) (extent null: no end, discrete data). Without
 * clip_edges a trial reaching outside is an error; with it, the trial is cut (its offset moving
 * with its start) and a trial left empty is an error.
 */
export function fitTrials(rows: number[][], extent: number | null, clipEdges: boolean): number[][] {
  const end = extent ?? Infinity;
  return rows.map((r, k) => {
    const [a, b] = r;
    if (!clipEdges) {
      if (a < 0) throw new SPYValueError("pre", r, "trials inside the data (start >= 0); pass clip_edges: true to cut them at the data's start", `trial ${k} would begin at sample ${a}`);
      if (b > end) throw new SPYValueError("post", r, `trials inside the data (stop <= ${end} samples); pass clip_edges: true to cut them at the data's end`, `trial ${k} would end at sample ${b}`);
      return [...r];
    }
    const a2 = Math.max(0, a), b2 = Math.min(end, b);
    if (a2 >= b2) {
      throw new SPYValueError("clip_edges", r, "trials that keep at least one sample inside the data after clipping", `trial ${k} [${a}, ${b}) lies outside the data [0, ${end})`);
    }
    return [a2, b2, r[2] + (a2 - a), ...r.slice(3)];
  });
}

/** One value per trial (NaN: none); scalars repeat, codes must be integers. */
function perTrial(name: string, v: unknown, n: number, code: boolean): number[] {
  const fill = code ? NaN : 0;
  if (v === null || v === undefined) return new Array(n).fill(fill);
  const check = (x: unknown): number => {
    if (x === null && code) return NaN;
    if (typeof x !== "number") throw new SPYTypeError(name, x, code ? "an event code (integer), a list of them, or null" : "seconds (a number) or a list of them");
    if (!Number.isFinite(x) || (code && !Number.isInteger(x))) throw new SPYValueError(name, x, code ? "integer event codes" : "finite seconds");
    return x;
  };
  if (Array.isArray(v)) return v.map(check);
  const x = check(v);
  return new Array(n).fill(x);
}
