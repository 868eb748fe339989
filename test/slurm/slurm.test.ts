/**
 * Slurm job arrays (src/compute/slurm) on the one-node cluster of scripts/slurm-local.sh:
 * results byte-identical to local runs, retries of failed tasks, reuse of verified parts,
 * cancellation, and the errors of bad input. Skipped visibly without a cluster (./slurmEnv).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import * as spy from "../../src";
import { ComputationalRoutine } from "../../src/compute/routine";
import { SlurmBackend, SPYSlurmError, parseSlurmParallel } from "../../src/compute/slurm";
import { readPlan } from "../../src/compute/slurm/plan";
import type { NDArray } from "../../src/core/ndarray";
import type { TrialSource } from "../../src/core/computeTypes";
import { describeSlurm } from "./slurmEnv";
import { scaleCF } from "./scaleCF";

jest.setTimeout(240_000);
const CF = { module: path.join(__dirname, "scaleCF.ts"), name: "scaleCF" };

function tmpShared(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "spyts-slurm-test-"));
}

/** 8 trials of 64 x 3 with distinct values. */
function source(nTrials = 8): TrialSource {
  return {
    nTrials, dtype: "float64",
    trialShape: () => [64, 3],
    readTrial: (k: number): NDArray => {
      const d = new Float64Array(192);
      for (let i = 0; i < d.length; i++) d[i] = Math.sin(k * 1000 + i) * (k + 1);
      return { data: d, shape: [64, 3], dtype: "float64" };
    },
  };
}

async function runScale(opts: { backend?: SlurmBackend; keeptrials?: boolean; signal?: AbortSignal }) {
  const cr = new ComputationalRoutine(scaleCF, CF, { scale: 1.7 });
  const keeptrials = opts.keeptrials ?? true;
  cr.initialize(source(), { keeptrials });
  const written: Buffer[] = [];
  let aborted = false;
  const sink = { write: (_k: number, r: NDArray) => { written.push(Buffer.from(new Float64Array(r.data as Float64Array).buffer)); }, abort: () => { aborted = true; } };
  const res = await cr.compute(source(), keeptrials ? sink : null, {
    parallel: false, remote: opts.backend, signal: opts.signal, progress: false, interruptible: false,
  });
  return { res, written, aborted: () => aborted, cr };
}

function backend(shared: string, extra: Record<string, unknown> = {}, lines: string[] = []) {
  return new SlurmBackend(parseSlurmParallel({ backend: "slurm", n_workers: 2, n_tasks: 8, shared_dir: shared, poll_ms: 300, part_wait_s: 2, ...extra }),
    (l) => lines.push(l));
}

const bytesOf = (a: NDArray) => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);

function cosines(nTrials: number): spy.AnalogData {
  const trials: spy.NDArray[] = [];
  for (let k = 0; k < nTrials; k++) {
    const data = new Float64Array(500 * 4);
    for (let t = 0; t < 500; t++) for (let c = 0; c < 4; c++) data[t * 4 + c] = Math.cos(2 * Math.PI * (10 + 3 * c) * t / 250 + k) + 0.1 * Math.sin(7 * t * (k + 1));
    trials.push({ data, shape: [500, 4], dtype: "float64" });
  }
  return new spy.AnalogData({ data: trials, samplerate: 250 });
}

