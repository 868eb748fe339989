/**
 * Child process for the batch memory test: band-pass a generated raw recording several times
 * larger than max_memory to disk, and report the peak RSS before and after. Run in its own process
 * so that the measurement is not the test runner's memory.
 * argv: <raw file> <n_channels> <max_memory bytes> <output file> [processes]
 */
import { BatchProcessor } from "../../src/batch/processor";
import { butterworth } from "../../src/batch/transforms";
import { shutdown } from "../../src/compute/pool";

async function main(): Promise<void> {
  const [file, nCh, maxMemory, out, processes] = process.argv.slice(2);
  const bp = new BatchProcessor(file, { dtype: "int16", n_channels: Number(nCh), data_order: "samples", max_memory: Number(maxMemory), show_progress_bar: false });
  const t = butterworth({ sampling_frequency: 30000, high_frequency: 6000 });
  // warm up module loading and the wasm/JS paths on a tiny range, then take the baseline
  await bp.multi_channel_apply(t, { mode: "memory", to_time: 4000 });
  global.gc?.();
  const baseline = process.resourceUsage().maxRSS * 1024;
  const t0 = Date.now();
  await bp.multi_channel_apply(t, { mode: "disk", output_path: out, processes: Number(processes ?? 1) });
  const peak = process.resourceUsage().maxRSS * 1024;
  await shutdown();
  process.stdout.write(JSON.stringify({ baseline, peak, seconds: (Date.now() - t0) / 1000 }) + "\n");
}
main().catch((e) => { process.stderr.write(String(e?.stack ?? e)); process.exit(1); });
