/**
 * Rich display in Jupyter notebooks, under either kernel: tslab (Node) or Deno's built-in kernel
 * (`deno jupyter`). ONE display output carries several mime types.
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
 * Outputs go through ONE kernel writer (`kernelWriter()`), whichever kernel runs the code:
 * - Deno's kernel: `Deno.jupyter.broadcast("display_data" | "update_display_data", ...)`. Not
 *   `Deno.jupyter.display`: it awaits a formatting step before it sends, so a display() followed by
 *   a synchronous send would reach the notebook out of order, and it drops the metadata (the PNG's
 *   size). `Deno.jupyter` exists only inside `deno jupyter` (reading it under `deno run` throws).
 * - tslab: its `display.*` helpers send one mime type each; several at once go through
 *   `require("tslab/dist/jupyter").lastWriteDisplayData`, which is set only while a kernel runs a
 *   cell.
 * Outside a kernel (node or deno scripts, jest) nothing is sent, or the text is printed when
 * `printTextOutsideKernel` is set. All display helpers return void, so a notebook cell that ends
 * with one does not also print a value.
 *
 * Objects that display (data classes, FOOOF fits, the promise a plot function returns) implement
 * `[Symbol.for("Jupyter.display")]()` (`JUPYTER_DISPLAY`): Deno's kernel shows a cell's last value
 * through it, and `display(x)` (public as `spy.display`) sends it in either kernel.
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

/** One display output: its mime bundle, per-mime metadata and transient part (the display id). */
export interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string; [key: string]: unknown };
}

type WriteDisplayData = (msg: DisplayMessage, update: boolean) => void;

/** Where display outputs go: the Jupyter kernel that runs this code. */
export interface KernelWriter {
  readonly kernel: "deno" | "tslab";
  /** Send a new output, or (`update`) replace the output that has the same `transient.display_id`. */
  write(msg: DisplayMessage, update: boolean): void;
  /**
   * Resolves when what was written has left the kernel, so that a cell awaiting it ends after its
   * outputs. tslab sends synchronously. Deno's kernel (2.9) queues broadcasts to a drainer task
   * that can lose the race with the cell's `status: idle` (a large PNG update then reaches no cell,
   * or the next one): give the drainer `DENO_SETTLE_MS`.
   */
  settle(): Promise<void>;
}

/** How long an awaited plot waits under Deno's kernel for its last output to be published. */
export const DENO_SETTLE_MS = 100;

/** The part of Deno's `Deno.jupyter` namespace used here. */
interface DenoJupyter {
  broadcast(msgType: string, content: Record<string, unknown>, extra?: Record<string, unknown>): unknown;
  display?(obj: unknown, opts?: { raw?: boolean; update?: boolean; display_id?: string }): unknown;
}

/** The symbol Deno's kernel (and anywidget) calls to get an object's mime bundle. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** Whether this code runs under Deno (in its kernel or not). */
function underDeno(): boolean {
  const deno = (globalThis as { Deno?: unknown }).Deno;
  return deno !== null && typeof deno === "object";
}

/**
 * `Deno.jupyter` when Deno's kernel runs this code, else null. Under `deno run` the property is a
 * getter that throws ("only available in `deno jupyter` subcommand").
 */
function denoJupyter(): DenoJupyter | null {
  if (!underDeno()) return null;
  try {
    const j = ((globalThis as { Deno?: { jupyter?: unknown } }).Deno as { jupyter?: unknown }).jupyter;
    return j !== null && typeof j === "object" && typeof (j as DenoJupyter).broadcast === "function" ? (j as DenoJupyter) : null;
  } catch {
    return null;
  }
}

/**
 * tslab's current `writeDisplayData`, or null outside a kernel. The module is looked up in the
 * require cache first (in a kernel tslab has loaded it; outside one this avoids loading tslab),
 * then required. Never under Deno (tslab is a Node kernel).
 */
