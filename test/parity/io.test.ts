/**
 * Port of Syncopy's syncopy/tests/test_spyio.py (class TestSpyIO), syncopy/tests/test_nwb.py
 * (TestNWBImporter, TestNWBExporter) and the parts of syncopy/tests/test_attach_dataset.py that
 * spyts' extra datasets (`data.setDataset`, `data.dataset`, `data.datasetNames`) support, through
 * the public `spy` API with Syncopy's inputs.
 *
 * Syncopy's TestSpyIO data, restated: 10 channels, 30 samples, AnalogData = arange(1, 301) as
 * (30, 10), SpectralData = arange(1, 22501) as (30, 5, 10, 15), CrossSpectralData =
 * arange(1, 45001) as (30, 15, 10, 10), SpikeData = 50 rows drawn by numpy's RandomState(13)
 * (copied below), EventData = samples 0, 5, ..., 25 with ids 0/1 alternating; all at 1000 Hz with
 * trl = [[5k, 5k + 5, 1, pi]] for k = 0..5. (Syncopy's test assigns `dummy.trialdefintion` - a typo -
 * so its objects keep the default single trial; here the intended trl is really set, which makes
 * the sampleinfo/trialinfo comparisons meaningful.)
 *
 * Where spyts differs on purpose the test asserts spyts' documented behaviour, citing it:
 * README "Where spyts differs from Syncopy on purpose": `spy.load` returns one object, `save`
 * writes one object per container folder, no `tag`, no `filename=` outside a container; a file
 * that is corrupt is an SPYIOError (src/core/errors.ts: "SPYIOError: a file is missing, unreadable
 * or malformed"; README "load validates ... an SPYIOError"), where Syncopy raises SPYValueError for
 * a checksum mismatch.
 *
 * Left out, and why:
 * - TestSpyIO's tag cases (save/load with `tag`, the tag/dataclass combinations of
 *   test_multi_saveload) and joint containers written by spyts: spyts has no `tag` and writes one
 *   object per container (README); what is checked instead is that `tag` is refused by name and
 *   that a second object is not written into an existing container. Joint containers written by
 *   the real Syncopy are loaded (one object at a time, by `dataclass` or file).
 * - Syncopy's implicit `dummy.save()` (overwrite the object's own container): spyts' save needs a
 *   path; the call without one is an SPYError, which is what Syncopy asserts for an object that
 *   has no container.
 * - TestFTImporter, TestTDTImporter: need ESI's /cs/slurm files. load_ft_raw is covered by
 *   test/io/loadFtRaw.test.ts on its own fixtures; spyts has no load_tdt.
 * - test_nwb: Syncopy's ESI file test.nwb and adata_no_trials_64chan.nwb are not available;
 *   test_load_nwb_analog runs its pipeline on the pynwb fixture events_ttl.nwb (a TTL series and
 *   an ElectricalSeries, as test.nwb has) instead, and test_load_our_exported's check (64
 *   channels, shape (1000, 64)) is made on the file test_save_nwb_analog_no_trialdef writes.
 *   The plots and the pynapple test (pynapple is not installed) are left out; pynwb's validator
 *   is run in test/io/saveNwb.test.ts.
 * - test_attach_dataset: h5py types, `_unregister_dataset` (detach, del_from_file), `None`
 *   datasets, destructors and the `==` operator have no spyts counterpart. Replacing a dataset
 *   with another shape or dtype is allowed in spyts (BaseData.setDataset: "setting a name again
 *   replaces it"), where Syncopy raises SPYValueError.
 * - A `dataclass` list with an unknown entry (Syncopy's `["spike", "invalid"]`, used with a tag):
 *   Syncopy ignores the unknown entry, spyts refuses it with a SPYValueError naming 'dataclass'.
 * - ecephys_int16.nwb is not among the repository's fixtures (test/fixtures/interop/nwb holds its
 *   manifest only), and `npm test` needs nothing outside the repository.
 *
 * Found by this port and fixed (see the comment at attachSubjects): a SpikeData's extra dataset
 * was lost by copy() and by save/load.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { thrownBy as errorOf } from "../helpers/errorOf";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-parity-io-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FIX = path.join(__dirname, "../fixtures/interop");
const manifest = (name: string) => JSON.parse(fs.readFileSync(path.join(FIX, name), "utf8"));
const ls = (dir: string) => fs.readdirSync(dir).sort();
const ws = (s: string) => s.replace(/\s+/g, " ").trim();

async function fails(run: () => unknown, cls: abstract new (...args: any[]) => spy.SPYError, msg?: RegExp): Promise<Error> {
  const e = await errorOf(run);
  expect(e).toBeInstanceOf(cls);
  expect(e).toBeInstanceOf(spy.SPYError);
  if (msg) expect(e.message).toMatch(msg);
  return e;
}

// ---- Syncopy's TestSpyIO data -------------------------------------------------------------

const CLASSES = ["AnalogData", "SpectralData", "CrossSpectralData", "SpikeData", "EventData"] as const;
type ClassName = (typeof CLASSES)[number];
const CONTINUOUS: ClassName[] = ["AnalogData", "SpectralData", "CrossSpectralData"];
const TRL = Array.from({ length: 6 }, (_, k) => [5 * k, 5 * k + 5, 1, Math.PI]);
const arange1 = (n: number) => Float64Array.from({ length: n }, (_, i) => i + 1);
/*
 * python3 -c "import numpy as np; s = np.random.RandomState(13)
 * print(np.vstack([s.choice(30, size=50), s.choice(10, size=50), s.choice(5, size=50)]).T.astype(int).tolist())"
 */
