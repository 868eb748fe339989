/** Child process of engine.test.ts: reports peak RSS while streaming a dataset larger than it may hold. */
import * as fs from "fs";
import * as spy from "../../src";

function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

async function main(): Promise<void> {
  const nTrials = 240, nSamples = 8000, nChannels = 64;
  // warm up the library paths so the baseline includes code, not data
  const tiny = new spy.AnalogData({ data: [{ data: new Float32Array(64 * 4), shape: [64, 4], dtype: "float32" }], samplerate: 1000 });
  await spy.freqanalysis(tiny, { keeptrials: false });
  const baselineRssBytes = peakRss();
  function* trials() {
    for (let k = 0; k < nTrials; k++) {
      const data = new Float32Array(nSamples * nChannels);
      // a 50 Hz cosine of amplitude 2 in every channel: power 2 at 50 Hz
      for (let t = 0; t < nSamples; t++) {
        const v = 2 * Math.cos((2 * Math.PI * 50 * t) / 1000);
        for (let c = 0; c < nChannels; c++) data[t * nChannels + c] = v;
      }
      yield { data, shape: [nSamples, nChannels], dtype: "float32" as const };
    }
  }
  const data = new spy.AnalogData({ data: trials(), samplerate: 1000 });
  const spec = await spy.freqanalysis(data, { taper: null, keeptrials: false, foilim: [40, 60] });
  const avg = spec.trials.get(0);
  const i50 = Array.from(spec.freq).indexOf(50);
  const powerOk = Math.abs(avg.data[i50 * nChannels] - 2) < 1e-4 && Math.abs(avg.data[i50 * nChannels + 63] - 2) < 1e-4;
  const fileBytes = fs.statSync(data.storage!.path).size;
  console.log(JSON.stringify({
    datasetBytes: nTrials * nSamples * nChannels * 4, fileBytes, baselineRssBytes, peakRssBytes: peakRss(),
    nTrials: spec.trials.length, powerOk,
  }));
}

main().catch((e) => { console.error(e); process.exit(1); });
