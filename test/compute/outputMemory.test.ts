/**
 * ComputeContext.out: the engine offers a compute function memory for its result only where each
 * result is copied away before the next call (a sink that `copies`, the keeptrials=false sum, a
 * worker's reply buffer, a worker's direct write), and never where the sink keeps the result.
 * Reused memory must never leak one trial's values into another's result: every result is checked
 * against the cumulative sum computed here.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ComputationalRoutine } from "../../src/compute/routine";
import { shutdown } from "../../src/compute/pool";
import { TrialFileWriter } from "../../src/data/storage/writer";
import { TrialFileReader } from "../../src/data/storage/reader";
import type { TrialSink } from "../../src/core/computeTypes";
import { NDArray, resultArray } from "../../src/core/ndarray";
import * as cfs from "./fixtures/cfs";
import { ArraySource, makeTrials } from "./fixtures/helpers";

const MOD = path.join(__dirname, "fixtures", "cfs");
const REF = { module: MOD, name: "outMemoryCF" };
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-outmem-")); });
afterAll(async () => {
  await shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The expected result of outMemoryCF: per channel, the cumulative sum in float64, stored as float32. */
function cumsum(t: NDArray): Float32Array {
  const [nS, nC] = t.shape;
  const out = new Float32Array(nS * nC);
  for (let c = 0; c < nC; c++) {
    let acc = 0;
    for (let s = 0; s < nS; s++) {
      acc += t.data[s * nC + c];
      out[s * nC + c] = acc;
    }
  }
  return out;
}

function routine(trials: NDArray[], keeptrials = true) {
  const src = new ArraySource(trials);
  const cr = new ComputationalRoutine(cfs.outMemoryCF, REF, { outDtype: "float32" }).initialize(src, { keeptrials });
  return { src, cr };
}

/** A file sink like compute/frontend.ts's: writeAt copies into the file, so `copies` is true. */
function fileSink(file: string, cr: ComputationalRoutine, direct: boolean) {
  const shapes = cr.outputShapes;
  const w = new TrialFileWriter(file, { dtype: "float32", tailShape: shapes[0].slice(1), batchBytes: 4096 });
  const positions = w.reserve(shapes.map((s) => s[0]));
  const sink: TrialSink = { write: (k, r) => w.writeAt(k, r), copies: true, abort: () => w.abort() };
  if (direct) sink.direct = { path: w.partialPath, dtype: "float32", positions };
  /** The trials as written (read back through the file reader, closed after). */
  const close = (): Float32Array[] => {
    w.close();
    const r = TrialFileReader.open(file);
    try {
      return shapes.map((_s, k) => Float32Array.from(r.readTrial(k).data));
    } finally {
      r.close();
    }
  };
  return { sink, close };
}

function offeredFlags(metadata: Record<string, unknown>): boolean[] {
  return Object.keys(metadata).filter((k) => k.startsWith("offered__")).sort().map((k) => metadata[k] as boolean);
}

