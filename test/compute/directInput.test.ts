/**
 * Direct input: a TrialSource that can say where a trial's values lie in a file (locateTrial) has
 * the workers of a parallel run read whole trials there themselves; the main thread reads none of
 * them. Results must equal the sequential run's bit for bit, with fixed and variable lengths, for
 * channel blocks (which still go through the main thread) and where a span does not match the
 * announced shape (the main thread copies then). A file cut short during the run is an error that
 * names the trial, never a result computed from garbage.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ComputationalRoutine } from "../../src/compute/routine";
import { shutdown } from "../../src/compute/pool";
import { TrialFileReader } from "../../src/data/storage/reader";
import { TrialFileWriter } from "../../src/data/storage/writer";
import type { FileSpan, TrialSource } from "../../src/core/computeTypes";
import type { DType, NDArray } from "../../src/core/ndarray";
import * as spy from "../../src";
import { SelectionSource } from "../../src/data/source";
import * as cfs from "./fixtures/cfs";
import { makeTrials } from "./fixtures/helpers";

const MOD = path.join(__dirname, "fixtures", "cfs");
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-direct-in-")); });
afterAll(async () => {
  await shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Trials stored in an Arrow file, read through TrialFileReader; counts the main thread's reads. */
class FileSource implements TrialSource {
  readonly reader: TrialFileReader;
  reads = 0;
  /** Bytes to add to every span (to make it disagree with the announced shape). */
  skew = 0;
  constructor(readonly file: string, trials: NDArray[]) {
    const w = new TrialFileWriter(file, { dtype: trials[0].dtype, tailShape: trials[0].shape.slice(1), batchBytes: 3000 });
    for (const t of trials) w.append(t);
    w.close();
    this.reader = TrialFileReader.open(file);
  }
  get nTrials(): number { return this.reader.nTrials; }
  get dtype(): DType { return this.reader.dtype; }
  trialShape(k: number): number[] { return this.reader.trialShape(k); }
  readTrial(k: number): NDArray {
    this.reads++;
    return this.reader.readTrial(k);
  }
  private spans = new Map<number, { position: number; bytes: number }>();
  locateTrial(k: number): FileSpan {
    let s = this.spans.get(k);
    if (!s) this.spans.set(k, (s = this.reader.trialLocation(k)));
    return { path: this.file, position: s.position, bytes: s.bytes + this.skew };
  }
}

function results(cr: ComputationalRoutine) {
  const got: NDArray[] = [];
  return { got, sink: { write: (k: number, r: NDArray) => { got[k] = { ...r, data: r.data.slice() }; } } };
}

