/**
 * spy.load_ft_raw against FieldTrip raw structures in MAT v7.3 files made by
 * test/fixtures/interop/fieldtrip/make_ft.py (h5py following MATLAB's v7.3 layout, not MATLAB);
 * ft_truth.json is the ground truth that script computed from the arrays it wrote.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { load_ft_raw } from "../../src/io/fieldtrip";
import { AnalogData } from "../../src/data/analog";
import { captureWarnings } from "../../src/core/warnings";
import { SPYIOError, SPYTypeError, SPYValueError } from "../../src/core/errors";

const DIR = path.join(__dirname, "../fixtures/interop/fieldtrip");
const truth = JSON.parse(fs.readFileSync(path.join(DIR, "ft_truth.json"), "utf8"));
const TWO = path.join(DIR, "ft_two_raw.mat");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-ft-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Truth { labels: string[]; samplerate: number; trialdefinition: number[][]; trials: number[][][]; sampleinfo?: number[][]; info?: Record<string, unknown> }

/** Every trial equal to the truth's time × channel values, exactly (float64 both ways). */
function expectTrials(a: AnalogData, t: Truth): void {
  expect(a.nTrials).toBe(t.trials.length);
  t.trials.forEach((rows, k) => {
    const x = a.trials.get(k);
    expect(x.shape).toEqual([rows.length, t.labels.length]);
    expect(Array.from(x.data)).toEqual(rows.flat());
  });
}

async function rejects(p: Promise<unknown>, cls: new (...a: never[]) => Error, what: RegExp, file?: string): Promise<void> {
  const e = await p.then(() => null, (x) => x);
  expect(e).toBeInstanceOf(cls);
  expect((e as Error).message).toMatch(what);
  if (file) expect((e as SPYIOError).path).toBe(file);
}

test("list_only: the raw structures, not other variables", async () => {
  expect(await load_ft_raw(TWO, { list_only: true })).toEqual(truth["ft_two_raw.mat"].structures);
  expect(await load_ft_raw(path.join(DIR, "ft_no_raw.mat"), { list_only: true })).toEqual([]);
});

test("two raw structures: values, labels, samplerate, trialdefinition with offsets and trialinfo, float64", async () => {
  const { result: objs, warnings } = await captureWarnings(() => load_ft_raw(TWO));
  expect(warnings).toEqual([]);
  expect(Object.keys(objs).sort()).toEqual(["data_a", "data_b"]);
  const a = objs.data_a, b = objs.data_b;
  const ta: Truth = truth["ft_two_raw.mat"].data_a, tb: Truth = truth["ft_two_raw.mat"].data_b;
  expect(a).toBeInstanceOf(AnalogData);
  expect(a.channel).toEqual(["Fz", "Cz", "Pz"]);
  expect(b.channel).toEqual(tb.labels);
  expect(a.samplerate).toBe(250);
  // data_b has no fsample: FieldTrip's 1 / mean(diff(time{1})), numpy's value to rounding
  expect(b.samplerate).toBeCloseTo(tb.samplerate, 6);
  expect(a.dtype).toBe("float64");
  expect(b.dtype).toBe("float64");
  // unequal trials (50, 37, 61), offsets round(time{k}(1) · fs) = round(-50.3), -25, round(10.2), two trialinfo columns
  expect(a.trialdefinition).toEqual(ta.trialdefinition);
  expect(a.trialdefinition.map((r) => r[2])).toEqual([-50, -25, 10]);
  expect(a.trialinfo).toEqual([[1, 10.5], [2, 20], [1, -3]]);
  expect(b.trialdefinition).toEqual(tb.trialdefinition);
  expectTrials(a, ta);  // 3 channels × 50 samples in MATLAB: HDF5 (50, 3), no transpose needed
  expectTrials(b, tb);
  expect(a.shape).toEqual([148, 3]);
  expect(b.shape).toEqual([53, 5]);
  // the time axis of trial 0 starts at time{1}(1), rounded to samples
  expect(a.time[0][0]).toBeCloseTo(-50 / 250, 12);
  expect(a.info).toEqual({ sampleinfo: ta.sampleinfo });
  expect(b.info).toEqual({});
  expect(a.log).toMatch(/loaded struct `data_a` from MATLAB file version 7\.3/);
  expect(a.log).toContain(TWO);
});

test("include_fields: numbers, text, char matrices, empties, logicals and a nested struct into info", async () => {
  const fields = ["cfg", "chV1", "weights", "subject", "nothing", "grid"];
  const { result: objs, warnings } = await captureWarnings(() => load_ft_raw(TWO, { include_fields: fields }));
  expect(objs.data_a.info).toEqual({ sampleinfo: truth["ft_two_raw.mat"].data_a.sampleinfo, ...truth["ft_two_raw.mat"].data_a.info });
  // data_b has none of them: one warning per field, as in Syncopy
  expect(warnings).toHaveLength(fields.length);
  expect(warnings[0]).toMatch(/could not find the field 'cfg' in the structure 'data_b'/);
});

