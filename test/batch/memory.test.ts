/**
 * Peak memory of a batch run stays within max_memory plus a fixed overhead, on a recording 8x
 * larger than max_memory (measured as the child process's peak RSS growth past its baseline).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { tmpDir } from "./helpers";

/** What a run may hold beyond max_memory: V8's young generation, the per-channel filter scratch, I/O buffers. */
const FIXED_OVERHEAD_BYTES = 24 << 20;

it("band-pass of a 77 MB recording with max_memory = 8 MB: peak RSS growth <= max_memory + 24 MB, output complete", () => {
  const dir = tmpDir();
  try {
    const nCh = 64, nObs = 30000 * 20, maxMemory = 8 << 20;
    const file = path.join(dir, "big.bin");
    const chunk = new Int16Array(nCh * 30000);
    const fd = fs.openSync(file, "w");
    for (let s = 0; s < nObs / 30000; s++) {
      for (let i = 0; i < chunk.length; i++) chunk[i] = ((i * 7919 + s * 104729) % 2001) - 1000;
      fs.writeSync(fd, new Uint8Array(chunk.buffer));
    }
    fs.closeSync(fd);
    expect(fs.statSync(file).size).toBeGreaterThanOrEqual(4 * maxMemory);
    const out = path.join(dir, "filtered.bin");
    const child = path.join(__dirname, "..", "integration", "batchRssChild.ts");
    const stdout = execFileSync(process.execPath, ["--expose-gc", "-r", "ts-node/register/transpile-only", child, file, String(nCh), String(maxMemory), out],
      { encoding: "utf8", cwd: path.join(__dirname, "..", ".."), timeout: 120000 });
    const r = JSON.parse(stdout.trim().split("\n").pop()!);
    const growth = r.peak - r.baseline;
    expect(growth).toBeLessThanOrEqual(maxMemory + FIXED_OVERHEAD_BYTES);
    expect(fs.statSync(out).size).toBe(nObs * nCh * 4);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
