/**
 * A `toi` array reads the transform of the WHOLE trial (issue 14): for wavelets (Morlet, Paul, DOG),
 * superlets (multiplicative and adaptive) and mtmconvol, the result of an equidistant toi array equals
 * the `toi: "all"` result at the samples nearest to the requested times, round(fs * (toi - trial
 * start)), on trials with different, non-zero offsets and lengths, with toi steps of 1, 10 and 37
 * samples, on both kernel paths. In particular the first and last requested times carry no edge
 * effect of their own (Syncopy trims each trial to [toi[0], toi[-1]] first; spyts does not).
 *
 * Also: Morlet `width` is honoured (Syncopy always uses 6): width 8 differs from width 6 and
 * resolves frequency more narrowly.
 */
import * as spy from "../../src";

const FS = 500;
const C = 3;
/** [first, stop, offset] in samples: trials start at -0.8, -0.7 and -1.046 s. */
const TRL = [[0, 1000, -400], [1100, 2000, -350], [2000, 3100, -523]];

/** A stacked recording: per channel a few sinusoids, a chirp, a DC offset and a slope, plus noise. */
function recording(): spy.AnalogData {
  const n = 3100;
  const x = new Float64Array(n * C);
  let s = 7;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    const t = i / FS;
    for (let c = 0; c < C; c++) {
      x[i * C + c] = 2 + 0.3 * t * (c + 1)
        + Math.sin(2 * Math.PI * (6 + 4 * c) * t)
        + 0.7 * Math.sin(2 * Math.PI * (20 + 9 * c) * t + c)
        + 0.5 * Math.sin(2 * Math.PI * (3 * t + 4 * t * t))
        + 0.4 * rand();
    }
  }
  return new spy.AnalogData({ data: { data: x, shape: [n, C], dtype: "float64" }, samplerate: FS, trialdefinition: TRL });
}

const data = recording();
const FOI = [4, 10, 23, 47];

/** Equidistant times `step` samples apart over the samples all trials share ([-0.7, 1.1) s), shifted by `frac` samples. */
function toiArray(step: number, frac = 0): number[] {
  const n = Math.floor(899 / step) + 1;
  return Array.from({ length: n }, (_, j) => -0.7 + (j * step + frac) / FS);
}

/** Trial k's data as a plain array of numbers (complex outputs interleaved). */
function trialValues(s: spy.SpectralData, k: number): { v: ArrayLike<number>; shape: number[] } {
  const t = s.trials.get(k);
  return { v: t.data as ArrayLike<number>, shape: t.shape };
}

function maxAbs(s: spy.SpectralData): number {
  let m = 0;
  for (let k = 0; k < s.trials.length; k++) {
    const { v } = trialValues(s, k);
    for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  }
  return m;
}

/**
 * max |sel - all at round(fs (toi - trial start))| over every value, and the same over the first and
 * last requested times only; `sel` has one row per toi, `all` one row per sample.
 */
function identityError(sel: spy.SpectralData, all: spy.SpectralData, toi: number[]): { any: number; ends: number } {
  let any = 0, ends = 0;
  for (let k = 0; k < TRL.length; k++) {
    const a = trialValues(sel, k), b = trialValues(all, k);
    expect(a.shape.slice(1)).toEqual(b.shape.slice(1));
    expect(a.shape[0]).toBe(toi.length);
    expect(b.shape[0]).toBe(TRL[k][1] - TRL[k][0]);
    const row = a.v.length / a.shape[0];
    const t0 = TRL[k][2] / FS;
    toi.forEach((t, j) => {
      const i = Math.round(FS * (t - t0));
      for (let q = 0; q < row; q++) {
        const d = Math.abs(a.v[j * row + q] - b.v[i * row + q]);
        any = Math.max(any, d);
        if (j === 0 || j === toi.length - 1) ends = Math.max(ends, d);
      }
    });
    // the time axis is the toi itself, as before
    toi.forEach((t, j) => expect(sel.time[k][j]).toBeCloseTo(t, 9));
  }
  return { any, ends };
}

type Kw = Record<string, unknown>;
const METHODS: [string, Kw][] = [
  ["Morlet width 6", { method: "wavelet", wavelet: "Morlet", width: 6 }],
  ["Morlet width 8", { method: "wavelet", wavelet: "Morlet", width: 8 }],
  ["Paul", { method: "wavelet", wavelet: "Paul", order: 4 }],
  ["DOG", { method: "wavelet", wavelet: "DOG", order: 2 }],
  ["superlet multiplicative", { method: "superlet", order_max: 5, c_1: 3, adaptive: false }],
  ["superlet adaptive", { method: "superlet", order_max: 5, order_min: 1, c_1: 3, adaptive: true }],
  ["mtmconvol", { method: "mtmconvol", t_ftimwin: 0.2 }],
];

/** mtmconvol: toi "all" centres a window on every sample (Syncopy's stft grid with step 1). */
function allKw(kw: Kw): Kw {
  return { ...kw, toi: "all" };
}

