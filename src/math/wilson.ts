/**
 * Wilson's spectral matrix factorisation (G. T. Wilson, "The factorization of matricial spectral
 * densities", SIAM J. Appl. Math. 23(4), 1972), as Syncopy runs it (`syncopy/connectivity/
 * wilson_sf.py`, a port of Dhamala & Rangarajan's Matlab code), and Syncopy's brute-force CSD
 * regularisation (`regularize_csd`).
 *
 * Given a one-sided cross-spectral density S[f] (f = 0 .. F-1, C x C Hermitian positive definite),
 * find the minimum-phase factor psi with psi psi^H = S, then H = psi psi0^-1 (the transfer
 * function, H -> I at lag 0) and Sigma = psi0 psi0^T (the noise covariance), so that
 * S = H Sigma H^H. Syncopy's steps, kept here:
 *
 * - the two-sided spectrum has N2 = 2 (F - 1) points: S[0 .. F-1] followed by conj(S[F-2 .. 1])
 *   (the last one-sided bin is taken as Nyquist, whatever the FFT length was);
 * - psi starts constant over frequency at psi0 = chol(gamma0)^T, gamma0 = Re of the symmetrised sum
 *   of S over the N2 points (the zero-lag term of the FFT, not divided by N2);
 * - each iteration: g = psi^-1 S psi^-H (through the Cholesky factor U of S: (psi^-1 U)(psi^-1 U)^H);
 *   [g + I]_+ by ifft over the N2 points, real part, lag 0 and lag N2/2 halved, negative lags
 *   zeroed, fft back; the zero-lag matrix g0 gives the skew term Sm = triu(g0) - triu(g0)^T;
 *   psi <- psi ([g + I]_+ + Sm), psi0 <- psi0 (g0 + Sm);
 * - the relative error max |S - psi psi^H| / |S| over every entry and frequency; stop when it is
 *   below rtol (converged) or after nIter iterations (not converged: the last iterate is returned).
 *
 * The spectrum over the N2 points is conjugate-symmetric (psi(-f) = conj psi(f) holds through the
 * iteration), so only the F one-sided frequencies are stored and iterated, and the transforms are
 * real ones (irfft / rfft of length N2) - the same numbers as Syncopy's complex FFTs over the N2
 * points, in about half the work. g is Hermitian at each frequency, so only its upper triangle is
 * transformed (the causal part of g_ji follows from g_ij's, see the loop), and the error of the
 * Hermitian psi psi^H is computed from its upper triangle.
 * Computed in float64 (Syncopy casts the CSD to complex128 before factorising).
 *
 * Layout: complex interleaved (re, im), [F, C, C] row-major (entry (i, j) of frequency f at
 * 2 ((f C + i) C + j)); Sigma real [C, C].
 */
import { SPYValueError } from "../core/errors";
import { getRealFFTPlan, type RealFFTPlan } from "./fft";
import { HermitianWorkspace, hermitianEigenvalues, shiftedCondition } from "./hermitian";

const { abs, sqrt, hypot, max, pow, log10 } = Math;

export interface WilsonOptions {
  /** Maximum number of iterations (Syncopy's nIter, default 100). */
  nIter?: number;
  /** Tolerance of the maximal relative error (Syncopy's rtol; wilson_sf's default 1e-6). */
  rtol?: number;
}

export interface WilsonResult {
  /** Transfer function [F, C, C], complex interleaved. */
  H: Float64Array;
  /** Noise covariance [C, C], real, row-major. */
  Sigma: Float64Array;
  /** Whether the relative error went below rtol within nIter iterations. */
  converged: boolean;
  /** Maximal relative error between S and psi psi^H after the last iteration. */
  err: number;
  /** Iterations run. */
  iterations: number;
}

/** max |a - b| / |a| over complex interleaved arrays (Syncopy's max_rel_err; NaN if any ratio is). */
export function maxRelErr(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i += 2) {
    const r = hypot(a[i] - b[i], a[i + 1] - b[i + 1]) / hypot(a[i], a[i + 1]);
    if (!(r <= m)) {
      if (r !== r) return NaN;
      m = r;
    }
  }
  return m;
}

/** The error a spectral matrix that cannot be factorised raises. */
function notPositiveDefinite(what: string, f: number | null): SPYValueError {
  return new SPYValueError("CSD", what, "a positive definite cross-spectral density at every frequency",
    f === null ? "its sum over frequencies is not positive definite" : `not positive definite at frequency index ${f}; too few trials for the channel count, or linearly dependent channels`);
}

