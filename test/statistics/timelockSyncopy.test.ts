/**
 * Syncopy's syncopy/tests/test_timelockanalysis.py, ported: phase-diffusion statistics of avg, var
 * and cov, the latency forms on trials of variable length, the error cases, and selections. Where
 * Syncopy reads `len(tld.trials)`, spyts keeps the trials with `keeptrials: true` (Syncopy's
 * TimeLockData always holds them; spyts's default keeps the average only).
 */
import { AnalogData } from "../../src/data/analog";
import { TimeLockData } from "../../src/data/timelock";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";
import { selectdata } from "../../src/data/methods/selectdata";
import { phase_diffusion, white_noise } from "../../src/synthdata/collect";
import { timelockanalysis } from "../../src/statistics/timelockanalysis";

/** timelockanalysis with its warnings (left-out trials) captured, not printed. */
const q = async (d: unknown, kw: Record<string, unknown>) => (await captureWarnings(() => timelockanalysis(d as never, kw))).result;

const nTrials = 10, nChannels = 3, nSamples = 500, fs = 200;

/** Syncopy's trial sizes: trials 1-3 changed, the original interval being [-1, 1.495] s. */
function recut(data: AnalogData): AnalogData {
  const trl = data.trialdefinition;
  trl[1] = [500, 700, -200]; // [-1, -0.005] s
  trl[2] = [680, 960, -20]; // [-0.1, 1.295] s
  trl[3] = [1000, 1200, -100]; // [-0.5, 0.495] s
  data.trialdefinition = trl;
  return data;
}

const adata = recut(white_noise({ nTrials, samplerate: fs, nSamples, nChannels, seed: 42 }) as AnalogData);
const intervals = adata.trialdefinition.map((r) => [r[2] / fs, (r[2] + r[1] - r[0] - 1) / fs]);
const overlap = Math.round((Math.min(...intervals.map((i) => i[1])) - Math.max(...intervals.map((i) => i[0]))) * fs) + 1;

async function quiet<T>(fn: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  return captureWarnings(fn);
}

describe("test_timelockanalysis (phase diffusion, 300 trials)", () => {
  const data = recut(phase_diffusion({
    nTrials: 300, rand_ini: false, samplerate: fs, nSamples, nChannels, freq: 40, eps: 0.01, seed: 42,
  }) as AnalogData);
  let tld: TimeLockData;
  let kept: TimeLockData;

  beforeAll(async () => {
    tld = (await quiet(() => timelockanalysis(data, { latency: "maxperiod", covariance: true, keeptrials: false }))).result;
    kept = (await quiet(() => timelockanalysis(data, { latency: "maxperiod", keeptrials: true }))).result;
  });

  test("a TimeLockData of time-locked trials; the 3 shorter trials left out", () => {
    expect(tld).toBeInstanceOf(TimeLockData);
    expect(kept.is_time_locked).toBe(true);
    expect(new Set(Array.from({ length: kept.nTrials }, (_, k) => kept.time[k].length)).size).toBe(1);
    expect(data.nTrials - kept.nTrials).toBe(3);
    expect(tld.avg).not.toBeNull();
    expect(tld.var).not.toBeNull();
    expect(tld.cov).not.toBeNull();
  });

  test("avg and var equal the mean and var over the trials that selectdata(latency='maxperiod') keeps", async () => {
    const ad = (await quiet(() => selectdata(data, { latency: "maxperiod" }))).result as AnalogData;
    const K = ad.nTrials, size = nSamples * nChannels;
    const s = new Float64Array(size), ss = new Float64Array(size);
    for (const t of ad.trials) for (let i = 0; i < size; i++) { s[i] += t.data[i]; ss[i] += t.data[i] * t.data[i]; }
    const avg = tld.avg!.data, variance = tld.var!.data;
    for (let i = 0; i < size; i++) {
      const m = s[i] / K;
      expect(avg[i]).toBeCloseTo(m, 12);
      expect(variance[i]).toBeCloseTo(ss[i] / K - m * m, 10);
    }
  });

  test("phase diffusion: the mean starts near 1 and decays, the variance starts near 0 and tends to 1/2", () => {
    const avg = tld.avg!.data, variance = tld.var!.data;
    const last = (nSamples - 1) * nChannels;
    for (let c = 0; c < nChannels; c++) {
      expect(avg[c]).toBeGreaterThan(0.99);
      expect(avg[c]).toBeLessThanOrEqual(1);
      expect(avg[last + c]).toBeLessThanOrEqual(0.1);
      expect(variance[c]).toBeLessThanOrEqual(0.001);
      expect(variance[last + c]).toBeGreaterThan(0.45);
      expect(variance[last + c]).toBeLessThanOrEqual(0.55);
    }
  });

  test("the covariance's diagonal is the trial average of each trial's variance over time (ddof 1); off-diagonals are much smaller", () => {
    const variances = new Float64Array(nChannels);
    for (const t of kept.trials) {
      for (let c = 0; c < nChannels; c++) {
        let m = 0;
        for (let i = 0; i < nSamples; i++) m += t.data[i * nChannels + c];
        m /= nSamples;
        let q = 0;
        for (let i = 0; i < nSamples; i++) q += (t.data[i * nChannels + c] - m) ** 2;
        variances[c] += q / (nSamples - 1) / kept.nTrials;
      }
    }
    const cov = tld.cov!;
    expect(cov.shape).toEqual([nChannels, nChannels]);
    for (let c = 0; c < nChannels; c++) expect(cov.data[c * nChannels + c]).toBeCloseTo(variances[c], 12);
    for (let c = 0; c < nChannels - 1; c++) {
      expect(cov.data[c * nChannels + c]).toBeGreaterThan(5 * cov.data[c * nChannels + c + 1]);
    }
  });
});

