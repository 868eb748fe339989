/**
 * Methods "wavelet" and "superlet": continuous wavelet transforms and superlets (reference §1.2).
 *
 * Frequencies: `foi` as given (values below 0.01 Hz become 0.01), `foilim` in 1 Hz steps, or
 * Torrence & Compo's automatic scales for the shortest trial. Times: `toi` "all" or an
 * equidistant array inside every trial. An array keeps, per trial, the sample nearest to each
 * requested time, round(fs * (toi - trial start)), of the transform of the WHOLE trial: exactly the
 * values `toi: "all"` gives at those samples. The cores evaluate only those samples (a start, step,
 * count selection: the convolution spectra are folded to the kept samples), so an array costs less
 * than "all". Deliberately not Syncopy: Syncopy trims each trial to [toi[0], toi[-1]] before the
 * transform (preselect) and then picks the samples (postselect), so the transform sees zeros beyond
 * the first and last requested times and the values near them carry edge effects (on 2 s trials
 * with toi -0.8 .. 0.79 s, Morlet width 8 at 10 Hz: off by tens of percent of the maximum power at
 * either end). test/specest/toiWholeTrial.test.ts checks the identity with "all".
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";
import { checkInteger } from "../../core/keywords";
import { warn } from "../../core/warnings";
import { outputDtype } from "../../math/spectralConversions";
import { checkNumberArrayOrString, isNumberArray } from "../params";
import { WAVELET_NAMES, WaveletSpec, autoScales, clampFrequencies, freqsFromScales, scalesFromFreqs } from "../wavelets";
import type { ScaleFamily, TrialTimes } from "../wavelets";
import type { WaveletKwargs } from "../waveletComputeFunction";
import type { SuperletKwargs } from "../superletComputeFunction";
import { MethodPlan, PlanContext } from "./types";
import { maxOf, minOf } from "../../core/extrema";

function checkInt(name: string, v: unknown, min: number, max = Infinity): number {
  return checkInteger(v, name, max === Infinity ? { min } : { min, max });
}

/** Frequencies of interest for wavelet-type methods, or null for automatic scales. */
function parseWaveletFoi(p: PlanContext): Float64Array | null {
  const { foi, foilim } = p.kw;
  const nyq = p.samplerate / 2;
  const hasFoi = foi !== null && foi !== undefined && foi !== "all";
  const hasFoilim = foilim !== null && foilim !== undefined && foilim !== "all";
  if (hasFoi && hasFoilim) throw new SPYValueError("foi", foi, "either foi or foilim, not both");
  if (hasFoi) {
    checkNumberArrayOrString("foi", foi, `"all", null or an array of frequencies in [0, ${nyq}] Hz`);
    if (!isNumberArray(foi) || (foi as number[]).length === 0) throw new SPYValueError("foi", foi, `"all", null or an array of frequencies in [0, ${nyq}] Hz`);
    const values = Float64Array.from(foi as ArrayLike<number>);
    for (const f of values) if (!Number.isFinite(f) || f < 0 || f > nyq) throw new SPYValueError("foi", foi, `frequencies in [0, ${nyq}] Hz (the Nyquist range)`);
    return clampFrequencies(values);
  }
  if (hasFoilim) {
    checkNumberArrayOrString("foilim", foilim, `[fmin, fmax] in [0, ${nyq}] Hz, "all" or null`);
    if (!isNumberArray(foilim) || (foilim as number[]).length !== 2) throw new SPYValueError("foilim", foilim, `[fmin, fmax] in [0, ${nyq}] Hz`);
    const [a, b] = Array.from(foilim as ArrayLike<number>);
    if (a > b) warn(`sorting foilim low to high: [${b}, ${a}]`);
    const lo = Math.min(a, b), hi = Math.max(a, b);
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo < 0 || hi > nyq) throw new SPYValueError("foilim", foilim, `[fmin, fmax] inside [0, ${nyq}] Hz (the Nyquist range)`);
    if (lo === hi) throw new SPYValueError("foilim", foilim, "[fmin, fmax] with fmin != fmax");
    // numpy's arange(fmin, fmax + 1): 1 Hz steps from fmin
    const n = Math.ceil(hi + 1 - lo);
    return clampFrequencies(Float64Array.from({ length: n }, (_, i) => lo + i));
  }
  return null;
}

interface WaveletTimes { times?: (TrialTimes | null)[]; toi: number[] | null }

/** Index of the sample nearest to position x (in samples); halves round up, float noise aside. */
function nearestSample(x: number): number {
  return Math.floor(x + 0.5 + 1e-6);
}

