/**
 * Methods "mtmconvol" and "welch": sliding-window (multi-)tapered FFTs (reference §1.2).
 *
 * toi "all" or an overlap fraction: windows every `nperseg - noverlap` samples from each trial's
 * first sample, zero-padded at the edges (Syncopy's stft with boundary="zeros", padded=True).
 * toi array: one window centred on each requested time. Syncopy trims the trial and subsamples a
 * dense STFT when the toi step is at most half a window, which misplaces frames (or fails) for
 * steps that do not divide the trimmed length; here every window is centred exactly on its toi.
 * welch: mtmconvol power averaged over the windows of each trial.
 */
import { SPYTypeError, SPYValueError } from "../../core/errors";
import { warn } from "../../core/warnings";
import { outputDtype } from "../../math/spectralConversions";
import { checkNumberArrayOrString, isNumberArray, parseTapers, selectFrequencies, unequalAverageError } from "../params";
import type { MtmconvolKwargs } from "../mtmconvolComputeFunction";
import { MethodPlan, PlanContext } from "./types";
import { maxOf, minOf } from "../../core/extrema";

/** Window length in samples from t_ftimwin (s), as Syncopy: int(t_ftimwin * fs) in [1, shortest trial]. */
export function parseTftimwin(t: unknown, fs: number, minLen: number): number {
  const allowed = `a window length in s within [${1 / fs}, ${minLen / fs}] (one sample to the shortest trial)`;
  if (t === null || t === undefined) throw new SPYValueError("t_ftimwin", t, allowed, "t_ftimwin is required for mtmconvol and welch");
  if (typeof t !== "number") throw new SPYTypeError("t_ftimwin", t, allowed);
  if (!Number.isFinite(t)) throw new SPYValueError("t_ftimwin", t, allowed);
  const eps = 1e-9;
  if (t < 1 / fs - eps || t > minLen / fs + eps) throw new SPYValueError("t_ftimwin", t, allowed);
  return Math.max(1, Math.trunc(t * fs + eps));
}

type ToiChoice =
  | { kind: "grid"; noverlap: number; step: number }
  | { kind: "array"; toi: number[]; equidistant: boolean };

function parseToi(p: PlanContext, nperseg: number): ToiChoice {
  const { toi } = p.kw;
  const welch = p.method === "welch";
  if (welch && !p.given.has("toi")) {
    // Syncopy rejects welch's default toi ("all"); scipy's welch default is 50 % overlap
    return { kind: "grid", noverlap: Math.trunc(0.5 * nperseg), step: nperseg - Math.trunc(0.5 * nperseg) };
  }
  const fraction = (f: number) => {
    const noverlap = Math.min(nperseg - 1, Math.trunc(f * nperseg));
    return { kind: "grid" as const, noverlap, step: nperseg - noverlap };
  };
  if (typeof toi === "number") {
    if (!Number.isFinite(toi) || toi < 0 || toi > 1) throw new SPYValueError("toi", toi, "an overlap fraction in [0, 1], \"all\" or an array of times in s");
    return fraction(toi);
  }
  if (welch) throw new SPYValueError("toi", toi, "an overlap fraction in [0, 1] with method 'welch' (e.g. 0.5 for 50 % overlap)");
  if (toi === "all") return { kind: "grid", noverlap: nperseg - 1, step: 1 };
  checkNumberArrayOrString("toi", toi, "\"all\", an overlap fraction in [0, 1], or a non-empty array of times in s");
  if (!isNumberArray(toi) || (toi as number[]).length === 0) {
    throw new SPYValueError("toi", toi, "\"all\", an overlap fraction in [0, 1], or a non-empty array of times in s");
  }
  const times = Array.from(toi as ArrayLike<number>);
  const fs = p.samplerate;
  const starts = p.rows.map((r) => r[2] / fs);
  const ends = p.rows.map((r, i) => r[2] / fs + p.lengths[i] / fs);
  const lo = minOf(starts);
  const hi = maxOf(ends);
  for (const t of times) {
    if (!Number.isFinite(t) || t < lo - 1e-9 || t > hi + 1e-9) {
      throw new SPYValueError("toi", toi, `times inside the trials, [${lo}, ${hi}] s`, `${t} s lies outside every trial`);
    }
  }
  for (let i = 1; i < times.length; i++) {
    if (!(times[i] > times[i - 1])) throw new SPYValueError("toi", toi, "strictly increasing times", `toi[${i}] = ${times[i]} does not follow toi[${i - 1}] = ${times[i - 1]}`);
  }
  const steps = times.slice(1).map((t, i) => t - times[i]);
  if (steps.length && minOf(steps) < 1 / fs - 1e-12) warn(`toi is finer than the sampling interval (${1 / fs} s): some windows share a centre sample`);
  // numpy's allclose(steps, steps[0])
  const equidistant = steps.every((s) => Math.abs(s - steps[0]) <= 1e-8 + 1e-5 * Math.abs(steps[0]));
  return { kind: "array", toi: times, equidistant };
}

