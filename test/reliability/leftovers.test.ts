/**
 * Leftovers of crashed writes (issue 21): `spy.cleanup()` and the next run at the same path remove
 * the library's own `*.tmp-<pid>-<hex>` / `*.old-<pid>-<hex>` container folders, `*.partial` batch
 * outputs and `*.yaml.tmp-<pid>` sidecars of writers that are gone, and nothing else: files of a
 * live writer and a user's look-alikes stay. A container moved aside by a save killed between its
 * two renames is put back first. The batch output may not share the input's sidecar ("Inputs
 * changed"). On main before this change none of these leftovers were removed, the moved-aside
 * container made load say "does not exist", and `rec.dat` beside `rec.bin` overwrote `rec.yaml`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { SPYValueError } from "../../src/core/errors";
import { storageDir } from "../../src/data/storage";
import { writeSidecar } from "../../src/batch/sidecar";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-left-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A pid no process has (above the usual pid_max of 2^22). */
const DEAD = 4194303 + 1000;
const LIVE = process.ppid;

function analog(samplerate: number): spy.AnalogData {
  return new spy.AnalogData({ data: [{ data: Float32Array.from({ length: 20 }, (_, i) => i), shape: [10, 2], dtype: "float32" }], samplerate });
}

function folder(p: string): void {
  fs.mkdirSync(p);
  fs.writeFileSync(path.join(p, "x.analog"), "half");
}

test("the next load at a path removes dead writers' tmp/old folders, keeps a live writer's and look-alikes", async () => {
  const dir = fs.mkdtempSync(path.join(root, "c-"));
  const target = await analog(100).save(path.join(dir, "x.spy"));
  const gone = [`x.spy.tmp-${DEAD}-deadbeef`, `x.spy.old-${DEAD}-0badf00d`];
  const kept = [`x.spy.tmp-${LIVE}-deadbeef`, "x.spy.tmp-notes", `x.spy.old-${DEAD}-nothex00`, `y.spy.tmp-${DEAD}-deadbeef`];
  for (const n of [...gone, ...kept]) folder(path.join(dir, n));
  fs.writeFileSync(path.join(dir, `x.spy.old-${DEAD}-abcdef12`), "a user's file, not a folder");
  kept.push(`x.spy.old-${DEAD}-abcdef12`);
  expect((await spy.load(target)).samplerate).toBe(100);
  const left = fs.readdirSync(dir);
  for (const n of gone) expect(left).not.toContain(n);
  for (const n of kept) expect(left).toContain(n);
});

test("a container moved aside by a killed save is put back by load, by save and by spy.cleanup()", async () => {
  for (const how of ["load", "save", "cleanup"] as const) {
    const dir = fs.mkdtempSync(path.join(root, `m-${how}-`));
    const target = await analog(100).save(path.join(dir, "x.spy"));
    const aside = `${target}.old-${DEAD}-12345678`;
    fs.renameSync(target, aside);
    folder(`${target}.tmp-${DEAD}-12345678`);
    // the journal of the dead session that wrote there (what beginWrite records)
    fs.appendFileSync(path.join(storageDir(), `spy_dead.writes`), JSON.stringify({ pid: DEAD, target, files: [] }) + "\n");
    if (how === "load") expect((await spy.load(target)).samplerate).toBe(100);
    if (how === "save") await expect(analog(5).save(target)).rejects.toThrow(/already exists; pass overwrite: true/);
    if (how === "cleanup") expect(spy.cleanup().removed).toContain(`${target}.tmp-${DEAD}-12345678`);
    expect(fs.readdirSync(dir)).toEqual(["x.spy"]);
    expect((await spy.load(target)).samplerate).toBe(100);
  }
});

test("spy.cleanup() removes a dead run's .partial and sidecar tmp at the paths its journal lists, only those", () => {
  const dir = fs.mkdtempSync(path.join(root, "b-"));
  const out = path.join(dir, "out.dat");
  const [partial, sideTmp] = [`${out}.partial`, path.join(dir, `out.yaml.tmp-${DEAD}`)];
  for (const f of [partial, sideTmp]) fs.writeFileSync(f, "x");
  const user = [path.join(dir, "out.dat.partial.bak"), path.join(dir, "other.dat.partial"), path.join(dir, "out.yaml.tmp-notes")];
  for (const f of user) fs.writeFileSync(f, "mine");
  const journal = path.join(storageDir(), "spy_0dea.writes");
  fs.writeFileSync(journal, JSON.stringify({ pid: DEAD, target: out, files: [partial, sideTmp] }) + "\n");
  // the sidecar tmp names its dead writer: removed; a .partial names none and was just written
  // (another run may be writing it now): kept until untouched for a minute
  const first = spy.cleanup();
  expect(first.removed).toContain(sideTmp);
  expect(fs.existsSync(sideTmp)).toBe(false);
  expect(fs.existsSync(partial)).toBe(true);
  expect(fs.existsSync(journal)).toBe(true); // kept while a listed leftover may still go
  fs.utimesSync(partial, new Date(Date.now() - 3600e3), new Date(Date.now() - 3600e3));
  expect(spy.cleanup().removed).toContain(partial);
  expect(fs.existsSync(partial)).toBe(false);
  expect(fs.existsSync(journal)).toBe(false); // all done: a dead session's journal goes
  for (const f of user) expect(fs.existsSync(f)).toBe(true);
});

