/**
 * spy.mean, spy.std, spy.var, spy.median (Syncopy's statistics/summary_stats.py): a statistic along
 * any dimension of a data object's dimord, or over trials.
 *
 * - Along a dimension (`dim` in `data.dimord`): a ComputationalRoutine per trial
 *   (npstatsComputeFunction, in workers with `parallel`); the reduced axis stays with length 1.
 *   Its labels become `[operation]` (channel: ["mean"]), a numeric axis (freq) becomes [0], as in
 *   Syncopy. Along the stacking axis "time" each trial becomes one sample at time 0 (rows
 *   [k, k+1, 0, trialinfo...]). `keeptrials: false` then averages the per-trial results (equal
 *   shapes needed; the row of the first selected trial, or [0, 1, 0] along time).
 * - Over trials (`dim: "trials"`): streamed in the main thread, one trial in memory (trialStats.ts);
 *   one output trial with the first selected trial's row; median included (Syncopy has none).
 *
 * Syncopy's defaults: `keeptrials` true, `ddof` 0, NaN ignored along a dimension (np.nanmean...)
 * and propagated over trials. `nan: "propagate" | "omit"` makes either explicit (over trials
 * "omit" is FieldTrip's per-element count of contributing trials).
 */
import { SPYValueError } from "../core/errors";
import { checkBoolean } from "../core/keywords";
import { warn } from "../core/warnings";
import { arrayConstructor, NDArray, shapeSize } from "../core/ndarray";
import { metafunction, CallContext, SameClassMetaFunction } from "../cfg/metafunction";
import type { StatisticsKeywords } from "./statisticsKeywords";
import { ContinuousData } from "../data/continuous";
import { SelectionSource } from "../data/source";
import { TrialStoreWriter } from "../data/trialstore";
import { outputRows, propagateProperties } from "../data/propagate";
import { parseComputeOptions, runRoutine } from "../compute/frontend";
import type { StatOperation } from "./sliceStats";
import { npstatsComputeFunction } from "./npstatsComputeFunction";
import { statOutputDtype } from "./statDtype";
import { statisticOverTrials } from "./trialStats";
import { commonTrialShape } from "./trialShapes";
import { checkDdofBelow, parseDdof, parseDim, parseNan } from "./statParams";
import { statisticsLog } from "./statLog";

/** Syncopy's signature (`dim`, `keeptrials=True`) and spyts' `ddof` and `nan`. */
export const STATISTICS_DEFAULTS: Record<string, unknown> = {
  dim: null,
  keeptrials: true,
  ddof: 0,
  nan: null,
};

const NPSTATS_REF = { module: require.resolve("./npstatsComputeFunction"), name: "npstatsComputeFunction" };

function isData(x: unknown): x is ContinuousData {
  return x instanceof ContinuousData;
}

/** A trialdefinition row moved to start at 0 (one stored trial of `length` samples). */
function rowAtZero(row: number[], length: number): number[] {
  return [0, length, ...row.slice(2)];
}

