/**
 * spy.copy / data.copy(): a full copy in a new storage file, independent of the original's file.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { SPYTypeError, SPYValueError } from "../../src/core/errors";

function trial(k: number, L: number, C: number): spy.NDArray {
  return { data: Float64Array.from({ length: L * C }, (_, i) => k * 100 + i + 0.25), shape: [L, C], dtype: "float64" };
}

function sample(): spy.AnalogData {
  const d = new spy.AnalogData({
    data: [trial(0, 4, 2), trial(1, 6, 2), trial(2, 3, 2)], samplerate: 20, channel: ["l", "r"],
    trialdefinition: [[0, 4, -1, 7], [4, 10, 0, 8], [10, 13, -2, 9]], cfg: { earlier: { x: 1 } }, info: { subject: "s1", n: [1, 2] },
  });
  d.log = "made for the copy test";
  return d;
}

const allValues = (d: spy.BaseData): number[][] => Array.from({ length: d.nTrials }, (_, k) => Array.from(d.trials.get(k).data as ArrayLike<number>));

describe("spy.copy", () => {
  test("equal trials, labels, trialdefinition, cfg, log, info, extra datasets; a new file", () => {
    const d = sample();
    d.setDataset("extra", { data: Float64Array.of(1, 2, 3), shape: [3], dtype: "float64" });
    const c = spy.copy(d);
    expect(c).toBeInstanceOf(spy.AnalogData);
    expect(c.storage!.path).not.toBe(d.storage!.path);
    expect(c.storage!.temporary).toBe(true);
    expect(fs.readFileSync(c.storage!.path).equals(fs.readFileSync(d.storage!.path))).toBe(true);
    expect(allValues(c)).toEqual(allValues(d));
    expect(c.channel).toEqual(["l", "r"]);
    expect(c.trialdefinition).toEqual(d.trialdefinition);
    expect(c.samplerate).toBe(20);
    expect(c.cfg).toEqual(d.cfg);
    expect(c.history).toBe(d.history);
    expect(c.info).toEqual({ subject: "s1", n: [1, 2] });
    expect(Array.from(c.dataset("extra")!.data)).toEqual([1, 2, 3]);
    expect(allValues(d.copy())).toEqual(allValues(d));
  });

  test("independent of the original: overwriting, then removing, the original's file leaves the copy intact", () => {
    const d = sample();
    const want = allValues(d);
    const c = spy.copy(d);
    const original = d.storage!.path;
    const size = fs.statSync(original).size;
    fs.writeFileSync(original, Buffer.alloc(size, 0xff));  // garbage in place of the original's bytes
    expect(allValues(c)).toEqual(want);
    fs.unlinkSync(original);
    expect(fs.existsSync(c.storage!.path)).toBe(true);
    expect(allValues(c)).toEqual(want);
  });

  test("changing the copy's labels, info and metadata leaves the original as it was", () => {
    const d = sample();
    d.metadata = { nested: { a: [1, 2] } };
    const c = d.copy();
    c.channel = ["x", "y"];
    c.info.subject = "other";
    (c.metadata.nested as { a: number[] }).a.push(3);
    expect(d.channel).toEqual(["l", "r"]);
    expect(d.info.subject).toBe("s1");
    expect(d.metadata).toEqual({ nested: { a: [1, 2] } });
  });

  test("trials cut by definetrial (views) are copied as they read", () => {
    const stacked = new spy.AnalogData({ data: trial(0, 30, 2), samplerate: 10 });
    spy.definetrial(stacked, [[2, 8, 0], [5, 20, -3]]);
    const c = spy.copy(stacked);
    expect(c.trialdefinition).toEqual([[2, 8, 0], [5, 20, -3]]);
    expect(allValues(c)).toEqual(allValues(stacked));
    expect(allValues(c)[1][0]).toBe(10.25);
  });

  test("a loaded object is copied to a temporary file; the container stays untouched", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-copy-"));
    try {
      const file = await sample().save(path.join(dir, "rec.spy"));
      const loaded = await spy.load(file);
      const c = spy.copy(loaded);
      expect(c.storage!.temporary).toBe(true);
      expect(c.storage!.path.startsWith(dir)).toBe(false);
      fs.rmSync(dir, { recursive: true });
      expect(allValues(c)).toEqual(allValues(sample()));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("bad input", () => {
    expect(() => spy.copy(5 as never)).toThrow(SPYTypeError);
    expect(() => spy.copy(new spy.AnalogData())).toThrow(SPYValueError);
  });
});
