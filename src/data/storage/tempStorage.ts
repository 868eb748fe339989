/**
 * The temporary storage folder where unsaved data objects live as Arrow files.
 *
 * Folder: `process.env.SPYTMPDIR`, else `<os.tmpdir()>/spyts-<uid>`. Files are named
 * `spy_<session>_<8 hex><ext>`, where <session> is 4 hex digits drawn once per process. Files this
 * process created are removed when `release(path)` is called and, synchronously, when the process
 * exits. Each session also leaves a small marker `spy_<session>.session` (pid, host, start time)
 * so `cleanup()` never deletes the files of another session that is still running.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { randomBytes } from "crypto";
import { SPYTypeError, SPYValueError } from "../../core/errors";
import { checkBoolean, checkNumber, checkOptions } from "../../core/keywords";
import { readSmallFile } from "./safeFile";

const GiB = 1024 ** 3;
export const DEFAULT_STORAGE_LIMIT = 10 * GiB;

const SESSION = randomBytes(2).toString("hex");
const ENTRY_RE = /^spy_([0-9a-f]{4})_[0-9a-f]{8}/;
const MARKER_RE = /^spy_([0-9a-f]{4})\.session$/;

const owned = new Set<string>();
const markers = new Set<string>(); // session markers written (one per storage folder used)
let exitHookInstalled = false;
let limitOverride: number | null = null;

/** This process's 4-hex session id. */
export function sessionId(): string {
  return SESSION;
}

/** The storage folder (not created by this call). */
export function storageDir(): string {
  const env = process.env.SPYTMPDIR;
  if (env !== undefined && env.trim() !== "") return path.resolve(env);
  let uid: string;
  try {
    const u = os.userInfo().uid;
    uid = u >= 0 ? String(u) : os.userInfo().username;
  } catch {
    uid = "user";
  }
  return path.join(os.tmpdir(), `spyts-${uid}`);
}

function removeOwned(): void {
  for (const p of owned) {
    try { fs.rmSync(p, { recursive: true, force: true }); } catch { /* best effort at exit */ }
    try { fs.rmSync(`${p}.partial`, { force: true }); } catch { /* best effort at exit */ }
  }
  owned.clear();
  for (const m of markers) {
    try { fs.rmSync(m, { force: true }); } catch { /* best effort at exit */ }
  }
  markers.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", removeOwned);
}

function writeMarker(dir: string): void {
  const p = path.join(dir, `spy_${SESSION}.session`);
  if (markers.has(p) && fs.existsSync(p)) return;
  fs.writeFileSync(p, JSON.stringify({ pid: process.pid, host: os.hostname(), started: new Date().toISOString() }));
  markers.add(p);
}

/**
 * A new unique file name `spy_<session>_<8hex><ext>` in the storage folder (created if needed).
 * The file itself is not created; it (and `<name>.partial`) are removed at exit or on `release`.
 */
export function newTempFile(ext: string): string {
  if (typeof ext !== "string") throw new SPYTypeError("ext", ext, "a file extension such as \".arrow\" (no path separators)");
  if (/[\\/]/.test(ext)) throw new SPYValueError("ext", ext, "a file extension such as \".arrow\" (no path separators)");
  const dir = storageDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  installExitHook();
  writeMarker(dir);
  for (;;) {
    const p = path.join(dir, `spy_${SESSION}_${randomBytes(4).toString("hex")}${ext}`);
    if (!owned.has(p) && !fs.existsSync(p) && !fs.existsSync(`${p}.partial`)) {
      owned.add(p);
      return p;
    }
  }
}

/** Whether `p` is a temp file this process created and has not released. */
export function isOwnedTempFile(p: string): boolean {
  return owned.has(path.resolve(p));
}

/**
 * Remove a temp file (or folder) this process created, with its `.partial` sibling.
 * Paths this process did not create are left alone; returns whether anything was released.
 */
