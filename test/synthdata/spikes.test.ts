import { poisson_noise } from "../../src/synthdata/spikes";
import { SPYValueError } from "../../src/core/errors";

describe("poisson_noise", () => {
  test("defaults: 10000 sorted distinct spikes in 10 trials of about 10000 samples", () => {
    const sp = poisson_noise({ seed: 1 });
    expect(sp.shape).toEqual([10000, 3]);
    expect(sp.dimord).toEqual(["sample", "channel", "unit"]);
    expect(sp.samplerate).toBe(10000);
    const T = 10000 / 0.1;
    for (let k = 0; k < 10000; k++) {
      const s = sp.data[3 * k];
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(T);
      if (k > 0) expect(s).toBeGreaterThan(sp.data[3 * (k - 1)]);
      expect(sp.data[3 * k + 1]).toBeLessThan(3);
      expect(sp.data[3 * k + 2]).toBeLessThan(10);
    }
    expect(sp.trialdefinition.length).toBe(10);
    const step = T / 10;
    let shortest = Infinity;
    sp.trialdefinition.forEach(([start, stop], k) => {
      expect(start).toBe(k * step);
      expect(stop).toBeLessThanOrEqual((k + 1) * step - 1);
      expect(stop).toBeGreaterThan((k + 1) * step - 1 - step / 10);
      shortest = Math.min(shortest, stop - start);
    });
    for (const [, , offset] of sp.trialdefinition) {
      expect(-offset).toBeGreaterThanOrEqual(Math.floor(0.05 * shortest));
      expect(-offset).toBeLessThan(Math.floor(0.2 * shortest));
    }
  });

  test("channel and unit weights are uneven but every index is valid; reproducible", () => {
    const a = poisson_noise({ nSpikes: 5000, nChannels: 4, nUnits: 3, seed: 7 });
    const b = poisson_noise({ nSpikes: 5000, nChannels: 4, nUnits: 3, seed: 7 });
    const c = poisson_noise({ nSpikes: 5000, nChannels: 4, nUnits: 3, seed: 8 });
    expect(a).toEqual(b);
    expect(a.data).not.toEqual(c.data);
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < 5000; k++) counts[a.data[3 * k + 1]]++;
    expect(counts.reduce((s, v) => s + v, 0)).toBe(5000);
  });

  test("validation", () => {
    expect(() => poisson_noise({ intensity: 0 })).toThrow(SPYValueError);
    expect(() => poisson_noise({ intensity: 2 })).toThrow(SPYValueError);
    expect(() => poisson_noise({ nTrials: 0 })).toThrow(SPYValueError);
    expect(() => poisson_noise({ nSpikes: 10, intensity: 1, nTrials: 8 })).toThrow(SPYValueError);
  });
});
