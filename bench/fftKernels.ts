/**
 * Micro benchmark of the wasm SIMD spectral kernels against the TypeScript reference path:
 * microseconds per real FFT of 1024 and 65536 points (through the plan interface with Float64Array
 * in and out, and the kernel alone on data already in wasm memory), and the mtmfft workload
 * (tapsmofrq=4 -> 15 DPSS tapers, 200 trials x 64 channels x 2000 float32 samples, power averaged
 * over tapers, parallel: false) with the kernel path "wasm" vs "ts". Best of BENCH_REPEAT (3).
 *
 *   npm run build && node -r ts-node/register/transpile-only bench/fftKernels.ts [--quick]
 */
import * as spy from "../dist";
import { setKernelPath } from "../dist/wasm/kernelPath";
import { getWasmRealFFTPlan } from "../dist/wasm/fft";
import { spectralHeap } from "../dist/wasm/fftHeap";
import { LANE_ELEM, realPlan } from "../dist/wasm/fftPlans";
import { getRealFFTPlan } from "../dist/math/fft";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { bestOf, noisyTrials } from "./util";

/** Best time of one call of fn, in microseconds, over `repeat` rounds of `reps` calls. */
function microseconds(fn: () => void, reps: number, repeat: number): number {
  for (let i = 0; i < Math.min(reps, 100); i++) fn(); // warm up (plans, JIT)
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / reps);
  }
  return best;
}

/** The realFFT kernel alone: input already in wasm memory, output left there. */
function kernelOnly(n: number, x: Float64Array): () => void {
  const heap = spectralHeap()!;
  heap.startCall();
  const rp = realPlan(heap, n);
  const cp = rp.complex;
  const src = heap.scratch(4 * n), dst = heap.scratch(8 * rp.nBins), Z = heap.scratch(rp.zBytes);
  const S = heap.scratch(LANE_ELEM * cp.buf), D = heap.scratch(LANE_ELEM * cp.buf), W = heap.scratch(LANE_ELEM * cp.lane.work);
  heap.f32(src, n).set(x);
  const f = heap.exports.realFFT as (...a: number[]) => void;
  return () => f(rp.ptr, src, dst, Z, S, D, W);
}

function fftRows(opts: BenchOptions): BenchRow[] {
  const rows: BenchRow[] = [];
  const repeat = Math.max(3, opts.repeat);
  for (const n of [1024, 65536]) {
    const workload = `real FFT, ${n} points`;
    const x = new Float64Array(n).map((_, i) => Math.sin(0.01 * i) + ((i * 7919) % 101) / 101);
    const reps = (opts.quick ? 0.05 : 1) * (n > 4096 ? 300 : 50000);
    setKernelPath("wasm");
    const wasm = getWasmRealFFTPlan(n)!;
    const out = new Float64Array(2 * wasm.nBins);
    const tWasm = microseconds(() => wasm.forward(x, out), reps, repeat);
    const tKernel = microseconds(kernelOnly(n, x), reps, repeat);
    setKernelPath("ts");
    const ts = getRealFFTPlan(n);
    const tTs = microseconds(() => ts.forward(x, out), reps, repeat);
    setKernelPath("auto");
    rows.push(
      { workload, impl: "TypeScript f64 (fft.js)", seconds: tTs * 1e-6, reference: true, note: `${tTs.toFixed(2)} us` },
      { workload, impl: "wasm SIMD f32, plan.forward", seconds: tWasm * 1e-6, note: `${tWasm.toFixed(2)} us (Float64Array in/out, copies included)` },
      { workload, impl: "wasm SIMD f32, kernel only", seconds: tKernel * 1e-6, note: `${tKernel.toFixed(2)} us (data in wasm memory)` },
    );
  }
  return rows;
}

async function mtmfftRows(opts: BenchOptions): Promise<BenchRow[]> {
  const [nTrials, nChannels, nSamples] = opts.quick ? [8, 4, 500] : [200, 64, 2000];
  const K = Math.max(1, Math.trunc(2 * (4 * nSamples) / 1000 - 1)); // Syncopy's Kmax for tapsmofrq=4 at 1 kHz
  const workload = `mtmfft tapsmofrq=4 (${K} tapers), ${nTrials}x${nChannels}x${nSamples}, 1 thread`;
  const { trials } = noisyTrials(nTrials, nSamples, nChannels, 12345);
  const data = new spy.AnalogData({ data: trials, samplerate: 1000 });
  const kw = { method: "mtmfft", tapsmofrq: 4, output: "pow", keeptrials: true, parallel: false };
  const sums: Record<string, number> = {};
  const time = async (path: "wasm" | "ts"): Promise<number> => {
    setKernelPath(path);
    const s = await bestOf(Math.max(3, opts.repeat), async () => {
      const spec = await spy.freqanalysis(data, kw);
      let sum = 0;
      for (const t of spec.trials) for (let i = 0; i < t.data.length; i++) sum += t.data[i];
      sums[path] = sum;
    });
    setKernelPath("auto");
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

export const fftKernelsBench: BenchWorkload = async (opts) => [...fftRows(opts), ...(await mtmfftRows(opts))];

if (require.main === module) {
  const quick = process.argv.includes("--quick");
  const repeat = Number(process.env.BENCH_REPEAT ?? 3);
  fftKernelsBench({ quick, repeat }).then((rows) => {
    // FFT rows carry their microseconds in the note (bench/run.ts prints seconds to 3 decimals)
    for (const r of rows) {
      const time = r.seconds < 1e-3 ? r.note ?? "" : `${r.seconds.toFixed(3)} s  ${r.note ?? ""}`;
      console.log(`${r.workload.padEnd(58)} ${r.impl.padEnd(30)} ${time}`);
    }
  }, (e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
