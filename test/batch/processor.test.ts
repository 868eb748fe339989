import * as fs from "fs";
import * as path from "path";
import { BatchProcessor } from "../../src/batch/processor";
import { IndexGenerator } from "../../src/batch/indexGenerator";
import { parseMaxMemory } from "../../src/batch/memory";
import { readSidecar } from "../../src/batch/sidecar";
import { butterworth } from "../../src/batch/transforms";
import { shutdown } from "../../src/compute/pool";
import { makeValues, tmpDir, writeRaw } from "./helpers";
import type { NDArray } from "../../src/core/ndarray";

const NOBS = 1000, NCH = 5;
let dir: string, file: string, values: number[][];
beforeAll(() => {
  dir = tmpDir();
  values = makeValues(NOBS, NCH);
  file = writeRaw(path.join(dir, "rec.bin"), values, "int16", "samples");
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await shutdown();
});

const open = (o: Record<string, unknown> = {}) =>
  new BatchProcessor(file, { dtype: "int16", n_channels: NCH, data_order: "samples", show_progress_bar: false, ...o });
const readI16 = (p: string) => { const b = fs.readFileSync(p); return new Int16Array(b.buffer, b.byteOffset, b.length / 2); };
const readF32 = (p: string) => { const b = fs.readFileSync(p); return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)); };

describe("max_memory", () => {
  it("parses bytes and 1024-based units as YASS does", () => {
    expect(parseMaxMemory("1GB")).toBe(1073741824);
    expect(parseMaxMemory("512MB")).toBe(512 * 1024 * 1024);
    expect(parseMaxMemory("10K")).toBe(10240);
    expect(parseMaxMemory("100")).toBe(100);
    expect(parseMaxMemory(4096)).toBe(4096);
  });
  it.each([0, -1, NaN, "1TB", "GB", "1.5.GB", null, {}])("rejects %p naming max_memory", (v) => {
    expect(() => parseMaxMemory(v)).toThrow(/max_memory/);
  });
});

describe("IndexGenerator", () => {
  it("multi_channel: floor(max_memory / (channels x itemsize)) observations per batch, the last one the remainder", () => {
    const g = new IndexGenerator(1000, 5, 2, 5 * 2 * 300);
    const b = [...g.multi_channel()];
    expect(b.map((x) => [x.start, x.stop])).toEqual([[0, 300], [300, 600], [600, 900], [900, 1000]]);
    expect(g.n_batches("multi_channel")).toBe(4);
    expect([...g.multi_channel({ from_time: 100, to_time: 400 }, [1, 3])].map((x) => [x.start, x.stop, x.channels])).toEqual([[100, 400, [1, 3]]]);
  });
  it("single_channel: one whole channel per batch, or an error when it does not fit; split when not forced", () => {
    const g = new IndexGenerator(1000, 3, 2, 1000);
    expect(() => [...g.single_channel()]).toThrow(/one complete channel.*force_complete_channel_batch/);
    const split = [...g.single_channel({}, "all", false)];
    expect(split.length).toBe(3 * 2);
    expect(split[0]).toEqual({ start: 0, stop: 500, channels: [0] });
    expect(g.n_batches("single_channel", {}, "all", false)).toBe(6);
  });
  it("errors for from_time >= to_time, out-of-range channels and max_memory below one observation", () => {
    const g = new IndexGenerator(1000, 5, 2, 1e6);
    expect(() => [...g.multi_channel({ from_time: 500, to_time: 100 })]).toThrow(/from_time.*500.*to_time = 100/s);
    expect(() => [...g.multi_channel({ to_time: 1001 })]).toThrow(/to_time.*1001.*\[0, 1000\]/s);
    expect(() => [...g.multi_channel({}, [0, 5])]).toThrow(/channels.*\[0, 4\].*5 channels/s);
    expect(() => [...g.multi_channel({}, -1)]).toThrow(/channels/);
    expect(() => [...new IndexGenerator(1000, 5, 2, 9).multi_channel()]).toThrow(/max_memory = 9 bytes.*at least 10 bytes/s);
  });
});

