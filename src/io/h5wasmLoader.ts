/**
 * Loading h5wasm's Node build. h5wasm ships as an ES module only ("h5wasm/node" has an `import`
 * condition and no `require`), while spyts is CommonJS and runs in tslab, Deno and Jest: a
 * TypeScript `import()` would be compiled to `require()` and fail, and Jest's sandbox cannot
 * `import()` at all. So the import runs as a script compiled in Node's main context with Node's
 * own module loader (vm's USE_MAIN_CONTEXT_DEFAULT_LOADER), loaded once and shared.
 */
import * as vm from "vm";

/** The parts of h5wasm's API spyts uses (typed loosely: its .d.ts is ESM-only too). */
export type H5Module = typeof import("h5wasm/src/hdf5_hl");

let loading: Promise<H5Module> | null = null;

/** h5wasm's Node build, ready to open files (NODERAWFS: host paths, read in place). */
export function loadH5wasm(): Promise<H5Module> {
  if (!loading) {
    // Node 20 flags the constant as experimental once per process, on stderr (a notebook shows
    // that as an error): that one warning is dropped, every other goes through
    const emit = process.emitWarning;
    process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
      if (String((w as Error)?.message ?? w).includes("USE_MAIN_CONTEXT_DEFAULT_LOADER")) return;
      (emit as (...a: unknown[]) => void).call(process, w, ...rest);
    }) as typeof process.emitWarning;
    let importer: (s: string) => Promise<H5Module>;
    try {
      importer = new vm.Script("(specifier) => import(specifier)", {
        filename: __filename,
        importModuleDynamically: (vm as unknown as { constants: { USE_MAIN_CONTEXT_DEFAULT_LOADER: symbol } }).constants.USE_MAIN_CONTEXT_DEFAULT_LOADER as never,
      }).runInThisContext() as (s: string) => Promise<H5Module>;
    } catch (e) {
      process.emitWarning = emit;
      throw e;
    }
    loading = importer("h5wasm/node").then(async (m) => {
      await m.ready;
      return m;
    }).finally(() => { process.emitWarning = emit; });
    loading.catch(() => { loading = null; });
  }
  return loading;
}