const SPIKES = [[18, 5, 0], [16, 1, 4], [10, 8, 4], [16, 1, 3], [6, 7, 4], [2, 7, 3], [20, 5, 0], [25, 6, 3], [12, 3, 3], [26, 3, 3],
  [3, 6, 1], [26, 6, 0], [20, 3, 4], [2, 0, 1], [14, 7, 1], [22, 8, 2], [5, 6, 0], [13, 4, 2], [10, 3, 2], [9, 5, 2], [11, 0, 1],
  [20, 5, 2], [2, 9, 4], [0, 9, 0], [19, 4, 2], [21, 3, 1], [19, 2, 4], [11, 1, 1], [22, 8, 0], [21, 5, 0], [11, 5, 1], [1, 9, 3],
  [18, 1, 4], [24, 1, 0], [28, 0, 3], [11, 7, 4], [8, 4, 0], [12, 5, 1], [26, 9, 2], [22, 4, 0], [2, 3, 3], [20, 6, 4], [21, 1, 1],
  [7, 3, 0], [3, 9, 0], [5, 2, 1], [24, 1, 2], [19, 7, 1], [26, 3, 2], [24, 4, 0]]
  // spyts keeps rows sorted by sample (and warns when it has to sort them): sorted here, stably
  .map((r, i) => [...r, i]).sort((a, b) => a[0] - b[0] || a[3] - b[3]).map((r) => r.slice(0, 3));
const EVENTS = [[0, 0], [5, 1], [10, 0], [15, 1], [20, 0], [25, 1]];

function make(cls: ClassName): spy.BaseData {
  const f64 = (n: number, shape: number[]) => ({ data: arange1(n), shape, dtype: "float64" as const });
  switch (cls) {
    case "AnalogData": return new spy.AnalogData({ data: f64(300, [30, 10]), samplerate: 1000, trialdefinition: TRL });
    case "SpectralData": return new spy.SpectralData({ data: f64(22500, [30, 5, 10, 15]), samplerate: 1000, trialdefinition: TRL });
    case "CrossSpectralData": return new spy.CrossSpectralData({ data: f64(45000, [30, 15, 10, 10]), samplerate: 1000, trialdefinition: TRL });
    case "SpikeData": return new spy.SpikeData({ data: SPIKES, samplerate: 1000, trialdefinition: TRL });
    case "EventData": return new spy.EventData({ data: EVENTS, samplerate: 1000, trialdefinition: TRL });
  }
}
const nOf = (cls: ClassName) => ({ AnalogData: 300, SpectralData: 22500, CrossSpectralData: 45000 } as Record<string, number>)[cls];

/** The stored values of a continuous object, its trials laid end to end (= Syncopy's `data` here: the trials tile it). */
function stacked(d: spy.BaseData): Float64Array {
  const trials = [...d.trials];
  const out = new Float64Array(trials.reduce((n, t) => n + t.data.length, 0));
  let at = 0;
  for (const t of trials) { out.set(t.data as Float64Array, at); at += t.data.length; }
  return out;
}
/** Equal values, compared without jest's slow deep equality of long arrays (the first difference is reported). */
function expectSameValues(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  let k = 0;
  while (k < want.length && Object.is(got[k], want[k])) k++;
  expect(k < want.length ? { index: k, got: got[k], want: want[k] } : null).toBeNull();
}
function columns(d: spy.BaseData): number[][] {
  const x = d as spy.SpikeData | spy.EventData;
  return d.dimord.map((c) => Array.from(x.column(c as never)));
}
/** Syncopy's `for attr in ["data", "sampleinfo", "trialinfo"]: assert np.array_equal(...)`. */
function expectSameContent(a: spy.BaseData, b: spy.BaseData): void {
  expect(b.className).toBe(a.className);
  expect(b.samplerate).toBe(a.samplerate);
  expect(b.sampleinfo).toEqual(a.sampleinfo);
  expect(b.trialinfo).toEqual(a.trialinfo);
  expect(b.trialdefinition).toEqual(a.trialdefinition);
  if (CONTINUOUS.includes(a.className as ClassName)) expectSameValues(stacked(b), stacked(a));
  else expect(columns(b)).toEqual(columns(a));
}

