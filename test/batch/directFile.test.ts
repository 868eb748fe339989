/**
 * DirectFile: a byte stream written with O_DIRECT (whole aligned blocks from page-aligned staging,
 * the tail zero-padded and truncated away) or through the page cache; synchronously or in the
 * background. Whatever the path and the piece sizes, the file must hold exactly the bytes given.
 */
import * as fs from "fs";
import * as path from "path";
import { DirectFile, setMaxStaging } from "../../src/batch/directFile";
import { tmpDir } from "./helpers";

let dir: string;
beforeAll(() => { dir = tmpDir(); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

/** Deterministic pieces of awkward sizes (0, 1, block +- 1, several blocks, odd). */
function pieces(seed: number): Uint8Array[] {
  const sizes = [0, 1, 4095, 4096, 4097, 3, 65536 + 17, 12288, 5, 100000, 1];
  let s = seed;
  return sizes.map((n) => {
    const p = new Uint8Array(n);
    for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; p[i] = s >>> 24; }
    return p;
  });
}

function concat(parts: Uint8Array[]): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.from(p)));
}

describe("DirectFile", () => {
  for (const direct of [true, false]) {
    for (const mode of ["sync", "async"] as const) {
      it(`holds exactly the bytes given (direct ${direct}, ${mode} appends)`, async () => {
        const file = path.join(dir, `f-${direct}-${mode}.bin`);
        const parts = pieces(direct ? 7 : 8);
        const f = new DirectFile(file, { direct });
        if (!direct) expect(f.direct).toBe(false);
        for (const p of parts) {
          if (mode === "sync") f.appendSync(p);
          else await f.append(p);
          // the caller may reuse its buffer at once: scribble on it
          p.reverse();
        }
        parts.forEach((p) => p.reverse());
        expect(f.length).toBe(parts.reduce((a, p) => a + p.length, 0));
        await f.finish();
        expect(fs.readFileSync(file).equals(concat(parts))).toBe(true);
      });
    }
  }

  it("a file system that refuses O_DIRECT at open (tmpfs: EINVAL) gets the page cache path", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require("fs") as typeof fs;
    const openSync = realFs.openSync;
    const O_DIRECT = (fs.constants as Record<string, number>).O_DIRECT ?? 0;
    const spy = jest.spyOn(realFs, "openSync").mockImplementation(((p: fs.PathLike, flags: number | string, mode?: number) => {
      if (typeof flags === "number" && (flags & O_DIRECT) !== 0) throw Object.assign(new Error("EINVAL: invalid argument, open"), { code: "EINVAL" });
      return openSync(p, flags, mode);
    }) as typeof fs.openSync);
    const file = path.join(dir, "tmpfs.bin");
    const f = new DirectFile(file);
    spy.mockRestore();
    expect(f.direct).toBe(false);
    const parts = pieces(5);
    for (const p of parts) await f.append(p);
    await f.finish();
    expect(fs.readFileSync(file).equals(concat(parts))).toBe(true);
  });

  it("pieces beyond the staging cap are staged and written in turns", async () => {
    const before = setMaxStaging(8192);
    try {
      const file = path.join(dir, "capped.bin");
      const parts = pieces(3);
      const f = new DirectFile(file);
      for (const p of parts) await f.append(p);
      f.appendSync(parts[7]);
      await f.finish();
      expect(fs.readFileSync(file).equals(concat([...parts, parts[7]]))).toBe(true);
    } finally {
      setMaxStaging(before);
    }
  });

  it("falls back to the page cache when the kernel refuses a direct write (EINVAL), losing nothing", async () => {
    const file = path.join(dir, "refused.bin");
    const f = new DirectFile(file);
    if (!f.direct) { f.close(); return; } // nothing to refuse on this platform
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require("fs") as typeof fs;
    const write = realFs.write;
    let refused = 0;
    jest.spyOn(realFs, "write").mockImplementation(((...args: unknown[]) => {
      if (refused++ === 0) {
        const cb = args[args.length - 1] as (e: Error) => void;
        setImmediate(() => cb(Object.assign(new Error("EINVAL: invalid argument, write"), { code: "EINVAL" })));
        return;
      }
      return (write as (...a: unknown[]) => void)(...args);
    }) as typeof fs.write);
    const parts = pieces(11);
    for (const p of parts) await f.append(p);
    await f.finish();
    expect(f.direct).toBe(false);
    expect(refused).toBeGreaterThan(1);
    expect(fs.readFileSync(file).equals(concat(parts))).toBe(true);
  });

  it("refuses a synchronous append while a background write runs, and overlapping appends", async () => {
    const f = new DirectFile(path.join(dir, "misuse.bin"));
    const big = new Uint8Array(1 << 20);
    const first = f.append(big);
    await expect(f.append(big)).rejects.toThrow(/before the previous append resolved/);
    await first;
    if (f.busy) expect(() => f.appendSync(big)).toThrow(/while a background write runs/);
    await f.finish();
    expect(fs.statSync(path.join(dir, "misuse.bin")).size).toBe(1 << 20);
  });

  it("a failed background write is reported by the next append and by finish", async () => {
    const f = new DirectFile(path.join(dir, "failing.bin"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require("fs") as typeof fs;
    jest.spyOn(realFs, "write").mockImplementation(((...args: unknown[]) => {
      const cb = args[args.length - 1] as (e: Error) => void;
      setImmediate(() => cb(Object.assign(new Error("EIO: i/o error, write"), { code: "EIO" })));
    }) as typeof fs.write);
    await f.append(new Uint8Array(3 * 4096));
    await expect(f.append(new Uint8Array(4096))).rejects.toThrow(/EIO/);
    await expect(f.finish()).rejects.toThrow(/EIO/);
    f.close();
  });

  for (const direct of [true, false]) {
    it(`a background fdatasync follows the background writes (direct ${direct}), one at a time; finish waits for it`, async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const realFs = require("fs") as typeof fs;
      const fdatasync = realFs.fdatasync;
      const held: Array<() => void> = [];
      const spy = jest.spyOn(realFs, "fdatasync").mockImplementation(((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
        held.push(() => fdatasync(fd, cb));
      }) as typeof fs.fdatasync);
      const file = path.join(dir, `sync-${direct}.bin`);
      const parts = pieces(direct ? 11 : 12);
      const f = new DirectFile(file, { direct });
      for (const p of parts) await f.append(p);
      await new Promise((r) => setImmediate(r));
      // every write that went out asked for a flush, but only one runs at a time
      expect(spy).toHaveBeenCalledTimes(1);
      let finished = false;
      const finish = f.finish().then(() => { finished = true; });
      await new Promise((r) => setTimeout(r, 30));
      expect(finished).toBe(false);
      held.splice(0).forEach((go) => go());
      await finish;
      spy.mockRestore();
      expect(fs.readFileSync(file).equals(concat(parts))).toBe(true);
    });
  }
});
