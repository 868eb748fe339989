import * as fs from "fs";
import * as path from "path";
import { RecordBatchStreamReader, Table, tableFromIPC, tableToIPC, Type } from "apache-arrow";
import { Footer } from "apache-arrow/ipc/metadata/file";
import { TrialFileWriter } from "../../src/data/storage/writer";
import { STORAGE_META_KEY } from "../../src/data/storage/format";
import { SPYIOError, SPYValueError } from "../../src/core/errors";
import { DType, DTYPES, NDArray, TypedArray } from "../../src/core/ndarray";
import { bytesOf, makeTmpDir, makeTrial, rmTmpDir } from "./helpers";

let dir: string;
beforeAll(() => { dir = makeTmpDir(); });
afterAll(() => rmTmpDir(dir));

/** The `trial` column of an Arrow file, read back by apache-arrow's own reader, as raw value arrays. */
function arrowTrials(file: string): { values: TypedArray[]; table: Table } {
  const table = tableFromIPC(fs.readFileSync(file)) as Table;
  const col = table.getChild("trial")!;
  const values: TypedArray[] = [];
  for (let i = 0; i < table.numRows; i++) values.push(col.get(i)!.toArray() as TypedArray);
  return { values, table };
}

function writeAll(file: string, trials: NDArray[], opts: Partial<ConstructorParameters<typeof TrialFileWriter>[1]> & { dtype: DType; tailShape: number[] }) {
  const w = new TrialFileWriter(file, opts);
  for (const t of trials) w.append(t);
  return w.close();
}

