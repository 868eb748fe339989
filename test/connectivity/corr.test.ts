/**
 * spy.connectivityanalysis, method "corr": Syncopy's golden output (conn_corr), numpy/scipy
 * references (test/fixtures/connectivity/corr_reference.py: fftconvolve as Syncopy calls it,
 * checked there against numpy.correlate) for odd and even sample counts, keeptrials, polyremoval,
 * unequal trial lengths and a single trial; identities; parallel = sequential bit for bit; the
 * keyword and input checks.
 */
import * as fs from "fs";
import * as path from "path";
import { AnalogData } from "../../src/data/analog";
import { CrossSpectralData } from "../../src/data/crossspectral";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";
import { NDArray } from "../../src/core/ndarray";
import { freqanalysis } from "../../src/specest/freqanalysis";
import { connectivityanalysis } from "../../src/connectivity/connectivityanalysis";
import { crossCovarianceTrial, lagCount } from "../../src/connectivity/crossCovariance";
import { goldenDescribe, inputTrials, readCase, readF64, readInput, readOutput, toleranceRatio } from "../helpers/golden";
import { gaussian } from "../helpers/trials";

const EPS32 = 2 ** -24;

/** Trials of white noise [L_k, C] (a 5 Hz rhythm on top, so lags are correlated). */
function noiseData(lengths: number[], C: number, fs: number, seed: number): AnalogData {
  const trials: NDArray[] = lengths.map((L, k) => {
    const g = gaussian(L * C, seed + 7919 * k);
    for (let i = 0; i < L; i++) for (let c = 0; c < C; c++) g[i * C + c] += Math.cos(2 * Math.PI * 5 * i / fs + c);
    return { data: g, shape: [L, C], dtype: "float64" };
  });
  return new AnalogData({ data: trials, samplerate: fs });
}

/** Every trial of a result, laid end to end. */
function stacked(out: CrossSpectralData): Float64Array {
  const parts = Array.from({ length: out.trials.length }, (_, k) => out.trials.get(k).data as Float32Array);
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { all.set(p, o); o += p.length; }
  return all;
}

function bytesOf(out: CrossSpectralData): Buffer[] {
  return Array.from({ length: out.trials.length }, (_, k) => {
    const a = out.trials.get(k).data;
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  });
}

const golden = goldenDescribe("conn_corr");

golden("golden: Syncopy's corr (a86199a) on the 3-channel AR(2) network, 50 trials x 500 samples", () => {
  it("conn_corr through spy.connectivityanalysis(data, { method: 'corr', keeptrials: false })", async () => {
    const c = readCase("conn_corr");
    const input = readInput(c.inputs.data);
    const data = new AnalogData({ data: inputTrials(input), samplerate: input.samplerate });
    const out = await connectivityanalysis(data, { method: "corr", keeptrials: false });
    expect(c.params).toEqual({ method: "corr", keeptrials: false });
    expect(out).toBeInstanceOf(CrossSpectralData);
    expect(out.dimord).toEqual(c.outputs.out.dimord);
    const got = out.trials.get(0);
    expect(got.shape).toEqual(c.outputs.out.shape);
    expect(got.dtype).toBe((c.outputs.out as unknown as { python_dtype: string }).python_dtype);
    expect(Array.from(out.freq)).toEqual(Array.from(readF64(c.outputs.out_freq.file!)));
    expect(out.trialdefinition.flat()).toEqual(Array.from(readF64(c.outputs.out_trialdefinition.file!)));
    const time = readF64(c.outputs.out_time_trial0.file!);
    const t0 = out.time[0];
    expect(t0.length).toBe(time.length);
    for (let i = 0; i < time.length; i++) expect(Math.abs(t0[i] - time[i])).toBeLessThanOrEqual(1e-12);
    expect(out.samplerate).toBe(c.meta.samplerate);
    expect(out.channel_i).toEqual(c.meta.channel_i);
    expect(out.channel_j).toEqual(c.meta.channel_j);
    const ratio = toleranceRatio(got.data, readOutput(c.outputs.out), c.tolerance);
    console.log(`conn_corr: worst |a - b| / (atol_scale * max|b| + rtol * |b|) = ${ratio.toExponential(3)} (pass <= 1)`);
    expect(ratio).toBeLessThanOrEqual(1);
  });
});

