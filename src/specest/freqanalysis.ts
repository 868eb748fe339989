/**
 * spy.freqanalysis: AnalogData -> SpectralData (reference §1.2), methods mtmfft, mtmconvol, welch,
 * wavelet and superlet. Keywords common to every method are validated here; each method validates
 * its own keywords and describes its computation in a plan (plans/*Plan.ts); METHODS below lists,
 * per method, its keywords, its plan, its compute function and its output class (the pattern of
 * compute/methods.ts: a new method is a compute function, a plan and one row there).
 */
import { SPYValueError, SPYTypeError } from "../core/errors";
import { metafunction, CallContext, TypedMetaFunction } from "../cfg/metafunction";
import type { FreqanalysisKeywords } from "./freqanalysisKeywords";
import { AnalogData } from "../data/analog";
import { SpectralData } from "../data/spectral";
import { BaseData } from "../data/base";
import { SelectionSource } from "../data/source";
import { propagateProperties } from "../data/propagate";
import { SPECTRAL_OUTPUTS, SpectralOutput } from "../math/spectralConversions";
import { checkBool, parsePolyremoval, unequalAverageError } from "./params";
import { fauxTrial, parseDryRun } from "../compute/ndutil";
import { parseComputeOptions } from "../compute/frontend";
import { MethodTable, lookupMethod, runMethod, warnIneffective } from "../compute/methods";
import { warn } from "../core/warnings";
import { MethodPlan, PlanContext } from "./plans/types";
import { planMtmfft } from "./plans/mtmfftPlan";
import { planMtmconvol } from "./plans/mtmconvolPlan";
import { planSuperlet, planWavelet } from "./plans/waveletPlan";
import { mtmfftComputeFunction } from "./mtmfftComputeFunction";
import { mtmconvolComputeFunction } from "./mtmconvolComputeFunction";
import { waveletComputeFunction } from "./waveletComputeFunction";
import { superletComputeFunction } from "./superletComputeFunction";
import { fooofSpectralData } from "../fooof/spectral";
import type { FooofOutput } from "../fooof/computeFunction";
import { maxOf, minOf } from "../core/extrema";

export const FREQANALYSIS_DEFAULTS: Record<string, unknown> = {
  method: "mtmfft",
  output: "pow",
  keeptrials: true,
  foi: null,
  foilim: null,
  pad: "maxperlen",
  polyremoval: 0,
  taper: "hann",
  demean_taper: false,
  taper_opt: null,
  tapsmofrq: null,
  nTaper: null,
  keeptapers: false,
  toi: "all",
  t_ftimwin: null,
  wavelet: "Morlet",
  width: 6,
  order: null,
  order_max: null,
  order_min: 1,
  c_1: 3,
  adaptive: false,
  out: null,
  fooof_opt: null,
  ft_compat: false,
};

const FOOOF_OUTPUTS = ["fooof", "fooof_aperiodic", "fooof_peaks"];

const TAPER_KEYWORDS = ["taper", "taper_opt", "tapsmofrq", "nTaper"];

