/**
 * Discrete prolate spheroidal (Slepian) sequences, as
 * scipy.signal.windows.dpss(M, NW, Kmax) computes them (sym=True, norm=2).
 */
import { SPYTypeError, SPYValueError } from "../core/errors";
import { getRealFFTPlan } from "./fft";
import { nextPowerOfTwo } from "./fft/factorize";
import { sinc } from "./special";
import { tridiagonalEigenvalues, tridiagonalEigenvectors, type Tridiagonal } from "./tridiagonal";

function validate(M: number, NW: number, Kmax: number): void {
  if (typeof M !== "number") throw new SPYTypeError("M", M, "an integer >= 1 (taper length in samples)");
  if (!Number.isInteger(M) || M < 1) {
    throw new SPYValueError("M", M, "an integer >= 1 (taper length in samples)");
  }
  if (typeof NW !== "number") throw new SPYTypeError("NW", NW, `a time-halfbandwidth product with 0 < NW < M/2 = ${M / 2}`);
  if (!Number.isFinite(NW) || NW <= 0 || NW >= M / 2) {
    throw new SPYValueError("NW", NW, `a time-halfbandwidth product with 0 < NW < M/2 = ${M / 2}`);
  }
  if (typeof Kmax !== "number") throw new SPYTypeError("Kmax", Kmax, `an integer with 1 <= Kmax <= M = ${M}`);
  if (!Number.isInteger(Kmax) || Kmax < 1 || Kmax > M) {
    throw new SPYValueError("Kmax", Kmax, `an integer with 1 <= Kmax <= M = ${M}`);
  }
}

/**
 * The tridiagonal matrix that commutes with the time-frequency concentration
 * operator (Percival & Walden 1993): same eigenvectors, but O(M) to store and
 * well separated eigenvalues.
 */
function slepianTridiagonal(M: number, W: number): Tridiagonal {
  const d = new Float64Array(M);
  const e = new Float64Array(M - 1);
  const c = Math.cos(2 * Math.PI * W);
  for (let n = 0; n < M; n++) {
    const h = (M - 1 - 2 * n) / 2;
    d[n] = h * h * c;
  }
  for (let n = 1; n < M; n++) e[n - 1] = (n * (M - n)) / 2;
  return { d, e };
}

/**
 * The first Kmax DPSS tapers of length M with half bandwidth W = NW/M, each a
 * unit-L2-norm Float64Array, ordered by decreasing concentration. Sign
 * conventions follow scipy (Percival & Walden p. 379): symmetric tapers have a
 * positive sum, antisymmetric ones start with a positive lobe.
 */
export function dpss(M: number, NW: number, Kmax: number): Float64Array[] {
  validate(M, NW, Kmax);
  if (M === 1) return [new Float64Array([1])];
  const W = NW / M;
  const t = slepianTridiagonal(M, W);
  // The largest Kmax eigenvalues, largest first.
  const indices: number[] = [];
  for (let k = 0; k < Kmax; k++) indices.push(M - 1 - k);
  const lambdas = tridiagonalEigenvalues(t, indices);
  const tapers = tridiagonalEigenvectors(t, lambdas);
  const thresh = Math.max(1e-7, 1 / M);
  for (let k = 0; k < Kmax; k++) {
    const w = tapers[k];
    let flip: boolean;
    if (k % 2 === 0) {
      let sum = 0;
      for (let i = 0; i < M; i++) sum += w[i];
      flip = sum < 0;
    } else {
      // First sample that rises above the numerical noise decides the lobe sign.
      let i = 0;
      while (i < M && w[i] * w[i] <= thresh) i++;
      flip = i < M && w[i] < 0;
    }
    if (flip) for (let i = 0; i < M; i++) w[i] = -w[i];
  }
  return tapers;
}

/**
 * Spectral concentration of each taper in [-W, W], W = NW/M (scipy's
 * return_ratios): sum over lags of the taper's autocorrelation times the ideal
 * low-pass kernel 4W sinc(2Wn), with 2W at lag 0. Close to 1 for the first
 * ~2NW - 1 tapers.
 */
export function dpssRatios(tapers: Float64Array[], NW: number): Float64Array {
  const ratios = new Float64Array(tapers.length);
  if (tapers.length === 0) return ratios;
  const M = tapers[0].length;
  if (typeof NW !== "number") throw new SPYTypeError("NW", NW, "a positive time-halfbandwidth product");
  if (!Number.isFinite(NW) || NW <= 0) {
    throw new SPYValueError("NW", NW, "a positive time-halfbandwidth product");
  }
  const W = NW / M;
  const kernel = new Float64Array(M);
  kernel[0] = 2 * W;
  for (let n = 1; n < M; n++) kernel[n] = 4 * W * sinc(2 * W * n);
  // Autocorrelation through |FFT|^2 with enough zero padding to avoid wrap-around.
  const N = nextPowerOfTwo(2 * M - 1);
  const plan = getRealFFTPlan(N);
  const padded = new Float64Array(N);
  const spec = new Float64Array(2 * plan.nBins);
  const acf = new Float64Array(N);
  tapers.forEach((w, k) => {
    if (w.length !== M) throw new SPYValueError(`tapers[${k}]`, w, `a taper of length ${M} like tapers[0]`);
    padded.fill(0);
    padded.set(w);
    plan.forward(padded, spec);
    for (let i = 0; i < spec.length; i += 2) {
      spec[i] = spec[i] * spec[i] + spec[i + 1] * spec[i + 1];
      spec[i + 1] = 0;
    }
    plan.inverse(spec, acf);
    let r = 0;
    for (let n = 0; n < M; n++) r += acf[n] * kernel[n];
    ratios[k] = r;
  });
  return ratios;
}
