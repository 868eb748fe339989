/**
 * The numerics behind method "granger": Wilson's spectral factorisation (math/wilson.ts, with its
 * wasm kernels connectivity/wilsonWasm.ts), Syncopy's CSD regularisation, the Hermitian eigenvalues
 * behind the condition numbers (math/hermitian.ts), and Dhamala's formula (connectivity/granger.ts).
 */
import { HermitianWorkspace, hermitianEigenvalues, shiftedCondition } from "../../src/math/hermitian";
import { maxRelErr, regularizeCsd, wilsonFactorization } from "../../src/math/wilson";
import { wilsonKernels } from "../../src/connectivity/wilsonWasm";
import { grangerCausality, grangerFromCrossSpectra } from "../../src/connectivity/granger";
import { setKernelPath } from "../../src/wasm/kernelPath";
import { captureWarnings } from "../../src/core/warnings";
import { SPYValueError } from "../../src/core/errors";

afterAll(() => setKernelPath("auto"));

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32 - 0.5;
  };
}

/** Inverse of a complex C x C matrix (interleaved, row-major) by Gauss-Jordan with partial pivoting. */
function cinv(A: Float64Array, C: number): Float64Array {
  const a = Float64Array.from(A);
  const inv = new Float64Array(2 * C * C);
  for (let i = 0; i < C; i++) inv[2 * (i * C + i)] = 1;
  const at = (m: Float64Array, i: number, j: number) => 2 * (i * C + j);
  for (let k = 0; k < C; k++) {
    let p = k;
    for (let i = k + 1; i < C; i++) if (Math.hypot(a[at(a, i, k)], a[at(a, i, k) + 1]) > Math.hypot(a[at(a, p, k)], a[at(a, p, k) + 1])) p = i;
    for (let j = 0; j < 2 * C; j++) {
      [a[2 * p * C + j], a[2 * k * C + j]] = [a[2 * k * C + j], a[2 * p * C + j]];
      [inv[2 * p * C + j], inv[2 * k * C + j]] = [inv[2 * k * C + j], inv[2 * p * C + j]];
    }
    const pr = a[at(a, k, k)], pi = a[at(a, k, k) + 1], d = pr * pr + pi * pi;
    const ir = pr / d, ii = -pi / d;
    for (const m of [a, inv]) {
      for (let j = 0; j < C; j++) {
        const o = at(m, k, j), xr = m[o], xi = m[o + 1];
        m[o] = xr * ir - xi * ii;
        m[o + 1] = xr * ii + xi * ir;
      }
    }
    for (let i = 0; i < C; i++) {
      if (i === k) continue;
      const lr = a[at(a, i, k)], li = a[at(a, i, k) + 1];
      for (const m of [a, inv]) {
        for (let j = 0; j < C; j++) {
          const o = at(m, i, j), q = at(m, k, j);
          m[o] -= lr * m[q] - li * m[q + 1];
          m[o + 1] -= lr * m[q + 1] + li * m[q];
        }
      }
    }
  }
  return inv;
}

/** H Sigma H^H of one frequency (H complex C x C at offset, Sigma real). */
function sandwich(H: Float64Array, off: number, Sigma: Float64Array, C: number): Float64Array {
  const out = new Float64Array(2 * C * C);
  for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) {
    let sr = 0, si = 0;
    for (let k = 0; k < C; k++) for (let l = 0; l < C; l++) {
      const s = Sigma[k * C + l];
      const ar = H[off + 2 * (i * C + k)], ai = H[off + 2 * (i * C + k) + 1];
      const br = H[off + 2 * (j * C + l)], bi = H[off + 2 * (j * C + l) + 1];
      // H_ik s conj(H_jl)
      sr += s * (ar * br + ai * bi);
      si += s * (ai * br - ar * bi);
    }
    out[2 * (i * C + j)] = sr;
    out[2 * (i * C + j) + 1] = si;
  }
  return out;
}

/**
 * The spectral matrix of a VAR(1) model x_t = A x_{t-1} + e_t, cov(e) = Sigma, on the F one-sided
 * frequencies of an N2 = 2 (F - 1) point grid: S(f) = H(f) Sigma H(f)^H, H(f) = (I - A e^{-i w})^-1,
 * w = 2 pi f / N2 (numpy's fft sign: the minimum-phase factor with H -> I at lag 0).
 */
