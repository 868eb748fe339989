/**
 * Progress of long batch runs, with the bytes consumed and their rate: the shared display of
 * `compute/progress.ts` (one output updated in place in a notebook, a cli-progress bar on a
 * terminal's stderr, nothing in CI logs, pipes or jest), shown from the first batch on.
 */
import { createProgress as createDisplay, NOOP_PROGRESS, Progress } from "../compute/progress";

export type { Progress } from "../compute/progress";

/** A progress display for `total` batches, or a silent one when hidden or nowhere to draw. */
export function createProgress(label: string, total: number, show: boolean): Progress {
  if (!show) return NOOP_PROGRESS;
  return createDisplay({ label, total, unit: "batches", bytes: true });
}
