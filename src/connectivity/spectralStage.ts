/**
 * The single-trial stage of the spectral connectivity measures on AnalogData (Syncopy's
 * CrossSpectra compute routine, `ST_compRoutines.cross_spectra_cF` + `csd.csd`):
 *
 *   per trial: detrend (polyremoval), taper, FFT  ->  X[k, f, c], complex, one per taper k
 *   CSD_trial[f, i, j] = 1/K sum_k X[k, f, i] conj(X[k, f, j])      (tapers averaged)
 *
 * The spectra are specest's mtmfft compute function with output "fourier" and keeptapers (the
 * same normalisation as freqanalysis; in workers when `parallel`), so connectivity has no FFT code
 * of its own. The products are summed in the main thread, trial by trial in trial order, by
 * CrossSpectraAccumulator (wasm SIMD, float64 sums of exact float32 products; the TypeScript
 * reference when that path is selected): a parallel run gives the same bits as a sequential one.
 *
 * Two ways out: the trial average (keeptrials false: scale 1 / (K nTrials) on every trial, so the
 * accumulator stages several trials per pass), or each trial's CSD handed to a callback.
 *
 * `spectralMeasure` turns a measure on these cross spectra (csd.ts, coh.ts) into a row of
 * connectivityanalysis' method table.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import type { NDArray } from "../core/ndarray";
import type { ComputeFunction, ComputeFunctionRef, TrialSource } from "../core/computeTypes";
import { ComputationalRoutine } from "../compute/routine";
import { giveSums, takeSums } from "../compute/keptBuffers";
import type { ComputeOptions } from "../compute/frontend";
import type { MethodEntry } from "../compute/methods";
import { CrossSpectralData } from "../data/crossspectral";
import { logEntry } from "../data/log";
import { parsePad, parseTapers, selectFrequencies } from "../specest/params";
import { MtmfftKwargs, mtmfftComputeFunction } from "../specest/mtmfftComputeFunction";
import { CrossSpectraAccumulator } from "./crossSpectraAccumulator";
import { estimatorName } from "./trialEstimators";
import { CROSS_SPECTRA_GROUP_REF, GroupKwargs, GroupedSource, crossSpectraGroupCF, trialGroups } from "./crossSpectraGroups";
import type { ConnectivityContext, ConnectivityOutput, ConnectivityPlan, CrossSpectraPlan, SpectralMeasure, TrialEstimator } from "./types";
import { maxOf, minOf } from "../core/extrema";

/** The keywords of the stage (Syncopy's: as freqanalysis' mtmfft). */
export const SPECTRAL_KEYWORDS = ["foi", "foilim", "pad", "tapsmofrq", "nTaper", "taper", "taper_opt"] as const;

/**
 * Checks foi/foilim, pad, taper, taper_opt, tapsmofrq and nTaper with freqanalysis' rules
 * (specest/params.ts, spyts' documented deviations included) and Syncopy's choices for
 * connectivity: tapers are always averaged, and the DPSS parameters come from the mean selected
 * trial length, unrounded, as Syncopy's process_taper gets it.
 */
export function planCrossSpectra(kw: Record<string, unknown>, samplerate: number, lengths: number[], polyremoval: 0 | 1 | null, demeanTaper = false): CrossSpectraPlan {
  const maxLen = maxOf(lengths);
  const minLen = minOf(lengths);
  const meanLen = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  const nfft = parsePad(kw.pad, maxLen, samplerate);
  const { freqIdx, freq } = selectFrequencies(kw.foi, kw.foilim, nfft, samplerate);
  const tapers = parseTapers(kw, meanLen, minLen, samplerate);
  return { nfft, freqIdx, freq, tapers, K: tapers.labels.length, polyremoval, demeanTaper };
}

/** mtmfft's compute kwargs for the stage: complex spectra of every taper. */
export function stageKwargs(plan: CrossSpectraPlan): MtmfftKwargs {
  if (plan.tapers === null) throw new Error("stageKwargs: no tapers (SpectralData input has no mtmfft stage)");
  return {
    nfft: plan.nfft, freqIdx: plan.freqIdx, polyremoval: plan.polyremoval, demean_taper: plan.demeanTaper,
    ft_compat: false, output: "fourier", keeptapers: true, taper: plan.tapers.spec,
  };
}

/** The plan's settings for the provenance log (Syncopy's log_dict keys). */
export function stageSettings(plan: CrossSpectraPlan): Record<string, unknown> {
  const f = plan.freq;
  if (plan.tapers === null) return { input: "SpectralData", foi: `${f.length} frequencies, ${f[0]} … ${f[f.length - 1]} Hz`, nTaper: plan.K };
  const d = plan.tapers.spec.dpss;
  return {
    nfft: plan.nfft, foi: `${f.length} frequencies, ${f[0]} … ${f[f.length - 1]} Hz`,
    taper: d ? "dpss" : plan.tapers.spec.taper, taper_opt: plan.tapers.spec.taperOpt,
    tapsmofrq: plan.tapers.tapsmofrq, nTaper: d ? d.K : null, NW: d ? d.NW : null, demean_taper: plan.demeanTaper,
  };
}

