/**
 * spy.connectivityanalysis: AnalogData -> CrossSpectralData (reference §1.3), Syncopy's keywords
 * and defaults. Implemented: "csd" (the trial-averaged or single-trial cross-spectral density),
 * "coh" (coherence from the trial-averaged CSD, every `output`) and "granger" (nonparametric
 * spectral Granger causality, granger.ts; `info` gets Syncopy's convergence keys). "ppc" and
 * "corr" are Syncopy methods spyts does not have yet: asking for one is an error that says so.
 *
 * The pattern of compute/methods.ts: METHODS has one row per measure (its compute function, plan,
 * output class and own keywords). This file checks the keywords every measure shares, asks the
 * row's plan for the rest, runs the single-trial stage (spectralStage.ts: specest's mtmfft
 * spectra in the routine, cross-multiplied in the main thread), hands its result to the measure
 * and builds the output through data/propagate.ts.
 *
 * A new measure on the cross spectra: a file exporting `spectralMeasure({...})` (csd.ts, coh.ts)
 * and its row here.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkBoolean } from "../core/keywords";
import { warn } from "../core/warnings";
import { metafunction, CallContext } from "../cfg/metafunction";
import { AnalogData } from "../data/analog";
import { BaseData } from "../data/base";
import { CrossSpectralData } from "../data/crossspectral";
import { SelectionSource } from "../data/source";
import { TrialStoreWriter } from "../data/trialstore";
import { propagateProperties } from "../data/propagate";
import { parseComputeOptions } from "../compute/frontend";
import { MethodTable, lookupMethod, warnIneffective } from "../compute/methods";
import { parsePolyremoval } from "../specest/params";
import { runCrossSpectra } from "./spectralStage";
import type { ConnectivityContext, ConnectivityPlan } from "./types";
import { csd } from "./csd";
import { coh } from "./coh";
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

/** Syncopy's `availableMethods`. */
export const AVAILABLE_METHODS = ["coh", "corr", "granger", "csd", "ppc"] as const;

/** The measures spyts implements, one row each (compute/methods.ts). */
export const METHODS: MethodTable<ConnectivityContext, ConnectivityPlan, CrossSpectralData> = {
  csd,
  coh,
  granger,
};

function isData(x: unknown): x is BaseData {
  return x instanceof BaseData;
}

export const connectivityanalysis = metafunction<BaseData, CrossSpectralData>("connectivityanalysis", CONNECTIVITY_DEFAULTS, isData, run);

function methodRow(method: unknown) {
  if (typeof method === "string" && (AVAILABLE_METHODS as readonly string[]).includes(method) && !(method in METHODS)) {
    throw new SPYValueError("method", method, `one of ${Object.keys(METHODS).join(", ")}`, `Syncopy's method '${method}' is not implemented in spyts yet`);
  }
  return lookupMethod(METHODS, method, `one of ${AVAILABLE_METHODS.join(", ")} (spyts implements ${Object.keys(METHODS).join(", ")})`);
}

async function run(data: BaseData, kw: Record<string, unknown>, ctx: CallContext): Promise<CrossSpectralData> {
  if (!(data instanceof AnalogData)) {
    throw new SPYTypeError("data", data.className, "an AnalogData object (SpectralData input is not supported yet: pass the AnalogData, its spectra are computed here)");
  }
  // corr has its own single-trial stage (cross-covariances of the time series): corr.ts
  if (kw.method === "corr") return corrAnalysis(data, kw, ctx);
  const entry = methodRow(kw.method);
  const method = kw.method as string;
  const jackknife = checkBoolean(kw.jackknife, "jackknife");
  if (jackknife) {
    // Syncopy: coh and granger only; for the others it warns and drops it
    if (method === "coh" || method === "granger") throw new SPYValueError("jackknife", true, "false (jackknife variance is not implemented in spyts yet)");
    warn(`Jackknife is not available for method ${method}`);
  }
  if (kw.channelcmb !== null) {
    throw new SPYValueError("channelcmb", kw.channelcmb, "null (channelcmb needs SpectralData input, which spyts' connectivityanalysis does not take yet; select channels with select: { channel: [...] })");
  }
  const keeptrials = checkBoolean(kw.keeptrials, "keeptrials");
  const polyremoval = parsePolyremoval(kw.polyremoval);
  warnIneffective(METHODS, method, kw, ctx.given, CONNECTIVITY_DEFAULTS);
  const compute = parseComputeOptions(kw);

  const sel = data.resolve(kw.select as never);
  const source = new SelectionSource(data, sel);
  if (source.nTrials < 2) {
    throw new SPYValueError("data", `${source.nTrials} trial`, "multi-trial input: spectral connectivity measures depend on trial averaging");
  }
  const lengths = sel.trials.map((_, i) => source.trialShape(i)[0]);
  const plan = entry.plan({ data, kw, given: ctx.given, source, lengths, samplerate: data.samplerate, keeptrials, polyremoval });
  const F = plan.crossSpectra.freq.length;
  const C = source.trialShape(0)[1];

  const writer = new TrialStoreWriter(new entry.output().fileExtension, plan.outDtype, [F, C, C], { trialLength: 1 });
  let result;
  // the measure's info (granger's convergence keys) of the trial average
  let info: Record<string, unknown> | undefined;
  try {
    const write = (values: Float64Array) => {
      const r = plan.fromCrossSpectra(values, F, C);
      if (r.info) info = r.info;
      writer.append({ data: r.data, shape: [1, F, C, C], dtype: r.dtype });
    };
    result = await runCrossSpectra(source, plan.crossSpectra, {
      cfName: entry.cfName, computeFunction: entry.computeFunction, ref: entry.ref, kwargs: plan.kwargs, compute,
      perTrial: keeptrials ? (_i, S) => write(S) : undefined,
    });
    if (!keeptrials) write(result.average!);
  } catch (e) {
    writer.abort();
    throw e;
  }
  const store = writer.finish();

  // no time axis: one sample per trial (offsets and trialinfo kept), or the average [0, 1, 0]
  const trialdefinition = keeptrials ? source.trialRows().map((r, i) => [i, i + 1, ...r.slice(2)]) : [[0, 1, 0]];
  const channels = sel.dims.channel ? sel.dims.channel.map((c) => data.channel[c]) : data.channel;
  const settings: Record<string, unknown> = {
    method, keeptrials, polyremoval, pad: kw.pad, ...plan.settings, select: kw.select, parallel: compute.parallel,
  };
  return propagateProperties(data, store, {
    name: "connectivityanalysis", outClass: entry.output, selection: sel, trialdefinition,
    axes: { freq: plan.crossSpectra.freq, channel_i: channels, channel_j: channels },
    cfgEntry: ctx.cfgEntry, log: result.log("connectivityanalysis", settings), info,
  });
}
