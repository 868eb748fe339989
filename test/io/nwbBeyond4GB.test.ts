/**
 * NWB data stored past 4 GiB in the file: h5wasm reads through Emscripten's NODERAWFS, whose file
 * offsets beyond 2^32 are not documented as working. The test copies a fixture that pynwb wrote
 * and, with h5py, moves its ElectricalSeries' data behind a 4.6 GB hole (a contiguous dataset
 * allocated but never written: a sparse file, ~1 MB on disk), once stored plainly (read lazily,
 * on access) and once chunked with gzip (decoded at load time). load_nwb must give every sample of
 * the original file. Needs Debian's python3-h5py (CI installs it); without it the test says it
 * skipped.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { load_nwb } from "../../src/io/nwbRead";
import { AnalogData } from "../../src/data/analog";

const SRC = path.join(__dirname, "../fixtures/interop/nwb/trials.nwb");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-nwb4g-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MOVE = `
import h5py, shutil, sys
src, dst, how = sys.argv[1:4]
shutil.copy(src, dst)
with h5py.File(dst, "a") as f:
    g = f["acquisition/ElectricalSeries"]
    vals, attrs = g["data"][()], dict(g["data"].attrs)
    pad = f.create_dataset("spyts_pad", shape=(4_600_000_000,), dtype="u1")
    pad[-1] = 1  # allocates the whole contiguous extent: a hole
    kw = {"chunks": (1000, vals.shape[1]), "compression": "gzip"} if how == "gzip" else {}
    # written while the old data still holds its place, so HDF5 cannot reuse that space
    d = g.create_dataset("data_moved", data=vals, **kw)
    for k, v in attrs.items():
        d.attrs[k] = v
    f.flush()  # chunks leave HDF5's cache (and get their places) before the old space is freed
    del g["data"]
    g.move("data_moved", "data")
    d = g["data"]
    print(d.id.get_offset() if how != "gzip" else min(d.id.get_chunk_info(i).byte_offset for i in range(d.id.get_num_chunks())))
`;

function h5pyWhyNot(): string | null {
  try {
    execFileSync("/usr/bin/python3", ["-c", "import h5py"], { stdio: "pipe" });
    return null;
  } catch (e) {
    return `needs /usr/bin/python3 with h5py (Debian python3-h5py): ${String((e as Error).message).split("\n")[0]}`;
  }
}

test.each(["contiguous", "gzip"])("an ElectricalSeries stored past 4 GiB (%s) reads as in the original file", async (how) => {
  const why = h5pyWhyNot();
  if (why) return console.log(`skipped: ${why}`);
  const file = path.join(tmp, `beyond4g_${how}.nwb`);
  const offset = Number(execFileSync("/usr/bin/python3", ["-c", MOVE, SRC, file, how], { encoding: "utf8" }).trim());
  expect(offset).toBeGreaterThan(2 ** 32);
  expect(fs.statSync(file).size).toBeGreaterThan(4.6e9);

  const want = (await load_nwb(SRC)).ElectricalSeries as AnalogData;
  const got = (await load_nwb(file)).ElectricalSeries as AnalogData;
  expect(got.trialdefinition).toEqual(want.trialdefinition);
  for (let k = 0; k < want.trials.length; k++) {
    expect(Array.from(got.trials.get(k).data)).toEqual(Array.from(want.trials.get(k).data));
  }
}, 120_000);
