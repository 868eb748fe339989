/**
 * Child process of engine.test.ts: a time-frequency result far larger than the memory it may use
 * streams to disk trial by trial. Reports peak RSS, the output size and a value check.
 */
import * as fs from "fs";
import * as spy from "../../src";

function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

async function main(): Promise<void> {
  const nTrials = 30, nSamples = 4000, nChannels = 32, fs_ = 1000;
  const tiny = new spy.AnalogData({ data: [{ data: new Float32Array(64 * 4), shape: [64, 4], dtype: "float32" }], samplerate: fs_ });
  await spy.freqanalysis(tiny, { method: "mtmconvol", t_ftimwin: 0.05, output: "fourier" });
  const baselineRssBytes = peakRss();
  function* trials() {
    for (let k = 0; k < nTrials; k++) {
      const data = new Float32Array(nSamples * nChannels);
      for (let t = 0; t < nSamples; t++) {
        const v = 2 * Math.cos((2 * Math.PI * 40 * t) / fs_);
        for (let c = 0; c < nChannels; c++) data[t * nChannels + c] = v;
      }
      yield { data, shape: [nSamples, nChannels], dtype: "float32" as const };
    }
  }
  const data = new spy.AnalogData({ data: trials(), samplerate: fs_ });
  // toi "all": one 50-sample window per sample, 26 frequencies, complex64 -> 26.6 MB per trial
  // parallel false: the bound is for the streaming path; "auto" may add worker isolates (~40 MB each)
  const spec = await spy.freqanalysis(data, { method: "mtmconvol", t_ftimwin: 0.05, toi: "all", output: "fourier", parallel: false });
  const last = spec.trials.get(nTrials - 1);
  const F = spec.freq.length;
  const i40 = Array.from(spec.freq).indexOf(40);
  const o = 2 * ((2000 * F + i40) * nChannels + 5);
  // a bin-centred cosine, amplitude A, symmetric hann of N samples: |X|^2 = (A^2/2)(4/3)(N-1)/(2N)
  const power = last.data[o] ** 2 + last.data[o + 1] ** 2;
  console.log(JSON.stringify({
    outputBytes: fs.statSync(spec.storage!.path).size, baselineRssBytes, peakRssBytes: peakRss(),
    shape: last.shape, power, expected: 2 * (4 / 3) * (49 / 100),
  }));
}

main().catch((e) => { console.error(e); process.exit(1); });
