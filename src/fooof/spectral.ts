/**
 * FOOOF on every trial and channel of a power SpectralData (the mtmfft "pow" result), through the
 * compute engine (sequential or on workers): Syncopy's FooofSpy step of
 * `freqanalysis(method="mtmfft", output="fooof" | "fooof_aperiodic" | "fooof_peaks")`.
 * Returns a SpectralData of the chosen output in linear power, with the fit parameters of every
 * trial and channel in `metadata` (layout in ./metadata.ts), which spy.save / spy.load keep.
 */
import { SPYValueError, SPYTypeError } from "../core/errors";
import { checkOneOf } from "../core/keywords";
import { SpectralData } from "../data/spectral";
import { SelectionSource } from "../data/source";
import { propagateProperties } from "../data/propagate";
import { runRoutine, ComputeOptions } from "../compute/frontend";
import { parseFooofOpt, FooofOpt } from "./settings";
import { checkFreqs } from "./input";
import { FOOOF_OUTPUTS, FooofKwargs, FooofOutput, fooofComputeFunction } from "./computeFunction";
import { assembleFooofMetadata } from "./metadata";
import { warnWidth } from "./fooof";
import type { FitInternals } from "./fit";

export interface FooofSpectralOptions {
  output: FooofOutput;
  /** FOOOF settings (Syncopy's `fooof_opt`), merged over the defaults; null for the defaults. */
  fooofOpt?: Partial<FooofOpt> | Record<string, unknown> | null;
  /** parallel / chan_per_worker / mem_thresh, as parsed by `parseComputeOptions`. */
  compute?: ComputeOptions;
  /** false: average the output spectra over trials (the metadata stays per trial). Default true. */
  keeptrials?: boolean;
  /** Who asks, for the log (default "freqanalysis"). */
  caller?: string;
  /** Test knobs (see FitInternals). */
  internals?: FitInternals;
}

/** The error for a frequency axis that starts at 0 Hz, naming the keyword that fixes it. */
export function zeroHzError(spec: SpectralData): SPYValueError {
  const fa = spec.cfg.freqanalysis as Record<string, unknown> | undefined;
  const fmax = spec.freq[spec.freq.length - 1];
  return new SPYValueError("foilim", fa?.foilim ?? null,
    `foilim=[f_min>0, ...] that excludes 0 Hz, e.g. foilim: [1, ${Number.isFinite(fmax) ? fmax : "<max>"}]`,
    "the frequency axis starts at 0 Hz, which FOOOF cannot fit (its aperiodic model takes log10 of the frequency): it needs a frequency range that does not include zero, pass foilim=[f_min>0, ...]");
}

export async function fooofSpectralData(spec: SpectralData, opts: FooofSpectralOptions): Promise<SpectralData> {
  if (!(spec instanceof SpectralData)) throw new SPYTypeError("data", (spec as { className?: string })?.className ?? spec, "a SpectralData of power");
  const output = checkOneOf(opts.output, "output", FOOOF_OUTPUTS);
  const fooofOpt = parseFooofOpt(opts.fooofOpt ?? null, "fooof_opt");
  const keeptrials = opts.keeptrials ?? true;
  if (typeof keeptrials !== "boolean") throw new SPYTypeError("keeptrials", keeptrials, "true or false");
  if (spec.dtype.startsWith("complex")) {
    throw new SPYValueError("output", "complex spectra", "power (mtmfft output \"pow\") as FOOOF's input");
  }
  const nTaper = spec.tailShape[0];
  if (nTaper !== 1) throw new SPYValueError("keeptapers", true, "false: FOOOF fits one power spectrum per trial and channel (tapers averaged)");
  const freq = spec.freq;
  checkFreqs(freq, "foi", () => zeroHzError(spec));
  for (let k = 0; k < spec.nTrials; k++) {
    const len = spec.trialShape(k)[0];
    if (len !== 1) throw new SPYValueError("data", `trial ${k} with ${len} time points`, "one spectrum per trial (mtmfft output); FOOOF on time-frequency data is not supported");
  }
  if (fooofOpt.verbose) warnWidth(freq[1] - freq[0], fooofOpt);

  const compute = opts.compute ?? { parallel: false, chanPerWorker: undefined, memThresh: 0.5 };
  const source = new SelectionSource(spec, spec.resolve(null));
  const kwargs: FooofKwargs = { freqs: Array.from(freq), output, fooof_opt: fooofOpt, channel: spec.channel, internals: opts.internals };
  const result = await runRoutine({
    name: "fooof_cF",
    computeFunction: fooofComputeFunction,
    ref: { module: require.resolve("./computeFunction"), name: "fooofComputeFunction" },
    kwargs: kwargs as unknown as Record<string, unknown>,
    source,
    keeptrials,
    compute,
    ext: ".spectral",
    outDtype: "float32",
  });

  const settings = { fooof_method: output, fooof_opt: fooofOpt, keeptrials, parallel: compute.parallel };
  // a step of freqanalysis: the cfg stays the input's (no entry of its own), info is carried over
  return propagateProperties(spec, result.store, {
    name: "fooof", outClass: SpectralData, trialdefinition: keeptrials ? spec.trialdefinition : [[0, 1, 0]],
    cfgEntry: null, info: spec.info,
    metadata: assembleFooofMetadata(result.metadata, fooofOpt.aperiodic_mode === "knee" ? 3 : 2),
    log: result.log(opts.caller ?? "freqanalysis", settings),
  });
}
