/**
 * spy.resampledata: AnalogData -> AnalogData at a new sampling rate (reference §1.4).
 * "resample": scipy's resample_poly with Syncopy's hamming windowed-sinc anti-alias filter
 * (cut-off at the new Nyquist or `lpfreq`), the factor up/down from limit_denominator.
 * "downsample": every fs/resamplefs-th sample, after a zero-phase FIR low-pass at `lpfreq` if given.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { metafunction, CallContext, TypedMetaFunction } from "../cfg/metafunction";
import type { ResampledataKeywords } from "./preprocessingKeywords";
import { AnalogData } from "../data/analog";
import { SelectionSource } from "../data/source";
import { outputRows, propagateProperties } from "../data/propagate";
import { parseComputeOptions } from "../compute/frontend";
import { ComputePlan, MethodTable, lookupMethod, runMethod } from "../compute/methods";
import { warn } from "../core/warnings";
import { ResampleKwargs, resampleComputeFunction } from "./resampleComputeFunction";
import { resampleFactors, resampleKernel, resamplingTrialDefinition } from "./resample";
import { designWsinc } from "./firws";
import { checkOrder } from "./params";
import { flaggedTrials, isData, requireAnalog, trialLengths } from "./frontendUtil";
import { minOf } from "../core/extrema";

export const RESAMPLEDATA_DEFAULTS: Record<string, unknown> = {
  resamplefs: 1.0,
  method: "resample",
  lpfreq: null,
  order: null,
};

/** What the methods' plans get: the keywords common to both methods, checked. */
interface ResampleContext {
  samplerate: number;
  resamplefs: number;
  /** Anti-alias FIR order (the given one, or the default). */
  order: number;
  lpfreq: number | null;
  /** dtype of the output without an anti-alias step of its own. */
  outDtype: "float32" | "float64";
}

interface ResamplePlan extends ComputePlan {
  kwargs: ResampleKwargs & Record<string, unknown>;
}

/** "downsample": every fs/resamplefs-th sample, after an optional zero-phase FIR low-pass at lpfreq. */
function planDownsample(c: ResampleContext): ResamplePlan {
  const { samplerate: fs, resamplefs: newFs, lpfreq: lp, order } = c;
  if (fs % newFs !== 0) {
    throw new SPYValueError("resamplefs", newFs, `an integer division of the original sampling rate ${fs} Hz for method "downsample" (use method "resample" otherwise)`);
  }
  const cf: ResampleKwargs = {
    method: "downsample", up: 1, down: 1, kernel: null, factor: Math.floor(fs / newFs),
    antialias: lp === null ? null : designWsinc("hamming", order, lp / fs, "lp"),
    outDtype: lp === null ? c.outDtype : "float32",
  };
  return { kwargs: { ...cf }, outDtype: cf.outDtype, settings: { order: lp !== null ? order : null, factor: cf.factor } };
}

/** "resample": scipy's resample_poly with Syncopy's anti-alias kernel, up/down from limit_denominator. */
function planResample(c: ResampleContext): ResamplePlan {
  const { samplerate: fs, resamplefs: newFs, lpfreq: lp, order } = c;
  if (fs % newFs === 0) warn(`The new sampling rate is an integer division of the original sampling rate, consider using method "downsample"`);
  const { up, down } = resampleFactors(fs, newFs);
  const cf: ResampleKwargs = { method: "resample", up, down, kernel: resampleKernel(fs, newFs, order, lp), factor: 1, antialias: null, outDtype: c.outDtype };
  return { kwargs: { ...cf }, outDtype: cf.outDtype, settings: { order, up, down } };
}

const RESAMPLE_CF = {
  computeFunction: resampleComputeFunction, output: AnalogData, keywords: [],
  ref: { module: require.resolve("./resampleComputeFunction"), name: "resampleComputeFunction" },
};

