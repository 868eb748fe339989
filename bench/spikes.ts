/**
 * Workload (issue 18): a long multi-unit session of 10^7 spikes (20 units on 4 channels, 30 kHz,
 * 1 000 trials of 1 s; --quick: 10^5 spikes, 10 trials) saved as a SpikeData container on disk;
 * then, in a fresh process (bench/spikesChild.ts, so that its peak RSS is the analysis' own):
 * load it, select one unit (spy.selectdata writes the unit's rows to a new table), and the PSTH of
 * that unit over the 1 000 trials (spike_psth, 10 ms bins over [-0.1, 0.8] s, spikecount); also the
 * PSTH with the unit selected in place (`select: { unit }`, one streamed pass over the full table).
 *
 * Reference (bench/spikes_numpy.py, same data from raw int64 column files, same run): numpy loads
 * the sample and unit columns, masks the unit, finds the trials with searchsorted and runs
 * np.histogram per trial, averaging the counts. The check: both trial averages agree exactly.
 *
 *   node -r ts-node/register/transpile-only bench/run.ts --only spikes [--quick]   (after npm run build)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../dist";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { PY_ONE_THREAD, pythonAvailable } from "./util";

const FS = 30_000, TRIAL = 30_000, PRE = 5_000, UNITS = 20, CHANNELS = 4;

/** Spike i at sample 3i + r (r in 0..2, so sorted and distinct), unit from the same LCG, channel = unit % 4. */
function generate(nSpikes: number): { sample: Float64Array; channel: Float64Array; unit: Float64Array } {
  const sample = new Float64Array(nSpikes), channel = new Float64Array(nSpikes), unit = new Float64Array(nSpikes);
  let s = 7;
  for (let i = 0; i < nSpikes; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    sample[i] = 3 * i + ((s >>> 8) % 3);
    // unit weights grow with the unit number: a few busy units, some quiet ones
    const u = Math.floor(Math.sqrt(((s >>> 12) % 4096) / 4096) * UNITS);
    unit[i] = u;
    channel[i] = u % CHANNELS;
  }
  return { sample, channel, unit };
}

function writeInt64(file: string, col: Float64Array): void {
  fs.writeFileSync(file, new Uint8Array(BigInt64Array.from(col, (v) => BigInt(v)).buffer));
}

export const spikesBench: BenchWorkload = async (opts: BenchOptions): Promise<BenchRow[]> => {
  const nSpikes = opts.quick ? 100_000 : 10_000_000;
  const nTrials = Math.floor((3 * nSpikes) / TRIAL);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-bench-spikes-"));
  const workload = `PSTH of 1 unit, ${nSpikes.toExponential(0)} spikes, ${nTrials} trials`;
  try {
    const cols = generate(nSpikes);
    // trial k: samples [k, k + 1) * TRIAL, the trigger PRE samples after its start
    const trl = Array.from({ length: nTrials }, (_, k) => [k * TRIAL, (k + 1) * TRIAL, -PRE]);
    const data = new spy.SpikeData({ data: cols, samplerate: FS, trialdefinition: trl });
    const container = await data.save(path.join(dir, "session"));
    writeInt64(path.join(dir, "sample.i64"), cols.sample);
    writeInt64(path.join(dir, "unit.i64"), cols.unit);
    const unitValue = 15;
    const label = data.unitLabel(unitValue)!;
    const args = [container, label, String(trl.length), String(opts.repeat)];
    const child = execFileSync(process.execPath, [...process.execArgv, path.join(__dirname, "spikesChild.ts"), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
    const js = JSON.parse(child.trim().split("\n").pop()!) as { load: number; select: number; psth: number; inplace: number; selectPeak: number; psthPeak: number; inplacePeak: number; rssMb: number; baseRssMb: number; avg: number[]; spikes: number };
    const peak = (mb: number) => (Number.isFinite(mb) ? `peak RSS +${mb.toFixed(0)} MB` : "peak RSS n/a");
    const fileMb = fs.readdirSync(container).reduce((a, f) => a + fs.statSync(path.join(container, f)).size, 0) / 1e6;
    const rows: BenchRow[] = [
      { workload, impl: "spyts load (container)", seconds: js.load, note: `${fileMb.toFixed(0)} MB on disk` },
      { workload, impl: "spyts selectdata unit", seconds: js.select, note: `${js.spikes} spikes of ${label}; ${peak(js.selectPeak)}` },
      { workload, impl: "spyts spike_psth (selected)", seconds: js.psth, note: `select + psth ${(js.select + js.psth).toFixed(3)} s; ${peak(js.psthPeak)}` },
      { workload, impl: "spyts spike_psth select:{unit}", seconds: js.inplace, note: `one streamed pass over the full table; ${peak(js.inplacePeak)} (node ${js.baseRssMb.toFixed(0)} MB at start, ${js.rssMb.toFixed(0)} MB at the end)` },
    ];
    if (!pythonAvailable()) return [...rows, { workload, impl: "numpy np.histogram", seconds: NaN, reference: true, note: "/usr/bin/python3 not found" }];
    const out = execFileSync("/usr/bin/python3", [path.join(__dirname, "spikes_numpy.py"), dir, String(unitValue), String(trl.length), String(opts.repeat)], { encoding: "utf8", env: PY_ONE_THREAD });
    const py = JSON.parse(out.trim().split("\n").pop()!) as { load: number; hist: number; loadPeak: number; histPeak: number; avg: number[] };
    const same = py.avg.length === js.avg.length && py.avg.every((v, i) => Math.abs(v - js.avg[i]) <= 1e-12 * Math.max(1, Math.abs(v)));
    if (!same) throw new Error(`spyts and numpy PSTH averages differ: ${js.avg.slice(0, 5)} vs ${py.avg.slice(0, 5)}`);
    rows.push({ workload, impl: "numpy mask + np.histogram per trial", seconds: py.hist, reference: true, note: `${peak(py.histPeak)}; its input: load ${py.load.toFixed(3)} s, ${peak(py.loadPeak)} (np.fromfile of 2 columns, in memory); averages identical` });
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
