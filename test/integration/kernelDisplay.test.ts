/**
 * Plots and data objects in real kernels (Jupyter's nbclient drives them, as in CI's notebook
 * step), tslab and Deno's (`deno jupyter`), on the same fixture notebook: an awaited plot's output
 * ends up with the chart, the PNG and the text; an unawaited one still shows the chart in its cell,
 * and the cell shows a hint instead of `Promise { <pending> }`; `spy.display(data)` sends the
 * summary table. A data object as a cell's last value shows its table in Deno's kernel (through
 * `Symbol.for("Jupyter.display")`) and its text in tslab (which prints the value).
 *
 * Needs the compiled library (`npm run build`: notebooks import dist/), Debian's Jupyter
 * (`/usr/bin/jupyter`, python3-nbclient) and, for Deno, the npm-installed binary
 * (node_modules/.bin/deno, a devDependency). Without them it says so and does not run.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

const root = resolve(__dirname, "../..");
const missing = [
  existsSync(join(root, "dist/index.js")) ? null : "dist/ (run npm run build)",
  existsSync("/usr/bin/jupyter") ? null : "/usr/bin/jupyter (apt-get install jupyter-nbconvert jupyter-client python3-nbclient)",
].filter(Boolean);
const hasDeno = existsSync(join(root, "node_modules/.bin/deno"));
if (missing.length) console.warn(`kernelDisplay.test.ts not run: missing ${missing.join(", ")}`);
else if (!hasDeno) console.warn("kernelDisplay.test.ts: Deno's kernel not run: node_modules/.bin/deno missing (npm ci)");

jest.setTimeout(240000);

type Output = { output_type: string; data?: Record<string, unknown>; text?: string | string[]; name?: string };
const text = (o: Output) => (Array.isArray(o.text) ? o.text.join("") : String(o.text ?? ""));
const MIME_PLOT = ["application/vnd.vegalite.v5+json", "image/png", "text/plain"];

const kernels: ["tslab" | "deno", boolean][] = [["tslab", missing.length === 0], ["deno", missing.length === 0 && hasDeno]];

describe.each(kernels)("plots and data objects in a real %s kernel", (kernel, available) => {
  const run = available ? test : test.skip;
  let cells: { outputs: Output[] }[];
  let log = "";
  beforeAll(() => {
    if (!available) return;
    const out = mkdtempSync(join(tmpdir(), `spyts-kernel-${kernel}-`));
    const nb = join(root, "test/fixtures/notebooks/plot_display.ipynb");
    log = execFileSync("/usr/bin/python3", [join(root, "scripts/run_notebooks.py"), "--out", out, "--no-png-check", "--kernel", kernel, nb], {
      cwd: root, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8",
      env: { ...process.env, JUPYTER_PATH: join(root, "jupyter"), PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH}` },
    });
    const executed = JSON.parse(readFileSync(join(out, "plot_display.ipynb"), "utf8"));
    expect(executed.metadata.kernelspec.name).toBe(kernel);
    cells = executed.cells.filter((c: { cell_type: string }) => c.cell_type === "code");
  });

  run("the notebook ran in that kernel", () => {
    expect(log).toContain(`notebook plot_display [${kernel}]: ok`);
  });

  run("an awaited plot: chart, PNG and text in one output", () => {
    const shown = cells[1].outputs.filter((o) => o.output_type === "display_data");
    expect(shown.length).toBe(1);
    expect(Object.keys(shown[0].data!).sort()).toEqual(MIME_PLOT);
    expect(cells[1].outputs.some((o) => o.output_type === "stream" || o.output_type === "execute_result")).toBe(false);
  });

  run("an unawaited plot: the chart is in its cell, and a hint instead of a Promise", () => {
    const shown = cells[2].outputs.filter((o) => o.output_type === "display_data");
    expect(shown.length).toBe(1);
    expect(shown[0].data!["application/vnd.vegalite.v5+json"]).toBeDefined();
    // tslab prints the last value (util.inspect) to stdout; Deno sends it as an execute_result
    const printed = cells[2].outputs.map((o) => (o.output_type === "stream" ? text(o) : String(o.data?.["text/plain"] ?? ""))).join("");
    expect(printed).not.toContain("Promise");
    expect(printed).toContain("plot above");
  });

  run("a data object as a cell's last value", () => {
    const outs = cells[4].outputs;
    if (kernel === "deno") {
      // Deno asks the object's Symbol.for("Jupyter.display") bundle: the summary table
      expect(outs.length).toBe(1);
      expect(outs[0].output_type).toBe("execute_result");
      expect(Object.keys(outs[0].data!).sort()).toEqual(["text/html", "text/plain"]);
      expect(String(outs[0].data!["text/html"])).toContain("AnalogData");
    } else {
      // tslab prints the value with util.inspect: the summary text
      expect(outs.map(text).join("")).toContain("AnalogData");
    }
  });

  run("spy.display(data): the summary table and its text, as one output", () => {
    const outs = cells[5].outputs;
    expect(outs.length).toBe(1);
    expect(outs[0].output_type).toBe("display_data");
    expect(Object.keys(outs[0].data!).sort()).toEqual(["text/html", "text/plain"]);
    expect(String(outs[0].data!["text/plain"])).toContain("AnalogData");
  });
});
