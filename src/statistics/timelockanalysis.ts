/**
 * spy.timelockanalysis: average, variance and (optionally) channel covariance of AnalogData over
 * trials in one latency window, as a TimeLockData (Syncopy's statistics/timelockanalysis.py, with
 * FieldTrip's ft_timelockanalysis for trials of variable length as an option).
 *
 * Streamed: one trial is read at a time (only its selected channels and window samples are kept),
 * added to running sums (TrialMoments for avg/var, CovarianceAccumulator for cov) and, with
 * keeptrials, appended to the output's trial file. Memory holds one trial and the running sums
 * (plus the per-trial covariances when kept), whatever the number of trials. Sequential: the
 * reduction is bound by reading the trials.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean } from "../core/keywords";
import { DType, NDArray, isComplex } from "../core/ndarray";
import { warn } from "../core/warnings";
import { metafunction, TypedMetaFunction } from "../cfg/metafunction";
import type { TimelockKeywords } from "./statisticsKeywords";
import { parseComputeOptions } from "../compute/frontend";
import { AnalogData } from "../data/analog";
import { BaseData } from "../data/base";
import { TimeLockData } from "../data/timelock";
import { ResolvedSelection, SelectionSpec } from "../data/selection";
import { TrialStoreWriter } from "../data/trialstore";
import { propagateProperties } from "../data/propagate";
import { logEntry } from "../data/log";
import { TrialMoments } from "./trialMoments";
import { CovarianceAccumulator } from "./channelCovariance";
import { WindowPlan, planWindow } from "./timelockWindow";

/** Syncopy's signature (latency, covariance, ddof, trials, keeptrials) and spyts's vartriallen, var_ddof. */
export const TIMELOCK_DEFAULTS: Record<string, unknown> = {
  latency: "maxperiod",
  covariance: false,
  ddof: null,
  trials: "all",
  keeptrials: false,
  vartriallen: false,
  var_ddof: null,
};

function isData(x: unknown): x is BaseData {
  return x instanceof BaseData;
}

/** null or a non-negative integer (Syncopy: "positive integer value"). */
function checkDdof(value: unknown, param: string): number | null {
  if (value === null) return null;
  if (typeof value !== "number") throw new SPYTypeError(param, value, "null or a non-negative integer");
  if (!Number.isInteger(value) || value < 0) throw new SPYValueError(param, value, "null or a non-negative integer (positive integer value or 0)");
  return value;
}

/**
 * `spy.timelockanalysis(data, { latency, covariance, ddof, trials, keeptrials, vartriallen, var_ddof, select })`:
 * the trial average `avg`, variance `var` and per-sample trial count `dof` (time x channel), and
 * with `covariance` the channel covariance `cov`, of an AnalogData in one time window, as a
 * TimeLockData. Resolves to the TimeLockData.
 *
 * Keywords (Syncopy's defaults):
 * - `latency` ("maxperiod"): "maxperiod" [earliest start, latest end], "minperiod" (the time all
 *   trials share), "prestim" [earliest start, 0], "poststim" [0, latest end], or [t0, t1] in s.
 *   Trials that do not cover the whole window are left out, with a warning naming them (Syncopy
 *   drops them with an info message). `select.latency` may give it instead, not both.
 * - `covariance` (false): also the channel covariance over the window's samples, per trial as
 *   np.cov(trial, ddof, rowvar=False), averaged over trials (real data only).
 * - `ddof` (null): the covariance's delta degrees of freedom; null is np.cov's N − 1.
 * - `trials` ("all"): FieldTrip's trial selection (an index or a list); not together with select.trials.
 * - `keeptrials` (false): true keeps the cut trials as the TimeLockData's trials and the
 *   covariance per trial (cov [trial, channel, channel], as Syncopy and FieldTrip); false makes the
 *   average the one trial and cov the average over trials.
 * - `vartriallen` (false, spyts): true takes FieldTrip's `vartrllength = 2`: every trial that
 *   overlaps the window contributes the samples it has there; missing samples (and NaN samples)
 *   are left out of avg and var through the per-sample `dof`, kept trials are NaN-padded to the
 *   window (float64), and the covariance is FieldTrip's pooled Σ S_k / Σ (n_k − ddof).
 * - `var_ddof` (null, spyts): the variance's delta degrees of freedom; null is 0 (Syncopy's
 *   spy.var) without vartriallen and 1 (FieldTrip's (ss − s²/n)/(n − 1)) with it. var is NaN
 *   where dof − var_ddof <= 0.
 * - `select`: trials, channel (and latency, see above); `parallel`, `chan_per_worker`,
 *   `mem_thresh` are accepted and have no effect (the reduction runs in the main thread).
 *
 * NaN in the data propagate into avg, var and cov (Syncopy's sums over trials) unless vartriallen
 * leaves them out. Differences from Syncopy: the trials are kept only with keeptrials (Syncopy's
 * TimeLockData always holds them); a string ddof is a SPYTypeError (Syncopy: SPYValueError); the
 * covariance is always over time, whatever Syncopy's `statAxis` quirk would do; `dof`,
 * `vartriallen` and `var_ddof` are FieldTrip's, not Syncopy's.
 */
