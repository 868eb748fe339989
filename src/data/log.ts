/** Provenance log entries in Syncopy's format (reference §1.6). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The version of an installed package. `require("<pkg>/package.json")` fails when the package's
 * exports map does not list it (apache-arrow's does not): resolve the package's entry point and
 * walk up to the package.json that names the package.
 */
export function packageVersion(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version;
  } catch { /* not exported: walk up from the entry point */ }
  try {
    let dir = path.dirname(require.resolve(name));
    for (;;) {
      const file = path.join(dir, "package.json");
      if (fs.existsSync(file)) {
        const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (pkg.name === name && typeof pkg.version === "string") return pkg.version;
      }
      const up = path.dirname(dir);
      if (up === dir) return undefined;
      dir = up;
    }
  } catch {
    return undefined;
  }
}

let headerVersions: { spyts: string; arrow: string } | null = null;

export function logHeader(): string {
  if (!headerVersions) {
    headerVersions = { spyts: require("../../package.json").version as string, arrow: packageVersion("apache-arrow") ?? "?" };
  }
  const { spyts: version, arrow } = headerVersions;
  return `|=== spyts ${version} (node ${process.version}, apache-arrow ${arrow}) ===|\n`;
}

/** `|=== user@host: asctime ===|\n\t<caller>: msg` */
export function logEntry(msg: string, caller: string): string {
  let user = "user";
  try { user = os.userInfo().username; } catch { /* no passwd entry */ }
  const stamp = new Date().toString().replace(/ \(.*\)$/, "");
  return `|=== ${user}@${os.hostname()}: ${stamp} ===|\n\t${caller}: ${msg}\n`;
}
