/**
 * save_nwb: files read back by our load_nwb and by the real pynwb 2.3.1 (Debian's python3 with
 * python3-hdmf/h5py/pandas and pynwb from shared/interop/tools/pynwb-2.3.1-src.tar.gz; see
 * pynwbAvailable() for how it is found, and the printed reason when it is not).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnalogData } from "../../src/data/analog";
import { SpikeData } from "../../src/data/spike";
import { TimeLockData } from "../../src/data/timelock";
import { load_nwb } from "../../src/io/nwbRead";
import { save_nwb } from "../../src/io/nwbWrite";
import { SPYIOError, SPYTypeError } from "../../src/core/errors";
import { EventData } from "../../src/data/event";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-savenwb-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** pynwb's source folder: $PYNWB_SRC, or the shared tarball unpacked into the temp folder. */
function pynwbAvailable(): { ok: true; src: string } | { ok: false; why: string } {
  const tarball = [path.join(__dirname, "../../../shared/interop/tools/pynwb-2.3.1-src.tar.gz"), "/work/shared/interop/tools/pynwb-2.3.1-src.tar.gz"].find((p) => fs.existsSync(p));
  let src = process.env.PYNWB_SRC;
  try {
    if (!src) {
      if (!tarball) return { ok: false, why: "no PYNWB_SRC and no shared/interop/tools/pynwb-2.3.1-src.tar.gz" };
      src = path.join(tmp, "pynwb-src");
      fs.mkdirSync(src, { recursive: true });
      execFileSync("tar", ["-xzf", tarball, "-C", src]);
    }
    execFileSync("/usr/bin/python3", ["-c", "import pynwb"], { env: { ...process.env, PYTHONPATH: src }, stdio: "pipe" });
    return { ok: true, src };
  } catch (e) {
    return { ok: false, why: `pynwb does not import (${String((e as { stderr?: Buffer }).stderr ?? e).trim().split("\n").pop()}); apt-get install python3-hdmf python3-h5py python3-pandas` };
  }
}
const PYNWB = pynwbAvailable();
if (!PYNWB.ok) console.log(`saveNwb.test: pynwb checks skipped: ${PYNWB.why}`);

/** What pynwb reads: series shape/sum/rate/locations, trials, units. */
function readWithPynwb(file: string): Record<string, unknown> {
  const script = `
import json, sys, numpy as np, pynwb
io = pynwb.NWBHDF5IO(sys.argv[1], "r"); f = io.read(); out = {}
for k, s in f.acquisition.items():
    d = np.asarray(s.data[:], dtype=np.float64)
    out[k] = {"shape": list(d.shape), "sum": d.sum(0).tolist(), "rate": s.rate, "type": type(s).__name__,
              "location": list(s.electrodes.table["location"][:]), "first": d[0].tolist()}
if f.trials is not None:
    t = f.trials.to_dataframe(); out["trials"] = {c: t[c].tolist() for c in t.columns if c not in ("tags", "timeseries")}
if f.units is not None:
    out["units"] = {"ids": [int(i) for i in f.units.id[:]], "spike_times": [list(map(float, f.units.get_unit_spike_times(i))) for i in range(len(f.units.id))]}
print(json.dumps(out))`;
  const got = execFileSync("/usr/bin/python3", ["-c", script, file], { env: { ...process.env, PYTHONPATH: (PYNWB as { src: string }).src }, stdio: "pipe" });
  return JSON.parse(got.toString());
}

function analog(): AnalogData {
  // 3 trials of unequal length, offsets, 2 trialinfo columns; values known in closed form
  const fs_ = 200;
  const trials = [40, 60, 50].map((n, k) => {
    const d = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) { d[2 * i] = 1e-6 * (k + 1) * Math.sin(i / 5); d[2 * i + 1] = 2e-6 * i; }
    return { data: d, shape: [n, 2], dtype: "float64" as const };
  });
  return new AnalogData({ data: trials, samplerate: fs_, channel: ["CA1", "CA3"],
    trialdefinition: [[0, 40, -10, 1, 7], [40, 100, -20, 2, 8], [100, 150, 0, 1, 9]] });
}

test("AnalogData round trip: load_nwb gives the same trials, labels, offsets and trialinfo", async () => {
  const a = analog();
  const file = await save_nwb(a, path.join(tmp, "a.nwb"));
  const b = (await load_nwb(file)).ElectricalSeries as AnalogData;
  expect(b.channel).toEqual(["CA1", "CA3"]);
  expect(b.samplerate).toBe(200);
  expect(b.trialdefinition).toEqual(a.trialdefinition);
  for (let k = 0; k < 3; k++) expect(Array.from(b.trials.get(k).data)).toEqual(Array.from(a.trials.get(k).data));
  await expect(save_nwb(a, file)).rejects.toThrow(SPYIOError);
  await expect(save_nwb(a, file, { overwrite: true })).resolves.toBe(file);
});

