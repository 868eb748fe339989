/**
 * spy.preprocessing: AnalogData -> AnalogData (reference §1.4), in Syncopy's order of operations:
 * zscore -> detrend + filter (Butterworth "but" or windowed sinc "firws"), or detrending alone ->
 * rectify or Hilbert. Trials stream one at a time through one fused compute function.
 *
 * Methods (compute/methods.ts) are the filter classes: FILTERS["but" | "firws"] for a filter_class,
 * NO_FILTER for filter_class null (detrending and/or zscore alone); all run the fused pipeline.
 */
import { SPYValueError } from "../core/errors";
import { metafunction, CallContext, TypedMetaFunction } from "../cfg/metafunction";
import type { PreprocessingKeywords } from "./preprocessingKeywords";
import { AnalogData } from "../data/analog";
import { SelectionSource } from "../data/source";
import { propagateProperties } from "../data/propagate";
import { parseComputeOptions } from "../compute/frontend";
import { ComputePlan, MethodEntry, MethodTable, lookupMethod, runMethod } from "../compute/methods";
import { warn } from "../core/warnings";
import { preprocessingComputeFunction } from "./preprocessingComputeFunction";
import { FilterStep, HilbertOutput, PipelineSpec } from "./pipeline";
import { FILTER_CLASSES, FilterChoice, checkPolyremoval, checkSwitch, parseFilter, parseHilbert } from "./params";
import { designFilter } from "./design";
import { sosfiltfiltPadlen } from "./sosfilt";
import { flaggedTrials, isData, requireAnalog, trialLengths } from "./frontendUtil";
import { minOf } from "../core/extrema";

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

/** What the methods' plans get: the keywords and the steps common to every method, checked. */
interface PreprocessingContext {
  kw: Record<string, unknown>;
  given: Set<string>;
  samplerate: number;
  /** Length of the shortest selected trial (samples). */
  minLen: number;
  zscore: boolean;
  polyremoval: 0 | 1 | null;
  rectify: boolean;
  hilbert: HilbertOutput | null;
}

interface PreprocessingPlan extends ComputePlan {
  filter: FilterStep | null;
}

/** The fused pipeline's kwargs (a PipelineSpec) and log settings, for a filter step or none. */
function pipelinePlan(c: PreprocessingContext, choice: FilterChoice | null, filter: FilterStep | null): PreprocessingPlan {
  const spec: PipelineSpec = { zscore: c.zscore, polyremoval: c.polyremoval, filter, rectify: c.rectify, hilbert: c.hilbert };
  return {
    kwargs: spec as unknown as Record<string, unknown>,
    outDtype: c.hilbert === "complex" ? "complex64" : "float32",
    filter,
    settings: {
      filter_class: choice?.filterClass ?? null, filter_type: choice?.filterType ?? null, freq: choice?.freq ?? null,
      order: choice?.order ?? null, direction: choice?.direction ?? null, window: choice?.window ?? null,
      polyremoval: c.polyremoval, zscore: c.zscore, rectify: c.rectify, hilbert: c.hilbert ?? false,
    },
  };
}

/** filter_class "but" or "firws": design the filter (zero-phase Butterworth needs trials longer than its padding). */
function planFilter(c: PreprocessingContext): PreprocessingPlan {
  const choice = parseFilter(c.kw, c.samplerate, c.minLen);
  const filter = designFilter(choice, c.samplerate);
  if (filter.kind === "but" && filter.direction === "twopass") {
    const padlen = sosfiltfiltPadlen(filter.sos);
    if (c.minLen <= padlen) {
      throw new SPYValueError("order", choice.order,
        `a lower order: zero-phase Butterworth filtering pads each trial end with ${padlen} samples (3 x (2 x sections + 1)) and needs trials longer than that`,
        `the shortest trial has ${c.minLen} samples`);
    }
  }
  return pipelinePlan(c, choice, filter);
}

