/** Index of the value closest to `v` (the first one on a tie), like Syncopy's best_match for one value. */
export function nearestIndex(values: ArrayLike<number>, v: number): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (Math.abs(values[i] - v) < Math.abs(values[best] - v)) best = i;
  return best;
}
