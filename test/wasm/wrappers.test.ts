/**
 * The kernels are called through V8's per-signature JS-to-wasm wrappers on Node 20 (see
 * src/wasm/wasmApi.ts: the generic wrapper left the FFT's stack slots misaligned in workers and
 * made a parallel mtmfft ~2x slower). Checked in a fresh process, since the flag is process-wide
 * and set once, when the first module is instantiated.
 */
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

function freshProcess(script: string): string {
  return execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" }).trim();
}

test("the first kernel module switches Node 20's V8 to per-signature wrappers, nothing before it", () => {
  const out = freshProcess(`
    const api = require("./src/wasm/wasmApi");
    const before = api.jsToWasmWrappers();
    const inst = require("./src/wasm/loader").wasmModule("spectral");
    console.log(JSON.stringify({ before, after: api.jsToWasmWrappers(), loaded: inst !== null, v8: process.versions.v8 }));
  `);
  const r = JSON.parse(out.split("\n").pop()!);
  expect(r.loaded).toBe(true);
  expect(r.before).toBe("engine default");
  const major = Number(r.v8.split(".")[0]);
  expect(r.after).toBe(major >= 10 && major <= 11 ? "per-signature" : "engine default");
});
