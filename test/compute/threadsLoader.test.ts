import { execFileSync } from "child_process";
import * as path from "path";
import { loadThreads, loadThreadsWorker, requireWithoutSignalHandlers } from "../../src/compute/threadsLoader";

const SIGS = ["SIGINT", "SIGTERM"] as const;
const counts = () => SIGS.map((s) => process.listenerCount(s));

describe("threadsLoader", () => {
  test("loading threads leaves the SIGINT/SIGTERM listener counts unchanged", () => {
    const before = counts();
    const t = loadThreads();
    expect(typeof t.spawn).toBe("function");
    expect(typeof t.Worker).toBe("function");
    expect(typeof t.Transfer).toBe("function");
    expect(typeof t.Thread.terminate).toBe("function");
    expect(t.Pool).toBeDefined();
    expect(counts()).toEqual(before);
    const w = loadThreadsWorker();
    expect(typeof w.expose).toBe("function");
    expect(counts()).toEqual(before);
  });

  test("removes exactly the listeners a module adds and keeps the ones that were there", () => {
    const mine = () => undefined;
    process.on("SIGINT", mine);
    try {
      const before = counts();
      const mod = requireWithoutSignalHandlers<{ marker: string }>(path.join(__dirname, "fixtures", "addsSignalListeners"));
      expect(mod.marker).toBe("adds-listeners");      // the module was really loaded (and it adds 3 listeners)
      expect(counts()).toEqual(before);
      expect(process.listeners("SIGINT")).toContain(mine);
    } finally {
      process.removeListener("SIGINT", mine);
    }
  });

  test("in a plain Node process: the loader adds no listener, a plain require('threads') does", () => {
    const script = path.join(__dirname, "fixtures", "listenerScript.ts");
    const run = (...args: string[]) => JSON.parse(execFileSync(process.execPath,
      ["-r", "ts-node/register/transpile-only", script, ...args], { cwd: path.join(__dirname, "..", ".."), encoding: "utf8" }).trim());
    const r = run("--plain");
    expect(r.hasSpawn).toBe(true);
    expect(r.afterLoader).toBe(r.before);
    // the control: threads' ordinary require adds one listener per signal
    const [i0, t0] = r.before.split(",").map(Number);
    expect(r.afterPlain).toBe(`${i0 + 1},${t0 + 1}`);
  }, 30000);
});
