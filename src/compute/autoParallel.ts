/**
 * `parallel` left unset (Syncopy's `parallel=None`): sequential or workers, whichever finishes
 * sooner, so that a small job is never slower for being "parallel".
 *
 * The cost of a method per element differs a hundredfold (mtmfft against superlets), so the
 * routine does not guess it from a table: it starts in the main thread, measures the compute
 * function's time and the reading + storing time per unit of work (elements in + out, the cost model
 * the parallel driver sizes its tasks with), scales them to what is left, and asks `chooseParallel`
 * whether workers would finish that sooner. Only then it hands the rest to the workers; what the main
 * thread computed is kept (the results are the same bits either way).
 *
 * The model (calibrated on a 2-core machine, Node 20; see the numbers below):
 *   sequential = compute + io
 *   parallel   = start + warm-up + task
 *                + max(io x IO_FACTOR, (io x IO_FACTOR + compute x WORK_FACTOR) / (cores x CORE_EFFICIENCY),
 *                      compute x WORK_FACTOR / min(workers, cores), longest call)
 * where io is the reading and storing the main thread keeps (workers read whole trials from the
 * source's file and write them into the output file themselves where they can: that part counts
 * as work, at WORKER_IO_FACTOR) and `cores` are the cores not busy with other work (the load average tells; workers on a
 * machine whose other cores are busy only compete with each other), `start` is WORKER_START_MS for
 * each round of workers that must still be spawned (a compiled
 * worker starts in ~150 ms; a warm pool costs nothing), `warm-up` what the first call cost more than
 * the later ones (each worker pays it again), the `io` workers cannot do stays on the main thread
 * (which also packs inputs into task buffers: IO_FACTOR), and workers pay their own copies
 * (WORK_FACTOR). Workers are chosen
 * when parallel < MARGIN x sequential. The first decision needs two measured calls (the first one
 * alone, with its warm-up, overestimates), or one of at least 500 ms; the rates come from the later
 * half of the calls measured, as the first few are slower.
 *
 * Measured here (sequential / parallel with a cold pool / warm pool, ms; output "pow"):
 *   mtmfft, 7 tapers, 40 trials x 2000 samples x 4 channels (the quickstart):   24 /  173 /   19
 *   mtmfft, 7 tapers, 800 x 2000 x 8:                                          398 /  508 /  332
 *   mtmconvol, 0.2 s windows every 50 ms, 200 x 2000 x 8:                       47 /  177 /   70
 *   wavelet, 20 frequencies, 40 x 2000 x 4:                                    104 /  293 /   73
 *   wavelet, 20 frequencies, 400 x 2000 x 8:                                  1021 / 1115 /  926
 *   superlet, 20 frequencies, order_max 5, 40 x 2000 x 4:                     1548 / 1649 / 1052
 *   superlet, 20 frequencies, order_max 5, 100 x 2000 x 8:                    9128 / 5353 / 4745
 * mtmfft, mtmconvol and wavelet spend most of their time copying and storing (the main thread's
 * part either way): on 2 cores workers do not pay for them below ~10^8 samples. Compute-bound
 * methods (superlets; wavelets with many frequencies) pay once the run lasts more than ~1-2 s.
 */

/** What the routine measured and estimates for the units left. */
export interface AutoInput {
  /** Work units (trials, or trial x channel blocks) left. */
  remainingUnits: number;
  /** Estimated main-thread time of the compute function calls left, ms. */
  computeMs: number;
  /** Estimated time of reading the inputs and storing the results left, ms (main thread in both modes). */
  ioMs: number;
  /**
   * Of `ioMs`, the part workers do themselves in a parallel run, ms: reading whole trials from the
   * source's file (TrialSource.locateTrial) and writing them into the output file (a sink's direct
   * target). Default 0 (all reading and storing on the main thread).
   */
  workerIoMs?: number;
  /** Estimated time of the longest single call left, ms. */
  maxUnitMs: number;
  /** Workers a parallel run would use. */
  nWorkers: number;
  /** CPU cores of the machine. */
  cores: number;
  /** Of the `nWorkers`, how many are not running yet (must be spawned). */
  coldWorkers: number;
  /**
   * What the first call cost more than the later ones, ms (JIT, wasm instantiation, caches): each
   * worker pays it again. Default 0.
   */
  warmupMs?: number;
  /** Wall time to start one round of workers, ms (default WORKER_START_MS; `.ts` workers through ts-node: ~1 s). */
  workerStartMs?: number;
  /** Cores busy with other work (other processes): the run gets `cores - otherLoad`, at least 1. Default 0. */
  otherLoad?: number;
}

