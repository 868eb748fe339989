/** Child process of trialMeanRss.test.ts: peak RSS of spy.mean/var over the trials of a 320 MB dataset. */
import * as fs from "fs";
import * as spy from "../../src";

function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

async function main(): Promise<void> {
  const nTrials = 400, nSamples = 2000, nChannels = 100;
  const tiny = new spy.AnalogData({ data: [0, 1].map(() => ({ data: new Float32Array(8), shape: [4, 2], dtype: "float32" as const })), samplerate: 1 });
  await spy.mean(tiny, { dim: "trials" });
  await spy.var(tiny, { dim: "trials" });
  const baselineRssBytes = peakRss();
  function* trials() {
    for (let k = 0; k < nTrials; k++) {
      const data = new Float32Array(nSamples * nChannels);
      // trial k holds the value k everywhere: mean (nTrials - 1) / 2, variance (nTrials^2 - 1) / 12
      data.fill(k);
      yield { data, shape: [nSamples, nChannels], dtype: "float32" as const };
    }
  }
  const data = new spy.AnalogData({ data: trials(), samplerate: 1000 });
  // building the dataset from the generator (the Arrow writer's batches) has its own peak
  const afterBuildRssBytes = peakRss();
  const m = await spy.mean(data, { dim: "trials" });
  const v = await spy.var(data, { dim: "trials" });
  const mean = m.trials.get(0).data, variance = v.trials.get(0).data;
  const ok = mean[0] === (nTrials - 1) / 2 && mean[mean.length - 1] === (nTrials - 1) / 2
    && Math.abs(variance[7] - (nTrials * nTrials - 1) / 12) < 1e-3;
  console.log(JSON.stringify({ datasetBytes: nTrials * nSamples * nChannels * 4, baselineRssBytes, afterBuildRssBytes, peakRssBytes: peakRss(), ok }));
}

main().catch((e) => { console.error(e); process.exit(1); });
