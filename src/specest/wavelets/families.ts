/**
 * Syncopy's wavelet families (syncopy/specest/wavelets/wavelets.py, after Torrence & Compo 1998):
 * their time-domain forms, equivalent Fourier periods and the inverse (scale from period).
 *
 * Only the time-domain forms are used: Syncopy's cwt convolves with the wavelet SAMPLED in time on a
 * truncated support (cwt_time), and that truncation is part of the numbers it produces, so the
 * frequency-domain closed forms would not reproduce them.
 */

export const WAVELET_NAMES = ["Morlet", "Paul", "DOG", "Ricker", "Marr", "Mexican_hat"] as const;
export type WaveletName = (typeof WAVELET_NAMES)[number];

export interface WaveletSpec {
  name: WaveletName;
  /** Morlet's nondimensional frequency w0 (Syncopy's `width`), default 6. */
  width?: number;
  /** Paul's order m (default 4) or DOG's derivative order m (default 2). */
  order?: number;
}

/** A wavelet family with its parameters resolved. */
export interface WaveletFamily {
  readonly label: string;
  /** false for the real-valued derivatives of Gaussians: Syncopy's convolution is then exactly real. */
  readonly complex: boolean;
  fourierPeriod(scale: number): number;
  scaleFromPeriod(period: number): number;
  /** The unnormalised wavelet psi(x) at nondimensional time x = t/s, written to out[at], out[at+1]. */
  sample(x: number, out: Float64Array, at: number): void;
}

const { PI, sqrt, exp, cos, sin, atan, log, pow } = Math;
const PI_M14 = pow(PI, -0.25);

function morlet(w0: number): WaveletFamily {
  // "complete" Morlet: the exp(-w0^2/2) term makes it admissible (zero mean)
  const corr = exp(-0.5 * w0 * w0);
  const coeff = sqrt(w0 * w0 + 2);
  return {
    label: `Morlet(w0=${w0})`,
    complex: true,
    fourierPeriod: (s) => (4 * PI * s) / (w0 + coeff),
    scaleFromPeriod: (p) => (p * (coeff + w0)) / (4.0 * PI),
    sample(x, out, at) {
      const g = exp(-0.5 * x * x) * PI_M14;
      out[at] = (cos(w0 * x) - corr) * g;
      out[at + 1] = sin(w0 * x) * g;
    },
  };
}

/** log(n!) as a sum of logs: exact enough (1e-15 relative) and never overflows, unlike (2m)!. */
function logFactorial(n: number): number {
  let s = 0;
  for (let k = 2; k <= n; k++) s += log(k);
  return s;
}

function paul(m: number): WaveletFamily {
  // (2^m i^m m!) / sqrt(pi (2m)!) * (1 - i x)^-(m+1)
  const mag = exp(m * log(2) + logFactorial(m) - 0.5 * (log(PI) + logFactorial(2 * m)));
  // i^m exactly (Python's 1j**m for integer m is exact)
  const ph = [[1, 0], [0, 1], [-1, 0], [0, -1]][((m % 4) + 4) % 4];
  const cr = mag * ph[0], ci = mag * ph[1];
  return {
    label: `Paul(m=${m})`,
    complex: true,
    fourierPeriod: (s) => (4 * PI * s) / (2 * m + 1),
    scaleFromPeriod: (p) => (p * (2 * m + 1)) / (4 * PI),
    sample(x, out, at) {
      // (1 - i x)^-(m+1) = (1 + x^2)^(-(m+1)/2) * exp(i (m+1) atan x)
      const r = pow(1 + x * x, -(m + 1) / 2);
      const a = (m + 1) * atan(x);
      const fr = r * cos(a), fi = r * sin(a);
      out[at] = cr * fr - ci * fi;
      out[at + 1] = cr * fi + ci * fr;
    },
  };
}

function dog(m: number): WaveletFamily {
  // (-1)^(m+1) / sqrt(gamma(m + 1/2)) * He_m(x) * exp(-x^2/2), He_m the probabilists' Hermite polynomial
  let gammaHalf = sqrt(PI); // gamma(1/2); gamma(k + 3/2) = (k + 1/2) gamma(k + 1/2)
  for (let k = 0; k < m; k++) gammaHalf *= k + 0.5;
  const c = (m % 2 === 0 ? -1 : 1) / sqrt(gammaHalf);
  return {
    label: `DOG(m=${m})`,
    complex: false,
    fourierPeriod: (s) => (2 * PI * s) / sqrt(m + 0.5),
    scaleFromPeriod: (p) => (p * sqrt(m + 0.5)) / (2 * PI),
    sample(x, out, at) {
      let h0 = 1, h1 = x; // He_0, He_1; He_(n+1) = x He_n - n He_(n-1)
      if (m === 0) h1 = 1;
      for (let n = 1; n < m; n++) {
        const h2 = x * h1 - n * h0;
        h0 = h1;
        h1 = h2;
      }
      out[at] = c * h1 * exp(-(x * x) / 2);
      out[at + 1] = 0;
    },
  };
}

function checkInt(what: string, v: number, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new Error(`${what} must be an integer >= ${min}, got ${v}`);
  return v;
}

/** The family for a spec; throws on unknown names or impossible parameters. */
export function waveletFamily(spec: WaveletSpec): WaveletFamily {
  switch (spec.name) {
    case "Morlet": {
      const w0 = spec.width ?? 6;
      if (typeof w0 !== "number" || !Number.isFinite(w0) || w0 <= 0) throw new Error(`Morlet width (w0) must be a positive number, got ${w0}`);
      return morlet(w0);
    }
    case "Paul":
      return paul(checkInt("Paul order", spec.order ?? 4, 1));
    case "DOG":
      return dog(checkInt("DOG order", spec.order ?? 2, 0));
    case "Ricker":
    case "Marr":
    case "Mexican_hat":
      return dog(2);
    default:
      throw new Error(`unknown wavelet '${(spec as { name: unknown }).name}', expected one of ${WAVELET_NAMES.join(", ")}`);
  }
}

export function fourierPeriod(spec: WaveletSpec, scale: number): number {
  return waveletFamily(spec).fourierPeriod(scale);
}

export function scaleFromPeriod(spec: WaveletSpec, period: number): number {
  return waveletFamily(spec).scaleFromPeriod(period);
}
