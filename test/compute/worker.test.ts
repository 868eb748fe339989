/** The worker's task runner, exercised in the main thread (no worker needed). */
import * as path from "path";
import { runTask, resolveComputeFunction } from "../../src/compute/worker";
import { TaskMessage, UNIT_FIELDS } from "../../src/compute/protocol";
import * as cfs from "./fixtures/cfs";

const MOD = path.join(__dirname, "fixtures", "cfs");

/** A task of float32 trials of shapes [n, 1] (n odd, so results are not 8-byte multiples). */
function makeTask(lengths: number[], name: string, kwargs: Record<string, unknown> = {}, key = "k1"): TaskMessage {
  const inShapes = lengths.map((n) => [n, 1]);
  const units = new Float64Array(lengths.length * UNIT_FIELDS);
  let off = 0;
  lengths.forEach((n, i) => {
    units.set([100 + i, 0, i, i, off, n], i * UNIT_FIELDS);
    off = Math.ceil((off + 4 * n) / 8) * 8;
  });
  const input = new ArrayBuffer(off);
  lengths.forEach((n, i) => {
    const v = new Float32Array(input, units[i * UNIT_FIELDS + 4], n);
    for (let j = 0; j < n; j++) v[j] = i + j / 2;
  });
  return {
    taskId: 42, ref: { module: MOD, name }, kwargsKey: key, kwargs, inDtype: "float32", outDtype: "float32",
    inShapes, outShapes: inShapes, units, input,
  };
}

describe("worker task runner", () => {
  test("packs results at 8-byte aligned offsets, returns the input buffer and fresh metadata copies", () => {
    const task = makeTask([3, 5, 2], "cumsumCF", { outDtype: "float32", withMeta: true });
    const { reply, transfer } = runTask(task);
    if (!reply.ok) throw new Error(reply.message);
    expect(Array.from(reply.offsets)).toEqual([0, 16, 40]);
    const r1 = new Float32Array(reply.output, reply.offsets[1], 5);
    expect(Array.from(r1)).toEqual([1, 2.5, 4.5, 7, 10]);
    expect(reply.input).toBe(task.input);
    expect(transfer).toContain(reply.output);
    expect(transfer).toContain(task.input);
    expect(reply.meta!.map(([i]) => i)).toEqual([0, 1, 2]);
    const totals = reply.meta![2][1].totals as Float64Array;
    expect(transfer).toContain(totals.buffer);
    expect(reply.meta![1][1].tag).toBe("t101");
  });

  test("an error names the unit and the original trial, with name, message and stack", () => {
    const task = makeTask([3, 3, 3, 3], "throwOnTrialCF", { badTrial: 102, outDtype: "float32" });
    const { reply } = runTask(task);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.message).toBe("deliberate failure on trial 102");
    expect(reply.unit).toBe(2);
    expect(reply.trial).toBe(102);
    expect(reply.name).toBe("RangeError");
    expect(reply.message).toBe("deliberate failure on trial 102");
    expect(reply.stack).toMatch(/throwOnTrialCF/);
  });

  test("kwargs are cached by key; an unknown key without kwargs is an error", () => {
    const withKw = makeTask([2], "cumsumCF", { outDtype: "float32", scale: 3 }, "cache-test");
    expect(runTask(withKw).reply.ok).toBe(true);
    const without = makeTask([2], "cumsumCF", {}, "cache-test");
    delete without.kwargs;
    const { reply } = runTask(without);
    if (!reply.ok) throw new Error(reply.message);
    expect(Array.from(new Float32Array(reply.output, 0, 2))).toEqual([0, 1.5]);   // scale 3 was remembered
    const unknown = makeTask([2], "cumsumCF", {}, "never-sent");
    delete unknown.kwargs;
    const r = runTask(unknown).reply;
    expect(r.ok).toBe(false);
  });

  test("a result that does not match the announced shape is an error of that unit", () => {
    const task = makeTask([4, 4], "cumsumCF", { outDtype: "float32" });
    task.outShapes = [[4, 1], [5, 1]];
    task.units[1 * UNIT_FIELDS + 3] = 1;
    const { reply } = runTask(task);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.message).toMatch(/dry run announced \(5, 1\)/);
  });

  test("resolveComputeFunction finds exports and refuses missing ones", () => {
    expect(resolveComputeFunction({ module: MOD, name: "cumsumCF" })).toBe(cfs.cumsumCF);
    expect(() => resolveComputeFunction({ module: MOD, name: "nope" })).toThrow(/no exported function 'nope'/);
  });
});