function var1(A: number[][], Sigma: number[][], F: number) {
  const C = A.length;
  const N2 = 2 * (F - 1);
  const Hs = new Float64Array(2 * F * C * C);
  const S = new Float64Array(2 * F * C * C);
  const Sig = Float64Array.from(Sigma.flat());
  for (let f = 0; f < F; f++) {
    const w = (2 * Math.PI * f) / N2;
    const M = new Float64Array(2 * C * C);
    for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) {
      M[2 * (i * C + j)] = (i === j ? 1 : 0) - A[i][j] * Math.cos(w);
      M[2 * (i * C + j) + 1] = A[i][j] * Math.sin(w);
    }
    const H = cinv(M, C);
    Hs.set(H, 2 * f * C * C);
    S.set(sandwich(H, 0, Sig, C), 2 * f * C * C);
  }
  return { S, H: Hs, Sigma: Sig, C };
}

const A3 = [[0.5, 0.3, 0], [0, 0.4, -0.35], [0.2, 0, -0.3]];
const SIGMA3 = [[1.0, 0.3, -0.2], [0.3, 0.8, 0.1], [-0.2, 0.1, 0.5]];

describe("Wilson's factorisation recovers a known factor", () => {
  const F = 129;
  const { S, H, Sigma, C } = var1(A3, SIGMA3, F);

  it.each(["ts", "wasm"] as const)("VAR(1), 3 channels: S = H Sigma H^H reproduced to 1e-8, H and Sigma recovered (kernels: %s)", (path) => {
    setKernelPath(path);
    const w = wilsonFactorization(S, F, C, { rtol: 1e-12, nIter: 200 }, wilsonKernels(F, C));
    expect(w.converged).toBe(true);
    expect(w.err).toBeLessThan(1e-12);
    let maxS = 0, dS = 0, maxH = 0, dH = 0;
    for (let f = 0; f < F; f++) {
      const rec = sandwich(w.H, 2 * f * C * C, w.Sigma, C);
      for (let x = 0; x < 2 * C * C; x++) {
        const o = 2 * f * C * C + x;
        maxS = Math.max(maxS, Math.abs(S[o]));
        dS = Math.max(dS, Math.abs(rec[x] - S[o]));
        maxH = Math.max(maxH, Math.abs(H[o]));
        dH = Math.max(dH, Math.abs(w.H[o] - H[o]));
      }
    }
    expect(dS / maxS).toBeLessThan(1e-8);
    expect(dH / maxH).toBeLessThan(1e-8);
    for (let e = 0; e < C * C; e++) expect(Math.abs(w.Sigma[e] - Sigma[e])).toBeLessThan(1e-8);
  });

  it("Syncopy's tolerance (rtol 5e-6, as granger uses it) converges in a few iterations, within that tolerance", () => {
    const w = wilsonFactorization(S, F, C, { rtol: 5e-6 });
    expect(w.converged).toBe(true);
    expect(w.err).toBeLessThan(5e-6);
    expect(w.iterations).toBeLessThan(30);
  });

  it("without enough iterations: converged false and the last iterate's error", () => {
    const w = wilsonFactorization(S, F, C, { rtol: 1e-12, nIter: 2 });
    expect(w.converged).toBe(false);
    expect(w.iterations).toBe(2);
    expect(w.err).toBeGreaterThan(1e-12);
  });

  it("wasm and TypeScript kernels agree (16 channels: the SIMD blocks; 5 and 7: their edges)", () => {
    for (const C2 of [16, 5, 7]) {
      const rnd = lcg(100 + C2);
      const A = Array.from({ length: C2 }, (_, i) => Array.from({ length: C2 }, (_, j) => (i === j ? 0.4 : 0) + 0.12 * rnd()));
      const Sig = Array.from({ length: C2 }, (_, i) => Array.from({ length: C2 }, (_, j) => (i === j ? 1 : 0.05 * Math.cos(i + j))));
      const m = var1(A, Sig, 65);
      setKernelPath("ts");
      const t = wilsonFactorization(m.S, 65, C2, { rtol: 1e-10 }, wilsonKernels(65, C2));
      setKernelPath("wasm");
      const w = wilsonFactorization(m.S, 65, C2, { rtol: 1e-10 }, wilsonKernels(65, C2));
      expect(w.iterations).toBe(t.iterations);
      let d = 0, mx = 0;
      for (let x = 0; x < t.H.length; x++) { d = Math.max(d, Math.abs(w.H[x] - t.H[x])); mx = Math.max(mx, Math.abs(t.H[x])); }
      expect(d / mx).toBeLessThan(1e-12);
      for (let e = 0; e < C2 * C2; e++) expect(Math.abs(w.Sigma[e] - t.Sigma[e])).toBeLessThan(1e-12);
    }
    setKernelPath("auto");
  });

  it("a spectral matrix that is not positive definite is an error, as numpy's Cholesky", () => {
    const bad = Float64Array.from(S);
    bad[2 * (5 * 9 + 4)] = -1; // S_11 < 0 at f = 5
    expect(() => wilsonFactorization(bad, F, C)).toThrow(SPYValueError);
    expect(() => wilsonFactorization(bad, F, C)).toThrow(/positive definite at frequency index 5/);
  });
});

