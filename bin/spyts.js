#!/usr/bin/env node
/**
 * spyts command line. One command so far:
 *
 *   spyts run-task <plan.json> <index>
 *
 * runs one task of a Slurm job array that `parallel: { backend: "slurm" }` submitted (the
 * index is $SLURM_ARRAY_TASK_ID). The plan names the task module it was made with: the compiled
 * dist/ (also when the notebook ran the TypeScript sources and dist/ is a current build of them,
 * src/compute/slurm/entry.ts), or, only when there is no such build, the TypeScript source run
 * through ts-node, which costs seconds of compilation on every start. The task module's
 * runTaskMain returns the exit code, or a promise of it (batch tasks run asynchronously).
 */
"use strict";
const fs = require("fs");

function usage(code) {
  process.stderr.write("usage: spyts run-task <plan.json> <index>\n");
  process.exit(code);
}

const argv = process.argv.slice(2);
if (argv[0] !== "run-task" || argv.length !== 3) usage(argv.length === 0 || argv[0] === "--help" ? 0 : 2);
let entry;
try {
  entry = JSON.parse(fs.readFileSync(argv[1], "utf8")).entry;
} catch (e) {
  process.stderr.write(`spyts run-task: cannot read the plan ${argv[1]}: ${e.message}\n`);
  process.exit(2);
}
if (typeof entry !== "string") {
  process.stderr.write(`spyts run-task: ${argv[1]} is not a spyts Slurm plan (no entry)\n`);
  process.exit(2);
}
if (entry.endsWith(".ts")) {
  // spyts's own tests: the TypeScript sources, compiled with the package's tsconfig (the task's cwd is the run directory)
  require("ts-node").register({ transpileOnly: true, project: require("path").join(__dirname, "..", "tsconfig.json") });
}
Promise.resolve(require(entry).runTaskMain(argv[1], argv[2])).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`spyts run-task: ${(e && e.stack) || e}\n`); process.exitCode = 1; },
);
