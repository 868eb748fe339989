/** Syncopy's spectralConversions: complex spectra to the requested output (reference §1.2). */
import { ComplexDType, RealDType } from "../core/ndarray";

export const SPECTRAL_OUTPUTS = ["pow", "abs", "fourier", "complex", "real", "imag", "angle", "absreal", "absimag"] as const;
export type SpectralOutput = (typeof SPECTRAL_OUTPUTS)[number];

export function isComplexOutput(output: SpectralOutput): boolean {
  return output === "fourier" || output === "complex";
}

export function outputDtype(output: SpectralOutput): RealDType | ComplexDType {
  return isComplexOutput(output) ? "complex64" : "float32";
}

/** Convert one complex value. */
export function convert(output: SpectralOutput, re: number, im: number): number {
  switch (output) {
    case "pow": return re * re + im * im;
    case "abs": return Math.hypot(re, im);
    case "real": return re;
    case "imag": return im;
    case "angle": return Math.atan2(im, re);
    case "absreal": return Math.abs(re);
    case "absimag": return Math.abs(im);
    default: throw new Error(`convert: '${output}' is complex, not a real conversion`);
  }
}