function foiOf(kw: Kw): Kw {
  // mtmconvol takes the FFT bins of its window: 5 Hz apart for 0.2 s
  return kw.method === "mtmconvol" ? { foilim: [0, 60] } : { foi: FOI };
}

const KW = new Map(METHODS);
/** [method, output, toi step in samples, shift of the toi in samples] */
const CASES: [string, string, number, number][] = [];
for (const [name] of METHODS) {
  for (const step of [1, 10, 37]) CASES.push([name, "pow", step, 0]);
}
CASES.push(["Morlet width 6", "pow", 10, 0.3]);
CASES.push(["Morlet width 6", "pow", 10, -0.3]);
CASES.push(["Morlet width 8", "fourier", 10, 0]);
CASES.push(["Paul", "fourier", 37, 0]);
CASES.push(["superlet multiplicative", "fourier", 10, 0]);
CASES.push(["mtmconvol", "fourier", 10, 0]);

describe.each(["wasm", "ts"] as const)("toi arrays use the whole trial (kernel path %s)", (path) => {
  const allCache = new Map<string, Promise<spy.SpectralData>>();
  const allOf = (name: string, output: string) => {
    const kw = KW.get(name)!;
    const key = `${name}|${output}`;
    if (!allCache.has(key)) allCache.set(key, spy.freqanalysis(data, { ...allKw(kw), ...foiOf(kw), output }) as Promise<spy.SpectralData>);
    return allCache.get(key)!;
  };
  beforeAll(() => spy.setKernelPath(path));
  afterAll(() => spy.setKernelPath("auto"));

  test.each(CASES)("%s, output %s, toi step %p samples (shifted by %p samples): equals toi \"all\" at the nearest samples", async (name, output, step, frac) => {
    spy.setKernelPath(path);
    const kw = KW.get(name)!;
    const all = await allOf(name, output);
    const toi = toiArray(step, frac);
    const sel = await spy.freqanalysis(data, { ...kw, ...foiOf(kw), toi, output }) as spy.SpectralData;
    const max = maxAbs(all);
    expect(max).toBeGreaterThan(0);
    const { any, ends } = identityError(sel, all, toi);
    if (process.env.TOI_DEBUG) console.log(path, name, output, step, frac, (any / max).toExponential(2));
    expect(ends).toBeLessThanOrEqual(1e-6 * max);
    expect(any).toBeLessThanOrEqual(1e-6 * max);
  });
});

describe("Morlet width is honoured (Syncopy always uses 6)", () => {
  // a pure 20 Hz sine, 4 s; foi 1 Hz apart around it; read mid-trial, far from the edges
  const fs = 500, n = 2000, f0 = 20;
  const x = Float64Array.from({ length: n }, (_, i) => Math.sin(2 * Math.PI * f0 * (i / fs)));
  const sine = new spy.AnalogData({ data: [{ data: x, shape: [n, 1], dtype: "float64" }], samplerate: fs });
  const foi = Array.from({ length: 21 }, (_, i) => 10 + i);
  const mid = [1.5, 1.75, 2.0, 2.25, 2.5];
  const powerAt = async (width: number) => {
    const s = await spy.freqanalysis(sine, { method: "wavelet", wavelet: "Morlet", width, foi, toi: mid, output: "pow" }) as spy.SpectralData;
    const t = s.trials.get(0);
    expect(t.shape).toEqual([mid.length, 1, foi.length, 1]);
    return Array.from(t.data as ArrayLike<number>);
  };

  test("width 8 gives clearly different values from width 6", async () => {
    const p6 = await powerAt(6), p8 = await powerAt(8);
    const max6 = Math.max(...p6);
    const diff = Math.max(...p6.map((v, i) => Math.abs(v - p8[i])));
    expect(diff / max6).toBeGreaterThan(0.01);
  });

  test("width 8 resolves frequency more narrowly: the sine's power spreads less across neighbouring foi", async () => {
    const p6 = await powerAt(6), p8 = await powerAt(8);
    const F = foi.length, k0 = foi.indexOf(f0);
    for (let t = 0; t < mid.length; t++) {
      const row6 = p6.slice(t * F, (t + 1) * F), row8 = p8.slice(t * F, (t + 1) * F);
      // both peak at the sine's frequency
      expect(row6.indexOf(Math.max(...row6))).toBe(k0);
      expect(row8.indexOf(Math.max(...row8))).toBe(k0);
      // relative to the peak, each neighbouring foi (up to 5 Hz off; farther out both are at the
      // float32 floor) gets less power with width 8
      for (let k = k0 - 5; k <= k0 + 5; k++) {
        if (k !== k0) expect(row8[k] / row8[k0]).toBeLessThan(row6[k] / row6[k0]);
      }
      // 2 Hz below the peak exp(-w0^2 (f0/f - 1)^2) predicts ~0.64 for width 6, ~0.45 for width 8
      expect(row6[k0 - 2] / row6[k0]).toBeGreaterThan(row8[k0 - 2] / row8[k0] + 0.1);
    }
  });
});
