import * as fs from "fs";
import * as path from "path";
import * as spy from "../../src";
import { makeValues, tmpDir, writeRaw } from "./helpers";

const dir = tmpDir();
afterAll(async () => { await spy.shutdown(); fs.rmSync(dir, { recursive: true, force: true }); });
const nObs = 300, nCh = 4;
const values = makeValues(nObs, nCh, 5);

test("SpikeGLX: .bin + .meta give channels, rate, int16 and channel names", async () => {
  const bin = writeRaw(path.join(dir, "run_g0_t0.imec0.ap.bin"), values, "int16", "samples");
  fs.writeFileSync(bin.replace(/\.bin$/, ".meta"), [
    "typeThis=imec", "nSavedChans=4", "imSampRate=30000.0", `fileSizeBytes=${nObs * nCh * 2}`,
    "~snsChanMap=(2,1,1)(AP0;0:0)(AP1;1:1)(AP2;2:2)(SY0;384:384)",
  ].join("\n") + "\n");
  const before = fs.statSync(bin).mtimeMs;
  const raw = spy.load_raw(bin);
  expect([raw.dtype, raw.samplerate, raw.shape]).toEqual(["int16", 30000, [nObs, nCh]]);
  expect(raw.channel).toEqual(["AP0", "AP1", "AP2", "SY0"]);
  expect(Array.from(raw.trials.get(0).data.subarray(2 * nCh, 3 * nCh))).toEqual(values[2]);
  spy.definetrial(raw, [[0, 128, 0], [128, 256, 0]]);
  const spec = await spy.freqanalysis(raw, { method: "mtmfft", taper: "hann" } as never);
  expect(spec.trials.length).toBe(2);
  expect(fs.statSync(bin).mtimeMs).toBe(before);
});

test("SpikeGLX NI stream without a usable channel map gets default labels", () => {
  const bin = writeRaw(path.join(dir, "run_g0_t0.nidq.bin"), values, "int16", "samples");
  fs.writeFileSync(bin.replace(/\.bin$/, ".meta"), "nSavedChans=4\nniSampRate=25000\n");
  const raw = spy.load_raw(bin);
  expect([raw.samplerate, raw.channel]).toEqual([25000, ["channel1", "channel2", "channel3", "channel4"]]);
});

test("Open Ephys flat binary: continuous.dat + structure.oebin (two levels up), bit_volts as scale", () => {
  const stream = path.join(dir, "Record Node 101", "experiment1", "recording1", "continuous", "Rhythm_FPGA-100.0");
  fs.mkdirSync(stream, { recursive: true });
  const dat = writeRaw(path.join(stream, "continuous.dat"), values, "int16", "samples");
  const oebin = {
    GUI_version: "0.5.5",
    continuous: [
      { folder_name: "Other-101.0/", sample_rate: 1000, num_channels: 2, channels: [] },
      {
        folder_name: "Rhythm_FPGA-100.0/", sample_rate: 30000, num_channels: 4,
        channels: ["CH1", "CH2", "CH3", "ADC1"].map((name, i) => ({ channel_name: name, bit_volts: i < 3 ? 0.195 : 0.00015, units: i < 3 ? "uV" : "V" })),
      },
    ],
  };
  fs.writeFileSync(path.join(stream, "..", "..", "structure.oebin"), JSON.stringify(oebin));
  const raw = spy.load_raw(dat);
  expect([raw.dtype, raw.samplerate, raw.shape]).toEqual(["float32", 30000, [nObs, nCh]]);
  expect(raw.channel).toEqual(["CH1", "CH2", "CH3", "ADC1"]);
  const row = Array.from(raw.trials.get(0).data.subarray(7 * nCh, 8 * nCh));
  expect(row).toEqual(values[7].map((v, c) => Math.fround(v * (c < 3 ? 0.195 : 0.00015))));
  // the caller's scale wins; a scale of 1 keeps the numbers but still reads float32
  expect(spy.load_raw(dat, { scale: 1 }).trials.get(0).data[7 * nCh]).toBe(values[7][0]);
});
