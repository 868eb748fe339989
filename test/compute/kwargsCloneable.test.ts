/**
 * A function, symbol or class instance inside kwargs sent to workers is a SPYTypeError naming the
 * kwarg's path, raised before any worker starts (issue 21: it was "internal: kwargs 'batch-1' were
 * never sent to this worker"). Checked where user kwargs enter (spy.batch.defineTransform) and,
 * for every task, in the pool's submit (src/core/cloneable.ts).
 */
import * as spy from "../../src";
import { SPYTypeError } from "../../src";
import { ComputePool } from "../../src/compute/pool";
import { checkCloneable } from "../../src/core/cloneable";
import type { TaskMessage } from "../../src/compute/protocol";
import * as vm from "vm";

class Filter {
  gain = 2;
  apply(x: number): number { return this.gain * x; }
}

const BAD: [string, Record<string, unknown>, string][] = [
  ["a function", { scale: 2, f: (x: number) => x }, "kwargs.f"],
  ["a nested function", { opts: { list: [1, { g() { return 1; } }] } }, "kwargs.opts.list[1].g"],
  ["a symbol", { tag: Symbol("x") }, "kwargs.tag"],
  ["a class instance", { filter: new Filter() }, "kwargs.filter"],
];

function paramOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SPYTypeError);
    return (e as SPYTypeError).param;
  }
  throw new Error("no error");
}

describe("kwargs a worker cannot receive", () => {
  test.each(BAD)("defineTransform with %s in kwargs names it", (_what, kwargs, path) => {
    expect(paramOf(() => spy.batch.defineTransform({ module: "/abs/mod.js", name: "f", kwargs }))).toBe(path);
  });

  test("what workers can receive passes: numbers, strings, typed arrays, nested plain objects, null, Map", () => {
    const ok = { a: 1, s: "x", t: new Float64Array(3), n: null, nested: { list: [1, [2, 3], { b: true }] }, m: new Map([["k", 1]]), d: new Date(0) };
    expect(() => checkCloneable(ok, "kwargs")).not.toThrow();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => checkCloneable(cyclic, "kwargs")).not.toThrow();
  });

  test("buffers made in another realm (a vm context, as a worker's reply under jest) pass; a class instance from there does not", () => {
    const foreign = vm.runInNewContext("({ ab: new ArrayBuffer(8), sab: new SharedArrayBuffer(8), inst: new (class K { f() {} })() })") as Record<string, unknown>;
    expect(foreign.ab instanceof ArrayBuffer).toBe(false); // what made instanceof the wrong test
    expect(() => checkCloneable({ ab: foreign.ab, sab: foreign.sab }, "kwargs")).not.toThrow();
    expect(paramOf(() => checkCloneable({ x: foreign.inst }, "kwargs"))).toBe("kwargs.x");
  });

  test.each(BAD)("the pool refuses %s before spawning a worker", async (_what, kwargs, path) => {
    const pool = new ComputePool(1);
    try {
      const message = {
        taskId: 1, ref: { module: "/nonexistent.js", name: "f" }, kwargsKey: "k1", kwargs,
        inDtype: "float64", outDtype: "float64", inShapes: [[1, 1]], outShapes: [[1, 1]],
        units: new Float64Array(8), input: new ArrayBuffer(8),
      } as unknown as TaskMessage;
      const err = await pool.submit(message, []).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(SPYTypeError);
      expect((err as SPYTypeError).param).toBe(path);
      expect(pool.threadIds()).toEqual([]);
    } finally {
      await pool.terminate();
    }
  });
});
