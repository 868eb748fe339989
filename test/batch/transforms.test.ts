/**
 * The batch transformations against the golden YASS and scipy cases, and batched output against
 * whole-file output (any max_memory, sequential or on workers).
 */
import * as fs from "fs";
import * as path from "path";
import { BatchProcessor } from "../../src/batch/processor";
import { BatchPipeline, PipedTransformation } from "../../src/batch/pipeline";
import { butterworth, reference, standardize } from "../../src/batch/transforms";
import { shutdown } from "../../src/compute/pool";
import { goldenDescribe, readCase, readInput, readOutput, toleranceRatio } from "../helpers/golden";
import { tmpDir } from "./helpers";

let dir: string;
beforeAll(() => { dir = tmpDir(); });
afterAll(async () => { fs.rmSync(dir, { recursive: true, force: true }); await shutdown(); });

const f32 = (p: string) => { const b = fs.readFileSync(p); return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)); };
const f64 = (p: string) => { const b = fs.readFileSync(p); return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)); };

/** The golden int16 recording as a raw file (samples order). */
function goldenRecording(): { file: string; nCh: number; nObs: number; fs: number } {
  const input = readInput("inputs/yass_rec_int16.json");
  const [nObs, nCh] = input.shape;
  const file = path.join(dir, "yass_rec.bin");
  fs.writeFileSync(file, Buffer.from(Int16Array.from(input.values).buffer));
  return { file, nCh, nObs, fs: input.samplerate };
}

goldenDescribe("batch transformations against YASS and scipy")("golden cases", () => {
  it("yass_highpass_standardize_whole: YASS's high-pass + robust standardisation (filtered, sd, centers, standardized)", async () => {
    const c = readCase("yass_highpass_standardize_whole");
    const rec = goldenRecording();
    const open = () => new BatchProcessor(rec.file, { dtype: "int16", n_channels: rec.nCh, data_order: "samples", show_progress_bar: false });
    const p = c.params as { low_frequency: number; order: number; sampling_frequency: number };
    const filtered = await open().multi_channel_apply(butterworth({ low_frequency: p.low_frequency, order: p.order, sampling_frequency: p.sampling_frequency }),
      { mode: "disk", output_path: path.join(dir, "hp.bin") });
    expect(toleranceRatio(f32(filtered.path), readOutput(c.outputs.filtered), c.tolerance)).toBeLessThanOrEqual(1);
    const t = butterworth({ ...p, standardize: true });
    const stats = t.prepare!({ n_observations: rec.nObs, channels: [...Array(rec.nCh).keys()], from: 0, to: rec.nObs, max_memory: 1 << 20, itemsize: 2,
      read: (s, e, ch) => open().reader.readRows(s, e, ch) });
    expect(toleranceRatio(stats.centers as Float64Array, readOutput(c.outputs.centers), c.tolerance)).toBeLessThanOrEqual(1);
    // channel 5 is scaled by 5e-4: its sd < 0.1, YASS zeroes it (sd stays as computed in the golden file)
    const sdGold = readOutput(c.outputs.sd);
    const sd = stats.sd as Float64Array;
    sdGold.forEach((g, ch) => { if (g >= 0.1) expect(Math.abs(sd[ch] - g)).toBeLessThanOrEqual(1e-5 * g); else expect(sd[ch]).toBe(0); });
    const std = await open().multi_channel_apply(t, { mode: "disk", output_path: path.join(dir, "std.bin") });
    expect(toleranceRatio(f32(std.path), readOutput(c.outputs.standardized), c.tolerance)).toBeLessThanOrEqual(1);
  });

  it("sos_bandpass_300_6000_o3: scipy sosfiltfilt band-pass to 1e-9, and batched output equals it at any max_memory", async () => {
    const c = readCase("sos_bandpass_300_6000_o3");
    const rec = goldenRecording();
    const t = butterworth({ low_frequency: 300, high_frequency: 6000, order: 3, sampling_frequency: rec.fs, output_dtype: "float64" });
    const gold = readOutput(c.outputs.filtered);
    // bytes per value: int16 in 2 + filter work 24 + result 8 + the copy being written 8 = 42;
    // 2 x buffer + 3000 observations per batch
    for (const max_memory of ["1GB", rec.nCh * 42 * (2 * t.buffer + 3000)]) {
      const bp = new BatchProcessor(rec.file, { dtype: "int16", n_channels: rec.nCh, data_order: "samples", max_memory, show_progress_bar: false });
      const res = await bp.multi_channel_apply(t, { mode: "disk", output_path: path.join(dir, "bp.bin") });
      // several batches with the small budget (the buffer of t is sized for 1e-10 edge effects)
      const ratio = toleranceRatio(f64(res.path), gold, max_memory === "1GB" ? c.tolerance : { rtol: 1e-7, atol_scale: 1e-9 });
      expect(ratio).toBeLessThanOrEqual(1);
    }
  });
});

