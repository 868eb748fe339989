/**
 * scipy.signal.hilbert along time: the analytic signal x + i*H(x), by zeroing the negative
 * frequencies of the FFT and doubling the positive ones (the DC and Nyquist bins kept once).
 */
import { getComplexFFTPlan, getRealFFTPlan } from "../math/fft";
import { MultiChannel, RealArray, readChannel, resolveShape, channelView } from "./layout";

/** Prepared analytic-signal transform for signals of length n. */
export class Hilbert {
  private readonly buf: Float64Array;
  private readonly spec: Float64Array;
  readonly out: Float64Array;

  constructor(readonly n: number) {
    this.buf = new Float64Array(n);
    this.spec = new Float64Array(2 * (Math.floor(n / 2) + 1));
    this.out = new Float64Array(2 * n);
  }

  /** The analytic signal of buf (set it first via `input`), interleaved complex in `out`. */
  get input(): Float64Array { return this.buf; }

  run(): Float64Array {
    const n = this.n;
    const real = getRealFFTPlan(n);
    real.forward(this.buf, this.spec);
    const z = this.out;
    z.fill(0);
    // h = 1 at DC (and at n/2 for even n), 2 for the positive frequencies, 0 for the negative ones
    const nPos = n % 2 === 0 ? n / 2 : (n + 1) / 2;
    z[0] = this.spec[0];
    z[1] = this.spec[1];
    for (let k = 1; k < nPos; k++) {
      z[2 * k] = 2 * this.spec[2 * k];
      z[2 * k + 1] = 2 * this.spec[2 * k + 1];
    }
    if (n % 2 === 0 && n > 1) {
      z[n] = this.spec[n];
      z[n + 1] = this.spec[n + 1];
    }
    getComplexFFTPlan(n).inverse(z);
    return z;
  }
}

/** scipy.signal.hilbert(x, axis=time): interleaved complex [re, im] per element, in the input's layout. */
export function hilbert(x: RealArray, opts: MultiChannel = {}): Float64Array {
  const s = resolveShape(x, opts, "spy.preproc.hilbert");
  const h = new Hilbert(s.n);
  const out = new Float64Array(2 * x.length);
  for (let c = 0; c < s.C; c++) {
    readChannel(x, s, c, h.input);
    const z = h.run();
    const { offset, stride } = channelView(s, c);
    for (let i = 0, j = offset; i < s.n; i++, j += stride) {
      out[2 * j] = z[2 * i];
      out[2 * j + 1] = z[2 * i + 1];
    }
  }
  return out;
}
