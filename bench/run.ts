/**
 * npm run bench: spyts side by side with the Python reference stack, in one run.
 * mtmfft with tapsmofrq=4 on 200 trials x 64 channels x 2000 samples at 1 kHz (float32),
 * single thread and with workers; the same computation in scipy (float32) and numpy (float64)
 * through /usr/bin/python3 when it is there. Prints seconds and ratios.
 *
 * Env: BENCH_TRIALS / BENCH_CHANNELS / BENCH_SAMPLES to resize; BENCH_REPEAT (default 2, best of).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
// the compiled library, as users get it (npm run bench builds first)
import * as spy from "../dist";

const nTrials = Number(process.env.BENCH_TRIALS ?? 200);
const nChannels = Number(process.env.BENCH_CHANNELS ?? 64);
const nSamples = Number(process.env.BENCH_SAMPLES ?? 2000);
const repeat = Number(process.env.BENCH_REPEAT ?? 2);
const fs_ = 1000;
const tapsmofrq = 4;

function makeData(): { trials: spy.NDArray[]; raw: Float32Array } {
  const raw = new Float32Array(nTrials * nSamples * nChannels);
  let s = 12345;
  for (let i = 0; i < raw.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    raw[i] = (s / 4294967296 - 0.5) * 2 + Math.sin(i * 0.01);
  }
  const per = nSamples * nChannels;
  const trials = Array.from({ length: nTrials }, (_, k) => ({ data: raw.subarray(k * per, (k + 1) * per), shape: [nSamples, nChannels], dtype: "float32" as const }));
  return { trials, raw };
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const t0 = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

async function main(): Promise<void> {
  console.log(`mtmfft benchmark: ${nTrials} trials x ${nChannels} channels x ${nSamples} samples (float32) at ${fs_} Hz, tapsmofrq=${tapsmofrq}`);
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"}; best of ${repeat}`);
  const { trials, raw } = makeData();
  const data = new spy.AnalogData({ data: trials, samplerate: fs_ });
  const kw = { method: "mtmfft", tapsmofrq, output: "pow", keeptrials: true };
  let checksum = 0;
  const single = await timeIt(async () => {
    const s = await spy.freqanalysis(data, { ...kw, parallel: false });
    checksum = 0;
    for (const t of s.trials) for (let i = 0; i < t.data.length; i++) checksum += t.data[i];
  });
  const parallel = await timeIt(() => spy.freqanalysis(data, { ...kw, parallel: true }));
  await spy.shutdown();

  const rows: [string, number][] = [["spyts, 1 thread", single], [`spyts, ${os.cpus().length} workers`, parallel]];
  let py: Record<string, number> | null = null;
  if (fs.existsSync("/usr/bin/python3")) {
    const file = path.join(os.tmpdir(), `spyts-bench-${process.pid}.f32`);
    fs.writeFileSync(file, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
    try {
      const out = execFileSync("/usr/bin/python3", [path.join(__dirname, "mtmfft_scipy.py"), file, String(nTrials), String(nSamples), String(nChannels), String(fs_), String(tapsmofrq)], { encoding: "utf8" });
      py = JSON.parse(out.trim().split("\n").pop()!);
      rows.push(["scipy float32 (1 thread)", py!.scipy_f32], ["numpy float64 (1 thread)", py!.numpy_f64]);
    } catch (e) {
      console.log(`python reference unavailable: ${(e as Error).message.split("\n")[0]}`);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
  console.log("");
  console.log("implementation                 seconds   scipy_f32 / this");
  for (const [name, t] of rows) {
    const ratio = py ? (py.scipy_f32 / t).toFixed(2) + "x" : "n/a";
    console.log(`${name.padEnd(30)} ${t.toFixed(3).padStart(7)}   ${ratio}`);
  }
  console.log(`\nparallel speed-up over 1 thread: ${(single / parallel).toFixed(2)}x`);
  if (py) {
    const rel = Math.abs(checksum - py.checksum) / Math.abs(py.checksum);
    console.log(`result check: sum of all power, spyts vs numpy float64: relative difference ${rel.toExponential(2)}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