describe("test_spyio.TestSpyIO", () => {
  test("the objects hold Syncopy's data: trials tile arange, trialinfo is pi, rows as given", () => {
    for (const cls of CLASSES) {
      const d = make(cls);
      expect(d.sampleinfo).toEqual(TRL.map((r) => [r[0], r[1]]));
      expect(d.trialinfo).toEqual(TRL.map(() => [Math.PI]));
      if (CONTINUOUS.includes(cls)) expectSameValues(stacked(d), arange1(nOf(cls)));
    }
    expect(columns(make("SpikeData"))).toEqual([0, 1, 2].map((c) => SPIKES.map((r) => r[c])));
    expect(columns(make("EventData"))).toEqual([0, 1].map((c) => EVENTS.map((r) => r[c])));
  });

  test("test_logging: save and load are logged, naming where the data went", async () => {
    const dummy = spy.synthdata.white_noise({ nTrials: 5, nSamples: 200, nChannels: 2, seed: 11 }) as spy.AnalogData;
    const ldum = dummy.log.length;
    const dir = await spy.save(dummy, path.join(tmp, "dummy_log"));
    // ensure saving is logged correctly (Syncopy names the HDF5 file; spyts the container holding it)
    expect(dummy.log.length).toBeGreaterThan(ldum);
    expect(dummy.log).toContain(`Wrote files ${dir}`);
    // ensure loading is logged correctly
    const dummy2 = await spy.load(path.join(dir, "dummy_log.analog"));
    expect(dummy2.log.length).toBeGreaterThan(dummy.log.length);
    expect(dummy2.log).toContain(`Wrote files ${dir}`);
    expect(dummy2.log).toContain(`Read files ${dir}`);
  });

  test.each(CLASSES)("test_checksum (%s): a loaded file is checked; a changed data file fails the check", async (cls) => {
    const dummy = make(cls);
    const dname = path.join(tmp, `checksum_${cls}`);
    const dir = await spy.save(dummy, dname);
    // perform checksum-matching - this must work
    expectSameContent(dummy, await spy.load(dname, { checksum: true }));
    // manipulate the data file, same size
    const file = path.join(dir, `checksum_${cls}${dummy.fileExtension}`);
    const bytes = fs.readFileSync(file);
    if (CONTINUOUS.includes(cls)) {
      // Syncopy adds 1 to the data; here to the one stored value 150 (float64, unique in the file)
      const needle = Buffer.alloc(8);
      needle.writeDoubleLE(150);
      const at = bytes.indexOf(needle);
      expect(at).toBeGreaterThan(0);
      expect(bytes.lastIndexOf(needle)).toBe(at);
      bytes.writeDoubleLE(151, at);
    } else {
      bytes[bytes.length >> 1] ^= 0xff;
    }
    fs.writeFileSync(file, bytes);
    // Syncopy: SPYValueError. spyts: a corrupt file is an SPYIOError (src/core/errors.ts, README "load validates")
    await fails(() => spy.load(dname, { checksum: true }), spy.SPYIOError, /checksum/);
    if (CONTINUOUS.includes(cls)) {
      // without the check the change is read: it was the data
      const want = arange1(nOf(cls));
      want[149] = 151;
      expectSameValues(stacked(await spy.load(dname, { checksum: false })), want);
    }
  });

  test.each(CLASSES)("test_save_fname (%s): file and container names, overwrite refusal", async (cls) => {
    const dummy = make(cls);
    const ext = dummy.fileExtension;
    const tdir = fs.mkdtempSync(path.join(tmp, "fname-"));
    const at = (n: string) => path.join(tdir, n);

    // object w/o container association: no implicit target
    await fails(() => (dummy.save as unknown as () => Promise<string>)(), spy.SPYError);

    // filename without extension: Syncopy writes the pair some_filename.<ext>(.info); spyts always
    // writes a container (README: "no filename= outside a container")
    await expect(spy.save(dummy, at("some_filename"))).resolves.toBe(at("some_filename.spy"));
    expect(ls(at("some_filename.spy"))).toEqual([`some_filename${ext}`, `some_filename${ext}.info`]);

    // filename with the class's extension (Syncopy writes the bare pair): refused, not a container
    await fails(() => spy.save(dummy, at("some_filename_w_ext" + ext)), spy.SPYValueError, /filename/);
    // filename with invalid extension
    await fails(() => spy.save(dummy, at("some_filename_w_ext.invalid")), spy.SPYError);
    // filename with multiple extensions
    await fails(() => spy.save(dummy, at("some_filename.w.ext" + ext)), spy.SPYError);

    // container with extension
    await spy.save(dummy, at("test_container.spy"));
    expect(ls(at("test_container.spy"))).toEqual([`test_container${ext}`, `test_container${ext}.info`]);
    // container with invalid extension
    await fails(() => spy.save(dummy, at("test_container.invalid")), spy.SPYError);
    // container with multiple extensions
    await fails(() => spy.save(dummy, at("test_container.invalid.too")), spy.SPYValueError);
    // container w/o extension
    await spy.save(dummy, at("test_container2"));
    expect(ls(at("test_container2.spy"))).toEqual([`test_container2${ext}`, `test_container2${ext}.info`]);

    // container with tag: spyts has no tag (README); the keyword is refused by name
    await fails(() => spy.save(dummy, at("test_container.spy"), { tag: "sometag" } as never), spy.SPYValueError, /'tag'/);

    // explicit overwrite
    await spy.save(dummy, at("test_container.spy"), { overwrite: true });
    expect(ls(at("test_container.spy"))).toEqual([`test_container${ext}`, `test_container${ext}.info`]);
    expectSameContent(dummy, await spy.load(at("test_container.spy")));
    // attempted overwrite w/o keyword
    await fails(() => spy.save(dummy, at("test_container.spy")), spy.SPYIOError, /already exists/);
    await fails(() => dummy.save(at("test_container.spy")), spy.SPYIOError);

    // both container and filename (Syncopy's keywords), neither: SPYError
    await fails(() => spy.save(dummy, { container: "container", filename: "someFile" } as never), spy.SPYError);
    await fails(() => (spy.save as unknown as (d: spy.BaseData) => Promise<string>)(dummy), spy.SPYError);

    // the refused calls wrote nothing (no partial container, no stray file)
    expect(ls(tdir)).toEqual(["some_filename.spy", "test_container.spy", "test_container2.spy"]);
  });

  test.each(CLASSES)("test_container_saveload (%s): one object per container, dataclass checks", async (cls) => {
    const dummy = make(cls);
    const ext = dummy.fileExtension;
    // load single file from container
    const container = path.join(tmp, "single_container_" + ext.slice(1));
    await dummy.save(container);
    expectSameContent(dummy, await spy.load(container));
    // load single file via dataclass (the container, and the data file inside it)
    expectSameContent(dummy, await spy.load(container, { dataclass: ext }));
    const file = path.join(container + ".spy", path.basename(container) + ext);
    expectSameContent(dummy, await spy.load(file, { dataclass: ext.slice(1) }));
    // a loaded object saved again (Syncopy does this with a tag) and loaded: the same content
    const dummy2 = await spy.load(container, { dataclass: ext });
    const container2 = path.join(tmp, "another_single_container_" + ext.slice(1));
    await dummy2.save(container2);
    expectSameContent(dummy2, await spy.load(container2));
    // tag: not a keyword of spyts' load (README)
    await fails(() => spy.load(container2, { tag: "invalid" } as never), spy.SPYValueError, /'tag'/);
    // dataclass mismatch in single-file container
    const wrongExt = make(CLASSES.find((c) => c !== cls)!).fileExtension;
    await fails(() => spy.load(container, { dataclass: wrongExt }), spy.SPYIOError);
    // invalid dataclass specification
    await fails(() => spy.load(container, { dataclass: ".invalid" }), spy.SPYValueError, /`dataclass`/);
  });

  test("test_multi_saveload: spyts writes one object per container; the dataclass checks of a joint load", async () => {
    const container = path.join(tmp, "multi_container");
    const objs = CLASSES.map(make);
    await objs[0].save(container);
    const dir = container + ".spy";
    // try to load everything but the first class from its file
    const fname = path.join(dir, "multi_container" + objs[0].fileExtension);
    await fails(() => spy.load(fname, { dataclass: objs.slice(1).map((o) => o.fileExtension) }), spy.SPYValueError, /`filename`/);
    // Syncopy adds the other classes to the container; spyts refuses to write a second object
    // into it (README: "save writes one object per container folder")
    for (const o of objs.slice(1)) await fails(() => o.save(container), spy.SPYIOError, /already exists/);
    expect(ls(dir)).toEqual(["multi_container.analog", "multi_container.analog.info"]);
    // try to load a class that is not there
    await fails(() => spy.load(container, { dataclass: "event" }), spy.SPYIOError);
    // load single file from the container via dataclass
    expectSameContent(objs[0], await spy.load(container, { dataclass: "analog" }));
    // overwrite replaces the container's object, it does not add one
    await objs[1].save(container, { overwrite: true });
    expect(ls(dir)).toEqual(["multi_container.spectral", "multi_container.spectral.info"]);
    expectSameContent(objs[1], await spy.load(container));
    await fails(() => spy.load(container, { dataclass: "analog" }), spy.SPYIOError);
    // invalid dataclasses
    await fails(() => spy.load(container, { dataclass: "invalid" }), spy.SPYValueError);
    await fails(() => spy.load(container, { dataclass: ["invalid", "stillinvalid"] }), spy.SPYValueError);
  });
});