export function tslabWriter(): WriteDisplayData | null {
  if (underDeno()) return null;
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

/**
 * The writer of the running kernel: Deno's when `Deno.jupyter` exists, else tslab's, else null
 * (node or deno scripts, jest). Looked up at every send: tslab sets its writer per cell.
 */
export function kernelWriter(): KernelWriter | null {
  const deno = denoJupyter();
  if (deno) {
    return {
      kernel: "deno",
      write(msg, update) {
        // synchronous in Deno 2.9 (earlier versions returned a promise: never leave it unhandled)
        const r = deno.broadcast(update ? "update_display_data" : "display_data", {
          data: msg.data, metadata: msg.metadata, transient: msg.transient,
        });
        if (r && typeof (r as Promise<unknown>).then === "function") (r as Promise<unknown>).then(undefined, () => undefined);
      },
      settle: () => new Promise((resolve) => setTimeout(resolve, DENO_SETTLE_MS)),
    };
  }
  const tslab = tslabWriter();
  return tslab ? { kernel: "tslab", write: (msg, update) => tslab(msg, update), settle: () => Promise.resolve() } : null;
}

/** Whether display output can be sent (a tslab or Deno kernel is running this code). */
export function inKernel(): boolean {
  return kernelWriter() !== null;
}

/** Send one display output with the given mime bundle (no-op outside a kernel). */
export function sendBundle(bundle: MimeBundle, opts: DisplayOptions = {}, metadata: MimeMetadata = {}): void {
  const writer = kernelWriter();
  if (writer) {
    writer.write({ data: bundle, metadata, transient: {} }, false);
    return;
  }
  if (opts.printTextOutsideKernel && typeof bundle["text/plain"] === "string") {
    process.stdout.write(String(bundle["text/plain"]) + "\n");
  }
}

/** An object that gives its own mime bundle (Deno's and anywidget's convention). */
export interface JupyterDisplayable {
  [JUPYTER_DISPLAY](): MimeBundle | Promise<MimeBundle>;
}

function isDisplayable(x: unknown): x is JupyterDisplayable {
  return (typeof x === "object" || typeof x === "function") && x !== null &&
    typeof (x as { [JUPYTER_DISPLAY]?: unknown })[JUPYTER_DISPLAY] === "function";
}

/**
 * Show `x` as one output of the running notebook, in tslab or in Deno's kernel: an object with
 * `[Symbol.for("Jupyter.display")]()` (data objects, FOOOF fits) sends the bundle it gives, anything
 * else its `util.inspect` text. Outside a kernel nothing is sent (or the text is printed with
 * `printTextOutsideKernel`). Returns void, so a cell ending with it prints nothing more.
 */
export function display(x: unknown, opts: DisplayOptions = {}): void {
  const bundle = isDisplayable(x) ? x[JUPYTER_DISPLAY]() : { "text/plain": inspect(x) };
  if (bundle && typeof (bundle as Promise<MimeBundle>).then === "function") {
    // a bundle computed asynchronously (other libraries' objects): sent when it is ready
    (bundle as Promise<MimeBundle>).then((b) => sendBundle(b, opts), () => undefined);
    return;
  }
  sendBundle(bundle as MimeBundle, opts);
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
 * not: neither tslab nor Deno's kernel waits for a cell's pending promises, and writes after the
 * cell would go nowhere. Awaiting keeps the PNG inside the cell, which exported reports need. As a
 * cell's last value the promise shows a one-line hint instead of `Promise { <pending> }` (tslab
 * prints it with util.inspect, Deno's kernel asks its Jupyter bundle).
 * A rendering failure updates the output with the error and rejects the promise (which is
 * handled, so an unawaited call cannot crash the kernel).
 */
export function displaySpec(spec: VegaLiteSpec, text?: string, opts: DisplayOptions = {}): Promise<void> {
  const label = text ?? defaultText(spec);
  const writer = kernelWriter();
  const transient = { display_id: `spyts-plot-${process.pid}-${Date.now()}-${++displayCounter}` };
  if (writer) writer.write({ data: { [VEGALITE_MIME]: spec, "text/plain": label }, metadata: {}, transient }, false);
  const done = plotParts(spec, label).then(
    (parts) => {
      if (writer) {
        writer.write({ data: plotBundle(parts), metadata: plotMetadata(parts), transient }, true);
        return writer.settle();
      }
      if (opts.printTextOutsideKernel) process.stdout.write(label + "\n");
    },
    (e: unknown) => {
      if (writer) writer.write({ data: { [VEGALITE_MIME]: spec, "text/plain": `${label}\nstatic image failed: ${String(e)}` }, metadata: {}, transient }, true);
      throw e;
    },
  );
  done.catch(() => undefined);
  // a cell's last value: tslab prints it with util.inspect, Deno's kernel shows its Jupyter bundle
  Object.defineProperty(done, inspect.custom, { value: () => PLOT_HINT });
  Object.defineProperty(done, JUPYTER_DISPLAY, { value: () => ({ "text/plain": PLOT_HINT }) });
  return done;
}

/** What an unawaited plot call prints as a cell's last value. */
export const PLOT_HINT = "(plot above; `await` the call to keep its image in exported reports)";

function defaultText(spec: VegaLiteSpec): string {
  const t = spec.title;
  const title = typeof t === "string" ? t : t && typeof t === "object" && typeof t.text === "string" ? t.text : "";
  return title ? `<spyts plot: ${title}>` : "<spyts plot>";
}
