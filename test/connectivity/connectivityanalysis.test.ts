/**
 * spy.connectivityanalysis, methods "csd" and "coh": Syncopy's golden outputs (conn_csd_dpss,
 * conn_coh_abs_hann), identities a CSD and a coherence must satisfy, the statistics of coherence
 * between independent noises, the wasm and TypeScript paths, parallel runs, selections, cfg
 * replay, save/load of the CrossSpectralData result and the keyword checks.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnalogData } from "../../src/data/analog";
import { CrossSpectralData } from "../../src/data/crossspectral";
import { load } from "../../src/data/io";
import { get_defaults } from "../../src/cfg/metafunction";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";
import { NDArray } from "../../src/core/ndarray";
import { setKernelPath } from "../../src/wasm/kernelPath";
import { freqanalysis } from "../../src/specest/freqanalysis";
import { connectivityanalysis } from "../../src/connectivity/connectivityanalysis";
import { plotSpec } from "../../src/plotting/frontends";
import * as spy from "../../src";
import { renderSVG, compileSpec } from "../../src/plot/render";
import { goldenDescribe, inputTrials, readCase, readF64, readInput, readOutput, toleranceRatio } from "../helpers/golden";
import { gaussian } from "../helpers/trials";

const EPS32 = 2 ** -24;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-conn-"));
afterAll(() => {
  setKernelPath("auto");
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** nTrials trials [L, C] from fill(trial, t (s), c) plus unit white noise per channel. */
function makeData(nTrials: number, L: number, C: number, fs: number, seed: number, fill?: (k: number, t: number, c: number) => number, noise = 1): AnalogData {
  const trials: NDArray[] = [];
  for (let k = 0; k < nTrials; k++) {
    const g = gaussian(L * C, seed + 7919 * k);
    const x = new Float64Array(L * C);
    for (let i = 0; i < L; i++) for (let c = 0; c < C; c++) x[i * C + c] = noise * g[i * C + c] + (fill ? fill(k, i / fs, c) : 0);
    trials.push({ data: x, shape: [L, C], dtype: "float64" });
  }
  return new AnalogData({ data: trials, samplerate: fs });
}

function bytesOf(a: NDArray): Buffer {
  return Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}

/** |z| of complex interleaved entry e. */
const cabs = (z: ArrayLike<number>, e: number) => Math.hypot(z[2 * e], z[2 * e + 1]);

const golden = goldenDescribe("conn_csd_dpss, conn_coh_abs_hann");

golden("golden: Syncopy's connectivityanalysis (a86199a) on the 3-channel AR(2) network, 50 trials", () => {
  // workers take the kernel path of the real environment, which jest's sandbox does not change
  afterAll(() => setKernelPath("auto"));
  for (const name of ["conn_csd_dpss", "conn_coh_abs_hann"]) {
    it.each(["wasm", "ts"] as const)(`${name} (kernels: %s)`, async (kernels) => {
      setKernelPath(kernels);
      const c = readCase(name);
      const input = readInput(c.inputs.data);
      const data = new AnalogData({ data: inputTrials(input), samplerate: input.samplerate });
      // the case's own call: spy.connectivityanalysis(data, **params)
      const out = await connectivityanalysis(data, c.params);
      expect(out).toBeInstanceOf(CrossSpectralData);
      expect(out.dimord).toEqual(c.outputs.out.dimord);
      const got = out.trials.get(0);
      expect([out.trials.length, ...got.shape.slice(1)]).toEqual(c.outputs.out.shape);
      expect(got.dtype).toBe((c.outputs.out as unknown as { python_dtype: string }).python_dtype);
      expect(Array.from(out.freq)).toEqual(Array.from(readF64(c.outputs.out_freq.file!)));
      expect(out.trialdefinition.flat()).toEqual(Array.from(readF64(c.outputs.out_trialdefinition.file!)));
      expect(Array.from(out.time[0])).toEqual(Array.from(readF64(c.outputs.out_time_trial0.file!)));
      expect(out.samplerate).toBe(c.meta.samplerate);
      expect(out.channel_i).toEqual(c.meta.channel_i);
      expect(out.channel_j).toEqual(c.meta.channel_j);
      const ratio = toleranceRatio(got.data, readOutput(c.outputs.out), c.tolerance, c.outputs.out.complex);
      console.log(`${name} (${kernels}): worst |a - b| / (atol_scale * max|b| + rtol * |b|) = ${ratio.toExponential(3)} (pass <= 1)`);
      expect(ratio).toBeLessThanOrEqual(1);
    });
  }
});

