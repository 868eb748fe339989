import * as fs from "fs";
import * as path from "path";
import { RecordingsReader, SPYValueError, SPYIOError, writeSidecar, readSidecar } from "../../src";
import { sidecarPath } from "../../src/batch/sidecar";
import { makeValues, tmpDir, toNested, writeRaw } from "./helpers";

const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const nObs = 101, nCh = 7;
const values = makeValues(nObs, nCh);

function pick(obs: number[], ch: number[]): number[][] { return obs.map((t) => ch.map((c) => values[t][c])); }
const seq = (a: number, b: number, s = 1) => { const o: number[] = []; for (let i = a; i < b; i += s) o.push(i); return o; };

function expectParam(fn: () => unknown, param: string, cls: new (...a: never[]) => Error = SPYValueError): Error {
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(cls);
  if (cls === SPYValueError) {
    expect((err as SPYValueError).param).toBe(param);
    expect((err as Error).message).toContain(param);
  }
  return err as Error;
}

describe.each(["samples", "channels"] as const)("RecordingsReader, %s order", (order) => {
  const file = writeRaw(path.join(dir, `rec_${order}.bin`), values, "int16", order);
  const r = new RecordingsReader(file, { dtype: "int16", n_channels: nCh, data_order: order });

  test("properties", () => {
    expect(r.n_observations).toBe(nObs);
    expect(r.n_channels).toBe(nCh);
    expect(r.shape).toEqual([nObs, nCh]);
    expect(r.dtype).toBe("int16");
    expect(r.data_order).toBe(order);
  });

  test.each([
    ["all", undefined, undefined, seq(0, nObs), seq(0, nCh)],
    ["int, int", 5, 3, [5], [3]],
    ["negative int", -1, -2, [nObs - 1], [nCh - 2]],
    ["slice, all", { start: 10, stop: 40 }, undefined, seq(10, 40), seq(0, nCh)],
    ["strided slices", { start: 3, stop: 90, step: 7 }, { step: 2 }, seq(3, 90, 7), seq(0, nCh, 2)],
    ["lists, unsorted and repeated", [50, 2, 2, 100, 0], [6, 0, 3], [50, 2, 2, 100, 0], [6, 0, 3]],
    ["empty slice", { start: 4, stop: 4 }, [1], [], [1]],
  ])("%s", (_name, o, c, obs, ch) => {
    const got = r.get(o as never, c as never);
    expect(got.dtype).toBe("int16");
    expect(got.data).toBeInstanceOf(Int16Array);
    expect(got.shape).toEqual([obs.length, ch.length]);
    expect(toNested(got)).toEqual(pick(obs, ch));
  });

  test("buffer pads with zeros in the file's dtype and says where the data is", () => {
    const rb = new RecordingsReader(file, { dtype: "int16", n_channels: nCh, data_order: order, buffer_size: 10, return_data_index: true });
    for (const [start, stop] of [[20, 30], [5, 20], [95, 101], [0, 101]]) {
      const { data, data_index } = rb.get({ start, stop }, [1, 4]);
      expect(data.dtype).toBe("int16");
      expect(data.data).toBeInstanceOf(Int16Array);
      expect(data.shape).toEqual([stop - start + 20, 2]);
      const expected = seq(start - 10, stop + 10).map((t) => (t < 0 || t >= nObs ? [0, 0] : [values[t][1], values[t][4]]));
      expect(toNested(data)).toEqual(expected);
      expect(data_index[0]).toEqual({ start: 10, stop: 10 + stop - start, step: 1 });
      expect(data_index[1]).toEqual({ start: 0, stop: 2, step: 1 });
      expect(toNested(data).slice(data_index[0].start, data_index[0].stop)).toEqual(pick(seq(start, stop), [1, 4]));
    }
    expectParam(() => rb.get([1, 2]), "observations");
  });

  test("out-of-range keys name the axis", () => {
    expectParam(() => r.get(nObs), "observations");
    expectParam(() => r.get([0, -nObs - 1]), "observations");
    expectParam(() => r.get({ start: 0, stop: nObs + 1 }), "observations");
    expectParam(() => r.get(0, nCh), "channels");
    expectParam(() => r.get(0, [0, 7]), "channels");
    expectParam(() => r.get(0, { step: 0 }), "channels");
    expectParam(() => r.get(1.5), "observations");
  });
});

test("float32, float64, int32, uint16 files read back exactly", () => {
  for (const dtype of ["float32", "float64", "int32", "uint16"] as const) {
    const f = dtype === "uint16" ? (v: number) => v + 2000 : dtype === "int32" ? (v: number) => v * 100000 : (v: number) => v / 4;
    const vals = values.map((row) => row.map(f));
    const file = writeRaw(path.join(dir, `rec_${dtype}.bin`), vals, dtype, "samples");
    const got = new RecordingsReader(file, { dtype, n_channels: nCh, data_order: "samples" }).get({ start: 3, stop: 9 }, [0, 6]);
    expect(got.dtype).toBe(dtype);
    expect(toNested(got)).toEqual(seq(3, 9).map((t) => [vals[t][0], vals[t][6]]));
  }
});

