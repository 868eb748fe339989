/**
 * The keywords every metafunction that runs a computation accepts (Syncopy's `parallel` and
 * `select`, its hidden `chan_per_worker`, spyts's `mem_thresh`), typed for the keyword interfaces
 * of the frontends (FreqanalysisKeywords, ...). Checked by `parseComputeOptions` (frontend.ts) and
 * by the data object's selection (data/selection.ts). Type level only.
 */
import type { SelectionKeywords } from "../data/selectionKeywords";
import type { SlurmParallel } from "./slurm/options";

/** Keywords shared by the metafunctions that run a ComputationalRoutine. */
export interface ComputeKeywords {
  /**
   * Where the trials are computed. `true`: worker threads; `false`: the main thread, one trial
   * after the other; `null` (default, Syncopy's `None`): whichever is faster, decided after a
   * few trials have been timed in the main thread (compute/autoParallel.ts). The results are the
   * same bits either way. `{ backend: "slurm", ... }`: a Slurm job array (README "Running on a
   * cluster"; compute/slurm/options.ts), the same bits as a local run.
   */
  parallel?: boolean | null | SlurmParallel;
  /**
   * Compute on a selection of the input only: `{ trials, channel, latency, frequency, taper, ... }`,
   * the keywords of `spy.selectdata` (which a data class allows depends on its axes). Default
   * `null`: everything.
   */
  select?: SelectionKeywords | null;
  /**
   * With workers, split every trial into blocks of this many channels (a positive integer), so
   * that a few long trials still keep every worker busy. Default `null`: whole trials. Syncopy's
   * hidden keyword; methods that relate channels to each other ignore it with a warning.
   */
  chan_per_worker?: number | null;
  /**
   * The fraction of free memory, in (0, 1], that one trial's input and output may take before the
   * run is refused (the memory guard). Default 0.5. spyts only.
   */
  mem_thresh?: number;
}
