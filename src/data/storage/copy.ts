/**
 * copyTrials: stream every trial of one file into a writer, one batch in memory at a time
 * (the reader caches at most two decoded batches, the writer holds one).
 */
import { SPYValueError } from "../../core/errors";
import { TrialFileReader } from "./reader";
import { TrialFileWriter } from "./writer";

export interface CopyTrialsOptions {
  /** Called after each trial is appended, with its index and the total. */
  onTrial?: (k: number, nTrials: number) => void;
}

/**
 * Append all trials of `reader` to `writer` in order. The writer is NOT closed (the caller closes
 * or aborts it). Returns the number of trials copied.
 */
export function copyTrials(reader: TrialFileReader, writer: TrialFileWriter, options: CopyTrialsOptions = {}): number {
  if (reader.dtype !== writer.dtype) throw new SPYValueError("writer.dtype", writer.dtype, `"${reader.dtype}" (the source's dtype)`);
  const same = reader.tailShape.length === writer.tailShape.length && reader.tailShape.every((s, i) => s === writer.tailShape[i]);
  if (!same) throw new SPYValueError("writer.tailShape", [...writer.tailShape], `[${reader.tailShape.join(", ")}] (the source's tail shape)`);
  const n = reader.nTrials;
  for (let k = 0; k < n; k++) {
    writer.append(reader.readTrial(k));
    options.onTrial?.(k, n);
  }
  return n;
}
