#!/usr/bin/env node
/**
 * Register the TypeScript kernel that notebooks using spyts run in (tslab, installed with spyts).
 *
 *   npx spyts-kernel install [--dir DIR] [--name NAME]
 *
 * Writes DIR/kernels/NAME/kernel.json (default DIR: $JUPYTER_DATA_DIR, else
 * ~/.local/share/jupyter; NAME: "tslab"), with the absolute path of this project's tslab, so the
 * kernel starts without node_modules/.bin on PATH. Unlike `tslab install` it needs no IPython.
 * Prints the file written. With --dir, run Jupyter with JUPYTER_PATH=DIR.
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

function usage(code) {
  process.stderr.write("usage: spyts-kernel install [--dir DIR] [--name NAME]\n");
  process.exit(code);
}

function main(argv) {
  if (argv[0] !== "install") usage(argv.length === 0 || argv[0] === "--help" ? 0 : 2);
  let dir = process.env.JUPYTER_DATA_DIR || path.join(os.homedir(), ".local", "share", "jupyter");
  let name = "tslab";
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === "--dir" && argv[i + 1]) dir = path.resolve(argv[++i]);
    else if (argv[i] === "--name" && /^[A-Za-z0-9._-]+$/.test(argv[i + 1] || "")) name = argv[++i];
    else {
      process.stderr.write(`spyts-kernel: unknown or incomplete argument '${argv[i]}'\n`);
      usage(2);
    }
  }
  // tslab's own launcher, resolved from spyts' location (a dependency of spyts)
  let tslab;
  try {
    tslab = path.join(path.dirname(require.resolve("tslab/package.json")), "bin", "tslab");
  } catch (e) {
    process.stderr.write("spyts-kernel: tslab is not installed next to spyts (npm install spyts installs it)\n");
    process.exit(1);
  }
  const spec = {
    argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (spyts)",
    language: "typescript",
  };
  const target = path.join(dir, "kernels", name);
  fs.mkdirSync(target, { recursive: true });
  const file = path.join(target, "kernel.json");
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(spec, null, 1) + "\n");
  fs.renameSync(tmp, file);
  process.stdout.write(`${file}\n`);
}

main(process.argv.slice(2));
