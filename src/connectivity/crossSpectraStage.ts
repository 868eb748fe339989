/**
 * Staging of taper spectra for CrossSpectraAccumulator: consecutive add() calls with the same
 * scale and element type are appended along the taper axis ([K1 + K2 + ..., F, C]) and summed by
 * one kernel call. The sum over tapers does not care which trial a taper came from, and one call
 * reads and writes the accumulator once: per-trial calls on 64 channels x 501 frequencies spend
 * most of their time streaming the 33 MB accumulator through memory, not multiplying.
 */
import type { CrossSpectraInput } from "./crossSpectraArgs";

/** Staged bytes beyond which the stage is summed (a few trials of typical spectra). */
let stageBytes = 32 * 1024 * 1024;

/** Set the staging limit in bytes; returns the previous one (for tests; 0 turns staging off). */
export function setCrossSpectraStageBytes(bytes: number): number {
  const before = stageBytes;
  stageBytes = bytes;
  return before;
}

export class TaperStage {
  private buf: CrossSpectraInput | null = null;
  /** Tapers staged, and the scale they share. */
  K = 0;
  scale = 0;

  /** perTaper: values of one taper's spectra (2 F C). */
  constructor(private readonly perTaper: number) {}

  /** The staged spectra [K, F, C], or null when nothing is staged. */
  spectra(): CrossSpectraInput | null {
    return this.K === 0 ? null : this.buf!.subarray(0, this.K * this.perTaper);
  }

  /** Whether X (K tapers) may join what is staged: same scale and element type, and room for it (always, when nothing is staged). */
  fits(X: CrossSpectraInput, K: number, scale: number): boolean {
    if (this.K === 0) return true;
    return scale === this.scale && X.constructor === this.buf!.constructor && (this.K + K) * this.perTaper * X.BYTES_PER_ELEMENT <= stageBytes;
  }

  /** Stage X (after fits() said yes), or return false when X alone reaches the limit: the caller then sums it directly. */
  push(X: CrossSpectraInput, K: number, scale: number): boolean {
    const capacity = Math.floor(stageBytes / (this.perTaper * X.BYTES_PER_ELEMENT));
    if (K >= capacity) return false; // nothing gained by copying it
    if (this.buf === null || this.buf.constructor !== X.constructor || this.buf.length < capacity * this.perTaper) {
      this.buf = X instanceof Float64Array ? new Float64Array(capacity * this.perTaper) : new Float32Array(capacity * this.perTaper);
    }
    this.buf.set(X, this.K * this.perTaper);
    this.K += K;
    this.scale = scale;
    return true;
  }

  clear(): void {
    this.K = 0;
  }
}