async function run(op: StatOperation, data: ContinuousData, kw: Record<string, unknown>, ctx: CallContext): Promise<ContinuousData> {
  if (data.nTrials === 0 || !data.storage) throw new SPYValueError("data", `an empty ${data.className}`, "a data object with trials");
  const dim = parseDim(kw.dim, data.dimord);
  const keeptrials = checkBoolean(kw.keeptrials, "keeptrials");
  const ddof = parseDdof(kw.ddof);
  const nan = parseNan(kw.nan, dim);
  if (ctx.given.has("ddof") && op !== "var" && op !== "std") warn(`${op}: keyword 'ddof' has no effect (it applies to var and std)`);
  const compute = parseComputeOptions(kw);
  const sel = data.resolve(kw.select as never);
  const source = new SelectionSource(data, sel);
  const rows = outputRows(source, kw.select);
  const usesDdof = op === "var" || op === "std";

  if (dim === "trials") {
    if (ctx.given.has("keeptrials") && !keeptrials) warn(`${op}: keyword 'keeptrials' has no effect with dim="trials" (the result is one trial)`);
    if (compute.parallel === true) warn(`${op}: trial statistics are computed sequentially, ignoring parallel=true`);
    const shape = commonTrialShape(source);
    if (usesDdof) checkDdofBelow(ddof, source.nTrials, "trials");
    const elements = shapeSize(shape);
    const values = statisticOverTrials(op, source, elements, { nan, ddof });
    const outDtype = statOutputDtype(op, source.dtype);
    const store = writeOneTrial(data.fileExtension, values, shape, outDtype);
    const settings = { operation: op, dim, ddof, nan, select: kw.select };
    return propagateProperties<ContinuousData, ContinuousData>(data, store, {
      name: op, selection: sel, trialdefinition: [rowAtZero(rows[0], shape[0])],
      cfgEntry: ctx.cfgEntry, log: statisticsLog(op, "trial statistics", settings),
    });
  }

  const axis = data.dimord.indexOf(dim);
  if (usesDdof) {
    for (let i = 0; i < source.nTrials; i++) {
      const n = source.trialShape(i)[axis];
      checkDdofBelow(ddof, n, axis === 0 ? `samples along ${dim} in trial ${source.trialIndex(i)}` : `entries along ${dim}`);
    }
  }
  let chanPerWorker = compute.chanPerWorker;
  if (chanPerWorker !== undefined && dim.includes("channel")) {
    warn(`${op}: parallelization over channels is not possible for a statistic along '${dim}', ignoring chan_per_worker`);
    chanPerWorker = undefined;
  }
  const outDtype = statOutputDtype(op, source.dtype);
  const result = await runRoutine({
    name: "npstats_cF", computeFunction: npstatsComputeFunction, ref: NPSTATS_REF,
    kwargs: { operation: op, axis, ddof, nan }, source, keeptrials, compute: { ...compute, chanPerWorker },
    ext: data.fileExtension, outDtype,
  });

  let trialdefinition: number[][];
  if (axis === 0) {
    trialdefinition = keeptrials ? rows.map((r, k) => [k, k + 1, 0, ...r.slice(3)]) : [[0, 1, 0]];
  } else {
    trialdefinition = keeptrials ? rows : [rowAtZero(rows[0], rows[0][1] - rows[0][0])];
  }
  const axes: Record<string, string[] | Float64Array> = {};
  if (axis > 0) axes[dim] = Array.isArray(data.axisValues(dim)) ? [op] : Float64Array.of(0);
  const settings = { operation: op, dim, keeptrials, ddof, nan, select: kw.select, parallel: compute.parallel };
  return propagateProperties<ContinuousData, ContinuousData>(data, result.store, {
    name: op, selection: sel, trialdefinition, axes,
    cfgEntry: ctx.cfgEntry, log: result.log(op, settings),
  });
}

/** One trial of float64 values stored in `dtype`. */
function writeOneTrial(ext: string, values: Float64Array, shape: number[], dtype: NDArray["dtype"]) {
  const Ctor = arrayConstructor(dtype);
  const data = Ctor === Float64Array ? values : new Ctor(values.length);
  if (data !== values) data.set(values);
  const writer = new TrialStoreWriter(ext, dtype, shape.slice(1), { trialLength: shape[0] });
  try {
    writer.append({ data, shape, dtype });
  } catch (e) {
    writer.abort();
    throw e;
  }
  return writer.finish();
}

/** One statistic as a metafunction whose result has the class of its input. */
function statistic(op: StatOperation): SameClassMetaFunction<StatisticsKeywords, ContinuousData> {
  return metafunction<ContinuousData, ContinuousData>(op, STATISTICS_DEFAULTS, isData, (d, kw, ctx) => run(op, d, kw, ctx)) as
    SameClassMetaFunction<StatisticsKeywords, ContinuousData>;
}

/**
 * `spy.mean(data, { dim, keeptrials = true, ddof, nan, select, parallel })`: the mean along `dim` (a
 * name in `data.dimord`, the axis kept with length 1) or over trials (`dim: "trials"`, streamed).
 * NaN: ignored along a dim (np.nanmean), propagated over trials (np.mean); `nan` sets it.
 * Complex data give a complex mean. Returns an object of the input's class.
 */
export const mean = statistic("mean");
/**
 * `spy.var(data, { dim, keeptrials = true, ddof = 0, nan, select, parallel })`: the variance
 * `sum |x - mean|^2 / (count - ddof)` (real also for complex data) along `dim` or over trials
 * (Welford, streamed). `ddof` must be below the count; with `nan: "omit"` an element whose count
 * is not above ddof is NaN.
 */
export const var_ = statistic("var");
/** `spy.std(data, { dim, keeptrials = true, ddof = 0, nan, select, parallel })`: the square root of `spy.var`. */
export const std = statistic("std");
/**
 * `spy.median(data, { dim, keeptrials = true, nan, select, parallel })`: numpy's median (even
 * counts average the two middle values; complex numbers sorted lexicographically, real part
 * first, as numpy's sort). Over trials (which Syncopy lacks) the trials are gathered element block
 * by block in at most 256 MiB (a temporary spill file beyond): see trialMedian.ts.
 */
export const median = statistic("median");