interface RefCase { input: string; keeptrials: boolean; polyremoval: 0 | 1 | null; shape: number[]; trialdefinition: number[][]; values: number[] }
interface RefDoc { samplerate: number; inputs: Record<string, { shape: number[]; values: number[] }[]>; cases: RefCase[] }
const ref: RefDoc = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/connectivity/corr_reference.json"), "utf8"));

function refData(name: string): AnalogData {
  const trials: NDArray[] = ref.inputs[name].map((t) => ({ data: Float64Array.from(t.values), shape: t.shape, dtype: "float64" }));
  return new AnalogData({ data: trials, samplerate: ref.samplerate });
}

describe("corr: numpy/scipy reference (corr_reference.py)", () => {
  it.each(ref.cases.map((c) => [`${c.input} (${ref.inputs[c.input].map((t) => t.shape[0]).join(", ")} samples)`, c.keeptrials, c.polyremoval, c] as const))(
    "%s, keeptrials %s, polyremoval %s", async (_label, keeptrials, polyremoval, c) => {
      const data = refData(c.input);
      const out = await connectivityanalysis(data, { method: "corr", keeptrials, polyremoval });
      expect(out.trialdefinition).toEqual(c.trialdefinition);
      const lengths = ref.inputs[c.input].map((t) => t.shape[0]);
      const lags = keeptrials ? lengths.map(lagCount) : [lagCount(lengths[0])];
      expect(out.trials.length).toBe(lags.length);
      lags.forEach((L, k) => {
        expect(out.trials.get(k).shape).toEqual([L, 1, c.shape[2], c.shape[3]]);
        expect(out.trials.get(k).dtype).toBe("float32");
        // the time axis is the lag in seconds
        expect(Array.from(out.time[k])).toEqual(Array.from({ length: L }, (_, l) => l / ref.samplerate));
      });
      expect(Array.from(out.freq)).toEqual([0]);
      const got = stacked(out);
      expect(got.length).toBe(c.values.length);
      let max = 0;
      for (const v of c.values) max = Math.max(max, Math.abs(v));
      let worst = 0;
      for (let i = 0; i < got.length; i++) {
        // float32 storage: one rounding of the float64 value, plus float64 noise of the FFT
        worst = Math.max(worst, Math.abs(got[i] - c.values[i]) / (2 * EPS32 * Math.abs(c.values[i]) + 1e-12 * max));
      }
      expect(worst).toBeLessThanOrEqual(1);
    });

  it("a single trial of an odd sample count (Syncopy issue #446): ceil(N/2) lags, trialdefinition [0, 25, 0]", async () => {
    const out = await connectivityanalysis(refData("single_odd"), { method: "corr", keeptrials: true });
    expect(out.trialdefinition).toEqual([[0, 25, 0]]);
    expect(out.time[0].length).toBe(25);
  });
});

