/**
 * Containers saved by the real Syncopy (master a86199ac; test/fixtures/interop/syncopy, copied
 * from shared/interop with their manifests as ground truth).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadSyncopyContainer, isSyncopyContainer } from "../../src/io/syncopyContainer";
import { SPYIOError } from "../../src/core/errors";
import type { BaseData } from "../../src/data/base";
import { SpikeData } from "../../src/data/spike";
import { EventData } from "../../src/data/event";

const FIX = path.join(__dirname, "../fixtures/interop/syncopy");
const manifest = (n: string) => JSON.parse(fs.readFileSync(path.join(FIX, n + ".json"), "utf8"));
const ws = (s: string) => s.replace(/\s+/g, " ").trim();

function checkCommon(obj: BaseData, m: Record<string, any>): void {
  expect(obj.className).toBe(m.dataclass);
  expect(obj.dimord).toEqual(m.dimord);
  expect(obj.samplerate).toBe(m.samplerate);
  expect(obj.trialdefinition).toEqual(m.trialdefinition);
  expect(obj.nTrials).toBe(m.n_trials);
  for (const [k, v] of Object.entries(m.cfg ?? {})) expect(obj.cfg[k]).toEqual(v);
  for (const line of m.log_check) expect(ws(obj.log)).toContain(ws(line));
}

function checkTrials(obj: BaseData, m: Record<string, any>): void {
  expect(m.trials.length).toBe(obj.nTrials);
  m.trials.forEach((t: { shape: number[]; first: number; last: number; sum: number; sum_abs: number }, k: number) => {
    const x = obj.trials.get(k);
    expect(x.shape.filter((n) => n !== 1)).toEqual(t.shape.filter((n) => n !== 1));
    expect(x.data[0]).toBe(t.first);
    expect(x.data[x.data.length - 1]).toBe(t.last);
    let s = 0, sa = 0;
    for (const v of x.data) { s += v; sa += Math.abs(v); }
    expect(s).toBeCloseTo(t.sum, 6);
    expect(sa).toBeCloseTo(t.sum_abs, 6);
  });
}

test.each(["analog", "spectral_pow"])("%s.spy: class, axes, trials, cfg and log as Syncopy saved them", async (name) => {
  const m = manifest(name);
  expect(isSyncopyContainer(path.join(FIX, `${name}.spy`))).toBe(true);
  const obj = await loadSyncopyContainer(path.join(FIX, `${name}.spy`));
  checkCommon(obj, m);
  for (const dim of obj.dimord.slice(1)) if (m[dim]) expect(Array.from(obj.axisValues(dim) as ArrayLike<unknown>)).toEqual(m[dim]);
  checkTrials(obj, m);
});

test("spike.spy: rows, channel and unit labels, per-unit counts", async () => {
  const m = manifest("spike");
  const s = await loadSyncopyContainer(path.join(FIX, "spike.spy")) as SpikeData;
  checkCommon(s, m);
  expect(s.channel).toEqual(m.channel);
  expect(s.unit).toEqual(m.unit);
  const sample = s.column("sample"), unit = s.column("unit");
  for (const [u, st] of Object.entries(m.per_unit) as [string, { count: number; sum_samples: number }][]) {
    const mine = Array.from(sample).filter((_, i) => unit[i] === Number(u));
    expect(mine.length).toBe(st.count);
    expect(mine.reduce((p, q) => p + q, 0)).toBe(st.sum_samples);
  }
  checkTrials(s, m);
});

test("events.spy: EventData rows and trials", async () => {
  const m = manifest("events");
  const e = await loadSyncopyContainer(path.join(FIX, "events.spy")) as EventData;
  expect(e).toBeInstanceOf(EventData);
  checkCommon(e, m);
  checkTrials(e, m);
});

test("a .info whose data_shape disagrees with the dataset, or a changed file, is an SPYIOError naming the file", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-syncopy-"));
  try {
    const dir = path.join(tmp, "analog.spy");
    fs.cpSync(path.join(FIX, "analog.spy"), dir, { recursive: true });
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
    const infoFile = path.join(dir, "analog.analog.info");
    const info = JSON.parse(fs.readFileSync(infoFile, "utf8"));
    fs.writeFileSync(infoFile, JSON.stringify({ ...info, data_shape: [2550, 4] }));
    await expect(loadSyncopyContainer(dir)).rejects.toThrow(/analog\.analog: its 'data' has shape \[2550, 3\], but analog\.analog\.info says data_shape \[2550,4\]/);
    fs.writeFileSync(infoFile, JSON.stringify({ ...info, file_checksum: "0".repeat(40) }));
    await expect(loadSyncopyContainer(dir)).rejects.toThrow(/sha1 checksum .* differs/);
    await expect(loadSyncopyContainer(dir, { checksum: false })).resolves.toBeTruthy();
    fs.rmSync(infoFile);
    await expect(loadSyncopyContainer(dir)).rejects.toThrow(SPYIOError);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
