/**
 * Frequency response of the filtering that preprocessing applies: of Butterworth sections
 * (onepass: H; twopass, forward and backward: |H|^2 with zero phase) or of a FIR kernel applied
 * by "same"-mode convolution (centred on its middle tap, hence zero phase for the symmetric
 * windowed sinc; twopass: H^2). Pure numbers; plotfilter draws them.
 */
import { SPYValueError } from "../core/errors";
import { checkInteger, checkKeywords, checkNumber } from "../core/keywords";
import { FilterChoice, parseFilter } from "./params";
import { designFilter } from "./design";
import { FilterStep } from "./pipeline";
import { PREPROCESSING_DEFAULTS } from "./preprocessing";

export interface FilterResponse {
  /** Frequencies in Hz, 0 to Nyquist. */
  freq: Float64Array;
  /** Complex response, interleaved (re, im). */
  h: Float64Array;
  /** |H| */
  magnitude: Float64Array;
  /** 20 log10 |H| (floored at -300 dB). */
  db: Float64Array;
  /** Unwrapped phase in degrees. */
  phase: Float64Array;
  /** The filter, in words. */
  description: string;
}

/** H(e^{jw}) of second-order sections [nSections * 6] at angular frequencies w. */
export function sosFreqz(sos: Float64Array, w: Float64Array): Float64Array {
  const h = new Float64Array(2 * w.length);
  for (let i = 0; i < w.length; i++) {
    const c1 = Math.cos(w[i]), s1 = -Math.sin(w[i]), c2 = Math.cos(2 * w[i]), s2 = -Math.sin(2 * w[i]);
    let re = 1, im = 0;
    for (let s = 0; s < sos.length; s += 6) {
      const nr = sos[s] + sos[s + 1] * c1 + sos[s + 2] * c2, ni = sos[s + 1] * s1 + sos[s + 2] * s2;
      const dr = sos[s + 3] + sos[s + 4] * c1 + sos[s + 5] * c2, di = sos[s + 4] * s1 + sos[s + 5] * s2;
      const d = dr * dr + di * di;
      const qr = (nr * dr + ni * di) / d, qi = (ni * dr - nr * di) / d;
      [re, im] = [re * qr - im * qi, re * qi + im * qr];
    }
    h[2 * i] = re;
    h[2 * i + 1] = im;
  }
  return h;
}

/** H of a FIR kernel applied centred ("same" convolution: tap (M-1)//2 at lag 0). */
export function firFreqz(kernel: ArrayLike<number>, w: Float64Array): Float64Array {
  const h = new Float64Array(2 * w.length);
  const half = (kernel.length - 1) >> 1;
  for (let i = 0; i < w.length; i++) {
    let re = 0, im = 0;
    for (let m = 0; m < kernel.length; m++) {
      const a = -w[i] * (m - half);
      re += kernel[m] * Math.cos(a);
      im += kernel[m] * Math.sin(a);
    }
    h[2 * i] = re;
    h[2 * i + 1] = im;
  }
  return h;
}

function unwrapDegrees(h: Float64Array): Float64Array {
  const n = h.length / 2;
  const out = new Float64Array(n);
  let prev = 0, offset = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.atan2(h[2 * i + 1], h[2 * i]);
    if (i > 0) {
      const d = p - prev;
      if (d > Math.PI) offset -= 2 * Math.PI;
      else if (d < -Math.PI) offset += 2 * Math.PI;
    }
    prev = p;
    out[i] = ((p + offset) * 180) / Math.PI;
  }
  return out;
}

/** The response of a designed filter step over nPoints frequencies from 0 to Nyquist. */
export function stepResponse(step: FilterStep, samplerate: number, nPoints = 1024, description = ""): FilterResponse {
  checkInteger(nPoints, "nPoints", { min: 2 });
  const freq = Float64Array.from({ length: nPoints }, (_, i) => (i * samplerate) / 2 / (nPoints - 1));
  const w = freq.map((f) => (2 * Math.PI * f) / samplerate);
  let h: Float64Array;
  if (step.kind === "but") {
    h = sosFreqz(step.sos, w);
    if (step.direction === "twopass") for (let i = 0; i < h.length; i += 2) { h[i] = h[i] * h[i] + h[i + 1] * h[i + 1]; h[i + 1] = 0; }
  } else if (step.kind === "firws") {
    h = firFreqz(step.kernel, w);
    if (step.direction === "twopass") for (let i = 0; i < h.length; i += 2) [h[i], h[i + 1]] = [h[i] * h[i] - h[i + 1] * h[i + 1], 2 * h[i] * h[i + 1]];
  } else {
    throw new SPYValueError("filter_class", null, "a filter (detrending alone has no frequency response to show)");
  }
  const magnitude = new Float64Array(nPoints), db = new Float64Array(nPoints);
  for (let i = 0; i < nPoints; i++) {
    magnitude[i] = Math.hypot(h[2 * i], h[2 * i + 1]);
    db[i] = Math.max(-300, 20 * Math.log10(magnitude[i]));
  }
  return { freq, h, magnitude, db, phase: unwrapDegrees(h), description };
}

export function describeFilter(f: FilterChoice): string {
  const what = f.filterClass === "but" ? `Butterworth order ${f.order}` : `windowed sinc (${f.window}) order ${f.order % 2 ? f.order + 1 : f.order}`;
  return `${what} ${f.filterType} ${Array.isArray(f.freq) ? f.freq.join("-") : f.freq} Hz, ${f.direction}`;
}

/**
 * The frequency response of preprocessing's filter keywords (filter_class, filter_type, freq,
 * order, direction, window) at `samplerate`. `minLength` (the shortest trial) sets the FIR
 * default order, min(minLength, 1000), as in preprocessing.
 */
export function filterResponse(keywords: Record<string, unknown> & { samplerate: number }, nPoints = 1024, minLength = Infinity): FilterResponse {
  const { samplerate, ...rest } = keywords;
  // preprocessing's keywords (its cfg may be passed as is): a misspelled filter keyword must not fall back to a default
  checkKeywords(rest, Object.keys(PREPROCESSING_DEFAULTS), "the filter keywords of plotfilter/filterresponse");
  checkNumber(samplerate, "samplerate", { gt: 0 });
  const kw = { ...PREPROCESSING_DEFAULTS, ...rest };
  if (kw.filter_class === null || kw.filter_class === undefined) throw new SPYValueError("filter_class", null, `"but" or "firws": a filter to show`);
  const choice = parseFilter(kw, samplerate, minLength);
  return stepResponse(designFilter(choice, samplerate), samplerate, nPoints, describeFilter(choice));
}
