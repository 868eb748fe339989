/**
 * Superlet transform of one trial (Moca et al. 2021), as Syncopy's superlet_cF computes it.
 *
 * A superlet of order o is the set of Morlet-SL wavelets with c_1 * o_min ... c_1 * o cycles; the
 * result is the geometric mean of their transforms, prod_i z_i^(p_i) with principal complex powers.
 * Multiplicative SLT: every scale uses all orders order_min..order_max with p = 1/n_orders.
 * FASLT (adaptive): the order rises linearly with frequency, fractional orders weight the next integer
 * order by the fraction (Syncopy's FASLT, including which wavelet set each scale receives).
 *
 * The product is accumulated as sum p_i log|z_i| and sum p_i arg z_i (float64), which equals
 * Syncopy's product of complex powers without its float32 rounding, and cannot under- or overflow.
 */
import { TypedArray } from "../core/ndarray";
import { SpectralOutput, convert, isComplexOutput } from "../math/spectralConversions";
import { KernelDef, kernelReach, kernelSpectrum } from "./wavelets/kernel";
import { groupKernels, workspaceFor } from "./wavelets/plan";
import { TrialSelection, prepareTrial } from "./wavelets/trial";
import { checkOutput, checkScalesAndDt } from "./wavelets/cwt";

export { SUPERLET_SCALES } from "./wavelets/scales";

export interface SuperletParams extends TrialSelection {
  /** Superlet scales s = 1 / (2 pi f); for adaptive, largest scale (lowest frequency) first. */
  scales: ArrayLike<number>;
  orderMin: number;
  orderMax: number;
  /** Cycles of the base wavelet. */
  c1: number;
  adaptive: boolean;
  dt: number;
  output: SpectralOutput;
}

const K_SD = 5;
const { PI, sqrt, exp, cos, sin, log, atan2, floor } = Math;

/** Syncopy's MorletSL(c) kernel at one scale, with cwtSL's support and normalisation. */
export function superletKernel(cycles: number, scale: number, dt: number): KernelDef {
  const bc = K_SD / (scale * cycles * Math.pow(2 * PI, 1.5));
  const g = K_SD / (2 * PI * cycles);
  return {
    key: `MorletSL(c=${cycles})|${scale}`,
    M: (10 * scale * cycles) / dt,
    scale,
    dt,
    norm: (sqrt(dt) / (4 * PI)) * bc,
    sample(x, out, at) {
      const e = exp(-0.5 * (g * x) * (g * x));
      out[at] = cos(x) * e;
      out[at + 1] = sin(x) * e;
    },
  };
}

/** One wavelet set member: its cycle count and the (scale index, exponent) pairs it contributes to. */
export interface SuperletTerm {
  cycles: number;
  scales: number[];
  powers: number[];
}

/** Syncopy's compute_adaptive_order: linear in frequency from order_min (f_min) to order_max (f_max). */
export function adaptiveOrders(freqs: ArrayLike<number>, orderMin: number, orderMax: number): Float64Array {
  const fMin = freqs[0], fMax = freqs[freqs.length - 1];
  if (!(fMax !== fMin)) throw new Error("adaptive superlets need at least two different frequencies");
  return Float64Array.from(freqs, (f) => orderMin + ((orderMax - orderMin) * (f - fMin)) / (fMax - fMin));
}

/** Which wavelets each scale is multiplied with, and with which exponent. */
export function superletTerms(scales: ArrayLike<number>, orderMin: number, orderMax: number, c1: number, adaptive: boolean): SuperletTerm[] {
  const F = scales.length;
  const all = Array.from({ length: F }, (_, k) => k);
  if (!adaptive) {
    const n = orderMax + 1 - orderMin;
    const terms: SuperletTerm[] = [];
    for (let o = orderMin; o <= orderMax; o++) terms.push({ cycles: c1 * o, scales: all, powers: all.map(() => 1 / n) });
    return terms;
  }
  // FASLT (syncopy/specest/superlet.py)
  const freqs = Float64Array.from(scales, (s) => 1 / (2 * PI * s));
  const orders = adaptiveOrders(freqs, orderMin, orderMax);
  const ordersInt = orders.map((o) => floor(o));
  const unique = Array.from(new Set(ordersInt)).sort((a, b) => a - b);
  const exponents = orders.map((o) => 1 / (o - orderMin + 1));
  const alphas = orders.map((o, k) => o - ordersInt[k]);
  const jumps: number[] = [];
  for (let k = 0; k + 1 < F; k++) if (ordersInt[k + 1] !== ordersInt[k]) jumps.push(k);
  if (unique.length !== jumps.length + 1) throw new Error("adaptive superlets need frequencies sorted low to high (scales high to low)");
  const terms: SuperletTerm[] = [{ cycles: c1 * unique[0], scales: all, powers: Array.from(exponents) }];
  let lastJump = 1; // Syncopy starts at 1; scale 0 has order order_min exactly, so its fraction is 0
  jumps.forEach((jump, i) => {
    const t: SuperletTerm = { cycles: c1 * unique[i + 1], scales: [], powers: [] };
    for (let k = lastJump; k <= jump; k++) { t.scales.push(k); t.powers.push(alphas[k] * exponents[k]); }
    for (let k = jump + 1; k < F; k++) { t.scales.push(k); t.powers.push(exponents[k]); }
    terms.push(t);
    lastJump = jump + 1;
  });
  return terms;
}

