import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import { ContainerEntryInput, readContainer, spytsVersion, writeContainer } from "../../src/data/storage/container";
import { sha256File } from "../../src/data/storage/checksum";
import { TrialFileReader } from "../../src/data/storage/reader";
import { TrialFileWriter } from "../../src/data/storage/writer";
import { SPYIOError, SPYValueError } from "../../src/core/errors";
import { DType, NDArray } from "../../src/core/ndarray";
import { bytesOf, makeTmpDir, makeTrial, rmTmpDir } from "./helpers";

let dir: string;
let analog: { file: string; trials: NDArray[] };
let spectral: { file: string; trials: NDArray[] };

function source(file: string, dtype: DType, tail: number[], lengths: number[], fixed?: number) {
  const trials = lengths.map((n, k) => makeTrial(dtype, n, tail, k + 31));
  const w = new TrialFileWriter(file, { dtype, tailShape: tail, trialLength: fixed, batchBytes: 256, metadata: { temp: "yes" } });
  for (const t of trials) w.append(t);
  w.close();
  return { file, trials };
}

const open: TrialFileReader[] = [];
function reader(file: string): TrialFileReader {
  const r = TrialFileReader.open(file);
  open.push(r);
  return r;
}

beforeAll(() => {
  dir = makeTmpDir("spyts-container-test-");
  analog = source(path.join(dir, "src-analog.arrow"), "int16", [4], [10, 3, 25, 7, 0, 12]);
  spectral = source(path.join(dir, "src-spectral.arrow"), "complex64", [2, 5, 3], [6, 6, 6, 6], 6);
});
afterAll(() => {
  for (const r of open) r.close();
  rmTmpDir(dir);
});

function entries(): ContainerEntryInput[] {
  return [
    { name: "data.analog", source: reader(analog.file), metadata: { class: "AnalogData", samplerate: "1000" } },
    { name: "data.spectral", source: reader(spectral.file), metadata: { class: "SpectralData" }, sidecar: { dimord: ["time", "taper", "freq", "channel"] } },
  ];
}

function expectIOError(fn: () => unknown, file: string, pattern: RegExp): SPYIOError {
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(SPYIOError);
  expect((err as SPYIOError).path).toBe(file);
  expect((err as Error).message).toMatch(pattern);
  return err as SPYIOError;
}

/** Every trial of `r` equals `trials` byte for byte. */
function expectSameTrials(r: TrialFileReader, trials: NDArray[]): void {
  expect(r.nTrials).toBe(trials.length);
  trials.forEach((t, k) => {
    const got = r.readTrial(k);
    expect(got.shape).toEqual(t.shape);
    expect(bytesOf(got.data).equals(bytesOf(t.data))).toBe(true);
  });
}

