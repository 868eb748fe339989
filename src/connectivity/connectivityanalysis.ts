/**
 * spy.connectivityanalysis: AnalogData or complex SpectralData -> CrossSpectralData (reference
 * §1.3), Syncopy's keywords and defaults. Methods: Syncopy's "csd", "coh" (every `output`),
 * "granger" (granger.ts; `info` gets Syncopy's convergence keys), "ppc" and "corr" (corr.ts: its
 * own stage on the time series), and mne-connectivity's "cohy", "imcoh", "plv", "ciplv", "pli",
 * "pli2_unbiased", "dpli", "wpli", "wpli2_debiased" (phaseMeasures.ts). `channelcmb` (channelcmb.ts)
 * for every spectral method and every input; `jackknife` for coh and granger (jackknife.ts).
 *
 * The pattern of compute/methods.ts: METHODS has one row per measure (its compute function, plan,
 * output class and own keywords). This file checks the keywords every measure shares, asks the
 * row's plan for the rest, runs the single-trial stage (spectralStage.ts: specest's mtmfft
 * spectra in the routine, cross-multiplied in the main thread; spectralInput.ts for given
 * spectra), hands the trial average (or each trial, to a TrialEstimator) to the measure and builds
 * the output through data/propagate.ts.
 *
 * A new measure on the cross spectra: a file exporting `spectralMeasure({...})` (csd.ts, coh.ts,
 * phaseMeasures.ts) and its row here.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean } from "../core/keywords";
import { captureWarnings, warn } from "../core/warnings";
import { metafunction, CallContext, TypedMetaFunction } from "../cfg/metafunction";
import type { ConnectivityKeywords } from "./connectivityKeywords";
import { AnalogData } from "../data/analog";
import { SpectralData } from "../data/spectral";
import { BaseData } from "../data/base";
import { CrossSpectralData } from "../data/crossspectral";
import { SelectionSource } from "../data/source";
import { TrialStoreWriter } from "../data/trialstore";
import { propagateProperties } from "../data/propagate";
import { parseComputeOptions } from "../compute/frontend";
import { MethodTable, lookupMethod, warnIneffective } from "../compute/methods";
import { parsePolyremoval } from "../specest/params";
import { CrossSpectraResult, runCrossSpectra, SPECTRAL_KEYWORDS } from "./spectralStage";
import { runSpectralInputCrossSpectra, spectralInputShape, SpectralInputShape } from "./spectralInput";
import { parseChannelcmb, takePairs } from "./channelcmb";
import { JackknifeResult, JackknifeSums } from "./jackknife";
import type { ConnectivityContext, ConnectivityPlan, MeasureResult, SpectralInputPlan, TrialEstimator } from "./types";
import { csd } from "./csd";
import { coh, cohy, imcoh } from "./coh";
import { ciplv, dpli, pli, pli2_unbiased, plv, ppc, wpli, wpli2_debiased } from "./phaseMeasures";
import { granger } from "./granger";
import { corrAnalysis } from "./corr";

/** Syncopy's connectivityanalysis signature, in its order. */
export const CONNECTIVITY_DEFAULTS: Record<string, unknown> = {
  method: "coh",
  keeptrials: false,
  output: "abs",
  foi: null,
  foilim: null,
  pad: "maxperlen",
  channelcmb: null,
  polyremoval: 0,
  tapsmofrq: null,
  nTaper: null,
  taper: "hann",
  taper_opt: null,
  jackknife: false,
};

/** Syncopy's `availableMethods`, then mne-connectivity's bivariate measures (spyts' additions). */
export const AVAILABLE_METHODS = [
  "coh", "corr", "granger", "csd", "ppc",
  "cohy", "imcoh", "plv", "ciplv", "pli", "pli2_unbiased", "dpli", "wpli", "wpli2_debiased",
] as const;

/** The methods whose jackknife bias and variance are computed (Syncopy's). */
const JACKKNIFE_METHODS = ["coh", "granger"];

/** The measures on the cross spectra, one row each (compute/methods.ts); corr is dispatched to corr.ts. */
export const METHODS: MethodTable<ConnectivityContext, ConnectivityPlan, CrossSpectralData> = {
  csd, coh, granger, ppc,
  cohy, imcoh, plv, ciplv, pli, pli2_unbiased, dpli, wpli, wpli2_debiased,
};

function isData(x: unknown): x is BaseData {
  return x instanceof BaseData;
}

/**
 * `spy.connectivityanalysis(data, { method, output, tapsmofrq, foilim, channelcmb, keeptrials, jackknife, ... })`:
 * a connectivity measure between channels of an AnalogData (or of complex SpectralData from
 * freqanalysis with `output: "fourier"`), as a CrossSpectralData [time, freq, channel_i, channel_j]
 * (Syncopy's connectivityanalysis; keywords and defaults in ConnectivityKeywords).
 */
