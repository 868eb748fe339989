/** A data object seen through a selection, as the compute engine's TrialSource. */
import type { FileSpan, TrialSource } from "../core/computeTypes";
import { BaseData } from "./base";
import { DType, NDArray } from "../core/ndarray";
import { ResolvedSelection } from "./selection";

export class SelectionSource implements TrialSource {
  constructor(readonly data: BaseData, readonly selection: ResolvedSelection) {}

  get nTrials(): number { return this.selection.trials.length; }
  get dtype(): DType { return this.data.dtype; }

  trialShape(i: number): number[] {
    const sel = this.selection;
    const full = this.data.trialShape(sel.trials[i]);
    return this.data.dimord.map((dim, d) => {
      if (d === 0) {
        const r = sel.stackRanges[i];
        return r ? r[1] - r[0] : full[0];
      }
      return sel.dims[dim]?.length ?? full[d];
    });
  }

  readTrial(i: number): NDArray { return this.data.readSelectedTrial(this.selection, i); }
  locateTrial(i: number): FileSpan | null { return this.data.locateSelectedTrial(this.selection, i); }
  trialIndex(i: number): number { return this.selection.trials[i]; }

  /** Trialdefinition rows of the selected trials, offsets moved to the selected latency. */
  trialRows(): number[][] {
    const sel = this.selection;
    const trl = this.data.trialdefinition;
    return sel.trials.map((k, i) => {
      const row = [...trl[k]];
      const r = sel.stackRanges[i];
      if (r) {
        row[1] = row[0] + r[1];
        row[0] = row[0] + r[0];
        row[2] = row[2] + r[0];
      }
      return row;
    });
  }
}
