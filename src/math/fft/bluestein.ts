/**
 * Bluestein's chirp-z algorithm: a DFT of any length n as a circular convolution
 * of length m = nextpow2(2n - 1), done with power-of-two transforms. Used for
 * lengths with a prime factor too large for the generic Stockham butterfly
 * (e.g. n = 7919), where an O(n*p) pass would be far slower.
 *
 *   X_k = w_k * sum_j (x_j w_j) * conj(w_(k-j)),   w_k = exp(-i*pi*k^2/n)
 */
import FFT from "fft.js";
import type { ComplexEngine } from "./engine";
import { nextPowerOfTwo } from "./factorize";
import { unitRoot } from "./stockham";

export class BluesteinEngine implements ComplexEngine {
  readonly n: number;
  private readonly m: number;
  private readonly fft: FFT;
  /** w_k = exp(-i*pi*k^2/n), interleaved, k < n. */
  private readonly chirp: Float64Array;
  /** FFT_m of the conjugate chirp, already divided by m. */
  private readonly kernelSpectrum: Float64Array;
  /** Chirped input; entries past n stay zero forever. */
  private readonly padded: Float64Array;
  private readonly spectrum: Float64Array;
  private readonly convolved: Float64Array;

  constructor(n: number) {
    this.n = n;
    const m = nextPowerOfTwo(2 * n - 1);
    this.m = m;
    this.fft = new FFT(Math.max(m, 2));
    this.chirp = new Float64Array(2 * n);
    const twoN = 2 * n;
    for (let k = 0; k < n; k++) {
      // k^2 mod 2n is exact in doubles for n < 2^26, which keeps the chirp phase
      // accurate for large k (pi*k^2/n itself would lose digits).
      const k2 = (k * k) % twoN;
      unitRoot(k2, twoN, this.chirp, 2 * k); // (cos, sin) of pi*k^2/n
      this.chirp[2 * k + 1] = -this.chirp[2 * k + 1];
    }
    const kernel = new Float64Array(2 * m);
    for (let k = 0; k < n; k++) {
      const re = this.chirp[2 * k], im = -this.chirp[2 * k + 1];
      kernel[2 * k] = re;
      kernel[2 * k + 1] = im;
      if (k > 0) {
        kernel[2 * (m - k)] = re;
        kernel[2 * (m - k) + 1] = im;
      }
    }
    this.kernelSpectrum = new Float64Array(2 * m);
    this.fft.transform(this.kernelSpectrum, kernel);
    const scale = 1 / m;
    for (let i = 0; i < 2 * m; i++) this.kernelSpectrum[i] *= scale;
    this.padded = new Float64Array(2 * m);
    this.spectrum = new Float64Array(2 * m);
    this.convolved = new Float64Array(2 * m);
  }

  forward(input: Float64Array, output: Float64Array): void {
    this.run(input, output, false);
  }

  inverse(input: Float64Array, output: Float64Array): void {
    this.run(input, output, true);
  }

  /** inverse uses IDFT(x) = conj(DFT(conj(x))) / n. */
  private run(input: Float64Array, output: Float64Array, inverse: boolean): void {
    const n = this.n, m = this.m;
    const chirp = this.chirp, padded = this.padded, spec = this.spectrum, ker = this.kernelSpectrum;
    const conjIn = inverse ? -1 : 1;
    for (let k = 0; k < 2 * n; k += 2) {
      const xr = input[k], xi = conjIn * input[k + 1];
      const wr = chirp[k], wi = chirp[k + 1];
      padded[k] = xr * wr - xi * wi;
      padded[k + 1] = xr * wi + xi * wr;
    }
    this.fft.transform(spec, padded);
    // Store conj(A .* B) so a forward transform yields m * conj(IFFT(A .* B)).
    for (let k = 0; k < 2 * m; k += 2) {
      const ar = spec[k], ai = spec[k + 1];
      const br = ker[k], bi = ker[k + 1];
      spec[k] = ar * br - ai * bi;
      spec[k + 1] = -(ar * bi + ai * br);
    }
    const conv = this.convolved;
    this.fft.transform(conv, spec);
    // convolution_k = conj(conv_k); X_k = w_k * convolution_k
    if (!inverse) {
      for (let k = 0; k < 2 * n; k += 2) {
        const cr = conv[k], ci = -conv[k + 1];
        const wr = chirp[k], wi = chirp[k + 1];
        output[k] = cr * wr - ci * wi;
        output[k + 1] = cr * wi + ci * wr;
      }
    } else {
      // conj(w_k * conj(conv_k)) / n = conj(w_k) * conv_k / n
      const s = 1 / n;
      for (let k = 0; k < 2 * n; k += 2) {
        const cr = conv[k], ci = conv[k + 1];
        const wr = chirp[k], wi = -chirp[k + 1];
        output[k] = s * (cr * wr - ci * wi);
        output[k + 1] = s * (cr * wi + ci * wr);
      }
    }
  }
}