describe("max_rel_err, regularize_csd, Hermitian eigenvalues", () => {
  it("maxRelErr: A vs A (1 + 1e-16) is below 1e-15 (Syncopy's test_wilson); NaN propagates", () => {
    const rnd = lcg(3);
    const A = Float64Array.from({ length: 200 }, () => rnd());
    const B = A.map((x) => x + x * 1e-16);
    expect(maxRelErr(A, B)).toBeLessThan(1e-15);
    expect(maxRelErr(new Float64Array([0, 0, 1, 0]), new Float64Array([0, 0, 1, 0]))).toBeNaN();
  });

  it("eigenvalues of Hermitian matrices with known spectra (Q diag(lambda) Q^H)", () => {
    for (const n of [1, 2, 3, 8, 16]) {
      const rnd = lcg(n);
      // a unitary Q by Gram-Schmidt of random complex columns
      const Q = new Float64Array(2 * n * n);
      for (let x = 0; x < Q.length; x++) Q[x] = rnd();
      for (let j = 0; j < n; j++) {
        for (let p = 0; p < j; p++) {
          let dr = 0, di = 0; // <q_p, q_j>
          for (let i = 0; i < n; i++) {
            const ar = Q[2 * (i * n + p)], ai = Q[2 * (i * n + p) + 1], br = Q[2 * (i * n + j)], bi = Q[2 * (i * n + j) + 1];
            dr += ar * br + ai * bi;
            di += ar * bi - ai * br;
          }
          for (let i = 0; i < n; i++) {
            const ar = Q[2 * (i * n + p)], ai = Q[2 * (i * n + p) + 1];
            Q[2 * (i * n + j)] -= dr * ar - di * ai;
            Q[2 * (i * n + j) + 1] -= dr * ai + di * ar;
          }
        }
        let nrm = 0;
        for (let i = 0; i < n; i++) nrm += Q[2 * (i * n + j)] ** 2 + Q[2 * (i * n + j) + 1] ** 2;
        nrm = Math.sqrt(nrm);
        for (let i = 0; i < n; i++) { Q[2 * (i * n + j)] /= nrm; Q[2 * (i * n + j) + 1] /= nrm; }
      }
      const lambda = Array.from({ length: n }, (_, i) => (i - n / 3) * 0.7 + (i === 0 ? -1e-3 : 0)).sort((a, b) => a - b);
      const A = sandwich(Q, 0, Float64Array.from({ length: n * n }, (_, e) => (Math.floor(e / n) === e % n ? lambda[e % n] : 0)), n);
      const out = new Float64Array(n);
      hermitianEigenvalues(A, 0, new HermitianWorkspace(n), out);
      for (let i = 0; i < n; i++) expect(Math.abs(out[i] - lambda[i])).toBeLessThan(1e-12 * n);
    }
  });

  it("shifted condition numbers: max|l + s| / min|l + s|; singular: 2^52; NaN stays NaN", () => {
    expect(shiftedCondition(new Float64Array([1, 4]), 0, 2, 0)).toBe(4);
    expect(shiftedCondition(new Float64Array([1, 4]), 0, 2, 1)).toBe(2.5);
    expect(shiftedCondition(new Float64Array([-2, 4]), 0, 2, 0)).toBe(2);
    expect(shiftedCondition(new Float64Array([0, 4]), 0, 2, 0)).toBe(2 ** 52);
    expect(shiftedCondition(new Float64Array([NaN, 4]), 0, 2, 0)).toBeNaN();
  });

  it("Syncopy's test_regularization: 10 rank-one terms in 20 channels -> cond > 1e4 -> regularised below with eps < eps_max", () => {
    const C = 20;
    const rnd = lcg(7);
    const S = new Float64Array(2 * C * C);
    for (let t = 0; t < 10; t++) {
      const a = Array.from({ length: C }, () => rnd());
      for (let i = 0; i < C; i++) for (let j = 0; j < C; j++) S[2 * (i * C + j)] += a[i] * a[j];
    }
    const r = regularizeCsd(S, 1, C, { condMax: 1e4, epsMax: 1e-1 });
    expect(r.initialCond).toBeGreaterThan(1e4);
    expect(r.factor).toBeGreaterThan(0);
    expect(r.factor).toBeLessThan(1e-1);
    // the factor is the first of logspace(-10, -1, 15) that works
    const steps = Array.from({ length: 15 }, (_, s) => 10 ** (-10 + (s * 9) / 14));
    expect(steps.some((e) => Math.abs(e - r.factor) <= 1e-12 * e)).toBe(true);
    const lam = new Float64Array(C);
    hermitianEigenvalues(r.csd, 0, new HermitianWorkspace(C), lam);
    expect(shiftedCondition(lam, 0, C, 0)).toBeLessThan(1e4);
    // the previous step would not have done
    const prev = steps[steps.findIndex((e) => Math.abs(e - r.factor) <= 1e-12 * e) - 1];
    const lam0 = new Float64Array(C);
    hermitianEigenvalues(S, 0, new HermitianWorkspace(C), lam0);
    expect(shiftedCondition(lam0, 0, C, prev)).toBeGreaterThanOrEqual(1e4);
  });

  it("nothing to do below cond_max (factor 0, the same array); unreachable: factor -1 with eps_max added", () => {
    const S = new Float64Array([2, 0, 0.5, 0.1, 0.5, -0.1, 1, 0]);
    const r = regularizeCsd(S, 1, 2, { condMax: 1e4 });
    expect(r.factor).toBe(0);
    expect(r.csd).toBe(S);
    const big = new Float64Array([1e6, 0, 1e6, 0, 1e6, 0, 1e6, 0]); // singular, eps far too small for its scale
    const q = regularizeCsd(big, 1, 2, { condMax: 1e4, epsMax: 1e-1 });
    expect(q.factor).toBe(-1);
    expect(q.csd[0]).toBe(1e6 + 0.1);
  });
});

