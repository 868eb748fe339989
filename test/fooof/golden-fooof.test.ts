/**
 * The FOOOF cases of test/fixtures/golden (fooof 1.1.1, scipy 1.10.1; Syncopy a86199a), through the
 * public API, at the stated tolerance; n_peaks exactly.
 */
import * as spy from "../../src";
import { fooofSpectralData } from "../../src/fooof";
import { inputTrials, readCase, readF64, readInput, readOutput, toleranceRatio, goldenDescribe, type GoldenCase } from "../helpers/golden";

const maybe = goldenDescribe("golden FOOOF cases");

afterAll(() => spy.shutdown());

maybe("golden FOOOF cases (fooof 1.1.1 on given spectra)", () => {
  for (const name of ["fooof_fixed_default", "fooof_knee"]) {
    test(name, () => {
      const c = readCase(name);
      const freqs = readInput(c.inputs.freqs).values;
      const power = readInput(c.inputs.power).values;
      const params = c.params as { settings: Record<string, unknown>; freq_range: [number, number] | null };
      const fit = spy.fooof(freqs, power, { ...params.settings, freq_range: params.freq_range });
      const s = c.scalars as { n_peaks_: number; r_squared_: number; error_: number };
      expect(fit.converged).toBe(true);
      expect(fit.n_peaks).toBe(s.n_peaks_);
      const check = (key: string, actual: ArrayLike<number>) => {
        const expected = readOutput(c.outputs[key]);
        expect(actual.length).toBe(expected.length);
        const ratio = toleranceRatio(actual, expected, c.tolerance);
        if (!(ratio <= 1)) throw new Error(`${name}.${key}: tolerance ratio ${ratio}`);
      };
      expect(fit.freqs).toEqual(Array.from(readOutput(c.outputs.freqs_used)));
      check("power_spectrum_log10", fit.power_spectrum);
      check("aperiodic_params_", fit.aperiodic_params);
      check("peak_params_", fit.peak_params.flat());
      check("gaussian_params_", fit.gaussian_params.flat());
      check("fooofed_spectrum_", fit.fooofed_spectrum);
      check("ap_fit", fit.ap_fit);
      check("peak_fit", fit.peak_fit);
      expect(toleranceRatio([fit.r_squared], [s.r_squared_], c.tolerance)).toBeLessThanOrEqual(1);
      expect(toleranceRatio([fit.error], [s.error_], c.tolerance)).toBeLessThanOrEqual(1);
    });
  }
});

maybe("golden spy_mtmfft_fooof (Syncopy's FOOOF of the trial-averaged Hann power)", () => {
  const name = "spy_mtmfft_fooof";
  let c!: GoldenCase;
  beforeAll(() => { c = readCase(name); }); // read when the tests run, not while jest collects
  const md = () => c.syncopy_metadata as Record<string, Record<string, unknown>>;
  const key = (k: string) => md()[k][`${k}__0_0`];

  function checkAgainstSyncopy(out: spy.SpectralData): void {
    const expected = readOutput(c.outputs.out);
    expect(out.trials.length).toBe(1);
    const t = out.trials.get(0);
    expect(t.shape).toEqual(c.outputs.out.shape);
    expect(toleranceRatio(t.data, expected, c.tolerance)).toBeLessThanOrEqual(1);
    expect(Array.from(out.freq)).toEqual(Array.from(readF64(c.outputs.out_freq.file!)));
    expect(out.trialdefinition.flat()).toEqual(Array.from(readF64(c.outputs.out_trialdefinition.file!)));
    const m = out.metadata as Record<string, Record<string, unknown>>;
    const mine = (k: string) => m[k][`${k}__0_0`];
    expect(mine("n_peaks")).toEqual(key("n_peaks"));
    expect(toleranceRatio((mine("aperiodic_params") as number[][]).flat(), (key("aperiodic_params") as number[][]).flat(), c.tolerance)).toBeLessThanOrEqual(1);
    expect(toleranceRatio(mine("r_squared") as number[], key("r_squared") as number[], c.tolerance)).toBeLessThanOrEqual(1);
    expect(toleranceRatio(mine("error") as number[], key("error") as number[], c.tolerance)).toBeLessThanOrEqual(1);
    // Channel 0's peaks. (Syncopy's metadata gives channel 1 the first rows of channel 0's
    // stacked peaks, a bug in its np.split of the stacked lists: channel 1 is checked through
    // its output spectrum and its n_peaks only.)
    for (const k of ["gaussian_params", "peak_params"]) {
      const a = (mine(k) as number[][][])[0].flat(), b = (key(k) as number[][][])[0].flat();
      expect(toleranceRatio(a, b, c.tolerance)).toBeLessThanOrEqual(1);
    }
    expect(mine("converged")).toEqual([true, true]);
  }

  test("fooof of Syncopy's own mtmfft power (the fooof step alone)", async () => {
    const pow = readOutput(c.outputs.mtmfft_pow);
    const freq = readF64(c.outputs.out_freq.file!);
    const spec = new spy.SpectralData({
      data: { data: Float32Array.from(pow), shape: c.outputs.mtmfft_pow.shape, dtype: "float32" },
      samplerate: 1000, channel: c.meta.channel as string[], freq, taper: ["hann"], trialdefinition: [[0, 1, 0]],
    });
    const out = await fooofSpectralData(spec, { output: "fooof" });
    checkAgainstSyncopy(out);
  });

  test("mtmfft with spy.freqanalysis, then fooof", async () => {
    const input = readInput(c.inputs.data);
    const data = new spy.AnalogData({ data: inputTrials(input), samplerate: input.samplerate });
    const { output: _o, ...params } = c.params as Record<string, unknown>;
    const pow = await spy.freqanalysis(data, { ...params, output: "pow" });
    expect(toleranceRatio(pow.trials.get(0).data, readOutput(c.outputs.mtmfft_pow), { rtol: 1e-5, atol_scale: 1e-6 })).toBeLessThanOrEqual(1);
    checkAgainstSyncopy(await fooofSpectralData(pow, { output: "fooof" }));
  });

  test("the whole call, spy.freqanalysis(output='fooof')", async () => {
    const input = readInput(c.inputs.data);
    const data = new spy.AnalogData({ data: inputTrials(input), samplerate: input.samplerate });
    const out = await spy.freqanalysis(data, c.params);
    checkAgainstSyncopy(out);
    // the provenance names the FOOOF step and its settings
    expect(out.log).toMatch(/fooof_method/);
    expect((out.cfg.freqanalysis as Record<string, unknown>).output).toBe("fooof");
  });
});
