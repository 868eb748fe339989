/**
 * spy.resampledata: AnalogData -> AnalogData at a new sampling rate (reference §1.4).
 * "resample": scipy's resample_poly with Syncopy's hamming windowed-sinc anti-alias filter
 * (cut-off at the new Nyquist or `lpfreq`), the factor up/down from limit_denominator.
 * "downsample": every fs/resamplefs-th sample, after a zero-phase FIR low-pass at `lpfreq` if given.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { metafunction, CallContext } from "../cfg/metafunction";
import { AnalogData } from "../data/analog";
import { SelectionSource } from "../data/source";
import { runRoutine, parseComputeOptions } from "../compute/frontend";
import { warn } from "../core/warnings";
import { ResampleKwargs, resampleComputeFunction } from "./resampleComputeFunction";
import { resampleFactors, resampleKernel, resamplingTrialDefinition } from "./resample";
import { designWsinc } from "./firws";
import { checkOrder } from "./params";
import { flaggedTrials, isData, outputRows, requireAnalog, trialLengths } from "./frontendUtil";

export const RESAMPLEDATA_DEFAULTS: Record<string, unknown> = {
  resamplefs: 1.0,
  method: "resample",
  lpfreq: null,
  order: null,
};

const METHODS = ["downsample", "resample"];

export const resampledata = metafunction<AnalogData, AnalogData>("resampledata", RESAMPLEDATA_DEFAULTS, isData, run);

async function run(input: AnalogData, kw: Record<string, unknown>, ctx: CallContext): Promise<AnalogData> {
  const data = requireAnalog(input);
  const fs = data.samplerate;
  const method = kw.method;
  if (typeof method !== "string") throw new SPYTypeError("method", method, `"resample" or "downsample"`);
  if (!METHODS.includes(method)) {
    throw new SPYValueError("method", method, `"resample" or "downsample"`);
  }
  const newFs = kw.resamplefs;
  // null (the default) means "not given": a value missing, not of the wrong type
  if (newFs !== null && newFs !== undefined && typeof newFs !== "number") throw new SPYTypeError("resamplefs", newFs, "a new sampling rate in Hz, >= 1");
  if (typeof newFs !== "number" || !Number.isFinite(newFs) || newFs < 1) {
    throw new SPYValueError("resamplefs", newFs, "a new sampling rate in Hz, >= 1");
  }
  const compute = parseComputeOptions(kw);
  const sel = data.resolve(kw.select as never);
  const source = new SelectionSource(data, sel);
  const minLen = Math.min(...trialLengths(source));

  let order = checkOrder(kw.order);
  if (order !== null && order < 100) warn(`You have chosen an anti-alias filter of very low order=${order}, expect a slow roll-off!`);
  if (order === null) order = Math.min(minLen, 1000);
  const lpfreq = kw.lpfreq;
  if (lpfreq !== null && lpfreq !== undefined) {
    if (typeof lpfreq !== "number") throw new SPYTypeError("lpfreq", lpfreq, `an anti-alias cut-off in (0, ${fs / 2}] Hz (the original Nyquist), or null`);
    if (!Number.isFinite(lpfreq) || !(lpfreq > 0) || !(lpfreq <= fs / 2)) {
      throw new SPYValueError("lpfreq", lpfreq, `an anti-alias cut-off in (0, ${fs / 2}] Hz (the original Nyquist), or null`);
    }
    if (lpfreq > newFs / 2) warn(`You have chosen a sub-optimal anti-alias filter, lpfreq should be at most ${newFs / 2} Hz!`);
  }
  const lp = (lpfreq ?? null) as number | null;
  const outDtype = data.dtype === "float32" ? "float32" : "float64";
  let cf: ResampleKwargs;
  if (method === "downsample") {
    if (fs % newFs !== 0) {
      throw new SPYValueError("resamplefs", newFs, `an integer division of the original sampling rate ${fs} Hz for method "downsample" (use method "resample" otherwise)`);
    }
    cf = {
      method, up: 1, down: 1, kernel: null, factor: Math.floor(fs / newFs),
      antialias: lp === null ? null : designWsinc("hamming", order, lp / fs, "lp"),
      outDtype: lp === null ? outDtype : "float32",
    };
  } else {
    if (fs % newFs === 0) warn(`The new sampling rate is an integer division of the original sampling rate, consider using method "downsample"`);
    const { up, down } = resampleFactors(fs, newFs);
    cf = { method: "resample", up, down, kernel: resampleKernel(fs, newFs, order, lp), factor: 1, antialias: null, outDtype };
  }

  const result = await runRoutine({
    name: method === "resample" ? "resample_cF" : "downsample_cF",
    computeFunction: resampleComputeFunction,
    ref: { module: require.resolve("./resampleComputeFunction"), name: "resampleComputeFunction" },
    kwargs: cf as unknown as Record<string, unknown>,
    source,
    keeptrials: true,
    compute,
    ext: ".analog",
    outDtype: cf.outDtype,
  });

  // Syncopy's trialdefinition for the new rate (starts and offsets scaled and rounded up); the
  // stop follows the stored length, which is exact integer arithmetic here
  const scaled = resamplingTrialDefinition(outputRows(source, kw.select), newFs / fs);
  const trl = scaled.map((r, k) => [r[0], r[0] + result.store.trialLength(k), r[2]]);
  const out = new AnalogData();
  out.samplerate = newFs;
  out.setStore(result.store, trl);
  out.channel = sel.dims.channel ? sel.dims.channel.map((c) => data.channel[c]) : data.channel;
  out.cfg = { ...JSON.parse(JSON.stringify(data.cfg)), resampledata: ctx.cfgEntry };
  out.info = { nan_trials: flaggedTrials(result.metadata, "has_nan", sel.trials) };
  const settings: Record<string, unknown> = {
    method, resamplefs: newFs, origfs: fs, lpfreq: lp, order: method === "resample" || lp !== null ? order : null,
    ...(method === "resample" ? { up: cf.up, down: cf.down } : { factor: cf.factor }),
    select: kw.select, parallel: compute.parallel,
  };
  out.setHistory(data.history + result.log("resampledata", settings));
  return out;
}
