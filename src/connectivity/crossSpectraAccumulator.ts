/**
 * A cross-spectral accumulator that stays where the kernel works: in wasm memory (a private
 * instance of asm/crossspectra.ts) when the wasm path is selected at construction, else in a
 * Float64Array for the TypeScript reference. Trial by trial,
 *   acc.add(X_trial, K, 1 / (K * nTrials))
 * sums Syncopy's trial-averaged CSD without copying the accumulator in and out of wasm memory on
 * every call (for 64 channels x 501 frequencies that is 33 MB each way, ~40 % on top of the
 * kernel's own time), and trials added with the same scale are staged and summed several at a
 * time (crossSpectraStage.ts), so the accumulator streams through memory once per few trials.
 * result() sums what is staged and copies the accumulator out.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkChannels, checkOptions, checkPrecision, checkScale, checkSpectra, CrossSpectraInput, Precision, positiveInt } from "./crossSpectraArgs";
import { accumulateCrossSpectraTs } from "./crossSpectraTs";
import { TaperStage } from "./crossSpectraStage";
import { CrossSpectraWasm, CrossSpectraJob } from "./crossSpectraWasm";
import { newWasmInstance } from "../wasm/loader";

/** About the bytes of one frequency block of forEachFrequencyBlock: half this machine kind's 512 kB L2. */
const BLOCK_BYTES = 256 * 1024;

export interface CrossSpectraAccumulatorOptions {
  /** Channel indices of the rows (Syncopy's channelcmb[0]); with receivers. Default: all channels. */
  senders?: ArrayLike<number>;
  /** Channel indices of the columns (channelcmb[1]). Default: all channels. */
  receivers?: ArrayLike<number>;
  /** Arithmetic of the wasm kernel, as in accumulateCrossSpectra: "float64" (default) or "float32". */
  precision?: Precision;
}

export class CrossSpectraAccumulator {
  readonly F: number;
  readonly C: number;
  readonly senders: Int32Array;
  readonly receivers: Int32Array;
  readonly precision: Precision;
  private readonly hermitian: boolean;
  private readonly wasm: CrossSpectraWasm | null;
  /** The accumulator when it is not resident in wasm memory. */
  private readonly local: Float64Array | null;
  private readonly stage: TaperStage;

  /** An all-zero accumulator of F frequencies for C-channel spectra, [F, senders, receivers]. */
  constructor(F: number, C: number, opts?: CrossSpectraAccumulatorOptions) {
    this.F = positiveInt("F", F);
    this.C = positiveInt("C", C);
    const o = checkOptions(opts, "senders?, receivers?, precision?");
    const ch = checkChannels(o.senders, o.receivers, this.C);
    this.precision = checkPrecision(o.precision);
    this.senders = ch.senders;
    this.receivers = ch.receivers;
    this.hermitian = ch.hermitian;
    const inst = newWasmInstance("crossspectra");
    this.wasm = inst === null ? null : new CrossSpectraWasm(inst);
    const resident = this.wasm !== null && this.wasm.makeResident(this.length);
    this.local = resident ? null : new Float64Array(this.length);
    this.stage = new TaperStage(2 * this.F * this.C);
  }

  /** Values of the accumulator: 2 * F * senders * receivers (complex interleaved). */
  get length(): number {
    return 2 * this.F * this.senders.length * this.receivers.length;
  }

  /** Adds scale * sum_k X[k, f, sender] * conj(X[k, f, receiver]) of X (complex interleaved [K, F, C]). */
  add(X: CrossSpectraInput, K: number, scale?: number): this {
    const x = checkSpectra(X, K, this.F, this.C);
    const s = checkScale(scale);
    if (this.wasm === null) {
      accumulateCrossSpectraTs({ ...this.job(x.X, x.K, s), acc: this.local! });
      return this;
    }
    if (!this.stage.fits(x.X, x.K, s)) this.flush();
    if (!this.stage.push(x.X, x.K, s)) this.wasm.accumulate(this.job(x.X, x.K, s), this.local);
    return this;
  }

  /**
   * One trial's cross spectra, scale x sum_k X[k, f, sender] conj(X[k, f, receiver]), a block of
   * frequencies at a time: visit(block, f0, fc) gets frequencies [f0, f0 + fc) as complex
   * interleaved [fc, senders, receivers], a view valid during the call. Independent of what this
   * accumulator holds (nothing is added to it). On the wasm path the blocks are about
   * BLOCK_BYTES, so a measure of every trial's CSD reads each block from cache right after it
   * was made; on the TypeScript path (or when one frequency is too large) all frequencies come
   * as one block.
   */
  forEachFrequencyBlock(X: CrossSpectraInput, K: number, scale: number, visit: (block: Float64Array, f0: number, fc: number) => void): void {
    const x = checkSpectra(X, K, this.F, this.C);
    const s = checkScale(scale);
    const job = this.job(x.X, x.K, s);
    if (this.wasm && this.wasm.forEachBlock(job, BLOCK_BYTES, visit)) return;
    const whole = new Float64Array(this.length);
    if (this.wasm) this.wasm.accumulate(job, whole);
    else accumulateCrossSpectraTs({ ...job, acc: whole });
    visit(whole, 0, this.F);
  }

  private job(X: CrossSpectraInput, K: number, scale: number): CrossSpectraJob {
    return { X, K, F: this.F, C: this.C, scale, senders: this.senders, receivers: this.receivers, hermitian: this.hermitian, precision: this.precision };
  }

  /** Sums the staged tapers into the accumulator. */
  private flush(): void {
    const X = this.stage.spectra();
    if (X === null) return;
    this.wasm!.accumulate(this.job(X, this.stage.K, this.stage.scale), this.local);
    this.stage.clear();
  }

  /** A copy of the accumulated values, complex interleaved [F, senders, receivers] (into `out` when given). */
  result(out?: Float64Array): Float64Array {
    const dst = out ?? new Float64Array(this.length);
    if (!(dst instanceof Float64Array)) throw new SPYTypeError("out", dst, `a Float64Array of ${this.length} values`);
    if (dst.length !== this.length) throw new SPYValueError("out", `${dst.length} values`, `${this.length} values (2 * F * senders * receivers)`);
    this.flush();
    dst.set(this.local ?? this.wasm!.residentView());
    return dst;
  }

  /** Back to all zeros (staged tapers are dropped). */
  reset(): void {
    this.stage.clear();
    (this.local ?? this.wasm!.residentView()).fill(0);
  }
}