/**
 * Lower Cholesky factors L (S = L L^H) of every frequency of S into U (numpy.linalg.cholesky:
 * only the lower triangle of S is read). Throws a SPYValueError where S is not positive definite.
 */
function choleskyAll(S: Float64Array, F: number, C: number, U: Float64Array): void {
  const n2 = 2 * C * C;
  U.fill(0);
  for (let f = 0; f < F; f++) {
    const base = f * n2;
    for (let j = 0; j < C; j++) {
      const rj = base + 2 * j * C;
      let d = S[rj + 2 * j];
      for (let k = 0; k < j; k++) d -= U[rj + 2 * k] * U[rj + 2 * k] + U[rj + 2 * k + 1] * U[rj + 2 * k + 1];
      if (!(d > 0)) throw notPositiveDefinite(`matrix at frequency index ${f}`, f);
      const ljj = sqrt(d);
      U[rj + 2 * j] = ljj;
      const inv = 1 / ljj;
      for (let i = j + 1; i < C; i++) {
        const ri = base + 2 * i * C;
        let sr = S[ri + 2 * j], si = S[ri + 2 * j + 1];
        for (let k = 0; k < j; k++) {
          // L_ik conj(L_jk)
          const ar = U[ri + 2 * k], ai = U[ri + 2 * k + 1], br = U[rj + 2 * k], bi = U[rj + 2 * k + 1];
          sr -= ar * br + ai * bi;
          si -= ai * br - ar * bi;
        }
        U[ri + 2 * j] = sr * inv;
        U[ri + 2 * j + 1] = si * inv;
      }
    }
  }
}

/** psi0 = chol(gamma0)^T, gamma0 the symmetrised real part of the sum of S over the N2 points. */
function initialPsi0(S: Float64Array, F: number, C: number): Float64Array {
  const n = C * C;
  const gamma = new Float64Array(n);
  for (let f = 0; f < F; f++) {
    // bins 1 .. F-2 appear twice (as S and conj S): twice their real part
    const w = f === 0 || f === F - 1 ? 1 : 2;
    const base = 2 * f * n;
    for (let e = 0; e < n; e++) gamma[e] += w * S[base + 2 * e];
  }
  const sym = new Float64Array(n);
  for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) sym[i * C + j] = 0.5 * (gamma[i * C + j] + gamma[j * C + i]);
  // real Cholesky, lower L; psi0 = L^T (upper)
  const L = new Float64Array(n);
  for (let j = 0; j < C; j++) {
    let d = sym[j * C + j];
    for (let k = 0; k < j; k++) d -= L[j * C + k] * L[j * C + k];
    if (!(d > 0)) throw notPositiveDefinite("sum over frequencies", null);
    const ljj = sqrt(d);
    L[j * C + j] = ljj;
    for (let i = j + 1; i < C; i++) {
      let s = sym[i * C + j];
      for (let k = 0; k < j; k++) s -= L[i * C + k] * L[j * C + k];
      L[i * C + j] = s / ljj;
    }
  }
  const psi0 = new Float64Array(n);
  for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) psi0[i * C + j] = L[j * C + i];
  return psi0;
}

/** Per-frequency scratch of the iteration (C x C complex matrices, interleaved). */
interface Scratch {
  lu: Float64Array;
  /** Solutions, transposed: row j holds column j of psi^-1 U. */
  yT: Float64Array;
  /** psi^-1 U, rows. */
  y: Float64Array;
  /** The update matrix [g + I]_+ + Sm, transposed (row j holds column j). */
  mT: Float64Array;
  rinv: Float64Array;
  perm: Int32Array;
}

function scratch(C: number): Scratch {
  const n2 = 2 * C * C;
  return {
    lu: new Float64Array(n2), yT: new Float64Array(n2), y: new Float64Array(n2), mT: new Float64Array(n2),
    rinv: new Float64Array(2 * C), perm: new Int32Array(C),
  };
}

/**
 * g = (psi^-1 U)(psi^-1 U)^H + I at every frequency, upper triangle, written entry-major into gT
 * (entry e = i C + j, i <= j, occupies gT[2 F e .. 2 F (e + 1)), interleaved over frequency).
 * psi = P^T L R by LU with partial pivoting (pivots by |re| + |im|, as LAPACK); then
 * L R Y = P U column by column, every step a dot product over contiguous rows.
 */
