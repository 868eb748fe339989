/**
 * npm run bench [-- --quick] [-- --only name,name]: every workload, spyts side by side with the
 * Python reference stack on the same data in the same run, printed as one table with ratios
 * (reference seconds / spyts seconds: above 1 means spyts is faster).
 * --quick runs small sizes as a smoke test (CI); its timings mean nothing.
 * Env: BENCH_REPEAT (default 2, best of). Before and after the workloads, each CPU times the same
 * kernel work pinned to it (bench/cpuBalance.ts): on a VM two vCPUs may differ, which caps every
 * two-worker ratio.
 */
import * as os from "os";
import * as spy from "../dist";
import { BenchRow, BenchWorkload } from "./types";
import { mtmfftBench } from "./mtmfft";
import { cpuBalance, describeCpuBalance } from "./cpuBalance";

const WORKLOADS: Record<string, () => Promise<BenchWorkload>> = {
  mtmfft: async () => mtmfftBench,
  morlet: async () => (await import("./morlet")).morletBench,
  filter: async () => (await import("./filter")).filterBench,
  fooof: async () => (await import("./fooof")).fooofBench,
  batch: async () => (await import("./batch")).batchBench,
  fft: async () => (await import("./fftKernels")).fftKernelsBench,
  filterkernels: async () => (await import("./filterKernels")).filterKernelsBench,
  csd: async () => (await import("./crossSpectra")).crossSpectraBench,
  granger: async () => (await import("./granger")).grangerBench,
  coh: async () => (await import("./coh")).cohBench,
  statsmean: async () => (await import("./statsMean")).statsMeanBench,
  manytrials: async () => (await import("./manyTrials")).manyTrialsBench,
  spikes: async () => (await import("./spikes")).spikesBench,
  nwbread: async () => (await import("./nwbRead")).nwbReadBench,
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function table(rows: BenchRow[]): string {
  const lines: string[] = [];
  const w0 = Math.max(8, ...rows.map((r) => r.workload.length));
  const w1 = Math.max(14, ...rows.map((r) => r.impl.length));
  lines.push(`${"workload".padEnd(w0)}  ${"implementation".padEnd(w1)}  ${"seconds".padStart(9)}  ${"ref/this".padStart(8)}  note`);
  const byWorkload = new Map<string, BenchRow[]>();
  for (const r of rows) byWorkload.set(r.workload, [...(byWorkload.get(r.workload) ?? []), r]);
  for (const [workload, group] of byWorkload) {
    const ref = group.find((r) => r.reference && Number.isFinite(r.seconds));
    for (const r of group) {
      const ratio = ref && Number.isFinite(r.seconds) ? `${(ref.seconds / r.seconds).toFixed(2)}x` : "n/a";
      const secs = Number.isFinite(r.seconds) ? r.seconds.toFixed(3) : "n/a";
      lines.push(`${workload.padEnd(w0)}  ${r.impl.padEnd(w1)}  ${secs.padStart(9)}  ${ratio.padStart(8)}  ${r.note ?? ""}`);
    }
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const only = arg("--only")?.split(",");
  const repeat = quick ? 1 : Number(process.env.BENCH_REPEAT ?? 2);
  console.log(`spyts benchmarks${quick ? " (--quick: small sizes, smoke test only)" : ""}`);
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"}; best of ${repeat}; Python reference single-threaded`);
  // unequal CPUs (a VM's vCPUs sharing a host core with others) cap every two-worker ratio: said before and after
  const balanceBefore = describeCpuBalance(cpuBalance());
  console.log(`before: ${balanceBefore}`);
  const rows: BenchRow[] = [];
  let failed = 0;
  for (const [name, load] of Object.entries(WORKLOADS)) {
    if (only && !only.includes(name)) continue;
    let workload: BenchWorkload;
    try {
      workload = await load();
    } catch {
      console.log(`(${name}: workload not available in this build)`);
      continue;
    }
    try {
      const r = await workload({ quick, repeat });
      rows.push(...r);
      console.log(`${name}: done`);
    } catch (e) {
      failed++;
      console.log(`${name}: FAILED ${(e as Error).stack ?? e}`);
    }
  }
  await spy.shutdown();
  console.log("");
  console.log(table(rows));
  console.log("");
  console.log(`before: ${balanceBefore}`);
  console.log(`after:  ${describeCpuBalance(cpuBalance())}`);
  if (failed) process.exit(1);
}

main().catch((e) => { console.error(e); process.exit(1); });
