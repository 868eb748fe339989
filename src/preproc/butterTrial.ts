/**
 * The Butterworth ("but") part of the preprocessing pipeline for one whole trial: the trial is
 * read once into a float64 [n, C] C-order work buffer (reused across trials), the per-channel
 * steps before the filter run on it in place (zscore, polyremoval), and one call of the
 * interleaved IIR kernel (src/preproc/biquad.ts) filters every channel in place. The kernel runs
 * on wasm SIMD when the kernel path allows, else on the TypeScript reference; both with
 * precision "float64", i.e. scipy's arithmetic, so the numbers are those of the former four-lane
 * TypeScript code (SosFiltFilt.filterBuffer4 / sosfilt4InPlace).
 */
import { sosfiltfiltInterleaved, sosfiltInterleaved } from "./biquad";
import { Shape } from "./layout";
import { prefilterChannel } from "./pipelineSteps";
import { checkPadLength, sosMatrix, sosfiltfiltPadlen } from "./sosfilt";

export class ButterworthTrial {
  /** Samples of odd extension at each end for twopass (scipy's default padlen, 3 * ntaps); 0 for onepass. */
  readonly edge: number;
  private readonly sos: Float64Array;
  private work = new Float64Array(0);

  constructor(sos: Float64Array, readonly direction: "twopass" | "onepass") {
    this.sos = sosMatrix(sos);
    this.edge = direction === "twopass" ? sosfiltfiltPadlen(this.sos) : 0;
  }

  /**
   * Every channel of `src` ([n, C] in layout `s`) prepared and filtered: a float64 [n, C] C-order
   * view of the work buffer, valid until the next call.
   */
  filter(src: ArrayLike<number>, s: Shape, zscore: boolean, polyremoval: 0 | 1 | null): Float64Array {
    const { n, C } = s;
    const w = this.load(src, s);
    if (C === 0) return w;
    // before any work, with the error SosFiltFilt gave (the kernel's own check names "nObs")
    if (this.direction === "twopass") checkPadLength(n, this.edge);
    if (n === 0) return w;
    for (let c = 0; c < C; c++) prefilterChannel(w, n, C, c, zscore, polyremoval, true);
    // scipy: sosfiltfilt(sos, x, axis=0) with padtype "odd" and the default padlen (= this.edge),
    // or sosfilt with zero initial state (Syncopy passes no zi)
    if (this.direction === "twopass") sosfiltfiltInterleaved(this.sos, w, n, C, w, { padtype: "odd", precision: "float64" });
    else sosfiltInterleaved(this.sos, w, n, C, w, undefined, { precision: "float64" });
    return w;
  }

  /**
   * The filter alone, from the caller's array straight into `out` (both [n, C] C order): when no
   * step runs before it (no zscore, no polyremoval), the kernel converts each row into float64
   * and back out itself, so the float64 copy of the trial and the conversion into `out` are not
   * needed. The same arithmetic as filter() followed by out.set(), hence the same bits. Returns
   * undefined (nothing done) when this does not apply; else whether src held a NaN, as the wasm
   * kernel saw it while loading, or null when that is not known (the TypeScript path).
   */
  filterInto(src: ArrayLike<number>, s: Shape, zscore: boolean, polyremoval: 0 | 1 | null, out: Float32Array | Float64Array): boolean | null | undefined {
    const { n, C } = s;
    if (zscore || polyremoval !== null || s.layout !== "strided" || out.length !== n * C || src.length !== n * C) return undefined;
    if (!(src instanceof Float32Array || src instanceof Float64Array || src instanceof Int16Array)) return undefined;
    if (C === 0 || n === 0) return false;
    if (this.direction === "twopass") {
      checkPadLength(n, this.edge);
      return sosfiltfiltInterleaved(this.sos, src, n, C, out, { padtype: "odd", precision: "float64" });
    }
    return sosfiltInterleaved(this.sos, src, n, C, out, undefined, { precision: "float64" });
  }

  /** src as float64 [n, C] C order in the work buffer. */
  private load(src: ArrayLike<number>, s: Shape): Float64Array {
    const { n, C } = s;
    const len = n * C;
    if (this.work.length < len) this.work = new Float64Array(len);
    const w = this.work.subarray(0, len);
    if (s.layout === "strided") {
      if (src.length === len) w.set(src); // one bulk conversion (typed arrays: memcpy or widening)
      else for (let k = 0; k < len; k++) w[k] = src[k];
    } else {
      for (let c = 0; c < C; c++) {
        for (let i = 0, k = c * n, o = c; i < n; i++, k++, o += C) w[o] = src[k];
      }
    }
    return w;
  }
}