export const connectivityanalysis = metafunction<BaseData, CrossSpectralData>("connectivityanalysis", CONNECTIVITY_DEFAULTS, isData, run) as
  TypedMetaFunction<AnalogData | SpectralData, CrossSpectralData, ConnectivityKeywords>;

function methodRow(method: unknown) {
  if (typeof method === "string" && (AVAILABLE_METHODS as readonly string[]).includes(method) && !(method in METHODS)) {
    throw new SPYValueError("method", method, `one of ${Object.keys(METHODS).join(", ")}`, `Syncopy's method '${method}' is not implemented in spyts yet`);
  }
  return lookupMethod(METHODS, method, `one of ${AVAILABLE_METHODS.join(", ")} (spyts implements ${Object.keys(METHODS).join(", ")})`);
}

async function run(data: BaseData, kw: Record<string, unknown>, ctx: CallContext): Promise<CrossSpectralData> {
  // corr has its own single-trial stage (cross-covariances of the time series): corr.ts
  if (kw.method === "corr") {
    if (!(data instanceof AnalogData)) {
      // Syncopy: SPYValueError "expected AnalogData" (asserted by its test_spectral_corr)
      throw new SPYValueError("data", data.className, "AnalogData for method 'corr' (a cross-correlation of the time series; spectra have none)");
    }
    return corrAnalysis(data, kw, ctx);
  }
  if (!(data instanceof AnalogData) && !(data instanceof SpectralData)) {
    throw new SPYTypeError("data", data.className, "either AnalogData or SpectralData (complex, output='fourier') as input");
  }
  const entry = methodRow(kw.method);
  const method = kw.method as string;
  let jackknife = checkBoolean(kw.jackknife, "jackknife");
  if (jackknife && !JACKKNIFE_METHODS.includes(method)) {
    // Syncopy: coh and granger only; for the others it warns and drops it
    warn(`Jackknife is not available for method ${method}`);
    jackknife = false;
  }
  const keeptrials = checkBoolean(kw.keeptrials, "keeptrials");
  if (jackknife && keeptrials) throw new SPYValueError("keeptrials", true, `false: the jackknife of method '${method}' is taken from the trial average`);
  const polyremoval = parsePolyremoval(kw.polyremoval);
  warnIneffective(METHODS, method, kw, ctx.given, CONNECTIVITY_DEFAULTS);
  const compute = parseComputeOptions(kw);

  const cmb = parseChannelcmb(kw.channelcmb, data.channel, kw.select);
  const select = cmb ? { ...((kw.select as object | null) ?? {}), channel: cmb.union } : kw.select;
  const sel = data.resolve(select as never);
  const source = new SelectionSource(data, sel);
  if (source.nTrials < 2) {
    throw new SPYValueError("data", `${source.nTrials} trial`, "multi-trial input: spectral connectivity measures depend on trial averaging");
  }
  let spectralInput: SpectralInputPlan | undefined;
  let inputShape: SpectralInputShape | undefined;
  if (data instanceof SpectralData) {
    inputShape = spectralInputShape(data, source);
    const fi = data.freq;
    spectralInput = { T: inputShape.T, K: inputShape.K, freq: sel.dims.freq ? Float64Array.from(sel.dims.freq, (i) => fi[i]) : fi };
    for (const key of ["polyremoval", "pad", ...SPECTRAL_KEYWORDS]) {
      if (ctx.given.has(key) && kw[key] !== CONNECTIVITY_DEFAULTS[key]) {
        warn(`keyword '${key}' has no effect with SpectralData input (its spectra are given: choose ${key} in freqanalysis)`);
      }
    }
  }
  const lengths = sel.trials.map((_, i) => source.trialShape(i)[0]);
  const plan = entry.plan({ data, kw, given: ctx.given, source, lengths, samplerate: data.samplerate, keeptrials, polyremoval, spectralInput });
  const T = spectralInput?.T ?? 1;
  // the stage's rows: T time bins x F frequencies
  const F = plan.crossSpectra.freq.length;
  const FT = T * F;
  const U = source.trialShape(0)[data instanceof SpectralData ? 3 : 1];
  if (U < 2 && method !== "csd") {
    throw new SPYValueError("data", `1 channel (${sel.dims.channel ? "after the selection" : "in the data"})`, `at least two channels for method '${method}': it relates channels to each other (method 'csd' gives one channel's power)`);
  }

  /** The stage over the selected trials: averaged, or each trial's CSD to perTrial. */
  const stage = (perTrial?: (i: number, S: Float64Array) => void, estimator?: TrialEstimator): Promise<CrossSpectraResult> => inputShape
    ? runSpectralInputCrossSpectra(source, inputShape, perTrial)
    : runCrossSpectra(source, plan.crossSpectra, { cfName: entry.cfName, computeFunction: entry.computeFunction, ref: entry.ref, kwargs: plan.kwargs, compute, perTrial, estimator });
  /** The measure of a CSD [FT, U, U], with channelcmb's rows and columns taken out. */
  const measure = (S: Float64Array): MeasureResult => {
    if (cmb && plan.fromCrossSpectraPairs) return plan.fromCrossSpectraPairs(S, FT, U, cmb.rows, cmb.cols);
    const r = plan.fromCrossSpectra(S, FT, U);
    return cmb ? { ...r, data: takePairs(r.data, r.dtype, FT, U, cmb.rows, cmb.cols) } : r;
  };
  const nRows = cmb ? cmb.senders.length : U;
  const nCols = cmb ? cmb.receivers.length : U;

  const writer = new TrialStoreWriter(new entry.output().fileExtension, plan.outDtype, [F, nRows, nCols], { trialLength: T });
  let result: CrossSpectraResult;
  // the measure's info (granger's convergence keys) of the trial average
  let info: Record<string, unknown> | undefined;
  let jack: JackknifeResult | undefined;
  try {
    const write = (r: MeasureResult) => {
      if (r.info) info = r.info;
      writer.append({ data: r.data, shape: [T, F, nRows, nCols], dtype: r.dtype });
    };
    if (plan.estimator) {
      const est = plan.estimator;
      const n = FT * U * U;
      let acc: Float64Array = new Float64Array(est.nAcc * n);
      if (inputShape) {
        // given spectra: each trial's CSD is made in the main thread anyway
        result = await stage((_i, S) => est.add(S, acc, n));
      } else {
        // the sums are taken where the spectra are made (in workers when parallel)
        result = await stage(undefined, est);
        acc = result.estimatorSums!;
      }
      const out = new Float32Array(n);
      est.finish(acc, n, result.nTrials, out);
      result.release?.();
      write({ data: cmb ? takePairs(out, "float32", FT, U, cmb.rows, cmb.cols) : out, dtype: "float32" });
    } else if (keeptrials) {
      result = await stage((_i, S) => write(measure(S)));
    } else {
      result = await stage();
      const direct = measure(result.average!);
      write(direct);
      if (jackknife) jack = await jackknifeReplicates(result.average!, result.nTrials, direct, measure, stage);
      // every measure's output is new memory (coh, csd, granger): the average is read no more
      result.release?.();
    }
  } catch (e) {
    writer.abort();
    throw e;
  }
  const store = writer.finish();

  // no time axis: one sample per trial (offsets and trialinfo kept), or the average [0, 1, 0];
  // time-frequency input: its T time bins, per trial or across trials from trial 0's offset
  const rows = source.trialRows();
  const trialdefinition = keeptrials
    ? rows.map((r, i) => [i * T, (i + 1) * T, ...(T > 1 ? r.slice(2) : r.slice(2))])
    : [[0, T, T > 1 ? rows[0][2] : 0]];
  const channels = sel.dims.channel ? sel.dims.channel.map((c) => data.channel[c]) : data.channel;
  const settings: Record<string, unknown> = {
    method, keeptrials, polyremoval, pad: kw.pad, ...plan.settings, ...(cmb ? { channelcmb: kw.channelcmb } : {}),
    ...(jackknife ? { jackknife } : {}), select: kw.select, parallel: compute.parallel,
  };
  const out = propagateProperties(data, store, {
    name: "connectivityanalysis", outClass: entry.output, selection: sel, trialdefinition,
    axes: {
      freq: plan.crossSpectra.freq,
      channel_i: cmb ? cmb.rows.map((u) => channels[u]) : channels,
      channel_j: cmb ? cmb.cols.map((u) => channels[u]) : channels,
    },
    cfgEntry: ctx.cfgEntry, log: result.log("connectivityanalysis", settings), info,
  });
  if (jack) {
    const shape = [1, F, nRows, nCols];
    out.setDataset("jack_var", { data: jack.jack_var, shape, dtype: "float32" });
    out.setDataset("jack_bias", { data: jack.jack_bias, shape, dtype: jack.biasDtype === "complex64" ? "complex64" : "float32" });
  }
  return out;
}

/** The second pass of the jackknife: every leave-one-out average's measure, summed (jackknife.ts). */
async function jackknifeReplicates(
  average: Float64Array, N: number, direct: MeasureResult, measure: (S: Float64Array) => MeasureResult,
  stage: (perTrial: (i: number, S: Float64Array) => void) => Promise<CrossSpectraResult>,
): Promise<JackknifeResult> {
  const sums = new JackknifeSums(direct.data, direct.dtype);
  const loo = new Float64Array(average.length);
  // the replicates' warnings (granger's, N factorisations) would repeat the direct estimate's
  const { warnings } = await captureWarnings(() => stage((_i, S) => {
    for (let e = 0; e < loo.length; e++) loo[e] = (N * average[e] - S[e]) / (N - 1);
    sums.add(measure(loo).data);
  }));
  if (warnings.length > 0) warn(`jackknife: ${warnings.length} warning(s) from the ${N} leave-one-out replicates, the first: ${warnings[0]}`);
  return sums.result();
}