describe("TrialFileWriter: files apache-arrow reads back byte for byte", () => {
  test.each(DTYPES.map((d) => [d]))("%s, variable-length trials -> List column", (dtype) => {
    const file = path.join(dir, `var-${dtype}.arrow`);
    const trials = [3, 0, 7, 1, 5].map((n, k) => makeTrial(dtype as DType, n, [2, 3], k + 1));
    const res = writeAll(file, trials, { dtype: dtype as DType, tailShape: [2, 3], batchBytes: 100 });
    expect(res.nTrials).toBe(5);
    expect(res.bytes).toBe(fs.statSync(file).size);
    const { values, table } = arrowTrials(file);
    expect(table.schema.fields.map((f) => f.name)).toEqual(["trial"]);
    expect(table.schema.fields[0].type.typeId).toBe(Type.List);
    expect(values.length).toBe(5);
    trials.forEach((t, k) => expect(bytesOf(values[k]).equals(bytesOf(t.data))).toBe(true));
  });

  test.each(DTYPES.map((d) => [d]))("%s, fixed trial length -> FixedSizeList column", (dtype) => {
    const file = path.join(dir, `fixed-${dtype}.arrow`);
    const trials = Array.from({ length: 9 }, (_, k) => makeTrial(dtype as DType, 4, [3], 100 + k));
    writeAll(file, trials, { dtype: dtype as DType, tailShape: [3], trialLength: 4, batchBytes: 200 });
    const { values, table } = arrowTrials(file);
    const type = table.schema.fields[0].type;
    expect(type.typeId).toBe(Type.FixedSizeList);
    const slots = dtype.startsWith("complex") ? 2 : 1;
    expect((type as unknown as { listSize: number }).listSize).toBe(4 * 3 * slots);
    trials.forEach((t, k) => expect(bytesOf(values[k]).equals(bytesOf(t.data))).toBe(true));
  });

  test("complex64 is stored as float32 values of twice the count, interleaved re, im", () => {
    const file = path.join(dir, "c64.arrow");
    const data = Float32Array.from([1, -1, 2, -2, 3, -3, 4, -4]); // 2 samples x 2 channels
    writeAll(file, [{ data, shape: [2, 2], dtype: "complex64" }], { dtype: "complex64", tailShape: [2] });
    const { values, table } = arrowTrials(file);
    expect(table.schema.fields[0].type.children[0].type.typeId).toBe(Type.Float);
    expect(values[0]).toBeInstanceOf(Float32Array);
    expect(Array.from(values[0])).toEqual([1, -1, 2, -2, 3, -3, 4, -4]);
  });

  test("schema metadata: caller entries plus spyts.storage (which the caller cannot override)", () => {
    const file = path.join(dir, "meta.arrow");
    writeAll(file, [makeTrial("float64", 2, [5], 1)], {
      dtype: "float64", tailShape: [5], trialLength: 2, batchBytes: 1000,
      metadata: { class: "AnalogData", samplerate: "1000", [STORAGE_META_KEY]: "spoofed" },
    });
    const { table } = arrowTrials(file);
    const meta = table.schema.metadata;
    expect(meta.get("class")).toBe("AnalogData");
    expect(meta.get("samplerate")).toBe("1000");
    const info = JSON.parse(meta.get(STORAGE_META_KEY)!);
    // 2 x 5 float64 = 80 bytes per trial, batchBytes 1000 -> 12 trials per batch
    expect(info).toEqual({ version: 1, dtype: "float64", tailShape: [5], trialsPerBatch: 12, trialLength: 2 });
  });

  test("batches hold floor(batchBytes / trialBytes) trials (at least one)", () => {
    const file = path.join(dir, "batches.arrow");
    const trials = Array.from({ length: 10 }, (_, k) => makeTrial("int16", 10, [4], k)); // 80 bytes each
    writeAll(file, trials, { dtype: "int16", tailShape: [4], trialLength: 10, batchBytes: 250 });
    const { table } = arrowTrials(file);
    expect(table.batches.map((b) => b.numRows)).toEqual([3, 3, 3, 1]);
    const file2 = path.join(dir, "batches1.arrow");
    writeAll(file2, trials, { dtype: "int16", tailShape: [4], batchBytes: 10 });
    expect(arrowTrials(file2).table.batches.map((b) => b.numRows)).toEqual(new Array(10).fill(1));
  });

  test("variable-length trials: the first batchBytes of data decide the trials per batch", () => {
    const info = (file: string) => JSON.parse((arrowTrials(file).table as Table).schema.metadata.get(STORAGE_META_KEY)!);
    // empty leading trials do not make a huge batch: 0, 0, then 40-byte trials -> 100 bytes reached at trial 5
    const f1 = path.join(dir, "decide1.arrow");
    const lengths = [0, 0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10];
    const trials = lengths.map((n, k) => makeTrial("float32", n, [1], k));
    writeAll(f1, trials, { dtype: "float32", tailShape: [1], batchBytes: 100 });
    expect(info(f1).trialsPerBatch).toBe(5);
    const { values, table } = arrowTrials(f1);
    expect(table.batches.map((b) => b.numRows)).toEqual([5, 5, 3]);
    trials.forEach((t, k) => expect(bytesOf(values[k]).equals(bytesOf(t.data))).toBe(true));
    // a first trial as big as a batch -> one trial per batch
    const f2 = path.join(dir, "decide2.arrow");
    writeAll(f2, [makeTrial("float64", 20, [1], 1), makeTrial("float64", 1, [1], 2)], { dtype: "float64", tailShape: [1], batchBytes: 160 });
    expect(info(f2).trialsPerBatch).toBe(1);
    // fewer trials than one batch -> the trial count
    const f3 = path.join(dir, "decide3.arrow");
    writeAll(f3, [makeTrial("uint8", 3, [2], 1), makeTrial("uint8", 0, [2], 2)], { dtype: "uint8", tailShape: [2] });
    expect(info(f3).trialsPerBatch).toBe(2);
  });

  test("a file with no trials is still a valid Arrow file", () => {
    const file = path.join(dir, "empty.arrow");
    const res = writeAll(file, [], { dtype: "float32", tailShape: [3] });
    expect(res.nTrials).toBe(0);
    const { table } = arrowTrials(file);
    expect(table.numRows).toBe(0);
    expect(table.schema.fields[0].name).toBe("trial");
  });

  test("strided (non-contiguous) input is written in C order", () => {
    const file = path.join(dir, "strided.arrow");
    // base is 3 x 2 (C order); the transposed view is 2 x 3 with strides [1, 2]
    const base = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const transposed: NDArray = { data: base, shape: [2, 3], strides: [1, 2], dtype: "float32" };
    // a view with an offset: rows 1..2 of a 3 x 2 array
    const offsetView: NDArray = { data: base, shape: [2, 2], strides: [2, 1], offset: 2, dtype: "float32" };
    const w = new TrialFileWriter(file, { dtype: "float32", tailShape: [3] });
    w.append(transposed);
    w.close();
    expect(Array.from(arrowTrials(file).values[0])).toEqual([0, 2, 4, 1, 3, 5]);
    const file2 = path.join(dir, "offset.arrow");
    const w2 = new TrialFileWriter(file2, { dtype: "float32", tailShape: [2] });
    w2.append(offsetView);
    w2.close();
    expect(Array.from(arrowTrials(file2).values[0])).toEqual([2, 3, 4, 5]);
  });

  test("a longer data array than the shape needs writes only the shape's values", () => {
    const file = path.join(dir, "longer.arrow");
    const w = new TrialFileWriter(file, { dtype: "uint8", tailShape: [2] });
    w.append({ data: Uint8Array.from([1, 2, 3, 4, 99, 99]), shape: [2, 2], dtype: "uint8" });
    w.close();
    expect(Array.from(arrowTrials(file).values[0])).toEqual([1, 2, 3, 4]);
  });

  test("the caller may reuse its buffer after append (the writer copies or writes immediately)", () => {
    const file = path.join(dir, "reuse.arrow");
    const buf = new Float32Array(6);
    const w = new TrialFileWriter(file, { dtype: "float32", tailShape: [3], trialLength: 2, batchBytes: 1 << 20 });
    for (let k = 0; k < 5; k++) {
      buf.fill(k);
      w.append({ data: buf, shape: [2, 3], dtype: "float32" });
    }
    w.close();
    const { values, table } = arrowTrials(file);
    expect(table.batches.length).toBe(1); // all five trials sat in the batch buffer together
    values.forEach((v, k) => expect(Array.from(v)).toEqual(new Array(6).fill(k)));
  });
});