function computeG(psi: Float64Array, U: Float64Array, F: number, C: number, gT: Float64Array, w: Scratch): void {
  const n2 = 2 * C * C;
  const c2 = 2 * C;
  const F2 = 2 * F;
  const { lu, yT, y, rinv, perm } = w;
  for (let f = 0; f < F; f++) {
    const base = f * n2;
    for (let x = 0; x < n2; x++) lu[x] = psi[base + x];
    for (let i = 0; i < C; i++) perm[i] = i;
    // LU, multipliers stored below the diagonal
    for (let k = 0; k < C; k++) {
      let p = k, best = -1;
      for (let i = k; i < C; i++) {
        const o = i * c2 + 2 * k;
        const m = abs(lu[o]) + abs(lu[o + 1]);
        if (m > best) { best = m; p = i; }
      }
      if (p !== k) {
        const a = p * c2, b = k * c2;
        for (let x = 0; x < c2; x++) { const t = lu[a + x]; lu[a + x] = lu[b + x]; lu[b + x] = t; }
        const t = perm[p]; perm[p] = perm[k]; perm[k] = t;
      }
      const rk = k * c2;
      const pr = lu[rk + 2 * k], pi = lu[rk + 2 * k + 1];
      const den = pr * pr + pi * pi;
      const ir = pr / den, ii = -pi / den; // 1 / pivot
      rinv[2 * k] = ir;
      rinv[2 * k + 1] = ii;
      for (let i = k + 1; i < C; i++) {
        const ri = i * c2;
        const ar = lu[ri + 2 * k], ai = lu[ri + 2 * k + 1];
        const lr = ar * ir - ai * ii, li = ar * ii + ai * ir;
        lu[ri + 2 * k] = lr;
        lu[ri + 2 * k + 1] = li;
        if (lr === 0 && li === 0) continue;
        for (let j = 2 * (k + 1); j < c2; j += 2) {
          const br = lu[rk + j], bi = lu[rk + j + 1];
          lu[ri + j] -= lr * br - li * bi;
          lu[ri + j + 1] -= lr * bi + li * br;
        }
      }
    }
    // columns of Y = R^-1 L^-1 P U, stored as rows of yT
    for (let j = 0; j < C; j++) {
      const yj = j * c2;
      // forward: L x = P U[:, j] (L unit lower)
      for (let i = 0; i < C; i++) {
        const ri = i * c2;
        const u = base + perm[i] * c2 + 2 * j;
        let sr = U[u], si = U[u + 1];
        for (let k = 0; k < 2 * i; k += 2) {
          const ar = lu[ri + k], ai = lu[ri + k + 1], br = yT[yj + k], bi = yT[yj + k + 1];
          sr -= ar * br - ai * bi;
          si -= ar * bi + ai * br;
        }
        yT[yj + 2 * i] = sr;
        yT[yj + 2 * i + 1] = si;
      }
      // backward: R y = x
      for (let i = C - 1; i >= 0; i--) {
        const ri = i * c2;
        let sr = yT[yj + 2 * i], si = yT[yj + 2 * i + 1];
        for (let k = 2 * (i + 1); k < c2; k += 2) {
          const ar = lu[ri + k], ai = lu[ri + k + 1], br = yT[yj + k], bi = yT[yj + k + 1];
          sr -= ar * br - ai * bi;
          si -= ar * bi + ai * br;
        }
        const ir = rinv[2 * i], ii = rinv[2 * i + 1];
        yT[yj + 2 * i] = sr * ir - si * ii;
        yT[yj + 2 * i + 1] = sr * ii + si * ir;
      }
    }
    for (let i = 0; i < C; i++) {
      for (let j = 0; j < C; j++) {
        y[i * c2 + 2 * j] = yT[j * c2 + 2 * i];
        y[i * c2 + 2 * j + 1] = yT[j * c2 + 2 * i + 1];
      }
    }
    // g = Y Y^H + I, upper triangle
    for (let i = 0; i < C; i++) {
      const ri = i * c2;
      for (let j = i; j < C; j++) {
        const rj = j * c2;
        let sr = 0, si = 0;
        for (let k = 0; k < c2; k += 2) {
          const ar = y[ri + k], ai = y[ri + k + 1], br = y[rj + k], bi = y[rj + k + 1];
          sr += ar * br + ai * bi;
          si += ai * br - ar * bi;
        }
        const o = (i * C + j) * F2 + 2 * f;
        gT[o] = i === j ? sr + 1 : sr;
        gT[o + 1] = i === j ? 0 : si;
      }
    }
  }
}

