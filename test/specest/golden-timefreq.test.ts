/**
 * The time-frequency cases of test/fixtures/golden (mtmconvol, welch, wavelet, superlet) through the
 * public API, at the stated tolerances: data, freq, trialdefinition, time axis, samplerate, labels.
 */
import * as spy from "../../src";
import { inputTrials, readCase, readInput, readOutput, toleranceRatio, readF64, goldenDescribe } from "../helpers/golden";

const CASES = (process.env.SPYTS_TF_CASES ?? "mtmconvol_hann_toi_overlap,welch_hann_025s_50pct,wavelet_morlet_w6,superlet_mult_o10_c3").split(",");
const maybe = goldenDescribe("golden time-frequency cases");

maybe("golden time-frequency cases (Syncopy a86199a)", () => {
  for (const name of CASES) {
    test(name, async () => {
      const c = readCase(name);
      const input = readInput(c.inputs.data);
      const data = new spy.AnalogData({ data: inputTrials(input), samplerate: input.samplerate });
      const spec = await spy.freqanalysis(data, c.params);

      const out = c.outputs.out;
      expect(spec.dimord).toEqual(out.dimord);
      const expected = readOutput(out);
      const actual = new Float64Array(expected.length);
      let pos = 0;
      for (const t of spec.trials) {
        expect(t.shape.slice(1)).toEqual(out.shape.slice(1));
        actual.set(t.data as Float32Array, pos);
        pos += t.data.length;
      }
      expect(pos).toBe(expected.length);
      const ratio = toleranceRatio(actual, expected, c.tolerance, out.complex);
      expect(ratio).toBeLessThanOrEqual(1);

      const freq = readF64(c.outputs.out_freq.file!);
      expect(spec.freq.length).toBe(freq.length);
      spec.freq.forEach((f, i) => expect(f).toBeCloseTo(freq[i], 9));
      expect(spec.trialdefinition.map((r) => r.slice(0, 3)).flat()).toEqual(Array.from(readF64(c.outputs.out_trialdefinition.file!)));
      const t0 = readF64(c.outputs.out_time_trial0.file!);
      const time = spec.time[0];
      expect(time.length).toBe(t0.length);
      t0.forEach((t, i) => expect(time[i]).toBeCloseTo(t, 9));
      expect(spec.samplerate).toBeCloseTo(c.meta.samplerate as number, 9);
      expect(spec.taper).toEqual(c.meta.taper);
      expect(spec.channel).toEqual(c.meta.channel);
    });
  }
});
