/**
 * Mixed-radix Stockham FFT for lengths whose prime factors are all <= MAX_GENERIC_RADIX.
 */
import type { ComplexEngine } from "./engine";
import { pass2, pass3, pass4, pass5, passOdd } from "./butterflies";

interface Pass {
  radix: number;
  /** Length of the sub-transforms the pass combines. */
  L: number;
  /** Number of independent output transforms (n / (radix * L)). */
  rP: number;
  /** Offset of this pass's twiddles in the shared table. */
  twOff: number;
  /** cos/sin(2*pi*j/radix), only for the generic odd kernel. */
  cosTab: Float64Array | null;
  sinTab: Float64Array | null;
}

/**
 * (cos, sin) of 2*pi*k/N written to out[at], out[at + 1]. The angle is reduced with
 * exact integer arithmetic to at most pi/4 before calling Math.cos/sin, so twiddles
 * of long transforms are as accurate as those of short ones.
 */
export function unitRoot(k: number, N: number, out: Float64Array, at: number): void {
  k %= N;
  if (k < 0) k += N;
  const m = 4 * k;
  const quadrant = Math.floor(m / N);
  const r = m - quadrant * N; // angle within the quadrant is (pi/2) * r / N
  let c: number, s: number;
  if (2 * r <= N) {
    const a = (Math.PI / 2) * (r / N);
    c = Math.cos(a);
    s = Math.sin(a);
  } else {
    const a = (Math.PI / 2) * ((N - r) / N);
    c = Math.sin(a);
    s = Math.cos(a);
  }
  // Rotate back by quadrant * 90 degrees.
  switch (quadrant) {
    case 1: { const t = c; c = -s; s = t; break; }
    case 2: c = -c; s = -s; break;
    case 3: { const t = c; c = s; s = -t; break; }
  }
  out[at] = c;
  out[at + 1] = s;
}

export class StockhamEngine implements ComplexEngine {
  readonly n: number;
  private readonly passes: Pass[];
  private readonly twiddles: Float64Array;
  private readonly bufA: Float64Array;
  private readonly bufB: Float64Array;
  private readonly oddScratch: Float64Array;

  constructor(n: number, radices: number[]) {
    this.n = n;
    this.passes = [];
    let twCount = 0;
    let L = 1;
    let maxOdd = 0;
    for (const radix of radices) {
      const pass: Pass = { radix, L, rP: n / (radix * L), twOff: 2 * twCount, cosTab: null, sinTab: null };
      if (radix > 5) {
        pass.cosTab = new Float64Array(radix);
        pass.sinTab = new Float64Array(radix);
        const cs = new Float64Array(2);
        for (let j = 0; j < radix; j++) {
          unitRoot(j, radix, cs, 0);
          pass.cosTab[j] = cs[0];
          pass.sinTab[j] = cs[1];
        }
        maxOdd = Math.max(maxOdd, radix);
      }
      this.passes.push(pass);
      twCount += L * (radix - 1);
      L *= radix;
    }
    this.twiddles = new Float64Array(2 * twCount);
    for (const pass of this.passes) {
      const pL = pass.radix * pass.L;
      for (let l = 0; l < pass.L; l++) {
        for (let s = 1; s < pass.radix; s++) {
          unitRoot(s * l, pL, this.twiddles, pass.twOff + 2 * (l * (pass.radix - 1) + s - 1));
        }
      }
    }
    this.bufA = new Float64Array(2 * n);
    this.bufB = new Float64Array(2 * n);
    this.oddScratch = new Float64Array(2 * (maxOdd + 1));
  }

  forward(input: Float64Array, output: Float64Array): void {
    this.run(input, output, 1);
  }

  inverse(input: Float64Array, output: Float64Array): void {
    this.run(input, output, -1);
    const scale = 1 / this.n;
    const len = 2 * this.n;
    for (let i = 0; i < len; i++) output[i] *= scale;
  }

  private run(input: Float64Array, output: Float64Array, sgn: number): void {
    const passes = this.passes;
    const count = passes.length;
    if (count === 0) {
      output[0] = input[0];
      output[1] = input[1];
      return;
    }
    let src = input;
    if (count === 1 && input === output) {
      // A single pass cannot run in place.
      this.bufB.set(input.subarray(0, 2 * this.n));
      src = this.bufB;
    }
    for (let i = 0; i < count; i++) {
      const dst = i === count - 1 ? output : (i & 1) === 0 ? this.bufA : this.bufB;
      const p = passes[i];
      switch (p.radix) {
        case 4: pass4(src, dst, this.twiddles, p.twOff, p.L, p.rP, sgn); break;
        case 2: pass2(src, dst, this.twiddles, p.twOff, p.L, p.rP, sgn); break;
        case 3: pass3(src, dst, this.twiddles, p.twOff, p.L, p.rP, sgn); break;
        case 5: pass5(src, dst, this.twiddles, p.twOff, p.L, p.rP, sgn); break;
        default:
          passOdd(src, dst, this.twiddles, p.twOff, p.L, p.rP, sgn, p.radix,
            p.cosTab as Float64Array, p.sinTab as Float64Array, this.oddScratch);
      }
      src = dst;
    }
  }
}
