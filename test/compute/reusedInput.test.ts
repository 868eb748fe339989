/**
 * ReusedInput (src/compute/reusedInput.ts): reads exactly the file's values at a position into one
 * buffer that later, smaller reads reuse and larger ones replace; knows which arrays are views of
 * it; closes its file on a path change, closeFile and release, and lets the buffer go on release.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ReusedInput } from "../../src/compute/reusedInput";
import { SPYIOError } from "../../src/core/errors";

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-reused-")); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function openFds(): number {
  return fs.readdirSync("/proc/self/fd").length;
}

describe("ReusedInput", () => {
  const values = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1e3 + i);
  let file: string;
  beforeAll(() => {
    file = path.join(dir, "a.f64");
    fs.writeFileSync(file, Buffer.from(values.buffer));
  });

  it("reads the values at a byte position, reusing its buffer for reads that fit and growing it for larger ones", () => {
    const r = new ReusedInput();
    const a = r.read(file, 8 * 100, "float64", 200);
    expect(a).toBeInstanceOf(Float64Array);
    expect(Array.from(a)).toEqual(Array.from(values.subarray(100, 300)));
    const held = r.bytesHeld;
    expect(held).toBeGreaterThanOrEqual(1600);
    const b = r.read(file, 8 * 900, "float64", 50);
    expect(b.buffer).toBe(a.buffer);                 // reused
    expect(Array.from(b)).toEqual(Array.from(values.subarray(900, 950)));
    expect(a[0]).toBe(values[900]);                  // the earlier view sees the new read: valid until the next one
    const c = r.read(file, 0, "float64", 1000);
    expect(c.buffer).not.toBe(a.buffer);             // grown
    expect(Array.from(c)).toEqual(Array.from(values));
    // another dtype over the same bytes
    const bytes = r.read(file, 8 * 3, "uint8", 8);
    expect(Array.from(bytes)).toEqual(Array.from(new Uint8Array(values.buffer, 24, 8)));
    r.release();
  });

  it("escapes: a view of the buffer is one, a copy or another array is not", () => {
    const r = new ReusedInput();
    expect(r.escapes(new Float64Array(4))).toBe(false);
    const a = r.read(file, 0, "float64", 10);
    expect(r.escapes(a)).toBe(true);
    expect(r.escapes(a.subarray(2, 5))).toBe(true);
    expect(r.escapes(a.slice())).toBe(false);
    expect(r.escapes(42)).toBe(false);
    r.release();
    expect(r.escapes(a)).toBe(false);
  });

  it("keeps one descriptor per path, closes it on a path change, closeFile and release; release lets the buffer go", () => {
    const other = path.join(dir, "b.f64");
    fs.writeFileSync(other, Buffer.from(values.buffer, 0, 800));
    const before = openFds();
    const r = new ReusedInput();
    r.read(file, 0, "float64", 10);
    r.read(file, 80, "float64", 10);
    expect(openFds()).toBe(before + 1);
    const x = r.read(other, 8, "float64", 3);
    expect(Array.from(x)).toEqual(Array.from(values.subarray(1, 4)));
    expect(openFds()).toBe(before + 1);
    r.closeFile();
    expect(openFds()).toBe(before);
    expect(r.bytesHeld).toBeGreaterThan(0);          // the buffer stays after closeFile (a worker's case)
    expect(Array.from(r.read(other, 0, "float64", 2))).toEqual([values[0], values[1]]); // reopens
    r.release();
    expect(openFds()).toBe(before);
    expect(r.bytesHeld).toBe(0);
  });

  it("a read past the file's end is an SPYIOError naming the file, not a short array", () => {
    const r = new ReusedInput();
    expect(() => r.read(file, 8 * 990, "float64", 20)).toThrow(SPYIOError);
    expect(() => r.read(file, 8 * 990, "float64", 20)).toThrow(/a\.f64/);
    expect(() => r.read(path.join(dir, "missing.f64"), 0, "float64", 1)).toThrow(SPYIOError);
    expect(() => r.read(path.join(dir, "missing.f64"), 0, "float64", 1)).toThrow(/missing\.f64: cannot open the input file: ENOENT/);
    r.release();
  });
});
