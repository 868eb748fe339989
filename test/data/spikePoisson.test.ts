/**
 * spy.synthdata.poisson_noise (Syncopy's synthdata/spikes.py): the trial layout Syncopy builds,
 * and the statistics of the spike train against the law it samples (each of T = nSpikes /
 * intensity samples holds a spike with probability p = intensity, exactly nSpikes in all:
 * window counts are hypergeometric with mean w p and variance w p (1 - p) (T - w) / (T - 1), the
 * Poisson law's mean; intervals are geometric, P(ISI = 1) = p). Tolerances are 5 standard errors.
 */
import * as spy from "../../src";
import { SpikeData } from "../../src/data/spike";
import { SPYValueError } from "../../src/core/errors";
import { sortedSample } from "../../src/synthdata/spikes";
import { Rng } from "../../src/synthdata/rng";

describe("poisson_noise", () => {
  const nSpikes = 20000, intensity = 0.1, nTrials = 10, fs = 10000;
  const d = spy.synthdata.poisson_noise({ nTrials, nSpikes, nChannels: 3, nUnits: 5, intensity, samplerate: fs, seed: 42 });
  const T = nSpikes / intensity;
  const s = d.column("sample");

  it("returns a SpikeData of nSpikes distinct samples in [0, nSpikes / intensity)", () => {
    expect(d).toBeInstanceOf(SpikeData);
    expect(d.samplerate).toBe(fs);
    expect(d.nRows).toBe(nSpikes);
    let increasing = true;
    for (let i = 1; i < s.length; i++) if (!(s[i] > s[i - 1])) increasing = false;
    expect(increasing).toBe(true);
    expect(s[0]).toBeGreaterThanOrEqual(0);
    expect(s[s.length - 1]).toBeLessThan(T);
    const units = d.column("unit"), chans = d.column("channel");
    expect(units.every((u) => Number.isInteger(u) && u >= 0 && u < 5)).toBe(true);
    expect(chans.every((c) => Number.isInteger(c) && c >= 0 && c < 3)).toBe(true);
    expect(d.unit.length).toBeLessThanOrEqual(5);
  });

  it("lays trials as Syncopy: steps of T / nTrials, shortened by < 10 %, offsets -5 % .. -20 % of the shortest", () => {
    const step = T / nTrials;
    const trl = d.trialdefinition;
    expect(trl.length).toBe(nTrials);
    trl.forEach((r, k) => {
      expect(r[0]).toBe(k * step);
      const full = (k + 1) * step - 1;
      if (k === nTrials - 1) expect(r[1]).toBe(full);
      else { expect(r[1]).toBeLessThanOrEqual(full); expect(r[1]).toBeGreaterThan(full - step / 10); }
    });
    const L = Math.min(...trl.map((r) => r[1] - r[0]));
    for (const r of trl) {
      expect(-r[2]).toBeGreaterThanOrEqual(Math.floor(0.05 * L));
      expect(-r[2]).toBeLessThan(Math.floor(0.05 * L) + Math.ceil(0.15 * L));
    }
    // spikes in the gaps between trials belong to no trial
    const inTrials = d.trialCounts.reduce((a, b) => a + b, 0);
    const gapSpikes = Array.from(s).filter((x) => !trl.some((r) => x >= r[0] && x < r[1])).length;
    expect(inTrials + gapSpikes).toBe(nSpikes);
    expect(Array.from(d.trialid).filter((t) => t < 0).length).toBe(gapSpikes);
  });

  it("fires at intensity * samplerate in every trial (within 5 standard errors)", () => {
    const p = intensity;
    d.trialdefinition.forEach((r, k) => {
      const L = r[1] - r[0];
      const rate = d.trialCounts[k] / (L / fs);
      const se = (Math.sqrt(L * p * (1 - p)) / L) * fs;
      expect(Math.abs(rate - p * fs)).toBeLessThan(5 * se);
    });
  });

  it("window counts: mean w p exactly, variance of the hypergeometric law (Poisson's for small p)", () => {
    const w = 100, p = intensity;
    const nWin = T / w;
    const counts = new Float64Array(nWin);
    for (const x of s) counts[Math.floor(x / w)]++;
    const mean = counts.reduce((a, b) => a + b, 0) / nWin;
    const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / (nWin - 1);
    expect(mean).toBe(w * p);
    const expected = w * p * (1 - p) * (T - w) / (T - 1);
    const se = Math.sqrt(2 / (nWin - 1)) * expected;
    expect(Math.abs(variance - expected)).toBeLessThan(5 * se);
  });

  it("intervals are geometric: P(ISI = 1) = p and mean ISI = 1 / p", () => {
    const isi = Array.from(s.subarray(1), (x, i) => x - s[i]);
    const ones = isi.filter((x) => x === 1).length / isi.length;
    expect(Math.abs(ones - intensity)).toBeLessThan(5 * Math.sqrt(intensity * (1 - intensity) / isi.length));
    const meanIsi = isi.reduce((a, b) => a + b, 0) / isi.length;
    expect(Math.abs(meanIsi - 1 / intensity)).toBeLessThan(5 * Math.sqrt((1 - intensity) / intensity ** 2 / isi.length));
  });

  it("is reproducible with a seed, has Syncopy's defaults, and checks its keywords", () => {
    const a = spy.synthdata.poisson_noise({ nTrials: 3, nSpikes: 500, seed: 7 });
    const b = spy.synthdata.poisson_noise({ nTrials: 3, nSpikes: 500, seed: 7 });
    expect(Array.from(a.column("sample"))).toEqual(Array.from(b.column("sample")));
    expect(Array.from(a.column("unit"))).toEqual(Array.from(b.column("unit")));
    expect(a.trialdefinition).toEqual(b.trialdefinition);
    const c = spy.synthdata.poisson_noise({ nTrials: 3, nSpikes: 500, seed: 8 });
    expect(Array.from(c.column("sample"))).not.toEqual(Array.from(a.column("sample")));
    const def = spy.synthdata.poisson_noise({ seed: 1 });
    expect([def.nTrials, def.nRows, def.samplerate]).toEqual([10, 10000, 10000]);
    expect(() => spy.synthdata.poisson_noise({ intensity: 0 })).toThrow(SPYValueError);
    expect(() => spy.synthdata.poisson_noise({ intensity: 1.5 })).toThrow(SPYValueError);
    expect(() => spy.synthdata.poisson_noise({ nSpikes: 50, nTrials: 100 })).toThrow(/at most 50 trials/);
    expect(() => spy.synthdata.poisson_noise({ intensity_multiplier: 2 } as never)).toThrow(/intensity/);
  });

  it("sortedSample draws every subset alike (3 of 5: each of the 10 subsets ~ 1/10)", () => {
    const rng = new Rng(3);
    const seen = new Map<string, number>();
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const k = Array.from(sortedSample(rng, 5, 3)).join();
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    expect(seen.size).toBe(10);
    for (const c of seen.values()) expect(Math.abs(c / n - 0.1)).toBeLessThan(5 * Math.sqrt(0.09 / n));
  });
});
