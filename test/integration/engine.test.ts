/**
 * The compute engine through the public API: parallel equals sequential bit for bit, worker
 * errors name the trial and leave the pool usable, the mem_thresh refusal, and a dataset larger
 * than the memory allowed is processed trial by trial.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";

afterAll(() => spy.shutdown());

function bytes(a: spy.NDArray): Buffer {
  return Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}

function expectIdentical(a: spy.BaseData, b: spy.BaseData): void {
  expect(b.trials.length).toBe(a.trials.length);
  for (let k = 0; k < a.trials.length; k++) expect(bytes(b.trials.get(k)).equals(bytes(a.trials.get(k)))).toBe(true);
}

describe("parallel == sequential, bit for bit", () => {
  const data = spy.synthdata.white_noise({ nTrials: 24, nSamples: 700, nChannels: 6, seed: 11, samplerate: 500 }) as spy.AnalogData;
  const variants: [string, Record<string, unknown>][] = [
    ["hann pow, keeptrials", { taper: "hann" }],
    ["multitaper pow averaged over trials", { tapsmofrq: 6, keeptrials: false }],
    ["fourier per taper, chan_per_worker 2", { tapsmofrq: 6, keeptapers: true, output: "fourier", chan_per_worker: 2 }],
    ["selection", { select: { trials: [5, 1, 9], channel: [0, 3], latency: [-0.5, 0.2] }, output: "abs" }],
  ];
  test.each(variants)("%s", async (_name, kw) => {
    const seq = await spy.freqanalysis(data, { ...kw, parallel: false });
    const par = await spy.freqanalysis(data, { ...kw, parallel: true });
    expectIdentical(seq, par);
    expect(par.trialdefinition).toEqual(seq.trialdefinition);
  });
});

describe("failures", () => {
  test("mem_thresh: a trial needing more than the allowed share of free memory is refused before starting", async () => {
    const data = spy.synthdata.white_noise({ nTrials: 2, nSamples: 1000, nChannels: 4, seed: 1 }) as spy.AnalogData;
    await expect(spy.freqanalysis(data, { mem_thresh: 1e-12 })).rejects.toThrow(spy.SPYMemoryError);
    // and the same call with the default threshold works
    expect((await spy.freqanalysis(data, {})).trials.length).toBe(2);
  });
});

describe("out of core", () => {
  // A child process builds a dataset of ~480 MB from a generator and averages its spectra
  // (keeptrials=false); its peak resident memory must stay far below the dataset's size.
  test("a dataset larger than the memory it may use is processed trial by trial", () => {
    const script = path.join(__dirname, "outOfCoreChild.ts");
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", script], {
      encoding: "utf8", timeout: 240_000, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1" },
    });
    const res = JSON.parse(out.trim().split("\n").pop()!);
    expect(res.datasetBytes).toBeGreaterThan(450e6);
    expect(res.fileBytes).toBeGreaterThan(450e6);
    // baseline (node + ts-node + the library) is ~150 MB; one trial in and out is a few MB
    expect(res.peakRssBytes - res.baselineRssBytes).toBeLessThan(120e6);
    expect(res.peakRssBytes).toBeLessThan(res.datasetBytes);
    expect(res.nTrials).toBe(1);
    expect(res.powerOk).toBe(true);
  }, 240_000);

  test("a time-frequency result of ~800 MB streams to disk with memory for about one trial", () => {
    const script = path.join(__dirname, "timefreqOutOfCoreChild.ts");
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", script], {
      encoding: "utf8", timeout: 240_000, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1" },
    });
    const res = JSON.parse(out.trim().split("\n").pop()!);
    expect(res.outputBytes).toBeGreaterThan(750e6);
    // one trial in (0.5 MB) and out (26.6 MB), plus the store's record batches and the FFT scratch
    expect(res.peakRssBytes - res.baselineRssBytes).toBeLessThan(150e6);
    expect(res.shape).toEqual([4000, 1, 26, 32]);
    expect(Math.abs(res.power - res.expected) / res.expected).toBeLessThan(0.01);
  }, 240_000);

  test("connectivity over 20 000 trials: memory for one trial plus the accumulator, no temporary file that grows with the trials", () => {
    const script = path.join(__dirname, "connectivityManyTrialsChild.ts");
    // a storage folder of its own: other test files write to the shared one at the same time
    const own = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-conn-many-"));
    let out: string;
    try {
      out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", script], {
        encoding: "utf8", timeout: 240_000, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1", SPYTMPDIR: own },
      });
    } finally {
      fs.rmSync(own, { recursive: true, force: true });
    }
    const res = JSON.parse(out.trim().split("\n").pop()!);
    expect(res.inputBytes).toBeGreaterThan(120e6);
    // the accumulator is 51 x 16 x 16 complex values; the input's record batches are read one by one.
    // What RSS gains beyond that is the allocator's and V8's slack for freed trial buffers, not
    // proportional to the trials: measured 4 MB at 5 000 trials, 100-135 MB at 20 000, 87 MB at
    // 40 000 (the input here is 128 MB, at 40 000 trials 256 MB)
    expect(res.peakRssBytes - res.baselineRssBytes).toBeLessThan(160e6);
    for (const m of ["coh", "ppc"]) {
      // the only file written is the result, [1, 51, 16, 16] float32
      expect(res[m].shape).toEqual([1, 51, 16, 16]);
      expect(res[m].storageGrowth).toBeLessThanOrEqual(res[m].outputBytes);
      expect(res[m].outputBytes).toBeLessThan(100e3);
    }
    // shared 10 Hz oscillation of unit amplitude against noise of variance 1/12 per channel
    expect(res.coh.at10).toBeGreaterThan(0.9);
    expect(res.ppc.at10).toBeGreaterThan(0.8);
    // independent noise: ~1/sqrt(N) for coherence, ~0 for ppc (unbiased)
    expect(res.coh.at30).toBeLessThan(0.03);
    expect(Math.abs(res.ppc.at30)).toBeLessThan(0.003);
  }, 240_000);
});