describe("ComputeContext.out", () => {
  const trials = makeTrials(23, (k) => 30 + (k % 4), 5, "float64", 17);

  test("sequential, copying sink: memory reused across calls, every trial's values its own", async () => {
    const { src, cr } = routine(trials);
    const s = fileSink(path.join(dir, "seq.arrow"), cr, false);
    cfs.outSeen.length = 0;
    const res = await cr.compute(src, s.sink);
    expect(cfs.outSeen).toHaveLength(23);
    expect(cfs.outSeen.every((b) => b !== null)).toBe(true);
    // trial lengths cycle 30, 31, 32, 33: the memory grows three times, then serves every call
    expect(new Set(cfs.outSeen).size).toBe(4);
    expect(Object.entries(res.metadata).filter(([k]) => k.startsWith("fits__")).every(([, v]) => v === true)).toBe(true);
    const back = s.close();
    trials.forEach((t, k) => expect(Array.from(back[k])).toEqual(Array.from(cumsum(t))));
  });

  test("a sink that keeps its results is never offered memory", async () => {
    const { src, cr } = routine(trials);
    const kept: NDArray[] = [];
    cfs.outSeen.length = 0;
    await cr.compute(src, { write: (_k, r) => kept.push(r) });
    expect(cfs.outSeen.every((b) => b === null)).toBe(true);
    trials.forEach((t, k) => expect(Array.from(kept[k].data)).toEqual(Array.from(cumsum(t))));
  });

  test("keeptrials=false: the running sum copies, so memory is offered; the average is exact", async () => {
    const same = makeTrials(9, 12, 3, "float64", 5);
    const { src, cr } = routine(same, false);
    cfs.outSeen.length = 0;
    const res = await cr.compute(src, null);
    expect(cfs.outSeen.every((b) => b !== null)).toBe(true);
    const sum = new Float64Array(36);
    for (const t of same) cumsum(t).forEach((v, i) => { sum[i] += v; });
    // the mean of the float32 results, summed in float64 (the engine's order), stored as float32
    res.average!.data.forEach((v, i) => expect(Math.abs(v - sum[i] / 9)).toBeLessThanOrEqual(6e-8 * Math.abs(sum[i] / 9)));
  });

  test.each([
    { name: "direct writes", direct: true },
    { name: "packed replies", direct: false },
  ])("workers ($name): offered memory, values equal to the sequential run", async ({ name, direct }) => {
    const { src, cr } = routine(trials);
    const s = fileSink(path.join(dir, `par-${name.replace(/\W/g, "")}.arrow`), cr, direct);
    const res = await cr.compute(src, s.sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    expect(res.stats.parallel).toBe(true);
    expect(offeredFlags(res.metadata)).toEqual(new Array(23).fill(true));
    const back = s.close();
    trials.forEach((t, k) => expect(Array.from(back[k])).toEqual(Array.from(cumsum(t))));
  });
});

describe("workers' reply buffers", () => {
  const trials = makeTrials(19, (k) => 20 + (k % 3), 4, "float64", 29);
  // a recycled reply buffer is shared memory that goes back to the workers after the sink's write
  // (by its tag: a buffer from a worker belongs to another realm than jest's test globals)
  const shared = (r: NDArray) => Object.prototype.toString.call(r.data.buffer) === "[object SharedArrayBuffer]";

  test("a copying sink gets recycled (shared) reply memory; the values stay each trial's own", async () => {
    const { src, cr } = routine(trials);
    const got: Float32Array[] = [];
    const kinds: boolean[] = [];
    const sink: TrialSink = { write: (k, r) => { kinds[k] = shared(r); got[k] = Float32Array.from(r.data); }, copies: true };
    const res = await cr.compute(src, sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    expect(res.stats.parallel).toBe(true);
    expect(kinds).toEqual(new Array(19).fill(true));
    trials.forEach((t, k) => expect(Array.from(got[k])).toEqual(Array.from(cumsum(t))));
  });

  test("a sink that keeps its results never gets memory that goes back to a worker", async () => {
    const { src, cr } = routine(trials);
    const kept: NDArray[] = [];
    const res = await cr.compute(src, { write: (_k, r) => kept.push(r) }, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    expect(res.stats.parallel).toBe(true);
    expect(kept.some(shared)).toBe(false);
    trials.forEach((t, k) => expect(Array.from(kept[k].data)).toEqual(Array.from(cumsum(t))));
  });
});

describe("resultArray", () => {
  test("takes offered memory of the right type and size, unzeroed", () => {
    const mem = new Float32Array([1, 2, 3, 4, 5, 6]);
    const a = resultArray([2, 3], "float32", mem);
    expect(a.data).toBe(mem);
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test.each([
    { why: "another size", mem: new Float32Array(5), shape: [2, 3], dtype: "float32" as const },
    { why: "another type", mem: new Float64Array(6).fill(7), shape: [2, 3], dtype: "float32" as const },
    { why: "complex needs two slots", mem: new Float32Array(6).fill(7), shape: [2, 3], dtype: "complex64" as const },
    { why: "nothing offered", mem: undefined, shape: [2, 3], dtype: "float64" as const },
  ])("$why: a new zero-filled array", ({ mem, shape, dtype }) => {
    const a = resultArray(shape, dtype, mem);
    expect(a.data).not.toBe(mem);
    expect(a.dtype).toBe(dtype);
    expect(Array.from(a.data).every((v) => v === 0)).toBe(true);
  });
});