describe("TrialFileWriter: IPC file layout", () => {
  test("magic, schema message, 8-byte aligned blocks, EOS, footer length, magic; the stream part is a valid IPC stream", () => {
    const file = path.join(dir, "layout.arrow");
    const trials = [5, 2, 9].map((n, k) => makeTrial("float32", n, [3], k));
    // trials of 60, 24, 108 bytes; batchBytes 80 is reached with the second trial -> 2 trials per batch
    writeAll(file, trials, { dtype: "float32", tailShape: [3], batchBytes: 80 });
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 8).equals(Buffer.from("ARROW1\0\0", "latin1"))).toBe(true);
    expect(bytes.subarray(bytes.length - 6).toString("latin1")).toBe("ARROW1");
    // the schema message directly follows the leading magic (the spec's file = magic + stream + footer)
    expect(bytes.readUInt32LE(8)).toBe(0xffffffff);
    const footerLength = bytes.readInt32LE(bytes.length - 10);
    const footerStart = bytes.length - 10 - footerLength;
    // EOS marker right before the footer
    expect(bytes.readUInt32LE(footerStart - 8)).toBe(0xffffffff);
    expect(bytes.readInt32LE(footerStart - 4)).toBe(0);
    const footer = Footer.decode(bytes.subarray(footerStart, footerStart + footerLength));
    expect(footer.numRecordBatches).toBe(2);
    let prevEnd = 0;
    for (let i = 0; i < footer.numRecordBatches; i++) {
      const b = footer.getRecordBatch(i)!;
      expect(b.offset % 8).toBe(0);
      expect(b.metaDataLength % 8).toBe(0);
      expect(b.bodyLength % 8).toBe(0);
      expect(bytes.readUInt32LE(b.offset)).toBe(0xffffffff);
      expect(b.offset).toBeGreaterThanOrEqual(prevEnd);
      prevEnd = b.offset + b.metaDataLength + b.bodyLength;
    }
    expect(prevEnd).toBe(footerStart - 8);
    // bytes 8 .. footerStart are a complete IPC *stream* (schema, batches, EOS)
    const reader = RecordBatchStreamReader.from(bytes.subarray(8, footerStart)).open();
    expect(reader.schema.metadata.get(STORAGE_META_KEY)).toContain('"trialsPerBatch":2');
    const batches = [...reader];
    expect(batches.map((b) => b.numRows)).toEqual([2, 1]);
  });

  test("our layout matches the metadata apache-arrow writes for the same table", () => {
    // write the same two fixed-size trials with apache-arrow's tableToIPC and with our writer;
    // the record batch bodies must be byte-identical
    const file = path.join(dir, "same.arrow");
    const trials = [makeTrial("float32", 2, [2], 1), makeTrial("float32", 2, [2], 2)];
    writeAll(file, trials, { dtype: "float32", tailShape: [2], trialLength: 2 });
    const ours = tableFromIPC(fs.readFileSync(file));
    const theirs = tableFromIPC(tableToIPC(ours, "file"));
    expect(theirs.numRows).toBe(2);
    for (let k = 0; k < 2; k++) {
      expect(bytesOf(theirs.getChild("trial")!.get(k)!.toArray()).equals(bytesOf(trials[k].data))).toBe(true);
    }
  });
});

