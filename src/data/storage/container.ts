/**
 * The `.spy` container: a folder holding one Arrow trial file per data object plus a JSON sidecar
 * `<name>.info` per file (caller's fields + size, trial count, sha256, versions).
 *
 * Saving is crash-safe. Everything is built and fsynced in a sibling folder
 * `<dir>.tmp-<pid>-<hex>`; a first save then renames it into place (one rename: the path holds
 * nothing or the complete container). Overwriting takes two renames, since a folder cannot be
 * renamed over a non-empty one: the old container goes to `<dir>.old-<pid>-<hex>`, the new one
 * into place, then the old one is deleted. A process killed between those two renames leaves no
 * container at the path, but a complete old one beside it: {@link recoverContainer}, which every
 * load, every save and `spy.cleanup()` run first, renames it back (after verifying it) when the
 * writer is gone. So after any crash the path holds the old container or the new one, complete.
 * Leftover tmp/old folders of writers that are gone are removed by the same call (see ./leftovers.ts).
 *
 * Loading verifies structure, sizes, checksums and Arrow footers and says exactly what is wrong;
 * only regular files are opened, sidecars are read with a size cap (./safeFile.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";
import { SPYIOError, SPYTypeError, SPYValueError } from "../../core/errors";
import { CHECKSUM_ALGORITHM, sha256File } from "./checksum";
import { copyTrials } from "./copy";
import { TrialFileReader } from "./reader";
import { TrialFileWriter } from "./writer";
import { beginWrite, endWrite, leftoverStale, pidAlive } from "./leftovers";
import { MAX_METADATA_BYTES, notRegular, readSmallFile } from "./safeFile";

export const CONTAINER_EXT = ".spy";
export const SIDECAR_EXT = ".info";

export interface ContainerEntryInput {
  /** File name inside the container, e.g. "data.analog". */
  name: string;
  /** The trials to store (copied trial by trial). */
  source: TrialFileReader;
  /** Schema metadata of the stored Arrow file. */
  metadata: Record<string, string>;
  /** Extra sidecar fields for this entry only (merged over the shared sidecar object). */
  sidecar?: object;
}

export interface WriteContainerOptions {
  /** Replace an existing container (default false: refuse). */
  overwrite?: boolean;
  /** Record batch size of the written files (default: the writer's 8 MiB). */
  batchBytes?: number;
  /** Progress: called after each trial copied. */
  onTrial?: (entry: string, k: number, nTrials: number) => void;
}

/** What the library itself writes into every sidecar. */
export interface SidecarFields {
  file: string;
  bytes: number;
  nTrials: number;
  checksum_algorithm: string;
  file_checksum: string;
  spyts_version: string;
  written_at: string;
}

export type Sidecar = SidecarFields & Record<string, unknown>;

export interface ContainerEntry {
  name: string;
  path: string;
  sidecar: Sidecar;
}

export interface LoadedContainerEntry extends ContainerEntry {
  reader: TrialFileReader;
}

