/** Method "mtmfft": one (multi-)tapered FFT per trial (reference §1.2). */
import { outputDtype } from "../../math/spectralConversions";
import { checkBool, parsePad, parseTapers, selectFrequencies } from "../params";
import type { MtmfftKwargs } from "../mtmfftComputeFunction";
import { MethodPlan, PlanContext } from "./types";


export function planMtmfft(p: PlanContext): MethodPlan {
  const { kw, output, keeptapers, samplerate: fs } = p;
  const demeanTaper = checkBool(kw, "demean_taper");
  const ftCompat = checkBool(kw, "ft_compat");
  const nfft = parsePad(kw.pad, p.maxLen, fs);
  const { freqIdx, freq } = selectFrequencies(kw.foi, kw.foilim, nfft, fs);
  // DPSS parameters from the mean trial length, unrounded (Syncopy's process_taper); each trial
  // gets tapers of its own length, zero-padded to nfft (Syncopy's mtmfft)
  const tapers = parseTapers(kw, p.meanLen, p.minLen, fs, { output, keeptapers });
  const K = tapers.labels.length;
  const kwargs: MtmfftKwargs = {
    nfft, freqIdx, polyremoval: p.polyremoval, demean_taper: demeanTaper, ft_compat: ftCompat,
    output, keeptapers, taper: tapers.spec,
  };
  return {
    kwargs: kwargs as unknown as Record<string, unknown>,
    outDtype: outputDtype(output),
    // no time axis: one sample per trial, offsets kept (averaged: one row [0, 1, 0])
    trialdefinition: p.rows.map((r, i) => [i, i + 1, r[2], ...r.slice(3)]),
    averagedTrialdefinition: [[0, 1, 0]],
    samplerate: fs,
    freq,
    taperLabels: keeptapers || K === 1 ? tapers.labels : [tapers.labels[0]],
    settings: {
      nfft, demean_taper: demeanTaper, ft_compat: ftCompat,
      taper: tapers.spec.dpss ? "dpss" : tapers.spec.taper, taper_opt: tapers.spec.taperOpt,
      tapsmofrq: tapers.tapsmofrq, nTaper: tapers.spec.dpss?.K ?? null, NW: tapers.spec.dpss?.NW ?? null,
      foi: kw.foi, foilim: kw.foilim,
    },
  };
}
