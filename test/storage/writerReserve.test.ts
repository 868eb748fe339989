/**
 * TrialFileWriter.reserve / writeAt: the layout is made first and the values are written later, in
 * any order, through any descriptor (the compute engine's workers write their trials themselves).
 * The finished file must be byte for byte the one `append` makes from the same trials, in every
 * batching regime: fixed length (several trials per batch), variable length (the first batchBytes
 * decide), one trial per batch (large trials), complex dtypes, empty trials.
 */
import * as fs from "fs";
import * as path from "path";
import { tableFromIPC, Table } from "apache-arrow";
import { TrialFileWriter } from "../../src/data/storage/writer";
import { SPYIOError, SPYValueError } from "../../src/core/errors";
import { DType, NDArray } from "../../src/core/ndarray";
import { makeTmpDir, makeTrial, rmTmpDir } from "./helpers";

let dir: string;
beforeAll(() => { dir = makeTmpDir(); });
afterAll(() => rmTmpDir(dir));

type Opts = { dtype: DType; tailShape: number[]; trialLength?: number; batchBytes?: number };

function appended(file: string, trials: NDArray[], o: Opts): Buffer {
  const w = new TrialFileWriter(file, o);
  for (const t of trials) w.append(t);
  w.close();
  return fs.readFileSync(file);
}

/** Reserve, then write the trials in a scrambled order, half through a second descriptor. */
function reserved(file: string, trials: NDArray[], o: Opts): Buffer {
  const w = new TrialFileWriter(file, o);
  const pos = w.reserve(trials.map((t) => t.shape[0]));
  expect(Array.from(w.reservedPositions!)).toEqual(Array.from(pos));
  const order = trials.map((_, k) => k).sort((a, b) => ((a * 7919) % 13) - ((b * 7919) % 13));
  const fd = fs.openSync(w.partialPath, "r+");
  try {
    order.forEach((k, i) => {
      const t = trials[k];
      if (i % 2 === 0) w.writeAt(k, t);
      else fs.writeSync(fd, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), 0, t.data.byteLength, pos[k]);
    });
  } finally {
    fs.closeSync(fd);
  }
  w.close();
  return fs.readFileSync(file);
}

const cases: Array<[string, DType, number[], Opts]> = [
  ["fixed length, 4 trials per batch", "float32", [5, 5, 5, 5, 5, 5, 5, 5, 5, 5], { dtype: "float32", tailShape: [3], trialLength: 5, batchBytes: 4 * 5 * 3 * 4 }],
  ["fixed length, one batch", "float64", [4, 4, 4], { dtype: "float64", tailShape: [2, 2], trialLength: 4 }],
  ["variable length, batches decided by the first trials", "float32", [3, 0, 7, 1, 5, 2, 9, 4, 4, 1, 6], { dtype: "float32", tailShape: [3], batchBytes: 100 }],
  ["variable length, one trial per batch (large first trial)", "int16", [50, 3, 60, 0, 8], { dtype: "int16", tailShape: [4], batchBytes: 64 }],
  ["complex64, odd byte counts padded", "complex64", [3, 1, 2], { dtype: "complex64", tailShape: [1] }],
  ["uint8, value bytes not a multiple of 8", "uint8", [3, 5, 1], { dtype: "uint8", tailShape: [3], batchBytes: 10 }],
];

describe("TrialFileWriter.reserve + writeAt", () => {
  test.each(cases)("%s: byte-identical to append", (name, dtype, lengths, o) => {
    const trials = lengths.map((n, k) => makeTrial(dtype, n, o.tailShape, k + 1));
    const a = appended(path.join(dir, `${name.replace(/\W+/g, "_")}-a.arrow`), trials, o);
    const b = reserved(path.join(dir, `${name.replace(/\W+/g, "_")}-r.arrow`), trials, o);
    expect(b.length).toBe(a.length);
    expect(Buffer.compare(a, b)).toBe(0);
    // and apache-arrow reads the trials back
    const table = tableFromIPC(b) as Table;
    expect(table.numRows).toBe(trials.length);
  });

  test("a reserved trial left unwritten reads as zeros, never as another trial's values", () => {
    const file = path.join(dir, "hole.arrow");
    const trials = [2, 2, 2].map((n, k) => makeTrial("float32", n, [2], k + 1));
    const w = new TrialFileWriter(file, { dtype: "float32", tailShape: [2], trialLength: 2 });
    w.reserve([2, 2, 2]);
    w.writeAt(0, trials[0]);
    w.writeAt(2, trials[2]);
    w.close();
    const col = (tableFromIPC(fs.readFileSync(file)) as Table).getChild("trial")!;
    expect(Array.from(col.get(1)!.toArray())).toEqual([0, 0, 0, 0]);
    expect(Array.from(col.get(2)!.toArray())).toEqual(Array.from(trials[2].data));
  });

  test("misuse is refused with the parameter named", () => {
    const w = new TrialFileWriter(path.join(dir, "misuse.arrow"), { dtype: "float32", tailShape: [2], trialLength: 3 });
    expect(() => w.writeAt(0, makeTrial("float32", 3, [2], 1))).toThrow(SPYIOError);
    expect(() => w.reserve([3, 4])).toThrow(/lengths\[1\]/);
    w.reserve([3, 3]);
    expect(() => w.append(makeTrial("float32", 3, [2], 1))).toThrow(/reserved/);
    expect(() => w.reserve([3])).toThrow(SPYValueError);
    expect(() => w.writeAt(2, makeTrial("float32", 3, [2], 1))).toThrow(/reserved trial index/);
    w.abort();
    const v = new TrialFileWriter(path.join(dir, "misuse2.arrow"), { dtype: "float32", tailShape: [2] });
    v.reserve([1, 2]);
    expect(() => v.writeAt(0, makeTrial("float32", 2, [2], 1))).toThrow(/length reserved for trial 0/);
    v.abort();
    const h = new TrialFileWriter(path.join(dir, "misuse3.arrow"), { dtype: "float32", tailShape: [2], checksum: true });
    expect(() => h.reserve([1])).toThrow(/checksum/);
    h.abort();
  });
});
