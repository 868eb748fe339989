/**
 * The keywords of `spy.mean`, `spy.std`, `spy.var`, `spy.median`, `spy.itc` and
 * `spy.timelockanalysis`, typed and documented for completion and inspect (type level only). The
 * rules are those of statParams.ts, summaryStats.ts, itc.ts, timelockanalysis.ts and
 * timelockWindow.ts, which check them when the call runs.
 */
import type { Choice } from "../cfg/metafunction";
import type { ComputeKeywords } from "../compute/computeKeywords";
import type { SelectionKeywords } from "../data/selectionKeywords";

/**
 * Keywords of `spy.mean`, `spy.std`, `spy.var` and `spy.median` (Syncopy's `dim` and `keeptrials`,
 * spyts's `ddof` and `nan`). The index signature lets a Syncopy cfg dict be passed; unknown keys
 * are rejected when the call runs.
 */
export interface StatisticsKeywords extends ComputeKeywords {
  /**
   * Required: the dimension reduced over, a name of `data.dimord` (`"time"`, `"channel"`, `"freq"`,
   * ...) or `"trials"`. Along a dimension the axis stays with length 1 (labels become the
   * statistic's name, a numeric axis [0]; along `"time"` each trial becomes one sample). Over
   * `"trials"` the trials (of one shape) are streamed and the result is one trial.
   */
  dim?: string | null;
  /**
   * Along a dimension: `true` (default) one result per trial, `false` their average (equal shapes
   * needed). No effect with `dim: "trials"`.
   */
  keeptrials?: boolean;
  /** var and std: delta degrees of freedom, an integer ≥ 0 below the number of values reduced over (the divisor is count − ddof). Default 0. */
  ddof?: number;
  /**
   * NaN handling: `"omit"` leaves NaN out (per element, the count of values that are not NaN),
   * `"propagate"` makes the result NaN. Default `null`: `"omit"` along a dimension (numpy's
   * nanmean, as Syncopy), `"propagate"` over trials.
   */
  nan?: Choice<"omit" | "propagate"> | null;
  [key: string]: unknown;
}

/**
 * Keywords of `spy.itc(spec, kw)`. `parallel`, `chan_per_worker` and `mem_thresh` are accepted and
 * have no effect (the ITC is streamed in the main thread).
 */
export interface ItcKeywords {
  /** The trials (at least 2, of one shape), channels, frequencies, latency and tapers to use (`spy.selectdata`'s keywords). Default `null`: all. */
  select?: SelectionKeywords | null;
  [key: string]: unknown;
}

/**
 * Keywords of `spy.timelockanalysis(data, kw)` (Syncopy's, plus FieldTrip's `vartriallen` and
 * spyts's `var_ddof`). `parallel`, `chan_per_worker` and `mem_thresh` are accepted and have no
 * effect (the reduction runs in the main thread). The index signature lets a Syncopy cfg dict be
 * passed; unknown keys are rejected when the call runs.
 */
export interface TimelockKeywords {
  /**
   * The time window. `"maxperiod"` (default): from the earliest trial start to the latest end;
   * `"minperiod"`: the time every trial covers; `"prestim"`: from the earliest start to 0;
   * `"poststim"`: from 0 to the latest end; or `[t0, t1]` in s (t0 ≤ t1, overlapping the trials).
   * Trials that do not cover the window are left out with a warning naming them. May be given as
   * `select.latency` instead, not both.
   */
  latency?: Choice<"maxperiod" | "minperiod" | "prestim" | "poststim"> | readonly number[];
  /** Also the channel covariance `cov` over the window's samples (np.cov per trial, averaged over trials); real data only. Default `false`. */
  covariance?: boolean;
  /** The covariance's delta degrees of freedom, an integer ≥ 0 below the window's samples. Default `null`: N − 1 (np.cov's). */
  ddof?: number | null;
  /** FieldTrip's trial selection: `"all"` (default), an index or a list of indices; not together with `select.trials`. */
  trials?: Choice<"all"> | number | readonly number[] | null;
  /**
   * `true`: the cut trials become the TimeLockData's trials and `cov` is per trial. `false`
   * (default): the average is the one trial and `cov` the average over trials.
   */
  keeptrials?: boolean;
  /**
   * FieldTrip's `vartrllength = 2`: `true` lets every trial that overlaps the window contribute the
   * samples it has (and leaves NaN samples out), counted per sample in `dof`; kept trials are
   * NaN-padded, the covariance is pooled. Default `false`: only trials covering the whole window.
   */
  vartriallen?: boolean;
  /** The variance's delta degrees of freedom, an integer ≥ 0. Default `null`: 0 (Syncopy's) without `vartriallen`, 1 (FieldTrip's) with it. */
  var_ddof?: number | null;
  /** Trials and channels to use (`spy.selectdata`'s keywords; `latency` see above). Default `null`: all. */
  select?: SelectionKeywords | null;
  [key: string]: unknown;
}
