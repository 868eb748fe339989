/**
 * scipy.signal.butter(N, Wn, btype, fs=fs, output="sos"): the analog prototype (buttap), frequency
 * pre-warping, the lp2lp/lp2hp/lp2bp/lp2bs transforms, the bilinear transform and zpk2sos, each
 * written as scipy computes it so that the coefficients agree to rounding (tested to 1e-10).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkInteger, checkNumber } from "../core/keywords";
import { Complex, c, cadd, cdiv, cmul, cneg, cprod, csqrt, csub } from "./complex";
import { zpk2sos } from "./zpk2sos";

/** Low-, high-, band-pass or band-stop; butter also takes scipy's aliases ("low", "bandpass", ...). */
export type FilterType = "lp" | "hp" | "bp" | "bs";
const BTYPES: Record<string, FilterType> = {
  lp: "lp", low: "lp", lowpass: "lp", hp: "hp", high: "hp", highpass: "hp",
  bp: "bp", band: "bp", bandpass: "bp", bs: "bs", stop: "bs", bandstop: "bs",
};

/** A Butterworth filter as zeros, poles and gain. */
export interface ZPK { z: Complex[]; p: Complex[]; k: number }

/** Analog Butterworth prototype of order N with cut-off 1 rad/s (scipy's buttap). */
export function buttap(N: number): ZPK {
  checkInteger(N, "N", { min: 0 });
  const p: Complex[] = [];
  for (let m = -N + 1; m < N; m += 2) {
    // -exp(1j*pi*m/(2N)); numpy divides the complex array by 2N as Smith's division does
    const theta = (Math.PI * m) * (1 / (2 * N));
    p.push({ re: -Math.cos(theta), im: -Math.sin(theta) });
  }
  return { z: [], p, k: 1 };
}

function relativeDegree(z: Complex[], p: Complex[]): number {
  const d = p.length - z.length;
  if (d < 0) throw new Error("improper transfer function: more zeros than poles");
  return d;
}

const scale = (a: Complex, s: number): Complex => cmul(a, c(s));

export function lp2lpZpk({ z, p, k }: ZPK, wo: number): ZPK {
  const degree = relativeDegree(z, p);
  return { z: z.map((v) => scale(v, wo)), p: p.map((v) => scale(v, wo)), k: k * wo ** degree };
}

export function lp2hpZpk({ z, p, k }: ZPK, wo: number): ZPK {
  const degree = relativeDegree(z, p);
  const zh = z.map((v) => cdiv(c(wo), v));
  for (let i = 0; i < degree; i++) zh.push(c(0));
  const kh = k * cdiv(cprod(z.map(cneg)), cprod(p.map(cneg))).re;
  return { z: zh, p: p.map((v) => cdiv(c(wo), v)), k: kh };
}

/** x + sqrt(x^2 - wo^2) and x - sqrt(x^2 - wo^2), all the first ones then all the second ones. */
function splitRoots(x: Complex[], wo: number): Complex[] {
  const roots = x.map((v) => csqrt(csub(cmul(v, v), c(wo * wo))));
  return [...x.map((v, i) => cadd(v, roots[i])), ...x.map((v, i) => csub(v, roots[i]))];
}

export function lp2bpZpk({ z, p, k }: ZPK, wo: number, bw: number): ZPK {
  const degree = relativeDegree(z, p);
  const zl = z.map((v) => cdiv(scale(v, bw), c(2)));
  const pl = p.map((v) => cdiv(scale(v, bw), c(2)));
  const zb = splitRoots(zl, wo);
  for (let i = 0; i < degree; i++) zb.push(c(0));
  return { z: zb, p: splitRoots(pl, wo), k: k * bw ** degree };
}

export function lp2bsZpk({ z, p, k }: ZPK, wo: number, bw: number): ZPK {
  const degree = relativeDegree(z, p);
  const half = bw / 2;
  const zh = z.map((v) => cdiv(c(half), v));
  const ph = p.map((v) => cdiv(c(half), v));
  const zb = splitRoots(zh, wo);
  for (let i = 0; i < degree; i++) zb.push(c(0, wo));
  for (let i = 0; i < degree; i++) zb.push(c(0, -wo));
  const kb = k * cdiv(cprod(z.map(cneg)), cprod(p.map(cneg))).re;
  return { z: zb, p: splitRoots(ph, wo), k: kb };
}

