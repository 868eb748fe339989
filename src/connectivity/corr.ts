/**
 * method "corr" of spy.connectivityanalysis: Syncopy's cross-correlations of AnalogData, positive
 * lags 0 .. ceil(N/2) - 1 of trials of N samples (connectivity_analysis.py's corr branch,
 * ST_compRoutines.CrossCovariance, AV_compRoutines.NormalizeCrossCov).
 *
 *   per trial (corrComputeFunction.ts, in workers when `parallel`): detrend (polyremoval), the
 *     cross-covariances CC[l, i, j] = sum_n x_i[n + l] x_j[n] / (N - l)  (crossCovariance.ts,
 *     with Syncopy's one-lag shift of the upper triangle for even N);
 *   keeptrials false: the routine sums the trials in float64 in the main thread, in trial order
 *     (one trial at a time, so parallel = sequential bit for bit), and the average is divided by
 *     the zero-lag auto-covariances sqrt(CC[0, i, i] CC[0, j, j]);
 *   keeptrials true: each trial divided by its channels' standard deviations (in the compute function).
 *
 * The result: CrossSpectralData [lag, 1, channel_i, channel_j] float32, the time axis the lags in
 * seconds (trial rows [start, start + ceil(N/2), 0], trialinfo dropped as in Syncopy), freq [0].
 * It has its own single-trial stage, so it is not a row of connectivityanalysis' method table;
 * connectivityanalysis hands every corr call here before its AnalogData check.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean } from "../core/keywords";
import { isComplex, NDArray } from "../core/ndarray";
import { warn } from "../core/warnings";
import type { CallContext } from "../cfg/metafunction";
import { AnalogData } from "../data/analog";
import type { BaseData } from "../data/base";
import { CrossSpectralData } from "../data/crossspectral";
import { logEntry } from "../data/log";
import { propagateProperties } from "../data/propagate";
import { SelectionSource } from "../data/source";
import { TrialStoreWriter } from "../data/trialstore";
import { ComputeOptions, parseComputeOptions, warnIfBig } from "../compute/frontend";
import { ComputationalRoutine } from "../compute/routine";
import { parsePolyremoval } from "../specest/params";
import { CrossCovarianceKwargs, crossCovarianceComputeFunction } from "./corrComputeFunction";
import { lagCount, normalizeCrossCovariance } from "./crossCovariance";

/** Syncopy's name of the single-trial compute function, as the log shows it. */
const CF_NAME = "cross_covariance_cF";

/** Keywords of connectivityanalysis that corr does not read, with their defaults (they warn "no effect"). */
const INEFFECTIVE: Record<string, unknown> = {
  foi: null, foilim: null, output: "abs", tapsmofrq: null, nTaper: null, taper: "hann", taper_opt: null,
};

/** The checked keywords of a corr call. */
interface CorrPlan {
  keeptrials: boolean;
  polyremoval: 0 | 1 | null;
  compute: ComputeOptions;
}

/**
 * Syncopy's `connectivityanalysis(data, method="corr", ...)`: the one-sided (positive lags)
 * cross-correlations between all channels of AnalogData.
 *
 * Keywords read: `keeptrials` (default false: the trial-averaged covariances normalised by their
 * zero-lag auto-covariances; true: every trial's correlations, each normalised by its own standard
 * deviations), `polyremoval` (0 default: de-mean each trial; 1: linear detrend; null: none),
 * `pad` (only "maxperlen": corr does not pad), `select`, `parallel`, `mem_thresh`.
 * `foi`, `foilim`, `output`, `taper`, `tapsmofrq`, `nTaper`, `taper_opt` warn "no effect" (Syncopy
 * warns for all but foilim); `jackknife: true` warns and is dropped, as in Syncopy; `channelcmb`
 * (SpectralData only) and `chan_per_worker` (every pair needs all channels) are refused / ignored
 * with a warning.
 *
 * Errors: input that is not AnalogData (SpectralData included: corr correlates time series),
 * complex data, `pad` other than "maxperlen", a trial shorter than 2 samples, and with
 * keeptrials false trials whose lag counts ceil(N/2) differ (Syncopy: "Averaging trials of unequal
 * lengths in output currently not supported"). One trial is fine, as in Syncopy.
 *
 * Returns CrossSpectralData, dimord [time, freq, channel_i, channel_j]: time = lags l / samplerate
 * (offset 0), freq = [0], float32. Differences from Syncopy: computed in float64 (Syncopy in the
 * input's precision, float32 sums for the average) and stored as float32; for even N the upper
 * triangle carries Syncopy's one-lag shift (crossCovariance.ts).
 */
export async function corrAnalysis(data: BaseData, kw: Record<string, unknown>, ctx: CallContext): Promise<CrossSpectralData> {
  const plan = checkCorrKeywords(data, kw, ctx);
  const analog = data as AnalogData;
  const sel = analog.resolve(kw.select as never);
  const source = new SelectionSource(analog, sel);
  const lengths = sel.trials.map((_, i) => source.trialShape(i)[0]);
  checkTrialLengths(lengths, source, plan.keeptrials);
  const C = source.trialShape(0)[1];

  const kwargs: CrossCovarianceKwargs = { polyremoval: plan.polyremoval, norm: plan.keeptrials };
  const run = await runCrossCovariance(source, kwargs as unknown as Record<string, unknown>, plan, C);

  const lags = lengths.map(lagCount);
  const trialdefinition = plan.keeptrials ? stackLags(lags) : [[0, lags[0], 0]];
  const channels = sel.dims.channel ? sel.dims.channel.map((c) => analog.channel[c]) : analog.channel;
  const settings: Record<string, unknown> = {
    method: "corr", keeptrials: plan.keeptrials, polyremoval: plan.polyremoval, pad: kw.pad, select: kw.select, parallel: plan.compute.parallel,
  };
  return propagateProperties(analog, run.store, {
    name: "connectivityanalysis", outClass: CrossSpectralData, selection: sel, trialdefinition,
    axes: { freq: [0], channel_i: channels, channel_j: channels },
    cfgEntry: ctx.cfgEntry, log: logEntry(run.log(settings), "connectivityanalysis"),
  });
}

