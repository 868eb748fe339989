/**
 * Files a write leaves behind when its process dies (SIGKILL, power loss) and how they are found
 * again: the names the library gives them, whether their writer still runs, and a journal of the
 * paths this session writes to, so that `spy.cleanup()` can visit them later.
 *
 * Names (only these are ever removed, and only when the process named in them is gone):
 * - `<x>.spy.tmp-<pid>-<8 hex>/`: a container being built beside its final path (folder);
 * - `<x>.spy.old-<pid>-<8 hex>/`: the container it replaces, moved aside for the swap (folder);
 * - `<out>.partial`: a batch output being written (file), `<out>.yaml.tmp-<pid>`: its sidecar.
 *
 * The journal is `<storage folder>/spy_<session>.writes`, one JSON line per target path
 * `{ pid, target, files }` (`files`: exact leftover paths the write may leave besides the
 * tmp/old folders), written once per path and session before the first write there.
 */
import * as fs from "fs";
import * as path from "path";
import { sessionId, storageDir } from "./tempStorage";

/** Leftovers without a pid in their name (written by spyts before pids were added) count as stale after this. */
const LEGACY_STALE_MS = 10 * 60 * 1000;

/** Targets with a write in flight in this process (never cleaned while so). */
const active = new Map<string, number>();
/** Targets already in this session's journal. */
const journaled = new Set<string>();

/** Whether process `pid` runs on this machine (EPERM: it runs under another user). */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether a write to `target` runs in this process now. */
export function writeActive(target: string): boolean {
  return (active.get(path.resolve(target)) ?? 0) > 0;
}

/**
 * Whether a leftover written by `pid` (null: an old name without pid, judged by its age) at
 * `target` may be removed: its process is gone, or it is this process and no write to `target`
 * runs now.
 */
export function leftoverStale(pid: number | null, target: string, mtimeMs: number): boolean {
  if (pid === null) return Date.now() - mtimeMs > LEGACY_STALE_MS;
  if (pid === process.pid) return !writeActive(target);
  return !pidAlive(pid);
}

function journalPath(): string {
  return path.join(storageDir(), `spy_${sessionId()}.writes`);
}

/**
 * A write to `target` starts: note it in this session's journal (once per path) and mark it active
 * until {@link endWrite}. `files` are exact paths the write may leave behind if the process dies.
 * The journal is best effort: a storage folder that cannot be written never fails the write.
 */
export function beginWrite(target: string, files: string[] = []): void {
  const abs = path.resolve(target);
  active.set(abs, (active.get(abs) ?? 0) + 1);
  const key = JSON.stringify([abs, files]);
  if (journaled.has(key)) return;
  try {
    fs.mkdirSync(storageDir(), { recursive: true, mode: 0o700 });
    fs.appendFileSync(journalPath(), JSON.stringify({ pid: process.pid, target: abs, files: files.map((f) => path.resolve(f)) }) + "\n");
    journaled.add(key);
  } catch { /* cleanup() will not know this path; the next write there still cleans it */ }
}

/** The write to `target` is over (committed or failed). */
export function endWrite(target: string): void {
  const abs = path.resolve(target);
  const n = (active.get(abs) ?? 0) - 1;
  if (n > 0) active.set(abs, n);
  else active.delete(abs);
}

export interface JournalEntry { pid: number; target: string; files: string[] }

/** The journals in the storage folder: this session's and those of every other session. */
export function readJournals(): { file: string; own: boolean; entries: JournalEntry[] }[] {
  const dir = storageDir();
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return []; }
  const out: { file: string; own: boolean; entries: JournalEntry[] }[] = [];
  for (const name of names) {
    const m = /^spy_([0-9a-f]{4})\.writes$/.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    let text: string;
    try {
      const st = fs.lstatSync(file);
      if (!st.isFile() || st.size > 16 * 1024 * 1024) continue;
      text = fs.readFileSync(file, "utf8");
    } catch { continue; }
    const entries: JournalEntry[] = [];
    for (const line of text.split("\n")) {
      try {
        const e = JSON.parse(line);
        if (Number.isInteger(e?.pid) && typeof e.target === "string" && path.isAbsolute(e.target) && Array.isArray(e.files) && e.files.every((f: unknown) => typeof f === "string" && path.isAbsolute(f))) {
          entries.push({ pid: e.pid, target: e.target, files: e.files });
        }
      } catch { /* a torn last line: skip */ }
    }
    out.push({ file, own: m[1] === sessionId(), entries });
  }
  return out;
}

/** Forget this session's journal entries for paths (tests). */
export function resetJournal(): void {
  journaled.clear();
}

/** A file without a pid in its name (`<out>.partial`) counts as abandoned when untouched this long. */
export const STALE_UNNAMED_MS = 60 * 1000;

/**
 * Remove `file` (an exact leftover path a write named in the journal) when its writer is gone;
 * returns its size when removed, else -1. Only regular files are removed. A name ending in
 * `.tmp-<pid>` names its writer; for other names (`<out>.partial`, which a later run of another
 * process may be writing now) the journal's writer must be gone and the file untouched for a minute.
 */
export function removeLeftoverFile(file: string, pid: number, target: string): number {
  let st: fs.Stats;
  try { st = fs.lstatSync(file); } catch { return -1; }
  if (!st.isFile()) return -1;
  const named = /\.tmp-(\d{1,10})$/.exec(file);
  const stale = named
    ? leftoverStale(Number(named[1]), target, st.mtimeMs)
    : leftoverStale(pid, target, st.mtimeMs) && Date.now() - st.mtimeMs > STALE_UNNAMED_MS;
  if (!stale) return -1;
  try {
    fs.rmSync(file, { force: true });
    return st.size;
  } catch {
    return -1;
  }
}
