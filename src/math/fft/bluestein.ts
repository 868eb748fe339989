/**
 * Bluestein's chirp-z algorithm: a DFT of any length n as a circular convolution
 * of length m >= 2n - 1 (a power of two or a 2-3-5-7 composite, whichever is
 * cheaper), done with the fast engines. Used for lengths with a large prime
 * factor (e.g. n = 7919), where an O(n*p) Stockham pass would be far slower.
 *
 *   X_k = w_k * sum_j (x_j w_j) * conj(w_(k-j)),   w_k = exp(-i*pi*k^2/n)
 */
import type { ComplexEngine } from "./engine";
import { bluesteinLength, isPowerOfTwo, stockhamRadices } from "./factorize";
import { PowerOfTwoEngine } from "./powerOfTwo";
import { StockhamEngine } from "./stockham";
import { unitRoot } from "./unitRoot";

export class BluesteinEngine implements ComplexEngine {
  readonly n: number;
  private readonly m: number;
  /** Transform of the convolution length m. */
  private readonly inner: ComplexEngine;
  /** w_k = exp(-i*pi*k^2/n), interleaved, k < n. */
  private readonly chirp: Float64Array;
  /** FFT_m of the conjugate chirp, already divided by m. */
  private readonly kernelSpectrum: Float64Array;
  /** Chirped input; entries past n stay zero forever. */
  private readonly padded: Float64Array;
  private readonly spectrum: Float64Array;
  private readonly convolved: Float64Array;

  constructor(n: number, m: number = bluesteinLength(n).m) {
    this.n = n;
    this.m = m;
    this.inner = isPowerOfTwo(m) ? new PowerOfTwoEngine(m) : new StockhamEngine(m, stockhamRadices(m) as number[]);
    this.chirp = new Float64Array(2 * n);
    const twoN = 2 * n;
    // The phase pi*k^2/n is reduced exactly as (k^2 mod 2n) / 2n of a turn; the
    // residue is updated incrementally, (k+1)^2 = k^2 + 2k + 1, so no product
    // ever exceeds 2^53 (pi*k^2/n in floating point would lose digits for large k).
    let k2 = 0;
    for (let k = 0; k < n; k++) {
      unitRoot(k2, twoN, this.chirp, 2 * k); // (cos, sin) of pi*k^2/n
      this.chirp[2 * k + 1] = -this.chirp[2 * k + 1];
      k2 = (k2 + 2 * k + 1) % twoN;
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
    this.inner.forward(kernel, this.kernelSpectrum);
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
    this.inner.forward(padded, spec);
    // Store conj(A .* B) so a forward transform yields m * conj(IFFT(A .* B)).
    for (let k = 0; k < 2 * m; k += 2) {
      const ar = spec[k], ai = spec[k + 1];
      const br = ker[k], bi = ker[k + 1];
      spec[k] = ar * br - ai * bi;
      spec[k + 1] = -(ar * bi + ai * br);
    }
    const conv = this.convolved;
    this.inner.forward(spec, conv);
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
