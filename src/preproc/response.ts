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
  /** Unwrapped phase in degrees, sign changes of the amplitude taken out (`responsePhase`). */
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

/**
 * The phase of H in degrees, unwrapped, with the sign changes of the amplitude taken out: the
 * phase of H = A·e^{jθ} with a real amplitude A that may change sign and a continuous θ.
 *
 * - 2π jumps of atan2 are unwrapped (as numpy.unwrap).
 * - A jump of about π where |H| is small (below 1/10 of its maximum, -20 dB) is a zero of H on
 *   the unit circle, where a linear-phase or zero-phase response changes sign (the stopband
 *   lobes of a windowed sinc): A changes sign, θ stays continuous. Without this a zero-phase FIR
 *   showed 180° and 360° plateaus in its stopband and a linear-phase FIR a staircase.
 * - Where |H| is below 1e-12 of its maximum (numerically zero) the phase is undefined; θ holds.
 * - At the end θ is shifted by a multiple of π (with A flipped for odd multiples) so that A > 0
 *   and |θ| <= 180° in the passband: at DC when DC passes (|H| >= max/√2), else at Nyquist when
 *   that passes, else where |H| is largest. H is real at DC and Nyquist, so θ is 0° there: a
 *   zero-phase filter is 0° everywhere, a linear-phase lowpass a straight line from 0°.
 */
export function responsePhase(h: Float64Array): Float64Array {
  const n = h.length / 2;
  const mag = new Float64Array(n);
  let top = 0, iTop = 0;
  for (let i = 0; i < n; i++) {
    mag[i] = Math.hypot(h[2 * i], h[2 * i + 1]);
    if (mag[i] > top) { top = mag[i]; iTop = i; }
  }
  const out = new Float64Array(n);
  if (!(top > 0)) return out;
  const zero = 1e-12 * top, small = 0.1 * top;
  let theta = NaN, prevRaw = 0, prevMag = 0;
  for (let i = 0; i < n; i++) {
    if (mag[i] <= zero) { out[i] = theta; continue; }
    const raw = Math.atan2(h[2 * i + 1], h[2 * i]);
    if (Number.isNaN(theta)) {
      theta = raw;
    } else {
      let d = raw - prevRaw;
      d -= 2 * Math.PI * Math.round(d / (2 * Math.PI)); // in [-π, π]
      if (Math.abs(d) > Math.PI / 2 && Math.min(mag[i], prevMag) < small) {
        // a sign change of the amplitude: take π out of the step
        d -= Math.PI * Math.sign(d);
      }
      theta += d;
    }
    prevRaw = raw;
    prevMag = mag[i];
    out[i] = theta;
  }
  // samples before the first defined one take its value
  const first = out.findIndex((v) => !Number.isNaN(v));
  for (let i = 0; i < first; i++) out[i] = out[first];
  // the reference: DC when it is in the passband (lowpass, bandstop), else Nyquist when it is
  // (highpass), else the peak (bandpass). H is real at DC and Nyquist, so the phase is 0 there.
  const pass = top / Math.SQRT2;
  const ref = mag[0] >= pass ? 0 : mag[n - 1] >= pass ? n - 1 : iTop;
  const re = h[2 * ref], im = h[2 * ref + 1];
  // the sign of A at the reference: A = Re(H·e^{-jθ})
  const aRef = re * Math.cos(out[ref]) + im * Math.sin(out[ref]);
  let shift = aRef < 0 ? Math.PI : 0;
  shift -= 2 * Math.PI * Math.round((out[ref] + shift) / (2 * Math.PI));
  for (let i = 0; i < n; i++) out[i] = ((out[i] + shift) * 180) / Math.PI;
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
  return { freq, h, magnitude, db, phase: responsePhase(h), description };
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
