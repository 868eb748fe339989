/**
 * Interrupting a computation (Ctrl-C in a terminal, "Interrupt the kernel" in Jupyter).
 *
 * How tslab delivers an interrupt: Jupyter sends SIGINT to the kernel process; tslab's own SIGINT
 * listener (tslab/dist/main.js) rejects the `interruptPromise` that each cell's top-level promise
 * races against (tslab/dist/executor.js), so the CELL ends at once ("Interrupted asynchronously"),
 * and `vm.runInThisContext(..., { breakOnSigint: true })` breaks synchronous cell code. Neither stops
 * the work a cell started: an awaited `spy.freqanalysis` would go on in the background, its
 * workers keeping the cores busy and its half-written result file in the temporary folder.
 *
 * So every ComputationalRoutine run listens to SIGINT itself, for as long as it runs (one process
 * listener for all runs, added on the next turn of the event loop, removed when the last run
 * ends; see `onInterrupt` for why never synchronously): an interrupt aborts each run's
 * AbortController; the sequential loop checks it between trials (it yields to the event loop every
 * ~50 ms, so the signal is seen), the parallel driver stops producing tasks and ends the workers
 * that hold them; the run rejects with SPYInterruptError and the frontend removes the partial
 * output file. When nobody else listens to SIGINT (a script in a terminal), the process then exits
 * with code 130 as Node would have, but through `process.exit`, so the temporary files are removed.
 */
import { SPYError } from "../core/errors";

/** A run stopped by an interrupt (SIGINT) or an aborted AbortSignal. */
export class SPYInterruptError extends SPYError {
  constructor(message = "computation interrupted") {
    super(message);
    this.name = "SPYInterruptError";
  }
}

const active = new Set<() => void>();
let listener: (() => void) | null = null;
let pendingInstall: NodeJS.Immediate | null = null;

function onSigint(): void {
  const runs = [...active];
  for (const abort of runs) {
    try { abort(); } catch { /* each run cleans up on its own */ }
  }
  const self = listener;
  const others = process.listeners("SIGINT").filter((l) => l !== self);
  if (others.length === 0) {
    // Nobody else handles SIGINT: Node's default would end the process. Do so, after the aborts
    // above, through process.exit so that the 'exit' handlers remove the temporary files.
    process.exitCode = 130;
    process.exit(130);
  }
}

/**
 * Call `abort` on SIGINT while the returned function has not been called. The process listener is
 * added with the first watcher and removed with the last one.
 *
 * It is added on the next turn of the event loop, never synchronously: a tslab cell's synchronous
 * part runs under `vm.runInThisContext(..., { breakOnSigint: true })`, which takes every SIGINT
 * listener off, installs its own signal handler, and on leaving restores Node's default one
 * (death) before putting the listeners back. Putting them back re-arms Node's signal handler only
 * if no listener was added meanwhile; a listener added inside the cell's synchronous part would
 * leave the kernel to die of the next interrupt. A run that ends within that turn needs no listener.
 */
export function onInterrupt(abort: () => void): () => void {
  active.add(abort);
  if (!listener && !pendingInstall) {
    pendingInstall = setImmediate(() => {
      pendingInstall = null;
      if (active.size === 0 || listener) return;
      listener = onSigint;
      process.on("SIGINT", listener);
    });
  }
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    active.delete(abort);
    if (active.size > 0) return;
    if (pendingInstall) {
      clearImmediate(pendingInstall);
      pendingInstall = null;
    }
    if (listener) {
      process.removeListener("SIGINT", listener);
      listener = null;
    }
  };
}

/** Runs currently listening for an interrupt (for tests). */
export function interruptWatchers(): number {
  return active.size;
}

/** The error an aborted signal carries, as a SPYInterruptError unless it already is an Error. */
export function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error && r.name !== "AbortError") return r;
  return new SPYInterruptError();
}
