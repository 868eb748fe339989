/**
 * npm run demo: the main job on the embedded demo dataset, no Jupyter needed.
 *
 * The dataset is generated deterministically (fixed seeds): 60 trials of 2 s at 1 kHz from
 * 8 channels, phase-diffusing rhythms at 12 Hz (channels 1-4) and 40 Hz (channels 5-8) plus
 * white noise. The job computes Hann and multitaper spectra,
 * checks the peaks, saves and reloads the result, replays its cfg, and writes an HTML report
 * with the plots to out/demo/report.html.
 */
import * as fs from "fs";
import * as path from "path";
import * as spy from "../dist";
import { plotSpec } from "../dist/plotting/frontends";
import { renderSVG } from "../dist/plot/render";
import { escapeHTML } from "../dist/plot/summary";

const OUT = path.resolve(process.argv[2] ?? "out/demo");

function demoData(): spy.AnalogData {
  const nTrials = 60, nSamples = 2000, fs_ = 1000;
  const alpha = spy.synthdata.phase_diffusion({ freq: 12, eps: 0.02, nTrials, nSamples, nChannels: 4, samplerate: fs_, seed: 1 }) as spy.AnalogData;
  const gamma = spy.synthdata.phase_diffusion({ freq: 40, eps: 0.02, nTrials, nSamples, nChannels: 4, samplerate: fs_, seed: 2 }) as spy.AnalogData;
  const noise = spy.synthdata.white_noise({ nTrials, nSamples, nChannels: 8, samplerate: fs_, seed: 3 }) as spy.AnalogData;
  function* trials() {
    for (let k = 0; k < nTrials; k++) {
      const a = alpha.trials.get(k).data, g = gamma.trials.get(k).data, w = noise.trials.get(k).data;
      const data = new Float32Array(nSamples * 8);
      for (let t = 0; t < nSamples; t++) {
        for (let c = 0; c < 4; c++) {
          data[t * 8 + c] = 2 * a[t * 4 + c] + w[t * 8 + c];
          data[t * 8 + 4 + c] = g[t * 4 + c] + w[t * 8 + 4 + c];
        }
      }
      yield { data, shape: [nSamples, 8], dtype: "float32" as const };
    }
  }
  const channel = ["V1a", "V1b", "V1c", "V1d", "CA1a", "CA1b", "CA1c", "CA1d"];
  return new spy.AnalogData({ data: trials(), samplerate: fs_, channel });
}

function peakFrequencies(spec: spy.SpectralData): number[] {
  const t = spec.trials.get(0);
  const [, , nFreq, nChan] = t.shape;
  const f = spec.freq;
  return Array.from({ length: nChan }, (_, c) => {
    let best = 0;
    for (let i = 0; i < nFreq; i++) if (t.data[i * nChan + c] > t.data[best * nChan + c]) best = i;
    return f[best];
  });
}

async function main(): Promise<void> {
  const t0 = Date.now();
  fs.mkdirSync(OUT, { recursive: true });
  const data = demoData();
  console.log(`demo data: ${data.trials.length} trials x ${data.channel.length} channels x ${data.time[0].length} samples at ${data.samplerate} Hz`);

  const hann = await spy.freqanalysis(data, { method: "mtmfft", taper: "hann", foilim: [1, 80], keeptrials: false });
  const mtm = await spy.freqanalysis(data, { method: "mtmfft", tapsmofrq: 3, foilim: [1, 80], keeptrials: false, parallel: true });
  const peaks = peakFrequencies(mtm);
  console.log("multitaper peak per channel (Hz):", peaks.join(", "));
  const ok = peaks.slice(0, 4).every((f) => Math.abs(f - 12) <= 1) && peaks.slice(4).every((f) => Math.abs(f - 40) <= 1);

  const file = path.join(OUT, "demo_mtm.spy");
  await mtm.save(file, { overwrite: true });
  const back = (await spy.load(file)) as spy.SpectralData;
  const replay = await spy.freqanalysis(data, back.cfg);
  const identical = replay.trials.get(0).data.every((v, i) => v === back.trials.get(0).data[i]);
  console.log(`saved to ${file}; reloaded; cfg replay identical: ${identical}`);
  await spy.shutdown();

  const figures: [string, unknown][] = [
    ["Raw traces, trial 0 (first 0.5 s)", plotSpec(data, { trials: 0, latency: [-1, -0.5] }, false)],
    ["Hann-tapered power, trial average", plotSpec(hann, {}, false)],
    ["DPSS multitaper power (tapsmofrq = 3 Hz), one panel per channel", plotSpec(mtm, {}, true)],
  ];
  const svgs = await Promise.all(figures.map(([, s]) => renderSVG(s as never)));
  const rows = data.channel.map((c, i) => `<tr><td>${escapeHTML(c)}</td><td>${peaks[i]}</td></tr>`).join("");
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>spyts demo report</title>
<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}pre{background:#f6f6f6;padding:8px;overflow:auto}</style></head><body>
<h1>spyts demo report</h1>
<p>${escapeHTML(`${data.trials.length} trials, ${data.channel.length} channels, ${data.samplerate} Hz. Generated ${new Date().toISOString()}.`)}</p>
<h2>Data</h2>${data.summaryHTML()}
${figures.map(([title], i) => `<h2>${escapeHTML(title)}</h2>${svgs[i]}`).join("\n")}
<h2>Peak frequencies (multitaper)</h2><table><tr><th>channel</th><th>peak (Hz)</th></tr>${rows}</table>
<p>Expected: 12 Hz on V1*, 40 Hz on CA1* &mdash; <b>${ok ? "as expected" : "NOT as expected"}</b>. Save, load and cfg replay bit-identical: <b>${identical}</b>.</p>
<h2>Provenance</h2><pre>${escapeHTML(back.log)}</pre>
</body></html>`;
  const report = path.join(OUT, "report.html");
  fs.writeFileSync(report, html);
  console.log(`report: ${report} (${(html.length / 1024).toFixed(0)} kB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (!ok || !identical) {
    console.error("demo check failed");
    process.exit(1);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
