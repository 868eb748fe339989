import * as path from "path";
import { ComputationalRoutine, formatLogValue, shortenLogValue } from "../../src/compute/routine";
import { SPYComputeError, SPYMemoryError, SPYValueError } from "../../src/core/errors";
import type { NDArray } from "../../src/core/ndarray";
import type { ComputeContext } from "../../src/core/computeTypes";
import * as cfs from "./fixtures/cfs";
import { ArraySink, ArraySource, makeTrials } from "./fixtures/helpers";

const MOD = path.join(__dirname, "fixtures", "cfs");
const ref = (name: keyof typeof cfs) => ({ module: MOD, name });

/** Independent reference for cumsumCF (scale, no offset). */
function refCumsum(t: NDArray, scale = 1): Float64Array {
  const [nS, nC] = t.shape;
  const out = new Float64Array(nS * nC);
  for (let c = 0; c < nC; c++) {
    let acc = 0;
    for (let s = 0; s < nS; s++) {
      acc += t.data[s * nC + c] * scale;
      out[s * nC + c] = acc;
    }
  }
  return out;
}

describe("ComputationalRoutine: dry run (initialize)", () => {
  test("records per-trial output shapes, dtype, chunkShape and chunkBytes without reading any trial", () => {
    const src = new ArraySource(makeTrials(5, (k) => 10 + k, 3));
    const seen: number[] = [];
    const spy = (t: NDArray, kw: Record<string, unknown>, ctx: ComputeContext) => {
      expect(ctx.noCompute).toBe(true);
      expect(t.data.length).toBe(0);                 // the faux trial has no data
      seen.push(ctx.trial!);
      return cfs.cumsumCF(t, kw, ctx);
    };
    const cr = new ComputationalRoutine(spy, ref("cumsumCF"), { outDtype: "float32" }).initialize(src);
    expect(src.reads).toEqual([]);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(cr.outputShapes).toEqual([[10, 3], [11, 3], [12, 3], [13, 3], [14, 3]]);
    expect(cr.outputDtype).toBe("float32");
    expect(cr.chunkShape).toEqual([14, 3]);
    expect(cr.chunkBytes).toBe(14 * 3 * 8 + 14 * 3 * 4);
    expect(cr.numCalls).toBe(5);
  });

  test("keeptrials=false with unequal output shapes is refused like Syncopy", () => {
    const src = new ArraySource(makeTrials(3, (k) => 10 + k, 2));
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {});
    expect(() => cr.initialize(src, { keeptrials: false })).toThrow(SPYValueError);
    expect(() => cr.initialize(src, { keeptrials: false })).toThrow(/Averaging trials of unequal lengths is not supported/);
    expect(() => cr.initialize(src, { keeptrials: true })).not.toThrow();
  });

  test("different output dtypes between trials are refused", () => {
    const src = new ArraySource(makeTrials(4, 10, 2));
    const cr = new ComputationalRoutine(cfs.dtypeVariesCF, ref("dtypeVariesCF"), { oddTrial: 2 });
    expect(() => cr.initialize(src)).toThrow(SPYValueError);
    expect(() => cr.initialize(src)).toThrow(/trial 2/);
    const ok = new ComputationalRoutine(cfs.dtypeVariesCF, ref("dtypeVariesCF"), { oddTrial: 99 });
    expect(() => ok.initialize(src)).not.toThrow();
  });

  test("chan_per_worker splits the channel axis into blocks; bad values are refused", () => {
    const src = new ArraySource(makeTrials(3, 20, 10));
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {});
    cr.initialize(src, { chanPerWorker: 4 });
    expect(cr.numCalls).toBe(3 * 3);
    expect(cr.chunkShape).toEqual([20, 4]);
    expect(cr.chunkBytes).toBe(2 * 20 * 4 * 8);
    expect(cr.outputShapes).toEqual([[20, 10], [20, 10], [20, 10]]);
    expect(() => cr.initialize(src, { chanPerWorker: 0 })).toThrow(SPYValueError);
    expect(() => cr.initialize(src, { chanPerWorker: 2.5 })).toThrow(SPYValueError);
    expect(() => cr.initialize(src, { chanPerWorker: 2, channelAxis: 5 })).toThrow(SPYValueError);
    cr.initialize(src, { chanPerWorker: 10 });
    expect(cr.numCalls).toBe(3);
  });

  test("chan_per_worker with a compute function that is not channel-independent is refused", () => {
    const src = new ArraySource(makeTrials(2, 20, 6));
    const cr = new ComputationalRoutine(cfs.channelSumCF, ref("channelSumCF"), {});
    expect(() => cr.initialize(src, { chanPerWorker: 2 })).toThrow(/chan_per_worker/);
    expect(() => cr.initialize(src)).not.toThrow();
  });

  test("chan_per_worker is disabled, with a note in the log, when keeptrials=false", () => {
    const src = new ArraySource(makeTrials(3, 20, 10));
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {});
    cr.initialize(src, { chanPerWorker: 4, keeptrials: false });
    expect(cr.numCalls).toBe(3);
    expect(cr.chanPerWorker).toBeUndefined();
    expect(cr.writeLog("", {})).toMatch(/\tnote: chan_per_worker = 4 disabled: keeptrials=false/);
  });

  test("zero trials are refused", () => {
    const src = { nTrials: 0, dtype: "float64" as const, trialShape: () => [1], readTrial: () => { throw new Error("no"); } };
    expect(() => new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src)).toThrow(SPYValueError);
  });

  test("bad constructor arguments are refused", () => {
    expect(() => new ComputationalRoutine(cfs.cumsumCF, { module: "", name: "x" }, {})).toThrow(SPYValueError);
    expect(() => new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), null as unknown as Record<string, unknown>)).toThrow();
  });
});

