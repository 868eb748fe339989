/** The provenance log's header names the installed versions (apache-arrow's package.json is not exported). */
import { logHeader, packageVersion } from "../../src/data/log";

test("the log header gives the installed apache-arrow version, not '?'", () => {
  // apache-arrow's exports map hides its package.json from require(): the version is read beside its entry point
  expect(() => require("apache-arrow/package.json")).toThrow();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const installed = JSON.parse(require("fs").readFileSync(require("path").join(__dirname, "../../node_modules/apache-arrow/package.json"), "utf8")).version;
  expect(packageVersion("apache-arrow")).toBe(installed);
  expect(logHeader()).toContain(`apache-arrow ${installed})`);
  expect(logHeader()).not.toContain("apache-arrow ?");
  expect(packageVersion("vega")).toMatch(/^\d+\.\d+\.\d+/);      // an exported package.json
  expect(packageVersion("no-such-package-spyts")).toBeUndefined();
});