test("the next batch run at a path removes a stale .partial and dead sidecar tmps; its sidecar records size and fingerprint", async () => {
  const dir = fs.mkdtempSync(path.join(root, "r-"));
  const bin = path.join(dir, "rec.bin");
  fs.writeFileSync(bin, Buffer.from(Int16Array.from({ length: 60 }, (_, i) => i - 30).buffer));
  writeSidecar(bin, { dtype: "int16", n_channels: 3, data_order: "samples" });
  const out = path.join(dir, "out.dat");
  fs.writeFileSync(`${out}.partial`, "stale");
  const old = new Date(Date.now() - 3600e3);
  fs.utimesSync(`${out}.partial`, old, old);
  fs.writeFileSync(path.join(dir, `out.yaml.tmp-${DEAD}`), "stale");
  fs.writeFileSync(path.join(dir, "out.yaml.tmp-notes"), "mine");
  const bp = new spy.BatchProcessor(bin, { show_progress_bar: false });
  await bp.multi_channel_apply((b) => b, { mode: "disk", output_path: out, if_file_exists: "skip" });
  expect(fs.readdirSync(dir).sort()).toEqual(["out.dat", "out.yaml", "out.yaml.tmp-notes", "rec.bin", "rec.yaml"]);
  const yaml = fs.readFileSync(path.join(dir, "out.yaml"), "utf8");
  expect(yaml).toMatch(/^bytes: 120$/m);
  expect(yaml).toMatch(/^fingerprint: sha256-ends64k:[0-9a-f]{64}$/m);
});

test("a sidecar that describes another binary is refused (size, then fingerprint)", () => {
  const dir = fs.mkdtempSync(path.join(root, "p-"));
  const a = path.join(dir, "a.dat");
  fs.writeFileSync(a, Buffer.from(Float32Array.from([1, 2, 3, 4]).buffer));
  writeSidecar(a, { dtype: "float32", n_channels: 2, data_order: "samples" }, { fingerprint: true });
  expect(Array.from(new spy.RecordingsReader(a).get().data)).toEqual([1, 2, 3, 4]);
  // a new int16 binary of another size beside the float32 sidecar (a run killed before its sidecar, in an old spyts)
  fs.writeFileSync(a, Buffer.from(Int16Array.from([1, 2, 3, 4]).buffer));
  expect(() => new spy.RecordingsReader(a)).toThrow(/a\.yaml: does not describe .*a\.dat: it was written for a binary of 16 bytes, .* has 8/);
  // same size, other content
  fs.writeFileSync(a, Buffer.from(Float32Array.from([1, 2, 3, 5]).buffer));
  expect(() => new spy.RecordingsReader(a)).toThrow(/the fingerprints differ/);
});

describe("the batch output may not share the input's sidecar", () => {
  test.each(["rec.dat", "rec", "rec.raw"])("output %s beside rec.bin is refused, rec.yaml untouched", async (name) => {
    const dir = fs.mkdtempSync(path.join(root, "i-"));
    const bin = path.join(dir, "rec.bin");
    fs.writeFileSync(bin, Buffer.from(Int16Array.from({ length: 60 }, (_, i) => i).buffer));
    writeSidecar(bin, { dtype: "int16", n_channels: 3, data_order: "samples" });
    const before = fs.readFileSync(path.join(dir, "rec.yaml"), "utf8");
    const bp = new spy.BatchProcessor(bin, { show_progress_bar: false });
    const err = await bp.multi_channel_apply((b) => ({ ...b, data: Float32Array.from(b.data), dtype: "float32" }), { mode: "disk", output_path: path.join(dir, name) }).then(() => null, (e) => e);
    expect(err).toBeInstanceOf(SPYValueError);
    expect(err.message).toMatch(/output_path.*YAML sidecar is not the input/);
    expect(fs.readFileSync(path.join(dir, "rec.yaml"), "utf8")).toBe(before);
    expect(new spy.RecordingsReader(bin).dtype).toBe("int16");
  });

  test("also when the input has no sidecar yet (explicit parameters)", async () => {
    const dir = fs.mkdtempSync(path.join(root, "j-"));
    const bin = path.join(dir, "rec.bin");
    fs.writeFileSync(bin, Buffer.from(Int16Array.from({ length: 60 }, (_, i) => i).buffer));
    const bp = new spy.BatchProcessor(bin, { dtype: "int16", n_channels: 3, data_order: "samples", show_progress_bar: false });
    await expect(bp.multi_channel_apply((b) => b, { mode: "disk", output_path: path.join(dir, "rec.dat") })).rejects.toThrow(SPYValueError);
    expect(fs.existsSync(path.join(dir, "rec.yaml"))).toBe(false);
  });
});
