/**
 * load_nwb's two ways to a series: data stored without filters are read from the NWB file when a
 * trial is read (NwbSeriesStore), gzip-compressed data are decoded once at load time into an Arrow
 * file. Both must give every value bit for bit as the value-by-value formula
 * fround(v × (conversion × channel_conversion[c]) + offset) computed here in float64, for int16
 * (float32 out, per-channel gains), float32 with -0 (float32 out, one
 * gain: -0 × g + 0 is +0) and int32 (float64 out), over trials that cross the memuse blocks.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { load_nwb } from "../../src/io/nwbRead";
import { AnalogData } from "../../src/data/analog";
import { loadH5wasm } from "../../src/io/h5wasmLoader";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-nwblazy-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const N = 1000;
type Series = { name: string; data: Int16Array | Float32Array | Int32Array; nch: number; conversion: number; offset: number; cc: number[] | null };

function series(shift: number): Series[] {
  const i16 = Int16Array.from({ length: N * 5 }, (_, i) => ((i * 7919 + shift) % 65536) - 32768);
  i16.set([0, -32768, 32767, -1, 1], 0);
  const f32 = Float32Array.from({ length: N * 3 }, (_, i) => (i % 7 === 0 ? -0 : Math.sin(i + shift) * 1e3));
  const i32 = Int32Array.from({ length: N * 2 }, (_, i) => (i * 104729 + shift) | 0);
  return [
    { name: "A", data: i16, nch: 5, conversion: 3e-7, offset: -0.25, cc: [1, -2, 0.5, 3.3, 1e-3] },
    { name: "B", data: f32, nch: 3, conversion: 1e-3, offset: 0, cc: null },
    { name: "C", data: i32, nch: 2, conversion: 1.1e-9, offset: 7, cc: [0.7, 1] },
  ];
}

async function writeNwb(file: string, all: Series[], gzip: boolean): Promise<void> {
  const h5 = await loadH5wasm();
  const f = new h5.File(file, "w");
  f.create_attribute("nwb_version", "2.6.0");
  f.create_group("acquisition");
  for (const s of all) {
    const g = f.create_group(`acquisition/${s.name}`);
    g.create_attribute("neurodata_type", "TimeSeries");
    const d = g.create_dataset({ name: "data", data: s.data, shape: [N, s.nch], ...(gzip ? { chunks: [64, s.nch], compression: "gzip" as const } : {}) });
    d.create_attribute("conversion", s.conversion, null, "<d");
    d.create_attribute("offset", s.offset, null, "<d");
    g.create_dataset({ name: "starting_time", data: 0, dtype: "<d" }).create_attribute("rate", 1000, null, "<d");
    if (s.cc) g.create_dataset({ name: "channel_conversion", data: Float32Array.from(s.cc) });
  }
  f.close();
}

/** The physical values of rows [a, b), value by value (channel_conversion as float32, as stored). */
function expected(s: Series, a: number, b: number, float32: boolean): Float64Array {
  const out = new Float64Array((b - a) * s.nch);
  for (let i = 0; i < out.length; i++) {
    const c = i % s.nch;
    const gain = s.cc ? s.conversion * Math.fround(s.cc[c]) : s.conversion;
    const v = s.data[a * s.nch + i] * gain + s.offset;
    out[i] = float32 ? Math.fround(v) : v;
  }
  return out;
}

/** Bit patterns, so that -0 and +0 differ. */
const bits = (x: ArrayLike<number>) => Array.from(new Float64Array(Array.from(x)), (v) => (Object.is(v, -0) ? "-0" : String(v)));

const WINDOWS = [[0, 1000, 0], [0, 37, 0], [30, 250, 0], [123, 977, 0], [999, 1000, 0]];

test.each([["unfiltered: read on access", false], ["gzip: decoded at load time", true]])("%s: every value bit-identical to the formula", async (_what, gzip) => {
  const file = path.join(tmp, gzip ? "gzip.nwb" : "plain.nwb");
  const all = series(0);
  await writeNwb(file, all, gzip as boolean);
  // memuse 0.0004 MB = 400 B: blocks of 10 (A), 16 (B), 25 (C) rows, so trials cross blocks
  const objs = await load_nwb(file, { memuse: 0.0004 });
  for (const s of all) {
    const a = objs[s.name] as AnalogData;
    const float32 = !(s.data instanceof Int32Array);
    expect(a.trials.get(0).dtype).toBe(float32 ? "float32" : "float64");
    expect(a.storage!.temporary).toBe(gzip);
    if (!gzip) expect(a.storage!.path).toBe(file);
    expect((a as unknown as { store: { nTrials: number } }).store.nTrials).toBe(Math.ceil(N / Math.floor(400 / (s.nch * 8))));
    a.trialdefinition = WINDOWS;
    WINDOWS.forEach(([b0, b1], k) => {
      const t = a.trials.get(k);
      expect(t.shape).toEqual([b1 - b0, s.nch]);
      expect(bits(t.data)).toEqual(bits(expected(s, b0, b1, float32)));
    });
  }
});

test("an unfiltered series keeps reading the file it was loaded from when a new file replaces it", async () => {
  const file = path.join(tmp, "replaced.nwb");
  const before = series(0), after = series(12345);
  await writeNwb(file, before, false);
  const old = (await load_nwb(file)).A as AnalogData;
  const next = path.join(tmp, "next.nwb");
  await writeNwb(next, after, false);
  fs.renameSync(next, file);  // what save_nwb does to an existing file
  expect(bits(old.trials.get(0).data)).toEqual(bits(expected(before[0], 0, N, true)));
  const fresh = (await load_nwb(file)).A as AnalogData;
  expect(bits(fresh.trials.get(0).data)).toEqual(bits(expected(after[0], 0, N, true)));
  // the user's file is never removed with the object
  expect(old.storage).toEqual({ path: file, temporary: false });
});
