/**
 * TimeLockData: time-locked multi-channel data, dimord ["time", "channel"], Syncopy's class of the
 * same name (what `spy.timelockanalysis` returns), with FieldTrip's `dof` beside it.
 *
 * Besides its trials, a TimeLockData carries datasets (BaseData's extra datasets, saved in the
 * .spy container as files of their own, `run1.timelock.avg`, ..., and read back by spy.load):
 * - `avg`  [time, channel]: the mean over trials;
 * - `var`  [time, channel]: the variance over trials (its ddof in `var_ddof`);
 * - `dof`  [time, channel]: FieldTrip's per-sample count of contributing trials;
 * - `cov`  [channel, channel] (the trial average), or [trial, channel, channel] when the
 *   covariances were kept per trial (Syncopy's and FieldTrip's keeptrials); null when not computed.
 * How var and cov were estimated (their ddof) is kept in `metadata.timelock`, saved with the object.
 *
 * What the trials are: the time-locked trials when they were kept (`keeptrials: true`), else one
 * trial, the average (as `spy.mean(data, {dim: "trials"})` gives). Syncopy's TimeLockData always
 * holds every cut trial as its `data`; spyts copies them only when asked.
 *
 * Every trial has the same length and offset (Syncopy's `is_time_locked`): a trialdefinition that
 * breaks this is refused, as by Syncopy's trialdefinition setter. Objects derived from a
 * TimeLockData by selectdata or arithmetic keep the trials, not the datasets (as in Syncopy).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkOptions } from "../core/keywords";
import { NDArray, ascontiguous, fromNested, isComplex, isNDArray } from "../core/ndarray";
import { ContinuousData, ContinuousInit, CONTINUOUS_INIT_KEYS } from "./continuous";
import { TrialDefinition } from "./trialdefinition";
import { TrialBackend } from "./trialstore";
import { registerDataClass } from "./registry";
import { escapeHTML } from "../plot/summary";

/** The datasets a TimeLockData may carry, in the order they are listed. */
export const TIMELOCK_DATASETS = ["avg", "var", "dof", "cov"] as const;
/** The name of a TimeLockData dataset: "avg", "var", "dof" or "cov". */
export type TimeLockDataset = (typeof TIMELOCK_DATASETS)[number];

/** How var and cov were estimated (kept in `metadata.timelock`). */
export interface TimeLockEstimators {
  /** Delta degrees of freedom of `var` (Syncopy: 0; FieldTrip: 1). */
  var_ddof: number;
  /** Delta degrees of freedom of `cov` (np.cov's ddof; null: numpy's default N − 1). */
  cov_ddof: number | null;
}

/**
 * The TimeLockData constructor's keywords: ContinuousInit's (data, samplerate, channel,
 * trialdefinition, cfg, log, info, metadata) plus the datasets and how they were estimated.
 */
export interface TimeLockInit extends ContinuousInit {
  /** Mean over trials [time, channel]; alone (without `data`) it becomes the one trial. */
  avg?: NDArray | number[][];
  /** Variance over trials [time, channel], real (its ddof in `var_ddof`). */
  var?: NDArray | number[][];
  /** Contributing trials per sample [time, channel] (FieldTrip's dof). */
  dof?: NDArray | number[][];
  /** [channel, channel], or [trial, channel, channel] (one per trial). */
  cov?: NDArray | number[][] | number[][][];
  /** Delta degrees of freedom of `var` (default 0, as Syncopy). */
  var_ddof?: number;
  /** Delta degrees of freedom of `cov` (default null: np.cov's N − 1). */
  cov_ddof?: number | null;
}

const INIT_KEYS = [...CONTINUOUS_INIT_KEYS, ...TIMELOCK_DATASETS, "var_ddof", "cov_ddof"];

/**
 * Time-locked multi-channel data (Syncopy's TimeLockData), dimord ["time", "channel"]: what
 * timelockanalysis returns. Every trial has the same length and offset; the datasets `avg`, `var`,
 * `dof` and `cov` sit beside the trials (which are the average alone unless trials were kept).
 */
export class TimeLockData extends ContinuousData {
  static readonly defaultDimord = ["time", "channel"];
  readonly className = "TimeLockData";
  readonly fileExtension = ".timelock";
  readonly selectionKeywords = ["trials", "channel", "latency"];

