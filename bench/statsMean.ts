/**
 * Workload (issue 17): `spy.mean(data, { dim: "trials" })` over an AnalogData stored on disk,
 * 500 trials x 16 000 samples x 64 channels float32 (2.05 GB; --quick: 25 x 8 000 x 64, 51 MB),
 * built from a generator so that it never sits in memory (build time not counted).
 *
 * Rows, every figure in MB/s of input (trials x samples x channels x 4 bytes / seconds):
 * - spyts with the file in the page cache (warm) and with the file evicted before each run (cold);
 * - the disk's cold sequential read of the same file (8 MB reads into one reused buffer), the
 *   ceiling of any streamed reduction of this file;
 * - numpy `arr.mean(axis=0)` on an in-memory float32 array of the same shape (float32
 *   accumulation, numpy's default), one thread, only the reduction timed (bench/stats_numpy.py):
 *   the reference row that ratios are taken against.
 *
 * Eviction: `dd if=FILE iflag=nocache count=0` (GNU dd calls posix_fadvise(POSIX_FADV_DONTNEED) on
 * the whole file; Node cannot) after the file was fsynced, checked with util-linux `fincore`. If
 * the file cannot be evicted, the cold rows say so and the disk row reads with `dd iflag=direct`
 * instead (O_DIRECT bypasses the page cache). Never `/proc/sys/vm/drop_caches`: that empties the
 * cache of every process on this shared machine. This is a VM: the host may still cache the file.
 *
 * Check: trial k holds base[t, c] + (k - (K - 1) / 2) * step[c], all multiples of 1/8 well inside
 * float32's exact range, so the mean over trials is base[t, c] exactly; the workload fails when
 * spyts (or numpy) differs from it by more than float32 rounding.
 *
 *   node -r ts-node/register/transpile-only bench/run.ts --only statsmean [--quick]   (after npm run build)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as spy from "../dist";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { PY_ONE_THREAD, bestOf, pythonAvailable } from "./util";

/** Bytes per read of the disk row: large enough that the per-call cost vanishes. */
const READ_CHUNK = 8 << 20;

/** The expected mean base[t, c]: multiples of 1/8 in [0, 128). Same formula in stats_numpy.py. */
function base(t: number, c: number): number {
  return ((t * 7 + c * 13) % 1024) / 8;
}

/** Per-channel step of the trial offset: 1/4 .. 1. Same formula in stats_numpy.py. */
function step(c: number): number {
  return ((c % 4) + 1) / 4;
}

/** Trials [nSamples, nChannels] float32, one fresh array per trial (the writer may hold it until its batch is flushed). */
function* trialGenerator(nTrials: number, nSamples: number, nChannels: number): Generator<{ data: Float32Array; shape: number[]; dtype: "float32" }> {
  const b = new Float32Array(nSamples * nChannels);
  for (let t = 0; t < nSamples; t++) for (let c = 0; c < nChannels; c++) b[t * nChannels + c] = base(t, c);
  const steps = Float32Array.from({ length: nChannels }, (_, c) => step(c));
  for (let k = 0; k < nTrials; k++) {
    const off = k - (nTrials - 1) / 2;
    const x = new Float32Array(b.length);
    for (let i = 0; i < x.length; i++) x[i] = b[i] + off * steps[i % nChannels];
    yield { data: x, shape: [nSamples, nChannels], dtype: "float32" };
  }
}

/** Max |result - base| over every element; Infinity for a wrong shape or NaN. */
function maxErrorAgainstClosedForm(result: spy.AnalogData, nSamples: number, nChannels: number): number {
  const trial = result.trials.get(0);
  if (result.nTrials !== 1 || trial.shape.join() !== [nSamples, nChannels].join()) return Infinity;
  const x = trial.data as ArrayLike<number>;
  let err = 0;
  for (let t = 0; t < nSamples; t++) {
    for (let c = 0; c < nChannels; c++) {
      const d = Math.abs(x[t * nChannels + c] - base(t, c));
      err = Number.isNaN(d) ? Infinity : Math.max(err, d);
    }
  }
  return err;
}

