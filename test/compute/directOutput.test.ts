/**
 * Direct output: when the sink lays its trials out in a file (TrialSink.direct), parallel workers
 * write whole trials there themselves. The file must be byte for byte the one the sequential path
 * (the main thread's sink.write) makes, for fixed and variable trial lengths, for channel blocks
 * (which still go through the main thread) and for an "auto" run that switches to workers midway.
 * A failing trial aborts the writer: no file is left.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ComputationalRoutine } from "../../src/compute/routine";
import { shutdown } from "../../src/compute/pool";
import { TrialFileWriter } from "../../src/data/storage/writer";
import type { TrialSink } from "../../src/core/computeTypes";
import * as cfs from "./fixtures/cfs";
import { ArraySource, makeTrials } from "./fixtures/helpers";

const MOD = path.join(__dirname, "fixtures", "cfs");
const ref = (name: keyof typeof cfs) => ({ module: MOD, name });
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-direct-")); });
afterAll(async () => {
  await shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A file sink like the metafunctions' (compute/frontend.ts): reserved layout, direct target when asked. */
function fileSink(file: string, cr: ComputationalRoutine, direct: boolean) {
  const shapes = cr.outputShapes;
  const equal = shapes.every((s) => s[0] === shapes[0][0]);
  const w = new TrialFileWriter(file, { dtype: cr.outputDtype, tailShape: shapes[0].slice(1), trialLength: equal ? shapes[0][0] : undefined, batchBytes: 4096 });
  const positions = w.reserve(shapes.map((s) => s[0]));
  const written: number[] = [];
  const sink: TrialSink = { write: (k, r) => { written.push(k); w.writeAt(k, r); }, abort: () => w.abort() };
  if (direct) sink.direct = { path: w.partialPath, dtype: cr.outputDtype, positions };
  return { sink, written, close: () => { w.close(); return fs.readFileSync(file); } };
}

describe("workers write kept trials to the output file themselves", () => {
  test.each([
    { name: "fixed length", lengths: 40, chanPerWorker: undefined },
    { name: "variable length", lengths: (k: number) => 37 + (k % 6), chanPerWorker: undefined },
    { name: "channel blocks (assembled by the main thread)", lengths: 40, chanPerWorker: 3 },
  ])("$name: byte-identical to the sequential file", async ({ name, lengths, chanPerWorker }) => {
    const trials = makeTrials(31, lengths, 8, "float64", 11);
    const src = new ArraySource(trials);
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), { outDtype: "float32", scale: 1.3, offset: -0.2 })
      .initialize(src, { keeptrials: true, chanPerWorker });
    const tag = name.replace(/\W+/g, "_");
    const seq = fileSink(path.join(dir, `${tag}-seq.arrow`), cr, false);
    await cr.compute(src, seq.sink);
    const par = fileSink(path.join(dir, `${tag}-par.arrow`), cr, true);
    const run = await cr.compute(src, par.sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    expect(run.stats.parallel).toBe(true);
    const a = seq.close(), b = par.close();
    expect(b.length).toBe(a.length);
    expect(Buffer.compare(a, b)).toBe(0);
    expect(seq.written).toEqual(Array.from({ length: 31 }, (_, k) => k));
    // whole trials never pass through the main thread's sink.write; assembled blocks do
    expect(par.written).toEqual(chanPerWorker ? seq.written : []);
  });

  test("an \"auto\" run (main thread first, then workers) gives the same file", async () => {
    const src = new ArraySource(makeTrials(24, 10, 2, "float64", 6));
    const cr = new ComputationalRoutine(cfs.busyCF, ref("busyCF"), { ms: 40 }).initialize(src, { keeptrials: true });
    const seq = fileSink(path.join(dir, "auto-seq.arrow"), cr, false);
    await cr.compute(src, seq.sink);
    const par = fileSink(path.join(dir, "auto-par.arrow"), cr, true);
    // machineLoad 0: as on a machine doing nothing else (this one may be shared)
    const run = await cr.compute(src, par.sink, { parallel: "auto", nWorkers: 2, machineLoad: 0 });
    expect(run.stats.auto?.fromUnit).toBeGreaterThanOrEqual(1);
    // the trials before the switch went through sink.write, the rest were written by the workers
    expect(par.written).toEqual(Array.from({ length: run.stats.auto!.fromUnit! }, (_, k) => k));
    expect(Buffer.compare(seq.close(), par.close())).toBe(0);
  });

  test("a direct target of another dtype is not used (the sink converts)", async () => {
    const trials = makeTrials(9, 20, 4, "float64", 3);
    const src = new ArraySource(trials);
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), { outDtype: "float32", scale: 1, offset: 0 }).initialize(src, { keeptrials: true });
    const s = fileSink(path.join(dir, "dtype.arrow"), cr, true);
    s.sink.direct!.dtype = "float64";
    await cr.compute(src, s.sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 });
    expect(s.written).toEqual(Array.from({ length: 9 }, (_, k) => k));
    s.close();
  });

  test("a trial that fails in a worker aborts the file: nothing is left", async () => {
    const trials = makeTrials(20, 30, 4, "float64", 2);
    const src = new ArraySource(trials);
    const cr = new ComputationalRoutine(cfs.throwOnTrialCF, ref("throwOnTrialCF"), { badTrial: 13 }).initialize(src, { keeptrials: true });
    const file = path.join(dir, "fail.arrow");
    const s = fileSink(file, cr, true);
    await expect(cr.compute(src, s.sink, { parallel: true, nWorkers: 2, targetTaskMs: 0 })).rejects.toThrow(/trial 13/);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  });
});
