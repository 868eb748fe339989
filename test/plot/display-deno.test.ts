/**
 * Display under Deno's Jupyter kernel (`deno jupyter`), with a fake `globalThis.Deno.jupyter`:
 * the bundles sent are the ones tslab gets, they go through `Deno.jupyter.broadcast` (in call
 * order, with their metadata and display ids), and the kernel writer is picked in the order
 * Deno's kernel, tslab, nothing.
 */
// tslab's writer, switchable per test (the jest.mock factory may only close over `mock*` names).
let mockTslabWrite: ((...args: unknown[]) => void) | null = null;
jest.mock("tslab/dist/jupyter", () => ({
  get lastWriteDisplayData() { return mockTslabWrite; },
}));

import { inspect } from "util";
import * as spy from "../../src";
import {
  display, displayHTML, displaySpec, htmlBundle, inKernel, kernelWriter, tslabWriter, JUPYTER_DISPLAY, PLOT_HINT, VEGALITE_MIME,
} from "../../src/plot/display";
import { createProgress } from "../../src/batch/progress";
import { lineSpec } from "../../src/plot/specs";

type Sent = { via: "broadcast" | "display" | "tslab"; type?: string; content: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: { display_id?: string } }; update?: boolean };

let sent: Sent[] = [];
const g = globalThis as { Deno?: unknown };

/** Install a fake Deno whose kernel records what is sent. */
function fakeDenoKernel(): void {
  g.Deno = {
    version: { deno: "2.9.6" },
    jupyter: {
      broadcast(type: string, content: Sent["content"]) { sent.push({ via: "broadcast", type, content }); },
      async display(obj: Record<string, unknown>) { sent.push({ via: "display", content: { data: obj, metadata: {}, transient: {} } }); },
    },
  };
}

/** A fake Deno as under `deno run`: reading `Deno.jupyter` throws. */
function fakeDenoScript(): void {
  g.Deno = { version: { deno: "2.9.6" } };
  Object.defineProperty(g.Deno, "jupyter", { get() { throw new Error("Deno.jupyter is only available in `deno jupyter` subcommand"); } });
}

const tslabWrite = (msg: unknown, update: unknown) => { sent.push({ via: "tslab", content: msg as Sent["content"], update: update as boolean }); };

beforeEach(() => { sent = []; mockTslabWrite = null; });
afterEach(() => { delete g.Deno; });

const small = () => spy.synthdata.white_noise({ nTrials: 2, nSamples: 100, nChannels: 2, samplerate: 100, seed: 3 }) as spy.AnalogData;

describe("the kernel writer: Deno's kernel, else tslab, else nothing", () => {
  test("Deno's kernel first, even when tslab's writer is there too", () => {
    fakeDenoKernel();
    mockTslabWrite = tslabWrite;
    expect(kernelWriter()?.kernel).toBe("deno");
    expect(inKernel()).toBe(true);
    displayHTML("<table></table>", "summary");
    expect(sent).toEqual([{ via: "broadcast", type: "display_data", content: { data: { "text/html": "<table></table>", "text/plain": "summary" }, metadata: {}, transient: {} } }]);
  });

  test("tslab without Deno", () => {
    mockTslabWrite = tslabWrite;
    expect(kernelWriter()?.kernel).toBe("tslab");
    displayHTML("<p></p>", "x");
    expect(sent).toEqual([{ via: "tslab", content: { data: { "text/html": "<p></p>", "text/plain": "x" }, metadata: {}, transient: {} }, update: false }]);
  });

  test("neither (node scripts, jest): nothing is sent, the text printed only when asked", () => {
    expect(kernelWriter()).toBeNull();
    expect(inKernel()).toBe(false);
    const out = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      display(small());
      expect(out).not.toHaveBeenCalled();
      display(small(), { printTextOutsideKernel: true });
      expect(String(out.mock.calls[0][0])).toContain("AnalogData");
    } finally {
      out.mockRestore();
    }
    expect(sent).toEqual([]);
  });

  test("under `deno run` (Deno.jupyter throws): no writer, and tslab is not consulted", () => {
    fakeDenoScript();
    mockTslabWrite = tslabWrite;
    expect(kernelWriter()).toBeNull();
    expect(tslabWriter()).toBeNull();
    displayHTML("<p></p>", "x");
    expect(sent).toEqual([]);
  });
});

