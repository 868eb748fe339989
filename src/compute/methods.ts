/**
 * One pattern for the methods of a metafunction: freqanalysis (mtmfft, mtmconvol, welch, wavelet,
 * superlet), preprocessing (filter classes but, firws, or none), resampledata (resample,
 * downsample), and the coming connectivityanalysis (csd, coh, ppc, granger, corr, ...).
 *
 * A metafunction keeps one MethodTable: a row (MethodEntry) per method, holding
 *   - `keywords`: the method's own keywords (given explicitly to another method of the table, they
 *     warn "no effect": warnIneffective);
 *   - `plan`: the method's keyword plan, validation -> compute kwargs: it checks the method's
 *     keywords against the call's context (`Ctx`, the metafunction's choice) and returns a
 *     `Plan` (at least the compute function's kwargs, the output dtype and the method's log settings;
 *     a metafunction's Plan type adds what its output needs, e.g. freq and trialdefinition);
 *   - `cfName`, `computeFunction`, `ref`: the compute function (Syncopy's cF name in the log; the
 *     ref is how a worker thread finds it);
 *   - `output`: the class of the result.
 * The metafunction validates the keywords common to all its methods, picks the row (lookupMethod),
 * calls `plan`, runs it (runMethod: a ComputationalRoutine over the selected trials) and builds its
 * result with propagateProperties (data/propagate.ts).
 *
 * How to add a method (at most three files):
 *   1. its compute function, exported from a module of its own (workers load it by `ref`);
 *   2. its plan, `(ctx: Ctx) => Plan` (beside the compute function or in the metafunction's plans);
 *   3. one row in the metafunction's table: name -> { cfName, computeFunction, ref, output, keywords, plan }.
 */
import { SPYValueError } from "../core/errors";
import { warn } from "../core/warnings";
import type { DType } from "../core/ndarray";
import type { ComputeFunction, ComputeFunctionRef, TrialSource } from "../core/computeTypes";
import type { BaseData } from "../data/base";
import type { DataClass } from "../data/registry";
import { ComputeOptions, RoutineResult, runRoutine } from "./frontend";

/** What every method's plan returns (a metafunction's Plan type extends it). */
export interface ComputePlan {
  /** The compute function's kwargs: JSON-serialisable and structured-cloneable (they go to workers). */
  kwargs: Record<string, unknown>;
  /** dtype of the output trials. */
  outDtype: DType;
  /** The method's own entries of the provenance log ("computed <cfName> with settings"). */
  settings: Record<string, unknown>;
}

/** One method of a metafunction: see the file comment. */
export interface MethodEntry<Ctx, Plan extends ComputePlan = ComputePlan, Out extends BaseData = BaseData> {
  /** Syncopy's name of the compute function, as the log shows it ("mtmfft_cF"). */
  cfName: string;
  computeFunction: ComputeFunction;
  /** Where a worker thread finds `computeFunction`: { module: require.resolve(...), name }. */
  ref: ComputeFunctionRef;
  /** Class of the result. */
  output: DataClass<Out>;
  /** Keywords only this method (and the methods listing them too) reads. */
  keywords: readonly string[];
  /** Validation -> compute kwargs: the method's keyword plan. */
  plan(ctx: Ctx): Plan;
}

/** A metafunction's methods by name; the key order is the order error messages list them in. */
export type MethodTable<Ctx, Plan extends ComputePlan = ComputePlan, Out extends BaseData = BaseData> =
  Readonly<Record<string, MethodEntry<Ctx, Plan, Out>>>;

/**
 * The row of `method`; anything else, of any type, is a SPYValueError expecting `expected`
 * (default "one of a, b, c": the table's methods), as Syncopy's frontends raise for a method not in
 * their list (`freqanalysis(method=3)`, `preprocessing(filter_class=3)`).
 */
export function lookupMethod<E>(table: Readonly<Record<string, E>>, method: unknown, expected?: string, param = "method"): E {
  if (typeof method !== "string" || !Object.prototype.hasOwnProperty.call(table, method)) {
    throw new SPYValueError(param, method, expected ?? `one of ${Object.keys(table).join(", ")}`);
  }
  return table[method];
}

/**
 * Warn "keyword 'k' has no effect with method 'm'" for every keyword of the table's other methods
 * that the caller gave explicitly with a value other than its default.
 */
export function warnIneffective(
  table: Readonly<Record<string, { keywords: readonly string[] }>>, method: string,
  kw: Record<string, unknown>, given: Set<string>, defaults: Record<string, unknown>,
): void {
  const own = new Set(table[method].keywords);
  const all = new Set(Object.values(table).flatMap((e) => [...e.keywords]));
  for (const key of all) {
    if (own.has(key) || !given.has(key) || kw[key] === defaults[key]) continue;
    warn(`keyword '${key}' has no effect with method '${method}'`);
  }
}

export interface MethodRun {
  /** The selected trials of the input. */
  source: TrialSource;
  /** false: the routine averages the trials. */
  keeptrials: boolean;
  compute: ComputeOptions;
}

/** Run a method's plan as a ComputationalRoutine into a new store of the output class's file type. */
export function runMethod<Ctx, Plan extends ComputePlan, Out extends BaseData>(
  entry: MethodEntry<Ctx, Plan, Out>, plan: Plan, run: MethodRun,
): Promise<RoutineResult> {
  return runRoutine({
    name: entry.cfName, computeFunction: entry.computeFunction, ref: entry.ref, kwargs: plan.kwargs,
    source: run.source, keeptrials: run.keeptrials, compute: run.compute,
    ext: new entry.output().fileExtension, outDtype: plan.outDtype,
  });
}