// ---- containers written by the real Syncopy (test/fixtures/interop/syncopy) --------------------

/** A copy of Syncopy's fixture containers' data files, all in one folder (a joint container). */
function jointSyncopyContainer(): string {
  const dir = path.join(tmp, "syncopy_multi.spy");
  fs.mkdirSync(dir);
  for (const [name, ext] of [["analog", ".analog"], ["spectral_pow", ".spectral"], ["spike", ".spike"], ["events", ".event"]]) {
    for (const f of [name + ext, name + ext + ".info"]) {
      fs.copyFileSync(path.join(FIX, "syncopy", name + ".spy", f), path.join(dir, f));
      fs.chmodSync(path.join(dir, f), 0o644);
    }
  }
  return dir;
}

describe("test_spyio on containers the real Syncopy wrote", () => {
  test("a joint container: one object per load, picked by dataclass or file; dataclass checked as for spyts' own", async () => {
    const dir = jointSyncopyContainer();
    const m = manifest("syncopy/analog.json");
    // README: spy.load returns one object (Syncopy returns a dict of all four)
    await fails(() => spy.load(dir), spy.SPYIOError, /holds 4 objects/);
    const a = await spy.load(dir, { dataclass: "analog" });
    expect(a).toBeInstanceOf(spy.AnalogData);
    expect(a.trialdefinition).toEqual(m.trialdefinition);
    expect((a as spy.AnalogData).channel).toEqual(m.channel);
    expect(await spy.load(dir, { dataclass: "SpikeData" })).toBeInstanceOf(spy.SpikeData);
    expect(await spy.load(dir, { dataclass: [".event"] })).toBeInstanceOf(spy.EventData);
    expect(await spy.load(path.join(dir, "spectral_pow.spectral"))).toBeInstanceOf(spy.SpectralData);
    await fails(() => spy.load(dir, { dataclass: ["spectral", "spike"] }), spy.SPYIOError, /holds 2 objects/);
    await fails(() => spy.load(dir, { dataclass: "crossspectral" }), spy.SPYIOError);
    // Syncopy: a data file whose class is not among `dataclass` is a SPYValueError
    await fails(() => spy.load(path.join(dir, "analog.analog"), { dataclass: ["spectral", "spike"] }), spy.SPYValueError, /`(filename|dataclass)`/);
    expect(await spy.load(path.join(dir, "analog.analog"), { dataclass: ["spectral", "analog"] })).toBeInstanceOf(spy.AnalogData);
    // Syncopy: an unknown dataclass is a SPYValueError
    await fails(() => spy.load(dir, { dataclass: "invalid" }), spy.SPYValueError, /`dataclass`/);
    await fails(() => spy.load(dir, { dataclass: ["invalid", "stillinvalid"] }), spy.SPYValueError, /`dataclass`/);
    await fails(() => spy.load(dir, { dataclass: 3 as never }), spy.SPYTypeError, /`dataclass`/);
    // a changed file fails its checksum (Syncopy: SPYValueError; spyts: SPYIOError, see above)
    const bytes = fs.readFileSync(path.join(dir, "events.event"));
    bytes[bytes.length - 1] ^= 0x01;
    fs.writeFileSync(path.join(dir, "events.event"), bytes);
    await fails(() => spy.load(dir, { dataclass: "event" }), spy.SPYIOError, /checksum/);
  });

  test.each(["analog", "spike", "events"])("%s.spy from Syncopy, saved by spyts and loaded: data, trialdefinition, labels, cfg, info and log kept", async (name) => {
    const m = manifest(`syncopy/${name}.json`);
    const obj = await spy.load(path.join(FIX, "syncopy", name + ".spy"));
    const dir = await spy.save(obj, path.join(tmp, `resaved_${name}`));
    const back = await spy.load(dir);
    expect(back.className).toBe(m.dataclass);
    expect(back.samplerate).toBe(m.samplerate);
    expect(back.trialdefinition).toEqual(m.trialdefinition);  // trialinfo columns included
    for (const dim of ["channel", "unit"]) if (m[dim]) expect((back as unknown as Record<string, string[]>)[dim]).toEqual(m[dim]);
    for (const [k, v] of Object.entries(m.cfg ?? {})) expect(back.cfg[k]).toEqual(v);
    expect(back.info).toEqual(m.info ?? {});
    for (const line of m.log_check) expect(ws(back.log)).toContain(ws(line));
    m.trials.forEach((t: { first: number; last: number; sum: number }, k: number) => {
      const x = back.trials.get(k);
      expect(x.data[0]).toBe(t.first);
      expect(x.data[x.data.length - 1]).toBe(t.last);
      expect(Array.from(x.data).reduce((p, q) => p + q, 0)).toBeCloseTo(t.sum, 6);
    });
  });
});

