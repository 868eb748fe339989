/**
 * fooofSpectralData: FOOOF on every trial and channel of a power SpectralData through the compute
 * engine; outputs, metadata layout, parallel == sequential, save/load, errors and failures.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { fooofSpectralData, fooofComputeFunction, FOOOF_METADATA_KEYS } from "../../src/fooof";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-fooof-"));
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await spy.shutdown();
});

const F = 100, C = 3, T = 4;
const FREQ = Float64Array.from({ length: F }, (_, i) => 1 + i);

/** Power [T, 1, F, C] from per-(trial, channel) aperiodic + peaks + noise (log10), float32. */
function makeSpec(opts: { zeroHz?: boolean; tapers?: number } = {}): spy.SpectralData {
  const K = opts.tapers ?? 1;
  const data = new Float32Array(T * K * F * C);
  let s = 11;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const freq = opts.zeroHz ? Float64Array.from({ length: F }, (_, i) => i) : FREQ;
  for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) {
    const peaks = c === 2 ? [] : [[8 + 2 * c + t, 0.7, 1.5], [40 + 5 * c, 0.4, 3]];
    for (let k = 0; k < K; k++) for (let f = 0; f < F; f++) {
      let v = 1.2 - (1 + 0.2 * c) * Math.log10(Math.max(freq[f], 0.5)) + 0.01 * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
      for (const [cf, h, sd] of peaks) v += h * Math.exp(-((freq[f] - cf) ** 2) / (2 * sd * sd));
      data[((t * K + k) * F + f) * C + c] = 10 ** v;
    }
  }
  return new spy.SpectralData({
    data: { data, shape: [T, K, F, C], dtype: "float32" }, samplerate: 1000, freq, channel: ["a", "b", "c"],
    taper: Array.from({ length: K }, (_, k) => `dpss${k}`), trialdefinition: Array.from({ length: T }, (_, t) => [t, t + 1, -1000]),
  });
}

function spectrumOf(spec: spy.SpectralData, t: number, c: number): number[] {
  const d = spec.trials.get(t).data;
  return Array.from({ length: F }, (_, f) => d[f * C + c]);
}

