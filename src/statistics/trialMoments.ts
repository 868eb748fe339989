/**
 * Streamed mean and variance over trials of equal shape (Syncopy's `dim="trials"` reduction, and
 * FieldTrip's per-element count when NaN are omitted).
 *
 * Why Welford and not Syncopy's two passes: a two-pass variance reads every trial twice (Syncopy
 * re-reads its HDF5 file), which from a source that streams trials once needs a spill as large
 * as the data. Welford's update keeps, per element, the running mean and the running sum of
 * squared deviations M2 (no `sum(x^2) - n mean^2` cancellation), in one pass and constant memory.
 * It runs on shifted values `x - K`, K being the element's first contributing sample: with a
 * large offset (1e8 + unit noise) plain Welford's running mean carries the offset's rounding into
 * M2 (2e-9 relative error against numpy, measured), the shifted one stays at the two-pass
 * formula's accuracy (1e-13).
 *
 * The mean itself is the plain running sum divided by the count, not Welford's running mean:
 * numpy's `mean(x, axis=0)` over a C-ordered stack adds the trials one after the other in the same
 * order, so the result is numpy's to the last bit (measured in the tests), and an infinite
 * sample gives ±inf as in numpy (Welford's mean would turn `inf + (x - inf)/n` into NaN).
 */
import { SPYValueError } from "../core/errors";

/** What a NaN sample does: `"propagate"` makes the element NaN, `"omit"` leaves it out of that element's count. */
export type NanPolicy = "propagate" | "omit";

export interface TrialMomentsOptions {
  /** Delta degrees of freedom of `variance()`: divide by `count - ddof` (default 0, as Syncopy and numpy). */
  ddof?: number;
  /** NaN handling (default `"propagate"`, as Syncopy's trial sums and `np.mean`). */
  nan?: NanPolicy;
  /** Samples are complex, interleaved `re, im` (default false). */
  complex?: boolean;
  /**
   * Keep the running sum only (default false): `mean()` without `variance()`, for spy.mean over
   * trials; the Welford update (a division and three more arrays per element) would be thrown away.
   */
  meanOnly?: boolean;
}

/** Streamed mean and variance over trials of equal shape: memory holds the running sums, not the trials. */
export class TrialMoments {
  readonly size: number;
  readonly ddof: number;
  readonly nan: NanPolicy;
  readonly complex: boolean;
  private trials = 0;
  /** plain running sum (complex interleaved), the mean's numerator */
  private readonly sum: Float64Array;
  /** the shift K: each element's first contributing sample (complex interleaved) */
  private readonly shift: Float64Array;
  /** Welford's running mean of `x - K` (complex interleaved), only for the M2 update */
  private readonly wmean: Float64Array;
  /** Welford's sum of squared deviations |x - mean|^2, real */
  private readonly m2: Float64Array;
  /** per-element number of contributing trials; only kept when NaN are omitted */
  private readonly counts: Float64Array | null;
  private readonly meanOnly: boolean;

  /**
   * @param size number of elements of one trial (complex elements count once; `add` then takes `2 * size` numbers)
   * @param opts `ddof` (non-negative integer, default 0), `nan` (default `"propagate"`), `complex` (default false)
   */
  constructor(size: number, opts: TrialMomentsOptions = {}) {
    if (!Number.isInteger(size) || size < 0) throw new SPYValueError("size", size, "a non-negative integer");
    const ddof = opts.ddof ?? 0;
    if (!Number.isInteger(ddof) || ddof < 0) throw new SPYValueError("ddof", ddof, "a non-negative integer");
    const nan = opts.nan ?? "propagate";
    if (nan !== "propagate" && nan !== "omit") throw new SPYValueError("nan", nan, `one of "propagate", "omit"`);
    this.size = size;
    this.ddof = ddof;
    this.nan = nan;
    this.complex = opts.complex ?? false;
    this.meanOnly = opts.meanOnly ?? false;
    const width = this.complex ? 2 * size : size;
    this.sum = new Float64Array(width);
    this.shift = new Float64Array(width);
    this.wmean = new Float64Array(width);
    this.m2 = new Float64Array(size);
    this.counts = nan === "omit" ? new Float64Array(size) : null;
  }

  /** Number of trials added so far. */
  get nTrials(): number {
    return this.trials;
  }

  /** Add one trial, flattened (complex interleaved `re, im` when `complex`). */
  add(trial: ArrayLike<number>): void {
    const width = this.complex ? 2 * this.size : this.size;
    if (trial.length !== width) {
      throw new SPYValueError("trial", trial.length, `${width} numbers (one trial of ${this.size} ${this.complex ? "complex " : ""}elements)`,
        `trial ${this.trials} has another shape than the trials before it`);
    }
    this.trials += 1;
    if (this.meanOnly) this.addSum(trial, this.counts);
    else if (this.counts) this.addOmitting(trial, this.counts);
    else if (this.complex) this.addComplex(trial, this.trials);
    else this.addReal(trial, this.trials);
  }

