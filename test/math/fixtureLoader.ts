/**
 * Reads the reference arrays written by scripts/make_math_fixtures.py:
 * test/fixtures/math/<group>.f64 (little-endian float64) + <group>.json index.
 */
import * as fs from "fs";
import * as path from "path";

export interface FixtureEntry {
  key: string;
  offset: number;
  length: number;
  shape: number[];
  kind: "real" | "complex";
  params: Record<string, unknown>;
}

export interface FixtureGroup {
  meta: Record<string, unknown>;
  entries: FixtureEntry[];
  get(key: string): Float64Array;
  has(key: string): boolean;
}

const DIR = path.join(__dirname, "..", "fixtures", "math");

export function loadFixtures(group: string): FixtureGroup {
  const meta = JSON.parse(fs.readFileSync(path.join(DIR, `${group}.json`), "utf8"));
  const bytes = fs.readFileSync(path.join(DIR, `${group}.f64`));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const all = new Float64Array(bytes.byteLength / 8);
  for (let i = 0; i < all.length; i++) all[i] = view.getFloat64(8 * i, true);
  const entries: FixtureEntry[] = meta.arrays;
  const byKey = new Map(entries.map((e) => [e.key, e]));
  return {
    meta,
    entries,
    has: (key) => byKey.has(key),
    get(key: string): Float64Array {
      const e = byKey.get(key);
      if (e === undefined) throw new Error(`fixture ${group}/${key} missing; rerun scripts/make_math_fixtures.py`);
      return all.slice(e.offset, e.offset + e.length);
    },
  };
}

/** max|a - b| / max|b| (0/0 counts as 0); Infinity on a length mismatch. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    num = Number.isNaN(d) ? Infinity : Math.max(num, d);
    den = Math.max(den, Math.abs(b[i]));
  }
  return num === 0 ? 0 : num / den;
}

/** max|a - b|; Infinity on a length mismatch or NaN. */
export function absoluteError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    m = Number.isNaN(d) ? Infinity : Math.max(m, d);
  }
  return m;
}