export interface CrossSpectraResult {
  /** The trial-averaged CSD, complex interleaved [F, C, C] float64 (when averaging). */
  average: Float64Array | null;
  /** With `estimator`: its sums over all trials (nAcc F C C values), for its finish(). */
  estimatorSums?: Float64Array;
  nTrials: number;
  F: number;
  C: number;
  /**
   * Give `average` / `estimatorSums` back for the next run's sums (compute/keptBuffers.ts'
   * giveSums) once nothing reads them any more; absent where they are not kept memory.
   */
  release?: () => void;
  /** The stage's provenance entry. */
  log(caller: string, settings: Record<string, unknown>): string;
}

export interface CrossSpectraRun {
  /** The stage's compute function (a method table row's cfName, computeFunction, ref). */
  cfName: string;
  computeFunction: ComputeFunction;
  ref: ComputeFunctionRef;
  /** Its kwargs (stageKwargs). */
  kwargs: Record<string, unknown>;
  compute: ComputeOptions;
  /**
   * Per trial (in trial order): the trial's CSD, complex interleaved [F, C, C] float64, in a buffer
   * that is reused for the next trial (copy what you keep). Without it, the trials are averaged.
   */
  perTrial?: (i: number, csd: Float64Array) => void;
  /**
   * A measure of every trial's CSD: its sums are taken where the spectra are made (per fixed group
   * of trials, ./crossSpectraGroups.ts) and come back as `estimatorSums`. Not with perTrial.
   */
  estimator?: TrialEstimator;
}

/** Runs the stage on the selected trials of `source` ([time, channel] trials). */
export async function runCrossSpectra(source: TrialSource, plan: CrossSpectraPlan, run: CrossSpectraRun): Promise<CrossSpectraResult> {
  if (run.perTrial && run.estimator) throw new Error("runCrossSpectra: perTrial or estimator, not both");
  if (!run.perTrial && run.compute.chanPerWorker === undefined) return runGrouped(source, plan, run);
  if (run.estimator) {
    // channel blocks: the estimator's sums in the main thread, trial by trial
    const est = run.estimator;
    const n = plan.freq.length * source.trialShape(0)[1] ** 2;
    const sums = new Float64Array(est.nAcc * n);
    const r = await runCrossSpectra(source, plan, { ...run, estimator: undefined, perTrial: (_i, S) => est.add(S, sums, n) });
    return { ...r, estimatorSums: sums };
  }
  const routine = new ComputationalRoutine(run.computeFunction, run.ref, run.kwargs, { name: run.cfName });
  // every trial's spectra go to the sink below, which sums them: the routine itself keeps trials
  routine.initialize(source, { keeptrials: true, chanPerWorker: run.compute.chanPerWorker });
  const nTrials = source.nTrials;
  const F = plan.freq.length;
  const C = source.trialShape(0)[1];
  const K = plan.K;
  const shape = routine.outputShape(0);
  if (shape.length !== 4 || shape[1] !== K || shape[2] !== F || shape[3] !== C || routine.outputDtype !== "complex64") {
    throw new Error(`runCrossSpectra: the stage gives ${routine.outputDtype} [${shape}], not complex64 [1, ${K}, ${F}, ${C}]`);
  }
  const acc = new CrossSpectraAccumulator(F, C);
  const perTrial = run.perTrial;
  const buffer = perTrial ? new Float64Array(acc.length) : null;
  const scale = perTrial ? 1 / K : 1 / (K * nTrials);
  const sink = {
    write(i: number, spectra: NDArray): void {
      // [1, K, F, C] complex64: exactly the accumulator's [K, F, C] layout
      if (perTrial) acc.reset();
      acc.add(spectra.data as Float32Array, K, scale);
      if (perTrial) perTrial(i, acc.result(buffer!));
    },
  };
  await routine.compute(source, sink, { parallel: run.compute.parallel, memThresh: run.compute.memThresh, keeptrials: true });
  return {
    average: perTrial ? null : acc.result(),
    nTrials, F, C,
    log: (caller, settings) => logEntry(routine.writeLog("", settings).trimEnd(), caller),
  };
}

/**
 * The trial average with the cross spectra summed in the compute function, per fixed group of
 * trials (./crossSpectraGroups.ts), so that workers do the products; the main thread adds the
 * groups' sums in group order. Same bits sequentially and in parallel.
 */
