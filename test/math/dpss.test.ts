import { SPYValueError } from "../../src/core/errors";
import { dpss, dpssRatios } from "../../src/math/dpss";
import { tridiagonalEigenvalues, tridiagonalEigenvectors } from "../../src/math/tridiagonal";
import { absoluteError, loadFixtures } from "./fixtureLoader";

const fx = loadFixtures("dpss");
const CASES = fx.entries
  .filter((e) => e.key.startsWith("tapers/"))
  .map((e) => [e.params.M as number, e.params.NW as number, e.params.K as number] as const);

function gram(tapers: Float64Array[]): number {
  // max |<w_i, w_j> - delta_ij|
  let worst = 0;
  for (let i = 0; i < tapers.length; i++) {
    for (let j = 0; j <= i; j++) {
      let dot = 0;
      for (let n = 0; n < tapers[i].length; n++) dot += tapers[i][n] * tapers[j][n];
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

describe("against scipy.signal.windows.dpss", () => {
  it("covers the cases the spec asks for", () => {
    const keys = CASES.map((c) => c.join("/"));
    for (const c of ["1000/4/7", "1001/2.5/4", "500/1/1", "2000/10/19", "250/3.3/5"]) expect(keys).toContain(c);
  });

  test.each(CASES)("dpss(%i, %f, %i) to 1e-9, ratios to 1e-12", (M, NW, K) => {
    const tapers = dpss(M, NW, K);
    expect(tapers).toHaveLength(K);
    const ref = fx.get(`tapers/${M}/${NW}/${K}`);
    for (let k = 0; k < K; k++) {
      expect(tapers[k]).toBeInstanceOf(Float64Array);
      expect(absoluteError(tapers[k], ref.subarray(k * M, (k + 1) * M))).toBeLessThan(1e-9);
    }
    expect(absoluteError(dpssRatios(tapers, NW), fx.get(`ratios/${M}/${NW}/${K}`))).toBeLessThan(1e-12);
  });
});

describe("properties", () => {
  test.each([[4096, 3, 5], [100000, 4, 7]])("orthonormal, (anti)symmetric, sign conventions: M = %i", (M, NW, K) => {
    const t0 = Date.now();
    const tapers = dpss(M, NW, K);
    const elapsed = Date.now() - t0;
    // O(M) per taper: 10^5 samples take well under a second (scipy: ~0.4 s).
    expect(elapsed).toBeLessThan(M >= 100000 ? 3000 : 1000);
    expect(gram(tapers)).toBeLessThan(1e-12);
    tapers.forEach((w, k) => {
      const parity = k % 2 === 0 ? 1 : -1;
      let asym = 0, sum = 0;
      for (let n = 0; n < M; n++) {
        asym = Math.max(asym, Math.abs(w[n] - parity * w[M - 1 - n]));
        sum += w[n];
      }
      expect(asym).toBeLessThan(1e-9);
      if (k % 2 === 0) expect(sum).toBeGreaterThan(0);
      else {
        const first = w.find((v) => v * v > Math.max(1e-7, 1 / M)) as number;
        expect(first).toBeGreaterThan(0);
      }
    });
    // The first 2NW - 2 tapers are well concentrated (>99%), and concentration decreases.
    const r = dpssRatios(tapers, NW);
    for (let k = 0; k < Math.min(K, 2 * NW - 2); k++) expect(r[k]).toBeGreaterThan(0.99);
    for (let k = 1; k < K; k++) expect(r[k]).toBeLessThan(r[k - 1]);
  });

  it("M = 1 gives a single unit sample", () => {
    expect(dpss(1, 0.25, 1).map((w) => Array.from(w))).toEqual([[1]]);
  });

  it("tridiagonal eigenpairs satisfy T v = lambda v", () => {
    const n = 300;
    const d = new Float64Array(n).map((_, i) => Math.sin(i) * 3);
    const e = new Float64Array(n - 1).map((_, i) => 1 + Math.cos(i * 0.7) ** 2);
    const idx = [0, 1, 150, n - 2, n - 1];
    const lambdas = tridiagonalEigenvalues({ d, e }, idx);
    for (let j = 1; j < idx.length; j++) expect(lambdas[j]).toBeGreaterThan(lambdas[j - 1]);
    const vecs = tridiagonalEigenvectors({ d, e }, lambdas);
    vecs.forEach((v, j) => {
      let res = 0;
      for (let i = 0; i < n; i++) {
        const tv = d[i] * v[i] + (i > 0 ? e[i - 1] * v[i - 1] : 0) + (i < n - 1 ? e[i] * v[i + 1] : 0);
        res = Math.max(res, Math.abs(tv - lambdas[j] * v[i]));
      }
      expect(res).toBeLessThan(1e-12);
    });
    expect(gram(vecs)).toBeLessThan(1e-12);
  });
});

describe("validation", () => {
  const paramOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      if (e instanceof SPYValueError) return e.param;
      throw e;
    }
    return undefined;
  };
  it("names the offending parameter", () => {
    expect(paramOf(() => dpss(0, 1, 1))).toBe("M");
    expect(paramOf(() => dpss(10.5, 1, 1))).toBe("M");
    expect(paramOf(() => dpss(100, 0, 1))).toBe("NW");
    expect(paramOf(() => dpss(100, 50, 1))).toBe("NW");
    expect(paramOf(() => dpss(100, -1, 1))).toBe("NW");
    expect(paramOf(() => dpss(100, 4, 0))).toBe("Kmax");
    expect(paramOf(() => dpss(100, 4, 101))).toBe("Kmax");
    expect(paramOf(() => dpss(100, 4, 2.5))).toBe("Kmax");
    expect(paramOf(() => dpss(100, 4, 100))).toBeUndefined();
    expect(paramOf(() => dpssRatios(dpss(100, 4, 2), 0))).toBe("NW");
  });
});
