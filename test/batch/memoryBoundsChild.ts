/**
 * Child process of memoryBounds.test.ts: run one batch case over a generated raw recording much
 * larger than max_memory, once per worker count, and report each run's peak RSS growth; then check
 * windows of the output against the same transformation run without a memory bound.
 *
 * Measured in its own process so that the numbers are not the test runner's. Worker threads live
 * in this process, so its RSS includes them. Before each run the peak (VmHWM) is reset through
 * /proc/self/clear_refs and the baseline is the resident size (VmRSS) after a GC, once module
 * loading, wasm instantiation and the workers are warm: growth = VmHWM - baseline is what the run
 * itself added.
 *
 * argv: <json> with { file, nCh, maxMemory, outDir, case, processes: number[] }; prints one JSON line.
 */
import * as fs from "fs";
import * as path from "path";
import { BatchProcessor } from "../../src/batch/processor";
import { butterworth, reference, standardize } from "../../src/batch/transforms";
import type { BatchTransform } from "../../src/batch/transform";
import { shutdown } from "../../src/compute/pool";
import type { NDArray } from "../../src/core/ndarray";

interface Args { file: string; nCh: number; maxMemory: number; outDir: string; case: string; processes: number[] }

const FS = 30000;

/** The transformation (or plain function) and apply mode of each case. */
function caseOf(name: string): { fn: BatchTransform | ((b: NDArray) => NDArray); single: boolean } {
  switch (name) {
    case "bandpass": return { fn: butterworth({ sampling_frequency: FS, high_frequency: 6000 }), single: false };
    case "bandpass_standardize": return { fn: butterworth({ sampling_frequency: FS, high_frequency: 6000, standardize: true }), single: false };
    case "highpass_float64": return { fn: butterworth({ sampling_frequency: FS, output_dtype: "float64" }), single: false };
    case "standardize": return { fn: standardize({ sampling_frequency: FS }), single: false };
    case "reference_mean": return { fn: reference({ method: "mean" }), single: false };
    case "reference_median": return { fn: reference({ method: "median" }), single: false };
    case "single_channel_bandpass": return { fn: butterworth({ sampling_frequency: FS, high_frequency: 6000 }), single: true };
    // a YASS-style plain function (main thread only): int16 block -> float32 halves
    case "plain_multi": return { fn: plainHalf, single: false };
    case "plain_single": return { fn: plainHalf, single: true };
    default: throw new Error(`unknown case ${name}`);
  }
}

function plainHalf(b: NDArray): NDArray {
  const y = new Float32Array(b.data.length);
  for (let i = 0; i < y.length; i++) y[i] = 0.5 * b.data[i];
  return { data: y, shape: b.shape, dtype: "float32" };
}

function procStatus(): { hwm: number; rss: number } {
  const s = fs.readFileSync("/proc/self/status", "utf8");
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)![1]) * 1024;
  return { hwm: kb("VmHWM"), rss: kb("VmRSS") };
}

function apply(bp: BatchProcessor, fn: BatchTransform | ((b: NDArray) => NDArray), single: boolean, opts: Record<string, unknown>) {
  const o = { ...opts, ...(single ? { force_complete_channel_batch: false } : {}) } as never;
  return single ? bp.single_channel_apply(fn as never, o) : bp.multi_channel_apply(fn as never, o);
}