async function runGrouped(source: TrialSource, plan: CrossSpectraPlan, run: CrossSpectraRun): Promise<CrossSpectraResult> {
  const nTrials = source.nTrials;
  const F = plan.freq.length;
  const C = source.trialShape(0)[1];
  const K = plan.K;
  const groups = trialGroups(nTrials, (run.estimator ? run.estimator.nAcc : 2) * F * C * C * 8);
  const grouped = new GroupedSource(source, groups);
  const trialIdx = (k: number) => (source.trialIndex ? source.trialIndex(k) : k);
  const estimator = run.estimator ? estimatorName(run.estimator) : null;
  if (run.estimator && estimator === null) throw new Error("runCrossSpectra: the estimator is not in TRIAL_ESTIMATORS");
  const kwargs: GroupKwargs = {
    stage: run.kwargs, F, C, K, scale: estimator ? 1 / K : 1 / (K * nTrials), ...(estimator ? { estimator } : {}),
    lengths: groups.map(([a, b]) => Array.from({ length: b - a }, (_, i) => source.trialShape(a + i)[0])),
    trialIndex: groups.map(([a, b]) => Array.from({ length: b - a }, (_, i) => trialIdx(a + i))),
  };
  const routine = new ComputationalRoutine(crossSpectraGroupCF, CROSS_SPECTRA_GROUP_REF, kwargs as unknown as Record<string, unknown>, { name: run.cfName });
  routine.initialize(grouped, { keeptrials: true });
  // memory of an earlier run's sums where there is one: fresh, its first touch is a quarter of
  // a second on 64 channels in the main thread (keptBuffers.ts' takeSums)
  const total = takeSums(run.estimator ? run.estimator.nAcc * F * C * C : 2 * F * C * C);
  // `copies`: each group's sum is added into `total` before write returns, so the engine reuses
  // one memory for the sums (ctx.out on the main thread, recycled reply buffers from workers)
  // instead of a fresh F C^2 array per group (66 MB on 64 channels, 0.4-2 s of first touch a run
  // on this VM: profiled in crossSpectraAccumulator.result)
  const sink = {
    write(_g: number, sum: NDArray): void {
      const d = sum.data as Float64Array;
      for (let i = 0; i < total.length; i++) total[i] += d[i];
    },
    copies: true,
  };
  await routine.compute(grouped, sink, { parallel: run.compute.parallel, memThresh: run.compute.memThresh, keeptrials: true });
  return {
    average: run.estimator ? null : total, ...(run.estimator ? { estimatorSums: total } : {}), nTrials, F, C,
    release: () => giveSums(total),
    log: (caller, settings) => logEntry(routine.writeLog("", settings).trimEnd(), caller),
  };
}

/** The `output` a measure computes: checked against its outputs, or fixed when it has none. */
function checkOutput(m: SpectralMeasure, output: unknown): ConnectivityOutput {
  if (m.outputs === null) return "abs"; // no effect (connectivityanalysis warns when it is given)
  const allowed = `one of ${m.outputs.join(", ")}`;
  if (typeof output !== "string") throw new SPYTypeError("output", output, allowed);
  if (!(m.outputs as readonly string[]).includes(output)) throw new SPYValueError("output", output, allowed);
  return output as ConnectivityOutput;
}

/**
 * A row of connectivityanalysis' method table for a measure on the cross spectra: the stage's
 * compute function (mtmfft's, Syncopy's name cross_spectra_cF), CrossSpectralData out, and a plan
 * that checks the measure's keywords (output, keeptrials) and the stage's.
 */
export function spectralMeasure(m: SpectralMeasure): MethodEntry<ConnectivityContext, ConnectivityPlan, CrossSpectralData> {
  return {
    cfName: "cross_spectra_cF",
    computeFunction: mtmfftComputeFunction,
    ref: { module: require.resolve("../specest/mtmfftComputeFunction"), name: "mtmfftComputeFunction" },
    output: CrossSpectralData,
    keywords: [...m.keywords, ...SPECTRAL_KEYWORDS],
    plan(ctx: ConnectivityContext): ConnectivityPlan {
      const output = checkOutput(m, ctx.kw.output);
      if (ctx.keeptrials && !m.keeptrials) {
        throw new SPYValueError("keeptrials", true, `false: trial averaging is needed for method '${m.name}'`);
      }
      const given = ctx.spectralInput;
      const crossSpectra: CrossSpectraPlan = given
        ? { nfft: 0, freqIdx: [], freq: given.freq, tapers: null, K: given.K, polyremoval: null, demeanTaper: false }
        : planCrossSpectra(ctx.kw, ctx.samplerate, ctx.lengths, ctx.polyremoval, m.demeanTaper);
      return {
        kwargs: given ? {} : stageKwargs(crossSpectra) as unknown as Record<string, unknown>,
        outDtype: m.dtype(output),
        settings: { ...(m.outputs ? { output } : {}), ...stageSettings(crossSpectra) },
        crossSpectra, keeptrials: ctx.keeptrials, output,
        fromCrossSpectra: (csd, F, C) => m.fromCrossSpectra(csd, F, C, output),
        estimator: m.estimator,
      };
    },
  };
}
