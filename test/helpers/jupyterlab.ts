/**
 * JupyterLab's own output-selection code, loaded in Node for tests.
 *
 * @jupyterlab/rendermime and @jupyterlab/vega5-extension ship ES modules written for a bundler
 * (extension-less imports, .svg/.css imports), so esbuild bundles the two entry points into one
 * CommonJS file in a temp folder; vega-embed (only needed to draw) stays out. Lumino reads DOM
 * globals when it loads, so a jsdom window provides them; jsdom has no WebSocket or DragEvent,
 * which are only referenced, never used, by the selection logic.
 */
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

export interface RendererFactory { mimeTypes: string[]; safe: boolean; defaultRank?: number }
export interface MimeRegistry {
  mimeTypes: readonly string[];
  preferredMimeType(bundle: Record<string, unknown>, safe?: "ensure" | "prefer" | "any"): string | undefined;
  addFactory(f: RendererFactory, rank?: number): void;
}
export interface JupyterLabRendermime {
  RenderMimeRegistry: new (opts: { initialFactories: RendererFactory[] }) => MimeRegistry;
  standardRendererFactories: RendererFactory[];
  vegaExtension: { rendererFactory: RendererFactory; rank: number };
}

let loaded: JupyterLabRendermime | null = null;

function installDomGlobals(): void {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { JSDOM } = require("jsdom");
  const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
  const g = globalThis as Record<string, unknown>;
  for (const k of Object.getOwnPropertyNames(dom.window)) {
    if (k in g) continue;
    try { g[k] = dom.window[k]; } catch { /* read-only window properties are not needed */ }
  }
  g.WebSocket ??= class {};
  g.DragEvent ??= class extends dom.window.MouseEvent {};
}

export function loadJupyterLabRendermime(): JupyterLabRendermime {
  if (loaded) return loaded;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const esbuild = require("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "spyts-jlab-"));
  const out = join(dir, "rendermime.js");
  esbuild.buildSync({
    stdin: {
      contents: `export { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
export { default as vegaExtension } from "@jupyterlab/vega5-extension";`,
      resolveDir: process.cwd(),
    },
    bundle: true, platform: "node", format: "cjs", outfile: out, logLevel: "error",
    external: ["vega-embed"], loader: { ".svg": "text", ".css": "empty" },
  });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "commonjs" }));
  installDomGlobals();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  loaded = require(out) as JupyterLabRendermime;
  return loaded;
}

/** The registry JupyterLab builds: the standard factories plus the vega extension at its rank. */
export function jupyterLabRegistry(withVega = true): MimeRegistry {
  const m = loadJupyterLabRendermime();
  const r = new m.RenderMimeRegistry({ initialFactories: m.standardRendererFactories });
  if (withVega) r.addFactory(m.vegaExtension.rendererFactory, m.vegaExtension.rank);
  return r;
}