  /**
   * Keywords: AnalogData's (`data` as a list of equally long trials or a stacked array with a
   * trialdefinition, `samplerate`, `channel`, `trialdefinition`, cfg, log, info, metadata), and the
   * datasets `avg`, `var`, `dof`, `cov` with `var_ddof` (default 0) and `cov_ddof` (default null:
   * N − 1). `avg` without `data` makes the average the one trial, at offset 0 unless a
   * trialdefinition says otherwise.
   */
  constructor(init: TimeLockInit = {}) {
    super(TimeLockData.defaultDimord);
    const o = checkOptions(init, "TimeLockData", INIT_KEYS) as TimeLockInit;
    const { avg, var: variance, dof, cov, var_ddof, cov_ddof, ...continuous } = o;
    if (continuous.data === undefined && avg !== undefined) {
      const a = toArray(avg, "avg");
      continuous.data = [a];
      continuous.trialdefinition ??= [[0, a.shape[0], 0]];
    }
    this.initContinuous(continuous, TimeLockData.defaultDimord);
    const given = { avg, var: variance, dof, cov };
    const any = Object.values(given).some((v) => v !== undefined);
    if (any && this.storage === null) throw new SPYValueError("avg", avg, "datasets together with data (or avg alone)");
    if (any || var_ddof !== undefined || cov_ddof !== undefined) this.setEstimators({ var_ddof: var_ddof ?? 0, cov_ddof: cov_ddof ?? null });
    for (const name of TIMELOCK_DATASETS) {
      const v = given[name];
      if (v !== undefined) this.setDataset(name, toArray(v, name));
    }
  }

  // ---- time locking ---------------------------------------------------------------------

  /** Every trial has the same length and the same offset (Syncopy's `is_time_locked`). */
  get is_time_locked(): boolean {
    return isTimeLocked(this.rows as TrialDefinition);
  }

  setStore(store: TrialBackend, trialdefinition: TrialDefinition): void {
    checkTimeLocked(trialdefinition);
    super.setStore(store, trialdefinition);
  }

  redefineTrials(trialdefinition: TrialDefinition, param = "trialdefinition"): void {
    checkTimeLocked(trialdefinition, param);
    super.redefineTrials(trialdefinition, param);
  }

  /** The common time axis of the trials and datasets, in s. */
  get timeAxis(): Float64Array {
    const r = this.rows[0];
    if (!r) return new Float64Array(0);
    return Float64Array.from({ length: r[1] - r[0] }, (_, i) => (i + r[2]) / this.samplerate);
  }

  // ---- datasets -------------------------------------------------------------------------

  /** Mean over trials [time, channel] (a copy; null if not computed). */
  get avg(): NDArray | null { return this.dataset("avg") ?? null; }
  /** Variance over trials [time, channel], ddof `var_ddof` (a copy; null if not computed). */
  get var(): NDArray | null { return this.dataset("var") ?? null; }
  /** Number of trials that contributed to each sample [time, channel] (FieldTrip's dof; null if not computed). */
  get dof(): NDArray | null { return this.dataset("dof") ?? null; }
  /** Channel covariance [channel, channel], or [trial, channel, channel] kept per trial (null if not computed). */
  get cov(): NDArray | null { return this.dataset("cov") ?? null; }

  /** Delta degrees of freedom of `var` (0 as Syncopy unless timelockanalysis was told otherwise). */
  get var_ddof(): number { return this.estimators().var_ddof; }
  /** Delta degrees of freedom of `cov`; null is np.cov's default, N − 1. */
  get cov_ddof(): number | null { return this.estimators().cov_ddof; }
  /** `cov` holds one matrix per trial. */
  get cov_keeptrials(): boolean { return (this.dataset("cov")?.shape.length ?? 2) === 3; }

  private estimators(): TimeLockEstimators {
    const m = (this.metadata as { timelock?: Partial<TimeLockEstimators> }).timelock;
    return { var_ddof: typeof m?.var_ddof === "number" ? m.var_ddof : 0, cov_ddof: typeof m?.cov_ddof === "number" ? m.cov_ddof : null };
  }

  /** Record how var and cov were estimated, in `metadata.timelock` (timelockanalysis calls this). */
  setEstimators(e: TimeLockEstimators): void {
    if (typeof e.var_ddof !== "number") throw new SPYTypeError("var_ddof", e.var_ddof, "a non-negative integer");
    if (!Number.isInteger(e.var_ddof) || e.var_ddof < 0) throw new SPYValueError("var_ddof", e.var_ddof, "a non-negative integer");
    if (e.cov_ddof !== null && typeof e.cov_ddof !== "number") throw new SPYTypeError("cov_ddof", e.cov_ddof, "null or a non-negative integer");
    if (e.cov_ddof !== null && (!Number.isInteger(e.cov_ddof) || e.cov_ddof < 0)) throw new SPYValueError("cov_ddof", e.cov_ddof, "null or a non-negative integer");
    this.metadata = { ...this.metadata, timelock: { var_ddof: e.var_ddof, cov_ddof: e.cov_ddof } };
  }

  /**
   * Attach a dataset, checked against the trials: avg (real or complex), var and dof
   * [time, channel]; cov [channel, channel] or [trial, channel, channel]. Other names are
   * BaseData's free-form extra datasets.
   */
  setDataset(name: string, array: NDArray): void {
    if ((TIMELOCK_DATASETS as readonly string[]).includes(name)) {
      if (!isNDArray(array)) throw new SPYTypeError(name, array, "an NDArray");
      if (this.storage === null) throw new SPYValueError(name, "a dataset", "a TimeLockData with data first");
      checkDatasetShape(name as TimeLockDataset, array, this.trialShape(0), this.nTrials);
    }
    super.setDataset(name, array);
  }