describe("corr: identities", () => {
  const fs_ = 200;

  it("a channel with itself at lag 0 is 1: exactly for the trial average, to float32 for single trials", async () => {
    const data = noiseData([300, 300, 300, 300], 4, fs_, 5);
    const avg = (await connectivityanalysis(data, { method: "corr" })).trials.get(0);
    const C = 4;
    for (let c = 0; c < C; c++) expect(avg.data[c * C + c]).toBe(1);
    const single = await connectivityanalysis(data, { method: "corr", keeptrials: true });
    for (let k = 0; k < 4; k++) {
      const t = single.trials.get(k).data;
      for (let c = 0; c < C; c++) expect(Math.abs(t[c * C + c] - 1)).toBeLessThanOrEqual(4 * EPS32);
    }
  });

  it.each([[301, "odd"], [300, "even"]] as const)(
    "a duplicated channel (N = %i, %s): lower triangle = auto-correlation; upper = auto at lag l (odd N) or Syncopy's lag l + 1 times (N-l-1)/(N-l) (even N)",
    async (N, _parity) => {
      const g = gaussian(N, 3);
      const x = new Float64Array(2 * N);
      for (let n = 0; n < N; n++) { x[2 * n] = g[n]; x[2 * n + 1] = g[n]; }
      const cc = crossCovarianceTrial(x, N, 2, 0, false);
      const L = lagCount(N);
      const scale = cc[0];
      for (let l = 0; l < L; l++) {
        const auto = cc[l * 4];
        expect(Math.abs(cc[l * 4 + 2] - auto)).toBeLessThanOrEqual(1e-13 * scale); // [l, 1, 0]
        const upper = cc[l * 4 + 1]; // [l, 0, 1]
        const expected = N % 2 ? auto : (l + 1 < L ? cc[(l + 1) * 4] * (N - l - 1) / (N - l) : upper);
        expect(Math.abs(upper - expected)).toBeLessThanOrEqual(1e-13 * scale);
      }
      // even N: the last upper lag is r[N/2] / (N/2 + 1), a lag past the returned ones: direct sum
      if (N % 2 === 0) {
        let mean = 0;
        for (let n = 0; n < N; n++) mean += g[n];
        mean /= N;
        let r = 0;
        for (let n = 0; n + N / 2 < N; n++) r += (g[n + N / 2] - mean) * (g[n] - mean);
        expect(Math.abs(cc[(L - 1) * 4 + 1] - r / (N / 2 + 1))).toBeLessThanOrEqual(1e-13 * scale);
      }
    });

  it("a selected channel pair gives the same numbers as those channels of the full result", async () => {
    const data = noiseData([240, 240, 240], 4, fs_, 9);
    const full = (await connectivityanalysis(data, { method: "corr" })).trials.get(0);
    const sub = await connectivityanalysis(data, { method: "corr", select: { channel: [1, 3] } });
    expect(sub.channel_i).toEqual([data.channel[1], data.channel[3]]);
    const s = sub.trials.get(0);
    const pick = [1, 3];
    for (let l = 0; l < 120; l++) {
      for (let a = 0; a < 2; a++) {
        for (let b = 0; b < 2; b++) expect(s.data[(l * 2 + a) * 2 + b]).toBe(full.data[(l * 4 + pick[a]) * 4 + pick[b]]);
      }
    }
  });

  it("the trial-averaged correlation is close to the mean of the single-trial ones (Syncopy's test, atol 1e-2)", async () => {
    // cosines of equal power in every trial: the two normalisations agree up to small noise
    const data = noiseData(Array(20).fill(400), 3, fs_, 21);
    const avg = (await connectivityanalysis(data, { method: "corr" })).trials.get(0).data;
    const single = await connectivityanalysis(data, { method: "corr", keeptrials: true });
    const mean = new Float64Array(avg.length);
    for (let k = 0; k < 20; k++) {
      const t = single.trials.get(k).data;
      for (let i = 0; i < mean.length; i++) mean[i] += t[i] / 20;
    }
    for (let i = 0; i < mean.length; i++) expect(Math.abs(mean[i] - avg[i])).toBeLessThan(1e-2);
  });

  it("records cfg and the log", async () => {
    const data = noiseData([100, 100], 2, fs_, 2);
    const out = await connectivityanalysis(data, { method: "corr", polyremoval: 1 });
    expect((out.cfg as Record<string, Record<string, unknown>>).connectivityanalysis.method).toBe("corr");
    expect(out.history).toMatch(/computed cross_covariance_cF with settings/);
    expect(out.history).toMatch(/polyremoval = 1/);
    const replay = await connectivityanalysis(data, out.cfg.connectivityanalysis as Record<string, unknown>);
    expect(bytesOf(replay)).toEqual(bytesOf(out));
  });
});

describe("corr: parallel", () => {
  it.each([false, true])("parallel: true equals parallel: false bit for bit (keeptrials %s)", async (keeptrials) => {
    const data = noiseData([513, 513, 513, 513, 513, 513], 3, 250, 77);
    const seq = await connectivityanalysis(data, { method: "corr", keeptrials, parallel: false });
    const par = await connectivityanalysis(data, { method: "corr", keeptrials, parallel: true });
    expect(par.trialdefinition).toEqual(seq.trialdefinition);
    expect(bytesOf(par)).toEqual(bytesOf(seq));
    expect(par.history).toMatch(/parallel = true/);
  }, 60000);
});