/** The input and keyword checks of Syncopy's corr branch (and the shared ones it passes through). */
function checkCorrKeywords(data: BaseData, kw: Record<string, unknown>, ctx: CallContext): CorrPlan {
  if (!(data instanceof AnalogData)) {
    throw new SPYValueError("data", data.className, "an AnalogData object for method 'corr' (cross-correlations are computed from time series, not from SpectralData)");
  }
  if (isComplex(data.dtype)) {
    throw new SPYTypeError("data", `AnalogData of dtype ${data.dtype}`, "real-valued AnalogData for method 'corr'");
  }
  const jackknife = checkBoolean(kw.jackknife, "jackknife");
  if (jackknife) warn("Jackknife is not available for method corr");
  if (kw.channelcmb !== null) {
    throw new SPYValueError("channelcmb", kw.channelcmb, "null (method 'corr' computes every channel pair of AnalogData; channelcmb needs SpectralData input). Select channels with select: { channel: [...] }");
  }
  if (kw.pad !== "maxperlen") {
    throw new SPYValueError("pad", kw.pad, "'maxperlen', no padding needed/allowed for cross-correlations");
  }
  const keeptrials = checkBoolean(kw.keeptrials, "keeptrials");
  const polyremoval = parsePolyremoval(kw.polyremoval);
  for (const key of Object.keys(INEFFECTIVE)) {
    if (ctx.given.has(key) && kw[key] !== INEFFECTIVE[key]) warn(`keyword '${key}' has no effect with method 'corr'`);
  }
  if (kw.chan_per_worker !== null && kw.chan_per_worker !== undefined) {
    warn("keyword 'chan_per_worker' has no effect with method 'corr' (every channel pair needs all channels of a trial)");
  }
  const compute = { ...parseComputeOptions(kw), chanPerWorker: undefined };
  return { keeptrials, polyremoval, compute };
}

/** At least 2 samples per trial; with keeptrials false, the same number of lags in every trial. */
function checkTrialLengths(lengths: number[], source: SelectionSource, keeptrials: boolean): void {
  lengths.forEach((n, k) => {
    if (n < 2) {
      throw new SPYValueError("data", `trial ${source.trialIndex(k)} of ${n} sample${n === 1 ? "" : "s"}`, "trials of at least 2 samples for method 'corr' (the zero-lag covariance of one de-meaned sample is 0)");
    }
  });
  if (keeptrials) return;
  const L0 = lagCount(lengths[0]);
  const k = lengths.findIndex((n) => lagCount(n) !== L0);
  if (k >= 0) {
    throw new SPYValueError("keeptrials", false, "true for trials of unequal lengths",
      `method 'corr' averages the lags 0 .. ceil(N/2) - 1 over trials: trial ${source.trialIndex(0)} has ${lengths[0]} samples ` +
      `(${L0} lags), trial ${source.trialIndex(k)} ${lengths[k]} (${lagCount(lengths[k])} lags). Averaging trials of unequal lengths is not supported (as in Syncopy); ` +
      "select trials or a latency window of equal length, or use keeptrials: true");
  }
}

/** Trial rows of the single-trial results laid end to end, offset 0 (the zero lag), no trialinfo. */
function stackLags(lags: number[]): number[][] {
  let start = 0;
  return lags.map((L) => {
    const row = [start, start + L, 0];
    start += L;
    return row;
  });
}

/**
 * Runs the compute function over the selected trials into a float32 CrossSpectralData store:
 * every trial as it arrives (keeptrials), or the routine's float64 trial average normalised by
 * its zero-lag auto-covariances.
 */
async function runCrossCovariance(source: SelectionSource, kwargs: Record<string, unknown>, plan: CorrPlan, C: number) {
  const routine = new ComputationalRoutine(crossCovarianceComputeFunction, {
    module: require.resolve("./corrComputeFunction"), name: "crossCovarianceComputeFunction",
  }, kwargs, { name: CF_NAME });
  routine.initialize(source, { keeptrials: plan.keeptrials });
  const shapes = routine.outputShapes;
  warnIfBig({ name: CF_NAME, keeptrials: plan.keeptrials, outDtype: "float32" }, shapes);
  const equal = shapes.every((s) => s[0] === shapes[0][0]);
  const writer = new TrialStoreWriter(new CrossSpectralData().fileExtension, "float32", [1, C, C], { trialLength: equal ? shapes[0][0] : undefined });
  try {
    const sink = { write: (_k: number, r: NDArray) => writer.append(toFloat32(r.data as Float64Array, r.shape)) };
    const res = await routine.compute(source, sink, {
      parallel: plan.compute.parallel, memThresh: plan.compute.memThresh, keeptrials: plan.keeptrials,
    });
    if (!plan.keeptrials) {
      if (!res.average) throw new Error("corr: the routine returned no trial average");
      const avg = Float64Array.from(res.average.data as Float64Array);
      normalizeCrossCovariance(avg, shapes[0][0], C);
      writer.append(toFloat32(avg, shapes[0]));
    }
    const store = writer.finish();
    return { store, log: (settings: Record<string, unknown>) => routine.writeLog("", settings).trimEnd() };
  } catch (e) {
    writer.abort();
    throw e;
  }
}

function toFloat32(values: Float64Array, shape: number[]): NDArray {
  return { data: Float32Array.from(values), shape: [...shape], dtype: "float32" };
}
