/**
 * Crash safety (issue 21): a child process saves a container (first save; overwrite of an existing
 * one) or runs a batch disk run, and is SIGKILLed just before its k-th file-system call that
 * changes something, for every k = 1..N (crashChild.ts counts the calls; N comes from a run
 * without kill). After each kill the path must hold the old result or the new one, complete, and
 * nothing else; the next load / cleanup removes the leftovers.
 *
 * The child is bundled once with esbuild (node_modules left external), so a run costs ~0.4 s.
 * On main before this change, the overwrite case fails: a kill between save's two renames leaves
 * no container at the path (load: "container does not exist"), and the batch case fails: a kill
 * between renaming `.partial` and writing the sidecar reads the float32 output as int16.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { SPYError, SPYIOError } from "../../src/core/errors";
import { save } from "../../src/data/io";
import { writeSidecar } from "../../src/batch/sidecar";
import { crashData, crashRecording } from "./crashData";
import { bundleChild, runBundled } from "./bundle";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-crash-"));
const bundle = path.join(root, "child.js");
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
beforeAll(() => bundleChild("crashChild.ts", bundle));

const runChild = (mode: string, dir: string, k: number) => runBundled(bundle, [mode, dir, String(k)]);

/** N: the changing calls of an uninterrupted run (in a scratch copy of the setup). */
async function countCalls(mode: string, setup: (dir: string) => Promise<void>): Promise<number> {
  const dir = fs.mkdtempSync(path.join(root, `${mode}-count-`));
  await setup(dir);
  const r = await runChild(mode, dir, 0);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout.trim()).calls;
}

