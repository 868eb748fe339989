/**
 * freqanalysis(method="wavelet" | "superlet") through the public API: frequencies, the time axis of
 * a toi array (samples of the whole-trial transform), physical checks and validation of every keyword.
 * The numeric cores are tested in wavelet.test.ts and superlet.test.ts.
 */
import * as spy from "../../src";

function sines(fs: number, n: number, freqs: number[], nTrials = 1): spy.AnalogData {
  const C = freqs.length;
  const trials = Array.from({ length: nTrials }, (_, k) => {
    const data = new Float64Array(n * C);
    for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) data[i * C + c] = Math.sin(2 * Math.PI * freqs[c] * (i / fs) + k) + 0.1 * Math.cos(i * 1.7 + c);
    return { data, shape: [n, C], dtype: "float64" as const };
  });
  return new spy.AnalogData({ data: trials, samplerate: fs });
}

function argmaxFreq(spec: spy.SpectralData, trial: number, timeIdx: number, channel: number): number {
  const t = spec.trials.get(trial);
  const [, , F, C] = t.shape;
  let best = -Infinity, bi = -1;
  for (let f = 0; f < F; f++) {
    const v = t.data[(timeIdx * F + f) * C + channel];
    if (v > best) { best = v; bi = f; }
  }
  return spec.freq[bi];
}

const data = sines(1000, 2000, [15, 40, 70], 2);
const foi = Array.from({ length: 20 }, (_, i) => 5 * (i + 1));

describe("wavelet and superlet: physics and axes", () => {
  test.each([["wavelet", {}], ["superlet", { order_max: 8, c_1: 3 }]])("%s: a sine's power peaks at its frequency in mid-trial", async (method, extra) => {
    const s = await spy.freqanalysis(data, { method, foi, ...extra });
    s.freq.forEach((f, i) => expect(f).toBeCloseTo(foi[i], 9));
    expect(s.trials.get(0).shape).toEqual([2000, 1, 20, 3]);
    for (const [c, f] of [[0, 15], [1, 40], [2, 70]]) expect(argmaxFreq(s, 1, 1000, c)).toBe(f);
    expect(s.samplerate).toBe(1000);
    expect(s.time[1][0]).toBeCloseTo(-1, 12);
  });

  test("foilim gives 1 Hz steps; no foi gives Torrence & Compo scales for the shortest trial", async () => {
    const a = await spy.freqanalysis(data, { method: "wavelet", foilim: [10, 20] });
    a.freq.forEach((f, i) => expect(f).toBeCloseTo(10 + i, 9));
    expect(a.freq.length).toBe(11);
    const b = await spy.freqanalysis(data, { method: "wavelet" });
    // s0 = scale of period 2 dt, dj = 0.25, J = int(log2(N dt / s0) / dj): J + 1 scales
    expect(b.freq.length).toBeGreaterThan(30);
    const f = Array.from(b.freq);
    expect(Math.max(...f)).toBeLessThanOrEqual(500 + 1e-9);
  });

  test("an equidistant toi array: time == toi, samplerate 1/dtoi, values of the whole-trial transform", async () => {
    const toi = [-0.6, -0.5, -0.4, -0.3, -0.2];
    const s = await spy.freqanalysis(data, { method: "wavelet", foi: [15, 40], toi, polyremoval: null });
    expect(s.samplerate).toBeCloseTo(10, 9);
    for (const k of [0, 1]) toi.forEach((t, i) => expect(s.time[k][i]).toBeCloseTo(t, 9));
    // the samples of toi "all" nearest to the toi (Syncopy would trim to [toi[0], toi[-1]] first)
    const full = await spy.freqanalysis(data, { method: "wavelet", foi: [15, 40], polyremoval: null });
    const a = s.trials.get(1).data, b = full.trials.get(1).data;
    const row = 2 * 3;
    toi.forEach((_, i) => {
      for (let j = 0; j < row; j++) expect(a[i * row + j]).toBeCloseTo(b[(400 + i * 100) * row + j], 5);
    });
  });

  test("a toi array built with float steps keeps exactly every 10th sample (no truncation jitter)", async () => {
    const toi = Array.from({ length: 50 }, (_, j) => -1 + j * 0.01); // -1 + 0.07 * ... is not exact in binary
    const s = await spy.freqanalysis(data, { method: "wavelet", foi: [40], toi, polyremoval: null });
    const full = await spy.freqanalysis(data, { method: "wavelet", foi: [40], polyremoval: null });
    const a = s.trials.get(0).data, b = full.trials.get(0).data;
    // the float32 kernel runs FFTs of different lengths for the two calls (a few 1e-7 of the
    // largest value); a neighbouring sample differs by percents at 40 Hz, far above 2e-6
    const max = Array.from(b as ArrayLike<number>).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (let j = 0; j < 50; j++) {
      for (let c = 0; c < 3; c++) expect(Math.abs(a[j * 3 + c] - b[j * 10 * 3 + c])).toBeLessThanOrEqual(2e-6 * max);
    }
  });

  test("parallel equals sequential", async () => {
    const seq = await spy.freqanalysis(data, { method: "superlet", order_max: 4, foi: [10, 20, 40], output: "fourier" });
    const par = await spy.freqanalysis(data, { method: "superlet", order_max: 4, foi: [10, 20, 40], output: "fourier", parallel: true });
    for (const k of [0, 1]) expect(Array.from(par.trials.get(k).data)).toEqual(Array.from(seq.trials.get(k).data));
  });

  test("adaptive superlets sort descending frequencies (with a warning)", async () => {
    const { result, warnings } = await spy.captureWarnings(() => spy.freqanalysis(data, { method: "superlet", order_max: 4, adaptive: true, foi: [40, 20, 10] }));
    expect(warnings.join()).toMatch(/sorting frequencies/);
    expect(Array.from(result.freq).map((f) => Math.round(f * 1e9) / 1e9)).toEqual([10, 20, 40]);
  });
});

