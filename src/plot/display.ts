/**
 * Rich display in tslab notebooks: ONE display output carrying several mime types.
 *
 * A plot's output:
 * - `application/vnd.vegalite.v5+json`: the interactive chart (JupyterLab, VS Code, Notebook 7).
 * - `image/png`: the static picture (rasterize.ts), shown where the chart is not: untrusted
 *   outputs, the classic Notebook, nbconvert's HTML export (which ignores the vega-lite type and
 *   blanks `image/svg+xml`), GitHub. Never `text/html`: JupyterLab ranks it ahead of the vega
 *   renderer (50 < 57), so a bundle holding it never shows the chart, and its sanitizer strips the
 *   SVG of untrusted HTML. The metadata gives the picture's width in CSS pixels (it is rendered at
 *   twice that for sharp text).
 * - `text/plain`: a short description (terminals, plain-text viewers).
 *
 * A data object's summary: `text/html` (a table, which the sanitizer keeps) and `text/plain`.
 *
 * tslab's `display.*` helpers send one mime type each; several at once go through
 * `require("tslab/dist/jupyter").lastWriteDisplayData`, which is set only while a kernel runs a
 * cell. Outside a kernel (node scripts, jest) nothing is sent, or the text is printed when
 * `printTextOutsideKernel` is set. All display helpers return void, so a notebook cell that ends
 * with one does not also print a value.
 */

import { inspect } from "util";
import type { VegaLiteSpec } from "./specs";
import { renderSVG } from "./render";
import { PngImage, svgToPng } from "./rasterize";

export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/** A Jupyter mime bundle. */
export type MimeBundle = { [mime: string]: unknown };

/** Per-mime-type display metadata (e.g. `{ "image/png": { width: 600 } }`). */
export type MimeMetadata = { [mime: string]: Record<string, unknown> };

export interface DisplayOptions {
  /** Outside a Jupyter kernel, print the text/plain part to stdout (default false). */
  printTextOutsideKernel?: boolean;
}

type WriteDisplayData = (
  data: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> },
  update: boolean,
) => void;

/**
 * tslab's current `writeDisplayData`, or null outside a kernel. The module is looked up in the
 * require cache first (in a kernel tslab has loaded it; outside one this avoids loading tslab),
 * then required.
 */
export function tslabWriter(): WriteDisplayData | null {
  const pick = (m: unknown): WriteDisplayData | null => {
    const f = m && typeof m === "object" ? (m as { lastWriteDisplayData?: unknown }).lastWriteDisplayData : undefined;
    return typeof f === "function" ? (f as WriteDisplayData) : null;
  };
  for (const [key, mod] of Object.entries(require.cache)) {
    if (/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(key)) {
      const f = pick(mod?.exports);
      if (f) return f;
    }
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return pick(require("tslab/dist/jupyter"));
  } catch {
    return null;
  }
}

/** Whether display output can be sent (a tslab kernel is running this code). */
export function inKernel(): boolean {
  return tslabWriter() !== null;
}

/** Send one display output with the given mime bundle (no-op outside a kernel). */
export function sendBundle(bundle: MimeBundle, opts: DisplayOptions = {}, metadata: MimeMetadata = {}): void {
  const write = tslabWriter();
  if (write) {
    write({ data: bundle, metadata, transient: {} }, false);
    return;
  }
  if (opts.printTextOutsideKernel && typeof bundle["text/plain"] === "string") {
    process.stdout.write(String(bundle["text/plain"]) + "\n");
  }
}

/** What a plot sends: the interactive spec, its static picture and a line of text. */
export interface PlotParts {
  vegalite: VegaLiteSpec;
  image: PngImage;
  text: string;
}

/** The three-part mime bundle of a plot, without sending it. */
export function plotBundle(args: PlotParts): MimeBundle {
  return {
    [VEGALITE_MIME]: args.vegalite,
    "image/png": Buffer.from(args.image.png).toString("base64"),
    "text/plain": args.text,
  };
}

/** The display metadata of a plot: its picture at the SVG's own size. */
export function plotMetadata(args: PlotParts): MimeMetadata {
  return { "image/png": { width: args.image.width, height: args.image.height } };
}

/** The two-part bundle (text/html, text/plain) of an HTML summary, without sending it. */
export function htmlBundle(html: string, text: string): MimeBundle {
  return { "text/html": html, "text/plain": text };
}

/** Display a plot: ONE output with the vega-lite spec, the PNG and a text line. */
export function displayBundle(args: PlotParts, opts: DisplayOptions = {}): void {
  sendBundle(plotBundle(args), opts, plotMetadata(args));
}

/** Display an HTML fragment (e.g. a data object's summary) with its plain-text fallback. */
export function displayHTML(html: string, text: string, opts: DisplayOptions = {}): void {
  sendBundle(htmlBundle(html, text), opts);
}

/** Render a spec headlessly to the parts of its output. */
export async function plotParts(spec: VegaLiteSpec, text?: string): Promise<PlotParts> {
  const image = await svgToPng(await renderSVG(spec));
  return { vegalite: spec, image, text: text ?? defaultText(spec) };
}

/** Render a spec headlessly and build its bundle (for `toJupyter`-style hooks and tests). */
export async function specBundle(spec: VegaLiteSpec, text?: string): Promise<MimeBundle> {
  return plotBundle(await plotParts(spec, text));
}

let displayCounter = 0;

/**
 * Display a plot; the returned promise resolves once its picture is in the output.
 *
 * The chart is sent at once (synchronously, while the cell runs), with a display id; the PNG follows
 * as an update of that output when it is rendered. So a plot shows whether the call is awaited or
 * not: tslab does not wait for a cell's pending promises, and writes after the cell would go
 * nowhere. Awaiting keeps the PNG inside the cell, which exported reports need. tslab prints a
 * cell's last value: the promise prints as a one-line hint instead of `Promise { <pending> }`.
 * A rendering failure updates the output with the error and rejects the promise (which is
 * handled, so an unawaited call cannot crash the kernel).
 */
export function displaySpec(spec: VegaLiteSpec, text?: string, opts: DisplayOptions = {}): Promise<void> {
  const label = text ?? defaultText(spec);
  const write = tslabWriter();
  const transient = { display_id: `spyts-plot-${process.pid}-${Date.now()}-${++displayCounter}` };
  if (write) write({ data: { [VEGALITE_MIME]: spec, "text/plain": label }, metadata: {}, transient }, false);
  const done = plotParts(spec, label).then(
    (parts) => {
      if (write) write({ data: plotBundle(parts), metadata: plotMetadata(parts), transient }, true);
      else if (opts.printTextOutsideKernel) process.stdout.write(label + "\n");
    },
    (e: unknown) => {
      if (write) write({ data: { [VEGALITE_MIME]: spec, "text/plain": `${label}\nstatic image failed: ${String(e)}` }, metadata: {}, transient }, true);
      throw e;
    },
  );
  done.catch(() => undefined);
  Object.defineProperty(done, inspect.custom, {
    value: () => "(plot above; `await` the call to keep its image in exported reports)",
  });
  return done;
}

function defaultText(spec: VegaLiteSpec): string {
  const t = spec.title;
  const title = typeof t === "string" ? t : t && typeof t === "object" && typeof t.text === "string" ? t.text : "";
  return title ? `<spyts plot: ${title}>` : "<spyts plot>";
}