export interface AutoDecision {
  parallel: boolean;
  /** Estimated time of the rest, sequentially and in parallel, ms (NaN when not estimated). */
  sequentialMs: number;
  parallelMs: number;
  /** Why, in a few words (for the log). */
  reason: string;
}

/** Wall time to start one round of compiled workers (one per core), ms. */
export const WORKER_START_MS = 150;
/** The same for `.ts` workers, which ts-node compiles as they start (under jest). */
export const TS_WORKER_START_MS = 1000;
/** Fixed cost of a parallel run (first task out and back, draining the last ones), ms. */
export const TASK_MS = 10;
/** Main-thread time in a parallel run per ms of sequential reading + storing (it also packs task buffers). */
export const IO_FACTOR = 1.6;
/** Worker time per ms of the same compute function calls in the main thread (copies in and out). */
export const WORK_FACTOR = 1.05;
/**
 * Worker time per ms of the reading and storing that workers do themselves (measured: Butterworth
 * 200 x 64 x 2000, 102 MB in and out, 0.18 s sequentially and 0.10 s on 2 workers reading and
 * writing their own trials): two threads copying to and from the page cache compete for memory.
 */
export const WORKER_IO_FACTOR = 1.3;
/** Workers only when they are estimated to take less than this fraction of the sequential time. */
export const MARGIN = 0.8;
/** Share of each core that the run gets in parallel (the main thread's event loop, GC, the rest of the machine). */
export const CORE_EFFICIENCY = 0.9;

function ms(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
}

/** Workers or the main thread for the rest of a run: see the file comment. */
export function chooseParallel(x: AutoInput): AutoDecision {
  const seq = Math.max(0, x.computeMs) + Math.max(0, x.ioMs);
  const workerIo = Math.min(Math.max(0, x.workerIoMs ?? 0), Math.max(0, x.ioMs));
  const free = Math.max(1, x.cores - Math.max(0, x.otherLoad ?? 0));
  if (x.cores < 2 || x.nWorkers < 1) {
    return { parallel: false, sequentialMs: seq, parallelMs: NaN, reason: "one CPU core" };
  }
  if (free < 1.5) {
    return { parallel: false, sequentialMs: seq, parallelMs: NaN, reason: `other work keeps ${(x.cores - free).toFixed(1)} of ${x.cores} cores busy` };
  }
  if (x.remainingUnits < 2) {
    return { parallel: false, sequentialMs: seq, parallelMs: NaN, reason: "fewer than 2 calls left" };
  }
  const start = (x.coldWorkers > 0 ? (x.workerStartMs ?? WORKER_START_MS) * Math.ceil(x.coldWorkers / free) : 0) + Math.max(0, x.warmupMs ?? 0);
  const main = (Math.max(0, x.ioMs) - workerIo) * IO_FACTOR;
  const work = Math.max(0, x.computeMs) * WORK_FACTOR + workerIo * WORKER_IO_FACTOR;
  const lanes = Math.max(1, Math.min(x.nWorkers, free));
  const par = start + TASK_MS + Math.max(main, (main + work) / (free * CORE_EFFICIENCY), work / lanes, x.maxUnitMs);
  const parallel = par < MARGIN * seq;
  // warm workers (start below a millisecond) get no "incl. 0 ms" clause
  const startText = start >= 0.5 ? ` incl. ${ms(start)} to start workers` : "";
  return {
    parallel, sequentialMs: seq, parallelMs: par,
    reason: `≈${ms(seq)} left sequentially, ≈${ms(par)} on ${x.nWorkers} workers${startText}`,
  };
}
