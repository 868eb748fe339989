/**
 * The spyts side of bench/spikes.ts in a fresh process (its peak RSS is the analysis' own):
 * argv container, unit label, trials, repeat. Prints one JSON line: seconds per step and, per
 * step, the peak RSS above the RSS at its start (VmHWM after resetting it through clear_refs;
 * getrusage's maxrss would include the parent's size at fork, which Linux carries across exec).
 */
import * as fs from "fs";
import * as spy from "../dist";

/** MB of a /proc/self/status field (VmRSS now, VmHWM the peak since the last reset); NaN off Linux. */
function status(field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) / 1e3 : NaN;
  } catch {
    return NaN;
  }
}

/** Reset VmHWM to the current RSS (Linux >= 4.0: "5" to clear_refs); false when not possible. */
function resetPeak(): boolean {
  try { fs.writeFileSync("/proc/self/clear_refs", "5"); return true; } catch { return false; }
}

/** Run fn with the peak RSS reset before it: [peak MB above the RSS at its start, result]. */
async function peakOf<T>(fn: () => Promise<T>): Promise<[number, T]> {
  (global as { gc?: () => void }).gc?.();
  const before = status("VmRSS");
  const ok = resetPeak();
  const out = await fn();
  return [ok ? status("VmHWM") - before : NaN, out];
}

async function main(): Promise<void> {
  const [container, unit, , repeatArg] = process.argv.slice(2);
  const repeat = Math.max(1, Number(repeatArg));
  const baseRssMb = process.memoryUsage().rss / 1e6;
  const time = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
    let best = Infinity, out: T | undefined;
    for (let r = 0; r < repeat; r++) {
      const t0 = process.hrtime.bigint();
      out = await fn();
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    }
    return [best, out!];
  };
  const kw = { binsize: 0.01, latency: [-0.1, 0.8], output: "spikecount", keeptrials: false };
  const [load, data] = await time(() => spy.loadDiscrete(container) as Promise<spy.SpikeData>);
  const [selectPeak, [select, one]] = await peakOf(() => time(() => spy.selectdata(data, { unit })));
  const [psthPeak, [psth, res]] = await peakOf(() => time(() => spy.spike_psth(one, kw)));
  const [inplacePeak, [inplace, res2]] = await peakOf(() => time(() => spy.spike_psth(data, { ...kw, select: { unit } })));
  const avg = Array.from(res.avg!.data);
  if (avg.some((v, i) => v !== res2.avg!.data[i])) throw new Error("spike_psth with select differs from spike_psth of the selected data");
  console.log(JSON.stringify({ load, select, psth, inplace, selectPeak, psthPeak, inplacePeak, rssMb: status("VmRSS"), baseRssMb, avg, spikes: one.nRows }));
  await spy.shutdown();
}

main().catch((e) => { console.error(e); process.exit(1); });
