/**
 * Rich display in tslab notebooks: ONE display output carrying several mime types.
 *
 * - `application/vnd.vegalite.v5+json`: the interactive chart (JupyterLab, VS Code).
 * - `text/html`: the headless SVG inline in a <div> (static HTML exports: nbconvert 6.5 blanks
 *   `image/svg+xml` outputs, and ignores the vega-lite type).
 * - `text/plain`: a short description (terminals, plain-text viewers).
 *
 * tslab's `display.*` helpers send one mime type each; several at once go through
 * `require("tslab/dist/jupyter").lastWriteDisplayData`, which is set only while a kernel runs a
 * cell. Outside a kernel (node scripts, jest) nothing is sent, or the text is printed when
 * `printTextOutsideKernel` is set. All display helpers return void, so a notebook cell that ends
 * with one does not also print a value.
 */

import type { VegaLiteSpec } from "./specs";
import { renderSVG } from "./render";

export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/** A Jupyter mime bundle. */
export type MimeBundle = { [mime: string]: unknown };

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
export function sendBundle(bundle: MimeBundle, opts: DisplayOptions = {}): void {
  const write = tslabWriter();
  if (write) {
    write({ data: bundle, metadata: {}, transient: {} }, false);
    return;
  }
  if (opts.printTextOutsideKernel && typeof bundle["text/plain"] === "string") {
    process.stdout.write(String(bundle["text/plain"]) + "\n");
  }
}

/** Wrap an SVG string for the text/html part. */
export function svgToHTML(svg: string): string {
  return `<div class="spyts-plot" style="max-width:100%;overflow-x:auto">${svg}</div>`;
}

/** The three-part mime bundle of a plot, without sending it. */
export function plotBundle(args: { vegalite: VegaLiteSpec; svg: string; text: string }): MimeBundle {
  return {
    [VEGALITE_MIME]: args.vegalite,
    "text/html": svgToHTML(args.svg),
    "text/plain": args.text,
  };
}

/** The two-part bundle (text/html, text/plain) of an HTML summary, without sending it. */
export function htmlBundle(html: string, text: string): MimeBundle {
  return { "text/html": html, "text/plain": text };
}

/** Display a plot: ONE output with the vega-lite spec, the SVG (as HTML) and a text line. */
export function displayBundle(args: { vegalite: VegaLiteSpec; svg: string; text: string }, opts: DisplayOptions = {}): void {
  sendBundle(plotBundle(args), opts);
}

/** Display an HTML fragment (e.g. a data object's summary) with its plain-text fallback. */
export function displayHTML(html: string, text: string, opts: DisplayOptions = {}): void {
  sendBundle(htmlBundle(html, text), opts);
}

/** Render a spec headlessly and build its bundle (for `toJupyter`-style hooks and tests). */
export async function specBundle(spec: VegaLiteSpec, text?: string): Promise<MimeBundle> {
  const svg = await renderSVG(spec);
  return plotBundle({ vegalite: spec, svg, text: text ?? defaultText(spec) });
}

/** Render a spec headlessly and display it (resolves once the output is sent). */
export async function displaySpec(spec: VegaLiteSpec, text?: string, opts: DisplayOptions = {}): Promise<void> {
  sendBundle(await specBundle(spec, text), opts);
}

function defaultText(spec: VegaLiteSpec): string {
  const t = spec.title;
  const title = typeof t === "string" ? t : t && typeof t === "object" && typeof t.text === "string" ? t.text : "";
  return title ? `<spyts plot: ${title}>` : "<spyts plot>";
}
