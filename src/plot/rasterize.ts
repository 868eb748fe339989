/**
 * SVG -> PNG for the static image of a plot's mime bundle.
 *
 * Why a PNG and not the SVG: JupyterLab ranks `text/html` ahead of the vega renderer and strips
 * `svg` from untrusted HTML; nbconvert's HTML export blanks `image/svg+xml`. A PNG shows
 * everywhere (JupyterLab untrusted, classic Notebook, nbconvert, GitHub's viewer).
 *
 * The rasteriser is resvg compiled to wasm (@resvg/resvg-wasm): no platform binary, so it loads in
 * Node, in Deno and in workers alike. It never reads system fonts: the DejaVu Sans faces shipped
 * with the `dejavu-fonts-ttf` package are passed in, so a machine without fonts still gets labelled
 * axes and every machine draws the same glyphs. Both are loaded on first use only.
 */
import { readFileSync } from "fs";
import { dirname, join } from "path";

interface ResvgModule {
  initWasm(module: Uint8Array): Promise<void>;
  Resvg: new (svg: string, options?: Record<string, unknown>) => {
    render(): { asPng(): Uint8Array; pixels: Uint8Array; width: number; height: number; free(): void };
    free(): void;
  };
}

let ready: Promise<{ resvg: ResvgModule; fonts: Uint8Array[] }> | null = null;

/** A file shipped with a package (resolved from the package's exported entry or its package.json). */
function packageFile(entry: string, ...rel: string[]): string {
  return join(dirname(require.resolve(entry)), ...rel);
}

async function load(): Promise<{ resvg: ResvgModule; fonts: Uint8Array[] }> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const resvg = require("@resvg/resvg-wasm") as ResvgModule;
  await resvg.initWasm(readFileSync(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
  const fonts = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"]
    .map((f) => new Uint8Array(readFileSync(packageFile("dejavu-fonts-ttf/package.json", "ttf", f))));
  return { resvg, fonts };
}

export interface PngImage {
  png: Uint8Array;
  /** Size in CSS pixels (the SVG's own size); the PNG holds `scale` times as many pixels. */
  width: number;
  height: number;
}

/**
 * Rasterise an SVG string. `scale` 2 (default) keeps text sharp on high-density screens; the
 * bundle's metadata then asks front ends to show it at the SVG's own width.
 */
export async function svgToPng(svg: string, scale = 2): Promise<PngImage> {
  return rasterize(svg, scale, false);
}

/** The same picture as RGBA pixels (row by row from the top), for tests of what is drawn. */
export async function svgToRgba(svg: string, scale = 1): Promise<PngImage & { rgba: Uint8Array }> {
  return rasterize(svg, scale, true) as Promise<PngImage & { rgba: Uint8Array }>;
}

async function rasterize(svg: string, scale: number, withPixels: boolean): Promise<PngImage & { rgba?: Uint8Array }> {
  if (!ready) ready = load().catch((e) => { ready = null; throw e; });
  const { resvg, fonts } = await ready;
  const r = new resvg.Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { fontBuffers: fonts, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  try {
    const img = r.render();
    try {
      const size = { width: Math.round(img.width / scale), height: Math.round(img.height / scale) };
      return withPixels ? { png: img.asPng(), ...size, rgba: img.pixels.slice() } : { png: img.asPng(), ...size };
    } finally {
      img.free();
    }
  } finally {
    r.free();
  }
}
