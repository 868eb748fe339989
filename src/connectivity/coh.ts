/**
 * method "coh": coherency from the trial-averaged CSD (Syncopy's NormalizeCrossSpectra,
 * `csd.normalize_csd`):
 *   C[f, i, j] = S[f, i, j] / sqrt(S[f, i, i] S[f, j, j])
 * then `output`: "abs" (coherence, the default), "pow" (|C|^2), "complex"/"fourier" (the complex
 * coherency), "angle", "real", "imag" (Nolte's imaginary coherency). Real outputs are float32,
 * complex ones complex64, as in Syncopy. Computed in float64 from the float64 CSD sums.
 *
 * A channel without power at a frequency (S_ii = 0) gives NaN there, as in Syncopy (0/0).
 */
import { convert } from "../math/spectralConversions";
import type { ConnectivityOutput, MeasureResult } from "./types";
import { CONNECTIVITY_OUTPUTS } from "./types";
import { spectralMeasure } from "./spectralStage";

/** Coherency of a CSD [F, C, C] (complex interleaved float64), in float64. */
export function normalizeCrossSpectra(S: Float64Array, F: number, C: number): Float64Array {
  const out = new Float64Array(S.length);
  forEachCoherency(S, F, C, (o, re, im) => {
    out[o] = re;
    out[o + 1] = im;
  });
  return out;
}

/**
 * Calls `emit(o, re, im)` with the coherency of every element o (its offset in S, complex
 * interleaved) in storage order: S[o] / sqrt(S_ii S_jj) and S[o + 1] / sqrt(S_ii S_jj) in float64.
 */
function forEachCoherency(S: Float64Array, F: number, C: number, emit: (o: number, re: number, im: number) => void): void {
  const diag = new Float64Array(C);
  for (let f = 0; f < F; f++) {
    const base = 2 * f * C * C;
    // the auto-spectra: real (X conj X) up to the rounding of the sums' imaginary parts
    for (let i = 0; i < C; i++) diag[i] = S[base + 2 * (i * C + i)];
    for (let i = 0; i < C; i++) {
      for (let j = 0; j < C; j++) {
        const o = base + 2 * (i * C + j);
        const norm = Math.sqrt(diag[i] * diag[j]);
        emit(o, S[o] / norm, S[o + 1] / norm);
      }
    }
  }
}

export const coh = spectralMeasure({
  name: "coh",
  keywords: ["output"],
  keeptrials: false,
  outputs: CONNECTIVITY_OUTPUTS,
  demeanTaper: false,
  dtype: (output) => (output === "complex" || output === "fourier" ? "complex64" : "float32"),
  fromCrossSpectra: (S: Float64Array, F: number, C: number, output: ConnectivityOutput) => cohOf(S, F, C, output),
});

/** A measure of the coherency with a fixed output: mne-connectivity's "cohy" and "imcoh" by name. */
function coherencyMeasure(name: string, output: "complex" | "imag") {
  return spectralMeasure({
    name, keywords: [], keeptrials: false, outputs: null, demeanTaper: false,
    dtype: () => (output === "complex" ? "complex64" : "float32"),
    fromCrossSpectra: (S, F, C) => cohOf(S, F, C, output),
  });
}

/**
 * coh's output straight from the CSD, each coherency value converted as it is formed (the same
 * float64 operations as normalizeCrossSpectra, then the same conversion and float32 rounding), so
 * no float64 copy of the whole CSD is made: on 64 channels x 501 frequencies that copy (33 MB, a
 * fresh allocation each run) and a generic conversion call per element took ~0.35 s after the
 * workers were done, 12 % of coh on two workers.
 */
function cohOf(S: Float64Array, F: number, C: number, output: ConnectivityOutput): MeasureResult {
  if (output === "complex" || output === "fourier") {
    const z = new Float32Array(S.length);
    forEachCoherency(S, F, C, (o, re, im) => {
      z[o] = re;
      z[o + 1] = im;
    });
    return { data: z, dtype: "complex64" };
  }
  const out = new Float32Array(S.length / 2);
  switch (output) {
    case "abs": forEachCoherency(S, F, C, (o, re, im) => { out[o >>> 1] = Math.hypot(re, im); }); break;
    case "pow": forEachCoherency(S, F, C, (o, re, im) => { out[o >>> 1] = re * re + im * im; }); break;
    case "real": forEachCoherency(S, F, C, (o, re) => { out[o >>> 1] = re; }); break;
    case "imag": forEachCoherency(S, F, C, (o, _re, im) => { out[o >>> 1] = im; }); break;
    default: forEachCoherency(S, F, C, (o, re, im) => { out[o >>> 1] = convert(output, re, im); });
  }
  return { data: out, dtype: "float32" };
}

/** mne-connectivity's "cohy": the complex coherency (coh with output "complex"). */
export const cohy = coherencyMeasure("cohy", "complex");
/** mne-connectivity's "imcoh": its imaginary part, signed (coh with output "imag"). */
export const imcoh = coherencyMeasure("imcoh", "imag");
