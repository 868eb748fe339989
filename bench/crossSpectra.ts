/**
 * Workload: trial-averaged cross-spectral density from per-trial taper spectra (what Syncopy's
 * connectivityanalysis method "csd" computes after mtmfft): 20 trials of complex64 spectra, 7 DPSS
 * tapers x 501 frequencies x 64 channels, accumulated trial by trial into one float64 [F, C, C]
 * accumulator with accumulateCrossSpectra (wasm SIMD and TypeScript paths) and with a
 * CrossSpectraAccumulator (accumulator resident in wasm memory; float64 and float32 products),
 * against numpy in one
 * thread through /usr/bin/python3 (bench/crossspectra_numpy.py: einsum and BLAS matmul). The wasm
 * result is checked against numpy's (max |spyts - numpy| / max |numpy| in the note).
 * A last row stacks all trials' tapers into one call (K = 20 x 7), which reads and writes the
 * 33 MB accumulator once instead of once per trial.
 *
 *   node -r ts-node/register/transpile-only bench/crossSpectra.ts [--quick]
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { accumulateCrossSpectra, CrossSpectraAccumulator } from "../src/connectivity/crossSpectra";
import { setKernelPath } from "../src/wasm/kernelPath";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { PY_ONE_THREAD, bestOf, pythonAvailable } from "./util";

/** Deterministic complex spectra [trial][K, F, C] (interleaved float32) with some inter-channel coherence. */
function spectra(nTrials: number, K: number, F: number, C: number): Float32Array {
  const per = 2 * K * F * C;
  const x = new Float32Array(nTrials * per);
  let s = 12345;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  for (let t = 0; t < nTrials; t++) {
    for (let k = 0; k < K; k++) {
      for (let f = 0; f < F; f++) {
        const cr = rnd(), ci = rnd(); // a common source per (trial, taper, frequency)
        for (let c = 0; c < C; c++) {
          const o = t * per + 2 * ((k * F + f) * C + c), w = 0.5 + (c % 5) * 0.1;
          x[o] = w * cr + rnd();
          x[o + 1] = w * ci + rnd();
        }
      }
    }
  }
  return x;
}

export const crossSpectraBench: BenchWorkload = async (opts: BenchOptions): Promise<BenchRow[]> => {
  const [nTrials, K, F, C] = opts.quick ? [3, 3, 17, 5] : [20, 7, 501, 64];
  const workload = `CSD ${nTrials} trials x ${K} tapers x ${F} freqs x ${C} ch`;
  const X = spectra(nTrials, K, F, C);
  const per = 2 * K * F * C;
  const acc = new Float64Array(2 * F * C * C);
  const scale = 1 / (K * nTrials);
  const perTrial = () => {
    acc.fill(0);
    for (let t = 0; t < nTrials; t++) accumulateCrossSpectra(X.subarray(t * per, (t + 1) * per), K, F, C, acc, { scale });
  };
  const rows: BenchRow[] = [];
  const resident = async (precision: "float32" | "float64"): Promise<[number, Float64Array]> => {
    const csd = new CrossSpectraAccumulator(F, C, { precision });
    let out: Float64Array = new Float64Array(0);
    const t = await bestOf(opts.repeat, () => {
      csd.reset();
      for (let i = 0; i < nTrials; i++) csd.add(X.subarray(i * per, (i + 1) * per), K, scale);
      out = csd.result();
    });
    return [t, out];
  };
  try {
    setKernelPath("ts");
    const tTs = await bestOf(1, perTrial);
    setKernelPath("wasm");
    const tStacked = await bestOf(opts.repeat, () => {
      acc.fill(0);
      accumulateCrossSpectra(X, nTrials * K, F, C, acc, { scale });
    });
    const [tResident] = await resident("float64");
    const [tResident32, acc32] = await resident("float32");
    const tWasm = await bestOf(opts.repeat, perTrial); // last: acc holds the per-trial wasm result
    let d = 0, m = 0;
    for (let i = 0; i < acc.length; i++) { d = Math.max(d, Math.abs(acc32[i] - acc[i])); m = Math.max(m, Math.abs(acc[i])); }
    rows.push(
      { workload, impl: "spyts wasm f64, per trial", seconds: tWasm },
      { workload, impl: "spyts wasm f64, resident", seconds: tResident, note: "CrossSpectraAccumulator: add() per trial, one result() copy" },
      { workload, impl: "spyts wasm f32, resident", seconds: tResident32, note: `precision "float32"; max rel. diff vs float64 kernel ${(d / m).toExponential(1)}` },
      { workload, impl: "spyts wasm f64, stacked", seconds: tStacked, note: `all trials in one call, K = ${nTrials * K}` },
      { workload, impl: "spyts TypeScript, per trial", seconds: tTs },
    );
  } finally {
    setKernelPath("auto");
  }
  if (!pythonAvailable()) return [...rows, { workload, impl: "numpy matmul (1 thread)", seconds: NaN, reference: true, note: "/usr/bin/python3 not found" }];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-csd-"));
  try {
    const xFile = path.join(dir, "x.c64"), accFile = path.join(dir, "acc.c128");
    fs.writeFileSync(xFile, Buffer.from(X.buffer, X.byteOffset, X.byteLength));
    fs.writeFileSync(accFile, Buffer.from(acc.buffer, acc.byteOffset, acc.byteLength));
    const out = execFileSync("/usr/bin/python3", [path.join(__dirname, "crossspectra_numpy.py"), xFile, String(nTrials), String(K), String(F), String(C), accFile, String(opts.repeat)],
      { encoding: "utf8", env: PY_ONE_THREAD, maxBuffer: 1 << 20 });
    const py = JSON.parse(out.trim().split("\n").pop()!);
    rows[0].note = `max rel. diff vs numpy matmul ${py.rel_matmul.toExponential(1)}, vs einsum ${py.rel_einsum.toExponential(1)}, vs complex128 ${py.rel_exact.toExponential(1)}`;
    rows.push(
      { workload, impl: "numpy matmul c64 (1 thread)", seconds: py.matmul, reference: true, note: `batched cgemm per trial; its own error vs complex128 ${py.numpy_c64_vs_exact.toExponential(1)}` },
      { workload, impl: "numpy einsum c64 (1 thread)", seconds: py.einsum, note: "np.einsum('kfi,kfj->fij', X, X.conj()) per trial" },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
};

if (require.main === module) {
  const quick = process.argv.includes("--quick");
  const repeat = Number(process.env.BENCH_REPEAT ?? 3);
  crossSpectraBench({ quick, repeat }).then((rows) => {
    for (const r of rows) console.log(`${r.impl.padEnd(30)} ${r.seconds.toFixed(3)} s  ${r.note ?? ""}`);
  }, (e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
