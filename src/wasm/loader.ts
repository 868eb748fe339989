/**
 * Loads the compiled AssemblyScript modules (build/wasm/<name>.wasm) synchronously, once per
 * thread. Synchronous because kernels are called from plain functions (compute functions,
 * filters) that must not become async; a module of a few kB compiles in well under 1 ms.
 */
import * as fs from "fs";
import * as path from "path";
import { SPYIOError } from "../core/errors";
import { getKernelPath } from "./kernelPath";
import { instantiateSync, type WasmInstance } from "./wasmApi";

const cache = new Map<string, WasmInstance | null>();
let wasmDir: string | null | undefined;

/** build/wasm beside the package.json of spyts, found from this file (src/ or dist/). */
function findWasmDir(): string | null {
  if (wasmDir !== undefined) return wasmDir;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, "build", "wasm");
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(candidate)) return (wasmDir = candidate);
    const parent = path.dirname(dir);
    if (parent === dir) return (wasmDir = null);
    dir = parent;
  }
}

function instantiate(name: string): WasmInstance | null {
  const dir = findWasmDir();
  const file = dir === null ? null : path.join(dir, `${name}.wasm`);
  if (file === null || !fs.existsSync(file)) return null;
  const bytes = fs.readFileSync(file);
  const imports = {
    env: {
      abort(_msg: number, _file: number, line: number, column: number): never {
        throw new Error(`wasm kernel "${name}" aborted at ${line}:${column}`);
      },
    },
  };
  return instantiateSync(bytes, imports); // null on an engine without SIMD
}

/**
 * The instance of module `name` when the wasm path is selected and available, else null
 * (callers then run the TypeScript reference path). With the choice "wasm" a missing module
 * is an error rather than a silent fallback.
 */
export function wasmModule(name: string): WasmInstance | null {
  const choice = getKernelPath();
  if (choice === "ts") return null;
  let inst = cache.get(name);
  if (inst === undefined) {
    inst = instantiate(name);
    cache.set(name, inst);
  }
  if (inst === null && choice === "wasm") {
    throw new SPYIOError(`build/wasm/${name}.wasm`, `missing or invalid, but the "wasm" kernels were selected; run \`npm run build\``);
  }
  return inst;
}

/**
 * A new instance of module `name` with its own memory, for state that must live in wasm memory
 * across calls (a resident accumulator) without sharing the thread's instance; its memory is
 * freed with the instance. Null exactly when wasmModule(name) is null.
 */
export function newWasmInstance(name: string): WasmInstance | null {
  return wasmModule(name) === null ? null : instantiate(name);
}