  // ---- display --------------------------------------------------------------------------

  /** The rows a TimeLockData adds to the summary: the common time axis and each dataset. */
  private datasetRows(): { key: string; value: string }[] {
    const out: { key: string; value: string }[] = [];
    if (this.storage === null) return out;
    const t = this.timeAxis;
    if (t.length) out.push({ key: "time", value: `${t.length}: ${fmtNum(t[0])} … ${fmtNum(t[t.length - 1])} s (every trial)` });
    for (const name of TIMELOCK_DATASETS) {
      const a = this.dataset(name);
      if (!a) continue;
      const dims = name === "cov" ? (a.shape.length === 3 ? "trial × channel × channel" : "channel × channel") : "time × channel";
      let note = "";
      if (name === "var") note = `, ddof ${this.var_ddof}`;
      if (name === "cov") note = `, ddof ${this.cov_ddof ?? "N − 1"}`;
      if (name === "dof") note = dofRange(a);
      out.push({ key: name, value: `[${a.shape.join(", ")}] ${a.dtype} (${dims}${note})` });
    }
    return out;
  }

  summary(): string {
    const text = super.summary().split("\n");
    const extra = this.datasetRows();
    if (!extra.length) return text.join("\n");
    // align with the summary's own "key : value" column, before its storage/cfg/log lines
    const colon = text[1]?.indexOf(" : ") ?? 2;
    const width = Math.max(colon - 2, ...extra.map((r) => r.key.length));
    const lines = extra.map((r) => `  ${r.key.padStart(width)} : ${r.value}`);
    let at = text.findIndex((l) => /^\s*(storage|cfg|log) : /.test(l));
    if (at < 0) at = text.length;
    text.splice(at, 0, ...lines);
    return text.join("\n");
  }

  summaryHTML(): string {
    const html = super.summaryHTML();
    const extra = this.datasetRows();
    if (!extra.length) return html;
    const th = "text-align:right;padding:1px 8px 1px 0;font-weight:600;color:#555;vertical-align:top";
    const td = "text-align:left;padding:1px 0;font-family:monospace";
    const rows = extra.map((r) => `<tr><th style="${th}">${escapeHTML(r.key)}</th><td style="${td}">${escapeHTML(r.value)}</td></tr>`).join("");
    return html.replace("</table>", `${rows}</table>`);
  }
}

registerDataClass("TimeLockData", TimeLockData);

function fmtNum(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

function dofRange(dof: NDArray): string {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < dof.data.length; i++) { lo = Math.min(lo, dof.data[i]); hi = Math.max(hi, dof.data[i]); }
  if (!Number.isFinite(lo)) return "";
  return lo === hi ? `, ${lo} trials everywhere` : `, ${lo} … ${hi} trials`;
}

/** Equal trial lengths and offsets (Syncopy's `is_time_locked`). */
export function isTimeLocked(trl: readonly number[][]): boolean {
  if (trl.length === 0) return true;
  const n = trl[0][1] - trl[0][0], off = trl[0][2];
  return trl.every((r) => r[1] - r[0] === n && r[2] === off);
}

function checkTimeLocked(trl: TrialDefinition, param = "trialdefinition"): void {
  if (!isTimeLocked(trl)) {
    throw new SPYValueError(param, trl, "a trialdefinition with equally long trials and one common offset (time-locked trials)",
      "TimeLockData holds time-locked trials only");
  }
}

function toArray(x: unknown, param: string): NDArray {
  if (isNDArray(x)) return ascontiguous(x);
  if (Array.isArray(x)) return fromNested(x, "float64");
  throw new SPYTypeError(param, x, "an NDArray or nested number arrays");
}

/** A dataset's shape against the trials [n, C] (and their count K for a per-trial cov). */
function checkDatasetShape(name: TimeLockDataset, a: NDArray, trial: number[], K: number): void {
  const [n, C] = trial;
  const s = a.shape;
  if (name === "cov") {
    const ok = (s.length === 2 && s[0] === C && s[1] === C) || (s.length === 3 && s[0] === K && s[1] === C && s[2] === C);
    if (!ok) throw new SPYValueError("cov", `an array of shape [${s}]`, `[${C}, ${C}] (channel x channel) or [${K}, ${C}, ${C}] (one per trial)`);
  } else if (s.length !== 2 || s[0] !== n || s[1] !== C) {
    throw new SPYValueError(name, `an array of shape [${s}]`, `[${n}, ${C}] (time x channel, as the trials)`);
  }
  if (name !== "avg" && isComplex(a.dtype)) throw new SPYValueError(name, a.dtype, `a real ${name}`);
}