describe("csd: identities", () => {
  const fs_ = 250;
  const data = makeData(6, 250, 4, fs_, 11, (k, t, c) => 2 * Math.cos(2 * Math.PI * 30 * t + c * 0.7 + k));

  it("is Hermitian in channel_i, channel_j, bit for bit", async () => {
    const out = await connectivityanalysis(data, { method: "csd", tapsmofrq: 4 });
    const S = out.trials.get(0);
    const [, F, C] = S.shape;
    for (let f = 0; f < F; f++) {
      for (let i = 0; i < C; i++) {
        for (let j = 0; j < C; j++) {
          const a = 2 * ((f * C + i) * C + j), b = 2 * ((f * C + j) * C + i);
          expect(S.data[a]).toBe(S.data[b]);
          expect(S.data[a + 1] === -S.data[b + 1]).toBe(true);
        }
        expect(S.data[2 * ((f * C + i) * C + i) + 1]).toBe(0);
      }
    }
  });

  it.each([["hann", {}], ["dpss", { tapsmofrq: 6 }], ["kaiser, pad nextpow2, foilim", { taper: "kaiser", taper_opt: { beta: 8 }, pad: "nextpow2", foilim: [10, 80] }]] as const)(
    "diagonal = freqanalysis' trial-averaged mtmfft power with the same keywords (factor 1), %s", async (_label, kw) => {
      const out = await connectivityanalysis(data, { method: "csd", ...kw });
      const pow = await freqanalysis(data, { method: "mtmfft", output: "pow", keeptrials: false, ...kw });
      expect(Array.from(out.freq)).toEqual(Array.from(pow.freq));
      const S = out.trials.get(0).data, P = pow.trials.get(0).data;
      const [, F, C] = out.trials.get(0).shape;
      let maxP = 0;
      for (let e = 0; e < P.length; e++) maxP = Math.max(maxP, P[e]);
      for (let f = 0; f < F; f++) {
        for (let c = 0; c < C; c++) {
          // both float32 roundings of the same float64 mean power, apart from the wasm FFT's float32 error
          expect(Math.abs(S[2 * ((f * C + c) * C + c)] - P[f * C + c])).toBeLessThanOrEqual(64 * EPS32 * maxP + 2 * EPS32 * P[f * C + c]);
        }
      }
    });

  it("trials of unequal lengths are padded to the longest (pad maxperlen) and averaged", async () => {
    const trials = [180, 250, 210].map((L, k) => {
      const g = gaussian(L * 2, 300 + k);
      return { data: g, shape: [L, 2], dtype: "float64" as const };
    });
    const uneq = new AnalogData({ data: trials, samplerate: 250 });
    const out = await connectivityanalysis(uneq, { method: "csd" });
    expect(out.freq.length).toBe(126); // rfftfreq(250)
    // the same spectra from freqanalysis, averaged by hand: X_i conj(X_j) / nTrials
    const spec = await freqanalysis(uneq, { method: "mtmfft", output: "fourier" });
    const S = out.trials.get(0).data;
    const ref = new Float64Array(S.length);
    for (const t of spec.trials) {
      for (let f = 0; f < 126; f++) for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
        const a = 2 * (f * 2 + i), b = 2 * (f * 2 + j), o = 2 * ((f * 2 + i) * 2 + j);
        ref[o] += (t.data[a] * t.data[b] + t.data[a + 1] * t.data[b + 1]) / 3;
        ref[o + 1] += (t.data[a + 1] * t.data[b] - t.data[a] * t.data[b + 1]) / 3;
      }
    }
    let max = 0;
    for (let e = 0; e < ref.length / 2; e++) max = Math.max(max, cabs(ref, e));
    for (let e = 0; e < ref.length / 2; e++) expect(Math.hypot(S[2 * e] - ref[2 * e], S[2 * e + 1] - ref[2 * e + 1])).toBeLessThanOrEqual(4 * EPS32 * max);
  });

  it("keeptrials: one CSD per trial (rows [i, i+1, offset]) whose mean is the trial average", async () => {
    const per = await connectivityanalysis(data, { method: "csd", keeptrials: true, foilim: [20, 40] });
    const avg = await connectivityanalysis(data, { method: "csd", foilim: [20, 40] });
    expect(per.trials.length).toBe(6);
    expect(per.trialdefinition).toEqual(data.trialdefinition.map((r, i) => [i, i + 1, r[2]]));
    expect(Array.from(per.time[2])).toEqual([-1]);
    const A = avg.trials.get(0).data;
    const mean = new Float64Array(A.length);
    for (let k = 0; k < 6; k++) {
      const t = per.trials.get(k).data;
      for (let e = 0; e < mean.length; e++) mean[e] += t[e] / 6;
    }
    let maxA = 0;
    for (let e = 0; e < A.length / 2; e++) maxA = Math.max(maxA, cabs(A, e));
    for (let e = 0; e < A.length / 2; e++) expect(Math.hypot(mean[2 * e] - A[2 * e], mean[2 * e + 1] - A[2 * e + 1])).toBeLessThanOrEqual(8 * EPS32 * maxA);
  });
});

