import * as fs from "fs";
import * as path from "path";
import { Field, FixedSizeList, Float64, List, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from "apache-arrow";
import { TrialFileReader } from "../../src/data/storage/reader";
import { TrialFileWriter } from "../../src/data/storage/writer";
import { copyTrials } from "../../src/data/storage/copy";
import { SPYIOError, SPYValueError } from "../../src/core/errors";
import { DType, DTYPES, NDArray } from "../../src/core/ndarray";
import { bytesOf, makeTmpDir, makeTrial, rmTmpDir } from "./helpers";

let dir: string;
beforeAll(() => { dir = makeTmpDir(); });
afterAll(() => rmTmpDir(dir));

function write(file: string, trials: NDArray[], opts: ConstructorParameters<typeof TrialFileWriter>[1]): void {
  const w = new TrialFileWriter(file, opts);
  for (const t of trials) w.append(t);
  w.close();
}

describe("TrialFileReader: values", () => {
  test.each(DTYPES.flatMap((d) => [[d, "variable"], [d, "fixed"]]))("%s, %s length: every trial byte for byte", (dtype, mode) => {
    const file = path.join(dir, `rt-${dtype}-${mode}.arrow`);
    const lengths = mode === "fixed" ? new Array(11).fill(3) : [3, 0, 7, 1, 5, 2, 2, 9, 4, 6, 1];
    const trials = lengths.map((n, k) => makeTrial(dtype as DType, n, [2, 3], k + 7));
    write(file, trials, { dtype: dtype as DType, tailShape: [2, 3], trialLength: mode === "fixed" ? 3 : undefined, batchBytes: 150, metadata: { k: "v" } });
    const r = TrialFileReader.open(file);
    expect(r.nTrials).toBe(11);
    expect(r.dtype).toBe(dtype);
    expect(r.tailShape).toEqual([2, 3]);
    expect(r.metadata.k).toBe("v");
    expect(r.fixedTrialLength).toBe(mode === "fixed" ? 3 : null);
    expect(r.nBatches).toBeGreaterThan(1);
    // read out of order to exercise batch switching
    for (const k of [10, 0, 5, 1, 9, 2, 8, 3, 7, 4, 6]) {
      const t = r.readTrial(k);
      expect(t.dtype).toBe(dtype);
      expect(t.shape).toEqual([lengths[k], 2, 3]);
      expect(r.trialLength(k)).toBe(lengths[k]);
      expect(r.trialShape(k)).toEqual([lengths[k], 2, 3]);
      expect(t.data.constructor).toBe(trials[k].data.constructor);
      expect(bytesOf(t.data).equals(bytesOf(trials[k].data))).toBe(true);
    }
    r.close();
    expect(r.closed).toBe(true);
  });

  test("a trial is a zero-copy view of its batch; iterating in order reads each batch once", () => {
    const file = path.join(dir, "views.arrow");
    const trials = Array.from({ length: 40 }, (_, k) => makeTrial("float32", 5, [4], k)); // 80 bytes each
    write(file, trials, { dtype: "float32", tailShape: [4], trialLength: 5, batchBytes: 800 }); // 10 per batch
    const r = TrialFileReader.open(file);
    expect(r.trialsPerBatch).toBe(10);
    expect(r.nBatches).toBe(4);
    const a = r.readTrial(0);
    const b = r.readTrial(9);
    const c = r.readTrial(10);
    expect(a.data.buffer).toBe(b.data.buffer); // same batch, same buffer
    expect(b.data.byteOffset - a.data.byteOffset).toBe(9 * 80);
    expect(c.data.buffer).not.toBe(a.data.buffer);
    const r2 = TrialFileReader.open(file);
    let k = 0;
    for (const t of r2.trials()) {
      expect(bytesOf(t.data).equals(bytesOf(trials[k].data))).toBe(true);
      k++;
    }
    expect(k).toBe(40);
    expect(r2.batchesDecoded).toBe(4);
    // the cache keeps two batches: going back one batch is free, two batches is a re-read
    r2.readTrial(25);
    expect(r2.batchesDecoded).toBe(4);
    r2.readTrial(5);
    expect(r2.batchesDecoded).toBe(5);
    r.close();
    r2.close();
  });

  test("index errors name 'trials', the value and the valid range", () => {
    const file = path.join(dir, "idx.arrow");
    write(file, [makeTrial("int8", 2, [1], 1), makeTrial("int8", 3, [1], 2)], { dtype: "int8", tailShape: [1] });
    const r = TrialFileReader.open(file);
    for (const bad of [2, -1, 0.5, NaN]) {
      let err: unknown;
      try { r.readTrial(bad); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(SPYValueError);
      expect((err as SPYValueError).param).toBe("trials");
      expect((err as Error).message).toContain(String(bad));
      expect((err as Error).message).toContain("[0, 1]");
    }
    expect(() => r.trialLength(2)).toThrow(/`trials`.*2.*\[0, 1\]/);
    r.close();
    expect(() => r.readTrial(0)).toThrow(/closed/);
    const empty = path.join(dir, "idx-empty.arrow");
    write(empty, [], { dtype: "int8", tailShape: [1] });
    const e = TrialFileReader.open(empty);
    expect(e.nTrials).toBe(0);
    expect(() => e.readTrial(0)).toThrow(/`trials`.*no index/);
    e.close();
  });

  test("files written by apache-arrow itself (no spyts metadata) open as 1-d trials", () => {
    const file = path.join(dir, "foreign.arrow");
    const child = new Field("item", new Float64(), false);
    const type = new FixedSizeList(3, child);
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const childData = makeData({ type: new Float64(), length: 9, data: values });
    const listData = makeData({ type, length: 3, child: childData });
    const schema = new Schema([new Field("trial", type, false)]);
    const structData = makeData({ type: new Struct(schema.fields), length: 3, children: [listData] });
    fs.writeFileSync(file, tableToIPC(new Table(new RecordBatch(schema, structData)), "file"));
    const r = TrialFileReader.open(file);
    expect(r.nTrials).toBe(3);
    expect(r.dtype).toBe("float64");
    expect(r.tailShape).toEqual([]);
    expect(Array.from(r.readTrial(1).data)).toEqual([4, 5, 6]);
    expect(r.readTrial(2).shape).toEqual([3]);
    r.close();
  });

  test("foreign files with batches of different sizes (List column, 3 + 1 + 4 + 2 rows)", () => {
    const file = path.join(dir, "foreign-uneven.arrow");
    const child = new Field("item", new Float64(), true);
    const type = new List(child);
    const schema = new Schema([new Field("trial", type, true)]);
    let next = 0;
    const expected: number[][] = [];
    const batches = [3, 1, 4, 2].map((rows) => {
      const offsets = new Int32Array(rows + 1);
      const vals: number[] = [];
      for (let i = 0; i < rows; i++) {
        const n = (next % 3) + 1; // 1..3 values per trial
        const trial = Array.from({ length: n }, (_, j) => next * 10 + j);
        expected.push(trial);
        vals.push(...trial);
        offsets[i + 1] = vals.length;
        next++;
      }
      const childData = makeData({ type: new Float64(), length: vals.length, data: Float64Array.from(vals) });
      const listData = makeData({ type, length: rows, valueOffsets: offsets, child: childData });
      return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, children: [listData] }));
    });
    fs.writeFileSync(file, tableToIPC(new Table(batches), "file"));
    const r = TrialFileReader.open(file);
    expect(r.nTrials).toBe(10);
    expect(r.nBatches).toBe(4);
    for (const k of [9, 0, 3, 4, 7, 8, 1, 2, 5, 6]) {
      expect(Array.from(r.readTrial(k).data)).toEqual(expected[k]);
      expect(r.trialLength(k)).toBe(expected[k].length);
    }
    expect(() => r.readTrial(10)).toThrow(/\[0, 9\]/);
    r.close();
  });
});

