/**
 * Every path that produces HTML escapes user text (issue 21: the batch progress bar put the
 * function name and the error message into its HTML unescaped). Hostile channel labels, info keys
 * and values, cfg entries (the log), FOOOF messages, progress labels (a batch transform's function
 * name) and error messages go through each path; no `<script` or `<img` tag may come out.
 */
import * as spy from "../../src";
import { createProgress, ProgressWriter } from "../../src/compute/progress";
import { fooofTableHTML } from "../../src/fooof/table";
import { DEFAULT_FOOOF_OPT } from "../../src/fooof";
import type { FooofFitData } from "../../src/fooof";
import { escapeHTML } from "../../src/plot/summary";
import { JUPYTER_DISPLAY } from "../../src/plot/display";

const HOSTILE = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"];
const H = HOSTILE.join(" ");

function expectEscaped(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  // and the text is there, escaped (not dropped)
  expect(html).toContain("&lt;script&gt;");
}

let analog: spy.AnalogData;
beforeAll(() => {
  const base = spy.synthdata.white_noise({ nTrials: 2, nSamples: 200, nChannels: 2, samplerate: 1000, seed: 1 }) as spy.AnalogData;
  analog = new spy.AnalogData({
    data: [0, 1].map((k) => base.trials[k]) as never, samplerate: 1000, channel: HOSTILE,
    info: { [H]: H, note: H },
  } as never);
});

describe("HTML paths escape user text", () => {
  test("escapeHTML escapes the five characters", () => {
    expect(escapeHTML(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  test("AnalogData summary (labels, info keys and values)", () => {
    expectEscaped(analog.summaryHTML());
  });

  test("SpectralData, CrossSpectralData, TimeLockData summaries (labels, cfg in the log)", async () => {
    const spec = await spy.freqanalysis(analog, { parallel: false });
    expectEscaped(spec.summaryHTML());
    const coh = await spy.connectivityanalysis(analog, { method: "coh", parallel: false });
    expectEscaped(coh.summaryHTML());
    const tl = await spy.timelockanalysis(analog, { parallel: false });
    expectEscaped(tl.summaryHTML());
  });

  test("the notebook display bundle of a data object", async () => {
    const bundle = await (analog as unknown as Record<symbol, () => Record<string, unknown>>)[JUPYTER_DISPLAY]();
    expectEscaped(String(bundle["text/html"]));
  });

  test("FOOOF table: a failed fit's message, and a fit", () => {
    const fit: FooofFitData = {
      freqs: [1, 2, 3], power_spectrum: [1, 1, 1], freq_range: [1, 3], freq_res: 1,
      settings: { ...DEFAULT_FOOOF_OPT }, aperiodic_params: [0, 1], peak_params: [], gaussian_params: [],
      r_squared: 1, error: 0, n_peaks: 0, fooofed_spectrum: [1, 1, 1], ap_fit: [1, 1, 1], peak_fit: [0, 0, 0],
      converged: false, message: H,
    } as unknown as FooofFitData;
    expectEscaped(fooofTableHTML(fit));
  });

  test("progress in a notebook: the label (a batch function's name) and the error message", () => {
    const sent: string[] = [];
    const writer: ProgressWriter = { write(msg) { sent.push(String(msg.data["text/html"])); } };
    const p = createProgress({ label: `batch ${H}`, total: 10, target: writer, delayMs: 0, minIntervalMs: 0 });
    p.update(3);
    p.stop(new Error(`the transform failed: ${H}`));
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const html of sent) expectEscaped(html);
    expect(sent[sent.length - 1]).toContain("the transform failed");
  });
});