describe("coh: identities and statistics", () => {
  it("coherence of a channel with itself (the diagonal) is 1; an exact copy (scaled) is coherent with phase 0", async () => {
    const base = makeData(8, 300, 3, 300, 5);
    // channel 3 := -2.5 x channel 1: coherence 1, phase pi
    const trials = Array.from(base.trials).map((t) => {
      const x = Float64Array.from(t.data);
      for (let i = 0; i < 300; i++) x[i * 3 + 2] = -2.5 * x[i * 3];
      return { data: x, shape: [300, 3], dtype: "float64" as const };
    });
    const data = new AnalogData({ data: trials, samplerate: 300 });
    const abs = (await connectivityanalysis(data, { method: "coh", foilim: [1, 149] })).trials.get(0);
    const ang = (await connectivityanalysis(data, { method: "coh", output: "angle", foilim: [1, 149] })).trials.get(0);
    const [, F] = abs.shape;
    for (let f = 0; f < F; f++) {
      for (let c = 0; c < 3; c++) expect(abs.data[f * 9 + c * 4]).toBeCloseTo(1, 6);
      expect(abs.data[f * 9 + 2]).toBeCloseTo(1, 5); // (0, 2)
      expect(Math.abs(Math.abs(ang.data[f * 9 + 2]) - Math.PI)).toBeLessThan(1e-4);
      expect(ang.data[f * 9 + 0]).toBe(0);
    }
  });

  it("independent noises: |coh| has the mean of its null distribution, sqrt(pi / (4 K nTrials)) (bias, not signal)", async () => {
    for (const [nTrials, kw, K] of [[20, {}, 1], [10, { tapsmofrq: 5 }, 9]] as const) {
      const data = makeData(nTrials, 500, 3, 500, 100 + nTrials);
      const coh = (await connectivityanalysis(data, { method: "coh", foilim: [20, 230], ...kw })).trials.get(0);
      const [, F] = coh.shape;
      let sum = 0, n = 0, max = 0;
      for (let f = 0; f < F; f++) {
        for (const [i, j] of [[0, 1], [0, 2], [1, 2]]) {
          const v = coh.data[f * 9 + i * 3 + j];
          sum += v;
          n++;
          max = Math.max(max, v);
        }
      }
      // |C|^2 ~ Beta(1, KN - 1) for independent complex Gaussian spectra: E|C| ~ sqrt(pi / (4 KN))
      const expected = Math.sqrt(Math.PI / (4 * K * nTrials));
      const mean = sum / n;
      expect(mean).toBeGreaterThan(0.8 * expected);
      expect(mean).toBeLessThan(1.25 * expected);
      expect(max).toBeLessThan(Math.min(0.95, 5 * expected));
    }
  });

  it("a shared 40 Hz component gives coherence near 1 there and the noise level elsewhere (Syncopy test_coherence)", async () => {
    const data = makeData(40, 1001, 3, 1000, 3, (_k, t, c) => 3 * Math.cos(2 * Math.PI * 40 * t + c * Math.PI / 2 + _k));
    const coh = await connectivityanalysis(data, { method: "coh", taper: "hann" });
    const f = coh.freq;
    const v = coh.trials.get(0).data;
    let peak = 0, peakF = 0;
    for (let k = 0; k < f.length; k++) {
      const c01 = v[k * 9 + 1];
      if (c01 > peak) { peak = c01; peakF = f[k]; }
      if (Math.abs(f[k] - 40) > 3) expect(c01).toBeLessThan(0.4);
    }
    expect(peakF).toBeGreaterThanOrEqual(35);
    expect(peakF).toBeLessThanOrEqual(45);
    expect(peak).toBeGreaterThan(0.9);
    expect(peak).toBeLessThan(1);
  });

  it("every output is the coherency converted as Syncopy's spectralConversions", async () => {
    const data = makeData(10, 256, 3, 256, 9, (k, t, c) => Math.sin(2 * Math.PI * 20 * t + c + 0.1 * k));
    const kw = { method: "coh", tapsmofrq: 3, foilim: [5, 60] };
    const z = (await connectivityanalysis(data, { ...kw, output: "complex" })).trials.get(0);
    const four = (await connectivityanalysis(data, { ...kw, output: "fourier" })).trials.get(0);
    expect(z.dtype).toBe("complex64");
    expect(bytesOf(four).equals(bytesOf(z))).toBe(true);
    const outs: Record<string, ArrayLike<number>> = {};
    for (const o of ["abs", "pow", "angle", "real", "imag"]) {
      const r = (await connectivityanalysis(data, { ...kw, output: o })).trials.get(0);
      expect(r.dtype).toBe("float32");
      outs[o] = r.data;
    }
    let imagNonZero = 0;
    for (let e = 0; e < outs.abs.length; e++) {
      const re = z.data[2 * e], im = z.data[2 * e + 1];
      expect(outs.abs[e]).toBeCloseTo(Math.hypot(re, im), 6);
      expect(outs.pow[e]).toBeCloseTo(re * re + im * im, 6);
      expect(outs.real[e]).toBeCloseTo(re, 6);
      expect(outs.imag[e]).toBeCloseTo(im, 6);
      expect(outs.angle[e]).toBeCloseTo(Math.atan2(im, re), 5);
      expect(Math.abs(outs.angle[e])).toBeLessThanOrEqual(Math.PI + 1e-6);
      expect(outs.abs[e]).toBeLessThanOrEqual(1 + 1e-6);
      if (Math.abs(im) > 1e-3) imagNonZero++;
    }
    expect(imagNonZero).toBeGreaterThan(0);
  });
});