describe("TrialFileReader: laziness", () => {
  let big: string;
  let lastTrial: NDArray;
  const nTrials = 200;
  const trialSamples = 1000;
  const nChannels = 250; // 1 MB per float32 trial, 200 MB in all
  beforeAll(() => {
    big = path.join(dir, "big.arrow");
    const w = new TrialFileWriter(big, { dtype: "float32", tailShape: [nChannels], trialLength: trialSamples });
    const buf = new Float32Array(trialSamples * nChannels);
    for (let k = 0; k < nTrials; k++) {
      for (let i = 0; i < buf.length; i += 997) buf[i] = k + i; // sparse marks, cheap to write
      buf[0] = k;
      buf[buf.length - 1] = -k;
      if (k === nTrials - 1) lastTrial = { data: buf.slice(), shape: [trialSamples, nChannels], dtype: "float32" };
      w.append({ data: buf, shape: [trialSamples, nChannels], dtype: "float32" });
    }
    w.close();
  });

  test("opening reads only the ends of the file; reading one trial reads one batch (< 10 MB of 200 MB)", () => {
    const size = fs.statSync(big).size;
    expect(size).toBeGreaterThan(200e6);
    // count the bytes fs.readSync actually returned, independently of the reader's own counter
    // (the CommonJS module object itself: `import * as` gives a non-configurable namespace)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const spy = jest.spyOn(require("fs") as typeof fs, "readSync");
    const hookReads: number[] = [];
    try {
      const r = TrialFileReader.open(big, { onRead: (_pos, len) => hookReads.push(len) });
      const openBytes = spy.mock.results.reduce((s, r) => s + (r.value as number), 0);
      expect(openBytes).toBeLessThan(16 * 1024);
      expect(r.bytesRead).toBe(hookReads.reduce((a, b) => a + b, 0));
      expect(r.nTrials).toBe(nTrials);
      spy.mockClear();
      const t = r.readTrial(nTrials - 1); // a trial in the last batch
      const trialBytes = spy.mock.results.reduce((s, r) => s + (r.value as number), 0);
      expect(trialBytes).toBeGreaterThan(1e6);
      expect(trialBytes).toBeLessThan(10e6);
      expect(bytesOf(t.data).equals(bytesOf(lastTrial.data))).toBe(true);
      expect(t.shape).toEqual([trialSamples, nChannels]);
      const t0 = r.readTrial(0);
      expect(t0.data[0]).toBe(0);
      expect(t0.data[997]).toBe(997);
      expect(t0.data[t0.data.length - 1]).toBe(-0);
      // nothing near the whole file was read
      expect(r.bytesRead).toBeLessThan(20e6);
      r.close();
      // never readFileSync: the reader has no whole-file read path at all
    } finally {
      spy.mockRestore();
    }
  });

  test("open time is O(1) in the number of trials (10 000 trials)", () => {
    const file = path.join(dir, "10k.arrow");
    const w = new TrialFileWriter(file, { dtype: "float32", tailShape: [16], batchBytes: 64 * 1024 });
    const buf = new Float32Array(100 * 16);
    for (let k = 0; k < 10_000; k++) {
      buf[0] = k;
      w.append({ data: buf.subarray(0, (50 + (k % 50)) * 16), shape: [50 + (k % 50), 16], dtype: "float32" });
    }
    w.close();
    const t0 = process.hrtime.bigint();
    const r = TrialFileReader.open(file);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    expect(r.nTrials).toBe(10_000);
    expect(r.bytesRead).toBeLessThan(8 * 1024 + 24 * r.nBatches + 1024);
    expect(ms).toBeLessThan(200); // typically ~1 ms
    const t1 = process.hrtime.bigint();
    let s = 0;
    for (let k = 0; k < r.nTrials; k++) s += r.readTrial(k).data[0];
    const perTrialUs = Number(process.hrtime.bigint() - t1) / 1e3 / r.nTrials;
    expect(s).toBe((10_000 * 9_999) / 2);
    expect(r.trialLength(9_999)).toBe(50 + (9_999 % 50));
    if (process.env.SPYTS_VERBOSE) console.log(`open ${ms.toFixed(2)} ms for 10 000 trials; ${perTrialUs.toFixed(1)} us per trial in order`);
    r.close();
  });
});