/** Bytes of `file` resident in the page cache (util-linux fincore), or null when it cannot tell. */
function residentBytes(file: string): number | null {
  try {
    const out = execFileSync("fincore", ["--bytes", "--noheadings", "--output", "RES", file], { encoding: "utf8" });
    const n = Number(out.trim());
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/** Drop `file` from the page cache (posix_fadvise DONTNEED through GNU dd); true when fincore confirms it. */
function evict(file: string): boolean {
  try {
    execFileSync("dd", [`if=${file}`, "iflag=nocache", "count=0", "status=none"]);
  } catch {
    return false;
  }
  const left = residentBytes(file);
  return left !== null && left <= 0.01 * fs.statSync(file).size;
}

/** Read `file` front to back with 8 MB reads into one reused buffer (at a 64-byte offset: see PERFORMANCE.md). */
function readSequential(file: string): number {
  const buf = Buffer.allocUnsafeSlow(READ_CHUNK + 64);
  const fd = fs.openSync(file, "r");
  let pos = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 64, READ_CHUNK, pos);
      if (n === 0) break;
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return pos;
}

/** The same with O_DIRECT (no page cache involved), the fallback when eviction is not possible. */
function readDirect(file: string): void {
  execFileSync("dd", [`if=${file}`, "of=/dev/null", "bs=16M", "iflag=direct", "status=none"]);
}

function removeStorage(obj: spy.AnalogData | null): void {
  const p = obj?.storage?.path;
  if (p && obj?.storage?.temporary) fs.rmSync(p, { force: true });
}

export const statsMeanBench: BenchWorkload = async (opts: BenchOptions): Promise<BenchRow[]> => {
  const [nTrials, nSamples, nChannels] = opts.quick ? [25, 8000, 64] : [500, 16000, 64];
  const bytes = nTrials * nSamples * nChannels * 4;
  const mb = bytes / 1e6;
  const workload = `mean over trials, ${nTrials} x ${nSamples} x ${nChannels} float32 (${mb.toFixed(0)} MB)`;
  const rate = (s: number) => `${(mb / s).toFixed(0)} MB/s`;
  // float32 rounding of values below 512 (the result is stored as float32)
  const tolerance = 512 * 2 ** -23;

  let data: spy.AnalogData | null = null;
  try {
    data = new spy.AnalogData({ data: trialGenerator(nTrials, nSamples, nChannels), samplerate: 1000 });
    const file = data.storage!.path;
    // on disk before the timed runs, as a recording is: write-back must not compete, and only
    // clean pages can be evicted
    const fd = fs.openSync(file, "r+");
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
    const fileMb = fs.statSync(file).size / 1e6;

    let checked = Infinity;
    // CPU seconds of this process (best run): on the busy shared machine wall time also counts
    // the time other processes hold the cores, CPU time does not
    let cpuBest = Infinity;
    const runMean = async () => {
      const c0 = process.cpuUsage();
      const res = await spy.mean(data!, { dim: "trials" }) as spy.AnalogData;
      const c = process.cpuUsage(c0);
      cpuBest = Math.min(cpuBest, (c.user + c.system) / 1e6);
      checked = maxErrorAgainstClosedForm(res, nSamples, nChannels);
      removeStorage(res);
      if (!(checked <= tolerance)) throw new Error(`spy.mean over trials is wrong: max |mean - closed form| = ${checked} (allowed ${tolerance})`);
    };

    // warm: the file was just written, so it is in the page cache unless memory is short
    const residentWarm = residentBytes(file);
    const warm = await bestOf(opts.repeat, runMean);
    const warmCpu = cpuBest;
    cpuBest = Infinity;
    const warmNote = residentWarm === null ? "page cache state unknown (no fincore)" : `${((100 * residentWarm) / (fileMb * 1e6)).toFixed(0)}% of the file in the page cache`;

    let evicted = true;
    const cold = await bestOf(opts.repeat, runMean, () => { evicted = evict(file) && evicted; });
    const coldCpu = cpuBest;
    let coldRead: number;
    let readHow: string;
    if (evict(file) && evicted) {
      let readEvicted = true;
      coldRead = await bestOf(opts.repeat, () => readSequential(file), () => { readEvicted = evict(file) && readEvicted; });
      readHow = `evicted (dd iflag=nocache${readEvicted ? ", fincore: 0 resident" : "; NOT COLD: eviction failed"}), 8 MB fs.readSync`;
    } else {
      coldRead = await bestOf(opts.repeat, () => readDirect(file));
      readHow = "could not evict: dd bs=16M iflag=direct";
    }
    const ofDisk = (s: number) => `${((100 * coldRead) / s).toFixed(0)}% of the cold disk read`;
    const rows: BenchRow[] = [
      { workload, impl: "spyts spy.mean, file in page cache", seconds: warm, note: `${rate(warm)}; CPU ${warmCpu.toFixed(2)} s = ${rate(warmCpu)}; ${warmNote}; max |mean - closed form| = ${checked}` },
      { workload, impl: "spyts spy.mean, file evicted (cold)", seconds: cold, note: `${rate(cold)}, ${ofDisk(cold)}; CPU ${coldCpu.toFixed(2)} s = ${rate(coldCpu)}${evicted ? "" : "; NOT COLD: eviction failed"}` },
      { workload, impl: "disk: cold sequential read", seconds: coldRead, note: `${rate(coldRead)} (${fileMb.toFixed(0)} MB file incl. Arrow framing); ${readHow}` },
    ];

    if (!pythonAvailable()) return [...rows, { workload, impl: "numpy arr.mean(axis=0)", seconds: NaN, reference: true, note: "/usr/bin/python3 not found" }];
    const out = execFileSync("/usr/bin/python3", [path.join(__dirname, "stats_numpy.py"), String(nTrials), String(nSamples), String(nChannels), String(opts.repeat)], { encoding: "utf8", env: PY_ONE_THREAD });
    const py = JSON.parse(out.trim().split("\n").pop()!) as { seconds: number; cpu_seconds: number; trials: number; bytes: number; max_err: number };
    if (!(py.max_err <= tolerance)) throw new Error(`numpy's mean differs from the closed form by ${py.max_err}`);
    // when the array had to be smaller, scale its time to this workload's bytes (a reduction is linear in them)
    const scaled = py.trials === nTrials ? py.seconds : (py.seconds * bytes) / py.bytes;
    const pyMbs = py.bytes / 1e6 / py.seconds;
    const pyCpu = `CPU ${py.cpu_seconds.toFixed(3)} s = ${(py.bytes / 1e6 / py.cpu_seconds).toFixed(0)} MB/s`;
    const pyNote = py.trials === nTrials ? `${pyMbs.toFixed(0)} MB/s; ${pyCpu}; in memory, float32 accumulation`
      : `${pyMbs.toFixed(0)} MB/s on ${py.trials} trials (${(py.bytes / 1e6).toFixed(0)} MB: the full array did not fit); ${pyCpu}; seconds scaled to ${mb.toFixed(0)} MB`;
    rows.push({ workload, impl: "numpy arr.mean(axis=0), 1 thread", seconds: scaled, reference: true, note: `${pyNote}; max |mean - closed form| = ${py.max_err}` });
    return rows;
  } finally {
    removeStorage(data);
  }
};
