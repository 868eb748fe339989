/**
 * Checks on a spectrum before it is fitted, with the errors FOOOF raises (DataError) made
 * specific: which value, where, and what to do. FOOOF silently drops a 0 Hz bin; spyts refuses
 * it, because a 0 Hz bin in the input means the frequency selection was not what the user meant.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";

/** FOOOF's evenly-spaced test: np.isclose(np.diff(freqs), freq_res) (rtol 1e-5, atol 1e-8). */
export function evenlySpaced(freqs: ArrayLike<number>): boolean {
  const res = freqs[1] - freqs[0];
  for (let i = 1; i < freqs.length; i++) {
    const d = freqs[i] - freqs[i - 1];
    if (!(Math.abs(d - res) <= 1e-8 + 1e-5 * Math.abs(res))) return false;
  }
  return true;
}

/**
 * Validate a frequency axis: finite, strictly ascending, > 0 Hz, evenly spaced, at least 3 bins.
 * `param` names the argument in messages; `zeroHint` replaces the advice for a 0 Hz bin.
 */
export function checkFreqs(freqs: ArrayLike<number>, param = "freqs", zeroHint?: () => Error): void {
  const n = freqs.length;
  if (n < 3) throw new SPYValueError(param, freqs, "at least 3 frequencies");
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(freqs[i])) throw new SPYValueError(param, freqs, "finite frequencies", `frequency ${i} is ${freqs[i]}`);
  }
  for (let i = 1; i < n; i++) {
    if (!(freqs[i] > freqs[i - 1])) {
      throw new SPYValueError(param, freqs, "strictly ascending frequencies", `frequency ${i} (${freqs[i]} Hz) does not exceed frequency ${i - 1} (${freqs[i - 1]} Hz)`);
    }
  }
  if (freqs[0] === 0) {
    if (zeroHint) throw zeroHint();
    throw new SPYValueError(param, freqs, "frequencies > 0 Hz", "the spectrum starts at 0 Hz, which the aperiodic model (log10 f) cannot fit: drop the first bin or pass freq_range: [f_min > 0, f_max]");
  }
  if (freqs[0] < 0) throw new SPYValueError(param, freqs, "frequencies > 0 Hz", `the first frequency is ${freqs[0]} Hz`);
  if (!evenlySpaced(freqs)) {
    throw new SPYValueError(param, freqs, "evenly spaced frequencies (FOOOF models a regular frequency grid)");
  }
}

/**
 * Validate linear power: finite and > 0 everywhere (log10 is taken). `where` describes the
 * spectrum in messages (e.g. "channel 'V1' of trial 3").
 */
export function checkPower(power: ArrayLike<number>, freqs: ArrayLike<number>, param = "power", where = ""): void {
  for (let i = 0; i < power.length; i++) {
    const v = power[i];
    if (!(v > 0) || v === Infinity) {
      const why = v === 0 ? "a power of 0 (a flat or disconnected channel?)" : v < 0 ? "negative power: was the spectrum already in log units?" : "non-finite power";
      throw new SPYValueError(param, v, "finite power > 0 in linear units (FOOOF takes log10 of it)",
        `at ${freqs[i]} Hz${where ? ` in ${where}` : ""}: ${why}`);
    }
  }
}

/** FOOOF's `trim_spectrum`: the bins with freq_range[0] <= f <= freq_range[1]. */
export function trimRange(freqs: ArrayLike<number>, power: ArrayLike<number>, range: unknown, param = "freq_range"): { freqs: Float64Array; power: Float64Array } {
  const r = Array.isArray(range) || ArrayBuffer.isView(range) ? Array.from(range as ArrayLike<number>) : null;
  if (!r || !r.every((x) => typeof x === "number")) throw new SPYTypeError(param, range, "[f_min, f_max] with f_min < f_max, in Hz");
  if (r.length !== 2 || !r.every((x) => typeof x === "number" && Number.isFinite(x)) || !(r[0] < r[1])) {
    throw new SPYValueError(param, range, "[f_min, f_max] with f_min < f_max, in Hz");
  }
  const f: number[] = [], p: number[] = [];
  for (let i = 0; i < freqs.length; i++) if (freqs[i] >= r[0] && freqs[i] <= r[1]) { f.push(freqs[i]); p.push(power[i]); }
  return { freqs: Float64Array.from(f), power: Float64Array.from(p) };
}
