/**
 * Per-spike waveforms in NWB's Units table (the doubly ragged `waveforms`, `waveforms_index`,
 * `waveforms_index_index`): load_nwb reads the file the real pynwb 2.3.1 wrote
 * (fixtures/interop/made/make_units_waveforms.py, ground truth units_waveforms.json), save_nwb
 * writes them back (read by load_nwb and, when it is installed, by pynwb itself), and corrupt
 * indices are an SPYIOError.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { load_nwb } from "../../src/io/nwbRead";
import { save_nwb } from "../../src/io/nwbWrite";
import { loadH5wasm } from "../../src/io/h5wasmLoader";
import { SpikeData } from "../../src/data/spike";
import { captureWarnings } from "../../src/core/warnings";
import { SPYIOError } from "../../src/core/errors";

const FILE = path.join(__dirname, "../fixtures/interop/made/units_waveforms.nwb");
const truth = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/interop/made/units_waveforms.json"), "utf8"));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-nwbwf-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const load = async (file: string) => (await load_nwb(file, { default_spike_data_samplerate: truth.samplerate })).units as SpikeData;

test("pynwb's per-spike waveforms: one [electrode, sample] block per SpikeData row, in row order", async () => {
  const s = await load(FILE);
  expect(Array.from(s.column("sample"))).toEqual(truth.sample);
  expect(Array.from(s.column("unit"))).toEqual(truth.unit);  // interleaved units, sorted with their waveforms
  const w = s.waveform!;
  expect(w.shape).toEqual(truth.waveform_shape);
  expect(Array.from(w.data)).toEqual(truth.waveform.flat(2));
});

test("save_nwb writes them back: load_nwb gives the same rows and waveforms", async () => {
  const s = await load(FILE);
  const out = path.join(tmp, "rt3.nwb");
  await save_nwb(s, out);
  const back = (await load_nwb(out)).units as SpikeData;  // the samplerate column save_nwb writes
  expect(Array.from(back.column("sample"))).toEqual(truth.sample);
  expect(Array.from(back.column("unit"))).toEqual(truth.unit);
  expect(back.waveform!.shape).toEqual(truth.waveform_shape);
  expect(Array.from(back.waveform!.data)).toEqual(truth.waveform.flat(2));
});

test("one waveform per spike ([nSpikes, nSamples]) round-trips as 2-D, with its sampling_rate", async () => {
  const rows = [[5, 0, 1], [7, 0, 0], [9, 0, 1], [20, 0, 0]];
  const waveform = rows.map((r, i) => [i, i + 0.5, -i, 2 * i + 0.25]);
  const s = new SpikeData({ data: rows, samplerate: 1000, waveform });
  s.info = { waveform_sampling_rate: 24000 };
  const out = path.join(tmp, "rt2.nwb");
  await save_nwb(s, out);
  const back = (await load_nwb(out)).units as SpikeData;
  expect(back.waveform!.shape).toEqual([4, 4]);
  expect(Array.from(back.waveform!.data)).toEqual(waveform.flat());
  expect(back.info.waveform_sampling_rate).toBe(24000);
  // the layout NWB prescribes: rows unit after unit, one end per spike, one end per unit
  const h5 = await loadH5wasm();
  const f = new h5.File(out, "r");
  try {
    expect(Array.from((f.get("units/waveforms_index") as InstanceType<typeof h5.Dataset>).value as Int32Array)).toEqual([1, 2, 3, 4]);
    expect(Array.from((f.get("units/waveforms_index_index") as InstanceType<typeof h5.Dataset>).value as Int32Array)).toEqual([2, 4]);
    // unit 0's spikes (rows 1 and 3) first
    expect(Array.from((f.get("units/waveforms") as InstanceType<typeof h5.Dataset>).value as Float64Array).slice(0, 8)).toEqual([...waveform[1], ...waveform[3]]);
  } finally {
    f.close();
  }
});

test("pynwb 2.3.1 reads the waveforms save_nwb wrote", async () => {
  const tarball = "/work/shared/interop/tools/pynwb-2.3.1-src.tar.gz";
  const src = process.env.PYNWB_SRC ?? path.join(tmp, "pynwb-src");
  try {
    if (!process.env.PYNWB_SRC) {
      fs.mkdirSync(src, { recursive: true });
      execFileSync("tar", ["xzf", tarball, "-C", src], { stdio: "pipe" });
    }
    execFileSync("/usr/bin/python3", ["-c", "import pynwb"], { env: { ...process.env, PYTHONPATH: src }, stdio: "pipe" });
  } catch (e) {
    console.log(`nwbWaveforms: pynwb not available (${(e as Error).message.split("\n")[0]}); the pynwb read-back is skipped`);
    return;
  }
  const s = await load(FILE);
  const out = path.join(tmp, "for_pynwb.nwb");
  await save_nwb(s, out);
  const script = "import json,sys,numpy as np\nfrom pynwb import NWBHDF5IO\nwith NWBHDF5IO(sys.argv[1],'r') as io:\n u=io.read().units\n print(json.dumps({'ids':[int(i) for i in u.id[:]],'w':[np.asarray(u['waveforms'][i]).tolist() for i in range(len(u.id))]}))\n";
  const got = JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, out], { env: { ...process.env, PYTHONPATH: src }, stdio: ["ignore", "pipe", "pipe"] }).toString());
  expect(got.ids).toEqual([10, 11, 12]);
  // per unit: its spikes in time order, each [electrode][sample], as the truth lists them
  const perUnit = got.ids.map((id: number) => truth.waveform.filter((_: unknown, r: number) => truth.unit[r] === id));
  expect(got.w).toEqual(perUnit);
});

async function withIndexIndex(values: number[]): Promise<string> {
  const h5 = await loadH5wasm();
  const file = path.join(tmp, `bad-${values.join("-")}.nwb`);
  fs.copyFileSync(FILE, file);
  const f = new h5.File(file, "a");
  try {
    const d = f.get("units/waveforms_index_index") as InstanceType<typeof h5.Dataset>;
    d.write_slice([[0, 3]], Uint8Array.from(values));
  } finally {
    f.close();
  }
  return file;
}

test("corrupt or inconsistent waveform indices", async () => {
  const corrupt = await withIndexIndex([4, 99, 9]);
  const e = await load(corrupt).then(() => null, (x) => x);
  expect(e).toBeInstanceOf(SPYIOError);
  expect((e as Error).message).toMatch(/waveforms_index_index' row 1 ends at 99, outside 4\.\.9: the doubly ragged column is corrupt/);
  // valid indices that disagree with spike_times: the spikes load, the waveforms are left out with a warning
  const shifted = await withIndexIndex([3, 7, 9]);
  const { result, warnings } = await captureWarnings(() => load(shifted));
  expect(result.waveform).toBeNull();
  expect(Array.from(result.column("sample"))).toEqual(truth.sample);
  expect(warnings).toEqual([expect.stringMatching(/waveforms of \/units .* left out: unit row 0 has 4 spike times but 3 spikes with waveforms/)]);
});
