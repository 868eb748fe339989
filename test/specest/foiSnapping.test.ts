/** foi values off the frequency grid are moved to the nearest bin with ONE warning saying so. */
import * as spy from "../../src";
import { captureWarnings } from "../../src/core/warnings";

const data = () => spy.synthdata.white_noise({ nTrials: 2, nSamples: 1000, nChannels: 2, samplerate: 1000, seed: 3 }) as spy.AnalogData;

describe("foi snapping", () => {
  test("mtmconvol foi [2, 6, 10, 14] on a 4 Hz grid (0.25 s windows): one warning, requested -> used", async () => {
    const { result, warnings } = await captureWarnings(() => spy.freqanalysis(data(), {
      method: "mtmconvol", t_ftimwin: 0.25, toi: 0.5, taper: "hann", foi: [2, 6, 10, 14],
    }));
    // rfftfreq(250, 1/1000): bins every 4 Hz; 2 -> 0 or 4 (numpy rounds half to the nearest bin index)
    const used = Array.from(result.freq);
    expect(used.every((f) => f % 4 === 0)).toBe(true);
    const snaps = warnings.filter((w) => w.startsWith("foi:"));
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toContain("4 of 4 frequencies are not on the 4 Hz grid");
    expect(snaps[0]).toContain(`6 -> ${used[1]}`);
    expect(snaps[0]).toContain(`14 -> ${used[3]}`);
  });

  test("mtmfft: values on the grid give no warning; merged requests are counted", async () => {
    const on = await captureWarnings(() => spy.freqanalysis(data(), { method: "mtmfft", taper: "hann", foi: [10, 20, 30] }));
    expect(on.warnings.filter((w) => w.startsWith("foi:"))).toEqual([]);
    expect(Array.from(on.result.freq)).toEqual([10, 20, 30]);
    const off = await captureWarnings(() => spy.freqanalysis(data(), { method: "mtmfft", taper: "hann", foi: [10.2, 10.4, 30] }));
    const w = off.warnings.filter((x) => x.startsWith("foi:"));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain("10.2 -> 10, 10.4 -> 10");
    expect(w[0]).toContain("1 fell onto a bin already requested and were dropped");
    expect(Array.from(off.result.freq)).toEqual([10, 30]);
  });

  test("a reversed foilim is sorted with a warning (Syncopy's 'Sorting foilim low to high')", async () => {
    const { result, warnings } = await captureWarnings(() => spy.freqanalysis(data(), { method: "mtmfft", taper: "hann", foilim: [40, 10] }));
    expect(warnings).toContain("sorting foilim low to high: [10, 40]");
    expect(result.freq[0]).toBe(10);
    expect(result.freq[result.freq.length - 1]).toBe(40);
    const wav = await captureWarnings(() => spy.freqanalysis(data(), { method: "wavelet", foilim: [40, 10], toi: "all" }));
    expect(wav.warnings).toContain("sorting foilim low to high: [10, 40]");
  });
});
