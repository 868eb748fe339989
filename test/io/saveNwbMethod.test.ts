/**
 * data.save_nwb(path, opts) (src/io/saveNwbMethod.ts) is spy.save_nwb(data, path, opts): the files
 * both write hold the same arrays (read back with load_nwb and compared exactly), options are
 * passed on, and a class NWB has no place for gets spy.save_nwb's SPYTypeError naming the class.
 * The public barrel is imported (not the module itself), so this also proves index.ts installs it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-savenwbmethod-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** 3 trials of unequal length with offsets and a trialinfo column; values not round in float32. */
function analog(): spy.AnalogData {
  const trials = [40, 60, 50].map((n, k) => {
    const d = new Float64Array(n * 3);
    for (let i = 0; i < d.length; i++) d[i] = 1e-6 * Math.sin(0.37 * i + k) + k * 1e-7;
    return { data: d, shape: [n, 3], dtype: "float64" as const };
  });
  return new spy.AnalogData({ data: trials, samplerate: 250, channel: ["CA1", "CA3", "DG"],
    trialdefinition: [[0, 40, -10, 3], [40, 100, -20, 4], [100, 150, 0, 5]] });
}

/** Both files loaded with load_nwb: the same trials (every value), trial definition and axes. */
async function expectSameContinuous(a: string, b: string, name = "ElectricalSeries"): Promise<spy.AnalogData> {
  const x = (await spy.load_nwb(a))[name] as spy.AnalogData;
  const y = (await spy.load_nwb(b))[name] as spy.AnalogData;
  expect(x).toBeInstanceOf(spy.AnalogData);
  expect(y.trialdefinition).toEqual(x.trialdefinition);
  expect(y.channel).toEqual(x.channel);
  expect(y.samplerate).toBe(x.samplerate);
  expect(y.trials.length).toBe(x.trials.length);
  for (let k = 0; k < x.trials.length; k++) {
    const tx = x.trials.get(k), ty = y.trials.get(k);
    expect(ty.shape).toEqual(tx.shape);
    expect(Buffer.from(ty.data.buffer, ty.data.byteOffset, ty.data.byteLength))
      .toEqual(Buffer.from(tx.data.buffer, tx.data.byteOffset, tx.data.byteLength));
  }
  return y;
}

test("AnalogData: data.save_nwb writes what spy.save_nwb writes, and passes the options on", async () => {
  const a = analog();
  const viaFunction = await spy.save_nwb(a, path.join(tmp, "f.nwb"));
  const viaMethod = await a.save_nwb(path.join(tmp, "m.nwb"));
  expect(viaMethod).toBe(path.join(tmp, "m.nwb"));
  const back = await expectSameContinuous(viaFunction, viaMethod);
  // and both are the object itself (not two equal wrong copies)
  expect(Array.from(back.trials.get(2).data)).toEqual(Array.from(a.trials.get(2).data));
  expect(back.trialdefinition).toEqual(a.trialdefinition);
  // options: an existing file is refused unless overwrite; the series' name
  await expect(a.save_nwb(viaMethod)).rejects.toThrow(spy.SPYIOError);
  await expect(a.save_nwb(viaMethod, { overwrite: true, name: "LFP" })).resolves.toBe(viaMethod);
  expect(Object.keys(await spy.load_nwb(viaMethod))).toEqual(["LFP"]);
  await expect(a.save_nwb(path.join(tmp, "x.nwb"), { overwrit: true } as never)).rejects.toThrow(/did you mean 'overwrite'/);
  // a method like the class methods: not an own, enumerable key of the object
  expect(Object.keys(a)).not.toContain("save_nwb");
});

test("TimeLockData and SpikeData: the method writes what the function writes", async () => {
  const tl = new spy.TimeLockData({ data: [0, 1].map((k) => ({ data: Float64Array.from({ length: 30 }, (_, i) => k + Math.cos(i)), shape: [10, 3], dtype: "float64" as const })), samplerate: 100 });
  await expectSameContinuous(await spy.save_nwb(tl, path.join(tmp, "tlf.nwb")), await tl.save_nwb(path.join(tmp, "tlm.nwb")));

  const sp = new spy.SpikeData({ data: [[10, 0, 1], [12, 1, 0], [15, 0, 1], [19, 1, 0], [30, 0, 1]], samplerate: 1000, trialdefinition: [[0, 20, 0], [20, 40, -5]] });
  const x = (await spy.load_nwb(await spy.save_nwb(sp, path.join(tmp, "spf.nwb")))).units as spy.SpikeData;
  const y = (await spy.load_nwb(await sp.save_nwb(path.join(tmp, "spm.nwb")))).units as spy.SpikeData;
  for (const col of ["sample", "channel", "unit"] as const) expect(Array.from(y.column(col))).toEqual(Array.from(x.column(col)));
  expect(Array.from(y.column("unit"))).toEqual([1, 0, 1, 0, 1]);
  expect(y.trialdefinition).toEqual(x.trialdefinition);
});

test("SpectralData and EventData: an SPYTypeError naming the class, and no file", async () => {
  const spec = new spy.SpectralData({ data: [{ data: new Float64Array(4), shape: [1, 1, 2, 2], dtype: "float64" as const }], samplerate: 1 });
  const file = path.join(tmp, "spec.nwb");
  // not declared on SpectralData: a compile error in TypeScript, the SPYTypeError in JavaScript
  // @ts-expect-error save_nwb is declared on AnalogData, TimeLockData and SpikeData only
  const err = await spec.save_nwb(file).then(() => null, (e: unknown) => e as spy.SPYTypeError);
  expect(err).toBeInstanceOf(spy.SPYTypeError);
  expect(err!.param).toBe("data");
  expect(err!.message).toMatch(/SpectralData/);
  expect(err!.message).toMatch(/AnalogData, TimeLockData or SpikeData/);
  expect(fs.existsSync(file)).toBe(false);

  const ev = new spy.EventData({ data: [[1, 2]], samplerate: 10 });
  // @ts-expect-error not declared on EventData either
  await expect(ev.save_nwb(path.join(tmp, "ev.nwb"))).rejects.toThrow(/EventData/);
});

test("Syncopy's keyword call: data.save_nwb({ outpath, with_trialdefinition, is_raw })", async () => {
  const a = analog();
  const out = path.join(tmp, "kw.nwb");
  await expect(a.save_nwb({ outpath: out, with_trialdefinition: false, is_raw: false })).resolves.toBe(out);
  const objs = await spy.load_nwb(out);
  expect(Object.keys(objs)).toEqual(["ElectricalSeries"]);
  const b = objs.ElectricalSeries as spy.AnalogData;
  expect(b.info.nwb_path).toBe("/processing/ecephys/LFP/ElectricalSeries");
  expect(b.trials.length).toBe(1);
  await expect(a.save_nwb({ is_raw: false } as never)).rejects.toThrow(/`outpath`/);
});
