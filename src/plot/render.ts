/**
 * Headless rendering of vega-lite specs to SVG: vega-lite compiles the spec to vega, a vega View
 * with the "none" renderer runs the dataflow, and `toSVG` writes the scenegraph as an SVG string.
 * No canvas package or browser is involved. vega and vega-lite are loaded on first use, so
 * importing spyts stays cheap.
 */

import type { VegaLiteSpec } from "./specs";
import { staticSpec } from "./specs";

interface VegaModule {
  parse(spec: unknown, config?: unknown): unknown;
  View: new (runtime: unknown, opts: { renderer: string }) => {
    toSVG(scaleFactor?: number): Promise<string>;
    finalize(): unknown;
  };
}
interface VegaLiteModule {
  compile(spec: unknown, opts?: unknown): { spec: unknown };
}

let modules: { vega: VegaModule; vl: VegaLiteModule } | null = null;

function load(): { vega: VegaModule; vl: VegaLiteModule } {
  if (!modules) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const vega = require("vega") as VegaModule;
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const vl = require("vega-lite") as VegaLiteModule;
    modules = { vega, vl };
  }
  return modules;
}

export interface RenderOptions {
  /** Drop interaction-only layers before rendering (default true): smaller SVG, same picture. */
  static?: boolean;
}

/** Compile a vega-lite spec to a vega spec (throws on invalid specs). */
export function compileSpec(spec: VegaLiteSpec): unknown {
  return load().vl.compile(spec).spec;
}

/** Render a vega-lite v5 spec to an SVG string, headlessly. */
export async function renderSVG(spec: VegaLiteSpec, opts: RenderOptions = {}): Promise<string> {
  const { vega } = load();
  const vgSpec = compileSpec(opts.static === false ? spec : staticSpec(spec));
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