describe("TrialFileWriter: validation", () => {
  const mk = (name: string, extra: object = {}) =>
    new TrialFileWriter(path.join(dir, name), { dtype: "float32", tailShape: [3], ...extra });

  test("bad constructor arguments are SPYValueErrors naming the parameter", () => {
    expect(() => new TrialFileWriter(path.join(dir, "x.arrow"), { dtype: "float16" as DType, tailShape: [3] })).toThrow(/`dtype`.*"float16"/);
    expect(() => mk("x.arrow", { tailShape: [3, 0] })).toThrow(/`tailShape`/);
    expect(() => mk("x.arrow", { tailShape: [2.5] })).toThrow(SPYValueError);
    expect(() => mk("x.arrow", { trialLength: -1 })).toThrow(/`trialLength`/);
    expect(() => mk("x.arrow", { batchBytes: 0 })).toThrow(/`batchBytes`/);
    expect(() => mk("x.arrow", { metadata: { a: 1 } })).toThrow(/`metadata.a`/);
    expect(fs.existsSync(path.join(dir, "x.arrow.partial"))).toBe(false);
  });

  test("wrong trials are refused and the writer stays usable", () => {
    const w = mk("val.arrow", { trialLength: 2 });
    const good = makeTrial("float32", 2, [3], 1);
    expect(() => w.append({ ...good, dtype: "float64" })).toThrow(/`trial.dtype`.*"float64".*"float32"/);
    expect(() => w.append({ data: new Float64Array(6), shape: [2, 3], dtype: "float32" })).toThrow(/`trial.data`.*Float32Array/);
    expect(() => w.append({ data: new Float32Array(8), shape: [2, 4], dtype: "float32" })).toThrow(/`trial.shape`.*\[2, 4\]/);
    expect(() => w.append({ data: new Float32Array(6), shape: [6], dtype: "float32" })).toThrow(/`trial.shape`/);
    expect(() => w.append(makeTrial("float32", 3, [3], 1))).toThrow(/`trial.shape\[0\]`.*3.*2/);
    expect(() => w.append({ data: new Float32Array(5), shape: [2, 3], dtype: "float32" })).toThrow(/at least 6 values/);
    expect(() => w.append({ data: new Float32Array(6), shape: [2, 3], strides: [1, 4], dtype: "float32" })).toThrow(/`trial.strides`/);
    expect(() => w.append({ foo: 1 } as unknown as NDArray)).toThrow(/`trial`/);
    w.append(good);
    expect(w.close().nTrials).toBe(1);
    const { values } = arrowTrials(path.join(dir, "val.arrow"));
    expect(bytesOf(values[0]).equals(bytesOf(good.data))).toBe(true);
  });

  test("append/close after close or abort are SPYIOErrors", () => {
    const w = mk("closed.arrow");
    w.close();
    expect(() => w.append(makeTrial("float32", 1, [3], 1))).toThrow(SPYIOError);
    expect(() => w.close()).toThrow(/closed/);
    const w2 = mk("aborted.arrow");
    w2.abort();
    expect(() => w2.append(makeTrial("float32", 1, [3], 1))).toThrow(/aborted/);
  });
});