describe("TrialFileReader: broken files give SPYIOErrors naming the file", () => {
  let good: string;
  let goodBytes: Buffer;
  beforeAll(() => {
    good = path.join(dir, "good.arrow");
    write(good, Array.from({ length: 6 }, (_, k) => makeTrial("float32", 4, [2], k)), { dtype: "float32", tailShape: [2], batchBytes: 64 });
    goodBytes = fs.readFileSync(good);
  });

  function expectIOError(file: string, pattern: RegExp): void {
    let err: unknown;
    try { TrialFileReader.open(file).close(); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SPYIOError);
    expect((err as SPYIOError).path).toBe(file);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(pattern);
  }

  test("missing file", () => expectIOError(path.join(dir, "nope.arrow"), /does not exist/));

  test("empty and tiny files", () => {
    const f = path.join(dir, "tiny.arrow");
    fs.writeFileSync(f, "");
    expectIOError(f, /only 0 bytes/);
    fs.writeFileSync(f, "ARROW1");
    expectIOError(f, /only 6 bytes/);
  });

  test("not an Arrow file", () => {
    const f = path.join(dir, "text.arrow");
    fs.writeFileSync(f, "hello, this is a text file and not an arrow file at all");
    expectIOError(f, /not an Arrow IPC file.*magic is missing at the start/);
  });

  test("truncated file (an interrupted copy)", () => {
    const f = path.join(dir, "trunc.arrow");
    fs.writeFileSync(f, goodBytes.subarray(0, goodBytes.length - 100));
    expectIOError(f, /truncated or incomplete.*magic is missing at the end/);
  });

  test("corrupt footer length and corrupt footer", () => {
    const f = path.join(dir, "badfooter.arrow");
    const b = Buffer.from(goodBytes);
    b.writeInt32LE(b.length * 2, b.length - 10);
    fs.writeFileSync(f, b);
    expectIOError(f, /footer length/);
    const c = Buffer.from(goodBytes);
    const len = c.readInt32LE(c.length - 10);
    c.fill(0xab, c.length - 10 - len, c.length - 10);
    fs.writeFileSync(f, c);
    expectIOError(f, /corrupt Arrow footer/);
  });

  test("a corrupt record batch is reported when read", () => {
    const f = path.join(dir, "badbatch.arrow");
    const b = Buffer.from(goodBytes);
    const r0 = TrialFileReader.open(good);
    r0.close();
    // overwrite the metadata flatbuffer of the first record batch (right after the schema message)
    const schemaLen = b.readInt32LE(12);
    const firstBatch = 8 + 8 + schemaLen;
    expect(b.readUInt32LE(firstBatch)).toBe(0xffffffff);
    b.fill(0x7f, firstBatch + 8, firstBatch + 40);
    fs.writeFileSync(f, b);
    const r = TrialFileReader.open(f); // the footer is intact
    let err: unknown;
    try { r.readTrial(0); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SPYIOError);
    expect((err as Error).message).toContain(f);
    expect((err as Error).message).toMatch(/record batch 0/);
    // other batches still read fine
    expect(r.readTrial(5).shape).toEqual([4, 2]);
    r.close();
  });
});