describe("writeContainer / readContainer", () => {
  test("round trip: files, sidecars, metadata, checksums, values", () => {
    const target = path.join(dir, "round.spy");
    const progress: string[] = [];
    const res = writeContainer(target, entries(), { class: "AnalogData", note: "shared" }, { onTrial: (e, k) => progress.push(`${e}:${k}`) });
    expect(res.path).toBe(target);
    expect(progress.length).toBe(6 + 4);
    expect(fs.readdirSync(target).sort()).toEqual(["data.analog", "data.analog.info", "data.spectral", "data.spectral.info"]);
    expect(fs.readdirSync(dir).filter((n) => n.includes(".tmp-") || n.includes(".old-"))).toEqual([]);

    const info = JSON.parse(fs.readFileSync(path.join(target, "data.analog.info"), "utf8"));
    const fileBytes = fs.readFileSync(path.join(target, "data.analog"));
    expect(info.class).toBe("AnalogData");
    expect(info.note).toBe("shared");
    expect(info.file).toBe("data.analog");
    expect(info.bytes).toBe(fileBytes.length);
    expect(info.nTrials).toBe(6);
    expect(info.checksum_algorithm).toBe("sha256");
    expect(info.file_checksum).toBe(createHash("sha256").update(fileBytes).digest("hex"));
    expect(info.spyts_version).toBe(spytsVersion());
    expect(info.spyts_version).toBe(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")).version);
    expect(Date.now() - Date.parse(info.written_at)).toBeLessThan(60_000);
    const info2 = JSON.parse(fs.readFileSync(path.join(target, "data.spectral.info"), "utf8"));
    expect(info2.dimord).toEqual(["time", "taper", "freq", "channel"]);
    expect(info2.note).toBe("shared");

    const loaded = readContainer(target);
    expect(loaded.entries.map((e) => e.name)).toEqual(["data.analog", "data.spectral"]);
    const [a, s] = loaded.entries;
    expect(a.path).toBe(path.join(target, "data.analog"));
    expect(a.sidecar.file_checksum).toBe(info.file_checksum);
    expect(a.reader.metadata.class).toBe("AnalogData");
    expect(a.reader.metadata.samplerate).toBe("1000");
    expect(a.reader.metadata.temp).toBeUndefined(); // the source's metadata was replaced
    expect(a.reader.dtype).toBe("int16");
    expect(a.reader.fixedTrialLength).toBeNull();
    expectSameTrials(a.reader, analog.trials);
    expect(s.reader.dtype).toBe("complex64");
    expect(s.reader.tailShape).toEqual([2, 5, 3]);
    expect(s.reader.fixedTrialLength).toBe(6);
    expectSameTrials(s.reader, spectral.trials);
    for (const e of loaded.entries) e.reader.close();
  });

  test("refuses an existing target without overwrite (naming the path); replaces it with overwrite", () => {
    const target = path.join(dir, "exists.spy");
    writeContainer(target, entries().slice(0, 1), { v: 1 });
    const before = fs.readFileSync(path.join(target, "data.analog.info"), "utf8");
    expectIOError(() => writeContainer(target, entries().slice(1), { v: 2 }), target, /already exists.*overwrite/);
    expect(fs.readFileSync(path.join(target, "data.analog.info"), "utf8")).toBe(before);
    writeContainer(target, entries().slice(1), { v: 2 }, { overwrite: true });
    expect(fs.readdirSync(target).sort()).toEqual(["data.spectral", "data.spectral.info"]);
    const loaded = readContainer(target);
    expect(loaded.entries[0].sidecar.v).toBe(2);
    expectSameTrials(loaded.entries[0].reader, spectral.trials);
    loaded.entries[0].reader.close();
    expect(fs.readdirSync(dir).filter((n) => n.startsWith("exists.spy."))).toEqual([]);
  });

  test("a save that fails midway leaves the old container intact and no temp folder behind", () => {
    const target = path.join(dir, "keep.spy");
    writeContainer(target, entries().slice(0, 1), { generation: "old" });
    const snapshot = new Map(fs.readdirSync(target).map((n) => [n, fs.readFileSync(path.join(target, n))]));
    const failing = reader(spectral.file);
    const real = failing.readTrial.bind(failing);
    jest.spyOn(failing, "readTrial").mockImplementation((k: number) => {
      if (k === 2) throw new Error("disk on fire");
      return real(k);
    });
    const es: ContainerEntryInput[] = [entries()[0], { name: "data.spectral", source: failing, metadata: {} }];
    expect(() => writeContainer(target, es, { generation: "new" }, { overwrite: true })).toThrow(/disk on fire/);
    expect(new Set(fs.readdirSync(target))).toEqual(new Set(snapshot.keys()));
    for (const [n, b] of snapshot) expect(fs.readFileSync(path.join(target, n)).equals(b)).toBe(true);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith("keep.spy."))).toEqual([]);
    const loaded = readContainer(target);
    expect(loaded.entries[0].sidecar.generation).toBe("old");
    loaded.entries[0].reader.close();
    // a failing first save creates nothing at all
    const fresh = path.join(dir, "fresh.spy");
    expect(() => writeContainer(fresh, [{ name: "data.spectral", source: failing, metadata: {} }], {})).toThrow(/disk on fire/);
    expect(fs.existsSync(fresh)).toBe(false);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith("fresh.spy"))).toEqual([]);
  });

  test("if the final rename fails after the old container was moved aside, the old one is moved back", () => {
    const target = path.join(dir, "rollback.spy");
    writeContainer(target, entries().slice(0, 1), { generation: "old" });
    const snapshot = new Map(fs.readdirSync(target).map((n) => [n, fs.readFileSync(path.join(target, n))]));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fsModule = require("fs") as typeof fs;
    const realRename = fsModule.renameSync;
    const spy = jest.spyOn(fsModule, "renameSync").mockImplementation((from, to) => {
      if (String(from).includes(".tmp-") && String(to) === target) throw new Error("EXDEV simulated");
      return realRename(from, to);
    });
    try {
      expect(() => writeContainer(target, entries().slice(1), { generation: "new" }, { overwrite: true })).toThrow(/EXDEV simulated/);
    } finally {
      spy.mockRestore();
    }
    expect(new Set(fs.readdirSync(target))).toEqual(new Set(snapshot.keys()));
    for (const [n, b] of snapshot) expect(fs.readFileSync(path.join(target, n)).equals(b)).toBe(true);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith("rollback.spy."))).toEqual([]);
  });

  test("bad arguments are SPYValueErrors", () => {
    expect(() => writeContainer(path.join(dir, "x.folder"), entries(), {})).toThrow(/`dirPath`.*\.spy/);
    expect(() => writeContainer(path.join(dir, "x.spy"), [], {})).toThrow(/`entries`/);
    const e = entries();
    expect(() => writeContainer(path.join(dir, "x.spy"), [e[0], { ...e[1], name: "data.analog" }], {})).toThrow(/unique/);
    expect(() => writeContainer(path.join(dir, "x.spy"), [{ ...e[0], name: "../evil" }], {})).toThrow(SPYValueError);
    expect(() => writeContainer(path.join(dir, "x.spy"), [{ ...e[0], name: "a.info" }], {})).toThrow(/`entries\[\]\.name`/);
    expect(fs.existsSync(path.join(dir, "x.spy"))).toBe(false);
  });
});

