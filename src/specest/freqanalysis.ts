/**
 * spy.freqanalysis: AnalogData -> SpectralData (reference §1.2), methods mtmfft, mtmconvol, welch,
 * wavelet and superlet. Keywords common to every method
 * are validated here; each method validates its own keywords and describes its computation in a
 * plan (plans/*Plan.ts); the plan then runs as a ComputationalRoutine.
 */
import { SPYValueError, SPYTypeError } from "../core/errors";
import { metafunction, CallContext } from "../cfg/metafunction";
import { AnalogData } from "../data/analog";
import { SpectralData } from "../data/spectral";
import { BaseData } from "../data/base";
import { SelectionSource } from "../data/source";
import { SPECTRAL_OUTPUTS, SpectralOutput } from "../math/spectralConversions";
import { checkBool, parsePolyremoval } from "./params";
import { runRoutine, parseComputeOptions } from "../compute/frontend";
import { warn } from "../core/warnings";
import { METHOD_KEYWORDS, MethodPlan, PlanContext } from "./plans/types";
import { planMtmfft } from "./plans/mtmfftPlan";
import { planMtmconvol } from "./plans/mtmconvolPlan";
import { planSuperlet, planWavelet } from "./plans/waveletPlan";
import { fooofSpectralData } from "../fooof/spectral";
import type { FooofOutput } from "../fooof/computeFunction";

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

export const AVAILABLE_METHODS = ["mtmfft", "mtmconvol", "wavelet", "superlet", "welch"];
const FOOOF_OUTPUTS = ["fooof", "fooof_aperiodic", "fooof_peaks"];

const PLANS: Record<string, (p: PlanContext) => MethodPlan> = {
  mtmfft: planMtmfft,
  mtmconvol: planMtmconvol,
  welch: planMtmconvol,
  wavelet: planWavelet,
  superlet: planSuperlet,
};

function isAnalog(x: unknown): x is AnalogData {
  return x instanceof BaseData;
}

export const freqanalysis = metafunction<AnalogData, SpectralData>("freqanalysis", FREQANALYSIS_DEFAULTS, isAnalog, run);


function warnIneffective(method: string, output: string, kw: Record<string, unknown>, given: Set<string>): void {
  const own = new Set(METHOD_KEYWORDS[method]);
  const all = new Set(Object.values(METHOD_KEYWORDS).flat());
  for (const key of all) {
    if (own.has(key) || !given.has(key) || kw[key] === FREQANALYSIS_DEFAULTS[key]) continue;
    warn(`keyword '${key}' has no effect with method '${method}'`);
  }
  if (own.has("fooof_opt") && given.has("fooof_opt") && kw.fooof_opt !== null && !FOOOF_OUTPUTS.includes(output)) {
    warn(`keyword 'fooof_opt' has no effect with output '${output}'`);
  }
}

async function run(data: AnalogData, kw: Record<string, unknown>, ctx: CallContext): Promise<SpectralData> {
  if (!(data instanceof AnalogData)) {
    throw new SPYTypeError("data", (data as BaseData).className ?? data, "an AnalogData object");
  }
  const method = kw.method;
  if (typeof method !== "string") throw new SPYTypeError("method", method, `one of ${AVAILABLE_METHODS.join(", ")}`);
  if (!AVAILABLE_METHODS.includes(method)) {
    throw new SPYValueError("method", method, `one of ${AVAILABLE_METHODS.join(", ")}`);
  }
  const plan = PLANS[method];
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
  warnIneffective(method, output, kw, ctx.given);
  const compute = parseComputeOptions(kw);
  const polyremoval = parsePolyremoval(kw.polyremoval);

  const sel = data.resolve(kw.select as never);
  const source = new SelectionSource(data, sel);
  const lengths = sel.trials.map((_, i) => source.trialShape(i)[0]);
  const minLen = Math.min(...lengths);
  const maxLen = Math.max(...lengths);
  if (!keeptrials && minLen !== maxLen) {
    throw new SPYValueError("keeptrials", false, "true for trials of unequal lengths", `averaging trials of unequal lengths (${minLen} to ${maxLen} samples) is not supported`);
  }
  const context: PlanContext = {
    // FOOOF parameterizes the mtmfft power spectrum (Syncopy runs mtmfft with output "pow" first)
    data, kw, given: ctx.given, method, output: isFooof ? "pow" : output as SpectralOutput, keeptrials, keeptapers,
    samplerate: data.samplerate, polyremoval, source, rows: source.trialRows(), trialIds: [...sel.trials],
    lengths, minLen, maxLen, meanLen: lengths.reduce((a, b) => a + b, 0) / lengths.length,
  };
  const p = plan(context);
  if (isFooof && p.freq[0] === 0) {
    throw new SPYValueError("foilim", kw.foilim, `foilim=[f_min>0, ...] that excludes 0 Hz, e.g. foilim: [1, ${p.freq[p.freq.length - 1]}]`,
      "the frequency axis starts at 0 Hz, which FOOOF cannot fit (its aperiodic model takes log10 of the frequency)");
  }

  const result = await runRoutine({
    name: p.cfName, computeFunction: p.computeFunction, ref: p.ref, kwargs: p.kwargs,
    source, keeptrials, compute, ext: ".spectral", outDtype: p.outDtype,
  });

  const spec = new SpectralData();
  spec.samplerate = p.samplerate;
  spec.setStore(result.store, keeptrials ? p.trialdefinition : p.averagedTrialdefinition);
  spec.channel = sel.dims.channel ? sel.dims.channel.map((c) => data.channel[c]) : data.channel;
  spec.setFreq(p.freq);
  spec.setTaper(p.taperLabels);
  spec.cfg = { ...JSON.parse(JSON.stringify(data.cfg)), freqanalysis: ctx.cfgEntry };
  const settings: Record<string, unknown> = {
    method, output, keeptapers, keeptrials, polyremoval, ...p.settings, select: kw.select, parallel: compute.parallel,
  };
  spec.setHistory(data.history + result.log("freqanalysis", settings));
  if (!isFooof) return spec;
  // the trials are already averaged if keeptrials=false: FOOOF fits what mtmfft returned
  return fooofSpectralData(spec, { output: output as FooofOutput, fooofOpt: kw.fooof_opt as Record<string, unknown> | null, compute, keeptrials: true });
}