describe("corr: keyword and input checks", () => {
  const data = noiseData([64, 64, 64], 2, 100, 4);

  it("refuses SpectralData input, naming corr (a SPYValueError, as Syncopy's test_spectral_corr asserts)", async () => {
    const spec = await freqanalysis(data, { method: "mtmfft", output: "fourier", taper: "hann" });
    const e = await connectivityanalysis(spec, { method: "corr" }).catch((x) => x);
    expect(e).toBeInstanceOf(SPYValueError);
    expect(e.message).toMatch(/AnalogData/);
    expect(e.message).toMatch(/corr/);
  });

  it.each([["nextpow2"], [2]])("refuses pad %s: no padding needed/allowed", async (pad) => {
    const e = await connectivityanalysis(data, { method: "corr", pad }).catch((x) => x);
    expect(e).toBeInstanceOf(SPYValueError);
    expect(e.param).toBe("pad");
    expect(e.message).toMatch(/no padding needed\/allowed for cross-correlations/);
  });

  it("refuses averaging trials of unequal lag counts; keeptrials: true takes them; 9 and 10 samples (both 5 lags) average as in Syncopy", async () => {
    const uneven = noiseData([64, 70], 2, 100, 6);
    const e = await connectivityanalysis(uneven, { method: "corr" }).catch((x) => x);
    expect(e).toBeInstanceOf(SPYValueError);
    expect(e.param).toBe("keeptrials");
    expect(e.message).toMatch(/unequal lengths/);
    expect(e.message).toMatch(/32 lags/);
    const kept = await connectivityanalysis(uneven, { method: "corr", keeptrials: true });
    expect(kept.trialdefinition).toEqual([[0, 32, 0], [32, 67, 0]]);
    const nine = await connectivityanalysis(noiseData([9, 10], 2, 100, 6), { method: "corr" });
    expect(nine.trialdefinition).toEqual([[0, 5, 0]]);
  });

  it("one trial is fine (Syncopy has no multi-trial check for corr)", async () => {
    const out = await connectivityanalysis(noiseData([50], 2, 100, 8), { method: "corr" });
    expect(out.trialdefinition).toEqual([[0, 25, 0]]);
    expect(out.trials.get(0).data[0]).toBe(1);
  });

  it("refuses a trial of one sample", async () => {
    const e = await connectivityanalysis(noiseData([1, 1], 2, 100, 8), { method: "corr", keeptrials: true }).catch((x) => x);
    expect(e).toBeInstanceOf(SPYValueError);
    expect(e.message).toMatch(/at least 2 samples/);
  });

  it("refuses channelcmb, a bad keeptrials, jackknife or polyremoval", async () => {
    await expect(connectivityanalysis(data, { method: "corr", channelcmb: [[0], [1]] })).rejects.toThrow(SPYValueError);
    await expect(connectivityanalysis(data, { method: "corr", keeptrials: 3 } as never)).rejects.toThrow(SPYTypeError);
    await expect(connectivityanalysis(data, { method: "corr", jackknife: 1 } as never)).rejects.toThrow(SPYTypeError);
    await expect(connectivityanalysis(data, { method: "corr", polyremoval: 2 })).rejects.toThrow(SPYValueError);
  });

  it("warns 'no effect' for the spectral keywords and output, drops jackknife with Syncopy's warning", async () => {
    const plain = await connectivityanalysis(data, { method: "corr" });
    const { result, warnings } = await captureWarnings(() => connectivityanalysis(data, {
      method: "corr", foi: [10], foilim: [1, 20], output: "pow", tapsmofrq: 3, taper: "dpss", nTaper: 2, taper_opt: { beta: 2 }, jackknife: true,
    }));
    for (const key of ["foi", "foilim", "output", "tapsmofrq", "taper", "nTaper", "taper_opt"]) {
      expect(warnings).toContain(`keyword '${key}' has no effect with method 'corr'`);
    }
    expect(warnings).toContain("Jackknife is not available for method corr");
    expect(bytesOf(result)).toEqual(bytesOf(plain));
    // defaults given explicitly do not warn
    const quiet = await captureWarnings(() => connectivityanalysis(data, { method: "corr", output: "abs", taper: "hann" }));
    expect(quiet.warnings).toEqual([]);
  });
});