/** filter_class null: detrending (polyremoval) and/or zscore alone; the filter keywords have no effect. */
function planNoFilter(c: PreprocessingContext): PreprocessingPlan {
  if (c.polyremoval === null && !c.zscore) {
    throw new SPYValueError("filter_class", null, "a filter class, or polyremoval or zscore (a preprocessing method)", "neither filtering, detrending nor zscore requested");
  }
  for (const key of FILTER_KEYS) {
    if (c.given.has(key) && JSON.stringify(c.kw[key]) !== JSON.stringify(PREPROCESSING_DEFAULTS[key])) {
      warn(`keyword '${key}' has no effect without a filter_class`);
    }
  }
  return pipelinePlan(c, null, c.polyremoval !== null && !c.zscore ? { kind: "detrend" } : null);
}

const PIPELINE = {
  cfName: "preprocessing_cF", computeFunction: preprocessingComputeFunction, output: AnalogData,
  ref: { module: require.resolve("./preprocessingComputeFunction"), name: "preprocessingComputeFunction" },
};

/** The methods by filter_class (compute/methods.ts). */
export const FILTERS: MethodTable<PreprocessingContext, PreprocessingPlan, AnalogData> = {
  but: { ...PIPELINE, keywords: FILTER_KEYS, plan: planFilter },
  firws: { ...PIPELINE, keywords: FILTER_KEYS, plan: planFilter },
};
/** The method for filter_class null. */
const NO_FILTER: MethodEntry<PreprocessingContext, PreprocessingPlan, AnalogData> = { ...PIPELINE, keywords: [], plan: planNoFilter };

/**
 * `spy.preprocessing(data, { filter_class, filter_type, freq, order, direction, window, polyremoval,
 * zscore, rectify, hilbert })`: a filtered (detrended, standardised, rectified or Hilbert-transformed)
 * copy of an AnalogData, as an AnalogData (Syncopy's preprocessing; keywords and defaults in
 * PreprocessingKeywords). `info.nan_trials` lists the trials that held NaN.
 */
export const preprocessing = metafunction<AnalogData, AnalogData>("preprocessing", PREPROCESSING_DEFAULTS, isData, run) as
  TypedMetaFunction<AnalogData, AnalogData, PreprocessingKeywords>;

async function run(input: AnalogData, kw: Record<string, unknown>, ctx: CallContext): Promise<AnalogData> {
  const data = requireAnalog(input);
  const fs = data.samplerate;
  const zscore = checkSwitch(kw, "zscore");
  const rectify = checkSwitch(kw, "rectify");
  const hilbert = parseHilbert(kw.hilbert);
  if (rectify && hilbert) {
    throw new SPYValueError("hilbert", kw.hilbert, "false when rectify is true (rectification or a Hilbert transform, not both)");
  }
  const polyremoval = checkPolyremoval(kw.polyremoval);
  const compute = parseComputeOptions(kw);
  const sel = data.resolve(kw.select as never);
  const source = new SelectionSource(data, sel);
  const lengths = trialLengths(source);
  const minLen = minOf(lengths);

  const entry = kw.filter_class === null || kw.filter_class === undefined ? NO_FILTER
    : lookupMethod(FILTERS, kw.filter_class, `one of ${FILTER_CLASSES.map((f) => `"${f}"`).join(", ")}, or null for no filtering`, "filter_class");
  const plan = entry.plan({ kw, given: ctx.given, samplerate: fs, minLen, zscore, polyremoval, rectify, hilbert });
  const filter = plan.filter;

  const result = await runMethod(entry, plan, { source, keeptrials: true, compute });

  const nanTrials = flaggedTrials(result.metadata, "has_nan", sel.trials);
  const out = propagateProperties(data, result.store, {
    name: "preprocessing", outClass: entry.output, selection: sel, select: kw.select,
    cfgEntry: ctx.cfgEntry, info: { nan_trials: nanTrials },
    log: result.log("preprocessing", { ...plan.settings, select: kw.select, parallel: compute.parallel }),
  });
  if (nanTrials.length && filter && filter.kind !== "detrend") {
    warn(`Data contains NaNs! See info.nan_trials for the offending trials (${nanTrials.length})` +
      (filter.kind === "but" ? "; an IIR filter spreads a NaN over the whole channel, try a 'onepass' FIR filter of low order" : ""));
  }
  return out;
}
