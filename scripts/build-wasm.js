#!/usr/bin/env node
// Compiles every asm/*.ts module to build/wasm/<name>.wasm with the AssemblyScript compiler
// from npm (SIMD on, -O3, stub runtime, exported memory that can grow). Skips a module whose
// .wasm is newer than every source under asm/, so `npm test` does not pay for it twice.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const srcDir = path.join(root, "asm");
const outDir = path.join(root, "build", "wasm");
const asc = path.join(root, "node_modules", "assemblyscript", "bin", "asc.js");

function newestSource(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith(".ts")) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

const force = process.argv.includes("--force");
fs.mkdirSync(outDir, { recursive: true });
const newest = newestSource(srcDir);
const modules = fs.readdirSync(srcDir).filter((f) => f.endsWith(".ts")).sort();
for (const file of modules) {
  const name = path.basename(file, ".ts");
  const out = path.join(outDir, `${name}.wasm`);
  if (!force && fs.existsSync(out) && fs.statSync(out).mtimeMs >= newest) continue;
  const tmp = `${out}.tmp-${process.pid}`;
  execFileSync(process.execPath, [asc, path.join(srcDir, file),
    "--outFile", tmp, "-O3", "--noAssert", "--runtime", "stub",
    "--enable", "simd"], { stdio: "inherit" });
  fs.renameSync(tmp, out); // atomic: a half-written module is never loaded
  console.log(`wasm: ${path.relative(root, out)} (${fs.statSync(out).size} bytes)`);
}
