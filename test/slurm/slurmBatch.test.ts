/**
 * BatchProcessor and BatchPipeline runs on Slurm job arrays (src/batch/slurmBatch.ts) on the
 * one-node cluster of scripts/slurm-local.sh: the output file is byte-identical to the local
 * run's, the run directory is removed after success unless keep_parts, a kept one is reused, a
 * failing task is retried; plus the option errors and the choice of the tasks' code (dist/ or the
 * sources), which need no cluster. Skipped visibly without a cluster (./slurmEnv).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BatchProcessor } from "../../src/batch/processor";
import { BatchPipeline, PipedTransformation } from "../../src/batch/pipeline";
import { butterworth } from "../../src/batch/transforms";
import { lastSlurmBatchRun } from "../../src/batch/slurmBatch";
import { shutdown } from "../../src/compute/pool";
import { taskModules, distStatus } from "../../src/compute/slurm/entry";
import type { NDArray } from "../../src/core/ndarray";
import { describeSlurm } from "./slurmEnv";

jest.setTimeout(300_000);
const FS = 20_000, N_CH = 4, N_OBS = 60_000;
const bandpass = () => butterworth({ sampling_frequency: FS, low_frequency: 300, high_frequency: 3000 });
// the band-pass's buffer is 835 observations; int16 in (and the block read ahead) + the filter's
// working rows (4 float64 channels: 8 bytes a value) + float32 out + the one being written = 80
// bytes an observation of 4 channels: 10 000 observations a batch, 6 batches
const PER_OBSERVATION = N_CH * (2 * 2 + bandpass().workBytesPerValueFor!(N_CH) + 2 * 4);
const MAX_MEMORY = PER_OBSERVATION * (10_000 + 2 * bandpass().buffer);

let dir: string;
let recording: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-slurm-batch-"));
  // int16, samples order: two tones, a slow drift and a spike train, distinct per channel
  const x = new Int16Array(N_OBS * N_CH);
  for (let t = 0; t < N_OBS; t++) for (let c = 0; c < N_CH; c++) {
    x[t * N_CH + c] = Math.round(800 * Math.sin(2 * Math.PI * 1000 * t / FS + c) + 300 * Math.sin(2 * Math.PI * 5 * t / FS) +
      200 * Math.cos(2 * Math.PI * 7000 * t / FS * (c + 1)) + (t % 997 === c ? 2500 : 0));
  }
  recording = path.join(dir, "rec.bin");
  fs.writeFileSync(recording, Buffer.from(x.buffer));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await shutdown();
});

const open = () => new BatchProcessor(recording, { dtype: "int16", n_channels: N_CH, data_order: "samples", max_memory: MAX_MEMORY, show_progress_bar: false, samplerate: FS });
const slurm = (shared: string, extra: Record<string, unknown> = {}) =>
  ({ backend: "slurm" as const, n_workers: 2, n_tasks: 3, shared_dir: shared, poll_ms: 300, part_wait_s: 2, ...extra });
const sharedDir = () => fs.mkdtempSync(path.join(dir, "shared-"));

describeSlurm("BatchProcessor and BatchPipeline on Slurm job arrays", () => {
  beforeAll(() => { process.env.SPYTS_SLURM_QUIET = "1"; });
  afterAll(() => { delete process.env.SPYTS_SLURM_QUIET; });

  test("band-pass multi_channel_apply: 6 batches in 3 array tasks give the local run's output file byte for byte; the run directory is removed", async () => {
    expect(PER_OBSERVATION).toBe(80);
    expect(bandpass().buffer).toBe(835);
    const local = await open().multi_channel_apply(bandpass(), { mode: "disk", output_path: path.join(dir, "local.bin") });
    const shared = sharedDir();
    const remote = await open().multi_channel_apply(bandpass(), { mode: "disk", output_path: path.join(dir, "slurm.bin"), parallel: slurm(shared) });
    const run = lastSlurmBatchRun()!;
    expect(run.batches).toBe(6);
    expect(run.tasks).toBe(3);
    expect(run.jobIds).toHaveLength(1);
    const a = fs.readFileSync(local.path), b = fs.readFileSync(remote.path);
    expect(a.length).toBe(N_OBS * N_CH * 4);                               // float32, every observation
    expect(b.equals(a)).toBe(true);
    expect(remote.params).toEqual(local.params);
    expect(fs.existsSync(`${remote.path}.partial`)).toBe(false);
    // removed after the merge: nothing of the run stays in shared_dir
    expect(run.removed).toBe(true);
    process.stderr.write(`slurm batch test: tasks started from ${run.taskStart}\n`);
    expect(fs.existsSync(run.runDir)).toBe(false);
    expect(fs.readdirSync(shared)).toEqual([]);
  });

  test("single_channel_apply with cast_dtype int16 and keep_parts: identical to local; the directory stays, a rerun reuses every part and submits nothing", async () => {
    const opts = { mode: "disk" as const, cast_dtype: "int16" as const, channels: [3, 1], force_complete_channel_batch: false };
    const local = await open().single_channel_apply(bandpass(), { ...opts, output_path: path.join(dir, "local-sc.bin") });
    const shared = sharedDir();
    const first = await open().single_channel_apply(bandpass(), { ...opts, output_path: path.join(dir, "slurm-sc.bin"), parallel: slurm(shared, { keep_parts: true }) });
    const run1 = lastSlurmBatchRun()!;
    expect(fs.readFileSync(first.path).equals(fs.readFileSync(local.path))).toBe(true);
    expect(run1.removed).toBe(false);
    expect(fs.readdirSync(path.join(run1.runDir, "parts")).filter((f) => f.endsWith(".json"))).toHaveLength(run1.tasks);
    const again = await open().single_channel_apply(bandpass(), { ...opts, output_path: path.join(dir, "slurm-sc2.bin"), parallel: slurm(shared, { keep_parts: true }) });
    const run2 = lastSlurmBatchRun()!;
    expect(run2.runDir).toBe(run1.runDir);
    expect(run2.jobIds).toEqual([]);
    expect(run2.reused).toBe(run1.tasks);
    expect(fs.readFileSync(again.path).equals(fs.readFileSync(local.path))).toBe(true);
    // the same call without keep_parts reuses the parts once more, then removes the directory
    await open().single_channel_apply(bandpass(), { ...opts, output_path: path.join(dir, "slurm-sc3.bin"), parallel: slurm(shared) });
    // (keep_parts is not part of the plan: the same directory)
    expect(lastSlurmBatchRun()!.reused).toBe(run1.tasks);
    expect(fs.existsSync(run1.runDir)).toBe(false);
  });

  test("a failing task is resubmitted alone and the output is still identical", async () => {
    process.env.SPYTS_SLURM_TEST_FAIL = "1";
    try {
      const local = fs.readFileSync(path.join(dir, "local.bin"));
      const res = await open().multi_channel_apply(bandpass(), { mode: "disk", output_path: path.join(dir, "retry.bin"), parallel: slurm(sharedDir()) });
      const run = lastSlurmBatchRun()!;
      expect(run.jobIds).toHaveLength(2);
      expect(fs.readFileSync(res.path).equals(local)).toBe(true);
    } finally {
      delete process.env.SPYTS_SLURM_TEST_FAIL;
    }
  });

  test("BatchPipeline: band-pass with standardisation on Slurm, then a plain-function step here, equals the local pipeline byte for byte", async () => {
    const run = async (name: string, parallel: unknown) => {
      const out = path.join(dir, name);
      fs.mkdirSync(out);
      const pipe = new BatchPipeline(recording, {
        dtype: "int16", n_channels: N_CH, data_order: "samples", max_memory: 4 * MAX_MEMORY, output_path: out, samplerate: FS,
        show_progress_bar: false, parallel: parallel as false,
      });
      const halve = (x: NDArray) => Float32Array.from(x.data as Float32Array, (v) => v / 2);
      pipe.add([
        new PipedTransformation(butterworth({ sampling_frequency: FS, low_frequency: 300, high_frequency: 3000, standardize: true }), "std.bin", "multi_channel", { keep: true }),
        new PipedTransformation(halve, "half.bin", "multi_channel"),
      ]);
      return pipe.run();
    };
    const local = await run("pipe-local", false);
    const before = lastSlurmBatchRun();
    const remote = await run("pipe-slurm", slurm(sharedDir()));
    const step1 = lastSlurmBatchRun()!;
    expect(step1).not.toBe(before);                                   // step 1 ran on Slurm (step 2, a plain function, here)
    expect(step1.jobIds).toHaveLength(1);
    expect(step1.tasks).toBeGreaterThan(1);
    for (let i = 0; i < 2; i++) {
      const a = fs.readFileSync(local.paths[i]);
      expect(a.length).toBe(N_OBS * N_CH * 4);
      expect(fs.readFileSync(remote.paths[i]).equals(a)).toBe(true);
    }
  });
});

describe("Slurm batch options and task code, without a cluster", () => {
  test("bad input: a plain function, mode memory, parallel: true, unknown Slurm keys", async () => {
    const shared = fs.mkdtempSync(path.join(dir, "bad-"));
    const plain = (x: NDArray) => x;
    await expect(open().multi_channel_apply(plain, { mode: "disk", output_path: path.join(dir, "x.bin"), parallel: slurm(shared) }))
      .rejects.toThrow(/parallel[\s\S]*false for a plain function[\s\S]*spy\.batch transformation/);
    await expect(open().multi_channel_apply(bandpass(), { mode: "memory", parallel: slurm(shared) }))
      .rejects.toThrow(/parallel[\s\S]*false with mode "memory"/);
    await expect(open().multi_channel_apply(bandpass(), { mode: "disk", output_path: path.join(dir, "x.bin"), parallel: true as never }))
      .rejects.toThrow(/parallel[\s\S]*\{ backend: "slurm", \.\.\. \}[\s\S]*processes/);
    await expect(open().multi_channel_apply(bandpass(), { mode: "disk", output_path: path.join(dir, "x.bin"), parallel: { ...slurm(shared), keep_part: true } as never }))
      .rejects.toThrow(/keep_part[\s\S]*keep_parts/);
    await expect(open().multi_channel_apply(bandpass(), { mode: "disk", output_path: path.join(dir, "x.bin"), parallel: slurm(shared, { keep_parts: "yes" }) }))
      .rejects.toThrow(/parallel\.keep_parts[\s\S]*true or false/);
    expect(fs.existsSync(path.join(dir, "x.bin"))).toBe(false);
  });

  test("tasks start from dist/ when it is a current build of the sources, else from the sources through ts-node (with the reason)", () => {
    const root = fs.mkdtempSync(path.join(dir, "pkg-"));
    const put = (rel: string, mtimeS: number) => {
      const p = path.join(root, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, "");
      fs.utimesSync(p, mtimeS, mtimeS);
      return p;
    };
    put("package.json", 1000); put("bin/spyts.js", 1000);
    const entry = put("src/batch/task.ts", 1000), cf = put("src/preproc/filter.ts", 1000);
    put("src/types.d.ts", 5000);                                                  // declarations have no build
    put("dist/batch/task.js", 2000); put("dist/preproc/filter.js", 2000);
    expect(distStatus(root)).toEqual({ current: true });
    expect(taskModules(entry, [cf], {})).toEqual({
      entry: path.join(root, "dist/batch/task.js"), modules: [path.join(root, "dist/preproc/filter.js")], via: "dist",
    });
    // compute functions are named without extension (path.join(__dirname, "filter")): the .ts beside it decides
    expect(taskModules(entry, [cf.replace(/\.ts$/, "")], {}).modules).toEqual([path.join(root, "dist/preproc/filter.js")]);
    // JavaScript (a driver running from dist/) is used as is
    const js = path.join(root, "dist/batch/task.js");
    expect(taskModules(js, ["/elsewhere/cf.js"], {})).toEqual({ entry: js, modules: ["/elsewhere/cf.js"], via: "js" });
    // a compute function outside the package's sources has no build: the sources
    expect(taskModules(entry, ["/elsewhere/cf.ts"], {})).toMatchObject({ entry, via: "ts-node", why: "/elsewhere/cf.ts is not part of spyts's sources (no dist/ build of it)" });
    expect(taskModules(entry, [cf], { SPYTS_SLURM_TASKS: "ts-node" })).toMatchObject({ via: "ts-node", why: "SPYTS_SLURM_TASKS=ts-node" });
    // a source edited after the build, and a source without a build
    fs.utimesSync(cf, 3000, 3000);
    expect(taskModules(entry, [cf], {})).toMatchObject({ entry, modules: [cf], via: "ts-node", why: "dist/ is not current: src/preproc/filter.ts is newer than its build" });
    fs.utimesSync(cf, 1000, 1000);
    put("src/new.ts", 1000);
    expect(distStatus(root)).toEqual({ current: false, why: "dist/new.js is missing" });
  });
});
