/**
 * The median over trials in memory and through the spill file (a budget far below the data) gives
 * numpy's np.median / np.nanmedian over the stacked trials (test/fixtures/statistics/stats.json).
 */
import * as fs from "fs";
import { AnalogData } from "../../src/data/analog";
import { SpectralData } from "../../src/data/spectral";
import { SelectionSource } from "../../src/data/source";
import { releaseAll, storageDir } from "../../src/data/storage";
import { medianOverTrials } from "../../src/statistics/trialMedian";
import { decode, Encoded, expectClose, loadFixture } from "./fixtureData";

interface Arr { shape: number[]; values: Encoded }
interface Dataset { name: string; complex: boolean; trials: Arr[]; expected: { op: string; dim: string; nan: string; trials: Arr[] }[] }
const fx = loadFixture<{ datasets: Dataset[] }>("stats.json");

afterAll(() => releaseAll());

function sourceOf(d: Dataset): SelectionSource {
  const trials = d.trials.map((t) => ({ data: decode(t.values), shape: t.shape, dtype: d.complex ? "complex128" : "float64" } as const));
  const data = d.name === "analog" ? new AnalogData({ data: trials, samplerate: 1 }) : new SpectralData({ data: trials, samplerate: 1 });
  return new SelectionSource(data, data.resolve(null));
}

describe.each(["analog", "spectral"])("%s: median over trials", (name) => {
  const d = fx.datasets.find((x) => x.name === name)!;
  const source = sourceOf(d);
  const elements = d.trials[0].shape.reduce((a, b) => a * b, 1);
  for (const nan of ["propagate", "omit"] as const) {
    const want = decode(d.expected.find((e) => e.op === "median" && e.dim === "trials" && e.nan === nan)!.trials[0].values);
    test(`${nan}: in memory`, () => {
      let mode = "";
      const got = medianOverTrials(source, elements, { nan, onPlan: (p) => { mode = p.mode; } });
      expect(mode).toBe("memory");
      expectClose(got, want, 0);
    });
    test(`${nan}: spilled in blocks of 7 elements (the last one shorter)`, () => {
      const perElement = d.trials.length * (d.complex ? 2 : 1) * 8;
      let plan = { mode: "", blockElements: 0, nBlocks: 0 };
      const before = new Set(fs.readdirSync(storageDir()));
      const got = medianOverTrials(source, elements, { nan, budgetBytes: 7 * perElement + 3, onPlan: (p) => { plan = p; } });
      expect(plan).toEqual({ mode: "spill", blockElements: 7, nBlocks: Math.ceil(elements / 7) });
      expect(elements % 7).not.toBe(0);
      expectClose(got, want, 0);
      // the spill file is gone
      expect(fs.readdirSync(storageDir()).filter((f) => !before.has(f) && f.endsWith(".median"))).toEqual([]);
    });
  }
});