  /** The running sum alone (meanOnly); NaN left out of it and of the count with nan "omit". */
  private addSum(x: ArrayLike<number>, counts: Float64Array | null): void {
    const sum = this.sum;
    if (counts === null) {
      for (let i = 0; i < x.length; i++) sum[i] += x[i];
      return;
    }
    const step = this.complex ? 2 : 1;
    for (let k = 0, i = 0; k < this.size; k++, i += step) {
      const xr = x[i], xi = this.complex ? x[i + 1] : 0;
      if (xr !== xr || xi !== xi) continue;
      counts[k]++;
      sum[i] += xr;
      if (this.complex) sum[i + 1] += xi;
    }
  }

  private addReal(x: ArrayLike<number>, n: number): void {
    const { sum, shift, wmean, m2 } = this;
    if (n === 1) for (let i = 0; i < x.length; i++) shift[i] = x[i];
    for (let i = 0; i < x.length; i++) {
      sum[i] += x[i];
      const v = x[i] - shift[i];
      const d = v - wmean[i];
      wmean[i] += d / n;
      m2[i] += d * (v - wmean[i]);
    }
  }

  private addComplex(x: ArrayLike<number>, n: number): void {
    const { sum, shift, wmean, m2 } = this;
    if (n === 1) for (let i = 0; i < x.length; i++) shift[i] = x[i];
    const shrink = (n - 1) / n; // x - mean_new = (x - mean_old) (n-1)/n
    for (let k = 0, i = 0; k < this.size; k++, i += 2) {
      sum[i] += x[i];
      sum[i + 1] += x[i + 1];
      const re = x[i] - shift[i], im = x[i + 1] - shift[i + 1];
      const dr = re - wmean[i], di = im - wmean[i + 1];
      wmean[i] += dr / n;
      wmean[i + 1] += di / n;
      m2[k] += (dr * dr + di * di) * shrink;
    }
  }

  /** NaN (in either part of a complex number, as numpy's isnan) leave the element's count unchanged. */
  private addOmitting(x: ArrayLike<number>, counts: Float64Array): void {
    const { sum, shift, wmean, m2 } = this;
    const step = this.complex ? 2 : 1;
    for (let k = 0, i = 0; k < this.size; k++, i += step) {
      const xr = x[i], xi = this.complex ? x[i + 1] : 0;
      if (xr !== xr || xi !== xi) continue;
      const n = ++counts[k];
      if (n === 1) { shift[i] = xr; if (this.complex) shift[i + 1] = xi; }
      sum[i] += xr;
      const re = xr - shift[i];
      const dr = re - wmean[i];
      wmean[i] += dr / n;
      if (this.complex) {
        sum[i + 1] += xi;
        const im = xi - shift[i + 1];
        const di = im - wmean[i + 1];
        wmean[i + 1] += di / n;
        m2[k] += (dr * dr + di * di) * ((n - 1) / n);
      } else {
        m2[k] += dr * (re - wmean[i]);
      }
    }
  }

  /** Per-element number of contributing trials: `nTrials` everywhere unless NaN are omitted. */
  count(): Float64Array {
    return this.counts ? this.counts.slice() : new Float64Array(this.size).fill(this.trials);
  }

  /** Mean over the trials (complex interleaved when complex); NaN where no trial contributed (a complex NaN is NaN in both parts, as numpy's). */
  mean(): Float64Array {
    const out = new Float64Array(this.sum.length);
    const step = this.complex ? 2 : 1;
    for (let k = 0, i = 0; k < this.size; k++, i += step) {
      const n = this.counts ? this.counts[k] : this.trials;
      out[i] = n > 0 ? this.sum[i] / n : NaN;
      if (step === 2) {
        out[i + 1] = n > 0 ? this.sum[i + 1] / n : NaN;
        // numpy's complex division turns a NaN in one part into NaN + NaN j
        if (Number.isNaN(out[i]) || Number.isNaN(out[i + 1])) out[i] = out[i + 1] = NaN;
      }
    }
    return out;
  }

  /**
   * Variance over the trials, real: `M2 / (count - ddof)`, i.e. the mean of `|x - mean|^2` for
   * complex data, as numpy's `var`. NaN where `count - ddof <= 0` (numpy divides by zero there and
   * gives NaN or inf with a warning; the frontends refuse `ddof >= nTrials` before they get here).
   */
  variance(): Float64Array {
    if (this.meanOnly) throw new Error("TrialMoments: variance() of an accumulator made with meanOnly");
    const out = new Float64Array(this.size);
    for (let k = 0; k < this.size; k++) {
      const dof = (this.counts ? this.counts[k] : this.trials) - this.ddof;
      out[k] = dof > 0 ? this.m2[k] / dof : NaN;
    }
    return out;
  }
}
