/** The mtmfft cases of test/fixtures/golden, through the public API, at the stated tolerances. */
import * as spy from "../../src";
import { inputTrials, readCase, readInput, readOutput, toleranceRatio, readF64, goldenDescribe } from "../helpers/golden";

const CASES = ["mtmfft_hann_pow_keeptrials", "mtmfft_dpss4_pow", "mtmfft_dpss4_fourier_keeptapers"];
const maybe = goldenDescribe("golden mtmfft cases");

maybe("golden mtmfft cases (Syncopy a86199a)", () => {
  for (const name of CASES) {
    test(name, async () => {
      const c = readCase(name);
      const input = readInput(c.inputs.data);
      // Syncopy's list input gives every trial the offset -samplerate (time starts at -1 s).
      const data = new spy.AnalogData({ data: inputTrials(input), samplerate: input.samplerate });
      expect(data.time[0][0]).toBe(-1);
      const spec = await spy.freqanalysis(data, { method: "mtmfft", ...c.params });

      const out = c.outputs.spec;
      expect(spec.dimord).toEqual(out.dimord);
      const expected = readOutput(out);
      // Syncopy's stacked array: trials concatenated along time (one sample per trial).
      const nTrials = out.shape[0];
      expect(spec.trials.length).toBe(nTrials);
      const per = expected.length / nTrials;
      const actual = new Float64Array(expected.length);
      for (let k = 0; k < nTrials; k++) {
        const t = spec.trials.get(k);
        expect(t.shape).toEqual([1, ...out.shape.slice(1)]);
        actual.set(t.data as Float32Array, k * per);
      }
      expect(toleranceRatio(actual, expected, c.tolerance, out.complex)).toBeLessThanOrEqual(1);
      // and against the float64 re-computation, which spyts (float64 inside) matches far closer
      const repro = readOutput(c.outputs.float64_repro);
      expect(toleranceRatio(actual, repro, { rtol: 1e-6, atol_scale: 1e-7 }, out.complex)).toBeLessThanOrEqual(1);

      expect(Array.from(spec.freq)).toEqual(Array.from(readF64(c.outputs.spec_freq.file!)));
      const trl = readF64(c.outputs.spec_trialdefinition.file!);
      expect(spec.trialdefinition.flat()).toEqual(Array.from(trl));
      expect(spec.time[0][0]).toBeCloseTo(readF64(c.outputs.spec_time_trial0.file!)[0], 12);
      expect(spec.taper).toEqual(c.meta.taper);
      expect(spec.channel).toEqual(c.meta.channel);
    });
  }
});
