/**
 * Conformance with pyarrow (the reader Syncopy users have). Opt-in: pyarrow is not a project
 * dependency. Point SPYTS_PYARROW_PYTHON at a Python that imports pyarrow, e.g.
 *   python3 -m venv /tmp/pa && /tmp/pa/bin/pip install --no-index --find-links /opt/pypi/files pyarrow
 *   SPYTS_PYARROW_PYTHON=/tmp/pa/bin/python npx jest test/storage/pyarrow
 */
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import { TrialFileWriter } from "../../src/data/storage/writer";
import { TrialFileReader } from "../../src/data/storage/reader";
import { DType, DTYPES } from "../../src/core/ndarray";
import { bytesOf, makeTmpDir, makeTrial, rmTmpDir } from "./helpers";

const PY = process.env.SPYTS_PYARROW_PYTHON;
const pyTest = PY ? test : test.skip;
const script = path.join(__dirname, "pyarrow_check.py");

let dir: string;
beforeAll(() => { dir = makeTmpDir("spyts-pyarrow-test-"); });
afterAll(() => rmTmpDir(dir));

describe("pyarrow conformance (opt-in: SPYTS_PYARROW_PYTHON)", () => {
  pyTest("pyarrow opens, validates and reads back byte for byte every dtype, fixed / variable / empty / one-trial batches", () => {
    const manifest: object[] = [];
    const metadata = { class: "AnalogData", cfg: JSON.stringify({ method: "mtmfft", taper: ["dpss", 3] }) };
    for (const dtype of DTYPES) {
      for (const mode of ["fixed", "variable", "empty", "big"]) {
        const file = path.join(dir, `${dtype}-${mode}.arrow`);
        const lengths = mode === "fixed" ? new Array(7).fill(4) : mode === "variable" ? [0, 3, 7, 1, 5, 0, 2] : mode === "empty" ? [] : [500, 3, 400];
        const w = new TrialFileWriter(file, {
          dtype: dtype as DType, tailShape: [2, 3], trialLength: mode === "fixed" ? 4 : undefined, batchBytes: mode === "big" ? 1000 : 200, metadata,
        });
        const hex: string[] = [];
        lengths.forEach((n, k) => {
          const t = makeTrial(dtype as DType, n, [2, 3], k + 3);
          w.append(t);
          hex.push(bytesOf(t.data).toString("hex"));
        });
        w.close();
        manifest.push({ file, dtype, fixed: mode === "fixed", metadata, trials: hex });
      }
    }
    const manifestPath = path.join(dir, "manifest.json");
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));
    const out = execFileSync(PY as string, [script, "read", manifestPath], { encoding: "utf8" });
    expect(out).toMatch(new RegExp(`: ${manifest.length * 3} checks passed on ${manifest.length} files`));
  });

  pyTest("files pyarrow writes (List, LargeList, FixedSizeList without spyts metadata, complex) open in TrialFileReader", () => {
    const out = execFileSync(PY as string, [script, "write", dir], { encoding: "utf8" });
    const entries = JSON.parse(out) as { file: string; dtype: DType; shapes: number[][]; values: number[] }[];
    expect(entries.length).toBe(4);
    for (const e of entries) {
      const r = TrialFileReader.open(e.file);
      expect(r.dtype).toBe(e.dtype);
      expect(r.nTrials).toBe(e.shapes.length);
      const values: number[] = [];
      e.shapes.forEach((shape, k) => {
        const t = r.readTrial(k);
        expect(t.shape).toEqual(shape);
        values.push(...Array.from(t.data as ArrayLike<number>));
      });
      expect(values).toEqual(e.values);
      r.close();
    }
  });
});