let cachedVersion: string | null = null;
/** The spyts version from package.json (src/ and dist/ both sit three levels below it). */
export function spytsVersion(): string {
  if (cachedVersion === null) {
    try {
      cachedVersion = String(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")).version);
    } catch {
      cachedVersion = "unknown";
    }
  }
  return cachedVersion;
}

function checkEntryName(name: unknown, seen: Set<string>): string {
  if (typeof name !== "string") throw new SPYTypeError("entries[].name", name, `a plain file name (no path separators, not hidden, not ending in ${SIDECAR_EXT})`);
  if (name === "" || name === "." || name === ".." || /[\\/\0]/.test(name) || name.startsWith(".") ||
    name.endsWith(SIDECAR_EXT) || name.endsWith(".partial")) {
    throw new SPYValueError("entries[].name", name, `a plain file name (no path separators, not hidden, not ending in ${SIDECAR_EXT})`);
  }
  if (seen.has(name)) throw new SPYValueError("entries[].name", name, "names that are unique within the container");
  seen.add(name);
  return name;
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch { /* not supported on every platform: best effort */ }
}

/**
 * Write a `.spy` container atomically. Each entry's trials are copied into `<dir>/<name>` with the
 * given schema metadata, and `<dir>/<name>.info` holds `{...sidecar, ...entry.sidecar, file, bytes,
 * nTrials, checksum_algorithm, file_checksum, spyts_version, written_at}`.
 */
export function writeContainer(
  dirPath: string,
  entries: ContainerEntryInput[],
  sidecar: object,
  options: WriteContainerOptions = {},
): { path: string; entries: ContainerEntry[] } {
  if (typeof dirPath !== "string") throw new SPYTypeError("dirPath", dirPath, `a folder path ending in ${CONTAINER_EXT}`);
  if (!dirPath.replace(/[\\/]+$/, "").endsWith(CONTAINER_EXT)) {
    throw new SPYValueError("dirPath", dirPath, `a folder path ending in ${CONTAINER_EXT}`);
  }
  if (!Array.isArray(entries)) throw new SPYTypeError("entries", entries, "a non-empty array of {name, source, metadata}");
  if (entries.length === 0) throw new SPYValueError("entries", entries, "a non-empty array of {name, source, metadata}");
  if (typeof sidecar !== "object" || sidecar === null || Array.isArray(sidecar)) throw new SPYTypeError("sidecar", sidecar, "a JSON-serializable object");
  const seen = new Set<string>();
  for (const e of entries) {
    checkEntryName(e?.name, seen);
    if (!(e.source instanceof TrialFileReader)) throw new SPYTypeError(`entries[${e.name}].source`, e.source, "a TrialFileReader");
  }
  const { overwrite = false } = options;
  const target = path.resolve(dirPath);
  // a crash of an earlier save may have left the old container aside: the path holds it again
  recoverContainer(target);
  const exists = fs.existsSync(target);
  if (exists && !overwrite) throw new SPYIOError(target, "already exists; pass overwrite: true to replace it");
  if (exists && !fs.statSync(target).isDirectory()) {
    throw new SPYIOError(target, "exists and is not a .spy folder; refusing to replace it");
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });

  const token = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const tmp = `${target}.tmp-${token}`;
  let aside: string | null = null;
  let installed = false;
  beginWrite(target);
  try {
    fs.mkdirSync(tmp);
    const written: ContainerEntry[] = [];
    for (const e of entries) {
      const file = path.join(tmp, e.name);
      const writer = new TrialFileWriter(file, {
        dtype: e.source.dtype,
        tailShape: [...e.source.tailShape],
        trialLength: e.source.fixedTrialLength ?? undefined,
        batchBytes: options.batchBytes,
        metadata: e.metadata,
        checksum: true,
        fsync: true,
      });
      let result;
      try {
        copyTrials(e.source, writer, { onTrial: options.onTrial && ((k, n) => options.onTrial!(e.name, k, n)) });
        result = writer.close();
      } catch (err) {
        writer.abort();
        throw err;
      }
      const fields: SidecarFields = {
        file: e.name,
        bytes: result.bytes,
        nTrials: result.nTrials,
        checksum_algorithm: CHECKSUM_ALGORITHM,
        file_checksum: result.sha256 as string,
        spyts_version: spytsVersion(),
        written_at: new Date().toISOString(),
      };
      const full = { ...sidecar, ...(e.sidecar ?? {}), ...fields } as Sidecar;
      const infoPath = path.join(tmp, e.name + SIDECAR_EXT);
      const fd = fs.openSync(infoPath, "w");
      try {
        fs.writeSync(fd, JSON.stringify(full, null, 2) + "\n");
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      written.push({ name: e.name, path: path.join(target, e.name), sidecar: full });
    }
    fsyncDir(tmp);
    if (exists) {
      // from here until the next rename the path is empty; recoverContainer() undoes a crash here
      aside = `${target}.old-${token}`;
      fs.renameSync(target, aside);
    }
    fs.renameSync(tmp, target);
    installed = true;
    fsyncDir(path.dirname(target));
    if (aside !== null) {
      // the new container is in place; failing to delete the old one must not fail the save
      try { fs.rmSync(aside, { recursive: true, force: true }); } catch { /* left behind, harmless */ }
    }
    return { path: target, entries: written };
  } catch (err) {
    if (!installed && aside !== null) {
      try { fs.renameSync(aside, target); } catch { /* the old container stays at `aside` */ }
    }
    try { fs.rmSync(tmp, { recursive: true, force: true }); } catch { /* ignore */ }
    if (err instanceof SPYIOError || err instanceof SPYValueError || err instanceof SPYTypeError) throw err;
    throw new SPYIOError(target, `saving failed, nothing was changed: ${(err as Error).message}`);
  } finally {
    endWrite(target);
  }
}

/** A `<base>.tmp-<pid>-<hex>` / `<base>.old-<pid>-<hex>` sibling of a container (pid absent in names of older spyts). */
function parseSibling(base: string, name: string): { kind: "tmp" | "old"; pid: number | null } | null {
  if (!name.startsWith(base + ".")) return null;
  const m = /^(tmp|old)-(?:(\d{1,10})-)?[0-9a-f]{8}$/.exec(name.slice(base.length + 1));
  return m ? { kind: m[1] as "tmp" | "old", pid: m[2] === undefined ? null : Number(m[2]) } : null;
}

/** Sleep without an event loop (recovery is synchronous, like load's checks). */
function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether a folder is a complete container (every file present, sizes and checksums right). */
function containerIntact(dir: string): boolean {
  try {
    const { entries } = readContainerAt(dir, { checksum: true });
    for (const e of entries) e.reader.close();
    return entries.length > 0;
  } catch {
    return false;
  }
}

/**
 * Put a container back after a crash, then remove the leftovers of writers that are gone; returns
 * what was done (paths). When `target` does not exist but a complete `<target>.old-<pid>-<hex>`
 * does (a save killed between its two renames), it is renamed back to `target`. A saver that still
 * runs (its pid is alive) is given 2 s to finish its swap first. Leftover `<target>.tmp-*` and
 * `<target>.old-*` folders are removed only when the process named in them is gone (or is this
 * one, with no save to `target` running); nothing else is ever touched.
 */
export function recoverContainer(dirPath: string): { restored: string | null; removed: string[]; freedBytes: number } {
  const target = path.resolve(dirPath);
  const parent = path.dirname(target), base = path.basename(target);
  const out = { restored: null as string | null, removed: [] as string[], freedBytes: 0 };
  const siblings = (): { path: string; kind: "tmp" | "old"; pid: number | null; st: fs.Stats }[] => {
    let names: string[];
    try { names = fs.readdirSync(parent); } catch { return []; }
    const found = [];
    for (const n of names) {
      const s = parseSibling(base, n);
      if (!s) continue;
      const p = path.join(parent, n);
      let st: fs.Stats;
      try { st = fs.lstatSync(p); } catch { continue; }
      if (st.isDirectory()) found.push({ path: p, ...s, st });
    }
    return found;
  };
  let sibs = siblings();
  if (sibs.length === 0) return out;
  if (!fs.existsSync(target)) {
    // a live saver between its renames: wait for it (a swap takes microseconds)
    for (let waited = 0; waited < 2000 && !fs.existsSync(target) && sibs.some((s) => s.kind === "old" && s.pid !== null && s.pid !== process.pid && pidAlive(s.pid)); waited += 20) {
      sleepMs(20);
      sibs = siblings();
    }
  }
  if (!fs.existsSync(target)) {
    const olds = sibs.filter((s) => s.kind === "old").sort((a, b) => b.st.ctimeMs - a.st.ctimeMs);
    for (const o of olds) {
      if (!containerIntact(o.path)) continue;
      try {
        fs.renameSync(o.path, target);
        fsyncDir(parent);
        out.restored = o.path;
        break;
      } catch { /* another process restored it first */ }
    }
    sibs = siblings();
  }
  if (!fs.existsSync(target) && sibs.some((s) => s.kind === "old")) return out; // keep what might be the only copy
  for (const s of sibs) {
    if (!leftoverStale(s.pid, target, s.st.mtimeMs)) continue;
    const bytes = folderBytes(s.path);
    try {
      fs.rmSync(s.path, { recursive: true, force: true });
      out.removed.push(s.path);
      out.freedBytes += bytes;
    } catch { /* left for the next time */ }
  }
  return out;
}

function folderBytes(dir: string): number {
  let total = 0;
  try {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isFile()) {
        try { total += fs.lstatSync(path.join(dir, e.name)).size; } catch { /* gone */ }
      }
    }
  } catch { /* gone */ }
  return total;
}

