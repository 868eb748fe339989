/**
 * The selection keywords (`select: {...}` of every metafunction, and spy.selectdata's), typed for
 * completion and inspect (type level only; data/selection.ts checks them when the call runs). Lists
 * may be plain or readonly arrays, so a selection kept in a variable type-checks.
 */
import type { Choice } from "../cfg/metafunction";

/** Labels or indices along a label axis (channel, taper, channel_i, channel_j). */
export type LabelChoice =
  | Choice<"all"> | null | number | readonly (string | number)[] | { start?: number; stop?: number; step?: number };

/**
 * What to select; `null` or `"all"` (the default) keeps the whole axis. A keyword of an axis the data
 * class lacks (frequency of AnalogData, ...) is an error; so is a selection of nothing.
 */
export interface SelectionKeywords {
  /** Trial indices: one, or a list (repeats and order kept). Default `null`: all trials. */
  trials?: Choice<"all"> | null | number | readonly number[];
  /** Channels by label or index, one or a list (order and repeats kept), or a slice `{ start, stop, step }`. Default `null`: all. */
  channel?: LabelChoice;
  /** CrossSpectralData: the rows (channel_i) to keep, as `channel`. Default `null`: all. */
  channel_i?: LabelChoice;
  /** CrossSpectralData: the columns (channel_j) to keep, as `channel`. Default `null`: all. */
  channel_j?: LabelChoice;
  /**
   * A time window `[t0, t1]` in s, or `"maxperiod"`, `"minperiod"`, `"prestim"`, `"poststim"`;
   * trials that do not cover the whole window are dropped. Default `null`: whole trials.
   */
  latency?: Choice<"all" | "maxperiod" | "minperiod" | "prestim" | "poststim"> | null | readonly number[];
  /** SpectralData, CrossSpectralData: a frequency in Hz (the nearest bin) or a band `[fmin, fmax]` inside the axis. Default `null`: all. */
  frequency?: Choice<"all"> | null | number | readonly number[];
  /** SpectralData: tapers by label or index, as `channel`. Default `null`: all. */
  taper?: LabelChoice;
  [key: string]: unknown;
}
