/**
 * The trial average of the cross spectra, summed where the spectra are made.
 *
 * Why: a trial's taper spectra are small (K x F x C) but its cross spectra are not (F x C x C):
 * on 64 channels the products cost ~10x the FFTs. Summed in the main thread (as the per-trial
 * path still does), they made two workers no faster than one. Here the trials go to the compute
 * engine in fixed groups: a "group trial" is its trials stacked along time, and the group's
 * compute function makes each trial's spectra, sums the group's cross spectra with the same
 * accumulator and scale, and returns that one sum. The main thread adds the groups' sums in
 * group order.
 *
 * The groups depend on the trial count only (never on the number of workers), so sequential,
 * parallel and "auto" runs add the same numbers in the same order: the same bits.
 */
import type { NDArray } from "../core/ndarray";
import type { ComputeContext, ComputeFunctionRef, DryRunResult, TrialSource } from "../core/computeTypes";
import { mtmfftComputeFunction } from "../specest/mtmfftComputeFunction";
import { CrossSpectraAccumulator } from "./crossSpectraAccumulator";
import { TRIAL_ESTIMATORS } from "./trialEstimators";

/** At most this many groups: few enough that adding their sums costs the main thread little, enough to balance workers. */
export const MAX_GROUPS = 16;

/**
 * The bytes of group sums the main thread adds up, at most (when one group's sum is large): each
 * sum is copied into the reply and read and added by the main thread while the workers stream
 * their own accumulators, all through the same memory (coh on 64 channels: 66 MB a sum; 16 of
 * them made the main thread's adding 1.4 s of a 5-10 s run on 2 workers).
 */
export const GROUP_SUMS_BUDGET = 512 * 2 ** 20;

/**
 * The groups of `nTrials` trials: [start, end) ranges of consecutive trials, at most MAX_GROUPS of
 * them, and (given the bytes of one group's sum) an even number that keeps the sums within
 * GROUP_SUMS_BUDGET, at least 2. The rule depends on sizes only, never on the worker count, so a
 * run's bits do not either.
 */
export function trialGroups(nTrials: number, groupSumBytes = 0): Array<[number, number]> {
  const byBudget = groupSumBytes > 0 ? 2 * Math.floor(GROUP_SUMS_BUDGET / (2 * groupSumBytes)) : MAX_GROUPS;
  const most = Math.min(MAX_GROUPS, Math.max(2, byBudget));
  const size = Math.max(1, Math.ceil(nTrials / most));
  const groups: Array<[number, number]> = [];
  for (let a = 0; a < nTrials; a += size) groups.push([a, Math.min(nTrials, a + size)]);
  return groups;
}

/** The trials of `source` in groups, each group one [sum of lengths, C] trial (see the file's comment). */
export class GroupedSource implements TrialSource {
  readonly nTrials: number;
  readonly dtype: TrialSource["dtype"];
  private buffer: Float32Array | Float64Array | null = null;

  constructor(private readonly source: TrialSource, readonly groups: Array<[number, number]>) {
    this.nTrials = groups.length;
    this.dtype = source.dtype;
  }

  trialShape(g: number): number[] {
    const [a, b] = this.groups[g];
    let n = 0;
    for (let k = a; k < b; k++) n += this.source.trialShape(k)[0];
    return [n, this.source.trialShape(a)[1]];
  }

  /** The group's trials stacked; a view of a buffer reused for the next group (the engine copies it). */
  readTrial(g: number): NDArray {
    const shape = this.trialShape(g);
    const size = shape[0] * shape[1];
    const Ctor = this.dtype === "float32" ? Float32Array : Float64Array;
    if (this.buffer === null || this.buffer.length < size || !(this.buffer instanceof Ctor)) this.buffer = new Ctor(size);
    const data = this.buffer.subarray(0, size);
    let at = 0;
    const [a, b] = this.groups[g];
    for (let k = a; k < b; k++) {
      const t = this.source.readTrial(k);
      data.set(t.data as ArrayLike<number>, at);
      at += t.data.length;
    }
    return { data, shape, dtype: this.dtype };
  }

  trialIndex(g: number): number {
    return g;
  }
}

/** kwargs of crossSpectraGroupCF (plain JSON: they go to every worker once per run). */
export interface GroupKwargs {
  /** mtmfft's kwargs for one trial (spectralStage.stageKwargs). */
  stage: Record<string, unknown>;
  F: number;
  C: number;
  K: number;
  /** The scale of every trial's products: 1 / (K nTrials) for the average, 1 / K for an estimator. */
  scale: number;
  /**
   * A measure of every trial's CSD (trialEstimators.ts TRIAL_ESTIMATORS): the group then returns
   * the estimator's sums over its trials (float64 [nAcc F C C]) instead of the summed CSD.
   */
  estimator?: string;
  /** Per group, its trials' lengths and original indices (for mtmfft's context and messages). */
  lengths: number[][];
  trialIndex: number[][];
}

