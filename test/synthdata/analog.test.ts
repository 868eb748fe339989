import {
  white_noise, linear_trend, harmonic, phase_diffusion, ar2_network, red_noise, ar2_peak_freq,
  mk_RandomAdjMat, SynthTrial,
} from "../../src/synthdata/analog";
import { trialSeed } from "../../src/synthdata/rng";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";

function column(tr: SynthTrial, c: number): Float64Array {
  const [n, m] = tr.shape;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = tr.data[t * m + c];
  return out;
}

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

function std(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2;
  return Math.sqrt(s / a.length);
}

function lag1(a: Float64Array): number {
  const m = mean(a);
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    den += (a[i] - m) ** 2;
    if (i > 0) num += (a[i] - m) * (a[i - 1] - m);
  }
  return num / den;
}

/** Syncopy's rule: a value of the wrong type is a SPYTypeError, an allowed type with a bad value a SPYValueError. */
function expectParamError(fn: () => unknown, param: string, cls: typeof SPYValueError | typeof SPYTypeError = SPYValueError): void {
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(cls);
  expect((err as SPYValueError).param).toBe(param);
}

/** Solve the normal equations of an ordinary least-squares fit; returns the residual variance. */
function olsResidualVar(rows: number[][], target: number[]): number {
  const p = rows[0].length;
  const A = Array.from({ length: p }, () => new Array(p + 1).fill(0));
  for (let r = 0; r < rows.length; r++) {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) A[i][j] += rows[r][i] * rows[r][j];
      A[i][p] += rows[r][i] * target[r];
    }
  }
  for (let i = 0; i < p; i++) { // Gauss-Jordan
    let piv = i;
    for (let k = i + 1; k < p; k++) if (Math.abs(A[k][i]) > Math.abs(A[piv][i])) piv = k;
    [A[i], A[piv]] = [A[piv], A[i]];
    for (let k = 0; k < p; k++) {
      if (k === i) continue;
      const f = A[k][i] / A[i][i];
      for (let j = i; j <= p; j++) A[k][j] -= f * A[i][j];
    }
  }
  const beta = A.map((row, i) => row[p] / row[i]);
  let s = 0;
  for (let r = 0; r < rows.length; r++) {
    let pred = 0;
    for (let i = 0; i < p; i++) pred += beta[i] * rows[r][i];
    s += (target[r] - pred) ** 2;
  }
  return s / rows.length;
}

describe("white_noise", () => {
  test("shape, C order, mean 0 and std 1", () => {
    const wn = white_noise({ nSamples: 50000, nChannels: 2, seed: 1 });
    expect(wn.shape).toEqual([50000, 2]);
    expect(wn.data).toBeInstanceOf(Float64Array);
    expect(wn.data.length).toBe(100000);
    // SE of the mean is 1/sqrt(5e4) = 0.0045 per channel; of the std about 0.0032
    for (const c of [0, 1]) {
      const x = column(wn, c);
      expect(Math.abs(mean(x))).toBeLessThan(0.025);
      expect(Math.abs(std(x) - 1)).toBeLessThan(0.02);
    }
  });

  test("defaults are Syncopy's (1000 x 2)", () => {
    expect(white_noise().shape).toEqual([1000, 2]);
  });

  test("same seed → identical, different seed → different, no seed → random", () => {
    const a = white_noise({ seed: 42 }), b = white_noise({ seed: 42 }), c = white_noise({ seed: 43 });
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
    expect(white_noise().data).not.toEqual(white_noise().data);
  });

  test("per-trial seeds give different but reproducible trials", () => {
    const t0 = white_noise({ seed: trialSeed(42, 0) }), t1 = white_noise({ seed: trialSeed(42, 1) });
    expect(t0.data).not.toEqual(t1.data);
    expect(white_noise({ seed: trialSeed(42, 1) }).data).toEqual(t1.data);
  });

  test("validates its parameters", () => {
    expectParamError(() => white_noise({ nSamples: 0 }), "nSamples");
    expectParamError(() => white_noise({ nSamples: 10.5 }), "nSamples");
    expectParamError(() => white_noise({ nChannels: -1 }), "nChannels");
    expectParamError(() => white_noise({ seed: -3 }), "seed");
  });
});

describe("harmonic", () => {
  test("exact closed form cos(2π f k / fs) in every channel", () => {
    const freq = 30, fs = 500;
    const h = harmonic({ freq, samplerate: fs, nSamples: 777, nChannels: 3 });
    expect(h.shape).toEqual([777, 3]);
    for (let k = 0; k < 777; k++) {
      const want = Math.cos(2 * Math.PI * freq * k / fs);
      for (let c = 0; c < 3; c++) expect(h.data[k * 3 + c]).toBeCloseTo(want, 12);
    }
    expect(h.data[0]).toBe(1);
  });

  test("validates", () => {
    expectParamError(() => harmonic({ freq: NaN, samplerate: 100 }), "freq");
    expectParamError(() => harmonic({ freq: 10, samplerate: 0 }), "samplerate");
    expectParamError(() => harmonic({ freq: 10, samplerate: 100, nChannels: 0 }), "nChannels");
  });
});

