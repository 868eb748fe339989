/**
 * The floors of src/ (docs/architecture.md, rules in .dependency-cruiser.js): the real tree has no
 * upward import and no cycle, and the same rules do fail on a tree with an upward import.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..");
const depcruise = path.join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
const config = path.join(root, ".dependency-cruiser.js");

function cruise(cwd: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [depcruise, "src", "--config", config, "--output-type", "err-long"], { cwd, encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("import floors", () => {
  it("src/ has no upward import and no file cycle", () => {
    const r = cruise(root);
    expect(r.out).not.toMatch(/error /);
    expect(r.status).toBe(0);
  });

  it("the rules fail on an upward import (core/ importing data/)", () => {
    const r = cruise(path.join(__dirname, "fixtures", "floors"));
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/no-upward-from-core/);
    expect(r.out).toMatch(/src\/core\/errors\.ts → src\/data\/analog\.ts/);
  });
});
