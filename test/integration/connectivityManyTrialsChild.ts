/**
 * Child process of engine.test.ts: coherence and PPC over 20 000 trials with keeptrials false.
 * Reports the peak RSS and the temporary storage written by each call: memory for one trial plus
 * the accumulator, and no file that grows with the trial count (Syncopy issue #458: 1.3 TB of
 * temporary files for 180 000 trials).
 */
import * as fs from "fs";
import * as spy from "../../src";

/** Bytes of the data files in this process' storage folder (its own, SPYTMPDIR; the write journal not counted). */
function dataBytes(): number {
  const dir = spy.storageDir();
  let n = 0;
  for (const f of fs.readdirSync(dir)) if (!f.endsWith(".writes")) n += fs.statSync(`${dir}/${f}`).size;
  return n;
}

function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

async function main(): Promise<void> {
  const nTrials = 20000, nSamples = 100, nChannels = 16, fs_ = 100;
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  function* trials() {
    for (let k = 0; k < nTrials; k++) {
      const data = new Float32Array(nSamples * nChannels);
      const phase = 2 * Math.PI * rand();
      // a 10 Hz oscillation of random phase shared by every channel, plus independent noise
      for (let t = 0; t < nSamples; t++) {
        const v = Math.cos((2 * Math.PI * 10 * t) / fs_ + phase);
        for (let c = 0; c < nChannels; c++) data[t * nChannels + c] = v + rand();
      }
      yield { data, shape: [nSamples, nChannels], dtype: "float32" as const };
    }
  }
  const data = new spy.AnalogData({ data: trials(), samplerate: fs_ });
  const tiny = await spy.selectdata(data, { trials: [0, 1] });
  await spy.connectivityanalysis(tiny, { method: "coh", parallel: false });
  await spy.connectivityanalysis(tiny, { method: "ppc", parallel: false });
  const baselineRssBytes = peakRss();
  const results: Record<string, unknown> = {};
  for (const method of ["coh", "ppc"]) {
    const before = dataBytes();
    const out = await spy.connectivityanalysis(data, { method, parallel: false });
    const t = out.trials[0].data;
    const at = (f: number, i: number, j: number) => t[(f * nChannels + i) * nChannels + j];
    results[method] = {
      storageGrowth: dataBytes() - before, outputBytes: fs.statSync(out.storage!.path).size,
      at10: at(10, 0, 5), at30: at(30, 3, 9), shape: out.trials[0].shape,
    };
  }
  console.log(JSON.stringify({ inputBytes: fs.statSync(data.storage!.path).size, baselineRssBytes, peakRssBytes: peakRss(), ...results }));
}

main().catch((e) => { console.error(e); process.exit(1); });