test("AnalogData: pynwb 2.3.1 reads the series, electrodes and trials", async () => {
  if (!PYNWB.ok) return console.log(`skipped: ${PYNWB.why}`);
  const a = analog();
  const file = await save_nwb(a, path.join(tmp, "p.nwb"));
  const got = readWithPynwb(file) as { ElectricalSeries: { shape: number[]; sum: number[]; rate: number; location: string[]; type: string }; trials: Record<string, number[]> };
  expect(got.ElectricalSeries.type).toBe("ElectricalSeries");
  expect(got.ElectricalSeries.shape).toEqual([150, 2]);
  expect(got.ElectricalSeries.rate).toBe(200);
  expect(got.ElectricalSeries.location).toEqual(["CA1", "CA3"]);
  let s0 = 0, s1 = 0;
  for (const t of a.trials) for (let i = 0; i < t.shape[0]; i++) { s0 += t.data[2 * i]; s1 += t.data[2 * i + 1]; }
  expect(got.ElectricalSeries.sum[0]).toBeCloseTo(s0, 15);
  expect(got.ElectricalSeries.sum[1]).toBeCloseTo(s1, 15);
  expect(got.trials.start_time).toEqual([0, 0.2, 0.5]);
  expect(got.trials.stop_time).toEqual([0.2, 0.5, 0.75]);
  expect(got.trials.offset).toEqual([-0.05, -0.1, 0]);
  expect(got.trials.trialinfo_0).toEqual([1, 2, 1]);
  // and pynwb's schema validator finds nothing wrong
  const v = execFileSync("/usr/bin/python3", ["-m", "pynwb.validate", file], { env: { ...process.env, PYTHONPATH: (PYNWB as { src: string }).src }, stdio: "pipe" }).toString();
  expect(v).toMatch(/no errors found/);
});

test("TimeLockData and SpikeData: pynwb and load_nwb read them back", async () => {
  const tl = new TimeLockData({ data: [0, 1].map((k) => ({ data: Float64Array.from({ length: 30 }, (_, i) => k + i / 10), shape: [10, 3], dtype: "float64" as const })), samplerate: 100 });
  const f1 = await save_nwb(tl, path.join(tmp, "tl.nwb"));
  const back = (await load_nwb(f1)).ElectricalSeries as AnalogData;
  expect(back.trialdefinition).toEqual(tl.trialdefinition);
  expect(Array.from(back.trials.get(1).data)).toEqual(Array.from(tl.trials.get(1).data));
  // interleaved units on two channels
  const sp = new SpikeData({ data: [[10, 0, 1], [12, 1, 0], [15, 0, 1], [19, 1, 0], [30, 0, 1]], samplerate: 1000, trialdefinition: [[0, 20, 0], [20, 40, -5]] });
  const f2 = await save_nwb(sp, path.join(tmp, "sp.nwb"));
  const s = (await load_nwb(f2)).units as SpikeData;
  expect(Array.from(s.column("sample"))).toEqual([10, 12, 15, 19, 30]);
  expect(Array.from(s.column("unit"))).toEqual([1, 0, 1, 0, 1]);
  expect(s.trialdefinition).toEqual(sp.trialdefinition);
  if (!PYNWB.ok) return console.log(`pynwb part skipped: ${PYNWB.why}`);
  const got1 = readWithPynwb(f1) as { ElectricalSeries: { shape: number[] } };
  expect(got1.ElectricalSeries.shape).toEqual([20, 3]);
  const got2 = readWithPynwb(f2) as { units: { ids: number[]; spike_times: number[][] } };
  expect(got2.units.ids).toEqual([0, 1]);
  expect(got2.units.spike_times).toEqual([[0.012, 0.019], [0.01, 0.015, 0.03]]);
});

test("save_nwb refuses classes NWB has no place for, and empty objects", async () => {
  const ev = new EventData({ data: [[1, 2]], samplerate: 10 });
  await expect(save_nwb(ev, path.join(tmp, "ev.nwb"))).rejects.toThrow(SPYTypeError);
  expect(fs.existsSync(path.join(tmp, "ev.nwb"))).toBe(false);
});

