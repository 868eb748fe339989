/**
 * Baseline normalisation of time-frequency maps, FieldTrip's `ft_freqbaseline` on one channel's
 * [freq][time] map (chan_freq_time data, i.e. after averaging over trials):
 *
 * | baseline_type | value                                   |
 * | ------------- | --------------------------------------- |
 * | "absolute"    | x − m                                   |
 * | "relative"    | x / m                                   |
 * | "relchange"   | (x − m) / m                             |
 * | "normchange"  | (x − m) / (x + m)                       |
 * | "db"          | 10·log10(x / m) (20·log10 for amplitudes) |
 * | "zscore"      | (x − m) / s                             |
 *
 * with m and s the mean and standard deviation (N − 1, MATLAB's std as FieldTrip's nanstd) of the
 * map over the baseline's time points, per frequency (and per channel: one map per call). The
 * baseline's time points are those with t0 <= t <= t1 (FieldTrip's rule); NaN values are left out
 * of m and s (FieldTrip's nanmean/nanstd).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkNumber, describeChoices } from "../core/keywords";

export const BASELINE_TYPES = ["absolute", "relative", "relchange", "normchange", "db", "zscore"] as const;
export type BaselineType = (typeof BASELINE_TYPES)[number];

/** Whether a baseline type gives signed values around 0 (relative: ratios around 1). */
export function baselineCentre(type: BaselineType): 0 | 1 {
  return type === "relative" ? 1 : 0;
}

/** A `baseline` option: [t0, t1] with t0 < t1, finite numbers. */
export function checkBaselineWindow(value: unknown, param = "baseline"): [number, number] {
  if (!Array.isArray(value)) throw new SPYTypeError(param, value, "[t0, t1]: a time window in seconds");
  if (value.length !== 2) throw new SPYValueError(param, value, "[t0, t1]: two numbers, a time window in seconds");
  const t0 = checkNumber(value[0], param), t1 = checkNumber(value[1], param);
  if (!(t1 > t0)) throw new SPYValueError(param, value, "[t0, t1] with t0 < t1 (seconds)");
  return [t0, t1];
}

/** A `baseline_type` option. */
export function checkBaselineType(value: unknown, param = "baseline_type"): BaselineType {
  if (typeof value !== "string") throw new SPYTypeError(param, value, `a string: ${describeChoices(BASELINE_TYPES)}`);
  if (!(BASELINE_TYPES as readonly string[]).includes(value)) throw new SPYValueError(param, value, describeChoices(BASELINE_TYPES));
  return value as BaselineType;
}

/** Indices of the time points inside [t0, t1] (a relative tolerance of 1e-9 of the step absorbs rounding of the axis). */
export function baselineIndices(time: ArrayLike<number>, window: [number, number]): number[] {
  const [t0, t1] = window;
  const step = time.length > 1 ? Math.abs(time[1] - time[0]) : 1;
  const tol = 1e-9 * (step > 0 ? step : 1);
  const idx: number[] = [];
  for (let i = 0; i < time.length; i++) if (time[i] >= t0 - tol && time[i] <= t1 + tol) idx.push(i);
  return idx;
}

/**
 * The map `z` (flat [nFreq][nTime], z[f * nTime + t]) normalised by its baseline, per frequency.
 * `dbFactor` is the factor of log10 for "db" (10 for power, 20 for amplitudes).
 */
export function baselineNormalize(
  z: ArrayLike<number>,
  time: ArrayLike<number>,
  window: [number, number],
  type: BaselineType,
  dbFactor = 10,
): Float64Array {
  const nTime = time.length;
  if (nTime === 0 || z.length % nTime !== 0) throw new SPYValueError("z", `${z.length} values`, `a whole number of rows of ${nTime} time points`);
  const nFreq = z.length / nTime;
  const idx = baselineIndices(time, window);
  if (idx.length === 0) {
    throw new SPYValueError("baseline", window, `a window holding time points of the data (${fmt(time[0])} … ${fmt(time[nTime - 1])} s)`);
  }
  if (type === "zscore" && idx.length < 2) {
    throw new SPYValueError("baseline", window, "a window holding at least two time points for baseline_type \"zscore\" (its standard deviation)");
  }
  const out = new Float64Array(z.length);
  for (let f = 0; f < nFreq; f++) {
    const row = f * nTime;
    let sum = 0, cnt = 0;
    for (const i of idx) { const v = z[row + i]; if (v === v) { sum += v; cnt++; } }
    const m = cnt ? sum / cnt : NaN;
    let s = NaN;
    if (type === "zscore") {
      let ss = 0;
      for (const i of idx) { const v = z[row + i]; if (v === v) ss += (v - m) * (v - m); }
      s = cnt > 1 ? Math.sqrt(ss / (cnt - 1)) : NaN;
    }
    for (let t = 0; t < nTime; t++) {
      const x = z[row + t];
      let v: number;
      switch (type) {
        case "absolute": v = x - m; break;
        case "relative": v = x / m; break;
        case "relchange": v = (x - m) / m; break;
        case "normchange": v = (x - m) / (x + m); break;
        case "db": v = dbFactor * Math.log10(x / m); break;
        case "zscore": v = (x - m) / s; break;
      }
      out[row + t] = Number.isFinite(v) ? v : NaN;
    }
  }
  return out;
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(6)));
}
