/**
 * Workload: spectral Granger causality on 16 channels (connectivityanalysis method "granger" after
 * its CSD stage): the trial-averaged complex64 CSD of a 16-channel AR(2) network (200 trials of 1000
 * samples at 1000 Hz, 2 Hz DPSS smoothing: 501 frequencies) -> regularisation -> Wilson's
 * factorisation -> Dhamala's formula (connectivity/granger.ts grangerFromCrossSpectra), on the wasm
 * and TypeScript kernel paths, against the same steps in numpy in one thread through /usr/bin/python3
 * (bench/granger_numpy.py: Syncopy's algorithm as Syncopy runs it, on the two-sided spectrum). The
 * note gives the iterations and max |G_spyts - G_numpy|.
 *
 *   node -r ts-node/register/transpile-only bench/granger.ts [--quick]
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { connectivityanalysis } from "../src/connectivity/connectivityanalysis";
import { grangerFromCrossSpectra } from "../src/connectivity/granger";
import * as synth from "../src/synthdata/collect";
import type { AnalogData } from "../src/data/analog";
import { setKernelPath } from "../src/wasm/kernelPath";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { PY_ONE_THREAD, bestOf, pythonAvailable } from "./util";

export const grangerBench: BenchWorkload = async (opts: BenchOptions): Promise<BenchRow[]> => {
  const [C, nTrials, nSamples] = opts.quick ? [4, 20, 200] : [16, 200, 1000];
  const AdjMat = synth.mk_RandomAdjMat({ nChannels: C, conn_thresh: 0.25, max_coupling: 0.25, seed: 11 });
  const data = synth.ar2_network({ AdjMat, nSamples, samplerate: 1000, nTrials, seed: 7 }) as AnalogData;
  // the stage's CSD, as granger gets it (demean_taper on; complex64 as Syncopy stores it)
  setKernelPath("auto");
  const csdOut = await connectivityanalysis(data, { method: "csd", tapsmofrq: opts.quick ? 10 : 2 });
  const csd32 = csdOut.trials.get(0).data as Float32Array;
  const F = csdOut.freq.length;
  const csd = Float64Array.from(csd32);
  const workload = `granger on ${C} channels, ${F} freqs (CSD of ${nTrials} trials)`;
  const rows: BenchRow[] = [];
  let G: Float32Array = new Float32Array(0);
  let info = "";
  try {
    for (const [kernels, impl] of [["wasm", "spyts wasm"], ["ts", "spyts TypeScript"]] as const) {
      setKernelPath(kernels);
      const t = await bestOf(opts.repeat, () => {
        const r = grangerFromCrossSpectra(csd, F, C);
        if (kernels === "wasm") {
          G = r.G;
          info = `${r.iterations} iterations, max rel. err ${(r.info["max rel. err"]).toExponential(2)}, cond ${r.info["initial cond. num"].toFixed(1)}, reg. factor ${r.info["reg. factor"]}`;
        }
      });
      rows.push({ workload, impl, seconds: t, note: kernels === "wasm" ? info : "regularisation, Wilson and Dhamala; Wilson's matrix work in TypeScript" });
    }
  } finally {
    setKernelPath("auto");
  }
  if (!pythonAvailable()) return [...rows, { workload, impl: "numpy (1 thread)", seconds: NaN, reference: true, note: "/usr/bin/python3 not found" }];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-granger-"));
  try {
    const csdFile = path.join(dir, "csd.c64"), gFile = path.join(dir, "g.f64");
    fs.writeFileSync(csdFile, Buffer.from(csd32.buffer, csd32.byteOffset, csd32.byteLength));
    const out = execFileSync("/usr/bin/python3", [path.join(__dirname, "granger_numpy.py"), csdFile, String(F), String(C), gFile, String(opts.repeat)],
      { encoding: "utf8", env: PY_ONE_THREAD, maxBuffer: 1 << 20 });
    const py = JSON.parse(out.trim().split("\n").pop()!);
    const buf = fs.readFileSync(gFile);
    const ref = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
    let d = 0, m = 0;
    // the DC bin is rounding noise (demean_taper): compared from the second bin on
    for (let e = C * C; e < ref.length; e++) { d = Math.max(d, Math.abs(G[e] - ref[e])); m = Math.max(m, Math.abs(ref[e])); }
    rows[0].note += `; max |G - numpy| (f > 0) ${d.toExponential(1)} of max ${m.toFixed(2)}`;
    rows.push({ workload, impl: "numpy (1 thread)", seconds: py.seconds, reference: true, note: `Syncopy's steps on the two-sided spectrum: ${py.iterations} iterations, max rel. err ${py.err.toExponential(2)}` });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
};

if (require.main === module) {
  const quick = process.argv.includes("--quick");
  const repeat = Number(process.env.BENCH_REPEAT ?? 3);
  grangerBench({ quick, repeat }).then(async (rows) => {
    const ref = rows.find((r) => r.reference && Number.isFinite(r.seconds));
    for (const r of rows) console.log(`${r.impl.padEnd(20)} ${r.seconds.toFixed(3)} s  ${ref ? (ref.seconds / r.seconds).toFixed(2) + "x" : ""}  ${r.note ?? ""}`);
    await (await import("../src/compute/pool")).shutdown();
  }, (e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
