#!/usr/bin/env node
// Lists the innermost loops of the compiled wasm kernels in which V8's optimizing compiler keeps
// SIMD values on the stack (xmm registers stored to or loaded from [rbp-...]), per module:
//
//   node scripts/wasm-spills.js [module ...]        (default: every build/wasm/*.wasm)
//
// Why: a value that lives in a stack slot across iterations of a hot loop makes the kernel's speed
// depend on the stack's alignment at entry, i.e. on the calling JavaScript frames (README, "coh
// after a batch run"; asm/lib/crossBlocks.ts). A loop printed with both stores and loads of the
// same slot is the pattern to remove; loads only (a constant reloaded) are harmless. Loops holding
// a call are skipped: V8 places the out-of-line stack-check paths (which save registers around a
// call) after the loop body, and they are cold.
//
// Needs a V8 with its disassembler (Node's release builds have it): each module is compiled in a
// child process with --print-wasm-code. x64 only. A diagnostic for kernel work, not a test: the
// register allocation is V8's and changes between versions.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const dir = path.join(__dirname, "..", "build", "wasm");
const wanted = process.argv.slice(2);
const modules = wanted.length ? wanted : fs.readdirSync(dir).filter((f) => f.endsWith(".wasm")).map((f) => f.slice(0, -5));

function disassemble(file) {
  const code = `new WebAssembly.Instance(new WebAssembly.Module(require("fs").readFileSync(${JSON.stringify(file)})), { env: { abort() {} } });`;
  return execFileSync(process.execPath, ["--print-wasm-code", "--no-liftoff", "--no-wasm-lazy-compilation", "-e", code],
    { encoding: "utf8", maxBuffer: 256 * 2 ** 20 });
}

/** { function name: [[offset, instruction text]] } from V8's listing. */
function parse(text) {
  const fns = new Map();
  let cur = null;
  for (const line of text.split("\n")) {
    const name = /^name: (.*)$/.exec(line);
    if (name) { cur = []; fns.set(name[1], cur); continue; }
    const ins = /^0x[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+(.*)$/.exec(line);
    if (ins && cur) cur.push([parseInt(ins[1], 16), ins[2].trim()]);
  }
  return fns;
}

let found = 0;
for (const m of modules) {
  const file = path.join(dir, `${m}.wasm`);
  if (!fs.existsSync(file)) { console.error(`no ${file} (npm run build first)`); process.exitCode = 1; continue; }
  const fns = parse(disassemble(file));
  const lines = [];
  for (const [fn, ins] of fns) {
    const loops = [];
    for (const [at, text] of ins) {
      const j = /^j\w+\s+0x[0-9a-f]+\s+<\+0x([0-9a-f]+)>/.exec(text);
      if (j && parseInt(j[1], 16) < at) loops.push([parseInt(j[1], 16), at]);
    }
    for (const [a, b] of loops) {
      if (loops.some(([c, d]) => a <= c && d <= b && (c !== a || d !== b))) continue; // not innermost
      const body = ins.filter(([at]) => at >= a && at <= b).map(([, t]) => t);
      if (body.some((t) => /^call\b|^ret\b/.test(t))) continue;
      const slots = new Map();
      for (const t of body) {
        const s = /^v\w+\s+(\[rbp-0x[0-9a-f]+\]),xmm\d+$/.exec(t), l = /^v\w+\s+xmm\d+,(\[rbp-0x[0-9a-f]+\])$/.exec(t);
        if (s) (slots.get(s[1]) ?? slots.set(s[1], { st: 0, ld: 0 }).get(s[1])).st++;
        if (l) (slots.get(l[1]) ?? slots.set(l[1], { st: 0, ld: 0 }).get(l[1])).ld++;
      }
      if (slots.size === 0) continue;
      const carried = [...slots].filter(([, v]) => v.st > 0 && v.ld > 0).length;
      if (carried > 0) found++;
      lines.push(`  ${fn} loop +0x${a.toString(16)}..+0x${b.toString(16)} (${body.length} instructions): ${slots.size} xmm stack slots, ${carried} stored and loaded`);
    }
  }
  console.log(`${m}: ${lines.length ? "" : "no xmm stack slot in an innermost loop"}`);
  for (const l of lines) console.log(l);
}
console.log(`${found} innermost loop(s) store and reload an xmm stack slot`);