// ---- test_nwb -------------------------------------------------------------------------------

/** Syncopy's `list(load_nwb(path).values())`. */
async function loadAll(file: string): Promise<spy.BaseData[]> {
  return Object.values(await spy.load_nwb(file));
}

describe("test_nwb.TestNWBImporter", () => {
  test("test_load_nwb_analog (on events_ttl.nwb): EventData + AnalogData, then select, filter, downsample, spectrum, save/load", async () => {
    const m = manifest("nwb/events_ttl.json");
    const ts = m.timeseries[0];
    const out = await spy.load_nwb(path.join(FIX, "nwb/events_ttl.nwb"), { memuse: 2000 });
    const edata = out[m.events[0].name], adata2 = out[ts.name] as spy.AnalogData;
    expect(Object.keys(out).sort()).toEqual([ts.name, m.events[0].name].sort());
    expect(adata2).toBeInstanceOf(spy.AnalogData);
    expect(edata).toBeInstanceOf(spy.EventData);
    // the manifest's ground truth: rate, labels (electrodes' locations), one trial, physical values
    expect(adata2.samplerate).toBe(ts.rate);
    expect(adata2.channel).toEqual(ts.channel_labels);
    expect(adata2.trialdefinition).toEqual(ts.expect.trialdefinition);
    const raw = adata2.trials.get(0);
    const nCh = ts.expect.n_channels;
    expect(raw.shape).toEqual([ts.expect.trials[0].n_samples, nCh]);
    const phys = (v: number) => v * ts.conversion + ts.offset;
    for (let c = 0; c < nCh; c++) {
      // int16 data load as float32 (src/io/nwbScaling.ts: computed in float64, rounded once)
      expect(raw.data[c]).toBe(Math.fround(phys(ts.expect.trials[0].first_row[c])));
      expect(raw.data[raw.data.length - nCh + c]).toBe(Math.fround(phys(ts.expect.trials[0].last_row[c])));
    }
    // Syncopy: np.any(~np.isnan(adata2.data)), np.any(adata2.data != 0)
    expect(Array.from(raw.data).some((v) => !Number.isNaN(v))).toBe(true);
    expect(Array.from(raw.data).some((v) => v !== 0)).toBe(true);

    // Syncopy selects latency [30, 32] of its 60-s file; this file has 4 s: [1, 3] (both ends included)
    const snippet = await spy.selectdata(adata2, { latency: [1, 3] });
    const sn = snippet.trials.get(0);
    expect(sn.shape).toEqual([60001, nCh]);
    expect(Array.from(sn.data.subarray(0, nCh))).toEqual(Array.from(raw.data.subarray(30000 * nCh, 30001 * nCh)));
    expect(Array.from(sn.data.subarray(-nCh))).toEqual(Array.from(raw.data.subarray(90000 * nCh, 90001 * nCh)));

    // Bandpass filter, downsample (every 15th sample: 30 kHz -> 2 kHz, no lpfreq given)
    const bp = await spy.preprocessing(snippet, { filter_class: "but", freq: [10, 100], filter_type: "bp", order: 8 });
    const lfp = await spy.resampledata(bp, { resamplefs: 2000, method: "downsample" });
    expect(lfp.samplerate).toBe(2000);
    const b0 = bp.trials.get(0), l0 = lfp.trials.get(0);
    expect(l0.shape).toEqual([4001, nCh]);  // ceil(60001 / 15)
    for (const k of [0, 1, 2000, 4000]) {
      expect(Array.from(l0.data.subarray(k * nCh, (k + 1) * nCh))).toEqual(Array.from(b0.data.subarray(15 * k * nCh, (15 * k + 1) * nCh)));
    }
    lfp.info = adata2.info;
    const spec = await spy.freqanalysis(lfp, { foilim: [5, 150] });
    expect(spec).toBeInstanceOf(spy.SpectralData);
    expect(spec.freq[0]).toBeGreaterThanOrEqual(5);
    expect(spec.freq[spec.freq.length - 1]).toBeLessThanOrEqual(150);

    // test save and load
    const spyFilename = path.join(tmp, "events_ttl.spy");
    await lfp.save(spyFilename);
    const lfp2 = await spy.load(spyFilename);
    expectSameValues(stacked(lfp2), stacked(lfp));
    expect(lfp2.info).toEqual(adata2.info);
  });
});