describe("wavelet and superlet validation", () => {
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["unknown wavelet", { method: "wavelet", wavelet: "Haar" }, /wavelet.*Haar.*Morlet/s],
    ["Morlet width < 1", { method: "wavelet", width: 0.5 }, /width.*0\.5.*>= 1/s],
    ["Paul without order", { method: "wavelet", wavelet: "Paul" }, /order/],
    ["Paul order 3", { method: "wavelet", wavelet: "Paul", order: 3 }, /order.*an integer >= 4/s],
    ["DOG order 0", { method: "wavelet", wavelet: "DOG", order: 0 }, /order.*an integer >= 1/s],
    ["toi a number", { method: "wavelet", toi: 0.5 }, /toi.*equidistant/s],
    ["toi not equidistant", { method: "wavelet", toi: [-0.5, -0.4, -0.1] }, /toi.*not equidistant/s],
    ["toi outside the trials", { method: "wavelet", toi: [0.5, 1.5] }, /toi.*outside/s],
    ["foi above Nyquist", { method: "wavelet", foi: [10, 600] }, /foi.*Nyquist/s],
    ["superlet without order_max", { method: "superlet" }, /order_max.*required/s],
    ["order_min above order_max", { method: "superlet", order_max: 3, order_min: 5 }, /order_min.*\[1, 3\]/s],
    ["c_1 = 0", { method: "superlet", order_max: 3, c_1: 0 }, /c_1/],
    ["adaptive with one frequency", { method: "superlet", order_max: 3, adaptive: true, foi: [20] }, /foi.*range of frequencies/s],
  ];
  test.each(bad)("%s", async (_name, kw, re) => {
    await expect(spy.freqanalysis(data, kw)).rejects.toThrow(re);
  });

  test("real-valued wavelets warn; keywords of other wavelets warn", async () => {
    const { warnings } = await spy.captureWarnings(() => spy.freqanalysis(data, { method: "wavelet", wavelet: "Ricker", width: 7, order: 2, foi: [10] }));
    const all = warnings.join("\n");
    expect(all).toMatch(/real-valued/);
    expect(all).toMatch(/'width' has no effect/);
    expect(all).toMatch(/'order' has no effect/);
  });
});
