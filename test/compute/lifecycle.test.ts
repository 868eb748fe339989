import { spawn } from "child_process";
import * as path from "path";
import { ComputationalRoutine } from "../../src/compute/routine";
import { getPool, hasPool, shutdown } from "../../src/compute/pool";
import * as cfs from "./fixtures/cfs";
import { ArraySink, ArraySource, makeTrials } from "./fixtures/helpers";

const ROOT = path.join(__dirname, "..", "..");

/**
 * Run the idle script; resolve with its output, exit code, the ms from its "computed" line to its
 * exit, and whether it had to be killed (still alive `lingerLimitMs` after its work ended).
 */
function runIdleScript(args: string[], lingerLimitMs: number): Promise<{ out: string; code: number | null; lingerMs: number; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only",
      path.join(__dirname, "fixtures", "idleScript.ts"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let doneAt = 0;
    let killed = false;
    let lingerTimer: NodeJS.Timeout | undefined;
    const overall = setTimeout(() => { killed = true; child.kill("SIGKILL"); }, 50000);
    child.stdout.on("data", (d) => {
      out += d;
      if (!doneAt && out.includes("computed")) {
        doneAt = Date.now();
        lingerTimer = setTimeout(() => { killed = true; child.kill("SIGKILL"); }, lingerLimitMs);
      }
    });
    child.stderr.on("data", (d) => { err += d; });
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(overall);
      if (lingerTimer) clearTimeout(lingerTimer);
      if (!doneAt) return reject(new Error(`script did not finish its work: ${out}\n${err}`));
      resolve({ out, code, lingerMs: Date.now() - doneAt, killed });
    });
  });
}

describe("pool life cycle", () => {
  test("idle workers do not keep a script alive: it exits on its own right after its work", async () => {
    const r = await runIdleScript([], 10000);
    expect(r.out).toMatch(/computed 12 trials in 12 tasks/);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    expect(r.lingerMs).toBeLessThan(4000);
  }, 60000);

  test("control: a script that holds a referenced handle does not exit on its own (the check above can fail)", async () => {
    const r = await runIdleScript(["--hold"], 5000);
    expect(r.killed).toBe(true);
    expect(r.lingerMs).toBeGreaterThanOrEqual(4000);
  }, 60000);

  test("shutdown() terminates the shared pool; the next parallel run creates a new one", async () => {
    const src = new ArraySource(makeTrials(4, 10, 2));
    const cr = new ComputationalRoutine(cfs.cumsumCF, { module: path.join(__dirname, "fixtures", "cfs"), name: "cumsumCF" }, {})
      .initialize(src);
    await cr.compute(src, new ArraySink(), { parallel: true, nWorkers: 1 });
    const pool = getPool();
    expect(hasPool()).toBe(true);
    expect(pool.liveWorkers).toBe(1);
    await shutdown();
    expect(hasPool()).toBe(false);
    expect(pool.liveWorkers).toBe(0);
    await expect(pool.submit({} as never, [])).rejects.toThrow(/shut down/);
    const sink = new ArraySink();
    await cr.compute(src, sink, { parallel: true, nWorkers: 1 });
    expect(sink.order).toEqual([0, 1, 2, 3]);
    expect(getPool()).not.toBe(pool);
    await shutdown();
  }, 60000);
});