describeSlurm("Slurm job arrays", () => {
  test("an 8-task array with a throttle of 2 completes; trials and metadata equal the local run's bytes", async () => {
    const shared = tmpShared();
    const lines: string[] = [];
    const b = backend(shared, { keep_parts: true }, lines);
    const local = await runScale({});
    const remote = await runScale({ backend: b });
    expect(b.jobIds).toHaveLength(1);
    const show = execFileSync("scontrol", ["show", "job", "-o", b.jobIds[0]], { encoding: "utf8" });
    expect(show).toMatch(/ArrayTaskThrottle=2/);
    expect(show.trim().split("\n").filter((l) => /JobState=COMPLETED/.test(l))).toHaveLength(8);
    expect(remote.written).toHaveLength(8);
    for (let k = 0; k < 8; k++) expect(remote.written[k].equals(local.written[k])).toBe(true);
    expect(remote.res.metadata).toEqual(local.res.metadata);                     // NaN, -0 and Float64Array survive
    expect(Object.is((remote.res.metadata["w__0_0"] as Float64Array)[1], -0)).toBe(true);
    expect(readPlan(path.join(b.runDir!, "plan.json")).chunks).toHaveLength(8);
    expect(lines.some((l) => /8 of 8 tasks done/.test(l))).toBe(true);
  });

  test("mtmfft keeptrials=false: the Slurm average is byte-identical to the local (sequential and worker) averages", async () => {
    const data = cosines(6);
    const shared = tmpShared();
    const kw = { method: "mtmfft", tapsmofrq: 4, keeptrials: false, foilim: [0, 60] };
    const seq = await spy.freqanalysis(data, { ...kw, parallel: false });
    const par = await spy.freqanalysis(data, { ...kw, parallel: true });
    const slurm = await spy.freqanalysis(data, {
      ...kw, parallel: { backend: "slurm", n_workers: 2, n_tasks: 3, shared_dir: shared, poll_ms: 300 } as unknown as boolean,
    });
    const a = bytesOf(seq.trials.get(0));
    expect(a.length).toBeGreaterThan(0);
    expect(bytesOf(par.trials.get(0)).equals(a)).toBe(true);
    expect(bytesOf(slurm.trials.get(0)).equals(a)).toBe(true);
    expect(slurm.log).toMatch(/slurm: 3 array tasks/);
    // removed after the merge (no keep_parts): shared_dir is empty again
    expect(slurm.log).toMatch(/run directory removed after the merge/);
    expect(fs.readdirSync(shared)).toEqual([]);
  });

  test("a failing task is reported by index, resubmitted alone, and the result is still identical", async () => {
    const shared = tmpShared();
    const lines: string[] = [];
    process.env.SPYTS_SLURM_TEST_FAIL = "3";
    try {
      const b = backend(shared, {}, lines);
      const local = await runScale({ keeptrials: false });
      const remote = await runScale({ backend: b, keeptrials: false });
      expect(bytesOf(remote.res.average!).equals(bytesOf(local.res.average!))).toBe(true);
      expect(b.jobIds).toHaveLength(2);
      expect(lines.some((l) => /task 3 failed: FAILED, exit code 1:0/.test(l))).toBe(true);
      expect(lines).toContain("slurm: resubmitting task(s) 3 (retry 1 of 2)");
      const second = execFileSync("scontrol", ["show", "job", "-o", b.jobIds[1]], { encoding: "utf8" }).trim().split("\n");
      expect(second).toHaveLength(1);
      expect(second[0]).toMatch(/ArrayTaskId=3 /);
    } finally {
      delete process.env.SPYTS_SLURM_TEST_FAIL;
    }
  });

  test("a rerun reuses the verified parts and submits nothing; a corrupted part is recomputed alone", async () => {
    const shared = tmpShared();
    const first = backend(shared, { keep_parts: true });
    const r1 = await runScale({ backend: first });
    const lines: string[] = [];
    const again = backend(shared, { keep_parts: true }, lines);
    const r2 = await runScale({ backend: again });
    expect(again.jobIds).toHaveLength(0);
    expect(again.runDir).toBe(first.runDir);
    expect(lines[0]).toBe("slurm: 8 of 8 parts verified from an earlier run, reused");
    r2.written.forEach((w, k) => expect(w.equals(r1.written[k])).toBe(true));
    // flip one byte of part 5: its checksum fails, only task 5 runs again
    const part = path.join(first.runDir!, "parts", "part-00005.arrow");
    const buf = fs.readFileSync(part);
    buf[buf.length >> 1] ^= 1;
    fs.writeFileSync(part, buf);
    // without keep_parts: task 5 alone runs again, then the run directory is removed
    const third = backend(shared);
    const r3 = await runScale({ backend: third });
    expect(third.jobIds).toHaveLength(1);
    expect(execFileSync("scontrol", ["show", "job", "-o", third.jobIds[0]], { encoding: "utf8" })).toMatch(/ArrayTaskId=5 /);
    r3.written.forEach((w, k) => expect(w.equals(r1.written[k])).toBe(true));
    expect(fs.existsSync(first.runDir!)).toBe(false);
  });

  test("cancelling from the driver (scancel) leaves no half-written part and no partial result", async () => {
    const shared = tmpShared();
    process.env.SPYTS_SLURM_TEST_DELAY_MS = "60000";
    const ac = new AbortController();
    const b = backend(shared, { n_tasks: 4 });
    try {
      const run = runScale({ backend: b, signal: ac.signal });
      // abort once two tasks are running (they sleep before writing their parts)
      for (let t = 0; t < 600; t++) {
        await new Promise((r) => setTimeout(r, 200));
        if (b.jobIds.length && /RUNNING/.test(execFileSync("squeue", ["-h", "-r", "-j", b.jobIds[0], "-o", "%T"], { encoding: "utf8" }))) break;
      }
      ac.abort(new Error("stop"));
      await expect(run).rejects.toThrow("stop");
      expect(execFileSync("squeue", ["-h", "-r", "-j", b.jobIds[0]], { encoding: "utf8" }).trim()).toBe("");
      const parts = fs.readdirSync(path.join(b.runDir!, "parts"));
      expect(parts.filter((f) => f.endsWith(".partial") || f.includes(".tmp-"))).toEqual([]);
      expect(parts.filter((f) => f.endsWith(".json"))).toEqual([]);
    } finally {
      delete process.env.SPYTS_SLURM_TEST_DELAY_MS;
    }
  });

  test("a task killed mid-run (SIGKILL) and a part that never arrives are retried; after the retries, the error names the task and shows its log", async () => {
    const shared = tmpShared();
    const lines: string[] = [];
    process.env.SPYTS_SLURM_TEST_KILL = "1";
    process.env.SPYTS_SLURM_TEST_NOPART = "6";
    try {
      const b = backend(shared, {}, lines);
      const local = await runScale({});
      const remote = await runScale({ backend: b });
      remote.written.forEach((w, k) => expect(w.equals(local.written[k])).toBe(true));
      expect(lines.some((l) => /task 1 failed: FAILED/.test(l))).toBe(true);
      expect(lines.some((l) => /task 6 failed: COMPLETED.*is shared_dir .* shared/.test(l))).toBe(true);
    } finally {
      delete process.env.SPYTS_SLURM_TEST_KILL;
      delete process.env.SPYTS_SLURM_TEST_NOPART;
    }
    // retries: 0 and a task that fails: the error names it and shows its log
    process.env.SPYTS_SLURM_TEST_FAIL = "2";
    try {
      const sink: string[] = [];
      const run = runScale({ backend: backend(tmpShared(), { retries: 0 }, sink), keeptrials: true });
      await expect(run).rejects.toThrow(/1 of 8 Slurm array tasks failed after 0 retries: task 2 \(job \d+_2; FAILED, exit code 1:0\)[\s\S]*test failure injected into task 2/);
    } finally {
      delete process.env.SPYTS_SLURM_TEST_FAIL;
    }
  });

  test("bad input: a partition that does not exist, a plan from another build, unknown options", async () => {
    await expect(runScale({ backend: backend(tmpShared(), { partition: "nosuchpartition" }) }))
      .rejects.toThrow(/parallel\.partition[\s\S]*one of this cluster's partitions: debug/);
    // a plan from another build: the task refuses it (exit code 3) with the differing versions
    const shared = tmpShared();
    const b = backend(shared, { n_tasks: 1, keep_parts: true });
    await runScale({ backend: b });
    const planPath = path.join(b.runDir!, "plan.json");
    const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
    plan.versions.node = "v0.0.1";
    fs.writeFileSync(planPath, JSON.stringify(plan));
    let code = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, [path.join(__dirname, "../../bin/spyts.js"), "run-task", planPath, "0"], { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      code = (e as { status: number }).status;
      stderr = String((e as { stderr: string }).stderr);
    }
    expect(code).toBe(3);
    expect(stderr).toMatch(new RegExp(`another build \\(node ${process.version.replace(/\./g, "\\.")} \\(plan: v0\\.0\\.1\\)\\)`));
    expect(() => parseSlurmParallel({ backend: "slurm", n_worker: 2 })).toThrow(/n_worker[\s\S]*n_workers/);
    expect(() => parseSlurmParallel({ backend: "slurm", sbatch_args: ["--array=0-3"] })).toThrow(/--array/);
    expect(() => parseSlurmParallel({ backend: "slurm", mem_per_worker: "lots" })).toThrow(/mem_per_worker/);
  });
});

describe("Slurm backend without the Slurm tools", () => {
  test("no sbatch on PATH: a SPYSlurmError saying what the login node needs", async () => {
    const oldPath = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const err = await runScale({ backend: backend(tmpShared()) }).catch((e) => e);
      expect(err).toBeInstanceOf(SPYSlurmError);
      expect(err.message).toMatch(/sbatch not found on PATH: .*Slurm client tools .* and munge on this machine/);
    } finally {
      process.env.PATH = oldPath;
    }
  });
});
