/** The provenance entry of a statistic computed without a ComputationalRoutine (over trials, itc). */
import { formatLogValue, shortenLogValue } from "../compute/routine";
import { logEntry } from "../data/log";

/** Syncopy's write_log: "computed <what> with settings" and one `\tkey = value` line per setting. */
export function statisticsLog(caller: string, what: string, settings: Record<string, unknown>): string {
  let msg = `computed ${what} with settings\n`;
  for (const [k, v] of Object.entries(settings)) msg += `\t${k} = ${shortenLogValue(formatLogValue(v))}\n`;
  return logEntry(msg.trimEnd(), caller);
}
