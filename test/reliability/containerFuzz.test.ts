/**
 * Container mutation fuzzing (issue 21, "Verify"): a saved container is mutated — bytes of its
 * Arrow file, bytes or values of its JSON sidecar, values of the `spyts` schema metadata — and
 * `load` + reading every trial and dataset must either give the original data or throw a SPY
 * error: never another exception, never a silently different result, each case within 2 s.
 *
 * Three families:
 * - raw: bytes or fields changed, checksums left as they were: load must refuse (or, for a change
 *   that does not matter, such as `written_at`, give the original data);
 * - sealed bytes: Arrow bytes changed and the sidecar's size and sha256 updated to match (a buggy
 *   writer): the reader's own checks must hold, any successful read is fine, but only SPY errors;
 * - sealed metadata: `spyts` JSON values replaced and re-written with a valid checksum: load
 *   validates as a constructor does; the stored values are unchanged, so a load that succeeds
 *   must read the original trials.
 *
 * Seeded (SPYTS_FUZZ_SEED, default 2105) and bounded: at most 300 runs per family or 2.5 s.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createHash } from "crypto";
import fc from "fast-check";
import * as spy from "../../src";
import { SPYError } from "../../src/core/errors";
import { readContainer, writeContainer } from "../../src/data/storage";

const SEED = Number(process.env.SPYTS_FUZZ_SEED ?? 2105);
const LIMIT_MS = 2500;
const root = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-fuzz-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let base = "";
let original: Buffer[] = [];
let originalExtra: number[] = [];
const NAME = "base.analog";

beforeAll(async () => {
  const trials = [12, 7, 20].map((n, k) => ({ data: Float32Array.from({ length: n * 3 }, (_, i) => k * 1000 + i * 0.5), shape: [n, 3], dtype: "float32" as const }));
  const obj = new spy.AnalogData({ data: trials, samplerate: 200, channel: ["a", "b", "c"] });
  obj.setDataset("extra", { data: Float64Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3], dtype: "float64" });
  obj.info = { subject: "s1" };
  base = await obj.save(path.join(root, "base.spy"));
  original = trials.map((t) => Buffer.from(t.data.buffer));
  originalExtra = [1, 2, 3, 4, 5, 6];
});

let n = 0;
function copyBase(): string {
  const dir = path.join(root, `m${n++}.spy`);
  fs.cpSync(base, dir, { recursive: true });
  return dir;
}

/** The file names inside a copy are the base's: rename to the copy's base name is not needed (load reads any name). */
const dataFile = (dir: string) => path.join(dir, NAME);
const infoFile = (dir: string) => path.join(dir, `${NAME}.info`);

function reseal(dir: string, file: string): void {
  const info = JSON.parse(fs.readFileSync(`${file}.info`, "utf8"));
  const bytes = fs.readFileSync(file);
  info.bytes = bytes.length;
  info.file_checksum = createHash("sha256").update(bytes).digest("hex");
  fs.writeFileSync(`${file}.info`, JSON.stringify(info));
}

type Outcome = { kind: "error" } | { kind: "same" } | { kind: "different" };

/** load + every trial + every dataset; non-SPY exceptions and slow runs fail the property. */
async function attempt(dir: string): Promise<Outcome> {
  const t0 = Date.now();
  try {
    const obj = await spy.load(dir);
    let same = true;
    for (let k = 0; k < obj.nTrials; k++) {
      const t = obj.trials.get(k);
      const b = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      if (k >= original.length || !b.equals(original[k])) same = false;
    }
    if (obj.nTrials !== original.length) same = false;
    const extra = obj.dataset("extra");
    if (!extra || Array.from(extra.data as Float64Array).join() !== originalExtra.join()) same = false;
    return { kind: same ? "same" : "different" };
  } catch (e) {
    if (!(e instanceof SPYError)) throw new Error(`not a SPY error: ${(e as Error)?.stack ?? e}`);
    return { kind: "error" };
  } finally {
    const ms = Date.now() - t0;
    if (ms > 2000) throw new Error(`load + reading took ${ms} ms`);
  }
}

