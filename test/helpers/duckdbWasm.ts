/**
 * DuckDB's WebAssembly build in Node (its synchronous "node-blocking" flavour), for tests that
 * read our Arrow files with DuckDB: unlike the native build it has Arrow IPC built in, so it needs
 * no extension download.
 */
import * as path from "path";

/* eslint-disable @typescript-eslint/no-explicit-any */
let instance: Promise<any> | null = null;

/** One DuckDB-wasm database per test process (instantiating the wasm module takes ~1 s). */
export function duckdbWasm(): Promise<any> {
  if (instance) return instance;
  const entry = require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
  const duckdb = require(entry);
  const dist = path.dirname(entry);
  const bundles = {
    mvp: { mainModule: path.join(dist, "duckdb-mvp.wasm"), mainWorker: "" },
    eh: { mainModule: path.join(dist, "duckdb-eh.wasm"), mainWorker: "" },
  };
  instance = (async () => {
    const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
    await db.instantiate();
    return db;
  })();
  return instance;
}

/**
 * The Arrow IPC stream inside an Arrow IPC file, as bytes of that file: the format is
 * "ARROW1" + 2 bytes of padding, the stream (schema, batches, end-of-stream marker), the footer,
 * the footer's length (int32, little-endian) and "ARROW1" again. Throws if the bytes are not laid
 * out that way, so a malformed file cannot pass for a readable one.
 */
export function arrowFileStreamBytes(file: Uint8Array): Uint8Array {
  const magic = "ARROW1";
  const text = (a: number, b: number) => Buffer.from(file.buffer, file.byteOffset + a, b - a).toString("latin1");
  if (file.length < 18 || text(0, 6) !== magic || text(file.length - 6, file.length) !== magic) {
    throw new Error("not an Arrow IPC file: the ARROW1 magic is missing at its start or end");
  }
  const footerLength = new DataView(file.buffer, file.byteOffset).getInt32(file.length - 10, true);
  const end = file.length - 10 - footerLength;
  if (footerLength <= 0 || end <= 8) throw new Error(`bad Arrow footer length ${footerLength}`);
  return file.subarray(8, end);
}
