/** The preprocessing and resampledata cases of test/fixtures/golden, through the public API, at the stated tolerances. */
import * as spy from "../../src";
import { inputTrials, readCase, readInput, readOutput, toleranceRatio, readF64, goldenDescribe } from "../helpers/golden";

const PREPROCESSING = ["prep_but_lp100_o4_twopass", "prep_firws_lp100_o200_twopass", "prep_but_bp_hilbert_abs", "prep_zscore"];
const RESAMPLING = ["resample_downsample_250", "resample_resample_400"];
const maybe = goldenDescribe("golden preprocessing cases");

/** Every trial of `out` concatenated along time (Syncopy's stacked dataset). */
function stacked(out: spy.AnalogData): Float64Array {
  const parts = Array.from(out.trials, (t) => Float64Array.from(t.data as ArrayLike<number>));
  const all = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return all;
}

const ratios: Record<string, number> = {};
afterAll(() => console.log("golden preproc tolerance ratios (<= 1 passes):", JSON.stringify(ratios)));

maybe("golden preprocessing / resampledata cases (Syncopy a86199a)", () => {
  for (const name of [...PREPROCESSING, ...RESAMPLING]) {
    test(name, async () => {
      const c = readCase(name);
      const input = readInput(c.inputs.data);
      // Syncopy's list input gives every trial the offset -samplerate (time starts at -1 s).
      const data = new spy.AnalogData({ data: inputTrials(input), samplerate: input.samplerate });
      expect(data.time[0][0]).toBe(-1);
      const out = PREPROCESSING.includes(name) ? await spy.preprocessing(data, c.params) : await spy.resampledata(data, c.params);

      const ref = c.outputs.out;
      expect(out.dimord).toEqual(ref.dimord);
      expect(out.shape).toEqual(ref.shape);
      const actual = stacked(out);
      const r = toleranceRatio(actual, readOutput(ref), c.tolerance);
      ratios[name] = Number(r.toPrecision(3));
      expect(r).toBeLessThanOrEqual(1);
      if (c.outputs.float64_repro) {
        // against the float64 re-computation: only our float32 output rounding is left
        const r64 = toleranceRatio(actual, readOutput(c.outputs.float64_repro), { rtol: 1e-6, atol_scale: 1e-7 });
        ratios[`${name} (float64 repro, rtol 1e-6)`] = Number(r64.toPrecision(3));
        expect(r64).toBeLessThanOrEqual(1);
      }
      expect(out.trialdefinition.flat()).toEqual(Array.from(readF64(c.outputs.out_trialdefinition.file!)));
      const t0 = readF64(c.outputs.out_time_trial0.file!);
      expect(out.time[0].length).toBe(t0.length);
      for (let i = 0; i < t0.length; i++) expect(Math.abs(out.time[0][i] - t0[i])).toBeLessThan(1e-12);
      expect(out.samplerate).toBe(c.meta.samplerate);
      expect(out.channel).toEqual(c.meta.channel);
      if (c.outputs.sos) {
        const sos = spy.preproc.butter(c.params.order as number, c.params.freq as number, c.params.filter_type as string, input.samplerate);
        expect(toleranceRatio(Float64Array.from(sos.flat()), readF64(c.outputs.sos.file!), { rtol: 1e-12, atol_scale: 1e-14 })).toBeLessThanOrEqual(1);
      }
    });
  }
});
