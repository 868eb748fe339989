/**
 * spy.preprocessing: AnalogData -> AnalogData (reference §1.4), in Syncopy's order of operations:
 * zscore -> detrend + filter (Butterworth "but" or windowed sinc "firws"), or detrending alone ->
 * rectify or Hilbert. Trials stream one at a time through one fused compute function.
 */
import { SPYValueError } from "../core/errors";
import { metafunction, CallContext } from "../cfg/metafunction";
import { AnalogData } from "../data/analog";
import { SelectionSource } from "../data/source";
import { runRoutine, parseComputeOptions } from "../compute/frontend";
import { warn } from "../core/warnings";
import { preprocessingComputeFunction } from "./preprocessingComputeFunction";
import { FilterStep, PipelineSpec } from "./pipeline";
import { FilterChoice, checkBool, checkPolyremoval, parseFilter, parseHilbert } from "./params";
import { designFilter } from "./design";
import { sosfiltfiltPadlen } from "./sosfilt";
import { flaggedTrials, isData, outputRows, requireAnalog, trialLengths } from "./frontendUtil";

export const PREPROCESSING_DEFAULTS: Record<string, unknown> = {
  filter_class: "but",
  filter_type: "lp",
  freq: null,
  order: null,
  direction: "twopass",
  window: "hamming",
  polyremoval: null,
  zscore: false,
  rectify: false,
  hilbert: false,
};

const FILTER_KEYS = ["filter_type", "freq", "order", "direction", "window"];

export const preprocessing = metafunction<AnalogData, AnalogData>("preprocessing", PREPROCESSING_DEFAULTS, isData, run);

async function run(input: AnalogData, kw: Record<string, unknown>, ctx: CallContext): Promise<AnalogData> {
  const data = requireAnalog(input);
  const fs = data.samplerate;
  const zscore = checkBool(kw, "zscore");
  const rectify = checkBool(kw, "rectify");
  const hilbert = parseHilbert(kw.hilbert);
  if (rectify && hilbert) {
    throw new SPYValueError("hilbert", kw.hilbert, "false when rectify is true (rectification or a Hilbert transform, not both)");
  }
  const polyremoval = checkPolyremoval(kw.polyremoval);
  const compute = parseComputeOptions(kw);
  const sel = data.resolve(kw.select as never);
  const source = new SelectionSource(data, sel);
  const lengths = trialLengths(source);
  const minLen = Math.min(...lengths);

  let choice: FilterChoice | null = null;
  let filter: FilterStep | null = null;
  if (kw.filter_class !== null && kw.filter_class !== undefined) {
    choice = parseFilter(kw, fs, minLen);
    filter = designFilter(choice, fs);
    if (filter.kind === "but" && filter.direction === "twopass") {
      const padlen = sosfiltfiltPadlen(filter.sos);
      if (minLen <= padlen) {
        throw new SPYValueError("order", choice.order,
          `a lower order: zero-phase Butterworth filtering pads each trial end with ${padlen} samples (3 x (2 x sections + 1)) and needs trials longer than that`,
          `the shortest trial has ${minLen} samples`);
      }
    }
  } else {
    if (polyremoval === null && !zscore) {
      throw new SPYValueError("filter_class", null, "a filter class, or polyremoval or zscore (a preprocessing method)", "neither filtering, detrending nor zscore requested");
    }
    for (const key of FILTER_KEYS) {
      if (ctx.given.has(key) && JSON.stringify(kw[key]) !== JSON.stringify(PREPROCESSING_DEFAULTS[key])) {
        warn(`keyword '${key}' has no effect without a filter_class`);
      }
    }
    if (polyremoval !== null && !zscore) filter = { kind: "detrend" };
  }
  const spec: PipelineSpec = { zscore, polyremoval, filter, rectify, hilbert };

  const result = await runRoutine({
    name: "preprocessing_cF",
    computeFunction: preprocessingComputeFunction,
    ref: { module: require.resolve("./preprocessingComputeFunction"), name: "preprocessingComputeFunction" },
    kwargs: spec as unknown as Record<string, unknown>,
    source,
    keeptrials: true,
    compute,
    ext: ".analog",
    outDtype: hilbert === "complex" ? "complex64" : "float32",
  });

  const out = new AnalogData();
  out.samplerate = fs;
  out.setStore(result.store, outputRows(source, kw.select));
  out.channel = sel.dims.channel ? sel.dims.channel.map((c) => data.channel[c]) : data.channel;
  out.cfg = { ...JSON.parse(JSON.stringify(data.cfg)), preprocessing: ctx.cfgEntry };
  const nanTrials = flaggedTrials(result.metadata, "has_nan", sel.trials);
  out.info = { nan_trials: nanTrials };
  if (nanTrials.length && filter && filter.kind !== "detrend") {
    warn(`Data contains NaNs! See info.nan_trials for the offending trials (${nanTrials.length})` +
      (filter.kind === "but" ? "; an IIR filter spreads a NaN over the whole channel, try a 'onepass' FIR filter of low order" : ""));
  }
  const settings: Record<string, unknown> = {
    filter_class: choice?.filterClass ?? null, filter_type: choice?.filterType ?? null, freq: choice?.freq ?? null,
    order: choice?.order ?? null, direction: choice?.direction ?? null, window: choice?.window ?? null,
    polyremoval, zscore, rectify, hilbert: hilbert ?? false, select: kw.select, parallel: compute.parallel,
  };
  out.setHistory(data.history + result.log("preprocessing", settings));
  return out;
}