describe("Dhamala's formula and granger_cF", () => {
  it("G[f, i, j] = ln(S_jj / (S_jj - (Sigma_ii - Sigma_ji^2 / Sigma_jj) |H_ji|^2)), zero diagonal (up to rounding)", () => {
    const F = 65;
    const { S, H, Sigma, C } = var1(A3, SIGMA3, F);
    const G = grangerCausality(S, H, Sigma, F, C);
    for (const f of [0, 10, 64]) {
      for (let i = 0; i < C; i++) {
        expect(Math.abs(G[(f * C + i) * C + i])).toBeLessThan(1e-14); // 0 up to the rounding of Sigma_ii - Sigma_ii^2 / Sigma_ii, as in Syncopy
        for (let j = 0; j < C; j++) {
          if (i === j) continue;
          const Sjj = S[2 * ((f * C + j) * C + j)];
          const h = 2 * ((f * C + j) * C + i);
          const H2 = H[h] ** 2 + H[h + 1] ** 2;
          const ref = Math.log(Sjj / (Sjj - (SIGMA3[i][i] - SIGMA3[j][i] ** 2 / SIGMA3[j][j]) * H2));
          expect(G[(f * C + i) * C + j]).toBeCloseTo(ref, 12);
        }
      }
    }
  });

  it("direction: in a VAR(1) where only channel 0 drives channel 1, G[:, 0, 1] >> 0 and G[:, 1, 0] = 0", () => {
    const F = 129;
    // x1[t] = 0.6 x0[t-1] + 0.3 x1[t-1] + e1[t]: A[1][0] = 0.6 is the coupling 0 -> 1
    const m = var1([[0.5, 0], [0.6, 0.3]], [[1, 0], [0, 1]], F);
    const { G } = grangerFromCrossSpectra(m.S, F, 2);
    let g01 = 0, g10 = 0;
    for (let f = 0; f < F; f++) { g01 = Math.max(g01, G[f * 4 + 1]); g10 = Math.max(g10, Math.abs(G[f * 4 + 2])); }
    expect(g01).toBeGreaterThan(0.1);
    expect(g10).toBeLessThan(1e-5);
  });

  it("uncorrelated channels (zero cross-spectra): the relative error is 0/0, so no convergence - a warning and info.converged false, finite zeros", async () => {
    const F = 33, C = 2;
    const S = new Float64Array(2 * F * C * C);
    for (let f = 0; f < F; f++) { S[2 * (f * 4)] = 1 + 0.5 * Math.cos(f / 5); S[2 * (f * 4 + 3)] = 2; }
    const { result, warnings } = await captureWarnings(() => grangerFromCrossSpectra(S, F, C));
    expect(result.info.converged).toBe(false);
    expect(result.info["max rel. err"]).toBeNaN();
    expect(result.iterations).toBe(100);
    expect(warnings.join("\n")).toMatch(/did not converge in 100 iterations/);
    expect(Array.from(result.G).every((g) => g === 0)).toBe(true);
  });
});
