/**
 * What every complex transform engine (fft.js, Stockham, Bluestein) offers.
 * Arrays are interleaved complex (re, im) of length 2n; input and output may be
 * the same array. Engines own their scratch memory and allocate nothing per call,
 * so one engine must not be re-entered while it runs (JS is single threaded; a
 * worker builds its own engines).
 */
export interface ComplexEngine {
  readonly n: number;
  /** Unnormalised DFT with exponent -2*pi*i*j*k/n (numpy.fft.fft). */
  forward(input: Float64Array, output: Float64Array): void;
  /** Inverse DFT with 1/n normalisation (numpy.fft.ifft). */
  inverse(input: Float64Array, output: Float64Array): void;
}
