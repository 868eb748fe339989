/**
 * How fast each CPU of this machine is right now, for reading the bench's two-worker ratios.
 *
 * Why: on this VM the two vCPUs are not always equal. Measured 2026-12-07 with the multitaper
 * kernel pinned by taskset: cpu0 199-212 ms, cpu1 268-311 ms for the same 100 calls (cpu1 ~1.4x
 * slower), changing from one minute to the next; two workers then gain at most
 * (1 + 1/1.4) = 1.7x over one thread on the fast CPU, whatever the code does. coh on two workers
 * showed it as tasks that took 2x their usual time from some point of a run on.
 *
 * Each CPU runs the same fixed work (50 calls of the wasm multitaper kernel on one 2000 x 64
 * trial, 15 tapers; best of 3) in a child process pinned with `taskset -c k`. Run alone with
 *   node -r ts-node/register/transpile-only bench/cpuBalance.ts
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The probe's code (plain JS: the child starts in ~50 ms instead of ts-node's second). */
function probeSource(dist: string): string {
  return `
const { multitaperKernel } = require(${JSON.stringify(path.join(dist, "specest", "mtmfftWasm"))});
const { normalisedTapers } = require(${JSON.stringify(path.join(dist, "specest", "tapers"))});
const L = 2000, C = 64, x = new Float32Array(L * C);
let s = 1;
for (let i = 0; i < x.length; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; x[i] = s / 4294967296 - 0.5; }
const tapers = normalisedTapers({ taper: null, taperOpt: null, dpss: { NW: 8, K: 15 } }, L, L, false);
const out = new Float32Array(1001 * C);
const p = { nfft: L, freqIdx: Array.from({ length: 1001 }, (_, i) => i), polyremoval: 0, demeanTaper: false, output: "pow", keeptapers: false };
if (!multitaperKernel(x, L, C, tapers, p, out)) throw new Error("the wasm kernel is not available");
for (let i = 0; i < 10; i++) multitaperKernel(x, L, C, tapers, p, out);
let best = Infinity;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) multitaperKernel(x, L, C, tapers, p, out);
  best = Math.min(best, performance.now() - t0);
}
process.stdout.write(String(best));
`;
}

export interface CpuBalance {
  /** ms of the fixed work per CPU (index = CPU number). */
  ms: number[];
  /** The most two workers can gain over one thread on the fastest CPU: sum of speeds / fastest speed (capped at 2 CPUs). */
  maxTwoWorkerGain: number;
}

/** Time the fixed work on each CPU; null where taskset is missing or the probe fails. */
export function cpuBalance(): CpuBalance | null {
  const n = os.cpus().length;
  const dist = path.resolve(__dirname, "..", "dist");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-cpubalance-"));
  const probe = path.join(dir, "probe.js");
  fs.writeFileSync(probe, probeSource(dist));
  try {
    const ms: number[] = [];
    for (let k = 0; k < n; k++) {
      ms.push(Number(execFileSync("taskset", ["-c", String(k), process.execPath, probe], { encoding: "utf8", timeout: 60_000 })));
    }
    if (!ms.every((v) => Number.isFinite(v) && v > 0)) return null;
    const speeds = ms.map((v) => 1 / v).sort((a, b) => b - a).slice(0, 2);
    return { ms, maxTwoWorkerGain: speeds.reduce((a, b) => a + b, 0) / speeds[0] };
  } catch {
    return null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One line for the bench's output. */
export function describeCpuBalance(b: CpuBalance | null): string {
  if (!b) return "cpu balance: not measured (taskset or the wasm kernel unavailable)";
  const fastest = Math.min(...b.ms);
  const each = b.ms.map((v, k) => `cpu${k} ${v.toFixed(0)} ms (${(fastest / v).toFixed(2)})`).join(", ");
  return `cpu balance (the same kernel work pinned to each CPU): ${each}; two workers can gain at most ${b.maxTwoWorkerGain.toFixed(2)}x over one thread on the fastest`;
}

if (require.main === module) console.log(describeCpuBalance(cpuBalance()));
