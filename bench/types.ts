/**
 * One benchmark workload for `npm run bench`: it times spyts (single thread and, where it
 * applies, with workers) and the Python reference on the same data in the same run.
 * bench/run.ts collects the rows of every workload into one table with ratios.
 */
export interface BenchRow {
  /** Workload name, e.g. "mtmfft tapsmofrq=4, 200x64x2000". Rows of one workload share it. */
  workload: string;
  /** Implementation, e.g. "spyts 1 thread", "spyts 2 workers", "scipy float32", "MNE". */
  impl: string;
  /** Best wall time in seconds (NaN when unavailable). */
  seconds: number;
  /** true for the Python reference row(s) that ratios are taken against (first one wins). */
  reference?: boolean;
  /** Free text: throughput, result check, why a row is missing. */
  note?: string;
}

export interface BenchOptions {
  /** Small sizes for a CI smoke test: no timing claims. */
  quick: boolean;
  /** Best of this many repetitions. */
  repeat: number;
}

export type BenchWorkload = (opts: BenchOptions) => Promise<BenchRow[]>;
