/** Provenance log entries in Syncopy's format (reference §1.6). */
import * as os from "os";

export function logHeader(): string {
  let arrow = "?";
  try { arrow = require("apache-arrow/package.json").version; } catch { /* optional */ }
  const version = require("../../package.json").version as string;
  return `|=== spyts ${version} (node ${process.version}, apache-arrow ${arrow}) ===|\n`;
}

/** `|=== user@host: asctime ===|\n\t<caller>: msg` */
export function logEntry(msg: string, caller: string): string {
  let user = "user";
  try { user = os.userInfo().username; } catch { /* no passwd entry */ }
  const stamp = new Date().toString().replace(/ \(.*\)$/, "");
  return `|=== ${user}@${os.hostname()}: ${stamp} ===|\n\t${caller}: ${msg}\n`;
}
