/**
 * The task buffers of the compute engine's parallel runs, and the blocks and result memory of the
 * batch processor's one-thread runs, kept for a while after a run ends.
 *
 * Why: fresh memory is slow to touch on this kind of VM (0.4-1.2 GB/s: the host backs each page
 * again), and a parallel run's buffers are large. coh on 64 channels sends 8 group sums of 66 MB
 * back from the workers and 100 MB of trials to them; with fresh buffers in every run its two
 * workers took 4.5-4.8 s with 1.1-1.5 s of system time, with the previous run's buffers 3.2-3.3 s
 * with 0.2 s. A notebook re-runs the same analysis with other keywords, so the next run is likely
 * to want the same sizes. The batch band-pass on one thread (385 channels x 60 s, max_memory
 * 512MB) first-touched ~180 MB of blocks and results per run: 4.3-4.6 s with 0.6-0.75 s of system
 * time, 3.3-3.7 s with 0.3 s when they were the previous run's (the workers keep theirs anyway:
 * compute/workerInput.ts, directWriteTask.ts).
 *
 * Bounds: at most KEPT_COUNT (16) free buffers and KEPT_BYTES (512 MiB, less on machines under
 * 16 GiB) of them per kind (inputs, outputs, blocks, aligned, sums), the oldest dropped first; all dropped KEEP_MS (30 s)
 * after the last run ended (an unref'ed timer, which never keeps the process alive) and when the
 * worker pool shuts down.
 */
import os from "os";
import { BufferRecycler } from "./bufferRecycler";
import { AlignedBuffer } from "./directWriteTask";

const KEPT_COUNT = 16;
const KEPT_BYTES = Math.min(2 ** 29, Math.floor(os.totalmem() / 32));
let keepMs = 30_000;

export interface KeptBuffers {
  /** The compute engine's task inputs and replies (shared: they travel to workers). */
  inputs: BufferRecycler<SharedArrayBuffer>;
  outputs: BufferRecycler<SharedArrayBuffer>;
  /** The batch processor's blocks on one thread (the one computed and the one read ahead). */
  blocks: BufferRecycler<ArrayBuffer>;
  /** Page-aligned memory results are computed into and written from (batch, one thread). */
  aligned: KeptAligned;
  /** Float64 sums a run returns to its caller, who gives them back when done (takeSums). */
  sums: BufferRecycler<ArrayBuffer>;
}

/**
 * Free AlignedBuffers, newest last. Any one serves (it grows to what its next user asks for), so
 * a taker gets the largest: growing one is a fresh first touch of the difference only.
 */
export class KeptAligned {
  private free: AlignedBuffer[] = [];
  private held = 0;
  constructor(private readonly max: number, private readonly maxBytes: number) {}

  take(): AlignedBuffer {
    if (this.free.length === 0) return new AlignedBuffer();
    let best = 0;
    for (let i = 1; i < this.free.length; i++) if (this.free[i].bytesHeld > this.free[best].bytesHeld) best = i;
    const b = this.free.splice(best, 1)[0];
    this.held -= b.bytesHeld;
    return b;
  }

  give(b: AlignedBuffer): void {
    if (b.bytesHeld === 0) return;
    this.free.push(b);
    this.held += b.bytesHeld;
    while (this.free.length > this.max || this.held > this.maxBytes) this.held -= this.free.shift()!.bytesHeld;
  }

  get bytesHeld(): number {
    return this.held;
  }
}

let kept: KeptBuffers | null = null;
let runs = 0;
let timer: NodeJS.Timeout | null = null;

/** The buffers for a run starting now (those kept from earlier runs, if any); pair with runEnded(). */
export function runStarted(): KeptBuffers {
  runs++;
  if (timer) clearTimeout(timer);
  timer = null;
  kept ??= {
    inputs: new BufferRecycler<SharedArrayBuffer>(KEPT_COUNT, true, KEPT_BYTES),
    outputs: new BufferRecycler<SharedArrayBuffer>(KEPT_COUNT, true, KEPT_BYTES),
    blocks: new BufferRecycler<ArrayBuffer>(KEPT_COUNT, false, KEPT_BYTES),
    aligned: new KeptAligned(KEPT_COUNT, KEPT_BYTES),
    sums: new BufferRecycler<ArrayBuffer>(KEPT_COUNT, false, KEPT_BYTES),
  };
  return kept;
}

/**
 * `n` zeros in memory an earlier run gave back (giveSums), or fresh. For a sum over trials that
 * outlives the run: coh's trial-averaged cross spectra on 64 channels are 33 MB, whose first touch
 * took 0.18-0.24 s here (in the main thread, while the workers compute), the zeroing of reused
 * memory ~5 ms.
 */
export function takeSums(n: number): Float64Array {
  const buf = runStarted().sums.take(n * 8, true);
  runEnded();
  return buf ? new Float64Array(buf, 0, n).fill(0) : new Float64Array(n);
}

/** Give back a takeSums array nothing refers to any more (its memory will be another's zeros). */
export function giveSums(a: Float64Array): void {
  runStarted().sums.give(a.buffer as ArrayBuffer);
  runEnded();
}

/** A run ended (however): once no run is left, the buffers go KEEP_MS later. */
export function runEnded(): void {
  runs = Math.max(0, runs - 1);
  if (runs > 0 || kept === null) return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(dropKeptBuffers, keepMs);
  timer.unref();
}

/** Let the kept buffers go now (the pool's shutdown; the timer). */
export function dropKeptBuffers(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  kept = null;
}

/** Bytes held for the next run (for tests and diagnostics). */
export function keptBytes(): number {
  return kept ? kept.inputs.bytesHeld + kept.outputs.bytesHeld + kept.blocks.bytesHeld + kept.aligned.bytesHeld + kept.sums.bytesHeld : 0;
}

/** Set how long buffers are kept after the last run (ms); returns the previous value (for tests). */
export function setKeepMs(ms: number): number {
  const before = keepMs;
  keepMs = ms;
  return before;
}