/** Rows [a, b) of every channel of an output file as float64, [rows, C] in samples order. */
function readWindow(file: string, dtype: string, C: number, nObs: number, single: boolean, a: number, b: number): Float64Array {
  const isz = dtype === "float64" ? 8 : 4;
  const fd = fs.openSync(file, "r");
  const out = new Float64Array((b - a) * C);
  try {
    if (!single) {
      const buf = Buffer.alloc((b - a) * C * isz);
      fs.readSync(fd, buf, 0, buf.length, a * C * isz);
      const v = isz === 8 ? new Float64Array(buf.buffer, buf.byteOffset, out.length) : new Float32Array(buf.buffer, buf.byteOffset, out.length);
      out.set(v);
    } else {
      // "channels" order: channel c's observations are one run
      const buf = Buffer.alloc((b - a) * isz);
      for (let c = 0; c < C; c++) {
        fs.readSync(fd, buf, 0, buf.length, (c * nObs + a) * isz);
        const v = isz === 8 ? new Float64Array(buf.buffer, buf.byteOffset, b - a) : new Float32Array(buf.buffer, buf.byteOffset, b - a);
        for (let i = 0; i < b - a; i++) out[i * C + c] = v[i];
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

/** Largest |bounded - unbounded| over windows at the start, middle and end, relative to the largest |unbounded|. */
async function checkAgainstUnbounded(args: Args, fn: BatchTransform | ((b: NDArray) => NDArray), single: boolean, outFile: string, dtype: string, nObs: number): Promise<number> {
  const bp = new BatchProcessor(args.file, { dtype: "int16", n_channels: args.nCh, data_order: "samples", max_memory: "8GB", show_progress_bar: false });
  let ref = fn;
  if (typeof fn !== "function" && fn.prepare) {
    // the statistics of the whole recording, estimated without a bound, fixed for the windows
    const stats = fn.prepare({ n_observations: nObs, channels: [...Array(args.nCh).keys()], from: 0, to: nObs, max_memory: 8 * 2 ** 30, itemsize: 2,
      read: (s, e, ch) => bp.reader.readRows(s, e, ch) });
    ref = { ...fn, kwargs: { ...fn.kwargs, ...stats }, prepare: undefined };
  }
  const W = 20000, mid = Math.floor(nObs / 2);
  let maxDiff = 0, maxAbs = 0;
  for (const [a, b] of [[0, W], [mid - W / 2, mid + W / 2], [nObs - W, nObs]]) {
    const parts = await apply(bp, ref, single, { mode: "memory", from_time: a, to_time: b }) as unknown as NDArray[];
    const got = readWindow(outFile, dtype, args.nCh, nObs, single, a, b);
    const C = args.nCh;
    // memory mode: multi gives [rows, C] batches; single gives one channel's pieces in turn
    let c = 0, row = 0;
    let at = 0;
    for (const p of parts) {
      for (let i = 0; i < p.data.length; i++) {
        const want = p.data[i];
        const idx = single ? (row + i) * C + c : at + i;
        maxDiff = Math.max(maxDiff, Math.abs(got[idx] - want));
        maxAbs = Math.max(maxAbs, Math.abs(want));
      }
      if (single) { row += p.data.length; if (row === b - a) { row = 0; c++; } } else at += p.data.length;
    }
  }
  return maxAbs > 0 ? maxDiff / maxAbs : maxDiff;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as Args;
  const { fn, single } = caseOf(args.case);
  const bp = new BatchProcessor(args.file, { dtype: "int16", n_channels: args.nCh, data_order: "samples", max_memory: args.maxMemory, show_progress_bar: false });
  const nObs = bp.n_observations;
  // warm up: module loading, wasm, the workers (a tiny range, disk mode with the largest worker count)
  const warm = path.join(args.outDir, `${args.case}-warm.bin`);
  await apply(bp, fn, single, { mode: "memory", to_time: 4000 });
  const maxP = Math.max(...args.processes);
  if (maxP > 1) await apply(bp, fn, single, { mode: "disk", output_path: warm, to_time: 4000, channels: [0, 1], processes: maxP });
  const runs: Array<{ processes: number; baseline: number; peak: number; growth: number; seconds: number; error: number }> = [];
  for (const processes of args.processes) {
    const out = path.join(args.outDir, `${args.case}-p${processes}.bin`);
    global.gc?.();
    fs.writeFileSync("/proc/self/clear_refs", "5");
    const baseline = procStatus().rss;
    const t0 = Date.now();
    const res = await apply(bp, fn, single, { mode: "disk", output_path: out, processes }) as { params: { dtype: string } };
    const peak = procStatus().hwm;
    const seconds = (Date.now() - t0) / 1000;
    const error = await checkAgainstUnbounded(args, fn, single, out, res.params.dtype, nObs);
    const size = fs.statSync(out).size;
    const expectSize = nObs * args.nCh * (res.params.dtype === "float64" ? 8 : 4);
    if (size !== expectSize) throw new Error(`output ${out} has ${size} bytes, expected ${expectSize}`);
    fs.rmSync(out, { force: true });
    runs.push({ processes, baseline, peak, growth: peak - baseline, seconds, error });
  }
  await shutdown();
  process.stdout.write(JSON.stringify({ case: args.case, maxMemory: args.maxMemory, runs }) + "\n");
}
main().catch((e) => { process.stderr.write(String(e?.stack ?? e)); process.exit(1); });