const byteEdits = fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 });
const fileEdit = fc.oneof(
  fc.record({ op: fc.constant("bytes" as const), edits: byteEdits }),
  fc.record({ op: fc.constant("truncate" as const), keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant("append" as const), extra: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
);

function applyEdit(file: string, edit: fc.Arbitrary<unknown> extends never ? never : { op: string; edits?: { at: number; value: number }[]; keep?: number; extra?: Uint8Array }): void {
  let b = fs.readFileSync(file);
  if (edit.op === "bytes") {
    b = Buffer.from(b);
    for (const e of edit.edits!) b[e.at % b.length] = e.value;
  } else if (edit.op === "truncate") {
    b = b.subarray(0, Math.floor(edit.keep! * b.length));
  } else {
    b = Buffer.concat([b, Buffer.from(edit.extra!)]);
  }
  fs.writeFileSync(file, b);
}

const runs = { numRuns: 300, seed: SEED, interruptAfterTimeLimit: LIMIT_MS, markInterruptAsFailure: false };

describe(`container mutations (seed ${SEED})`, () => {
  test("raw mutations of the Arrow file or the sidecar: refused, or the original data", async () => {
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(fc.constantFrom("arrow", "info", "info-json"), fileEdit, fc.jsonValue(), fc.constantFrom("file", "bytes", "nTrials", "file_checksum", "checksum_algorithm", "written_at", "dataclass"), async (target, edit, value, key) => {
      const dir = copyBase();
      if (target === "arrow") applyEdit(dataFile(dir), edit);
      else if (target === "info") applyEdit(infoFile(dir), edit);
      else {
        const info = JSON.parse(fs.readFileSync(infoFile(dir), "utf8"));
        info[key] = value;
        fs.writeFileSync(infoFile(dir), JSON.stringify(info));
      }
      const out = await attempt(dir);
      seen.add(out.kind);
      fs.rmSync(dir, { recursive: true, force: true });
      return out.kind !== "different";
    }), runs);
    expect(seen.has("error")).toBe(true);
  }, 30_000);

  test("Arrow bytes changed and re-sealed: only SPY errors, whatever the reader meets", async () => {
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(fileEdit, async (edit) => {
      const dir = copyBase();
      applyEdit(dataFile(dir), edit);
      reseal(dir, dataFile(dir));
      seen.add((await attempt(dir)).kind);
      fs.rmSync(dir, { recursive: true, force: true });
    }), runs);
    expect(seen.has("error")).toBe(true);
  }, 30_000);

  test("schema metadata values replaced and re-sealed: refused, or the original trials", async () => {
    const { entries } = readContainer(base);
    const main = entries.find((e) => e.name === NAME)!;
    const props = JSON.parse(main.reader.metadata.spyts);
    for (const e of entries) e.reader.close();
    const keys = [...Object.keys(props), "extra_key"];
    const numeric = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 1e308, Number.MIN_VALUE));
    const value = fc.oneof(fc.jsonValue(), numeric, fc.array(fc.array(numeric, { maxLength: 4 }), { maxLength: 4 }), fc.constant(undefined));
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...keys), value), { minLength: 1, maxLength: 3 }), async (changes) => {
      const p = JSON.parse(JSON.stringify(props));
      for (const [k, v] of changes) {
        if (v === undefined) delete p[k];
        else p[k] = v;
      }
      const dir = copyBase();
      const { entries: es } = readContainer(dir);
      const m = es.find((e) => e.name === NAME)!;
      const rest = es.filter((e) => e !== m);
      writeContainer(dir, [{ name: NAME, source: m.reader, metadata: { spyts: JSON.stringify(p) } },
        ...rest.map((e) => ({ name: e.name, source: e.reader, metadata: { ...e.reader.metadata } }))], {}, { overwrite: true });
      for (const e of es) e.reader.close();
      const out = await attempt(dir);
      seen.add(out.kind);
      fs.rmSync(dir, { recursive: true, force: true });
      return out.kind !== "different";
    }), runs);
    expect(seen.has("error")).toBe(true);
  }, 30_000);
});