describe("readContainer says exactly what is wrong", () => {
  let n = 0;
  function fresh(): string {
    const target = path.join(dir, `broken-${n++}.spy`);
    writeContainer(target, entries(), { class: "AnalogData" });
    return target;
  }

  test("missing folder, not a folder, empty folder", () => {
    const missing = path.join(dir, "missing.spy");
    expectIOError(() => readContainer(missing), missing, /does not exist/);
    const file = path.join(dir, "file.spy");
    fs.writeFileSync(file, "x");
    expectIOError(() => readContainer(file), file, /is not a folder/);
    const empty = path.join(dir, "empty.spy");
    fs.mkdirSync(empty);
    expectIOError(() => readContainer(empty), empty, /empty container/);
  });

  test("truncated data file: sizes named", () => {
    const target = fresh();
    const f = path.join(target, "data.analog");
    const size = fs.statSync(f).size;
    fs.truncateSync(f, size - 123);
    expectIOError(() => readContainer(target), f, new RegExp(`truncated from ${size} to ${size - 123} bytes`));
  });

  test("data file grown", () => {
    const target = fresh();
    const f = path.join(target, "data.spectral");
    const size = fs.statSync(f).size;
    fs.appendFileSync(f, Buffer.alloc(5));
    expectIOError(() => readContainer(target), f, new RegExp(`is ${size + 5} bytes, larger than the ${size} bytes recorded`));
  });

  test("one flipped byte (same size): checksum mismatch; without checksum the values are read as stored", () => {
    const target = fresh();
    const f = path.join(target, "data.spectral");
    const bytes = fs.readFileSync(f);
    const at = Math.floor(bytes.length / 2);
    bytes[at] ^= 0x01;
    fs.writeFileSync(f, bytes);
    const err = expectIOError(() => readContainer(target), f, /checksum mismatch/);
    const recorded = JSON.parse(fs.readFileSync(`${f}.info`, "utf8")).file_checksum;
    expect(err.message).toContain(recorded);
    expect(err.message).toContain(sha256File(f));
    const loose = readContainer(target, { checksum: false });
    expect(loose.entries.length).toBe(2);
    for (const e of loose.entries) e.reader.close();
  });

  test("missing sidecar", () => {
    const target = fresh();
    fs.rmSync(path.join(target, "data.analog.info"));
    expectIOError(() => readContainer(target), path.join(target, "data.analog"), /has no sidecar: data\.analog\.info is missing/);
  });

  test("missing data file", () => {
    const target = fresh();
    fs.rmSync(path.join(target, "data.spectral"));
    expectIOError(() => readContainer(target), path.join(target, "data.spectral"), /data file is missing.*data\.spectral\.info/);
  });

  test("sidecar that is not JSON, or lacks fields", () => {
    const target = fresh();
    const info = path.join(target, "data.analog.info");
    fs.writeFileSync(info, "{ not json");
    expectIOError(() => readContainer(target), info, /sidecar is not valid JSON/);
    fs.writeFileSync(info, JSON.stringify({ file: "data.analog" }));
    expectIOError(() => readContainer(target), info, /'bytes'.*'file_checksum'/);
    fs.writeFileSync(info, JSON.stringify({ file: "data.spectral", bytes: 1, file_checksum: "00" }));
    expectIOError(() => readContainer(target), info, /names file 'data\.spectral', expected 'data\.analog'/);
  });

  test("a file with matching size and checksum that is not an Arrow file", () => {
    const target = fresh();
    const f = path.join(target, "data.analog");
    const junk = Buffer.from("this is not arrow data ".repeat(10));
    fs.writeFileSync(f, junk);
    const info = JSON.parse(fs.readFileSync(`${f}.info`, "utf8"));
    info.bytes = junk.length;
    info.file_checksum = createHash("sha256").update(junk).digest("hex");
    fs.writeFileSync(`${f}.info`, JSON.stringify(info));
    expectIOError(() => readContainer(target), f, /not a valid Arrow trial file: not an Arrow IPC file/);
  });

  test("trial count disagreeing with the sidecar", () => {
    const target = fresh();
    const infoPath = path.join(target, "data.analog.info");
    const info = JSON.parse(fs.readFileSync(infoPath, "utf8"));
    info.nTrials = 99;
    fs.writeFileSync(infoPath, JSON.stringify(info));
    expectIOError(() => readContainer(target), path.join(target, "data.analog"), /holds 6 trials but data\.analog\.info records 99/);
  });
});
