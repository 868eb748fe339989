/** Statistics over trials need every trial in the same shape: checked from the shapes, before any read. */
import { SPYValueError } from "../core/errors";
import type { TrialSource } from "../core/computeTypes";

/** The common trial shape; an error naming the first trial of another shape and both shapes. */
export function commonTrialShape(source: TrialSource, param = "data"): number[] {
  const idx = (k: number) => (source.trialIndex ? source.trialIndex(k) : k);
  const first = source.trialShape(0);
  for (let k = 1; k < source.nTrials; k++) {
    const s = source.trialShape(k);
    if (s.length !== first.length || s.some((n, d) => n !== first[d])) {
      throw new SPYValueError(param, `trial ${idx(k)} of shape [${s.join(", ")}]`, `all trials to have the same shape`,
        `found trials of different shape: trial ${idx(0)} has [${first.join(", ")}], trial ${idx(k)} has [${s.join(", ")}]`);
    }
  }
  return first;
}
