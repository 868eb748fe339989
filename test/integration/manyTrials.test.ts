/**
 * 200 000 short trials (issue 21): the summary, freqanalysis, preprocessing, selectdata, spy.mean
 * and connectivityanalysis run, and in time linear in the trial count: 200 000 trials within 15x
 * the time of 20 000 (the defects were quadratic: 20 000 trials took 30 s in freqanalysis, 200 000
 * threw "Maximum call stack size exceeded" from Math.min(...lengths)).
 */
import { inspect } from "util";
import * as spy from "../../src";

function shortTrials(n: number): spy.AnalogData {
  function* gen() {
    // trial k: (k % 7) (-1)^sample, all power at Nyquist
    for (let k = 0; k < n; k++) yield { data: Float32Array.from({ length: 40 }, (_, e) => (k % 7) * (Math.floor(e / 2) % 2 ? -1 : 1)), shape: [20, 2], dtype: "float32" as const };
  }
  return new spy.AnalogData({ data: gen(), samplerate: 100 });
}

async function timings(n: number): Promise<{ ms: number; spec: spy.SpectralData; text: string }> {
  const data = shortTrials(n);
  const t0 = Date.now();
  const text = inspect(data);
  const spec = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", keeptrials: true, parallel: false });
  await spy.preprocessing(data, { filter_class: "but", freq: 10, filter_type: "lp", parallel: false });
  await spy.selectdata(data, { trials: Array.from({ length: n / 2 }, (_, i) => 2 * i) });
  await spy.mean(data, { dim: "trials" });
  await spy.connectivityanalysis(data, { method: "coh", parallel: false });
  return { ms: Date.now() - t0, spec, text };
}

test("200 000 trials: every step runs, in time linear in the trial count", async () => {
  const small = await timings(20000);
  const large = await timings(200000);
  expect(large.text).toContain("200000");
  expect(large.spec.trials.length).toBe(200000);
  // power at Nyquist (the last bin, channel 0) is nonzero exactly when k % 7 > 0 (199997 = 7 * 28571)
  const nyquist = (k: number) => { const t = large.spec.trials[k]; return t.data[t.data.length - 2]; };
  expect(nyquist(199998)).toBeGreaterThan(0);
  expect(nyquist(199997)).toBe(0);
  console.log(`20 000 trials: ${small.ms} ms, 200 000 trials: ${large.ms} ms (${(large.ms / small.ms).toFixed(1)}x)`);
  expect(large.ms).toBeLessThan(15 * small.ms);
}, 300_000);