describe("fooofSpectralData", () => {
  const spec = makeSpec();

  test("output 'fooof' is 10^model per trial and channel, the same fit as spy.fooof", async () => {
    const out = await fooofSpectralData(spec, { output: "fooof" });
    expect(out.trials.length).toBe(T);
    expect(out.dtype).toBe("float32");
    expect(out.trialdefinition).toEqual(spec.trialdefinition);
    expect(Array.from(out.freq)).toEqual(Array.from(FREQ));
    expect(out.channel).toEqual(["a", "b", "c"]);
    for (const t of [0, 3]) for (let c = 0; c < C; c++) {
      const fit = spy.fooof(FREQ, spectrumOf(spec, t, c));
      const got = spectrumOf(out, t, c);
      for (let f = 0; f < F; f++) expect(got[f]).toBe(Math.fround(10 ** fit.fooofed_spectrum[f]));
      const md = out.metadata as Record<string, Record<string, unknown[]>>;
      expect(md.n_peaks[`n_peaks__${t}_0`][c]).toBe(fit.n_peaks);
      expect(md.peak_params[`peak_params__${t}_0`][c]).toEqual(fit.peak_params);
      expect(md.gaussian_params[`gaussian_params__${t}_0`][c]).toEqual(fit.gaussian_params);
      expect((md.aperiodic_params[`aperiodic_params__${t}_0`] as unknown as number[][]).map((row) => row[c])).toEqual(fit.aperiodic_params);
      expect(md.r_squared[`r_squared__${t}_0`][c]).toBe(fit.r_squared);
      expect(md.error[`error__${t}_0`][c]).toBe(fit.error);
    }
    expect(out.log).toMatch(/computed fooof_cF with settings[\s\S]*fooof_method = fooof[\s\S]*fooof_opt = /);
  });

  test("outputs 'fooof_aperiodic' and 'fooof_peaks' (10^model - 10^aperiodic + 1e-16)", async () => {
    const fooofOpt = { min_peak_height: 0.2 };    // no spurious peaks in the peak-free channel "c"
    const ap = await fooofSpectralData(spec, { output: "fooof_aperiodic", fooofOpt });
    const pk = await fooofSpectralData(spec, { output: "fooof_peaks", fooofOpt });
    const fit = spy.fooof(FREQ, spectrumOf(spec, 1, 0), fooofOpt);
    const a = spectrumOf(ap, 1, 0), p = spectrumOf(pk, 1, 0);
    for (let f = 0; f < F; f++) {
      expect(a[f]).toBe(Math.fround(10 ** fit.ap_fit[f]));
      expect(p[f]).toBe(Math.fround(10 ** fit.fooofed_spectrum[f] - 10 ** fit.ap_fit[f] + 1e-16));
    }
    // channel "c" has no peaks: its peak spectrum is 1e-16 (float32) everywhere
    expect(spectrumOf(pk, 0, 2).every((v) => v === Math.fround(1e-16))).toBe(true);
  });

  test("the metadata layout: Syncopy's keys, one entry per trial, per-channel lists", async () => {
    const out = await fooofSpectralData(spec, { output: "fooof", fooofOpt: { aperiodic_mode: "knee", max_n_peaks: 3 } });
    const md = out.metadata as Record<string, Record<string, unknown>>;
    expect(Object.keys(md).sort()).toEqual([...FOOOF_METADATA_KEYS].sort());
    for (const key of FOOOF_METADATA_KEYS) {
      expect(Object.keys(md[key])).toEqual([0, 1, 2, 3].map((t) => `${key}__${t}_0`));
    }
    const ap = md.aperiodic_params.aperiodic_params__2_0 as number[][];
    expect(ap.length).toBe(3);                 // offset, knee, exponent
    expect(ap[0].length).toBe(C);
    const nPeaks = md.n_peaks.n_peaks__2_0 as number[];
    const gp = md.gaussian_params.gaussian_params__2_0 as number[][][];
    expect(gp.map((g) => g.length)).toEqual(nPeaks);
    expect(nPeaks.every((n) => n <= 3)).toBe(true);
    expect(md.converged.converged__2_0).toEqual([true, true, true]);
    expect(md.fit_message.fit_message__2_0).toEqual(["", "", ""]);
  });

  test("parallel (workers) and channel blocks give the same bits and the same metadata", async () => {
    const seq = await fooofSpectralData(spec, { output: "fooof" });
    const par = await fooofSpectralData(spec, { output: "fooof", compute: { parallel: true, chanPerWorker: undefined, memThresh: 0.5 } });
    const blk = await fooofSpectralData(spec, { output: "fooof", compute: { parallel: true, chanPerWorker: 2, memThresh: 0.5 } });
    for (let t = 0; t < T; t++) {
      expect(Buffer.from(par.trials.get(t).data.buffer).equals(Buffer.from(seq.trials.get(t).data.buffer))).toBe(true);
      expect(Array.from(blk.trials.get(t).data)).toEqual(Array.from(seq.trials.get(t).data));
    }
    expect(par.metadata).toEqual(seq.metadata);
    expect(blk.metadata).toEqual(seq.metadata);
  });

  test("keeptrials false: the trial average of the outputs, the metadata still per trial", async () => {
    const all = await fooofSpectralData(spec, { output: "fooof" });
    const avg = await fooofSpectralData(spec, { output: "fooof", keeptrials: false });
    expect(avg.trials.length).toBe(1);
    expect(avg.trialdefinition).toEqual([[0, 1, 0]]);
    const a = avg.trials.get(0).data;
    for (let i = 0; i < F * C; i += 37) {
      let sum = 0;
      for (let t = 0; t < T; t++) sum += all.trials.get(t).data[i];
      expect(a[i]).toBeCloseTo(sum / T, 4);
    }
    expect(Object.keys((avg.metadata as Record<string, object>).n_peaks).length).toBe(T);
  });

  test("the metadata survives spy.save / spy.load (Syncopy loses it)", async () => {
    const out = await fooofSpectralData(spec, { output: "fooof", fooofOpt: { min_peak_height: 0.2 }, internals: { maxfev: 4 } });
    const md = out.metadata as Record<string, Record<string, unknown[]>>;
    // with 4 evaluations the Gaussian fits fail where there are peaks: reported, NaN, not hidden
    expect(md.converged.converged__0_0).toEqual([false, false, true]);
    expect(String(md.fit_message.fit_message__0_0[0])).toMatch(/peak component fit.*maxfev = 4/);
    expect(Number.isNaN((md.aperiodic_params.aperiodic_params__0_0[0] as number[])[0])).toBe(true);
    expect(spectrumOf(out, 0, 0).every(Number.isNaN)).toBe(true);
    expect(spectrumOf(out, 0, 2).every((v) => v > 0)).toBe(true);
    const file = path.join(tmp, "fooof.spy");
    await out.save(file);
    const back = (await spy.load(file)) as spy.SpectralData;
    expect(back.metadata).toEqual(out.metadata);
    expect((back.metadata as Record<string, Record<string, unknown[]>>).converged.converged__0_0).toEqual([false, false, true]);
    expect(Array.from(back.trials.get(1).data)).toEqual(Array.from(out.trials.get(1).data));
  });

  test("errors: 0 Hz (names foilim), tapers kept, complex data, bad fooof_opt, bad power, bad output", async () => {
    await expect(fooofSpectralData(makeSpec({ zeroHz: true }), { output: "fooof" })).rejects.toThrow(
      /Invalid value of `foilim`.*foilim=\[f_min>0, \.\.\.\] that excludes 0 Hz, e\.g\. foilim: \[1, 99\].*starts at 0 Hz/);
    await expect(fooofSpectralData(makeSpec({ tapers: 2 }), { output: "fooof" })).rejects.toThrow(/keeptapers/);
    await expect(fooofSpectralData(spec, { output: "fooof", fooofOpt: { peak_width_limits: [4, 1] } })).rejects.toThrow(/fooof_opt\.peak_width_limits.*reversed/);
    await expect(fooofSpectralData(spec, { output: "fooof", fooofOpt: { bogus: 1 } })).rejects.toThrow(/'bogus' is an unknown keyword of fooof_opt/);
    await expect(fooofSpectralData(spec, { output: "pow" as never })).rejects.toThrow(/output/);
    const bad = makeSpec();
    const t1 = bad.trials.get(1);
    const data = new Float32Array(T * F * C);
    for (let t = 0; t < T; t++) data.set(bad.trials.get(t).data as Float32Array, t * F * C);
    data[1 * F * C + 20 * C + 1] = 0;     // trial 1, 21 Hz, channel "b"
    const zero = new spy.SpectralData({ data: { data, shape: [T, 1, F, C], dtype: "float32" }, samplerate: 1000, freq: FREQ, channel: ["a", "b", "c"], trialdefinition: bad.trialdefinition });
    expect(t1.shape).toEqual([1, 1, F, C]);
    await expect(fooofSpectralData(zero, { output: "fooof" })).rejects.toThrow(/trial 1: Invalid value of `power`: got 0; .*at 21 Hz in channel 'b' of trial 1: a power of 0/);
  });

  test("the compute function's dry run and shape checks", () => {
    const kw = { freqs: Array.from(FREQ), output: "fooof", fooof_opt: { peak_width_limits: [0.5, 12], max_n_peaks: Infinity, min_peak_height: 0, peak_threshold: 2, aperiodic_mode: "fixed", verbose: false } };
    expect(fooofComputeFunction({ data: new Float32Array(0), shape: [1, 1, F, 5], dtype: "float32" }, kw, { noCompute: true })).toEqual({ shape: [1, 1, F, 5], dtype: "float32" });
    expect(() => fooofComputeFunction({ data: new Float32Array(0), shape: [3, 1, F, 5], dtype: "float32" }, kw, { noCompute: true })).toThrow(/one spectrum per trial/);
  });
});