export function planMtmconvol(p: PlanContext): MethodPlan {
  const { kw, output, keeptapers, samplerate: fs, method } = p;
  const welch = method === "welch";
  if (welch && keeptapers) throw new SPYValueError("keeptapers", keeptapers, "false with method 'welch' (tapers are averaged)");
  if (welch && output !== "pow") throw new SPYValueError("output", output, "\"pow\" with method 'welch'");
  const nperseg = parseTftimwin(kw.t_ftimwin, fs, p.minLen);
  const toi = parseToi(p, nperseg);
  const { freqIdx, freq } = selectFrequencies(kw.foi, kw.foilim, nperseg, fs);
  // DPSS parameters from the mean trial length, as Syncopy (test/fixtures/golden/README.md)
  const tapers = parseTapers(kw, p.meanLen, nperseg, fs, { output, keeptapers });
  if (tapers.spec.dpss) tapers.spec.periodic = true;
  const K = tapers.labels.length;
  if (toi.kind === "grid" && !p.keeptrials) {
    // Syncopy averages the trials window by window (welch: before the mean over the windows), so
    // every trial must give the same number of windows
    const counts = p.lengths.map((L) => Math.ceil(L / toi.step));
    if (counts.some((c) => c !== counts[0])) {
      const how = `toi = ${welch && !p.given.has("toi") ? 0.5 : JSON.stringify(kw.toi)}`;
      throw unequalAverageError(method, how, p.trialIds, p.lengths, counts, welch ? "window" : "time point",
        welch ? "" : "a toi array of window centres (the same time points in every trial)");
    }
  }
  if (toi.kind === "grid" && toi.step === 1 && p.minLen !== p.maxLen && !welch) {
    warn(`processing trials of different lengths (${p.minLen} to ${p.maxLen} samples) with toi="all"`);
  }

  const centres: MtmconvolKwargs["centres"] = toi.kind === "grid"
    ? { step: toi.step }
    : { toiSamples: toi.toi.map((t) => t * fs), offsets: Object.fromEntries(p.trialIds.map((id, i) => [String(id), p.rows[i][2]])) };
  const kwargs: MtmconvolKwargs = {
    nperseg, freqIdx, polyremoval: p.polyremoval, output, keeptapers: welch ? false : keeptapers,
    taper: tapers.spec, centres, averageWindows: welch,
  };

  let samplerate = fs;
  let trialdefinition: number[][];
  let averagedTrialdefinition: number[][];
  const meanOffset = (rows: number[][]) => rows.reduce((a, r) => a + r[2], 0) / rows.length;
  if (toi.kind === "grid") {
    samplerate = fs / toi.step;
    const counts = p.lengths.map((L) => Math.ceil(L / toi.step));
    let cum = 0;
    const rows = p.rows.map((r, i) => {
      const row = [cum, cum + counts[i], r[2] / toi.step, ...r.slice(3)];
      cum += counts[i];
      return row;
    });
    trialdefinition = welch ? p.rows.map((r, i) => [i, i + 1, 0, ...r.slice(3)]) : rows;
    averagedTrialdefinition = welch ? [[0, 1, 0]] : [[0, counts[0], meanOffset(rows)]];
  } else {
    const n = toi.toi.length;
    if (n === 1) samplerate = fs;
    // Syncopy's _make_trialdef: the spacing of the first two times
    else if (toi.equidistant) samplerate = 1 / (toi.toi[1] - toi.toi[0]);
    else {
      warn("unevenly spaced toi: the time axis of the result cannot represent them (samplerate set to 1 Hz, as Syncopy); use the toi array itself as the times");
      samplerate = 1;
    }
    trialdefinition = p.rows.map((r, i) => [i * n, (i + 1) * n, toi.toi[0] * samplerate, ...r.slice(3)]);
    averagedTrialdefinition = [[0, n, toi.toi[0] * samplerate]];
  }

  return {
    kwargs: kwargs as unknown as Record<string, unknown>,
    outDtype: outputDtype(output),
    trialdefinition,
    averagedTrialdefinition,
    samplerate,
    freq,
    taperLabels: keeptapers || K === 1 ? tapers.labels : [tapers.labels[0]],
    settings: {
      t_ftimwin: kw.t_ftimwin, nperseg,
      toi: welch && !p.given.has("toi") ? 0.5 : toi.kind === "grid" ? kw.toi : toi.toi,
      noverlap: toi.kind === "grid" ? toi.noverlap : null,
      taper: tapers.spec.dpss ? "dpss" : tapers.spec.taper, taper_opt: tapers.spec.taperOpt,
      tapsmofrq: tapers.tapsmofrq, nTaper: tapers.spec.dpss?.K ?? null, NW: tapers.spec.dpss?.NW ?? null,
      foi: kw.foi, foilim: kw.foilim,
    },
  };
}
