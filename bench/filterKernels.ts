/**
 * Kernel benchmark: sosfiltfiltInterleaved (3rd-order Butterworth band-pass 300-6000 Hz at 30 kHz,
 * scipy's sosfiltfilt semantics) on an in-memory synthetic int16 recording of 385 channels x 10 s,
 * interleaved, on the wasm float32, wasm float64 and TypeScript paths. Reports MB/s of int16 input
 * consumed (best of `repeat`), and the float32 path's error against float64 relative to the
 * output's maximum. Run alone with
 *   node -r ts-node/register/transpile-only bench/filterKernels.ts [--quick] [--repeat N]
 * or through bench/run.ts as a BenchWorkload.
 */
import { sosfiltfiltInterleaved } from "../src/preproc/biquad";
import { setKernelPath } from "../src/wasm/kernelPath";
import { butter } from "../src/preproc/butter";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { bestOf } from "./util";

/** Spike-band-like int16 data: per-channel offset, LFP sine, noise and sparse spikes. */
function syntheticRecording(nObs: number, nCh: number, seed: number): Int16Array {
  const x = new Int16Array(nObs * nCh);
  let s = seed >>> 0;
  for (let c = 0; c < nCh; c++) {
    const w = 2 * Math.PI * (4 + (c % 9)) / 30000, cw = Math.cos(w), sw = Math.sin(w);
    let re = 150 + (c % 13) * 10, im = 0;
    const dc = ((c * 7919) % 600) - 300;
    for (let i = 0, k = c; i < nObs; i++, k += nCh) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const noise = ((s >>> 16) & 0xff) - 128 + ((s >>> 8) & 0xff) - 128; // triangular, sd ~ 105
      const spike = (i + 37 * c) % 3001 < 20 ? -400 * Math.sin(Math.PI * ((i + 37 * c) % 3001) / 20) : 0;
      x[k] = Math.round(dc + im + 0.2 * noise + spike);
      const t = re * cw - im * sw;
      im = re * sw + im * cw;
      re = t;
    }
  }
  return x;
}

export const filterKernelsBench: BenchWorkload = async (opts: BenchOptions): Promise<BenchRow[]> => {
  const nCh = 385, fs = 30000, seconds = opts.quick ? 0.2 : 10;
  const nObs = Math.round(fs * seconds);
  const workload = `sosfiltfiltInterleaved bp 300-6000 o3, int16 ${nCh} ch x ${seconds} s`;
  const sos = butter(3, [300, 6000], "bandpass", fs);
  const x = syntheticRecording(nObs, nCh, 2024);
  const mb = x.byteLength / 1e6;
  const out32 = new Float32Array(x.length);
  const out64 = new Float64Array(x.length);
  const rows: BenchRow[] = [];
  const run = async (impl: string, path: "wasm" | "ts", precision: "float32" | "float64", out: Float32Array | Float64Array) => {
    setKernelPath(path);
    const t = await bestOf(opts.repeat, () => sosfiltfiltInterleaved(sos, x, nObs, nCh, out, { precision }));
    rows.push({ workload, impl, seconds: t, note: `${(mb / t).toFixed(0)} MB/s of int16 input` });
  };
  try {
    await run("wasm float32 -> float32", "wasm", "float32", out32);
    const f32 = Float64Array.from(out32);
    await run("wasm float64 -> float64", "wasm", "float64", out64);
    const ref = Float64Array.from(out64);
    await run("wasm float64 -> float32", "wasm", "float64", out32);
    await run("TypeScript float64 -> float32", "ts", "float64", out32);
    let maxRef = 0, maxErr = 0;
    for (let i = 0; i < ref.length; i++) {
      maxRef = Math.max(maxRef, Math.abs(ref[i]));
      maxErr = Math.max(maxErr, Math.abs(f32[i] - ref[i]));
    }
    rows[0].note += `; max |f32 - f64| / max |f64| = ${(maxErr / maxRef).toExponential(2)}`;
  } finally {
    setKernelPath("auto");
  }
  return rows;
};

if (require.main === module) {
  const quick = process.argv.includes("--quick");
  const i = process.argv.indexOf("--repeat");
  const repeat = i > 0 ? Number(process.argv[i + 1]) : 3;
  filterKernelsBench({ quick, repeat }).then((rows) => {
    for (const r of rows) console.log(`${r.impl.padEnd(32)} ${r.seconds.toFixed(3)} s  ${r.note ?? ""}`);
  });
}
