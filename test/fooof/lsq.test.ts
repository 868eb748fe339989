/**
 * The least-squares solvers on problems with known answers. Reference figures (iterates, nfev,
 * status) are scipy 1.10.1's, the version the golden FOOOF cases were made with; when
 * /usr/bin/python3 has scipy, random bounded Gaussian fits are also compared with it live.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import { trf, lm, curveFit, LsqProblem } from "../../src/math/lsq";
import { gaussians, gaussiansJacobian } from "../../src/fooof/funcs";
import { SVDWorkspace, jacobiSVD } from "../../src/math/lsq/linalg";

const rosen: LsqProblem = {
  m: 2, n: 2,
  fun: (x, o) => { o[0] = 10 * (x[1] - x[0] * x[0]); o[1] = 1 - x[0]; },
  jac: (x, _f, J) => { J[0] = -20 * x[0]; J[1] = 10; J[2] = -1; J[3] = 0; },
};

describe("SVD (Householder QR, then Golub-Kahan)", () => {
  test("reconstructs a random tall matrix; singular values descending; U^T f", () => {
    const m = 30, n = 6;
    let s = 7;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
    const A = Float64Array.from({ length: m * n }, rnd);
    const f = Float64Array.from({ length: m }, rnd);
    const ws = new SVDWorkspace(m, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ws.A[j * m + i] = A[i * n + j];   // column-major
    ws.f.set(f);
    const { s: sv, V, uf } = ws.decompose();
    for (let j = 1; j < n; j++) expect(sv[j]).toBeLessThanOrEqual(sv[j - 1]);
    // A^T A = V S^2 V^T and A^T f = V S uf
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        let ata = 0, vsv = 0;
        for (let i = 0; i < m; i++) ata += A[i * n + a] * A[i * n + b];
        for (let k = 0; k < n; k++) vsv += V[a * n + k] * sv[k] * sv[k] * V[b * n + k];
        expect(Math.abs(ata - vsv)).toBeLessThan(1e-12);
      }
      let atf = 0, vsuf = 0;
      for (let i = 0; i < m; i++) atf += A[i * n + a] * f[i];
      for (let k = 0; k < n; k++) vsuf += V[a * n + k] * sv[k] * uf[k];
      expect(Math.abs(atf - vsuf)).toBeLessThan(1e-12);
    }
  });

  test("graded singular values 1 ... 1e-12 and a rank-deficient matrix", () => {
    const n = 8, m = 20;
    let seed = 99;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    // A = Q1 diag(sigma) Q2^T from two random orthogonal factors (Gram-Schmidt)
    const orth = (rows: number, cols: number): number[][] => {
      const q: number[][] = [];
      for (let j = 0; j < cols; j++) {
        let v = Array.from({ length: rows }, rnd);
        for (const w of q) { const d = v.reduce((a, x, i) => a + x * w[i], 0); v = v.map((x, i) => x - d * w[i]); }
        const nv = Math.hypot(...v);
        q.push(v.map((x) => x / nv));
      }
      return q;   // q[j] = column j
    };
    const sigma = Array.from({ length: n }, (_, j) => 10 ** (-12 * j / (n - 1)));
    const U = orth(m, n), Vq = orth(n, n);
    const ws = new SVDWorkspace(m, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let a = 0;
      for (let k = 0; k < n; k++) a += U[k][i] * sigma[k] * Vq[k][j];
      ws.A[j * m + i] = a;
    }
    ws.f.fill(1);
    const { s: sv } = ws.decompose();
    for (let j = 0; j < n; j++) expect(Math.abs(sv[j] - sigma[j])).toBeLessThan(1e-14);
    // two equal columns: one singular value is zero (to rounding)
    const ws2 = new SVDWorkspace(m, 3);
    for (let i = 0; i < m; i++) { const a = rnd(), b = rnd(); ws2.A[i] = a; ws2.A[m + i] = b; ws2.A[2 * m + i] = a; }
    const r = ws2.decompose();
    expect(r.s[2]).toBeLessThan(1e-15 * r.s[0]);
    expect(r.s[1]).toBeGreaterThan(0.1);
  });

  test("the Jacobi fallback gives the same singular values", () => {
    const n = 6;
    let seed = 5;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    const B = Float64Array.from({ length: n * n }, rnd);
    const ws = new SVDWorkspace(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ws.A[j * n + i] = B[i * n + j];
    const gk = Array.from(ws.decompose().s);
    const s = new Float64Array(n), V = new Float64Array(n * n);
    jacobiSVD(Float64Array.from(B), n, s, V);
    const jac = Array.from(s).sort((a, b) => b - a);
    gk.forEach((v, j) => expect(Math.abs(v - jac[j])).toBeLessThan(1e-14));
  });
});

describe("trust region reflective (scipy least_squares, method trf)", () => {
  test("Rosenbrock without bounds: the minimum, in scipy's 3 evaluations", () => {
    for (const jac of [rosen.jac, "2-point" as const]) {
      const r = trf({ ...rosen, jac }, [2, 2]);
      expect(r.success).toBe(true);
      expect(r.x[0]).toBeCloseTo(1, 12);
      expect(r.x[1]).toBeCloseTo(1, 12);
      expect([r.nfev, r.njev, r.status]).toEqual([3, 3, 1]);
    }
  });

  test("Rosenbrock with an active bound x1 >= 1.5 (scipy's documented example)", () => {
    const r = trf({ ...rosen, jac: "2-point" }, [2, 2], { lb: [-Infinity, 1.5], ub: [Infinity, Infinity] });
    expect(r.x[0]).toBeCloseTo(1.22437075, 8);
    expect(r.x[1]).toBeCloseTo(1.5, 10);
    expect(r.x[1]).toBeGreaterThanOrEqual(1.5);
    expect(r.cost).toBeCloseTo(0.025213093946805685, 14);
    expect([r.nfev, r.njev, r.status]).toEqual([9, 9, 2]);
  });

  const t = Float64Array.from({ length: 40 }, (_, i) => i * 0.25);
  const y = Float64Array.from(t, (ti, i) => 2.5 * Math.exp(-1.3 * ti) + 0.5 + 0.01 * Math.sin(7.3 * i));
  const decay = (x: Float64Array, p: Float64Array, out: Float64Array) => { for (let i = 0; i < x.length; i++) out[i] = p[0] * Math.exp(-p[1] * x[i]) + p[2]; };
  const decayJ = (x: Float64Array, p: Float64Array, J: Float64Array) => {
    for (let i = 0; i < x.length; i++) { const e = Math.exp(-p[1] * x[i]); J[3 * i] = e; J[3 * i + 1] = -p[0] * x[i] * e; J[3 * i + 2] = 1; }
  };

  test("exponential decay a exp(-b t) + c: scipy's solution, free and with b bounded at 1", () => {
    const free = curveFit(decay, t, y, [1, 1, 0], { method: "trf" });
    expect(Array.from(free.x).map((v) => +v.toFixed(7))).toEqual([2.5045825, 1.3017356, 0.5002663]);
    expect(free.nfev).toBe(5);
    const bounded = curveFit(decay, t, y, [1, 1, 0.1], { lb: [0, 0, 0], ub: [10, 1, 10] });
    expect(bounded.method).toBe("trf");
    expect(Array.from(bounded.x).map((v) => +v.toFixed(7))).toEqual([2.3171539, 1, 0.4637979]);
    expect(bounded.x[1]).toBeLessThanOrEqual(1);
    expect([bounded.nfev, bounded.status]).toEqual([7, 1]);
    const analytic = curveFit(decay, t, y, [1, 1, 0.1], { lb: [0, 0, 0], ub: [10, 1, 10], jac: decayJ });
    for (let j = 0; j < 3; j++) expect(analytic.x[j]).toBeCloseTo(bounded.x[j], 7);
  });

  test("exact data: the generating parameters", () => {
    const exact = Float64Array.from(t, (ti) => 3 * Math.exp(-0.7 * ti) - 1);
    const r = curveFit(decay, t, exact, [1, 1, 0], { method: "trf", jac: decayJ, ftol: 1e-14, xtol: 1e-14, gtol: 1e-14 });
    expect(Math.abs(r.x[0] - 3)).toBeLessThan(1e-9);
    expect(Math.abs(r.x[1] - 0.7)).toBeLessThan(1e-9);
    expect(Math.abs(r.x[2] + 1)).toBeLessThan(1e-9);
  });

  test("running out of evaluations is reported, not hidden", () => {
    const r = trf({ ...rosen, jac: "2-point" }, [-1.2, 1], { maxfev: 3 });
    expect(r.success).toBe(false);
    expect(r.status).toBe(0);
    expect(r.nfev).toBe(3);
    expect(r.message).toMatch(/maximum number of function evaluations/);
  });

  test("non-finite residuals at the start; infeasible x0; bad bounds", () => {
    const bad: LsqProblem = { m: 2, n: 1, fun: (x, o) => { o[0] = Math.log(x[0]); o[1] = 1; }, jac: "2-point" };
    const r = trf(bad, [-1]);
    expect(r.success).toBe(false);
    expect(r.message).toMatch(/not finite/);
    expect(() => trf(rosen, [2, 2], { lb: [3, 0], ub: [4, 5] })).toThrow(/infeasible/);
    expect(() => trf(rosen, [2, 2], { lb: [3, 0], ub: [3, 5] })).toThrow(/strictly less/);
  });

  test("a step into NaN territory shrinks the trust region instead of failing", () => {
    // log(x) residual: big steps to x <= 0 give NaN
    const p: LsqProblem = { m: 1, n: 1, fun: (x, o) => { o[0] = Math.log(x[0]) - 2; }, jac: (x, _f, J) => { J[0] = 1 / x[0]; } };
    const r = trf(p, [0.01]);
    expect(r.success).toBe(true);
    expect(r.x[0]).toBeCloseTo(Math.exp(2), 6);
  });
});

describe("Levenberg-Marquardt (MINPACK lmdif / lmder)", () => {
  test("Rosenbrock from (-1.2, 1): the minimum in MINPACK's 54 evaluations (lmdif)", () => {
    const r = lm({ ...rosen, jac: "2-point" }, [-1.2, 1]);
    expect(r.success).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 10);
    expect(r.x[1]).toBeCloseTo(1, 10);
    expect(r.nfev).toBe(54);
    const a = lm(rosen, [-1.2, 1]);
    expect(a.x[0]).toBeCloseTo(1, 10);
  });

  test("exponential decay: scipy curve_fit's (lm) solution", () => {
    const t = Float64Array.from({ length: 40 }, (_, i) => i * 0.25);
    const y = Float64Array.from(t, (ti, i) => 2.5 * Math.exp(-1.3 * ti) + 0.5 + 0.01 * Math.sin(7.3 * i));
    const r = curveFit((x, p, out) => { for (let i = 0; i < x.length; i++) out[i] = p[0] * Math.exp(-p[1] * x[i]) + p[2]; }, t, y, [1, 1, 0]);
    expect(r.method).toBe("lm");
    expect(Array.from(r.x).map((v) => +v.toFixed(7))).toEqual([2.5045825, 1.3017356, 0.5002663]);
  });

  test("fewer residuals than parameters, and maxfev, are reported", () => {
    const r = lm({ m: 1, n: 2, fun: (x, o) => { o[0] = x[0] + x[1]; }, jac: "2-point" }, [1, 1]);
    expect(r.success).toBe(false);
    expect(r.message).toMatch(/must not exceed/);
    const s = lm({ ...rosen, jac: "2-point" }, [-1.2, 1], { maxfev: 10 });
    expect(s.status).toBe(5);
    expect(s.success).toBe(false);
  });
});

// Live comparison with scipy on random bounded multi-Gaussian fits (FOOOF's joint fit shape).
const python = "/usr/bin/python3";
const haveScipy = fs.existsSync(python) && spawnSync(python, ["-c", "import scipy.optimize"]).status === 0;
(haveScipy ? describe : describe.skip)("against scipy 1.10 least_squares, live", () => {
  test("random 2-4 Gaussian fits with bounds: same solution as scipy's", () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const problems = [];
    for (let q = 0; q < 12; q++) {
      const freqs = Array.from({ length: 120 }, (_, i) => 1 + i * 0.5);
      const K = 2 + Math.floor(rnd() * 3);
      const truth: number[] = [];
      for (let k = 0; k < K; k++) truth.push(5 + rnd() * 50, 0.2 + rnd(), 0.8 + rnd() * 3);
      const y = freqs.map((f, i) => { let v = 0.03 * Math.sin(3.1 * i + q); for (let k = 0; k < K; k++) v += truth[3 * k + 1] * Math.exp(-((f - truth[3 * k]) ** 2) / (2 * truth[3 * k + 2] ** 2)); return v; });
      const p0: number[] = [], lb: number[] = [], ub: number[] = [];
      for (let k = 0; k < K; k++) {
        const c = truth[3 * k] + (rnd() - 0.5), sd = Math.min(6, Math.max(0.25, truth[3 * k + 2] * (0.7 + 0.6 * rnd())));
        p0.push(c, truth[3 * k + 1] * (0.8 + 0.4 * rnd()), sd);
        lb.push(Math.max(1, c - 3 * sd), 0, 0.25);
        ub.push(Math.min(60.5, c + 3 * sd), Infinity, 6);
      }
      problems.push({ freqs, y, p0, lb, ub });
    }
    const script = [
      "import json, sys, numpy as np",
      "from scipy.optimize import least_squares",
      "out = []",
      "for p in json.load(sys.stdin):",
      "    f = np.array(p['freqs']); y = np.array(p['y'])",
      "    def g(x):",
      "        ys = np.zeros_like(f)",
      "        for i in range(0, len(x), 3): ys = ys + x[i+1]*np.exp(-(f-x[i])**2/(2*x[i+2]**2))",
      "        return ys - y",
      "    ub = [np.inf if v is None else v for v in p['ub']]",
      "    r = least_squares(g, p['p0'], bounds=(p['lb'], ub), max_nfev=5000)",
      "    out.append({'x': r.x.tolist(), 'nfev': int(r.nfev), 'status': int(r.status)})",
      "print(json.dumps(out))",
    ].join("\n");
    const res = spawnSync(python, ["-c", script], { input: JSON.stringify(problems), encoding: "utf8" });
    expect(res.status).toBe(0);
    const ref = JSON.parse(res.stdout) as { x: number[]; nfev: number; status: number }[];
    let sameNfev = 0;
    problems.forEach((p, q) => {
      const fr = Float64Array.from(p.freqs), yr = Float64Array.from(p.y);
      const r = curveFit(gaussians, fr, yr, p.p0, { lb: p.lb, ub: p.ub, maxfev: 5000 });
      expect(r.success).toBe(ref[q].status > 0);
      // the same stopping point up to the last-bit differences of exp (libm vs V8), which an
      // ill-conditioned fit stopped by ftol amplifies to ~1e-5 at most
      for (let j = 0; j < p.p0.length; j++) expect(Math.abs(r.x[j] - ref[q].x[j])).toBeLessThan(1e-4 * Math.max(1, Math.abs(ref[q].x[j])));
      expect(r.status).toBe(ref[q].status);
      if (r.nfev === ref[q].nfev) sameNfev++;
      // the analytic Jacobian reaches the same minimum
      const a = curveFit(gaussians, fr, yr, p.p0, { lb: p.lb, ub: p.ub, maxfev: 5000, jac: gaussiansJacobian });
      for (let j = 0; j < p.p0.length; j++) expect(Math.abs(a.x[j] - ref[q].x[j])).toBeLessThan(1e-4 * Math.max(1, Math.abs(ref[q].x[j])));
    });
    // the same path: the same number of evaluations in (nearly) every problem
    expect(sameNfev).toBeGreaterThanOrEqual(problems.length - 1);
  });
});