describe("linear_trend", () => {
  test("0 … y_max like numpy.linspace, same in every channel", () => {
    const tr = linear_trend({ y_max: 5, nSamples: 11, nChannels: 2 });
    expect(Array.from(column(tr, 0))).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(column(tr, 1)).toEqual(column(tr, 0));
    expectParamError(() => linear_trend({ y_max: Infinity }), "y_max");
  });
});

describe("phase_diffusion", () => {
  test("eps = 0 is exactly the harmonic; eps → 0 converges to it", () => {
    const h = harmonic({ freq: 40, samplerate: 1000, nSamples: 1000, nChannels: 2 });
    const p0 = phase_diffusion({ freq: 40, eps: 0, samplerate: 1000, seed: 1 });
    expect(p0.data).toEqual(h.data);
    const p = phase_diffusion({ freq: 40, eps: 1e-12, samplerate: 1000, seed: 1 });
    let maxErr = 0;
    for (let i = 0; i < h.data.length; i++) maxErr = Math.max(maxErr, Math.abs(p.data[i] - h.data[i]));
    expect(maxErr).toBeLessThan(1e-4);
    expect(maxErr).toBeGreaterThan(0);
  });

  test("phase increments: mean 2π f/fs, variance eps·2π f/fs", () => {
    const freq = 50, fs = 1000, eps = 0.1;
    const ph = phase_diffusion({ freq, eps, samplerate: fs, nSamples: 20000, nChannels: 2, return_phase: true, seed: 3 });
    const x = column(ph, 1);
    const d = new Float64Array(x.length - 1);
    for (let i = 1; i < x.length; i++) d[i - 1] = x[i] - x[i - 1];
    const dphi = 2 * Math.PI * freq / fs;
    expect(mean(d)).toBeCloseTo(dphi, 2);
    expect(std(d) ** 2 / (eps * dphi)).toBeGreaterThan(0.95);
    expect(std(d) ** 2 / (eps * dphi)).toBeLessThan(1.05);
    // cos(phase) is what is returned by default
    const c = phase_diffusion({ freq, eps, samplerate: fs, nSamples: 20000, nChannels: 2, seed: 3 });
    for (let i = 0; i < 100; i++) expect(c.data[i]).toBeCloseTo(Math.cos(ph.data[i]), 12);
  });

  test("rand_ini randomises the initial phase per channel", () => {
    const p = phase_diffusion({ freq: 10, eps: 0, nChannels: 4, rand_ini: true, return_phase: true, seed: 9 });
    const first = Array.from(p.data.subarray(0, 4));
    for (const v of first) { expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThan(2 * Math.PI); }
    expect(new Set(first).size).toBe(4);
  });

  test("seeded reproducibility and validation", () => {
    expect(phase_diffusion({ freq: 10, seed: 5 }).data).toEqual(phase_diffusion({ freq: 10, seed: 5 }).data);
    expect(phase_diffusion({ freq: 10, seed: 5 }).data).not.toEqual(phase_diffusion({ freq: 10, seed: 6 }).data);
    expectParamError(() => phase_diffusion({ freq: 10, eps: -1 }), "eps");
    expectParamError(() => phase_diffusion({ freq: 10, rand_ini: "yes" as unknown as boolean }), "rand_ini", SPYTypeError);
    expectParamError(() => phase_diffusion({ freq: 10, samplerate: -5 }), "samplerate");
  });
});

describe("red_noise", () => {
  test("lag-1 autocorrelation ≈ alpha", () => {
    for (const alpha of [0.3, 0.9]) {
      const rn = red_noise({ alpha, nSamples: 100000, nChannels: 2, seed: 17 });
      for (const c of [0, 1]) expect(Math.abs(lag1(column(rn, c)) - alpha)).toBeLessThan(0.01);
      // stationary variance 1 / (1 - alpha²)
      expect(std(column(rn, 0)) ** 2 * (1 - alpha * alpha)).toBeCloseTo(1, 1);
    }
  });

  test("validates alpha in [0, 1)", () => {
    expectParamError(() => red_noise({ alpha: 1 }), "alpha");
    expectParamError(() => red_noise({ alpha: -0.1 }), "alpha");
    expect(red_noise({ alpha: 0, seed: 1 }).data).toEqual(white_noise({ seed: 1 }).data);
  });
});

describe("ar2_peak_freq", () => {
  test("closed form; default alphas peak at 40 Hz for fs = 200", () => {
    const f = ar2_peak_freq(0.55, -0.8, 200);
    expect(f).toBeCloseTo(Math.acos(0.55 * (-0.8 - 1) / (4 * -0.8)) / (2 * Math.PI) * 200, 12);
    expect(Math.abs(f - 40)).toBeLessThan(0.05);
    expect(ar2_peak_freq(0, -0.5, 1)).toBeCloseTo(0.25, 12); // a1 = 0 → half Nyquist
  });

  test("real roots are rejected", () => {
    expect(() => ar2_peak_freq(0.5, 0.1, 100)).toThrow(SPYValueError);
  });
});