/** scipy's bilinear_zpk: s-plane to z-plane; zeros at infinity move to Nyquist (z = -1). */
export function bilinearZpk({ z, p, k }: ZPK, fs: number): ZPK {
  const degree = relativeDegree(z, p);
  const fs2 = c(2.0 * fs);
  const zz = z.map((v) => cdiv(cadd(fs2, v), csub(fs2, v)));
  for (let i = 0; i < degree; i++) zz.push(c(-1));
  const kz = k * cdiv(cprod(z.map((v) => csub(fs2, v))), cprod(p.map((v) => csub(fs2, v)))).re;
  return { z: zz, p: p.map((v) => cdiv(cadd(fs2, v), csub(fs2, v))), k: kz };
}

/** Normalise scipy's btype spellings ("lp", "lowpass", "low", ...) to lp/hp/bp/bs. */
export function parseFilterType(btype: unknown, param = "btype"): FilterType {
  const allowed = `one of "lp", "hp", "bp", "bs" (or scipy's "lowpass", "highpass", "bandpass", "bandstop")`;
  if (typeof btype !== "string") throw new SPYTypeError(param, btype, allowed);
  const t = Object.prototype.hasOwnProperty.call(BTYPES, btype.toLowerCase()) ? BTYPES[btype.toLowerCase()] : undefined;
  if (!t) throw new SPYValueError(param, btype, allowed);
  return t;
}

/** Digital Butterworth zeros, poles and gain (scipy's butter(..., output="zpk")). */
export function butterZpk(N: number, Wn: number | number[], btype: string = "lp", fs?: number): ZPK {
  checkInteger(N, "order", { min: 1 });
  const type = parseFilterType(btype);
  const band = type === "bp" || type === "bs";
  const given: unknown[] = Array.isArray(Wn) ? [...Wn] : ArrayBuffer.isView(Wn) ? Array.from(Wn as unknown as ArrayLike<number>) : [Wn];
  if (!given.every((v) => typeof v === "number")) throw new SPYTypeError("freq", Wn, `${band ? "two cut-off frequencies [low, high]" : "one cut-off frequency"} (numbers)`);
  let w = given as number[];
  if (band && w.length !== 2) throw new SPYValueError("freq", Wn, `two cut-off frequencies [low, high] for filter type "${type}"`);
  if (!band && w.length !== 1) throw new SPYValueError("freq", Wn, `one cut-off frequency for filter type "${type}"`);
  const nyq = fs === undefined ? 1 : fs / 2;
  if (fs !== undefined) {
    checkNumber(fs, "fs", { gt: 0 });
    w = w.map((v) => (2 * v) / fs);
  }
  if (w.some((v) => !(v > 0))) throw new SPYValueError("freq", Wn, `cut-off frequencies above 0${fs === undefined ? "" : " Hz"}`);
  if (w.some((v) => !(v < 1))) {
    throw new SPYValueError("freq", Wn, `cut-off frequencies below the Nyquist frequency (${nyq}${fs === undefined ? ", normalised" : " Hz"})`);
  }
  if (band && !(w[0] < w[1])) throw new SPYValueError("freq", Wn, "two distinct cut-off frequencies [low, high] with low < high");
  // pre-warp for the bilinear transform (scipy designs at fs = 2)
  const warped = w.map((v) => 2 * 2.0 * Math.tan((Math.PI * v) / 2.0));
  let zpk = buttap(N);
  if (type === "lp") zpk = lp2lpZpk(zpk, warped[0]);
  else if (type === "hp") zpk = lp2hpZpk(zpk, warped[0]);
  else {
    const bw = warped[1] - warped[0];
    const wo = Math.sqrt(warped[0] * warped[1]);
    zpk = type === "bp" ? lp2bpZpk(zpk, wo, bw) : lp2bsZpk(zpk, wo, bw);
  }
  return bilinearZpk(zpk, 2.0);
}

/**
 * scipy.signal.butter(order, Wn, btype, fs=fs, output="sos"): rows [b0, b1, b2, 1, a1, a2].
 * `Wn` is in Hz when `fs` is given, else normalised to Nyquist (0 < Wn < 1).
 */
export function butter(order: number, Wn: number | number[], btype: string = "lp", fs?: number): number[][] {
  const { z, p, k } = butterZpk(order, Wn, btype, fs);
  return zpk2sos(z, p, k);
}
