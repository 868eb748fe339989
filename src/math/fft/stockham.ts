/**
 * Mixed-radix Stockham FFT for lengths whose prime factors are all <= MAX_GENERIC_RADIX:
 * unrolled passes for radices 2, 3, 4, 5, 7, 11, 13 and a generic O(p^2) pass for
 * other odd primes. Passes ping-pong between two scratch buffers; the last one
 * writes the caller's output in natural order.
 */
import type { ComplexEngine } from "./engine";
import { pass2, pass3, pass4, pass5 } from "./butterflies";
import { makeOddRadixTables, passOdd, type OddRadixTables } from "./genericRadix";
import { pass7, pass11, pass13 } from "./primeKernels";
import { unitRoot } from "./unitRoot";


interface Pass {
  radix: number;
  /** Length of the sub-transforms the pass combines. */
  L: number;
  /** Number of independent output transforms (n / (radix * L)). */
  rP: number;
  /** Offset of this pass's twiddles in the shared table. */
  twOff: number;
  /** Only for the generic odd kernel. */
  odd: OddRadixTables | null;
}

function rootOfUnity(k: number, n: number): [number, number] {
  const cs = new Float64Array(2);
  unitRoot(k, n, cs, 0);
  return [cs[0], cs[1]];
}

export class StockhamEngine implements ComplexEngine {
  readonly n: number;
  private readonly passes: Pass[];
  private readonly twiddles: Float64Array;
  private readonly bufA: Float64Array;
  private readonly bufB: Float64Array;

  constructor(n: number, radices: number[]) {
    this.n = n;
    this.passes = [];
    let twCount = 0;
    let L = 1;
    for (const radix of radices) {
      const pass: Pass = { radix, L, rP: n / (radix * L), twOff: 2 * twCount, odd: null };
      if (radix > 13) pass.odd = makeOddRadixTables(radix, rootOfUnity);
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
        case 7: pass7(src, dst, this.twiddles, p.twOff, p.L, p.rP, sgn); break;
        case 11: pass11(src, dst, this.twiddles, p.twOff, p.L, p.rP, sgn); break;
        case 13: pass13(src, dst, this.twiddles, p.twOff, p.L, p.rP, sgn); break;
        default: passOdd(src, dst, this.twiddles, p.twOff, p.L, p.rP, sgn, p.odd as OddRadixTables);
      }
      src = dst;
    }
  }
}