/**
 * toi "all" or an equidistant array -> per trial the samples nearest to the requested times, as
 * { start, step, count } on the whole trial (or explicit indices when the toi step is not a whole
 * number of samples).
 */
function parseWaveletToi(p: PlanContext): WaveletTimes {
  const { toi } = p.kw;
  if (toi === "all") return { toi: null };
  const allowed = "\"all\" or an array of equidistant times in s inside the trials";
  if (typeof toi !== "number") checkNumberArrayOrString("toi", toi, allowed);
  if (typeof toi === "number" || !isNumberArray(toi) || (toi as number[]).length === 0) throw new SPYValueError("toi", toi, allowed);
  const times = Array.from(toi as ArrayLike<number>);
  const fs = p.samplerate;
  const starts = p.rows.map((r) => r[2] / fs);
  const ends = p.rows.map((r, i) => r[2] / fs + p.lengths[i] / fs);
  const lo = minOf(starts), hi = maxOf(ends);
  for (const t of times) {
    if (!Number.isFinite(t) || t < lo - 1e-9 || t > hi + 1e-9) throw new SPYValueError("toi", toi, `${allowed}: [${lo}, ${hi}] s`, `${t} s lies outside every trial`);
  }
  for (let i = 1; i < times.length; i++) {
    if (!(times[i] > times[i - 1])) throw new SPYValueError("toi", toi, `${allowed} (strictly increasing)`);
  }
  // numpy allclose(diff(toi, 2), 0)
  for (let i = 2; i < times.length; i++) {
    if (Math.abs(times[i] - 2 * times[i - 1] + times[i - 2]) > 1e-8) throw new SPYValueError("toi", toi, allowed, "the times are not equidistant");
  }
  // inside every trial, checked as Syncopy's preselect does: sample positions truncated, a position
  // within 1e-6 samples of an integer is that integer (float noise in toi * fs)
  const toSample = (x: number) => {
    const r = Math.round(x);
    return Math.abs(x - r) < 1e-6 ? r : Math.trunc(x);
  };
  const perTrial: (TrialTimes | null)[] = [];
  const n = times.length;
  p.trialIds.forEach((id, k) => {
    const t0 = p.rows[k][2] / fs;
    const L = p.lengths[k];
    if (toSample(fs * (times[0] - t0)) < 0 || toSample(fs * (times[n - 1] - t0) + 1) > L) {
      throw new SPYValueError("toi", toi, "times inside every selected trial", `trial ${id} runs from ${t0} to ${t0 + L / fs} s`);
    }
    const indices = times.map((t) => Math.min(L - 1, Math.max(0, nearestSample(fs * (t - t0)))));
    const step = n > 1 ? indices[1] - indices[0] : 1;
    perTrial[id] = step >= 1 && indices.every((v, i) => v === indices[0] + i * step)
      ? { start: indices[0], step, count: n }
      : { indices };
  });
  return { times: perTrial, toi: times };
}

function timeAxis(p: PlanContext, t: WaveletTimes): { trialdefinition: number[][]; averaged: number[][]; samplerate: number } {
  const fs = p.samplerate;
  if (!t.toi) {
    let cum = 0;
    const rows = p.rows.map((r, i) => {
      const row = [cum, cum + p.lengths[i], r[2], ...r.slice(3)];
      cum += p.lengths[i];
      return row;
    });
    const mean = rows.reduce((a, r) => a + r[2], 0) / rows.length;
    return { trialdefinition: rows, averaged: [[0, p.lengths[0], mean]], samplerate: fs };
  }
  const n = t.toi.length;
  // Syncopy's _make_trialdef: the spacing of the first two times
  const sr = n > 1 ? 1 / (t.toi[1] - t.toi[0]) : fs;
  const rows = p.rows.map((r, i) => [i * n, (i + 1) * n, t.toi![0] * sr, ...r.slice(3)]);
  return { trialdefinition: rows, averaged: [[0, n, t.toi[0] * sr]], samplerate: sr };
}

/** The plan of a wavelet-type method: one output per time sample kept, no tapers. */
function waveletTypePlan(
  p: PlanContext, t: WaveletTimes, kwargs: Record<string, unknown>,
  freq: ArrayLike<number>, settings: Record<string, unknown>,
): MethodPlan {
  const axis = timeAxis(p, t);
  return {
    kwargs,
    outDtype: outputDtype(p.output),
    trialdefinition: axis.trialdefinition,
    averagedTrialdefinition: axis.averaged,
    samplerate: axis.samplerate,
    freq: Float64Array.from(freq),
    taperLabels: ["None"],
    settings: { ...settings, foi: Array.from(freq), toi: p.kw.toi },
  };
}

