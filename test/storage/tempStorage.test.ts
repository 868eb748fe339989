import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import {
  checkStorage, cleanup, DEFAULT_STORAGE_LIMIT, getStorageLimit, isOwnedTempFile, newTempFile, release, releaseAll, sessionId,
  setStorageLimit, storageDir, storageSize,
} from "../../src/data/storage/tempStorage";
import { makeTmpDir, rmTmpDir } from "./helpers";

let dir: string;
const savedEnv = { dir: process.env.SPYTMPDIR, limit: process.env.SPYTMPLIMIT };
beforeAll(() => {
  dir = makeTmpDir("spyts-tempstorage-test-");
  process.env.SPYTMPDIR = dir;
  delete process.env.SPYTMPLIMIT;
});
afterAll(() => {
  if (savedEnv.dir === undefined) delete process.env.SPYTMPDIR;
  else process.env.SPYTMPDIR = savedEnv.dir;
  if (savedEnv.limit !== undefined) process.env.SPYTMPLIMIT = savedEnv.limit;
  rmTmpDir(dir);
});

function setAge(p: string, hours: number): void {
  const t = new Date(Date.now() - hours * 3600 * 1000);
  fs.utimesSync(p, t, t);
}

describe("storage folder", () => {
  test("SPYTMPDIR, else <tmpdir>/spyts-<uid>", () => {
    expect(storageDir()).toBe(path.resolve(dir));
    const saved = process.env.SPYTMPDIR;
    delete process.env.SPYTMPDIR;
    try {
      expect(storageDir()).toBe(path.join(os.tmpdir(), `spyts-${os.userInfo().uid}`));
    } finally {
      process.env.SPYTMPDIR = saved;
    }
  });

  test("newTempFile gives unique spy_<session4hex>_<8hex><ext> names in the folder", () => {
    const names = new Set<string>();
    for (let i = 0; i < 200; i++) names.add(newTempFile(".arrow"));
    expect(names.size).toBe(200);
    for (const p of names) {
      expect(path.dirname(p)).toBe(path.resolve(dir));
      expect(path.basename(p)).toMatch(new RegExp(`^spy_${sessionId()}_[0-9a-f]{8}\\.arrow$`));
      expect(isOwnedTempFile(p)).toBe(true);
    }
    expect(sessionId()).toMatch(/^[0-9a-f]{4}$/);
    expect(() => newTempFile("/x")).toThrow(/`ext`/);
    for (const p of names) release(p);
  });

  test("release removes the file and its .partial sibling, only for files this process created", () => {
    const p = newTempFile(".arrow");
    fs.writeFileSync(p, "x");
    fs.writeFileSync(`${p}.partial`, "y");
    expect(release(p)).toBe(true);
    expect(fs.existsSync(p)).toBe(false);
    expect(fs.existsSync(`${p}.partial`)).toBe(false);
    expect(isOwnedTempFile(p)).toBe(false);
    expect(release(p)).toBe(false);
    const foreign = path.join(dir, "user-file.arrow");
    fs.writeFileSync(foreign, "keep me");
    expect(release(foreign)).toBe(false);
    expect(fs.readFileSync(foreign, "utf8")).toBe("keep me");
    fs.rmSync(foreign);
  });

  test("releaseAll removes every file this process still owns, and the session marker", () => {
    const a = newTempFile(".arrow");
    const b = newTempFile(".spy");
    fs.writeFileSync(a, "a");
    fs.mkdirSync(b);
    fs.writeFileSync(path.join(b, "x"), "x");
    const marker = path.join(dir, `spy_${sessionId()}.session`);
    expect(fs.existsSync(marker)).toBe(true);
    expect(releaseAll()).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(a)).toBe(false);
    expect(fs.existsSync(b)).toBe(false);
    expect(fs.existsSync(marker)).toBe(false);
    expect(isOwnedTempFile(a)).toBe(false);
  });

  test("temp files are removed when the process exits (sync 'exit' handler)", () => {
    const sub = makeTmpDir("spyts-exit-test-");
    try {
      const script = `
        const fs = require("fs");
        const t = require(${JSON.stringify(path.resolve(__dirname, "../../src/data/storage/tempStorage.ts"))});
        const a = t.newTempFile(".arrow"); fs.writeFileSync(a, "a");
        const b = t.newTempFile(".spy"); fs.mkdirSync(b); fs.writeFileSync(b + "/inner", "b");
        const c = t.newTempFile(".arrow"); fs.writeFileSync(c + ".partial", "c");
        fs.writeFileSync(${JSON.stringify(path.join(sub, "kept.txt"))}, "not ours");
        console.log(JSON.stringify([a, b, c]));
      `;
      const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
        env: { ...process.env, SPYTMPDIR: sub },
        cwd: path.resolve(__dirname, "../.."),
        encoding: "utf8",
      });
      const [a, b, c] = JSON.parse(out.trim().split("\n").pop() as string) as string[];
      expect(path.dirname(a)).toBe(sub);
      expect(fs.existsSync(a)).toBe(false);
      expect(fs.existsSync(b)).toBe(false);
      expect(fs.existsSync(`${c}.partial`)).toBe(false);
      expect(fs.readdirSync(sub)).toEqual(["kept.txt"]); // session marker removed too
    } finally {
      rmTmpDir(sub);
    }
  });
});