test("a file larger than one read chunk reads across chunk borders", () => {
  const n = 300_000, c = 4;  // 2.4 MB of int16 rows; the scratch chunk is 4 MB, channel order reads 600 kB per channel
  const big = new Int16Array(n * c);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 65536 - 32768;
  const file = path.join(dir, "big.bin");
  fs.writeFileSync(file, new Uint8Array(big.buffer));
  const r = new RecordingsReader(file, { dtype: "int16", n_channels: 2, data_order: "samples" });  // 2 channels: 1.2 M rows
  const rows = (n * c) / 2;
  expect(r.n_observations).toBe(rows);
  const got = r.get({ start: 1, stop: rows - 1, step: 1 }, 1);
  for (let t = 1; t < rows - 1; t += 9973) expect(got.data[t - 1]).toBe(big[t * 2 + 1]);
  expect(got.shape).toEqual([rows - 2, 1]);
  const rc = new RecordingsReader(file, { dtype: "int16", n_channels: 2, data_order: "channels" });
  const gc = rc.get({ start: 5, stop: rows }, 1);
  for (let t = 5; t < rows; t += 9973) expect(gc.data[t - 5]).toBe(big[rows + t]);
});

describe("errors", () => {
  const file = writeRaw(path.join(dir, "err.bin"), values, "int16", "samples");

  test("a file size that does not fit itemsize x n_channels says what would fit", () => {
    const e = expectParam(() => new RecordingsReader(file, { dtype: "int16", n_channels: 6, data_order: "samples" }), "n_channels");
    expect(e.message).toMatch(/multiple of itemsize x n_channels = 2 x 6 = 12 bytes/);
    expect(e.message).toContain(`${nObs * nCh * 2} bytes`);
    expect(e.message).toMatch(/channel counts that fit .*: 1, 7, 101/);
    // an odd byte count for int16: not even whole items
    const odd = path.join(dir, "odd.bin");
    fs.writeFileSync(odd, Buffer.alloc(15));
    expect(expectParam(() => new RecordingsReader(odd, { dtype: "int16", n_channels: 1, data_order: "samples" }), "n_channels").message).toMatch(/is the dtype right/);
  });

  test("unknown dtype, bad n_channels, data_order, loader, buffer_size", () => {
    expectParam(() => new RecordingsReader(file, { dtype: "int12", n_channels: nCh, data_order: "samples" }), "dtype");
    expectParam(() => new RecordingsReader(file, { dtype: "complex64", n_channels: nCh, data_order: "samples" }), "dtype");
    expectParam(() => new RecordingsReader(file, { dtype: "int16", n_channels: 0, data_order: "samples" }), "n_channels");
    expectParam(() => new RecordingsReader(file, { dtype: "int16", n_channels: nCh, data_order: "long" as never }), "data_order");
    expectParam(() => new RecordingsReader(file, { dtype: "int16", n_channels: nCh, data_order: "samples", loader: "mmap" as never }), "loader");
    expectParam(() => new RecordingsReader(file, { dtype: "int16", n_channels: nCh, data_order: "samples", buffer_size: -1 }), "buffer_size");
  });

  test("a missing file is an SPYIOError naming the path", () => {
    const missing = path.join(dir, "nope.bin");
    const e = expectParam(() => new RecordingsReader(missing, { dtype: "int16", n_channels: 1, data_order: "samples" }), "path", SPYIOError);
    expect((e as SPYIOError).path).toBe(missing);
  });

  test("missing parameters without a sidecar name the parameter and the sidecar path", () => {
    const e = expectParam(() => new RecordingsReader(file, { dtype: "int16" }), "n_channels");
    expect(e.message).toContain(path.join(dir, "err.yaml"));
  });
});

describe("YAML sidecar", () => {
  test("written as YASS writes it, read back for any parameter not given", () => {
    const file = writeRaw(path.join(dir, "side.bin"), values, "int16", "channels");
    const yml = writeSidecar(file, { dtype: "int16", n_channels: nCh, data_order: "channels" });
    expect(yml).toBe(path.join(dir, "side.yaml"));
    expect(fs.readFileSync(yml, "utf8")).toBe("data_order: channels\ndtype: int16\nn_channels: 7\n");
    expect(readSidecar(file)).toEqual({ dtype: "int16", n_channels: nCh, data_order: "channels" });
    const r = new RecordingsReader(file);
    expect([r.dtype, r.n_channels, r.data_order]).toEqual(["int16", nCh, "channels"]);
    expect(toNested(r.get(5, [0, 6]))).toEqual([[values[5][0], values[5][6]]]);
    // given values win over the sidecar's
    expect(new RecordingsReader(file, { data_order: "samples" }).data_order).toBe("samples");
  });

  test("YASS's flow style and a missing data_order key", () => {
    const file = writeRaw(path.join(dir, "flow.bin"), values, "int16", "samples");
    fs.writeFileSync(path.join(dir, "flow.yaml"), "{data_order: samples, dtype: int16, n_channels: 7}\n");
    expect(new RecordingsReader(file).n_observations).toBe(nObs);
    fs.writeFileSync(path.join(dir, "flow.yaml"), "dtype: int16\nn_channels: 7\n");
    expect(expectParam(() => new RecordingsReader(file), "data_order").message).toMatch(/the sidecar does not have it/);
  });

  test("the sidecar path replaces the extension and can never be the binary", () => {
    expect(sidecarPath("/a/rec.bin")).toBe("/a/rec.yaml");
    expect(sidecarPath("/a/my.binary.dat")).toBe("/a/my.binary.yaml");
    expect(sidecarPath("/a/rec")).toBe("/a/rec.yaml");
    const trap = path.join(dir, "trap.yaml");
    fs.writeFileSync(trap, Buffer.alloc(4));
    expectParam(() => writeSidecar(trap, { dtype: "int16", n_channels: 1, data_order: "samples" }), "path");
    expect(fs.readFileSync(trap)).toEqual(Buffer.alloc(4));
  });
});