test("select_structures: only those named; an unknown name is a warning", async () => {
  const { result, warnings } = await captureWarnings(() => load_ft_raw(TWO, { select_structures: ["data_b", "data_c"] }));
  expect(Object.keys(result)).toEqual(["data_b"]);
  expect(warnings).toEqual([expect.stringMatching(/could not find the structure 'data_c'.*it has data_a, data_b/)]);
});

test("mem_use: trials read in blocks of a few rows give the same trials", async () => {
  // 100 bytes: 4 rows of 3 float64 channels per read
  const small = (await load_ft_raw(TWO, { mem_use: 1e-4, select_structures: ["data_a"] })).data_a;
  // stored as ceil(50/4) + ceil(37/4) + ceil(61/4) pieces, the trials windows over them
  expect((small as unknown as { store: { nTrials: number } }).store.nTrials).toBe(13 + 10 + 16);
  expect(small.trialdefinition).toEqual(truth["ft_two_raw.mat"].data_a.trialdefinition);
  expectTrials(small, truth["ft_two_raw.mat"].data_a);
});

test("one channel, one trial: (N, 1) datasets are N samples of one channel", async () => {
  const file = path.join(DIR, "ft_one_channel.mat");
  const t: Truth = truth["ft_one_channel.mat"].eog;
  const e = (await load_ft_raw(file)).eog;
  expect(e.channel).toEqual(["EOG"]);
  expect(e.trialdefinition).toEqual(t.trialdefinition);
  expectTrials(e, t);
});

test("not MAT v7.3: a MAT v5 file, a text file, a missing file, a truncated copy", async () => {
  const v5 = path.join(DIR, "ft_v5.mat");
  expect(fs.readFileSync(v5).subarray(0, 19).toString()).toBe("MATLAB 5.0 MAT-file");
  await rejects(load_ft_raw(v5), SPYIOError, /MAT file of version 5\.0 .*MAT v7\.3 \(save -v7\.3\) required/, v5);
  const text = path.join(tmp, "text.mat");
  fs.writeFileSync(text, "label trial time\n".repeat(50));
  await rejects(load_ft_raw(text), SPYIOError, /not a MAT v7\.3 file \(HDF5\): no HDF5 signature/, text);
  await rejects(load_ft_raw(path.join(tmp, "none.mat")), SPYIOError, /no such file/, path.join(tmp, "none.mat"));
  const whole = fs.readFileSync(TWO);
  const cut = path.join(tmp, "cut.mat");
  fs.writeFileSync(cut, whole.subarray(0, 20000));
  // the superblock's end-of-file address is absolute (it includes the 512-byte user block)
  await rejects(load_ft_raw(cut), SPYIOError, new RegExp(`truncated: .* ends at byte ${whole.length}, but it has 20000 bytes`), cut);
});

test("structures that are not FieldTrip raw data", async () => {
  const none = path.join(DIR, "ft_no_raw.mat");
  await rejects(load_ft_raw(none), SPYIOError, /no FieldTrip raw structure in it .*its structs cfg lack them/, none);
  const broken = path.join(DIR, "ft_broken.mat");
  await rejects(load_ft_raw(broken, { select_structures: ["cfg"] }), SPYIOError, /the structure 'cfg' is not a FieldTrip raw structure: it has no field 'label'/, broken);
});

test("inconsistent raw structures: trial/time counts, channel count, time length", async () => {
  const broken = path.join(DIR, "ft_broken.mat");
  await rejects(load_ft_raw(broken, { select_structures: ["bad_counts"] }), SPYIOError, /'bad_counts' has 2 trials but 1 time vectors/, broken);
  await rejects(load_ft_raw(broken, { select_structures: ["bad_channels"] }), SPYIOError, /'bad_channels': trial\{2\} has 3 channels \(a 3 × 12 matrix\) but label has 2 channels/, broken);
  await rejects(load_ft_raw(broken, { select_structures: ["bad_timelen"] }), SPYIOError, /'bad_timelen': time\{2\} has 11 samples but trial\{2\} has 12/, broken);
  // loading all stops at the first broken one (the cfg struct is skipped with a warning)
  const { result } = await captureWarnings(() => rejects(load_ft_raw(broken), SPYIOError, /'bad_channels'|'bad_counts'|'bad_timelen'/, broken));
  expect(result).toBeUndefined();
});

test("bad keywords", async () => {
  await rejects(load_ft_raw(TWO, { select_structures: [3 as unknown as string] }), SPYTypeError, /select_structures/);
  await rejects(load_ft_raw(TWO, { include_fields: "cfg" as unknown as string[], list_only: "yes" as unknown as boolean }), SPYTypeError, /list_only/);
  await rejects(load_ft_raw(TWO, { mem_use: 0 }), SPYValueError, /mem_use/);
  await rejects(load_ft_raw(TWO, { memuse: 10 } as never), SPYValueError, /memuse/);
});
