/**
 * Median over trials, streamed (Syncopy has none: "Trial median not supported at the moment").
 *
 * A median needs every trial's value of an element at once. The trials are read once, each
 * scattered into element blocks of a float64 buffer laid out block by block (within a block,
 * trial after trial): when all trials fit into `budgetBytes` (default 256 MiB) that buffer is
 * memory, otherwise it is a temporary spill file of the same layout (data/storage's temp folder,
 * removed afterwards), written with one positioned write per trial and block and read back one
 * block at a time. Memory: one trial + min(all trials, budget) as float64 (x2 for complex);
 * disk with the spill: all selected trials as float64 (x2 for complex).
 */
import * as fs from "fs";
import { ascontiguous, isComplex } from "../core/ndarray";
import type { TrialSource } from "../core/computeTypes";
import { newTempFile, release } from "../data/storage";
import type { NanPolicy } from "./trialMoments";
import { sliceStatistic } from "./sliceStats";

export const DEFAULT_MEDIAN_BUDGET = 256 * 1024 * 1024;

export interface TrialMedianOptions {
  nan: NanPolicy;
  /** Bytes the gathered trials may take in memory before they go to a spill file. */
  budgetBytes?: number;
  /** Called with "memory" or "spill" (tests). */
  onPlan?: (how: { mode: "memory" | "spill"; blockElements: number; nBlocks: number }) => void;
}

/** Median over the trials of `source` (equal shapes, checked by the caller); complex interleaved when complex. */
export function medianOverTrials(source: TrialSource, elements: number, opts: TrialMedianOptions): Float64Array {
  const N = source.nTrials;
  const complex = isComplex(source.dtype);
  const w = complex ? 2 : 1;
  const budget = opts.budgetBytes ?? DEFAULT_MEDIAN_BUDGET;
  const perElement = N * w * 8;
  const fits = perElement * elements <= budget;
  const B = fits ? Math.max(1, elements) : Math.max(1, Math.floor(budget / perElement));
  const nBlocks = Math.max(1, Math.ceil(elements / B));
  opts.onPlan?.({ mode: fits ? "memory" : "spill", blockElements: B, nBlocks });
  const out = new Float64Array(elements * w);
  const slice = new Float64Array(N * w);
  const sliceOpts = { complex, nan: opts.nan, ddof: 0 };
  const blockLen = (b: number) => Math.min(B, elements - b * B);

  // the median of each element of a block held as [trial][element] (stride bl * w between trials)
  const reduceBlock = (buf: Float64Array, b: number) => {
    const bl = blockLen(b);
    for (let e = 0; e < bl; e++) {
      for (let t = 0; t < N; t++) {
        const src = (t * bl + e) * w;
        slice[t * w] = buf[src];
        if (w === 2) slice[t * w + 1] = buf[src + 1];
      }
      sliceStatistic("median", slice, N, sliceOpts, out, (b * B + e) * w);
    }
  };

  if (fits) {
    const buf = new Float64Array(N * elements * w);
    for (let t = 0; t < N; t++) {
      const x = ascontiguous(source.readTrial(t)).data;
      for (let i = 0; i < elements * w; i++) buf[t * elements * w + i] = x[i];
    }
    reduceBlock(buf, 0);
    return out;
  }

  const file = newTempFile(".median");
  const fd = fs.openSync(file, "w+");
  try {
    const scratch = new Float64Array(B * w);
    for (let t = 0; t < N; t++) {
      const x = ascontiguous(source.readTrial(t)).data;
      for (let b = 0; b < nBlocks; b++) {
        const bl = blockLen(b);
        const start = b * B * w;
        for (let i = 0; i < bl * w; i++) scratch[i] = x[start + i];
        // block b starts at b * B * N * w doubles; trial t's part of it at t * bl * w
        const pos = (b * B * N + t * bl) * w * 8;
        fs.writeSync(fd, new Uint8Array(scratch.buffer, 0, bl * w * 8), 0, bl * w * 8, pos);
      }
    }
    const buf = new Float64Array(B * N * w);
    for (let b = 0; b < nBlocks; b++) {
      const bytes = blockLen(b) * N * w * 8;
      readFully(fd, new Uint8Array(buf.buffer, 0, bytes), b * B * N * w * 8);
      reduceBlock(buf, b);
    }
  } finally {
    fs.closeSync(fd);
    release(file);
  }
  return out;
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.length) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done);
    if (n <= 0) throw new Error(`medianOverTrials: the spill file ended early (${done} of ${into.length} bytes)`);
    done += n;
  }
}