describe("BatchProcessor: iteration", () => {
  it("multi_channel yields buffered blocks zero-padded past the ends, in the file's dtype (YASS's buffer table, n = 100, b = 10)", () => {
    const small = writeRaw(path.join(dir, "r100.bin"), makeValues(100, 2), "int16", "samples");
    const bp = new BatchProcessor(small, { dtype: "int16", n_channels: 2, data_order: "samples", buffer_size: 10, max_memory: 2 * 2 * 40, show_progress_bar: false });
    const blocks = [...bp.multi_channel()] as NDArray[];
    const idx = [...bp.multi_channel({ return_data: false })] as { start: number; stop: number }[];
    expect(idx.map((x) => [x.start, x.stop])).toEqual([[0, 20], [20, 40], [40, 60], [60, 80], [80, 100]]);
    const v = makeValues(100, 2);
    blocks.forEach((b, k) => {
      expect(b.dtype).toBe("int16");
      expect(b.shape).toEqual([40, 2]);
      for (let r = 0; r < 40; r++) {
        const t = idx[k].start - 10 + r;
        for (let c = 0; c < 2; c++) expect(b.data[r * 2 + c]).toBe(t >= 0 && t < 100 ? v[t][c] : 0);
      }
    });
  });
  it("single_channel yields each channel's observations", () => {
    const bp = open({ max_memory: "1MB" });
    const chans = [...bp.single_channel({ channels: [3, 1] })] as NDArray[];
    expect(chans.map((c) => c.shape)).toEqual([[NOBS], [NOBS]]);
    expect(Array.from(chans[0].data.slice(0, 4))).toEqual(values.slice(0, 4).map((r) => r[3]));
  });
  it("rejects max_memory smaller than one observation at construction", () => {
    expect(() => open({ max_memory: 1 })).toThrow(/max_memory = 1 bytes.*one observation/s);
  });
});

