/**
 * Plots in a real tslab kernel (Jupyter's nbclient drives it, as in CI's notebook step): an
 * awaited plot's output ends up with the chart, the PNG and the text; an unawaited one still shows
 * the chart in its cell, and the cell prints a hint instead of `Promise { <pending> }`.
 *
 * Needs the compiled library (`npm run build`: notebooks import dist/) and Debian's Jupyter
 * (`/usr/bin/jupyter`, python3-nbclient). Without either it says so and does not run.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

const root = resolve(__dirname, "../..");
const missing = [
  existsSync(join(root, "dist/index.js")) ? null : "dist/ (run npm run build)",
  existsSync("/usr/bin/jupyter") ? null : "/usr/bin/jupyter (apt-get install jupyter-nbconvert jupyter-client python3-nbclient)",
].filter(Boolean);
const run = missing.length === 0 ? describe : describe.skip;
if (missing.length) console.warn(`kernelDisplay.test.ts not run: missing ${missing.join(", ")}`);

jest.setTimeout(240000);

run("plots in a real tslab kernel", () => {
  let cells: { outputs: { output_type: string; data?: Record<string, unknown>; text?: string; name?: string }[] }[];
  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), "spyts-kernel-"));
    const nb = join(root, "test/fixtures/notebooks/plot_display.ipynb");
    execFileSync("/usr/bin/python3", [join(root, "scripts/run_notebooks.py"), "--out", out, "--no-png-check", nb], {
      cwd: root, stdio: "pipe",
      env: { ...process.env, JUPYTER_PATH: join(root, "jupyter"), PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH}` },
    });
    cells = JSON.parse(readFileSync(join(out, "plot_display.ipynb"), "utf8")).cells.filter((c: { cell_type: string }) => c.cell_type === "code");
  });

  test("an awaited plot: chart, PNG and text in one output", () => {
    const shown = cells[1].outputs.filter((o) => o.output_type === "display_data");
    expect(shown.length).toBe(1);
    expect(Object.keys(shown[0].data!).sort()).toEqual(["application/vnd.vegalite.v5+json", "image/png", "text/plain"]);
    expect(cells[1].outputs.some((o) => o.output_type === "stream")).toBe(false);
  });

  test("an unawaited plot: the chart is in its cell, and no Promise is printed", () => {
    const shown = cells[2].outputs.filter((o) => o.output_type === "display_data");
    expect(shown.length).toBe(1);
    expect(shown[0].data!["application/vnd.vegalite.v5+json"]).toBeDefined();
    const printed = cells[2].outputs.filter((o) => o.output_type === "stream").map((o) => String(o.text)).join("");
    expect(printed).not.toContain("Promise");
    expect(printed).toContain("plot above");
  });
});
