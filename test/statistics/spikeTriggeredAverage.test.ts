/**
 * spy.spike_triggered_average against a closed form: the analog signal is a known kernel placed at
 * every spike of unit 0 (spikes farther apart than the kernel), so the STA of unit 0 is the kernel
 * itself with zero variance; unit 1 fires 50 ms after unit 0, where the signal is its baseline.
 */
import { AnalogData } from "../../src/data/analog";
import { SpikeData } from "../../src/data/spike";
import { TimeLockData } from "../../src/data/timelock";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";
import { captureWarnings } from "../../src/core/warnings";
import { spike_triggered_average } from "../../src/statistics/spikeTriggeredAverage";

/** The kernel at lag j samples (j in -10 … 20). */
const kernel = (j: number) => Math.exp(-(j * j) / 20) * (j + 3) + (j === 0 ? 1 : 0);

function build(fsSpikes: number, fsAnalog: number) {
  const nT = 3, L = 1000, off = -200; // analog samples per trial, offset
  const unit0 = [[150, 400, 700], [120, 530, 880], [3, 300, 600]]; // analog samples in each trial; 3: too close to the start
  const x = new Float64Array(nT * L * 2);
  unit0.forEach((spikes, k) => {
    for (const s of spikes) {
      for (let j = -10; j <= 20; j++) {
        const i = s + j;
        if (i >= 0 && i < L) x[(k * L + i) * 2] += kernel(j);
      }
    }
  });
  for (let i = 0; i < nT * L; i++) x[i * 2 + 1] = 2 * x[i * 2] + 5;
  const analog = new AnalogData({
    data: { data: x, shape: [nT * L, 2], dtype: "float64" },
    samplerate: fsAnalog, channel: ["lfp1", "lfp2"],
    trialdefinition: Array.from({ length: nT }, (_, k) => [k * L, (k + 1) * L, off]),
  });
  // spikes on their own clock: analog sample s of trial k is at time (s + off) / fsAnalog
  const r = fsSpikes / fsAnalog;
  const rows: number[][] = [];
  unit0.forEach((spikes, k) => {
    for (const s of spikes) {
      rows.push([Math.round((k * L + s) * r), 0, 0]);
      if (s + 50 < L - 20) rows.push([Math.round((k * L + s + 50) * r), 1, 1]);
    }
  });
  rows.sort((a, b) => a[0] - b[0]);
  const spikes = new SpikeData({
    data: rows, samplerate: fsSpikes,
    trialdefinition: Array.from({ length: nT }, (_, k) => [k * L * r, (k + 1) * L * r, off * r]),
  });
  return { analog, spikes };
}

describe("spike_triggered_average", () => {
  for (const [fsS, fsA] of [[1000, 1000], [4000, 1000]]) {
    it(`is the kernel for unit 0 and the baseline for unit 1 (spikes ${fsS} Hz, analog ${fsA} Hz)`, async () => {
      const { analog, spikes } = build(fsS, fsA);
      const { result: sta, warnings } = await captureWarnings(() => spike_triggered_average(spikes, analog, { window: [-0.01, 0.02] }));
      expect(sta).toBeInstanceOf(TimeLockData);
      expect(sta.channel).toEqual(["channel0_unit0|lfp1", "channel0_unit0|lfp2", "channel1_unit1|lfp1", "channel1_unit1|lfp2"]);
      expect(sta.samplerate).toBe(fsA);
      expect(Array.from(sta.timeAxis)).toEqual(Array.from({ length: 31 }, (_, l) => (l - 10) / fsA));
      const avg = sta.avg!.data, v = sta.var!.data, dof = sta.dof!.data;
      for (let l = 0; l < 31; l++) {
        const k = kernel(l - 10);
        expect(avg[l * 4 + 0]).toBeCloseTo(k, 12);
        expect(avg[l * 4 + 1]).toBeCloseTo(2 * k + 5, 12);
        expect(avg[l * 4 + 2]).toBeCloseTo(0, 12);
        expect(avg[l * 4 + 3]).toBeCloseTo(5, 12);
        expect(v[l * 4]).toBeCloseTo(0, 12);
        // 9 unit-0 spikes, one too close to its trial's start: 8 averaged
        expect(dof[l * 4]).toBe(8);
        expect(dof[l * 4 + 2]).toBe(9);
      }
      expect(warnings.join()).toMatch(/1 of 18 spikes left out/);
    });
  }

  it("selects units and analog channels", async () => {
    const { analog, spikes } = build(1000, 1000);
    const sta = await captureWarnings(() => spike_triggered_average(spikes, analog, { window: [0, 0.005], select: { unit: "unit2" }, channel: "lfp2" }));
    expect(sta.result.channel).toEqual(["channel1_unit1|lfp2"]);
    expect(Array.from(sta.result.avg!.data)).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it("bad input", async () => {
    const { analog, spikes } = build(1000, 1000);
    await expect(spike_triggered_average(analog as never, analog, { window: [0, 0.01] })).rejects.toThrow(SPYTypeError);
    await expect(spike_triggered_average(spikes, spikes as never, { window: [0, 0.01] })).rejects.toThrow(SPYTypeError);
    await expect(spike_triggered_average(spikes, analog, { window: [0.01, 0] })).rejects.toThrow(SPYValueError);
    await expect(spike_triggered_average(spikes, analog, { window: 0.01 } as never)).rejects.toThrow(SPYTypeError);
    await expect(spike_triggered_average(spikes, analog, { window: [0.0001, 0.0002] })).rejects.toThrow(/at least one analog sample/);
    await expect(captureWarnings(() => spike_triggered_average(spikes, analog, { window: [-2, 2] }))).rejects.toThrow(/fits around at least one spike/);
    await expect(spike_triggered_average(spikes, analog, { window: [0, 0.01], lag: 1 } as never)).rejects.toThrow(/lag/);
    const two = new AnalogData({ data: { data: new Float64Array(2000), shape: [2000, 1], dtype: "float64" }, samplerate: 1000, trialdefinition: [[0, 1000, 0], [1000, 2000, 0]] });
    await expect(spike_triggered_average(spikes, two, { window: [0, 0.01] })).rejects.toThrow(/as many trials/);
  });
});