describe("paths and parallel runs", () => {
  const data = makeData(12, 400, 5, 400, 21, (k, t, c) => Math.cos(2 * Math.PI * (30 + 3 * c) * t + k));

  it("parallel = sequential, bit for bit (csd averaged and per trial, coh), also with chan_per_worker", async () => {
    for (const kw of [{ method: "csd", tapsmofrq: 4 }, { method: "csd", keeptrials: true }, { method: "coh", output: "complex", foilim: [10, 100] }]) {
      const seq = await connectivityanalysis(data, kw);
      const par = await connectivityanalysis(data, { ...kw, parallel: true });
      // channel blocks: the same blocks sequentially and in workers give the same bits; the wasm
      // multitaper kernel groups channels into SIMD lanes, so other blocks differ at float32 rounding
      const blocksSeq = await connectivityanalysis(data, { ...kw, chan_per_worker: 2 });
      const blocksPar = await connectivityanalysis(data, { ...kw, parallel: true, chan_per_worker: 2 });
      expect(par.trials.length).toBe(seq.trials.length);
      for (let k = 0; k < seq.trials.length; k++) {
        expect(bytesOf(par.trials.get(k)).equals(bytesOf(seq.trials.get(k)))).toBe(true);
        expect(bytesOf(blocksPar.trials.get(k)).equals(bytesOf(blocksSeq.trials.get(k)))).toBe(true);
        const a = seq.trials.get(k).data, b = blocksSeq.trials.get(k).data;
        let max = 0, diff = 0;
        for (let e = 0; e < a.length; e++) { max = Math.max(max, Math.abs(a[e])); diff = Math.max(diff, Math.abs(a[e] - b[e])); }
        expect(diff).toBeLessThanOrEqual(1e-5 * max);
      }
    }
  });

  it("wasm and TypeScript paths agree within the float32 FFT error of the spectra", async () => {
    const kw = { method: "csd", tapsmofrq: 5, pad: "nextpow2" };
    setKernelPath("ts");
    const ref = (await connectivityanalysis(data, kw)).trials.get(0).data;
    // the largest spectral value of any trial (TS path), which the wasm FFT error scales with
    const spec = await freqanalysis(data, { method: "mtmfft", tapsmofrq: 5, pad: "nextpow2", output: "fourier", keeptapers: true });
    setKernelPath("wasm");
    const got = (await connectivityanalysis(data, kw)).trials.get(0).data;
    setKernelPath("auto");
    let M2 = 0;
    for (const t of spec.trials) for (let e = 0; e < t.data.length / 2; e++) M2 = Math.max(M2, cabs(t.data, e) ** 2);
    // per spectrum |error| <= d M (d = 8 eps32 log2(nfft), test/specest/mtmfftWasm.test.ts), so per
    // product |d(X conj Y)| <= (2 d + d^2) M^2, and means over tapers and trials keep that bound;
    // plus the complex64 rounding of both results
    const nfft = 512;
    const d = 8 * EPS32 * Math.log2(nfft);
    let worst = 0, differs = 0;
    for (let e = 0; e < ref.length / 2; e++) {
      const diff = Math.hypot(got[2 * e] - ref[2 * e], got[2 * e + 1] - ref[2 * e + 1]);
      const bound = (2 * d + d * d) * M2 + 2 * EPS32 * cabs(ref, e);
      worst = Math.max(worst, diff / bound);
      if (diff > 0) differs++;
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(differs).toBeGreaterThan(0); // really two different paths
  });
});

describe("selections, cfg replay, provenance", () => {
  const data = makeData(6, 200, 4, 200, 31, (k, t, c) => Math.sin(2 * Math.PI * 25 * t * (1 + 0.1 * c) + k));

  it("select = running on the selected trials and channels (labels follow, in the order asked)", async () => {
    const sel = await connectivityanalysis(data, { method: "csd", tapsmofrq: 3, select: { trials: [4, 1, 2], channel: ["channel3", "channel1"] } });
    const trials = [4, 1, 2].map((k) => {
      const t = data.trials.get(k);
      const x = new Float64Array(200 * 2);
      for (let i = 0; i < 200; i++) { x[2 * i] = t.data[4 * i + 2]; x[2 * i + 1] = t.data[4 * i]; }
      return { data: x, shape: [200, 2], dtype: "float64" as const };
    });
    const direct = await connectivityanalysis(new AnalogData({ data: trials, samplerate: 200 }), { method: "csd", tapsmofrq: 3 });
    expect(sel.channel_i).toEqual(["channel3", "channel1"]);
    expect(sel.channel_j).toEqual(["channel3", "channel1"]);
    expect(bytesOf(sel.trials.get(0)).equals(bytesOf(direct.trials.get(0)))).toBe(true);
  });

  it("a latency selection cuts the trials before the spectra (and keeps the offset per trial)", async () => {
    const per = await connectivityanalysis(data, { method: "csd", keeptrials: true, select: { latency: [-0.5, -0.1] } });
    expect(per.trialdefinition).toEqual(data.trialdefinition.map((_, i) => [i, i + 1, -100]));
    expect(per.freq.length).toBe(41); // 81 samples: rfftfreq(81, 1/200)
    const cut = new AnalogData({ data: Array.from(data.trials).map((t) => ({ data: t.data.slice(100 * 4, 181 * 4), shape: [81, 4], dtype: t.dtype })), samplerate: 200 });
    const direct = await connectivityanalysis(cut, { method: "csd", keeptrials: true });
    for (let k = 0; k < 6; k++) expect(bytesOf(per.trials.get(k)).equals(bytesOf(direct.trials.get(k)))).toBe(true);
  });

  it("cfg replay gives the same data and cfg; the log names the stage and its settings", async () => {
    const out = await connectivityanalysis(data, { method: "coh", output: "pow", tapsmofrq: 3, foilim: [5, 60] });
    const again = await connectivityanalysis(data, out.cfg);
    expect(again.cfg).toEqual(out.cfg);
    expect(bytesOf(again.trials.get(0)).equals(bytesOf(out.trials.get(0)))).toBe(true);
    expect(Object.keys(out.cfg)).toEqual(["connectivityanalysis"]);
    expect((out.cfg.connectivityanalysis as Record<string, unknown>).output).toBe("pow");
    expect(out.log).toMatch(/connectivityanalysis: computed cross_spectra_cF with settings/);
    expect(out.log).toMatch(/method = coh/);
    expect(out.log).toMatch(/taper = dpss/);
  });

  it("is spy.connectivityanalysis, its result spy.CrossSpectralData", () => {
    expect(spy.connectivityanalysis).toBe(connectivityanalysis);
    expect(spy.CrossSpectralData).toBe(CrossSpectralData);
  });

  it("get_defaults lists Syncopy's keywords and defaults", () => {
    const d = get_defaults(connectivityanalysis);
    expect(d).toMatchObject({
      method: "coh", keeptrials: false, output: "abs", foi: null, foilim: null, pad: "maxperlen", channelcmb: null,
      polyremoval: 0, tapsmofrq: null, nTaper: null, taper: "hann", taper_opt: null, jackknife: false, select: null, parallel: null,
    });
  });

  it("the result selects by channel_i and channel_j (labels or indices, any order)", async () => {
    const out = await connectivityanalysis(data, { method: "csd", foilim: [20, 30] });
    const S = out.trials.get(0);
    const [, F, C] = S.shape;
    const sub = out.show({ channel_i: ["channel4", "channel2"], channel_j: [1], squeeze: false }) as NDArray;
    expect(sub.shape).toEqual([1, F, 2, 1]);
    for (let f = 0; f < F; f++) {
      for (const [a, i] of [[0, 3], [1, 1]]) {
        const src = 2 * ((f * C + i) * C + 1), dst = 2 * (f * 2 + a);
        expect([sub.data[dst], sub.data[dst + 1]]).toEqual([S.data[src], S.data[src + 1]]);
      }
    }
    expect(() => out.show({ channel: 0 })).toThrow(/unknown keyword/);
  });

  it("spy.selectdata takes channel_i and channel_j: a new object with the chosen rows and columns and their labels", async () => {
    const out = await connectivityanalysis(data, { method: "csd", foilim: [20, 30] });
    const sub = await spy.selectdata(out, { channel_i: ["channel4", "channel2"], channel_j: [1] }) as CrossSpectralData;
    expect(sub).toBeInstanceOf(CrossSpectralData);
    expect(sub.channel_i).toEqual(["channel4", "channel2"]);
    expect(sub.channel_j).toEqual(["channel2"]);
    const shown = out.show({ channel_i: ["channel4", "channel2"], channel_j: [1], squeeze: false }) as NDArray;
    expect(Array.from(sub.trials.get(0).data)).toEqual(Array.from(shown.data));
    await expect(spy.selectdata(data, { channel_i: [0] })).rejects.toThrow(/channel_i/);
  });

  it("the result selects by trials, latency and frequency", async () => {
    const per = await connectivityanalysis(data, { method: "csd", keeptrials: true });
    const one = per.show({ trials: 3, frequency: [10, 20] }) as NDArray;
    const F = per.freq.length;
    const lo = Array.from(per.freq).findIndex((f) => f >= 10), hi = Array.from(per.freq).findIndex((f) => f > 20);
    expect(one.shape).toEqual([hi - lo, 4, 4]);
    const full = per.trials.get(3);
    expect(Array.from(one.data)).toEqual(Array.from(full.data.subarray(2 * lo * 16, 2 * hi * 16)));
    expect(F).toBe(101);
  });
});

describe("CrossSpectralData", () => {
  it("save/load round trip: data, dtype, freq, channel_i/j, trialdefinition, samplerate, cfg, info, log", async () => {
    const data = makeData(5, 128, 3, 128, 41);
    for (const kw of [{ method: "csd", keeptrials: true, foilim: [4, 40] }, { method: "coh", output: "abs" }]) {
      const out = await connectivityanalysis(data, kw);
      out.info = { note: "round trip", n: [1, 2] };
      out.channel_i = ["a", "b", "c"];
      const file = path.join(tmp, `${kw.method}.spy`);
      await out.save(file);
      expect(fs.existsSync(path.join(file, `${kw.method}.crossspectral`))).toBe(true);
      const back = (await load(file)) as CrossSpectralData;
      expect(back).toBeInstanceOf(CrossSpectralData);
      expect(back.dimord).toEqual(["time", "freq", "channel_i", "channel_j"]);
      expect(back.dtype).toBe(out.dtype);
      expect(Array.from(back.freq)).toEqual(Array.from(out.freq));
      expect(back.channel_i).toEqual(["a", "b", "c"]);
      expect(back.channel_j).toEqual(out.channel_j);
      expect(back.trialdefinition).toEqual(out.trialdefinition);
      expect(back.samplerate).toBe(128);
      expect(back.cfg).toEqual(out.cfg);
      expect(back.info).toEqual({ note: "round trip", n: [1, 2] });
      expect(back.log).toMatch(/Read files/);
      expect(back.trials.length).toBe(out.trials.length);
      for (let k = 0; k < out.trials.length; k++) expect(bytesOf(back.trials.get(k)).equals(bytesOf(out.trials.get(k)))).toBe(true);
      // and the loaded cfg replays to the same result
      const again = await connectivityanalysis(data, back.cfg);
      expect(bytesOf(again.trials.get(0)).equals(bytesOf(out.trials.get(0)))).toBe(true);
    }
  });

  it("built directly: default labels, axes checked, no single 'channel', summary as text and HTML", () => {
    const trials = [0, 1].map(() => ({ data: new Float32Array(2 * 5 * 2 * 2), shape: [2, 5, 2, 2], dtype: "float32" as const }));
    const x = new CrossSpectralData({ data: trials, samplerate: 10, freq: [0, 1, 2, 3, 4] });
    expect(x.channel_i).toEqual(["channel1", "channel2"]);
    expect(x.trials.get(1).shape).toEqual([2, 5, 2, 2]);
    expect(() => x.channel).toThrow(/channel_i/);
    expect(() => { x.channel_j = ["a"]; }).toThrow(SPYValueError);
    expect(() => new CrossSpectralData({ data: trials, samplerate: 10, freq: [0, 1] })).toThrow(SPYValueError);
    expect(new CrossSpectralData({ data: trials, samplerate: 10, channel_i: ["a", "a"] }).channel_i).toEqual(["a", "a"]);  // repeats allowed, as in Syncopy
    expect(() => new CrossSpectralData({ data: [{ data: new Float32Array(4), shape: [2, 2], dtype: "float32" }], samplerate: 10 })).toThrow(SPYValueError);
    const text = x.summary();
    expect(text).toMatch(/CrossSpectralData/);
    expect(text).toMatch(/channel_i : 2: channel1 … channel2/);
    expect(text).toMatch(/freq : 5: 0 … 4 Hz/);
    expect(x.summaryHTML()).toMatch(/<table/);
    expect(x.show({ frequency: [1, 2], trials: 0 })).toMatchObject({ shape: [2, 2, 2, 2] });
  });
});

describe("singlepanelplot of a CrossSpectralData", () => {
  const data = makeData(8, 200, 3, 200, 61, (k, t, c) => Math.cos(2 * Math.PI * 30 * t + 0.3 * c + k));

  it("one line per (channel_i, channel_j) pair over frequency; csd as |csd| on a log axis", async () => {
    const coh = await connectivityanalysis(data, { method: "coh", foilim: [5, 80] });
    const spec = plotSpec(coh, { channel_i: "channel1", channel_j: [1, 2] }, false);
    expect(() => compileSpec(spec)).not.toThrow();
    const svg = await renderSVG(spec);
    expect(svg).toContain("channel1 - channel2");
    expect(svg).toContain("channel1 - channel3");
    expect(svg).toContain("abs coherence");
    const csd = await connectivityanalysis(data, { method: "csd", keeptrials: true });
    const c = plotSpec(csd, { trials: 2, channel_i: 0, channel_j: 0 }, false);
    expect(JSON.stringify(c)).toContain("|csd|");
    expect(JSON.stringify(c)).toContain("\"log\"");
  });

  it("asks for one trial and one channel_i; no pair draws the matrix, multipanelplot the grid", async () => {
    const csd = await connectivityanalysis(data, { method: "csd", keeptrials: true });
    expect(plotSpec(csd, { trials: 0 }, false).layer.map((l: { name: string }) => l.name)).toEqual(["empty", "cells"]);
    expect(() => plotSpec(csd, { channel_i: 0, channel_j: 1 }, false)).toThrow(/one trial/);
    expect(() => plotSpec(csd, { trials: 0, channel_i: [0, 1], channel_j: 1 }, false)).toThrow(/one channel/);
    expect(plotSpec(csd, { trials: 0, channel_i: 0, channel_j: 1 }, true).concat.length).toBe(1);
  });
});

describe("keyword checks", () => {
  const data = makeData(4, 100, 2, 100, 51);
  const call = (kw: Record<string, unknown>) => connectivityanalysis(data, kw);

  it.each([
    ["unknown keyword (a typo)", { tapsmofreq: 3 }, SPYValueError, /unknown keyword/],
    ["unknown method", { method: "plvv" }, SPYValueError, /one of coh, corr, granger, csd, ppc, cohy, imcoh, plv/],
    // a method not in the list, of any type, is Syncopy's SPYValueError
    ["method of the wrong type", { method: 3 }, SPYValueError, /method/],
    ["output not Syncopy's", { output: "absreal" }, SPYValueError, /output/],
    ["output of the wrong type", { output: 1 }, SPYTypeError, /output/],
    ["coh with keeptrials", { method: "coh", keeptrials: true }, SPYValueError, /trial averaging is needed for method 'coh'/],
    ["keeptrials not a boolean", { method: "csd", keeptrials: 1 }, SPYTypeError, /keeptrials/],
    ["foi outside Nyquist", { foi: [10, 80] }, SPYValueError, /foi/],
    ["foi of the wrong type", { foi: { a: 1 } }, SPYTypeError, /foi/],
    ["foilim reversed-equal", { foilim: [10, 10] }, SPYValueError, /foilim/],
    ["foilim of the wrong type", { foilim: true }, SPYTypeError, /foilim/],
    ["foi and foilim together", { foi: [10], foilim: [5, 20] }, SPYValueError, /foi/],
    ["pad shorter than the trials", { pad: 0.5 }, SPYValueError, /pad/],
    ["pad unknown", { pad: "nextpow3" }, SPYValueError, /pad/],
    // every invalid pad is Syncopy's "Invalid value of `pad`" (a SPYValueError), whatever its type
    ["pad of the wrong type", { pad: true }, SPYValueError, /pad/],
    ["polyremoval 2", { polyremoval: 2 }, SPYValueError, /polyremoval/],
    ["polyremoval of the wrong type", { polyremoval: "0" }, SPYTypeError, /polyremoval/],
    ["tapsmofrq negative", { tapsmofrq: -1 }, SPYValueError, /tapsmofrq/],
    ["tapsmofrq of the wrong type", { tapsmofrq: "2" }, SPYTypeError, /tapsmofrq/],
    ["nTaper without tapsmofrq", { nTaper: 3 }, SPYValueError, /nTaper/],
    ["nTaper not an integer", { tapsmofrq: 10, nTaper: 2.5 }, SPYValueError, /nTaper/],
    ["unknown taper", { taper: "hanning" }, SPYValueError, /taper/],
    ["taper of the wrong type", { taper: 5 }, SPYTypeError, /taper/],
    ["taper_opt of the wrong type", { taper: "kaiser", taper_opt: [8] }, SPYTypeError, /taper_opt/],
    ["taper_opt missing a required argument", { taper: "kaiser" }, SPYValueError, /beta/],
    ["jackknife of the wrong type", { jackknife: "yes please" }, SPYTypeError, /jackknife/],
    ["jackknife not a boolean (Syncopy's test_jk_frontend)", { jackknife: 3 }, SPYTypeError, /jackknife/],
    ["jackknife with keeptrials", { method: "coh", jackknife: true, keeptrials: true }, SPYValueError, /keeptrials/],
    ["channelcmb not a list", { channelcmb: "0,1" }, SPYTypeError, /channelcmb/],
    ["channelcmb of one list", { channelcmb: [[0, 1]] }, SPYValueError, /channelcmb.*length 1/],
    ["channelcmb with an unknown label", { channelcmb: [["channel1"], ["channel9"]] }, SPYValueError, /channelcmb\[receivers\].*channel9/],
    ["channelcmb index out of range", { channelcmb: [[0], [7]] }, SPYValueError, /channelcmb\[receivers\].*\[0, 1\]/],
    ["channelcmb mixing names and indices", { channelcmb: [["channel1"], [1]] }, SPYTypeError, /channelcmb/],
    ["channelcmb with a channel twice", { channelcmb: [[0, 0], [1]] }, SPYValueError, /each channel once/],
    ["channelcmb empty side", { channelcmb: [[], [1]] }, SPYValueError, /at least one channel/],
    ["coh on one channel", { select: { channel: [0] } }, SPYValueError, /at least two channels for method 'coh'/],
    ["ppc on one channel", { method: "ppc", select: { channel: [1] } }, SPYValueError, /at least two channels for method 'ppc'/],
    ["granger on one channel pair of itself", { method: "granger", channelcmb: [[0], [0]] }, SPYValueError, /at least two channels/],
    ["channelcmb with a channel selection", { channelcmb: [[0], [1]], select: { channel: [0, 1] } }, SPYValueError, /either a channel selection or channelcmb/],
    ["parallel of the wrong type", { parallel: "yes please" }, SPYTypeError, /parallel/],
    ["select with a key of another class", { select: { taper: 0 } }, SPYValueError, /taper/],
  ])("%s", async (_label, kw, cls, msg) => {
    const p = call(kw as Record<string, unknown>);
    await expect(p).rejects.toThrow(cls as typeof SPYValueError);
    await expect(call(kw as Record<string, unknown>)).rejects.toThrow(msg as RegExp);
  });

  it("needs more than one trial, and AnalogData or complex SpectralData", async () => {
    await expect(call({ select: { trials: [1] } })).rejects.toThrow(/multi-trial/);
    const pow = await freqanalysis(data, { output: "pow" });
    await expect(connectivityanalysis(pow, { method: "coh" })).rejects.toThrow(SPYValueError);
    await expect(connectivityanalysis(pow, { method: "coh" })).rejects.toThrow(/complex valued spectra.*output='fourier'/);
    const cross = await connectivityanalysis(data, { method: "csd" });
    await expect(connectivityanalysis(cross as never, { method: "coh" })).rejects.toThrow(SPYTypeError);
  });

  it("output with csd has no effect: a warning, not an error", async () => {
    const { result, warnings } = await captureWarnings(() => connectivityanalysis(data, { method: "csd", output: "pow" }));
    expect((result as CrossSpectralData).dtype).toBe("complex64");
    expect(warnings.join("\n")).toMatch(/'output' has no effect with method 'csd'/);
  });
});