/** The methods (compute/methods.ts). `keywords`: read by the method; given to another one they warn "no effect". */
export const METHODS: MethodTable<PlanContext, MethodPlan, SpectralData> = {
  mtmfft: {
    cfName: "mtmfft_cF", computeFunction: mtmfftComputeFunction, output: SpectralData, plan: planMtmfft,
    ref: { module: require.resolve("./mtmfftComputeFunction"), name: "mtmfftComputeFunction" },
    keywords: ["pad", ...TAPER_KEYWORDS, "keeptapers", "demean_taper", "ft_compat", "foi", "foilim", "fooof_opt"],
  },
  mtmconvol: {
    cfName: "mtmconvol_cF", computeFunction: mtmconvolComputeFunction, output: SpectralData, plan: planMtmconvol,
    ref: { module: require.resolve("./mtmconvolComputeFunction"), name: "mtmconvolComputeFunction" },
    keywords: ["toi", "t_ftimwin", ...TAPER_KEYWORDS, "keeptapers", "foi", "foilim"],
  },
  wavelet: {
    cfName: "wavelet_cF", computeFunction: waveletComputeFunction, output: SpectralData, plan: planWavelet,
    ref: { module: require.resolve("./waveletComputeFunction"), name: "waveletComputeFunction" },
    keywords: ["toi", "wavelet", "width", "order", "foi", "foilim"],
  },
  superlet: {
    cfName: "superlet_cF", computeFunction: superletComputeFunction, output: SpectralData, plan: planSuperlet,
    ref: { module: require.resolve("./superletComputeFunction"), name: "superletComputeFunction" },
    keywords: ["toi", "order_max", "order_min", "c_1", "adaptive", "foi", "foilim"],
  },
  welch: {
    // mtmconvol's windows, their power averaged per trial
    cfName: "welch_cF", computeFunction: mtmconvolComputeFunction, output: SpectralData, plan: planMtmconvol,
    ref: { module: require.resolve("./mtmconvolComputeFunction"), name: "mtmconvolComputeFunction" },
    keywords: ["toi", "t_ftimwin", ...TAPER_KEYWORDS, "foi", "foilim"],
  },
};

export const AVAILABLE_METHODS = Object.keys(METHODS);

function isAnalog(x: unknown): x is AnalogData {
  return x instanceof BaseData;
}

/**
 * `spy.freqanalysis(data, { method, output, foilim, tapsmofrq, ... })`: the spectra of an AnalogData
 * as a SpectralData [time, taper, freq, channel] (Syncopy's freqanalysis; keywords and defaults in
 * FreqanalysisKeywords). Methods mtmfft (default), mtmconvol, welch, wavelet, superlet; FOOOF
 * outputs with mtmfft. Call forms `(data, kw)`, `(data, cfg)`, `(cfg, data)`; `spec.cfg` replays it.
 */
export const freqanalysis = metafunction<AnalogData, SpectralData>("freqanalysis", FREQANALYSIS_DEFAULTS, isAnalog, run) as
  TypedMetaFunction<AnalogData, SpectralData, FreqanalysisKeywords>;


function warnFooofOpt(method: string, output: string, kw: Record<string, unknown>, given: Set<string>): void {
  if (METHODS[method].keywords.includes("fooof_opt") && given.has("fooof_opt") && kw.fooof_opt !== null && !FOOOF_OUTPUTS.includes(output)) {
    warn(`keyword 'fooof_opt' has no effect with output '${output}'`);
  }
}

/**
 * keeptrials=false on trials of unequal lengths: the trials are averaged when every trial gives
 * the same output shape (mtmfft: one spectrum per trial at the common nfft; mtmconvol, wavelet,
 * superlet with a toi array), as Syncopy's ComputationalRoutine does; otherwise a SPYValueError
 * naming the trials, their lengths and output lengths (a dry run of the compute function).
 */
function checkAveragedShapes(entry: (typeof METHODS)[string], p: MethodPlan, ctx: PlanContext): void {
  const { source } = ctx;
  const shapes = ctx.lengths.map((_, i) => parseDryRun(entry.computeFunction(
    fauxTrial(source.trialShape(i), source.dtype), p.kwargs, { noCompute: true, trial: source.trialIndex(i) })).shape);
  if (shapes.every((s) => s.length === shapes[0].length && s.every((n, d) => n === shapes[0][d]))) return;
  const toi = ctx.kw.toi;
  throw unequalAverageError(ctx.method, toi === "all" ? 'toi = "all"' : "", ctx.trialIds, ctx.lengths, shapes.map((s) => s[0]),
    "time point", toi === "all" ? "an equidistant toi array inside every trial (the same time points in every trial)" : "");
}

