/**
 * Channels named like Object.prototype members or with vega's field-access characters draw
 * (issue 21: a channel named "constructor" or "toString" made every plot fail with "Operator not
 * defined"): every plot kind compiles and renders headless, and the names appear in the SVG.
 */
import * as spy from "../../src";
import { plotSpec } from "../../src/plotting/frontends";
import { renderSVG } from "../../src/plot/render";
import { vegaString } from "../../src/plot/vegaExpr";

const NAMES = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "if", 'say "hi"', "a.b", "a[0]", "it's", "a\\b"];

let analog: spy.AnalogData;
beforeAll(() => {
  const base = spy.synthdata.white_noise({ nTrials: 2, nSamples: 200, nChannels: NAMES.length, samplerate: 1000, seed: 1 }) as spy.AnalogData;
  analog = new spy.AnalogData({ data: [0, 1].map((k) => base.trials[k]) as never, samplerate: 1000, channel: NAMES } as never);
});

async function draws(data: spy.BaseData, opts: Record<string, unknown>, multi: boolean): Promise<string> {
  const svg = await renderSVG(plotSpec(data, opts as never, multi));
  expect(svg.startsWith("<svg")).toBe(true);
  return svg;
}

/** The name as it appears in SVG text (XML-escaped). */
const inSvg = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

describe("plots of channels with hostile names", () => {
  test.each([false, true])("AnalogData, multi-panel %s", async (multi) => {
    const svg = await draws(analog, { trials: 0 }, multi);
    for (const n of ["constructor", "toString", "valueOf", "a.b", "a[0]"]) expect(svg).toContain(`>${inSvg(n)}<`);
  });

  test("AnalogData, shifted channels", async () => {
    const svg = await draws(analog, { trials: 0, shifted: true }, false);
    expect(svg).toContain(">valueOf<");
  });

  test.each([false, true])("SpectralData (mtmfft), multi-panel %s", async (multi) => {
    const spec = await spy.freqanalysis(analog, { parallel: false });
    await draws(spec, {}, multi);
  });

  test.each([false, true])("SpectralData (time-frequency heatmaps), multi-panel %s", async (multi) => {
    const spec = await spy.freqanalysis(analog, { method: "mtmconvol", t_ftimwin: 0.05, toi: 0.5, parallel: false });
    // one map of "constructor" (single panel) or one per channel (multi-panel)
    await draws(spec, { trials: 0, channel: multi ? NAMES.slice(0, 4) : ["constructor"] }, multi);
  });

  test("CrossSpectralData (coherence matrix and pair spectra)", async () => {
    const coh = await spy.connectivityanalysis(analog, { method: "coh", parallel: false });
    await draws(coh, {}, false);
    await draws(coh, { channel_i: "constructor", channel_j: "toString" }, false);
  });

  test("vegaString: risky names become a concatenation, others stay literals", () => {
    expect(vegaString("constructor")).toBe('("c"+"onstructor")');
    expect(vegaString("if")).toBe('("i"+"f")');
    expect(vegaString("a.b")).toBe('"a.b"');
  });
});
