/**
 * Workload: connectivityanalysis end to end, method "coh" (and "ppc") with tapsmofrq=4 (15 DPSS
 * tapers) on 200 trials x 64 channels x 2000 float32 samples at 1 kHz: de-mean, taper, FFT, the
 * CSD summed over tapers and trials (per trial for ppc), the measure, the CrossSpectralData result.
 * spyts in one thread (parallel: false) and with workers (parallel: true, one per core), against
 * the same steps in numpy float64 in one thread through /usr/bin/python3 (bench/coh_numpy.py:
 * scipy dpss, np.fft.rfft, the CSD by batched matmul, the reference row, and for coh also by
 * np.einsum, run once). Data generation is not timed. ppc takes minutes on both sides, so its rows
 * are one run each (not best of BENCH_REPEAT).
 *
 * Check: spyts' full-size results are written to files and coh_numpy.py reports max |spyts - numpy|
 * over every frequency and channel pair; above 1e-4 the workload fails. The workers' results are
 * compared with the single thread's (the README says bit for bit).
 *
 *   node -r ts-node/register/transpile-only bench/coh.ts [--quick]   (after npm run build)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../dist";
import { BenchOptions, BenchRow, BenchWorkload } from "./types";
import { PY_ONE_THREAD, bestOfEach, noisyTrials, pythonAvailable } from "./util";

/** The largest |spyts - numpy| the workload accepts (results are float32 in [0, 1]). */
const TOLERANCE = 1e-4;

type Method = "coh" | "ppc";

interface SpytsTimes {
  single: number;
  parallel: number;
  /** The single-thread result [F, C, C] float32. */
  result: Float32Array;
  /** Max |parallel - single| (0: identical). */
  parallelDiff: number;
}

async function timeSpyts(data: spy.AnalogData, method: Method, tapsmofrq: number, repeat: number): Promise<SpytsTimes> {
  const kw = { method, tapsmofrq };
  let result: Float32Array = new Float32Array(0);
  let other: Float32Array = new Float32Array(0);
  const [single, parallel] = await bestOfEach(repeat, [
    async () => {
      const out = await spy.connectivityanalysis(data, { ...kw, parallel: false });
      result = out.trials.get(0).data as Float32Array;
    },
    async () => {
      const out = await spy.connectivityanalysis(data, { ...kw, parallel: true });
      other = out.trials.get(0).data as Float32Array;
    },
  ]);
  let parallelDiff = 0;
  for (let i = 0; i < result.length; i++) {
    const [a, b] = [result[i], other[i]];
    if (Number.isNaN(a) && Number.isNaN(b)) continue; // a channel without power: NaN in both
    const d = Math.abs(a - b);
    parallelDiff = Number.isNaN(d) ? Infinity : Math.max(parallelDiff, d);
  }
  return { single, parallel, result, parallelDiff };
}

function writeF32(file: string, x: Float32Array): void {
  fs.writeFileSync(file, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
}

export const cohBench: BenchWorkload = async (opts: BenchOptions): Promise<BenchRow[]> => {
  const [nTrials, nChannels, nSamples] = opts.quick ? [12, 8, 500] : [200, 64, 2000];
  const samplerate = 1000, tapsmofrq = 4;
  const { raw, trials } = noisyTrials(nTrials, nSamples, nChannels, 4242);
  const data = new spy.AnalogData({ data: trials, samplerate });
  const size = `${nTrials}x${nChannels}x${nSamples}`;
  const name = (m: Method) => `${m} tapsmofrq=4, ${size}`;
  const workers = `spyts ${os.cpus().length} workers`;
  const ppcRepeat = 1; // ppc takes about a minute per run on each side at full size
  const coh = await timeSpyts(data, "coh", tapsmofrq, opts.repeat);
  const ppc = await timeSpyts(data, "ppc", tapsmofrq, ppcRepeat);
  const parallelNote = (t: SpytsTimes) => (t.parallelDiff === 0 ? "result = 1 thread's bit for bit" : `max |workers - 1 thread| ${t.parallelDiff.toExponential(1)}`);
  const spytsRows = (m: Method, t: SpytsTimes): BenchRow[] => [
    { workload: name(m), impl: "spyts 1 thread", seconds: t.single },
    { workload: name(m), impl: workers, seconds: t.parallel, note: parallelNote(t) },
  ];
  if (!pythonAvailable()) {
    const missing = (m: Method): BenchRow => ({ workload: name(m), impl: "numpy matmul f64 (1 thread)", seconds: NaN, reference: true, note: "/usr/bin/python3 not found" });
    return [...spytsRows("coh", coh), missing("coh"), ...spytsRows("ppc", ppc), missing("ppc")];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-coh-"));
  try {
    const xFile = path.join(dir, "x.f32"), cohFile = path.join(dir, "coh.f32"), ppcFile = path.join(dir, "ppc.f32");
    writeF32(xFile, raw);
    writeF32(cohFile, coh.result);
    writeF32(ppcFile, ppc.result);
    const out = execFileSync("/usr/bin/python3", [path.join(__dirname, "coh_numpy.py"), xFile, String(nTrials), String(nSamples), String(nChannels),
      String(samplerate), String(tapsmofrq), String(opts.repeat), String(ppcRepeat), cohFile, ppcFile], { encoding: "utf8", env: PY_ONE_THREAD, maxBuffer: 1 << 20 });
    const py = JSON.parse(out.trim().split("\n").pop()!);
    for (const [m, diff] of [["coh", py.coh_diff], ["ppc", py.ppc_diff]] as const) {
      if (!(diff < TOLERANCE)) throw new Error(`${m}: spyts and numpy differ by ${diff} (max abs), more than ${TOLERANCE}`);
    }
    const check = (m: Method) => `max |spyts - numpy| ${(py[`${m}_diff`] as number).toExponential(1)} (K = ${py.K} tapers, NW = ${py.NW})`;
    const matmulRow = (m: Method, note: string): BenchRow => ({ workload: name(m), impl: "numpy matmul f64 (1 thread)", seconds: py[`${m}_matmul`], reference: true, note });
    const [cohRows, ppcRows] = [spytsRows("coh", coh), spytsRows("ppc", ppc)];
    cohRows[0].note = `${check("coh")}; vs numpy einsum ${(py.coh_einsum / coh.single).toFixed(2)}x`;
    ppcRows[0].note = `${check("ppc")}; one run`;
    ppcRows[1].note += "; one run";
    return [
      ...cohRows,
      matmulRow("coh", "np.fft.rfft, CSD by batched (F,C,K)@(F,K,C) per trial"),
      { workload: name("coh"), impl: "numpy einsum f64 (1 thread)", seconds: py.coh_einsum, note: `np.einsum('kfi,kfj->fij') per trial, one run; max |einsum - matmul| ${(py.einsum_vs_matmul as number).toExponential(1)}` },
      ...ppcRows,
      matmulRow("ppc", "the CSD as coh's, then unit phase vectors summed per trial; one run"),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

if (require.main === module) {
  const quick = process.argv.includes("--quick");
  const repeat = Number(process.env.BENCH_REPEAT ?? 2);
  cohBench({ quick, repeat }).then(async (rows) => {
    for (const r of rows) console.log(`${r.workload.padEnd(30)} ${r.impl.padEnd(28)} ${r.seconds.toFixed(3)} s  ${r.note ?? ""}`);
    await spy.shutdown();
  }, async (e) => {
    console.error(e);
    process.exitCode = 1;
    await spy.shutdown();
  });
}
