/**
 * Power-of-two lengths through fft.js (radix-4, float64), wrapped as a ComplexEngine.
 */
import FFT from "fft.js";
import type { ComplexEngine } from "./engine";

export class PowerOfTwoEngine implements ComplexEngine {
  readonly n: number;
  private readonly fft: FFT;
  /** fft.js refuses out === data; in-place calls go through this copy. */
  private readonly copy: Float64Array;

  constructor(n: number) {
    if (n < 2) throw new RangeError(`PowerOfTwoEngine needs n >= 2, got ${n}`);
    this.n = n;
    this.fft = new FFT(n);
    this.copy = new Float64Array(2 * n);
  }

  forward(input: Float64Array, output: Float64Array): void {
    this.fft.transform(output, this.source(input, output));
  }

  inverse(input: Float64Array, output: Float64Array): void {
    this.fft.inverseTransform(output, this.source(input, output));
  }

  private source(input: Float64Array, output: Float64Array): Float64Array {
    if (input !== output) return input;
    this.copy.set(input.subarray(0, 2 * this.n));
    return this.copy;
  }
}