describe("test_nwb.TestNWBExporter", () => {
  const expectAnalogBack = (back: spy.BaseData[], orig: spy.AnalogData, nTrials: number, at = 0) => {
    const r = back[at] as spy.AnalogData;
    expect(r).toBeInstanceOf(spy.AnalogData);
    expect(r.channel.length).toBe(orig.channel.length);
    expect(r.trials.length).toBe(nTrials);
    expect(r.channel).toEqual(orig.channel);
    expectSameValues(stacked(r), stacked(orig));  // np.allclose(adata.data, adata_reread.data): float64 written, so exact
    return r;
  };

  test.each([64, 1])("test_save_nwb_analog_no_trialdef (%i channels), and test_load_our_exported", async (numChannels) => {
    const adata = spy.synthdata.white_noise({ nTrials: 1, nChannels: numChannels, nSamples: 1000, seed: 1 }) as spy.AnalogData;
    expect(adata).toBeInstanceOf(spy.AnalogData);
    expect(adata.channel.length).toBe(numChannels);
    const outpath = path.join(tmp, `test_save_analog2nwb0_${numChannels}chan.nwb`);
    await adata.save_nwb({ outpath, with_trialdefinition: false });
    const back = await loadAll(outpath);
    expect(back.length).toBe(1);
    const r = expectAnalogBack(back, adata, 1);
    // test_load_our_exported: 64 channels, data of shape (1000, 64)
    expect(r.trials.get(0).shape).toEqual([1000, numChannels]);
  });

  test.each([true, false])("test_save_nwb_analog_with_trialdef (is_raw %s: raw, or as LFP)", async (isRaw) => {
    const adata = spy.synthdata.white_noise({ nTrials: 5, nChannels: 64, nSamples: 1000, seed: 2 }) as spy.AnalogData;
    expect(adata.trials.length).toBe(5);
    const outpath = path.join(tmp, `test_save_analog2nwb_${isRaw}.nwb`);
    await (isRaw ? adata.save_nwb({ outpath }) : adata.save_nwb({ outpath, is_raw: false }));
    const back = await loadAll(outpath);
    expect(back.length).toBe(1);
    const r = expectAnalogBack(back, adata, 5);
    expect(r.trialdefinition).toEqual(adata.trialdefinition);
    expect(r.info.nwb_path).toBe(isRaw ? "/acquisition/ElectricalSeries" : "/processing/ecephys/LFP/ElectricalSeries");
  });

  test("test_save_nwb_analog_2: two AnalogData in one file (raw with trials, then an LFP into it)", async () => {
    const adata = spy.synthdata.white_noise({ nTrials: 5, nChannels: 64, nSamples: 1000, seed: 3 }) as spy.AnalogData;
    const adata2 = spy.synthdata.white_noise({ nTrials: 5, nChannels: 64, nSamples: 1000, seed: 4 }) as spy.AnalogData;
    const outpath = path.join(tmp, "test_save_analog2nwb2.nwb");
    const nwbfile = await adata.save_nwb({ outpath, is_raw: true });
    await adata2.save_nwb({ outpath, nwbfile, with_trialdefinition: false, is_raw: false });
    const objs = await spy.load_nwb(outpath);
    expect(Object.keys(objs).length).toBe(2);
    // Syncopy finds them by position; spyts keys them by path
    const raw = objs["acquisition/ElectricalSeries"] as spy.AnalogData;
    const lfp = objs["processing/ecephys/LFP/ElectricalSeries"] as spy.AnalogData;
    expectAnalogBack([raw], adata, 5);
    expect(lfp).toBeInstanceOf(spy.AnalogData);
    expectSameValues(stacked(lfp), stacked(adata2));
  });

  test("test_save_nwb_timelock_with_trialdef: TimeLockData comes back as AnalogData", async () => {
    const adata = spy.synthdata.white_noise({ nTrials: 5, nChannels: 64, nSamples: 1000, seed: 5 }) as spy.AnalogData;
    const all = stacked(adata);
    const tldata = new spy.TimeLockData({
      data: { data: all, shape: [5000, 64], dtype: "float64" }, samplerate: adata.samplerate,
      channel: adata.channel, trialdefinition: adata.trialdefinition,
    });
    expect(tldata.channel.length).toBe(64);
    expect(tldata.trials.length).toBe(5);
    // (Syncopy's test saves adata here, by mistake; the TimeLockData is what it means to save)
    const outpath = path.join(tmp, "test_save_timelock2nwb.nwb");
    await tldata.save_nwb({ outpath });
    const back = await loadAll(outpath);
    expect(back.length).toBe(1);
    expectAnalogBack(back, adata, 5);
  });

  test("test_save_nwb_spikedata: units back as SpikeData with the trials, samplerate and every spike's sample and unit", async () => {
    const nTrials = 10, samplerate = 10_000;
    const spdata = spy.synthdata.poisson_noise({ nTrials, nSpikes: 20_000, samplerate, nChannels: 3, nUnits: 5, seed: 6 });
    expect(spdata).toBeInstanceOf(spy.SpikeData);
    const outpath = path.join(tmp, "test_save_spike2nwb.nwb");
    await spdata.save_nwb({ outpath });
    const back = await loadAll(outpath);
    expect(back.length).toBe(1);
    const r = back[0] as spy.SpikeData;
    expect(r).toBeInstanceOf(spy.SpikeData);
    expect(r.trials.length).toBe(nTrials);
    expect(r.samplerate).toBe(samplerate);
    expect(r.column("sample").length).toBe(spdata.column("sample").length);  // data.shape[0]
    expectSameValues(r.column("sample"), spdata.column("sample"));
    // each spike keeps its unit (NWB's ragged spike_times per unit; Syncopy's load_nwb mispairs them)
    // (rows of equal sample are ordered by unit in both: compare the sorted (sample, unit) pairs)
    const pairs = (s: spy.SpikeData) => { const u = s.column("unit"); return Float64Array.from(Array.from(s.column("sample"), (x, i) => x * 16 + u[i]).sort((p, q) => p - q)); };
    expectSameValues(pairs(r), pairs(spdata));
    expect(r.trialdefinition.map((row) => row.slice(0, 2))).toEqual(spdata.trialdefinition.map((row) => row.slice(0, 2)));
    // Syncopy gets 1 channel back (its writer drops the channel: shared/interop README, quirk 9).
    // spyts' writer keeps one channel per unit, the channel of the unit's first spike
    // (src/io/nwbWrite.ts): every spike gets its unit's first channel.
    const firstChannel = new Map<number, number>();
    const ch = spdata.column("channel");
    spdata.column("unit").forEach((u, i) => { if (!firstChannel.has(u)) firstChannel.set(u, ch[i]); });
    expectSameValues(r.column("channel"), Array.from(r.column("unit"), (u) => firstChannel.get(u)!));
  });

  test("a SpikeData whose units each live on one channel: sample, channel and unit all come back", async () => {
    const rows = [[3, 2, 0], [5, 0, 1], [8, 2, 0], [13, 1, 2], [21, 0, 1], [34, 1, 2]];
    const sp = new spy.SpikeData({ data: rows, samplerate: 1000, trialdefinition: [[0, 20, 0], [20, 40, -5]] });
    const outpath = await sp.save_nwb(path.join(tmp, "units_one_channel.nwb"));
    const r = (await spy.load_nwb(outpath)).units as spy.SpikeData;
    expect(columns(r)).toEqual([0, 1, 2].map((c) => rows.map((x) => x[c])));
    expect(r.trialdefinition).toEqual(sp.trialdefinition);
  });
});