function checkOrders(p: SuperletParams): void {
  const isInt = (v: number) => typeof v === "number" && Number.isInteger(v);
  if (!isInt(p.orderMax) || p.orderMax < 1) throw new Error(`order_max must be an integer >= 1, got ${p.orderMax}`);
  if (!isInt(p.orderMin) || p.orderMin < 1 || p.orderMin > p.orderMax) throw new Error(`order_min must be an integer in [1, order_max=${p.orderMax}], got ${p.orderMin}`);
  if (!(p.c1 > 0) || !Number.isFinite(p.c1)) throw new Error(`c_1 must be a positive number, got ${p.c1}`);
}

let acc: { lm: Float64Array; ph: Float64Array } | null = null;

export function superletTrial(x: TypedArray, L: number, C: number, p: SuperletParams, out: Float32Array | Float64Array): void {
  checkScalesAndDt(p.scales, p.dt);
  checkOutput(p.output);
  checkOrders(p);
  const F = p.scales.length;
  const complexOut = isComplexOutput(p.output);
  const needPhase = p.output !== "pow" && p.output !== "abs";
  const { cm, first, N, time } = prepareTrial(x, L, C, p);
  const T = time.count;
  const need = T * F * C * (complexOut ? 2 : 1);
  if (out.length < need) throw new Error(`output buffer has ${out.length} values, needs ${need}`);
  if (T === 0 || F === 0 || C === 0) return;
  // every (wavelet, scale) pair with its exponent; z^0 = 1 needs no transform
  const items = superletTerms(p.scales, p.orderMin, p.orderMax, p.c1, p.adaptive).flatMap((term) =>
    term.scales.map((k, j) => ({ k, pw: term.powers[j], def: superletKernel(term.cycles, p.scales[k], p.dt) }))).filter((it) => it.pw !== 0);
  const groups = groupKernels(N, items.map((it) => kernelReach(it.def.M, N)), time);
  const spectra = groups.map((g) => g.members.map((i) => kernelSpectrum(items[i].def, g.plan)));
  if (!acc || acc.lm.length < F * T) acc = { lm: new Float64Array(F * T), ph: new Float64Array(F * T) };
  const { lm, ph } = acc;
  for (let c = 0; c < C; c++) {
    const signal = cm.subarray(c * L + first, c * L + first + N);
    lm.fill(0, 0, F * T);
    if (needPhase) ph.fill(0, 0, F * T);
    groups.forEach((g, gi) => {
      const ws = workspaceFor(g.plan);
      ws.load(signal);
      ws.convolveAll(spectra[gi], (j, y) => {
        const { k, pw } = items[g.members[j]];
        const base = k * T;
        const half = 0.5 * pw; // p log|z| = (p/2) log|z|^2
        for (let t = 0; t < T; t++) lm[base + t] += half * log(y[2 * t] * y[2 * t] + y[2 * t + 1] * y[2 * t + 1]);
        if (needPhase) for (let t = 0; t < T; t++) ph[base + t] += pw * atan2(y[2 * t + 1], y[2 * t]);
      });
    });
    const stride = F * C;
    for (let k = 0; k < F; k++) {
      let o = k * C + c;
      const base = k * T;
      for (let t = 0; t < T; t++, o += stride) {
        if (p.output === "pow") out[o] = exp(2 * lm[base + t]);
        else if (p.output === "abs") out[o] = exp(lm[base + t]);
        else {
          const m = exp(lm[base + t]);
          const re = m * cos(ph[base + t]), im = m * sin(ph[base + t]);
          if (complexOut) { out[2 * o] = re; out[2 * o + 1] = im; }
          else out[o] = convert(p.output, re, im);
        }
      }
    }
  }
}
