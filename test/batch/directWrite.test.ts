/**
 * Workers writing their batch results into the output themselves (compute/directWriteTask.ts):
 * the whole blocks with O_DIRECT from memory aligned like the file, the edge blocks two results
 * share joined on the main thread (batch/edgeBlocks.ts), and failed writes reported as the
 * output's write error.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DIRECT_ALIGN, WRITE_FAILED, edgesOf, runDirectWriteTask, writeFailureOf, writeResult } from "../../src/compute/directWriteTask";
import { EdgeBlocks } from "../../src/batch/edgeBlocks";
import { newMemory } from "../../src/wasm/wasmApi";
import { UNIT_FIELDS, U_IN_SLOTS, type TaskMessage } from "../../src/compute/protocol";
import type { NDArray } from "../../src/core/ndarray";

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-directwrite-")); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Deterministic bytes: byte i of the file is (i * 7 + 3) mod 251. */
const fileByte = (i: number) => (i * 7 + 3) % 251;

/** The bytes [start, end) of the file in page-aligned memory at the same offset from a block start as in the file. */
function alignedResult(start: number, end: number): Uint8Array {
  const lead = start % DIRECT_ALIGN;
  const mem = newMemory(Math.ceil((lead + end - start) / 65536) + 1)!;
  const bytes = new Uint8Array(mem.buffer, lead, end - start);
  for (let i = 0; i < bytes.length; i++) bytes[i] = fileByte(start + i);
  return bytes;
}

describe("edgesOf", () => {
  it("splits [start, end) into a partial head block, whole blocks and a partial tail block", () => {
    expect(edgesOf(0, 8192)).toEqual({ head: null, body: [0, 8192], tail: null });
    expect(edgesOf(100, 9000)).toEqual({ head: [100, 4096], body: [4096, 8192], tail: [8192, 9000] });
    expect(edgesOf(4096, 5000)).toEqual({ head: null, body: [4096, 4096], tail: [4096, 5000] });
    // inside one block: all of it is the head
    expect(edgesOf(5000, 6000)).toEqual({ head: [5000, 6000], body: [6000, 6000], tail: null });
    expect(edgesOf(100, 4096)).toEqual({ head: [100, 4096], body: [4096, 4096], tail: null });
  });
});