describe("ComputationalRoutine: sequential compute", () => {
  test("writes every trial, in order, with the compute function's result", async () => {
    const trials = makeTrials(6, (k) => 30 + 3 * k, 4);
    const src = new ArraySource(trials, [10, 11, 12, 13, 14, 15]);
    const sink = new ArraySink();
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), { scale: 2 }).initialize(src);
    const res = await cr.compute(src, sink);
    expect(res.nTrials).toBe(6);
    expect(res.average).toBeUndefined();
    expect(sink.order).toEqual([0, 1, 2, 3, 4, 5]);
    for (let k = 0; k < 6; k++) {
      const got = sink.results.get(k)!;
      expect(got.shape).toEqual([30 + 3 * k, 4]);
      expect(Array.from(got.data)).toEqual(Array.from(refCumsum(trials[k], 2)));
    }
  });

  test("metadata are collected as <key>__<trialIndex>_<chunkIndex>", async () => {
    const trials = makeTrials(3, 10, 4);
    const src = new ArraySource(trials, [7, 8, 9]);
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), { withMeta: true }).initialize(src, { chanPerWorker: 2 });
    const res = await cr.compute(src, new ArraySink());
    expect(Object.keys(res.metadata).sort()).toEqual(
      [7, 8, 9].flatMap((t) => [0, 1].flatMap((c) => ["firstTwo", "nSamples", "ok", "tag", "totals"].map((k) => `${k}__${t}_${c}`))).sort());
    expect(res.metadata["nSamples__8_1"]).toBe(10);
    expect(res.metadata["tag__9_0"]).toBe("t9");
    const tot = res.metadata["totals__8_1"] as Float64Array;
    const full = refCumsum(trials[1]);
    expect(Array.from(tot)).toEqual([full[9 * 4 + 2], full[9 * 4 + 3]]);   // block 1 = channels 2, 3
    expect(cr.metadata).toBe(res.metadata);
  });

  test("chan_per_worker results equal whole-trial results (blocks reassembled on the last axis)", async () => {
    const trials = makeTrials(4, 25, 7);
    const src = new ArraySource(trials);
    const whole = new ArraySink();
    const blocks = new ArraySink();
    await new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src).compute(src, whole);
    await new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src, { chanPerWorker: 3 }).compute(src, blocks);
    for (let k = 0; k < 4; k++) expect(Array.from(blocks.results.get(k)!.data)).toEqual(Array.from(whole.results.get(k)!.data));
  });

  test("channelAxis selects the input's channel axis", async () => {
    const trials = makeTrials(3, 5, 20).map((t) => ({ ...t, shape: [5, 20] }));  // read as [nC=5, nS=20]
    const src = new ArraySource(trials);
    const whole = new ArraySink();
    const blocks = new ArraySink();
    const mk = () => new ComputationalRoutine(cfs.cumsumChannelsFirstCF, ref("cumsumChannelsFirstCF"), {});
    await mk().initialize(src).compute(src, whole);
    const cr = mk().initialize(src, { chanPerWorker: 2, channelAxis: 0 });
    expect(cr.numCalls).toBe(9);
    await cr.compute(src, blocks);
    expect(whole.results.get(0)!.shape).toEqual([20, 5]);
    for (let k = 0; k < 3; k++) expect(Array.from(blocks.results.get(k)!.data)).toEqual(Array.from(whole.results.get(k)!.data));
    // the wrong axis is refused (the output's last axis is not the input's last axis)
    expect(() => mk().initialize(src, { chanPerWorker: 2 })).toThrow(/chan_per_worker/);
  });

  test("keeptrials=false averages as a running sum, writes nothing, keeps float32", async () => {
    const trials = makeTrials(5, 12, 3);
    const src = new ArraySource(trials);
    const sink = new ArraySink();
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), { outDtype: "float32" }).initialize(src, { keeptrials: false });
    const res = await cr.compute(src, sink, { keeptrials: false });
    expect(sink.order).toEqual([]);
    expect(res.average!.dtype).toBe("float32");
    expect(res.average!.shape).toEqual([12, 3]);
    const expected = new Float64Array(36);
    for (const t of trials) {
      const r = Float32Array.from(refCumsum(t));
      for (let i = 0; i < 36; i++) expected[i] += r[i];
    }
    const exp32 = Float32Array.from(expected, (v) => v / 5);
    expect(Array.from(res.average!.data)).toEqual(Array.from(exp32));
    // null sink is fine when averaging
    await expect(cr.compute(src, null)).resolves.toBeDefined();
  });

  test("complex outputs are averaged interleaved", async () => {
    const trials = makeTrials(3, 4, 2);
    const src = new ArraySource(trials);
    const cr = new ComputationalRoutine(cfs.complexCF, ref("complexCF"), {}).initialize(src, { keeptrials: false });
    const res = await cr.compute(src, null);
    expect(res.average!.dtype).toBe("complex128");
    expect(res.average!.data.length).toBe(2 * 8);
    // imaginary part: mean over k of -x_k * (k + 1)
    const i = 5;
    const im = -(trials[0].data[i] * 1 + trials[1].data[i] * 2 + trials[2].data[i] * 3) / 3;
    expect(res.average!.data[2 * i + 1]).toBeCloseTo(im, 14);
    let re = 0;
    for (const t of trials) re += refCumsum(t)[i];
    expect(res.average!.data[2 * i]).toBeCloseTo(re / 3, 14);
  });

  test("keeptrials given to compute must agree with initialize", async () => {
    const src = new ArraySource(makeTrials(2, 5, 2));
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src);
    await expect(cr.compute(src, new ArraySink(), { keeptrials: false })).rejects.toThrow(SPYValueError);
  });

  test("a compute function error names the trial and the original message, and aborts the sink", async () => {
    const src = new ArraySource(makeTrials(6, 10, 2));
    const sink = new ArraySink();
    const cr = new ComputationalRoutine(cfs.throwOnTrialCF, ref("throwOnTrialCF"), { badTrial: 3 }).initialize(src);
    const err = await cr.compute(src, sink).then(() => undefined, (e) => e);
    expect(err).toBeInstanceOf(SPYComputeError);
    expect(err.message).toBe("trial 3: deliberate failure on trial 3");
    expect(err.trial).toBe(3);
    expect(err.original).toBe("deliberate failure on trial 3");
    expect((err.cause as Error).name).toBe("RangeError");
    expect(sink.aborted).toBe(err);
    expect(sink.order).toEqual([0, 1, 2]);          // nothing after the failure
  });

  test("a result that contradicts the dry run is a compute error", async () => {
    const src = new ArraySource(makeTrials(3, 10, 2));
    const cr = new ComputationalRoutine(cfs.lyingShapeCF, ref("lyingShapeCF"), { badTrial: 1 }).initialize(src);
    await expect(cr.compute(src, new ArraySink())).rejects.toThrow(/trial 1: .*shape \(9, 2\).*dry run announced \(10, 2\)/);
  });

  test("memory guard refuses before starting, saying what one trial needs and what is free", async () => {
    const src = new ArraySource(makeTrials(3, 100, 10));
    const sink = new ArraySink();
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src);
    expect(cr.chunkBytes).toBe(16000);
    const err = await cr.compute(src, sink, { freeMemory: 31999, memThresh: 0.5 }).then(() => undefined, (e) => e);
    expect(err).toBeInstanceOf(SPYMemoryError);
    expect(err.message).toMatch(/needs 16\.0 kB/);
    expect(err.message).toMatch(/32\.0 kB of memory are free/);
    expect(src.reads).toEqual([]);
    expect(sink.order).toEqual([]);
    await expect(cr.compute(src, sink, { freeMemory: 32001, memThresh: 0.5 })).resolves.toBeDefined();
    await expect(cr.compute(src, sink, { memThresh: 0 })).rejects.toThrow(SPYValueError);
    await expect(cr.compute(src, sink, { memThresh: 1.5 })).rejects.toThrow(SPYValueError);
  });

  test("a source that returns a trial of the wrong shape is refused", async () => {
    const trials = makeTrials(2, 10, 2);
    const src = new ArraySource(trials);
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}).initialize(src);
    trials[1] = makeTrials(1, 9, 2)[0];
    await expect(cr.compute(src, new ArraySink())).rejects.toThrow(SPYValueError);
  });
});

