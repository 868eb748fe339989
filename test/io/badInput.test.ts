/**
 * Bad input for the HDF5 readers: each case is an SPYIOError naming the file and what is wrong,
 * never a crash of the process and never a wrong array.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { load_nwb } from "../../src/io/nwbRead";
import { loadSyncopyContainer } from "../../src/io/syncopyContainer";
import { loadH5wasm } from "../../src/io/h5wasmLoader";
import { SPYIOError } from "../../src/core/errors";

const FIX = path.join(__dirname, "../fixtures/interop");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-badio-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function ioError(p: Promise<unknown>, file: string, what: RegExp): Promise<void> {
  const e = await p.then(() => null, (x) => x);
  expect(e).toBeInstanceOf(SPYIOError);
  expect((e as SPYIOError).path).toBe(file);
  expect((e as Error).message).toMatch(what);
}

test("a missing file, a file that is not HDF5, and a truncated NWB file", async () => {
  await ioError(load_nwb(path.join(tmp, "none.nwb")), path.join(tmp, "none.nwb"), /no such file/);
  const text = path.join(tmp, "text.nwb");
  fs.writeFileSync(text, "not an HDF5 file at all\n".repeat(100));
  await ioError(load_nwb(text), text, /not an NWB file: no HDF5 signature/);
  const cut = path.join(tmp, "cut.nwb");
  const whole = fs.readFileSync(path.join(FIX, "nwb/trials.nwb"));
  fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
  await ioError(load_nwb(cut), cut, new RegExp(`truncated: .* ends at byte ${whole.length}, but it has ${Math.floor(whole.length / 2)} bytes`));
});

test("an HDF5 file that is not NWB (a Syncopy data file)", async () => {
  const file = path.join(FIX, "syncopy/analog.spy/analog.analog");
  await ioError(load_nwb(file), file, /not NWB: its root has no 'nwb_version'/);
});

test("an ElectricalSeries without electrodes", async () => {
  const h5 = await loadH5wasm();
  const file = path.join(tmp, "noelectrodes.nwb");
  const f = new h5.File(file, "w");
  f.create_attribute("nwb_version", "2.6.0");
  f.create_group("acquisition");
  const es = f.create_group("acquisition/ElectricalSeries");
  es.create_attribute("neurodata_type", "ElectricalSeries");
  es.create_dataset({ name: "data", data: new Float32Array(40), shape: [10, 4] });
  es.create_dataset({ name: "starting_time", data: 0.5, dtype: "<d" }).create_attribute("rate", 100.5, null, "<d");
  f.close();
  await ioError(load_nwb(file), file, /the ElectricalSeries '\/acquisition\/ElectricalSeries' has no 'electrodes'/);
});

test("a compression filter h5wasm lacks (LZF, written by h5py)", async () => {
  const file = path.join(FIX, "made/lzf_filter.nwb");
  await ioError(load_nwb(file), file, /compressed with the HDF5 filter 32000 \(lzf\), which .* cannot decode/);
});

test("a corrupt chunk in a gzip-compressed series is an SPYIOError, not a crash", async () => {
  // chunk 3 of the LFP data (byte offsets from h5py: made/chunk_offsets.py) overwritten
  const chunks = JSON.parse(fs.readFileSync(path.join(FIX, "made/lfp_gzip_chunks.json"), "utf8")) as { offset: number; size: number }[];
  const bad = Buffer.from(fs.readFileSync(path.join(FIX, "made/lfp_gzip.nwb")));
  bad.fill(0x5a, chunks[3].offset, chunks[3].offset + chunks[3].size);
  const file = path.join(tmp, "corrupt.nwb");
  fs.writeFileSync(file, bad);
  await ioError(load_nwb(file, { memuse: 0.002 }), file, /reading rows \d+-\d+ of '\/processing\/ecephys\/LFP\/ElectricalSeries\/data' failed/);
  // the same file with that chunk intact loads
  await expect(load_nwb(path.join(FIX, "made/lfp_gzip.nwb"))).resolves.toBeTruthy();
});

test("a Syncopy container: a data file that is not HDF5, and one without its .info", async () => {
  const dir = path.join(tmp, "fake.spy");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "fake.analog"), "garbage");
  fs.writeFileSync(path.join(dir, "fake.analog.info"), JSON.stringify({ dataclass: "AnalogData", data_shape: [1, 1], data_dtype: "float32", dimord: ["time", "channel"] }));
  await ioError(loadSyncopyContainer(dir, { checksum: false }), path.join(dir, "fake.analog"), /not a Syncopy HDF5 data file: no HDF5 signature/);
  fs.rmSync(path.join(dir, "fake.analog.info"));
  await ioError(loadSyncopyContainer(path.join(dir, "fake.analog")), path.join(dir, "fake.analog.info"), /missing/);
});

test("a folder or a FIFO where a file is expected: an SPYIOError, no hang", async () => {
  await ioError(load_nwb(tmp), tmp, /is a directory, not a regular file; expected an NWB file/);
  const fifo = path.join(tmp, "pipe.nwb");
  require("child_process").execFileSync("mkfifo", [fifo]);
  // a FIFO opened for reading blocks until a writer comes: open it non-blocking through the check
  await ioError(load_nwb(fifo), fifo, /is a FIFO \(named pipe\), not a regular file; expected an NWB file/);
});

test("save_nwb: a missing folder, a folder at the path, nwbfile a folder: SPYIOErrors, nothing left behind", async () => {
  const { save_nwb } = await import("../../src/io/nwbWrite");
  const { AnalogData } = await import("../../src/data/analog");
  const a = new AnalogData({ data: [{ data: new Float64Array(20), shape: [10, 2], dtype: "float64" as const }], samplerate: 100 });
  const missing = path.join(tmp, "no", "such", "x.nwb");
  await ioError(save_nwb(a, missing), missing, /its folder .* does not exist/);
  const folder = path.join(tmp, "afolder");
  fs.mkdirSync(folder);
  await ioError(save_nwb(a, folder, { overwrite: true }), folder, /is a directory, not a regular file; expected an NWB file to write \(or replace\)/);
  await ioError(save_nwb(a, path.join(tmp, "y.nwb"), { nwbfile: folder }), folder, /is a directory, not a regular file; expected an NWB file to add to \(nwbfile\)/);
  expect(fs.readdirSync(tmp).filter((n) => n.includes("partial"))).toEqual([]);
  expect(fs.readdirSync(path.dirname(tmp)).filter((n) => n.startsWith(path.basename(tmp)) && n.includes("partial"))).toEqual([]);
});

test("a FIFO as a Syncopy data file or a MAT file: an SPYIOError, no hang", async () => {
  const { load_ft_raw } = await import("../../src/io/fieldtrip");
  const dir = path.join(tmp, "fifo.spy");
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(FIX, "syncopy/analog.spy/analog.analog.info"), path.join(dir, "analog.analog.info"));
  const data = path.join(dir, "analog.analog");
  require("child_process").execFileSync("mkfifo", [data]);
  await ioError(loadSyncopyContainer(data), data, /is a FIFO \(named pipe\), not a regular file; expected a Syncopy HDF5 data file/);
  const mat = path.join(tmp, "pipe.mat");
  require("child_process").execFileSync("mkfifo", [mat]);
  await ioError(load_ft_raw(mat), mat, /is a FIFO \(named pipe\), not a regular file; expected a MAT file/);
});
