/**
 * Boolean keywords take true or false only (issue 21: `save(p, { overwrite: "no" })` overwrote).
 * Metafunctions: every keyword whose default is a boolean, checked centrally in cfg/metafunction.ts
 * (also when the chosen method does not read it); Syncopy's cfg spellings "yes"/"no" stay booleans.
 * Other entry points: their options' booleans through checkBoolean.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { SPYTypeError } from "../../src";
import { errorOf } from "../helpers/errorOf";

let data: spy.AnalogData;
beforeAll(() => {
  data = spy.synthdata.white_noise({ nTrials: 2, nSamples: 100, nChannels: 2, samplerate: 1000, seed: 1 }) as spy.AnalogData;
});

const NOT_BOOLEANS = [1, 0, "false", "true", "0", {}, [true]];
/** Keywords with a boolean default checked by their frontend: hilbert also takes a string. */
const BOOLEAN_OR_CHOICE = ["preprocessing.hilbert"];
/** zscore and rectify: Syncopy's preprocessing refuses a non-boolean with a SPYValueError. */
const VALUE_ERROR_BOOLEANS = ["preprocessing.zscore", "preprocessing.rectify"];

const metaRows: [string, string][] = [];
for (const [name, fn] of Object.entries(spy)) {
  const defaults = (fn as { defaults?: Record<string, unknown> } | null)?.defaults;
  if (typeof fn !== "function" || !defaults) continue;
  for (const [k, v] of Object.entries(defaults)) if (typeof v === "boolean" && !BOOLEAN_OR_CHOICE.includes(`${name}.${k}`)) metaRows.push([name, k]);
}

describe("boolean keywords of metafunctions", () => {
  test("the list: every boolean keyword of every metafunction", () => {
    expect(metaRows.map((r) => r.join("."))).toEqual(expect.arrayContaining([
      "selectdata.inplace", "selectdata.clear", "freqanalysis.keeptrials", "freqanalysis.keeptapers", "freqanalysis.adaptive",
      "freqanalysis.demean_taper", "freqanalysis.ft_compat", "connectivityanalysis.keeptrials", "connectivityanalysis.jackknife",
      "mean.keeptrials", "timelockanalysis.covariance", "timelockanalysis.vartriallen", "preprocessing.zscore", "preprocessing.rectify",
    ]));
  });

  test.each(metaRows)("%s: %s takes true or false only", async (name, k) => {
    const fn = (spy as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name];
    for (const bad of NOT_BOOLEANS) {
      const e = await errorOf(() => fn(data, { [k]: bad }));
      if (VALUE_ERROR_BOOLEANS.includes(`${name}.${k}`)) {
        expect(e).toBeInstanceOf(spy.SPYValueError);
        expect((e as spy.SPYValueError).param).toBe(k);
        expect((e as Error).message).toContain("either `True` or `False`");
        continue;
      }
      expect(e).toBeInstanceOf(SPYTypeError);
      expect((e as SPYTypeError).param).toBe(k);
      expect((e as SPYTypeError).allowed).toBe("true or false");
    }
  });

  test("Syncopy's cfg \"yes\"/\"no\" still mean true/false", async () => {
    const cfg: Record<string, unknown> = { keeptrials: "no", parallel: false };
    const spec = await spy.freqanalysis(data, cfg);
    expect(spec.nTrials).toBe(1);
  });
});

describe("boolean options of other entry points", () => {
  const cases: [string, (bad: unknown) => unknown, string][] = [
    ["spy.batch.butterworth standardize", (b) => spy.batch.butterworth({ sampling_frequency: 30000, standardize: b } as never), "standardize"],
    ["spy.batch.butterworth center", (b) => spy.batch.butterworth({ sampling_frequency: 30000, center: b } as never), "center"],
    ["spy.batch.standardize center", (b) => spy.batch.standardize({ sampling_frequency: 30000, center: b } as never), "center"],
    ["synthdata seed_per_trial", (b) => spy.synthdata.white_noise({ nTrials: 2, nSamples: 4, seed_per_trial: b } as never), "seed_per_trial"],
    ["synthdata rand_ini", (b) => spy.synthdata.phase_diffusion({ nTrials: 2, nSamples: 4, freq: 10, rand_ini: b } as never), "rand_ini"],
    ["synthdata return_phase", (b) => spy.synthdata.phase_diffusion({ nTrials: 2, nSamples: 4, freq: 10, return_phase: b } as never), "return_phase"],
    ["definetrial clip_edges", (b) => spy.definetrial(data, { trialdefinition: [[0, 10, 0]], clip_edges: b } as never), "clip_edges"],
  ];
  test.each(cases)("%s", async (_label, call, param) => {
    for (const bad of [...NOT_BOOLEANS, "no", "yes"]) {
      const e = await errorOf(() => call(bad));
      expect(e).toBeInstanceOf(SPYTypeError);
      expect((e as SPYTypeError).param).toBe(param);
    }
  });

  test("save(p, { overwrite: \"no\" }) is a SPYTypeError and leaves the container as it was", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-bool-"));
    try {
      const p = path.join(dir, "x.spy");
      await spy.save(data, p);
      const before = fs.readdirSync(p).sort();
      const small = spy.synthdata.white_noise({ nTrials: 1, nSamples: 10, nChannels: 1, seed: 2 }) as spy.AnalogData;
      for (const bad of ["no", "false", 0, 1]) {
        const e = await errorOf(() => spy.save(small, p, { overwrite: bad as never }));
        expect(e).toBeInstanceOf(SPYTypeError);
        expect((e as SPYTypeError).param).toBe("overwrite");
      }
      expect(fs.readdirSync(p).sort()).toEqual(before);
      const back = await spy.load(p);
      expect((back as spy.AnalogData).nTrials).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