/**
 * max |S - psi psi^H|^2 / |S|^2 over the entries of the frequency at `base` (NaN if any ratio is).
 * psi psi^H is Hermitian: entry (j, i) is the conjugate of (i, j) exactly; S may not be exactly
 * Hermitian, so both are compared.
 */
function errFrequency(psi: Float64Array, base: number, S: Float64Array, C: number): number {
  const c2 = 2 * C;
  let err2 = 0;
  let nan = false;
  for (let i = 0; i < C; i++) {
    const ri = base + i * c2;
    for (let j = i; j < C; j++) {
      const rj = base + j * c2;
      let sr = 0, si = 0;
      for (let k = 0; k < c2; k += 2) {
        const ar = psi[ri + k], ai = psi[ri + k + 1], br = psi[rj + k], bi = psi[rj + k + 1];
        sr += ar * br + ai * bi;
        si += ai * br - ar * bi;
      }
      const o = ri + 2 * j;
      const a = S[o], b = S[o + 1], dr = a - sr, di = b - si;
      const r = (dr * dr + di * di) / (a * a + b * b);
      if (r > err2) err2 = r;
      else if (r !== r) nan = true;
      if (j !== i) {
        const ot = rj + 2 * i;
        const c = S[ot], d = S[ot + 1], er = c - sr, ei = d + si;
        const rt = (er * er + ei * ei) / (c * c + d * d);
        if (rt > err2) err2 = rt;
        else if (rt !== rt) nan = true;
      }
    }
  }
  return nan ? NaN : err2;
}

/** max |S - psi psi^H| / |S| over every entry and frequency (NaN if any ratio is NaN). */
function relError(psi: Float64Array, S: Float64Array, F: number, C: number): number {
  const n2 = 2 * C * C;
  let err2 = 0;
  for (let f = 0; f < F; f++) {
    const e = errFrequency(psi, f * n2, S, C);
    if (e !== e) return NaN;
    if (e > err2) err2 = e;
  }
  return sqrt(err2);
}

/**
 * psi <- psi ([g + I]_+ + Sm) at every frequency (into `next`; [g + I]_+ given for i <= j, the rest
 * follows from gT, see plusOperator), and the maximal relative error |S - psi psi^H| / |S| of the
 * new psi (NaN if any ratio is NaN): over every entry (full), or over the diagonal only, a lower
 * bound that costs C^2 instead of C^3 / 2 per frequency.
 */
function updatePsi(psi: Float64Array, next: Float64Array, gT: Float64Array, gpT: Float64Array, skew: Float64Array, S: Float64Array, F: number, C: number, full: boolean, w: Scratch): number {
  const n = C * C;
  const n2 = 2 * n;
  const c2 = 2 * C;
  const F2 = 2 * F;
  const mT = w.mT;
  let err2 = 0;
  let nan = false;
  for (let f = 0; f < F; f++) {
    const base = f * n2;
    // M^T: row j holds column j of M = gp(f) + Sm; gp below the diagonal from the upper entry
    // (see plusOperator): gp_kj = conj(g_jk - gp_jk), g's imaginary part dropped at the end bins
    const edge = f === 0 || f === F - 1;
    for (let k = 0; k < C; k++) {
      for (let j = 0; j < C; j++) {
        const e = k * C + j;
        const t = j * c2 + 2 * k;
        if (k <= j) {
          const o = e * F2 + 2 * f;
          mT[t] = gpT[o] + skew[e];
          mT[t + 1] = gpT[o + 1];
        } else {
          const o = (j * C + k) * F2 + 2 * f;
          mT[t] = gT[o] - gpT[o] + skew[e];
          mT[t + 1] = edge ? gpT[o + 1] : gpT[o + 1] - gT[o + 1];
        }
      }
    }
    for (let i = 0; i < C; i++) {
      const ri = base + i * c2;
      for (let j = 0; j < C; j++) {
        const mj = j * c2;
        let sr = 0, si = 0;
        for (let k = 0; k < c2; k += 2) {
          const ar = psi[ri + k], ai = psi[ri + k + 1], br = mT[mj + k], bi = mT[mj + k + 1];
          sr += ar * br - ai * bi;
          si += ar * bi + ai * br;
        }
        next[ri + 2 * j] = sr;
        next[ri + 2 * j + 1] = si;
      }
    }
    if (full) {
      const e = errFrequency(next, base, S, C);
      if (e !== e) nan = true;
      else if (e > err2) err2 = e;
    } else {
      // the diagonal only: a lower bound of the maximum, enough to see that it is not converged
      for (let i = 0; i < C; i++) {
        const ri = base + i * c2;
        let d = 0;
        for (let k = 0; k < c2; k += 2) d += next[ri + k] * next[ri + k] + next[ri + k + 1] * next[ri + k + 1];
        const o = ri + 2 * i;
        const a = S[o], b = S[o + 1], dr = a - d;
        const r = (dr * dr + b * b) / (a * a + b * b);
        if (r > err2) err2 = r;
        else if (r !== r) nan = true;
      }
    }
  }
  return nan ? NaN : sqrt(err2);
}

