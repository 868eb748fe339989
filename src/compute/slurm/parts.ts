/**
 * Inputs and parts of a Slurm run: Arrow IPC trial files (data/storage's TrialFileWriter: temp
 * file `.partial`, fsync, rename) holding one flattened record per work unit, and beside each part
 * a small JSON (written the same way, after the part) with its sha256, versions and metadata. A
 * part counts only when its JSON exists, names this plan's key and versions, and the part's bytes
 * hash to the recorded sha256: a half-written or foreign part is never merged.
 */
import * as fs from "fs";
import * as os from "os";
import type { NDArray, DType } from "../../core/ndarray";
import type { MetadataValue } from "../../core/computeTypes";
import { TrialFileReader, TrialFileWriter, sha256File } from "../../data/storage";
import { decodeExact, encodeExact } from "./codec";
import { ArrayPlan, BuildVersions, partFile, partInfoFile, versionMismatch, writeFileAtomic } from "./plan";

export interface PartInfo {
  key: string;
  index: number;
  units: [number, number];
  sha256: string;
  bytes: number;
  versions: BuildVersions;
  host: string;
  ms: number;
  /** [unit offset within the chunk, metadata in exact JSON] */
  meta: Array<[number, unknown]>;
}

/** Flatten to one axis (the unit's shape is in the plan). */
function flat(a: NDArray): NDArray {
  const n = a.shape.reduce((x, y) => x * y, 1);
  return { data: a.data, shape: [n], dtype: a.dtype };
}

/** Write `arrays` (one per unit, C-contiguous) as an Arrow trial file through `.partial` + fsync + rename; returns its sha256. */
export function writeUnits(file: string, dtype: DType, arrays: Iterable<NDArray>): { sha256: string; bytes: number } {
  const w = new TrialFileWriter(file, { dtype, tailShape: [], fsync: true, checksum: true });
  try {
    for (const a of arrays) w.append(flat(a));
    const r = w.close();
    return { sha256: r.sha256!, bytes: r.bytes };
  } catch (e) {
    w.abort();
    throw e;
  }
}

/** Read the units [0, shapes.length) of a trial file, reshaped. */
export function* readUnits(file: string, shapes: number[][]): Generator<NDArray> {
  const r = TrialFileReader.open(file);
  try {
    if (r.nTrials !== shapes.length) throw new Error(`${file}: ${r.nTrials} records, expected ${shapes.length}`);
    for (let i = 0; i < shapes.length; i++) {
      const a = r.readTrial(i);
      yield { data: a.data, shape: shapes[i], dtype: a.dtype };
    }
  } finally {
    r.close();
  }
}

/**
 * A part written record by record (a task need not hold its whole chunk's results): `append` each
 * unit's result in unit order, then `finish` writes the part's JSON (its presence marks the part
 * complete); `abort` removes the unfinished file.
 */
export class PartWriter {
  private readonly writer: TrialFileWriter;

  constructor(private readonly plan: ArrayPlan, private readonly runDir: string, private readonly index: number) {
    this.writer = new TrialFileWriter(partFile(runDir, index), { dtype: plan.outDtype, tailShape: [], fsync: true, checksum: true });
  }

  /** Append the next unit's result (copied or written at once: the caller may reuse its buffer). */
  append(a: NDArray): void {
    this.writer.append(flat(a));
  }

  /** Close the part (fsync, rename) and write its JSON with the checksum, versions, host, time and metadata. */
  finish(metas: Array<Record<string, MetadataValue> | undefined>, versions: BuildVersions, ms: number): PartInfo {
    const { sha256, bytes } = this.writer.close();
    const meta: Array<[number, unknown]> = [];
    metas.forEach((m, i) => { if (m) meta.push([i, encodeExact(m)]); });
    const info: PartInfo = {
      key: this.plan.key, index: this.index, units: this.plan.chunks[this.index], sha256: sha256!, bytes, versions,
      host: os.hostname(), ms: Math.round(ms), meta,
    };
    writeFileAtomic(partInfoFile(this.runDir, this.index), JSON.stringify(info) + "\n");
    return info;
  }

  /** Remove the unfinished part; never throws. */
  abort(): void {
    try { this.writer.abort(); } catch { /* already gone */ }
  }
}

/** Write part `index` and then its JSON (the JSON's presence marks the part complete). */
export function writePart(
  plan: ArrayPlan, runDir: string, index: number, outs: Iterable<NDArray>, metas: Array<Record<string, MetadataValue> | undefined>,
  versions: BuildVersions, ms: number,
): PartInfo {
  const w = new PartWriter(plan, runDir, index);
  try {
    for (const a of outs) w.append(a);
  } catch (e) {
    w.abort();
    throw e;
  }
  return w.finish(metas, versions, ms);
}

/** Part `index` verified against the plan, or why not ("missing" when its JSON is not there). */
export function verifyPart(plan: Pick<ArrayPlan, "key" | "versions">, runDir: string, index: number): { ok: true; info: PartInfo } | { ok: false; reason: string; missing: boolean } {
  let info: PartInfo;
  try {
    info = JSON.parse(fs.readFileSync(partInfoFile(runDir, index), "utf8")) as PartInfo;
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    return { ok: false, missing, reason: missing ? "no part written" : `unreadable part JSON: ${(e as Error).message}` };
  }
  if (info.key !== plan.key || info.index !== index) return { ok: false, missing: false, reason: "the part belongs to another plan" };
  const mismatch = versionMismatch(plan.versions, info.versions);
  if (mismatch) return { ok: false, missing: false, reason: `the part was made by another build: ${mismatch}` };
  let sha: string;
  try {
    sha = sha256File(partFile(runDir, index));
  } catch (e) {
    return { ok: false, missing: true, reason: `its JSON is there but the part file is not (${(e as Error).message})` };
  }
  if (sha !== info.sha256) return { ok: false, missing: false, reason: `checksum mismatch (sha256 ${sha.slice(0, 12)}…, recorded ${info.sha256.slice(0, 12)}…)` };
  return { ok: true, info };
}

/** Metadata of a verified part, per unit offset. */
export function partMetadata(info: PartInfo): Map<number, Record<string, MetadataValue>> {
  const m = new Map<number, Record<string, MetadataValue>>();
  for (const [i, v] of info.meta) m.set(i, decodeExact(v) as Record<string, MetadataValue>);
  return m;
}