/** Run kills k = 1..N, two at a time, and check each directory with `check`. */
async function killAtEveryCall(mode: string, setup: (dir: string) => Promise<void>, check: (dir: string, k: number) => Promise<void>): Promise<number> {
  const n = await countCalls(mode, setup);
  expect(n).toBeGreaterThan(10);
  const ks = Array.from({ length: n }, (_, i) => i + 1);
  const worker = async () => {
    for (let k = ks.shift(); k !== undefined; k = ks.shift()) {
      const dir = fs.mkdtempSync(path.join(root, `${mode}-${k}-`));
      await setup(dir);
      const r = await runChild(mode, dir, k);
      if (r.signal !== "SIGKILL") throw new Error(`kill at call ${k} of ${n}: the child ended with ${r.code}/${r.signal}: ${r.stderr}`);
      await check(dir, k);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all([worker(), worker()]);
  return n;
}

function bytes(a: spy.NDArray): Buffer {
  return Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => /\.(tmp|old)-|\.partial$/.test(n));
}

/** "none", "old" or "new": what load gives, checked complete; anything else throws. */
async function loaded(dir: string, k: number, firstSave: boolean): Promise<string> {
  const p = path.join(dir, "x.spy");
  let obj: spy.AnalogData;
  try {
    obj = (await spy.load(p)) as spy.AnalogData;
  } catch (e) {
    if (firstSave && e instanceof SPYIOError && /container does not exist/.test(e.message)) return "none";
    throw new Error(`kill at call ${k}: load failed: ${(e as Error).message}`);
  }
  const which = obj.samplerate === 1000 ? "old" : obj.samplerate === 500 ? "new" : "?";
  if (which === "?") throw new Error(`kill at call ${k}: samplerate ${obj.samplerate}`);
  const want = crashData(which as "old" | "new");
  expect(obj.nTrials).toBe(want.trials.length);
  for (let t = 0; t < want.trials.length; t++) expect(bytes(obj.trials.get(t)).equals(bytes(want.trials[t]))).toBe(true);
  expect(Array.from(obj.dataset("extra")!.data)).toEqual(Array.from(want.extra.data));
  return which;
}

function objectOf(which: "old" | "new"): spy.AnalogData {
  const d = crashData(which);
  const obj = new spy.AnalogData({ data: d.trials, samplerate: d.samplerate });
  obj.setDataset("extra", d.extra);
  return obj;
}

describe("SIGKILL at every file-system call", () => {
  test("first save: the path holds nothing or the new container, complete; no leftovers after load", async () => {
    const seen = new Set<string>();
    await killAtEveryCall("save-first", async () => undefined, async (dir, k) => {
      seen.add(await loaded(dir, k, true));
      expect(leftovers(dir)).toEqual([]);
    });
    expect(seen.has("none")).toBe(true);
  }, 300_000);

  test("overwrite: the path holds the old or the new container, complete; load puts back one moved aside", async () => {
    const seen = new Set<string>();
    const old = objectOf("old");
    await killAtEveryCall("save-over", async (dir) => { await save(old, path.join(dir, "x.spy")); }, async (dir, k) => {
      // killed between the renames: no container at the path, the old one beside it
      const moved = !fs.existsSync(path.join(dir, "x.spy")) && fs.readdirSync(dir).some((n) => n.includes(".old-"));
      const which = await loaded(dir, k, false);
      seen.add(moved ? `${which} (after recovery)` : which);
      expect(leftovers(dir)).toEqual([]);
    });
    expect(seen.has("old")).toBe(true);
    expect(seen.has("new")).toBe(true);
    // some kill fell between the two renames, and load restored the old container
    expect(seen.has("old (after recovery)")).toBe(true);
  }, 300_000);

  test("batch disk run: the output reads as the old or the new result (or says it has no sidecar), never garbage", async () => {
    const rec = crashRecording();
    const recBytes = Buffer.from(rec.buffer);
    const newOut = Float32Array.from(rec, (v) => 0.5 * v);
    const outcomes = new Set<string>();
    const setup = async (dir: string) => {
      fs.writeFileSync(path.join(dir, "rec.bin"), recBytes);
      writeSidecar(path.join(dir, "rec.bin"), { dtype: "int16", n_channels: 3, data_order: "samples" });
      // the old output: the recording copied as int16 by an earlier run
      const bp = new spy.BatchProcessor(path.join(dir, "rec.bin"), { show_progress_bar: false });
      await bp.multi_channel_apply((b) => b, { mode: "disk", output_path: path.join(dir, "out.dat") });
    };
    const n = await killAtEveryCall("batch", setup, async (dir, k) => {
      // the input and its sidecar are never written
      expect(fs.readFileSync(path.join(dir, "rec.bin")).equals(recBytes)).toBe(true);
      expect(fs.readFileSync(path.join(dir, "rec.yaml"), "utf8")).toBe("data_order: samples\ndtype: int16\nn_channels: 3\n");
      const out = path.join(dir, "out.dat");
      const binary = fs.readFileSync(out);
      const isOld = binary.equals(recBytes), isNew = binary.equals(Buffer.from(newOut.buffer));
      expect(isOld || isNew).toBe(true);
      let outcome: string;
      try {
        const r = new spy.RecordingsReader(out);
        const got = r.get();
        if (got.dtype === "int16") expect(Array.from(got.data)).toEqual(Array.from(rec));
        else expect(Array.from(got.data)).toEqual(Array.from(newOut));
        outcome = `${got.dtype} read`;
      } catch (e) {
        if (!(e instanceof SPYError)) throw new Error(`kill at call ${k}: ${(e as Error).stack}`);
        outcome = `${isOld ? "old" : "new"} binary refused: ${/no sidecar/.test(e.message) ? "no sidecar" : e.message}`;
      }
      outcomes.add(outcome);
      // spy.cleanup() removes what the killed run left (its journal names the path); a .partial has
      // no pid in its name and must also be untouched for a minute: age it
      const partial = `${out}.partial`;
      if (fs.existsSync(partial)) fs.utimesSync(partial, new Date(Date.now() - 3600e3), new Date(Date.now() - 3600e3));
      spy.cleanup();
      expect(leftovers(dir)).toEqual([]);
      expect(fs.readdirSync(dir).filter((f) => f.includes(".yaml.tmp-"))).toEqual([]);
    });
    expect(n).toBeGreaterThan(10);
    expect([...outcomes].sort()).toEqual(["float32 read", "int16 read", "new binary refused: no sidecar", "old binary refused: no sidecar"]);
  }, 300_000);
});
