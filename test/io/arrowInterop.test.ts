/**
 * Our saved .spy files opened by other Arrow/SQL tools: Polars (nodejs-polars) reads the trials of
 * the Arrow file; DuckDB reads the trials too, and the container's JSON sidecar. Polars is skipped
 * with a printed reason when its native binding is missing (nodejs-polars' Linux binary 0.25.2
 * declares node >= 22, so npm leaves it out on Node 20 unless installed explicitly; CI installs it).
 *
 * DuckDB's native build (@duckdb/node-api) reads Arrow files only through its `arrow` extension,
 * which it downloads on first use (impossible offline; checked and printed, not assumed). Its
 * WebAssembly build (@duckdb/duckdb-wasm) has Arrow IPC built in and takes an IPC *stream*. An
 * Arrow IPC file is magic + padding, a complete stream ending in its end-of-stream marker, then
 * the footer: DuckDB gets exactly those stream bytes of our file, not re-encoded by any Arrow
 * library of ours, so what it reads is what we wrote.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnalogData } from "../../src/data/analog";
import { tableFromIPC } from "apache-arrow";
import { TrialFileWriter } from "../../src/data/storage/writer";
import { arrowFileStreamBytes, duckdbWasm } from "../helpers/duckdbWasm";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-arrowio-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function tryRequire<T>(name: string): { mod: T } | { why: string } {
  try { return { mod: require(name) as T }; } catch (e) { return { why: String((e as Error).message).split("\n")[0] }; }
}

async function saved(name: string): Promise<{ file: string; a: AnalogData }> {
  const trials = [12, 8, 10].map((n, k) => ({ data: Float64Array.from({ length: n * 3 }, (_, i) => k * 1000 + i), shape: [n, 3], dtype: "float64" as const }));
  const a = new AnalogData({ data: trials, samplerate: 250, trialdefinition: [[0, 12, -4, 1], [12, 20, 0, 2], [20, 30, -1, 1]] });
  const dir = await a.save(path.join(tmp, name));
  return { file: path.join(dir, `${name}.analog`), a };
}

test("Polars reads the trials of a saved AnalogData", async () => {
  const pl = tryRequire<any>("nodejs-polars");
  if (!("mod" in pl)) return console.log(`Polars part skipped: ${pl.why}`);
  const { file, a } = await saved("polars");
  // readIPC takes a string without the .ipc extension as inline data: give it the bytes
  const df = pl.mod.readIPC(fs.readFileSync(file));
  expect(df.height).toBe(3);
  const rows = df.toRecords() as { trial: number[] }[];
  for (let k = 0; k < 3; k++) expect(rows[k].trial).toEqual(Array.from(a.trials.get(k).data));
  // a query on the trials: their lengths in samples (3 channels per row)
  const lengths = df.select(pl.mod.col("trial").lst.lengths().alias("n")).getColumn("n").toArray();
  expect(Array.from(lengths as ArrayLike<number>, (n) => n / 3)).toEqual([12, 8, 10]);
});

test("DuckDB reads the container's metadata sidecar", async () => {
  const dd = tryRequire<any>("@duckdb/node-api");
  if (!("mod" in dd)) return console.log(`DuckDB part skipped: ${dd.why}`);
  const { file } = await saved("duck");
  const inst = await dd.mod.DuckDBInstance.create(":memory:");
  const c = await inst.connect();
  const r = await c.runAndReadAll(`SELECT dataclass, nTrials, file, checksum_algorithm FROM read_json_auto('${file}.info')`);
  const [cls, n, name, algo] = r.getRows()[0];
  expect([cls, Number(n), name, algo]).toEqual(["AnalogData", 3, "duck.analog", "sha256"]);
  // the Arrow file itself needs DuckDB's arrow extension, which it downloads on first use
  const arrow = await c.run("LOAD arrow").then(() => "loaded", (e: Error) => e.message.split("\n")[0]);
  if (arrow === "loaded") {
    const t = await c.runAndReadAll(`SELECT count(*) FROM read_arrow('${file}')`);
    expect(Number(t.getRows()[0][0])).toBe(3);
  } else {
    console.log(`DuckDB cannot read the Arrow file here: ${arrow}`);
  }
  c.closeSync?.();
});

test("DuckDB (wasm) reads the trials of our Arrow files, float64 and float32, over several batches", async () => {
  const db = await duckdbWasm();
  const c = db.connect();
  try {
    // a saved AnalogData: its trials, in order, exactly as stored
    const { file, a } = await saved("duckwasm");
    c.insertArrowFromIPCStream(arrowFileStreamBytes(fs.readFileSync(file)), { name: "saved" });
    const saved3 = c.query("SELECT trial FROM saved ORDER BY rowid").toArray().map((r: any) => Array.from(r.toJSON().trial.toArray()));
    expect(saved3).toEqual([0, 1, 2].map((k) => Array.from(a.trials.get(k).data)));

    // the storage writer with small record batches (37 trials of varying length, 5 trials or
    // fewer per batch), in both float types
    for (const dtype of ["float64", "float32"] as const) {
      const lengths = Array.from({ length: 37 }, (_, k) => 5 + ((k * 7) % 23));
      const nch = 4;
      const name = `batches_${dtype}`;
      const out = path.join(tmp, `${name}.arrow`);
      const w = new TrialFileWriter(out, { dtype, tailShape: [nch], batchBytes: 5 * 5 * nch * 8 });
      const trials = lengths.map((n, k) => {
        const data = dtype === "float64" ? new Float64Array(n * nch) : new Float32Array(n * nch);
        for (let i = 0; i < data.length; i++) data[i] = Math.sin(k * 100 + i) * (k + 1);
        w.append({ data, shape: [n, nch], dtype });
        return data;
      });
      w.close();
      expect(tableFromIPC(fs.readFileSync(out)).batches.length).toBeGreaterThanOrEqual(8);
      c.insertArrowFromIPCStream(arrowFileStreamBytes(fs.readFileSync(out)), { name });
      const type = c.query(`SELECT data_type FROM information_schema.columns WHERE table_name = '${name}'`).toArray()[0].toJSON();
      expect(type.data_type).toBe(dtype === "float64" ? "DOUBLE[]" : "FLOAT[]");
      const rows = c.query(`SELECT len(trial) AS n, list_sum(trial::DOUBLE[]) AS s, trial[3] AS third FROM ${name} ORDER BY rowid`)
        .toArray().map((r: any) => r.toJSON());
      expect(rows.length).toBe(lengths.length);
      for (let k = 0; k < lengths.length; k++) {
        let sum = 0;
        for (const v of trials[k]) sum += v;
        expect(Number(rows[k].n)).toBe(lengths[k] * nch);
        expect(rows[k].s).toBeCloseTo(sum, 9);
        expect(rows[k].third).toBe(trials[k][2]); // DuckDB lists are 1-based; exact, as stored
      }
    }
  } finally {
    c.close();
  }
}, 60_000);
