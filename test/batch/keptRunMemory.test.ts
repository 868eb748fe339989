/**
 * One-thread batch runs take their blocks and result memory from the previous run
 * (src/compute/keptBuffers.ts, used by src/batch/parallel.ts): a second run of the same shape
 * allocates none, writes its own values (not the previous run's), and the memory goes back after
 * a failed run too. KeptAligned holds at most its count and bytes.
 */
import * as fs from "fs";
import * as path from "path";
import { BatchProcessor } from "../../src/batch/processor";
import { butterworth } from "../../src/batch/transforms/butterworth";
import { defineTransform } from "../../src/batch/transform";
import { shutdown } from "../../src/compute/pool";
import { AlignedBuffer } from "../../src/compute/directWriteTask";
import { KeptAligned, dropKeptBuffers, keptBytes, runEnded, runStarted } from "../../src/compute/keptBuffers";
import { tmpDir, writeRaw, makeValues } from "./helpers";

let dir: string;
beforeAll(() => { dir = tmpDir(); });
afterAll(async () => {
  await shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => dropKeptBuffers());

describe("KeptAligned", () => {
  it("gives the largest free buffer first and holds at most its count and bytes, dropping the oldest", () => {
    const make = (bytes: number) => { const b = new AlignedBuffer(); b.get(bytes); return b; };
    const k = new KeptAligned(2, 3 * 65536);
    const a = make(65536), b = make(2 * 65536), c = make(65536);
    k.give(a); k.give(b);
    expect(k.bytesHeld).toBe(3 * 65536);
    k.give(c); // 3 buffers > 2 and 4 x 64 kB > 3 x 64 kB: a goes
    expect(k.bytesHeld).toBe(3 * 65536);
    expect(k.take()).toBe(b);
    expect(k.take()).toBe(c);
    expect(k.take()).not.toBe(a);
    k.give(new AlignedBuffer()); // never used: nothing to keep
    expect(k.bytesHeld).toBe(0);
  });
});

describe("one-thread batch runs", () => {
  const nObs = 3000, nCh = 5;
  const values = makeValues(nObs, nCh, 7);

  function counts() {
    const kept = runStarted();
    runEnded();
    return { blockMisses: kept.blocks.misses, blockHits: kept.blocks.hits, bytes: keptBytes() };
  }

  it("a second run of the same shape takes the first run's blocks and result memory, and writes its own values", async () => {
    const raw = writeRaw(path.join(dir, "rec.bin"), values, "int16", "samples");
    const bp = new BatchProcessor(raw, { dtype: "int16", n_channels: nCh, data_order: "samples", max_memory: 250_000, show_progress_bar: false });
    const lo = butterworth({ sampling_frequency: 1000, low_frequency: 20, high_frequency: 200, order: 2 });
    const hi = butterworth({ sampling_frequency: 1000, low_frequency: 100, high_frequency: 400, order: 2 });
    dropKeptBuffers();
    const outA = path.join(dir, "a.f32"), outB = path.join(dir, "b.f32"), outB1 = path.join(dir, "b1.f32");
    await bp.multi_channel_apply(lo, { mode: "disk", output_path: outA });
    const after1 = counts();
    expect(after1.blockMisses).toBe(2); // the block computed and the one read ahead
    expect(after1.bytes).toBeGreaterThan(0);
    // another filter (same block sizes): nothing new, and its output is its own
    await bp.multi_channel_apply(hi, { mode: "disk", output_path: outB });
    const after2 = counts();
    expect(after2.blockMisses).toBe(2);
    expect(after2.blockHits).toBe(after1.blockHits + 2);
    // the reference: the same filter in a process state with nothing kept
    dropKeptBuffers();
    await bp.multi_channel_apply(hi, { mode: "disk", output_path: outB1 });
    expect(fs.readFileSync(outB).equals(fs.readFileSync(outB1))).toBe(true);
    expect(fs.readFileSync(outB).equals(fs.readFileSync(outA))).toBe(false);
  });

  it("a failed run gives its memory back too", async () => {
    const raw = writeRaw(path.join(dir, "rec2.bin"), values, "int16", "samples");
    // about 500 observations a batch: 6 batches, the failure while batch 0 is being written
    const bp = new BatchProcessor(raw, { dtype: "int16", n_channels: nCh, data_order: "samples", max_memory: 40_000, show_progress_bar: false });
    const failing = defineTransform({ module: path.resolve(__dirname, "../fixtures/batch/faultyTransform.ts"), name: "doubleOrFail", kwargs: { failAt: 1 }, workBytesPerValue: 4 });
    dropKeptBuffers();
    await expect(bp.multi_channel_apply(failing, { mode: "disk", output_path: path.join(dir, "f.f32") })).rejects.toThrow(/batch 1/);
    const after = counts();
    expect(after.blockMisses).toBe(2);
    expect(after.bytes).toBeGreaterThan(0);
  });
});
