/**
 * Our saved .spy files opened by other Arrow/SQL tools: Polars (nodejs-polars) reads the trials of
 * the Arrow file; DuckDB (@duckdb/node-api) reads the container's JSON sidecar. Either part is
 * skipped with a printed reason when its native binding is missing (nodejs-polars' Linux binary
 * 0.25.2 declares node >= 22, so npm leaves it out on Node 20 unless installed explicitly), and
 * DuckDB's Arrow-file reader is an extension DuckDB downloads at run time (not possible offline):
 * that is checked and printed, not assumed.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnalogData } from "../../src/data/analog";

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