// ---- test_attach_dataset ----------------------------------------------------------------------

/** Syncopy's get_spike_data(): poisson_noise(10 trials, 3 units, 2 channels, 10 000 spikes, 10 kHz). */
const spikeData = () => spy.synthdata.poisson_noise({ nTrials: 10, nUnits: 3, nChannels: 2, nSpikes: 10_000, samplerate: 10_000, seed: 42 });
const zeros33 = (add = 0): spy.NDArray => ({ data: new Float64Array(9).fill(add), shape: [3, 3], dtype: "float64" });
const valuesOf = (a: spy.NDArray | undefined) => (a === undefined ? undefined : { shape: a.shape, dtype: a.dtype, data: Array.from(a.data) });

describe("test_attach_dataset.TestAttachDataset", () => {
  test("test_attach_to_spikedata, test_attach_and_update", () => {
    const spkd = spikeData();
    expect(spkd).toBeInstanceOf(spy.SpikeData);
    spkd.setDataset("dset_mean", zeros33());
    expect(spkd.datasetNames()).toContain("dset_mean");
    expect(valuesOf(spkd.dataset("dset_mean"))).toEqual(valuesOf(zeros33()));
    spkd.setDataset("dset_mean", zeros33(2));
    expect(valuesOf(spkd.dataset("dset_mean"))).toEqual(valuesOf(zeros33(2)));
  });

  // The SpikeData cases of the next two tests failed when this port was written:
  // DiscreteData.copy() (src/data/discrete.ts) and saveDiscrete / loadDiscrete
  // (src/data/discreteio.ts) carried only `waveform`, so another extra dataset was silently
  // dropped by copy() and by save/load, as AnalogData's never was (src/data/save.ts, io.ts).
  const attachSubjects: [string, () => spy.BaseData][] = [
    ["SpikeData", spikeData],
    // Syncopy's _get_fooof_signal: 100 trials x 1000 samples x 1 channel (its values do not matter here)
    ["AnalogData", () => spy.synthdata.white_noise({ nTrials: 100, nChannels: 1, nSamples: 1000, seed: 8 }) as spy.AnalogData],
  ];

  test.each(attachSubjects)("test_copy, test_comparison_with_and_without_extra_dset, test_with_analog_data (%s): a copy carries the dataset in its own file", (_, makeData) => {
    const d = makeData();
    const before = d.copy();
    d.setDataset("dset_mean", zeros33());
    // the copy made before attaching has no dataset (Syncopy: spkd1 != spkd2)
    expect(before.datasetNames()).not.toContain("dset_mean");
    const after = d.copy();
    expect(valuesOf(after.dataset("dset_mean"))).toEqual(valuesOf(zeros33()));
    expect(after.storage!.path).not.toBe(d.storage!.path);   // spkd1._data.file != spkd2._data.file
    // update, on the original only
    d.setDataset("dset_mean", zeros33(2));
    expect(valuesOf(d.dataset("dset_mean"))).toEqual(valuesOf(zeros33(2)));
    expect(valuesOf(after.dataset("dset_mean"))).toEqual(valuesOf(zeros33()));
  });

  test("test_run_psth_with_attached_dset: the computation ignores it, the result does not carry it", async () => {
    const spkd = spikeData();
    spkd.setDataset("dset_mean", zeros33());
    const cfg = { binsize: 0.3, latency: [-0.5, 1.5] };
    const counts = await spy.spike_psth(spkd, cfg, { keeptrials: true });
    const t = counts.time[0];
    for (let i = 1; i < t.length; i++) expect(t[i] - t[i - 1]).toBeCloseTo(cfg.binsize, 12);
    expect(spkd.datasetNames()).toContain("dset_mean");
    expect(counts.datasetNames()).not.toContain("dset_mean");
  });

  test.each(attachSubjects)("test_save_load_unregister (save/load part, %s): the dataset comes back from the container", async (name, makeData) => {
    const d = makeData();
    const extra = { data: Float64Array.from({ length: 12 }, (_, i) => i / 4), shape: [3, 4], dtype: "float64" as const };
    d.setDataset("dset_mean", extra);
    const back = await spy.load(await spy.save(d, path.join(tmp, `attached_${name}`)));
    expect(valuesOf(back.dataset("dset_mean"))).toEqual(valuesOf(extra));
  });
});