describe("copyTrials", () => {
  test("streams every trial into a new file with new metadata, reporting progress", () => {
    const src = path.join(dir, "copy-src.arrow");
    const lengths = [5, 1, 8, 3, 3, 0, 6];
    const trials = lengths.map((n, k) => makeTrial("complex128", n, [3], k));
    write(src, trials, { dtype: "complex128", tailShape: [3], batchBytes: 200, metadata: { old: "1" } });
    const r = TrialFileReader.open(src);
    const dst = path.join(dir, "copy-dst.arrow");
    const w = new TrialFileWriter(dst, { dtype: r.dtype, tailShape: [...r.tailShape], metadata: { new: "2" }, batchBytes: 1000 });
    const seen: string[] = [];
    expect(copyTrials(r, w, { onTrial: (k, n) => seen.push(`${k}/${n}`) })).toBe(7);
    w.close();
    expect(seen).toEqual(lengths.map((_, k) => `${k}/7`));
    const c = TrialFileReader.open(dst);
    expect(c.metadata.new).toBe("2");
    expect(c.metadata.old).toBeUndefined();
    expect(c.nTrials).toBe(7);
    lengths.forEach((n, k) => {
      const t = c.readTrial(k);
      expect(t.shape).toEqual([n, 3]);
      expect(bytesOf(t.data).equals(bytesOf(trials[k].data))).toBe(true);
    });
    r.close();
    c.close();
  });

  test("refuses a writer of another dtype or tail shape", () => {
    const src = path.join(dir, "copy-src2.arrow");
    write(src, [makeTrial("float32", 2, [3], 1)], { dtype: "float32", tailShape: [3] });
    const r = TrialFileReader.open(src);
    const w1 = new TrialFileWriter(path.join(dir, "c1.arrow"), { dtype: "float64", tailShape: [3] });
    expect(() => copyTrials(r, w1)).toThrow(/`writer.dtype`/);
    w1.abort();
    const w2 = new TrialFileWriter(path.join(dir, "c2.arrow"), { dtype: "float32", tailShape: [4] });
    expect(() => copyTrials(r, w2)).toThrow(/`writer.tailShape`/);
    w2.abort();
    r.close();
  });
});

// Opt-in (writes 2.3 GB): SPYTS_BIG_TEST=1 npx jest test/storage/reader -t "2 GiB"
const bigTest = process.env.SPYTS_BIG_TEST ? test : test.skip;
describe("files beyond 2 GiB", () => {
  bigTest("a 2.3 GB file: open, read the first and last trials, iterate a stretch past the 2 GiB offset", () => {
    const file = path.join(dir, "huge.arrow");
    const len = 2000;
    const nch = 384; // 3 MB per float32 trial
    const nTrials = 750;
    const w = new TrialFileWriter(file, { dtype: "float32", tailShape: [nch], trialLength: len });
    const buf = new Float32Array(len * nch);
    const t0 = Date.now();
    for (let k = 0; k < nTrials; k++) {
      buf[0] = k;
      buf[buf.length - 1] = k + 0.5;
      w.append({ data: buf, shape: [len, nch], dtype: "float32" });
    }
    const res = w.close();
    const writeMs = Date.now() - t0;
    expect(res.bytes).toBeGreaterThan(2 ** 31 + 2 ** 27);
    const r = TrialFileReader.open(file);
    expect(r.nTrials).toBe(nTrials);
    for (const k of [0, nTrials - 1, 700, 701, 350]) {
      const t = r.readTrial(k);
      expect(t.data[0]).toBe(k);
      expect(t.data[t.data.length - 1]).toBe(k + 0.5);
    }
    expect(r.bytesRead).toBeLessThan(40e6);
    if (process.env.SPYTS_VERBOSE) console.log(`2 GiB+ file: ${(res.bytes / 1e9).toFixed(2)} GB written in ${writeMs} ms`);
    r.close();
    fs.rmSync(file);
  });
});
