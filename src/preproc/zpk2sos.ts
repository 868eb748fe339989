/**
 * scipy.signal.zpk2sos with pairing="nearest" (the digital default): poles closest to the unit
 * circle go to the LAST section, each paired with its nearest zeros. Ported step by step (same
 * sorting, same tie-breaking) so the sections come out in scipy's order, not just equivalent ones.
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { checkNumber } from "../core/keywords";
import { Complex, cabs, cconj, cmul, cneg, csub, isReal } from "./complex";

const TOL = 100 * 2.220446049250313e-16;

/** A complex value for an error message: "1+2j", as numpy prints it. */
const fmt = (v: Complex): string => `${v.re}${v.im < 0 ? "-" : "+"}${Math.abs(v.im)}j`;

/** zeros or poles: an array of {re, im} with numeric parts. */
function checkComplexList(a: unknown, param: string): void {
  const ok = Array.isArray(a) && a.every((v) => v !== null && typeof v === "object" && typeof (v as Complex).re === "number" && typeof (v as Complex).im === "number");
  if (!ok) throw new SPYTypeError(param, a, "an array of complex values { re, im } (numbers)");
}
const { abs } = Math;

/** scipy's _cplxreal: complex-conjugate pairs (one representative, imag > 0) and the real values. */
export function cplxreal(values: Complex[], param = "values"): { zc: Complex[]; zr: number[] } {
  if (values.length === 0) return { zc: [], zr: [] };
  // lexsort((|imag|, real)): by real part, then |imag|; stable
  const z = values.map((v, i) => ({ v, i }));
  z.sort((a, b) => (a.v.re - b.v.re) || (abs(a.v.im) - abs(b.v.im)) || (a.i - b.i));
  const sorted = z.map((e) => e.v);
  const isR = sorted.map((v) => abs(v.im) <= TOL * cabs(v));
  const zr = sorted.filter((_, i) => isR[i]).map((v) => v.re);
  if (zr.length === sorted.length) return { zc: [], zr };
  const rest = sorted.filter((_, i) => !isR[i]);
  const zp = rest.filter((v) => v.im > 0);
  const zn = rest.filter((v) => v.im < 0);
  if (zp.length !== zn.length) throw new SPYValueError(param, values.map(fmt), "complex values in conjugate pairs (scipy's _cplxreal)", "a complex value has no matching conjugate");
  // runs of (nearly) equal real parts are ordered by |imag| within the run
  let start = 0;
  for (let i = 1; i <= zp.length; i++) {
    const same = i < zp.length && zp[i].re - zp[i - 1].re <= TOL * cabs(zp[i - 1]);
    if (!same) {
      if (i - start > 1) {
        for (const chunk of [zp, zn]) {
          const part = chunk.slice(start, i).map((v, j) => ({ v, j }));
          part.sort((a, b) => (abs(a.v.im) - abs(b.v.im)) || (a.j - b.j));
          part.forEach((e, j) => { chunk[start + j] = e.v; });
        }
      }
      start = i;
    }
  }
  const zc: Complex[] = zp.map((p, i) => {
    const n = cconj(zn[i]);
    if (cabs(csub(p, n)) > TOL * cabs(zn[i])) throw new SPYValueError(param, values.map(fmt), "complex values in conjugate pairs (scipy's _cplxreal)", "a complex value has no matching conjugate");
    // (zp + conj(zn)) / 2: numpy divides by 2+0j, which halves exactly
    return { re: (p.re + n.re) * 0.5, im: (p.im + n.im) * 0.5 };
  });
  return { zc, zr };
}

/** numpy.poly: coefficients of prod(x - r), highest power first (real when roots pair up). */
export function poly(roots: Complex[]): number[] {
  let a: Complex[] = [{ re: 1, im: 0 }];
  for (const r of roots) {
    const next: Complex[] = new Array(a.length + 1);
    const m = cneg(r);
    for (let n = 0; n <= a.length; n++) {
      let s: Complex = { re: 0, im: 0 };
      let first = true;
      const terms: Complex[] = [];
      if (n < a.length) terms.push(a[n]);             // a[n] * 1
      if (n >= 1) terms.push(cmul(a[n - 1], m));      // a[n-1] * (-r)
      for (const t of terms) { s = first ? t : { re: s.re + t.re, im: s.im + t.im }; first = false; }
      next[n] = s;
    }
    a = next;
  }
  return a.map((v) => v.re);
}

