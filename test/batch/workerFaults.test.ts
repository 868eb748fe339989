/**
 * Faults during a batch run on workers, which read their rows and write their results into the
 * output themselves (compute/directWriteTask.ts): a transformation that throws on one batch, a
 * worker that ends in the middle of the run. The run fails naming the batch, no output file or
 * partial file is left, an earlier output at the path is untouched, and the next run works.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { shutdown } from "../../src/compute/pool";

const NCH = 6, N = 6000;
let dir: string;
let raw: string;
const x = Int16Array.from({ length: NCH * N }, (_, i) => ((i * 7919) % 601) - 300);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-workerfaults-"));
  raw = path.join(dir, "rec.bin");
  fs.writeFileSync(raw, Buffer.from(x.buffer));
});
afterAll(async () => {
  await shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const transform = (kwargs: Record<string, unknown>) => spy.batch.defineTransform({
  module: path.resolve(__dirname, "../fixtures/batch/faultyTransform.ts"), name: "doubleOrFail", kwargs, workBytesPerValue: 4,
});
// about 500 observations per batch: 12 batches
const open = () => new spy.BatchProcessor(raw, { dtype: "int16", n_channels: NCH, data_order: "samples", max_memory: NCH * 500 * 60, show_progress_bar: false });

describe("batch runs on 2 workers under faults", () => {
  it("without a fault: the output is every value doubled, in order (each block read into the worker's own memory)", async () => {
    const out = path.join(dir, "ok.f32");
    const res = await open().multi_channel_apply(transform({ failAt: -1, markShared: true }), { mode: "disk", output_path: out, processes: 2 });
    const y = new Float32Array(fs.readFileSync(res.path).buffer.slice(0));
    expect(y.length).toBe(x.length);
    let wrong = 0;
    for (let i = 0; i < x.length; i++) if (y[i] !== 2 * x[i]) wrong++;
    expect(wrong).toBe(0);
  });

  it.each(["throw", "exit"])("a worker that fails on batch 5 (%s): the error names the batch, nothing is left, the old output stays, the next run works", async (how) => {
    const out = path.join(dir, `fault-${how}.f32`);
    fs.writeFileSync(out, "an earlier output");
    await expect(open().multi_channel_apply(transform({ failAt: 5, how }), { mode: "disk", output_path: out, processes: 2 }))
      .rejects.toThrow(how === "throw" ? /failed on batch 5 \(observations \d+\.\.\d+\): injected failure on batch 5/ : /failed on batch 5 \(observations \d+\.\.\d+\): worker exited with code 3/);
    expect(fs.readFileSync(out, "utf8")).toBe("an earlier output");
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    const again = await open().multi_channel_apply(transform({ failAt: -1 }), { mode: "disk", output_path: out, processes: 2 });
    expect(fs.statSync(again.path).size).toBe(4 * x.length);
  });
});