describe("ComputationalRoutine: log", () => {
  test("writes Syncopy's block after the previous log", () => {
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {});
    const log = cr.writeLog("previous entry", { method: "mtmfft", foilim: [1, 100], keeptrials: true, chunkShape: [1], noCompute: false });
    expect(log).toBe("previous entry\ncomputed cumsumCF with settings\n\tmethod = mtmfft\n\tfoilim = [1, 100]\n\tkeeptrials = true\n");
    const named = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {}, { name: "mtmfft_cF" });
    expect(named.writeLog("", {})).toBe("computed mtmfft_cF with settings\n");
  });

  test("values longer than 80 characters are shortened to 30 + … + 30", () => {
    const long = Array.from({ length: 40 }, (_, i) => i);
    const s = formatLogValue(long);
    expect(s.length).toBeGreaterThan(80);
    const cr = new ComputationalRoutine(cfs.cumsumCF, ref("cumsumCF"), {});
    const line = cr.writeLog("", { toi: long }).split("\n")[1];
    expect(line).toBe(`\ttoi = ${s.slice(0, 30)}…${s.slice(-30)}`);
    expect(shortenLogValue("x".repeat(80))).toBe("x".repeat(80));
    expect(shortenLogValue("x".repeat(81))).toBe(`${"x".repeat(30)}…${"x".repeat(30)}`);
    expect(formatLogValue(new Float64Array([1.5, 2]))).toBe("[1.5, 2]");
    expect(formatLogValue({ a: 1 })).toBe('{"a":1}');
  });
});
