/**
 * Tapers for mtmfft/mtmconvol/welch, normalised as Syncopy does (reference §1.2):
 *   dpss:         w * sqrt(nfft)
 *   boxcar/None:  w * sqrt(nfft / sum(w))
 *   other window: w * sqrt(4/3) * sqrt(nfft / sum(w))
 * and the spectrum scaled by sqrt(2) / N_eff, N_eff = sqrt(L * nfft) (or nfft with ft_compat).
 * The returned windows already include every scale factor, so a spectrum is rfft(w * x).
 */
import { getWindow } from "../math/windows";
import { dpss } from "../math/dpss";

export interface TaperSpec {
  /** Window name (scipy), or null for boxcar. Ignored when `dpss` is set. */
  taper: string | null;
  taperOpt: Record<string, unknown> | null;
  /** DPSS multitapering: NW and number of tapers. */
  dpss: { NW: number; K: number } | null;
  /**
   * Periodic DPSS (scipy's sym=False: one sample longer, the last dropped). Syncopy's mtmconvol
   * and welch use it because scipy's stft divides by the window sum, which is ~0 for odd tapers.
   */
  periodic?: boolean;
}

/** The raw (unnormalised) windows for a trial of length L. */
export function rawTapers(spec: TaperSpec, L: number): Float64Array[] {
  if (spec.dpss) {
    if (!spec.periodic) return dpss(L, spec.dpss.NW, spec.dpss.K);
    return dpss(L + 1, spec.dpss.NW, spec.dpss.K).map((w) => w.slice(0, L));
  }
  if (spec.taper === null || spec.taper === "boxcar") return [new Float64Array(L).fill(1)];
  return [getWindow(spec.taper, L, (spec.taperOpt ?? {}) as Record<string, number | boolean>)];
}

/** Windows with Syncopy's normalisation and the sqrt(2)/N_eff spectrum scale folded in. */
export function normalisedTapers(spec: TaperSpec, L: number, nfft: number, ftCompat: boolean): Float64Array[] {
  const nEff = ftCompat ? nfft : Math.sqrt(L * nfft);
  const post = Math.SQRT2 / nEff;
  return rawTapers(spec, L).map((w) => {
    let scale: number;
    if (spec.dpss) scale = Math.sqrt(nfft);
    else {
      let sum = 0;
      for (let i = 0; i < w.length; i++) sum += w[i];
      const boxcar = spec.taper === null || spec.taper === "boxcar";
      scale = (boxcar ? 1 : Math.sqrt(4 / 3)) * Math.sqrt(nfft / sum);
    }
    const out = new Float64Array(L);
    const s = scale * post;
    for (let i = 0; i < L; i++) out[i] = w[i] * s;
    return out;
  });
}

/** Syncopy's _get_dpss_pars: NW = tapsmofrq * N / fs, Kmax = max(1, int(2 NW - 1)). */
export function dpssParameters(tapsmofrq: number, nSamples: number, samplerate: number): { NW: number; Kmax: number } {
  const NW = (tapsmofrq * nSamples) / samplerate;
  const Kmax = Math.max(1, Math.trunc(2 * NW - 1));
  return { NW, Kmax };
}