export const timelockanalysis = metafunction<BaseData, TimeLockData>("timelockanalysis", TIMELOCK_DEFAULTS, isData, async (data, kw, ctx) => {
  if (!(data instanceof AnalogData)) throw new SPYTypeError("data", data.className, "an AnalogData object");
  if (data.storage === null) throw new SPYValueError("data", null, "an AnalogData with data (this one is empty)");
  // Syncopy's order: ddof, covariance, keeptrials, then trials/select, then latency
  const ddof = checkDdof(kw.ddof, "ddof");
  const covariance = checkBoolean(kw.covariance, "covariance");
  const keeptrials = checkBoolean(kw.keeptrials, "keeptrials");
  const vartriallen = checkBoolean(kw.vartriallen, "vartriallen");
  const varDdof = checkDdof(kw.var_ddof, "var_ddof") ?? (vartriallen ? 1 : 0);
  parseComputeOptions(kw);
  const complex = isComplex(data.dtype);
  if (covariance && complex) throw new SPYValueError("covariance", true, "false for complex data (the channel covariance is computed for real signals)");

  const { spec, latency } = selectionOf(kw, ctx.given);
  const sel = data.resolve(spec);
  const rows = data.trialdefinition;
  const plan = planWindow(latency, sel.trials.map((k) => rows[k]), data.samplerate, vartriallen);
  const W = plan.s1 - plan.s0 + 1;
  const covDdof = ddof ?? 1;
  if (covariance && !vartriallen && W - covDdof <= 0) {
    throw new SPYValueError("ddof", ddof, `an integer < ${W} (the samples in the window) for the covariance`);
  }
  if (plan.dropped.length) {
    const ids = plan.dropped.map((i) => sel.trials[i]);
    warn(`timelockanalysis: ${ids.length} of ${sel.trials.length} trials do not ${vartriallen ? "overlap" : "cover"} the latency window ` +
      `[${fmt(plan.window[0])}, ${fmt(plan.window[1])}] s and are left out: trial${ids.length > 1 ? "s" : ""} ${listIds(ids)}`);
  }

  const result = reduceTrials(data, sel, plan, { complex, covariance, covDdof, varDdof, keeptrials, vartriallen });
  const out = propagateProperties<AnalogData, TimeLockData>(data, result.store, {
    name: "timelockanalysis", outClass: TimeLockData, selection: sel, trialdefinition: result.rows,
    cfgEntry: ctx.cfgEntry,
    log: logEntry(describe(plan, sel, W, varDdof, covariance ? covDdof : null, keeptrials, vartriallen), "timelockanalysis"),
  });
  out.setEstimators({ var_ddof: varDdof, cov_ddof: ddof });
  out.setDataset("avg", result.avg);
  out.setDataset("var", result.var);
  out.setDataset("dof", result.dof);
  if (result.cov) out.setDataset("cov", result.cov);
  return out;
}) as TypedMetaFunction<AnalogData, TimeLockData, TimelockKeywords>;

/** The selection to read (trials, channel) and the latency, from `select` and the keywords. */
function selectionOf(kw: Record<string, unknown>, given: Set<string>): { spec: SelectionSpec; latency: unknown } {
  const select = kw.select;
  let spec: SelectionSpec = {};
  if (select !== null && select !== undefined && select !== "all") {
    if (typeof select !== "object" || Array.isArray(select)) throw new SPYTypeError("select", select, "a selection dict {trials, channel, latency}, \"all\" or null");
    spec = { ...(select as SelectionSpec) };
  }
  const trials = kw.trials;
  if (trials !== "all" && trials !== null) {
    if (spec.trials !== undefined && spec.trials !== null && spec.trials !== "all") {
      throw new SPYValueError("trials", trials, "either `trials != 'all'` or a trial selection (select.trials), not both");
    }
    spec.trials = trials as SelectionSpec["trials"];
  }
  let latency = kw.latency;
  if (spec.latency !== undefined && spec.latency !== null && spec.latency !== "all") {
    if (given.has("latency")) throw new SPYValueError("latency", kw.latency, "the latency either as the keyword or in select, not both");
    latency = spec.latency;
  }
  delete spec.latency;
  return { spec, latency };
}

