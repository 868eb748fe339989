/**
 * The keywords of `spy.definetrial` and `spy.redefinetrial`, typed and documented for completion
 * and inspect (type level only). The rules are those of definetrial.ts, redefinetrial.ts and
 * trialdefinition.ts, which check them when the call runs.
 */

import type { Choice } from "../../cfg/metafunction";
import type { EventData } from "../event";

/**
 * A trial definition: one row `[start, stop, offset, ...trialinfo]` per trial, start and stop
 * (exclusive) sample indices of the stacked axis, offset the sample index of the first sample
 * relative to the trigger (time 0).
 */
export type TrialRows = readonly (readonly number[])[];

/** Keywords of `spy.definetrial(obj, kw)` (Syncopy's). */
export interface DefinetrialKeywords {
  /**
   * The new trials (see TrialRows), inside the stacked axis, or an EventData whose trigger codes
   * define them (with `pre`/`post` and `trigger`, or `start`/`stop`). Default `null`: the whole
   * recording as one trial.
   */
  trialdefinition?: TrialRows | EventData | null;
  /** Event-based definition (Syncopy's, from an EventData): seconds before each trigger (a number, or one per trigger). Default `null`. */
  pre?: number | number[] | null;
  /** Event-based definition: seconds after each trigger (a number, or one per trigger). Default `null`. */
  post?: number | number[] | null;
  /** Event-based definition: the event code (or codes) that start a trial. Default `null`. */
  start?: number | number[] | null;
  /** Event-based definition: the event code (or codes) of the trigger, time 0. Default `null`. */
  trigger?: number | number[] | null;
  /** Event-based definition: the event code (or codes) that end a trial. Default `null`. */
  stop?: number | number[] | null;
  /** Event-based definitions: clip trials at the data's edges. A boolean, default `false`. */
  clip_edges?: boolean;
  [key: string]: unknown;
}

/**
 * Keywords of `spy.redefinetrial(data, kw)` (FieldTrip's ft_redefinetrial, as Syncopy). Only one of
 * `minlength`, `toilim`, `begsample`/`endsample` and `trl`; `trials` and `offset` combine with
 * them. `select`, `parallel` and `chan_per_worker` must stay `null`. The index signature lets a
 * Syncopy cfg dict be passed; unknown keys are rejected when the call runs.
 */
export interface RedefinetrialKeywords {
  /** Keep these trials (an index or a list of indices), laid end to end. Default `null`: all. */
  trials?: number | readonly number[] | null;
  /** Keep the trials at least this long, in s (≥ 0), or `"maxperlen"` (only the longest). Default `null`. */
  minlength?: number | Choice<"maxperlen"> | null;
  /**
   * The new sample index of each trial's first sample relative to the trigger: one integer for
   * every trial, or one per trial. Not together with `trl` (its third column). Default `null`: kept.
   */
  offset?: number | readonly number[] | null;
  /** Cut every trial to the window `[begin, end]` in s (begin < end); trials that do not cover it are left out with a warning. Default `null`. */
  toilim?: readonly number[] | null;
  /** With `endsample`: the first sample (≥ 0) of the new trial, relative to each trial's first sample; one value or one per trial. Default `null`. */
  begsample?: number | readonly number[] | null;
  /** With `begsample`: the end sample (exclusive, > begsample), relative to each trial's first sample; as many values as begsample. Default `null`. */
  endsample?: number | readonly number[] | null;
  /** New trials as rows `[start, stop, offset, ...]` of the samples the object holds (one row may be given alone). Default `null`. */
  trl?: TrialRows | readonly number[] | null;
  [key: string]: unknown;
}