describe("writeResult + EdgeBlocks", () => {
  // result sizes: unaligned, smaller than a block, exactly blocks, one byte
  const cuts = [0, 5000, 5003, 9000, 17192, 17193, 30001];
  for (const direct of [true, false]) {
    it(`results written at their places (direct ${direct}), in any order, give exactly the file's bytes`, async () => {
      const file = path.join(dir, `out-${direct}.bin`);
      fs.writeFileSync(file, "");
      const total = cuts[cuts.length - 1];
      const edges = new EdgeBlocks(file, total);
      const order = [3, 0, 5, 1, 4, 2];
      let edgeCount = 0;
      for (const k of order) {
        const got = await writeResult(file, cuts[k], alignedResult(cuts[k], cuts[k + 1]), direct);
        edgeCount += got.length;
        edges.add(got);
      }
      await edges.finish();
      const back = fs.readFileSync(file);
      expect(back.length).toBe(total);
      let wrong = 0;
      for (let i = 0; i < total; i++) if (back[i] !== fileByte(i)) wrong++;
      expect(wrong).toBe(0);
      // page cache: the worker writes everything; O_DIRECT (where the file system takes it): edges come back
      if (!direct) expect(edgeCount).toBe(0);
      else expect(edgeCount).toBeGreaterThan(0);
    });
  }

  it("memory not aligned like the file: the middle through the page cache, the edges still returned", async () => {
    const file = path.join(dir, "unaligned.bin");
    fs.writeFileSync(file, "");
    // one byte off the offset the file position needs (100 mod 4096)
    const shifted = new Uint8Array(new ArrayBuffer(9101), 101, 9000);
    for (let i = 0; i < shifted.length; i++) shifted[i] = fileByte(100 + i);
    const edges = await writeResult(file, 100, shifted, true);
    expect(edges.map((e) => [e.position, e.bytes.byteLength])).toEqual([[100, 3996], [8192, 908]]);
    const blocks = new EdgeBlocks(file, 9100);
    blocks.add([{ position: 0, bytes: Uint8Array.from({ length: 100 }, (_, i) => fileByte(i)).buffer }, ...edges]);
    await blocks.finish();
    const back = fs.readFileSync(file);
    expect(back.length).toBe(9100);
    let wrong = 0;
    for (let i = 0; i < 9100; i++) if (back[i] !== fileByte(i)) wrong++;
    expect(wrong).toBe(0);
  });

  it("EdgeBlocks refuses bytes past the file's end, a block given too many bytes, and finishing with a block incomplete", async () => {
    const file = path.join(dir, "edges.bin");
    fs.writeFileSync(file, "");
    const e = new EdgeBlocks(file, 5000);
    expect(() => e.add([{ position: 4990, bytes: new ArrayBuffer(20) }])).toThrow(/outside the file's 5000 bytes/);
    e.add([{ position: 4096, bytes: new ArrayBuffer(600) }]);
    expect(() => e.add([{ position: 4500, bytes: new ArrayBuffer(400) }])).toThrow(/received 1000 bytes for 904/);
    const f = new EdgeBlocks(file, 5000);
    f.add([{ position: 0, bytes: new ArrayBuffer(4000) }]);
    await expect(f.finish()).rejects.toThrow(/1 output block\(s\) incomplete, the first at byte 0/);
  });
});

describe("runDirectWriteTask", () => {
  const task = (file: string, position: number, n: number): TaskMessage => {
    const units = new Float64Array(UNIT_FIELDS);
    units[U_IN_SLOTS] = n;
    return {
      taskId: 1, ref: { module: "", name: "" }, kwargsKey: "k", inDtype: "float32", outDtype: "float32",
      inShapes: [[n, 1]], outShapes: [[n, 1]], units, input: new Float32Array(Array.from({ length: n }, (_, i) => i)).buffer,
      outFile: file, outPositions: new Float64Array([position]), outDirect: true,
    };
  };
  const twice = (x: NDArray) => ({ data: Float32Array.from(x.data as Float32Array, (v) => 2 * v), shape: x.shape, dtype: x.dtype });

  it("writes the compute function's result at its place; the edges come back in the reply", async () => {
    const file = path.join(dir, "task.bin");
    fs.writeFileSync(file, Buffer.alloc(4 * 3000));
    const { reply } = await runDirectWriteTask(task(file, 4 * 100, 2000), twice, {});
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const edges = new EdgeBlocks(file, 4 * 3000);
    // the bytes before and after the result: zeros (the file was made of them)
    edges.add([{ position: 0, bytes: new ArrayBuffer(400) }, { position: 4 * 2100, bytes: new ArrayBuffer(4 * 900) }]);
    edges.add(reply.edges ?? []);
    await edges.finish();
    const back = new Float32Array(fs.readFileSync(file).buffer.slice(0));
    expect(back[99]).toBe(0);
    expect(back[100]).toBe(0);
    expect(back[101]).toBe(2);
    expect(back[2099]).toBe(2 * 1999);
    expect(back[2100]).toBe(0);
  });

  it("a failed write (a full disk) fails the task with the write's errno, told apart from a failed computation", async () => {
    const file = path.join(dir, "full.bin");
    fs.writeFileSync(file, "");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require("fs") as typeof fs;
    const spy = jest.spyOn(realFs, "write").mockImplementation(((...args: unknown[]) => {
      const cb = args[args.length - 1] as (e: Error) => void;
      setImmediate(() => cb(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" })));
    }) as typeof fs.write);
    try {
      const { reply } = await runDirectWriteTask({ ...task(file, 0, 5000), outDirect: false }, twice, {});
      expect(reply.ok).toBe(false);
      if (reply.ok) return;
      expect(reply.message.startsWith(WRITE_FAILED)).toBe(true);
      expect(writeFailureOf(reply.message)?.code).toBe("ENOSPC");
    } finally {
      spy.mockRestore();
    }
    const { reply } = await runDirectWriteTask(task(file, 0, 10), () => { throw new Error("bad trial"); }, {});
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(writeFailureOf(reply.message)).toBeNull();
  });
});

describe("OutputFile.positioned: a flush behind the landed results", () => {
  it("each landed result starts an fdatasync of the output unless one runs; commit waits for it and the bytes are exact", async () => {
    // why it matters: after gigabytes of O_DIRECT writes, a VM's final fsync flushed the host's
    // cache for 0.6-1.6 s at the end of the run; flushed behind the writes it takes ~0.04 s
    const { OutputFile } = await import("../../src/batch/outputFile");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require("fs") as typeof fs;
    const fdatasync = realFs.fdatasync;
    const held: Array<() => void> = [];
    const spy = jest.spyOn(realFs, "fdatasync").mockImplementation(((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
      // held until released below, so that "one runs" is deterministic
      held.push(() => fdatasync(fd, cb));
    }) as typeof fs.fdatasync);
    const cuts2 = [0, 9000, 20000]; // two results, the first ending inside a block
    const outPath = path.join(dir, "landed.bin");
    const out = new OutputFile(outPath);
    try {
      const total = cuts2[cuts2.length - 1];
      const target = out.positioned(total);
      expect(spy).not.toHaveBeenCalled();
      const first = await writeResult(target.file, 0, alignedResult(0, cuts2[1]), target.direct);
      target.landed(first);
      expect(spy).toHaveBeenCalledTimes(1);
      const second = await writeResult(target.file, cuts2[1], alignedResult(cuts2[1], total), target.direct);
      target.landed(second);
      // the first flush still runs: no second one
      expect(spy).toHaveBeenCalledTimes(1);
      let committed = false;
      const commit = out.commit({ dtype: "uint8", n_channels: 1, data_order: "samples" }).then(() => { committed = true; });
      await new Promise((r) => setTimeout(r, 50));
      expect(committed).toBe(false); // waiting for the flush in flight
      held.splice(0).forEach((go) => go());
      await commit;
    } finally {
      spy.mockRestore();
    }
    const back = fs.readFileSync(outPath);
    expect(back.length).toBe(cuts2[cuts2.length - 1]);
    for (let i = 0; i < back.length; i++) if (back[i] !== fileByte(i)) throw new Error(`byte ${i}: ${back[i]} != ${fileByte(i)}`);
  });
});