/**
 * [g + I]_+ of the entries i <= j (gT -> gpT, entry-major), and the zero-lag matrix g0 (halved).
 * g is Hermitian at each frequency (g_ji = conj g_ij), so the lags of g_ji are those of g_ij
 * reversed, and on the N2-point grid the causal and the anti-causal part of g_ij (lag 0 and N2/2
 * halved in both) add up to g_ij as irfft reads it (imaginary parts of the first and last bin
 * dropped): [g_ji]_+ = conj(g_ij - [g_ij]_+), which the update (updatePsi) takes from gT and gpT.
 * One transform each way per pair i <= j. `win` must be zero beyond N2/2.
 */
function plusOperator(plan: RealFFTPlan, gT: Float64Array, gpT: Float64Array, g0: Float64Array, beta: Float64Array, win: Float64Array, spec: Float64Array, F: number, C: number): void {
  const F2 = 2 * F;
  const N2 = 2 * (F - 1);
  const nLag = N2 / 2;
  for (let i = 0; i < C; i++) {
    for (let j = i; j < C; j++) {
      const e = i * C + j;
      // lags from irfft, causal half kept (lag 0 and N2/2 halved), rfft; through plain scratch
      // arrays (gT and gpT may be views of wasm memory, slower to read element by element)
      spec.set(gT.subarray(e * F2, (e + 1) * F2));
      plan.inverse(spec, beta);
      const b0 = 0.5 * beta[0];
      g0[e] = b0;
      if (j !== i) g0[j * C + i] = b0;
      win[0] = b0;
      win.set(beta.subarray(1, nLag), 1);
      win[nLag] = 0.5 * beta[nLag]; // win[nLag + 1 ..] stays zero
      plan.forward(win, spec);
      gpT.set(spec, e * F2);
    }
  }
}

/** Sigma = psi0 psi0^T and H = psi psi0^-1 (psi0 upper triangular: H psi0 = psi solved row by row). */
function transferFunction(psi: Float64Array, psi0: Float64Array, F: number, C: number): { H: Float64Array; Sigma: Float64Array } {
  const n = C * C, n2 = 2 * n, c2 = 2 * C;
  const Sigma = new Float64Array(n);
  for (let i = 0; i < C; i++) {
    for (let j = 0; j < C; j++) {
      let s = 0;
      for (let k = 0; k < C; k++) s += psi0[i * C + k] * psi0[j * C + k];
      Sigma[i * C + j] = s;
    }
  }
  const H = new Float64Array(F * n2);
  for (let f = 0; f < F; f++) {
    const base = f * n2;
    for (let i = 0; i < C; i++) {
      const ri = base + i * c2;
      for (let j = 0; j < C; j++) {
        let sr = psi[ri + 2 * j], si = psi[ri + 2 * j + 1];
        for (let k = 0; k < j; k++) {
          const p = psi0[k * C + j];
          sr -= H[ri + 2 * k] * p;
          si -= H[ri + 2 * k + 1] * p;
        }
        const d = psi0[j * C + j];
        H[ri + 2 * j] = sr / d;
        H[ri + 2 * j + 1] = si / d;
      }
    }
  }
  return { H, Sigma };
}

/** The arrays the iteration works in (all zeroed), for F frequencies and C channels. */
export interface WilsonBuffers {
  /** The CSD, the Cholesky factors, psi and the next psi: [F, C, C] complex (2 F C^2 values each). */
  S: Float64Array;
  U: Float64Array;
  psi: Float64Array;
  next: Float64Array;
  /** g and [g + I]_+ entry-major: [C C, F] complex (2 C^2 F values each). */
  gT: Float64Array;
  gpT: Float64Array;
  /** The skew term, real [C, C]. */
  skew: Float64Array;
}

