/**
 * spyts used from a project of its own: `npm pack` this repository, install the tarball into an
 * empty folder (dependencies from the npm registry), register the kernel with the installed
 * `spyts-kernel`, and run a notebook there that imports "spyts" (not ../dist): data, a spectrum on
 * worker threads and the wasm kernels, a plot with its PNG, save and load.
 *
 * Needs the compiled library (`npm run build`), Debian's Jupyter (/usr/bin/jupyter,
 * python3-nbclient) and the npm registry; without the first two it says so and does not run.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

const root = resolve(__dirname, "../..");
const missing = [
  existsSync(join(root, "dist/index.js")) ? null : "dist/ (run npm run build)",
  existsSync("/usr/bin/jupyter") ? null : "/usr/bin/jupyter (apt-get install jupyter-nbconvert jupyter-client python3-nbclient)",
].filter(Boolean);
const run = missing.length === 0 ? describe : describe.skip;
if (missing.length) console.warn(`packedInstall.test.ts not run: missing ${missing.join(", ")}`);

jest.setTimeout(600000);

const CELLS = [
  `import * as spy from "spyts";
const data = spy.synthdata.white_noise({ nTrials: 8, nSamples: 1000, nChannels: 4, samplerate: 1000, seed: 7 }) as spy.AnalogData;
console.log(data.trials.length, data.channel.length);`,
  `spy.setKernelPath("wasm"); // a missing kernel file is an error on this path, not a fallback
const spec = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", keeptrials: false, parallel: true });
const seq = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", keeptrials: false });
const a = spec.trials.get(0).data, b = seq.trials.get(0).data;
let same = a.length === b.length;
for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) same = false;
console.log("parallel == sequential:", same, spy.getKernelPath());`,
  `await spy.singlepanelplot(spec);`,
  `await spy.save(spec, "spectrum.spy");
const back = (await spy.load("spectrum.spy")) as spy.SpectralData;
console.log("loaded", back.freq.length === spec.freq.length);`,
];

run("spyts installed from its tarball into an empty project", () => {
  let outputs: string[];
  let plotMimes: string[];
  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), "spyts-pack-"));
    execFileSync("npm", ["pack", "--pack-destination", work, "--silent"], { cwd: root, stdio: "pipe" });
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"))!;
    const project = join(work, "project");
    execFileSync("mkdir", ["-p", project]);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "analysis", version: "1.0.0", private: true }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(work, tarball)], { cwd: project, stdio: "pipe" });
    execFileSync(join(project, "node_modules/.bin/spyts-kernel"), ["install", "--dir", join(work, "jupyter")], { cwd: project, stdio: "pipe" });
    const nb = {
      nbformat: 4, nbformat_minor: 5,
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (spyts)", language: "typescript" } },
      cells: CELLS.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null })),
    };
    writeFileSync(join(project, "analysis.ipynb"), JSON.stringify(nb));
    execFileSync("/usr/bin/python3", [join(root, "scripts/run_notebooks.py"), "--out", join(work, "out"), join(project, "analysis.ipynb")], {
      cwd: project, stdio: "pipe",
      // only the kernel registered by spyts-kernel: no repository paths on PATH or JUPYTER_PATH
      env: { ...process.env, JUPYTER_PATH: join(work, "jupyter") },
    });
    const done = JSON.parse(readFileSync(join(work, "out/analysis.ipynb"), "utf8"));
    outputs = done.cells.map((c: { outputs: { text?: string }[] }) => c.outputs.map((o) => o.text ?? "").join(""));
    plotMimes = Object.keys(done.cells[2].outputs.find((o: { output_type: string }) => o.output_type === "display_data")?.data ?? {}).sort();
  });

  test("the notebook imports spyts and runs on workers and the wasm kernels", () => {
    expect(outputs[0]).toContain("8 4");
    expect(outputs[1]).toContain("parallel == sequential: true wasm");
  });

  test("plots and save/load work from the installed package", () => {
    expect(plotMimes).toEqual(["application/vnd.vegalite.v5+json", "image/png", "text/plain"]);
    expect(outputs[3]).toContain("loaded true");
  });
});
