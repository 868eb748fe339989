/**
 * Workload: 4th-order Butterworth band-pass (30-80 Hz), zero phase ("twopass"), on 200 trials x
 * 64 channels x 2000 samples (float32) at 1 kHz through spy.preprocessing, single thread, with
 * workers and with `parallel` unset (the default: the engine chooses and says so in the log),
 * against scipy's butter + sosfiltfilt per trial (float32 in, float64 inside, float32 out, as
 * Syncopy runs it) through /usr/bin/python3 (bench/filter_scipy.py), single-threaded.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../dist";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { autoChoice, bestOfEach, noisyTrials, pythonAvailable } from "./util";

export const filterBench: BenchWorkload = async (opts: BenchOptions): Promise<BenchRow[]> => {
  const [nTrials, nChannels, nSamples] = opts.quick ? [8, 4, 500] : [200, 64, 2000];
  const fs_ = 1000, band: [number, number] = [30, 80], order = 4;
  const workload = `butter bp order 4 twopass, ${nTrials}x${nChannels}x${nSamples}`;
  const { raw, trials } = noisyTrials(nTrials, nSamples, nChannels, 4242);
  const per = nSamples * nChannels;
  const data = new spy.AnalogData({ data: trials, samplerate: fs_ });
  const kw = { filter_class: "but", filter_type: "bp", freq: band, order, direction: "twopass" };
  let result: spy.AnalogData | null = null;
  // the default (parallel unset: "auto") must never be the slow choice; its log line says what ran
  let autoNote = "";
  const [single, parallel, auto] = await bestOfEach(opts.repeat, [
    async () => { result = await spy.preprocessing(data, { ...kw, parallel: false }); },
    async () => { result = await spy.preprocessing(data, { ...kw, parallel: true }); },
    async () => {
      result = await spy.preprocessing(data, kw);
      autoNote = autoChoice(result.log);
    },
  ], () => { result = null; });
  const rows: BenchRow[] = [
    { workload, impl: "spyts 1 thread", seconds: single },
    { workload, impl: `spyts ${os.cpus().length} workers`, seconds: parallel },
    { workload, impl: "spyts parallel unset (auto)", seconds: auto, note: `last run: ${autoNote}` },
  ];
  if (!pythonAvailable()) return [...rows, { workload, impl: "scipy sosfiltfilt", seconds: NaN, reference: true, note: "/usr/bin/python3 not found" }];
  const inFile = path.join(os.tmpdir(), `spyts-bench-filter-${process.pid}.f32`);
  const outFile = inFile.replace(/\.f32$/, ".out.f32");
  fs.writeFileSync(inFile, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
  try {
    const out = execFileSync("/usr/bin/python3", [path.join(__dirname, "filter_scipy.py"), inFile, String(nTrials), String(nSamples), String(nChannels), String(fs_), String(band[0]), String(band[1]), String(order), outFile],
      { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" } });
    const py = JSON.parse(out.trim().split("\n").pop()!);
    // result check: every sample against scipy's (both float32 outputs of a float64 computation)
    const buf = fs.readFileSync(outFile);
    const ref = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    let maxDiff = 0, maxRef = 0;
    const res = result as unknown as spy.AnalogData;
    for (let k = 0; k < nTrials; k++) {
      const t = res.trials.get(k).data;
      for (let i = 0; i < per; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(t[i] - ref[k * per + i]));
        maxRef = Math.max(maxRef, Math.abs(ref[k * per + i]));
      }
    }
    rows.push({ workload, impl: "scipy sosfiltfilt (1 thread)", seconds: py.seconds, reference: true, note: `spyts vs scipy: max |diff| / max |scipy| = ${(maxDiff / maxRef).toExponential(1)}` });
  } finally {
    fs.rmSync(inFile, { force: true });
    fs.rmSync(outFile, { force: true });
  }
  return rows;
};