/**
 * The per-frequency matrix work of the iteration, swappable (connectivity/wilsonWasm.ts runs it in
 * wasm). The arrays it works on come from its own `buffers` (views of wasm memory there, valid
 * until `release`).
 */
export interface WilsonKernels {
  buffers(F: number, C: number): WilsonBuffers;
  /** g = (psi^-1 U)(psi^-1 U)^H + I, upper triangle, entry-major into gT (see computeG). */
  computeG(psi: Float64Array, U: Float64Array, F: number, C: number, gT: Float64Array): void;
  /**
   * next = psi (gp + skew) and the maximal relative error |S - next next^H| / |S|, over every entry
   * (full) or over the diagonal only (a lower bound) (see updatePsi; gpT holds i <= j).
   */
  updatePsi(psi: Float64Array, next: Float64Array, gT: Float64Array, gpT: Float64Array, skew: Float64Array, S: Float64Array, F: number, C: number, full: boolean): number;
  /** The maximal relative error |S - psi psi^H| / |S| over every entry (see relError). */
  relError(psi: Float64Array, S: Float64Array, F: number, C: number): number;
  /** Done with the buffers. */
  release(): void;
}

/** The TypeScript kernels (the reference path). */
export function typescriptWilsonKernels(C: number): WilsonKernels {
  const w = scratch(C);
  return {
    buffers: (F, C_) => {
      const m = 2 * F * C_ * C_;
      return {
        S: new Float64Array(m), U: new Float64Array(m), psi: new Float64Array(m), next: new Float64Array(m),
        gT: new Float64Array(m), gpT: new Float64Array(m), skew: new Float64Array(C_ * C_),
      };
    },
    computeG: (psi, U, F, C_, gT) => computeG(psi, U, F, C_, gT, w),
    updatePsi: (psi, next, gT, gpT, skew, S, F, C_, full) => updatePsi(psi, next, gT, gpT, skew, S, F, C_, full, w),
    relError: (psi, S, F, C_) => relError(psi, S, F, C_),
    release: () => undefined,
  };
}

/**
 * Wilson's factorisation of the one-sided CSD `S` ([F, C, C] complex interleaved, F >= 2), with
 * Syncopy's defaults (nIter 100, rtol 1e-6). Throws a SPYValueError where S (or its sum over
 * frequency) is not positive definite, as numpy's Cholesky would. `kernels` (default: the
 * TypeScript ones) do the per-frequency matrix work.
 */
export function wilsonFactorization(S_: Float64Array, F: number, C: number, options: WilsonOptions = {}, kernels?: WilsonKernels): WilsonResult {
  const nIter = options.nIter ?? 100;
  const rtol = options.rtol ?? 1e-6;
  const n = C * C;
  const n2 = 2 * n;
  if (!(F >= 2)) throw new SPYValueError("CSD", `${F} frequency`, "at least 2 frequencies (0 .. Nyquist)");
  if (S_.length !== F * n2) throw new Error(`wilsonFactorization: CSD has ${S_.length} values, not 2 x ${F} x ${C} x ${C}`);
  const N2 = 2 * (F - 1);
  const plan = getRealFFTPlan(N2);
  const kern = kernels ?? typescriptWilsonKernels(C);
  try {
    const buf = kern.buffers(F, C);
    const { S, U, gT, gpT, skew } = buf;
    let { psi, next } = buf;
    S.set(S_);
    // from the caller's array (S and U may be views of wasm memory, slower element by element)
    const Ujs = new Float64Array(F * n2);
    choleskyAll(S_, F, C, Ujs);
    U.set(Ujs);
    const psi0 = initialPsi0(S_, F, C);
    for (let f = 0; f < F; f++) for (let e = 0; e < n; e++) psi[f * n2 + 2 * e] = psi0[e];
    const beta = new Float64Array(N2);
    const win = new Float64Array(N2);
    const spec = new Float64Array(2 * F);
    const g0 = new Float64Array(n);
    const psi0Next = new Float64Array(n);

    let converged = false;
    let err = NaN;
    let iterations = 0;
    for (let it = 0; it < nIter; it++) {
      iterations = it + 1;
      kern.computeG(psi, U, F, C, gT);

      plusOperator(plan, gT, gpT, g0, beta, win, spec, F, C);
      // skew term: Sm = triu(g0) - triu(g0)^T (zero diagonal)
      for (let i = 0; i < C; i++) {
        skew[i * C + i] = 0;
        for (let j = i + 1; j < C; j++) {
          skew[i * C + j] = g0[i * C + j];
          skew[j * C + i] = -g0[i * C + j];
        }
      }
      // psi0 <- psi0 (g0 + Sm)
      for (let i = 0; i < C; i++) {
        for (let j = 0; j < C; j++) {
          let s = 0;
          for (let k = 0; k < C; k++) s += psi0[i * C + k] * (g0[k * C + j] + skew[k * C + j]);
          psi0Next[i * C + j] = s;
        }
      }
      psi0.set(psi0Next);

      // psi <- psi ([g + I]_+ + Sm), then the error against S. Syncopy's criterion: converged when
      // the maximal relative error is below rtol. The diagonal's maximum is a lower bound of it:
      // while that bound is not below rtol (or this is the last iteration) the full maximum is
      // not needed to decide, and only the final one is reported.
      const last = it === nIter - 1;
      err = kern.updatePsi(psi, next, gT, gpT, skew, S, F, C, last);
      if (!last && !(err >= rtol)) err = kern.relError(next, S, F, C);
      const t = psi; psi = next; next = t;
      if (err < rtol) {
        converged = true;
        break;
      }
    }

    // psi may be a view of wasm memory: element access to a plain copy is faster
    const { H, Sigma } = transferFunction(psi.slice(), psi0, F, C);
    return { H, Sigma, converged, err, iterations };
  } finally {
    kern.release();
  }
}

