/**
 * spy.load of Syncopy's `.crossspectral` and `.timelock` containers. The fixtures
 * (test/fixtures/interop/made/{crossspectral,timelock}.spy) were written by h5py after Syncopy's
 * writer (make_syncopy_cross_timelock.py), NOT by Syncopy; syncopy_cross_timelock.json is their
 * ground truth.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { load } from "../../src/data/io";
import "../../src/io/syncopyContainer";
import { SPYIOError } from "../../src/core/errors";
import type { BaseData } from "../../src/data/base";
import { CrossSpectralData } from "../../src/data/crossspectral";
import { TimeLockData } from "../../src/data/timelock";

const MADE = path.join(__dirname, "../fixtures/interop/made");
const truth = JSON.parse(fs.readFileSync(path.join(MADE, "syncopy_cross_timelock.json"), "utf8"));

type Stats = { shape: number[]; first: number; last: number; sum: number; sum_abs: number };
function checkStats(x: { data: ArrayLike<number>; shape: number[] }, t: Stats): void {
  expect(x.shape).toEqual(t.shape);
  expect(x.data[0]).toBe(t.first);
  expect(x.data[x.data.length - 1]).toBe(t.last);
  let s = 0, sa = 0;
  for (let i = 0; i < x.data.length; i++) { s += x.data[i]; sa += Math.abs(x.data[i]); }
  expect(s).toBeCloseTo(t.sum, 6);
  expect(sa).toBeCloseTo(t.sum_abs, 6);
}

/** A copy of a fixture container in a temporary folder (writable), removed after `use`. */
async function withCopy(name: string, use: (dir: string) => Promise<void>): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-syncopy-"));
  try {
    const dir = path.join(tmp, name);
    fs.cpSync(path.join(MADE, name), dir, { recursive: true });
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
    await use(dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

test("crossspectral.spy: values, dimord, freq, channel_i/channel_j, trialdefinition, cfg and log", async () => {
  const m = truth.crossspectral;
  const c = await load<CrossSpectralData>(path.join(MADE, "crossspectral.spy"));
  expect(c).toBeInstanceOf(CrossSpectralData);
  expect(c.dimord).toEqual(m.dimord);
  expect(c.samplerate).toBe(m.samplerate);
  expect(Array.from(c.axisValues("freq") as ArrayLike<number>)).toEqual(m.freq);
  expect(c.channel_i).toEqual(m.channel_i);
  expect(c.channel_j).toEqual(m.channel_j);
  expect(c.trialdefinition).toEqual(m.trialdefinition);
  expect(c.nTrials).toBe(m.n_trials);
  const x = c.trials.get(0);
  checkStats(x, m.trials[0]);
  // [time 0, freq index 2, channel_i 0, channel_j 1] in C order over [1, 9, 3, 3]
  expect(x.data[2 * 9 + 0 * 3 + 1]).toBe(m.value_f4_ch1_ch2);
  expect(c.cfg).toEqual(m.cfg);
  expect(c.log).toContain("created CrossSpectralData object");
});

test("crossspectral.spy: a .info data_shape that disagrees with the dataset is an SPYIOError naming the file", async () => {
  await withCopy("crossspectral.spy", async (dir) => {
    const infoFile = path.join(dir, "crossspectral.crossspectral.info");
    const info = JSON.parse(fs.readFileSync(infoFile, "utf8"));
    fs.writeFileSync(infoFile, JSON.stringify({ ...info, data_shape: [1, 9, 3, 4] }));
    const p = load(dir);
    await expect(p).rejects.toThrow(SPYIOError);
    await expect(load(dir)).rejects.toThrow(/crossspectral\.crossspectral: its 'data' has shape \[1, 9, 3, 3\], but crossspectral\.crossspectral\.info says data_shape \[1,9,3,4\]/);
  });
});

test("timelock.spy as Syncopy writes it: .info data_shape/data_dtype describe the last dataset written (cov)", () => {
  // the fixture reproduces this property of Syncopy's save(); the reader has to live with it
  expect(truth.timelock.info_data_shape).toEqual(truth.timelock.cov.shape);
  expect(truth.timelock.info_data_shape).not.toEqual(truth.timelock.data_shape);
});

/** The TimeLockData checks once the container loads. */
function checkTimelock(t: BaseData): void {
  const m = truth.timelock;
  expect(t).toBeInstanceOf(TimeLockData);
  expect(t.dimord).toEqual(m.dimord);
  expect(t.samplerate).toBe(m.samplerate);
  expect((t as TimeLockData).channel).toEqual(m.channel);
  expect(t.trialdefinition).toEqual(m.trialdefinition);
  expect(t.nTrials).toBe(m.n_trials);
  m.trials.forEach((s: Stats, k: number) => checkStats(t.trials.get(k), s));
  for (const name of ["avg", "var", "cov"]) checkStats(t.dataset(name)!, m[name]);
  expect(t.cfg).toEqual(m.cfg);
}

// Syncopy's save() writes data_shape/data_dtype of the last dataset it wrote ('cov' for a
// TimeLockData): the reader accepts a JSON describing 'data' or the last dataset listed in
// _hdfFileDatasetProperties.
test("timelock.spy: values, avg/var/cov, trialdefinition with trialinfo, as Syncopy wrote it", async () => {
  checkTimelock(await load(path.join(MADE, "timelock.spy")));
});

test("timelock.spy with data_shape/data_dtype of 'data' in its .info: values, avg/var/cov, trialdefinition", async () => {
  await withCopy("timelock.spy", async (dir) => {
    const infoFile = path.join(dir, "timelock.timelock.info");
    const info = JSON.parse(fs.readFileSync(infoFile, "utf8"));
    fs.writeFileSync(infoFile, JSON.stringify({ ...info, data_shape: truth.timelock.data_shape, data_dtype: truth.timelock.data_dtype }));
    checkTimelock(await load(dir));
    fs.writeFileSync(infoFile, JSON.stringify({ ...info, data_shape: [199, 3] }));
    await expect(load(dir)).rejects.toThrow(/timelock\.timelock: its 'data' has shape \[200, 3\], but timelock\.timelock\.info says data_shape \[199,3\]/);
  });
});

test("csd.spy: a complex64 CrossSpectralData (h5py's {r, i} compound) loads as complex64 with its values", async () => {
  const m = truth.csd;
  const x = await load(path.join(MADE, "csd.spy"));
  const t = x.trials.get(0);
  expect(t.dtype).toBe("complex64");
  expect(t.shape).toEqual(m.data_shape);
  let sr = 0, si = 0;
  for (let e = 0; e < t.data.length / 2; e++) { sr += t.data[2 * e]; si += t.data[2 * e + 1]; }
  expect(sr).toBeCloseTo(m.real.sum, 4);
  expect(si).toBeCloseTo(m.imag.sum, 4);
  // [0, f=2, ch1, ch3]: element ((2 * 3 + 0) * 3 + 2)
  const e = (2 * 3 + 0) * 3 + 2;
  expect([t.data[2 * e], t.data[2 * e + 1]]).toEqual(m.value_f2_ch1_ch3.map(Math.fround));
});
