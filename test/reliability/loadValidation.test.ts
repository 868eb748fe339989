/**
 * `load` validates a loaded object exactly as a constructed one (issue 21): a container whose
 * checksums are right but whose content is inconsistent is an SPYIOError naming the file and the
 * field. The containers here are re-sealed after the change (new sha256 in the sidecar), as a
 * buggy writer or a hand edit would leave them. cfg nesting is bounded (64 levels) both ways.
 * On main before this change every load below succeeded (samplerate 0, a trialdefinition that
 * does not fit, an AnalogData file as SpectralData, string frequencies) or overflowed the stack.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as spy from "../../src";
import { SPYIOError, SPYValueError } from "../../src/core/errors";
import { MAX_NESTING_DEPTH, deserialize, serialize } from "../../src/core/structdict";
import { readContainer, writeContainer } from "../../src/data/storage";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-loadval-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let n = 0;
function analog(): spy.AnalogData {
  const trials = [0, 1].map((k) => ({ data: Float64Array.from({ length: 30 }, (_, i) => k * 100 + i), shape: [15, 2], dtype: "float64" as const }));
  return new spy.AnalogData({ data: trials, samplerate: 250 });
}

/** Save `obj`, then rewrite its data file's `spyts` metadata with `mutate` and a valid checksum. */
async function resealed(obj: spy.BaseData, mutate: (props: Record<string, unknown>) => void): Promise<{ dir: string; file: string }> {
  const dir = await obj.save(path.join(root, `v${n++}.spy`));
  const { entries } = readContainer(dir);
  const main = entries.find((e) => e.reader.metadata.spyts !== undefined)!;
  const props = JSON.parse(main.reader.metadata.spyts);
  mutate(props);
  writeContainer(dir, [{ name: main.name, source: main.reader, metadata: { spyts: JSON.stringify(props) } }], { dataclass: props.dataclass }, { overwrite: true });
  for (const e of entries) e.reader.close();
  return { dir, file: path.join(dir, main.name) };
}

async function expectField(obj: spy.BaseData, mutate: (p: Record<string, unknown>) => void, field: string, why: RegExp): Promise<void> {
  const { dir, file } = await resealed(obj, mutate);
  const err = await spy.load(dir).then(() => null, (e) => e);
  expect(err).toBeInstanceOf(SPYIOError);
  expect(err.message).toContain(file);
  expect(err.message).toContain(`field '${field}'`);
  expect(err.message).toMatch(why);
}

describe("load validates what it reads", () => {
  test("an unchanged re-sealed container still loads (the mutation helper itself is sound)", async () => {
    const { dir } = await resealed(analog(), () => undefined);
    const back = (await spy.load(dir)) as spy.AnalogData;
    expect(back.samplerate).toBe(250);
    expect(Array.from(back.trials.get(1).data.slice(0, 3))).toEqual([100, 101, 102]);
  });

  test.each([[0], [-250], ["250"], [null], [1e-300]])("samplerate %p", async (v) => {
    await expectField(analog(), (p) => { p.samplerate = v; }, "samplerate", /not a finite sampling rate in Hz >= float eps/);
  });

  test("trialdefinition rows that disagree with the stored trials", async () => {
    await expectField(analog(), (p) => { (p.trialdefinition as number[][]).pop(); }, "trialdefinition", /1 rows, but 2 trials are stored/);
    await expectField(analog(), (p) => { (p.trialdefinition as number[][])[1][1] += 5; }, "trialdefinition", /row 1 spans 20 samples .* the stored trial 1 has 15/);
    await expectField(analog(), (p) => { (p.trialdefinition as unknown[][])[0][0] = "0"; }, "trialdefinition", /row 0 holds "0", not a finite number/);
    await expectField(analog(), (p) => { p.trialdefinition = "all"; }, "trialdefinition", /not a list of rows/);
  });

  test("an AnalogData file declared as SpectralData", async () => {
    await expectField(analog(), (p) => { p.dataclass = "SpectralData"; }, "dataclass", /a SpectralData has dims time, taper, freq, channel, but the stored trials are 2-d/);
    await expectField(analog(), (p) => { p.dataclass = "NoSuchData"; }, "dataclass", /unknown data class "NoSuchData"/);
    await expectField(analog(), (p) => { p.dimord = ["channel", "time"]; }, "dimord", /is not the dimord of a AnalogData/);
  });

  test("string frequencies, wrong channel counts", async () => {
    const spec = await spy.freqanalysis(analog(), { method: "mtmfft", taper: "hann" });
    await expectField(spec, (p) => { p.freq = (p.freq as number[]).map(String); }, "freq", /frequencies in Hz \(numbers\)/);
    await expectField(analog(), (p) => { p.channel = ["a", "b", "c"]; }, "channel", /.+/);
  });

  test(`cfg nested deeper than ${MAX_NESTING_DEPTH} levels: an error on save and on load, never a stack overflow`, async () => {
    const deep = (d: number): Record<string, unknown> => (d === 0 ? { x: 1 } : { a: deep(d - 1) });
    expect(MAX_NESTING_DEPTH).toBe(64);
    expect(() => serialize(deep(63))).not.toThrow();
    expect(() => serialize(deep(64))).toThrow(SPYValueError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => serialize(cyclic)).toThrow(/nested at most 64 levels deep \(and without cycles\)/);
    expect(() => deserialize(JSON.parse("[".repeat(5000) + "]".repeat(5000)))).toThrow(SPYValueError);
    const obj = analog();
    obj.cfg = { preprocessing: deep(100) };
    await expect(obj.save(path.join(root, "deep.spy"))).rejects.toThrow(/nested at most 64 levels/);
    await expectField(analog(), (p) => { p.cfg = JSON.parse("{\"a\":".repeat(2000) + "1" + "}".repeat(2000)); }, "cfg", /nested at most 64 levels/);
    await expectField(analog(), (p) => { p.cfg = [1, 2]; }, "cfg", /is not a dict/);
  });

  test("the 'spyts' metadata must be a JSON object", async () => {
    const dir = await analog().save(path.join(root, `v${n++}.spy`));
    const { entries } = readContainer(dir);
    writeContainer(dir, [{ name: entries[0].name, source: entries[0].reader, metadata: { spyts: "[1, 2]" } }], {}, { overwrite: true });
    entries[0].reader.close();
    await expect(spy.load(dir)).rejects.toThrow(/'spyts' schema metadata is not a JSON object/);
  });
});
