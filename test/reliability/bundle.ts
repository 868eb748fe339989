/**
 * Child processes of the reliability tests, bundled once with esbuild (spyts' sources in, node
 * modules left external and found through NODE_PATH): a child then starts in ~0.4 s instead of
 * the seconds ts-node takes, and a child that hangs or grows is killed without taking jest along.
 */
import { execFile, execFileSync } from "child_process";
import * as path from "path";

export const NODE_MODULES = path.join(__dirname, "..", "..", "node_modules");

/** Bundle `entry` (a .ts file beside this one) into `outfile`. */
export function bundleChild(entry: string, outfile: string): void {
  execFileSync(path.join(NODE_MODULES, ".bin", "esbuild"), [
    path.join(__dirname, entry), "--bundle", "--platform=node", "--format=cjs", `--outfile=${outfile}`, "--log-level=error", "--packages=external",
  ]);
}

export interface ChildResult { signal: NodeJS.Signals | null; code: number | null; stdout: string; stderr: string; ms: number }

/** Run a bundled child with `args`; killed (SIGKILL) after `timeoutMs`. */
export function runBundled(file: string, args: string[], timeoutMs = 60_000, env: NodeJS.ProcessEnv = {}): Promise<ChildResult> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], {
      env: { ...process.env, ...env, NODE_PATH: NODE_MODULES }, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 1 << 20,
    }, (err, stdout, stderr) => {
      const e = err as (Error & { signal?: NodeJS.Signals; code?: number }) | null;
      resolve({ signal: e?.signal ?? null, code: e ? (typeof e.code === "number" ? e.code : null) : 0, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}
