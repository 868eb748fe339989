/**
 * connectivityanalysis' measures of every trial (ppc and mne-connectivity's plv, ciplv, pli,
 * pli2_unbiased, dpli, wpli, wpli2_debiased), cohy/imcoh, coherence and its jackknife against
 * numpy on the same input (test/fixtures/connectivity/phase_measures.py: formulas restated from
 * mne-connectivity's and Syncopy's, ppc as Syncopy's double loop over trial pairs); identities;
 * parallel runs; the keyword rules.
 */
import * as fs from "fs";
import * as path from "path";
import { AnalogData } from "../../src/data/analog";
import { CrossSpectralData } from "../../src/data/crossspectral";
import { NDArray } from "../../src/core/ndarray";
import { SPYValueError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";
import { connectivityanalysis } from "../../src/connectivity/connectivityanalysis";
import { TRIAL_ESTIMATORS } from "../../src/connectivity/trialEstimators";

interface Fixture {
  samplerate: number; nTrials: number; shape: [number, number]; trials: number[][]; freq: number[]; F: number; C: number;
  [measure: string]: unknown;
}
const fx: Fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/connectivity/phase_measures.json"), "utf8"));
const trials: NDArray[] = fx.trials.map((t) => ({ data: Float64Array.from(t), shape: fx.shape, dtype: "float64" }));
const data = new AnalogData({ data: trials, samplerate: fx.samplerate });

async function values(out: CrossSpectralData): Promise<Float32Array> {
  return out.trials[0].data as Float32Array;
}

/** Worst |a - b| / (atol + rtol |b|). */
function worst(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number): number {
  expect(a.length).toBe(b.length);
  let w = 0;
  for (let i = 0; i < b.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / (atol + rtol * Math.abs(b[i])));
  return w;
}

describe("measures of every trial's CSD against numpy (phase_measures.py)", () => {
  it.each(["plv", "ciplv", "ppc", "pli", "pli2_unbiased", "dpli", "wpli", "wpli2_debiased"])("%s", async (method) => {
    const out = await connectivityanalysis(data, { method });
    expect(out).toBeInstanceOf(CrossSpectralData);
    expect(out.dtype).toBe("float32");
    expect(out.trials[0].shape).toEqual([1, fx.F, fx.C, fx.C]);
    expect(Array.from(out.freq)).toEqual(fx.freq);
    // float32 spectra and float32 storage: a few units of 2^-24 on values of order 1
    expect(worst(await values(out), fx[method] as number[], 1e-5, 1e-4)).toBeLessThanOrEqual(1);
    expect(out.cfg.connectivityanalysis).toMatchObject({ method });
  });

  it("coh, cohy (complex) and imcoh", async () => {
    const coh = await values(await connectivityanalysis(data, { method: "coh" }));
    expect(worst(coh, fx.coh as number[], 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    const cohy = await connectivityanalysis(data, { method: "cohy" });
    expect(cohy.dtype).toBe("complex64");
    const z = cohy.trials[0].data as Float32Array;
    const re = Float32Array.from({ length: z.length / 2 }, (_, e) => z[2 * e]);
    const im = Float32Array.from({ length: z.length / 2 }, (_, e) => z[2 * e + 1]);
    expect(worst(re, fx.cohy_re as number[], 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    expect(worst(im, fx.cohy_im as number[], 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    const imcoh = await values(await connectivityanalysis(data, { method: "imcoh" }));
    expect(worst(imcoh, fx.imcoh as number[], 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    // imcoh is coh's output "imag", bit for bit
    const imag = await values(await connectivityanalysis(data, { method: "coh", output: "imag" }));
    expect(Buffer.from(imcoh.buffer).equals(Buffer.from(imag.buffer))).toBe(true);
  });

  it("identities: ppc = (N plv^2 - 1) / (N - 1); the diagonal: plv = ppc = 1, pli = wpli = 0, dpli = 1/2", async () => {
    const N = fx.nTrials, F = fx.F, C = fx.C;
    const plv = await values(await connectivityanalysis(data, { method: "plv" }));
    const ppc = await values(await connectivityanalysis(data, { method: "ppc" }));
    for (let e = 0; e < plv.length; e++) expect(ppc[e]).toBeCloseTo((N * plv[e] ** 2 - 1) / (N - 1), 5);
    const pli = await values(await connectivityanalysis(data, { method: "pli" }));
    const wpli = await values(await connectivityanalysis(data, { method: "wpli" }));
    const dpli = await values(await connectivityanalysis(data, { method: "dpli" }));
    for (let f = 0; f < F; f++) {
      for (let c = 0; c < C; c++) {
        const d = (f * C + c) * C + c;
        expect(plv[d]).toBeCloseTo(1, 6);
        expect(ppc[d]).toBeCloseTo(1, 5);
        expect(pli[d]).toBe(0);
        expect(wpli[d]).toBe(0);
        expect(dpli[d]).toBe(0.5);
      }
    }
    // dpli(i, j) + dpli(j, i) = 1 where no trial has Im S = 0 (conj flips the sign)
    const f = 12;
    expect(dpli[(f * C + 0) * C + 1] + dpli[(f * C + 1) * C + 0]).toBeCloseTo(1, 6);
  });

  it("a parallel run gives the same bits as a sequential one (ppc, wpli2_debiased)", async () => {
    for (const method of ["ppc", "wpli2_debiased"]) {
      const a = await values(await connectivityanalysis(data, { method, parallel: false }));
      const b = await values(await connectivityanalysis(data, { method, parallel: true }));
      expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    }
  });

  it("keeptrials is an error, output and jackknife have no effect (warnings)", async () => {
    await expect(connectivityanalysis(data, { method: "ppc", keeptrials: true })).rejects.toThrow(SPYValueError);
    await expect(connectivityanalysis(data, { method: "plv", keeptrials: true })).rejects.toThrow(/trial averaging is needed for method 'plv'/);
    const { result, warnings } = await captureWarnings(() => connectivityanalysis(data, { method: "wpli", output: "pow", jackknife: true }));
    expect(warnings.join("\n")).toMatch(/'output' has no effect with method 'wpli'/);
    expect(warnings.join("\n")).toMatch(/Jackknife is not available for method wpli/);
    expect((result as CrossSpectralData).jack_var).toBeUndefined();
  });
});

describe("jackknife (Syncopy's bias_var on leave-one-out averages)", () => {
  it("coh: jack_var and jack_bias equal numpy's replicates", async () => {
    const out = await connectivityanalysis(data, { method: "coh", jackknife: true });
    const v = out.jack_var!, b = out.jack_bias!;
    expect(v.shape).toEqual([1, fx.F, fx.C, fx.C]);
    expect(v.dtype).toBe("float32");
    expect(b.dtype).toBe("float32");
    expect(worst(v.data, fx.jack_coh_var as number[], 1e-6, 1e-3)).toBeLessThanOrEqual(1);
    expect(worst(b.data, fx.jack_coh_bias as number[], 1e-6, 1e-3)).toBeLessThanOrEqual(1);
    // the estimate itself is the one without jackknife
    const plain = await values(await connectivityanalysis(data, { method: "coh" }));
    expect(Buffer.from((await values(out)).buffer).equals(Buffer.from(plain.buffer))).toBe(true);
  });

  it("a channel with itself: coherence 1 in every replicate, so no bias and no variance", async () => {
    const out = await connectivityanalysis(data, { method: "coh", jackknife: true });
    const F = fx.F, C = fx.C;
    for (let f = 1; f < F; f++) {
      expect(Math.abs(out.jack_bias!.data[(f * C + 1) * C + 1])).toBeLessThan(1e-5);
      expect(out.jack_var!.data[(f * C + 1) * C + 1]).toBeLessThan(1e-9);
    }
  });

  it("complex output: the bias is complex, the variance real", async () => {
    const out = await connectivityanalysis(data, { method: "coh", output: "complex", jackknife: true });
    expect(out.jack_bias!.dtype).toBe("complex64");
    expect(out.jack_var!.dtype).toBe("float32");
    expect(out.jack_var!.data.length).toBe(fx.F * fx.C * fx.C);
  });
});

describe("unit phase vectors at extreme magnitudes", () => {
  it("a CSD of 1e-160 or 1e160 gives the same phase measures as one of order 1", async () => {
    const { plvEstimator } = await import("../../src/connectivity/trialEstimators");
    for (const scale of [1e-160, 1, 1e160]) {
      const S = Float64Array.from([3 * scale, 4 * scale, -scale, 0, 0, 0]);
      const acc = new Float64Array(6);
      plvEstimator.add(S, acc, 3);
      expect(acc[0]).toBeCloseTo(0.6, 12);
      expect(acc[1]).toBeCloseTo(0.8, 12);
      expect(acc[2]).toBe(-1);
      expect(acc[4]).toBe(0);
    }
  });
});

describe("trial estimators take a CSD block by block (element offset e0)", () => {
  it("every estimator: blocks added at their offsets give the sums of the whole CSD, bit for bit", () => {
    const n = 37;
    const S = Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(1.7 * i + 0.3) * (i % 5 === 0 ? 0 : 1 + (i % 3)));
    for (const [name, est] of Object.entries(TRIAL_ESTIMATORS)) {
      const whole = new Float64Array(est.nAcc * n), parts = new Float64Array(est.nAcc * n);
      est.add(S, whole, n);
      for (const [a, b] of [[0, 10], [10, 11], [11, 30], [30, 37]]) est.add(S.subarray(2 * a, 2 * b), parts, n, a);
      expect([name, Array.from(parts)]).toEqual([name, Array.from(whole)]);
      expect(whole.some((v) => v !== 0)).toBe(true);
    }
  });
});

describe("trial estimators over the upper triangle of a Hermitian CSD, then mirrored", () => {
  it("every estimator: a <= b added row by row and mirrored equals every element added, and the measures are the same bits", () => {
    const F = 3, C = 5, N = 4, n = F * C * C;
    const trialsS = Array.from({ length: N }, (_, t) => {
      const S = new Float64Array(2 * n);
      for (let f = 0; f < F; f++) {
        for (let a = 0; a < C; a++) {
          for (let b = a; b < C; b++) {
            const up = f * C * C + a * C + b, lo = f * C * C + b * C + a;
            const re = Math.cos(1.3 * up + t) + (a === b ? 2 : 0), im = a === b ? 0 : Math.sin(0.7 * up + 2.1 * t) + 0.01;
            S[2 * up] = re; S[2 * up + 1] = im;
            S[2 * lo] = re; S[2 * lo + 1] = -im;
          }
        }
      }
      return S;
    });
    for (const [name, est] of Object.entries(TRIAL_ESTIMATORS)) {
      const full = new Float64Array(est.nAcc * n), half = new Float64Array(est.nAcc * n);
      for (const S of trialsS) {
        est.add(S, full, n);
        for (let f = 0; f < F; f++) for (let a = 0; a < C; a++) est.add(S, half, n, 0, f * C * C + a * C + a, C - a);
      }
      est.mirror(half, n, C, N);
      // equal up to the sign of a zero (a mirrored sum of signs that cancel is -0, a direct one +0)
      expect([name, Array.from(half, (v) => v + 0)]).toEqual([name, Array.from(full, (v) => v + 0)]);
      // and the measures are the same bits
      const a = new Float32Array(n), b = new Float32Array(n);
      est.finish(half, n, N, a);
      est.finish(full, n, N, b);
      expect([name, Array.from(a)]).toEqual([name, Array.from(b)]);
    }
  });
});