describe("test_latency", () => {
  test("the trials are of unequal length", () => {
    const lengths = adata.trialdefinition.map((r) => r[1] - r[0]);
    expect(new Set(lengths).size).toBeGreaterThan(1);
  });

  test("minperiod cuts every trial to the overlap", async () => {
    const { result: tld, warnings } = await quiet(() => timelockanalysis(adata, { latency: "minperiod", keeptrials: true }));
    expect(warnings).toEqual([]);
    expect(tld.sampleinfo.every(([a, b]) => b - a === overlap)).toBe(true);
  });

  test("prestim and poststim leave 3 trials out and keep only t <= 0 or t >= 0", async () => {
    const pre = await quiet(() => timelockanalysis(adata, { latency: "prestim", keeptrials: true }));
    expect(adata.nTrials - pre.result.nTrials).toBe(3);
    expect(pre.warnings[0]).toMatch(/3 of 10 trials .* left out: trials 1, 2, 3$/);
    for (let k = 0; k < pre.result.nTrials; k++) expect(Array.from(pre.result.time[k]).every((t) => t <= 0)).toBe(true);
    const post = await quiet(() => timelockanalysis(adata, { latency: "poststim", keeptrials: true }));
    expect(adata.nTrials - post.result.nTrials).toBe(3);
    for (let k = 0; k < post.result.nTrials; k++) expect(Array.from(post.result.time[k]).every((t) => t >= 0)).toBe(true);
  });

  test("a window [-0.1, 0.5] leaves out 2 trials; the input is unchanged afterwards", async () => {
    const before = adata.trialdefinition;
    const { result } = await quiet(() => timelockanalysis(adata, { latency: [-0.1, 0.5], keeptrials: true }));
    expect(adata.nTrials - result.nTrials).toBe(2);
    expect(adata.trialdefinition).toEqual(before);
  });
});

describe("test_exceptions", () => {
  test("latency validation", async () => {
    await expect(timelockanalysis(adata, { latency: "sth" })).rejects.toThrow(SPYValueError);
    await expect(timelockanalysis(adata, { latency: "sth" })).rejects.toThrow(/expected one of/);
    await expect(timelockanalysis(adata, { latency: [0.1, 0] })).rejects.toThrow(/expected start < end/);
    await expect(timelockanalysis(adata, { latency: [-999, -99] })).rejects.toThrow(/expected end of latency window/);
    await expect(timelockanalysis(adata, { latency: [99, 999] })).rejects.toThrow(/expected start of latency window/);
  });

  test("trials as keyword and as selection", async () => {
    await expect(timelockanalysis(adata, { trials: 0, select: { trials: 8 } })).rejects.toThrow(/expected either `trials != 'all'`/);
  });

  test("remaining parameters (a string ddof is a type error in spyts, Syncopy says SPYValueError)", async () => {
    await expect(timelockanalysis(adata, { latency: null, covariance: "fd" } as never)).rejects.toThrow(SPYTypeError);
    await expect(timelockanalysis(adata, { keeptrials: 2 } as never)).rejects.toThrow(SPYTypeError);
    await expect(timelockanalysis(adata, { ddof: "2" } as never)).rejects.toThrow(SPYTypeError);
    await expect(timelockanalysis(adata, { ddof: -2 })).rejects.toThrow(/expected null or a non-negative integer \(positive integer/);
  });
});

describe("test_parallel_selection", () => {
  test("minperiod has no NaN, with parallel given", async () => {
    const tld = await q(adata, { latency: "minperiod", parallel: true });
    expect(Array.from(tld.avg!.data).some(Number.isNaN)).toBe(false);
    expect(Array.from(tld.trials.get(0).data).some(Number.isNaN)).toBe(false);
  });

  test("channel selection, and trials by keyword and by selection give the same data", async () => {
    const ch = await q(adata, { latency: "minperiod", select: { channel: 0 } });
    expect(ch.channel.every((c) => !c.includes("channel2"))).toBe(true);
    const a = await q(adata, { latency: "minperiod", trials: [5, 6], keeptrials: true });
    expect(a.nTrials).toBe(2);
    const b = await q(adata, { latency: "minperiod", select: { trials: [5, 6] }, keeptrials: true });
    for (let k = 0; k < 2; k++) expect(Array.from(b.trials.get(k).data)).toEqual(Array.from(a.trials.get(k).data));
  });
});
