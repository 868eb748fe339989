/**
 * The bins of spike_psth, as Syncopy computes them (syncopy/statistics/spike_psth.py, psth.py), to
 * the last bit of numpy's arithmetic:
 * - `"rice"`: ⌊2·n^(1/3)⌋ edges, `"sqrt"`: ⌈√n⌉ edges, n = the mean trial length in samples,
 *   placed with np.linspace over the window (so the rules give one bin fewer than edges);
 * - a bin width w in s: np.arange(t0, t1 + w, w) edges (the rightmost edge included).
 * Counting is np.histogram's: bin i holds e_i <= t < e_{i+1}, the last bin also t = e_n.
 */
import { SPYValueError } from "../core/errors";

/** Syncopy's Rice_rule: int(2 · n^(1/3)). */
export function riceRule(n: number): number {
  return Math.trunc(2 * Math.pow(n, 1 / 3));
}

/** Syncopy's sqrt_rule: int(ceil(sqrt(n))). */
export function sqrtRule(n: number): number {
  return Math.ceil(Math.sqrt(n));
}

/** np.linspace(start, stop, num): i·step + start, the last value set to stop. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  if (num === 1) { out[0] = start; return out; }
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = step === 0 ? ((i / (num - 1)) * (stop - start)) + start : i * step + start;
  out[num - 1] = stop;
  return out;
}

/**
 * np.arange(start, stop, step) for floats: length ⌈(stop − start)/step⌉, values start + i·delta
 * with delta = (start + step) − start (numpy's fill takes the difference of its first two values).
 */
export function arange(start: number, stop: number, step: number): Float64Array {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const out = new Float64Array(n);
  if (n === 0) return out;
  out[0] = start;
  if (n === 1) return out;
  out[1] = start + step;
  const delta = out[1] - out[0];
  for (let i = 2; i < n; i++) out[i] = start + i * delta;
  return out;
}

/** The bin edges of a PSTH over `window` (s); `meanTrialSamples` feeds the rules. */
export function psthEdges(binsize: "rice" | "sqrt" | number, window: [number, number], meanTrialSamples: number): Float64Array {
  const [t0, t1] = window;
  if (binsize === "rice" || binsize === "sqrt") {
    const n = binsize === "rice" ? riceRule(meanTrialSamples) : sqrtRule(meanTrialSamples);
    if (n < 2) throw new SPYValueError("binsize", binsize, "a rule that gives at least 2 bin edges (trials of more samples), or a bin width in s", `${n} edge(s) from a mean trial length of ${meanTrialSamples} samples`);
    return linspace(t0, t1, n);
  }
  const edges = arange(t0, t1 + binsize, binsize);
  if (edges.length < 2) throw new SPYValueError("binsize", binsize, `a bin width that gives at least one bin in [${t0}, ${t1}] s`);
  return edges;
}

/** The histogram bin of t (np.histogram's), or -1 outside [e_0, e_n]. `w` speeds up the search for uniform bins. */
export function binOf(edges: Float64Array, t: number): number {
  const n = edges.length - 1;
  if (!(t >= edges[0] && t <= edges[n])) return -1;
  if (t === edges[n]) return n - 1;
  // first guess from the mean width, then settle against the actual edges (exact searchsorted)
  let i = Math.floor(((t - edges[0]) / (edges[n] - edges[0])) * n);
  if (i < 0) i = 0;
  if (i > n - 1) i = n - 1;
  while (i > 0 && t < edges[i]) i--;
  while (i < n - 1 && t >= edges[i + 1]) i++;
  return i;
}

/**
 * Which bins a trial covers, Syncopy's mask in psth.py: bin i takes part when its left edge lies in
 * [offset, offset + length] / samplerate (the trial's first sample to one past its last); the
 * other bins are NaN in that trial. Returns [first, end) of the covered bins.
 */
export function coveredBins(edges: Float64Array, row: readonly number[], samplerate: number): [number, number] {
  const startRel = row[2] / samplerate;
  const endRel = (row[1] - row[0] + row[2]) / samplerate;
  const nBins = edges.length - 1;
  let a = 0;
  while (a < edges.length && edges[a] < startRel) a++;
  let b = 0;
  while (b < edges.length && edges[b] <= endRel) b++;
  // numpy's argmin of an all-true mask is 0, so Syncopy masks nothing at the end when every edge is inside
  const end = b === edges.length ? nBins : b;
  if (a >= nBins || b === 0) return [0, 0];
  return [a, Math.min(end, nBins)];
}
