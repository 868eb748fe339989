/**
 * Workload nwbread: how close spy.load_nwb comes to reading the file's bytes.
 *
 * An NWB file with a 1 GB int16 ElectricalSeries (384 channels x 1.41 M samples at 30 kHz, 47
 * trials of 1 s; --quick: 45 000 samples, 35 MB, 3 trials) is written once into a temp folder by
 * bench/nwbWriteInt16.py (h5py, chunked 8192 x 64, no compression: h5py writes from numpy in C,
 * several times faster than save_nwb, which writes float32/float64 only and would make a 2 GB
 * float file, not the int16 files acquisition systems write). Then, best of `repeat`:
 *
 * - "plain read": the file's bytes, fs.readSync in 16 MB blocks into one buffer, nothing else;
 * - "load_nwb + read trials": spy.load_nwb(file, { memuse: 500 }) and every trial read through
 *   the AnalogData (data.trials.get(k): its rows read from the NWB file, int16 -> volts as
 *   float32), its values summed so nothing is optimised away; the sum is checked against the
 *   exact sum of the stored integers (conversion is 2**-20, so it is exact).
 *
 * MB/s are of the NWB file's size in both rows. Both read from the page cache (the file was just
 * written; 1 GB fits in memory): the plain read is the ceiling of a warm read, not of the disk.
 * The notes also give the process's CPU time (user + system, process.cpuUsage) of the best
 * repetition: on a shared, loaded machine wall time includes waiting for a core, CPU time does
 * not. (The series is unfiltered, so load_nwb reads metadata only; a compressed series would be
 * decoded into spyts' temp storage at load time, released after each repetition.)
 *
 *   node -r ts-node/register/transpile-only bench/run.ts --only nwbread [--quick]   (after npm run build)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../dist";
import { release } from "../dist/data/storage/tempStorage";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { bestOf, pythonAvailable } from "./util";

const CHANNELS = 384;
const FULL = { samples: 47 * 30_000, trial: 30_000 };
const QUICK = { samples: 3 * 15_000, trial: 15_000 };
const BLOCK = 16 << 20;
const MEMUSE = 500;

/** CPU seconds (user + system) of this process so far. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Read `file` sequentially in 16 MB blocks into one reused buffer; returns the bytes read. */
function plainRead(file: string, buf: Buffer): number {
  const fd = fs.openSync(file, "r");
  try {
    let pos = 0;
    for (let n; (n = fs.readSync(fd, buf, 0, BLOCK, pos)) > 0;) pos += n;
    return pos;
  } finally {
    fs.closeSync(fd);
  }
}

interface LoadResult { sum: number; values: number; trials: number; loadSeconds: number; readSeconds: number; cpuSeconds: number }

/** load_nwb, then every trial read through the AnalogData and summed; the two steps timed. */
async function loadAndRead(file: string): Promise<LoadResult> {
  const c0 = cpuSeconds();
  const t0 = process.hrtime.bigint();
  const lfp = (await spy.load_nwb(file, { memuse: MEMUSE })).ElectricalSeries as spy.AnalogData;
  const t1 = process.hrtime.bigint();
  try {
    let sum = 0, values = 0;
    for (let k = 0; k < lfp.trials.length; k++) {
      const d = lfp.trials.get(k).data as Float32Array;
      for (let i = 0; i < d.length; i++) sum += d[i];
      values += d.length;
    }
    const t2 = process.hrtime.bigint();
    return { sum, values, trials: lfp.trials.length, loadSeconds: Number(t1 - t0) / 1e9, readSeconds: Number(t2 - t1) / 1e9, cpuSeconds: cpuSeconds() - c0 };
  } finally {
    if (lfp.storage?.temporary) release(lfp.storage.path);
  }
}

/** Why the file cannot be written (no python3, or no h5py), or null. */
function h5pyMissing(): string | null {
  if (!pythonAvailable()) return "/usr/bin/python3 not found";
  try {
    execFileSync("/usr/bin/python3", ["-c", "import h5py"], { stdio: "pipe" });
    return null;
  } catch {
    return "h5py does not import in /usr/bin/python3";
  }
}

const mbps = (bytes: number, s: number) => `${(bytes / 1e6 / s).toFixed(0)} MB/s`;

export const nwbReadBench: BenchWorkload = async (opts: BenchOptions): Promise<BenchRow[]> => {
  const size = opts.quick ? QUICK : FULL;
  const mb = (size.samples * CHANNELS * 2) / 1e6;
  const workload = `NWB int16 ${CHANNELS}ch x ${size.samples} (${mb.toFixed(0)} MB)`;
  const why = h5pyMissing();
  if (why) return [{ workload, impl: "plain read", seconds: NaN, reference: true, note: `${why}: no file to read (apt-get install python3-h5py)` }];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-bench-nwbread-"));
  try {
    const file = path.join(dir, "int16.nwb");
    const made = JSON.parse(execFileSync("/usr/bin/python3", [path.join(__dirname, "nwbWriteInt16.py"), file, String(size.samples), String(CHANNELS), String(size.trial)], { encoding: "utf8" }).trim()) as { seconds: number; sum: number; sumInTrials: number; trials: number };
    const bytes = fs.statSync(file).size;

    const buf = Buffer.allocUnsafe(BLOCK);
    let got = 0, plainCpu = Infinity;
    const plain = await bestOf(opts.repeat, () => {
      const c0 = cpuSeconds();
      got = plainRead(file, buf);
      plainCpu = Math.min(plainCpu, cpuSeconds() - c0);
    });
    if (got !== bytes) throw new Error(`plain read got ${got} bytes of ${bytes}`);

    // the best repetition's breakdown (load_nwb / reading the trials) goes into the note
    let r: LoadResult = { sum: NaN, values: 0, trials: 0, loadSeconds: Infinity, readSeconds: Infinity, cpuSeconds: Infinity };
    const load = await bestOf(opts.repeat, async () => {
      const x = await loadAndRead(file);
      if (x.loadSeconds + x.readSeconds < r.loadSeconds + r.readSeconds) r = x;
    });
    const expected = made.sumInTrials * 2 ** -20;
    if (r.sum !== expected || r.trials !== made.trials || r.values !== made.trials * size.trial * CHANNELS) {
      throw new Error(`load_nwb read ${r.trials} trials, ${r.values} values summing to ${r.sum}; the file holds ${made.trials} trials summing to ${expected}`);
    }
    return [
      { workload, impl: "plain read (fs.readSync 16 MB)", seconds: plain, reference: true, note: `${mbps(bytes, plain)} of ${(bytes / 1e6).toFixed(0)} MB; CPU ${plainCpu.toFixed(2)} s; warm page cache; file written by h5py in ${made.seconds.toFixed(1)} s` },
      { workload, impl: "load_nwb + read every trial", seconds: load, note: `${mbps(bytes, load)}; CPU ${r.cpuSeconds.toFixed(2)} s (${mbps(bytes, r.cpuSeconds)} per CPU second); ${(load / plain).toFixed(1)}x the plain read's time (load_nwb ${r.loadSeconds.toFixed(2)} s, reading the trials ${r.readSeconds.toFixed(2)} s); memuse ${MEMUSE} MB; ${r.trials} trials, sum exact` },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