export interface RegularizeOptions {
  /** The largest condition number accepted (Syncopy's cond_max; regularize_csd's default 1e3). */
  condMax?: number;
  /** The largest regularisation factor tried (eps_max; default 1e-3). */
  epsMax?: number;
  /** Number of factors from 1e-10 to epsMax, log-spaced (nSteps; default 15). */
  nSteps?: number;
}

export interface RegularizeResult {
  /** The regularised CSD (the input array itself when nothing was done, else a new array). */
  csd: Float64Array;
  /** The factor eps of S + eps I: 0 if none was needed, -1 if even epsMax left cond >= condMax. */
  factor: number;
  /** The condition number of S before regularisation (max over frequencies). */
  initialCond: number;
}

/**
 * Syncopy's regularize_csd: the condition number of S is its largest 2-norm condition number over
 * frequencies; if it is not below condMax, S + eps I is tried for eps = logspace(-10, log10(epsMax),
 * nSteps) in turn and the first one below condMax is kept; if none is, the last one is returned with
 * factor -1. eps is absolute (not scaled to the CSD). The condition numbers come from the
 * eigenvalues of each Hermitian S[f] (computed once; cond(S + eps I) is their shifted ratio).
 */
export function regularizeCsd(S: Float64Array, F: number, C: number, options: RegularizeOptions = {}): RegularizeResult {
  const condMax = options.condMax ?? 1e3;
  const epsMax = options.epsMax ?? 1e-3;
  const nSteps = options.nSteps ?? 15;
  const n2 = 2 * C * C;
  const ws = new HermitianWorkspace(C);
  const lambda = new Float64Array(F * C);
  for (let f = 0; f < F; f++) hermitianEigenvalues(S, f * n2, ws, lambda, f * C);
  const cond = (eps: number): number => {
    let m = 0;
    for (let f = 0; f < F; f++) {
      const c = shiftedCondition(lambda, f * C, C, eps);
      if (!(c <= m)) m = c; // NaN propagates, as numpy's max
    }
    return m;
  };
  const initialCond = cond(0);
  if (initialCond < condMax) return { csd: S, factor: 0, initialCond };
  const hi = log10(epsMax);
  let eps = 0;
  let found = false;
  for (let s = 0; s < nSteps; s++) {
    eps = s === nSteps - 1 ? (nSteps > 1 ? pow(10, hi) : pow(10, -10)) : pow(10, -10 + (s * (hi + 10)) / max(1, nSteps - 1));
    if (cond(eps) < condMax) { found = true; break; }
  }
  const out = Float64Array.from(S);
  for (let f = 0; f < F; f++) for (let i = 0; i < C; i++) out[f * n2 + 2 * (i * C + i)] += eps;
  return { csd: out, factor: found ? eps : -1, initialCond };
}