describe("workers read whole trials from the source's file", () => {
  test.each([
    { name: "fixed length", lengths: 40 as number | ((k: number) => number), chanPerWorker: undefined as number | undefined, expectReads: 0 },
    { name: "variable length", lengths: (k: number) => 37 + (k % 6), chanPerWorker: undefined, expectReads: 0 },
    { name: "channel blocks (copied by the main thread)", lengths: 40, chanPerWorker: 3, expectReads: 21 },
  ])("$name: the sequential run's values", async ({ name, lengths, chanPerWorker, expectReads }) => {
    const trials = makeTrials(21, lengths, 8, "float64", 5);
    const src = new FileSource(path.join(dir, `${name.replace(/\W+/g, "_")}.arrow`), trials);
    const cr = new ComputationalRoutine(cfs.cumsumCF, { module: MOD, name: "cumsumCF" }, { scale: 1.7, offset: 0.1 })
      .initialize(src, { keeptrials: true, chanPerWorker });
    const seq = results(cr);
    await cr.compute(src, seq.sink);
    src.reads = 0;
    const par = results(cr);
    const run = await cr.compute(src, par.sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    expect(run.stats.parallel).toBe(true);
    expect(src.reads).toBe(expectReads);
    seq.got.forEach((r, k) => expect(Buffer.compare(Buffer.from(par.got[k].data.buffer, par.got[k].data.byteOffset, par.got[k].data.byteLength),
      Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength))).toBe(0));
    src.reader.close();
  });

  test("a worker reads into its own (unshared) memory; what the main thread copies comes in the shared task buffer", async () => {
    // V8 copies out of a SharedArrayBuffer with relaxed atomics, several times slower (compute/workerInput.ts)
    const trials = makeTrials(9, 50, 6, "float32", 3);
    const src = new FileSource(path.join(dir, "own-memory.arrow"), trials);
    for (const chanPerWorker of [undefined, 4]) {
      const cr = new ComputationalRoutine(cfs.inputMemoryCF, { module: MOD, name: "inputMemoryCF" }, {}).initialize(src, { keeptrials: true, chanPerWorker });
      const seq = results(cr);
      await cr.compute(src, seq.sink);
      const par = results(cr);
      const run = await cr.compute(src, par.sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
      expect(run.stats.parallel).toBe(true);
      const flags = Object.entries(run.metadata).filter(([k]) => k.startsWith("shared__")).map(([, v]) => v);
      expect(flags.length).toBe(chanPerWorker ? 9 * 2 : 9);
      // whole trials: read by the worker into its own memory; channel blocks: copied in by the main thread
      expect(new Set(flags)).toEqual(new Set([chanPerWorker !== undefined]));
      seq.got.forEach((r, k) => expect(Array.from(par.got[k].data)).toEqual(Array.from(r.data)));
    }
    src.reader.close();
  });

  test("a span that disagrees with the announced shape is not used: the main thread reads", async () => {
    const trials = makeTrials(6, 30, 4, "float32", 2);
    const src = new FileSource(path.join(dir, "skew.arrow"), trials);
    src.skew = 4;
    const cr = new ComputationalRoutine(cfs.cumsumCF, { module: MOD, name: "cumsumCF" }, {}).initialize(src, { keeptrials: true });
    const par = results(cr);
    await cr.compute(src, par.sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    expect(src.reads).toBe(6);
    src.reader.close();
  });

  test("a file cut short under the run: an error naming the trial, no result", async () => {
    const trials = makeTrials(12, 500, 4, "float64", 9);
    const file = path.join(dir, "cut.arrow");
    const src = new FileSource(file, trials);
    const cr = new ComputationalRoutine(cfs.cumsumCF, { module: MOD, name: "cumsumCF" }, {}).initialize(src, { keeptrials: true });
    // every span is known before the cut (the source keeps them), so the main thread still locates
    // trial 7 and later: the worker's own read is what meets the end of the file
    for (let k = 0; k < 12; k++) src.locateTrial(k);
    const cutAt = src.reader.trialLocation(7).position + 100;
    fs.truncateSync(file, cutAt);
    const par = results(cr);
    await expect(cr.compute(src, par.sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 })).rejects.toThrow(/trial 7\b.*ended at byte/);
    src.reader.close();
  });
});

describe("a sequential run reads whole trials from the source's file too", () => {
  test("into one reused buffer; a result or metadata that is a view of it is copied first", async () => {
    // the longest first: every later trial fits the buffer the first one made
    const trials = makeTrials(7, (k) => 26 - k, 4, "float64", 11);
    const src = new FileSource(path.join(dir, "sequential-identity.arrow"), trials);
    const cr = new ComputationalRoutine(cfs.identityCF, { module: MOD, name: "identityCF" }, {}).initialize(src, { keeptrials: true });
    const kept: NDArray[] = [];
    // the sink keeps what it is given, by reference
    const run = await cr.compute(src, { write: (k: number, r: NDArray) => { kept[k] = r; } });
    expect(run.stats.parallel).toBe(false);
    expect(src.reads).toBe(0);
    trials.forEach((t, k) => {
      expect(Array.from(kept[k].data)).toEqual(Array.from(t.data));
      expect(Array.from(run.metadata[`first__${k}_0`] as Float64Array)).toEqual(Array.from(t.data.subarray(0, 4)));
    });
    src.reader.close();
  });
});

describe("SelectionSource.locateTrial", () => {
  const C = 5;
  const trials = [0, 1, 2].map((k) => ({ data: Float32Array.from({ length: 100 * C }, (_, i) => Math.sin(i * 0.1 + k)), shape: [100, C], dtype: "float32" as const }));

  /** The bytes a span points at. */
  function spanBytes(s: FileSpan): Buffer {
    const fd = fs.openSync(s.path, "r");
    try {
      const b = Buffer.alloc(s.bytes);
      fs.readSync(fd, b, 0, s.bytes, s.position);
      return b;
    } finally {
      fs.closeSync(fd);
    }
  }
  const bytesOf = (a: NDArray) => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);

  test("whole trials and latency ranges: the span holds exactly what readTrial returns", () => {
    const data = new spy.AnalogData({ data: trials, samplerate: 100 });
    for (const select of [{}, { trials: [2, 0] }, { latency: [-0.8, -0.5] as [number, number] }]) {
      const src = new SelectionSource(data, data.resolve(select));
      for (let i = 0; i < src.nTrials; i++) {
        const span = src.locateTrial(i);
        expect(span).not.toBeNull();
        expect(spanBytes(span!).equals(bytesOf(src.readTrial(i)))).toBe(true);
      }
    }
  });

  test("a channel selection and event data: null", () => {
    const data = new spy.AnalogData({ data: trials, samplerate: 100 });
    const ch = new SelectionSource(data, data.resolve({ channel: [1, 3] }));
    expect(ch.locateTrial(0)).toBeNull();
    const ev = new spy.EventData({ data: [[10, 1], [20, 2]], samplerate: 100 });
    expect(new SelectionSource(ev, ev.resolve({})).locateTrial(0)).toBeNull();
  });
});