describe("size and limit", () => {
  test("storageSize counts files in every subfolder", () => {
    const root = makeTmpDir("spyts-size-test-");
    try {
      fs.writeFileSync(path.join(root, "a"), Buffer.alloc(1000));
      fs.mkdirSync(path.join(root, "x.spy", "deep", "deeper"), { recursive: true });
      fs.writeFileSync(path.join(root, "x.spy", "b"), Buffer.alloc(2000));
      fs.writeFileSync(path.join(root, "x.spy", "deep", "deeper", "c"), Buffer.alloc(30_000));
      fs.symlinkSync(path.join(root, "x.spy"), path.join(root, "link")); // not followed: no double count
      expect(storageSize(root)).toBe(33_000);
      expect(storageSize(path.join(root, "missing"))).toBe(0);
    } finally {
      rmTmpDir(root);
    }
  });

  test("limit: 10 GiB default, SPYTMPLIMIT, setStorageLimit; checkStorage warns only above it", () => {
    expect(getStorageLimit()).toBe(DEFAULT_STORAGE_LIMIT);
    expect(DEFAULT_STORAGE_LIMIT).toBe(10 * 1024 ** 3);
    process.env.SPYTMPLIMIT = "12345";
    expect(getStorageLimit()).toBe(12345);
    delete process.env.SPYTMPLIMIT;
    const p = newTempFile(".bin");
    fs.mkdirSync(path.join(dir, "nested", "more"), { recursive: true });
    fs.writeFileSync(path.join(dir, "nested", "more", "big"), Buffer.alloc(50_000));
    fs.writeFileSync(p, Buffer.alloc(10_000));
    const size = storageSize();
    expect(size).toBeGreaterThanOrEqual(60_000);
    setStorageLimit(size);
    expect(checkStorage()).toBeUndefined();
    setStorageLimit(size - 1);
    const warning = checkStorage();
    expect(warning).toContain(path.resolve(dir));
    expect(warning).toContain(`${size} bytes`);
    expect(warning).toMatch(/more than the limit/);
    expect(() => setStorageLimit(-5)).toThrow(/`bytes`/);
    setStorageLimit(null);
    expect(getStorageLimit()).toBe(DEFAULT_STORAGE_LIMIT);
    release(p);
    fs.rmSync(path.join(dir, "nested"), { recursive: true });
  });
});

describe("cleanup", () => {
  test("removes old files of ended sessions; keeps young ones, live sessions and this session", () => {
    const mine = newTempFile(".arrow");
    fs.writeFileSync(mine, Buffer.alloc(10));
    setAge(mine, 48);
    // an ended session (no marker): one old file, one old folder, one young file
    const deadOld = path.join(dir, "spy_dea0_0000aaaa.arrow");
    const deadDir = path.join(dir, "spy_dea0_0000bbbb.spy");
    const deadYoung = path.join(dir, "spy_dea0_0000cccc.arrow");
    fs.writeFileSync(deadOld, Buffer.alloc(100));
    fs.mkdirSync(path.join(deadDir, "sub"), { recursive: true });
    fs.writeFileSync(path.join(deadDir, "sub", "f"), Buffer.alloc(1000));
    fs.writeFileSync(deadYoung, Buffer.alloc(7));
    setAge(deadOld, 30);
    setAge(deadDir, 30);
    // a session whose marker names a live process (this one) on this host
    const liveMarker = path.join(dir, "spy_11fe.session");
    fs.writeFileSync(liveMarker, JSON.stringify({ pid: process.pid, host: os.hostname() }));
    const liveOld = path.join(dir, "spy_11fe_0000dddd.arrow");
    fs.writeFileSync(liveOld, Buffer.alloc(5));
    setAge(liveOld, 100);
    // an ended session with a marker whose pid no longer runs
    const goneMarker = path.join(dir, "spy_90ae.session");
    const goneMarkerText = JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname() }); // above Linux's pid_max
    fs.writeFileSync(goneMarker, goneMarkerText);
    const goneOld = path.join(dir, "spy_90ae_0000eeee.arrow.partial");
    fs.writeFileSync(goneOld, Buffer.alloc(3));
    setAge(goneOld, 25);
    // unrelated files are never touched
    const unrelated = path.join(dir, "notes.txt");
    fs.writeFileSync(unrelated, "x");
    setAge(unrelated, 1000);

    const res = cleanup();
    expect(new Set(res.removed)).toEqual(new Set([deadOld, deadDir, goneOld, goneMarker]));
    expect(res.freedBytes).toBe(100 + 1000 + 3 + Buffer.byteLength(goneMarkerText));
    for (const p of [mine, deadYoung, liveMarker, liveOld, unrelated]) expect(fs.existsSync(p)).toBe(true);

    // younger threshold catches the young file of the ended session
    const res2 = cleanup({ olderThanHours: 0 });
    expect(res2.removed).toEqual([deadYoung]);
    expect(res2.freedBytes).toBe(7);

    // only this session: removes this process's old file, nothing else
    const mine2 = newTempFile(".arrow");
    fs.writeFileSync(mine2, Buffer.alloc(4));
    const res3 = cleanup({ onlyCurrentSession: true, olderThanHours: 24 });
    expect(res3.removed).toEqual([mine]);
    expect(fs.existsSync(mine2)).toBe(true);
    expect(isOwnedTempFile(mine)).toBe(false);
    const res4 = cleanup({ onlyCurrentSession: true, olderThanHours: 0 });
    expect(res4.removed).toEqual([mine2]);
    expect(fs.existsSync(liveOld)).toBe(true);
    expect(() => cleanup({ olderThanHours: -1 })).toThrow(/`olderThanHours`/);
    for (const p of [liveMarker, liveOld, unrelated]) fs.rmSync(p);
  });
});