describe("batched output equals whole-file output", () => {
  const nObs = 20000, nCh = 7, fs_ = 30000;
  let file: string;
  beforeAll(() => {
    const x = new Int16Array(nObs * nCh);
    let s = 12345;
    const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) - 0.5;
    for (let i = 0; i < nObs; i++) for (let c = 0; c < nCh; c++) x[i * nCh + c] = Math.round(200 * rnd() + 500 * Math.sin(2 * Math.PI * 9 * i / fs_ + c) + (i % 3000 === 7 ? 3000 : 0));
    file = path.join(dir, "rand.bin");
    fs.writeFileSync(file, Buffer.from(x.buffer));
  });
  const open = (max_memory: number | string) => new BatchProcessor(file, { dtype: "int16", n_channels: nCh, data_order: "samples", max_memory, show_progress_bar: false, samplerate: fs_ });
  const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => { let m = 0, s = 0; for (let i = 0; i < a.length; i++) { m = Math.max(m, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); } return m / s; };

  it.each([
    ["high-pass + standardise", () => butterworth({ sampling_frequency: fs_, standardize: true, output_dtype: "float64" })],
    ["band-pass", () => butterworth({ sampling_frequency: fs_, high_frequency: 6000, output_dtype: "float64" })],
    ["median reference", () => reference({ method: "median", output_dtype: "float64" })],
  ])("%s: several budgets, 1 and 2 workers, equal the one-batch result to 1e-9", async (_name, make) => {
    const whole = f64((await open("1GB").multi_channel_apply(make(), { mode: "disk", output_path: path.join(dir, "whole.bin") })).path);
    // 28 bytes per value on one thread (int16 in and the block read ahead, 8 scratch, 8 result, 8
    // cast-free float64 out); x3 is enough with 2 workers
    const b = 2 * make().buffer;
    for (const [mm, processes] of [[nCh * 28 * (b + 1500), 1], [nCh * 28 * (b + 4000), 1], [nCh * 26 * 3 * (b + 2500), 2]] as const) {
      const res = await open(mm).multi_channel_apply(make(), { mode: "disk", output_path: path.join(dir, "part.bin"), processes });
      expect(maxAbsDiff(f64(res.path), whole)).toBeLessThan(1e-9);
    }
  });

  it("common average reference: each observation minus its channel mean", async () => {
    const [out] = await open("1GB").multi_channel_apply(reference(), { mode: "memory", from_time: 100, to_time: 103 });
    const raw = new Int16Array(fs.readFileSync(file).buffer.slice(100 * nCh * 2, 103 * nCh * 2));
    for (let i = 0; i < 3; i++) {
      const row = Array.from(raw.subarray(i * nCh, (i + 1) * nCh));
      const mean = row.reduce((a, b) => a + b, 0) / nCh;
      row.forEach((v, c) => expect(out.data[i * nCh + c]).toBeCloseTo(v - mean, 3));
    }
  });

  it("a pipeline filter -> standardize equals the one-pass filter+standardize; the input is untouched; keep: false removes only the intermediate", async () => {
    const before = fs.readFileSync(file);
    const outDir = path.join(dir, "pipe");
    fs.mkdirSync(outDir);
    const pipe = new BatchPipeline(file, { dtype: "int16", n_channels: nCh, data_order: "samples", max_memory: nCh * 40 * 3000, output_path: outDir, samplerate: fs_, show_progress_bar: false });
    pipe.add([
      new PipedTransformation(butterworth({ sampling_frequency: fs_, output_dtype: "float64" }), "filtered.bin", "multi_channel", { keep: false }),
      new PipedTransformation(standardize({ sampling_frequency: fs_, output_dtype: "float64" }), "standardized.bin", "multi_channel"),
    ]);
    const { paths, params } = await pipe.run();
    expect(params[1]).toEqual({ dtype: "float64", n_channels: nCh, data_order: "samples", samplerate: fs_ });
    expect(fs.readdirSync(outDir).sort()).toEqual(["standardized.bin", "standardized.yaml"]);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const onePass = await open("1GB").multi_channel_apply(butterworth({ sampling_frequency: fs_, standardize: true, output_dtype: "float64" }), { mode: "memory" });
    expect(maxAbsDiff(f64(paths[1]), onePass[0].data)).toBeLessThan(1e-9);
    expect(() => new PipedTransformation(reference(), "../escape.bin", "multi_channel")).toThrow(/output_name.*plain file name/s);
    const beside = new BatchPipeline(file, { dtype: "int16", n_channels: nCh, data_order: "samples", output_path: dir });
    expect(() => beside.add(new PipedTransformation(reference(), "rand.bin", "multi_channel"))).toThrow(/output_name.*input recording/s);
  });

  it("transformation parameters are checked, naming the parameter", () => {
    expect(() => butterworth({ sampling_frequency: 0 })).toThrow(/sampling_frequency/);
    expect(() => butterworth({ sampling_frequency: 30000, low_frequency: 20000 })).toThrow(/low_frequency.*15000/s);
    expect(() => butterworth({ sampling_frequency: 30000, high_frequency: 200 })).toThrow(/high_frequency/);
    expect(() => butterworth({ sampling_frequency: 30000, order: 0 })).toThrow(/order/);
    expect(() => standardize({ sampling_frequency: 30000, window_seconds: -1 })).toThrow(/window_seconds/);
    expect(() => reference({ method: "mode" as never })).toThrow(/method.*"mean"/s);
  });
});