describe("ar2_network", () => {
  const fs = 200, nSamples = 1000, nReal = 50;
  const trials = Array.from({ length: nReal }, (_, k) => ar2_network({ nSamples, seed: 1000 + k }));

  test("default: 2 channels, reproducible", () => {
    expect(trials[0].shape).toEqual([1000, 2]);
    expect(ar2_network({ seed: 1000 }).data).toEqual(trials[0].data);
    expect(trials[0].data).not.toEqual(trials[1].data);
  });

  test("averaged periodogram of channel 0 peaks between 35 and 45 Hz at fs = 200", () => {
    const nFreq = nSamples / 2 + 1;
    const pow = new Float64Array(nFreq);
    const cosT = Float64Array.from({ length: nSamples }, (_, m) => Math.cos((2 * Math.PI * m) / nSamples));
    const sinT = Float64Array.from({ length: nSamples }, (_, m) => Math.sin((2 * Math.PI * m) / nSamples));
    for (const tr of trials) {
      const x = column(tr, 0);
      for (let k = 0; k < nFreq; k++) {
        let re = 0, im = 0;
        for (let t = 0, m = 0; t < nSamples; t++, m = (m + k) % nSamples) { re += x[t] * cosT[m]; im -= x[t] * sinT[m]; }
        pow[k] += (re * re + im * im) / nReal;
      }
    }
    let kMax = 0;
    for (let k = 1; k < nFreq; k++) if (pow[k] > pow[kMax]) kMax = k;
    const fPeak = (kMax * fs) / nSamples;
    expect(fPeak).toBeGreaterThanOrEqual(35);
    expect(fPeak).toBeLessThanOrEqual(45);
  });

  test("coupling 2 → 1: channel 1's past predicts channel 0, not the reverse", () => {
    const gain = (target: number, source: number): number => {
      const rowsR: number[][] = [], rowsF: number[][] = [], y: number[] = [];
      for (const tr of trials) {
        const a = column(tr, target), b = column(tr, source);
        for (let t = 2; t < nSamples; t++) {
          rowsR.push([a[t - 1], a[t - 2]]);
          rowsF.push([a[t - 1], a[t - 2], b[t - 1], b[t - 2]]);
          y.push(a[t]);
        }
      }
      return Math.log(olsResidualVar(rowsR, y) / olsResidualVar(rowsF, y));
    };
    const g10 = gain(0, 1); // 2 → 1 in Syncopy's 1-based naming
    const g01 = gain(1, 0);
    expect(g10).toBeGreaterThan(0.05);
    expect(g01).toBeLessThan(0.005);
    expect(g10).toBeGreaterThan(10 * g01);
  });

  test("custom AdjMat (nested or flat) sets the channel count; validation", () => {
    const A = mk_RandomAdjMat({ nChannels: 4, conn_thresh: 0.5, seed: 2 });
    expect(ar2_network({ AdjMat: A, nSamples: 50, seed: 1 }).shape).toEqual([50, 4]);
    const flat = { data: new Float64Array([0, 0, 0.25, 0]), shape: [2, 2] };
    expect(ar2_network({ AdjMat: flat, seed: 4 }).data).toEqual(ar2_network({ seed: 4 }).data);
    expectParamError(() => ar2_network({ AdjMat: [[0, 1], [1]] }), "AdjMat");
    expectParamError(() => ar2_network({ AdjMat: [[0, NaN], [0, 0]] }), "AdjMat");
    expectParamError(() => ar2_network({ alphas: [0.5] }), "alphas");
    expectParamError(() => ar2_network({ nSamples: 0 }), "nSamples");
    // an unstable system diverges and is reported
    expectParamError(() => ar2_network({ alphas: [1.5, 0.9], nSamples: 5000, seed: 1 }), "AdjMat");
  });
});

describe("mk_RandomAdjMat", () => {
  test("zero diagonal, column sums 0 or max_coupling, reproducible", () => {
    const A = mk_RandomAdjMat({ nChannels: 6, conn_thresh: 0.4, max_coupling: 0.3, seed: 8 });
    expect(A.length).toBe(6);
    for (let j = 0; j < 6; j++) {
      expect(A[j][j]).toBe(0);
      let s = 0;
      for (let i = 0; i < 6; i++) s += A[i][j];
      expect(s === 0 || Math.abs(s - 0.3) < 1e-12).toBe(true);
    }
    expect(mk_RandomAdjMat({ nChannels: 6, conn_thresh: 0.4, max_coupling: 0.3, seed: 8 })).toEqual(A);
    const full = mk_RandomAdjMat({ nChannels: 3, conn_thresh: 1, seed: 1 });
    expect(full).toEqual([[0, 0.125, 0.125], [0.125, 0, 0.125], [0.125, 0.125, 0]]);
    expectParamError(() => mk_RandomAdjMat({ conn_thresh: 2 }), "conn_thresh");
    expectParamError(() => mk_RandomAdjMat({ nChannels: 0 }), "nChannels");
  });
});