/** The methods (compute/methods.ts); both read lpfreq and order. */
export const METHODS: MethodTable<ResampleContext, ResamplePlan, AnalogData> = {
  downsample: { ...RESAMPLE_CF, cfName: "downsample_cF", plan: planDownsample },
  resample: { ...RESAMPLE_CF, cfName: "resample_cF", plan: planResample },
};

/**
 * `spy.resampledata(data, { resamplefs, method, lpfreq, order })`: an AnalogData at a lower sampling
 * rate (Syncopy's resampledata; keywords and defaults in ResampledataKeywords); the trials keep
 * their times (start and offset scaled to the new rate).
 */
export const resampledata = metafunction<AnalogData, AnalogData>("resampledata", RESAMPLEDATA_DEFAULTS, isData, run) as
  TypedMetaFunction<AnalogData, AnalogData, ResampledataKeywords>;

async function run(input: AnalogData, kw: Record<string, unknown>, ctx: CallContext): Promise<AnalogData> {
  const data = requireAnalog(input);
  const fs = data.samplerate;
  const entry = lookupMethod(METHODS, kw.method, `"resample" or "downsample"`);
  const method = kw.method as string;
  const newFs = kw.resamplefs;
  // Syncopy: lims [1, data.samplerate] (resampledata does not upsample); None is a SPYTypeError
  // there too (scalar_parser), the default being 1.0
  const fsAllowed = `a new sampling rate in Hz, >= 1 and <= the original ${fs} Hz`;
  if (typeof newFs !== "number") throw new SPYTypeError("resamplefs", newFs, fsAllowed);
  if (!Number.isFinite(newFs) || newFs < 1 || newFs > fs) {
    throw new SPYValueError("resamplefs", newFs, fsAllowed);
  }
  const compute = parseComputeOptions(kw);
  const sel = data.resolve(kw.select as never);
  const source = new SelectionSource(data, sel);
  const minLen = minOf(trialLengths(source));

  let order = checkOrder(kw.order);
  if (order !== null && order < 100) warn(`You have chosen an anti-alias filter of very low order=${order}, expect a slow roll-off!`);
  if (order === null) order = Math.min(minLen, 1000);
  const lpfreq = kw.lpfreq;
  if (lpfreq !== null && lpfreq !== undefined) {
    // Syncopy: lims [0, resamplefs / 2]; a cut-off above the new Nyquist would let aliases through
    const allowed = `an anti-alias cut-off in (0, ${newFs / 2}] Hz (at most the new Nyquist frequency resamplefs / 2), or null`;
    if (typeof lpfreq !== "number") throw new SPYTypeError("lpfreq", lpfreq, allowed);
    if (!Number.isFinite(lpfreq) || !(lpfreq > 0) || !(lpfreq <= newFs / 2)) throw new SPYValueError("lpfreq", lpfreq, allowed);
  }
  const lp = (lpfreq ?? null) as number | null;
  const plan = entry.plan({ samplerate: fs, resamplefs: newFs, order, lpfreq: lp, outDtype: data.dtype === "float32" ? "float32" : "float64" });

  const result = await runMethod(entry, plan, { source, keeptrials: true, compute });

  // Syncopy's trialdefinition for the new rate (starts and offsets scaled and rounded up); the
  // stop follows the stored length, which is exact integer arithmetic here
  const scaled = resamplingTrialDefinition(outputRows(source, kw.select), newFs / fs);
  const trl = scaled.map((r, k) => [r[0], r[0] + result.store.trialLength(k), r[2]]);
  const settings: Record<string, unknown> = {
    method, resamplefs: newFs, origfs: fs, lpfreq: lp, ...plan.settings, select: kw.select, parallel: compute.parallel,
  };
  return propagateProperties(data, result.store, {
    name: "resampledata", outClass: entry.output, selection: sel, trialdefinition: trl, samplerate: newFs,
    cfgEntry: ctx.cfgEntry, info: { nan_trials: flaggedTrials(result.metadata, "has_nan", sel.trials) },
    log: result.log("resampledata", settings),
  });
}