function singleSection(z: Complex[], p: Complex[]): number[] {
  const sos = [0, 0, 0, 0, 0, 0];
  const b = poly(z);
  const a = poly(p);
  for (let i = 0; i < b.length; i++) sos[3 - b.length + i] = b[i];
  for (let i = 0; i < a.length; i++) sos[6 - a.length + i] = a[i];
  return sos;
}

/** Index of the pole closest to the unit circle (first on ties, like numpy.argmin). */
function idxWorst(p: Complex[]): number {
  let best = 0, val = Infinity;
  for (let i = 0; i < p.length; i++) {
    const d = abs(1 - cabs(p[i]));
    if (d < val) { val = d; best = i; }
  }
  return best;
}

/** scipy's _nearest_real_complex_idx: the nearest value of the requested kind. */
function nearestIdx(fro: Complex[], to: Complex, which: "real" | "complex" | "any"): number {
  const order = fro.map((v, i) => ({ d: cabs(csub(v, to)), i })).sort((a, b) => (a.d - b.d) || (a.i - b.i)).map((e) => e.i);
  if (which === "any") return order[0];
  for (const i of order) if (isReal(fro[i]) === (which === "real")) return i;
  throw new SPYValueError("z", fro.map(fmt), `zeros that scipy's zpk2sos can pair with the poles`, `no ${which} zero left to pair with pole ${fmt(to)}`);
}

const take = (arr: Complex[], i: number): Complex => arr.splice(i, 1)[0];

/** Second-order sections [b0, b1, b2, 1, a1, a2] per row, scipy's zpk2sos(z, p, k) for a digital filter. */
export function zpk2sos(zIn: Complex[], pIn: Complex[], k: number): number[][] {
  checkComplexList(zIn, "z");
  checkComplexList(pIn, "p");
  checkNumber(k, "k");
  if (zIn.length === 0 && pIn.length === 0) return [[k, 0, 0, 1, 0, 0]];
  let zl = [...zIn], pl = [...pIn];
  const zero = (): Complex => ({ re: 0, im: 0 });
  while (pl.length < zl.length) pl.push(zero());
  while (zl.length < pl.length) zl.push(zero());
  const nSections = (Math.max(pl.length, zl.length) + 1) >> 1;
  if (pl.length % 2 === 1) { pl.push(zero()); zl.push(zero()); }
  const zs = cplxreal(zl, "z"), ps = cplxreal(pl, "p");
  const z: Complex[] = [...zs.zc, ...zs.zr.map((re) => ({ re, im: 0 }))];
  const p: Complex[] = [...ps.zc, ...ps.zr.map((re) => ({ re, im: 0 }))];
  const sos: number[][] = Array.from({ length: nSections }, () => [0, 0, 0, 0, 0, 0]);
  const countReal = (a: Complex[]) => a.reduce((n, v) => n + (isReal(v) ? 1 : 0), 0);
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, idxWorst(p));
    if (isReal(p1) && countReal(p) === 0) {
      // the last real pole: a first-order section with the nearest real zero
      const z1 = take(z, nearestIdx(z, p1, "real"));
      sos[si] = singleSection([z1, zero()], [p1, zero()]);
    } else if (p.length + 1 === z.length && !isReal(p1) && countReal(p) === 1 && countReal(z) === 1) {
      // the real zero stays for the real pole: pair p1 with complex zeros
      const z1 = take(z, nearestIdx(z, p1, "complex"));
      sos[si] = singleSection([z1, cconj(z1)], [p1, cconj(p1)]);
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIdx = p.map((v, i) => (isReal(v) ? i : -1)).filter((i) => i >= 0);
        const j = realIdx[idxWorst(realIdx.map((i) => p[i]))];
        p2 = take(p, j);
      } else {
        p2 = cconj(p1);
      }
      if (z.length > 0) {
        const z1 = take(z, nearestIdx(z, p1, "any"));
        if (!isReal(z1)) {
          sos[si] = singleSection([z1, cconj(z1)], [p1, p2]);
        } else if (z.length > 0) {
          const z2 = take(z, nearestIdx(z, p1, "real"));
          sos[si] = singleSection([z1, z2], [p1, p2]);
        } else {
          sos[si] = singleSection([z1], [p1, p2]);
        }
      } else {
        sos[si] = singleSection([], [p1, p2]);
      }
    }
  }
  for (let i = 0; i < 3; i++) sos[0][i] *= k;
  return sos;
}