const accumulators = new Map<string, CrossSpectraAccumulator>();

let spectraScratch = new Float32Array(0);

/** Spectra memory up to this size stays with the thread between groups and runs; larger is the group's own. */
const KEEP_SPECTRA_BYTES = 64 * 2 ** 20;

/**
 * The memory a group's trials have their taper spectra made in (complex64 [1, K, F, C]: `slots`
 * float32), reused trial after trial: the accumulator copies them (stage) or sums them before the
 * next trial. A fresh 7.7 MB array per trial (64 channels) cost 7 % of a two-worker coh run in
 * zeroing and first touch, and V8's collections of those arrays made every other run slow. Kept
 * by the thread for the next group when at most KEEP_SPECTRA_BYTES (long trials on many channels
 * would otherwise hold hundreds of MB per worker after the run).
 */
function spectraMemory(slots: number): Float32Array {
  if (slots * 4 > KEEP_SPECTRA_BYTES) return new Float32Array(slots);
  if (spectraScratch.length !== slots) spectraScratch = new Float32Array(slots);
  return spectraScratch;
}

/**
 * One group: scale x the sum over its trials of sum_k X[k, f, i] conj(X[k, f, j]), complex128
 * [F, C, C], the trials added in order through one CrossSpectraAccumulator (kept per worker).
 */
export function crossSpectraGroupCF(trial: NDArray, kwargs: Record<string, unknown>, ctx: ComputeContext): NDArray | DryRunResult {
  const kw = kwargs as unknown as GroupKwargs;
  const est = kw.estimator !== undefined ? TRIAL_ESTIMATORS[kw.estimator] : undefined;
  if (kw.estimator !== undefined && !est) throw new Error(`crossSpectraGroupCF: unknown estimator '${kw.estimator}'`);
  const n = kw.F * kw.C * kw.C;
  if (ctx.noCompute) return est ? { shape: [est.nAcc * n], dtype: "float64" } : { shape: [kw.F, kw.C, kw.C], dtype: "complex128" };
  const g = ctx.trial ?? 0;
  const key = `${kw.F}x${kw.C}`;
  let acc = accumulators.get(key);
  if (acc) acc.reset();
  else {
    acc = new CrossSpectraAccumulator(kw.F, kw.C);
    accumulators.clear(); // one size at a time: each holds F C^2 complex values
    accumulators.set(key, acc);
  }
  const C = trial.shape[1];
  // the memory the engine offers (a worker's reply, the sequential sink's copy), else fresh
  const offered = (len: number) => (ctx.out instanceof Float64Array && ctx.out.length === len ? ctx.out : null);
  // an estimator: each trial's CSD (tapers averaged) into its sums, trial by trial in order
  const sums = est ? (offered(est.nAcc * n)?.fill(0) ?? new Float64Array(est.nAcc * n)) : null;
  const pairs = kw.C * kw.C;
  let row = 0;
  const spectraOut = spectraMemory(2 * kw.K * kw.F * kw.C);
  kw.lengths[g].forEach((len, i) => {
    const sub: NDArray = { data: trial.data.subarray(row * C, (row + len) * C), shape: [len, C], dtype: trial.dtype };
    row += len;
    const spectra = mtmfftComputeFunction(sub, kw.stage, { noCompute: false, trial: kw.trialIndex[g][i], out: spectraOut }) as NDArray | { out: NDArray };
    const X = ("out" in spectra ? spectra.out : spectra).data as Float32Array;
    // an estimator takes each block of frequencies of the trial's CSD while it is in cache, and
    // only the elements a <= b: the CSD is Hermitian, the others follow (est.mirror, below)
    if (est) {
      acc!.forEachFrequencyBlock(X, kw.K, kw.scale, (block, f0, fc) => {
        for (let f = 0; f < fc; f++) {
          for (let a = 0; a < C; a++) est.add(block, sums!, n, f0 * pairs, f * pairs + a * C + a, C - a);
        }
      });
    } else {
      acc!.add(X, kw.K, kw.scale);
    }
  });
  if (est) est.mirror(sums!, n, C, kw.lengths[g].length);
  if (est) return { data: sums!, shape: [est.nAcc * n], dtype: "float64" };
  return { data: acc.result(offered(2 * n) ?? undefined), shape: [kw.F, kw.C, kw.C], dtype: "complex128" };
}

/** How a worker finds crossSpectraGroupCF. */
export const CROSS_SPECTRA_GROUP_REF: ComputeFunctionRef = { module: __filename, name: "crossSpectraGroupCF" };