interface Reduced {
  store: ReturnType<TrialStoreWriter["finish"]>;
  rows: number[][];
  avg: NDArray;
  var: NDArray;
  dof: NDArray;
  cov: NDArray | null;
}

interface ReduceOptions {
  complex: boolean;
  covariance: boolean;
  covDdof: number;
  varDdof: number;
  keeptrials: boolean;
  vartriallen: boolean;
}

/** One pass over the planned trials: running moments, covariance and (keeptrials) the cut trials. */
function reduceTrials(data: AnalogData, sel: ResolvedSelection, plan: WindowPlan, o: ReduceOptions): Reduced {
  const W = plan.s1 - plan.s0 + 1;
  const C = sel.dims.channel ? sel.dims.channel.length : data.channel.length;
  const slots = o.complex ? 2 : 1;
  const moments = new TrialMoments(W * C, { ddof: o.varDdof, nan: o.vartriallen ? "omit" : "propagate", complex: o.complex });
  const cov = o.covariance ? new CovarianceAccumulator(C, o.covDdof, o.vartriallen ? "pooled" : "mean", o.keeptrials) : null;
  // kept trials: as stored without vartriallen (every trial is the whole window), else NaN-padded float
  const keptDtype: DType = o.vartriallen ? (o.complex ? "complex128" : "float64") : data.dtype;
  const outDtype: DType = o.complex ? "complex128" : "float64";
  const writer = new TrialStoreWriter(".timelock", o.keeptrials ? keptDtype : outDtype, [C], { trialLength: W });
  const pad = o.vartriallen ? new Float64Array(W * C * slots) : null;
  const trl = data.trialdefinition;
  const cutSel: ResolvedSelection = {
    ...sel,
    trials: plan.cuts.map((c) => sel.trials[c.index]),
    stackRanges: plan.cuts.map((c) => [c.i0, c.i1] as [number, number]),
  };
  try {
    plan.cuts.forEach((cut, i) => {
      const x = data.readSelectedTrial(cutSel, i);
      const n = cut.i1 - cut.i0;
      let row: ArrayLike<number> = x.data as ArrayLike<number>;
      if (pad) {
        pad.fill(NaN);
        pad.set(x.data as ArrayLike<number>, cut.at * C * slots);
        row = pad;
      }
      moments.add(row);
      cov?.add(x.data as ArrayLike<number>, n);
      if (o.keeptrials) writer.append(pad ? { data: pad, shape: [W, C], dtype: keptDtype } : x);
    });
    const mean = moments.mean();
    if (!o.keeptrials) writer.append({ data: mean, shape: [W, C], dtype: outDtype });
    const store = writer.finish();
    const rows = o.keeptrials
      ? plan.cuts.map((c, i) => [i * W, (i + 1) * W, plan.s0, ...trl[sel.trials[c.index]].slice(3)])
      : [[0, W, plan.s0]];
    const K = plan.cuts.length;
    return {
      store, rows,
      avg: { data: mean, shape: [W, C], dtype: outDtype },
      var: { data: moments.variance(), shape: [W, C], dtype: "float64" },
      dof: { data: moments.count(), shape: [W, C], dtype: "float64" },
      cov: cov ? (o.keeptrials ? { data: cov.trials(), shape: [K, C, C], dtype: "float64" } : { data: cov.result(), shape: [C, C], dtype: "float64" }) : null,
    };
  } catch (e) {
    writer.abort();
    throw e;
  }
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(6)));
}

function listIds(ids: number[]): string {
  return ids.length <= 50 ? ids.join(", ") : `${ids.slice(0, 45).join(", ")}, … (${ids.length - 45} more)`;
}

function describe(plan: WindowPlan, sel: ResolvedSelection, W: number, varDdof: number, covDdof: number | null, keeptrials: boolean, vartriallen: boolean): string {
  const used = plan.cuts.map((c) => sel.trials[c.index]);
  const dropped = plan.dropped.map((i) => sel.trials[i]);
  const partial = vartriallen ? plan.cuts.filter((c) => c.i1 - c.i0 < W).length : 0;
  return `timelock window [${fmt(plan.window[0])}, ${fmt(plan.window[1])}] s (${W} samples); ` +
    `${used.length} trials (${listIds(used)})` +
    (dropped.length ? `; left out: ${listIds(dropped)}` : "") +
    (vartriallen ? `; vartriallen: ${partial} trials cover the window in part (per-sample dof)` : "") +
    `; var ddof ${varDdof}` +
    (covDdof !== null ? `; cov ddof ${covDdof}${keeptrials ? " per trial" : vartriallen ? " pooled over trials" : " averaged over trials"}` : "") +
    (keeptrials ? "; trials kept" : "");
}