export function planWavelet(p: PlanContext): MethodPlan {
  const { kw, given } = p;
  const name = kw.wavelet;
  if (typeof name !== "string") throw new SPYTypeError("wavelet", name, `one of ${WAVELET_NAMES.join(", ")}`);
  if (!(WAVELET_NAMES as readonly string[]).includes(name)) {
    throw new SPYValueError("wavelet", name, `one of ${WAVELET_NAMES.join(", ")}`);
  }
  if (name !== "Morlet" && name !== "Paul") {
    warn(`the wavelet '${name}' is real-valued: it gives no amplitude or phase information (use it to find peaks or discontinuities)`);
  }
  const spec: WaveletSpec = { name: name as WaveletSpec["name"] };
  if (name === "Morlet") {
    const w = kw.width;
    if (typeof w !== "number") throw new SPYTypeError("width", w, "a Morlet width (w0) >= 1 (6 or more recommended)");
    if (!Number.isFinite(w) || w < 1) throw new SPYValueError("width", w, "a Morlet width (w0) >= 1 (6 or more recommended)");
    spec.width = w;
  } else if (given.has("width") && kw.width !== 6) {
    warn(`keyword 'width' has no effect for wavelet '${name}'`);
  }
  if (name === "Paul") spec.order = checkInt("order", kw.order, 4);
  else if (name === "DOG") spec.order = checkInt("order", kw.order, 1);
  else if (kw.order !== null && kw.order !== undefined) warn(`keyword 'order' has no effect for wavelet '${name}'`);

  const dt = 1 / p.samplerate;
  const foi = parseWaveletFoi(p);
  const scales = foi ? scalesFromFreqs(spec, foi) : autoScales(spec, p.minLen, dt);
  // Syncopy attaches 1 / fourier_period(scales), also for a given foi
  const freq = freqsFromScales(spec, scales);
  const t = parseWaveletToi(p);
  const kwargs: WaveletKwargs = {
    wavelet: spec, scales: Array.from(scales), dt, output: p.output, polyremoval: p.polyremoval, times: t.times,
  };
  return waveletTypePlan(p, t, kwargs as unknown as Record<string, unknown>, freq, { wavelet: name, width: spec.width ?? null, order: spec.order ?? null });
}

export function planSuperlet(p: PlanContext): MethodPlan {
  const { kw } = p;
  if (kw.order_max === null || kw.order_max === undefined) {
    throw new SPYValueError("order_max", kw.order_max, "a positive integer (required for superlets): the largest superlet order");
  }
  const orderMax = checkInt("order_max", kw.order_max, 1);
  const orderMin = checkInt("order_min", kw.order_min, 1, orderMax);
  const c1 = checkInt("c_1", kw.c_1, 1);
  const adaptive = kw.adaptive;
  if (typeof adaptive !== "boolean") throw new SPYTypeError("adaptive", adaptive, "true (FASLT) or false (multiplicative SLT)");
  if (c1 * orderMin < 3) warn(`the shortest wavelet has c_1 * order_min = ${c1 * orderMin} cycles; at least 3 are recommended`);

  const family: ScaleFamily = "superlet";
  const dt = 1 / p.samplerate;
  const foi = parseWaveletFoi(p);
  let scales = foi ? scalesFromFreqs(family, foi) : autoScales(family, p.minLen, dt);
  if (adaptive) {
    if (scales.length < 2) throw new SPYValueError("foi", kw.foi ?? kw.foilim, "a range of frequencies (adaptive superlets scale the order with frequency)");
    let freqAscending = true;
    for (let i = 1; i < scales.length; i++) if (scales[i] > scales[i - 1]) freqAscending = false;
    if (!freqAscending) {
      warn("sorting frequencies low to high for the adaptive superlet");
      scales = Float64Array.from(scales).sort().reverse();
    }
  }
  const freq = freqsFromScales(family, scales);
  const t = parseWaveletToi(p);
  const kwargs: SuperletKwargs = {
    scales: Array.from(scales), order_max: orderMax, order_min: orderMin, c_1: c1, adaptive,
    dt, output: p.output, polyremoval: p.polyremoval, times: t.times,
  };
  return waveletTypePlan(p, t, kwargs as unknown as Record<string, unknown>, freq, { order_max: orderMax, order_min: orderMin, c_1: c1, adaptive });
}
