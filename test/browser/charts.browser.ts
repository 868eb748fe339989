/**
 * spyts' interactive charts in a real browser (issue 15): Debian's Chromium, driven by
 * playwright-core, renders the `application/vnd.vegalite.v5+json` part of real plot bundles with
 * vega-embed the way JupyterLab's vega5 renderer does (canvas renderer, default tooltip handler),
 * and the tests check what only a browser shows: the chart draws (scenegraph marks, inked canvas,
 * the browser-side data transforms give one row per sample), a hover shows a tooltip whose numbers
 * are the data's, the wheel zooms the x scale around the pointer and a double click resets it, a
 * drag pans, and the bundle's PNG decodes at the size its metadata gives.
 * `test/plot/rendermime.test.ts` covers which mime type JupyterLab picks; this covers what it draws.
 *
 * Run: `npm run test:browser` (needs `/usr/bin/chromium`, Debian's package, or SPYTS_CHROMIUM).
 * Not part of `npm test`: jest only picks up `*.test.ts`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, PageLog, call, cannotRun, chartPage, launchChromium, pageVersions } from "./harness";

const TIMEOUT = 120_000;
const reason = cannotRun();

if (reason) {
  process.stderr.write(`browser test cannot run: ${reason}\n`);
  test("Chromium and playwright-core are available", () => assert.fail(reason));
} else {
  // storage for the data objects of this run, removed at the end
  const storage = mkdtempSync(join(tmpdir(), "spyts-browser-"));
  process.env.SPYTMPDIR = storage;
  // loaded after SPYTMPDIR is set (the library reads it when it first stores a trial)
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const spy = require("../../src") as typeof import("../../src");
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { plotSpec } = require("../../src/plotting/frontends") as typeof import("../../src/plotting/frontends");
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const display = require("../../src/plot/display") as typeof import("../../src/plot/display");

  type Spec = Record<string, unknown>;
  interface Point { x: number; y: number; datum: Record<string, unknown> }
  interface Tooltip { text: string; rows: string[][] }
  interface Marks { [name: string]: { type: string; marks: number; items: number } }

  /** A plot's bundle as the kernel sends it (through JSON) and its metadata. */
  interface Sent { bundle: Record<string, unknown>; metadata: { "image/png": { width: number; height: number } } }

  async function bundleOf(spec: Spec): Promise<Sent> {
    const parts = await display.plotParts(spec);
    const sent = JSON.parse(JSON.stringify({ bundle: display.plotBundle(parts), metadata: display.plotMetadata(parts) }));
    return sent as Sent;
  }

  /** The number in a tooltip row (vega's ".4~g"-style text, with a Unicode minus). */
  function rowNumber(tip: Tooltip, title: string | RegExp): number {
    const row = tip.rows.find(([k]) => (typeof title === "string" ? k === title : title.test(k)));
    assert.ok(row, `tooltip has a row ${title}: ${JSON.stringify(tip.rows)}`);
    const v = Number(row[1].replace("\u2212", "-"));
    assert.ok(Number.isFinite(v), `tooltip row ${title} holds a number: ${row[1]}`);
    return v;
  }

  /** Relative difference within what `.4~g` rounding allows (half a unit in the 4th digit). */
  function assertFourDigits(shown: number, exact: number, what: string): void {
    assert.ok(Math.abs(shown - exact) <= 5.01e-4 * Math.abs(exact), `${what}: tooltip ${shown}, data ${exact}`);
  }

  async function waitFor<T>(page: Page, fn: string, args: unknown[], ok: (v: T) => boolean, what: string): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const v = await call<T>(page, fn, ...args);
      if (ok(v)) return v;
      if (Date.now() - t0 > 5000) assert.fail(`${what} (last: ${JSON.stringify(v)})`);
      await page.waitForTimeout(50);
    }
  }

  const span = (d: number[]): number => d[1] - d[0];
  const sameDomain = (a: number[], b: number[]): boolean => Math.abs(a[0] - b[0]) <= 1e-9 * span(b) && Math.abs(a[1] - b[1]) <= 1e-9 * span(b);

  /**
   * Wheel over a point: the scale's domain narrows around the pointer (the data value under it
   * stays put); a double click restores the domain the chart opened with.
   */
  async function checkZoom(page: Page, at: { x: number; y: number }, scales: string[]): Promise<void> {
    const before: Record<string, number[]> = {};
    for (const s of scales) before[s] = await call<number[]>(page, "domain", s);
    const under0 = await call<number[]>(page, "invert", scales, at.x, at.y);
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -240);
    for (const [i, s] of scales.entries()) {
      const d = await waitFor<number[]>(page, "domain", [s], (v) => span(v) < 0.9 * span(before[s]), `wheel narrows the ${s} domain ${before[s]}`);
      assert.ok(d[0] >= before[s][0] - 1e-9 && d[1] <= before[s][1] + 1e-9, `zoomed ${s} domain ${d} inside ${before[s]}`);
      // zoom anchored at the pointer: the value under it moves by less than 2 % of the new span
      const under1 = await call<number[]>(page, "invert", scales, at.x, at.y);
      assert.ok(Math.abs(under1[i] - under0[i]) < 0.02 * span(d), `${s} under the pointer ${under0[i]} -> ${under1[i]}`);
    }
    await page.mouse.dblclick(at.x, at.y);
    for (const s of scales) {
      await waitFor<number[]>(page, "domain", [s], (v) => sameDomain(v, before[s]), `double click resets the ${s} domain to ${before[s]}`);
    }
  }

  /** Hover a mark item (moving onto it from 40 px to its left, as a hand would) and read the tooltip. */
  async function hover(page: Page, mark: string, match: Record<string, unknown>): Promise<{ at: Point; tip: Tooltip }> {
    const at = await call<Point | null>(page, "itemPoint", mark, match);
    assert.ok(at, `an item of ${mark} matching ${JSON.stringify(match)}`);
    await page.mouse.move(at.x - 40, at.y);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    const tip = await waitFor<Tooltip | null>(page, "tooltip", [], (v) => v !== null, `a tooltip over ${mark}`);
    return { at, tip: tip as Tooltip };
  }

  function assertClean(log: PageLog): void {
    assert.deepEqual(log.errors, [], "no console errors or page exceptions");
    assert.deepEqual(log.warnings, [], "no console warnings (vega logs its warnings there)");
  }

  describe("spyts charts in Chromium (vega-embed as in JupyterLab)", { timeout: TIMEOUT }, () => {
    let browser: Browser;
    let analog: InstanceType<typeof spy.AnalogData>;
    let spectrum: InstanceType<typeof spy.SpectralData>;
    let tfr: InstanceType<typeof spy.SpectralData>;
    const pages: Page[] = [];
    const nChannels = 3, nSamples = 1000;

    /** A new page with the chart of `spec` embedded from its bundle; returns the page, its log and the bundle. */
    async function open(spec: Spec): Promise<{ page: Page; log: PageLog; sent: Sent }> {
      const sent = await bundleOf(spec);
      const { page, log } = await chartPage(browser);
      pages.push(page);
      await call(page, "embed", sent.bundle[display.VEGALITE_MIME]);
      return { page, log, sent };
    }

    before(async () => {
      // 4 trials of a 40 Hz rhythm with phase diffusion, 3 channels, 1 kHz
      analog = spy.synthdata.phase_diffusion({ freq: 40, eps: 0.01, nSamples, nChannels, nTrials: 4, seed: 1 }) as InstanceType<typeof spy.AnalogData>;
      spectrum = await spy.freqanalysis(analog, { method: "mtmfft", taper: "hann", foilim: [1, 100], keeptrials: false });
      tfr = await spy.freqanalysis(analog, { method: "mtmconvol", t_ftimwin: 0.2, toi: 0.9, foilim: [2, 100], keeptrials: false });
      browser = await launchChromium();
      const { page } = await chartPage(browser);
      process.stdout.write(`# Chromium ${browser.version()} at ${CHROMIUM}; ${JSON.stringify(await pageVersions(page))}\n`);
      await page.close();
    });

    after(async () => {
      for (const p of pages) await p.close().catch(() => undefined);
      if (browser) await browser.close();
      rmSync(storage, { recursive: true, force: true });
    });

    /** Power of channel c at frequency index f of the (trial-averaged) spectrum. */
    const power = (c: number, f: number): number => spectrum.trials.get(0).data[f * nChannels + c];

    test("a spectrum draws: one line per channel, one point per frequency, no console errors", async () => {
      const { page, log } = await open(plotSpec(spectrum, {}, false));
      const nFreq = spectrum.freq.length;
      assert.equal(nFreq, 100);
      const marks = await call<Marks>(page, "marks");
      assert.deepEqual(marks.lines_marks, { type: "line", marks: nChannels, items: nChannels * nFreq });
      assert.equal(marks.interactive_tooltip_marks.items, nChannels * nFreq);
      assert.equal(marks.channel_legend_entries.items, nChannels);
      // the data the browser computed (split/flatten of the inline columns): the spectrum's values
      const rows = await call<{ channel: string; x: number; y: number }[]>(page, "markData", "interactive_tooltip_marks");
      assert.equal(rows.length, nChannels * nFreq);
      for (const r of rows) {
        const c = spectrum.channel.indexOf(r.channel), f = Array.from(spectrum.freq).indexOf(r.x);
        assert.ok(c >= 0 && f >= 0, `row ${JSON.stringify(r)} names a channel and a frequency of the data`);
        assert.ok(Math.abs(r.y - power(c, f)) <= 1e-5 * power(c, f), `${r.channel} at ${r.x} Hz: ${r.y} vs ${power(c, f)}`);
      }
      const canvas = await call<{ ink: number }>(page, "canvasInfo");
      assert.ok(canvas.ink > 5000, `the canvas is drawn on (${canvas.ink} inked pixels)`);
      assertClean(log);
    });

    test("a time-frequency map draws: the colour image, its legend, the tooltip grid", async () => {
      const { page, log } = await open(plotSpec(tfr, { channel: "channel1" }, false));
      const [nTime, , nFreq] = tfr.trials.get(0).shape;
      assert.deepEqual([nTime, nFreq], [50, 20]);
      const marks = await call<Marks>(page, "marks");
      assert.deepEqual(marks.image_marks, { type: "image", marks: 1, items: 1 });
      assert.equal(marks.colorbar_marks.items, 2);
      // tooltip cells: at most 40 x 25 (the spec's default grid), here 40 time blocks x 20 frequencies
      assert.equal(marks.interactive_tooltip_marks.items, Math.min(40, nTime) * Math.min(25, nFreq));
      const rows = await call<unknown[]>(page, "markData", "interactive_tooltip_marks");
      assert.equal(rows.length, 40 * 20);
      const canvas = await call<{ ink: number }>(page, "canvasInfo");
      assert.ok(canvas.ink > 0.5 * 500 * 300, `the map covers its plot area (${canvas.ink} inked pixels)`);
      // the colour image (a PNG data URL in the spec) decoded by the browser: one pixel per cell
      assert.deepEqual(await call(page, "images", "image_marks"), [{ width: nTime, height: nFreq }]);
      assertClean(log);
    });

    test("a multipanel layout draws: one panel per channel, each with its spectrum", async () => {
      const { page, log } = await open(plotSpec(spectrum, {}, true));
      const marks = await call<Marks>(page, "marks");
      for (let i = 0; i < nChannels; i++) {
        assert.deepEqual(marks[`panel_${i}_group`], { type: "group", marks: 1, items: 1 });
        assert.deepEqual(marks[`lines_${i}_marks`], { type: "line", marks: 1, items: spectrum.freq.length });
        const rows = await call<{ channel: string }[]>(page, "markData", `interactive_tooltip_${i}_marks`);
        assert.equal(rows.length, spectrum.freq.length);
        assert.ok(rows.every((r) => r.channel === spectrum.channel[i]), `panel ${i} shows ${spectrum.channel[i]} only`);
      }
      assertClean(log);
    });

    test("stacked traces draw: one line per channel, one point per sample, the scale bar", async () => {
      const { page, log } = await open(plotSpec(analog, { trials: 0 }, false));
      const marks = await call<Marks>(page, "marks");
      assert.deepEqual(marks.lines_marks, { type: "line", marks: nChannels, items: nChannels * nSamples });
      assert.equal(marks.scalebar_marks.items, 1);
      assert.equal(marks.scalebar_label_marks.items, 1);
      assertClean(log);
    });

    test("hover on a spectrum: the tooltip names the channel, the frequency and the power there", async () => {
      const { page, log } = await open(plotSpec(spectrum, {}, false));
      const f40 = Array.from(spectrum.freq).indexOf(40);
      const { tip } = await hover(page, "interactive_tooltip_marks", { channel: "channel3", x: 40 });
      assert.deepEqual(tip.rows.map((r) => r[0]), ["channel", "frequency (Hz)", "power (a.u.²)"]);
      // the item under the pointer (the topmost where points overlap): its numbers are the data's
      const channel = tip.rows[0][1];
      const c = spectrum.channel.indexOf(channel);
      assert.ok(c >= 0, `tooltip channel ${channel}`);
      const freq = rowNumber(tip, "frequency (Hz)");
      const f = Array.from(spectrum.freq).indexOf(freq);
      assert.ok(Math.abs(f - f40) <= 1, `tooltip frequency ${freq} Hz next to the hovered 40 Hz`);
      assertFourDigits(rowNumber(tip, "power (a.u.²)"), power(c, f), `power of ${channel} at ${freq} Hz`);
      // moving away hides it
      await page.mouse.move(2, 2);
      await waitFor(page, "tooltip", [], (v) => v === null, "the tooltip hides when the pointer leaves");
      assertClean(log);
    });

    test("hover on stacked traces: the tooltip gives the unshifted sample of the channel under the pointer", async () => {
      const { page, log } = await open(plotSpec(analog, { trials: 0 }, false));
      const trial = analog.trials.get(0);
      const time = analog.time[0]; // trials start at -1 s (synthdata's trigger offset)
      const target = 500;
      const { tip } = await hover(page, "interactive_tooltip_marks", { channel: "channel2", x: time[target] });
      assert.deepEqual(tip.rows.map((r) => r[0]), ["channel", "time (s)", "signal (a.u.)"]);
      assert.equal(tip.rows[0][1], "channel2", "stacked traces do not overlap: the hovered channel");
      // where points overlap, the topmost item (a neighbouring sample) is the one vega picks
      const t = rowNumber(tip, "time (s)");
      const k = Math.round((t - time[0]) * 1000);
      assert.ok(Math.abs(time[k] - t) < 1e-9 && Math.abs(k - target) <= 10, `tooltip time ${t} s: a sample next to ${time[target]} s`);
      assertFourDigits(rowNumber(tip, "signal (a.u.)"), trial.data[k * nChannels + 1], `channel2 at sample ${k}`);
      assertClean(log);
    });

    test("hover on a time-frequency map: time, frequency and power of the cell under the pointer", async () => {
      const { page, log } = await open(plotSpec(tfr, { channel: "channel1" }, false));
      const centre = await call<{ x: number; y: number }>(page, "groupCentre", "root");
      await page.mouse.move(centre.x - 40, centre.y);
      await page.mouse.move(centre.x, centre.y, { steps: 4 });
      const tip = (await waitFor<Tooltip | null>(page, "tooltip", [], (v) => v !== null, "a tooltip over the map")) as Tooltip;
      assert.deepEqual(tip.rows.map((r) => r[0]), ["time (s)", "frequency (Hz)", "power (a.u.²) (block mean)"]);
      const [t, f] = await call<number[]>(page, "invert", ["x", "y"], centre.x, centre.y);
      const xs = await call<number[]>(page, "domain", "x"), ys = await call<number[]>(page, "domain", "y");
      // the cell's centre is within half a cell of the pointer (40 x 20 cells)
      assert.ok(Math.abs(rowNumber(tip, "time (s)") - t) <= span(xs) / 40 / 2 + 1e-3, `time ${rowNumber(tip, "time (s)")} near ${t}`);
      assert.ok(Math.abs(rowNumber(tip, "frequency (Hz)") - f) <= span(ys) / 20 / 2 + 1e-3, `frequency ${rowNumber(tip, "frequency (Hz)")} near ${f}`);
      // a block mean of this channel's map lies within its range
      const v = rowNumber(tip, /^power/);
      const d = tfr.trials.get(0).data, all: number[] = [];
      for (let i = 0; i < d.length; i += nChannels) all.push(d[i]);
      assert.ok(v >= Math.min(...all) * 0.999 && v <= Math.max(...all) * 1.001, `power ${v} within channel1's range`);
      assertClean(log);
    });

    test("zoom on a spectrum: the wheel narrows x around the pointer (y stays), a double click resets", async () => {
      const { page, log } = await open(plotSpec(spectrum, {}, false));
      const y0 = await call<number[]>(page, "domain", "y");
      const at = await call<{ x: number; y: number }>(page, "groupCentre", "root");
      assert.deepEqual(await call<number[]>(page, "domain", "x"), [1, 100]);
      await checkZoom(page, { x: at.x - 100, y: at.y }, ["x"]);
      assert.deepEqual(await call<number[]>(page, "domain", "y"), y0, "x-only zoom leaves y alone");
      assertClean(log);
    });

    test("zoom and pan on stacked traces: wheel, double click, drag", async () => {
      const { page, log } = await open(plotSpec(analog, { trials: 0 }, false));
      const at = await call<{ x: number; y: number }>(page, "groupCentre", "root");
      const x0 = await call<number[]>(page, "domain", "x");
      await checkZoom(page, at, ["x"]);
      // dragging to the left by 150 px moves the domain right by a quarter of its span (600 px wide)
      await page.mouse.move(at.x, at.y);
      await page.mouse.down();
      await page.mouse.move(at.x - 150, at.y, { steps: 6 });
      await page.mouse.up();
      const x1 = await waitFor<number[]>(page, "domain", ["x"], (v) => v[0] > x0[0], "a drag pans the x domain");
      assert.ok(Math.abs(span(x1) - span(x0)) <= 1e-9 * span(x0), "a pan keeps the span");
      assert.ok(Math.abs((x1[0] - x0[0]) - span(x0) * 150 / 600) <= 0.01 * span(x0), `pan by 150 px: ${x0} -> ${x1}`);
      assertClean(log);
    });

    test("zoom on a multipanel layout: the last panel's wheel zooms the shared x axis", async () => {
      const { page, log } = await open(plotSpec(spectrum, {}, true));
      const at = await call<{ x: number; y: number }>(page, "groupCentre", `panel_${nChannels - 1}_group`);
      await checkZoom(page, at, ["x"]);
      assertClean(log);
    });

    // the single top-level zoom param of multiPanelSpec (a per-panel param was driven by the last panel only)
    test("zoom on a multipanel layout: every other panel's wheel zooms the shared x axis too", async () => {
      const { page, log } = await open(plotSpec(spectrum, {}, true));
      for (let i = 0; i < nChannels - 1; i++) {
        const at = await call<{ x: number; y: number }>(page, "groupCentre", `panel_${i}_group`);
        await checkZoom(page, at, ["x"]);
      }
      assertClean(log);
    });

    test("zoom on a time-frequency map: x (time) and y (frequency) both, and the reset", async () => {
      const { page, log } = await open(plotSpec(tfr, { channel: "channel1" }, false));
      const at = await call<{ x: number; y: number }>(page, "groupCentre", "root");
      await checkZoom(page, at, ["x", "y"]);
      assertClean(log);
    });

    test("zoom on one map of a multipanel time-frequency plot: its own time and frequency scales", async () => {
      const { page, log } = await open(plotSpec(tfr, {}, true));
      const at = await call<{ x: number; y: number }>(page, "groupCentre", "concat_1_group");
      await checkZoom(page, at, ["concat_1_x", "concat_1_y"]);
      assertClean(log);
    });

    for (const [name, make] of [
      ["spectrum", () => plotSpec(spectrum, {}, false)],
      ["time-frequency map", () => plotSpec(tfr, { channel: "channel1" }, false)],
      ["multipanel spectra", () => plotSpec(spectrum, {}, true)],
      ["stacked traces", () => plotSpec(analog, { trials: 0 }, false)],
    ] as const) {
      test(`the static PNG of the ${name} bundle decodes at its metadata's size and matches the chart's`, async () => {
        const { page, log, sent } = await open(make());
        const png = await call<{ width: number; height: number; ink: number }>(page, "decodePng", sent.bundle["image/png"]);
        const meta = sent.metadata["image/png"];
        // rendered at twice the CSS size for sharp text; the metadata asks front ends to show it at 1x
        assert.equal(png.width, 2 * meta.width);
        assert.equal(png.height, 2 * meta.height);
        assert.ok(png.ink > 0.02 * png.width * png.height, `the PNG is drawn on (${png.ink} inked pixels)`);
        // the interactive chart in the browser: the same height; the width differs by the text
        // widths (the headless layout estimates them, the browser measures its own fonts)
        const chart = await call<{ cssWidth: number; cssHeight: number }>(page, "canvasInfo");
        assert.ok(Math.abs(meta.height - chart.cssHeight) <= 2, `height: PNG ${meta.height}, chart ${chart.cssHeight}`);
        assert.ok(Math.abs(meta.width - chart.cssWidth) <= 0.08 * chart.cssWidth, `width: PNG ${meta.width}, chart ${chart.cssWidth}`);
        // and both hold the plot area of the spec
        const spec = sent.bundle[display.VEGALITE_MIME] as Spec & { width?: number; height?: number };
        if (typeof spec.width === "number" && typeof spec.height === "number") {
          assert.ok(meta.width > spec.width && meta.height > spec.height, `PNG ${meta.width}x${meta.height} holds the ${spec.width}x${spec.height} plot`);
        }
        assertClean(log);
      });
    }
  });
}
