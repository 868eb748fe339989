/**
 * spy.freqanalysis: AnalogData -> SpectralData (reference §1.2). This version implements
 * method "mtmfft" completely; the other methods and the FOOOF outputs say plainly that they
 * are not available yet instead of computing something else.
 */
import { SPYValueError, SPYTypeError } from "../errors";
import { metafunction, CallContext } from "../cfg/metafunction";
import { AnalogData } from "../data/analog";
import { SpectralData } from "../data/spectral";
import { BaseData } from "../data/base";
import { SelectionSource } from "../data/source";
import { SPECTRAL_OUTPUTS, SpectralOutput, outputDtype } from "./conversions";
import { parsePad, parsePolyremoval, parseTapers, selectFrequencies } from "./params";
import { MtmfftKwargs, mtmfftComputeFunction } from "./mtmfftComputeFunction";
import { runRoutine, parseComputeOptions } from "../compute/frontend";
import { warn } from "../warnings";

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
const IMPLEMENTED_METHODS = ["mtmfft"];
const FOOOF_OUTPUTS = ["fooof", "fooof_aperiodic", "fooof_peaks"];
/** Keywords that only other methods read: given explicitly with mtmfft they have no effect. */
const NOT_FOR_MTMFFT = ["toi", "t_ftimwin", "wavelet", "width", "order", "order_max", "order_min", "c_1", "adaptive"];

function isAnalog(x: unknown): x is AnalogData {
  return x instanceof BaseData;
}

export const freqanalysis = metafunction<AnalogData, SpectralData>("freqanalysis", FREQANALYSIS_DEFAULTS, isAnalog, run);

function checkBool(kw: Record<string, unknown>, name: string): boolean {
  const v = kw[name];
  if (typeof v !== "boolean") throw new SPYTypeError(name, v, "true or false");
  return v;
}

async function run(data: AnalogData, kw: Record<string, unknown>, ctx: CallContext): Promise<SpectralData> {
  if (!(data instanceof AnalogData)) {
    throw new SPYTypeError("data", (data as BaseData).className ?? data, "an AnalogData object");
  }
  const method = kw.method;
  if (typeof method !== "string" || !AVAILABLE_METHODS.includes(method)) {
    throw new SPYValueError("method", method, `one of ${AVAILABLE_METHODS.join(", ")}`);
  }
  if (!IMPLEMENTED_METHODS.includes(method)) {
    throw new SPYValueError("method", method, `one of ${IMPLEMENTED_METHODS.join(", ")} in this version of spyts`, `${method} is not implemented yet`);
  }
  const output = kw.output;
  if (typeof output === "string" && FOOOF_OUTPUTS.includes(output)) {
    throw new SPYValueError("output", output, `one of ${SPECTRAL_OUTPUTS.join(", ")} in this version of spyts`, "FOOOF outputs are not implemented yet");
  }
  if (typeof output !== "string" || !(SPECTRAL_OUTPUTS as readonly string[]).includes(output)) {
    throw new SPYValueError("output", output, `one of ${[...SPECTRAL_OUTPUTS, ...FOOOF_OUTPUTS].join(", ")}`);
  }
  const keeptrials = checkBool(kw, "keeptrials");
  const keeptapers = checkBool(kw, "keeptapers");
  const demeanTaper = checkBool(kw, "demean_taper");
  const ftCompat = checkBool(kw, "ft_compat");
  if (kw.out !== null) throw new SPYValueError("out", kw.out, "null (the keyword is accepted for compatibility but not used)");
  for (const key of NOT_FOR_MTMFFT) {
    if (ctx.given.has(key) && kw[key] !== FREQANALYSIS_DEFAULTS[key]) warn(`keyword '${key}' has no effect with method '${method}'`);
  }
  if (ctx.given.has("fooof_opt") && kw.fooof_opt !== null) warn(`keyword 'fooof_opt' has no effect with output '${output}'`);
  const compute = parseComputeOptions(kw);

  const sel = data.resolve(kw.select as never);
  const source = new SelectionSource(data, sel);
  const lengths = sel.trials.map((_, i) => source.trialShape(i)[0]);
  const maxLen = Math.max(...lengths);
  const minLen = Math.min(...lengths);
  const meanLen = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  if (!keeptrials && minLen !== maxLen) {
    throw new SPYValueError("keeptrials", false, "true for trials of unequal lengths", `averaging trials of unequal lengths (${minLen} to ${maxLen} samples) is not supported`);
  }
  const fs = data.samplerate;
  const nfft = parsePad(kw.pad, maxLen, fs);
  const polyremoval = parsePolyremoval(kw.polyremoval);
  const { freqIdx, freq } = selectFrequencies(kw.foi, kw.foilim, nfft, fs);
  const tapers = parseTapers(kw, Math.round(meanLen), minLen, fs);
  const K = tapers.labels.length;
  if (K > 1 && !keeptapers && output !== "pow") {
    throw new SPYValueError("output", output, `"pow" when multitapering with keeptapers=false (tapers are averaged as power); set keeptapers=true for '${output}'`);
  }

  const cfKwargs: MtmfftKwargs = {
    nfft, freqIdx, polyremoval, demean_taper: demeanTaper, ft_compat: ftCompat,
    output: output as SpectralOutput, keeptapers, taper: tapers.spec,
  };
  const taperLabels = keeptapers || K === 1 ? tapers.labels : [tapers.labels[0]];
  const channel = sel.dims.channel ? sel.dims.channel.map((c) => data.channel[c]) : data.channel;
  const rows = source.trialRows();

  const result = await runRoutine({
    name: "mtmfft_cF",
    computeFunction: mtmfftComputeFunction,
    ref: { module: require.resolve("./mtmfftComputeFunction"), name: "mtmfftComputeFunction" },
    kwargs: cfKwargs as unknown as Record<string, unknown>,
    source,
    keeptrials,
    compute,
    ext: ".spectral",
    outDtype: outputDtype(output as SpectralOutput),
  });

  const spec = new SpectralData();
  spec.samplerate = fs;
  // mtmfft has no time axis: one sample per trial, offsets kept (averaged: one row [0, 1, 0]).
  const trl = keeptrials ? rows.map((r, i) => [i, i + 1, r[2], ...r.slice(3)]) : [[0, 1, 0]];
  spec.setStore(result.store, trl);
  spec.channel = channel;
  spec.setFreq(freq);
  spec.setTaper(taperLabels);
  spec.cfg = { ...JSON.parse(JSON.stringify(data.cfg)), freqanalysis: ctx.cfgEntry };
  const settings: Record<string, unknown> = {
    method, output, keeptapers, keeptrials, nfft, polyremoval, demean_taper: demeanTaper, ft_compat: ftCompat,
    taper: tapers.spec.dpss ? "dpss" : tapers.spec.taper, taper_opt: tapers.spec.taperOpt,
    tapsmofrq: tapers.tapsmofrq, nTaper: tapers.spec.dpss?.K ?? null, NW: tapers.spec.dpss?.NW ?? null,
    foi: kw.foi, foilim: kw.foilim, select: kw.select, parallel: compute.parallel,
  };
  spec.setHistory(data.history + result.log("freqanalysis", settings));
  return spec;
}