export function release(p: string): boolean {
  const abs = path.resolve(p);
  if (!owned.has(abs)) return false;
  owned.delete(abs);
  fs.rmSync(abs, { recursive: true, force: true });
  fs.rmSync(`${abs}.partial`, { force: true });
  return true;
}

/**
 * Remove every temp file this process created and has not released (what the exit handler does).
 * Under jest the test sandbox's `process` never emits 'exit', so test suites that create temp
 * files should call this in `afterAll` (or point SPYTMPDIR at a folder they remove).
 */
export function releaseAll(): number {
  const n = owned.size;
  removeOwned();
  return n;
}

/** Bytes under `dir` (default: the storage folder), counting every subfolder; symlinks are not followed. */
export function storageSize(dir: string = storageDir()): number {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.isFile() ? st.size : 0;
  let total = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += storageSize(p);
    else if (e.isFile()) {
      try { total += fs.lstatSync(p).size; } catch { /* removed meanwhile */ }
    }
  }
  return total;
}

/** The storage limit in bytes: `setStorageLimit` value, else env SPYTMPLIMIT, else 10 GiB. */
export function getStorageLimit(): number {
  if (limitOverride !== null) return limitOverride;
  const env = process.env.SPYTMPLIMIT;
  if (env !== undefined && env.trim() !== "") {
    const v = Number(env);
    if (Number.isFinite(v) && v > 0) return v;
  }
  return DEFAULT_STORAGE_LIMIT;
}

/** Set the storage limit in bytes; `null` goes back to SPYTMPLIMIT / the default. */
export function setStorageLimit(bytes: number | null): void {
  if (bytes !== null) checkNumber(bytes, "bytes", { gt: 0 });
  limitOverride = bytes;
}

/** A result larger than this (bytes) warns before it is computed, unless a quarter of the free space is less. */
export const DEFAULT_RESULT_WARN_SIZE = 2e9;
let resultWarnOverride: number | null = null;

/**
 * The size from which a result warns before it is computed: `setResultWarnSize` value, else env
 * SPYTS_RESULT_WARN_SIZE (bytes), else 2 GB.
 */
export function getResultWarnSize(): number {
  if (resultWarnOverride !== null) return resultWarnOverride;
  const env = process.env.SPYTS_RESULT_WARN_SIZE;
  if (env !== undefined && env.trim() !== "") {
    const v = Number(env);
    if (Number.isFinite(v) && v > 0) return v;
  }
  return DEFAULT_RESULT_WARN_SIZE;
}

/** Set the result size warning threshold in bytes (Infinity: only the free-space rule); `null` goes back to the default. */
export function setResultWarnSize(bytes: number | null): void {
  if (bytes !== null) checkNumber(bytes, "bytes", { gt: 0, infinite: true });
  resultWarnOverride = bytes;
}

/**
 * Free bytes (for an unprivileged user) on the file system of `dir` (default: the storage folder,
 * or its nearest existing parent); undefined when it cannot be told.
 */
export function freeSpace(dir: string = storageDir()): number | undefined {
  let d = path.resolve(dir);
  for (;;) {
    try {
      const st = fs.statfsSync(d);
      return Number(st.bavail) * Number(st.bsize);
    } catch {
      const up = path.dirname(d);
      if (up === d) return undefined;
      d = up;
    }
  }
}

/**
 * The size from which a new result warns before it is computed: the smaller of
 * `getResultWarnSize()` (2 GB) and a quarter of the free space of the storage folder.
 * `free` overrides the measured free space (tests).
 */
export function resultWarnThreshold(free: number | undefined = freeSpace()): { bytes: number; free: number | undefined; byFreeSpace: boolean } {
  const set = getResultWarnSize();
  const quarter = free !== undefined && Number.isFinite(free) ? free / 4 : Infinity;
  return quarter < set ? { bytes: quarter, free, byFreeSpace: true } : { bytes: set, free, byFreeSpace: false };
}

