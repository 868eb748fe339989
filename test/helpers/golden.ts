/**
 * Reads test/fixtures/golden: outputs of the real Syncopy/FOOOF/scipy on fixed inputs, copied
 * from the shared reference set (see its README; never regenerated from spyts output). A spyts
 * result is right when it matches these, with the manifest's tolerance rule:
 *   |a - b| <= atol_scale * max|b| + rtol * |b|, elementwise, per output array.
 * SPYTS_GOLDEN may point at another copy of the same layout.
 */
import * as fs from "fs";
import * as path from "path";

export const GOLDEN_DIR = process.env.SPYTS_GOLDEN || path.resolve(__dirname, "../fixtures/golden");

export function goldenAvailable(): boolean {
  return fs.existsSync(path.join(GOLDEN_DIR, "manifest.json"));
}

export function readF64(rel: string): Float64Array {
  const buf = fs.readFileSync(path.join(GOLDEN_DIR, rel));
  return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

export interface GoldenArray { shape: number[]; file?: string; file_re?: string; file_im?: string; complex: boolean; dimord?: string[] }
export interface GoldenCase {
  case: string;
  params: Record<string, unknown>;
  tolerance: { rtol: number; atol_scale: number };
  inputs: Record<string, string>;
  outputs: Record<string, GoldenArray>;
  meta: Record<string, unknown>;
  [key: string]: unknown;
}

export function readCase(name: string): GoldenCase {
  return JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, "cases", name, "case.json"), "utf8"));
}

export interface GoldenInput { shape: number[]; samplerate: number; values: Float64Array; [key: string]: unknown }
export function readInput(rel: string): GoldenInput {
  const meta = JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, rel), "utf8"));
  return { ...meta, values: readF64(meta.file) };
}

/** Real array, or complex interleaved (re, im) like NDArray complex data. */
export function readOutput(out: GoldenArray): Float64Array {
  if (!out.complex) return readF64(out.file!);
  const re = readF64(out.file_re!);
  const im = readF64(out.file_im!);
  const z = new Float64Array(re.length * 2);
  for (let i = 0; i < re.length; i++) { z[2 * i] = re[i]; z[2 * i + 1] = im[i]; }
  return z;
}

/** Worst violation of the tolerance rule; <= 1 passes. Complex arrays compare |a - b| against |b|. */
export function toleranceRatio(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: { rtol: number; atol_scale: number }, complex = false): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != expected ${expected.length}`);
  const step = complex ? 2 : 1;
  let maxAbs = 0;
  for (let i = 0; i < expected.length; i += step) {
    const m = complex ? Math.hypot(expected[i], expected[i + 1]) : Math.abs(expected[i]);
    if (m > maxAbs) maxAbs = m;
  }
  const atol = tol.atol_scale * maxAbs;
  let worst = 0;
  for (let i = 0; i < expected.length; i += step) {
    const b = complex ? Math.hypot(expected[i], expected[i + 1]) : Math.abs(expected[i]);
    const d = complex ? Math.hypot(actual[i] - expected[i], actual[i + 1] - expected[i + 1]) : Math.abs(actual[i] - expected[i]);
    const allowed = atol + tol.rtol * b;
    const r = allowed > 0 ? d / allowed : d === 0 ? 0 : Infinity;
    if (!(r <= worst)) worst = Number.isNaN(r) ? Infinity : Math.max(worst, r);
  }
  return worst;
}

/** Trials of a (trial, time, channel) input as number-free NDArrays (float64, C order). */
export function inputTrials(input: GoldenInput): { data: Float64Array; shape: number[]; dtype: "float64" }[] {
  const [nTrials, nSamples, nChannels] = input.shape;
  const per = nSamples * nChannels;
  return Array.from({ length: nTrials }, (_, k) => ({
    data: input.values.slice(k * per, (k + 1) * per), shape: [nSamples, nChannels], dtype: "float64" as const,
  }));
}

/**
 * `describe` for golden-reference tests. The references are part of the repository, so they are
 * never skipped: without the manifest the block holds one failing test that says where it looked
 * (rather than a collection crash), and a missing case or input file fails the test reading it.
 */
export function goldenDescribe(what: string): (name: string, fn: () => void) => void {
  return (name, fn) => describe(name, () => {
    if (!goldenAvailable()) {
      test(`golden references are present (${what})`, () => {
        throw new Error(`golden references not found: ${path.join(GOLDEN_DIR, "manifest.json")} (test/fixtures/golden, or SPYTS_GOLDEN)`);
      });
      return;
    }
    fn();
  });
}