describe("Syncopy's save_nwb keywords: with_trialdefinition, is_raw, nwbfile", () => {
  test("with_trialdefinition: false writes no trials: one trial back, every sample equal", async () => {
    const a = analog();
    const file = await save_nwb(a, path.join(tmp, "notrials.nwb"), { with_trialdefinition: false });
    const b = (await load_nwb(file)).ElectricalSeries as AnalogData;
    expect(b.trials.length).toBe(1);
    expect(b.channel).toEqual(a.channel);
    const all = Array.from({ length: 3 }, (_, k) => Array.from(a.trials.get(k).data)).flat();
    expect(Array.from(b.trials.get(0).data)).toEqual(all);
  });

  test("is_raw: false writes an LFP in processing/ecephys; nwbfile adds a second series to the same file; pynwb reads both", async () => {
    const a = analog();
    const lfpData = analog();
    const file = await save_nwb(a, path.join(tmp, "two.nwb"), { is_raw: true });
    // Syncopy: adata2.save_nwb(outpath, nwbfile=nwbfile, with_trialdefinition=False, is_raw=False)
    await expect(save_nwb(lfpData, file, { nwbfile: file, with_trialdefinition: false, is_raw: false })).resolves.toBe(file);
    const objs = await load_nwb(file);
    expect(Object.keys(objs).sort()).toEqual(["acquisition/ElectricalSeries", "processing/ecephys/LFP/ElectricalSeries"]);
    for (const key of Object.keys(objs)) {
      const b = objs[key] as AnalogData;
      expect(b.trialdefinition).toEqual(a.trialdefinition); // the file's trials apply to both
      for (let k = 0; k < 3; k++) expect(Array.from(b.trials.get(k).data)).toEqual(Array.from(a.trials.get(k).data));
    }
    if (!PYNWB.ok) return console.log(`pynwb part skipped: ${PYNWB.why}`);
    const script = `
import json, sys, numpy as np, pynwb
f = pynwb.NWBHDF5IO(sys.argv[1], "r").read()
lfp = f.processing["ecephys"]["LFP"]["ElectricalSeries"]
raw = f.acquisition["ElectricalSeries"]
print(json.dumps({"lfp_type": type(f.processing["ecephys"]["LFP"]).__name__, "lfp_shape": list(lfp.data.shape),
                  "same": bool(np.array_equal(lfp.data[:], raw.data[:])), "locations": list(lfp.electrodes.table["location"][:]),
                  "trials": len(f.trials)}))`;
    const got = JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, file], { env: { ...process.env, PYTHONPATH: PYNWB.src }, stdio: "pipe" }).toString());
    expect(got).toEqual({ lfp_type: "LFP", lfp_shape: [150, 2], same: true, locations: ["CA1", "CA3"], trials: 3 });
  });

  test("nwbfile: clear errors for taken places, other channels, a second units table and a non-NWB file", async () => {
    const a = analog();
    const file = await save_nwb(a, path.join(tmp, "base.nwb"));
    const before = fs.readFileSync(file);
    // the file has trials: adding more is refused, naming the keyword
    await expect(save_nwb(a, file, { nwbfile: file, is_raw: false })).rejects.toThrow(/with_trialdefinition.*has intervals\/trials already/);
    // the same place
    await expect(save_nwb(a, file, { nwbfile: file, with_trialdefinition: false })).rejects.toThrow(/`name`.*\/acquisition\/ElectricalSeries already/);
    // other channels than the file's electrodes
    const other = new AnalogData({ data: [{ data: new Float64Array(30), shape: [10, 3], dtype: "float64" as const }], samplerate: 200 });
    await expect(save_nwb(other, file, { nwbfile: file, with_trialdefinition: false, name: "x" })).rejects.toThrow(/`nwbfile`.*electrodes table of 2 rows/);
    // refused calls leave the file as it was, and no partial file beside it
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(tmp).filter((n) => n.includes(".partial"))).toEqual([]);
    // a second units table
    const s = new SpikeData({ data: { sample: Float64Array.from([1, 5, 9]), channel: Float64Array.from([0, 0, 0]), unit: Float64Array.from([0, 1, 0]) }, samplerate: 100 });
    const sf = await save_nwb(s, path.join(tmp, "units.nwb"));
    await expect(save_nwb(s, sf, { nwbfile: sf, with_trialdefinition: false })).rejects.toThrow(/`nwbfile`.*units table/);
    // not NWB, not there, wrong types
    const h5 = path.join(__dirname, "../fixtures/interop/fieldtrip/ft_two_raw.mat");
    await expect(save_nwb(a, path.join(tmp, "y.nwb"), { nwbfile: h5 })).rejects.toThrow(SPYIOError);
    await expect(save_nwb(a, path.join(tmp, "y.nwb"), { nwbfile: path.join(tmp, "missing.nwb") })).rejects.toThrow(SPYIOError);
    await expect(save_nwb(a, path.join(tmp, "y.nwb"), { is_raw: "no" as never })).rejects.toThrow(SPYTypeError);
    await expect(save_nwb(a, path.join(tmp, "y.nwb"), { with_trialdefinition: 0 as never })).rejects.toThrow(SPYTypeError);
  });
});
