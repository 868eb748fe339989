/**
 * HDF5 files with a user block (every MAT v7.3 file has 512 bytes of MATLAB header before the
 * superblock): the HDF5 library records the end-of-file address counting the user block, so a
 * complete file must pass checkHdf5File and a truncated copy must not.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkHdf5File } from "../../src/io/h5file";
import { SPYIOError } from "../../src/core/errors";

const MAT = path.join(__dirname, "..", "fixtures", "interop", "fieldtrip", "ft_two_raw.mat");

test("a complete file with a 512-byte user block is not taken for a truncated one", () => {
  expect(fs.readFileSync(MAT).subarray(0, 19).toString("latin1")).toBe("MATLAB 7.3 MAT-file");
  expect(() => checkHdf5File(MAT)).not.toThrow();
});

test("a truncated copy of it is refused, naming the size the superblock records", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spyts-ub-"));
  try {
    const cut = path.join(dir, "cut.mat");
    const whole = fs.readFileSync(MAT);
    fs.writeFileSync(cut, whole.subarray(0, whole.length - 1000));
    expect(() => checkHdf5File(cut)).toThrow(SPYIOError);
    expect(() => checkHdf5File(cut)).toThrow(new RegExp(`ends at byte ${whole.length}, but it has ${whole.length - 1000} bytes`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