async function run(data: AnalogData, kw: Record<string, unknown>, ctx: CallContext): Promise<SpectralData> {
  if (!(data instanceof AnalogData)) {
    throw new SPYTypeError("data", (data as BaseData).className ?? data, "an AnalogData object");
  }
  const entry = lookupMethod(METHODS, kw.method);
  const method = kw.method as string;
  const output = kw.output;
  const isFooof = typeof output === "string" && FOOOF_OUTPUTS.includes(output);
  if (typeof output !== "string") throw new SPYTypeError("output", output, `one of ${[...SPECTRAL_OUTPUTS, ...FOOOF_OUTPUTS].join(", ")}`);
  if (!(isFooof || (SPECTRAL_OUTPUTS as readonly string[]).includes(output))) {
    throw new SPYValueError("output", output, `one of ${[...SPECTRAL_OUTPUTS, ...FOOOF_OUTPUTS].join(", ")}`);
  }
  if (isFooof && method !== "mtmfft") {
    throw new SPYValueError("output", output, `one of ${SPECTRAL_OUTPUTS.join(", ")} with method '${method}' (FOOOF outputs need method 'mtmfft')`);
  }
  const keeptrials = checkBool(kw, "keeptrials");
  const keeptapers = checkBool(kw, "keeptapers");
  if (kw.out !== null) throw new SPYValueError("out", kw.out, "null (the keyword is accepted for compatibility but not used)");
  warnIneffective(METHODS, method, kw, ctx.given, FREQANALYSIS_DEFAULTS);
  warnFooofOpt(method, output, kw, ctx.given);
  const compute = parseComputeOptions(kw);
  const polyremoval = parsePolyremoval(kw.polyremoval);

  const sel = data.resolve(kw.select as never);
  const source = new SelectionSource(data, sel);
  const lengths = sel.trials.map((_, i) => source.trialShape(i)[0]);
  const minLen = minOf(lengths);
  const maxLen = maxOf(lengths);
  const context: PlanContext = {
    // FOOOF parameterizes the mtmfft power spectrum (Syncopy runs mtmfft with output "pow" first)
    data, kw, given: ctx.given, method, output: isFooof ? "pow" : output as SpectralOutput, keeptrials, keeptapers,
    samplerate: data.samplerate, polyremoval, source, rows: source.trialRows(), trialIds: [...sel.trials],
    lengths, minLen, maxLen, meanLen: lengths.reduce((a, b) => a + b, 0) / lengths.length,
  };
  const p = entry.plan(context);
  if (isFooof && p.freq[0] === 0) {
    throw new SPYValueError("foilim", kw.foilim, `foilim=[f_min>0, ...] that excludes 0 Hz, e.g. foilim: [1, ${p.freq[p.freq.length - 1]}]`,
      "the frequency axis starts at 0 Hz, which FOOOF cannot fit (its aperiodic model takes log10 of the frequency): it needs a frequency range that does not include zero");
  }

  if (!keeptrials && minLen !== maxLen) checkAveragedShapes(entry, p, context);

  const result = await runMethod(entry, p, { source, keeptrials, compute });
  const settings: Record<string, unknown> = {
    method, output, keeptapers, keeptrials, polyremoval, ...p.settings, select: kw.select, parallel: compute.parallel,
  };
  const spec = propagateProperties(data, result.store, {
    name: "freqanalysis", outClass: entry.output, selection: sel,
    trialdefinition: keeptrials ? p.trialdefinition : p.averagedTrialdefinition,
    samplerate: p.samplerate, axes: { freq: p.freq, taper: p.taperLabels },
    cfgEntry: ctx.cfgEntry, log: result.log("freqanalysis", settings),
  });
  if (!isFooof) return spec;
  // the trials are already averaged if keeptrials=false: FOOOF fits what mtmfft returned
  return fooofSpectralData(spec, { output: output as FooofOutput, fooofOpt: kw.fooof_opt as Record<string, unknown> | null, compute, keeptrials: true });
}
