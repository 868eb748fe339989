/**
 * The wasm SIMD spectral kernels against the TypeScript reference path on the mtmfft workload
 * (tapsmofrq=4 -> 15 DPSS tapers, 200 trials x 64 channels x 2000 float32 samples, power averaged
 * over tapers, parallel: false) with the kernel path "wasm" vs "ts". Best of BENCH_REPEAT (3).
 *
 *   npm run build && node -r ts-node/register/transpile-only bench/fftKernels.ts [--quick]
 */
import * as spy from "../dist";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { bestOf, noisyTrials } from "./util";

async function mtmfftRows(opts: BenchOptions): Promise<BenchRow[]> {
  const [nTrials, nChannels, nSamples] = opts.quick ? [8, 4, 500] : [200, 64, 2000];
  const K = Math.max(1, Math.trunc(2 * (4 * nSamples) / 1000 - 1)); // Syncopy's Kmax for tapsmofrq=4 at 1 kHz
  const workload = `mtmfft tapsmofrq=4 (${K} tapers), ${nTrials}x${nChannels}x${nSamples}, 1 thread`;
  const { trials } = noisyTrials(nTrials, nSamples, nChannels, 12345);
  const data = new spy.AnalogData({ data: trials, samplerate: 1000 });
  const kw = { method: "mtmfft", tapsmofrq: 4, output: "pow", keeptrials: true, parallel: false };
  const sums: Record<string, number> = {};
  const time = async (path: "wasm" | "ts"): Promise<number> => {
    spy.setKernelPath(path);
    const s = await bestOf(Math.max(3, opts.repeat), async () => {
      const spec = await spy.freqanalysis(data, kw);
      let sum = 0;
      for (const t of spec.trials) for (let i = 0; i < t.data.length; i++) sum += t.data[i];
      sums[path] = sum;
    });
    spy.setKernelPath("auto");
    return s;
  };
  const ts = await time("ts");
  const wasm = await time("wasm");
  const rel = Math.abs(sums.wasm - sums.ts) / Math.abs(sums.ts);
  return [
    { workload, impl: "kernels: ts", seconds: ts, reference: true },
    { workload, impl: "kernels: wasm", seconds: wasm, note: `sum of all power vs ts path: rel. diff ${rel.toExponential(1)}` },
  ];
}

export const fftKernelsBench: BenchWorkload = mtmfftRows;

if (require.main === module) {
  const quick = process.argv.includes("--quick");
  const repeat = Number(process.env.BENCH_REPEAT ?? 3);
  fftKernelsBench({ quick, repeat }).then((rows) => {
    for (const r of rows) console.log(`${r.workload.padEnd(58)} ${r.impl.padEnd(30)} ${r.seconds.toFixed(3)} s  ${r.note ?? ""}`);
  }, (e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