describe("BatchProcessor: apply", () => {
  it("multi_channel_apply to disk: output in samples order equals the function on the whole file, sidecar says so; the input is unchanged", async () => {
    const before = fs.readFileSync(file);
    const out = path.join(dir, "double.bin");
    const res = await open({ max_memory: 5 * 2 * 128 }).multi_channel_apply((b) => ({ ...b, data: (b.data as Int16Array).map((x) => 2 * x) }), { mode: "disk", output_path: out });
    expect(res.params).toEqual({ dtype: "int16", n_channels: NCH, data_order: "samples" });
    expect(readSidecar(out)).toEqual({ dtype: "int16", n_channels: NCH, data_order: "samples" });
    expect(Array.from(readI16(out))).toEqual(values.flat().map((x) => 2 * x + 0));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
  });

  it("single_channel_apply to disk writes channels order and its sidecar says data_order: channels (YASS says samples)", async () => {
    const out = path.join(dir, "chan.bin");
    const res = await open({ max_memory: 2 * 300 }).single_channel_apply((b) => b, { mode: "disk", output_path: out, channels: [4, 0], force_complete_channel_batch: false });
    expect(res.params.data_order).toBe("channels");
    expect(res.params.n_channels).toBe(2);
    expect(Array.from(readI16(out))).toEqual([...values.map((r) => r[4]), ...values.map((r) => r[0])]);
  });

  it("memory mode, cast_dtype, pass_batch_info (idx_local, idx) and cleanup_function", async () => {
    const seen: unknown[] = [];
    const res = await open({ max_memory: 5 * 2 * 400, buffer_size: 3 }).multi_channel_apply((b, kw) => {
      seen.push([kw.idx_local, kw.idx, b.shape]);
      return { data: Float64Array.from(b.data, (x) => x + 0.7), shape: b.shape, dtype: "float64" };
    }, {
      mode: "memory", pass_batch_info: true, cast_dtype: "int32",
      cleanup_function: (res, local) => ({ ...res, data: res.data.subarray(local.start * NCH, local.stop * NCH), shape: [local.stop - local.start, NCH] }),
    });
    // bytes per batch here: int16 in + 8 (result) + 4 (cast) = 14 per value -> floor(4000 / 70) - 6 = 51 observations
    expect(seen[0]).toEqual([{ start: 3, stop: 54 }, { start: 0, stop: 51, channels: [0, 1, 2, 3, 4] }, [57, NCH]]);
    const all = res.flatMap((r) => Array.from(r.data));
    expect(res[0].dtype).toBe("int32");
    expect(all).toEqual(values.flat().map((x) => Math.trunc(x + 0.7) + 0)); // +0.7 truncated by the cast, as numpy's astype
  });

  it("pass_batch_results passes the previous result and returns only the last", async () => {
    const res = await open({ max_memory: 5 * 2 * 250 }).multi_channel_apply((b, kw) => {
      const prev = kw.previous_batch as NDArray | undefined;
      const sum = (prev ? prev.data[0] : 0) + (b.data as Int16Array).reduce((a, x) => a + x, 0);
      return { data: Float64Array.of(sum), shape: [1], dtype: "float64" };
    }, { mode: "memory", pass_batch_results: true });
    expect(res.length).toBe(1);
    expect(res[0].data[0]).toBe(values.flat().reduce((a, x) => a + x, 0));
  });

  it("if_file_exists: abort refuses, skip returns the existing file's parameters, overwrite replaces", async () => {
    const out = path.join(dir, "exists.bin");
    const bp = open();
    await bp.multi_channel_apply((b) => b, { mode: "disk", output_path: out });
    await expect(bp.multi_channel_apply((b) => b, { mode: "disk", output_path: out, if_file_exists: "abort" })).rejects.toThrow(/if_file_exists.*already exists/s);
    const skipped = await bp.multi_channel_apply(() => { throw new Error("must not run"); }, { mode: "disk", output_path: out, if_file_exists: "skip" });
    expect(skipped.skipped).toBe(true);
    expect(skipped.params).toEqual({ dtype: "int16", n_channels: NCH, data_order: "samples" });
    await expect(bp.multi_channel_apply((b) => b, { mode: "disk", output_path: out, if_file_exists: "sometimes" as never })).rejects.toThrow(/if_file_exists.*"overwrite", "abort", "skip"/s);
  });

  it("refuses an output path equal to the input, or one whose sidecar is the input", async () => {
    const bp = open();
    await expect(bp.multi_channel_apply((b) => b, { mode: "disk", output_path: file })).rejects.toThrow(/output_path.*destroy the input/s);
    await expect(bp.multi_channel_apply((b) => b, { mode: "disk", output_path: path.join(dir, "x.yaml") })).rejects.toThrow(/output_path.*\.yaml/s);
    await expect(bp.multi_channel_apply((b) => b, { mode: "disk" })).rejects.toThrow(/output_path/);
    // a folder at the path would only fail at the final rename, after the whole run: refused first
    const folder = path.join(dir, "a-folder.bin");
    fs.mkdirSync(folder);
    await expect(bp.multi_channel_apply(() => { throw new Error("must not run"); }, { mode: "disk", output_path: folder })).rejects.toThrow(/a-folder\.bin.*is a directory, not a regular file; expected output_path to name a file/s);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("a-folder"))).toEqual(["a-folder.bin"]);
    await expect(bp.multi_channel_apply((b) => b, { mode: "tape" as never })).rejects.toThrow(/mode.*"disk" or "memory"/s);
    await expect(bp.multi_channel_apply((b) => b, { mode: "memory", processes: 2 })).rejects.toThrow(/processes.*workers cannot load/s);
  });

  it("a function that throws mid-run: the error names the batch, no partial file remains, an earlier output is untouched", async () => {
    const out = path.join(dir, "fails.bin");
    fs.writeFileSync(out, "previous result");
    let calls = 0;
    const bp = open({ max_memory: 5 * 2 * 100 });
    await expect(bp.multi_channel_apply((b) => { if (++calls === 3) throw new Error("boom"); return b; }, { mode: "disk", output_path: out }))
      .rejects.toThrow(/batch 2 \(observations .*\): boom/);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("fails"))).toEqual(["fails.bin"]);
    expect(fs.readFileSync(out, "utf8")).toBe("previous result");
  });

  it("a full disk: a clear error, the partial output removed", async () => {
    const out = path.join(dir, "full.bin");
    let n = 0;
    // the real fs module object (the `import * as` namespace cannot be spied on)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require("fs") as typeof fs;
    const write = realFs.writeSync;
    const spy = jest.spyOn(realFs, "writeSync").mockImplementation(((...args: unknown[]) => {
      if (++n === 2) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      return (write as (...a: unknown[]) => number)(...args);
    }) as typeof fs.writeSync);
    try {
      await expect(open({ max_memory: 5 * 2 * 100 }).multi_channel_apply((b) => b, { mode: "disk", output_path: out }))
        .rejects.toThrow(/full\.bin: writing failed after \d+ bytes: the disk is full \(ENOSPC\); the partial output was removed/);
    } finally {
      spy.mockRestore();
    }
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
  });

  // transformations write in the background (one thread); workers write their results themselves
  // and the main thread the blocks two results share (compute/directWriteTask.ts, whose own test
  // fails a worker's write): here the second write of the run, or with workers the first shared block
  it.each([1, 2])("a full disk during the writes of a transformation (%i process(es)): the same error, nothing left", async (processes) => {
    const out = path.join(dir, `full-async-${processes}.bin`);
    // without O_DIRECT (tmpfs) workers write all of their results: nothing a mock here can fail
    if (processes > 1 && !takesDirectIO(dir)) return;
    const failAt = processes === 1 ? 2 : 1;
    let n = 0;
    const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require("fs") as typeof fs;
    const write = realFs.write, writeSync = realFs.writeSync;
    const spies = [
      jest.spyOn(realFs, "write").mockImplementation(((...args: unknown[]) => {
        if (++n === failAt) {
          const cb = args[args.length - 1] as (e: Error) => void;
          setImmediate(() => cb(enospc()));
          return;
        }
        return (write as (...a: unknown[]) => void)(...args);
      }) as typeof fs.write),
      jest.spyOn(realFs, "writeSync").mockImplementation(((...args: unknown[]) => {
        if (++n === failAt) throw enospc();
        return (writeSync as (...a: unknown[]) => number)(...args);
      }) as typeof fs.writeSync),
    ];
    const t = butterworth({ sampling_frequency: 30000, low_frequency: 300, order: 1 });
    try {
      // 200 observations per batch: bytes per value int16 2 (and 2 for the block read ahead) +
      // the filter's working rows (5 float64 channels in rows of 8: 12.8) + two float32 results of
      // 4 (one computed, one being written); with workers, 2 processes + 1 blocks in flight (2
      // each), the filter's work and result per worker, and two results per worker written by the worker
      const work = t.workBytesPerValueFor!(NCH);
      expect(work).toBeCloseTo(64 / 5, 12);
      const perValue = processes === 1 ? 4 + work + 8 : 2 * (2 * processes + 1) + (work + 4) * processes + 2 * processes * 4;
      const bp = open({ max_memory: NCH * perValue * (2 * t.buffer + 200) });
      await expect(bp.multi_channel_apply(t, { mode: "disk", output_path: out, processes }))
        .rejects.toThrow(/full-async-\d\.bin: writing failed after \d+ bytes: the disk is full \(ENOSPC\); the partial output was removed/);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(n).toBeGreaterThanOrEqual(failAt);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
  });

  it("a transformation's output written in the background equals the one written batch by batch in memory mode", async () => {
    const t = butterworth({ sampling_frequency: 30000, low_frequency: 300, order: 2 });
    const bp = open({ max_memory: NCH * (4 + t.workBytesPerValueFor!(NCH) + 8) * (2 * t.buffer + 150) }); // 150 observations per batch (see above)
    const disk = await bp.multi_channel_apply(t, { mode: "disk", output_path: path.join(dir, "bg.bin") });
    const mem = await bp.multi_channel_apply(t, { mode: "memory" });
    expect(mem.length).toBeGreaterThan(2);
    const joined = new Float32Array(mem.reduce((a, m) => a + m.data.length, 0));
    let at = 0;
    for (const m of mem) { joined.set(m.data as Float32Array, at); at += m.data.length; }
    expect(Array.from(readF32(disk.path))).toEqual(Array.from(joined));
  });
});

/** Whether files in `folder` can be opened with O_DIRECT (not on tmpfs, nor off Linux). */
function takesDirectIO(folder: string): boolean {
  const O_DIRECT = (fs.constants as Record<string, number>).O_DIRECT;
  if (typeof O_DIRECT !== "number") return false;
  const probe = path.join(folder, "direct-probe");
  try {
    fs.closeSync(fs.openSync(probe, fs.constants.O_WRONLY | fs.constants.O_CREAT | O_DIRECT));
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { force: true });
  }
}
