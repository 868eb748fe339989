/**
 * Workload: mtmfft with tapsmofrq=4 (15 DPSS tapers) on 200 trials x 64 channels x 2000 samples at
 * 1 kHz (float32), spyts single thread and with workers, against the same computation in scipy
 * (float32) and numpy (float64) through /usr/bin/python3 (bench/mtmfft_scipy.py).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../dist";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { autoChoice, bestOfEach, noisyTrials, pythonAvailable } from "./util";

export const mtmfftBench: BenchWorkload = async (opts: BenchOptions): Promise<BenchRow[]> => {
  const [nTrials, nChannels, nSamples] = opts.quick ? [8, 4, 500] : [200, 64, 2000];
  const fs_ = 1000, tapsmofrq = 4;
  const workload = `mtmfft tapsmofrq=4, ${nTrials}x${nChannels}x${nSamples}`;
  const { raw, trials } = noisyTrials(nTrials, nSamples, nChannels, 12345);
  const data = new spy.AnalogData({ data: trials, samplerate: fs_ });
  const kw = { method: "mtmfft", tapsmofrq, output: "pow", keeptrials: true };
  // the result check reads every trial back: outside the timed calls
  let last: spy.SpectralData | null = null;
  // the two interleaved (bestOfEach); both keep their result for the checksum (the same bits)
  // and the default (parallel unset: "auto"), which must never be the slow choice
  let autoNote = "";
  const [single, parallel, auto] = await bestOfEach(opts.repeat, [
    async () => { last = await spy.freqanalysis(data, { ...kw, parallel: false }) as spy.SpectralData; },
    async () => { last = await spy.freqanalysis(data, { ...kw, parallel: true }) as spy.SpectralData; },
    async () => {
      last = await spy.freqanalysis(data, kw) as spy.SpectralData;
      autoNote = autoChoice(last.log);
    },
  ], () => { last = null; });
  let checksum = 0;
  for (const t of (last as unknown as spy.SpectralData).trials) for (let i = 0; i < t.data.length; i++) checksum += t.data[i];

  const rows: BenchRow[] = [
    { workload, impl: "spyts 1 thread", seconds: single },
    { workload, impl: `spyts ${os.cpus().length} workers`, seconds: parallel },
    { workload, impl: "spyts parallel unset (auto)", seconds: auto, note: `last run: ${autoNote}` },
  ];
  if (!pythonAvailable()) return [...rows, { workload, impl: "scipy float32", seconds: NaN, reference: true, note: "/usr/bin/python3 not found" }];
  const file = path.join(os.tmpdir(), `spyts-bench-${process.pid}.f32`);
  fs.writeFileSync(file, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
  try {
    const out = execFileSync("/usr/bin/python3", [path.join(__dirname, "mtmfft_scipy.py"), file, String(nTrials), String(nSamples), String(nChannels), String(fs_), String(tapsmofrq)], { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" } });
    const py = JSON.parse(out.trim().split("\n").pop()!);
    const rel = Math.abs(checksum - py.checksum) / Math.abs(py.checksum);
    rows.push(
      { workload, impl: "scipy float32 (1 thread)", seconds: py.scipy_f32, reference: true, note: `sum of all power vs numpy f64: rel. diff ${rel.toExponential(1)}` },
      { workload, impl: "numpy float64 (1 thread)", seconds: py.numpy_f64 },
    );
  } finally {
    fs.rmSync(file, { force: true });
  }
  return rows;
};
