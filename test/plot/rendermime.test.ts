/**
 * Which part of a spyts output JupyterLab shows, decided by JupyterLab's own code
 * (@jupyterlab/rendermime's registry with the standard renderers and the vega5 extension at its
 * real rank). An output area asks `preferredMimeType(data, trusted ? "any" : "ensure")`.
 */
import { jupyterLabRegistry, loadJupyterLabRendermime } from "../helpers/jupyterlab";
import { VEGALITE_MIME, plotParts, plotBundle, htmlBundle } from "../../src/plot/display";
import { lineSpec } from "../../src/plot/specs";
import * as spy from "../../src";

jest.setTimeout(60000);

describe("JupyterLab's mime selection on spyts outputs", () => {
  let plot: Record<string, unknown>;
  beforeAll(async () => {
    // render first: vega looks for a DOM canvas when it loads, and the jsdom globals have none
    plot = plotBundle(await plotParts(lineSpec({ x: [0, 1, 2], series: [{ name: "a", y: [1, 3, 2] }], title: "t" })));
    loadJupyterLabRendermime();
  });

  test("the ranks this test relies on are JupyterLab's: html 50, vega 57, png 90, plain text 120", () => {
    const m = loadJupyterLabRendermime();
    const rank = (mime: string) => m.standardRendererFactories.find((f) => f.mimeTypes.includes(mime))?.defaultRank;
    expect(rank("text/html")).toBe(50);
    expect(m.vegaExtension.rank).toBe(57);
    expect(m.vegaExtension.rendererFactory.mimeTypes).toContain(VEGALITE_MIME);
    expect(rank("image/png")).toBe(90);
    expect(rank("text/plain")).toBe(120);
  });

  test("a plot: the interactive chart, trusted or not (the vega renderer is a safe one)", () => {
    const r = jupyterLabRegistry();
    expect(r.preferredMimeType(plot, "any")).toBe(VEGALITE_MIME);
    expect(r.preferredMimeType(plot, "ensure")).toBe(VEGALITE_MIME);
  });

  test("a plot where no vega renderer is installed: the PNG, never the text", () => {
    const r = jupyterLabRegistry(false);
    expect(r.preferredMimeType(plot, "any")).toBe("image/png");
    expect(r.preferredMimeType(plot, "ensure")).toBe("image/png");
  });

  test("the former bundle (text/html beside the chart) hid the chart: why text/html is gone", () => {
    const r = jupyterLabRegistry();
    const old = { [VEGALITE_MIME]: {}, "text/html": "<div><svg></svg></div>", "text/plain": "t" };
    expect(r.preferredMimeType(old, "any")).toBe("text/html");
  });

  test("a data object's summary: the HTML table", () => {
    const r = jupyterLabRegistry();
    const d = spy.synthdata.white_noise({ nTrials: 2, nSamples: 10, nChannels: 2, seed: 1 }) as spy.AnalogData;
    const summary = htmlBundle("<table></table>", String(d));
    expect(r.preferredMimeType(summary, "any")).toBe("text/html");
    expect(r.preferredMimeType(summary, "ensure")).toBe("text/html");
  });
});