function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${u === 0 ? n : n.toFixed(1)} ${units[u]}`;
}

/** A warning text when the storage folder holds more than the limit, else undefined. */
export function checkStorage(): string | undefined {
  const size = storageSize();
  const limit = getStorageLimit();
  if (size <= limit) return undefined;
  return `spyts temporary storage ${storageDir()} holds ${formatBytes(size)} (${size} bytes), more than the limit of ` +
    `${formatBytes(limit)}: save what you need and run cleanup(), or raise the limit with setStorageLimit() / SPYTMPLIMIT`;
}

export interface CleanupOptions {
  /** Only entries last modified more than this many hours ago (default 24). */
  olderThanHours?: number;
  /** Only this process's own files (otherwise: only sessions that are no longer running). */
  onlyCurrentSession?: boolean;
}

export interface CleanupResult {
  removed: string[];
  freedBytes: number;
}

function sessionAlive(dir: string, session: string): boolean {
  if (session === SESSION) return true;
  let info: { pid?: unknown; host?: unknown };
  try {
    info = JSON.parse(readSmallFile(path.join(dir, `spy_${session}.session`), "a session marker", 64 * 1024));
  } catch {
    return false; // no marker: the session ended or crashed before spyts wrote one
  }
  if (info.host !== os.hostname()) return true; // cannot tell for another machine: keep
  if (typeof info.pid !== "number") return false;
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Remove stale spyts temp files (and `.spy` folders) from the storage folder.
 * By default: files of sessions that are no longer running, older than 24 h. With
 * `onlyCurrentSession`: this process's own files older than `olderThanHours` (0 removes all of them;
 * readers still open keep working on Linux, but the data is gone once they close).
 */
export function cleanup(options: CleanupOptions = {}): CleanupResult {
  const { olderThanHours = 24, onlyCurrentSession = false } = checkOptions(options, "cleanup", ["olderThanHours", "onlyCurrentSession"]) as CleanupOptions;
  checkNumber(olderThanHours, "olderThanHours", { min: 0, infinite: true });
  checkBoolean(onlyCurrentSession, "onlyCurrentSession");
  const dir = storageDir();
  const result: CleanupResult = { removed: [], freedBytes: 0 };
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return result;
  }
  const cutoff = Date.now() - olderThanHours * 3600 * 1000;
  const alive = new Map<string, boolean>();
  const isAlive = (s: string) => {
    if (!alive.has(s)) alive.set(s, sessionAlive(dir, s));
    return alive.get(s) as boolean;
  };
  const markers: string[] = [];
  for (const name of names) {
    const marker = MARKER_RE.exec(name);
    if (marker) {
      markers.push(name);
      continue;
    }
    const m = ENTRY_RE.exec(name);
    if (!m) continue;
    const session = m[1];
    if (onlyCurrentSession ? session !== SESSION : isAlive(session)) continue;
    const p = path.join(dir, name);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      continue;
    }
    if (olderThanHours > 0 && st.mtimeMs > cutoff) continue; // 0 hours: everything, whatever the clock granularity
    const bytes = storageSize(p);
    try {
      fs.rmSync(p, { recursive: true, force: true });
    } catch {
      continue;
    }
    owned.delete(p);
    result.removed.push(p);
    result.freedBytes += bytes;
  }
  // markers of ended sessions that no longer have files
  if (!onlyCurrentSession) {
    const remaining = new Set(names.filter((n) => fs.existsSync(path.join(dir, n))).map((n) => ENTRY_RE.exec(n)?.[1]));
    for (const name of markers) {
      const s = (MARKER_RE.exec(name) as RegExpExecArray)[1];
      if (s === SESSION || isAlive(s) || remaining.has(s)) continue;
      const p = path.join(dir, name);
      try {
        const bytes = fs.lstatSync(p).size;
        fs.rmSync(p, { force: true });
        result.removed.push(p);
        result.freedBytes += bytes;
      } catch { /* ignore */ }
    }
  }
  return result;
}