describe("spy.display and Symbol.for('Jupyter.display')", () => {
  test("spy.display is public and is the one in plot/display", () => {
    expect(spy.display).toBe(display);
    expect(JUPYTER_DISPLAY).toBe(Symbol.for("Jupyter.display"));
  });

  test("a data object's bundle is its summary's htmlBundle, the same under both kernels", () => {
    const d = small();
    const bundle = (d as unknown as Record<symbol, () => unknown>)[Symbol.for("Jupyter.display")]();
    expect(bundle).toEqual(htmlBundle(d.summaryHTML(), d.summary()));
    fakeDenoKernel();
    expect(display(d)).toBeUndefined();
    d.display();
    delete g.Deno;
    mockTslabWrite = tslabWrite;
    display(d);
    expect(sent.map((s) => s.via)).toEqual(["broadcast", "broadcast", "tslab"]);
    for (const s of sent) expect(s.content.data).toEqual(bundle);
    expect(sent[0].type).toBe("display_data");
  });

  test("a spectrum and a FOOOF fit display the same way", async () => {
    fakeDenoKernel();
    const spec = await spy.freqanalysis(small(), { method: "mtmfft", taper: "hann", keeptrials: false });
    display(spec);
    expect(sent[0].content.data).toEqual(htmlBundle(spec.summaryHTML(), spec.summary()));
    const freqs = Array.from({ length: 60 }, (_, i) => 1 + i);
    const fit = spy.fooof(freqs, freqs.map((f) => 10 ** (1 - 1.5 * Math.log10(f) + 0.5 * Math.exp(-((f - 10) ** 2) / 8))));
    expect(fit[JUPYTER_DISPLAY]()).toEqual(htmlBundle(fit.summaryHTML(), fit.summary()));
    display(fit);
    expect(sent[1].content.data).toEqual(fit[JUPYTER_DISPLAY]());
  });

  test("outputs leave in call order, and Deno.jupyter.display (which defers its send) is not used", async () => {
    fakeDenoKernel();
    const d = small();
    display(d);
    display("a string");
    display({ a: 1 });
    displayHTML("<i>last</i>", "last");
    await new Promise((r) => setImmediate(r));
    expect(sent.every((s) => s.via === "broadcast")).toBe(true);
    expect(sent.map((s) => s.content.data["text/plain"])).toEqual([d.summary(), inspect("a string"), inspect({ a: 1 }), "last"]);
  });

  test("an object whose bundle comes asynchronously is sent when it is ready", async () => {
    fakeDenoKernel();
    display({ [Symbol.for("Jupyter.display")]: async () => ({ "text/markdown": "**hi**" }) });
    expect(sent).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(sent.map((s) => s.content.data)).toEqual([{ "text/markdown": "**hi**" }]);
  });
});

describe("plots under Deno's kernel", () => {
  test("the chart at once with a display id, then the PNG as an update of that output", async () => {
    fakeDenoKernel();
    const spec = lineSpec({ x: [0, 1], series: [{ name: "a", y: [1, 2] }], title: "deno" });
    const pending = displaySpec(spec);
    // synchronously: an unawaited plot still shows in its cell
    expect(sent.length).toBe(1);
    expect(sent[0].via).toBe("broadcast");
    expect(sent[0].type).toBe("display_data");
    expect(Object.keys(sent[0].content.data).sort()).toEqual([VEGALITE_MIME, "text/plain"].sort());
    expect(sent[0].content.data[VEGALITE_MIME]).toBe(spec);
    const id = sent[0].content.transient.display_id;
    expect(id).toMatch(/^spyts-plot-/);
    // as a cell's last value the promise shows a hint (Deno asks its bundle, tslab inspects it)
    const hint = (pending as unknown as Record<symbol, () => unknown>)[Symbol.for("Jupyter.display")]();
    expect(hint).toEqual({ "text/plain": PLOT_HINT });
    expect(inspect(pending)).toBe(PLOT_HINT);
    await pending;
    expect(sent.length).toBe(2);
    const upd = sent[1];
    expect(upd.type).toBe("update_display_data");
    expect(upd.content.transient.display_id).toBe(id);
    expect(Object.keys(upd.content.data).sort()).toEqual([VEGALITE_MIME, "image/png", "text/plain"].sort());
    expect(Buffer.from(String(upd.content.data["image/png"]), "base64").subarray(1, 4).toString()).toBe("PNG");
    // the PNG's CSS size travels in the content's metadata (Deno.jupyter.display would drop it)
    expect((upd.content.metadata["image/png"] as { width: number }).width).toBeGreaterThan(100);
  });

  test("spy.singlepanelplot under Deno: the same two messages as under tslab", async () => {
    const d = small();
    fakeDenoKernel();
    await spy.singlepanelplot(d, { trials: 0 });
    const viaDeno = sent.map((s) => ({ update: s.type === "update_display_data", keys: Object.keys(s.content.data).sort() }));
    delete g.Deno;
    sent = [];
    mockTslabWrite = tslabWrite;
    await spy.singlepanelplot(d, { trials: 0 });
    const viaTslab = sent.map((s) => ({ update: s.update, keys: Object.keys(s.content.data).sort() }));
    expect(viaDeno).toEqual(viaTslab);
    expect(viaDeno.map((m) => m.update)).toEqual([false, true]);
  });
});

test("batch progress draws in Deno's kernel too (one output, updated in place)", () => {
  fakeDenoKernel();
  const p = createProgress("filter", 2, true);
  p.update(1, 1000);
  p.stop();
  expect(sent.map((s) => s.type)).toEqual(["display_data", "update_display_data"]);
  expect(sent[0].content.transient.display_id).toBe(sent[1].content.transient.display_id);
  expect(String(sent[1].content.data["text/plain"])).toContain("done");
});