export interface ReadContainerOptions {
  /** Verify each file's sha256 against its sidecar (default true; streamed in 8 MiB chunks). */
  checksum?: boolean;
}

/**
 * Open a `.spy` container: verify every sidecar and file, open a reader per entry.
 * Throws an SPYIOError naming the file and what is wrong with it.
 */
export function readContainer(dirPath: string, options: ReadContainerOptions = {}): { path: string; entries: LoadedContainerEntry[] } {
  recoverContainer(dirPath);
  return readContainerAt(dirPath, options);
}

function readContainerAt(dirPath: string, options: ReadContainerOptions): { path: string; entries: LoadedContainerEntry[] } {
  const { checksum = true } = options;
  const dir = path.resolve(dirPath);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new SPYIOError(dir, "container does not exist");
  }
  if (!st.isDirectory()) throw new SPYIOError(dir, "is not a folder (a .spy container is a folder of Arrow files and .info sidecars)");
  const names = fs.readdirSync(dir).filter((n) => !n.startsWith(".")).sort();
  const infos = names.filter((n) => n.endsWith(SIDECAR_EXT));
  const dataFiles = names.filter((n) => !n.endsWith(SIDECAR_EXT));
  if (infos.length === 0 && dataFiles.length === 0) throw new SPYIOError(dir, "empty container: no data files and no .info sidecars");
  for (const n of dataFiles) {
    if (!infos.includes(n + SIDECAR_EXT)) throw new SPYIOError(path.join(dir, n), `has no sidecar: ${n}${SIDECAR_EXT} is missing`);
  }
  const entries: LoadedContainerEntry[] = [];
  try {
    for (const infoName of infos) {
      const infoPath = path.join(dir, infoName);
      let sidecar: Sidecar;
      const text = readSmallFile(infoPath, `a JSON sidecar of at most ${MAX_METADATA_BYTES} bytes`);
      try {
        sidecar = JSON.parse(text);
      } catch (e) {
        throw new SPYIOError(infoPath, `sidecar is not valid JSON: ${(e as Error).message}`);
      }
      if (typeof sidecar !== "object" || sidecar === null || Array.isArray(sidecar)) throw new SPYIOError(infoPath, "sidecar is not a JSON object");
      const problems: string[] = [];
      if (typeof sidecar.file !== "string" || sidecar.file === "" || /[\\/]/.test(sidecar.file)) problems.push("'file' (a file name in the container)");
      if (!(Number.isInteger(sidecar.bytes) && sidecar.bytes >= 0)) problems.push("'bytes' (a non-negative integer)");
      if (checksum && typeof sidecar.file_checksum !== "string") problems.push("'file_checksum'");
      if (problems.length) throw new SPYIOError(infoPath, `sidecar lacks or has an invalid ${problems.join(", ")}`);
      if (sidecar.file + SIDECAR_EXT !== infoName) {
        throw new SPYIOError(infoPath, `sidecar names file '${sidecar.file}', expected '${infoName.slice(0, -SIDECAR_EXT.length)}'`);
      }
      const name = sidecar.file;
      const filePath = path.join(dir, name);
      let fst: fs.Stats;
      try {
        fst = fs.statSync(filePath);
      } catch {
        throw new SPYIOError(filePath, `data file is missing (its sidecar ${infoName} exists)`);
      }
      if (!fst.isFile()) throw notRegular(filePath, fst, "an Arrow data file");
      if (fst.size < sidecar.bytes) throw new SPYIOError(filePath, `truncated from ${sidecar.bytes} to ${fst.size} bytes`);
      if (fst.size > sidecar.bytes) throw new SPYIOError(filePath, `is ${fst.size} bytes, larger than the ${sidecar.bytes} bytes recorded in ${infoName}`);
      if (checksum) {
        const algo = sidecar.checksum_algorithm ?? CHECKSUM_ALGORITHM;
        if (algo !== CHECKSUM_ALGORITHM) throw new SPYIOError(infoPath, `unsupported checksum_algorithm ${JSON.stringify(algo)} (expected "${CHECKSUM_ALGORITHM}")`);
        const actual = sha256File(filePath);
        if (actual !== sidecar.file_checksum.toLowerCase()) {
          throw new SPYIOError(filePath, `checksum mismatch: ${infoName} records sha256 ${sidecar.file_checksum}, the file hashes to ${actual} (modified or corrupted)`);
        }
      }
      let reader: TrialFileReader;
      try {
        reader = TrialFileReader.open(filePath);
      } catch (e) {
        throw new SPYIOError(filePath, `not a valid Arrow trial file: ${e instanceof SPYIOError ? e.message.slice(filePath.length + 2) : (e as Error).message}`);
      }
      if (sidecar.nTrials !== undefined && sidecar.nTrials !== reader.nTrials) {
        reader.close();
        throw new SPYIOError(filePath, `holds ${reader.nTrials} trials but ${infoName} records ${sidecar.nTrials}`);
      }
      entries.push({ name, path: filePath, sidecar, reader });
    }
  } catch (e) {
    for (const en of entries) en.reader.close();
    throw e;
  }
  return { path: dir, entries };
}