describe("TrialFileWriter: partial files and streaming", () => {
  test("writes to <path>.partial and renames on close; abort removes the partial file", () => {
    const file = path.join(dir, "partial.arrow");
    const w = new TrialFileWriter(file, { dtype: "float32", tailShape: [3], batchBytes: 16 });
    w.append(makeTrial("float32", 4, [3], 1));
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.partial`)).toBe(true);
    w.close();
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    const file2 = path.join(dir, "aborted2.arrow");
    const w2 = new TrialFileWriter(file2, { dtype: "float32", tailShape: [3] });
    w2.append(makeTrial("float32", 4, [3], 1));
    w2.abort();
    w2.abort(); // idempotent
    expect(fs.existsSync(file2)).toBe(false);
    expect(fs.existsSync(`${file2}.partial`)).toBe(false);
  });

  test("an interrupted write leaves no file at the final path, and the partial file is not a valid Arrow file", () => {
    const file = path.join(dir, "interrupted.arrow");
    const w = new TrialFileWriter(file, { dtype: "float32", tailShape: [3], batchBytes: 16 });
    for (let k = 0; k < 5; k++) w.append(makeTrial("float32", 4, [3], k));
    // simulate a crash: never close; the partial file lacks the footer
    expect(fs.existsSync(file)).toBe(false);
    expect(() => tableFromIPC(fs.readFileSync(`${file}.partial`))).toThrow();
    w.abort();
  });

  test("a failing I/O step removes the partial file and reports the path", () => {
    const sub = path.join(dir, "gone");
    fs.mkdirSync(sub);
    const file = path.join(sub, "f.arrow");
    const w = new TrialFileWriter(file, { dtype: "float32", tailShape: [3] });
    w.append(makeTrial("float32", 4, [3], 1));
    fs.rmSync(sub, { recursive: true }); // rename on close now fails
    expect(() => w.close()).toThrow(SPYIOError);
    expect(() => w.close()).toThrow(/aborted/);
  });

  test("1e5 trials from a generator: batches reach the disk while writing, memory stays about one batch", () => {
    const file = path.join(dir, "many.arrow");
    const batchBytes = 1 << 20;
    const w = new TrialFileWriter(file, { dtype: "float32", tailShape: [8], batchBytes });
    // the generator reuses one buffer, so array-buffer growth measures the writer alone
    const scratch = new Float32Array(16 * 8);
    function* gen() {
      for (let k = 0; k < 100_000; k++) {
        const n = 8 + (k % 9); // variable length 8..16
        const data = scratch.subarray(0, n * 8);
        data.fill(0.5);
        data[0] = k;
        data[data.length - 1] = -k;
        yield { data, shape: [n, 8], dtype: "float32" as const };
      }
    }
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    let sizeAtHalf = -1;
    let k = 0;
    for (const t of gen()) {
      w.append(t);
      if (++k % 5000 === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
      if (k === 50_000) sizeAtHalf = fs.statSync(`${file}.partial`).size;
    }
    const res = w.close();
    expect(res.nTrials).toBe(100_000);
    // half of the trials are already on disk at the half-way point (streaming, not buffered)
    expect(sizeAtHalf).toBeGreaterThan(res.bytes * 0.45);
    // 38.4 MB of values written, but array-buffer memory stayed within a few batches (uncollected garbage included)
    let payload = 0;
    for (let j = 0; j < 100_000; j++) payload += (8 + (j % 9)) * 8 * 4;
    expect(res.bytes).toBeGreaterThan(payload);
    if (process.env.SPYTS_VERBOSE) console.log(`peak array-buffer growth ${(peak / 1e6).toFixed(1)} MB`);
    // the List batch buffer grows (doubling) when trials get longer than the first one: ~2 batches + garbage
    expect(peak).toBeLessThan(5 * batchBytes);
    const { values } = arrowTrials(file);
    expect(values.length).toBe(100_000);
    for (const j of [0, 1, 12345, 99_999]) {
      const v = values[j];
      expect(v.length).toBe((8 + (j % 9)) * 8);
      expect(v[0]).toBe(j);
      expect(v[v.length - 1]).toBe(-j);
    }
  });
});
