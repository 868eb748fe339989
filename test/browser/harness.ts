/**
 * The real-browser harness of the chart test: Debian's Chromium driven by playwright-core, a page
 * that loads vega, vega-lite and vega-embed from node_modules (no network: CI has none), and
 * `test/browser/page.js`, whose `window.spyts` helpers the tests call.
 *
 * playwright-core never downloads a browser; it drives the Chromium given by `SPYTS_CHROMIUM`
 * (default `/usr/bin/chromium`, Debian's package `chromium`).
 */
import { existsSync } from "fs";
import { join, resolve } from "path";
import type { Browser, Page } from "playwright-core";

/** Where Chromium is looked for. */
export const CHROMIUM = process.env.SPYTS_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser test cannot run here, or null when it can. */
export function cannotRun(): string | null {
  if (!existsSync(CHROMIUM)) {
    return `no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y --no-install-recommends chromium) ` +
      "or point SPYTS_CHROMIUM at a Chromium binary";
  }
  try {
    require.resolve("playwright-core");
  } catch {
    return "playwright-core is not installed: run npm ci";
  }
  return null;
}

/** Start Chromium headless, without its sandbox (CI runs as root, where the sandbox refuses to start). */
export async function launchChromium(): Promise<Browser> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--font-render-hinting=none"],
  });
}

/**
 * The browser build of a package: `file` inside the package folder node would load `pkg` from
 * here (node's own lookup order; vega-embed is the copy @jupyterlab/vega5-extension uses).
 */
export function browserBuild(pkg: string, file: string): string {
  for (const dir of require.resolve.paths(pkg) ?? []) {
    if (existsSync(join(dir, pkg, "package.json"))) return join(dir, pkg, file);
  }
  throw new Error(`${pkg} is not installed: run npm ci`);
}

export const SCRIPTS = [
  browserBuild("vega", "build/vega.min.js"),
  browserBuild("vega-lite", "build/vega-lite.min.js"),
  browserBuild("vega-embed", "build/vega-embed.min.js"),
  resolve(__dirname, "page.js"),
];

/** What the page said on its console (errors and warnings) and the exceptions it threw. */
export interface PageLog {
  errors: string[];
  warnings: string[];
}

/** A fresh page with vega, vega-lite, vega-embed and the helpers loaded; its log fills as it runs. */
export async function chartPage(browser: Browser): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const log: PageLog = { errors: [], warnings: [] };
  page.on("console", (m) => {
    if (m.type() === "error") log.errors.push(m.text());
    else if (m.type() === "warning") log.warnings.push(m.text());
  });
  page.on("pageerror", (e) => log.errors.push(String(e)));
  // a page of its own origin-less content: nothing is fetched from anywhere
  await page.setContent("<!doctype html><html><head><meta charset='utf-8'></head><body style='margin:0;padding:8px'></body></html>");
  for (const path of SCRIPTS) await page.addScriptTag({ path });
  return { page, log };
}

/** Versions the page loaded (for the log). */
export async function pageVersions(page: Page): Promise<Record<string, string>> {
  return page.evaluate("({ vega: vega.version, vegaLite: vegaLite.version, vegaEmbed: vegaEmbed.version })");
}

/** Call a `window.spyts` helper in the page with JSON arguments. */
export async function call<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([name, a]) => {
      const helpers = (globalThis as unknown as { spyts: Record<string, (...x: unknown[]) => unknown> }).spyts;
      return helpers[name as string](...(a as unknown[]));
    },
    [fn, args] as const,
  ) as Promise<T>;
}
